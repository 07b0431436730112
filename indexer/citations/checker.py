"""The citation pipeline: tokenize → extract → resolve → verify, for one document and one date.

`CitationChecker(lib)` holds what is built once per library generation (the law-name matcher, the renumbering
tables, the handbook links, per-version caches); `check(text, date)` returns a `CheckResult` whose `to_dict()`
is the stable JSON of `lawdesk cite check --json` and `POST /api/v1/citations/check`."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace

from indexer.dates import check_date
from indexer.dates import today as _today
from indexer.errors import LawError
from indexer.refs import Ref
from indexer.script import to_simplified
from indexer.succession import superseding_law

from .documents import act_date as read_act_date
from .documents import document_date
from .extract import Element, Extracted, StatuteContext, extract
from .names import NameMatcher
from .resolve import STATUS_LABELS, Provision, Resolved, Resolver, _first_history_date, human_ref, worst
from .verify import Verifier


@dataclass
class CheckResult:
    text: str
    date: str
    date_source: str                       # given / document / today
    citations: list[Resolved] = field(default_factory=list)
    lib: object = None                     # for human-readable forms of suggestions
    traditional: bool = False              # the text was Traditional and was read in Simplified characters
    act_date: str | None = None            # when the act was done (the law of that day for substance)
    act_date_source: str | None = None     # given / label / facts

    def act_note(self) -> str:
        """What the reader must know about the act's date, in one Chinese sentence ('' when none)."""
        if not self.act_date:
            return ""
        how = {"given": "人工指定", "label": "取自文书所载违法行为发生时间", "facts": "取自文书事实部分"}
        return (f"违法行为发生日期 {self.act_date}（{how.get(self.act_date_source or '', '')}）：违反条款、处罚依据"
                f"按该日施行的版本核对，程序条款按文书日期核对")

    def human(self, ref: str) -> str:
        return human_ref(ref, self.lib) if self.lib is not None else ref

    def summary(self) -> dict:
        counts: dict[str, int] = {}
        for r in self.citations:
            counts[r.status] = counts.get(r.status, 0) + 1
        warnings = sum(1 for r in self.citations if r.warnings or r.suggestions)
        return {"total": len(self.citations), "by_status": counts, "with_warnings": warnings,
                "problems": sum(v for k, v in counts.items() if k != "ok")}

    def to_dict(self) -> dict:
        return {"date": self.date, "date_source": self.date_source, "traditional": self.traditional,
                "act_date": self.act_date, "act_date_source": self.act_date_source,
                "citations": [citation_dict(r, self.human) for r in self.citations],
                "summary": self.summary()}


def citation_dict(r: Resolved, human=None) -> dict:
    """One citation in the stable JSON form (the issue's keys first, extras after)."""
    ex = r.ex
    refs = []
    for ref in r.refs:
        d = ref.to_dict()
        refs.append({k: d[k] for k in ("law", "version", "article", "suffix", "paragraph", "item", "ref")}
                    | ({"subitem": d["subitem"]} if d["subitem"] is not None else {}))
    return {
        "text": ex.text, "start": ex.start, "end": ex.end,
        "refs": refs,
        "status": r.status,
        "message": r.message,
        "quote": r.quote,
        "expected_text": r.expected_text,
        "suggestion": r.suggestions[0] if r.suggestions else None,
        # extras (stable too, but not part of the minimal contract)
        "status_label": STATUS_LABELS.get(r.status, r.status),
        "law": r.law.title if r.law else (ex.law.name or None),
        "suggestions": list(r.suggestions),
        "suggestion_labels": [human(x) if human else x for x in r.suggestions],
        "warnings": [w.to_dict() for w in r.warnings],
        "diff": [{"op": op, "text": t} for op, t in (r.diff or [])],
        "written": [str(p.written) for p in r.provisions],
        "role": ex.role,
        "anaphor": ex.anaphor,
        "judged_by": r.judged_by,
        "judged_date": r.judged_date,
        "cited": cited_dict(r),
    }


