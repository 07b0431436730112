"""What a parsed penalty paragraph is: its clauses (one subject under one set of conditions with its
sanctions), its behaviours and the provision itself."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..refs import Ref
from .conditions import condition_types
from .fines import Fine
from .kinds import FINE
from .roles import ANY_ROLE, PERSON_ROLES, UNIT_ROLES, classify_role, roles_compatible
from .sanctions import Sanction


@dataclass
class Clause:
    subject: str                         # as written ('生产经营单位', '直接负责的主管人员和其他直接责任人员')
    roles: tuple[str, ...]
    conditions: tuple[str, ...]          # as written, without the final 的: ('逾期未改正',)
    sanctions: list[Sanction] = field(default_factory=list)
    inherited_from: str | None = None    # canonical ref of the paragraph a referral copied this clause from
    item: int | None = None              # the 项 this clause comes from (安全生产法 第九十五条: one fine per item)

    @property
    def condition_types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for c in self.conditions for t in condition_types(c)))

    @property
    def fines(self) -> list[Fine]:
        return [s.fine for s in self.sanctions if s.kind == FINE and s.fine]

    def kinds(self) -> list[str]:
        return list(dict.fromkeys(s.kind for s in self.sanctions))

    def plain(self, skip: tuple[str, ...] = ()) -> str:
        """'逾期未改正的，对直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款' (amounts in 万元)."""
        conds = [c for c in self.conditions if c not in skip]
        head = "，".join(conds) + "的，" if conds else ""
        who = f"对{self.subject}" if self.subject else ""
        body = "".join(("" if i == 0 or s.joined else "，") + s.plain() for i, s in enumerate(self.sanctions))
        return head + who + body

    def describe(self) -> str:
        cond = "；".join(self.conditions)
        head = f"{cond}：" if cond else ""
        who = f"对{self.subject}" if self.subject else ""
        return f"{head}{who}{'，'.join(s.describe() for s in self.sanctions)}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["condition_types"] = list(self.condition_types)
        d["description"] = self.describe()
        d["plain"] = self.plain()
        for s, sd in zip(self.sanctions, d["sanctions"]):
            sd["description"] = s.describe()
            sd["plain"] = s.plain()
        return d


@dataclass
class Behaviour:
    ref: str          # canonical ref (dated) of the item, or of the paragraph when the trigger is the behaviour
    text: str


@dataclass
class Provision:
    """One penalty paragraph (款). `ref` is dated: 安全生产法@2021-09-01/99/1."""
    ref: str
    law: str                        # law key
    version: str                    # effective date of the version
    article: int
    suffix: str | None
    paragraph: int
    heading: str
    text: str                       # the paragraph text (without items)
    trigger: str                    # the text before the first sanction
    subject: str
    roles: tuple[str, ...]
    conditions: tuple[str, ...]     # conditions stated in the trigger (导致发生生产安全事故 …)
    behaviours: list[Behaviour]
    violated: list[str]             # refs of '违反本法第X条规定' in the trigger
    authority: str | None
    clauses: list[Clause]
    referrals: list[str] = field(default_factory=list)   # refs (or law names) this provision applies by reference
    notes: list[str] = field(default_factory=list)       # chunks that were not understood
    status: str = "parsed"          # parsed / partial / referral / no_sanction

    @property
    def article_ref(self) -> str:
        return str(Ref(self.law, self.version, self.article, self.suffix))

    @property
    def undated_ref(self) -> str:
        return str(Ref(self.law, None, self.article, self.suffix, self.paragraph))

    def kinds(self) -> list[str]:
        return list(dict.fromkeys(k for c in self.clauses for k in c.kinds()))

    def clauses_for(self, role: str, item: int | None = None) -> list[Clause]:
        """The clauses that can punish a subject of `role` (a role name or an authored phrase); with `item`,
        clauses that belong to another 项 of the paragraph are left out."""
        r = role if role in PERSON_ROLES + UNIT_ROLES + (ANY_ROLE, "公职人员", "行政机关") else classify_role(role)
        out = [c for c in self.clauses if roles_compatible(r, c.roles)]
        if item is not None:
            out = [c for c in out if c.item is None or c.item == item]
        return out

    def fines_for(self, role: str, item: int | None = None) -> list[tuple[tuple[str, ...], Fine]]:
        """(conditions, fine) of every fine that can be imposed on `role`."""
        return [(c.conditions, f) for c in self.clauses_for(role, item) for f in c.fines]

    def behaviour(self, item: int | None) -> Behaviour | None:
        if item is None:
            return self.behaviours[0] if len(self.behaviours) == 1 else None
        for b in self.behaviours:
            if Ref.parse(b.ref).item == item:
                return b
        return None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["clauses"] = [c.to_dict() for c in self.clauses]
        d["kinds"] = self.kinds()
        d["undated_ref"] = self.undated_ref
        return d
