"""Old numbering in later documents (issue 18.4): dev (hand-written) and held-out (generated) figures.

    .venv/bin/python bench/old_numbering.py [--errors]

Builds the core library into a temporary folder, then prints, per set: how many old-number citations are
flagged with the right current provision, the false-alarm rate on controls citing the current number, and the
share of old numbers not refused for an act of 2021 (the 2014 text applied)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.build import build  # noqa: E402
from indexer.citations import CitationChecker  # noqa: E402
from indexer.citations.oldnumbers import generate_heldout, load_dev, score  # noqa: E402
from indexer.config import Settings  # noqa: E402
from indexer.service import LawLibrary  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="lawdesk-oldnum-") as tmp:
        settings = Settings.resolve(data=Path(tmp))
        build(settings, scope="core")
        lib = LawLibrary(settings)
        checker = CitationChecker(lib)
        sets = {"dev": load_dev(ROOT / "bench" / "data" / "old_numbering" / "dev.toml"),
                "held-out": generate_heldout(lib, settings.corpus)}
        for name, passages in sets.items():
            sc, misses = score(checker, passages)
            print(sc.row(name))
            if "--errors" in sys.argv:
                for m in misses:
                    print("   ", m)


if __name__ == "__main__":
    main()
