"""Laws that take over a regulation's subject: 危险化学品安全法 (in force 2026-05-01) over 危险化学品安全管理条例.

Derived from the titles (the subject stem) and levels of what the library holds, never from a list: the
citation checker and the drafting service both ask whether, on the act's date, a higher law on the same subject
was in force (the higher law prevails where they differ; 行政处罚法 第三十七条 for a change after the act)."""

from __future__ import annotations


def _stem(title: str, level: str) -> str | None:
    """The subject of a statute's title: 中华人民共和国危险化学品安全法 -> 危险化学品安全 (a 法律);
    危险化学品安全管理条例 -> 危险化学品安全 (a regulation). Implementing regulations (…法实施条例) and titles of
    other forms have no stem: they carry out a law rather than cover its subject on their own."""
    t = title.removeprefix("中华人民共和国")
    if level == "法律":
        return t[:-1] if t.endswith("法") and len(t) > 2 else None
    if t.endswith("实施条例"):
        return None
    for suffix in ("管理条例", "条例"):
        if t.endswith(suffix) and len(t) > len(suffix):
            return t[:-len(suffix)]
    return None


_STEMS: dict[int, dict] = {}


def _stems(lib) -> dict[str, list]:
    """stem -> laws and regulations of the library on that subject, built once per store."""
    key = id(lib.store)
    if key not in _STEMS:
        out: dict[str, list] = {}
        for law in lib.store.laws.values():
            s = _stem(law.title, law.level)
            if s:
                out.setdefault(s, []).append(law)
        _STEMS.clear()
        _STEMS[key] = out
    return _STEMS[key]


def superseding_law(lib, law, date: str):
    """(law, first version) of a 法律 on the subject of the regulation `law` that came into force after the
    regulation's text and was in force on `date` — e.g. 危险化学品安全法 (施行 2026-05-01, from its own text)
    over 危险化学品安全管理条例. The higher law prevails over the regulation where they differ."""
    s = _stem(law.title, law.level) if law.level != "法律" else None
    if not s:
        return None
    own = lib.store.version_on(law.key, date)
    for upper in _stems(lib).get(s, ()):
        versions = lib.store.versions(upper.key)
        if upper.level == "法律" and versions and lib.store.version_on(upper.key, date) \
                and (own is None or versions[0].effective_from > own.effective_from):
            return upper, versions[0]
    return None


def same_subject_lower(lib, law, date: str) -> list:
    """Regulations on the subject of the 法律 `law` in force on `date` (what applied before the law)."""
    s = _stem(law.title, law.level) if law.level == "法律" else None
    return [other for other in _stems(lib).get(s, ()) if other.level != "法律"
            and lib.store.version_on(other.key, date)] if s else []
