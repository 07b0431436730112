"""Helpers for the drafting web tests: an app on the session statute library, cases made directly in the db."""

from __future__ import annotations

import copy
import json
import secrets

from tests.drafting.conftest import SAMPLE


def make_app(settings, tmp_path, **config):
    from indexer.config import Settings
    from webapp import create_app
    # the statute index of the session build, an app database of its own
    s = Settings.resolve(library=settings.library, data=settings.data)
    cfg = {"TESTING": True, "SECRET_KEY": "t-" + secrets.token_hex(6), "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
           "USER_CACHE_SECONDS": 0, "DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite3'}"}
    cfg.update(config)
    return create_app(s, cfg)


def sample_dict(case_key: str = "2026-0001", unit=None) -> dict:
    d = json.loads(SAMPLE.read_text(encoding="utf-8"))
    d = copy.deepcopy(d)
    d["id"] = case_key
    d["status"] = "draft"
    d["numbers"] = {}
    if unit:
        d["unit"].update(unit)
    return d


def make_case(app, unit_id: int, status: str = "draft", with_document: bool = False) -> int:
    """A case (the sample case) owned by `unit_id`, inserted directly."""
    import sqlalchemy as sa

    from webapp import db
    from webapp.services.drafting import store
    from webapp.services.drafting.model import Case
    with app.app_context(), db.begin() as conn:
        unit = conn.execute(sa.select(db.units).where(db.units.c.id == unit_id)).mappings().one()
        key = f"2026-{secrets.token_hex(3)}"
        case = Case.from_dict(sample_dict(key, {"name": unit["name"], "short_name": unit["short_name"]}))
        case.status = status
        cid = store.create_case(conn, unit_id, case, None)
        if with_document:
            store.add_document(conn, cid, form="inspection_record", item=0, title="现场检查记录", number="",
                               fmt="docx", filename="x.docx", content=b"PK-test", case_version=1, issues=[],
                               confirmed=[], user_id=None)
    return cid


def document_of(app, case_id: int) -> int:
    import sqlalchemy as sa

    from webapp import db
    from webapp.services.drafting import store
    with app.app_context(), db.read() as conn:
        return conn.execute(sa.select(sa.func.min(store.documents.c.id)).where(
            store.documents.c.case_id == case_id)).scalar()
