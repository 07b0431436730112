"""A small library copied from the real one (three statutes) plus a statute of our own, for build tests."""

from __future__ import annotations

import shutil

import pytest

from indexer.config import Settings
from tests.conftest import LIBRARY

FILES = ["lawrefbook/社会法/安全生产法(2021-06-10).md", "lawrefbook/行政法/行政处罚法(2021-01-22).md",
         "extra/浙江省安全生产条例(2022-11-24).md"]

OWN = "# 某市示例管理规定\n\n2025年1月2日 某市人民代表大会常务委员会通过\n\n<!-- INFO END -->\n\n" \
      "第一条 为了示例，制定本规定。\n\n第二条 仓库应当设置独特的示例警示牌。\n\n第三条 本规定自2025年3月1日起施行。\n"


@pytest.fixture()
def small(tmp_path) -> Settings:
    return make_small(tmp_path)


def make_small(tmp_path) -> Settings:
    lib = tmp_path / "lib"
    for rel in FILES:
        (lib / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(LIBRARY / rel, lib / rel)
    (lib / "core.txt").write_text("\n".join(FILES + ["local/某市示例管理规定(2025-01-02).md"]) + "\n", encoding="utf-8")
    (lib / "local").mkdir()
    (lib / "local/某市示例管理规定(2025-01-02).md").write_text(OWN, encoding="utf-8")
    return Settings.resolve(library=lib, data=tmp_path / "data")
