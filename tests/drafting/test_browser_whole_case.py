"""Issue 16: one general-procedure case run through the browser as an officer and a reviewer would, using only
what is on the screen (labels, buttons, links; no URLs typed past the login, no JSON): inspection →
rectification → recheck → filing → interview → notice → statement → legal review → decision → service →
closing, every document generated from the case page, then the whole case file (卷内目录 and every document)
downloaded and read back. Run at a desktop (1366×768) and a tablet (768×1024) size.

It replaces the earlier wizard walk-through (tests/drafting/test_browser_wizard.py): the live preview, the
〔待填：〕 placeholders and the example-only discretion levels are checked on the way. No script errors or CSP
violations on any page.

Dates are relative to today: the reviewer's approval is dated today, so the decision, its service, the payment
and the closing are today as well."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from tests.browser_support import library_app, open_page, serve, sync_api  # noqa: F401  (fixtures, helpers)
from tests.browser_support import login as _login
from tests.browser_support import shot as _shot
from tests.web.conftest import build_world

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1366, "height": 768}, "tablet": {"width": 768, "height": 1024}}
PARTY = "杭州启衡机械制造有限公司"


@pytest.fixture(scope="module")
def live(lib, tmp_path_factory):
    app = library_app(lib, tmp_path_factory.mktemp("whole-case"))
    world = build_world(app)
    with serve(app) as base:
        yield base, world


def day(n: int) -> str:
    return (dt.date.today() + dt.timedelta(days=n)).isoformat()


class Officer:
    """The steps a person takes on the case pages, each through visible controls."""

    def __init__(self, browser, base, username, size, name):
        self.ctx, self.page = open_page(browser, viewport=SIZES[size], accept_downloads=True)
        self.size, self.name = size, name
        _login(self.page, base, username, home=True)

    def shot(self, label):
        _shot(self.page, f"whole-{self.size}-{label}")

    def menu(self, name):
        p = self.page
        nav = p.get_by_role("navigation", name="主导航")
        if not nav.is_visible():
            p.get_by_role("button", name="菜单").click()        # the tablet header folds the menu
        nav.get_by_role("link", name=name).click()

    def open_case(self, title):
        p = self.page
        self.menu("案件文书")
        p.get_by_role("link", name=title).click()
        sync_api.expect(p.get_by_role("heading", level=1)).to_have_text(title)

    def step(self, name):
        """Open a wizard step from the case page's 编辑案件 and the step links."""
        p = self.page
        if "/edit/" not in p.url:
            p.get_by_role("link", name="编辑案件").click()
        p.get_by_role("link", name=re.compile(rf"\d\.\s*{name}")).click()
        p.wait_for_url(re.compile(r".*/edit/\w+$"))

    def next_step(self, shot: str, step: str):
        """保存并下一步 (after a screenshot of the step as filled) and wait for `step`."""
        self.shot(shot)
        self.page.get_by_role("button", name="保存并下一步").click()
        self.page.wait_for_url(re.compile(rf".*/edit/{step}$"))

    def save(self):
        p = self.page
        p.get_by_role("button", name="保存", exact=True).click()
        sync_api.expect(p.locator(".flashes")).to_contain_text("已保存")
        assert not p.locator(".issues-errors, .flash-error").count(), p.locator("main").inner_text()[:2000]

    def to_case_page(self):
        p = self.page
        p.get_by_role("link", name="返回案件").click()
        p.wait_for_url(re.compile(r".*/cases/\d+$"))

    def row(self, title):
        return self.page.locator("table.documents tr", has=self.page.locator("td", has_text=re.compile(rf"^{title}")))

    def generate(self, title, *, confirm=False):
        """生成 on the document's row; confirm the listed warnings when asked. Returns the flash text."""
        p = self.page
        row = self.row(title)
        assert row.count() == 1, (title, p.locator("table.documents").inner_text())
        row.get_by_role("button", name=re.compile("生成")).click()
        if confirm and p.locator('input[name="confirm"][type="checkbox"]').count():
            assert p.locator(".issues-errors").count() == 0, p.locator(".issues-errors").inner_text()
            boxes = p.locator('input[name="confirm"][type="checkbox"]')
            for i in range(boxes.count()):
                boxes.nth(i).check()
            p.get_by_role("button", name="确认并生成").click()
        flash = p.locator(".flashes").inner_text()
        assert f"已生成{title}" in flash, (title, flash, p.locator("main").inner_text()[:1500])
        return flash

    def close(self):
        assert self.page.problems == [], self.page.problems
        self.ctx.close()


def fill_in(scope, label, value):
    scope.get_by_label(label, exact=True).fill(value)


def fill_all(scope, values: dict[str, str]):
    """Type each value into the box its label names (exact label, within `scope`)."""
    for label, value in values.items():
        fill_in(scope, label, value)


