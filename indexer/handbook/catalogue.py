"""The authored penalty handbook (corpus/handbook/): violation catalogue, mitigation rules, procedures.

Files (TOML, read with tomllib; the authors' schema):

- violations/*.toml: ``[[violation]]`` id, name, topic, description, keywords, subject (单位/个人), subject_role
  (生产经营单位, 主要负责人 …), violated and basis (canonical refs), behaviour (a phrase of the basis
  provision), fact_template (违法事实 sentence with {placeholders}), mitigation (rule ids) and
  ``[[violation.levels]]`` name, circumstances, fine_min/fine_max (yuan) or ratio_min/ratio_max with
  fine_basis (上一年年收入 …), other (non-fine sanctions of the level).
- mitigation.toml: ``[[rule]]`` id, kind (不予处罚 / 可以不予处罚 / 从轻或者减轻 / 可以从轻或者减轻), condition,
  basis (refs), note.
- procedures.md: Markdown; each ``## `` section is one procedure document.

Loading never raises on a bad entry: problems become `SchemaError`s that `lawdesk handbook check` prints.
Statutory sanctions are *not* authored: they come from the parsed basis provision (indexer.penalties)."""

from __future__ import annotations

import re
import string
import threading
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..refs import Ref, RefError

LEVEL_ORDER = ("轻微", "较轻", "一般", "较重", "严重", "特别严重")
RULE_KINDS = ("不予处罚", "可以不予处罚", "从轻或者减轻", "可以从轻或者减轻", "从重")
SUBJECTS = ("单位", "个人")
REQUIRED = ("id", "name", "topic", "description", "keywords", "subject", "subject_role", "violated", "basis",
            "behaviour", "fact_template", "levels")


@dataclass(frozen=True)
class Level:
    name: str
    circumstances: tuple[str, ...]
    fine_min: int | None = None
    fine_max: int | None = None
    ratio_min: float | None = None
    ratio_max: float | None = None
    fine_basis: str | None = None
    other: tuple[str, ...] = ()

    @property
    def unit(self) -> str | None:
        if self.fine_min is not None or self.fine_max is not None:
            return "yuan"
        if self.ratio_min is not None or self.ratio_max is not None:
            return "ratio"
        return None

    @property
    def low(self) -> float | None:
        return self.fine_min if self.unit == "yuan" else self.ratio_min

    @property
    def high(self) -> float | None:
        return self.fine_max if self.unit == "yuan" else self.ratio_max

    def describe_fine(self) -> str:
        from ..penalties import format_ratio, format_yuan
        if self.unit == "yuan":
            if self.fine_min == self.fine_max:
                return f"罚款{format_yuan(self.fine_min)}"
            return f"罚款{format_yuan(self.fine_min)}至{format_yuan(self.fine_max)}"
        if self.unit == "ratio":
            b = self.fine_basis or ""
            if self.ratio_min == self.ratio_max:
                return f"处{b}{format_ratio(self.ratio_min)}的罚款"
            return f"处{b}{format_ratio(self.ratio_min)}至{format_ratio(self.ratio_max)}的罚款"
        return "不罚款"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["unit"] = self.unit
        d["fine"] = self.describe_fine()
        return d


@dataclass
class Violation:
    id: str
    name: str
    topic: str
    description: str
    keywords: list[str]
    subject: str
    subject_role: str
    violated: list[str]
    basis: list[str]
    behaviour: str
    fact_template: str
    levels: list[Level]
    mitigation: list[str]
    fine_basis: str | None = None
    file: str = ""
    line: int = 0

    @property
    def doc_id(self) -> str:
        return f"handbook:{self.id}"

    def level(self, name: str) -> Level | None:
        for lv in self.levels:
            if lv.name == name:
                return lv
        return None

    def placeholders(self) -> list[str]:
        return [f for _, f, _, _ in string.Formatter().parse(self.fact_template) if f]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["levels"] = [lv.to_dict() for lv in self.levels]
        d["placeholders"] = self.placeholders()
        return d


