"""Issue 14.2: the statistics count credit repair — decisions against firms owing a 信用修复告知书, the notices
generated, the records the firm may already repair, and the repairs applied for, done and refused."""

from __future__ import annotations

import datetime as dt

from tests.drafting.webworld import make_case
from tests.web.conftest import build_world, sqlite_area_app


def test_credit_repairs_are_counted(settings, tmp_path):
    from webapp import db
    from webapp.services.credit import records
    from webapp.services.drafting import store
    from webapp.services.stats import compute, parse_period
    from webapp.services.stats.tables import summary_rows
    app = sqlite_area_app(settings, tmp_path)
    w = build_world(app)
    unit = w.units["A"]
    done, pending, _fresh, _draft = (make_case(app, unit, status="closed"), make_case(app, unit, status="closed"),
                                    make_case(app, unit, status="closed"), make_case(app, unit))
    with app.app_context(), db.begin() as conn:
        store.add_document(conn, done, form="credit_repair_notice", item=0, title="信用修复告知书", number="",
                           fmt="docx", filename="x.docx", content=b"PK", case_version=1, issues=[], confirmed=[],
                           user_id=None)
        records.save(conn, done, records.Repair("repaired", dt.date(2027, 2, 1), dt.date(2027, 2, 5)), None)
        records.save(conn, pending, records.Repair("applied", dt.date(2027, 2, 1)), None)
    with app.app_context(), db.read() as conn:
        s = compute(conn, unit, parse_period("2026-01-01", "2026-12-31"))
    c = s.credit
    assert (c.decided, c.notices, c.repaired, c.applied, c.refused) == (3, 1, 1, 1, 0)
    # the third was decided 2026-10-30: the firm may apply from 2027-01-31
    assert c.may_apply == (1 if dt.date.today() >= dt.date(2027, 1, 31) else 0)
    rows = dict((str(k), v) for k, v in summary_rows(s))
    assert rows["已完成信用修复"] == 1 and rows["信用修复：应送达告知书的处罚决定（单位）"] == 3
    app.extensions["lawdesk_db"].dispose()
