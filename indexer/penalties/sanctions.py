"""Sanctions: one measure (kind, fine, authority, details) read from a chunk of a penalty sentence, and the
chunk's reading (authority, subject switch, sanctions)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..numerals import CN_NUM_CHARS
from .fines import RATIO_PATTERN, Fine, parse_fine, ratio
from .kinds import (BAN, CIVIL, CLOSE, CONFISCATE, CORRECT, CRIMINAL, CRITICISM, DAILY, DETAIN_LICENCE, DETENTION,
                    DISCIPLINE, DISQUALIFY, DOWNGRADE, EDUCATION, ENFORCE, FINE, PUBLIC_SECURITY, REFERRAL, REVOKE,
                    STOP, SUSPEND, WARNING)
from .roles import roles_in


@dataclass(frozen=True)
class Sanction:
    kind: str                      # one of KINDS
    text: str                      # the phrase as written
    fine: Fine | None = None
    detail: str | None = None      # what is confiscated / revoked / stopped, days of 拘留, referral target text
    mode: str = "must"             # must / may (可以) / or (alternative to the previous sanction) / until (直至)
    target: str | None = None      # referral: canonical ref of the paragraph referred to, when in the same law
    words: str = ""                # the statute's own words for this measure, with its connective (并处…, 直至…)
    joined: bool = False           # written in the same phrase as the previous sanction (no comma between)

    def plain(self) -> str:
        """The measure in the statute's own words: 责令停业整顿, 直至由原发证机关吊销…, 并处十万元以上…的罚款.
        Never a paraphrase: 停业整顿 is not 停产停业整顿, 承担连带赔偿责任 is not 依法承担赔偿责任."""
        return self.words or self.normalised()

    def normalised(self) -> str:
        """A normalised rendering (amounts in 万元) for sanctions built without their source phrase."""
        if self.kind == FINE and self.fine:
            s = f"处{self.fine.describe()}的罚款" if self.fine.specified else "处以罚款"
        elif self.kind == REFERRAL:
            s = f"依照{self.detail or ''}的规定处理、处罚"
        elif self.kind in (CORRECT, STOP, DISQUALIFY) and self.detail:
            s = self.detail
        elif self.kind == CONFISCATE:
            s = f"没收{self.detail or ''}"
        elif self.kind in (REVOKE, DETAIN_LICENCE):
            s = self.text if len(self.text) > 2 else f"{self.kind}{self.detail or ''}"
        elif self.kind == DETENTION:
            s = f"处{self.detail or ''}拘留"
        elif self.kind == WARNING:
            s = "给予警告"
        elif self.kind == DISCIPLINE:
            s = f"给予{self.detail or ''}处分"
        elif self.kind == CRIMINAL:
            s = "依法追究刑事责任"
        elif self.kind == CIVIL:
            s = "依法承担赔偿责任"
        elif self.kind == SUSPEND:
            s = "责令停产停业整顿"
        elif self.kind == CLOSE:
            s = "予以关闭"
        elif self.kind == BAN:
            s = "予以取缔"
        else:
            s = self.text
        if self.mode == "may":
            s = "可以" + s
        elif self.mode == "or":
            s = "或者" + s
        elif self.mode == "alone_or_with":
            s = "单处或者并处" + s.removeprefix("处")
        elif self.mode == "until":
            s = "直至" + s
        return s

    def describe(self) -> str:
        if self.kind == FINE and self.fine:
            s = self.fine.describe()
            s = s if s.endswith("罚款（未规定数额）") else f"罚款：{s}"
        elif self.kind == REFERRAL:
            s = f"依照{self.detail or ''}处理、处罚"
        elif self.detail:
            s = f"{self.kind}（{self.detail}）"
        else:
            s = self.kind
        if self.mode == "may":
            s = "可以" + s
        elif self.mode == "or":
            s = "或者" + s
        elif self.mode == "alone_or_with":
            s = "单处或者并处" + s
        elif self.mode == "until":
            s = "直至" + s
        return s


_AGENCY = r"(?:部门|机关|机构|政府|委员会|管理局|监察局|消防救援机构|海事管理机构|法院|检察院)"
_VERBS = (r"处以?|并处|单处|给予|予以|责令|没收|吊销|暂扣|撤销|注销|取缔|关闭|追究|依照|按照|提请|报请|暂停|停止|实行|采取"
          r"|不得|终身|收缴|强制执行|加处|限期|降低|禁止|承担|通报|撤职|降级|开除|批评教育|移送|罚款(?:幅度|数额)为|不予受理"
          r"|不予注册|取消"
          rf"|[{CN_NUM_CHARS}0-9]+年内(?:不得|禁止|不予)")
_PRE = r"(?:并|另|还|同时|可以|可|应当|依法|一并|均|分别|立即|相应|直至)*"
_AUTHORITY_RE = re.compile(rf"^(?:并|另|还|同时|分别|均)?由(?P<auth>[^，；。]{{2,60}}?(?:{_AGENCY}|单位))(?P<how>(?:按照职责分工"
                           rf"|按照各自职权|依据各自职权|依照职责|依法|分别|共同)*)(?={_PRE}(?:{_VERBS}|对))")
_AGENCY_SUBJECT_RE = re.compile(rf"^(?![与对向和])(?P<auth>[^，；。]{{2,40}}?{_AGENCY})(?={_PRE}(?:{_VERBS}))")
_SANCTION_START = re.compile(rf"^{_PRE}(?:{_VERBS}|与[^，；。]{{1,30}}?(?=承担))")
_SUBJECT_SWITCH_RE = re.compile(r"^(?:并|还|另|同时|应当|可以)*对(?P<subj>[^，；。]{1,40}?)(?=(?:并|还|另|应当|可以|依法)*(?:"
                                + _VERBS + r")|$)")

_KIND_PATTERNS: list[tuple[str, re.Pattern]] = [
    (SUSPEND, re.compile(r"停产停业整顿|停产整顿|停业整顿|停产停业|停产、停业|停业、停产|(?<=责令)停产(?=，|；|。|$)")),
    (STOP, re.compile(r"停止(?:建设|施工|使用|生产|经营|营业|作业|执业|违法行为|非法[^，；。、]{0,12}活动|[^，；。或]{0,12}活动"
                      r"|[^，；。或]{0,14}?(?:作业|使用|生产|经营|施工)"
                      r"|销售|制造|充装|运输|储存|运营|相关业务|有关[^，；。或]{0,10})|停建|停止(?=，|$)")),
    (CORRECT, re.compile(r"(?:责令|限期)(?:其|[^，；。]{0,8}?(?:单位|企业|人|者))?(?:限期|立即|当场)?(?:改正|整改|消除|排除|纠正|补办|办理|缴纳|支付|恢复原状|拆除"
                         r"|重新|补正|委托|检测|备案|申报|采取|停止使用并)|限期改正|立即改正")),
    (DISCIPLINE, re.compile(r"(?:依法)?(?:给予|予以)?(?P<d>(?:降级|撤职|开除|记过|记大过|警告|行政|纪律|政务)[^，；。]{0,12}?)?处分"
                            r"|撤职|降级|开除")),
    (WARNING, re.compile(r"警告")),
    (CRITICISM, re.compile(r"通报批评")),
    (FINE, re.compile(r"罚款")),
    (CONFISCATE, re.compile(r"没收(?P<d>[^，；。]*?)(?=并处|，|；|。|$)")),
    (DETAIN_LICENCE, re.compile(r"(?:暂扣|暂停)(?P<d>(?:或者吊销)?[^，；。]*?)(?=直至|，|；|。|$)")),
    (REVOKE, re.compile(r"(?:吊销|撤销|注销|取消)(?P<d>[^，；。]*?)(?=并处|，|；|。|$)")),
    (CLOSE, re.compile(r"关闭")),
    (BAN, re.compile(r"取缔")),
    (DETENTION, re.compile(r"(?P<d>[" + CN_NUM_CHARS + r"0-9]+日(?:以上[" + CN_NUM_CHARS + r"0-9]+日)?以下)?(?:行政)?拘留")),
    (CRIMINAL, re.compile(r"追究刑事责任|依法追究[^，；。]{0,10}刑事责任")),
    (DISQUALIFY, re.compile(r"(?:[" + CN_NUM_CHARS + r"0-9]+年内|终身)?(?:不得(?:担任|从事|申请|再)|禁止[^，；。]{0,8}从事|[^，；。]{0,8}禁入"
                            r"|不予受理[^，；。]{0,8}申请|不予注册)"
                            r"[^，；。]*")),
    (DOWNGRADE, re.compile(r"降低资质等级")),
    (DAILY, re.compile(r"按日连续处罚")),
    (ENFORCE, re.compile(r"强制执行|代为履行|代履行")),
    (PUBLIC_SECURITY, re.compile(r"治安管理处罚")),
    (CIVIL, re.compile(r"赔偿|民事责任")),
    (EDUCATION, re.compile(r"批评教育")),
]
_REFERRAL_RE = re.compile(r"(?:依照|按照|依据)(?P<t>[^，；。]*?)(?:的)?(?:有关)?规定(?:予以|给予|进行|从重)?(?:处理、处罚|处罚|处理|追究)")


# What links a measure to the one before it inside a phrase; the words before it belong to the previous measure.
_CONNECTIVE = re.compile(r"(?:、|或者|直至|并处|并|可以|单处|由[^，；。、]{2,20}?(?:部门|机关|机构))+")


def parse_sanctions(chunk: str) -> list[Sanction]:
    """Every sanction named in one chunk (a comma-separated phrase), in text order."""
    found: list[tuple[int, int, Sanction]] = []
    taken: list[tuple[int, int]] = []

    def free(s, e):
        return all(e <= a or s >= b for a, b in taken)

    ref = _REFERRAL_RE.search(chunk)
    if ref and "下列规定" not in ref.group("t") and not re.search(r"刑法|刑事|罪", ref.group(0)):
        found.append((ref.start(), ref.end(), Sanction(REFERRAL, ref.group(0), detail=ref.group("t").strip() or None)))
        taken.append((ref.start(), ref.end()))
    for kind, rx in _KIND_PATTERNS:
        for m in rx.finditer(chunk):
            s, e = m.start(), m.end()
            if not free(s, e) or s == e:
                continue
            if kind == WARNING and chunk[e:e + 2] in ("标志", "标识", "说明", "装置", "信号"):
                continue
            if kind == CLOSE and chunk[e:e + 1] in ("、", "或"):   # 关闭、破坏…设备 (a behaviour)
                continue
            if kind == FINE and chunk[e:e + 2] in ("数额", "幅度", "基数") and chunk[e + 2:e + 3] != "为":
                continue
            detail = m.groupdict().get("d")
            detail = detail.strip("其的") if detail else None
            fine = None
            if kind == FINE:
                start = chunk.rfind("，", 0, s) + 1
                fm = re.match(r"罚款(?:幅度|数额)为(.*)$", chunk[s:])
                fine = parse_fine(fm.group(1)) if fm else parse_fine(chunk[start:s])
                rm = re.search(rf"按照(?P<b>[^，；。]*?)的?(?P<a>{RATIO_PATTERN})(?:以上|至)(?P<c>{RATIO_PATTERN})(?:以下)?", chunk[start:s])
                if not fine.specified and rm:
                    fine = Fine("ratio", ratio(rm.group("a")), ratio(rm.group("c")), rm.group("b"), chunk[start:s])
                detail = None
            elif kind in (CORRECT, STOP, DISQUALIFY):
                detail = m.group(0)
            elif kind in (SUSPEND, CLOSE, BAN, CRIMINAL, PUBLIC_SECURITY, CIVIL, WARNING, CRITICISM, EDUCATION):
                detail = None
            text = m.group(0)
            if kind == FINE and fine is not None:
                text = (fine.text + "罚款").lstrip("，")
            found.append((s, e, Sanction(kind, text, fine=fine, detail=detail or None)))
            taken.append((s, e))
    found.sort(key=lambda x: x[0])
    out: list[Sanction] = []
    prev_end = 0
    for i, (s, e, sanc) in enumerate(found):
        between = chunk[prev_end:s]
        if i > 0:
            # 责令其办理经营范围变更登记或者吊销…: the words before the connective finish the previous measure
            runs = list(_CONNECTIVE.finditer(between))
            cut = runs[-1].start() if runs else len(between)
            tail, between = between[:cut], between[cut:]
            out[-1] = replace(out[-1], words=out[-1].words + tail)
        mode = "must"
        if "单处或者并处" in between:
            mode = "alone_or_with"
        elif i > 0 and "或者" in between:
            mode = "or"
        elif i > 0 and "直至" in between:
            mode = "until"
        elif "可以" in between:
            mode = "may"
        out.append(replace(sanc, mode=mode, words=(between + chunk[s:e]).lstrip("、，"), joined=i > 0))
        prev_end = e
    if out and len(chunk) - prev_end <= 30:
        out[-1] = replace(out[-1], words=out[-1].words + chunk[prev_end:])
    # 处以十五日以下拘留、罚款或者警告: every member of a list closed by 或者 is an alternative
    for i in range(1, len(out)):
        if out[i].mode == "must" and any(o.mode == "or" for o in out[i + 1:]) and "、" in chunk:
            out[i] = replace(out[i], mode="or")
    return out


@dataclass
class Chunk:
    """One comma-separated phrase, read."""
    text: str
    authority: str | None = None
    subject: str | None = None            # 对X / X应当… : a subject named in the chunk
    condition: str | None = None           # 对逃匿的 (a condition written as 对…的)
    sanctions: list[Sanction] = field(default_factory=list)
    subject_only: bool = False             # 对直接负责的主管人员和其他直接责任人员，依法给予处分: the subject alone

    @property
    def is_sanction(self) -> bool:
        return bool(self.sanctions)


def read_chunk(chunk: str) -> Chunk:
    out = Chunk(chunk)
    c = chunk
    m = _AUTHORITY_RE.match(c)
    if m:
        out.authority = m.group("auth")
        c = c[m.end():]
    else:
        m = None if _SANCTION_START.match(c) else _AGENCY_SUBJECT_RE.match(c)
        if m and _SANCTION_START.match(c[m.end():]) and not re.search(r"责令|处以?|给予", m.group("auth")):
            out.authority = m.group("auth")
            c = c[m.end():]
    m = _SUBJECT_SWITCH_RE.match(c)
    if m:
        subj = m.group("subj").strip()
        if subj.endswith("的"):
            out.condition = subj.rstrip("的")
        else:
            out.subject = re.sub(r"^(?:其|该|有关(?=责任))", "", subj)
        c = c[m.end():]
        if not c or re.match(r"^(?:依照|按照)[^，；。]*(?:刑法|罪)", c) and not parse_sanctions(c):
            out.subject_only = out.subject is not None
            return out
    elif not _SANCTION_START.match(c):
        # X应当… / 生产经营单位主要负责人五年内不得担任…: a subject written before the verb
        for rm in roles_in(c[:30]):
            rest = c[rm[1]:]
            if _SANCTION_START.match(rest) and rm[1] <= 24 and not re.match(r"^(?:与|向|和|由)", c):
                out.subject = c[:rm[1]]
                c = rest
                break
    if c.endswith("的"):
        return out
    if _SANCTION_START.match(c):
        out.sanctions = parse_sanctions(c)
        inner = re.search(r"对(?P<s>[^，；。《》]{2,30}?)(?=处以?罚款|处以?[^，；。]{0,30}罚款$)", c)
        if inner and out.subject is None and roles_in(inner.group("s")) and "依照" not in inner.group("s"):
            out.subject = inner.group("s")
    if not out.sanctions:
        out.subject = None
        out.condition = None
        out.authority = None
    return out


def is_sanction_chunk(chunk: str) -> bool:
    r = read_chunk(chunk)
    return r.is_sanction or r.subject_only