def cited_dict(r: Resolved) -> dict:
    """The citation as written and as resolved, whatever its status: the law (as written, the name it means,
    the law key and title when the library has it), the version marker, and every provision (article, 款, 项,
    目) with its own status. For a law the library lacks, or a version it does not hold, the provisions are the
    numbers as written; otherwise those of the version compared (an item's 款 filled in)."""
    ex = r.ex
    src = ex.law
    provisions: list[dict] = []
    if r.provisions and all(p.written.article is not None for p in r.provisions):
        for p in r.provisions:
            w = p.written
            provisions.append(_provision_dict(w.article, w.suffix, w.paragraph, w.item, w.subitem, p.status,
                                              str(w)))
    else:
        for e in _flatten(ex.elements):
            if e.article is None or e.article_rel == "before":
                continue
            ref = Ref(r.law.key if r.law else (src.key or src.name or ""), None, e.article, e.suffix,
                      e.paragraph, e.item if e.paragraph is not None else None,
                      e.subitem if e.paragraph is not None and e.item is not None else None)
            provisions.append(_provision_dict(e.article, e.suffix, e.paragraph, e.item, e.subitem, r.status,
                                              str(ref) if ref.law else None))
    return {
        "law_as_written": src.written,
        "law_name": src.name,
        "law_source": src.kind,
        "law": r.law.key if r.law else src.key,
        "law_title": r.law.title if r.law else None,
        "in_library": r.law is not None,
        "version_as_written": ex.version_written,
        "version_hint": ex.version_hint,
        "version": r.version.effective_from if r.version is not None else None,
        "provisions": provisions,
    }


def read_as(cited: dict) -> str:
    """The parsed reference in one line: 《安全评价机构管理规定》(国家安全生产监督管理总局令第22号,…)第三十五条."""
    title = cited.get("law_title") or cited.get("law_name") or ""
    labels = "、".join(p["label"] for p in cited.get("provisions", []))
    law = f"《{title}》" if title else "（法规未能确定）"
    version = cited.get("version_as_written") or ""
    return f"{law}{version}{labels}"


def _provision_dict(article, suffix, paragraph, item, subitem, status: str, ref: str | None) -> dict:
    label = Ref("", None, article, suffix, paragraph, item, subitem).human("")[2:]
    return {"article": article, "suffix": suffix, "paragraph": paragraph, "item": item, "subitem": subitem,
            "label": label, "status": status, "ref": ref}


