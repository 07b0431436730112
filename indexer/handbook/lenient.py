"""The published lenient-enforcement lists (corpus/lenient/*.toml): 轻微违法行为不予行政处罚 and 首违不罚 entries,
each tied to its handbook violation, and whether a case's facts meet an entry's conditions.

Files (one per published list; the format is in corpus/lenient/README.md): ``[list]`` id, title, issuer, number,
region (where it binds), in_force, expires, sources, first_period_years, common_conditions, excluded_subjects;
``[[entry]]`` no, kind, behaviour, conditions, violated, basis, handbook, note. Every file in the folder is read:
an office adds its own list by dropping a file there.

The conditions of 行政处罚法 第三十三条第一款 are the law's, and are checked here from the case's facts:

- kind 不予处罚 (first sentence): 违法行为轻微并及时改正，没有造成危害后果;
- kind 可以不予处罚 (second sentence, 首违不罚): 初次违法且危害后果轻微并及时改正.

A list's own conditions (涉及人员3人以下 …) and its common ones (近三年未发生死亡事故 …) are facts only the officer can
confirm: they are shown, and a case states whether they are met."""

from __future__ import annotations

import datetime as dt
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..jurisdiction import Jurisdiction, JurisdictionError
from ..refs import Ref, RefError
from .catalogue import SchemaError, catalogue

KINDS = ("不予处罚", "可以不予处罚")
# the handbook's mitigation rule (corpus/handbook/mitigation.toml) each kind applies
RULE_OF_KIND = {"不予处罚": "MIT-MINOR-CORRECTED", "可以不予处罚": "MIT-FIRST-MINOR"}
HARMS = ("没有造成危害后果", "危害后果轻微", "造成危害后果")
LIST_KEYS = ("id", "title", "issuer", "region", "in_force", "sources")
ENTRY_KEYS = ("no", "kind", "behaviour", "conditions", "violated", "basis")


@dataclass(frozen=True)
class LenientList:
    id: str
    title: str
    issuer: str
    number: str
    region: str
    place: Jurisdiction
    in_force: dt.date
    expires: dt.date | None
    sources: tuple[str, ...]
    first_period_years: int
    common_conditions: tuple[str, ...]
    excluded_subjects: tuple[str, ...]
    file: str

    @property
    def cited(self) -> str:
        return f"《{self.title}》" + (f"（{self.number}）" if self.number else "")

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force <= day and (self.expires is None or day <= self.expires)

    def binds(self, where: Jurisdiction | None) -> bool | None:
        """True where the unit enforces inside the list's region; None when the unit's place is not set."""
        if where is None:
            return None
        p = self.place
        return (p.province == where.province and (not p.city or p.city == where.city)
                and (not p.district or p.district == where.district))

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "issuer": self.issuer, "number": self.number,
                "region": self.region, "in_force": self.in_force.isoformat(),
                "expires": self.expires.isoformat() if self.expires else "", "sources": list(self.sources),
                "first_period_years": self.first_period_years, "common_conditions": list(self.common_conditions),
                "excluded_subjects": list(self.excluded_subjects), "cited": self.cited}


@dataclass(frozen=True)
class LenientEntry:
    list: LenientList
    no: int
    kind: str
    behaviour: str
    conditions: tuple[str, ...]
    violated: tuple[str, ...]
    basis: tuple[str, ...]
    handbook: tuple[str, ...]
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.list.id}-{self.no}"

    @property
    def rule(self) -> str:
        return RULE_OF_KIND[self.kind]

    @property
    def cited(self) -> str:
        return f"{self.list.cited}第{self.no}项"

    def to_dict(self) -> dict:
        return {"id": self.id, "no": self.no, "kind": self.kind, "behaviour": self.behaviour,
                "conditions": list(self.conditions), "violated": list(self.violated), "basis": list(self.basis),
                "handbook": list(self.handbook), "note": self.note, "rule": self.rule, "cited": self.cited,
                "list": self.list.to_dict()}


@dataclass
class LenientLists:
    lists: list[LenientList]
    entries: list[LenientEntry]
    errors: list[SchemaError] = field(default_factory=list)

    def get(self, entry_id: str) -> LenientEntry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def for_violation(self, violation_id: str, on: dt.date | None = None,
                      where: Jurisdiction | None = None) -> list[LenientEntry]:
        """Entries for a handbook violation: in force on `on` (when given) and binding at `where` (when the
        unit's place is known), nearest list first (a district's, a city's, then the province's)."""
        got = [e for e in self.entries if violation_id in e.handbook
               and (on is None or e.list.in_force_on(on)) and e.list.binds(where) is not False]
        return sorted(got, key=lambda e: (-_depth(e.list.place), e.list.id, e.no))


def _depth(p: Jurisdiction) -> int:
    return 1 + bool(p.city) + bool(p.district)


# ------------------------------------------------------------------------------------------------ facts


@dataclass(frozen=True)
class LenientFacts:
    """What the case says about 行政处罚法 第三十三条第一款's conditions. None / "": not stated yet."""
    first: bool | None = None           # 初次违法 (within the list's period where it sets one)
    harm: str = ""                      # one of HARMS
    corrected: bool | None = None       # 及时改正
    conditions_met: bool | None = None  # the list's own and common conditions, as the officer confirmed them
    excluded: bool = False              # the party is a subject the list excludes


@dataclass
class Assessment:
    entry: LenientEntry
    met: list[str]                      # conditions the facts show
    failed: list[str]                   # conditions the facts contradict
    unknown: list[str]                  # conditions not stated yet

    @property
    def qualifies(self) -> bool:
        return not self.failed and not self.unknown

    @property
    def outcome(self) -> str:
        """不予处罚 (the law says 不予), 可以不予处罚, or "" when it does not (yet) qualify."""
        return self.entry.kind if self.qualifies else ""

    def to_dict(self) -> dict:
        return {"entry": self.entry.to_dict(), "met": self.met, "failed": self.failed, "unknown": self.unknown,
                "qualifies": self.qualifies, "outcome": self.outcome}


