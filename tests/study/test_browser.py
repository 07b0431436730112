"""Browser test of study mode: a trainee reads a unit, practises, and sits a full mock exam (50 questions,
answers saved as they go, submit, result, history chart), in Debian's chromium through Playwright.

Skipped, with the reason, when playwright or /usr/bin/chromium is missing (never `playwright install`)."""

from __future__ import annotations

import pytest

from tests.browser_support import serve, shot  # noqa: F401  (fixtures, helpers)
from tests.browser_support import login as _login
from tests.web.conftest import build_world

from .webworld import make_study_app

pytestmark = pytest.mark.browser


def login(page, base, username):
    _login(page, base, username, home=True)


@pytest.fixture(scope="module")
def live(settings, tmp_path_factory):
    app = make_study_app(settings, tmp_path_factory.mktemp("study-browser") / "app.sqlite3", TESTING=False)
    world = build_world(app)
    with serve(app) as base:
        yield base, world, app


def bank(app):
    return app.extensions["lawdesk_study"]["service"].bank()


def test_unit_and_practice(page, live):
    base, _world, app = live
    login(page, base, "trainee")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="学习").click()
    page.wait_for_url(f"{base}/study/")
    page.get_by_role("link", name="有限空间作业", exact=True).click()
    page.wait_for_url(f"{base}/study/units/u05")
    cite = page.locator("a.cite").first
    assert cite.get_attribute("href").startswith("/articles/") and "@" in cite.get_attribute("data-ref")
    shot(page, "study-unit")
    page.get_by_role("link", name="练习本单元").click()
    page.wait_for_selector("form.question")
    qid = page.locator("form.question").get_attribute("data-qid")
    q = bank(app).question(qid)
    for idx in q.answer:
        page.locator(f"form.question input[name=opt][value='{idx}']").check()
    page.get_by_role("button", name="提交答案").click()
    page.wait_for_selector(".feedback.right")
    assert "回答正确" in page.locator(".feedback").inner_text()
    assert page.locator(".feedback a.cite").count() >= 1
    shot(page, "study-practice")
    page.get_by_role("button", name="下一题").click()
    page.wait_for_selector("form.question:not([data-answered])")      # (wait_for_function would need eval: CSP)
    assert page.problems == [], page.problems


def test_full_mock_exam(page, live):
    base, _world, app = live
    login(page, base, "trainee_B")
    page.goto(f"{base}/study/exam")
    page.get_by_role("button", name="开始考试").click()
    page.wait_for_url(f"{base}/study/exams/*")
    exam_url = page.url
    questions = page.locator("fieldset.question")
    assert questions.count() == 50
    timer = page.locator("#exam-timer").inner_text()
    assert timer.startswith("59:") or timer.startswith("60:")
    b = bank(app)
    qids = [questions.nth(i).get_attribute("data-qid") for i in range(50)]

    def answer(i, right):
        q = b.question(qids[i])
        fs = questions.nth(i)
        if right:
            chosen = list(q.answer)
        else:
            chosen = [next(k for k in range(len(q.options)) if (k,) != q.answer)]
        for idx in chosen:
            fs.locator(f"input[value='{idx}']").check()

    # the first ten, then the page saves them; a reload keeps them
    for i in range(10):
        answer(i, right=True)
    page.locator("#exam-saved", has_text="已自动保存").wait_for()
    assert page.locator("#exam-answered").inner_text() == "已答 10/50"
    page.reload()
    assert page.url == exam_url
    assert page.locator("fieldset.question input:checked").count() >= 10
    # the rest: 30 more right, 10 wrong → 40/50 = 80 points
    for i in range(10, 50):
        answer(i, right=i < 40)
    assert page.locator("#exam-answered").inner_text() == "已答 50/50"
    shot(page, "study-exam")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="交卷").click()
    page.wait_for_selector("#exam-result")
    assert page.url == exam_url
    assert page.locator("#exam-score").inner_text() == "80.0"
    assert page.locator("#exam-verdict").inner_text() == "合格"
    assert page.locator(".review-list > li.wrong").count() == 10
    shot(page, "study-exam-result")
    # history and chart
    page.goto(f"{base}/study/progress")
    page.wait_for_selector("#score-chart svg circle")
    assert page.locator("#topic-chart svg rect.bar-rect").count() >= 5
    shot(page, "study-progress")
    assert page.problems == [], page.problems


def test_failed_exam_with_unanswered_questions(page, live):
    base, _world, app = live
    login(page, base, "officer")
    page.goto(f"{base}/study/exam")
    page.get_by_role("button", name="开始考试").click()
    page.wait_for_url(f"{base}/study/exams/*")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="交卷").click()
    page.wait_for_selector("#exam-result")
    assert page.locator("#exam-score").inner_text() == "0.0"
    assert page.locator("#exam-verdict").inner_text() == "不合格"
    assert page.problems == [], page.problems


# Where every question title sits, measured in the page: the legend's box against its fieldset's inner box
# (inside the border), and its rendered line count.
_TITLES_JS = r"""
() => Array.from(document.querySelectorAll("fieldset.question")).map(fs => {
  const lg = fs.querySelector("legend");
  const f = fs.getBoundingClientRect(), l = lg.getBoundingClientRect(), s = getComputedStyle(fs);
  const bt = parseFloat(s.borderTopWidth), bl = parseFloat(s.borderLeftWidth), br = parseFloat(s.borderRightWidth);
  const lh = parseFloat(getComputedStyle(lg).lineHeight);
  return {qid: fs.dataset.qid, lines: Math.round(l.height / lh),
          inside: l.top >= f.top + bt - 0.5 && l.left >= f.left + bl - 0.5 && l.right <= f.right - br + 0.5
                  && l.bottom <= f.bottom + 0.5};
})
"""


def test_long_exam_titles_stay_inside_their_box(browser, live):
    """Issue 16.10: a question title of two or more lines at tablet width (768×1024) lies inside its box, not
    across the box's top border (a fieldset's legend is drawn over the border by default)."""
    from tests.browser_support import open_page
    base, _world, _app = live
    ctx, page = open_page(browser, viewport={"width": 768, "height": 1024})
    try:
        login(page, base, "reviewer")
        page.goto(f"{base}/study/exam")
        page.get_by_role("button", name="开始考试").click()
        page.wait_for_url(f"{base}/study/exams/*")
        titles = page.evaluate(_TITLES_JS)
        assert len(titles) == 50
        assert any(t["lines"] >= 2 for t in titles), "no two-line title to measure"
        outside = [t for t in titles if not t["inside"]]
        assert not outside, outside
        shot(page, "study-exam-tablet")
    finally:
        ctx.close()
