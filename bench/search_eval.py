"""Search quality on the development set (issue 4) and on the unseen set (issue 12).

    python bench/search_eval.py [--set dev|unseen] [--data DIR] [--scope core|all] [--as-of 2026-11-28] [--no-expand]

Prints Success@1, Success@10, Recall@10, MRR and nDCG@10 per query style: for the dev set
(bench/data/search_dev.toml) separately for its tuning part and its held-out part, for the unseen set
(bench/data/search_unseen.toml, never tuned on) as one part. A result counts for a gold reference when it is the
same article (a gold 款/项 lies inside the article a result names); a penalty-handbook row counts for the
articles it shows (its 违反条款 and 处罚依据). A query the search refuses (longer than it accepts) counts as a
miss, and the number refused is printed under the table."""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.build import build  # noqa: E402
from indexer.config import Settings  # noqa: E402
from indexer.refs import Ref  # noqa: E402
from indexer.search import SearchError  # noqa: E402
from indexer.service import LawLibrary  # noqa: E402

STYLES = ["violation", "keywords", "procedure", "trainee", "colloquial", "citation", "facts", "exam", "plain"]
SETS = {"dev": "search_dev.toml", "unseen": "search_unseen.toml"}


def load_devset(path: Path | None = None, name: str = "dev") -> list[dict]:
    with (path or ROOT / "bench" / "data" / SETS[name]).open("rb") as fh:
        return tomllib.load(fh)["query"]


def gold_articles(q: dict) -> list[tuple[str, int, str | None]]:
    out = []
    for g in q["gold"]:
        r = Ref.parse(g)
        key = (r.law, r.article, r.suffix)
        if key not in out:
            out.append(key)
    return out


def evaluate(lib: LawLibrary, queries: list[dict], as_of: str, **search_kw) -> list[dict]:
    rows = []
    for q in queries:
        try:
            results = lib.search(q["text"], limit=10, as_of=as_of, **search_kw)["results"]
            refused = False
        except SearchError:     # over the length limit: the user gets nothing, so a miss
            results, refused = [], True
        got = []   # per shown row: the articles it puts in front of the user
        for r in results:
            if r.get("kind") == "article":
                got.append({(r["law_key"], r["article"], r["suffix"])})
            elif r.get("kind") == "handbook":   # an entry row shows its 违反条款 and 处罚依据
                arts = set()
                for x in r.get("violated", []) + r.get("basis", []):
                    ref = Ref.parse(x["ref"])
                    arts.add((ref.law, ref.article, ref.suffix))
                got.append(arts)
            else:
                got.append(set())
        gold = gold_articles(q)
        ranks = [next(i for i, g2 in enumerate(got, 1) if g in g2) for g in gold if any(g in g2 for g2 in got)]
        first = min(ranks) if ranks else None
        dcg, covered = 0.0, set()
        for i, arts in enumerate(got):
            new = (arts & set(gold)) - covered     # a row gains only for gold articles not shown above it
            if new:
                dcg += 1 / math.log2(i + 2)
                covered |= new
        idcg = sum(1 / math.log2(i + 2) for i in range(min(len(gold), 10)))
        rows.append({"id": q["id"], "style": q["style"], "heldout": q.get("heldout", False), "refused": refused,
                     "s1": first == 1, "s10": first is not None, "recall": len(ranks) / len(gold),
                     "rr": 1 / first if first else 0.0, "ndcg": dcg / idcg if idcg else 0.0,
                     "first": first, "text": q["text"], "top": [sorted(g)[:2] for g in got[:3]]})
    return rows


def summarise(rows: list[dict]) -> dict:
    n = len(rows) or 1
    return {"n": len(rows), "S@1": sum(r["s1"] for r in rows) / n, "S@10": sum(r["s10"] for r in rows) / n,
            "R@10": sum(r["recall"] for r in rows) / n, "MRR": sum(r["rr"] for r in rows) / n,
            "nDCG@10": sum(r["ndcg"] for r in rows) / n}


def report(rows: list[dict], parts: tuple[str, ...] = ("tuning", "heldout")) -> str:
    """One block per part: the dev set's tuning and held-out parts, or the unseen set as one part."""
    lines = []
    header = f"{'part':<8} {'style':<11} {'n':>3} {'S@1':>6} {'S@10':>6} {'R@10':>6} {'MRR':>6} {'nDCG':>6}"
    lines.append(header)
    split = {"tuning": [r for r in rows if not r["heldout"]], "heldout": [r for r in rows if r["heldout"]],
             "unseen": rows}
    for part, sel in ((p, split[p]) for p in parts):
        by = defaultdict(list)
        for r in sel:
            by[r["style"]].append(r)
        for style in STYLES + ["ALL"]:
            group = sel if style == "ALL" else by.get(style, [])
            if not group:
                continue
            s = summarise(group)
            lines.append(f"{part:<8} {style:<11} {s['n']:>3} {s['S@1']:>6.3f} {s['S@10']:>6.3f} {s['R@10']:>6.3f} "
                         f"{s['MRR']:>6.3f} {s['nDCG@10']:>6.3f}")
    s = summarise(rows)
    lines.append(f"{'all':<8} {'ALL':<11} {s['n']:>3} {s['S@1']:>6.3f} {s['S@10']:>6.3f} {s['R@10']:>6.3f} "
                 f"{s['MRR']:>6.3f} {s['nDCG@10']:>6.3f}")
    refused = sum(r["refused"] for r in rows)
    if refused or parts == ("unseen",):
        by = ", ".join(f"{st} {n}" for st in STYLES if (n := sum(r["refused"] for r in rows if r["style"] == st)))
        lines.append(f"refused (longer than the search accepts, counted as misses): {refused}" + (f" ({by})" if by else ""))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="dev", choices=sorted(SETS), help="query set (default dev)")
    ap.add_argument("--where", default="", help="the unit's place (issue 12.4), e.g. 浙江省杭州市拱墅区")
    ap.add_argument("--data", help="data folder with a built library (default: build the core scope in a temp folder)")
    ap.add_argument("--scope", default="core", choices=["core", "all"])
    ap.add_argument("--as-of", default="2026-11-28")
    ap.add_argument("--misses", action="store_true", help="list the queries without a hit in the top 10")
    ap.add_argument("--no-expand", action="store_true", help="switch the thesaurus expansion off")
    ap.add_argument("--articles-only", action="store_true", help="statute articles only (no handbook rows)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.resolve(data=args.data or tmp)
        if not args.data:
            build(settings, scope=args.scope)
        lib = LawLibrary(settings)
        kw: dict = {"expand": False} if args.no_expand else {}
        if args.where:
            from indexer.jurisdiction import Jurisdiction
            kw["where"] = Jurisdiction.parse(args.where)
        if args.articles_only:
            kw["kinds"] = ("article",)
        rows = evaluate(lib, load_devset(name=args.set), args.as_of, **kw)
        print(report(rows, ("unseen",) if args.set == "unseen" else ("tuning", "heldout")))
        if args.misses:
            for r in rows:
                if not r["s10"] or not r["s1"]:
                    print(f"  {('REFUSED' if r['refused'] else 'MISS') if not r['s10'] else 'rank' + str(r['first']):<6} {r['id']:<6} {r['text'][:40]}  top={r['top']}")


if __name__ == "__main__":
    main()
