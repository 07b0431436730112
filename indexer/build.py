"""Building the store and the index: whole library by default, core collection first; incremental,
resumable and atomic.

Layout of the data folder::

    instance/parse-cache.sqlite3     parsed files by content hash (a cache: safe to delete)
    instance/library/CURRENT         name of the live generation
    instance/library/gen-…/          store.sqlite3, index/ (Whoosh), fast/ (numpy arrays), build.json
    instance/library/.work-<scope>/  the index being brought up to date, fast-array parts, manifest.json
    instance/library/status.json     what the running build is doing (indexer.buildstate)
    instance/library/build.lock      held by the one process building

`build_library` is what `lawdesk index` and `lawdesk serve` run: when no whole-library index is live it
first brings the core collection up to date (a few seconds: search and citation checking work), then the
whole library. `build(settings, scope)` runs one of these stages.

A stage parses only files whose content changed (two processes when there are many), then updates the
work index in place: documents whose content hash changed are deleted and written again as new Whoosh
segments (indexer.segments: one per chunk of 10,000 to 20,000 documents, written by worker processes), each
committed as soon as it is done. What the work index holds is always readable from its TOC and the
segments' sidecars, so a stage that is interrupted — Ctrl+C, a crash, `kill -9` at any moment — resumes
where it stopped: the next run finds the committed segments and the saved fast-array parts and does the
rest. The finished stage is published as a new generation folder (the work index hard-linked into it,
store and fast arrays written beside) and CURRENT is switched with one atomic rename; until then the
previous generation keeps serving."""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import shutil
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .buildstate import BuildLock, current_generation, write_status
from .config import Settings
from .library import assemble, discover, load_metadata, read_core
from .model import Issue, ParsedStatute, share_headings
from .parser import parse_file
from .sources import load_sources

__all__ = ["BuildResult", "ParseCache", "build", "build_library", "current_generation", "fingerprint",
           "read_files", "select_files"]

FORMAT = "11"   # bump when the parser's output or the index schema changes: forces a full rebuild

# chunks of documents: one task for a worker, one Whoosh segment, one fast-array part. Boundaries fall
# between laws and are chosen by the laws' names (content-defined), so an edit to one law changes one
# chunk, not every chunk after it.
CHUNK_MIN, CHUNK_MAX, CHUNK_MOD = 10000, 20000, 16
IN_PROCESS_DOCS = 6000        # less work than this is done in the building process itself
IN_PROCESS_FILES = 200
# estimated seconds of work, for the share shown while building (measured on the whole library)
COST_PARSE, COST_DOC, COST_FINISH_DOC = 0.0018, 0.00018, 0.00003


@dataclass
class BuildResult:
    generation: str
    scope: str
    files: int
    parsed: int            # files parsed in this run (the rest came from the cache)
    laws: int
    versions: int
    articles: int
    changed_docs: int
    seconds: float
    up_to_date: bool = False
    resumed: bool = False   # an interrupted build of this stage was continued
    segments: int = 0       # Whoosh segments written in this run
    timings: dict = field(default_factory=dict)    # seconds per step (bench/library.py prints them)
    peak_rss_mb: dict = field(default_factory=dict)   # {"builder": …, "worker": …} high-water marks


class ParseCache:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.con = sqlite3.connect(path)
        self.con.execute("create table if not exists files (path text primary key, size integer, mtime integer,"
                         " sha text, format text, parsed text)")

    def stat_row(self, rel: str):
        return self.con.execute("select size, mtime, sha, format from files where path=?", (rel,)).fetchone()

    def get(self, rel: str, sha: str) -> ParsedStatute | None:
        row = self.con.execute("select parsed from files where path=? and sha=? and format=?", (rel, sha, FORMAT)).fetchone()
        return ParsedStatute.from_dict(json.loads(row[0])) if row else None

    def put(self, rel: str, size: int, mtime: int, sha: str, parsed: ParsedStatute | str) -> None:
        text = parsed if isinstance(parsed, str) else json.dumps(parsed.to_dict(), ensure_ascii=False)
        self.con.execute("insert or replace into files values (?,?,?,?,?,?)", (rel, size, mtime, sha, FORMAT, text))

    def commit(self) -> None:
        self.con.commit()

    def close(self) -> None:
        self.con.commit()
        self.con.close()


