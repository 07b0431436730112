"""The 裁量基准 a unit has adopted (行政处罚法 第三十四条): benchmark ids, in the unit's order of priority.

Revision ID: 0002_unit_benchmarks
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_unit_benchmarks"
down_revision = "0001_platform"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("units") as batch:
        batch.add_column(sa.Column("benchmarks", sa.Text, nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("units") as batch:
        batch.drop_column("benchmarks")
