"""Study tables: question review state, attempts, SM-2 cards, wrong-answer book, unit reading, mock exams.

Revision ID: 0501_study
"""
from alembic import op
import sqlalchemy as sa

revision = "0501_study"
down_revision = None
branch_labels = ("study",)
depends_on = "0001_platform"

_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade():
    op.create_table(
        "study_question_state",
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("deps", sa.Text, nullable=False),
        sa.Column("checked", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="active"),
        sa.Column("first_seen", sa.DateTime, nullable=False),
        sa.Column("reviewed_at", sa.DateTime, nullable=True),
        sa.Column("reviewed_by", sa.Integer, nullable=True),
        sa.Column("review_note", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("question_id", name="pk_study_question_state"),
    )
    op.create_table(
        "study_attempts",
        sa.Column("id", _ID, nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("correct", sa.Boolean, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("topic", sa.String(100), nullable=False),
        sa.Column("law", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(16), nullable=True),
        sa.Column("exam_id", sa.Integer, nullable=True),
        sa.Column("ts", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_study_attempts"),
    )
    op.create_index("ix_study_attempts_user_ts", "study_attempts", ["user_id", "ts"])
    op.create_index("ix_study_attempts_user_question", "study_attempts", ["user_id", "question_id"])
    op.create_table(
        "study_cards",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("easiness", sa.Float, nullable=False),
        sa.Column("interval_days", sa.Integer, nullable=False),
        sa.Column("repetitions", sa.Integer, nullable=False),
        sa.Column("lapses", sa.Integer, nullable=False, server_default="0"),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("last_review", sa.DateTime, nullable=True),
        sa.PrimaryKeyConstraint("user_id", "question_id", name="pk_study_cards"),
    )
    op.create_index("ix_study_cards_user_due", "study_cards", ["user_id", "due"])
    op.create_table(
        "study_wrong_book",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("wrong_count", sa.Integer, nullable=False),
        sa.Column("right_streak", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_answer", sa.Text, nullable=True),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("last_wrong_at", sa.DateTime, nullable=False),
        sa.Column("cleared_at", sa.DateTime, nullable=True),
        sa.PrimaryKeyConstraint("user_id", "question_id", name="pk_study_wrong_book"),
    )
    op.create_table(
        "study_unit_reads",
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("unit_id", sa.String(16), nullable=False),
        sa.Column("first_read_at", sa.DateTime, nullable=False),
        sa.Column("completed_at", sa.DateTime, nullable=True),
        sa.PrimaryKeyConstraint("user_id", "unit_id", name="pk_study_unit_reads"),
    )
    op.create_table(
        "study_exams",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("deadline_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime, nullable=True),
        sa.Column("question_ids", sa.Text, nullable=False),
        sa.Column("answers", sa.Text, nullable=False, server_default="{}"),
        sa.Column("seed", sa.String(32), nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("pass_mark", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("passed", sa.Boolean, nullable=True),
        sa.Column("correct", sa.Integer, nullable=True),
        sa.Column("per_topic", sa.Text, nullable=True),
        sa.Column("timed_out", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("id", name="pk_study_exams"),
    )
    op.create_index("ix_study_exams_user_id", "study_exams", ["user_id"])


def downgrade():
    for name in ("study_exams", "study_unit_reads", "study_wrong_book", "study_cards", "study_attempts",
                 "study_question_state"):
        op.drop_table(name)
