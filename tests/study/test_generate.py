"""Generated questions: deterministic, one right answer each, plausible distractors from the same law."""

import re
from collections import Counter

from indexer.refs import Ref
from webapp.services.study.generate import BLANK, Generator, amount_value, format_amount, _range_bounds, AMOUNT_RE

from .conftest import AS_OF


def test_amount_formatting():
    assert amount_value("十", "万") == 100000 and amount_value("5000", None) == 5000
    assert format_amount(100000, False) == "十万元" and format_amount(100000, True) == "10万元"
    assert format_amount(5000, False) == "五千元"


def test_range_bounds():
    text = "处五万元以上十万元以下的罚款"
    m1, m2 = list(AMOUNT_RE.finditer(text))
    vo = lambda m: amount_value(m.group(1), m.group(2))   # noqa: E731
    assert _range_bounds(text, m1.start(), m1.end(), AMOUNT_RE, vo)[1] == 100000
    assert _range_bounds(text, m2.start(), m2.end(), AMOUNT_RE, vo)[0] == 50000


def test_generation_is_deterministic(lib, bank):
    again = Generator(lib, AS_OF, key_articles={"安全生产法/97"}).generate()
    again2 = Generator(lib, AS_OF, key_articles={"安全生产法/97"}).generate()
    assert [q.to_dict() for q in again] == [q.to_dict() for q in again2]
    assert len({q.id for q in bank.generated}) == len(bank.generated)


def test_generated_counts_and_kinds(bank):
    kinds = Counter(q.kind for q in bank.generated)
    assert kinds["cloze-amount"] > 100 and kinds["cloze-deadline"] > 50
    assert kinds["cloze-term"] > 20 and kinds["which-article"] > 50
    assert all(q.source == "generated" and q.type == "single" for q in bank.generated)


def _article(lib, dep):
    view = lib.get(Ref.parse(dep), AS_OF)
    assert view is not None, dep
    return view


def test_every_cloze_has_exactly_one_right_answer(lib, bank):
    for q in bank.generated:
        if not q.kind.startswith("cloze"):
            continue
        n = 4 if q.kind != "cloze-term" else len(q.options)
        assert n >= 3 and len(q.options) == n and len(set(q.options)) == n, q.id
        assert len(q.deps) == 1 and "@" in q.deps[0]
        text = _article(lib, q.deps[0]).article.text()
        clause = q.stem.split("，", 1)[1]
        assert clause.count(BLANK) == 1, q.id
        right = q.options[q.answer[0]]
        assert clause.replace(BLANK, right).rstrip("。；：，") in text, (q.id, q.stem)
        for i, o in enumerate(q.options):
            if i != q.answer[0]:
                assert clause.replace(BLANK, o).rstrip("。；：，") not in text, (q.id, o)


def test_amount_distractors_come_from_the_same_law_and_respect_ranges(lib, bank):
    for q in bank.generated:
        if q.kind != "cloze-amount":
            continue
        law_key = Ref.parse(q.deps[0]).law
        version = lib.store.version_on(law_key, AS_OF)
        law_vals = {amount_value(m.group(1), m.group(2)) for a in lib.store.articles(version)
                    for m in AMOUNT_RE.finditer(a.text())}
        values = [amount_value(*AMOUNT_RE.fullmatch(o).groups()) for o in q.options]
        assert set(values) <= law_vals, (q.id, q.options)
        clause = q.stem.split("，", 1)[1]
        after = clause.split(BLANK, 1)[1]
        m = re.match(r"以上(.+?元)以下", after)
        if m and AMOUNT_RE.fullmatch(m.group(1)):
            upper = amount_value(*AMOUNT_RE.fullmatch(m.group(1)).groups())
            assert all(v < upper for v in values), (q.id, q.options)


def test_which_article_items(lib, bank):
    items = [q for q in bank.generated if q.kind == "which-article"]
    for q in items[:200]:
        seg = re.search(r"“(.+)”", q.stem).group(1)
        view = _article(lib, q.deps[0])
        assert q.options[q.answer[0]] == view.article.label
        assert seg in view.article.text().replace("\n", "")
        version = view.version
        for i, label in enumerate(q.options):
            if i == q.answer[0]:
                continue
            others = [a for a in lib.store.articles(version) if a.label == label]
            assert len(others) == 1 and seg not in others[0].text(), (q.id, label)


def test_topics_follow_the_units(bank):
    q = next(q for q in bank.generated if q.deps[0].startswith("安全生产法@2021-09-01/97") and q.kind == "cloze-amount")
    assert q.topic != "法条综合" and q.unit


def test_criminal_law_only_its_safety_chapter(lib, bank):
    for q in bank.generated:
        if q.law == "刑法":
            view = _article(lib, q.deps[0])
            assert any("危害公共安全罪" in h for h in view.article.headings) or q.unit, q.id
