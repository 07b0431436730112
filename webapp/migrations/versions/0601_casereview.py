"""案卷评查: one review of a case file — who is assigned, the reviewer's deductions, grade, comment, signature.

Revision ID: 0601_casereview
"""
from alembic import op
import sqlalchemy as sa

revision = "0601_casereview"
down_revision = None
branch_labels = ("casereview",)
depends_on = "0101_drafting"


def upgrade():
    op.create_table(
        "casereview_reviews",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("drafting_cases.id", name="fk_casereview_reviews_case_id"),
                  nullable=False),
        sa.Column("reviewer_id", sa.Integer, nullable=False),
        sa.Column("assigned_by", sa.Integer, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("grade", sa.String(16), nullable=False, server_default=""),
        sa.Column("manual", sa.Text, nullable=False, server_default="[]"),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("case_version", sa.Integer, nullable=True),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("signed_at", sa.DateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_casereview_reviews"),
        sa.UniqueConstraint("case_id", "reviewer_id", name="uq_casereview_reviews_case_reviewer"),
        sa.CheckConstraint("status in ('assigned','signed')", name="status"),
        sa.CheckConstraint("grade in ('','exemplary','poor')", name="grade"),
    )
    op.create_index("ix_casereview_reviews_case_id", "casereview_reviews", ["case_id"])


def downgrade():
    op.drop_table("casereview_reviews")
