"""A citation followed by the exact words of the provision it names is the current number: the old-numbering
detector must not second-guess it from the facts around it. Every 告知书 and 决定书 drafted from the sample case
was flagged “疑似沿用2014年修正文本条文序号 … 对应现行第四十四条” for its correct 第四十一条第二款, quoted in full."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("form", ["penalty_notice", "decision_org"])
def test_quoted_current_provisions_raise_no_old_numbering(drafter, sample, form):
    draft = drafter.prepare(sample, form)
    text = "\n".join(draft.doc.text_lines())
    assert "第四十一条第二款“生产经营单位应当建立健全并落实生产安全事故隐患排查治理制度" in text
    olds = [i for i in draft.issues if i.code == "citation.old_numbering"]
    assert not olds, [i.message for i in olds]
