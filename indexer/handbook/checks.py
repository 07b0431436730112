"""Checks of the handbook against the library (issue 6, point 3).

- every reference (违反条款, 处罚依据, mitigation rule bases, procedures.md citations) exists — law, version in
  force on the date, article, 款, 项 — and is in force;
- the 处罚依据 is a penalty provision the parser understood, and punishes the entry's subject;
- the text of the 处罚依据 contains the entry's `behaviour`;
- every discretion level's fine lies inside a statutory fine of the basis for that subject; a level that only
  fits a conditioned fine (逾期未改正的 …) must name that condition among its circumstances;
- each level's other sanctions exist in the basis provision, in the statute's own words (停业整顿 is not
  停产停业整顿), and every sanction the entry shows is worded as its provision words it;
- every entry is reachable by search (its name finds it among the first results).

Each failure is a `Failure`; `lawdesk handbook check` prints them, tests assert there are none."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ..penalties import (CORRECT, DETAIN_LICENCE, REFERRAL, REVOKE, STOP, SUSPEND, condition_types, format_ratio,
                         format_yuan, parse_sanctions)
from ..catalogue import catalogue as rule_catalogue
from ..dates import check_date
from ..errors import LawError
from ..refs import Ref
from .benchmarks import BenchmarkSet, row_as_entry
from .catalogue import Catalogue, Level, Violation
from .citations import extract
from .lenient import LenientLists
from .resolve import StatutoryBasis, normalise, resolve_ref, statutory_basis

CHECKS = ("schema", "ref", "in_force", "parse", "subject", "behaviour", "range", "sanction", "wording", "search",
          "procedure", "mitigation", "benchmark", "lenient")
CHECK_LABELS = {
    "schema": "格式", "ref": "条文不存在", "in_force": "条文非现行有效", "parse": "处罚依据不是罚则",
    "subject": "处罚主体不符", "behaviour": "行为表述与条文不符", "range": "裁量幅度超出法定幅度",
    "sanction": "处罚种类不在依据中", "wording": "处罚表述与条文不符", "search": "检索不到", "procedure": "程序手册引用", "mitigation": "从轻减轻规则引用",
    "benchmark": "裁量基准", "lenient": "轻罚免罚清单",
}


@dataclass(frozen=True)
class Failure:
    entry: str            # violation id, rule id, or the procedures file
    check: str            # one of CHECKS
    message: str          # Chinese
    ref: str = ""
    severity: str = "error"    # error / warning
    file: str = ""
    line: int = 0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["check_label"] = CHECK_LABELS.get(self.check, self.check)
        return d

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.file else ""
        tag = "错误" if self.severity == "error" else "提示"
        return f"[{tag}][{CHECK_LABELS.get(self.check, self.check)}] {self.entry} {self.message}" + (f"（{where}）" if where else "")


# --------------------------------------------------------------------------- references

def check_refs(lib, v: Violation, date: str) -> list[Failure]:
    out = []
    for key, label in (("violated", "违反条款"), ("basis", "处罚依据")):
        for r in getattr(v, key):
            info = resolve_ref(lib, r, date)
            if not info.ok:
                out.append(Failure(v.id, "ref", f"{label} {r}：{info.error}", r, file=v.file, line=v.line))
            elif not info.in_force:
                out.append(Failure(v.id, "in_force", f"{label} {r}：{info.error}", r, file=v.file, line=v.line))
    return out


def check_behaviour(v: Violation, bases: list[StatutoryBasis]) -> list[Failure]:
    want = normalise(v.behaviour)
    texts = [normalise(b.ref.text) for b in bases if b.ref.ok]
    if not texts:
        return []
    if any(want in t for t in texts):
        return []
    if any(want in normalise(b.ref.article_text) for b in bases if b.ref.ok):
        return [Failure(v.id, "behaviour", f"行为表述“{v.behaviour}”出现在条文中，但不在所引的款、项（"
                        f"{'、'.join(b.ref.ref for b in bases)}）中", ",".join(v.basis), "warning", v.file, v.line)]
    return [Failure(v.id, "behaviour", f"处罚依据 {'、'.join(v.basis)} 的条文中没有“{v.behaviour}”", ",".join(v.basis),
                    file=v.file, line=v.line)]


def _level_text(level: Level) -> str:
    return level.name + "；" + "；".join(level.circumstances)


def _condition_met(cond: str, level: Level, trigger_conditions: tuple[str, ...], context: str = "") -> bool:
    """Is a clause's condition stated by the level (its name and circumstances) or by the entry itself
    (`context`: name, description, behaviour — an entry about 发生较大事故 states it once for all levels)?"""
    if cond in trigger_conditions:
        return True
    text = normalise(_level_text(level) + "；" + context)
    if normalise(cond) in text:
        return True
    types = set(condition_types(cond))
    return bool(types) and types <= set(condition_types(_level_text(level) + "；" + context))


def _context(v: Violation) -> str:
    return "；".join([v.name, v.description, v.behaviour])


def _describe_fines(bases: list[StatutoryBasis], unit: str | None = None) -> str:
    parts = []
    for b in bases:
        for conds, f in b.fines():
            if unit and f.unit != unit:
                continue
            head = "；".join(c for c in conds if not (b.provision and c in b.provision.conditions))
            parts.append(f"{head + '：' if head else ''}{f.describe()}")
    return "；".join(dict.fromkeys(parts)) or "无罚款"


def check_levels(v: Violation, bases: list[StatutoryBasis]) -> list[Failure]:
    out: list[Failure] = []
    usable = [b for b in bases if b.provision is not None]
    if not usable:
        return out
    for lv in v.levels:
        if lv.unit is None:
            continue
        lo, hi = lv.low, lv.high
        if lo is None or hi is None:
            continue
        fits = []
        for b in usable:
            for c in b.clauses:
                for f in c.fines:
                    if f.contains(lo, hi, lv.unit, lv.fine_basis):
                        fits.append((b, c))
        if lv.unit == "yuan":
            shown = f"{format_yuan(lo)}至{format_yuan(hi)}"
        else:
            shown = f"{lv.fine_basis or ''}{format_ratio(lo)}至{format_ratio(hi)}"
        if not fits:
            out.append(Failure(v.id, "range", f"裁量档次“{lv.name}”的罚款 {shown} 不在法定幅度内（{v.subject_role}："
                               f"{_describe_fines(usable, lv.unit)}）", ",".join(v.basis), file=v.file, line=v.line))
            continue
        ok = False
        for b, c in fits:
            trig = b.provision.conditions if b.provision else ()
            if all(_condition_met(cond, lv, trig, _context(v)) for cond in c.conditions):
                ok = True
                break
        if not ok:
            need = "；".join(dict.fromkeys(cond for b, c in fits for cond in c.conditions
                                            if not (b.provision and cond in b.provision.conditions)))
            out.append(Failure(v.id, "range", f"裁量档次“{lv.name}”的罚款 {shown} 只在“{need}”时才有法定依据，"
                               f"但该档次的情形没有写明这一条件（基本幅度：{_describe_fines(usable, lv.unit)}）",
                               ",".join(v.basis), "warning", v.file, v.line))
    # a level without a fine where the statute says 处…罚款 without 可以
    for lv in v.levels:
        if lv.unit is None:
            mandatory = [s.fine for b in usable for c in b.clauses if not c.conditions for s in c.sanctions
                         if s.kind == "罚款" and s.mode == "must" and s.fine and s.fine.min]
            if mandatory and mandatory[0] is not None:
                out.append(Failure(v.id, "range", f"裁量档次“{lv.name}”不罚款，但处罚依据规定应当并处罚款"
                                   f"（{mandatory[0].describe()}）", ",".join(v.basis), "warning", v.file, v.line))
    return out


_EQUIVALENT = {STOP: {STOP, SUSPEND}, SUSPEND: {SUSPEND, STOP}, DETAIN_LICENCE: {DETAIN_LICENCE, REVOKE},
               REVOKE: {REVOKE, DETAIN_LICENCE}}


def check_other_sanctions(v: Violation, bases: list[StatutoryBasis]) -> list[Failure]:
    out: list[Failure] = []
    usable = [b for b in bases if b.provision is not None]
    if not usable:
        return out
    for lv in v.levels:
        for other in lv.other:
            kinds = {s.kind for s in parse_sanctions(other)}
            if not kinds:
                kinds = {s.kind for s in parse_sanctions("责令" + other)}
            if not kinds:
                out.append(Failure(v.id, "sanction", f"裁量档次“{lv.name}”的“{other}”不是可识别的处罚或措施",
                                   ",".join(v.basis), "warning", v.file, v.line))
                continue
            for kind in kinds:
                if kind == CORRECT:
                    continue   # 行政处罚法 第二十八条: every penalty comes with an order to correct
                allowed = _EQUIVALENT.get(kind, {kind})
                where = [(b, c) for b in usable for c in b.all_clauses if allowed & {s.kind for s in c.sanctions}]
                if not where:
                    out.append(Failure(v.id, "sanction", f"裁量档次“{lv.name}”的“{other}”在处罚依据中没有规定",
                                       ",".join(v.basis), file=v.file, line=v.line))
                    continue
                if not any(all(_condition_met(cond, lv, b.provision.conditions if b.provision else (), _context(v))
                               for cond in c.conditions)
                           for b, c in where):
                    need = "；".join(dict.fromkeys(cond for b, c in where for cond in c.conditions))
                    out.append(Failure(v.id, "sanction", f"裁量档次“{lv.name}”的“{other}”只在“{need}”时才能适用，"
                                       f"但该档次的情形没有写明这一条件", ",".join(v.basis), "warning", v.file, v.line))
    return out


# A measure's words without what links it to the one before (并处/或者/直至/可以) or who orders it (责令, 由…机关):
# what is left is the measure itself, which must be the statute's.
_LINK = re.compile(r"^(?:并|或者|直至|可以|单处或者并处|依法|并由[^，；。]{2,20}?(?:部门|机关)|由[^，；。]{2,20}?(?:部门|机关)|责令)+")
# A generic order to correct: 行政处罚法 第二十八条 attaches it to every penalty, so its wording is not checked.
_GENERIC_CORRECTION = re.compile(r"^(?:责令)?(?:限期|立即|当场)?(?:改正|整改)$")


def measure_key(words: str) -> str:
    return _LINK.sub("", normalise(words).removesuffix("。")).replace("其", "")


def _provision_words(bases: list[StatutoryBasis]) -> dict[str, list[str]]:
    """kind -> the statute's words for every measure of that kind in the basis provisions."""
    out: dict[str, list[str]] = {}
    for b in bases:
        for c in b.all_clauses:
            for sn in c.sanctions:
                out.setdefault(sn.kind, []).append(sn.plain())
    return out


