"""A case file read from the app database: the case record as it stands, the latest version of each of its
documents (the drafting tables, webapp/services/drafting/store.py) and the date its decision was published
(webapp/services/publication/records.py)."""

from __future__ import annotations

import json

from webapp.services.drafting import store
from webapp.services.publication import records as publication

from .model import CaseFile, FiledDocument


def case_file(conn, case_id: int) -> CaseFile | None:
    row = store.get_row(conn, case_id)
    if row is None:
        return None
    case = store.load(row)
    latest: dict[tuple[str, int], FiledDocument] = {}
    for d in store.list_documents(conn, case_id):          # newest version first within (form, item)
        key = (d["form"], d["item"])
        if key in latest:
            continue
        confirmed = tuple(c.get("code", "") for c in json.loads(d["confirmed"] or "[]") if isinstance(c, dict))
        latest[key] = FiledDocument(d["form"], d["item"], d["version"], d["number"], d["case_version"], confirmed,
                                    d["created_at"].isoformat(timespec="minutes") if d["created_at"] else "")
    published = publication.get(conn, case_id).published_on
    return CaseFile(case, list(latest.values()), status=row["status"], case_version=row["version"],
                    label=f"{row['case_key']}（{row['party_name']}）",
                    published_on=published.isoformat() if published else "")
