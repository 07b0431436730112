"""案卷评查 benchmark (issue 13): time to review one case file (target ≤ 200 ms), on the synthetic demo year.

    LAWDESK_LIBRARY=../shared/corpus python bench/casereview.py [--n 100]

Builds the core index into a temp data folder, generates the demo year, reviews every file (the drafting
validator over each document plus the file checks, then the score) and prints the median, p90 and the first
(cold) review. The machine is small and noisy: compare within one run."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.build import build  # noqa: E402
from indexer.config import Settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    args = ap.parse_args()
    from indexer.service import LawLibrary
    from webapp.services.casereview.demo import build_demo
    from webapp.services.casereview.review import review_case_file
    from webapp.services.casereview.score import score
    from webapp.services.casereview.standard import load_standard
    from webapp.services.drafting.numbering import MemoryNumberStore
    from webapp.services.drafting.service import Drafter
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.resolve(data=tmp)
        build(settings)
        drafter = Drafter(LawLibrary(settings), number_store=MemoryNumberStore())
        standard = load_standard(settings.corpus)
        t = time.perf_counter()
        files = build_demo(drafter, settings.corpus, n=args.n)
        gen = time.perf_counter() - t
        times = []
        found = planted = 0
        for c in files:
            t = time.perf_counter()
            r = review_case_file(c.file, drafter)
            score(r, standard)
            times.append(time.perf_counter() - t)
            planted += len(c.planted)
            found += len(c.planted & r.codes())
        ordered = sorted(times)
        print(f"demo year: {len(files)} files generated in {gen * 1000:.0f} ms; planted {planted}, found {found}")
        print(f"review one file: first (cold) {times[0] * 1000:.0f} ms, median {statistics.median(times) * 1000:.0f} ms, "
              f"p90 {ordered[int(0.9 * (len(ordered) - 1))] * 1000:.0f} ms  (target ≤ 200 ms)")


if __name__ == "__main__":
    main()
