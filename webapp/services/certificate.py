"""无违法违规证明 (issue 14.4): a firm asks the unit to certify that it was not penalised in a period. The unit's
own case records are searched for penalty decisions against the firm (by 统一社会信用代码, so a renamed firm is
still found); none → a numbered certificate (.docx); any → a refusal listing them. No Flask: the web and the
tests call the same functions, and the caller writes the audit record.

Only decided cases count (状态 已作出决定 / 已结案, with a 决定日期 in the period): a case still being handled
is not a penalty yet."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass

import sqlalchemy as sa
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from webapp.services.drafting import cnformat as cf
from webapp.services.drafting import store
from webapp.services.drafting.docx_out import style_run
from webapp.services.drafting.ids import check_credit_code, normalise
from webapp.services.drafting.leniency import Prior

CODE = "证"                 # 文书代字 of the certificate in the unit's number format
FORM = "no_violation_certificate"
DECIDED = ("issued", "closed")
MAX_YEARS = 5


class CertificateError(Exception):
    def __init__(self, message: str, code: str = "bad_request", field: str = ""):
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


@dataclass(frozen=True)
class Request:
    credit_code: str
    name: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Decision:
    case_id: int
    case_key: str
    title: str
    decided: str                 # YYYY-MM-DD
    number: str                  # the decision's 文书编号 ("" if none recorded)
    fine: str                    # 罚款合计 in figures, "" when there is none


def read_request(credit_code: str, name: str, start: str, end: str, today: dt.date) -> Request:
    """The request checked: a valid code (GB 32100 check digit), a name, a period that has ended by today and
    spans at most MAX_YEARS years."""
    code = normalise(credit_code or "")
    errors = [p for p in check_credit_code(code) if p.level == "error"]
    if errors:
        raise CertificateError(errors[0].message, "bad_credit_code", "credit_code")
    if not (name or "").strip():
        raise CertificateError("请填写单位名称。", "missing_field", "name")
    try:
        a, b = dt.date.fromisoformat(start or ""), dt.date.fromisoformat(end or "")
    except ValueError:
        raise CertificateError("请以 YYYY-MM-DD 填写起止日期。", "bad_date", "start") from None
    if a > b:
        raise CertificateError("开始日期晚于结束日期。", "bad_period", "start")
    if b > today:
        raise CertificateError(f"结束日期（{cf.cn_date(b)}）晚于今天，不能证明尚未经过的期间。", "future_period", "end")
    if (b - a).days > 366 * MAX_YEARS:
        raise CertificateError(f"查询期间不能超过{MAX_YEARS}年。", "bad_period", "start")
    return Request(code, name.strip(), a, b)


def _decided_cases(conn, unit_id: int, credit_code: str):
    """(row, data, decided date) of the unit's decided cases against the firm."""
    c = store.cases.c
    for row in conn.execute(sa.select(c.id, c.case_key, c.title, c.data)
                            .where(c.unit_id == unit_id, c.status.in_(DECIDED))).mappings():
        data = json.loads(row["data"])
        if normalise((data.get("party") or {}).get("credit_code") or "") != credit_code:
            continue
        decided = ((data.get("dates") or {}).get("decision") or "")[:10]
        if decided:
            yield row, data, decided


def _number(data: dict) -> str:
    numbers = data.get("numbers", {})
    return next((numbers[k] for k in ("decision_org", "decision_person", "onsite_decision", "not_penalise_decision")
                 if numbers.get(k)), "")


def decisions_against(conn, unit_id: int, req: Request) -> list[Decision]:
    """The unit's penalty decisions against the firm dated in the period (a 不予行政处罚决定 is no penalty,
    行政处罚法 第三十三条)."""
    out = []
    for row, data, decided in _decided_cases(conn, unit_id, req.credit_code):
        if not (req.start.isoformat() <= decided <= req.end.isoformat()):
            continue
        if (data.get("leniency") or {}).get("decided") and not penalties_in(data):
            continue
        fines = [cf.to_amount(v["fine"]) for v in data.get("violations", []) if v.get("fine")]
        out.append(Decision(row["id"], row["case_key"], row["title"], decided, _number(data),
                            cf.amount_short(sum(fines)) if fines else ""))
    return sorted(out, key=lambda d: d.decided)


