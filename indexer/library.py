"""The statute library as laws with dated versions.

Reads every statute file below a root folder (Markdown, text, .docx), the LawRefBook metadata
(db.sqlite3), core.txt and the project's authored repeal list, and decides:
- which files are the same law (titles compared without 中华人民共和国),
- which files are copies of the same version (the complete copy wins) or parts of one version (民法典),
- each version's effective interval, and which laws are repealed (metadata, 同时废止 clauses, authored list).
"""

from __future__ import annotations

import re
import sqlite3
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .model import Article, Issue, ParsedStatute
from .refs import law_key

STATUTE_SUFFIXES = {".md", ".txt", ".docx"}
SKIP_NAMES = {"_index.md", "readme.md", "readme.txt", "core.txt"}
REPEAL_RE = re.compile(r"((?:《[^《》]{2,60}》[、和及与]?)+)同时废止")
TITLE_IN_BRACKETS = re.compile(r"《([^《》]+)》")

CATEGORY_LEVELS = {
    "宪法": "宪法", "宪法相关法": "法律", "民法典": "法律", "民法商法": "法律", "行政法": "法律",
    "经济法": "法律", "社会法": "法律", "刑法": "法律", "诉讼与非诉讼程序法": "法律",
    "行政法规": "行政法规", "司法解释": "司法解释", "部门规章": "部门规章",
}
PROVINCES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
             "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
             "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门")


@dataclass
class Version:
    law: str                      # law key
    title: str                    # full title as in the file's # line
    version_date: str             # date of the text (file name / last amendment)
    effective_from: str           # 施行
    effective_to: str | None      # next version's 施行, or the repeal date
    files: list[str]              # files whose articles make up this version (parts in order)
    articles: list[Article]
    history: list = field(default_factory=list)
    headings: list = field(default_factory=list)
    subtitle: str | None = None
    core: bool = False
    copies: list[str] = field(default_factory=list)   # duplicate files that lost to `files`

    @property
    def key(self) -> str:
        return f"{self.law}@{self.effective_from}"


@dataclass
class Law:
    key: str
    title: str
    level: str
    region: str | None
    versions: list[Version]       # ordered by effective_from
    core: bool = False
    repealed_on: str | None = None
    repealed_by: str | None = None      # human note: which statute/article repealed it
    expired_flag: bool = False          # metadata says not in force

    def version_on(self, date: str) -> Version | None:
        """The version in force on `date` (YYYY-MM-DD), or None (not yet in force, or repealed)."""
        if self.repealed_on and date >= self.repealed_on:
            return None
        found = None
        for v in self.versions:
            if v.effective_from <= date:
                found = v
        return found

    def status_on(self, date: str) -> str:
        if self.repealed_on and date >= self.repealed_on:
            return "repealed"
        if self.expired_flag and not self.repealed_on:
            return "repealed"
        if not self.versions or self.versions[0].effective_from > date:
            return "not_yet"
        return "in_force"


@dataclass
class Metadata:
    level: str
    publish: str | None
    valid_from: str | None
    expired: bool
    folder: str


def load_metadata(root: Path) -> dict[str, list[Metadata]]:
    """LawRefBook db.sqlite3 files -> law key -> rows."""
    out: dict[str, list[Metadata]] = {}
    for db in sorted(root.rglob("db.sqlite3")):
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            rows = con.execute(
                "select l.name, l.level, l.publish, l.valid_from, l.expired, c.folder "
                "from law l left join category c on c.id = l.category_id").fetchall()
            con.close()
        except sqlite3.Error:
            continue
        for name, level, publish, valid_from, expired, folder in rows:
            out.setdefault(law_key(name or ""), []).append(
                Metadata(level=level or "", publish=publish, valid_from=valid_from, expired=bool(expired),
                         folder=folder or ""))
    return out


def discover(root: Path) -> list[Path]:
    files = []
    for p in root.rglob("*"):
        if p.suffix.lower() not in STATUTE_SUFFIXES or not p.is_file():
            continue
        rel_parts = p.relative_to(root).parts
        if any(part.startswith(".") for part in rel_parts) or p.name.lower() in SKIP_NAMES:
            continue
        files.append(p)
    return sorted(files)


