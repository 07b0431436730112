"""Penalty provisions parsed from the real statute texts, read against the text by hand.

Each case names a paragraph (dated ref) and what its text says: for each subject, the conditions and the
fine (yuan, or a ratio of a basis). `cond` is a word that must occur in one of the clause's conditions
(None = the clause has no condition: the sanction for the plain violation). Amounts are in yuan, written
the way the statute writes them in 万元 where it does."""

from __future__ import annotations

import pytest

from indexer import penalties as P

W = 10000   # 万元

# (ref, [(role, cond, unit, min, max, basis)], kinds that must be present, extra checks)
CASES = [
    # 安全生产法 (2021)
    ("安全生产法@2021-09-01/92/1", [("机构", None, "yuan", 3 * W, 10 * W, None)], {P.SUSPEND, P.FINE, P.CIVIL}),
    ("安全生产法@2021-09-01/92/2", [("机构", "违法所得在十万元以上", "ratio", 2, 5, "违法所得"),
                                  ("机构", "没有违法所得", "yuan", 10 * W, 20 * W, None),
                                  ("直接责任人员", None, "yuan", 5 * W, 10 * W, None)], {P.CONFISCATE, P.CRIMINAL}),
    ("安全生产法@2021-09-01/93/2", [("个人经营的投资人", "导致发生生产安全事故", "yuan", 2 * W, 20 * W, None)],
     {P.DISCIPLINE, P.CRIMINAL}),
    ("安全生产法@2021-09-01/94/1", [("主要负责人", None, "yuan", 2 * W, 5 * W, None),
                                  ("主要负责人", "逾期未改正", "yuan", 5 * W, 10 * W, None)], {P.CORRECT, P.SUSPEND}),
    ("安全生产法@2021-09-01/95/1", [("主要负责人", "发生一般事故", "ratio", 0.4, 0.4, "上一年年收入"),
                                  ("主要负责人", "发生较大事故", "ratio", 0.6, 0.6, "上一年年收入"),
                                  ("主要负责人", "发生重大事故", "ratio", 0.8, 0.8, "上一年年收入"),
                                  ("主要负责人", "发生特别重大事故", "ratio", 1.0, 1.0, "上一年年收入")], {P.FINE}),
    ("安全生产法@2021-09-01/96/1", [("其他负责人", None, "yuan", 1 * W, 3 * W, None),
                                  ("安全生产管理人员", None, "yuan", 1 * W, 3 * W, None),
                                  ("安全生产管理人员", "导致发生生产安全事故", "ratio", 0.2, 0.5, "上一年年收入")],
     {P.DETAIN_LICENCE, P.CRIMINAL}),
    ("安全生产法@2021-09-01/97/1", [("单位", None, "yuan", None, 10 * W, None),
                                  ("单位", "逾期未改正", "yuan", 10 * W, 20 * W, None),
                                  ("直接责任人员", "逾期未改正", "yuan", 2 * W, 5 * W, None)], {P.CORRECT, P.SUSPEND}),
    ("安全生产法@2021-09-01/98/1", [("单位", None, "yuan", 10 * W, 50 * W, None),
                                  ("直接责任人员", None, "yuan", 2 * W, 5 * W, None),
                                  ("单位", "逾期未改正", "yuan", 50 * W, 100 * W, None),
                                  ("直接责任人员", "逾期未改正", "yuan", 5 * W, 10 * W, None)], {P.STOP, P.SUSPEND}),
    ("安全生产法@2021-09-01/99/1", [("单位", None, "yuan", None, 5 * W, None),
                                  ("单位", "逾期未改正", "yuan", 5 * W, 20 * W, None),
                                  ("直接责任人员", "逾期未改正", "yuan", 1 * W, 2 * W, None)], {P.SUSPEND, P.CRIMINAL}),
    ("安全生产法@2021-09-01/101/1", [("单位", None, "yuan", None, 10 * W, None),
                                   ("单位", "逾期未改正", "yuan", 10 * W, 20 * W, None),
                                   ("直接责任人员", "逾期未改正", "yuan", 2 * W, 5 * W, None)], {P.SUSPEND}),
    ("安全生产法@2021-09-01/102/1", [("单位", None, "yuan", None, 5 * W, None),
                                   ("直接责任人员", "拒不执行", "yuan", 5 * W, 10 * W, None)], {P.CORRECT, P.SUSPEND}),
    ("安全生产法@2021-09-01/103/1", [("单位", "违法所得十万元以上", "ratio", 2, 5, "违法所得"),
                                   ("单位", "没有违法所得", "yuan", 10 * W, 20 * W, None),
                                   ("直接责任人员", None, "yuan", 1 * W, 2 * W, None)], {P.CONFISCATE}),
    ("安全生产法@2021-09-01/103/2", [("单位", None, "yuan", None, 5 * W, None),
                                   ("直接责任人员", None, "yuan", None, 1 * W, None)], {P.SUSPEND}),
    ("安全生产法@2021-09-01/104/1", [("单位", None, "yuan", None, 5 * W, None),
                                   ("直接责任人员", None, "yuan", None, 1 * W, None)], {P.SUSPEND}),
    ("安全生产法@2021-09-01/105/1", [("单位", None, "yuan", None, 5 * W, None),
                                   ("直接责任人员", None, "yuan", None, 1 * W, None)], {P.SUSPEND, P.CRIMINAL}),
    ("安全生产法@2021-09-01/106/1", [("主要负责人", None, "yuan", 2 * W, 10 * W, None),
                                   ("个人经营的投资人", None, "yuan", 2 * W, 10 * W, None)], {P.FINE}),
    ("安全生产法@2021-09-01/108/1", [("单位", "拒不改正", "yuan", 2 * W, 20 * W, None),
                                   # the persons' fine follows 拒不改正的 (the only base measure is 责令改正)
                                   ("直接责任人员", "拒不改正", "yuan", 1 * W, 2 * W, None)], {P.CORRECT}),
    ("安全生产法@2021-09-01/109/1", [("单位", None, "yuan", 5 * W, 10 * W, None),
                                   ("单位", "逾期未改正", "yuan", 10 * W, 20 * W, None)], {P.CORRECT}),
    ("安全生产法@2021-09-01/110/1", [("主要负责人", None, "ratio", 0.6, 1.0, "上一年年收入")],
     {P.DISCIPLINE, P.DETENTION, P.CRIMINAL}),
    ("安全生产法@2021-09-01/110/2", [("主要负责人", None, "ratio", 0.6, 1.0, "上一年年收入")], {P.REFERRAL}),
    ("安全生产法@2021-09-01/112/1", [], {P.DAILY}),
    ("安全生产法@2021-09-01/114/1", [("单位", "发生一般事故", "yuan", 30 * W, 100 * W, None),
                                   ("单位", "发生较大事故", "yuan", 100 * W, 200 * W, None),
                                   ("单位", "发生重大事故", "yuan", 200 * W, 1000 * W, None),
                                   ("单位", "发生特别重大事故", "yuan", 1000 * W, 2000 * W, None)], {P.FINE}),
    ("安全生产法@2021-09-01/114/2", [("单位", "情节特别严重", "ratio", 2, 5, "前款罚款数额")], {P.FINE}),
    # 危险化学品安全法 (2026)
    ("危险化学品安全法@2026-05-01/99/1", [("单位", None, "yuan", 10 * W, 50 * W, None),
                                       ("直接责任人员", None, "yuan", 2 * W, 5 * W, None),
                                       ("单位", "逾期未改正", "yuan", 50 * W, 100 * W, None),
                                       ("直接责任人员", "逾期未改正", "yuan", 5 * W, 10 * W, None)], {P.STOP, P.SUSPEND}),
    ("危险化学品安全法@2026-05-01/100/2", [("单位", None, "yuan", 10 * W, 50 * W, None)], {P.SUSPEND}),
    ("危险化学品安全法@2026-05-01/100/3", [("单位", None, "yuan", 10 * W, 50 * W, None)], {P.STOP, P.CONFISCATE}),
    ("危险化学品安全法@2026-05-01/101/1", [("单位", None, "yuan", None, 10 * W, None),
                                        ("单位", "逾期未改正", "yuan", 10 * W, 20 * W, None),
                                        ("直接责任人员", "逾期未改正", "yuan", 2 * W, 5 * W, None)], {P.SUSPEND}),
    ("危险化学品安全法@2026-05-01/103/1", [("单位", None, "yuan", 5 * W, 10 * W, None),
                                        ("单位", "逾期不改正", "yuan", 10 * W, 20 * W, None),
                                        ("直接责任人员", "逾期不改正", "yuan", 2 * W, 5 * W, None)],
     {P.SUSPEND, P.REVOKE}),
    ("危险化学品安全法@2026-05-01/104/1", [("单位", None, "yuan", 2 * W, 10 * W, None),
                                        ("单位", "逾期不改正", "yuan", 10 * W, 20 * W, None),
                                        ("直接责任人员", "逾期不改正", "yuan", 1 * W, 5 * W, None)], {P.CORRECT}),
    ("危险化学品安全法@2026-05-01/105/2", [("单位", None, "yuan", 2 * W, 10 * W, None),
                                        ("单位", "逾期不改正", "yuan", 10 * W, 20 * W, None)], {P.CORRECT}),
    ("危险化学品安全法@2026-05-01/106/1", [("单位", None, "yuan", 20 * W, 50 * W, None),
                                        ("直接责任人员", "逾期不改正", "yuan", 5 * W, 10 * W, None)],
     {P.SUSPEND, P.REVOKE}),
    ("危险化学品安全法@2026-05-01/107/1", [("单位", None, "yuan", 20 * W, 50 * W, None),
                                        ("直接责任人员", "逾期不改正", "yuan", 5 * W, 10 * W, None)],
     {P.CONFISCATE, P.SUSPEND, P.REVOKE}),
    ("危险化学品安全法@2026-05-01/109/1", [("单位", None, "yuan", 5 * W, 50 * W, None),
                                        ("直接责任人员", "逾期不改正", "yuan", 1 * W, 5 * W, None)], {P.SUSPEND}),
    # 消防法 (2021)
    ("消防法@2021-04-29/58/1", [("单位", None, "yuan", 3 * W, 30 * W, None)], {P.STOP, P.SUSPEND}),
    ("消防法@2021-04-29/58/3", [("单位", None, "yuan", None, 5000, None)], {P.CORRECT}),
    ("消防法@2021-04-29/60/1", [("单位", None, "yuan", 5000, 5 * W, None)], {P.CORRECT}),
    ("消防法@2021-04-29/60/2", [("个人", None, "yuan", None, 500, None)], {P.WARNING}),
    ("消防法@2021-04-29/61/1", [("单位", None, "yuan", 5000, 5 * W, None)], {P.SUSPEND}),
    ("消防法@2021-04-29/63/1", [("个人", None, "yuan", None, 500, None)], {P.WARNING, P.DETENTION}),
    ("消防法@2021-04-29/64/1", [("个人", None, "yuan", None, 500, None),
                              ("个人", "情节较轻", "yuan", None, 500, None)], {P.DETENTION, P.WARNING}),
    ("消防法@2021-04-29/65/2", [("单位", "逾期不改正", "yuan", 5000, 5 * W, None),
                              ("直接责任人员", "逾期不改正", "yuan", 500, 2000, None)], {P.SUSPEND}),
    ("消防法@2021-04-29/66/1", [("单位", "逾期不改正", "yuan", 1000, 5000, None)], {P.STOP}),
    ("消防法@2021-04-29/69/1", [("机构", None, "yuan", 5 * W, 10 * W, None),
                              ("直接责任人员", None, "yuan", 1 * W, 5 * W, None),
                              ("机构", "不按照国家标准", "yuan", None, 5 * W, None),
                              ("直接责任人员", "不按照国家标准", "yuan", None, 1 * W, None)], {P.CONFISCATE}),
    # 特种设备安全法 (2013)
    ("特种设备安全法@2014-01-01/76/1", [("单位", "逾期未改正", "yuan", 3 * W, 30 * W, None)], {P.CORRECT}),
    ("特种设备安全法@2014-01-01/83/1", [("单位", "逾期未改正", "yuan", 1 * W, 10 * W, None)], {P.STOP}),
    ("特种设备安全法@2014-01-01/84/1", [("单位", None, "yuan", 3 * W, 30 * W, None)], {P.STOP}),
    ("特种设备安全法@2014-01-01/85/1", [("单位", None, "yuan", 2 * W, 20 * W, None)], {P.REVOKE}),
    ("特种设备安全法@2014-01-01/88/1", [("单位", None, "yuan", 1 * W, 10 * W, None)], {P.STOP, P.CONFISCATE}),
    ("特种设备安全法@2014-01-01/89/1", [("单位", None, "yuan", 5 * W, 20 * W, None),
                                     ("主要负责人", None, "yuan", 1 * W, 5 * W, None)], {P.DISCIPLINE}),
    ("特种设备安全法@2014-01-01/93/1", [("机构", None, "yuan", 5 * W, 20 * W, None),
                                     ("直接责任人员", None, "yuan", 5000, 5 * W, None)], {P.REVOKE}),
    # 浙江省安全生产条例 (2022 revision, in force 2023-03-01)
    ("浙江省安全生产条例@2023-03-01/56/1", [("单位", None, "yuan", None, 10 * W, None),
                                         ("单位", "逾期未改正", "yuan", 10 * W, 20 * W, None),
                                         ("直接责任人员", "逾期未改正", "yuan", 2 * W, 5 * W, None)], {P.SUSPEND}),
    ("浙江省安全生产条例@2023-03-01/57/1", [("单位", None, "yuan", 2 * W, 10 * W, None),
                                         ("单位", "逾期未改正", "yuan", 10 * W, 20 * W, None),
                                         ("直接责任人员", "逾期未改正", "yuan", 2 * W, 5 * W, None)], {P.SUSPEND}),
    ("浙江省安全生产条例@2023-03-01/59/1", [("单位", None, "yuan", 5 * W, 10 * W, None)], {P.SUSPEND, P.REVOKE}),
    ("浙江省安全生产条例@2023-03-01/61/1", [("单位", "逾期未改正", "yuan", 2 * W, 10 * W, None),
                                         ("直接责任人员", "逾期未改正", "yuan", 1000, 5000, None)], {P.STOP, P.SUSPEND}),
    ("浙江省安全生产条例@2023-03-01/62/1", [("单位", None, "yuan", 5000, 2 * W, None),
                                         ("直接责任人员", None, "yuan", 1000, 5000, None),
                                         ("单位", "情节严重", "yuan", 2 * W, 5 * W, None),
                                         ("直接责任人员", "情节严重", "yuan", 5000, 2 * W, None)], {P.SUSPEND}),
    # regulations
    ("生产安全事故报告和调查处理条例@2007-06-01/35/1", [("主要负责人", None, "ratio", 0.4, 0.8, "上一年年收入")],
     {P.DISCIPLINE, P.CRIMINAL}),
    ("生产安全事故报告和调查处理条例@2007-06-01/36/1", [("单位", None, "yuan", 100 * W, 500 * W, None),
                                                 ("主要负责人", None, "ratio", 0.6, 1.0, "上一年年收入"),
                                                 ("直接责任人员", None, "ratio", 0.6, 1.0, "上一年年收入")],
     {P.PUBLIC_SECURITY, P.CRIMINAL}),
    ("生产安全事故报告和调查处理条例@2007-06-01/37/1", [("单位", "发生一般事故", "yuan", 10 * W, 20 * W, None),
                                                 ("单位", "发生较大事故", "yuan", 20 * W, 50 * W, None),
                                                 ("单位", "发生重大事故", "yuan", 50 * W, 200 * W, None),
                                                 ("单位", "发生特别重大事故", "yuan", 200 * W, 500 * W, None)], {P.FINE}),
    ("生产安全事故报告和调查处理条例@2007-06-01/38/1", [("主要负责人", "发生一般事故", "ratio", 0.3, 0.3, "上一年年收入"),
                                                 ("主要负责人", "发生较大事故", "ratio", 0.4, 0.4, "上一年年收入"),
                                                 ("主要负责人", "发生重大事故", "ratio", 0.6, 0.6, "上一年年收入"),
                                                 ("主要负责人", "发生特别重大事故", "ratio", 0.8, 0.8, "上一年年收入")],
     {P.DISCIPLINE, P.CRIMINAL}),
    ("生产安全事故应急条例@2019-04-01/32/1", [("单位", "逾期未改正", "yuan", 3 * W, 5 * W, None),
                                          ("直接责任人员", "逾期未改正", "yuan", 1 * W, 2 * W, None)], {P.CORRECT}),
    ("生产安全事故应急条例@2019-04-01/30/1", [], {P.REFERRAL}),
    ("安全生产许可证条例@2014-07-29/19/1", [("单位", None, "yuan", 10 * W, 50 * W, None)], {P.STOP, P.CONFISCATE}),
    ("安全生产许可证条例@2014-07-29/20/1", [("单位", None, "yuan", 5 * W, 10 * W, None),
                                         ("单位", "逾期仍不办理延期手续", "yuan", 10 * W, 50 * W, None)], {P.REFERRAL}),
    ("安全生产许可证条例@2014-07-29/21/1", [("单位", None, "yuan", 10 * W, 50 * W, None),
                                         ("单位", "接受转让", "yuan", 10 * W, 50 * W, None)], {P.REVOKE, P.CONFISCATE}),
    ("矿山安全法实施条例@1996-10-30/53/1", [("单位", None, "yuan", 5 * W, 10 * W, None)], {P.FINE}),
    ("杭州市燃气管理条例@2022-01-01/43/1", [("单位", "逾期不改正", "yuan", 1 * W, 10 * W, None),
                                         ("个人", "逾期不改正", "yuan", 500, 1000, None)], {P.CORRECT}),
    ("杭州市燃气管理条例@2022-01-01/43/3", [("单位", None, "yuan", 500, 5000, None),
                                         ("个人", None, "yuan", 50, 500, None)], {P.CORRECT}),
    ("使用有毒物品作业场所劳动保护条例@2002-05-12/58/1", [("单位", None, "yuan", 10 * W, 50 * W, None)],
     {P.WARNING, P.CLOSE, P.CRIMINAL}),
    ("使用有毒物品作业场所劳动保护条例@2002-05-12/66/1", [("单位", None, "yuan", 5000, 2 * W, None)], {P.WARNING}),
]