def check_other_wording(v: Violation, bases: list[StatutoryBasis]) -> list[Failure]:
    """A level's authored measures (other) must be the statute's measures, word for word: a paraphrase such as
    停产停业整顿 for 停业整顿, or 责令其办理 for 责令其办理经营范围变更登记, changes the legal measure."""
    usable = [b for b in bases if b.provision is not None]
    if not usable:
        return []
    words = _provision_words(usable)
    keys = {measure_key(w) for ws in words.values() for w in ws}
    out = []
    for lv in v.levels:
        for other in lv.other:
            parsed = parse_sanctions(other) or parse_sanctions("责令" + other)
            for sn in parsed:
                if _GENERIC_CORRECTION.match(measure_key(sn.plain()) or "改正") or sn.kind == REFERRAL:
                    continue
                if measure_key(sn.plain()) in keys:
                    continue
                same = [w for k in _EQUIVALENT.get(sn.kind, {sn.kind}) for w in words.get(k, [])]
                if not same:
                    continue            # reported by check_other_sanctions (no such measure at all)
                out.append(Failure(v.id, "wording", f"裁量档次“{lv.name}”的“{other}”与条文的表述不同："
                                   f"条文为“{'”“'.join(dict.fromkeys(same))}”", ",".join(v.basis), file=v.file, line=v.line))
    return out


