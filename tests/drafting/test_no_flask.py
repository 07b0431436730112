"""The drafting services import and run without Flask (the CLI and batch jobs use them)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r'''
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "flask" or name.startswith("flask.") or name == "werkzeug" or name.startswith("werkzeug."):
            raise ImportError("flask is blocked in this test")
        return None
sys.meta_path.insert(0, Block())
sys.path.insert(0, sys.argv[1])
import webapp.services.drafting
for m in ["model", "ids", "cnformat", "numbering", "lawtext", "catalogue", "context", "templates", "validate",
          "docx_out", "export", "service"]:
    __import__("webapp.services.drafting." + m)
from webapp.services.drafting.model import Case
from webapp.services.drafting.templates import load_templates
from webapp.services.drafting.cnformat import amount_capitals
case = Case.from_json(open(sys.argv[1] + "/doc_templates/sample_case.json", encoding="utf-8").read())
assert amount_capitals(case.total_fine) == "伍万伍仟元整"
assert len(load_templates().forms) >= 14
assert not any(k == "flask" or k.startswith("flask.") for k in sys.modules), "flask was imported"
print("ok")
'''


def test_drafting_imports_without_flask():
    res = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT)], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "ok"
