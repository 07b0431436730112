"""Publication of penalty decisions (issue 14.3): the names an officer adds to be masked, and when and where
each decision was published.

Revision ID: 0701_publication
"""
from alembic import op
import sqlalchemy as sa

revision = "0701_publication"
down_revision = None
branch_labels = ("publication",)
depends_on = "0101_drafting"


def upgrade():
    op.create_table(
        "publication_records",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("drafting_cases.id", name="fk_publication_records_case_id"),
                  nullable=False),
        sa.Column("extra_names", sa.Text, nullable=False, server_default="[]"),
        sa.Column("published_on", sa.String(10), nullable=False, server_default=""),
        sa.Column("place", sa.String(300), nullable=False, server_default=""),
        sa.Column("updated_by", sa.Integer, nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_publication_records"),
        sa.UniqueConstraint("case_id", name="uq_publication_records_case_id"),
    )


def downgrade():
    op.drop_table("publication_records")
