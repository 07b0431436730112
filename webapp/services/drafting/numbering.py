"""Document numbers (文书编号) in the unit's format, e.g. （杭拱）应急罚〔2026〕12号.

A number is allocated once per case and form and never reused: the sequence runs per unit, 文书代字 and year
(forms that share a 代字 — 行政处罚决定书 for 单位 and for 个人 both use 罚 — share one sequence, because the
printed number must be unique), only ever counts up, and a deleted case keeps its numbers. Allocating again for
the same case and form returns the number it already has.

Stores:
- `SQLNumberStore(engine)`: two tables (`drafting_number_counters`, `drafting_numbers`) in the application
  database (created there by the migration 0101_drafting) or in a stand-alone SQLite file for the CLI
  (`SQLNumberStore.open_sqlite(path)` creates them);
- `MemoryNumberStore()`: for previews and tests.
The tables use plain SQLAlchemy Core on their own MetaData, so this module needs no Flask."""

from __future__ import annotations

import datetime as dt
import re
import string
import threading
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

DEFAULT_FORMAT = "（{short}）应急{code}〔{year}〕{seq}号"
FORMAT_FIELDS = {"short", "code", "year", "seq"}
DRAFT_SEQ = "　　"          # shown where the sequence goes in an unnumbered draft


class NumberFormatError(ValueError):
    pass


def check_format(fmt: str) -> None:
    """Every {field} known, {seq} and {year} present, braces balanced."""
    try:
        names = [name for _, name, spec, conv in string.Formatter().parse(fmt) if name is not None]
    except ValueError as exc:
        raise NumberFormatError(f"文书编号格式错误：{exc}") from None
    unknown = [n for n in names if n not in FORMAT_FIELDS]
    if unknown:
        raise NumberFormatError(f"文书编号格式中有未知占位符：{'、'.join('{' + n + '}' for n in unknown)}")
    for need in ("seq", "year"):
        if need not in names:
            raise NumberFormatError(f"文书编号格式缺少 {{{need}}}")


def format_number(fmt: str, short: str, code: str, year: int, seq: int | str) -> str:
    check_format(fmt or DEFAULT_FORMAT)
    return (fmt or DEFAULT_FORMAT).format(short=short, code=code, year=year, seq=seq)


@dataclass(frozen=True)
class ParsedNumber:
    region: str | None      # 杭拱 (without brackets), None when absent
    code: str               # 应急罚
    year: int
    seq: str                # 12, or 执法二中队-9 (free text kept as written)

    @property
    def seq_int(self) -> int | None:
        m = re.search(r"(\d+)$", self.seq)
        return int(m.group(1)) if m else None


_OPEN = "〔［[（(﹝"
_CLOSE = "〕］]）)﹞"
_NUMBER_RE = re.compile(
    r"^\s*(?:[（(](?P<region>[^（()）]+)[）)])?\s*(?P<code>[^\d〔［\[（(﹝]+?)\s*"
    rf"[{re.escape(_OPEN)}](?P<year>\d{{4}})[{re.escape(_CLOSE)}]\s*(?P<seq>[^号]+?)\s*号\s*$")


def parse_number(text: str) -> ParsedNumber:
    """Accepts the bracket variants seen in practice: 〔〕 ［］ [] （） () ﹝﹞, with or without the region part,
    and free text before the sequence (（湘怀沅）应急罚〔2025〕执法二中队-9号)."""
    m = _NUMBER_RE.match(text or "")
    if not m:
        raise NumberFormatError(f"不是文书编号：{text!r}")
    return ParsedNumber(m.group("region"), m.group("code").strip(), int(m.group("year")), m.group("seq").strip())


# ------------------------------------------------------------------------------------------------ stores

class MemoryNumberStore:
    def __init__(self):
        self._lock = threading.Lock()
        self._counters: dict[tuple[str, str, int], int] = {}
        self._issued: dict[tuple[str, str, str], tuple[int, int]] = {}   # (unit, case, form) -> (year, seq)

    def allocate(self, unit: str, code: str, year: int, case_id: str, form: str) -> int:
        with self._lock:
            key = (unit, case_id, form)
            if key in self._issued:
                return self._issued[key][1]
            seq = self._counters.get((unit, code, year), 0) + 1
            self._counters[(unit, code, year)] = seq
            self._issued[key] = (year, seq)
            return seq

    def last(self, unit: str, code: str, year: int) -> int:
        return self._counters.get((unit, code, year), 0)


metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "pk": "pk_%(table_name)s",
})

counters = sa.Table(
    "drafting_number_counters", metadata,
    sa.Column("unit", sa.String(64), primary_key=True),       # unit id (web) or short name (CLI)
    sa.Column("code", sa.String(32), primary_key=True),       # 文书代字, e.g. 罚
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("last_seq", sa.Integer, nullable=False),
)

numbers = sa.Table(
    "drafting_numbers", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("unit", sa.String(64), nullable=False),
    sa.Column("code", sa.String(32), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("case_id", sa.String(64), nullable=False),
    sa.Column("form", sa.String(64), nullable=False),
    sa.Column("number", sa.String(120), nullable=False),
    sa.Column("issued_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("unit", "code", "year", "seq", name="uq_drafting_numbers_seq"),
    sa.UniqueConstraint("unit", "case_id", "form", name="uq_drafting_numbers_case_form"),
)


class SQLNumberStore:
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    @classmethod
    def open_sqlite(cls, path: str | Path) -> SQLNumberStore:
        """A stand-alone SQLite store (CLI fallback); creates the tables when missing."""
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(f"sqlite:///{Path(path)}", connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _rec):
            dbapi_conn.isolation_level = None

        @sa.event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")      # one allocating writer at a time

        metadata.create_all(engine)
        return cls(engine)

    def has_tables(self) -> bool:
        return sa.inspect(self.engine).has_table("drafting_numbers")

    def allocate(self, unit: str, code: str, year: int, case_id: str, form: str, number_text=None) -> int:
        """`number_text(seq)` formats the printed number stored with the allocation."""
        for _attempt in range(5):
            try:
                return self._allocate_once(unit, code, year, case_id, form, number_text)
            except sa.exc.IntegrityError:     # a concurrent first allocation of this (unit, code, year)
                continue
        raise RuntimeError("文书编号分配冲突，请重试")

    def _allocate_once(self, unit, code, year, case_id, form, number_text) -> int:
        with self.engine.connect() as conn:
            conn.info["write"] = True
            with conn.begin():
                row = conn.execute(sa.select(numbers.c.seq).where(
                    numbers.c.unit == unit, numbers.c.case_id == case_id, numbers.c.form == form)).first()
                if row is not None:
                    return row[0]
                res = conn.execute(counters.update().where(
                    counters.c.unit == unit, counters.c.code == code, counters.c.year == year
                ).values(last_seq=counters.c.last_seq + 1))
                if res.rowcount == 0:
                    conn.execute(counters.insert().values(unit=unit, code=code, year=year, last_seq=1))
                seq = conn.execute(sa.select(counters.c.last_seq).where(
                    counters.c.unit == unit, counters.c.code == code, counters.c.year == year)).scalar_one()
                conn.execute(numbers.insert().values(
                    unit=unit, code=code, year=year, seq=seq, case_id=case_id, form=form,
                    number=number_text(seq) if number_text else str(seq),
                    issued_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)))
                return seq

    def last(self, unit: str, code: str, year: int) -> int:
        with self.engine.connect() as conn:
            v = conn.execute(sa.select(counters.c.last_seq).where(
                counters.c.unit == unit, counters.c.code == code, counters.c.year == year)).scalar()
            return v or 0

    def issued(self, unit: str | None = None) -> list[dict]:
        with self.engine.connect() as conn:
            q = sa.select(numbers).order_by(numbers.c.id)
            if unit is not None:
                q = q.where(numbers.c.unit == unit)
            return [dict(r._mapping) for r in conn.execute(q)]


def number_for(store, *, unit_key: str, fmt: str, short: str, code: str, year: int, case_id: str,
               form: str) -> str:
    """Allocate (or fetch) the number of `form` in case `case_id` and format it."""
    def text(seq):
        return format_number(fmt, short, code, year, seq)
    if isinstance(store, SQLNumberStore):
        seq = store.allocate(unit_key, code, year, case_id, form, number_text=text)
    else:
        seq = store.allocate(unit_key, code, year, case_id, form)
    return text(seq)


def draft_number(fmt: str, short: str, code: str, year: int) -> str:
    """The number with a blank sequence, for previews before a number is allocated."""
    return format_number(fmt, short, code, year, DRAFT_SEQ)
