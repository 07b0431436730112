"""Issue 16.10: questions on 特种设备 (特种设备安全法: 叉车、行车、锅炉… and their 作业人员) are not filed under 特种作业
(安全生产法第三十条: 特种作业人员). Which regime a question is about is read from the statute texts it cites."""

from __future__ import annotations

from webapp.services.study.units import parse_unit

from .conftest import AS_OF

REGIMES = ("特种作业", "特种设备")


def cited_texts(lib, q) -> list[str]:
    texts = []
    for ref in q.refs:
        view = lib.get(ref, AS_OF)
        assert view is not None, (q.id, str(ref))
        texts.append(view.article.text())
    return texts


def regime_by_text(texts: list[str]) -> str | None:
    """The regime every cited article names, and only that one (None: mixed, or neither)."""
    named = {r for r in REGIMES if texts and all(r in t for t in texts) and not any(o in t for t in texts
                                                                                   for o in REGIMES if o != r)}
    return named.pop() if len(named) == 1 else None


def test_every_question_is_filed_under_the_regime_its_statutes_name(bank, lib):
    checked = {r: 0 for r in REGIMES}
    for q in bank.questions:
        if not q.refs:
            continue
        texts = cited_texts(lib, q)
        regime = regime_by_text(texts)
        if regime:
            checked[regime] += 1
            assert q.topic not in REGIMES or q.topic == regime, (q.id, q.topic, regime, q.stem)
        if q.topic == "特种设备":
            assert any("特种设备" in t for t in texts), (q.id, q.stem)
    # the bank has questions on both regimes (authored in u07, generated from the articles the units cite)
    assert checked["特种设备"] >= 3 and checked["特种作业"] >= 3, checked


def test_special_equipment_questions_have_their_own_topic(bank):
    u07 = [q for q in bank.authored if q.unit == "u07"]
    equipment = [q for q in u07 if q.laws == ("特种设备安全法",)]
    assert equipment and {q.topic for q in equipment} == {"特种设备"}
    assert "特种设备" in bank.topics()


def test_law_topics_must_name_a_unit_law(tmp_path):
    body = "正文" * 800
    head = 'id = "u09"\ntitle = "t"\ntopic = "特种作业"\nlaws = ["安全生产法"]\n'
    path = tmp_path / "x.md"
    path.write_text(f'---\n{head}law_topics = {{ "特种设备安全法" = "特种设备" }}\n---\n{body}\n', encoding="utf-8")
    unit, probs = parse_unit(path)
    assert unit is None and "law_topics 中的法规不在 laws 中：特种设备安全法" in str(probs[0])
    path.write_text(f'---\n{head}law_topics = {{ "安全生产法" = "安全" }}\n---\n{body}\n', encoding="utf-8")
    unit, probs = parse_unit(path)
    assert unit is not None and unit.topic_of(["安全生产法"]) == "安全" and unit.topic_of(["刑法"]) == "特种作业"
    assert unit.topic_of(["安全生产法", "刑法"]) == "特种作业"
