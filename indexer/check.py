"""`lawdesk library check`: every defect of the library, with file and line.

Always reads the whole library (not only the indexed scope): a check is about the files."""

from __future__ import annotations

from .build import ParseCache, read_files, select_files
from .config import Settings
from .library import assemble, load_metadata, read_core

ORDER = ["unreadable", "ends_mid_article", "numbering_gap", "numbering_order", "no_effective_clause", "duplicate",
         "no_title", "no_date", "empty_article", "versions", "repealed", "no_articles", "unplaced_line"]


def check_library(settings: Settings) -> dict:
    files = select_files(settings, "all")
    cache = ParseCache(settings.data / "parse-cache.sqlite3")
    try:
        parsed, _fresh = read_files(settings, files, cache)
    finally:
        cache.close()
    model = assemble(settings.library, parsed, corpus=settings.corpus,
                     metadata=load_metadata(settings.library), core=read_core(settings.library))
    issues = [i.to_dict() for i in model.issues]
    for law in model.laws.values():
        if len(law.versions) > 1:
            spans = "；".join(f"{v.effective_from} 起（{', '.join(v.files)}）" for v in law.versions)
            issues.append({"path": law.versions[-1].files[0], "line": 1, "kind": "versions", "severity": "info",
                           "message": f"{law.title} 有 {len(law.versions)} 个版本：{spans}"})
    by_kind: dict[str, list[dict]] = {}
    for i in sorted(issues, key=lambda i: (i["path"], i["line"])):
        by_kind.setdefault(i["kind"], []).append(i)
    ordered = {k: by_kind[k] for k in ORDER if k in by_kind}
    ordered.update({k: v for k, v in by_kind.items() if k not in ordered})
    return {
        "library": str(settings.library),
        "summary": {
            "files": len(files), "laws": len(model.laws),
            "versions": sum(len(law.versions) for law in model.laws.values()),
            "articles": sum(len(v.articles) for law in model.laws.values() for v in law.versions),
            "issues": len(issues), "errors": sum(1 for i in issues if i["severity"] == "error"),
        },
        "by_kind": ordered,
    }