def _sha(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def select_files(settings: Settings, scope: str) -> list[Path]:
    root = settings.library
    if scope == "all":
        return discover(root)
    # the core laws with every version the library holds: a superseded version is what a 2019 document cites
    core = [root / rel for rel in sorted(read_core(root)) if (root / rel).exists()]
    stems = {_stem(p) for p in core} | extra_core_stems(settings.corpus)
    return sorted(set(core) | {p for p in discover(root) if _stem(p) in stems})


def extra_core_stems(corpus: Path) -> set[str]:
    """corpus/core_extra.toml: laws our own materials cite beyond core.txt."""
    import tomllib
    path = corpus / "core_extra.toml"
    if not path.exists():
        return set()
    with path.open("rb") as fh:
        return {entry["file"] for entry in tomllib.load(fh).get("law", [])}


def _stem(path: Path) -> str:
    return re.sub(r"\(\d{4}-\d{2}-\d{2}\)$", "", path.stem)


def fingerprint(settings: Settings, files: list[Path]) -> str:
    """Hash of what a build depends on, from file names, sizes and mtimes (no file is read): the library
    files, core.txt, the metadata databases and the project's authored data. Equal -> up to date."""
    root = settings.library
    fp = hashlib.sha1(FORMAT.encode())
    extras = [root / "core.txt", *sorted(root.rglob("db.sqlite3"))]
    authored = sorted(settings.corpus.glob("*.toml")) + sorted((settings.corpus / "dictionary").glob("*")) \
        + sorted((settings.corpus / "search").glob("*"))
    for path in [*files, *extras, *authored]:
        try:
            st = path.stat()
        except OSError:
            fp.update(f"{path}\0missing\n".encode())
            continue
        fp.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    for source in load_sources(settings.sources):
        fp.update(source.fingerprint(settings.corpus).encode())
    return fp.hexdigest()


# ------------------------------------------------------------------------------------------ parsing
def _parse_one(root: str, rel: str) -> tuple:
    """Worker task: parse one file -> (rel, size, mtime, sha, parsed, json text) or (rel, error)."""
    path = Path(root) / rel
    try:
        st = path.stat()
        sha = _sha(path)
        p = parse_file(path, rel)
        return rel, st.st_size, st.st_mtime_ns, sha, p, json.dumps(p.to_dict(), ensure_ascii=False)
    except Exception as exc:  # noqa: BLE001 — reported as the file's defect by the parent
        return rel, f"{type(exc).__name__}: {exc}"


def read_files(settings: Settings, files: list[Path], cache: ParseCache | None = None, pool=None,
               progress: Callable[[int, int], None] | None = None) -> tuple[list[ParsedStatute], int]:
    """Parse (or take from the cache) every file; returns the parsed files and how many were parsed now.

    `pool` (a `_Workers`) parses the files that are not in the cache on its processes; the cache is
    committed every couple of hundred files, so an interrupted build keeps what it parsed."""
    root = settings.library
    parsed: dict[str, ParsedStatute] = {}
    todo: list[str] = []
    for path in files:
        rel = str(path.relative_to(root))
        try:
            st = path.stat()
        except OSError as exc:
            parsed[rel] = _unreadable(rel, exc)
            continue
        p = None
        if cache is not None:
            row = cache.stat_row(rel)
            if row and row[0] == st.st_size and row[1] == st.st_mtime_ns and row[3] == FORMAT:
                p = cache.get(rel, row[2])
        if p is None:
            todo.append(rel)
        else:
            parsed[rel] = p
    fresh = 0
    if todo:
        if pool is not None and len(todo) > IN_PROCESS_FILES:
            results: Iterator[tuple] = pool.map_unordered(_parse_one, [(str(root), rel) for rel in todo])
        else:
            results = (_parse_one(str(root), rel) for rel in todo)
        for n, res in enumerate(results, 1):
            rel = res[0]
            if len(res) == 2:
                parsed[rel] = _unreadable(rel, RuntimeError(res[1]))
            else:
                _rel, size, mtime, sha, p, text = res
                hit = cache.get(rel, sha) if cache is not None else None    # renamed/touched, same content
                if hit is None:
                    fresh += 1
                    p = share_headings(p)
                else:
                    p = hit
                parsed[rel] = p
                if cache is not None:
                    cache.put(rel, size, mtime, sha, text)
                    if n % 200 == 0:
                        cache.commit()
            if progress:
                progress(n, len(todo))
    if cache is not None:
        cache.commit()
    return [parsed[str(p.relative_to(root))] for p in files], fresh


def _unreadable(rel: str, exc: Exception) -> ParsedStatute:
    return ParsedStatute(path=rel, title="", subtitle=None, history=[], headings=[], articles=[], file_date=None,
                         effective_clause=None,
                         issues=[Issue(rel, 0, "unreadable", f"无法读取文件：{type(exc).__name__}: {exc}", "error")])


# ------------------------------------------------------------------------------------------ workers
_WORKER: dict = {}


def _init_worker(counter) -> None:
    """In each worker process: die with the building process (a `kill -9` of it leaves no orphan writing)
    and share the progress counter."""
    try:
        import ctypes
        import signal
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)     # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    _WORKER["counter"] = counter


