"""Reading a penalty paragraph into a Provision (see the package docstring for how the text is read), and
resolving referrals within an article (依照前款规定处罚)."""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Article
from ..numerals import CN_NUM_CHARS, cn_to_int
from ..refs import Ref
from .conditions import condition_types
from .kinds import CORRECT, DISQUALIFY, FINE, REFERRAL, STOP
from .provisions import Behaviour, Clause, Provision
from .roles import PERSON_ROLES, roles_in, subject_of
from .sanctions import is_sanction_chunk, read_chunk


def _split_segments(text: str) -> list[str]:
    parts = re.split(r"[；;。]", text)
    return [p.strip().rstrip("：:").strip() for p in parts if p.strip().rstrip("：:").strip()]


def _split_chunks(segment: str) -> list[str]:
    # commas inside （…） or 《…》 do not split
    out: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in segment:
        if ch in "（(《":
            depth += 1
        elif ch in "）)》" and depth:
            depth -= 1
        if ch in "，," and depth == 0:
            out.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf).strip())
    return [c for c in out if c]


_ITEM_PREFIX = re.compile(r"^[（(][" + CN_NUM_CHARS + r"0-9]+[）)]\s*")
_VIOLATED_RE = re.compile(r"违反(?:本(?:法|条例|规定|办法|细则|决定))?((?:第[" + CN_NUM_CHARS + r"]+条(?:之[一二三四五六七八九十]+)?"
                          r"(?:第[" + CN_NUM_CHARS + r"]+款(?:(?:至|、)第[" + CN_NUM_CHARS + r"]+款)?)?"
                          r"(?:第[" + CN_NUM_CHARS + r"]+项(?:(?:、|至)第[" + CN_NUM_CHARS + r"]+项)*)?"
                          r"(?:[、和至或者及]|以及)*)+)")
_ART_PART = re.compile(r"第([" + CN_NUM_CHARS + r"]+)条(之[一二三四五六七八九十]+)?(?:第([" + CN_NUM_CHARS + r"]+)款"
                       r"(?:至第([" + CN_NUM_CHARS + r"]+)款)?)?"
                       r"((?:(?:第)?[" + CN_NUM_CHARS + r"]+项(?:、|至)?)*)")


def violated_refs(law: str, trigger: str) -> list[str]:
    """Refs of '违反本条例第二十一条第一款第一项、第四项规定' in a trigger (own law only)."""
    out = []
    for m in _VIOLATED_RE.finditer(trigger):
        for a in _ART_PART.finditer(m.group(1)):
            art = cn_to_int(a.group(1))
            para = cn_to_int(a.group(3)) if a.group(3) else None
            para_to = cn_to_int(a.group(4)) if a.group(4) else None
            items = [cn_to_int(x) for x in re.findall(r"([" + CN_NUM_CHARS + r"]+)项", a.group(5) or "")]
            if "至" in (a.group(5) or "") and len(items) == 2 and items[0] < items[1]:
                items = list(range(items[0], items[1] + 1))
            if items:
                for it in items:
                    out.append(str(Ref(law, None, art, a.group(2), para or 1, it)))
            elif para and para_to and para_to > para:
                out.extend(str(Ref(law, None, art, a.group(2), p)) for p in range(para, para_to + 1))
            else:
                out.append(str(Ref(law, None, art, a.group(2), para)))
    return list(dict.fromkeys(out))


_CROSS_RE = re.compile(r"(?:有|存在)?(?:前款|前两款|本条第([" + CN_NUM_CHARS + r"]+)款)(?:规定的?|所列|第)?((?:第?[" + CN_NUM_CHARS
                       + r"]+项、?)*)(?:违法)?(?:行为|情形)")


def _cross_behaviours(trigger: str, article: Article, pno: int, law: str, version: str) -> list[Behaviour] | None:
    m = _CROSS_RE.search(trigger)
    if not m:
        return None
    target = cn_to_int(m.group(1)) if m.group(1) else pno - 1
    if not 1 <= target <= len(article.paragraphs) or target == pno:
        return None
    para = article.paragraphs[target - 1]
    items = [cn_to_int(x) for x in re.findall(r"([" + CN_NUM_CHARS + r"]+)项", m.group(2) or "")]
    out = []
    if para.items:
        for it in para.items:
            if not items or it.number in items:
                out.append(Behaviour(str(Ref(law, version, article.number, article.suffix, target, it.number)),
                                     _ITEM_PREFIX.sub("", it.text).rstrip("；。;")))
    else:
        trig = _trigger_text(para.text)
        out.append(Behaviour(str(Ref(law, version, article.number, article.suffix, target)), trig))
    return out


