"""The layers, read from the source: every import (inside functions too) of every module under indexer/ and
webapp/, resolved to module names.

- no cycle among the modules of `indexer/` (the law and the services that read it build upward from
  refs/dates/errors to the façade `service.py`; the handbook plugs into the index through `indexer/sources.py`);
- nothing in `indexer/` imports `webapp`;
- no Flask (or werkzeug) below the web layer: `indexer/` and the Flask-free services under `webapp/`."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Flask-free service packages under webapp/ (the web layer is everything else there).
SERVICE_PACKAGES = ("webapp.services.drafting", "webapp.services.study", "webapp.services")
WEB_ONLY = ("flask", "werkzeug", "jinja2", "markupsafe")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Absolute names of every module `path` imports, at any depth of its code."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.add(mod)
            # `from . import x` / `from .pkg import sub`: the names may be submodules
            out.update(f"{mod}.{a.name}" for a in node.names)
    return out


def graph(top: str) -> dict[str, set[str]]:
    files = sorted((ROOT / top).rglob("*.py"))
    modules = {module_name(p): p for p in files}
    return {m: {i for i in imports_of(p) if i in modules and i != m} for m, p in modules.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in g[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def test_graph_reader_sees_imports_inside_functions(tmp_path):
    # the reader must not miss the imports this test exists for
    g = graph("indexer")
    assert "indexer.sources" in g["indexer.search"]
    assert "indexer.dates" in g["indexer.penalties.scope"]


def test_no_cycle_in_indexer():
    found = cycles(graph("indexer"))
    assert found == [], "import cycles in indexer/: " + "; ".join(" → ".join(c) for c in found)


def test_indexer_does_not_import_webapp():
    bad = {m: sorted(i for i in imports_of(p) if i == "webapp" or i.startswith("webapp."))
           for m, p in ((module_name(p), p) for p in (ROOT / "indexer").rglob("*.py"))}
    assert {m: v for m, v in bad.items() if v} == {}


def test_no_flask_below_the_web_layer():
    bad = {}
    for p in sorted((ROOT / "indexer").rglob("*.py")) + sorted((ROOT / "webapp").rglob("*.py")):
        m = module_name(p)
        if m.startswith("webapp") and not m.startswith(SERVICE_PACKAGES):
            continue
        web = sorted(i for i in imports_of(p) if i.split(".")[0] in WEB_ONLY)
        if web:
            bad[m] = web
    assert bad == {}
