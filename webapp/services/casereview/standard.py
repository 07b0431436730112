"""The case-file review standard (案卷评查标准) as data: corpus/casereview/standard.toml.

`load_standard(corpus)` reads and checks the file and returns a `Standard`: its sources, its scored items and
under each item the deductions, each tied to the statute provision it enforces (`rule`, a lawdesk reference
string such as "行政处罚法/42/1", or "" when none applies) and to the automatic check codes that trigger it
(`checks`; an empty tuple means the deduction needs a reviewer's judgement). A bad file raises
`StandardError` with a Chinese message naming the file and the line.

Whether each `rule` names a provision that exists in the statute text in force today is checked against the
library by tests/casereview/test_standard.py (the loader does not open the library)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from indexer.refs import Ref, RefError

STANDARD_FILE = Path("casereview") / "standard.toml"

# Automatic check codes a deduction may name. The first group are the drafting validator's codes
# (webapp/services/drafting/validate.py); the `file.*` group are the case-file checks of the review.
DRAFTING_CHECKS = frozenset({
    "officers.two", "dates.order", "limitation", "service.date", "violations.none", "violations.fact",
    "violations.fact_placeholder", "violations.violated", "violations.basis", "violations.date",
    "catalogue.subject", "citation.not_found", "version.missing", "leniency.milder", "leniency.changed",
    "law.superseded", "leniency.unexplained", "penalty.none", "discretion.missing", "discretion.example",
    "discretion.unquoted", "fine.range", "fine.level", "inspection.missing", "order.hazards", "order.deadline",
    "recheck.opinion", "interview.missing", "interview.qa", "evidence.none", "hearing.not_notified",
    "statement.content", "statement.speaker", "transfer.missing", "closing.unpaid", "remedy.review",
    "remedy.court", "procedure.mismatch", "decision.evidence", "decision.payment", "decision.date",
    "decision.filing", "decision.deadline_90", "decision.no_notice", "statement.window", "hearing.not_held",
    "review.required", "hearing.window", "review.recommended", "onsite.limit", "onsite.kind", "service.none",
    "service.late", "form.party", "procedure.version",
})
FILE_CHECKS = frozenset({
    "file.document_missing",            # a document the procedure requires is not in the file
    "file.document_stale",              # a document generated from an older version of the case
    "file.number_gap",                  # the unit's document numbers are not continuous
    "file.filing_not_approved",         # 立案审批 missing
    "file.investigation_before_filing",  # 询问/取证 dated before 立案
    "file.collective_missing",          # 集体讨论 required by 行政处罚法第五十七条第二款 not recorded
    "file.warnings_confirmed",          # warnings were confirmed away when a document was generated
    "file.closing_missing",             # 结案 not recorded
    "file.publication_late",            # decision not published within 7 working days (安全生产法第七十八条第二款)
})
KNOWN_CHECKS = DRAFTING_CHECKS | FILE_CHECKS


class StandardError(ValueError):
    """The standard file is missing or malformed; the message (Chinese) names the file and the line."""


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    issuer: str
    number: str
    date: str
    urls: tuple[str, ...]
    coverage: str


@dataclass(frozen=True)
class Deduction:
    id: str
    item_id: str
    text: str                   # the standard's wording (or lawdesk's, when source == "lawdesk")
    points: float               # deducted; for a veto deduction, the whole score (Standard.total)
    rule: str                   # lawdesk reference string of the provision it enforces, "" if none
    checks: tuple[str, ...]     # automatic check codes that trigger it; () = needs a person's judgement
    source: str                 # Source.id of the wording
    points_source: str          # Source.id of the points (defaults to `source`)
    each: bool = False          # deducted once per occurrence (每处/每项), up to the item's points
    veto: bool = False          # the source deducts the whole score (扣100分 / 不合格卷)
    note: str = ""
    line: int = 0               # line of its [[item.deduction]] header in the file

    @property
    def automatic(self) -> bool:
        return bool(self.checks)

    @property
    def ref(self) -> Ref | None:
        return Ref.parse(self.rule) if self.rule else None


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    points: float
    source: str
    requirements: tuple[str, ...]
    deductions: tuple[Deduction, ...]
    note: str = ""
    line: int = 0


@dataclass(frozen=True)
class Standard:
    title: str
    total: float
    scoring: str
    sources: tuple[Source, ...]
    items: tuple[Item, ...]
    path: Path

    @property
    def deductions(self) -> tuple[Deduction, ...]:
        return tuple(d for it in self.items for d in it.deductions)

    def deductions_for(self, code: str) -> list[Deduction]:
        """The deductions an automatic finding with this check code triggers (file order; [] if none)."""
        return [d for d in self.deductions if code in d.checks]

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def deduction(self, deduction_id: str) -> Deduction:
        for d in self.deductions:
            if d.id == deduction_id:
                return d
        raise KeyError(deduction_id)

    def source(self, source_id: str) -> Source:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)


# ---- loading -------------------------------------------------------------------------------------------

_TOML_LINE = re.compile(r"at line (\d+)")
_HEADER = re.compile(r"^\s*\[\[\s*(source|item|item\.deduction)\s*\]\]\s*(?:#.*)?$")


class _Lines:
    """Line numbers of the [[...]] headers and keys, so that an error can point at the line (tomllib does
    not keep positions)."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.headers: dict[str, list[int]] = {"source": [], "item": [], "item.deduction": []}
        self.deduction_of_item: list[list[int]] = []
        for n, line in enumerate(self.lines, 1):
            m = _HEADER.match(line)
            if not m:
                continue
            kind = m.group(1)
            self.headers[kind].append(n)
            if kind == "item":
                self.deduction_of_item.append([])
            elif kind == "item.deduction" and self.deduction_of_item:
                self.deduction_of_item[-1].append(n)

    def source(self, i: int) -> int:
        return _at(self.headers["source"], i)

    def item(self, i: int) -> int:
        return _at(self.headers["item"], i)

    def deduction(self, i: int, j: int) -> int:
        return _at(self.deduction_of_item[i], j) if i < len(self.deduction_of_item) else 0

    def key(self, start: int, key: str) -> int:
        """The line of `key = …` in the table whose header is at line `start` (the header line if absent)."""
        if not start:
            return self.top_key(key)
        pat = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for n in range(start, len(self.lines)):      # lines[start] is the line after the header
            line = self.lines[n]
            if _HEADER.match(line) or line.lstrip().startswith("["):
                break
            if pat.match(line):
                return n + 1
        return start

    def top_key(self, key: str) -> int:
        pat = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for n, line in enumerate(self.lines, 1):
            if line.lstrip().startswith("["):
                break
            if pat.match(line):
                return n
        return 1


