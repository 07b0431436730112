"""Published discretion standards (行政处罚裁量基准) and the rows a unit adopts.

An office may only apply a 裁量基准 that has been published (行政处罚法 第三十四条; for 应急管理 the national
《应急管理行政处罚裁量权基准》 under 应急管理部令第12号, and the province's 适用细则). The handbook's own levels
are the project's example; these files are the published standards, transcribed row by row with the address
each row was read from.

Files: ``corpus/benchmarks/*.toml`` (authored by the project from the published texts) and
``<data>/benchmarks/*.toml`` (a unit's own or local 基准, dropped in by the office). Each file:

- ``[benchmark]`` id, title, issuer, doc_number, issued (date), effective (date, optional), scope (全国 / 浙江省 …),
  under (the rule it is made under), sources ([{url, title}]), note;
- ``[[row]]`` provision (canonical ref of the 处罚依据, e.g. 安全生产法/97/1/3), behaviour, addressee (单位 /
  主要负责人 / 直接负责的主管人员和其他直接责任人员 / 个人), grade (阶次 as published), circumstances (list),
  fine_min/fine_max (yuan, optional), standard (the published 裁量标准 text), source (URL), locator.

Rows are listed from the lightest grade to the heaviest (the calculator takes the heaviest that matches).
Loading never raises: problems are `SchemaError`s; `check_benchmarks` checks every row against the statute."""

from __future__ import annotations

import threading
import tomllib
from dataclasses import asdict, dataclass, field
from datetime import date as _date
from pathlib import Path
from types import SimpleNamespace

from ..penalties import UNIT_ROLES, classify_role
from ..refs import Ref, RefError
from .catalogue import Level, SchemaError, Violation, _entry_lines, _number, _strs

BENCHMARKS_DIR = "benchmarks"
ADDRESSEES = ("单位", "主要负责人", "直接负责的主管人员和其他直接责任人员", "其他负责人", "安全生产管理人员",
              "从业人员", "个人")


@dataclass(frozen=True)
class BenchmarkRow:
    benchmark: str                  # id of the 基准 it belongs to
    provision: str                  # canonical ref, undated
    behaviour: str
    addressee: str
    grade: str
    circumstances: tuple[str, ...]
    standard: str
    source: str
    locator: str = ""
    fine_min: int | None = None
    fine_max: int | None = None
    line: int = 0

    def as_level(self) -> Level:
        """The row as a discretion level, so the calculator and the range checks treat it like the example."""
        return Level(name=self.grade, circumstances=self.circumstances, fine_min=self.fine_min,
                     fine_max=self.fine_max)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Benchmark:
    id: str
    title: str
    issuer: str
    doc_number: str
    issued: str
    scope: str
    sources: tuple[dict, ...]
    rows: tuple[BenchmarkRow, ...]
    effective: str = ""
    under: str = ""
    note: str = ""
    file: str = ""

    @property
    def label(self) -> str:
        """How a decision names it: 《应急管理行政处罚裁量权基准》（应急〔2024〕90号）."""
        return f"《{self.title}》" + (f"（{self.doc_number}）" if self.doc_number else "")

    def in_force_on(self, day: str) -> bool:
        return (self.effective or self.issued) <= day

    def to_dict(self, rows: bool = True) -> dict:
        d = asdict(self)
        d["label"] = self.label
        d["row_count"] = len(self.rows)
        if not rows:
            d.pop("rows")
        return d


@dataclass
class BenchmarkSet:
    benchmarks: dict[str, Benchmark] = field(default_factory=dict)
    errors: list[SchemaError] = field(default_factory=list)

    def get(self, bid: str) -> Benchmark | None:
        return self.benchmarks.get(bid.strip())

    def adopted(self, ids) -> list[Benchmark]:
        """The benchmarks named by `ids`, in the unit's order of priority; unknown ids are skipped (the unit
        form only offers loaded ones; a removed file must not break drafting)."""
        return [b for b in (self.get(i) for i in ids or ()) if b is not None]


