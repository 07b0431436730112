"""Statute text for documents: the exact wording of a cited provision in the version in force on the
violation date, the 从旧兼从轻 comparison with the version in force when the decision is made (行政处罚法
第三十七条), and the statutory fine range of a penalty provision.

Everything goes through `indexer.service.LawLibrary` (`lib.get(ref, as_of=date)`); fine ranges come from the
penalty handbook's parser (`indexer.penalties`). Nothing here copies statute text anywhere: it is read from the
library at drafting time and goes only into the generated document."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from indexer.errors import LawError
from indexer.numerals import article_label, int_to_cn, item_label
from indexer.punctuation import to_official
from indexer.refs import Ref, RefError
from indexer.succession import same_subject_lower, superseding_law

from .cnformat import cn_date

LENIENCY_REF = "行政处罚法/37"          # 从旧兼从轻


@dataclass
class Quote:
    """One cited provision as a document quotes it."""
    ref: str                      # as given (undated)
    dated_ref: str = ""           # the version quoted: 安全生产法@2021-09-01/97/1/7
    citation: str = ""            # 《中华人民共和国安全生产法》第九十七条第（七）项
    text: str = ""                # the exact text quoted (lead sentence …… item for items)
    version: str = ""             # effective date of the version quoted
    law_title: str = ""
    error: str = ""               # why the provision cannot be quoted ('' = fine)
    note: str = ""                # 从旧兼从轻 / amendment note for the document and the officer
    milder_later: bool = False    # a later version in force on the decision date punishes less
    changed_later: bool = False   # a later version in force on the decision date has other wording
    later_citation: str = ""
    later_version: str = ""
    earlier_citation: str = ""    # milder_later: the provision in force on the violation date (not applied)
    earlier_version: str = ""
    decided: bool = False         # changed_later: the 从旧兼从轻 choice was made by comparing the fines
    missing_version: str = ""     # the library lacks the version in force on the violation date (its label)
    counterpart: str = ""         # missing_version: the corresponding provision(s) of the library's text
    superseded_by: str = ""       # a law on the same subject was in force on the violation date (title)
    superseded_later: str = ""    # … came into force after the act, before the decision (title)
    advice: str = ""              # what the officer must check (warnings; never printed in the document)
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    conditional_fines: list[tuple[str, Decimal | None, Decimal | None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def needs_explanation(self) -> bool:
        """The version applied could not be chosen by the code: the officer must state the choice and why
        (行政处罚法第三十七条) in the violation's 适用法律说明."""
        return bool(self.missing_version or self.superseded_later) or (self.changed_later and not self.decided)

    def sentence(self) -> str:
        """《…》第X条“…” — the citation followed by the quoted text, without the final full stop (the quote
        runs on into “的规定”)."""
        if not self.text:
            return self.citation
        return f"{self.citation}“{self.text.rstrip('。；;，,：: ')}”"


def _paragraph_text(p) -> str:
    return p.text + "".join(it.text + "".join(it.subitems) for it in p.items)


def provision_text(article, ref: Ref) -> str | None:
    """The text `ref` points at inside `article` (None when the 款/项/目 does not exist), in the official
    full-width punctuation: some library files write `:` `(` `)` where the official text has `：` `（` `）`."""
    text = _provision_text(article, ref)
    return to_official(text) if text is not None else None


def _provision_text(article, ref: Ref) -> str | None:
    paras = article.paragraphs
    if ref.paragraph is None:
        return "".join(_paragraph_text(p) for p in paras)
    if not 1 <= ref.paragraph <= len(paras):
        return None
    p = paras[ref.paragraph - 1]
    if ref.item is None:
        return _paragraph_text(p)
    item = next((it for it in p.items if it.number == ref.item), None)
    if item is None:
        return None
    lead = p.text.strip()
    if ref.subitem is not None:
        if not 1 <= ref.subitem <= len(item.subitems):
            return None
        body = item.text + "……" + item.subitems[ref.subitem - 1]
    else:
        body = item.text
    return f"{lead}……{body}" if lead else body


