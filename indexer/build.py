"""Building the store and the index: incremental and atomic.

Layout of the data folder::

    instance/parse-cache.sqlite3     parsed files by content hash (a cache: safe to delete)
    instance/library/CURRENT         name of the live generation
    instance/library/gen-…/          store.sqlite3, index/, dochash.json, build.json

A build parses only files whose content changed, writes a new generation beside the live one (the index
is copied and updated in place of the copy) and switches CURRENT with one atomic rename. A failed or
killed build leaves the previous generation serving; leftovers of an interrupted build are removed by
the next one."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .library import assemble, discover, load_metadata, read_core
from .model import Issue, ParsedStatute
from .parser import parse_file
from .sources import load_sources

FORMAT = "9"   # bump when the parser's output or the index schema changes: forces a full rebuild


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

    def put(self, rel: str, size: int, mtime: int, sha: str, parsed: ParsedStatute) -> None:
        self.con.execute("insert or replace into files values (?,?,?,?,?,?)",
                         (rel, size, mtime, sha, FORMAT, json.dumps(parsed.to_dict(), ensure_ascii=False)))

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


def read_files(settings: Settings, files: list[Path], cache: ParseCache | None = None) -> tuple[list[ParsedStatute], int]:
    """Parse (or take from the cache) every file; returns the parsed files and how many were parsed now."""
    root = settings.library
    parsed: list[ParsedStatute] = []
    fresh = 0
    for path in files:
        rel = str(path.relative_to(root))
        try:
            st = path.stat()
        except OSError as exc:
            parsed.append(_unreadable(rel, exc))
            continue
        p = None
        if cache is not None:
            row = cache.stat_row(rel)
            if row and row[0] == st.st_size and row[1] == st.st_mtime_ns and row[3] == FORMAT:
                p = cache.get(rel, row[2])
        if p is None:
            try:
                sha = _sha(path)
                p = cache.get(rel, sha) if cache is not None else None
                if p is None:
                    p = parse_file(path, rel)
                    fresh += 1
                if cache is not None:
                    cache.put(rel, st.st_size, st.st_mtime_ns, sha, p)
            except Exception as exc:  # noqa: BLE001 — one bad file never stops the load; it is reported as a defect
                p = _unreadable(rel, exc)
        parsed.append(p)
    if cache is not None:
        cache.commit()
    return parsed, fresh


def _unreadable(rel: str, exc: Exception) -> ParsedStatute:
    return ParsedStatute(path=rel, title="", subtitle=None, history=[], headings=[], articles=[], file_date=None,
                         effective_clause=None,
                         issues=[Issue(rel, 0, "unreadable", f"无法读取文件：{type(exc).__name__}: {exc}", "error")])


def current_generation(settings: Settings) -> Path | None:
    pointer = settings.library_dir / "CURRENT"
    try:
        name = pointer.read_text().strip()
    except OSError:
        return None
    gen = settings.library_dir / name
    return gen if (gen / "store.sqlite3").exists() else None


def build(settings: Settings, scope: str = "core", procs: int = 1, progress=None, force: bool = False,
          fail_after=None) -> BuildResult:
    """Build (or bring up to date) the store and index for `scope` ("core" or "all").

    `fail_after` is a test hook: a callable run after the new generation is written but before it goes
    live, to show that a build dying there leaves the previous generation serving."""
    from .fastindex import write_fast_index
    from .index import documents, write_index
    from .store import write_meta, write_store

    t0 = time.perf_counter()
    libdir = settings.library_dir
    libdir.mkdir(parents=True, exist_ok=True)
    _clean_leftovers(libdir)
    files = select_files(settings, scope)
    fp = fingerprint(settings, files)
    live = current_generation(settings)
    info = {}
    if live is not None:
        try:
            info = json.loads((live / "build.json").read_text())
        except (OSError, ValueError):
            info = {}
    if not force and live is not None and info.get("fingerprint") == fp and info.get("scope") == scope:
        return BuildResult(live.name, scope, len(files), 0, info.get("laws", 0), info.get("versions", 0),
                           info.get("articles", 0), 0, time.perf_counter() - t0, up_to_date=True)
    cache = ParseCache(settings.data / "parse-cache.sqlite3")
    try:
        parsed, fresh = read_files(settings, files, cache)
    finally:
        cache.close()

    sources = load_sources(settings.sources)
    model = assemble(settings.library, parsed, corpus=settings.corpus, metadata=load_metadata(settings.library),
                     core=read_core(settings.library))
    name = time.strftime("gen-%Y%m%d-%H%M%S-") + f"{time.time_ns() % 10**9:09d}-{os.getpid()}"
    work = libdir / f".building-{name}"
    work.mkdir()
    try:
        previous_hashes = None
        if (live is not None and not force and info.get("scope") == scope and info.get("format") == FORMAT
                and (live / "dochash.json").exists()):
            shutil.copytree(live / "index", work / "index")
            previous_hashes = json.loads((live / "dochash.json").read_text())
        def parent_work():
            # runs while the indexing processes work (procs > 1): the store and the fast BM25 arrays
            write_store(model, work / "store.sqlite3")
            write_fast_index(work / "fast", [d for _id, _h, d in documents(model, sources) if d["kind"] != "law"])

        hashes = write_index(work / "index", model, previous_hashes, procs=procs, progress=progress,
                             before_commit=parent_work, sources=sources)
        changed = sum(1 for k, h in hashes.items() if (previous_hashes or {}).get(k) != h)
        n_versions = sum(len(law.versions) for law in model.laws.values())
        n_articles = sum(len(v.articles) for law in model.laws.values() for v in law.versions)
        write_meta(work / "store.sqlite3", {"scope": scope, "built": time.strftime("%Y-%m-%d %H:%M:%S"),
                                            "library": str(settings.library)})
        (work / "dochash.json").write_text(json.dumps(hashes, ensure_ascii=False))
        build_info = {"fingerprint": fp, "scope": scope, "format": FORMAT, "laws": len(model.laws), "versions": n_versions,
                      "articles": n_articles}
        (work / "build.json").write_text(json.dumps(build_info))
        if fail_after:
            fail_after()
        os.rename(work, libdir / name)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    tmp = libdir / f"CURRENT.{os.getpid()}"
    tmp.write_text(name)
    os.replace(tmp, libdir / "CURRENT")
    _drop_old_generations(libdir, keep={name, live.name if live else ""})
    return BuildResult(name, scope, len(files), fresh, len(model.laws), n_versions, n_articles, changed,
                       time.perf_counter() - t0)


def _clean_leftovers(libdir: Path) -> None:
    for p in libdir.glob(".building-*"):
        try:
            pid = int(p.name.rsplit("-", 1)[-1])
            os.kill(pid, 0)          # that build is still running: leave it alone
            if pid != os.getpid():
                continue
        except (ValueError, ProcessLookupError, PermissionError):
            pass
        shutil.rmtree(p, ignore_errors=True)


def _drop_old_generations(libdir: Path, keep: set[str]) -> None:
    # the previous generation stays one build longer: a server may still be answering from it
    for p in libdir.glob("gen-*"):
        if p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)