def assess(entry: LenientEntry, facts: LenientFacts) -> Assessment:
    met: list[str] = []
    failed: list[str] = []
    unknown: list[str] = []

    def check(label: str, value: bool | None) -> None:
        (unknown if value is None else met if value else failed).append(label)

    if entry.kind == "可以不予处罚":
        period = entry.list.first_period_years
        check(f"初次违法（{period}年内首次被发现）" if period else "初次违法", facts.first)
        harm_ok = None if not facts.harm else facts.harm in ("没有造成危害后果", "危害后果轻微")
        check("危害后果轻微", harm_ok)
    else:
        check("违法行为轻微，没有造成危害后果", None if not facts.harm else facts.harm == "没有造成危害后果")
    check("及时改正", facts.corrected)
    listed = [*entry.list.common_conditions, *entry.conditions]
    if listed:
        check("清单所列适用条件：" + "；".join(listed), facts.conditions_met)
    if entry.list.excluded_subjects:
        check("当事人不属于清单排除的主体（" + "、".join(entry.list.excluded_subjects) + "）", not facts.excluded)
    return Assessment(entry, met, failed, unknown)


# ------------------------------------------------------------------------------------------------ loading


def _date(value, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"{what}不是日期（YYYY-MM-DD）：{value}") from exc


def _strings(raw: dict, key: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ValueError(f"{key} 应为字符串列表")
    return tuple(value)


def _read_list(raw: dict, rel: str) -> LenientList:
    missing = [k for k in LIST_KEYS if not raw.get(k)]
    if missing:
        raise ValueError(f"[list] 缺少 {'、'.join(missing)}")
    try:
        place = Jurisdiction.parse(raw["region"])
    except JurisdictionError as exc:
        raise ValueError(exc.message) from exc
    if place is None:
        raise ValueError("region 为空")
    expires = raw.get("expires") or ""
    return LenientList(
        str(raw["id"]), raw["title"], raw["issuer"], raw.get("number", ""), raw["region"], place,
        _date(raw["in_force"], "in_force "), _date(expires, "expires ") if expires else None,
        _strings(raw, "sources"), int(raw.get("first_period_years", 0) or 0), _strings(raw, "common_conditions"),
        _strings(raw, "excluded_subjects"), rel)


def _read_entry(raw: dict, lst: LenientList) -> LenientEntry:
    missing = [k for k in ENTRY_KEYS if k not in raw]
    if missing:
        raise ValueError(f"缺少 {'、'.join(missing)}")
    if raw["kind"] not in KINDS:
        raise ValueError(f"kind 应为 {'/'.join(KINDS)}，实为“{raw['kind']}”")
    refs = {k: _strings(raw, k) for k in ("violated", "basis")}
    for r in (*refs["violated"], *refs["basis"]):
        try:
            Ref.parse(r)
        except RefError as exc:
            raise ValueError(f"引用无法解析：{r}（{exc}）") from exc
    return LenientEntry(lst, int(raw["no"]), raw["kind"], str(raw["behaviour"]), _strings(raw, "conditions"),
                        refs["violated"], refs["basis"], _strings(raw, "handbook"), str(raw.get("note", "")))


def load_lenient(corpus: Path, known_violations: set[str] | None = None) -> LenientLists:
    """Read corpus/lenient/*.toml. A bad file or entry is a SchemaError, never an exception: the rest loads."""
    root = Path(corpus) / "lenient"
    lists: list[LenientList] = []
    entries: list[LenientEntry] = []
    errors: list[SchemaError] = []
    for path in sorted(root.glob("*.toml")) if root.exists() else []:
        rel = f"corpus/lenient/{path.name}"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            lst = _read_list(data.get("list", {}), rel)
        except (tomllib.TOMLDecodeError, ValueError) as exc:
            errors.append(SchemaError(rel, 0, "", str(exc)))
            continue
        if any(x.id == lst.id for x in lists):
            errors.append(SchemaError(rel, 0, lst.id, "清单编号重复"))
            continue
        lists.append(lst)
        seen: set[int] = set()
        for raw in data.get("entry", []):
            try:
                e = _read_entry(raw, lst)
            except (ValueError, TypeError) as exc:
                errors.append(SchemaError(rel, 0, f"{lst.id}-{raw.get('no', '?')}", str(exc)))
                continue
            if e.no in seen:
                errors.append(SchemaError(rel, 0, e.id, "清单内序号重复"))
                continue
            seen.add(e.no)
            unknown = [h for h in e.handbook if known_violations is not None and h not in known_violations]
            if unknown:
                errors.append(SchemaError(rel, 0, e.id, f"处罚裁量手册中没有 {'、'.join(unknown)}"))
            entries.append(e)
    return LenientLists(lists, entries, errors)


_cache: dict[str, tuple[tuple, LenientLists]] = {}
_lock = threading.Lock()


def lenient_lists(corpus: Path) -> LenientLists:
    """`load_lenient` checked against the handbook, reloaded when a file under corpus/lenient changes (servers
    keep one copy)."""
    root = Path(corpus) / "lenient"
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in root.glob("*.toml"))) \
        if root.exists() else ()
    key = str(root)
    with _lock:
        got = _cache.get(key)
        if got and got[0] == stamp:
            return got[1]
        known = {v.id for v in catalogue(corpus).violations}
        loaded = load_lenient(corpus, known)
        _cache[key] = (stamp, loaded)
        return loaded