def _missing_part(article, ref: Ref) -> str:
    if ref.paragraph is not None and not 1 <= ref.paragraph <= len(article.paragraphs):
        return f"只有{len(article.paragraphs)}款，没有第{int_to_cn(ref.paragraph)}款"
    if ref.item is not None:
        p = article.paragraphs[(ref.paragraph or 1) - 1]
        return f"没有第{item_label(ref.item)}项（该款共{len(p.items)}项）"
    return "没有所引的目"


def _normalise(text: str) -> str:
    return re.sub(r"[\s，。；：、,.;:“”\"（）()]", "", text)


def quote(lib, ref_text: str, violation_date: str, decision_date: str | None = None,
          role: str | None = None) -> Quote:
    """Quote `ref_text` as in force on `violation_date` and compare with the version in force on
    `decision_date` (从旧兼从轻). `role` (e.g. 生产经营单位, 个人) selects the fine clauses of a penalty provision."""
    q = Quote(ref=ref_text)
    try:
        ref = Ref.parse(ref_text)
    except RefError as exc:
        q.error = str(exc)
        return q
    if ref.article is None:
        q.error = f"引用“{ref_text}”没有条文序号"
        return q
    law = lib.store.law(ref.law)
    if law is None:
        try:
            law = lib.find_law(ref.law)
        except LookupError:
            q.error = f"法规库中没有“{ref.law}”"
            return q
        ref = Ref(law.key, ref.version, ref.article, ref.suffix, ref.paragraph, ref.item, ref.subitem)
    view = lib.get(ref, as_of=violation_date)
    if view is None:
        version = lib.store.resolve_version(ref, violation_date)
        if version is None:
            status = lib.law_status(law, violation_date)
            gap = missing_version(lib, law, ref, violation_date) if status == "not_yet" else None
            if gap is not None:
                _fill_gap(q, law, ref, gap, violation_date)
                return q
            what = {"not_yet": "尚未施行", "repealed": "已失效"}.get(status, "不在施行期内")
            q.error = f"《{law.title}》在违法行为发生时（{violation_date}）{what}"
            if status == "not_yet":
                lower = same_subject_lower(lib, law, violation_date)
                if lower:
                    q.error += f"；当时施行的是《{lower[0].title}》"
        else:
            q.error = f"《{version.title}》（{version.effective_from}施行版本）没有{article_label(ref.article or 0, ref.suffix)}"
        return q
    art = view.article
    text = provision_text(art, ref)
    if text is None:
        q.error = f"{view.ref.human(view.version.title)}{_missing_part(art, ref)}"
        return q
    dated = Ref(law.key, view.version.effective_from, ref.article, ref.suffix, ref.paragraph, ref.item, ref.subitem)
    q.dated_ref = str(dated)
    q.version = view.version.effective_from
    q.law_title = view.version.title
    q.citation = dated.human(view.version.title, single_paragraph=len(art.paragraphs) == 1)
    q.text = text.strip()
    _fill_fines(lib, q, dated, violation_date, role)
    _check_superseding_law(lib, q, law, violation_date, decision_date)

    if decision_date and decision_date > violation_date:
        _compare_later(lib, q, ref, law, view, text, decision_date, role)
    return q


# ------------------------------------------------------------------------------------------------ gaps

@dataclass
class VersionGap:
    """The library lacks the version of a law in force on a date, although the law existed then."""
    label: str                 # 2014年修正文本 (renumbering table) or '' (known only from the history lines)
    first_version: str         # effective date of the library's earliest version
    counterparts: list[str]    # citations of the corresponding provisions in that version (table), may be []
    mapped: bool               # a renumbering table covers the date
    since: str = ""            # earliest history date (通过) when no table covers the date


_TABLES: dict[str, dict] = {}