def check_derived_wording(lib, v: Violation, bases: list[StatutoryBasis], date: str) -> list[Failure]:
    """Every sanction the entry shows (parsed from the provision) is found word for word in the statute text:
    a parser that shortens or widens a measure is caught here, not by a reader of a decision."""
    out = []
    for b in bases:
        if b.provision is None:
            continue
        own = normalise(b.provision.text + b.ref.text)        # the paragraph's lead and the cited item
        for c in b.addressed:
            text = own
            if c.inherited_from:
                text += normalise(resolve_ref(lib, re.sub(r"@[^/]+", "", c.inherited_from), date).text)
            for sn in c.sanctions:
                if sn.words and normalise(sn.words) not in text:
                    out.append(Failure(v.id, "wording", f"处罚依据 {b.ref.citation} 的处罚“{sn.words}”在条文中找不到原文",
                                       b.ref.ref, file=v.file, line=v.line))
    return out


def check_entry(lib, v: Violation, date: str) -> list[Failure]:
    out = check_refs(lib, v, date)
    bases = statutory_basis(lib, v, date)
    for b in bases:
        if b.ref.ok and b.provision is None:
            out.append(Failure(v.id, "parse", f"处罚依据 {b.ref.ref}（{b.ref.citation}）不是可解析的罚则条款",
                               b.ref.ref, file=v.file, line=v.line))
        elif b.provision is not None and not b.clauses:
            out.append(Failure(v.id, "subject", f"处罚依据 {b.ref.citation} 对“{v.subject_role}”没有规定处罚"
                               f"（条文的处罚对象：{'、'.join(dict.fromkeys(c.subject or '当事人' for c in b.all_clauses))}）",
                               b.ref.ref, file=v.file, line=v.line))
        elif b.provision is not None and all(s.kind == REFERRAL for c in b.clauses for s in c.sanctions):
            out.append(Failure(v.id, "parse", f"处罚依据 {b.ref.citation} 只是转致其他法律（"
                               f"{'、'.join(b.provision.referrals)}），应引用实际规定处罚的条文", b.ref.ref,
                               "warning", v.file, v.line))
    out += check_behaviour(v, bases)
    out += check_levels(v, bases)
    out += check_other_sanctions(v, bases)
    out += check_other_wording(v, bases)
    out += check_derived_wording(lib, v, bases, date)
    return out


