"""Drafting tables: cases, case versions, generated documents, reviewer comments, document numbers.

Revision ID: 0101_drafting
"""
from alembic import op
import sqlalchemy as sa

revision = "0101_drafting"
down_revision = None
branch_labels = ("drafting",)
depends_on = "0001_platform"

_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade():
    op.create_table(
        "drafting_cases",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id", name="fk_drafting_cases_unit_id_units"),
                  nullable=False),
        sa.Column("case_key", sa.String(64), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("party_name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_by", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_by", sa.Integer, nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_drafting_cases"),
        sa.UniqueConstraint("unit_id", "case_key", name="uq_drafting_cases_unit_key"),
        sa.CheckConstraint("status in ('draft','review','approved','issued','closed')", name="status"),
    )
    op.create_index("ix_drafting_cases_unit_id", "drafting_cases", ["unit_id"])
    op.create_table(
        "drafting_case_versions",
        sa.Column("id", _ID, nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("drafting_cases.id",
                                                       name="fk_drafting_case_versions_case_id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("changed_by", sa.Integer, nullable=True),
        sa.Column("changed_at", sa.DateTime, nullable=False),
        sa.Column("note", sa.String(200), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_drafting_case_versions"),
        sa.UniqueConstraint("case_id", "version", name="uq_drafting_case_versions"),
    )
    op.create_index("ix_drafting_case_versions_case_id", "drafting_case_versions", ["case_id"])
    op.create_table(
        "drafting_documents",
        sa.Column("id", _ID, nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("drafting_cases.id", name="fk_drafting_documents_case_id"),
                  nullable=False),
        sa.Column("form", sa.String(64), nullable=False),
        sa.Column("item", sa.Integer, nullable=False, server_default="0"),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("number", sa.String(120), nullable=False, server_default=""),
        sa.Column("fmt", sa.String(8), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("case_version", sa.Integer, nullable=False),
        sa.Column("issues", sa.Text, nullable=False),
        sa.Column("confirmed", sa.Text, nullable=False),
        sa.Column("created_by", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_drafting_documents"),
        sa.UniqueConstraint("case_id", "form", "item", "version", name="uq_drafting_documents_version"),
    )
    op.create_index("ix_drafting_documents_case_id", "drafting_documents", ["case_id"])
    op.create_table(
        "drafting_comments",
        sa.Column("id", _ID, nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("drafting_cases.id", name="fk_drafting_comments_case_id"),
                  nullable=False),
        sa.Column("user_id", sa.Integer, nullable=True),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_drafting_comments"),
    )
    op.create_index("ix_drafting_comments_case_id", "drafting_comments", ["case_id"])
    op.create_table(
        "drafting_number_counters",
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("unit", "code", "year", name="pk_drafting_number_counters"),
    )
    op.create_table(
        "drafting_numbers",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("unit", sa.String(64), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("form", sa.String(64), nullable=False),
        sa.Column("number", sa.String(120), nullable=False),
        sa.Column("issued_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_drafting_numbers"),
        sa.UniqueConstraint("unit", "code", "year", "seq", name="uq_drafting_numbers_seq"),
        sa.UniqueConstraint("unit", "case_id", "form", name="uq_drafting_numbers_case_form"),
    )


def downgrade():
    for name in ("drafting_numbers", "drafting_number_counters", "drafting_comments", "drafting_documents",
                 "drafting_case_versions", "drafting_cases"):
        op.drop_table(name)
