"""The study tables (SQLAlchemy Core). Created by the alembic revision 0501_study (branch "study"); keep the two
in step. They live on their own MetaData so this package does not import the Flask-bound webapp.db; the web
module copies them onto webapp.db.metadata.

User ids are not foreign keys (like the audit trail): a trainee's history outlives the user row."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")

# Review state of every question ever seen: which law versions it has been checked against.
question_state = sa.Table(
    "study_question_state", metadata,
    sa.Column("question_id", sa.String(64), primary_key=True),
    sa.Column("source", sa.String(16), nullable=False),             # authored / generated
    sa.Column("deps", sa.Text, nullable=False),                     # JSON: dated refs at the last sync
    sa.Column("checked", sa.Text, nullable=False),                  # JSON: {law key: version date checked}
    sa.Column("status", sa.String(16), nullable=False, server_default="active"),   # active / retired
    sa.Column("first_seen", sa.DateTime, nullable=False),
    sa.Column("reviewed_at", sa.DateTime, nullable=True),
    sa.Column("reviewed_by", sa.Integer, nullable=True),
    sa.Column("review_note", sa.Text, nullable=True),
)

attempts = sa.Table(
    "study_attempts", metadata,
    sa.Column("id", _ID, primary_key=True),
    sa.Column("user_id", sa.Integer, nullable=False),
    sa.Column("question_id", sa.String(64), nullable=False),
    sa.Column("mode", sa.String(16), nullable=False),               # practice / review / wrongbook / exam
    sa.Column("correct", sa.Boolean, nullable=False),
    sa.Column("answer", sa.Text, nullable=False),                   # JSON list of option indices
    sa.Column("topic", sa.String(100), nullable=False),
    sa.Column("law", sa.String(200), nullable=False),
    sa.Column("unit", sa.String(16), nullable=True),
    sa.Column("exam_id", sa.Integer, nullable=True),
    sa.Column("ts", sa.DateTime, nullable=False),
    sa.Index("ix_study_attempts_user_ts", "user_id", "ts"),
    sa.Index("ix_study_attempts_user_question", "user_id", "question_id"),
)

# SM-2 state of one item for one user
cards = sa.Table(
    "study_cards", metadata,
    sa.Column("user_id", sa.Integer, primary_key=True),
    sa.Column("question_id", sa.String(64), primary_key=True),
    sa.Column("easiness", sa.Float, nullable=False),
    sa.Column("interval_days", sa.Integer, nullable=False),
    sa.Column("repetitions", sa.Integer, nullable=False),
    sa.Column("lapses", sa.Integer, nullable=False, server_default="0"),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("last_review", sa.DateTime, nullable=True),
    sa.Index("ix_study_cards_user_due", "user_id", "due"),
)

# 错题本: questions answered wrong, until answered right twice in a row (or removed by the trainee)
wrong_book = sa.Table(
    "study_wrong_book", metadata,
    sa.Column("user_id", sa.Integer, primary_key=True),
    sa.Column("question_id", sa.String(64), primary_key=True),
    sa.Column("wrong_count", sa.Integer, nullable=False),
    sa.Column("right_streak", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_answer", sa.Text, nullable=True),               # JSON: the last wrong answer
    sa.Column("added_at", sa.DateTime, nullable=False),
    sa.Column("last_wrong_at", sa.DateTime, nullable=False),
    sa.Column("cleared_at", sa.DateTime, nullable=True),
)

unit_reads = sa.Table(
    "study_unit_reads", metadata,
    sa.Column("user_id", sa.Integer, primary_key=True),
    sa.Column("unit_id", sa.String(16), primary_key=True),
    sa.Column("first_read_at", sa.DateTime, nullable=False),
    sa.Column("completed_at", sa.DateTime, nullable=True),
)

exams = sa.Table(
    "study_exams", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, nullable=False, index=True),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("deadline_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime, nullable=True),
    sa.Column("question_ids", sa.Text, nullable=False),             # JSON list
    sa.Column("answers", sa.Text, nullable=False, server_default="{}"),   # JSON {question id: [indices]}
    sa.Column("seed", sa.String(32), nullable=False),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.Column("pass_mark", sa.Integer, nullable=False),
    sa.Column("score", sa.Float, nullable=True),                     # out of 100
    sa.Column("passed", sa.Boolean, nullable=True),
    sa.Column("correct", sa.Integer, nullable=True),
    sa.Column("per_topic", sa.Text, nullable=True),                  # JSON {topic: [correct, total]}
    sa.Column("timed_out", sa.Boolean, nullable=False, server_default=sa.false()),
)

ALL = (question_state, attempts, cards, wrong_book, unit_reads, exams)
