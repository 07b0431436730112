"""Issue 13.4/13.5 on the demo year: `lawdesk demo load` fills the demo unit (twice adds nothing), and the page,
`lawdesk stats --json`, the API, the .xlsx (read by openpyxl and converted by LibreOffice) and a direct count of
the stored records agree."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.stats.test_web import summary
from tests.web.conftest import PASSWORD, session_client

ROOT = Path(__file__).resolve().parents[2]
YEAR = "--from", "2025-01-01", "--to", "2025-12-31"


def lawdesk(settings, url, *args):
    env = {**os.environ, "LAWDESK_DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "webapp.cli", "--library", str(settings.library), "--data",
                           str(settings.data), *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)


@pytest.fixture(scope="module")
def loaded(settings, tmp_path_factory):
    from tests.drafting.webworld import make_app
    from webapp import auth, db
    folder = tmp_path_factory.mktemp("stats-demo")
    url = f"sqlite:///{folder / 'app.sqlite3'}"
    app = make_app(settings, folder)                        # the schema, and a real unit with its people
    with app.app_context(), db.begin() as conn:
        real = auth.create_unit(conn, "杭州市拱墅区应急管理局", "杭拱")
        for name, role in (("admin", "admin"), ("officer", "officer")):
            auth.create_user(conn, name, name, role, real, cert_no="33010012345" if role == "officer" else None,
                             password=PASSWORD, must_change=False)
    first = lawdesk(settings, url, "demo", "load", "--year", "2025", "--n", "160")
    again = lawdesk(settings, url, "demo", "load", "--year", "2025", "--n", "160", "--render", "none")
    yield app, url, real, first, again
    app.extensions["lawdesk_db"].dispose()


def demo_unit(app):
    from webapp import db
    from webapp.services.stats.compute import DEMO_UNIT_NAME
    with app.app_context(), db.read() as conn:
        return conn.execute(sa.select(db.units.c.id, db.units.c.short_name).where(db.units.c.name == DEMO_UNIT_NAME)).one()


def direct_count(app, unit_id) -> dict:
    """The figures counted here from the rows, without the statistics service."""
    from webapp import db
    from webapp.services.drafting import store
    with app.app_context(), db.read() as conn:
        rows = conn.execute(sa.select(store.cases.c.id, store.cases.c.status, store.cases.c.data)
                            .where(store.cases.c.unit_id == unit_id)).all()
        docs = conn.execute(sa.select(sa.func.count()).select_from(
            sa.select(store.documents.c.case_id, store.documents.c.form, store.documents.c.item).distinct()
            .join(store.cases, store.cases.c.id == store.documents.c.case_id)
            .where(store.cases.c.unit_id == unit_id).subquery())).scalar()
    cases = [json.loads(r.data) for r in rows]
    year = [d for d in cases if "2025-01-01" <= (d["dates"]["filing"] or d["dates"]["decision"]) <= "2025-12-31"]
    decided = [d for d, r in zip(cases, rows) if d in year and r.status in ("issued", "closed")]
    fine = lambda d: sum(Decimal(str(v["fine"])) for v in d["violations"] if v.get("fine"))  # noqa: E731
    return {"cases": len(year), "decided": len(decided), "imposed": sum(map(fine, decided)),
            "collected": sum(fine(d) for d in decided if d["payment"]["paid_on"]),
            "discussed": sum(1 for d in year if d["review"]["discussed"]),
            "opinions": sum(1 for d in year if d["review"]["opinion"].strip()),
            "months": Counter(d["dates"]["filing"][:7] for d in year),
            "entries": Counter(v["catalogue_id"] for d in year for v in d["violations"]),
            "documents": docs}


def test_load_creates_the_demo_unit_once_and_never_duplicates(loaded):
    app, _url, real, first, again = loaded
    assert first.returncode == 0, first.stderr
    assert "已新建" in first.stdout and "新建 160 件，已有 0 件" in first.stdout
    assert "文书 320 份生成正文" in first.stdout                         # 告知书 and 决定书 of each case
    assert again.returncode == 0, again.stderr
    assert "已新建" not in again.stdout and "新建 0 件，已有 160 件未重复建立" in again.stdout
    unit = demo_unit(app)
    assert unit.short_name == "演示"
    from webapp import db
    from webapp.services.drafting import store
    with app.app_context(), db.read() as conn:
        per_unit = dict(conn.execute(sa.select(store.cases.c.unit_id, sa.func.count()).group_by(store.cases.c.unit_id)).all())
        decision = conn.execute(sa.select(store.documents.c.content).where(store.documents.c.form == "decision_org")
                                .limit(1)).scalar()
    assert per_unit == {unit.id: 160}                                      # nothing in the real unit
    from tests.drafting.helpers import docx_lines, open_docx
    text = "".join(docx_lines(open_docx(decision)))
    assert "行政处罚决定书" in text and "演示" in text


def test_page_cli_api_and_direct_count_agree(loaded, settings):
    app, url, real, _first, _again = loaded
    unit = demo_unit(app)
    want = direct_count(app, unit.id)
    assert want["cases"] == 160 and want["discussed"] > 0
    res = lawdesk(settings, url, "stats", "--unit", "演示", *YEAR, "--json")
    assert res.returncode == 0, res.stderr
    cli = json.loads(res.stdout)
    assert cli["cases"] == want["cases"] and cli["decided"] == want["decided"]
    assert Decimal(str(cli["fines"]["imposed"])) == want["imposed"]
    assert Decimal(str(cli["fines"]["collected"])) == want["collected"]
    assert cli["discussed"] == want["discussed"] and cli["reviews"]["opinions"] == want["opinions"]
    assert {r["key"]: r["cases"] for r in cli["by_month"]} == dict(want["months"])
    assert {r["catalogue_id"]: r["violations"] for r in cli["by_violation"]} == dict(want["entries"])
    assert sum(r["cases"] for r in cli["documents"]) == want["documents"]
    assert sum(r["violations"] for r in cli["by_topic"]) == sum(want["entries"].values())
    admin = session_client(app, _user(app, "admin"))
    api = admin.get(f"/api/v1/stats?unit={unit.id}&from=2025-01-01&to=2025-12-31").get_json()
    assert api == cli
    got = summary(admin.get(f"/stats/?unit={unit.id}&from=2025-01-01&to=2025-12-31").get_data(as_text=True))
    assert got["案件数"] == "160" and got["罚款金额（元）"] == f"{want['imposed']:,.2f}"
    assert got["重大案件集体讨论"] == str(want["discussed"])
    # the demo unit stays out of every real total, and out of the real unit's officer's reach
    assert admin.get("/api/v1/stats").get_json()["cases"] == 0
    officer = session_client(app, _user(app, "officer"))
    assert officer.get(f"/api/v1/stats?unit={unit.id}").status_code == 403
    assert officer.get("/api/v1/stats").get_json()["cases"] == 0


def _user(app, name):
    from webapp import auth, db
    with app.app_context(), db.read() as conn:
        return auth.get_user(conn, username=name)


def test_xlsx_opens_in_openpyxl_and_libreoffice_with_the_same_numbers(loaded, tmp_path):
    from openpyxl import load_workbook
    app, _url, _real, _first, _again = loaded
    unit = demo_unit(app)
    want = direct_count(app, unit.id)
    data = session_client(app, _user(app, "admin")).get(
        f"/stats/export.xlsx?unit={unit.id}&from=2025-01-01&to=2025-12-31").get_data()
    wb = load_workbook(io.BytesIO(data))
    first = {r[0]: r[1] for r in wb.worksheets[0].iter_rows(min_row=4, values_only=True)}
    assert first["案件数"] == 160 and Decimal(str(first["罚款金额（元）"])) == want["imposed"]
    months = {r[0]: r[1] for r in wb.worksheets[1].iter_rows(min_row=4, values_only=True)}
    assert sum(months.values()) == 160 and len(months) == len(want["months"])
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("localc") is None:
        pytest.skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc)")
    book = tmp_path / "stats.xlsx"
    book.write_bytes(data)
    # every sheet to its own CSV (token 12 = -1), values as stored rather than as shown (token 9 = false)
    res = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                          "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                          "--outdir", str(tmp_path / "out"), str(book)], capture_output=True, text=True, timeout=180)
    assert res.returncode == 0, res.stderr
    made = sorted((tmp_path / "out").glob("*.csv"))
    assert len(made) == len(wb.sheetnames), (made, res.stdout, res.stderr)
    by_sheet = {p.stem.removeprefix("stats-"): list(csv.reader(p.open(encoding="utf-8"))) for p in made}
    lo_first = {r[0]: r[1] for r in by_sheet[wb.sheetnames[0]][3:] if len(r) > 1}
    assert lo_first["案件数"] == "160" and Decimal(lo_first["罚款金额（元）"]) == want["imposed"]
    assert lo_first["重大案件集体讨论"] == str(want["discussed"])
    lo_months = {r[0]: int(r[1]) for r in by_sheet[wb.sheetnames[1]][3:] if len(r) > 1}
    assert lo_months == months
