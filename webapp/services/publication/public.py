"""The public version of a penalty decision: the case's 行政处罚决定书 rendered from a copy of the case whose
personal fields are masked, its text cleaned of every personal value (masking.py), and a closing note saying
so. The .docx is written in the same layout as the served decision."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from webapp.services.drafting.model import Case
from webapp.services.drafting.templates import Para, RenderedDoc
from webapp.services.errors import ServiceError

from . import deadline as dl
from .masking import mask_case, mask_doc, name_hints, replacements

DECISION_STAGES = ("decision", "onsite")
NOTE = "本文书为公开版本，已依照《浙江省行政处罚结果信息网上公开暂行办法》第七条隐去个人信息。"


@dataclass
class PublicVersion:
    form_id: str
    title: str
    doc: RenderedDoc
    hints: list[str]                  # words that look like names nothing masked (for the officer to check)

    def lines(self) -> list[str]:
        return self.doc.text_lines()


def decision_spec(drafter, case: Case):
    """The form of the case's decision: the 行政处罚决定书 for its party and procedure."""
    if case.not_penalised:
        raise ServiceError("本案决定不予行政处罚，没有须公开的行政处罚决定书。", "not_penalised", 409)
    for spec in drafter.forms():
        if spec.stage in DECISION_STAGES and spec.fits(case.party.kind, case.procedure):
            return spec
    raise ServiceError(f"没有适用于{case.party.kind}、{case.procedure}的行政处罚决定书模板。", "no_decision_form", 409)


def public_version(drafter, case: Case, extra_names=()) -> PublicVersion:
    dl.decision_date(case)            # a case without a decision has nothing to publish
    spec = decision_spec(drafter, case)
    draft = drafter.prepare(mask_case(case), spec.id, check=False)
    table = replacements(case, extra_names)
    doc = mask_doc(draft.doc, table)
    doc = dataclasses.replace(doc, blocks=[*doc.blocks, Para(NOTE, "note", "left", False)])
    public = {o.name for o in case.officers} | {case.unit.contact}
    hints = name_hints(doc.text_lines(), lambda w: w in public or w in table)
    return PublicVersion(spec.id, spec.full_title, doc, hints)


def public_docx(drafter, case: Case, version: PublicVersion) -> bytes:
    return drafter.write(version.doc, "docx", case)


def filename(case: Case, version: PublicVersion) -> str:
    return f"{case.id}-{version.title}（公开版本）.docx"