@dataclass(frozen=True)
class MitigationRule:
    id: str
    kind: str
    condition: str
    basis: tuple[str, ...]
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Section:
    """One `## ` section of procedures.md."""
    slug: str
    title: str
    text: str            # Markdown body
    line: int

    @property
    def doc_id(self) -> str:
        return f"procedure:{self.slug}"

    def to_dict(self) -> dict:
        return {"slug": self.slug, "id": self.doc_id, "title": self.title, "text": self.text, "line": self.line}


@dataclass(frozen=True)
class SchemaError:
    file: str
    line: int
    entry: str
    message: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Catalogue:
    violations: list[Violation]
    rules: dict[str, MitigationRule]
    sections: list[Section]
    errors: list[SchemaError] = field(default_factory=list)
    procedures_file: str = ""
    procedures_text: str = ""

    def get(self, vid: str) -> Violation | None:
        vid = vid.strip().upper()
        for v in self.violations:
            if v.id.upper() == vid:
                return v
        return None

    def section(self, slug: str) -> Section | None:
        for s in self.sections:
            if s.slug == slug:
                return s
        return None

    def topics(self) -> list[str]:
        return list(dict.fromkeys(v.topic for v in self.violations))


# --------------------------------------------------------------------------- loading

def _entry_lines(text: str, key: str) -> list[int]:
    """1-based line numbers of each `[[key]]` header, in order (tomllib gives no positions)."""
    return [i for i, line in enumerate(text.splitlines(), 1) if line.strip() == f"[[{key}]]"]


def _strs(value) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return value
    return None


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    return None


def _read_level(raw: dict, where: tuple[str, int, str], errors: list[SchemaError],
                default_basis: str | None = None) -> Level | None:
    file, line, vid = where
    if isinstance(raw, dict) and default_basis and "fine_basis" not in raw:
        raw = dict(raw, fine_basis=default_basis)
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        errors.append(SchemaError(file, line, vid, "裁量档次缺少 name"))
        return None
    name = raw["name"]
    circ = _strs(raw.get("circumstances", []))
    other = _strs(raw.get("other", []))
    if circ is None or other is None:
        errors.append(SchemaError(file, line, vid, f"裁量档次“{name}”的 circumstances/other 应为字符串列表"))
        return None
    vals = {k: raw.get(k) for k in ("fine_min", "fine_max", "ratio_min", "ratio_max")}
    for k, v in vals.items():
        if v is not None and _number(v) is None:
            errors.append(SchemaError(file, line, vid, f"裁量档次“{name}”的 {k} 应为数字"))
            return None
    has_yuan = vals["fine_min"] is not None or vals["fine_max"] is not None
    has_ratio = vals["ratio_min"] is not None or vals["ratio_max"] is not None
    if has_yuan and has_ratio:
        errors.append(SchemaError(file, line, vid, f"裁量档次“{name}”同时写了 fine_* 和 ratio_*"))
    if has_yuan and (vals["fine_min"] is None or vals["fine_max"] is None):
        errors.append(SchemaError(file, line, vid, f"裁量档次“{name}”须同时写 fine_min 和 fine_max"))
    if has_ratio and (vals["ratio_min"] is None or vals["ratio_max"] is None or not raw.get("fine_basis")):
        errors.append(SchemaError(file, line, vid, f"裁量档次“{name}”须同时写 ratio_min、ratio_max 和 fine_basis"))
    lo, hi = (vals["fine_min"], vals["fine_max"]) if has_yuan else (vals["ratio_min"], vals["ratio_max"])
    if lo is not None and hi is not None and lo > hi:
        errors.append(SchemaError(file, line, vid, f"裁量档次“{name}”下限 {lo} 大于上限 {hi}"))
    if lo is not None and lo < 0:
        errors.append(SchemaError(file, line, vid, f"裁量档次“{name}”罚款为负数"))
    return Level(name=name, circumstances=tuple(circ),
                 fine_min=int(vals["fine_min"]) if vals["fine_min"] is not None else None,
                 fine_max=int(vals["fine_max"]) if vals["fine_max"] is not None else None,
                 ratio_min=float(vals["ratio_min"]) if vals["ratio_min"] is not None else None,
                 ratio_max=float(vals["ratio_max"]) if vals["ratio_max"] is not None else None,
                 fine_basis=raw.get("fine_basis"), other=tuple(other))


