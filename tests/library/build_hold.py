"""A build that stops at a named point and waits there to be killed (tests/library/test_build.py):

    python -m tests.library.build_hold LIBRARY DATA POINT [SCOPE]

POINT: parse (a file parsed and cached), deleted (changed documents deleted from the work index),
segment (the first new segment committed to the work index), staged (the new generation written, not yet
renamed), renamed (the generation folder in place, CURRENT not yet switched). On reaching it the process
writes DATA/held-POINT and blocks; the test kills it with SIGKILL. Chunks are made small so even the
test library has several."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path


def main() -> None:
    library, data, point = sys.argv[1:4]
    scope = sys.argv[4] if len(sys.argv) > 4 else "all"
    import indexer.build as b
    import indexer.fastindex as fi
    import indexer.segments as seg
    from indexer.config import Settings

    b.CHUNK_MIN, b.CHUNK_MAX, b.CHUNK_MOD = 40, 80, 1
    marker = Path(data) / f"held-{point}"

    def hold() -> None:
        marker.write_text(str(os.getpid()))
        threading.Event().wait()

    if point == "parse":
        put = b.ParseCache.put

        def put_and_hold(self, *args):
            put(self, *args)
            self.commit()
            hold()
        b.ParseCache.put = put_and_hold  # type: ignore[method-assign]
    elif point in ("deleted", "segment"):
        commit = seg.commit

        def commit_and_hold(index_dir, add=(), delete=(), schema=None):
            add, delete = list(add), list(delete)
            commit(index_dir, add=add, delete=delete, schema=schema)
            if (point == "deleted" and delete) or (point == "segment" and add):
                hold()
        seg.commit = commit_and_hold
    elif point == "staged":
        write_columns = fi.write_columns

        def columns_and_hold(*args):
            write_columns(*args)
            hold()
        fi.write_columns = columns_and_hold
    elif point == "renamed":
        rename = os.rename

        def rename_and_hold(src, dst):
            rename(src, dst)
            if Path(dst).name.startswith("gen-"):
                hold()
        os.rename = rename_and_hold  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown point {point}")
    b.build(Settings.resolve(library=library, data=data), scope=scope, procs=1)


if __name__ == "__main__":
    main()