def _renumbering(lib) -> dict:
    """The authored renumbering tables (corpus/renumbering/), loaded once per corpus folder. The loader is
    the citation checker's: one reader of those files."""
    corpus = str(lib.settings.corpus)
    if corpus not in _TABLES:
        try:
            from indexer.citations.loaders import load_renumbering
            _TABLES[corpus] = load_renumbering(lib.settings.corpus)
        except (OSError, ValueError, KeyError, TypeError):   # a broken table must not stop drafting; the checker's tests report it
            _TABLES[corpus] = {}
    return _TABLES[corpus]


def missing_version(lib, law, ref: Ref, date: str) -> VersionGap | None:
    """Why no version of `law` is in force on `date` although the act must be judged by one: the library's
    texts start later (安全生产法: only the 2021 text; 行政处罚法: only the 2021 revision). Evidence that an
    earlier text was in force: a renumbering table whose old text covers `date`, else history lines of the
    earliest text dated before `date` that show it is itself an amendment. None: the law truly was not yet in
    force (危险化学品安全法 before 2026-05-01)."""
    versions = lib.store.versions(law.key)
    if not versions or date >= versions[0].effective_from:
        return None
    first = versions[0]
    for table in _renumbering(lib).get(law.key, ()):
        if table.old_version <= date < table.new_version and table.new_version <= first.effective_from:
            entry = table.lookup(ref.article, ref.paragraph, ref.item) if ref.article else None
            cites = []
            for new in (entry.new if entry else []):
                target = Ref.parse(new)
                view = lib.get(Ref(law.key, first.effective_from, target.article, target.suffix),
                               as_of=first.effective_from)
                if view is not None:
                    cites.append(target.human(first.title, single_paragraph=len(view.article.paragraphs) == 1))
            return VersionGap(table.old_label, first.effective_from, cites, True)
    history = lib.store.history(first)
    dates = sorted(h["date"] for h in history if h.get("date"))
    amended = [h for h in history if any(e in ("修正", "修订") for e in h.get("events", ()))]
    if dates and amended and dates[0] <= date:
        return VersionGap("", first.effective_from, [], False, since=dates[0])
    return None


def _fill_gap(q: Quote, law, ref: Ref, gap: VersionGap, date: str) -> None:
    """A quotation the officer may proceed with: the citation of the old text, without its wording."""
    human = ref.human(law.title)
    q.law_title = law.title
    q.citation = human.replace("》", f"》（{gap.label}）", 1) if gap.label else human
    q.missing_version = gap.label or "违法行为发生时施行的文本"
    q.counterpart = "、".join(gap.counterparts)
    when = cn_date(date)
    first = cn_date(gap.first_version)
    if gap.mapped:
        where = (f"该条在{first}起施行的现行文本中为{q.counterpart}" if q.counterpart
                 else "对照表中没有该条在现行文本中的对应条文")
        q.note = f"违法行为发生时（{when}）施行的是《{law.title}》{gap.label}，{where}。"
    else:
        q.note = (f"违法行为发生时（{when}）施行的是《{law.title}》{first}施行的文本之前的文本"
                  f"（该法规于{cn_date(gap.since)}通过，此后经过修改）。")
    q.advice = (f"法规库中没有《{law.title}》在违法行为发生时施行的{q.missing_version}"
                f"（库中最早的是{first}起施行的文本），无法引用原文，也无法自动核对罚款幅度和新旧规定的轻重；"
                + (f"{q.citation}在现行文本中对应{q.counterpart}。" if q.counterpart else "")
                + "请按当时施行的文本核对条文和罚款幅度，并依照《中华人民共和国行政处罚法》第三十七条"
                  "（从旧兼从轻）在“适用法律说明”中写明适用哪一版本及理由。")