def _find(lib, ref):
    p = P.provision(lib, ref, as_of="2026-11-28")
    assert p is not None, f"{ref}: no provision parsed"
    assert p.ref == ref, (p.ref, ref)
    return p


@pytest.mark.parametrize("ref,fines,kinds", CASES, ids=[c[0] for c in CASES])
def test_provision(lib, ref, fines, kinds):
    p = _find(lib, ref)
    assert p.status in ("parsed", "partial", "referral"), p.status
    got_kinds = {s.kind for c in p.clauses for s in c.sanctions}
    assert kinds <= got_kinds, f"{ref}: kinds {got_kinds} lack {kinds - got_kinds}"
    for role, cond, unit, lo, hi, basis in fines:
        candidates = []
        for c in p.clauses_for(role):
            if cond is None and any(x not in p.conditions for x in c.conditions):
                continue
            if cond is not None and not any(cond in x for x in c.conditions):
                continue
            candidates += [f for f in c.fines if f.unit == unit]
        found = [f for f in candidates if f.min == lo and f.max == hi and (basis is None or (f.basis and basis in f.basis))]
        assert found, f"{ref}: no {unit} fine {lo}–{hi} for {role} under {cond!r}; have {[(f.min, f.max, f.basis) for f in candidates]}"


def test_case_count():
    assert len(CASES) >= 50


