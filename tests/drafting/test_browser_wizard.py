"""Browser test of the case wizard end to end (Playwright for Python driving Debian's chromium): an officer
registers a case, walks party → facts → violations found by search → penalty with the discretion calculator →
documents with the live preview, submits it for 法制审核; a reviewer approves; the officer confirms the warnings
and issues the decision, then downloads it. No script errors or CSP violations on any page.

Skipped, with the reason, when playwright or /usr/bin/chromium is missing (never `playwright install`)."""

from __future__ import annotations

import io
import re

import pytest

from tests.browser_support import library_app, open_page, serve, sync_api  # noqa: F401  (fixtures, helpers)
from tests.browser_support import login as _login
from tests.browser_support import shot as _shot
from tests.web.conftest import build_world

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(lib, tmp_path_factory):
    app = library_app(lib, tmp_path_factory.mktemp("cases-browser"))
    world = build_world(app)
    with serve(app) as base:
        yield base, world, app


def new_page(browser):
    return open_page(browser, viewport={"width": 1360, "height": 900}, accept_downloads=True)


def shot(page, name):
    _shot(page, f"cases-{name}")


def login(page, base, username):
    _login(page, base, username, home=True)


def days(n: int) -> str:
    import datetime as dt
    return (dt.date.today() + dt.timedelta(days=n)).isoformat()


