"""Statute files -> ParsedStatute.

Three inputs of the same shape: LawRefBook Markdown, plain UTF-8 text and .docx (the official database's
download format). Each is first turned into lines; one line parser does the rest. The parser knows nothing
about other files: versions, duplicates and repeals are the library's business (library.py)."""

from __future__ import annotations

import re
from pathlib import Path

from .model import Article, Heading, HistoryEvent, Issue, Item, ParsedStatute, Paragraph
from .numerals import CN_NUM_CHARS, cn_to_int, parse_number, suffix_to_int

WS = r"[ \t\u3000\u00a0]"
ARTICLE_RE = re.compile(rf"^第([{CN_NUM_CHARS}]+)条(之[一二三四五六七八九十]+)?(?:{WS}+(.*)|$)")
# An article label glued to its text (第一条为了…) is accepted only when the number is the expected next one.
ARTICLE_GLUED_RE = re.compile(rf"^第([{CN_NUM_CHARS}]+)条(之[一二三四五六七八九十]+)?(.+)$")
HEADING_RE = re.compile(rf"^(第[{CN_NUM_CHARS}]+(?:分编|编|章|节))(?:{WS}*(.*))?$")
ITEM_RE = re.compile(rf"^[（(]([一二三四五六七八九十]+)[）)]{WS}*(.*)$")
SUBITEM_RE = re.compile(rf"^([0-9０-９]{{1,2}})[.．、]{WS}*(.+)$")
DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
CN_DATE_RE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
EFFECTIVE_CLAUSE_RE = re.compile(r"自(\d{4}年\d{1,2}月\d{1,2}日|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)起施行")
FILE_DATE_RE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)")
INLINE_ITEM_RE = re.compile(r"(?:(?<=[：:；;。\s\u3000])|^)[（(]([一二三四五六七八九十]+)[）)]")
EVENTS = ("通过", "修正", "修订", "公布", "施行")
TERMINAL = tuple("。；;：:！？”」』）)")


def _date(y: str | int, m: str | int, d: str | int) -> str:
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """All dates in a line, Arabic (2021年6月10日) or Chinese (二〇二一年六月十日): (start, end, iso)."""
    out = [(m.start(), m.end(), _date(*m.groups())) for m in DATE_RE.finditer(text)]
    for m in CN_DATE_RE.finditer(text):
        try:
            out.append((m.start(), m.end(), _date(*(cn_to_int(g) for g in m.groups()))))
        except ValueError:
            continue
    return sorted(out)


def history_events(text: str, line: int) -> list[HistoryEvent]:
    """A history line can hold several dated events (the official format puts them in one bracket)."""
    dates = find_dates(text)
    events = []
    for i, (start, _end, iso) in enumerate(dates):
        stop = dates[i + 1][0] if i + 1 < len(dates) else len(text)
        segment = text[start:stop]
        kinds = [e for e in EVENTS if e in segment]
        events.append(HistoryEvent(date=iso, events=kinds, text=segment.strip(" （）()　"), line=line))
    return events


# --------------------------------------------------------------------------- readers

