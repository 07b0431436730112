"""Time to compute a year's statistics for 1,000 cases (issue 13 target: ≤ 1 s).

    python bench/stats.py [--cases 1000] [--runs 7]

The cases are the sample case (doc_templates/sample_case.json) varied over the year: dates moved to a day of the
year, a violation from the handbook catalogue, a fine, a share not paid, decided collectively or not, each with two
stored documents and two 法制审核 comments — stored in a SQLite database as the drafting store keeps them. The time
is `compute()` from the query to the finished tables, the median of several runs (the first, which also reads
the catalogue, is reported apart)."""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _shift(value: str, days: int) -> str:
    if not value:
        return value
    return (dt.date.fromisoformat(value[:10]) + dt.timedelta(days=days)).isoformat() + value[10:]


def fill(conn, n: int, year: int = 2025) -> None:
    from webapp.services.drafting import store
    from webapp.services.drafting.catalogue import entries
    from webapp.services.drafting.model import Case
    sample = json.loads((ROOT / "doc_templates" / "sample_case.json").read_text(encoding="utf-8"))
    ids = sorted(entries())
    rng = random.Random(13)
    base = dt.date.fromisoformat(sample["dates"]["filing"])
    for i in range(n):
        d = copy.deepcopy(sample)
        d["id"], d["numbers"] = f"{year}-{i:05d}", {}
        shift = (dt.date(year, 1, 3) + dt.timedelta(days=rng.randrange(300)) - base).days
        d["dates"] = {k: _shift(v, shift) for k, v in d["dates"].items()}
        d["payment"]["paid_on"] = _shift(d["payment"]["paid_on"], shift) if rng.random() < 0.8 else ""
        d["review"]["discussed"] = rng.random() < 0.1
        for v in d["violations"]:
            v["catalogue_id"] = rng.choice(ids)
            v["fine"] = rng.randrange(1, 60) * 1000
        cid = store.create_case(conn, 1, Case.from_dict(d), None)
        for form in ("penalty_notice", "decision_org"):
            store.add_document(conn, cid, form=form, item=0, title=form, number="", fmt="docx", filename="x.docx",
                               content=b"PK", case_version=1, issues=[], confirmed=[], user_id=None)
        for kind in ("submit", "approve"):
            store.add_comment(conn, cid, None, kind, "意见")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    import sqlalchemy as sa

    from webapp.services.drafting import store
    from webapp.services.stats import Period, compute
    from webapp.services.stats.tables import build

    eng = sa.create_engine("sqlite://")
    store.metadata.create_all(eng)
    with eng.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE units (id INTEGER PRIMARY KEY, name TEXT)")
        conn.exec_driver_sql("INSERT INTO units VALUES (1, '演示用基准单位')")
        fill(conn, args.cases)
    times = []
    with eng.connect() as conn:
        for _ in range(args.runs + 1):
            t = time.perf_counter()
            s = compute(conn, 1, Period.year(2025))
            build(s)
            times.append(time.perf_counter() - t)
    print(f"statistics of a year, {s.cases} cases ({args.cases} stored), {args.runs} runs: "
          f"median {statistics.median(times[1:]) * 1000:.0f} ms, first run {times[0] * 1000:.0f} ms, "
          f"max {max(times[1:]) * 1000:.0f} ms (target ≤ 1000 ms)")
    print(f"  fines imposed {s.fines.imposed:,.2f} 元, collected {s.fines.collected:,.2f} 元, "
          f"{len(s.by_violation)} catalogue entries, {len(s.by_month)} months")
    return 0


if __name__ == "__main__":
    sys.exit(main())
