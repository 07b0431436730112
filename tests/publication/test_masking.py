"""Issue 14.3: the public version of a decision masks every field that can hold personal data. The fields are
read from doc_templates/case.schema.json, so a field added to the case model fails here until it is classified;
each personal field gets a value of its own, which is also written into the facts, and the public version
(text and .docx) must not contain it."""

from __future__ import annotations

import copy
import io
import json
import zipfile

import pytest

from tests.drafting.conftest import ROOT
from webapp.services.drafting.ids import make_id_number
from webapp.services.drafting.model import Case
from webapp.services.errors import ServiceError
from webapp.services.publication import masking
from webapp.services.publication.public import public_docx, public_version

SCHEMA = json.loads((ROOT / "doc_templates" / "case.schema.json").read_text(encoding="utf-8"))


def leaves(node=SCHEMA, path="") -> list[tuple[str, str]]:
    """(path, type) of every leaf of the schema; list items as `[]`."""
    defs = SCHEMA["$defs"]
    if "$ref" in node:
        return leaves(defs[node["$ref"].rsplit("/", 1)[1]], path)
    if "allOf" in node:
        return leaves(node["allOf"][0], path)
    if "anyOf" in node:
        return leaves(next(x for x in node["anyOf"] if x.get("type") != "null"), path)
    if node.get("type") == "object" and "properties" in node:
        return [x for k, v in node["properties"].items() for x in leaves(v, f"{path}.{k}" if path else k)]
    if node.get("type") == "array":
        return leaves(node["items"], path + "[]")
    return [(path, node.get("type", "enum"))]


def test_every_field_of_the_schema_is_classified():
    paths = {p for p, _t in leaves()}
    classified = set(masking.PERSONAL) | masking.TEXT | masking.PUBLIC
    assert paths - classified == set(), "classify these fields in webapp/services/publication/masking.py"
    assert classified - paths == set(), "these classified fields are not in the case schema"
    assert not (set(masking.PERSONAL) & masking.TEXT) and not (set(masking.PERSONAL) & masking.PUBLIC)
    assert not (masking.TEXT & masking.PUBLIC)


# a value of the right shape for each kind; each path gets its own (index i)
SURNAMES = "禤亓佴厍钭逯闾郦鄢舜"


def marker(kind: str, i: int) -> object:
    if kind == "id":
        return make_id_number(f"33010219{70 + i % 30}0{1 + i % 9}1{i % 10}{100 + i:03d}"[:17])
    if kind == "phone":
        return f"1390000{1000 + i:04d}"
    if kind == "address":
        return f"测试省测试县第{i + 1}号住宅"
    if kind == "detail":
        return f"测试细节{i}号"
    return SURNAMES[i % len(SURNAMES)] + "晓" + "一二三四五六七八九十"[i % 10]


def _person_case(sample_data) -> dict:
    d = copy.deepcopy(sample_data)
    d["party"].update(kind="个人", name="禤一鸣", credit_code="", legal_rep="", legal_rep_title="",
                      id_number=make_id_number("33010519850101123"), employer="某公司", job_title="焊工", sex="男")
    d["numbers"] = {}
    return d


def _put(d: dict, path: str, value) -> bool:
    """Set every place `path` names in the case dict (False when the case has no such place)."""
    parts = path.split(".")
    objs = [d]
    for p in parts[:-1]:
        name = p.removesuffix("[]")
        nxt = []
        for o in objs:
            v = o.get(name)
            if v is None:
                continue
            nxt.extend(v if p.endswith("[]") else [v])
        objs = nxt
    last = parts[-1]
    for o in objs:
        o[last] = value
    return bool(objs)


@pytest.mark.parametrize("party", ["单位", "个人"])
def test_every_personal_field_is_masked(drafter, sample_data, party):
    d = copy.deepcopy(sample_data) if party == "单位" else _person_case(sample_data)
    d["statement"]["speaker"]["address"] = ""
    d["onsite"] = {"time": "2026-10-30T10:00", "place": "x", "collected": False, "receipt_no": ""}
    d["hearing"]["record"] = [{"speaker": "x", "text": "x"}]
    d["preservation"] = {"reason": "证据可能灭失"}
    planted = {}
    for i, (path, kind) in enumerate(masking.PERSONAL.items()):
        if kind.startswith("person:") and party == "单位":
            continue
        kind = kind.removeprefix("person:")
        if path.endswith(".age"):
            continue                  # a number; checked below through the age it would print
        value = marker(kind if kind != "names" else "name", i)
        assert _put(d, path, value), path
        planted[path] = value
    # each name, number and address also written into the facts, where a person may well be named (sex,
    # employer and job are hidden where a field prints them; on their own in a sentence they identify nobody)
    identifying = [v for p, v in planted.items() if masking.PERSONAL[p].removeprefix("person:") != "detail"]
    d["violations"][0]["fact"] += "。" + "、".join(str(v) for v in identifying)
    case = Case.from_dict(d)
    version = public_version(drafter, case)
    text = "\n".join(version.lines())
    xml = zipfile.ZipFile(io.BytesIO(public_docx(drafter, case, version))).read("word/document.xml").decode()
    for path, value in planted.items():
        assert str(value) not in text, (path, value)
        assert str(value) not in xml, (path, value)
    assert masking.HIDDEN in text and "本文书为公开版本" in text
    if party == "个人":
        # the party penalised keeps the name (第七条第（一）项 hides only other natural persons' names); the age
        # the ID number would give is not printed either
        assert "被处罚人：禤一鸣　　性别：（已隐去）　　年龄：\n" in text + "\n"
    else:
        assert "被处罚单位：杭州明澜五金制品有限公司" in text and "91330105MA2H7K3Q06" in text


def test_free_text_loses_id_and_phone_numbers_and_added_names(drafter, sample):
    sample.violations[0].fact += "，经核实其身份证号330105197803123019，电话13912345678、0571-88889999"
    v = public_version(drafter, sample)
    text = "\n".join(v.lines())
    assert "330105197803123019" not in text and "13912345678" not in text and "0571-88889999" not in text
    # 钱永福 is named only in the facts: offered as a hint, masked once the officer adds the name
    assert "钱永福" in text and "钱永福" in v.hints
    assert "赵志强" not in text and "赵某某" in text            # an interviewee: masked everywhere
    assert "陈立新" not in text and "陈某某" in text            # the 法定代表人
    assert "李明远" not in v.hints                              # an officer's name is public
    # the interviewees' employer (the party) and the 法定代表人's title are no one's personal data
    assert "被处罚单位：杭州明澜五金制品有限公司" in text and "职务：执行董事兼总经理" in text
    v2 = public_version(drafter, sample, ["钱永福"])
    assert "钱永福" not in "\n".join(v2.lines()) and "钱某某" in "\n".join(v2.lines()) and v2.hints == []


def test_mask_name():
    assert masking.mask_name("陈立新") == "陈某某" and masking.mask_name("孙丽") == "孙某"
    assert masking.mask_name("欧阳明") == "欧阳某"
    assert masking.names_in("孙丽（该公司安全管理员）、钱永福") == ["孙丽", "钱永福"]


def test_a_case_without_a_decision_date_has_no_public_version(drafter, sample):
    sample.dates.decision = ""
    with pytest.raises(ServiceError) as exc:
        public_version(drafter, sample)
    assert exc.value.code == "no_decision_date" and "决定日期" in exc.value.message