class CitationChecker:
    _lock = threading.Lock()

    def __init__(self, lib):
        self.lib = lib
        self._generation = None
        self._prepare()

    def _prepare(self) -> None:
        self._generation = getattr(self.lib, "_gen", None)
        self.names = NameMatcher.from_library(self.lib)
        self.resolver = Resolver(self.lib, self.names)
        self.verifier = Verifier(self.resolver, self.lib.settings.corpus)

    def refresh(self) -> None:
        """Rebuild caches when the library switched to a new generation."""
        if getattr(self.lib, "_gen", None) != self._generation:
            with self._lock:
                if getattr(self.lib, "_gen", None) != self._generation:
                    self._prepare()

    # ---- stages
    def extract(self, text: str, context: StatuteContext | None = None, laws=()) -> list[Extracted]:
        return extract(text, self.names, context, self._named(laws))

    def _named(self, laws) -> tuple[tuple[str, str | None], ...]:
        """(name, key) of laws a caller says the document names elsewhere (keys, titles or short names)."""
        out = []
        for name in laws:
            try:
                law = self.lib.find_law(name)
            except LawError:
                continue
            out.append((law.title, law.key))
        return tuple(out)

    def resolve_only(self, text: str, date: str | None = None, context: StatuteContext | None = None,
                     laws=()) -> CheckResult:
        """tokenize → extract → resolve (law, version, existence), without quote / numbering / pairing checks:
        `lawdesk cite extract`."""
        return self.check(text, date, context, verify=False, laws=laws)

    def check(self, text: str, date: str | None = None, context: StatuteContext | None = None,
              today: str | None = None, verify: bool = True, act_date: str | None = None, laws=()) -> CheckResult:
        """`date`: the document's date (procedure); `act_date`: when the act was done (substance) — read
        from the text (违法行为发生时间 / the facts) when not given; a span's end counts (第三十六条第二款).
        `laws`: laws the document names elsewhere (a handbook entry's bases, a study unit's list), the first
        nearest — what 本条例, 事故条例第三十六条 or a bare article mean when the text itself names none."""
        text, traditional = to_simplified(text)
        if date:
            date, source = check_date(date), "given"
        else:
            found = document_date(text)
            date, source = (found, "document") if found else (today or _today(), "today")
        result = CheckResult(text, date, source, lib=self.lib, traditional=traditional)
        if act_date:
            result.act_date, result.act_date_source = check_date(act_date), "given"
            if result.act_date > date:
                raise LawError("invalid_date", f"违法行为发生日期 {result.act_date} 晚于文书日期 {date}，请核对日期")
        elif context is None:
            found_act = read_act_date(text, date)
            if found_act is not None and found_act.applies <= date:
                result.act_date, result.act_date_source = found_act.applies, found_act.source
        act = result.act_date if result.act_date and result.act_date < date else None
        extracted = self.extract(text, context, laws)
        spans = sorted([(c.start, c.end) for c in extracted] + [c.quote for c in extracted if c.quote])
        resolved: list[Resolved] = []
        for ex in extracted:
            r = self._resolve(ex, resolved, date, context, act)
            resolved.append(r)
        if not verify:
            for r in resolved:
                if r.ex.quote:
                    r.quote = text[r.ex.quote[0]:r.ex.quote[1]]
                self._status(r)
                self._finish(r)
            result.citations = resolved
            return result
        from .lists import ListIndex, context as citation_context
        lists = ListIndex(text)
        starts = [a for a, _ in spans]
        verifier = self.verifier
        for n, r in enumerate(resolved):
            if r.ex.refers_to is None:
                verifier.check_quote(r, text)
                self._status(r)
                if r.status == "quote_mismatch" and r.ex.readings:
                    # the quote fits another reading: 这就是第四十三条“……”的核心, after two laws were named
                    def fits(o: Resolved) -> bool:
                        verifier.check_quote(o, text)
                        self._status(o)
                        return o.status == "ok"
                    other = self._other_reading(r.ex, lambda x: self._resolve(x, resolved, date, context, act), fits,
                                                "与引文不符")
                    if other is not None:
                        resolved[n] = r = other
                fi = r.ex.frame_index
                frame = resolved[fi] if fi is not None and fi < len(resolved) else None
                verifier.suggest(r, lambda r=r: citation_context(text, r, spans, lists, starts),
                                 r.judged_date or date, frame)
                if r.judged_by == "act":
                    self._act_numbering(r, act or date)
            self._finish(r)
        self.verifier.pairing(resolved, text)
        result.citations = resolved
        return result

    # ---- resolution of one citation
    def _resolve(self, ex: Extracted, done: list[Resolved], date: str, context: StatuteContext | None,
                 act: str | None = None) -> Resolved:
        r = Resolved(ex, judged_date=date)
        if ex.refers_to is not None and ex.refers_to < len(done):
            src = done[ex.refers_to]
            r.law, r.version, r.old_version = src.law, src.version, src.old_version
            r.provisions = [Provision(p.written, p.status, p.message, p.article) for p in src.provisions]
            r.status, r.message = src.status, src.message
            r.judged_by, r.judged_date = src.judged_by, src.judged_date
            r._base_status = getattr(src, "_base_status", None)  # type: ignore[attr-defined]
            return r
        law, status, message = self.resolver.law_of(ex, date)
        if law is None:
            r.status, r.message = status or "unknown_law", message or ""
            return r
        r.law = law
        vdate = date
        # only an act date or a regulation (a superseding 法律) makes substance matter: skip the lookup otherwise
        substantive = (act is not None or law.level != "法律") and self._substantive(law, ex, date)
        host = done[ex.host] if ex.host is not None and ex.host < len(done) else None
        if host is not None and host.version is not None and host.law is not None and host.law.key == law.key:
            vdate = host.version.effective_from
        elif context is not None and context.version and context.law == law.key:
            vdate = context.version
        elif act is not None and substantive:
            vdate = self._act_version_date(r, law, ex, act, date)
        version, vstatus, vmessage = self.resolver.version_for(law, vdate, ex.version_hint)
        r.version = version
        if version is None:
            # an old version the library does not hold: nothing to check against
            r.old_version = "missing"
            r.provisions = [Provision(Ref(law.key, None, e.article, e.suffix, e.paragraph, e.item, e.subitem),
                                      vstatus or "not_in_force", vmessage) for e in _flatten(ex.elements)]
            r.status, r.message = vstatus or "not_in_force", vmessage or ""
            return r
        r.provisions = self.resolver.provisions(law, version, ex.elements)
        if ex.readings and any(p.status.startswith("no_such") for p in r.provisions):
            other = self._other_reading(ex, lambda x: self._resolve(x, done, date, context, act),
                                        lambda o: all(p.status in ("ok", "not_in_force") for p in o.provisions))
            if other is not None:
                return other
        if ex.law.alternatives and any(p.status.startswith("no_such") for p in r.provisions):
            alt = self._alternative(ex, vdate)
            if alt is not None:
                other, provs = alt
                labels = "、".join(p.written.human(other.title) for p in provs)
                r.status = "ambiguous"
                r.message = (f"“{ex.law.written}”按上文最近提及的法规指《{law.title}》，但其中没有所引条款；"
                             f"上文提及的{labels}存在，请写明法规名称")
                r.ambiguous_refs = [str(p.written.undated()) for p in provs]  # type: ignore[attr-defined]
                r.provisions = []
                return r
        if vstatus == "version_missing":
            r.version_missing = True  # type: ignore[attr-defined]
            r.warnings.append(_warn("version_missing", vmessage or ""))
        elif vstatus == "not_in_force":
            if ex.version_hint:
                r.old_version = "library"
            for p in r.provisions:
                if p.status == "ok":
                    p.status = "not_in_force"
            r._vmessage = vmessage  # type: ignore[attr-defined]
        if ex.problem and not r.provisions:
            r.status, r.message = "ambiguous", ex.problem
        if r.judged_by == "act" and vdate != date and version is not None \
                and any(p.status.startswith("no_such") for p in r.provisions):
            self._new_version_cited(r, law, ex, act, date)
        if substantive and law.level != "法律":
            self._superseding_law(r, law, act, date)
        return r

    @staticmethod
    def _other_reading(ex: Extracted, resolve, fits, why: str = "没有所引条款") -> Resolved | None:
        """A citation that does not write its law (第四十三条, 第（三）项 alone) whose nearest reading does not
        fit: the first other reading (a law named before, an article cited before) that does, said in the
        message. None when none fits (the nearest reading stands, with its finding)."""
        for src, elements in ex.readings:
            other = resolve(replace(ex, law=src, elements=elements, readings=[]))
            if other.law is not None and other.provisions and fits(other):
                what = "、".join(p.written.human(other.law.title) for p in other.provisions[:3])
                nearest = ex.elements[0] if ex.elements else None
                if src.key == ex.law.key and nearest is not None and nearest.article is not None:
                    said = f"最近所引的{Ref('', None, nearest.article, nearest.suffix).human('')[2:]}"
                else:
                    said = f"最近提及的“{ex.law.name}”" if ex.law.name else "最近提及的法规"
                other.warnings.insert(0, _warn("reading_inferred",
                                               f"未写明所引法规或条文，按上文提及且相符的{what}核对（{said}{why}），"
                                               f"请写明法规名称和条文"))
                return other
        return None

    def _superseding_law(self, r: Resolved, law, act: str | None, date: str) -> None:
        """A regulation cited where a 法律 on its subject was in force (危险化学品安全法 from 2026-05-01 over
        危险化学品安全管理条例): the higher law prevails where they differ."""
        when = act or date
        found = superseding_law(self.lib, law, when)
        if found is not None:
            upper, first = found
            said = "违法行为发生时" if act else "文书日期"
            message = (f"{said}（{when}）《{upper.title}》已施行（{first.effective_from} 起）；《{law.title}》与其"
                       f"不一致的，适用法律的规定，请核对应否依据《{upper.title}》认定违法行为和给予处罚")
        else:
            found = superseding_law(self.lib, law, date) if act else None
            if found is None:
                return
            upper, first = found
            message = (f"违法行为发生后、文书日期（{date}）前《{upper.title}》已施行（{first.effective_from} 起）；依照"
                       f"《中华人民共和国行政处罚法》第三十七条，须核对《{upper.title}》是否不认为违法或者处罚较轻，"
                       f"并在决定书中说明适用的规定及理由")
        r.warnings.append(_warn("superseded_by_law", message))

    # ---- the law of the act's date (行政处罚法 第三十七条: 从旧兼从轻)
    def _substantive(self, law, ex: Extracted, date: str) -> bool:
        """Is this a substantive provision (judged by the act's date), not a procedural one (the document's)?
        Procedure is told by the statute's own structure: a procedural law (复议, 诉讼, 强制) or an article under
        a heading of procedure (行政处罚的决定 / 程序 / 执行 / 听证 / 送达)."""
        if _PROCEDURAL_LAW.search(law.title):
            return False
        v = self.lib.store.version_on(law.key, date) or self.lib.store.latest_version(law.key)
        if v is None:
            return True
        for e in ex.elements:
            if e.article is None:
                continue
            art = self.resolver.article(v, e.article, e.suffix)
            if art is not None:
                return not any(_PROCEDURAL_HEADING.search(h) for h in art.headings)
        return True

    def _act_version_date(self, r: Resolved, law, ex: Extracted, act: str, date: str) -> str:
        """The date to resolve a substantive citation by: the act's, where the library holds the version then
        in force; else the document's, with a warning that says which law applied and what the library lacks."""
        r.judged_by = "act"
        if ex.version_hint:
            r.judged_date = act
            return act
        va, sa, _ = self.resolver.version_for(law, act, None)
        vd, sd, _ = self.resolver.version_for(law, date, None)
        if sa is None or (sa == "not_in_force" and va is not None and va.effective_from <= act) \
                or (sa == sd == "version_missing"):      # the document's day lacks its version too: no choice
            r.judged_date = act                  # the library holds the law of the act's day
            r.act_applied = sa is None  # type: ignore[attr-defined]
            return act
        title = law.title
        first = self.lib.store.versions(law.key)[0]
        adopted = _first_history_date(self.lib.store, first)
        if sa == "version_missing" or (adopted is not None and adopted < first.version_date and adopted < act):
            # the law existed on the act's day (2021-08-20: the 2014 安全生产法) in a text the library lacks
            r.act_missing = True  # type: ignore[attr-defined]
            held = f"，已按 {vd.effective_from} 起施行的文本核对" if vd is not None else ""
            r.warnings.append(_warn("act_version_missing",
                                    f"违法行为发生于 {act}，当时施行的《{title}》版本法规库未收录{held}；"
                                    f"适用新法仅限于新法不认为违法或者处罚较轻的情形（《中华人民共和国行政处罚法》"
                                    f"第三十七条），应在决定书中说明适用理由；适用旧法的，应引用旧文本的条文序号"))
        else:
            r.warnings.append(_warn("act_not_in_force",
                                    f"违法行为发生时（{act}）《{title}》尚未施行（{first.effective_from} 起施行）；"
                                    f"只有新法不认为违法或者处罚较轻时才适用（《中华人民共和国行政处罚法》第三十七条），"
                                    f"请核对是否应适用违法行为发生时施行的法律"))
        r.judged_date = date
        return date

    def _new_version_cited(self, r: Resolved, law, ex: Extracted, act: str | None, date: str) -> None:
        """The provision is missing from the version of the act's date but exists in the document's: the
        decision applies the new law, lawful only when it is lighter (第三十七条)."""
        vd, sd, _ = self.resolver.version_for(law, date, None)
        if vd is None or sd is not None or r.version is None or vd.id == r.version.id:
            return
        provs = self.resolver.provisions(law, vd, ex.elements)
        if not provs or not all(p.status == "ok" for p in provs):
            return
        old = r.version
        r.version, r.provisions, r.judged_date = vd, provs, date
        r.warnings.append(_warn("new_version_cited",
                                f"所引条款见于 {vd.effective_from} 起施行的《{law.title}》，而违法行为发生时（{act}）"
                                f"施行的是 {old.effective_from} 起施行的版本；适用新法仅限于新法不认为违法或者处罚"
                                f"较轻的情形（《中华人民共和国行政处罚法》第三十七条），请在决定书中说明"))

    def _act_numbering(self, r: Resolved, act: str) -> None:
        """An old number the renumbering table recognises, in a document about an act done while the old
        text was in force, is the right number for that act: say so instead of calling it an old-numbering
        slip. The text itself cannot be checked when the library lacks that version."""
        olds = [w for w in r.warnings if w.code == "old_numbering"]
        tables = [t for t in self.verifier.tables.get(r.law.key, []) if act < t.new_version] if r.law else []
        if not olds or not tables or not getattr(r, "act_missing", False) or r.law is None:
            return
        t = tables[0]
        r.warnings = [w for w in r.warnings if w.code not in ("old_numbering", "act_version_missing")]
        why = getattr(r, "old_numbering_why", "")
        r.old_version = "missing"
        for p in r.provisions:
            p.status = "version_missing"
        r.status = "version_missing"
        r.message = (f"违法行为发生时（{act}）施行的是《{r.law.title}》{t.old_label}，所引条文序号与该文本相符"
                     f"（{why}）；法规库未收录该文本，无法按原文核对")

    def _alternative(self, ex: Extracted, date: str):
        """For 该法 whose nearest law lacks the provision: another law named before that has it."""
        for name, key in ex.law.alternatives:
            try:
                law = self.lib.store.laws.get(key) if key else self.lib.find_law(name)
            except LawError:
                law = None
            if law is None:
                continue
            v = self.lib.store.version_on(law.key, date)
            if v is None:
                continue
            provs = self.resolver.provisions(law, v, ex.elements)
            if provs and all(p.status == "ok" for p in provs):
                return law, provs
        return None

    def _status(self, r: Resolved) -> None:
        if r.law is None or r.old_version == "missing" or getattr(r, "ambiguous_refs", None) or not r.provisions:
            return
        st = worst(p.status for p in r.provisions)
        if getattr(r, "_vmessage", None):
            st = "not_in_force"
        r.status = st

    def _finish(self, r: Resolved) -> None:
        """The citation's status and message from its provisions, warnings and suggestions."""
        if getattr(r, "ambiguous_refs", None):
            for ref in r.ambiguous_refs:  # type: ignore[attr-defined]
                r.add_suggestion(ref)
        if r.ex.refers_to is not None:
            return
        msgs: list[str] = []
        if r.law is not None and r.old_version != "missing" and not getattr(r, "ambiguous_refs", None):
            if not r.provisions:
                if r.status == "ok":
                    r.status = "ambiguous"
                    r.message = r.ex.problem or "无法确定所引条文"
                msgs.append(r.message)
            else:
                self._status(r)
                vmessage = getattr(r, "_vmessage", None)
                if r.status == "not_in_force" and vmessage:
                    msgs.append(vmessage)
                for p in r.provisions:
                    if p.status not in ("ok", "not_in_force") and p.message and p.message not in msgs:
                        msgs.append(p.message)
                if r.status == "ok" and r.version is not None:
                    labels = "、".join(_label(p.written, r.law.title, _single(p)) for p in r.provisions[:6])
                    more = f"等 {len(r.provisions)} 处" if len(r.provisions) > 6 else ""
                    clean = not r.warnings and not r.suggestions
                    when = "，违法行为发生时施行" if getattr(r, "act_applied", False) else ""
                    msgs.append(f"{labels}{more}（{r.version.effective_from} 施行版本{when}）"
                                + ("核对无误" if clean else "条文存在"))
        else:
            msgs.append(r.message)
        for w in r.warnings:
            msgs.append(w.message)
        said = "；".join(msgs)
        rest = [h for h in (human_ref(s, self.lib) for s in r.suggestions) if h not in said]
        if r.status == "version_missing":
            msgs.append(_counterpart_sentence(r, rest, self.lib))
        elif rest:
            msgs.append("建议核对：" + "、".join(rest))
        r.message = "；".join(dict.fromkeys(m.rstrip("；。") for m in msgs if m))