def check_rules(lib, cat: Catalogue, date: str) -> list[Failure]:
    out = []
    for rule in cat.rules.values():
        for r in rule.basis:
            info = resolve_ref(lib, r, date)
            if not info.ok or not info.in_force:
                out.append(Failure(rule.id, "mitigation", f"{r}：{info.error}", r, file="corpus/handbook/mitigation.toml"))
    return out


def check_lenient(lib, cat: Catalogue, lists: LenientLists) -> list[Failure]:
    """Each entry's refs exist in the version in force when its list took effect (a 部门规章 the library has no
    text for is a warning naming it: the entry cannot be checked), and its handbook violation shares a penalty
    provision with it."""
    rules = rule_catalogue()
    out = [Failure(e.entry or e.file, "lenient", e.message, file=e.file) for e in lists.errors]
    for e in lists.entries:
        date = e.list.in_force.isoformat()
        for r in (*e.violated, *e.basis):
            info = resolve_ref(lib, r, date)
            if info.ok:
                continue
            known = rules.find(Ref.parse(r).law)
            out.append(Failure(e.id, "lenient", f"{r}：{known.describe(date) if known else info.error}", r,
                               severity="warning" if known else "error", file=e.list.file))
        for vid in e.handbook:
            v = cat.get(vid)
            if v is not None and not _provisions(v.basis) & _provisions(e.basis):
                out.append(Failure(e.id, "lenient", f"清单事项的处罚依据（{'、'.join(e.basis)}）与 {vid} 的处罚依据"
                                   f"（{'、'.join(v.basis)}）没有共同的条款", severity="warning", file=e.list.file))
    return out


def _provisions(refs) -> set[Ref]:
    return {Ref.parse(r).undated() for r in refs}


