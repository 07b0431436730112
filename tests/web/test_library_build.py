"""While the whole library is being indexed: the banner with the share done, /api/v1/library/status, and
the answers that may change saying so (an unknown law in the citation checker, search JSON). And `serve`
end to end on a small library: the core collection answers first, the rest is indexed in the background."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from indexer.buildstate import STATUS, library_state, write_status
from indexer.config import Settings
from tests.library.conftest import make_small
from tests.web.conftest import build_world, session_client, sqlite_area_app

NOT_IN_CORE = "经查，你单位违反了《中华人民共和国网络安全法》第二十一条的规定。\n二〇二五年三月一日"


@pytest.fixture()
def clone(settings, tmp_path):
    """The session's core build in a data folder of its own (hard links), so its status can be faked."""
    data = tmp_path / "data"
    src = settings.library_dir
    shutil.copytree(src, data / "library", copy_function=os.link,
                    ignore=shutil.ignore_patterns(".work-*", STATUS, "build.lock"))
    return Settings.resolve(library=settings.library, data=data)


@pytest.fixture()
def web(clone, tmp_path):
    import webapp.library as wl
    wl._status_cache.clear()
    app = sqlite_area_app(clone, tmp_path / "app")
    world = build_world(app)
    yield app, world, clone
    wl._status_cache.clear()
    app.extensions["lawdesk_db"].dispose()


def _fresh(app):
    import webapp.library as wl
    wl._status_cache.clear()
    lib = app.extensions.get("lawdesk_library")
    if lib is not None:
        lib._note = None


def test_a_core_index_built_on_purpose_shows_no_banner(web):
    app, world, clone = web
    write_status(clone, state="done", target="core", stage="core", share=1.0)
    officer = session_client(app, world.user("officer"))
    assert "library-banner" not in officer.get("/").get_data(as_text=True)
    st = app.test_client().get("/api/v1/library/status").get_json()
    assert st["complete"] is False and st["live"] == "core" and st["pending"] is False and st["note"] is None


def test_banner_status_and_answers_while_the_whole_library_is_indexed(web):
    app, world, clone = web
    write_status(clone, state="running", target="all", stage="all", step="index", share=0.42)   # our pid: alive
    _fresh(app)
    officer = session_client(app, world.user("officer"))
    html = officer.get("/").get_data(as_text=True)
    assert "正在建立全库索引：已完成 <span data-share>42</span>%" in html
    assert '<progress max="100" value="42"' in html and 'role="status"' in html
    st = app.test_client().get("/api/v1/library/status").get_json()        # public, no login
    assert st["pending"] and st["building"] and st["share"] == 0.42 and not st["complete"]
    assert "42%" in st["note"]
    # the citation checker: a law outside the core collection is unknown *for now*
    r = officer.post("/api/v1/citations/check", json={"text": NOT_IN_CORE}, headers={"X-CSRF-Token": officer.csrf})
    data = r.get_json()
    c = next(c for c in data["citations"] if c["status"] == "unknown_law")
    assert "法规库仍在建立全库索引（已完成 42%）" in c["message"]
    assert data["library"]["note"] == st["note"]
    page = officer.post("/review/", data={"text": NOT_IN_CORE, "date": "", "csrf_token": officer.csrf})
    assert "法规库仍在建立全库索引" in page.get_data(as_text=True)
    # search JSON
    found = officer.get("/api/v1/search?q=安全生产").get_json()
    assert found["library"]["note"] == st["note"]


def test_an_interrupted_or_failed_build_says_how_to_continue(web):
    app, world, clone = web
    officer = session_client(app, world.user("officer"))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    write_status(clone, state="running", target="all", stage="all", share=0.3, pid=int(dead))
    _fresh(app)
    st = library_state(clone)
    assert st["interrupted"] and not st["building"]
    assert "重新启动 lawdesk serve 或运行 lawdesk index 即可继续" in officer.get("/").get_data(as_text=True)
    write_status(clone, state="failed", target="all", stage="all", share=0.3, error="OSError: disk full")
    _fresh(app)
    assert "全库索引建立失败（已完成 30%）" in officer.get("/").get_data(as_text=True)
    # once the whole library is live, nothing is pending any more, whatever the status file says
    (clone.library_dir / "CURRENT").read_text()
    gen = clone.library_dir / (clone.library_dir / "CURRENT").read_text().strip()
    info = json.loads((gen / "build.json").read_text())
    (gen / "build.json").unlink()                    # a hard link: do not change the session's file
    (gen / "build.json").write_text(json.dumps({**info, "scope": "all"}))
    _fresh(app)
    assert library_state(clone)["complete"] and not library_state(clone)["pending"]
    assert "library-banner" not in officer.get("/").get_data(as_text=True)


def _get_json(url):
    return json.loads(urllib.request.urlopen(url, timeout=5).read())


@pytest.fixture()
def small(tmp_path):
    return make_small(tmp_path)


def test_serve_answers_from_the_core_and_indexes_the_rest_in_the_background(small):
    """On a small library whose core collection is one file: `serve` starts on the core, the whole library
    follows in a background process, the status endpoint reports it, and stopping serve stops the build."""
    from tests.web.test_platform import free_port
    (small.library / "core.txt").write_text("local/某市示例管理规定(2025-01-02).md\n", encoding="utf-8")
    port = free_port()
    env = dict(os.environ, LAWDESK_LIBRARY=str(small.library), LAWDESK_DATA=str(small.data), PYTHONUNBUFFERED="1")
    env.pop("LAWDESK_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "webapp.cli", "serve", "--port", str(port), "--workers", "1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        line = proc.stdout.readline()
        while line and "已启动" not in line:
            lines.append(line)
            line = proc.stdout.readline()
        out = "".join(lines)
        assert "首次启动：正在建立核心法规集索引" in out, out
        assert (small.library_dir / "CURRENT").exists()          # an index was live before serving
        url = f"http://127.0.0.1:{port}/api/v1/library/status"
        deadline = time.monotonic() + 120
        st = {}
        while time.monotonic() < deadline:                       # poll for the state
            try:
                st = _get_json(url)
            except OSError:
                time.sleep(0.1)
                continue
            if st["complete"]:
                break
            assert st["live"] in ("core", "all")
            time.sleep(0.1)
        assert st.get("complete") and st["live"] == "all" and not st["pending"], st
    finally:
        proc.terminate()
        proc.wait(15)
    from indexer.service import LawLibrary
    lib = LawLibrary(small)
    assert lib.search("听证", law="行政处罚法", limit=3)["total"] > 0       # outside the core collection
    assert "已建立全库索引" in (small.library_dir / "build.log").read_text(encoding="utf-8")