def test_no_fine_for_a_subject_the_paragraph_does_not_fine(lib):
    # 安全生产法 第九十七条 fines the directly responsible persons only when the unit has not corrected
    p = _find(lib, "安全生产法@2021-09-01/97/1")
    assert all(c.conditions for c in p.clauses_for("直接责任人员"))
    # 第一百零五条 has no escalated fine, only 责令停产停业整顿 when not corrected
    p = _find(lib, "安全生产法@2021-09-01/105/1")
    assert not [f for c in p.clauses if c.conditions for f in c.fines]


def test_behaviours_are_the_items(lib):
    p = _find(lib, "安全生产法@2021-09-01/99/1")
    assert len(p.behaviours) == 8
    assert p.behaviours[1].ref == "安全生产法@2021-09-01/99/1/2"
    assert p.behaviours[1].text.startswith("安全设备的安装、使用、检测、改造和报废不符合")
    assert p.subject == "生产经营单位" and p.roles == ("单位",)
    p = _find(lib, "危险化学品安全法@2026-05-01/101/1")
    assert len(p.behaviours) == 17


def test_behaviours_of_a_paragraph_that_refers_to_items_of_the_previous_one(lib):
    p = _find(lib, "消防法@2021-04-29/60/2")    # 个人有前款第二项、第三项、第四项、第五项行为之一的
    assert [b.ref for b in p.behaviours] == [f"消防法@2021-04-29/60/1/{i}" for i in (2, 3, 4, 5)]
    assert p.roles == ("个人",)
    ws = [s for c in p.clauses for s in c.sanctions]
    assert ws[0].kind == P.WARNING and ws[1].kind == P.FINE and ws[1].mode == "or"


