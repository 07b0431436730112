"""Pasted paragraphs as queries (issue 12.2): quality against the same facts typed short, and server time.

    python bench/search_long.py [--data DIR] [--scope core|all] [--runs 3]

Each violation query of the development set is embedded in the frame every facts paragraph has (经查, a
date and time, the inspectors, the firm's name and address, the people involved, the evidence list, the
articles cited, the order to correct), padded with more such frames to about 200, 1,000 and 2,000
characters. Printed: Success@10 / nDCG@10 of the short query and of each padded length (a paragraph should
find what its core finds), and the median and p95 of `search` time per length. The frames are the
project's own sentences, made by the generator below, not taken from any decision."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_eval import evaluate, load_devset, summarise  # noqa: E402
from indexer.build import build  # noqa: E402
from indexer.config import Settings  # noqa: E402
from indexer.service import LawLibrary  # noqa: E402

FIRMS = ["杭州恒达机械制造有限公司", "浙江鑫源化工有限公司", "杭州市拱墅区某某五金加工厂", "杭州顺发物流有限公司",
         "杭州明辉印刷有限公司"]
PLACES = ["杭州市拱墅区祥园路88号", "杭州市拱墅区康桥街道康园路16号3幢", "杭州市余杭区仁和街道东风村5组"]
PEOPLE = ["张某", "李某某", "王某甲", "陈某"]
CN_DATES = ["二〇二五年三月十二日", "2025年6月3日", "2026年1月15日上午9时30分", "2025年11月20日下午3时许"]


def frame(core: str, rng: random.Random) -> str:
    firm, place, who, when = rng.choice(FIRMS), rng.choice(PLACES), rng.choice(PEOPLE), rng.choice(CN_DATES)
    return (f"经查，{when}，我局执法人员{rng.choice(PEOPLE)}、{rng.choice(PEOPLE)}对位于{place}的{firm}"
            f"（统一社会信用代码91330105MA2XXXXX1K，法定代表人{who}，联系电话13800000000）进行现场检查，发现"
            f"{core}。以上事实有现场检查记录、询问笔录、现场照片、营业执照复印件等证据为证。")


def padding(rng: random.Random) -> str:
    firm, who, when = rng.choice(FIRMS), rng.choice(PEOPLE), rng.choice(CN_DATES)
    return rng.choice([
        f"{when}，执法人员向{who}出示执法证件，说明来意，{who}在场配合检查并在现场检查记录上签字确认。",
        f"{firm}成立于2018年，注册地址为{rng.choice(PLACES)}，主要从事生产加工和销售，现有员工三十余人。",
        f"我局于{when}予以立案调查，并于{rng.choice(CN_DATES)}向当事人送达了相关文书，当事人未提出异议。",
        f"调查期间，执法人员对{who}进行了询问，制作了询问笔录，{who}对上述事实供认不讳。",
    ])


def padded(core: str, length: int, rng: random.Random) -> str:
    text = frame(core, rng)
    while len(text) < length:
        extra = padding(rng)
        if len(text) + len(extra) > length:
            break
        text = extra + text if rng.random() < 0.5 else text + extra
    return text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", help="data folder with a built library (default: build the core scope in a temp folder)")
    ap.add_argument("--scope", default="core", choices=["core", "all"])
    ap.add_argument("--as-of", default="2026-11-28")
    ap.add_argument("--runs", type=int, default=3, help="timing runs per query (the median run counts)")
    args = ap.parse_args()
    queries = [q for q in load_devset() if q["style"] in ("violation", "colloquial")]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.resolve(data=args.data or tmp)
        if not args.data:
            build(settings, scope=args.scope)
        lib = LawLibrary(settings)
        lib.search("安全生产", limit=1)                 # load the index before timing
        print(f"{'length':<8} {'n':>4} {'S@10':>6} {'nDCG':>6} {'chars':>6} {'p50 ms':>7} {'p95 ms':>7}")
        for length in (0, 200, 1000, 2000):
            rng = random.Random(length)
            qs = [dict(q, text=padded(q["text"], length, rng)) if length else q for q in queries]
            rows = evaluate(lib, qs, args.as_of)
            times = []
            for q in qs:
                runs = []
                for _ in range(args.runs):
                    t0 = time.perf_counter()
                    lib.search(q["text"], limit=10, as_of=args.as_of)
                    runs.append((time.perf_counter() - t0) * 1000)
                times.append(statistics.median(runs))
            times.sort()
            s = summarise(rows)
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            chars = statistics.median(len(q["text"]) for q in qs)
            print(f"{length or 'short':<8} {s['n']:>4} {s['S@10']:>6.3f} {s['nDCG@10']:>6.3f} {chars:>6.0f} "
                  f"{statistics.median(times):>7.1f} {p95:>7.1f}")


if __name__ == "__main__":
    main()
