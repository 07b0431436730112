"""Store the synthetic demo year (webapp.services.casereview.demo) in the database of a demo unit, so that a new
user sees the statistics and the review working. The caller makes the unit (named DEMO_UNIT_NAME, short 演示)
and passes its id; nothing here writes to another unit, and a case whose key the unit already holds is skipped,
so loading twice adds nothing.

Documents: every document the demo file holds gets its row (form, item, number, confirmed warnings) so the review
reads the file as filed. The forms in `render` (by default the 告知书 and the 决定书, the ones a person opens
first) are the real .docx drafted from the case; the others hold a short .docx that says it is a demo placeholder
(drafting every document of 160 cases takes about 40 ms each, 1½ minutes in all)."""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass

from webapp.services.drafting import store

RENDERED = ("penalty_notice", "decision_org")
PLACEHOLDER = "演示数据：本文书只登记了文书信息（名称、编号），未生成正文。需要正文时可在案件页面重新生成。"


@dataclass
class DemoLoad:
    created: int = 0
    skipped: int = 0            # keys the unit already had
    rendered: int = 0           # documents drafted for real
    placeholders: int = 0


@functools.lru_cache(maxsize=64)
def placeholder_docx(title: str) -> bytes:
    from docx import Document
    doc = Document()
    doc.add_heading(title, level=1)
    doc.add_paragraph(PLACEHOLDER)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _confirmed(codes) -> list[dict]:
    return [{"level": "warning", "code": c, "message": "演示数据：生成时已确认的警告", "basis": "", "field": ""}
            for c in codes]


def store_demo(conn, unit_id: int, demo_cases, drafter, render=RENDERED, on_case=None) -> DemoLoad:
    """Create the demo cases the unit does not have yet, with their documents; `on_case(key, case_id)` is
    called after each (the audit record)."""
    out = DemoLoad()
    for dc in demo_cases:
        case = dc.file.case
        if store.key_exists(conn, unit_id, case.id):
            out.skipped += 1
            continue
        case.status = dc.file.status
        cid = store.create_case(conn, unit_id, case, None)
        ctx = None
        for d in dc.file.documents:
            spec = drafter.spec(d.form)
            idx = d.item - 1 if d.item else None
            if d.form in render:
                ctx = ctx or drafter.context(case)
                draft = drafter.prepare(case, d.form, per_index=idx, ctx=ctx, check=False)
                content, title = drafter.write(draft.doc, "docx", case), draft.doc.full_title
                out.rendered += 1
            else:
                title = spec.full_title
                content = placeholder_docx(title + (f"（{d.item}）" if d.item else ""))
                out.placeholders += 1
            store.add_document(conn, cid, form=d.form, item=d.item, title=title, number=d.number, fmt="docx",
                               filename=drafter.filename(case, spec, "docx", idx), content=content,
                               case_version=d.case_version, issues=[], confirmed=_confirmed(d.confirmed),
                               user_id=None)
        if dc.file.published_on:
            from webapp.services.publication import records
            records.save_published(conn, cid, dt.date.fromisoformat(dc.file.published_on), "演示数据", None)
        out.created += 1
        if on_case is not None:
            on_case(case.id, cid)
    return out
