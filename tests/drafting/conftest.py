"""Fixtures of the drafting tests: the sample case (doc_templates/sample_case.json), a Drafter on the session
library with numbers in memory and a fixed 'today', and helpers to derive variants of the sample case."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "doc_templates" / "sample_case.json"
TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="session")
def sample_data() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def sample(sample_data):
    from webapp.services.drafting.model import Case
    return Case.from_dict(copy.deepcopy(sample_data))


@pytest.fixture(scope="session")
def templates():
    from webapp.services.drafting.templates import load_templates
    return load_templates()


@pytest.fixture
def drafter(lib, templates):
    from webapp.services.drafting.numbering import MemoryNumberStore
    from webapp.services.drafting.service import Drafter
    return Drafter(lib, templates, MemoryNumberStore(), today=TODAY)


@pytest.fixture(scope="session")
def session_drafter(lib, templates):
    """One Drafter shared by read-only tests (its citation checker is built once)."""
    from webapp.services.drafting.numbering import MemoryNumberStore
    from webapp.services.drafting.service import Drafter
    return Drafter(lib, templates, MemoryNumberStore(), today=TODAY)


def person_case(data: dict) -> dict:
    """The sample turned into a case against an individual: the workshop head as the directly responsible
    person after the company failed to correct within the deadline (安全生产法第九十七条: 逾期未改正的 … 对其直接
    负责的主管人员 … 处二万元以上五万元以下的罚款), so the fine is a conditional one (a warning to confirm)."""
    from webapp.services.drafting.ids import make_id_number
    d = copy.deepcopy(data)
    d["id"] = "2026-GS-0138"
    d["party"] = {
        "kind": "个人", "name": "钱永福", "id_number": make_id_number("33010219850923301"),
        "address": "杭州市拱墅区示例街道5号", "postcode": "310011", "phone": "13800000004",
        "employer": "杭州明澜五金制品有限公司", "job_title": "二号车间主任",
    }
    d["title"] = "钱永福特种作业人员未持证上岗逾期未改正案"
    v = d["violations"][0]
    v.update(catalogue_id="", level="", fine=20000, other_measures=[],
             fact="你作为杭州明澜五金制品有限公司二号车间主任，于2026年9月15日安排未取得特种作业操作证的员工从事焊接作业；"
                  "该公司经责令限期改正，逾期未改正，你是直接负责的主管人员",
             discretion_reason="鉴于你在逾期未改正期间继续安排无证人员作业")
    d["violations"] = [v]
    d["deliveries"] = [x for x in d["deliveries"] if x["document"] != "decision_org"] + [
        {"document": "decision_person", "date": "2026-11-02", "place": "当事人住所", "method": "直接送达",
         "recipient": "钱永福"}]
    d["hearing"] = {"notified": True, "requested": False}
    d["transfer"] = None
    return d


def onsite_case(data: dict, kind: str = "单位", fine: int = 2000) -> dict:
    """A 简易程序 case decided on the spot. For an organisation: the hidden-hazard record violation with a fine
    inside 第五十一条's 3000 元. For an individual: smoking in a workshop with a fire and explosion risk (消防法
    第二十一条第一款, 第六十三条第（二）项: 警告或者五百元以下罚款); such penalties are decided by 消防救援机构
    (消防法第七十条), so that variant's unit is one."""
    d = copy.deepcopy(data)
    d["id"] = "2026-GS-0139"
    d["procedure"] = "简易程序"
    v = d["violations"][1]
    v.update(fine=fine, level="", catalogue_id="", discretion_reason="")
    if kind == "个人":
        d["party"] = person_case(data)["party"]
        d["party"]["name"] = "吴小军"
        d["unit"].update(name="杭州市拱墅区消防救援大队", short_name="杭拱消")
        v.update(name="在具有火灾、爆炸危险的场所吸烟", violated=["消防法/21/1"], basis=["消防法/63/1/2"],
                 fact="你于2026年9月15日在杭州明澜五金制品有限公司油漆仓库内吸烟，该仓库存放油漆、稀释剂等易燃物品")
    d["violations"] = [v]
    d["onsite"] = {"time": "2026-09-15T11:30", "place": "杭州明澜五金制品有限公司二号车间", "collected": False,
                   "receipt_no": ""}
    d["dates"].update({"filing": "", "notice": "", "notice_served": "", "statement": "", "review": "",
                       "decision": "2026-09-15", "service": "2026-09-15", "closing": ""})
    d["statement"] = {"made": False, "waived": False}
    d["hearing"] = {"notified": False}
    d["review"] = {}
    d["transfer"] = None
    d["interviews"] = []
    d["closing"] = {}
    d["filing_approval"] = {}
    d["deliveries"] = [{"document": "onsite_decision", "date": "2026-09-15", "place": "现场", "method": "直接送达",
                        "recipient": d["party"]["name"]}]
    return d


