"""Discretion calculator: violation + circumstances + mitigation → suggested sanction, fine range and the
reasons to quote in the decision.

How the suggestion is made (all of it shown to the officer, who decides):

1. the discretion level: the most severe level any of the given circumstances belongs to (a circumstance is
   one of the levels' circumstance texts, or a level name); none given → the lowest level, with a warning;
2. mitigation (corpus/handbook/mitigation.toml, 行政处罚法 第三十条至第三十三条、第三十六条):
   不予处罚 → no penalty, order to correct and education (第二十八条第一款、第三十三条第三款);
   可以不予处罚 → no penalty suggested, the level's range kept as the alternative;
   (可以)从轻或者减轻 → 从轻: the lower third of the level's range; 减轻: below the statutory minimum, stated
   as an option (a fine below the minimum needs the 减轻 ground written in the decision);
3. the statutory range of the basis provision (parsed, for the entry's subject) bounds the result, and the
   other sanctions of the level (责令限期改正 …) are listed.

Reasons cite 行政处罚法 第五条第二款 (过罚相当), 第三十四条 (裁量基准) and the rule articles."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from ..dates import check_date
from ..penalties import format_ratio, format_yuan
from .benchmarks import Benchmark, adopted_rows, quote_row
from .catalogue import Catalogue, Level, MitigationRule, Violation
from .lenient import Assessment, LenientEntry, LenientFacts, assess
from .resolve import normalise, resolve_ref, statutory_basis

PROPORTIONALITY = "行政处罚法/5/2"
STANDARDS = "行政处罚法/34"
CORRECTION = "行政处罚法/28/1"
EDUCATION = "行政处罚法/33/3"


EXAMPLE_LEVELS = ("裁量档次是本手册编写的示例，不是公布的行政处罚裁量基准；写入处罚决定书前，须按本单位采用并公布的"
                  "裁量基准（应急管理部令第12号、应急〔2024〕90号及本省适用细则）核对档次、情形和幅度，并在裁量理由中引用该基准")


class CalcError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Suggestion:
    entry: str
    name: str
    level: str | None
    matched: list[str]                 # circumstances recognised
    unknown: list[str]                 # circumstances not found in the entry
    outcome: str                       # 处罚 / 不予处罚 / 可以不予处罚
    adjustment: str | None             # 从轻 / 从轻或者减轻 / 可以从轻或者减轻
    fine: dict | None                  # {"unit","min","max","basis","text"}
    level_fine: dict | None            # the level's range before mitigation
    statutory: list[str]               # the statutory sanctions for the subject (parsed)
    sanctions: list[str]               # sanctions besides the fine
    reasons: list[str]                 # sentences for the decision
    citations: list[dict] = field(default_factory=list)   # {"ref","citation","in_force"}
    warnings: list[str] = field(default_factory=list)
    rules: list[dict] = field(default_factory=list)
    # the adopted 基准 row the level came from ({id, label, grade, standard, source, locator}); None: the levels
    # are the project's example, which a decision must not print (example=True)
    benchmark: dict | None = None
    example: bool = True
    # the lenient-list entries (corpus/lenient) for the violation where the unit enforces, each assessed
    # against the facts given; the first that qualifies applied its 第三十三条 rule
    lenient: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _fine_dict(unit: str | None, lo, hi, basis: str | None) -> dict | None:
    if unit is None or lo is None or hi is None:
        return None
    if unit == "yuan":
        text = f"罚款{format_yuan(lo)}" if lo == hi else f"罚款{format_yuan(lo)}至{format_yuan(hi)}"
    else:
        b = basis or ""
        text = (f"处{b}{format_ratio(lo)}的罚款" if lo == hi else
                f"处{b}{format_ratio(lo)}至{format_ratio(hi)}的罚款")
    return {"unit": unit, "min": lo, "max": hi, "basis": basis, "text": text}


def _round_yuan(v: float) -> int:
    step = 1000 if v >= 10000 else 100
    return int(round(v / step) * step)


def match_circumstances(v: Violation, given: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """level name -> matched circumstances; and the circumstances not found."""
    matched: dict[str, list[str]] = {}
    unknown = []
    for g in given:
        g0 = normalise(g)
        if not g0:
            continue
        hit = False
        for lv in v.levels:
            if g0 == normalise(lv.name):
                matched.setdefault(lv.name, []).append(g)
                hit = True
                continue
            for c in lv.circumstances:
                c0 = normalise(c)
                if g0 == c0 or (len(g0) >= 4 and (g0 in c0 or c0 in g0)):
                    matched.setdefault(lv.name, []).append(c)
                    hit = True
        if not hit:
            unknown.append(g)
    return matched, unknown


def _cite(lib, ref: str, date: str, used: list[dict]) -> str:
    info = resolve_ref(lib, ref, date)
    text = info.citation or ref
    if not any(u["ref"] == ref for u in used):
        used.append({"ref": ref, "citation": text, "in_force": info.in_force, "ok": info.ok})
    return text


def _cites(lib, refs, date, used) -> str:
    return "、".join(_cite(lib, r, date, used) for r in refs)


# Facts that exclude 不予处罚 under 行政处罚法 第三十三条第一款, whose two sentences require 没有造成危害后果 /
# 危害后果轻微: a major accident hazard, a death or an accident is not a harmless or slightly harmful act.
GRAVE_MARKERS = ("重大事故隐患", "死亡", "重伤", "特别重大事故", "重大事故", "较大事故", "一般事故", "发生事故",
                 "导致事故", "引发险情", "造成")


def _grave(text: str) -> str | None:
    if any(neg in text for neg in ("未造成", "没有造成", "未发生", "未构成", "不构成")):
        return None
    return next((m for m in GRAVE_MARKERS if m in text), None)


def _refuse_unlawful_leniency(lib, v, matched: dict, rules: list, date: str) -> None:
    """A harm-conditioned 不予处罚 rule together with a circumstance that shows harm is a contradiction: an error
    naming both, never a silent 不予处罚 (issue 18.2)."""
    chosen = [c for cs in matched.values() for c in cs] + [name for name in matched]
    for r in rules:
        if r.kind not in ("不予处罚", "可以不予处罚") or "危害后果" not in r.condition:
            continue
        for c in chosen:
            marker = _grave(c)
            if marker:
                cite = _cites(lib, r.basis, date, [])
                raise CalcError(f"情形“{c}”与“{r.condition.rstrip('的')}”相互矛盾：{cite}规定的不予处罚以没有造成"
                                f"危害后果或者危害后果轻微为条件，案件涉及“{marker}”的，不得不予处罚")


NO_ROW = "本单位采用的裁量基准（{labels}）中没有该违法行为的条目，以下按处罚裁量手册示例档次计算，不能直接写入处罚决定书"


def calculate(lib, cat: Catalogue, entry_id: str, circumstances: list[str] | None = None,
              mitigation: list[str] | None = None, level: str | None = None, as_of: str | None = None,
              party: str = "当事人", benchmarks: list[Benchmark] | None = None,
              lenient: list[LenientEntry] | None = None, facts: LenientFacts | None = None) -> Suggestion:
    """`benchmarks`: the 裁量基准 the unit adopted, in its order of priority. The first one with rows for the
    entry supplies the levels (its grades, conditions and ranges) and the 裁量理由 quotes the row; without one
    the handbook's example levels are used and the suggestion is marked as an example.

    `lenient`: the published lenient-list entries for the violation that bind the unit (LenientLists.
    for_violation); `facts` what the case shows of their conditions. An entry whose conditions all hold applies
    its 第三十三条第一款 rule as if the officer had chosen it, and the reasons name the list."""

    date = check_date(as_of)
    v = cat.get(entry_id)
    if v is None:
        raise CalcError(f"处罚裁量手册中没有编号为“{entry_id}”的违法行为")
    bm, rows = adopted_rows(v, benchmarks or [], date)
    if rows:
        v = replace(v, levels=[r.as_level() for r in rows])
    circumstances = [c for c in (circumstances or []) if c and c.strip()]
    mitigation = [m.strip() for m in (mitigation or []) if m and m.strip()]
    warnings: list[str] = []
    if benchmarks and not rows:
        warnings.append(NO_ROW.format(labels="、".join(b.label for b in benchmarks)))
    used: list[dict] = []
    # -- level
    matched, unknown = match_circumstances(v, circumstances)
    if unknown:
        # an unlisted circumstance would otherwise vanish from the reasons while the officer thinks it counted
        listed = "；".join(c for lv in v.levels for c in lv.circumstances)
        raise CalcError(f"情形“{'”“'.join(unknown)}”不是{v.id}裁量档次中列出的情形"
                        f"（可选：{listed or '无'}；也可写档次名）")
    chosen: Level | None = None
    if level:
        chosen = v.level(level)
        if chosen is None:
            raise CalcError(f"{v.id} 没有名为“{level}”的裁量档次（可选：{'、'.join(lv.name for lv in v.levels)}）")
    elif matched:
        chosen = [lv for lv in v.levels if lv.name in matched][-1]
    elif v.levels:
        chosen = v.levels[0]
        warnings.append(f"未给出违法情形，按最低档次“{chosen.name}”计算；请核对案件事实后选择情形")
    # -- mitigation rules
    rules: list[MitigationRule] = []
    for m in mitigation:
        r = cat.rules.get(m)
        if r is None:
            raise CalcError(f"没有编号为“{m}”的从轻、减轻或者不予处罚规则")
        if m not in v.mitigation:
            warnings.append(f"规则 {m} 未列为该违法行为的常见适用情形，请确认其条件确已具备")
        rules.append(r)
    assessed = [assess(e, facts or LenientFacts()) for e in (lenient or [])]
    applied_entry = _apply_lenient(cat, assessed, rules, warnings)
    _refuse_unlawful_leniency(lib, v, matched, rules, date)
    kinds = {r.kind for r in rules}
    row = next((r for r in rows if chosen is not None and r.grade == chosen.name), None)
    # -- statutory range (parsed)
    bases = statutory_basis(lib, v, date)
    statutory = [line for b in bases for line in b.sanction_lines()[0]]
    base_fine = next((b.base_fine() for b in bases if b.base_fine()), None)
    if not any(b.provision for b in bases):
        warnings.append("处罚依据未能解析出法定处罚，请人工核对条文")
    # -- outcome
    level_fine = _fine_dict(chosen.unit, chosen.low, chosen.high, chosen.fine_basis) if chosen else None
    fine = dict(level_fine) if level_fine else None
    outcome, adjustment = "处罚", None
    if "不予处罚" in kinds:
        outcome, fine = "不予处罚", None
    elif "可以不予处罚" in kinds:
        outcome = "可以不予处罚"
    if outcome != "不予处罚" and ({"从轻或者减轻", "可以从轻或者减轻"} & kinds) and fine:
        adjustment = "从轻或者减轻" if "从轻或者减轻" in kinds else "可以从轻或者减轻"
        lo, hi = fine["min"], fine["max"]
        if fine["unit"] == "yuan":
            new_hi = _round_yuan(lo + (hi - lo) / 3) if hi > lo else hi
            fine = _fine_dict("yuan", lo, max(lo, new_hi), None)
        else:
            new_hi = round(lo + (hi - lo) / 3, 4) if hi > lo else hi
            fine = _fine_dict("ratio", lo, max(lo, new_hi), fine["basis"])
    sanctions = list(chosen.other) if chosen else []
    if outcome == "不予处罚":
        sanctions = ["责令改正违法行为", "对当事人进行教育"]
    # -- reasons
    reasons = []
    who = party or "当事人"
    if v.violated:
        reasons.append(f"{who}的上述行为违反了{_cites(lib, v.violated, date, used)}的规定。")
    basis_text = _cites(lib, v.basis, date, used)
    if statutory:
        reasons.append(f"依据{basis_text}的规定，{'；'.join(statutory[:4])}。")
    else:
        reasons.append(f"处罚依据为{basis_text}。")
    if outcome == "不予处罚":
        for r in rules:
            if r.kind == "不予处罚":
                also = _listed_as(applied_entry, r)
                reasons.append(f"鉴于{who}{r.condition.rstrip('的')}{also}，依据{_cites(lib, r.basis, date, used)}"
                               f"的规定，不予行政处罚。")
        reasons.append(f"依据{_cite(lib, CORRECTION, date, used)}和{_cite(lib, EDUCATION, date, used)}的规定，"
                       f"责令{who}改正违法行为，并对其进行教育。")
    else:
        if chosen is not None and row is not None and bm is not None:
            circ = "、".join(dict.fromkeys(matched.get(chosen.name, [])))
            grade = f"属于“{chosen.name}”阶次（{circ}）" if circ else f"按“{chosen.name}”阶次确定"
            reasons.append(f"{quote_row(bm, row, _cite(lib, row.provision, date, used))}。{who}的违法情节{grade}，"
                           f"依据{_cite(lib, STANDARDS, date, used)}和本机关采用的上述裁量基准，并遵循"
                           f"{_cite(lib, PROPORTIONALITY, date, used)}过罚相当的要求确定处罚。")
        elif chosen is not None:
            # only what was chosen is stated as a fact; a level picked by name or by default states no circumstance
            circ = "、".join(dict.fromkeys(matched.get(chosen.name, [])))
            grade = f"属于“{chosen.name}”档次（{circ}）" if circ else f"按“{chosen.name}”档次确定"
            # the levels are the project's example, not a published 裁量基准 (行政处罚法 第三十四条): the
            # reason must not claim the office adopted them; EXAMPLE_LEVELS says what to check before printing
            warnings.append(EXAMPLE_LEVELS)
            reasons.append(f"{who}的违法情节{grade}，参照处罚裁量手册示例档次，"
                           f"该档次为{chosen.describe_fine()}" + (f"，并{('、'.join(chosen.other))}" if chosen.other else "")
                           + f"；符合{_cite(lib, PROPORTIONALITY, date, used)}过罚相当的要求和"
                           f"{_cite(lib, STANDARDS, date, used)}关于裁量基准的规定。")
        for r in rules:
            cite = _cites(lib, r.basis, date, used)
            if r.kind == "可以不予处罚":
                also = _listed_as(applied_entry, r)
                reasons.append(f"{who}{r.condition.rstrip('的')}{also}，依据{cite}的规定，可以不予行政处罚；"
                               f"决定给予处罚的，按上述档次确定。")
            elif r.kind in ("从轻或者减轻", "可以从轻或者减轻"):
                verb = "应当" if r.kind == "从轻或者减轻" else "可以"
                reasons.append(f"{who}具有“{r.condition.rstrip('的')}”的情形，依据{cite}的规定，{verb}从轻或者减轻处罚。")
        if adjustment and fine:
            reasons.append(f"综合考虑上述情形，建议从轻处罚，{fine['text']}。")
            if base_fine and base_fine.unit == "yuan" and base_fine.min:
                reasons.append(f"依法减轻处罚的，可以在法定最低罚款{format_yuan(base_fine.min)}以下确定罚款数额，"
                               f"并在决定书中写明减轻的事实和依据。")
        elif fine:
            reasons.append(f"建议{fine['text']}。")
        if outcome == "处罚":
            reasons.append(f"依据{_cite(lib, CORRECTION, date, used)}的规定，责令{who}改正违法行为。")
    for u in used:
        if not u["ok"] or not u["in_force"]:
            warnings.append(f"引用 {u['ref']} 不是现行有效的条文，请核对")
    # bound by statute (never above the statutory maximum; below the minimum only through 减轻)
    if fine and base_fine and fine["unit"] == base_fine.unit == "yuan":
        cap = max((f.max or 0) for b in bases for _c, f in b.fines() if f.unit == "yuan") or None
        if cap and fine["max"] > cap:
            warnings.append(f"建议罚款上限 {format_yuan(fine['max'])} 超过法定最高额 {format_yuan(cap)}，已按法定最高额计")
            fine = _fine_dict("yuan", min(fine["min"], cap), cap, None)
    return Suggestion(
        entry=v.id, name=v.name, level=chosen.name if chosen else None,
        matched=list(dict.fromkeys(c for cs in matched.values() for c in cs)), unknown=unknown,
        outcome=outcome, adjustment=adjustment, fine=fine, level_fine=level_fine, statutory=statutory,
        sanctions=sanctions, reasons=reasons, citations=used, warnings=warnings,
        rules=[r.to_dict() for r in rules],
        benchmark=({"id": bm.id, "label": bm.label, "grade": row.grade, "standard": row.standard,
                    "provision": row.provision, "source": row.source, "locator": row.locator}
                   if bm is not None and row is not None else None),
        example=row is None, lenient=[a.to_dict() for a in assessed])


def _listed_as(entry: LenientEntry | None, rule: MitigationRule) -> str:
    return f"，属于{entry.cited}所列情形" if entry is not None and entry.rule == rule.id else ""


def _apply_lenient(cat: Catalogue, assessed: list[Assessment], rules: list[MitigationRule],
                   warnings: list[str]) -> LenientEntry | None:
    """The first qualifying entry adds its rule; the others are told to the officer with what is missing."""
    applied: LenientEntry | None = None
    for a in assessed:
        e = a.entry
        if a.qualifies and applied is None:
            applied = e
            rule = cat.rules.get(e.rule)
            if rule is not None and all(r.id != rule.id for r in rules):
                rules.append(rule)
        elif a.unknown and not a.failed:
            warnings.append(f"该违法行为列入{e.cited}（{e.kind}）；尚待核实：{'；'.join(a.unknown)}")
    return applied
