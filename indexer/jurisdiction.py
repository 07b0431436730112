"""Where a unit enforces, and which local rules bind it there.

A 杭州市拱墅区 office applies national law, 浙江省's rules and 杭州市's; a 宁波市 rule binds 宁波, not 杭州, and a
河北省 rule nowhere near it. Search weighs local rules by this (indexer.search), and says for each local rule
where it applies. The library records a local rule's province (laws.region, from its folder or title); its
city, when it has one, is the 市 its title begins with."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .library import PROVINCES

_PROVINCE = re.compile(rf"^({'|'.join(sorted(PROVINCES, key=len, reverse=True))})(?:省|市|壮族自治区|回族自治区|"
                       r"维吾尔自治区|自治区|特别行政区)?")
_CITY = re.compile(r"^([\u4e00-\u9fff]{2,6}?(?:市|自治州|地区|盟))")
_DISTRICT = re.compile(r"^([\u4e00-\u9fff]{1,8}?(?:区|县|市|旗))")
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
_SUFFIX = {"内蒙古": "自治区", "广西": "壮族自治区", "西藏": "自治区", "宁夏": "回族自治区", "新疆": "维吾尔自治区",
           "香港": "特别行政区", "澳门": "特别行政区"}


def province_name(province: str) -> str:
    """浙江 → 浙江省, 上海 → 上海市, 广西 → 广西壮族自治区."""
    if province in MUNICIPALITIES:
        return province + "市"
    return province + _SUFFIX.get(province, "省")


class JurisdictionError(ValueError):
    code = "bad_jurisdiction"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Jurisdiction:
    province: str               # as the library names it: 浙江, 上海
    city: str = ""              # 杭州市 ("" when only the province is known; a municipality's city is itself)
    district: str = ""          # 拱墅区

    @classmethod
    def parse(cls, text: str | None) -> Jurisdiction | None:
        """浙江省杭州市拱墅区 / 浙江 杭州 / 上海市浦东新区 → a Jurisdiction; empty → None."""
        raw = re.sub(r"[\s,，/、]+", "", text or "")
        if not raw:
            return None
        m = _PROVINCE.match(raw)
        if not m:
            raise JurisdictionError(f"无法识别所在地区“{text}”：请以省（自治区、直辖市）开头，如 浙江省杭州市拱墅区")
        province, rest = m.group(1), raw[m.end():]
        if province in MUNICIPALITIES:
            city = province + "市"
        else:
            cm = _CITY.match(rest)
            city = cm.group(1) if cm else (rest + "市" if rest and len(rest) <= 4 and not rest.endswith(("区", "县")) else "")
            rest = rest[cm.end():] if cm else ("" if city else rest)
        dm = _DISTRICT.match(rest)
        return cls(province, city, dm.group(1) if dm else rest)

    @property
    def label(self) -> str:
        if self.province in MUNICIPALITIES:
            return self.province + "市" + self.district
        return province_name(self.province) + self.city + self.district

    def to_dict(self) -> dict:
        return {"province": self.province, "city": self.city, "district": self.district, "label": self.label}


def law_city(law_key: str, region: str | None) -> str:
    """The city a local rule's title begins with (宁波市城市燃气管理条例 → 宁波市); "" for a province's own
    rule (浙江省安全生产条例) and for national law. A municipality's rules are its city's."""
    if not region:
        return ""
    if region in MUNICIPALITIES:
        return region + "市"
    if law_key.startswith((region, f"中国（{region}）")):     # the province's own rule
        return ""
    m = _CITY.match(law_key)
    return m.group(1) if m else ""


def applies(law_key: str, region: str | None, where: Jurisdiction | None) -> str:
    """How a rule binds a unit at `where`: "national", "local" (its province or city), "other_city" (a
    city of the same province) or "elsewhere" (another province)."""
    if not region:
        return "national"
    if where is None:
        return "local"
    if region != where.province:
        return "elsewhere"
    city = law_city(law_key, region)
    if not city or not where.city or city == where.city:
        return "local"
    return "other_city"


def applies_label(law_key: str, region: str | None, where: Jurisdiction | None) -> str | None:
    """The words the result list shows beside a local rule: where it applies, and whether that is here."""
    if not region:
        return None
    city = law_city(law_key, region)
    place = city or province_name(region)
    kind = applies(law_key, region, where)
    if kind == "local":
        return f"地方性法规，适用于{place}" + ("（本地）" if where else "")
    return f"地方性法规，适用于{place}（非本地）"