def test_violated_articles_named_in_the_trigger(lib):
    p = _find(lib, "浙江省安全生产条例@2023-03-01/57/1")
    assert p.violated == ["浙江省安全生产条例/21/1/1", "浙江省安全生产条例/21/1/4", "浙江省安全生产条例/21/1/5"]
    p = _find(lib, "杭州市燃气管理条例@2022-01-01/43/1")
    assert p.violated == ["杭州市燃气管理条例/27/1/3", "杭州市燃气管理条例/27/1/6", "杭州市燃气管理条例/27/1/7"]
    p = _find(lib, "浙江省安全生产条例@2023-03-01/62/1")
    assert p.violated == [f"浙江省安全生产条例/40/2/{i}" for i in (3, 4, 5, 6)]


def test_conditions_and_modes(lib):
    p = _find(lib, "安全生产法@2021-09-01/99/1")
    serious = [c for c in p.clauses if any("情节严重" in x for x in c.conditions)]
    assert serious and serious[0].kinds() == [P.SUSPEND]
    crime = [c for c in p.clauses if any("构成犯罪" in x for x in c.conditions)]
    assert crime and crime[0].kinds() == [P.CRIMINAL]
    assert "逾期未改正" in {t for c in p.clauses for t in c.condition_types}
    p = _find(lib, "安全生产法@2021-09-01/103/1")
    alone = [s for c in p.clauses for s in c.sanctions if s.kind == P.FINE and s.mode == "alone_or_with"]
    assert alone and alone[0].fine.min == 10 * W
    p = _find(lib, "危险化学品安全法@2026-05-01/101/1")
    base = [s for c in p.clauses if not c.conditions for s in c.sanctions if s.kind == P.FINE]
    assert base[0].mode == "may"           # 可以处十万元以下的罚款


