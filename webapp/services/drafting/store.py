"""Cases and generated documents in the application database (SQLAlchemy Core, no Flask).

Tables (created by migration 0101_drafting, branch "drafting"; webapp/views/cases/ copies them onto
webapp.db.metadata as the platform's convention asks):

- drafting_cases          one row per case: unit, status, the case JSON (the `Case` model) and its version
- drafting_case_versions  every saved version of the case JSON (who, when) — nothing is overwritten
- drafting_documents      every generated document version (.docx bytes, number, issues, confirmed warnings)
- drafting_comments       reviewer comments, submissions, approvals and rejections (法制审核)
The document-number tables live in webapp.services.drafting.numbering.

Every function takes an open connection, so the caller decides the transaction (and writes the audit record
in the same one)."""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from .model import Case

metadata = sa.MetaData()
_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")

STATUSES = {"draft": "办理中", "review": "待法制审核", "approved": "审核通过", "issued": "已作出决定", "closed": "已结案"}

cases = sa.Table(
    "drafting_cases", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("unit_id", sa.Integer, nullable=False, index=True),
    sa.Column("case_key", sa.String(64), nullable=False),          # Case.id (used for document numbering)
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("party_name", sa.String(200), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("data", sa.Text, nullable=False),                    # Case JSON
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_by", sa.Integer, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_by", sa.Integer, nullable=True),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("unit_id", "case_key", name="uq_drafting_cases_unit_key"),
)