def _count(n: int) -> None:
    counter = _WORKER.get("counter")
    if counter is not None:
        with counter.get_lock():
            counter.value += n


class _Workers:
    """A few spawned processes (not forked: the building process may be a web server with threads)."""

    def __init__(self, procs: int):
        import multiprocessing
        ctx = multiprocessing.get_context("spawn")
        self.counter = ctx.Value("q", 0)
        self.pool = ctx.Pool(procs, initializer=_init_worker, initargs=(self.counter,))
        self.procs = procs

    def map_unordered(self, fn, args: list[tuple]):
        return self.pool.imap_unordered(_star, [(fn, a) for a in args], chunksize=8)

    def run(self, fn, tasks: Iterator[tuple], on_result: Callable, on_tick: Callable | None = None) -> None:
        """Run fn(*task) for every task, at most procs + 1 at a time (tasks are produced as they go out, so
        the building process never holds every chunk), calling on_result(result) in the building process."""
        done: queue.Queue = queue.Queue()
        inflight = 0
        exhausted = False
        while True:
            while not exhausted and inflight <= self.procs:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                    break
                self.pool.apply_async(fn, task, callback=lambda r: done.put((True, r)),
                                      error_callback=lambda e: done.put((False, e)))
                inflight += 1
            if inflight == 0:
                return
            try:
                ok, value = done.get(timeout=0.25)
            except queue.Empty:
                if on_tick:
                    on_tick()
                continue
            inflight -= 1
            if not ok:
                raise value
            on_result(value)

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()


def _star(fn_args):
    fn, args = fn_args
    return fn(*args)


def _index_chunk(folder: str, docs: list[tuple], part_path: str | None) -> dict:
    """Worker task: one chunk. `docs`: (id, unit hash, fields, write to Whoosh?) in order. Writes a Whoosh
    segment of the flagged documents into `folder` (not yet live) and, when `part_path` is given, the
    fast-array part of the chunk's searchable documents; each text is segmented once for both."""
    from .analyzer import Tokens
    from .fastindex import fast_part, save_part
    from .index import schema
    from .segments import SegmentWriter

    tokens = _WORKER.get("tokens")
    if tokens is None:
        tokens = _WORKER["tokens"] = Tokens()
    sw = SegmentWriter(Path(folder), schema()) if any(w for *_x, w in docs) else None
    fast_docs: list[dict] = []
    fast_texts: list[list[str]] = []
    step = 0
    for doc_id, h, d, to_whoosh in docs:
        searchable = part_path is not None and d["kind"] != "law"
        if to_whoosh and sw is not None:
            toks: dict[str, list[str]] = {}
            for field in ("title", "heading", "text"):
                value = d.get(field)
                if value is None:
                    continue
                if field == "text" and searchable:
                    toks[field], expanded = tokens.both(value)
                    fast_texts.append(expanded)
                else:
                    toks[field] = tokens.precise(value)
            sw.add(doc_id, h, d, toks)
        elif searchable:
            fast_texts.append(tokens.expanded(d["text"]))
        if searchable:
            fast_docs.append(d)
        step += 1
        if step == 500:
            _count(step)
            step = 0
    _count(step)
    segment = sw.finish() if sw is not None and sw.docnum else None
    if part_path is not None:
        texts = iter(fast_texts)
        save_part(Path(part_path), fast_part(fast_docs, lambda _d: next(texts), tokens.expanded))
    return {"folder": folder, "segment": segment, "docs": len(docs), "rss": peak_rss_mb()}


def _rss_now() -> float:
    try:
        with open("/proc/self/status") as fh:
            return next(int(ln.split()[1]) for ln in fh if ln.startswith("VmRSS")) / 1024
    except (OSError, StopIteration):
        return 0.0