def _read_violation(raw: dict, file: str, line: int, errors: list[SchemaError]) -> Violation | None:
    vid: str = raw["id"] if isinstance(raw.get("id"), str) else f"(第{line}行)"
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        errors.append(SchemaError(file, line, vid, f"缺少字段：{'、'.join(missing)}"))
        return None
    bad = [k for k in ("id", "name", "topic", "description", "subject", "subject_role", "behaviour", "fact_template")
           if not isinstance(raw[k], str) or not raw[k].strip()]
    bad += [k for k in ("keywords", "violated", "basis", "mitigation") if _strs(raw.get(k, [])) is None]
    if bad:
        errors.append(SchemaError(file, line, vid, f"字段类型错误或为空：{'、'.join(bad)}"))
        return None
    if raw["subject"] not in SUBJECTS:
        errors.append(SchemaError(file, line, vid, f"subject 应为 单位 或 个人，而不是“{raw['subject']}”"))
    if not raw["basis"]:
        errors.append(SchemaError(file, line, vid, "basis（处罚依据）为空"))
    for key in ("violated", "basis"):
        for r in raw[key]:
            try:
                ref = Ref.parse(r)
            except RefError as exc:
                errors.append(SchemaError(file, line, vid, f"{key} 中的引用无法解析：{r}（{exc}）"))
                continue
            if ref.article is None:
                errors.append(SchemaError(file, line, vid, f"{key} 中的引用没有条号：{r}"))
            if ref.version is not None:
                errors.append(SchemaError(file, line, vid, f"{key} 中的引用不应带版本日期：{r}"))
    try:
        list(string.Formatter().parse(raw["fact_template"]))
    except ValueError as exc:
        errors.append(SchemaError(file, line, vid, f"fact_template 格式错误：{exc}"))
    levels = []
    if not isinstance(raw["levels"], list) or not raw["levels"]:
        errors.append(SchemaError(file, line, vid, "levels（裁量档次）为空"))
    else:
        for lv in raw["levels"]:
            got = _read_level(lv, (file, line, vid), errors, raw.get("fine_basis"))
            if got is not None:
                levels.append(got)
    names = [lv.name for lv in levels]
    if len(set(names)) != len(names):
        errors.append(SchemaError(file, line, vid, "裁量档次名称重复"))
    return Violation(
        id=raw["id"].strip(), name=raw["name"].strip(), topic=raw["topic"].strip(),
        description=raw["description"].strip(), keywords=list(raw["keywords"]), subject=raw["subject"],
        subject_role=raw["subject_role"].strip(), violated=list(raw["violated"]), basis=list(raw["basis"]),
        behaviour=raw["behaviour"].strip(), fact_template=raw["fact_template"], levels=levels,
        mitigation=list(raw.get("mitigation", [])), fine_basis=raw.get("fine_basis"), file=file, line=line)


def _slug(title: str) -> str:
    """'简易程序（当场处罚）' -> '简易程序'."""
    t = re.sub(r"[（(][^）)]*[）)]", "", title).strip()
    t = re.sub(r"[\s/]+", "-", t)
    return t or title


def read_sections(text: str) -> list[Section]:
    out = []
    cur_title: str | None = None
    cur_line = 0
    buf: list[str] = []
    for i, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^##\s+(.+?)\s*$", line)
        if m and not line.startswith("###"):
            if cur_title is not None:
                out.append(Section(_slug(cur_title), cur_title, "\n".join(buf).strip(), cur_line))
            cur_title, cur_line, buf = m.group(1), i, []
        elif cur_title is not None:
            buf.append(line)
    if cur_title is not None:
        out.append(Section(_slug(cur_title), cur_title, "\n".join(buf).strip(), cur_line))
    return out