def adopted_rows(violation, adopted: list[Benchmark], on: str | None = None) -> tuple[Benchmark | None, list[BenchmarkRow]]:
    """The rows of the first adopted benchmark (in force on `on`) that refine one of the entry's 处罚依据 for the
    entry's subject. A row on a whole article (安全生产法/96) covers its 款 and 项."""
    role = classify_role(violation.subject_role)
    for bm in adopted:
        if on and not bm.in_force_on(on):
            continue
        rows = [r for r in bm.rows
                if any(_covers(r.provision, b) for b in violation.basis) and _addressed_to(r.addressee, role)]
        if rows:
            return bm, rows
    return None, []


def _covers(row_ref: str, basis_ref: str) -> bool:
    a, b = row_ref.split("/"), basis_ref.split("/")
    return len(a) <= len(b) and b[:len(a)] == a


def _addressed_to(addressee: str, role: str) -> bool:
    want = classify_role(addressee)
    return want == role or (want in UNIT_ROLES and role in UNIT_ROLES)


# --------------------------------------------------------------------------- loading

HEADER_REQUIRED = ("id", "title", "issuer", "issued", "scope", "sources")   # doc_number: where the sources give it
ROW_REQUIRED = ("provision", "behaviour", "addressee", "grade", "circumstances", "standard", "source")


def _valid_date(text) -> bool:
    """YYYY-MM-DD, or YYYY-MM where the sources give only the month (浙江 细则: 2024年12月)."""
    text = str(text)
    try:
        _date.fromisoformat(text if len(text) != 7 else text + "-01")
        return True
    except (TypeError, ValueError):
        return False


def _read_row(raw, bid: str, rel: str, line: int, errors: list[SchemaError]) -> BenchmarkRow | None:
    where = f"{bid} 第{line}行"
    if not isinstance(raw, dict):
        errors.append(SchemaError(rel, line, where, "[[row]] 不是表"))
        return None
    missing = [k for k in ROW_REQUIRED if k not in raw]
    if missing:
        errors.append(SchemaError(rel, line, where, f"缺少字段：{'、'.join(missing)}"))
        return None
    bad = [k for k in ROW_REQUIRED if k != "circumstances" and (not isinstance(raw[k], str) or not raw[k].strip())]
    if _strs(raw["circumstances"]) is None:
        bad.append("circumstances")
    if bad:
        errors.append(SchemaError(rel, line, where, f"字段类型错误或为空：{'、'.join(bad)}"))
        return None
    try:
        ref = Ref.parse(raw["provision"])
        if ref.article is None or ref.version is not None:
            raise RefError("须写到条且不带版本日期")
    except RefError as exc:
        errors.append(SchemaError(rel, line, where, f"provision 无法解析：{raw['provision']}（{exc}）"))
        return None
    lo, hi = raw.get("fine_min"), raw.get("fine_max")
    for k, v in (("fine_min", lo), ("fine_max", hi)):
        if v is not None and _number(v) is None:
            errors.append(SchemaError(rel, line, where, f"{k} 应为数字"))
            return None
    if (lo is None) != (hi is None):
        errors.append(SchemaError(rel, line, where, "fine_min 和 fine_max 须同时写"))
        return None
    if lo is not None and (lo < 0 or lo > hi):
        errors.append(SchemaError(rel, line, where, f"罚款幅度 {lo} 至 {hi} 不成立"))
        return None
    if classify_role(raw["addressee"]) == "当事人":
        errors.append(SchemaError(rel, line, where, f"addressee“{raw['addressee']}”不是可识别的处罚对象"
                                                    f"（如 {'、'.join(ADDRESSEES)}）"))
    return BenchmarkRow(bid, raw["provision"].strip(), raw["behaviour"].strip(), raw["addressee"].strip(),
                        raw["grade"].strip(), tuple(raw["circumstances"]), raw["standard"].strip(),
                        raw["source"].strip(), str(raw.get("locator", "")).strip(),
                        int(lo) if lo is not None else None, int(hi) if hi is not None else None, line)


