"""Score a case file against the review standard (corpus/casereview/standard.toml): each automatic fault
deducts the points of the standard's deductions its code triggers, the reviewer adds the deductions that need a
person's judgement, and each item is scored from its full points down to zero (the standard's rule: 扣完为止，
不计负分; a veto deduction fails the whole file).

Warnings are not deducted automatically: they point the reviewer at something to judge (a confirmed warning,
an old article number), and the reviewer decides."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import CaseFileReview, Finding
from .standard import Deduction, Item, Standard

GRADES = {"exemplary": "示范优案", "poor": "典型差案", "": "—"}


@dataclass(frozen=True)
class ManualDeduction:
    """A deduction the reviewer applies: `count` times for a per-occurrence deduction (每处)."""
    deduction_id: str
    count: int = 1
    comment: str = ""


@dataclass(frozen=True)
class Deducted:
    deduction: Deduction
    points: float
    by: str                                   # "auto" or "reviewer"
    findings: tuple[Finding, ...] = ()
    comment: str = ""
    times: int = 1                            # occurrences counted (每处 deductions)

    @property
    def label(self) -> str:
        """扣10分 / 扣2分×3处 (what the page and the report print)."""
        d = self.deduction
        return f"扣{d.points:g}分×{self.times}处" if d.each and self.times > 1 else f"扣{self.points:g}分"


@dataclass
class ItemScore:
    item: Item
    deducted: list[Deducted] = field(default_factory=list)

    @property
    def lost(self) -> float:
        return min(self.item.points, sum(d.points for d in self.deducted))

    @property
    def score(self) -> float:
        return self.item.points - self.lost


@dataclass
class Scorecard:
    standard: Standard
    items: list[ItemScore]
    unmapped: list[Finding]                   # faults no deduction of the standard names (shown, not scored)

    @property
    def veto(self) -> list[Deducted]:
        return [d for it in self.items for d in it.deducted if d.deduction.veto]

    @property
    def total(self) -> float:
        return 0.0 if self.veto else sum(it.score for it in self.items)

    def to_dict(self) -> dict:
        return {"standard": self.standard.title, "total": self.total, "full": self.standard.total,
                "veto": [d.deduction.id for d in self.veto],
                "items": [{"id": it.item.id, "title": it.item.title, "points": it.item.points, "score": it.score,
                           "deductions": [{"id": d.deduction.id, "text": d.deduction.text, "points": d.points,
                                           "by": d.by, "rule": d.deduction.rule, "comment": d.comment,
                                           "findings": [f.message for f in d.findings]} for d in it.deducted]}
                          for it in self.items],
                "unmapped": [f.to_dict() for f in self.unmapped]}


def _points(d: Deduction, times: int) -> float:
    return d.points * max(1, times) if d.each else d.points


def score(review: CaseFileReview, standard: Standard, manual: Iterable[ManualDeduction] = ()) -> Scorecard:
    """Raises KeyError for a manual deduction the standard does not have (the caller says so in Chinese)."""
    by_item = {it.id: ItemScore(it) for it in standard.items}
    found: dict[str, list[Finding]] = {}
    unmapped = []
    for f in review.faults:
        targets = standard.deductions_for(f.code)
        if not targets:
            unmapped.append(f)
        for d in targets:
            found.setdefault(d.id, []).append(f)
    for did, findings in found.items():
        d = standard.deduction(did)
        if d.veto:
            continue                  # failing a whole file is a person's decision, never a code's
        by_item[d.item_id].deducted.append(Deducted(d, _points(d, len(findings)), "auto", tuple(findings),
                                                    times=len(findings)))
    for m in manual:
        d = standard.deduction(m.deduction_id)
        by_item[d.item_id].deducted.append(Deducted(d, _points(d, m.count), "reviewer", (), m.comment,
                                                    times=m.count))
    return Scorecard(standard, list(by_item.values()), unmapped)