def load_catalogue(corpus: Path) -> Catalogue:
    """Read corpus/handbook/ (pass the corpus folder, e.g. Settings.corpus)."""
    root = Path(corpus) / "handbook"
    errors: list[SchemaError] = []
    violations: list[Violation] = []
    for path in sorted((root / "violations").glob("*.toml")):
        rel = str(path.relative_to(root.parent.parent)) if root.parent.parent in path.parents else str(path)
        text = path.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            errors.append(SchemaError(rel, 0, "", f"TOML 语法错误：{exc}"))
            continue
        lines = _entry_lines(text, "violation")
        for i, raw in enumerate(data.get("violation", [])):
            line = lines[i] if i < len(lines) else 0
            got = _read_violation(raw, rel, line, errors) if isinstance(raw, dict) else None
            if got is not None:
                violations.append(got)
    seen: dict[str, Violation] = {}
    for v in violations:
        if v.id.upper() in seen:
            other = seen[v.id.upper()]
            errors.append(SchemaError(v.file, v.line, v.id, f"编号重复（另见 {other.file}:{other.line}）"))
        else:
            seen[v.id.upper()] = v
    rules: dict[str, MitigationRule] = {}
    mpath = root / "mitigation.toml"
    if mpath.exists():
        text = mpath.read_text(encoding="utf-8")
        rel = "corpus/handbook/mitigation.toml"
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            errors.append(SchemaError(rel, 0, "", f"TOML 语法错误：{exc}"))
            data = {}
        lines = _entry_lines(text, "rule")
        for i, raw in enumerate(data.get("rule", [])):
            line = lines[i] if i < len(lines) else 0
            if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("id", "kind", "condition")) \
                    or _strs(raw.get("basis")) is None:
                errors.append(SchemaError(rel, line, str(raw.get("id", "")), "规则缺少 id/kind/condition/basis"))
                continue
            if raw["kind"] not in RULE_KINDS:
                errors.append(SchemaError(rel, line, raw["id"], f"kind 应为 {'/'.join(RULE_KINDS)}"))
            for r in raw["basis"]:
                try:
                    Ref.parse(r)
                except RefError:
                    errors.append(SchemaError(rel, line, raw["id"], f"basis 中的引用无法解析：{r}"))
            if raw["id"] in rules:
                errors.append(SchemaError(rel, line, raw["id"], "规则编号重复"))
            rules[raw["id"]] = MitigationRule(raw["id"], raw["kind"], raw["condition"], tuple(raw["basis"]),
                                              raw.get("note", ""))
    for v in violations:
        unknown = [m for m in v.mitigation if m not in rules]
        if unknown:
            errors.append(SchemaError(v.file, v.line, v.id, f"引用了不存在的从轻/减轻/不予处罚规则：{'、'.join(unknown)}"))
    ppath = root / "procedures.md"
    ptext = ppath.read_text(encoding="utf-8") if ppath.exists() else ""
    sections = read_sections(ptext)
    slugs = [s.slug for s in sections]
    if len(set(slugs)) != len(slugs):
        errors.append(SchemaError("corpus/handbook/procedures.md", 0, "", "程序手册中有重复的章节标题"))
    return Catalogue(violations, rules, sections, errors, "corpus/handbook/procedures.md" if ptext else "", ptext)


_cache: dict[str, tuple[tuple, Catalogue]] = {}
_lock = threading.Lock()


def catalogue(corpus: Path) -> Catalogue:
    """`load_catalogue`, reloaded when a file under corpus/handbook changes (servers keep one copy)."""
    root = Path(corpus) / "handbook"
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                         for p in root.rglob("*") if p.is_file())) if root.exists() else ()
    key = str(root)
    got = _cache.get(key)
    if got and got[0] == stamp:
        return got[1]
    cat = load_catalogue(corpus)
    with _lock:
        _cache[key] = (stamp, cat)
    return cat
