"""The study services import and work without Flask (the CLI and other tools use them)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import importlib, importlib.abc, pkgutil, sys
from pathlib import Path

class NoFlask(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("flask", "werkzeug", "jinja2", "itsdangerous"):
            raise ImportError(f"blocked: {name}")
        return None

sys.meta_path.insert(0, NoFlask())
root = Path(sys.argv[1])
sys.path.insert(0, str(root))
import webapp.services.study
names = [m.name for m in pkgutil.iter_modules(webapp.services.study.__path__)]
for name in names:
    importlib.import_module("webapp.services.study." + name)
from webapp.services.study.render import render_markdown
from webapp.services.study.srs import Card, review
import datetime
assert "<h1" in render_markdown("# 标题\n\n正文").html
assert review(Card(), 4, datetime.date(2026, 1, 1)).interval == 1
assert not any(m.split(".")[0] in ("flask", "werkzeug", "jinja2") for m in sys.modules), "Flask was imported"
print("ok", len(names))
"""


def test_study_package_imports_without_flask():
    res = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("ok"), res.stdout
    assert int(res.stdout.split()[1]) >= 10