def read_core(root: Path) -> set[str]:
    core = root / "core.txt"
    if not core.exists():
        return set()
    return {ln.strip() for ln in core.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")}


def read_repeal_list(corpus: Path) -> list[dict]:
    path = corpus / "repealed.toml"
    if not path.exists():
        return []
    with path.open("rb") as fh:
        return tomllib.load(fh).get("repealed", [])


def _match_metadata(parsed: ParsedStatute, rows: list[Metadata]) -> Metadata | None:
    if not rows:
        return None
    date = parsed.file_date
    if date:
        for r in rows:
            if r.publish == date:
                return r
    if len(rows) == 1 and not date:
        return rows[0]
    folder = str(Path(parsed.path).parent)
    for r in rows:
        if r.folder and folder.endswith(r.folder) and (not date or r.publish == date):
            return r
    return None


def _level(parsed: ParsedStatute, meta: Metadata | None) -> str:
    if meta and meta.level:
        return meta.level
    parts = Path(parsed.path).parts
    if "DLC" in parts or any(part.endswith("地方法规") for part in parts):
        return "地方性法规"
    for part in parts:
        if part in CATEGORY_LEVELS:
            return CATEGORY_LEVELS[part]
    title = parsed.title
    if title.startswith(("最高人民法院", "最高人民检察院")):
        return "司法解释"
    if title.startswith(PROVINCES) or re.match(r"^[\u4e00-\u9fff]{2,6}(省|市|自治区|自治州|县)", title):
        return "地方性法规"
    if title.endswith("法") or title.startswith("中华人民共和国") and title.endswith("法"):
        return "法律"
    if title.endswith("条例"):
        return "行政法规"
    return "其他"


def _region(parsed: ParsedStatute, level: str, city_regions: dict[str, str]) -> str | None:
    if level != "地方性法规":
        return None
    for part in Path(parsed.path).parts:
        m = re.match(r"^(.+?)地方法规$", part)
        if m:
            return m.group(1)
    for prov in PROVINCES:
        if parsed.title.startswith(prov):
            return prov
    m = re.match(r"^([\u4e00-\u9fff]{2,4}市)", parsed.title)
    if m and m.group(1) in city_regions:
        return city_regions[m.group(1)]
    return None


def version_dates(parsed: ParsedStatute, meta: Metadata | None) -> tuple[str | None, str | None]:
    """(version date, effective date) of one file."""
    vdate = parsed.file_date or (meta.publish if meta else None) or parsed.latest_history_date
    eff = None
    if meta and meta.valid_from and (not vdate or meta.publish == vdate or not parsed.file_date):
        eff = meta.valid_from
    eff = eff or parsed.history_effective
    if not eff and parsed.effective_clause and (not vdate or parsed.effective_clause >= vdate):
        eff = parsed.effective_clause
    return vdate, eff or vdate


def _completeness(p: ParsedStatute) -> tuple[int, int]:
    errors = sum(1 for i in p.issues if i.severity == "error" or i.kind in ("numbering_gap", "no_effective_clause"))
    return (-errors, len(p.articles))


@dataclass
class LibraryModel:
    root: Path
    laws: dict[str, Law]
    issues: list[Issue]
    parsed: dict[str, ParsedStatute]
    corpus: Path | None = None

    def law(self, name: str) -> Law | None:
        return self.laws.get(law_key(name))


def assemble(root: Path, parsed_files: list[ParsedStatute], corpus: Path | None = None,
             metadata: dict[str, list[Metadata]] | None = None, core: set[str] | None = None) -> LibraryModel:
    """Group parsed files into laws and versions and work out intervals and repeals."""
    metadata = load_metadata(root) if metadata is None else metadata
    core = read_core(root) if core is None else core
    issues: list[Issue] = []
    for p in parsed_files:
        issues.extend(p.issues)

    # cities -> province, learnt from the files whose folder names the province
    city_regions: dict[str, str] = {}
    for p in parsed_files:
        m = re.match(r"^([\u4e00-\u9fff]{2,4}市)", p.title)
        if m:
            for part in Path(p.path).parts:
                pm = re.match(r"^(.+?)地方法规$", part)
                if pm:
                    city_regions.setdefault(m.group(1), pm.group(1))

    groups: dict[tuple[str, str], list[tuple[ParsedStatute, Metadata | None, str]]] = {}
    law_info: dict[str, dict] = {}
    for p in parsed_files:
        if not p.articles:
            continue
        if not p.title:
            issues.append(Issue(p.path, 1, "no_title", "文件没有标题行", "error"))
            continue
        key = law_key(p.title)
        meta = _match_metadata(p, metadata.get(key, []))
        vdate, eff = version_dates(p, meta)
        if not vdate:
            issues.append(Issue(p.path, 1, "no_date", "无法确定版本日期（文件名、头部信息和元数据中都没有日期）", "warning"))
            vdate = eff = "0001-01-01"
        groups.setdefault((key, vdate), []).append((p, meta, eff or vdate))   # eff is vdate when none is known
        info = law_info.setdefault(key, {"title": p.title, "levels": [], "regions": [], "expired": [], "core": False})
        level = _level(p, meta)
        info["levels"].append(level)
        info["regions"].append(_region(p, level, city_regions))
        info["expired"].append((vdate, bool(meta and meta.expired)))
        info["core"] |= p.path in core
        if p.title.startswith("中华人民共和国"):
            info["title"] = p.title

    versions_by_law: dict[str, list[Version]] = {}
    for (key, vdate), members in groups.items():
        # parts of one version (民法典) have distinct subtitles; equal subtitles are copies
        by_sub: dict[str | None, list] = {}
        for member in members:
            by_sub.setdefault(member[0].subtitle, []).append(member)
        chosen = []
        copies = []
        for _sub, copies_of_part in by_sub.items():
            copies_of_part.sort(key=lambda m: (_completeness(m[0]), m[0].path.startswith("extra")), reverse=True)
            winner = copies_of_part[0]
            chosen.append(winner)
            for loser in copies_of_part[1:]:
                copies.append(loser[0].path)
                lp = loser[0]
                same = len(lp.articles) == len(winner[0].articles)
                issues.append(Issue(
                    lp.path, 1, "duplicate",
                    f"与 {winner[0].path} 是同一版本（{vdate}）的{'重复副本' if same else '不完整副本'}"
                    f"（{len(lp.articles)} 条 / {len(winner[0].articles)} 条），采用后者", "warning"))
        chosen.sort(key=lambda m: m[0].articles[0].key)
        articles = [a for m in chosen for a in m[0].articles]
        eff = max((m[2] for m in chosen if m[2]), default=vdate)
        first = chosen[0][0]
        versions_by_law.setdefault(key, []).append(Version(
            law=key, title=law_info[key]["title"], version_date=vdate, effective_from=eff, effective_to=None,
            files=[m[0].path for m in chosen], articles=articles, history=first.history,
            headings=[h for m in chosen for h in m[0].headings],
            subtitle=first.subtitle if len(chosen) == 1 else None,
            core=any(m[0].path in core for m in chosen), copies=copies))

    laws: dict[str, Law] = {}
    for key, versions in versions_by_law.items():
        versions.sort(key=lambda v: (v.effective_from, v.version_date))
        for prev, nxt in zip(versions, versions[1:]):
            prev.effective_to = nxt.effective_from
        info = law_info[key]
        levels = [lv for lv in info["levels"] if lv]
        regions = [r for r in info["regions"] if r]
        latest_expired = sorted(info["expired"])[-1][1] if info["expired"] else False
        laws[key] = Law(key=key, title=info["title"], level=levels[-1] if levels else "其他",
                        region=regions[-1] if regions else None, versions=versions, core=info["core"],
                        expired_flag=latest_expired)

    _apply_repeals(laws, issues, corpus)
    parsed = {p.path: p for p in parsed_files}
    return LibraryModel(root=root, laws=laws, issues=issues, parsed=parsed, corpus=corpus)


def _apply_repeals(laws: dict[str, Law], issues: list[Issue], corpus: Path | None) -> None:
    # 1. 同时废止 clauses in the current version of every law
    for law in laws.values():
        current = law.versions[-1]
        for art in current.articles[-4:]:
            text = art.text()
            for m in REPEAL_RE.finditer(text):
                for title in TITLE_IN_BRACKETS.findall(m.group(1)):
                    target = laws.get(law_key(title))
                    if not target or target.key == law.key:
                        continue
                    if target.versions[-1].effective_from >= current.effective_from:
                        continue  # a later text exists: the repeal concerned an older one
                    target.repealed_on = current.effective_from
                    target.repealed_by = f"《{law.title}》{art.label}"
    # 2. the authored list
    if corpus is not None:
        for entry in read_repeal_list(corpus):
            target = laws.get(law_key(entry.get("law", "")))
            if not target:
                continue
            target.repealed_on = entry.get("repealed_on") or target.repealed_on
            target.repealed_by = entry.get("by") or target.repealed_by
    for law in laws.values():
        if law.repealed_on:
            last = law.versions[-1]
            if last.effective_to is None or last.effective_to > law.repealed_on:
                last.effective_to = law.repealed_on
            issues.append(Issue(last.files[0], 1, "repealed",
                                f"{law.title} 已于 {law.repealed_on} 废止（{law.repealed_by or '元数据'}）", "info"))
        elif law.expired_flag:
            last = law.versions[-1]
            issues.append(Issue(last.files[0], 1, "repealed", f"{law.title} 已失效（元数据标记，废止日期不详）", "info"))