def earlier_decisions(conn, unit_id: int, credit_code: str, case_key: str) -> list[Prior]:
    """Every decision of the unit against the firm but the case's own, 不予处罚 included: for 首违不罚 a violation
    found before counts whatever its outcome."""
    code = normalise(credit_code or "")
    if not code:
        return []
    return sorted((Prior(row["case_key"], decided, _number(data)) for row, data, decided
                   in _decided_cases(conn, unit_id, code) if row["case_key"] != case_key), key=lambda p: p.decided)


def penalties_in(data: dict) -> bool:
    return any(v.get("warning") or v.get("fine") or v.get("confiscation") or v.get("other_penalties")
               for v in data.get("violations", []))


def certificate_docx(req: Request, number: str, unit_name: str, issued: dt.date) -> bytes:
    doc = Document()
    for text, size, font, align in (("无违法违规证明", 22, "方正小标宋简体", WD_ALIGN_PARAGRAPH.CENTER),
                                    (number, 16, "仿宋_GB2312", WD_ALIGN_PARAGRAPH.CENTER)):
        p = doc.add_paragraph()
        p.alignment = align
        style_run(p.add_run(text), font, size)
    body = (f"经查询本机关行政执法记录，{req.name}（统一社会信用代码：{req.credit_code}）自{cf.cn_date(req.start)}至"
            f"{cf.cn_date(req.end)}期间，未因安全生产违法行为受到本机关行政处罚。",
            "特此证明。",
            "本证明仅依据本机关的行政处罚记录出具，不证明其他机关的处罚情况，也不作为该单位安全生产条件合格的证明。")
    for text in body:
        style_run(doc.add_paragraph().add_run("　　" + text), "仿宋_GB2312", 16)
    for text in (unit_name, cf.cn_date(issued)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        style_run(p.add_run(text), "仿宋_GB2312", 16)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def certificate_key(req: Request, issued_at: dt.datetime) -> str:
    """The numbering key of one certificate (numbers are allocated once per key)."""
    return f"证明-{req.credit_code}-{req.start.isoformat()}-{req.end.isoformat()}-{issued_at.strftime('%Y%m%d%H%M%S%f')}"


def unit_number_format(conn, unit_id: int) -> str:
    """The unit's number format, as its newest case carries it (else the model's default)."""
    from webapp.services.drafting.model import Unit
    data = conn.execute(sa.select(store.cases.c.data).where(store.cases.c.unit_id == unit_id)
                        .order_by(store.cases.c.id.desc()).limit(1)).scalar()
    fmt = json.loads(data).get("unit", {}).get("number_format") if data else None
    return fmt or str(Unit.__dataclass_fields__["number_format"].default)



def certify(req: Request, unit, fmt: str, numbers, issued_at: dt.datetime) -> tuple[str, bytes]:
    """The next certificate number of `unit` (a units row: name, short_name) from `numbers` (a drafting number
    store; allocate outside any open write transaction on the app database) and the certificate."""
    from webapp.services.drafting.numbering import number_for
    number = number_for(numbers, unit_key=unit["short_name"], fmt=fmt, short=unit["short_name"], code=CODE,
                        year=issued_at.year, case_id=certificate_key(req, issued_at), form=FORM)
    return number, certificate_docx(req, number, unit["name"], issued_at.date())


def audit_after(req: Request, found: list[Decision], number: str = "") -> dict:
    who = {"credit_code": req.credit_code, "name": req.name, "start": req.start.isoformat(), "end": req.end.isoformat()}
    return {**who, "decisions": [d.case_key for d in found]} if found else {**who, "number": number}
