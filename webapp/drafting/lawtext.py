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

from indexer.numerals import article_label, int_to_cn, item_label
from indexer.refs import Ref, RefError

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
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    conditional_fines: list[tuple[str, Decimal | None, Decimal | None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error

    def sentence(self) -> str:
        """《…》第X条“…” — the citation followed by the quoted text, without the final full stop (the quote
        runs on into “的规定”)."""
        if not self.text:
            return self.citation
        return f"{self.citation}“{self.text.rstrip('。；;，,：: ')}”"


def _paragraph_text(p) -> str:
    return p.text + "".join(it.text + "".join(it.subitems) for it in p.items)


def provision_text(article, ref: Ref) -> str | None:
    """The text `ref` points at inside `article` (None when the 款/项/目 does not exist)."""
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
        p = article.paragraphs[ref.paragraph - 1]
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
            what = {"not_yet": "尚未施行", "repealed": "已失效"}.get(status, "不在施行期内")
            q.error = f"《{law.title}》在违法行为发生时（{violation_date}）{what}"
        else:
            q.error = f"《{version.title}》（{version.effective_from}施行版本）没有{article_label(ref.article, ref.suffix)}"
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

    if decision_date and decision_date > violation_date:
        _compare_later(lib, q, ref, law, view, text, decision_date, role)
    return q


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
    if milder:
        q.milder_later = True
        q.note = (f"作出处罚决定时该规定已修改（{where}{('：' + q.later_citation) if q.later_citation else ''}），"
                  "新的规定处罚较轻，依照《中华人民共和国行政处罚法》第三十七条（从旧兼从轻）适用新的规定。")
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
    except Exception:            # a parser failure must not stop drafting; validation reports "unknown range"
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
        hi = None if any(h is None for h in his) else max(his)
        return _to_dec(lo), _to_dec(hi), conditional
    return None, None, conditional


def role_for(party_kind: str, subject_role: str | None = None) -> str:
    """The penalty parser's role for a party: the catalogue's subject role when known."""
    if subject_role:
        return subject_role
    return "单位" if party_kind == "单位" else "个人"