def _merge_task(out: str, parts: list[str]) -> float:
    """Worker task: the fast arrays' postings of the whole stage from the chunks' parts; returns the peak RSS."""
    from .fastindex import merge_parts
    merge_parts(Path(out), [Path(p) for p in parts])
    return peak_rss_mb()


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), in MB."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------------------------------ progress
class _Report:
    """The share done of a stage, from estimated costs of its steps: to status.json (for the web) and to
    `callback(share, label)` (the CLI's bar), each at most a few times a second."""

    LABELS = {"core": "核心法规集", "all": "全库"}

    def __init__(self, settings: Settings, target: str, callback=None):
        self.settings = settings
        self.target = target
        self.callback = callback
        self.stage = ""
        self.costs: dict[str, float] = {}
        self.done: dict[str, float] = {}
        self._last = 0.0
        self.shown = 0.0
        self.started = time.time()

    def begin(self, stage: str, costs: dict[str, float]) -> None:
        self.stage = stage
        self.shown = 0.0
        self.costs = dict(costs)
        self.done = dict.fromkeys(costs, 0.0)
        self.update(next(iter(costs)), 0, 1, force=True)

    def plan(self, step: str, cost: float) -> None:
        self.costs[step] = cost
        self.done.setdefault(step, 0.0)

    def share(self) -> float:
        """Never less than shown before: the estimates are revised as the stage learns its work."""
        total = sum(self.costs.values()) or 1.0
        self.shown = max(self.shown, min(1.0, sum(self.done.values()) / total))
        return self.shown

    def update(self, step: str, n: float, total: float, force: bool = False) -> None:
        if step in self.costs:
            self.done[step] = self.costs[step] * (min(n, total) / total if total else 1.0)
        now = time.monotonic()
        if not force and now - self._last < 0.3:
            return
        self._last = now
        share = self.share()
        write_status(self.settings, state="running", target=self.target, stage=self.stage, step=step,
                     share=share if self.stage == self.target else 0.0, stage_share=share, started=self.started)
        if self.callback:
            self.callback(share, f"{self.LABELS.get(self.stage, self.stage)}：{_STEP_LABELS.get(step, step)}")


_STEP_LABELS = {"parse": "解析法规文件", "index": "写入索引", "finish": "生成检索数据"}


# ------------------------------------------------------------------------------------------ building
def build(settings: Settings, scope: str = "all", procs: int = 2, progress=None, force: bool = False,
          fail_after=None) -> BuildResult:
    """Build (or bring up to date) the store and index for `scope` ("core" or "all"), one stage.

    `progress(share, label)` is called as it goes. `fail_after` is a test hook: a callable run after
    the new generation is written but before it goes live, to show that a build dying there leaves the
    previous generation serving."""
    lock = BuildLock(settings)
    lock.acquire()
    try:
        report = _Report(settings, scope, progress)
        try:
            result = _stage(settings, scope, procs, report, force, fail_after)
        except BaseException as exc:
            _record_failure(settings, report, exc)
            raise
        _record_done(settings, result)
        return result
    finally:
        lock.release()


def build_library(settings: Settings, scope: str = "all", procs: int = 2, progress=None, force: bool = False,
                  wait: bool = True, on_stage: Callable[[BuildResult], None] | None = None) -> list[BuildResult] | None:
    """`lawdesk index` / `serve`: bring the index up to date for `scope`. For the whole library, when the
    live index does not cover it, the core collection is brought up to date first (and goes live), then
    the rest. Returns the stages' results; None when another process is building and `wait` is False."""
    lock = BuildLock(settings)
    if not lock.acquire(wait=wait):
        return None
    try:
        report = _Report(settings, scope, progress)
        results = []
        try:
            if scope == "all" and _live_info(settings).get("scope") != "all":
                results.append(_stage(settings, "core", procs, report, force, None))
                if on_stage:
                    on_stage(results[-1])
            results.append(_stage(settings, scope, procs, report, force, None))
        except BaseException as exc:
            _record_failure(settings, report, exc)
            raise
        _record_done(settings, results[-1])
        return results
    finally:
        lock.release()


def _record_done(settings: Settings, result: BuildResult) -> None:
    write_status(settings, state="done", target=result.scope, stage=result.scope, share=1.0,
                 generation=result.generation, seconds=round(result.seconds, 2), finished=time.time())