def _trigger_text(text: str) -> str:
    chunks = []
    for seg in _split_segments(text)[:1]:
        for c in _split_chunks(seg):
            if is_sanction_chunk(c):
                break
            chunks.append(c)
    return "，".join(chunks)


_CRIMINAL_BASIS = re.compile(r"^(?:依照|按照)[^，；。]*(?:刑法|罪)[^，；。]*规定$")


def _item_has_sanctions(text: str) -> bool:
    return any(read_chunk(c).is_sanction for seg in _split_segments(_ITEM_PREFIX.sub("", text)) for c in _split_chunks(seg))


def _condition_subject(conds: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
    """有关责任人员构成犯罪的，依法追究刑事责任: the condition names who is liable (the persons, not the unit)."""
    if not conds:
        return None
    m = re.match(r"^(?:其|该)?(?P<who>[^，；。]{2,30}?)(?=构成犯罪|涉嫌犯罪)", conds[-1])
    if not m:
        return None
    roles = tuple(dict.fromkeys(r for _s, _e, r in roles_in(m.group("who"))))
    if not roles or not set(roles) <= set(PERSON_ROLES):
        return None
    return re.sub(r"^有关(?=责任)", "", m.group("who")), roles


class _ClauseBuilder:
    """Reads the segments of one paragraph (and its items) into clauses.

    Conditions: the conditions written before the first sanction of a segment ("lead") replace the running
    context (逾期未改正的 …), except conditions on the amount of illegal income (违法所得在十万元以上的), which
    are added to it; a segment without lead conditions continues the context (…；对其直接负责的主管人员…处…
    after 施工单位倒卖…资质的，…). A condition written after sanctions inside a segment adds to the lead."""

    def __init__(self, subject: str, roles: tuple[str, ...]):
        self.subject, self.roles = subject, roles
        self.clauses: list[Clause] = []
        self.notes: list[str] = []
        self.authority: str | None = None
        self.context: tuple[str, ...] = ()
        self.last_subject = (subject, roles)

    def segment(self, chunks: list[str]) -> None:
        pending: list[str] = []
        seg_conds: tuple[str, ...] = ()
        seg_base: tuple[str, ...] = ()
        conds: tuple[str, ...] = ()
        seen = False
        cur_subject, cur_roles = self.subject, self.roles
        carry = False
        last: tuple[Clause, int] | None = None     # clause and index of the last sanction added
        for chunk in chunks:
            if re.match(r"^自[^，]*之日起$", chunk) or _CRIMINAL_BASIS.match(chunk):
                continue
            r = read_chunk(chunk)
            if not (r.is_sanction or r.subject_only):
                if (last is not None and not chunk.endswith("的") and not condition_types(chunk) and not pending):
                    clause, idx = last
                    prev = clause.sanctions[idx]
                    if prev.kind in (CORRECT, STOP):
                        clause.sanctions[idx] = replace(prev, detail=f"{prev.detail or prev.text}，{chunk}",
                                                        words=f"{prev.words}，{chunk}" if prev.words else "")
                        continue
                pending.append(chunk)
                continue
            if not seen:
                lead = tuple(x.rstrip("的") for x in pending)
                pending = []
                if not lead:
                    seg_base = seg_conds = self.context
                elif all(condition_types(x) == ("违法所得",) for x in lead):
                    seg_base = self.context
                    seg_conds = self.context + lead
                else:
                    self.context = lead
                    seg_base = ()
                    seg_conds = lead
                conds = seg_conds
                seen = True
            elif pending:
                new = tuple(x.rstrip("的") for x in pending)
                local = list(conds[len(seg_base):])
                if local:
                    last_types = set(condition_types(local[-1]))
                    new_types = set(t for x in new for t in condition_types(x))
                    if (last_types & new_types) or not (last_types & {"逾期未改正", "拒不执行"}):
                        local.pop()
                conds = seg_base + tuple(local) + new
                pending = []
                cur_subject, cur_roles = self.subject, self.roles
                carry = False
            if r.authority and self.authority is None:
                self.authority = r.authority
            if r.subject:
                phrase, roles = subject_of(r.subject)
                cur_subject, cur_roles = (phrase or r.subject), roles
                carry = True
                if r.subject_only:
                    continue
            elif carry and not re.match(r"^(?:并|可以)*(?:处|没收|吊销|暂扣|暂停|给予|依法给予|追究|依照)", chunk):
                cur_subject, cur_roles = self.subject, self.roles
                carry = False
            these = conds + ((r.condition,) if r.condition else ())
            sanctions = r.sanctions
            um = re.match(r"^(?:并)?责令(?P<u>[^，；。]{0,12}?(?:单位|企业))(?=停|关闭|限期)", chunk)
            dq = [x for x in sanctions if x.kind == DISQUALIFY and re.search(r"担任[^，；。]*(?:主要负责人|法定代表人|矿长)", x.detail or "")]
            if um and "单位" not in cur_roles:
                clause = self._clause(um.group("u"), ("单位",), these)
            elif dq and len(dq) == len(sanctions) and not set(cur_roles) & set(PERSON_ROLES):
                clause = self._clause("主要负责人", ("主要负责人",), these)
            elif not r.subject and (named := _condition_subject(these)):
                clause = self._clause(named[0], named[1], these)
            else:
                clause = self._clause(cur_subject, cur_roles, these)
            clause.sanctions.extend(sanctions)
            last = (clause, len(clause.sanctions) - 1)
        self.last_subject = (cur_subject, cur_roles)
        if pending:
            self.notes.append("，".join(pending))

    def _clause(self, subject, roles, conds) -> Clause:
        for c in self.clauses:
            if c.subject == subject and c.roles == roles and c.conditions == conds and c.inherited_from is None:
                return c
        c = Clause(subject, roles, conds)
        self.clauses.append(c)
        return c


def parse_paragraph(law: str, version: str, article: Article, pno: int) -> Provision | None:
    """The penalty provision of paragraph `pno` (1-based) of `article`; None when it names no sanction."""
    para = article.paragraphs[pno - 1]
    text = para.text.strip()
    segments = _split_segments(text)
    if not segments or is_procedural(text):
        return None
    items_sanctioned = bool(para.items) and sum(_item_has_sanctions(it.text) for it in para.items) >= max(1, len(para.items) // 2)
    # trigger: chunks of the first segment before the first sanction chunk
    first = _split_chunks(segments[0])
    k = 0
    while k < len(first) and (not is_sanction_chunk(first[k]) or (k == 0 and not read_chunk(first[k]).is_sanction)):
        if k > 0 and _CRIMINAL_BASIS.match(first[k]):
            break
        k += 1
    trigger_chunks = first[:k]
    trigger = "，".join(trigger_chunks)
    subject, roles = subject_of(trigger)
    # conditions stated inside the trigger (after the subject's own behaviour): 导致发生生产安全事故的
    trig_conds = []
    for i, chunk in enumerate(trigger_chunks):
        if re.search(r"有下列|有前款|有本条|存在下列", chunk):
            continue
        if (i > 0 or chunk.startswith("发生")) and condition_types(chunk):
            trig_conds.append(chunk.rstrip("的"))
    builder = _ClauseBuilder(subject, roles)
    rest_first = first[k:]
    if items_sanctioned:
        rest_first = [c for c in rest_first if not re.search(r"(?:依照|按照)下列规定", c)]
    builder.segment(rest_first)
    for seg in segments[1:]:
        builder.segment(_split_chunks(seg))
    behaviours: list[Behaviour] = []
    if items_sanctioned:
        builder.subject, builder.roles = builder.last_subject
        for it in para.items:
            builder.context = ()
            before = len(builder.clauses)
            for seg in _split_segments(_ITEM_PREFIX.sub("", it.text)):
                builder.segment(_split_chunks(seg))
            for c in builder.clauses[before:]:
                c.item = it.number
        behaviours.append(Behaviour(str(Ref(law, version, article.number, article.suffix, pno)), trigger))
    elif para.items:
        for it in para.items:
            behaviours.append(Behaviour(str(Ref(law, version, article.number, article.suffix, pno, it.number)),
                                        _ITEM_PREFIX.sub("", it.text).rstrip("；。;")))
    else:
        cross = _cross_behaviours(trigger, article, pno, law, version)
        behaviours = cross if cross else [Behaviour(str(Ref(law, version, article.number, article.suffix, pno)), trigger)]
    clauses = [c for c in builder.clauses if c.sanctions]
    if not clauses:
        return None
    for c in clauses:
        if trig_conds:
            c.conditions = tuple(trig_conds) + tuple(x for x in c.conditions if x not in trig_conds)
    referrals = []
    for c in clauses:
        for i, s in enumerate(c.sanctions):
            if s.kind == REFERRAL:
                target = _referral_target(s.detail or "", law, version, article, pno)
                if target:
                    c.sanctions[i] = replace(s, target=target)
                    referrals.append(target)
                else:
                    referrals.append(s.detail or s.text)
    notes = builder.notes
    kinds = {s.kind for c in clauses for s in c.sanctions}
    if kinds <= {REFERRAL}:
        status = "referral"
    elif notes or any(s.kind == FINE and s.fine is not None and not s.fine.specified and re.search(rf"[{CN_NUM_CHARS}0-9]元", s.fine.text)
                      for c in clauses for s in c.sanctions):
        status = "partial"
    else:
        status = "parsed"
    return Provision(
        ref=str(Ref(law, version, article.number, article.suffix, pno)), law=law, version=version,
        article=article.number, suffix=article.suffix, paragraph=pno, heading=" ".join(article.headings),
        text=text, trigger=trigger, subject=subject, roles=roles, conditions=tuple(trig_conds),
        behaviours=behaviours, violated=violated_refs(law, trigger), authority=builder.authority,
        clauses=clauses, referrals=referrals, notes=notes, status=status)


def _referral_target(detail: str, law: str, version: str, article: Article, pno: int) -> str | None:
    d = detail.replace("的", "")
    if d.startswith("前款") or d == "前款":
        return str(Ref(law, version, article.number, article.suffix, pno - 1)) if pno > 1 else None
    m = re.match(r"^本条(?:第([" + CN_NUM_CHARS + r"]+)款)?", d)
    if m and m.group(1):
        return str(Ref(law, version, article.number, article.suffix, cn_to_int(m.group(1))))
    m = re.match(r"^本(?:法|条例|规定|办法)第([" + CN_NUM_CHARS + r"]+)条(之[一二三四五六七八九十]+)?(?:第([" + CN_NUM_CHARS
                 + r"]+)款)?", d)
    if m:
        return str(Ref(law, version, cn_to_int(m.group(1)), m.group(2), cn_to_int(m.group(3)) if m.group(3) else None))
    return None


def resolve_article(provisions: list[Provision], by_ref: dict[str, Provision] | None = None) -> None:
    """Fill referrals inside the same version: a provision that punishes 依照前款规定 gets the referred
    paragraph's clauses (for its own subject), marked with `inherited_from`."""
    by_ref = by_ref if by_ref is not None else {p.ref: p for p in provisions}
    for p in provisions:
        extra: list[Clause] = []
        for c in p.clauses:
            for s in c.sanctions:
                if s.kind != REFERRAL or not s.target:
                    continue
                targets = [t for r, t in by_ref.items() if r == s.target or (s.target.count("/") == 1 and
                                                                            r.startswith(s.target + "/"))]
                for t in targets:
                    if t is p:
                        continue
                    for tc in t.clauses:
                        if tc.inherited_from:
                            continue
                        subject, roles = tc.subject, tc.roles
                        if tc.subject == t.subject and p.subject:
                            subject, roles = p.subject, p.roles
                        extra.append(Clause(subject, roles, c.conditions + tuple(x for x in tc.conditions
                                                                               if x not in c.conditions),
                                            [x for x in tc.sanctions if x.kind != REFERRAL], inherited_from=t.ref))
        if extra:
            p.clauses.extend(e for e in extra if e.sanctions)
            if p.status == "referral":
                p.status = "parsed"


_PROCEDURAL_RE = re.compile(
    r"^(?:本(?:法|条例|规定|办法|细则)(?:规定|设定)的[^，；。]{0,40}(?:行政处罚|罚款|处罚|行政处分)|对没收的|须经[^，；。]*批准"
    r"|[^，；。]*(?:组织销毁|罚款基数|在当地主要媒体公告|紧急措施|委托[^，；。]{0,60}实施)|依照本(?:法|条例|规定)(?:规定|第[^，]{1,12}条规定)"
    r"(?:给予|作出)[^，；。]{0,10}(?:行政处罚|处罚)(?:的)?，由|行政处罚由|罚款决定|罚款、没收|被责令[^，；。]{0,20}的，应当"
    r"|当事人(?:逾期)?(?:不执行|对[^，；。]{0,12}不服)|责令停产停业，对经济|违反本(?:法|条例|规定)(?:规定)?的行为，[^，；。]{0,20}已有"
    r"|[^，；。]{0,30}(?:可以|应当)?(?:将|把)?[^，；。]{0,20}(?:委托|移送)[^，；。]{0,30}实施)")


_PROCEDURAL_ANY = re.compile(r"组织销毁|罚款基数|媒体公告|紧急措施|委托[^。]{0,80}实施|须经[^，；。]*批准|向公安机关移送|案件移送"
                             r"|移送[^，；。]{0,12}(?:行政执法机关|公安机关)|折抵|收到罚款|立案侦查|对所移送的案件")


def is_procedural(text: str) -> bool:
    """Paragraphs about who decides or how penalties are carried out, which impose no sanction themselves."""
    return bool(_PROCEDURAL_RE.search(text) or _PROCEDURAL_ANY.search(text))