def _check_superseding_law(lib, q: Quote, law, date: str, decision_date: str | None) -> None:
    found = superseding_law(lib, law, date)
    if found is not None:
        upper, first = found
        q.superseded_by = upper.title
        q.advice = (f"违法行为发生时（{cn_date(date)}）《{upper.title}》已施行（{cn_date(first.effective_from)}起）；"
                    f"《{law.title}》与其不一致的，适用法律的规定。请核对应否依据《{upper.title}》认定违法行为和给予处罚。")
        return
    found = superseding_law(lib, law, decision_date) if decision_date and decision_date > date else None
    if found is not None:
        upper, first = found
        q.superseded_later = upper.title
        q.advice = (f"违法行为发生后、作出决定前《{upper.title}》已施行（{cn_date(first.effective_from)}起）；"
                    f"依照《中华人民共和国行政处罚法》第三十七条，须核对《{upper.title}》是否处罚较轻或者不认为是违法，"
                    "并在“适用法律说明”中写明适用的规定及理由。")


def _fill_fines(lib, q: Quote, dated: Ref, date: str, role: str | None) -> None:
    rng = fine_range(lib, dated, date, role)
    if rng is not None:
        q.fine_min, q.fine_max, q.conditional_fines = rng


def _compare_later(lib, q: Quote, ref: Ref, law, view, text: str, decision_date: str, role: str | None) -> None:
    later_version = lib.store.version_on(law.key, decision_date)
    if later_version is None:
        status = lib.law_status(law, decision_date)
        if status == "repealed":
            q.changed_later = True
            q.note = (f"《{law.title}》在作出决定时已失效。依照《中华人民共和国行政处罚法》第三十七条，"
                      "须核对新的规定是否处罚较轻或者不认为是违法。")
        return
    if later_version.id == view.version.id:
        return
    later_ref = Ref(law.key, later_version.effective_from, ref.article, ref.suffix, ref.paragraph, ref.item, ref.subitem)
    later_view = lib.get(later_ref, as_of=decision_date)
    later_text = provision_text(later_view.article, later_ref) if later_view else None
    if later_text is not None and _normalise(later_text) == _normalise(text):
        return
    q.changed_later = True
    q.later_version = later_version.effective_from
    if later_view is not None:
        q.later_citation = later_ref.human(later_version.title, single_paragraph=len(later_view.article.paragraphs) == 1)
    similar = later_text is not None and difflib.SequenceMatcher(None, _normalise(text), _normalise(later_text)).ratio() >= 0.5
    old_rng = (q.fine_min, q.fine_max) if q.fine_max is not None or q.fine_min is not None else None
    new = fine_range(lib, later_ref, decision_date, role) if later_text is not None else None
    milder = None
    if similar and old_rng and new is not None and (new[0] is not None or new[1] is not None):
        old_lo, old_hi = (old_rng[0] or Decimal(0)), old_rng[1]
        new_lo, new_hi = (new[0] or Decimal(0)), new[1]
        if old_hi is not None and new_hi is not None:
            milder = new_hi < old_hi or (new_hi == old_hi and new_lo < old_lo)
    where = f"{later_version.effective_from}施行的修改后版本"
    q.decided = milder is not None
    if milder:
        # 第三十七条: the lighter later provision is the one applied, so it is the one quoted and its range
        # is the one the fine must keep to; the provision of the act's date is named in the reasoning.
        q.milder_later = True
        q.earlier_citation, q.earlier_version = q.citation, q.version
        q.note = (f"违法行为发生时施行的是{q.citation}（{q.version}施行版本）；作出处罚决定时该规定已修改"
                  f"（{where}{('：' + q.later_citation) if q.later_citation else ''}），"
                  "新的规定处罚较轻，依照《中华人民共和国行政处罚法》第三十七条（从旧兼从轻）适用新的规定。")
        q.dated_ref, q.version = str(later_ref), later_version.effective_from
        assert later_text is not None and new is not None      # milder is only decided with both
        q.citation, q.text, q.law_title = q.later_citation, later_text.strip(), later_version.title
        q.fine_min, q.fine_max, q.conditional_fines = new
    elif milder is False:
        q.note = (f"违法行为发生后该规定已修改（{where}），新的规定处罚不轻于原规定，依照《中华人民共和国行政处罚法》"
                  "第三十七条适用违法行为发生时的规定。")
    elif similar and old_rng is None:
        q.note = (f"违法行为发生后该条文已修改（{where}）；请核对作出决定时的规定是否仍认为该行为违法"
                  "（《中华人民共和国行政处罚法》第三十七条，从旧兼从轻）。")
    elif not similar:
        q.note = (f"违法行为发生后该法规已修改（{where}），同一序号的条文内容已不同，条文序号可能已调整；"
                  "请核对新旧条文，依照《中华人民共和国行政处罚法》第三十七条（从旧兼从轻）确定适用的规定。")
    else:
        q.note = (f"违法行为发生后该规定已修改（{where}）；无法自动比较轻重，请依照《中华人民共和国行政处罚法》"
                  "第三十七条（从旧兼从轻）核对适用的规定。")