def test_wizard_end_to_end(browser, live):
    """Dates are relative to today: the reviewer's approval is dated today and the decision follows it."""
    base, world, app = live
    ctx, page = new_page(browser)
    login(page, base, "officer")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="案件文书").click()
    page.get_by_role("link", name="新建案件").click()
    page.get_by_label("当事人名称或姓名").fill("杭州明澜五金制品有限公司")
    page.get_by_role("button", name="建立案件").click()
    page.wait_for_url(re.compile(r".*/cases/\d+/edit/party$"))
    case_url = page.url.rsplit("/edit/", 1)[0]

    # 1 party
    page.get_by_label("案件名称").fill("明澜公司特种作业人员未持证上岗案")
    page.get_by_label("案由").fill("特种作业人员未持证上岗")
    page.get_by_label("统一社会信用代码（单位）").fill("91330105MA2H7K3Q06")
    page.get_by_label("地址或住址").fill("杭州市拱墅区示例工业园区7号")
    page.get_by_label("法定代表人（负责人）（单位）").fill("陈立新")
    page.locator("#f-officer2-name").fill("周晓婷")
    page.locator("#f-officer2-cert_no").fill("33010521002")
    # the live preview follows unsaved edits
    page.locator("#preview-form").select_option("inspection_record")
    page.get_by_label("地址或住址").fill("杭州市拱墅区示例工业园区8号")
    sync_api.expect(page.locator("#preview-doc")).to_contain_text("示例工业园区8号")
    shot(page, "1-party")
    page.get_by_role("button", name="保存并下一步").click()
    page.wait_for_url(f"{case_url}/edit/facts")

    # 2 facts
    page.get_by_label("检查场所").fill("二号车间")
    page.get_by_label("开始时间").fill(days(-20) + "T09:30")
    page.get_by_label("结束时间").fill(days(-20) + "T11:20")
    page.locator("#f-hazards").fill("[立即]二号车间2名焊接作业人员未取得特种作业操作证上岗作业")
    page.get_by_label("整改期限").fill(days(-10))
    page.get_by_label("检查日期").fill(days(-20))
    page.get_by_label("责令整改日期").fill(days(-20))
    page.get_by_label("立案日期").fill(days(-19))
    page.locator("#f-summary").fill("检查发现2名焊接作业人员无证上岗。")
    page.locator("#f-evidence").fill("现场检查记录｜现场检查情况｜2\n询问笔录｜焊工陈述｜4")
    page.get_by_role("button", name="保存并下一步").click()
    page.wait_for_url(f"{case_url}/edit/violations")

    # 3 violations found by search (live results from the handbook API)
    page.locator("#catalogue-q").fill("电焊 无证")
    page.locator("#catalogue-results").get_by_role("button", name=re.compile("添加.*焊接")).first.click()
    page.wait_for_url(f"{case_url}/edit/violations")
    fact = page.locator("#f-v0-fact")
    assert "〔待填：" in fact.input_value()
    fact.fill("你单位在二号车间安排未取得特种作业操作证（焊接与热切割作业）的员工赵志强、钱永福从事焊接作业。")
    shot(page, "3-violations")
    page.get_by_role("button", name="保存并下一步").click()
    page.wait_for_url(f"{case_url}/edit/penalty")

    # 4 penalty with the discretion calculator
    page.get_by_label(re.compile("涉及2至3名无证人员")).check()
    page.get_by_role("button", name="裁量计算").click()
    # the unit adopted no 裁量基准: the handbook's example levels are shown but cannot be copied into the decision
    sync_api.expect(page.locator(".calc-example")).to_be_visible()
    assert page.get_by_role("button", name="采用裁量理由").count() == 0
    assert page.locator("#f-v0-level").input_value() == ""
    page.locator("#f-v0-discretion_reason").fill("鉴于该违法行为涉及2名无证人员，且你单位在责令整改期限内已整改完毕")
    page.locator("#f-v0-fine").fill("40000")
    page.get_by_label("告知日期").fill(days(-5))
    page.get_by_label("已告知听证权利（行政处罚听证告知书）").uncheck()
    page.get_by_label("当事人明确放弃陈述申辩").check()
    page.get_by_label("决定日期").fill(days(1))
    page.get_by_label("缴款银行").fill("中国工商银行杭州示例支行")
    page.get_by_label("账号").fill("1202000000000000000")
    page.locator("#f-unit-address").fill("杭州市拱墅区示范路88号")
    page.locator("#f-unit-phone").fill("0571-80000000")
    page.locator("#preview-form").select_option("decision_org")
    sync_api.expect(page.locator("#preview-doc")).to_contain_text("肆万元整")
    shot(page, "4-penalty")
    page.get_by_role("button", name="保存并下一步").click()
    page.wait_for_url(f"{case_url}/edit/records")

    # 5 文书内容: the interview record's questions and answers, typed in the browser (no JSON)
    sync_api.expect(page.locator("#section-interview_record")).to_be_visible()
    page.get_by_label("询问开始时间").first.fill("2026-03-02T09:00")
    page.get_by_label("询问结束时间").first.fill("2026-03-02T09:40")
    page.get_by_label("询问地点").first.fill("本局询问室")
    page.get_by_label("姓名").first.fill("王某某")
    page.get_by_label("问", exact=True).first.fill("你单位焊接作业人员是否取得特种作业操作证？")
    page.get_by_label("答", exact=True).first.fill("没有取得。")
    shot(page, "5-records")
    page.get_by_role("button", name="保存并下一步").click()
    page.wait_for_url(f"{case_url}/edit/documents")
    sync_api.expect(page.locator("table.documents tr", has_text="询问笔录")).to_be_visible()

    # 5 documents: generate the inspection record, then submit for review
    page.goto(case_url)
    row = page.locator("table.documents tr", has_text="现场检查记录")
    row.get_by_role("button", name=re.compile("生成")).click()
    assert "已生成现场检查记录" in page.locator(".flashes").inner_text()
    page.get_by_role("button", name="提交法制审核").click()
    assert "待法制审核" in page.locator(".status").inner_text()
    assert page.problems == [], page.problems
    ctx.close()

    # the reviewer approves
    ctx, page = new_page(browser)
    login(page, base, "reviewer")
    page.goto(case_url)
    page.get_by_label("法制审核意见").fill("事实清楚，证据确凿，适用依据正确，同意。")
    page.get_by_role("button", name="法制审核通过").click()
    assert "审核通过" in page.locator(".status").inner_text()
    assert page.problems == [], page.problems
    ctx.close()

    # the officer issues the decision after confirming the warnings, then downloads it
    ctx, page = new_page(browser)
    login(page, base, "officer")
    page.goto(case_url)
    page.locator("table.documents tr", has_text="行政处罚决定书（单位）").get_by_role("button", name=re.compile("生成")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "行政处罚决定书（单位）未生成"
    errors = page.locator(".issues-errors")
    assert errors.count() == 0, errors.inner_text()
    boxes = page.locator('input[name="confirm"][type="checkbox"]')
    assert boxes.count() >= 1
    for i in range(boxes.count()):
        boxes.nth(i).check()
    shot(page, "5-confirm")
    page.get_by_role("button", name="确认并生成").click()
    assert "文书编号 （杭拱）应急罚〔" + days(1)[:4] + "〕1号" in page.locator(".flashes").inner_text()
    assert "已作出决定" in page.locator(".status").inner_text()
    with page.expect_download() as info:
        page.locator("table.documents tr", has_text="行政处罚决定书（单位）").get_by_role("link", name=re.compile("下载")).click()
    data = open(info.value.path(), "rb").read()
    from docx import Document
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "杭州明澜五金制品有限公司" in text and "罚款人民币肆万元整（¥40,000.00）" in text
    shot(page, "6-issued")
    assert page.problems == [], page.problems
    ctx.close()