_PROCEDURAL_LAW = re.compile(r"行政复议|行政诉讼|行政强制法|程序规定")
_PROCEDURAL_HEADING = re.compile(r"程序|的决定|执行|听证|送达|期间")


def _counterpart_sentence(r: Resolved, labels: list[str], lib) -> str:
    """For a version the library lacks: the current counterpart (from the renumbering table), or why none."""
    current = lib.store.latest_version(r.law.key) if r.law is not None else None
    when = f"（{current.effective_from} 起施行）" if current is not None else ""
    if labels:
        return f"对应现行文本{when}" + "、".join(labels)
    return "法规库没有该版本与现行文本的条文对照，无法给出现行文本中的对应条文，请按该版本原文人工核对"


_LABELS: dict[tuple, str] = {}


def _label(ref, title: str, single: bool) -> str:
    key = (ref, title, single)
    got = _LABELS.get(key)
    if got is None:
        if len(_LABELS) > 20000:
            _LABELS.clear()
        got = _LABELS[key] = ref.human(title, single_paragraph=single)
    return got


def _single(p: Provision) -> bool:
    return p.article is not None and len(p.article.paragraphs) == 1


def _flatten(elements):
    """Elements with ranges expanded by number (for versions the library does not hold)."""
    for e in elements:
        b = e.to
        if b is None:
            yield e
            continue
        for attr in ("article", "paragraph", "item", "subitem"):
            lo, hi = getattr(e, attr), getattr(b, attr)
            if lo is not None and hi is not None and lo != hi:
                if 0 < hi - lo <= 100:
                    for n in range(lo, hi + 1):
                        x = Element(e.article, e.suffix if attr != "article" else None, e.paragraph, e.item, e.subitem)
                        setattr(x, attr, n)
                        if attr == "article":
                            x.paragraph = x.item = x.subitem = None
                        yield x
                else:
                    yield e
                    yield b
                break
        else:
            yield e


def _warn(code: str, message: str):
    from .resolve import Warning_
    return Warning_(code, message)