def read_lines(path: Path) -> tuple[list[str], bool]:
    """The file's lines and whether it is Markdown (has # title/heading markers)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return docx_lines(path), False
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        # a cut-off file can end inside a character; keep what can be read and let the check report it
        text = raw.decode("utf-8", errors="replace")
    return text.splitlines(), suffix == ".md"


def docx_lines(path: Path) -> list[str]:
    """Paragraph texts of a .docx, tables included (row cells joined), in document order."""
    import docx  # python-docx; imported here so the search path never pays for it

    document = docx.Document(str(path))
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iter():
                        if cell.tag.endswith("}tc"):
                            cells.append("".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")))
                    lines.append(" ".join(c for c in cells if c))
    return lines


def parse_file(path: Path, rel: str | None = None) -> ParsedStatute:
    lines, markdown = read_lines(path)
    return parse_lines(lines, rel or str(path), markdown=markdown, file_name=path.name)


def parse_text(text: str, rel: str = "<text>", markdown: bool = True, file_name: str = "") -> ParsedStatute:
    return parse_lines(text.splitlines(), rel, markdown=markdown, file_name=file_name)


# --------------------------------------------------------------------------- the line parser

class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.articles: list[Article] = []
        self.headings: list[Heading] = []
        self.issues: list[Issue] = []
        self.preamble: list[str] = []
        self.current_headings: dict[str, Heading] = {}
        self.last_line_of_article: dict[int, tuple[int, str]] = {}

    # ---- structure
    def heading(self, label: str, title: str, line: int) -> None:
        level = next((lv for lv in ("分编", "编", "章", "节") if label.endswith(lv)), "章")
        h = Heading(level=level, label=label, title=title.strip(), line=line, first_article=len(self.articles))
        self.headings.append(h)
        order = ["编", "分编", "章", "节"]
        # a new heading closes every heading at its level and below
        for lv in order[order.index(level):]:
            self.current_headings.pop(lv, None)
        self.current_headings[level] = h

    def heading_path(self) -> list[str]:
        order = ["编", "分编", "章", "节"]
        return [self.current_headings[lv].text for lv in order if lv in self.current_headings]

    def expected_next(self) -> int:
        return self.articles[-1].number + 1 if self.articles else 1

    def article(self, number: int, suffix: str | None, text: str, line: int) -> None:
        if self.articles:
            prev = self.articles[-1]
            key = (number, suffix_to_int(suffix))
            if key <= prev.key:
                self.issue(line, "numbering_order", f"条文序号倒退或重复：{prev.label} 之后出现第{number}条{suffix or ''}")
            elif not suffix and number > prev.number + 1:
                self.issue(line, "numbering_gap", f"条文序号不连续：{prev.label} 之后直接出现第{number}条（缺 {number - prev.number - 1} 条）")
        elif number != 1 and not suffix:
            self.issue(line, "numbering_gap", f"第一个条文是第{number}条，前面的条文缺失", "info")
        art = Article(number=number, suffix=suffix, paragraphs=[], headings=self.heading_path(), line=line)
        self.articles.append(art)
        if text:
            art.paragraphs.append(Paragraph(text=text))

    def body_line(self, text: str, line: int) -> None:
        if not self.articles:
            self.preamble.append(text)
            return
        art = self.articles[-1]
        m = ITEM_RE.match(text)
        if m and art.paragraphs:
            try:
                n = cn_to_int(m.group(1))
            except ValueError:
                n = 0
            para = art.paragraphs[-1]
            if n:
                para.items.append(Item(number=n, text=text))
                return
        m = SUBITEM_RE.match(text)
        if m and art.paragraphs and art.paragraphs[-1].items:
            art.paragraphs[-1].items[-1].subitems.append(text)
            return
        art.paragraphs.append(Paragraph(text=text))

    def issue(self, line: int, kind: str, message: str, severity: str = "warning") -> None:
        self.issues.append(Issue(path=self.path, line=line, kind=kind, message=message, severity=severity))


def split_inline_items(para: Paragraph) -> None:
    """'…职责：（一）…；（二）…' on one line -> paragraph text + items. Only a run that starts at （一）
    and counts up is taken as items, so cross-references like 第（一）、（二）项 stay in the text."""
    if para.items:
        return
    text = para.text
    matches = []
    expected = 1
    for m in INLINE_ITEM_RE.finditer(text):
        try:
            n = cn_to_int(m.group(1))
        except ValueError:
            continue
        if n == expected:
            matches.append((m.start(), n))
            expected += 1
    if len(matches) < 2:
        return
    head = text[: matches[0][0]].rstrip()
    items = []
    for i, (start, n) in enumerate(matches):
        stop = matches[i + 1][0] if i + 1 < len(matches) else len(text)
        items.append(Item(number=n, text=text[start:stop].strip()))
    para.text = head
    para.items = items


def parse_lines(lines: list[str], path: str, *, markdown: bool, file_name: str = "") -> ParsedStatute:
    b = _Builder(path)
    title, subtitle = "", None
    history: list[HistoryEvent] = []
    i = 0
    n = len(lines)

    def stripped(k: int) -> str:
        return lines[k].strip().strip("\u3000").strip()

    # --- title (and an optional subtitle)
    while i < n and not stripped(i):
        i += 1
    if i < n:
        first = stripped(i)
        title = first.lstrip("#").strip() if first.startswith("#") else first
        i += 1
    if markdown:
        k = i
        while k < n and not stripped(k):
            k += 1
        if k < n and stripped(k).startswith("# ") and not HEADING_RE.match(stripped(k)[2:].strip()):
            subtitle = stripped(k)[2:].strip()
            i = k + 1

    # --- history lines
    has_info_end = any("<!-- INFO END -->" in ln for ln in lines)
    if has_info_end:
        while i < n and "<!-- INFO END -->" not in lines[i]:
            t = stripped(i)
            if t:
                events = history_events(t, i + 1)
                if events:
                    history.extend(events)
                else:
                    b.issue(i + 1, "unplaced_line", f"头部信息行无法识别：{t[:40]}", "info")
            i += 1
        i += 1
    else:
        while i < n:
            t = stripped(i)
            if not t:
                i += 1
                continue
            if ARTICLE_RE.match(t) or HEADING_RE.match(t.lstrip("#").strip()) or t.startswith("#"):
                break
            events = history_events(t, i + 1) if len(t) < 400 else []
            if not events:
                break
            history.extend(events)
            i += 1

    # --- body
    for k in range(i, n):
        t = stripped(k)
        if not t:
            continue
        line = k + 1
        is_marked = t.startswith("#")
        bare = t.lstrip("#").strip() if is_marked else t
        hm = HEADING_RE.match(bare)
        if hm and (is_marked or len(bare) <= 40):
            b.heading(hm.group(1), hm.group(2) or "", line)
            continue
        if is_marked:
            # a Markdown heading without 第X章 (附则, 序言 …)
            b.heading(bare.replace(" ", "").replace("\u3000", "")[:20], "", line)
            b.headings[-1].level = "章"
            continue
        am = ARTICLE_RE.match(bare)
        if am:
            b.article(cn_to_int(am.group(1)), am.group(2), (am.group(3) or "").strip(), line)
            continue
        gm = ARTICLE_GLUED_RE.match(bare)
        if gm and b.articles is not None:
            try:
                num = cn_to_int(gm.group(1))
            except ValueError:
                num = -1
            if num == b.expected_next() or (gm.group(2) and b.articles and num == b.articles[-1].number):
                b.article(num, gm.group(2), gm.group(3).strip(), line)
                continue
        b.body_line(bare, line)

    # --- post-processing
    for art in b.articles:
        for para in art.paragraphs:
            split_inline_items(para)
        if not art.paragraphs:
            b.issue(art.line, "empty_article", f"{art.label} 没有正文")

    effective_clause = None
    for art in reversed(b.articles[-3:]):
        m = EFFECTIVE_CLAUSE_RE.search(art.text())
        if m:
            ds = find_dates(m.group(1))
            if ds:
                effective_clause = ds[0][2]
            break

    if not b.articles:
        b.issue(1, "no_articles", "文件中没有“第X条”条文（决定、名单或通知类文件）", "info")
    else:
        last = b.articles[-1]
        last_text = last.text().rstrip()
        if "施行" in last_text:
            pass  # a closing article: trailing lines are attachments (附表, 图案), not a cut-off text
        elif last_text and not last_text.endswith(TERMINAL):
            b.issue(last.line, "ends_mid_article", f"文件在{last.label}中间结束（末尾无句末标点）：“…{last_text[-20:]}”", "error")
        elif last_text.endswith(("：", ":")):
            b.issue(last.line, "ends_mid_article", f"文件在{last.label}的列项之前结束", "error")
        elif effective_clause is None and len(b.articles) >= 5 and not any("施行" in a.text() for a in b.articles[-3:]):
            b.issue(last.line, "no_effective_clause", f"末条（{last.label}）之后没有施行条款，文本可能不完整", "warning")

    fm = FILE_DATE_RE.search(file_name)
    return ParsedStatute(
        path=path, title=title, subtitle=subtitle, history=history, headings=b.headings, articles=b.articles,
        file_date=fm.group(1) if fm else None, effective_clause=effective_clause, issues=b.issues,
        preamble=b.preamble[:50],
    )


__all__ = ["parse_file", "parse_text", "parse_lines", "history_events", "find_dates", "parse_number"]