def check_procedures(lib, cat: Catalogue, date: str) -> list[Failure]:
    out = []
    if not cat.procedures_text:
        return [Failure("procedures.md", "procedure", "程序手册 corpus/handbook/procedures.md 不存在", severity="warning")]
    for c in extract(cat.procedures_text):
        try:
            law = lib.find_law(c.law_name)
        except LawError:
            out.append(Failure("procedures.md", "procedure", f"《{c.law_name}》{c.text}：法规库中没有这部法规",
                               file=cat.procedures_file, line=c.line))
            continue
        ref = c.ref(law.key)
        info = resolve_ref(lib, str(ref), date)
        if not info.ok or not info.in_force:
            out.append(Failure("procedures.md", "procedure", f"《{c.law_name}》{c.text}（{ref}）：{info.error}", str(ref),
                               file=cat.procedures_file, line=c.line))
    return out


def procedure_citations(lib, cat: Catalogue) -> list[dict]:
    """Every citation of procedures.md with its resolution (for pages and tests)."""
    out = []
    for c in extract(cat.procedures_text):
        try:
            key = lib.find_law(c.law_name).key
        except LawError:
            key = c.law_name
        out.append({"line": c.line, "text": c.text, "law": c.law_name, "ref": str(c.ref(key))})
    return out


def check_search(lib, cat: Catalogue, limit: int = 3) -> list[Failure]:
    from .search import search_handbook
    out = []
    for v in cat.violations:
        res = search_handbook(lib, v.name, limit=limit, kinds=("handbook",), catalogue=cat)
        ids = [r["id"] for r in res["results"]]
        if v.doc_id not in ids:
            out.append(Failure(v.id, "search", f"以名称“{v.name}”检索，前 {limit} 条结果中没有该条目（得到：{'、'.join(ids) or '无'}）",
                               file=v.file, line=v.line))
    return out


def check_benchmarks(lib, bset: BenchmarkSet, as_of: str | None = None) -> list[Failure]:
    """Every row's 处罚依据 exists and punishes its addressee, and its fine lies inside the statutory range (in the
    version in force when the 基准 took effect, or on `as_of`)."""
    out = [Failure(e.entry or e.file, "benchmark", e.message, file=e.file, line=e.line) for e in bset.errors]
    for bm in bset.benchmarks.values():
        day = as_of or bm.effective or bm.issued
        for row in bm.rows:
            entry = row_as_entry(bm, row)
            refs = check_refs(lib, entry, day)
            out += [Failure(entry.id, "benchmark", f.message, f.ref, f.severity, f.file, f.line) for f in refs]
            if refs:
                continue
            bases = statutory_basis(lib, entry, day)
            if any(b.provision is not None and not b.clauses for b in bases):
                out.append(Failure(entry.id, "benchmark", f"{row.provision} 对“{row.addressee}”没有规定处罚", row.provision,
                                   file=bm.file, line=row.line))
                continue
            out += [Failure(entry.id, "benchmark", f.message, f.ref, f.severity, f.file, f.line)
                    for f in check_levels(entry, bases)]
    return out


def run_checks(lib, cat: Catalogue, as_of: str | None = None, search: bool = True, benchmarks=None,
               lenient: LenientLists | None = None) -> list[Failure]:
    """`benchmarks` (a BenchmarkSet) adds the published 裁量基准 rows, each checked against its provision;
    `lenient` the lenient lists' entries (check_lenient)."""
    date = check_date(as_of)
    out = [Failure(e.entry or e.file, "schema", e.message, file=e.file, line=e.line) for e in cat.errors]
    for v in cat.violations:
        out += check_entry(lib, v, date)
    out += check_rules(lib, cat, date)
    out += check_procedures(lib, cat, date)
    if search:
        out += check_search(lib, cat)
    if benchmarks is not None:
        out += check_benchmarks(lib, benchmarks, as_of)
    if lenient is not None:
        out += check_lenient(lib, cat, lenient)
    return out


__all__ = ["Failure", "run_checks", "check_benchmarks", "check_lenient", "check_entry", "check_procedures", "check_search", "check_rules", "CHECKS",
           "CHECK_LABELS", "procedure_citations", "Ref"]