def _to_dec(v) -> Decimal | None:
    return None if v is None else Decimal(str(int(v))) if float(v).is_integer() else Decimal(str(v))


def fine_range(lib, ref: Ref, date: str, role: str | None = None):
    """(min, max, conditional) of the yuan fine a penalty provision sets for `role` without further
    conditions; `conditional` lists (condition, min, max) of the fines that need a condition (逾期未改正的 …).
    None when the provision sets no yuan fine or the penalty parser is not available."""
    try:
        from indexer import penalties
    except ImportError:          # the penalty handbook is not installed
        return None
    try:
        prov = penalties.provision(lib, ref, as_of=date)
    except LawError:             # unknown law or version: validation reports "unknown range"
        return None
    if prov is None:
        return None
    wanted = role or penalties.ANY_ROLE
    roles = penalties.PERSON_ROLES if wanted == "个人" else (wanted,)
    pairs = []
    for r in roles:
        for pair in prov.fines_for(r, ref.item):
            if pair not in pairs:
                pairs.append(pair)
    base, conditional = [], []
    for conditions, fine in pairs:
        if fine.unit != "yuan" or not fine.specified:
            continue
        if conditions:
            conditional.append(("；".join(conditions), _to_dec(fine.min), _to_dec(fine.max)))
        else:
            base.append(fine)
    if not base and not conditional:
        return None
    if base:
        lo = min((f.min or 0) for f in base)
        his = [f.max for f in base]
        hi = None if any(h is None for h in his) else max(h for h in his if h is not None)
        return _to_dec(lo), _to_dec(hi), conditional
    return None, None, conditional


def role_for(party_kind: str, subject_role: str | None = None) -> str:
    """The penalty parser's role for a party: the catalogue's subject role when known."""
    if subject_role:
        return subject_role
    return "单位" if party_kind == "单位" else "个人"


def span_note(lib, ref_text: str, start: str, end: str) -> str:
    """A continuing act (继续状态) that spans a change of the cited law: the law in force when the act ended is
    applied. Rule implemented: 行政处罚法第三十六条第二款 counts a 连续或者继续状态 act from 行为终了之日 — the act
    is still being done on every day up to its end, so it is done under the law in force at the end (the same
    reasoning as for continuing offences that cross a revision of the criminal law). '' when the same version
    was in force throughout."""
    try:
        ref = Ref.parse(ref_text)
        law = lib.find_law(ref.law)
    except (RefError, LookupError):
        return ""
    a, b = lib.store.version_on(law.key, start), lib.store.version_on(law.key, end)
    if b is None or (a is not None and a.id == b.id):
        return ""
    return (f"违法行为自{cn_date(start)}持续至{cn_date(end)}，处于继续状态；《{law.title}》在此期间修改，依照"
            f"《中华人民共和国行政处罚法》第三十六条第二款以行为终了之日为准，适用行为终了时施行的文本"
            f"（{b.effective_from}施行版本）。")