def register_case(o: Officer, title: str):
    p = o.page
    o.menu("案件文书")
    p.get_by_role("link", name="新建案件").click()
    p.get_by_label("当事人名称或姓名").fill(PARTY)
    p.get_by_role("button", name="建立案件").click()
    p.wait_for_url(re.compile(r".*/cases/\d+/edit/party$"))

    # 1 当事人
    fill_all(p, {
        "案件名称": title,
        "案由": "特种作业人员未持证上岗",
        "统一社会信用代码（单位）": "91330105MA2H7K3Q06",
        "地址或住址": "杭州市拱墅区示例工业园区9号",
        "法定代表人（负责人）（单位）": "孙立行",
    })
    p.locator("#f-officer2-name").fill("周晓婷")
    p.locator("#f-officer2-cert_no").fill("33010521002")
    # the live preview follows unsaved edits
    p.locator("#preview-form").select_option("inspection_record")
    p.get_by_label("地址或住址").fill("杭州市拱墅区示例工业园区8号")
    sync_api.expect(p.locator("#preview-doc")).to_contain_text("示例工业园区8号")
    o.next_step("1-party", "facts")

    # 2 检查与事实: inspection, the rectification order with its deadline, recheck and filing dates
    fill_all(p, {
        "检查场所": "三号车间",
        "开始时间": day(-40) + "T09:30",
        "结束时间": day(-40) + "T11:00",
    })
    p.locator("#f-hazards").fill("[立即]三号车间1名焊接作业人员未取得特种作业操作证上岗作业")
    fill_all(p, {
        "整改期限": day(-33),
        "检查日期": day(-40),
        "责令整改日期": day(-40),
        "复查日期": day(-32),
        "立案日期": day(-39),
    })
    p.locator("#f-summary").fill("检查发现1名焊接作业人员未取得特种作业操作证上岗作业。")
    p.locator("#f-evidence").fill("现场检查记录｜现场检查情况｜2\n询问笔录｜焊工陈述｜3")
    o.next_step("2-facts", "violations")

    # 3 违法行为: found through the catalogue search, its fact written out
    p.locator("#catalogue-q").fill("电焊 无证")
    p.locator("#catalogue-results").get_by_role("button", name=re.compile("添加.*焊接")).first.click()
    p.wait_for_url(re.compile(r".*/edit/violations$"))
    assert "〔待填：" in p.locator("#f-v0-fact").input_value()     # what the officer still has to write
    p.locator("#f-v0-fact").fill("你单位在三号车间安排未取得特种作业操作证（焊接与热切割作业）的员工吴志远从事焊接作业。")
    o.next_step("3-violations", "penalty")

    # 4 处罚与程序: the discretion calculator (no 裁量基准 adopted: its level is an example), the fine,
    # the notice, a statement the party made and its review
    p.get_by_label(re.compile("涉及1名无证人员")).check()
    p.get_by_role("button", name="裁量计算").click()
    # the unit adopted no 裁量基准: the handbook's example levels are shown but cannot be copied into the decision
    sync_api.expect(p.locator(".calc-example")).to_be_visible()
    assert p.get_by_role("button", name="采用裁量理由").count() == 0
    assert p.locator("#f-v0-level").input_value() == ""
    p.locator("#f-v0-discretion_reason").fill("鉴于该违法行为涉及1名无证人员，且你单位在责令整改期限内已整改完毕")
    p.locator("#f-v0-fine").fill("20000")
    p.get_by_label("告知日期").fill(day(-20))
    p.get_by_label("已告知听证权利（行政处罚听证告知书）").uncheck()
    p.get_by_label("当事人提出陈述申辩").check()
    p.get_by_label("当事人明确放弃陈述申辩").uncheck()
    fill_all(p, {
        "陈述申辩日期": day(-17),
        "陈述申辩内容": "我单位已立即安排该员工停止作业并报名参加培训，请求从轻处罚。",
        "复核意见": "经复核，当事人提出的整改情况属实，已在裁量中考虑，其余理由不能成立。",
    })
    p.get_by_label("意见是否采纳").select_option(label="不予采纳")
    fill_all(p, {
        "决定日期": day(0),
        "缴款银行": "中国工商银行杭州示例支行",
        "账号": "1202000000000000000",
    })
    p.locator("#f-unit-address").fill("杭州市拱墅区示范路88号")
    p.locator("#f-unit-phone").fill("0571-80000000")
    p.locator("#preview-form").select_option("decision_org")
    sync_api.expect(p.locator("#preview-doc")).to_contain_text("贰万元整")
    o.next_step("4-penalty", "records")

    # 5 文书内容: recheck opinion, filing approval, interview, statement record, service of the notice
    s = p.locator("#section-recheck_opinion")
    fill_in(s, "复查意见", "经复查，该员工已停止焊接作业，你单位已安排其参加特种作业培训，隐患已整改。")
    s.get_by_label("复查合格").select_option(label="是")
    s = p.locator("#section-filing_approval")
    fill_all(s, {
        "承办人意见": "建议立案查处。",
        "审核意见": "同意立案。",
        "审核人": "李审核",
        "审批意见": "同意。",
        "审批人": "王局长",
    })
    s = p.locator("#section-interview_record")
    fill_all(s, {
        "询问开始时间": day(-35) + "T09:00",
        "询问结束时间": day(-35) + "T09:40",
        "询问地点": "本局询问室",
    })
    fill_in(s.locator("fieldset", has_text="被询问人").first, "姓名", "吴志远")
    fill_in(s, "问", "你是否取得特种作业操作证？")
    fill_in(s, "答", "没有取得，我是上个月进厂的。")
    s = p.locator("#section-statement_record")
    fill_all(s, {
        "陈述申辩开始时间": day(-17) + "T14:00",
        "陈述申辩结束时间": day(-17) + "T14:30",
        "地点": "本局会议室",
    })
    fill_in(s.locator("fieldset", has_text="陈述申辩人").first, "姓名", "孙立行")
    s = p.locator("#section-service_receipt")
    s.get_by_label("送达文书").select_option(label="行政处罚告知书")
    fill_all(s, {
        "送达日期": day(-20),
        "送达地点": "当事人经营场所",
        "受送达人或签收人": "孙立行",
    })
    o.shot("5-records")
    o.save()


