"""Drafting speed: a decision .docx and the whole case file, on the sample case and each path's sample case.

    LAWDESK_DATA=/tmp/x-data lawdesk index && python bench/drafting.py [--runs 20]

Prints the median (and p90) of:
- decision .docx, render + write (the document itself; target ≤ 100 ms)
- decision .docx, produce (validation incl. statute quotes, citation check of the text, number, write)
- case file .docx with every document of the sample case (≥14) and the 卷内目录 (target ≤ 1.5 s)
- the same whole file for each sample case of doc_templates/samples/ (查封扣押, 听证, 罚款未缴纳, 涉嫌犯罪移送;
  target ≤ 1.5 s each)
Each run starts from a fresh copy of the case (statute quotes are looked up again; the library is warm)."""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def measure(fn, runs: int) -> list[float]:
    fn()                                   # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def report(label: str, times: list[float], target: float | None) -> bool:
    med = statistics.median(times)
    p90 = sorted(times)[int(0.9 * (len(times) - 1))]
    ok = target is None or med <= target
    goal = f"  (target ≤ {target:.0f} ms: {'ok' if ok else 'MISSED'})" if target else ""
    print(f"{label:<48} median {med:8.1f} ms   p90 {p90:8.1f} ms{goal}")
    return ok


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args(argv)

    from indexer.config import Settings
    from indexer.service import LawLibrary
    from webapp.services.drafting.model import Case
    from webapp.services.drafting.numbering import MemoryNumberStore
    from webapp.services.drafting.service import Drafter

    lib = LawLibrary(Settings.resolve())
    data = json.loads((ROOT / "doc_templates" / "sample_case.json").read_text(encoding="utf-8"))
    drafter = Drafter(lib, number_store=MemoryNumberStore())
    counter = {"n": 0}

    def fresh():
        counter["n"] += 1
        d = copy.deepcopy(data)
        d["id"] = f"bench-{counter['n']}"
        return Case.from_dict(d)

    def decision_render():
        case = fresh()
        draft = drafter.prepare(case, "decision_org", check=False)
        drafter.write(draft.doc, "docx", case)

    def decision_produce():
        drafter.produce(fresh(), "decision_org", confirm="all")

    docs = len(drafter.casefile_docs(fresh(), check=False))

    def casefile():
        drafter.casefile(fresh(), confirm="all")

    print(f"sample case: {docs} documents in the case file; {args.runs} runs each")
    ok = report("decision .docx (render + write)", measure(decision_render, args.runs), 100)
    report("decision .docx (produce: validate + check + write)", measure(decision_produce, args.runs), None)
    ok &= report(f"case file .docx ({docs} documents, validated)", measure(casefile, max(5, args.runs // 2)), 1500)
    for path in sorted((ROOT / "doc_templates" / "samples").glob("*.json")):
        sample = json.loads(path.read_text(encoding="utf-8"))

        def fresh_sample(sample=sample):
            counter["n"] += 1
            d = copy.deepcopy(sample)
            d["id"] = f"bench-{counter['n']}"
            return Case.from_dict(d)

        n = len(drafter.casefile_docs(fresh_sample(), check=False))
        ok &= report(f"samples/{path.name}: case file ({n} documents)",
                     measure(lambda f=fresh_sample: drafter.casefile(f(), confirm="all"), max(5, args.runs // 2)), 1500)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