def read_benchmark(path: Path, rel: str, errors: list[SchemaError]) -> Benchmark | None:
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        errors.append(SchemaError(rel, 0, "", f"TOML 语法错误：{exc}"))
        return None
    head = data.get("benchmark")
    if not isinstance(head, dict):
        errors.append(SchemaError(rel, 0, "", "缺少 [benchmark] 表"))
        return None
    missing = [k for k in HEADER_REQUIRED if not head.get(k)]
    if missing:
        errors.append(SchemaError(rel, 0, str(head.get("id", "")), f"[benchmark] 缺少字段：{'、'.join(missing)}"))
        return None
    bid = str(head["id"]).strip()
    for k in ("issued", "effective"):
        if head.get(k) and not _valid_date(str(head[k])):
            errors.append(SchemaError(rel, 0, bid, f"{k} 应为 YYYY-MM-DD 日期"))
            return None
    sources = head["sources"]
    if not isinstance(sources, list) or not all(isinstance(s, dict) and s.get("url") for s in sources):
        errors.append(SchemaError(rel, 0, bid, "sources 应为 [{url, title}] 列表：每个基准须注明出处"))
        return None
    lines = _entry_lines(text, "row")
    rows = []
    for i, raw in enumerate(data.get("row", [])):
        got = _read_row(raw, bid, rel, lines[i] if i < len(lines) else 0, errors)
        if got is not None:
            rows.append(got)
    return Benchmark(bid, str(head["title"]).strip(), str(head["issuer"]).strip(), str(head.get("doc_number", "")).strip(),
                     str(head["issued"]), str(head["scope"]).strip(), tuple(sources), tuple(rows),
                     str(head.get("effective", "") or ""), str(head.get("under", "")), str(head.get("note", "")), rel)


def load_benchmarks(*folders: Path) -> BenchmarkSet:
    """Read every ``*.toml`` under each folder's ``benchmarks/`` (the project's corpus, then the data folder);
    a later file with the same id is an error, not a silent override."""
    out = BenchmarkSet()
    for folder in folders:
        root = Path(folder) / BENCHMARKS_DIR
        if not root.is_dir():
            continue
        for path in sorted(root.glob("*.toml")):
            rel = f"{root.parent.name}/{BENCHMARKS_DIR}/{path.name}"
            bm = read_benchmark(path, rel, out.errors)
            if bm is None:
                continue
            if bm.id in out.benchmarks:
                out.errors.append(SchemaError(rel, 0, bm.id, f"基准编号重复（另见 {out.benchmarks[bm.id].file}）"))
                continue
            out.benchmarks[bm.id] = bm
    return out


_cache: dict[tuple, tuple[tuple, BenchmarkSet]] = {}
_lock = threading.Lock()


def benchmarks_for(settings) -> BenchmarkSet:
    """The project's and the unit's benchmarks, reloaded when a file changes (servers keep one copy)."""
    folders = (Path(settings.corpus), Path(settings.data))
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                  for f in folders for p in sorted((f / BENCHMARKS_DIR).glob("*.toml")))
    got = _cache.get(folders)
    if got and got[0] == stamp:
        return got[1]
    bset = load_benchmarks(*folders)
    with _lock:
        _cache[folders] = (stamp, bset)
    return bset


# --------------------------------------------------------------------------- checks against the statute

def row_as_entry(bm: Benchmark, row: BenchmarkRow) -> Violation:
    """A row dressed as a catalogue entry, so the handbook's own statute checks (references, range, conditions)
    judge it exactly as they judge the example levels."""
    return Violation(id=f"{bm.id}:{row.provision}:{row.grade}", name=row.behaviour, topic="", description=row.standard,
                     keywords=[], subject="个人" if classify_role(row.addressee) != "单位" else "单位",
                     subject_role=row.addressee, violated=[], basis=[row.provision], behaviour=row.behaviour,
                     fact_template="", levels=[row.as_level()], mitigation=[], file=bm.file, line=row.line)


def quote_row(bm: Benchmark, row: BenchmarkRow, citation: str) -> str:
    """The adopted row as the 裁量理由 quotes it: which standard, which provision, which grade, its conditions
    and its standard, in the published words."""
    circ = "；".join(row.circumstances)
    return (f"{bm.label}对{citation}规定的“{row.behaviour}”，“{row.grade}”阶次的适用条件为“{circ}”，"
            f"裁量标准为“{row.standard}”")


def pseudo_violation(basis: list[str], subject_role: str) -> SimpleNamespace:
    """What `rows_for` needs of a drafted violation that has no catalogue entry."""
    return SimpleNamespace(basis=basis, subject_role=subject_role)


__all__ = ["Benchmark", "BenchmarkRow", "BenchmarkSet", "load_benchmarks", "benchmarks_for", "adopted_rows",
           "quote_row", "row_as_entry", "pseudo_violation", "BENCHMARKS_DIR"]