def test_authority_and_subject_switch(lib):
    p = _find(lib, "危险化学品安全法@2026-05-01/104/1")
    assert p.authority == "公安机关"
    p = _find(lib, "安全生产法@2021-09-01/94/1")
    units = p.clauses_for("单位")
    assert any(P.SUSPEND in c.kinds() and c.roles == ("单位",) for c in units)   # 责令生产经营单位停产停业整顿
    p = _find(lib, "安全生产法@2021-09-01/113/1")
    assert any(P.DISQUALIFY in c.kinds() for c in p.clauses_for("主要负责人"))


def test_referral_is_resolved_within_the_article(lib):
    p = _find(lib, "危险化学品安全法@2026-05-01/101/2")   # 港口经营人 … 依照前款规定予以处理、处罚
    inherited = [c for c in p.clauses if c.inherited_from == "危险化学品安全法@2026-05-01/101/1"]
    assert inherited
    assert any(f.max == 10 * W for c in inherited for f in c.fines)
    p = _find(lib, "安全生产法@2021-09-01/100/1")         # 依照有关危险物品安全管理的法律、行政法规
    assert p.referrals and "危险物品安全管理" in p.referrals[0]


def test_procedural_paragraphs_are_not_provisions(lib):
    assert P.provision(lib, "安全生产法@2021-09-01/115/1") is None
    assert P.provision(lib, "浙江省安全生产条例@2023-03-01/63/1") is None


def test_criminal_law_is_out_of_scope(lib):
    v = lib.store.version_on("刑法", "2026-11-28")
    assert P.provisions_for_version(lib.store, v) == []


def test_parse_report_covers_the_collection(lib):
    rep = P.parse_report(lib, as_of="2026-11-28")
    assert rep.provisions >= 500
    assert not rep.resisted, rep.resisted
    assert len(rep.partial) <= 0.08 * rep.provisions
    assert rep.by_kind[P.FINE] >= 300