def _record_failure(settings: Settings, report: _Report, exc: BaseException) -> None:
    if isinstance(exc, (KeyboardInterrupt, SystemExit)):
        state, error = "running", None      # stopped, not failed: shows as interrupted, resumes next time
        # the pid in the status is ours and about to end, so readers see it as interrupted
    else:
        state, error = "failed", f"{type(exc).__name__}: {exc}"
    try:
        write_status(settings, state=state, target=report.target, stage=report.stage, share=report.share()
                     if report.stage == report.target else 0.0, error=error, started=report.started)
    except OSError:
        pass


def _live_info(settings: Settings) -> dict:
    live = current_generation(settings)
    if live is None:
        return {}
    try:
        return json.loads((live / "build.json").read_text())
    except (OSError, ValueError):
        return {}


def _stage(settings: Settings, scope: str, procs: int, report: _Report, force: bool, fail_after) -> BuildResult:
    from .fastindex import columns, write_columns
    from .index import documents
    from .segments import commit, indexed_docs, move_segment
    from .store import write_meta, write_store

    t0 = time.perf_counter()
    libdir = settings.library_dir
    libdir.mkdir(parents=True, exist_ok=True)
    _clean_leftovers(libdir)
    files = select_files(settings, scope)
    fp = fingerprint(settings, files)
    live = current_generation(settings)
    info = _live_info(settings)
    work = libdir / f".work-{scope}"
    if not force and live is not None and info.get("fingerprint") == fp and info.get("scope") == scope:
        return BuildResult(live.name, scope, len(files), 0, info.get("laws", 0), info.get("versions", 0),
                           info.get("articles", 0), 0, time.perf_counter() - t0, up_to_date=True)

    timings: dict[str, float] = {}
    mark = [time.perf_counter()]

    def lap(step: str) -> None:
        now = time.perf_counter()
        timings[step] = round(timings.get(step, 0.0) + now - mark[0], 3)
        mark[0] = now
        if os.environ.get("LAWDESK_BUILD_TRACE"):
            print(f"[build {scope}] {step}: {timings[step]:.2f} s, rss {_rss_now():.0f} MB", flush=True)

    lap("check")
    report.begin(scope, {"parse": COST_PARSE * len(files) / max(1, procs), "index": COST_DOC * 150 * len(files),
                         "finish": COST_FINISH_DOC * 50 * len(files)})
    workers: _Workers | None = None
    cache = ParseCache(settings.data / "parse-cache.sqlite3")
    try:
        todo = sum(1 for p in files if not _cached(cache, settings.library, p))
        report.plan("parse", COST_PARSE * todo / max(1, procs if todo > IN_PROCESS_FILES else 1))
        if procs > 1 and todo > IN_PROCESS_FILES:
            workers = _Workers(procs)
        parsed, fresh = read_files(settings, files, cache, pool=workers,
                                   progress=lambda n, total: report.update("parse", n, total))
        lap("parse")
    except BaseException:
        if workers is not None:
            workers.close()
        raise
    finally:
        cache.close()

    try:
        sources = load_sources(settings.sources)
        model = assemble(settings.library, parsed, corpus=settings.corpus, metadata=load_metadata(settings.library),
                         core=read_core(settings.library))
        del parsed
        n_versions = sum(len(law.versions) for law in model.laws.values())
        n_articles = sum(len(v.articles) for law in model.laws.values() for v in law.versions)
        n_docs = n_articles + len(model.laws)
        lap("assemble")
        work, resumed = _open_work(work, live, info, force)
        index_dir = work / "index"
        indexed = indexed_docs(index_dir) or {}

        # what the work index must lose: documents gone or changed (changed ones are written again)
        units = _units(documents(model, sources))
        stale = {doc_id for doc_id, h in indexed.items() if units.get(doc_id) != h}
        if stale:
            commit(index_dir, delete=stale)
        lap("plan")
        to_write = {doc_id for doc_id, h in units.items() if indexed.get(doc_id) != h}
        if os.environ.get("LAWDESK_BUILD_TRACE"):
            print(f"[build {scope}] indexed {len(indexed)}, stale {len(stale)}, to write {len(to_write)}", flush=True)
        report.plan("index", COST_DOC * (len(to_write) + 0.3 * n_docs) / max(1, procs))
        report.plan("finish", COST_FINISH_DOC * n_docs + 0.5)
        if workers is None and procs > 1 and len(to_write) > IN_PROCESS_DOCS:
            workers = _Workers(procs)

        name = time.strftime("gen-%Y%m%d-%H%M%S-") + f"{time.time_ns() % 10**9:09d}-{os.getpid()}"
        staging = libdir / f".gen-{name}"
        staging.mkdir()
        parts: list[Path] = []
        cols: dict[str, list] = {}
        state: dict[str, int] = {"docs": 0, "segments": 0, "written": 0}
        rss_seen = {"index": 0.0, "merge": 0.0}

        def tasks():
            for n, chunk in enumerate(_chunks(documents(model, sources))):
                searchable = [d for _i, _h, d in chunk if d["kind"] != "law"]
                for key, values in columns(searchable).items():
                    cols.setdefault(key, []).extend(values)
                part = work / "fast" / f"{_chunk_hash(chunk)}.npz"
                parts.append(part)
                flagged = [(i, units[i], d, i in to_write) for i, _h, d in chunk]
                if not part.exists() or any(f for *_x, f in flagged):
                    folder = work / f"tmp-{n}"
                    shutil.rmtree(folder, ignore_errors=True)
                    folder.mkdir()
                    yield str(folder), flagged, None if part.exists() else str(part)
                else:
                    state["docs"] += len(chunk)
            # the store is written by this process while the workers finish the last chunks
            t = time.perf_counter()
            write_store(model, staging / "store.sqlite3")
            timings["store (overlapped)"] = round(time.perf_counter() - t, 3)

        def on_result(res):
            folder = Path(res["folder"])
            seg = res["segment"]
            if seg is not None:
                move_segment(seg, folder, index_dir)
                commit(index_dir, add=[seg])        # live in the work index: a resumed build keeps it
                state["segments"] += 1
                state["written"] += seg.doc_count_all()
            shutil.rmtree(folder, ignore_errors=True)
            state["docs"] += res["docs"]
            rss_seen["index"] = max(rss_seen["index"], res["rss"])
            tick()

        def tick():
            extra = workers.counter.value if workers is not None else 0
            report.update("index", min(n_docs, max(state["docs"], extra)), n_docs)

        if workers is not None:
            workers.run(_index_chunk, tasks(), on_result, on_tick=tick)
        else:
            for task in tasks():
                on_result(_index_chunk(*task))
        n_laws = len(model.laws)
        model = None     # type: ignore[assignment]  # free it before the arrays are merged
        report.update("index", 1, 1, force=True)
        lap("index")

        # publish: the work index (hard links), the fast arrays, the build record
        _link_tree(index_dir, staging / "index")
        # the postings of the fast arrays are merged in a worker when there is one (its memory is returned
        # when it ends); the columns are written here meanwhile
        merge = (str(staging / "fast"), [str(p) for p in parts])
        if workers is not None:
            workers.close()          # a fresh process: the indexing workers' memory is not carried over
            workers = _Workers(1)
            pending = workers.pool.apply_async(_merge_task, merge)
            write_columns(staging / "fast", cols)
            rss_seen["merge"] = pending.get()
            workers.close()
            workers = None
        else:
            _merge_task(*merge)
            write_columns(staging / "fast", cols)
        lap("fast arrays")
        keep = set(parts)
        for old in (work / "fast").glob("*.npz"):       # parts of older chunk contents
            if old not in keep:
                old.unlink(missing_ok=True)
        write_meta(staging / "store.sqlite3", {"scope": scope, "built": time.strftime("%Y-%m-%d %H:%M:%S"),
                                               "library": str(settings.library)})
        counts = {"laws": n_laws, "versions": n_versions, "articles": n_articles}
        (staging / "build.json").write_text(json.dumps({"fingerprint": fp, "scope": scope, "format": FORMAT,
                                                         **counts}))
        report.update("finish", 1, 1, force=True)
        if fail_after:
            fail_after()
        os.rename(staging, libdir / name)
    except BaseException:
        if workers is not None:
            workers.close()
        for p in libdir.glob(".gen-*"):
            shutil.rmtree(p, ignore_errors=True)
        raise
    tmp = libdir / f"CURRENT.{os.getpid()}"
    tmp.write_text(name)
    os.replace(tmp, libdir / "CURRENT")
    manifest = work / "manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "finished": True, "generation": name}))
    _drop_old_generations(libdir, keep={name, live.name if live else ""})
    lap("publish")
    rss = {"builder": round(peak_rss_mb(), 1)}
    if rss_seen["index"]:
        rss["worker"] = round(rss_seen["index"], 1)
    if rss_seen["merge"]:
        rss["merge worker"] = round(rss_seen["merge"], 1)
    return BuildResult(name, scope, len(files), fresh, counts["laws"], n_versions, n_articles, state["written"],
                       time.perf_counter() - t0, resumed=resumed, segments=state["segments"], timings=timings,
                       peak_rss_mb=rss)


