"""The credit-repair rule in force (corpus/credit/repair.toml: 《信用修复管理办法》, 国家发展和改革委员会令2025年第36号)
applied to a case: its class of 失信信息 and the earliest day the firm may apply for repair.

The class is the case's own when the officer set one (case.credit.level), else lawdesk's reading of the rule
(corpus/credit/README.md: no 应急管理部 standard was found). The minimum period runs from the decision date; the
firm may apply from the day after it ends, and not before the fine is paid (condition 二: 完全履行…行政处罚)."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer.config import CORPUS_DIR
from webapp.services.drafting import cnformat as cf
from webapp.services.drafting.model import Case
from webapp.services.errors import ServiceError
from webapp.services.workdays import months_later

RULES_FILE = CORPUS_DIR / "credit" / "repair.toml"
SERIOUS_WORDS = ("吊销", "撤销", "限制从业", "禁入", "责令关闭", "关闭")


@dataclass(frozen=True)
class Level:
    key: str
    label: str                 # 轻微 / 一般 / 严重
    min_months: int
    max_months: int
    text: str


@dataclass(frozen=True)
class Rules:
    title: str
    number: str
    in_force: dt.date
    repeals: str
    sources: tuple[str, ...]
    start: str
    where: str
    where_text: str
    after_min: str
    conditions: tuple[str, ...]
    levels: tuple[Level, ...]

    @property
    def cited(self) -> str:
        return f"《{self.title}》（{self.number}）"

    def level(self, label: str) -> Level:
        for lv in self.levels:
            if lv.label == label:
                return lv
        raise ServiceError(f"失信信息类别应为{'、'.join(x.label for x in self.levels)}之一，实为“{label}”。", "bad_level", 400)


@lru_cache(maxsize=4)
def _load(path: Path, stamp: float) -> Rules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    r = data["rule"]
    levels = tuple(Level(x["key"], x["label"], int(x["min_months"]), int(x["max_months"]), x["text"])
                   for x in data["level"])
    return Rules(r["title"], r["number"], dt.date.fromisoformat(r["in_force"]), r["repeals"], tuple(r["sources"]),
                 r["start"], r["where"], r["where_text"], r["after_min"], tuple(r["conditions"]), levels)


def load_rules(path: Path = RULES_FILE) -> Rules:
    return _load(path, path.stat().st_mtime)


def classify(case: Case) -> tuple[str, str]:
    """(class, why) by lawdesk's reading of the rule (corpus/credit/README.md)."""
    if case.procedure == "简易程序":
        return "轻微", "以简易程序作出的行政处罚"
    others = [x for v in case.violations for x in v.other_penalties]
    serious = next((x for x in others if any(w in x for w in SERIOUS_WORDS)), "")
    if serious:
        return "严重", f"处罚包括{serious}"
    if case.violations and all(v.warning and v.fine is None and not v.confiscation and not v.other_penalties
                               for v in case.violations):
        return "轻微", "仅给予警告"
    return "一般", "给予罚款、没收或者其他行政处罚"


@dataclass(frozen=True)
class Eligibility:
    level: Level
    why: str                       # how the class was set
    decided: dt.date
    period_end: dt.date | None     # the last day of the minimum period (None: no minimum)
    earliest: dt.date              # the first day the firm may apply, fine paid or not
    fine_due: bool                 # a fine not yet recorded as paid: the firm must pay it first
    paid_on: dt.date | None

    @property
    def earliest_text(self) -> str:
        tail = "，并须缴清罚款" if self.fine_due else ""
        return f"自{cf.cn_date(self.earliest)}起{tail}"

    def ready(self, today: dt.date) -> bool:
        return today >= self.earliest and not self.fine_due

    def to_dict(self) -> dict:
        return {"level": self.level.label, "why": self.why, "decided": self.decided.isoformat(),
                "period_end": self.period_end.isoformat() if self.period_end else None,
                "earliest": self.earliest.isoformat(), "fine_due": self.fine_due,
                "paid_on": self.paid_on.isoformat() if self.paid_on else None,
                "min_months": self.level.min_months, "max_months": self.level.max_months}


def eligibility(case: Case, rules: Rules | None = None) -> Eligibility:
    rules = rules or load_rules()
    if case.not_penalised:
        raise ServiceError("本案决定不予行政处罚，没有行政处罚信息，无须信用修复。", "not_penalised", 409)
    text = (case.dates.decision or "")[:10]
    if not text:
        raise ServiceError("本案还没有决定日期，无法计算可以申请信用修复的日期。请先在案件中填写决定日期。",
                           "no_decision_date", 409)
    decided = dt.date.fromisoformat(text)
    if case.credit.level:
        level, why = rules.level(case.credit.level), "执法人员按行业主管部门的分类标准认定"
    else:
        label, why = classify(case)
        level = rules.level(label)
    paid = cf.to_date(case.payment.paid_on) if case.payment and case.payment.paid_on else None
    fined = case.total_fine > 0
    end = months_later(decided, level.min_months) if level.min_months else None
    earliest = end + dt.timedelta(days=1) if end else decided
    if fined and paid and paid > earliest:
        earliest = paid
    return Eligibility(level, why, decided, end, earliest, fined and paid is None, paid)
