"""The alembic revision 0501_study (branch "study") creates exactly the tables webapp/services/study/tables.py
describes, on SQLite and (with LAWDESK_TEST_POSTGRES_URL) PostgreSQL, and the repository works on them."""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

from webapp.services.study import tables
from webapp.services.study.repository import StudyRepository
from webapp.services.study.srs import Card

PG_URL = os.environ.get("LAWDESK_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(
    not PG_URL, reason="LAWDESK_TEST_POSTGRES_URL not set (run .ci/postgres.sh)"))])
def migrated(request, tmp_path):
    from webapp import db
    if request.param == "sqlite":
        engine = db.make_engine(f"sqlite:///{tmp_path / 'app.sqlite3'}")
        db.migrate(engine)
        yield engine
        engine.dispose()
        return
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(db.normalize_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    engine = db.make_engine(PG_URL, schema)
    db.migrate(engine)
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


def test_migration_matches_the_tables(migrated):
    insp = sa.inspect(migrated)
    for table in tables.ALL:
        assert insp.has_table(table.name), table.name
        cols = {c["name"]: c for c in insp.get_columns(table.name)}
        assert set(cols) == {c.name for c in table.columns}, table.name
        for c in table.columns:
            assert cols[c.name]["nullable"] == c.nullable, (table.name, c.name)
        pk = insp.get_pk_constraint(table.name)["constrained_columns"]
        assert pk == [c.name for c in table.primary_key.columns], table.name
        indexed = {tuple(ix["column_names"]) for ix in insp.get_indexes(table.name)}
        for ix in table.indexes:
            assert tuple(c.name for c in ix.columns) in indexed, (table.name, ix.name)
    with migrated.connect() as conn:
        heads = {r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}
    assert "0501_study" in heads


def test_repository_on_the_migrated_database(migrated):
    import datetime as dt
    repo = StudyRepository(migrated)
    repo.add_question_states([{"question_id": "q1", "source": "authored", "deps": ["安全生产法@2021-09-01/5"],
                               "checked": {"安全生产法": "2021-09-01"}}])
    assert repo.add_question_states([{"question_id": "q1", "source": "authored", "deps": [], "checked": {}}]) == 0
    assert repo.question_states()["q1"]["checked"] == {"安全生产法": "2021-09-01"}
    repo.add_attempt(1, "q1", "practice", False, [2], "主体责任", "安全生产法", "u01")
    repo.save_card(1, "q1", Card(interval=1, repetitions=0, due=dt.date(2026, 11, 29)))
    repo.record_wrong(1, "q1", [2])
    assert repo.progress(1, "topic")[0]["attempts"] == 1
    assert repo.due_cards(1, dt.date(2026, 11, 29))[0][0] == "q1"
    assert repo.wrong_book(1)[0]["last_answer"] == [2]
    eid = repo.create_exam(1, ["q1"], "seed", 60, 60)
    assert repo.finish_exam(eid, {"q1": [0]}, 100.0, 1, True, {"主体责任": [1, 1]}, False,
                            [{"user_id": 1, "question_id": "q1", "correct": True, "answer": [0],
                              "topic": "主体责任", "law": "安全生产法", "unit": "u01"}])
    assert not repo.finish_exam(eid, {}, 0.0, 0, False, {}, False, [])
    assert repo.exam_summaries([1])[1]["best"] == 100.0