def _cached(cache: ParseCache, root: Path, path: Path) -> bool:
    try:
        st = path.stat()
    except OSError:
        return True
    row = cache.stat_row(str(path.relative_to(root)))
    return bool(row and row[0] == st.st_size and row[1] == st.st_mtime_ns and row[3] == FORMAT)


def _units(docs) -> dict[str, str]:
    """doc id -> hash of every document with that id. Ids are not unique when two versions of a law have
    the same 施行 date (the library has a few); Whoosh deletes by id, so such documents change together."""
    out: dict[str, str] = {}
    for doc_id, h, _d in docs:
        prev = out.get(doc_id)
        out[doc_id] = h if prev is None else hashlib.blake2b(f"{prev}+{h}".encode(), digest_size=12).hexdigest()
    return out


def _group(d: dict) -> str:
    return d["law"] if d["kind"] in ("law", "article") else d["id"]


def _chunks(docs) -> Iterator[list[tuple]]:
    """Runs of documents of CHUNK_MIN … CHUNK_MAX, cut only between laws, where a law's name picks it."""
    chunk: list[tuple] = []
    prev = None
    for item in docs:
        group = _group(item[2])
        if prev is not None and group != prev and len(chunk) >= CHUNK_MIN and (
                zlib.crc32(prev.encode()) % CHUNK_MOD == 0 or len(chunk) >= CHUNK_MAX):
            yield chunk
            chunk = []
        chunk.append(item)
        prev = group
    if chunk:
        yield chunk