case_versions = sa.Table(
    "drafting_case_versions", metadata,
    sa.Column("id", _ID, primary_key=True),
    sa.Column("case_id", sa.Integer, nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("changed_by", sa.Integer, nullable=True),
    sa.Column("changed_at", sa.DateTime, nullable=False),
    sa.Column("note", sa.String(200), nullable=False, server_default=""),
    sa.UniqueConstraint("case_id", "version", name="uq_drafting_case_versions"),
)

documents = sa.Table(
    "drafting_documents", metadata,
    sa.Column("id", _ID, primary_key=True),
    sa.Column("case_id", sa.Integer, nullable=False, index=True),
    sa.Column("form", sa.String(64), nullable=False),
    sa.Column("item", sa.Integer, nullable=False, server_default="0"),   # 1-based for per-item forms, else 0
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("number", sa.String(120), nullable=False, server_default=""),
    sa.Column("fmt", sa.String(8), nullable=False),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("case_version", sa.Integer, nullable=False),
    sa.Column("issues", sa.Text, nullable=False),                  # JSON list of Issue dicts
    sa.Column("confirmed", sa.Text, nullable=False),               # JSON list of confirmed warnings
    sa.Column("created_by", sa.Integer, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("case_id", "form", "item", "version", name="uq_drafting_documents_version"),
)

comments = sa.Table(
    "drafting_comments", metadata,
    sa.Column("id", _ID, primary_key=True),
    sa.Column("case_id", sa.Integer, nullable=False, index=True),
    sa.Column("user_id", sa.Integer, nullable=True),
    sa.Column("user_name", sa.String(100), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),               # comment / submit / approve / reject
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

ALL = (cases, case_versions, documents, comments)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# ------------------------------------------------------------------------------------------------ cases

def create_case(conn, unit_id: int, case: Case, user_id: int | None) -> int:
    now = utcnow()
    data = case.to_json(indent=None)
    cid = conn.execute(cases.insert().values(
        unit_id=unit_id, case_key=case.id, title=case.title[:300], party_name=case.party.name[:200],
        status=case.status or "draft", data=data, version=1, created_by=user_id, created_at=now,
        updated_by=user_id, updated_at=now)).inserted_primary_key[0]
    conn.execute(case_versions.insert().values(case_id=cid, version=1, data=data, changed_by=user_id,
                                               changed_at=now, note="新建"))
    return cid


def get_row(conn, case_id: int):
    return conn.execute(sa.select(cases).where(cases.c.id == case_id)).mappings().first()


def load(row) -> Case:
    return Case.from_json(row["data"])


def unit_of(conn, case_id: int) -> int | None:
    return conn.execute(sa.select(cases.c.unit_id).where(cases.c.id == case_id)).scalar()


def key_exists(conn, unit_id: int, case_key: str) -> bool:
    return conn.execute(sa.select(cases.c.id).where(cases.c.unit_id == unit_id,
                                                    cases.c.case_key == case_key)).first() is not None


def save_case(conn, case_id: int, case: Case, user_id: int | None, *, status: str | None = None,
              note: str = "") -> int:
    """Store a new version of the case JSON (status too, when given). Returns the new version number."""
    row = get_row(conn, case_id)
    version = row["version"] + 1
    data = case.to_json(indent=None)
    now = utcnow()
    values = dict(data=data, version=version, title=case.title[:300], party_name=case.party.name[:200],
                  updated_by=user_id, updated_at=now)
    if status:
        values["status"] = status
        case.status = status
        values["data"] = data = case.to_json(indent=None)
    conn.execute(cases.update().where(cases.c.id == case_id).values(**values))
    conn.execute(case_versions.insert().values(case_id=case_id, version=version, data=data, changed_by=user_id,
                                               changed_at=now, note=note[:200]))
    return version


def set_status(conn, case_id: int, status: str, user_id: int | None, note: str = "") -> None:
    row = get_row(conn, case_id)
    case = load(row)
    save_case(conn, case_id, case, user_id, status=status, note=note or f"状态：{STATUSES.get(status, status)}")


def list_cases(conn, unit_id: int | None, status: str | None = None, q: str | None = None, limit: int = 200):
    sel = sa.select(cases.c.id, cases.c.unit_id, cases.c.case_key, cases.c.title, cases.c.party_name,
                    cases.c.status, cases.c.version, cases.c.updated_at).order_by(cases.c.updated_at.desc(),
                                                                                  cases.c.id.desc())
    if unit_id is not None:
        sel = sel.where(cases.c.unit_id == unit_id)
    if status:
        sel = sel.where(cases.c.status == status)
    if q:
        like = f"%{q}%"
        sel = sel.where(sa.or_(cases.c.title.like(like), cases.c.party_name.like(like), cases.c.case_key.like(like)))
    return conn.execute(sel.limit(limit)).mappings().all()


def status_counts(conn, unit_id: int | None) -> dict[str, int]:
    sel = sa.select(cases.c.status, sa.func.count()).group_by(cases.c.status)
    if unit_id is not None:
        sel = sel.where(cases.c.unit_id == unit_id)
    return {k: v for k, v in conn.execute(sel).all()}


def versions(conn, case_id: int):
    return conn.execute(sa.select(case_versions.c.version, case_versions.c.changed_by, case_versions.c.changed_at,
                                  case_versions.c.note).where(case_versions.c.case_id == case_id)
                        .order_by(case_versions.c.version.desc())).mappings().all()


def version_data(conn, case_id: int, version: int) -> str | None:
    return conn.execute(sa.select(case_versions.c.data).where(case_versions.c.case_id == case_id,
                                                              case_versions.c.version == version)).scalar()


# ------------------------------------------------------------------------------------------------ documents

def add_document(conn, case_id: int, *, form: str, item: int, title: str, number: str, fmt: str, filename: str,
                 content: bytes, case_version: int, issues: list[dict], confirmed: list[dict],
                 user_id: int | None) -> tuple[int, int]:
    """Store a generated document as the next version of (case, form, item). Returns (id, version)."""
    last = conn.execute(sa.select(sa.func.max(documents.c.version)).where(
        documents.c.case_id == case_id, documents.c.form == form, documents.c.item == item)).scalar() or 0
    version = last + 1
    did = conn.execute(documents.insert().values(
        case_id=case_id, form=form, item=item, version=version, title=title[:200], number=number[:120], fmt=fmt,
        filename=filename[:255], content=content, size=len(content), case_version=case_version,
        issues=json.dumps(issues, ensure_ascii=False), confirmed=json.dumps(confirmed, ensure_ascii=False),
        created_by=user_id, created_at=utcnow())).inserted_primary_key[0]
    return did, version


def list_documents(conn, case_id: int):
    cols = [c for c in documents.c if c.name != "content"]
    return conn.execute(sa.select(*cols).where(documents.c.case_id == case_id)
                        .order_by(documents.c.form, documents.c.item, documents.c.version.desc())).mappings().all()


def get_document(conn, case_id: int, doc_id: int):
    return conn.execute(sa.select(documents).where(documents.c.id == doc_id, documents.c.case_id == case_id)
                        ).mappings().first()


# ------------------------------------------------------------------------------------------------ comments

def add_comment(conn, case_id: int, user: dict | None, kind: str, body: str) -> int:
    return conn.execute(comments.insert().values(
        case_id=case_id, user_id=user["id"] if user else None,
        user_name=(user.get("display_name") or user.get("username")) if user else "系统",
        kind=kind, body=body[:4000], created_at=utcnow())).inserted_primary_key[0]


def list_comments(conn, case_id: int):
    return conn.execute(sa.select(comments).where(comments.c.case_id == case_id)
                        .order_by(comments.c.created_at, comments.c.id)).mappings().all()
