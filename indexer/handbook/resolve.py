"""A catalogue entry's references read against the library: citations, texts, and the statutory sanctions
derived from the parsed basis provision (never retyped in the catalogue)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dataclasses import replace

from ..penalties import (ADMINISTRATIVE_PENALTIES, ANY_ROLE, CIVIL, CORRECT, FINE, PERSON_ROLES, REFERRAL, UNIT_ROLES,
                         Clause, Fine, Provision, classify_role, provision)
from ..refs import Ref, RefError
from ..dates import STATUS_LABELS, check_date


@dataclass
class RefInfo:
    """One authored reference, resolved on a date."""
    ref: str                       # as authored (undated)
    ok: bool                       # exists (law, version in force, article, paragraph, item)
    in_force: bool
    citation: str = ""             # 《中华人民共和国安全生产法》第九十七条第（七）项
    dated: str = ""                # 安全生产法@2021-09-01/97/1/7
    text: str = ""                 # text of the cited unit (item, paragraph or article)
    article_text: str = ""
    status: str = ""               # in_force / superseded / repealed / not_yet
    error: str = ""                # Chinese, why not ok

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["status_label"] = STATUS_LABELS.get(self.status, "")
        return d


NO_LIBRARY = "法规库尚未建立索引，无法核对条文（请先运行 lawdesk index）"


def resolve_ref(lib, ref_text: str, as_of: str | None = None) -> RefInfo:
    """`lib` may be None (no statute index yet): the ref is then reported as not checked."""
    date = check_date(as_of)
    try:
        ref = Ref.parse(ref_text)
    except RefError as exc:
        return RefInfo(ref_text, False, False, error=str(exc))
    if lib is None:
        return RefInfo(ref_text, False, False, error=NO_LIBRARY)
    law = lib.store.law(ref.law)
    if law is None:
        return RefInfo(ref_text, False, False, error=f"法规库中没有“{ref.law}”")
    if ref.article is None:
        return RefInfo(ref_text, False, False, error="引用没有条号")
    version = lib.store.resolve_version(ref, date)
    in_force = version is not None and version.in_force_on(date)
    if version is None:
        version = lib.store.latest_version(ref.law)
        status = lib.law_status(law, date)
        label = STATUS_LABELS.get(status, status)
        if version is None:
            return RefInfo(ref_text, False, False, status=status, error=f"{law.title} 没有可用版本")
    else:
        status = lib.store.status(law, version, date)
        label = STATUS_LABELS.get(status, status)
    art = lib.store.article(version, ref.article, ref.suffix)
    label_art = f"第{ref.article}条{ref.suffix or ''}"
    if art is None:
        return RefInfo(ref_text, False, in_force, status=status,
                       error=f"{law.title}（{version.effective_from} 施行版本）没有{label_art}")
    single = len(art.paragraphs) == 1
    dated = Ref(ref.law, version.effective_from, ref.article, ref.suffix, ref.paragraph, ref.item, ref.subitem)
    info = RefInfo(ref_text, True, in_force, citation=dated.human(law.title, single_paragraph=single),
                   dated=str(dated), article_text=art.text(), status=status)
    text = art.text()
    if ref.paragraph is not None:
        if not 1 <= ref.paragraph <= len(art.paragraphs):
            info.ok = False
            info.error = f"{law.title}{art.label}只有 {len(art.paragraphs)} 款，没有第 {ref.paragraph} 款"
            return info
        para = art.paragraphs[ref.paragraph - 1]
        text = para.full_text()
        if ref.item is not None:
            item = next((it for it in para.items if it.number == ref.item), None)
            if item is None:
                info.ok = False
                info.error = (f"{law.title}{art.label}第{ref.paragraph}款没有第 {ref.item} 项"
                              f"（共 {len(para.items)} 项）")
                return info
            text = item.text
            if ref.subitem is not None:
                if not 1 <= ref.subitem <= len(item.subitems):
                    info.ok = False
                    info.error = f"{law.title}{art.label}第{ref.paragraph}款第{ref.item}项没有第 {ref.subitem} 目"
                    return info
                text = item.subitems[ref.subitem - 1]
    info.text = text
    if not in_force:
        info.error = f"{info.citation}不是现行有效的条文（{label}）"
    return info


_PUNCT = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "、": "、"})


def normalise(text: str) -> str:
    """For containment checks: no whitespace, full-width punctuation, no item numbers."""
    t = re.sub(r"\s+", "", text).translate(_PUNCT)
    t = re.sub(r"^（[一二三四五六七八九十]+）", "", t)
    return t


@dataclass
class StatutoryBasis:
    """The penalty provision behind one basis ref, for one subject role."""
    ref: RefInfo
    provision: Provision | None
    clauses: list[Clause] = field(default_factory=list)      # for the entry's subject role (and item)
    all_clauses: list[Clause] = field(default_factory=list)  # every clause of the provision
    addressed: list[Clause] = field(default_factory=list)    # every addressee for this entry, in statute order

    def sanction_lines(self) -> tuple[list[str], list[str]]:
        """(sanctions, other liabilities) in the statute's words, one line per addressee and condition.
        Civil liability (赔偿责任) is not an administrative penalty (行政处罚法 第九条): it is listed apart."""
        skip = self.provision.conditions if self.provision else ()
        sanctions, liabilities = [], []
        for c in self.addressed:
            if all(s.kind == REFERRAL for s in c.sanctions):
                continue
            admin = [s for s in c.sanctions if s.kind != CIVIL]
            civil = [s for s in c.sanctions if s.kind == CIVIL]
            if admin:
                sanctions.append(replace(c, sanctions=admin).plain(skip))
            if civil:
                liabilities.append(replace(c, sanctions=civil).plain(skip))
        return sanctions, liabilities

    @property
    def base_clauses(self) -> list[Clause]:
        """Clauses without conditions: the sanction for the plain violation."""
        return [c for c in self.clauses if not c.conditions]

    def fines(self) -> list[tuple[tuple[str, ...], Fine]]:
        return [(c.conditions, f) for c in self.clauses for f in c.fines]

    def base_fine(self) -> Fine | None:
        for c in self.base_clauses:
            for f in c.fines:
                if f.specified:
                    return f
        return None

    def to_dict(self) -> dict:
        return {
            "ref": self.ref.to_dict(),
            "provision": self.provision.ref if self.provision else None,
            "parse_status": self.provision.status if self.provision else None,
            "subject": self.provision.subject if self.provision else None,
            "clauses": [c.to_dict() for c in self.clauses],
            "sanctions": describe_clauses(self.clauses),
        }


def statutory_basis(lib, violation, as_of: str | None = None) -> list[StatutoryBasis]:
    out = []
    for r in violation.basis:
        info = resolve_ref(lib, r, as_of)
        prov = None
        clauses: list[Clause] = []
        addressed: list[Clause] = []
        if info.ok and lib is not None:
            ref = Ref.parse(info.dated)
            prov = provision(lib, ref, as_of)
            if prov is not None:
                clauses = prov.clauses_for(violation.subject_role, ref.item)
                addressed = _addressed(prov, clauses, classify_role(violation.subject_role), ref.item)
        out.append(StatutoryBasis(info, prov, clauses, prov.clauses if prov else [], addressed))
    return out


def _addressed(prov: Provision, own: list[Clause], role: str, item: int | None) -> list[Clause]:
    """The entry's own clauses and, where the entry's subject is a unit, the persons the same provision also
    punishes (直接负责的主管人员和其他直接责任人员, 主要负责人, 有关责任人员构成犯罪的…)."""
    unit = role in UNIT_ROLES + (ANY_ROLE,)
    return [c for c in prov.clauses
            if (item is None or c.item is None or c.item == item)
            and (c in own or unit and c.roles and set(c.roles) <= set(PERSON_ROLES))]


def describe_clauses(clauses: list[Clause]) -> list[str]:
    return [c.describe() for c in clauses if any(s.kind != REFERRAL for s in c.sanctions)]


def sanction_kinds(clauses: list[Clause]) -> set[str]:
    return {s.kind for c in clauses for s in c.sanctions}


def role_of(violation) -> str:
    return classify_role(violation.subject_role)


__all__ = ["RefInfo", "resolve_ref", "normalise", "StatutoryBasis", "statutory_basis", "describe_clauses",
           "sanction_kinds", "role_of", "ADMINISTRATIVE_PENALTIES", "FINE", "CORRECT"]