def _chunk_hash(chunk: list[tuple]) -> str:
    h = hashlib.blake2b(FORMAT.encode(), digest_size=16)
    for doc_id, dh, d in chunk:
        if d["kind"] != "law":
            h.update(f"{doc_id}\0{dh}\n".encode())
    return h.hexdigest()


def _open_work(work: Path, live: Path | None, info: dict, force: bool) -> tuple[Path, bool]:
    """The stage's work folder: resumed when it holds an index of this format (an interrupted build, or
    the last finished one), else started from a copy of the live index (hard links: segment files are
    never changed once written) or empty. Returns (folder, resumed)."""
    from .index import schema
    from .segments import commit, indexed_docs

    manifest = work / "manifest.json"
    try:
        ok = (not force and json.loads(manifest.read_text()).get("format") == FORMAT
              and indexed_docs(work / "index") is not None)
    except (OSError, ValueError):
        ok = False
    if ok:
        for tmp in work.glob("tmp-*"):
            shutil.rmtree(tmp, ignore_errors=True)
        state = json.loads(manifest.read_text())
        if state.get("finished"):
            manifest.write_text(json.dumps({**state, "finished": False, "started": time.time()}))
        return work, not state.get("finished", False)
    shutil.rmtree(work, ignore_errors=True)
    (work / "fast").mkdir(parents=True)
    if (live is not None and not force and info.get("format") == FORMAT
            and indexed_docs(live / "index") is not None):
        _link_tree(live / "index", work / "index")
    else:
        commit(work / "index", schema=schema())
    manifest.write_text(json.dumps({"format": FORMAT, "started": time.time()}))
    return work, False


def _link_tree(src: Path, dst: Path) -> None:
    """Copy a Whoosh index folder as hard links (a plain copy where links are not possible)."""
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        if f.is_file() and not f.name.endswith(".lock"):
            try:
                os.link(f, dst / f.name)
            except OSError:
                shutil.copy2(f, dst / f.name)


def _clean_leftovers(libdir: Path) -> None:
    """Staging folders of a build that died before going live (we hold the build lock: none is in use),
    and the per-process folders of the previous format."""
    for p in [*libdir.glob(".gen-*"), *libdir.glob(".building-*")]:
        shutil.rmtree(p, ignore_errors=True)


def _drop_old_generations(libdir: Path, keep: set[str]) -> None:
    # the previous generation stays one build longer: a server may still be answering from it
    for p in libdir.glob("gen-*"):
        if p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)
