"""How well the penalty chapters parse (the lawdesk handbook report), and which paragraphs are procedural
rather than sanctions."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ..refs import Ref
from .parse import is_procedural
from .scope import penalty_articles, provisions_for_version, scoped_versions


@dataclass
class ParseReport:
    articles: int = 0                 # penalty articles read
    paragraphs: int = 0               # their paragraphs
    provisions: int = 0               # paragraphs holding at least one sanction
    parsed: int = 0                   # fully parsed
    partial: list[str] = field(default_factory=list)      # refs with chunks not understood
    resisted: list[str] = field(default_factory=list)     # paragraphs with sanction words but no sanction parsed
    no_sanction: int = 0              # paragraphs in penalty chapters that impose nothing (定义、程序、从其规定)
    by_kind: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


_SANCTION_WORDS = re.compile(r"罚款|警告|吊销|拘留|没收|责令[^，；。]{0,6}(?:改正|停产|停业|停止)|追究刑事责任|处分|取缔|关闭")


def parse_report(lib, as_of: str | None = None, in_force_only: bool = True) -> ParseReport:
    """How much of the collection's penalty text the parser understood."""

    rep = ParseReport()
    for key, v in scoped_versions(lib, as_of, in_force_only):
        provs = {(p.article, p.suffix, p.paragraph): p for p in provisions_for_version(lib.store, v)}
        for a in penalty_articles(lib.store.articles(v)):
            rep.articles += 1
            for pno, para in enumerate(a.paragraphs, 1):
                rep.paragraphs += 1
                p = provs.get((a.number, a.suffix, pno))
                ref = str(Ref(key, v.effective_from, a.number, a.suffix, pno))
                if p is None:
                    if _SANCTION_WORDS.search(para.text) and not is_procedural(para.text):
                        rep.resisted.append(ref)
                    else:
                        rep.no_sanction += 1
                    continue
                rep.provisions += 1
                if p.status == "partial":
                    rep.partial.append(ref)
                else:
                    rep.parsed += 1
                for k in p.kinds():
                    rep.by_kind[k] = rep.by_kind.get(k, 0) + 1
    return rep
