"""The case model: JSON round trip, strict reading, the published JSON schema."""

import copy
import json
from decimal import Decimal

import jsonschema_rs
import pytest

from webapp.services.drafting.model import Case, CaseFormatError, schema_json

from .conftest import ROOT, SAMPLE


def test_sample_loads(sample):
    assert sample.party.kind == "单位"
    assert len(sample.officers) == 2
    assert sample.total_fine == Decimal("55000.00")
    assert sample.violations[0].violated == ["安全生产法/30/1"]


def test_round_trip(sample_data):
    case = Case.from_dict(copy.deepcopy(sample_data))
    again = Case.from_json(case.to_json())
    assert again == case
    assert json.loads(case.to_json()) == Case.from_dict(json.loads(case.to_json())).to_dict()


def test_minimal_case_gets_defaults():
    case = Case.from_dict({"id": "x", "title": "t", "unit": {"name": "某局", "short_name": "某"},
                           "party": {"kind": "个人", "name": "张三"}, "officers": []})
    assert case.unit.number_format == "（{short}）应急{code}〔{year}〕{seq}号"
    assert case.procedure == "普通程序" and case.violations == [] and case.numbers == {}


@pytest.mark.parametrize("mutate,path,text", [
    (lambda d: d["party"].update(kindx="单位"), "party", "未知字段：kindx"),
    (lambda d: d["party"].update(kind="公司"), "party.kind", "取值应为"),
    (lambda d: d["dates"].update(decision="2026/10/30"), "dates.decision", "日期格式错误"),
    (lambda d: d["inspection"].update(start="2026-09-15 09:30"), "inspection.start", "YYYY-MM-DDTHH:MM"),
    (lambda d: d["violations"][0].update(fine="四万"), "violations[0].fine", "不是金额"),
    (lambda d: d["violations"][0].update(fine=-1), "violations[0].fine", "负数"),
    (lambda d: d["violations"][1].pop("basis"), "violations[1].basis", "缺少必填字段"),
    (lambda d: d.update(officers={"name": "x"}), "officers", "应为数组"),
    (lambda d: d.update(schema_version=2), "schema_version", "不支持的格式版本"),
    (lambda d: d["hearing"].update(notified="yes"), "hearing.notified", "true 或 false"),
])
def test_strict_errors_name_the_field(sample_data, mutate, path, text):
    d = copy.deepcopy(sample_data)
    mutate(d)
    with pytest.raises(CaseFormatError) as exc:
        Case.from_dict(d)
    assert exc.value.path == path
    assert text in str(exc.value)


def test_bad_json():
    with pytest.raises(CaseFormatError, match="不是有效的 JSON"):
        Case.from_json("{")


def test_published_schema_is_current():
    assert (ROOT / "doc_templates" / "case.schema.json").read_text(encoding="utf-8") == schema_json()


def test_sample_validates_against_schema(sample_data):
    validator = jsonschema_rs.validator_for(json.loads(schema_json()))
    assert list(validator.iter_errors(sample_data)) == []
    bad = copy.deepcopy(sample_data)
    bad["party"]["kind"] = "公司"
    bad["dates"]["decision"] = "30/10/2026"
    assert len(list(validator.iter_errors(bad))) == 2


def test_every_field_has_a_chinese_title():
    schema = json.loads(schema_json())

    def walk(node, where):
        for name, prop in node.get("properties", {}).items():
            assert prop.get("title"), f"{where}.{name} has no title"
    walk(schema, "Case")
    for name, d in schema["$defs"].items():
        walk(d, name)


def test_sample_is_documented_as_fictional():
    readme = (ROOT / "doc_templates" / "README.md").read_text(encoding="utf-8")
    assert "sample_case.json" in readme and "均为虚构" in readme
    assert SAMPLE.exists()
