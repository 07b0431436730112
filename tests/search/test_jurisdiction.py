"""The unit's place in search (issue 12.4): national law and the unit's own province and city lead, another
city's rules follow, other provinces' rules appear only when asked; each local rule says where it applies.
On the real core collection, which holds 浙江省 and 杭州市 rules and one 宁波市 rule."""
from __future__ import annotations

from urllib.parse import quote

import pytest
import sqlalchemy as sa

from indexer.jurisdiction import Jurisdiction, JurisdictionError, applies, applies_label, law_city
from tests.web.conftest import csrf_from

Q = "生产经营单位安全生产主体责任 全员安全生产责任制"
NINGBO = "宁波市生产经营单位安全生产主体责任规定"


@pytest.mark.parametrize("text, parsed, label", [
    ("浙江省杭州市拱墅区", ("浙江", "杭州市", "拱墅区"), "浙江省杭州市拱墅区"),
    ("浙江 杭州", ("浙江", "杭州市", ""), "浙江省杭州市"),
    ("上海市浦东新区", ("上海", "上海市", "浦东新区"), "上海市浦东新区"),
    ("广西壮族自治区南宁市青秀区", ("广西", "南宁市", "青秀区"), "广西壮族自治区南宁市青秀区"),
    ("浙江省", ("浙江", "", ""), "浙江省"),
])
def test_parse_a_place(text, parsed, label):
    where = Jurisdiction.parse(text)
    assert (where.province, where.city, where.district) == parsed and where.label == label


def test_an_unknown_place_is_refused_in_chinese():
    assert Jurisdiction.parse("") is None
    with pytest.raises(JurisdictionError) as err:
        Jurisdiction.parse("火星基地")
    assert "无法识别所在地区" in err.value.message


def test_which_rules_bind_where():
    hz = Jurisdiction.parse("浙江省杭州市拱墅区")
    assert law_city(NINGBO, "浙江") == "宁波市" and law_city("浙江省安全生产条例", "浙江") == ""
    assert law_city("中国（浙江）自由贸易试验区条例", "浙江") == ""
    assert applies("安全生产法", None, hz) == "national"
    assert applies("浙江省安全生产条例", "浙江", hz) == "local"
    assert applies("杭州市安全生产监督管理条例", "浙江", hz) == "local"
    assert applies(NINGBO, "浙江", hz) == "other_city"
    assert applies("上海市安全生产条例", "上海", hz) == "elsewhere"
    assert applies_label(NINGBO, "浙江", hz) == "地方性法规，适用于宁波市（非本地）"
    assert applies_label("浙江省安全生产条例", "浙江", hz) == "地方性法规，适用于浙江省（本地）"


def _laws(res):
    return [r["law_key"] for r in res["results"] if r.get("kind") == "article"]


def test_another_citys_rule_follows_what_binds_here(lib):
    plain = _laws(lib.search(Q, limit=10, as_of="2026-11-28"))
    hz = _laws(lib.search(Q, limit=10, as_of="2026-11-28", where=Jurisdiction.parse("浙江省杭州市拱墅区")))
    nb = _laws(lib.search(Q, limit=10, as_of="2026-11-28", where=Jurisdiction.parse("浙江省宁波市海曙区")))
    assert NINGBO in plain[:3]                         # without a place it ranks on its words alone
    assert NINGBO not in hz[:5] and "浙江省安全生产条例" in hz[:5]
    assert nb.index(NINGBO) < (hz.index(NINGBO) if NINGBO in hz else 99)


def test_other_provinces_rules_only_when_asked(lib):
    sh = Jurisdiction.parse("上海市浦东新区")
    hidden = lib.search(Q, limit=50, as_of="2026-11-28", where=sh)
    assert not any(r.get("region") == "浙江" for r in hidden["results"])
    shown = lib.search(Q, limit=50, as_of="2026-11-28", where=sh, elsewhere=True)
    rows = [r for r in shown["results"] if r.get("region") == "浙江"]
    assert rows and all(r["applies"].endswith("（非本地）") for r in rows)
    named = lib.search("浙江省安全生产条例 全员安全生产责任制", limit=10, as_of="2026-11-28", where=sh)
    assert "浙江省安全生产条例" in _laws(named)        # a law the query names is always searched


def test_unit_place_set_by_admin_drives_the_page_and_the_api(search_app, clients):
    from webapp import db
    with search_app.app_context(), db.begin() as conn:
        unit_id = conn.execute(sa.select(db.units.c.id).where(db.units.c.short_name == "杭拱")).scalar()
    admin = clients["admin"]
    form = admin.get(f"/admin/units/{unit_id}").get_data(as_text=True)
    assert "所在地区" in form
    bad = admin.post(f"/admin/units/{unit_id}", data={"name": "杭州市拱墅区应急管理局", "short_name": "杭拱",
                                                      "location": "火星基地", "csrf_token": csrf_from(form)})
    assert bad.status_code == 400 and "无法识别所在地区" in bad.get_data(as_text=True)
    try:
        with search_app.app_context(), db.begin() as conn:
            conn.execute(db.units.update().where(db.units.c.id == unit_id).values(location="浙江省杭州市拱墅区"))
        officer = clients["officer"]
        api = officer.get("/api/v1/search?limit=10&q=" + quote(Q)).get_json()
        assert NINGBO not in _laws(api)[:5]
        nb = officer.get("/api/v1/search?limit=10&where=" + quote("浙江省宁波市") + "&q=" + quote(Q)).get_json()
        assert NINGBO in _laws(nb)[:3]
        page = officer.get("/search/?q=" + quote(Q)).get_data(as_text=True)
        assert "按浙江省杭州市拱墅区检索" in page and "适用于浙江省（本地）" in page
        refused = officer.get("/api/v1/search?where=" + quote("火星基地") + "&q=x").get_json()
        assert refused["error"]["code"] == "bad_jurisdiction"
    finally:
        with search_app.app_context(), db.begin() as conn:
            conn.execute(db.units.update().where(db.units.c.id == unit_id).values(location=""))
