"""Evaluation sets for old numbering in later documents (issue 18.4), and their scoring.

Two sets made by different methods:
- dev (tuning): hand-written passages, bench/data/old_numbering/dev.toml — the facts in an officer's own words;
- held-out (frozen, never tuned on): generated from the library and the renumbering tables — for every mapped
  provision whose old number still exists in the current text with other content, a passage states the facts
  with a clause of the provision the old number now corresponds to, and cites the old number; its control cites
  the current number. Penalty provisions are cited as 依据…, duties as 违反…. The generator's rules are fixed here; the text comes from the library at run time (no
  statute text is stored in the repository).

Each passage is checked three ways: dated 2022 with no act date (an old number must be flagged with the right
current provision; a control must not be flagged), and with an act of 2021-05-10 (the old number is right for
that act: not reported as a wrong or nonexistent provision)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from indexer.index import is_penalty_article
from indexer.numerals import int_to_cn
from indexer.refs import Ref

from .resolve import provision_text
from .loaders import load_renumbering

LATE = "2022-06-30"          # a document after the 2021 安全生产法 came into force
EARLY_ACT = "2021年5月10日"   # an act while the 2014 text was in force


@dataclass
class OldNumberPassage:
    id: str
    text: str
    cite: str
    old: bool           # the citation uses the old number
    want: str           # the current provision meant (undated ref)


def load_dev(path: Path) -> list[OldNumberPassage]:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    return [OldNumberPassage(p["id"], p["text"], p["cite"], p["old"], p["want"]) for p in data["passage"]]


def written(ref: Ref, title: str) -> str:
    assert ref.article is not None, ref
    s = f"《{title}》第{int_to_cn(ref.article)}条"
    if ref.paragraph is not None:
        s += f"第{int_to_cn(ref.paragraph)}款"
    if ref.item is not None:
        s += f"第（{int_to_cn(ref.item)}）项"
    return s


_LEAD_RE = re.compile(r"^(?:生产经营单位|有下列行为之一的|生产经营单位有下列行为之一的)[，,：:]?")


def _facts(text: str) -> str:
    """A clause of a provision as a decision's facts would recite it: its first clause that is not the lead
    sentence, without the closing 的 (未按照规定设置安全生产管理机构的 -> 未按照规定设置安全生产管理机构)."""
    text = re.sub(r"^（[一二三四五六七八九十]+）", "", text.strip())
    for clause in re.split(r"[；;。：:]", text):
        clause = _LEAD_RE.sub("", clause.strip())
        if len(clause) >= 8:
            return clause[:60].rstrip("，,的")
    return text[:60]


def generate_heldout(lib, corpus: Path) -> list[OldNumberPassage]:
    out: list[OldNumberPassage] = []
    for law, tables in sorted(load_renumbering(corpus).items()):
        row = lib.store.laws.get(law)
        if row is None:
            continue
        for t in tables:
            version = lib.store.version_at(law, t.new_version)
            if version is None:
                continue
            arts = {x.number: x for x in lib.store.articles(version) if x.suffix is None}
            for e in t.entries:
                a, p, i = e.old
                old = Ref(law, None, a, None, p, i)
                target = Ref.parse(e.new[0])
                if str(old.undated()) == str(target.undated()):
                    continue
                now = arts.get(a)
                tart = arts.get(target.article)
                if now is None or tart is None:
                    continue
                facts = _facts(provision_text(tart, target))
                if len(facts) < 8:
                    continue
                title = row.title
                penalty = is_penalty_article(tart.headings, tart.text())
                for is_old, ref in ((True, old), (False, target)):
                    cite = written(ref, title)
                    text = (f"经查，你单位{facts}。依据{cite}的规定，决定给予行政处罚。" if penalty else
                            f"经查，你单位{facts}。上述行为违反了{cite}的规定，依法应予处罚。")
                    out.append(OldNumberPassage(f"h-{law}-{a}-{p}-{i}-{'old' if is_old else 'new'}", text, cite,
                                                is_old, str(target.undated())))
    return out


@dataclass
class Score:
    old: int = 0            # passages citing an old number
    found: int = 0          # …flagged as old numbering with the wanted provision (or its article) suggested
    flagged: int = 0        # …flagged at all
    controls: int = 0
    false_alarms: int = 0   # controls flagged as old numbering
    early: int = 0          # old numbers checked for an act of 2021-05-10
    early_right: int = 0    # …not reported as a wrong or nonexistent provision

    def row(self, name: str) -> str:
        r = self.found / self.old if self.old else 0.0
        f = self.false_alarms / self.controls if self.controls else 0.0
        e = self.early_right / self.early if self.early else 0.0
        return (f"{name:9} old {self.old:4}  found {r:6.3f} (flagged {self.flagged})  controls {self.controls:4}  "
                f"false alarms {f:6.3f}  act-2021 not refused {e:6.3f}")


def _citation(result, cite: str):
    for c in result.to_dict()["citations"]:
        if c["text"] == cite:
            return c
    return None


def _is_flagged(c) -> bool:
    return any(w["code"] == "old_numbering" for w in c["warnings"])


def _suggests(c, want: str) -> bool:
    wa = Ref.parse(want).article_ref() if "/" in want else None
    for s in c["suggestions"]:
        if s == want or s.startswith(want + "/") or want.startswith(s + "/"):
            return True
        if wa is not None and s.split("/")[:2] == str(wa).split("/")[:2]:
            return True
    return False


def score(checker, passages: list[OldNumberPassage]) -> tuple[Score, list[str]]:
    sc, misses = Score(), []
    for p in passages:
        c = _citation(checker.check(p.text + f"\n{LATE[:4]}年{int(LATE[5:7])}月{int(LATE[8:])}日"), p.cite)
        if c is None:
            misses.append(f"{p.id}: citation not extracted")
            continue
        if p.old:
            sc.old += 1
            if _is_flagged(c) or c["status"].startswith("no_such"):
                sc.flagged += 1
            if (_is_flagged(c) or c["status"].startswith("no_such")) and _suggests(c, p.want):
                sc.found += 1
            else:
                misses.append(f"{p.id}: missed ({c['status']}, {c['suggestions']})")
            early = checker.check(f"经查，{EARLY_ACT}，" + p.text.removeprefix("经查，")
                                  + f"\n{LATE[:4]}年{int(LATE[5:7])}月{int(LATE[8:])}日")
            e = _citation(early, p.cite)
            if e is not None and e["judged_by"] == "act":   # procedure follows the document's date: not here
                sc.early += 1
                if not e["status"].startswith("no_such") and not _is_flagged(e) and e["status"] != "not_in_force":
                    sc.early_right += 1
                else:
                    misses.append(f"{p.id}: act of 2021 refused ({e['status']})")
        else:
            sc.controls += 1
            if _is_flagged(c):
                sc.false_alarms += 1
                misses.append(f"{p.id}: control flagged ({c['suggestions']})")
    return sc, misses
