"""How far the library's build is: the build lock and the status file, read by the CLI and the web.

A build holds `library/build.lock` (an flock: the kernel drops it when the process dies, `kill -9`
included) and writes `library/status.json` as it goes (atomically, a few times a second at most):
which stage (the core collection, then the whole library), the step, the share done. Readers never
take the lock; they read the status and check the builder's pid, so a build that was killed shows as
interrupted (the next `lawdesk index` or `serve` resumes it), not as running for ever.

`library_state(settings)` is what the banner, `/api/v1/library/status` and the citation checker's
notes use: whether the live index covers the whole library, and if not, what is under way."""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path

from .config import Settings

STATUS = "status.json"
LOCK = "build.lock"


class BuildLock:
    """Exclusive lock on the data folder's library build (one builder at a time, across processes)."""

    def __init__(self, settings: Settings):
        settings.library_dir.mkdir(parents=True, exist_ok=True)
        self.path = settings.library_dir / LOCK
        self.fd: int | None = None

    def acquire(self, wait: bool = True) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()


def write_status(settings: Settings, **values) -> None:
    path = settings.library_dir / STATUS
    values.setdefault("pid", os.getpid())
    values["updated"] = time.time()
    tmp = path.with_name(f"{STATUS}.{os.getpid()}")
    tmp.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def read_status(settings: Settings) -> dict:
    try:
        data = json.loads((settings.library_dir / STATUS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _alive(pid) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def current_generation(settings: Settings) -> Path | None:
    """The live generation's folder (named by library/CURRENT), None when nothing is built."""
    pointer = settings.library_dir / "CURRENT"
    try:
        name = pointer.read_text().strip()
    except OSError:
        return None
    gen = settings.library_dir / name
    return gen if name and (gen / "store.sqlite3").exists() else None


def live_scope(settings: Settings) -> str | None:
    """Scope of the live generation ("core" or "all"), None when nothing is built."""
    gen = current_generation(settings)
    if gen is None:
        return None
    try:
        return json.loads((gen / "build.json").read_text()).get("scope")
    except (OSError, ValueError):
        return None


def library_state(settings: Settings) -> dict:
    """{"complete", "live", "pending", "building", "interrupted", "failed", "stage", "step", "share",
    "error"}: `complete` when the live index covers the whole library; `pending` when it does not and a
    whole-library build was started and has not finished (running, interrupted or failed) — the state in
    which answers may still change; `share` the part of that build done, 0..1. A core-only index built on
    purpose (`lawdesk index --core`) is not pending."""
    status = read_status(settings)
    live = live_scope(settings)
    state = status.get("state")
    running = state == "running" and _alive(status.get("pid"))
    pending = live != "all" and status.get("target") == "all" and state in ("running", "failed")
    out = {"complete": live == "all", "live": live, "pending": pending, "building": running,
           "interrupted": pending and state == "running" and not running, "failed": pending and state == "failed",
           "stage": status.get("stage") if running else None, "step": status.get("step") if running else None,
           "share": round(float(status.get("share") or 0.0), 3) if pending else None,
           "error": status.get("error") if pending and state == "failed" else None}
    return out


def unfinished_note(settings: Settings) -> str | None:
    """One Chinese sentence for answers that may change when the whole-library build finishes (an unknown
    law, a search limited to the core collection), or None when no such build is pending."""
    return note_for(library_state(settings))


def note_for(st: dict) -> str | None:
    """unfinished_note for a `library_state` already read."""
    if not st["pending"]:
        return None
    share = f"（已完成 {round((st['share'] or 0) * 100)}%）"
    if st["building"]:
        return f"法规库仍在建立全库索引{share}，目前只收录核心法规集；建立完成后此结果可能改变。"
    if st["failed"]:
        return f"全库索引建立失败{share}，目前只收录核心法规集；请管理员运行 lawdesk index 重试。"
    return f"全库索引尚未建立完成{share}，目前只收录核心法规集；重新启动 lawdesk serve 或运行 lawdesk index 即可继续。"


def note_unknown_laws(result, note: str | None):
    """Add `note` (unfinished_note) to every "unknown law" citation of a checker result: the law may only be
    outside the part of the library indexed so far."""
    if note:
        for c in result.citations:
            if c.status == "unknown_law" and note not in (c.message or ""):
                c.message = f"{c.message}（{note.rstrip('。')}）" if c.message else note
    return result


def wait_for(settings: Settings, predicate, timeout: float, interval: float = 0.05) -> bool:
    """Poll `library_state` until `predicate(state)` holds (tests, scripts); False on timeout."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate(library_state(settings)):
            return True
        time.sleep(interval)
    return False


def status_path(settings: Settings) -> Path:
    return settings.library_dir / STATUS