def case_from(data: dict):
    from webapp.services.drafting.model import Case
    return Case.from_dict(copy.deepcopy(data))


# ---- a small fictional statute with two versions (written at test time; it is not a real law), for 从旧兼从轻

CN = "一二三四五六"


def _article(n: int, text: str) -> str:
    return "第" + CN[n - 1] + "条 " + text


def _statute(version_date: str, effective: str, fines: tuple[str, str], duty_wording: str) -> str:
    y, m, d = (int(x) for x in version_date.split("-"))
    ey, em, ed = (int(x) for x in effective.split("-"))
    lines = [
        "# 示例市虚构安全条例", "", f"{y}年{m}月{d}日 示例市人民代表大会常务委员会通过", "<!-- INFO END -->",
        "## 第一章 总则",
        _article(1, "为了测试从旧兼从轻的处理，制定本条例。本条例是虚构的，不是真实的法规。"),
        _article(2, duty_wording),
        _article(3, "生产经营单位应当在示例场所设置示例标志。"),
        "## 第二章 法律责任",
        _article(4, f"违反本条例第二条规定的，责令限期改正，处{fines[0]}的罚款。"),
        _article(5, f"违反本条例第三条规定的，责令限期改正，处{fines[1]}的罚款。"),
        "## 第三章 附则",
        _article(6, f"本条例自{ey}年{em}月{ed}日起施行。"),
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def fiction_lib(tmp_path_factory):
    from indexer.build import build
    from indexer.config import Settings
    from indexer.service import LawLibrary

    root = tmp_path_factory.mktemp("fiction-library")
    folder = root / "extra"
    folder.mkdir()
    old = _statute("2020-01-10", "2020-03-01", ("一万元以上五万元以下", "五千元以上二万元以下"),
                   "生产经营单位应当如实记录示例台账。")
    new = _statute("2024-04-20", "2024-06-01", ("五千元以上三万元以下", "一万元以上五万元以下"),
                   "生产经营单位应当如实、完整记录示例台账，并保存三年。")
    (folder / "示例市虚构安全条例(2020-01-10).md").write_text(old, encoding="utf-8")
    (folder / "示例市虚构安全条例(2024-04-20).md").write_text(new, encoding="utf-8")
    (root / "core.txt").write_text("extra/示例市虚构安全条例(2020-01-10).md\nextra/示例市虚构安全条例(2024-04-20).md\n",
                                   encoding="utf-8")
    settings = Settings.resolve(library=root, data=tmp_path_factory.mktemp("fiction-data"))
    build(settings, scope="core")
    lib = LawLibrary(settings)
    assert [v.effective_from for v in lib.store.versions("示例市虚构安全条例")] == ["2020-03-01", "2024-06-01"]
    return lib


# ---- the sample cases of each procedure path (doc_templates/samples/, issue 15) and variants of them

SAMPLES_DIR = ROOT / "doc_templates" / "samples"
SAMPLE_NAMES = ("seizure", "hearing", "unpaid", "transfer")


def load_sample(name: str) -> dict:
    return json.loads((SAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def samples() -> dict[str, dict]:
    return {name: load_sample(name) for name in SAMPLE_NAMES}


def release_case(data: dict) -> dict:
    """The compulsory-measure sample with the goods released instead of confiscated (行政强制法第二十八条第一款第（三）项:
    the office has decided on the violation and no longer needs the seizure) and a fine alone."""
    d = copy.deepcopy(data)
    d["id"] = "2026-GS-0022"
    d["violations"][0].update(confiscation="")
    d["seizure"].update(outcome="解除", outcome_basis=["行政强制法/28/1/3"],
                        outcome_reason="本机关已对你单位的违法行为作出处理决定，扣押的烟花爆竹经检验为合格产品，已由有经营许可的企业依法回收，不再需要扣押")
    d["hearing"] = {"notified": False, "requested": False, "waived": False, "summary": ""}
    d["review"]["discussed"] = False
    d["deliveries"] = [x for x in d["deliveries"] if x["document"] != "hearing_notice"]
    return d


def deferral_case(data: dict) -> dict:
    """The unpaid-fine sample where the party asked to pay in two instalments and the office agreed (行政处罚法
    第六十六条第二款): no surcharge or enforcement yet."""
    d = copy.deepcopy(data)
    d["id"] = "2026-GS-0010"
    d["deferral"] = {"kind": "分期", "reason": "受订单减少影响，公司流动资金紧张，确有经济困难", "applied_on": "2026-01-27",
                     "approver": "王局长", "until": "",
                     "installments": [{"date": "2026-03-31", "amount": 10000}, {"date": "2026-06-30", "amount": 10000}]}
    d["dates"].update(deferral="2026-01-30", surcharge="", reminder="", reminder_served="", enforcement="")
    d["deliveries"] = [x for x in d["deliveries"] if x["document"] in ("rectification_order", "penalty_notice",
                                                                        "recheck_opinion", "decision_org")]
    d["deliveries"].append({"document": "deferral_approval", "date": "2026-01-30", "place": "当事人厂区",
                            "method": "直接送达", "recipient": "林海"})
    return d


def revocation_case(data: dict) -> dict:
    """The unpaid-fine sample filed and then revoked before any notice: the facts did not stand."""
    d = copy.deepcopy(data)
    d["id"] = "2026-GS-0011"
    d["status"] = "closed"
    d["revocation"] = {"reason": "经调查，当事人提供的事故隐患排查记录原件载明了车床防护罩缺失及整改情况，现场检查时查阅的是"
                                 "未更新的复印件，违法事实不能成立",
                       "approval": {"handler_opinion": "违法事实不能成立，建议撤销立案。", "check_opinion": "同意撤销立案。",
                                    "checker": "郑科长", "approve_opinion": "同意撤销立案。", "approver": "王局长"}}
    for k in ("notice", "notice_served", "review", "decision", "service", "surcharge", "reminder", "reminder_served",
              "enforcement"):
        d["dates"][k] = ""
    d["dates"].update(revocation="2026-01-15", closing="2026-01-16")
    d["review"] = {}
    d["closing"] = {"result": "违法事实不能成立，撤销立案", "execution": "无需执行",
                    "approval": {"handler_opinion": "已撤销立案，建议结案。", "check_opinion": "同意结案。", "checker": "郑科长",
                                 "approve_opinion": "同意结案。", "approver": "王局长"}}
    d["enforcement"] = None
    d["deliveries"] = [x for x in d["deliveries"] if x["document"] in ("rectification_order", "recheck_opinion")]
    return d


VARIANTS = {"deferral": (deferral_case, "unpaid"), "revocation": (revocation_case, "unpaid"),
            "release": (release_case, "seizure")}


def sample_variant(name: str) -> dict:
    """A sample case by name, or one of the test variants built on a sample (deferral, revocation, release)."""
    if name in VARIANTS:
        make, base = VARIANTS[name]
        return make(load_sample(base))
    return load_sample(name)