def _at(lines: list[int], i: int) -> int:
    return lines[i] if 0 <= i < len(lines) else 0


def standard_path(corpus: Path) -> Path:
    corpus = Path(corpus)
    return corpus if corpus.suffix == ".toml" else corpus / STANDARD_FILE


def load_standard(corpus: Path) -> Standard:
    """Read corpus/casereview/standard.toml (or the .toml file `corpus` names) and check it."""
    path = standard_path(corpus)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StandardError(f"{path}：找不到案卷评查标准文件") from None
    except UnicodeDecodeError as exc:
        raise StandardError(f"{path}：文件不是 UTF-8 编码（第{text_line_of_offset(path, exc.start)}行附近）") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        where = f"第{m.group(1)}行：" if m else ""
        raise StandardError(f"{path}：{where}TOML 格式错误（{exc}）") from None
    return _build(data, _Lines(text), path)


def text_line_of_offset(path: Path, offset: int) -> int:
    return path.read_bytes()[:offset].count(b"\n") + 1


def _build(data: dict, lines: _Lines, path: Path) -> Standard:
    def fail(line: int, message: str) -> StandardError:
        return StandardError(f"{path}：第{line}行：{message}" if line else f"{path}：{message}")

    def need(table: dict, key: str, kind: type | tuple[type, ...], line_of_table: int, what: str):
        if key not in table:
            raise fail(line_of_table, f"{what}缺少“{key}”")
        value = table[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in kinds):
            raise fail(lines.key(line_of_table, key), f"{what}的“{key}”类型错误（应为{_kind_name(kind)}）")
        return value

    def opt(table: dict, key: str, kind: type, default, line_of_table: int, what: str):
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise fail(lines.key(line_of_table, key), f"{what}的“{key}”类型错误（应为{_kind_name(kind)}）")
        return value

    def strings(table: dict, key: str, line_of_table: int, what: str, required: bool = True) -> tuple[str, ...]:
        if key not in table and not required:
            return ()
        value = need(table, key, list, line_of_table, what)
        if not all(isinstance(v, str) for v in value):
            raise fail(lines.key(line_of_table, key), f"{what}的“{key}”应为字符串列表")
        return tuple(value)

    title = need(data, "title", str, 1, "标准")
    total = need(data, "total", (int, float), lines.top_key("total"), "标准")
    scoring = opt(data, "scoring", str, "", 1, "标准")
    if total <= 0:
        raise fail(lines.top_key("total"), "总分（total）应为正数")

    sources: list[Source] = []
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list) or not raw_sources:
        raise fail(1, "没有来源（[[source]]）：标准须注明出处")
    for i, s in enumerate(raw_sources):
        at = lines.source(i)
        what = f"第{i + 1}个来源"
        sid = need(s, "id", str, at, what)
        if any(x.id == sid for x in sources):
            raise fail(lines.key(at, "id"), f"来源 id “{sid}”重复")
        sources.append(Source(
            id=sid, title=need(s, "title", str, at, what), issuer=need(s, "issuer", str, at, what),
            number=need(s, "number", str, at, what), date=need(s, "date", str, at, what),
            urls=strings(s, "urls", at, what), coverage=need(s, "coverage", str, at, what)))
    source_ids = {s.id for s in sources}

    items: list[Item] = []
    seen_ids: set[str] = set()
    raw_items = data.get("item", [])
    if not isinstance(raw_items, list) or not raw_items:
        raise fail(1, "没有评查项目（[[item]]）")
    for i, it in enumerate(raw_items):
        at = lines.item(i)
        what = f"评查项目（第{i + 1}项）"
        iid = need(it, "id", str, at, what)
        what = f"评查项目“{iid}”"
        if iid in seen_ids:
            raise fail(lines.key(at, "id"), f"id “{iid}”重复")
        seen_ids.add(iid)
        ipoints = need(it, "points", (int, float), at, what)
        if ipoints <= 0:
            raise fail(lines.key(at, "points"), f"{what}的分值应为正数")
        isource = need(it, "source", str, at, what)
        if isource not in source_ids:
            raise fail(lines.key(at, "source"), f"{what}的来源“{isource}”不在 [[source]] 中")
        raw_deds = it.get("deduction", [])
        if not isinstance(raw_deds, list) or not raw_deds:
            raise fail(at, f"{what}没有扣分情形（[[item.deduction]]）")
        deductions: list[Deduction] = []
        for j, d in enumerate(raw_deds):
            dat = lines.deduction(i, j)
            dwhat = f"评查项目“{iid}”的第{j + 1}个扣分情形"
            did = need(d, "id", str, dat, dwhat)
            dwhat = f"扣分情形“{did}”"
            if did in seen_ids:
                raise fail(lines.key(dat, "id"), f"id “{did}”重复")
            seen_ids.add(did)
            text = need(d, "text", str, dat, dwhat)
            if not text.strip():
                raise fail(lines.key(dat, "text"), f"{dwhat}的 text 为空")
            points = need(d, "points", (int, float), dat, dwhat)
            veto = opt(d, "veto", bool, False, dat, dwhat)
            if points <= 0:
                raise fail(lines.key(dat, "points"), f"{dwhat}的扣分应为正数")
            if veto and points != total:
                raise fail(lines.key(dat, "points"), f"{dwhat}是否决情形（veto），扣分应等于总分 {_num(total)}")
            if not veto and points > ipoints:
                raise fail(lines.key(dat, "points"),
                           f"{dwhat}扣 {_num(points)} 分，超过所在项目“{iid}”的分值 {_num(ipoints)} 分")
            rule = need(d, "rule", str, dat, dwhat)
            if rule:
                try:
                    ref: Ref | None = Ref.parse(rule)
                except RefError:
                    ref = None
                if ref is None or ref.article is None:
                    raise fail(lines.key(dat, "rule"), f"{dwhat}的 rule “{rule}”不是有效的条文引用"
                                                       "（格式：法规名/条[/款[/项]]，如 行政处罚法/42/1）")
            checks = strings(d, "checks", dat, dwhat)
            for code in checks:
                if code not in KNOWN_CHECKS:
                    raise fail(lines.key(dat, "checks"), f"{dwhat}的检查代码“{code}”不是已知的自动检查代码")
            if len(set(checks)) != len(checks):
                raise fail(lines.key(dat, "checks"), f"{dwhat}的检查代码重复")
            dsource = need(d, "source", str, dat, dwhat)
            psource = opt(d, "points_source", str, dsource, dat, dwhat)
            for key, sid in (("source", dsource), ("points_source", psource)):
                if sid not in source_ids:
                    raise fail(lines.key(dat, key), f"{dwhat}的来源“{sid}”不在 [[source]] 中")
            ded = Deduction(id=did, item_id=iid, text=text, points=points, rule=rule, checks=checks,
                            source=dsource, points_source=psource, each=opt(d, "each", bool, False, dat, dwhat),
                            veto=veto, note=opt(d, "note", str, "", dat, dwhat), line=dat)
            deductions.append(ded)
        items.append(Item(id=iid, title=need(it, "title", str, at, what), points=ipoints, source=isource,
                          requirements=strings(it, "requirements", at, what, required=False),
                          deductions=tuple(deductions), note=opt(it, "note", str, "", at, what), line=at))

    item_sum = sum(it.points for it in items)
    if item_sum != total:
        raise fail(lines.top_key("total"), f"各评查项目分值之和为 {_num(item_sum)}，与总分 {_num(total)} 不符")
    return Standard(title=title, total=total, scoring=scoring, sources=tuple(sources), items=tuple(items), path=path)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _kind_name(kind) -> str:
    names = {str: "字符串", int: "整数", float: "数字", list: "列表", bool: "true/false"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return "或".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))