def issue_before_review(o: Officer):
    for title in ("现场检查记录", "责令限期整改指令书", "整改复查意见书", "立案审批表", "询问笔录", "行政处罚告知书",
                  "陈述申辩笔录"):
        o.generate(title)
    p = o.page
    p.get_by_role("button", name="提交法制审核").click()
    sync_api.expect(p.locator(".status")).to_contain_text("待法制审核")


def review(o: Officer):
    p = o.page
    p.get_by_label("法制审核意见").fill("事实清楚，证据确凿，适用依据正确，程序合法，裁量适当，同意。")
    p.get_by_role("button", name="法制审核通过").click()
    sync_api.expect(p.locator(".status")).to_contain_text("审核通过")


def decide_serve_close(o: Officer):
    p = o.page
    for title in ("案件处理呈批表", "法制审核意见书"):
        o.generate(title)
    flash = o.generate("行政处罚决定书（单位）", confirm=True)
    assert re.search(r"文书编号 （杭拱）应急罚〔\d{4}〕\d+号", flash), flash
    sync_api.expect(p.locator(".status")).to_contain_text("已作出决定")

    # service of the decision, the payment and the closing, typed after the decision
    o.step("处罚与程序")
    p.get_by_label("决定书送达日期").fill(day(0))
    o.save()
    o.step("文书内容")
    s = p.locator("#section-service_receipt")
    new = s.locator("fieldset.blank")
    new.get_by_label("送达文书").select_option(label="行政处罚决定书（单位）")
    fill_all(new, {
        "送达日期": day(0),
        "送达地点": "本局办事大厅",
        "受送达人或签收人": "孙立行",
    })
    s = p.locator("#section-closing_approval")
    fill_all(s, {
        "结案日期": day(0),
        "处理结果": "给予罚款人民币贰万元整的行政处罚。",
        "执行情况": "当事人已全额缴纳罚款。",
        "缴款日期": day(0),
        "缴款票据号": "浙财缴0012345",
        "承办人意见": "已执行完毕，建议结案。",
        "审核意见": "同意结案。",
        "审核人": "李审核",
        "审批意见": "同意。",
        "审批人": "王局长",
    })
    o.shot("7-closing")
    o.save()
    o.to_case_page()
    o.generate("文书送达回执")            # one receipt lists every delivery
    o.generate("结案审批表", confirm=True)


def download_casefile(o: Officer) -> str:
    p = o.page
    p.get_by_role("button", name="生成整个案卷（含卷内目录）").click()
    boxes = p.locator('input[name="confirm"][type="checkbox"]')
    if boxes.count():
        assert p.locator(".issues-errors").count() == 0, p.locator(".issues-errors").inner_text()
        for i in range(boxes.count()):
            boxes.nth(i).check()
        p.get_by_role("button", name=re.compile("确认并生成")).click()
    sync_api.expect(p.locator(".flashes")).to_contain_text("已生成案卷")
    with p.expect_download() as info:
        p.get_by_role("link", name=re.compile(r"案卷.*\.docx")).first.click()
    from docx import Document
    doc = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([q.text for q in doc.paragraphs] + cells)


@pytest.mark.parametrize("size", list(SIZES))
def test_whole_general_procedure_case(browser, live, size):
    base, _world = live
    title = f"启衡公司特种作业人员未持证上岗案（{size}）"

    o = Officer(browser, base, "officer", size, "officer")
    register_case(o, title)
    o.to_case_page()
    issue_before_review(o)
    o.shot("6-submitted")
    o.close()

    r = Officer(browser, base, "reviewer", size, "reviewer")
    r.open_case(title)
    review(r)
    r.close()

    o = Officer(browser, base, "officer", size, "officer")
    o.open_case(title)
    decide_serve_close(o)
    o.shot("8-closed")
    text = download_casefile(o)
    o.close()

    assert "卷内目录" in text and PARTY in text
    for doc_title in ("现场检查记录", "责令限期整改指令书", "整改复查意见书", "立案审批表", "询问笔录", "行政处罚告知书",
                      "陈述申辩笔录", "案件处理呈批表", "法制审核意见书", "行政处罚决定书", "送达回执", "结案审批表"):
        assert doc_title in text, doc_title
    assert "罚款人民币贰万元整（¥20,000.00）" in text
    assert "案件移送书" not in text
