"""信用修复 (issue 14.2): the repair of a case's credit record as the unit tracks it.

Revision ID: 0702_credit
"""
from alembic import op
import sqlalchemy as sa

revision = "0702_credit"
down_revision = None
branch_labels = ("credit",)
depends_on = "0101_drafting"


def upgrade():
    op.create_table(
        "credit_repairs",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("drafting_cases.id", name="fk_credit_repairs_case_id"),
                  nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("applied_on", sa.String(10), nullable=False, server_default=""),
        sa.Column("decided_on", sa.String(10), nullable=False, server_default=""),
        sa.Column("note", sa.String(500), nullable=False, server_default=""),
        sa.Column("updated_by", sa.Integer, nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_credit_repairs"),
        sa.UniqueConstraint("case_id", name="uq_credit_repairs_case_id"),
        sa.CheckConstraint("state in ('none','applied','repaired','refused')", name="state"),
    )


def downgrade():
    op.drop_table("credit_repairs")
