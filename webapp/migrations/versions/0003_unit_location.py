"""Where a unit enforces (province, city, district as one name, e.g. 浙江省杭州市拱墅区): search ranks local rules
of other places below national law and the unit's own province and city.

Revision ID: 0003_unit_location
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_unit_location"
down_revision = "0002_unit_benchmarks"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("units") as batch:
        batch.add_column(sa.Column("location", sa.String(100), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("units") as batch:
        batch.drop_column("location")
