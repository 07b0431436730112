"""indexer.punctuation: the official full-width forms and width-blind comparison (one implementation shared by
drafting and the citation checker). Library samples are read from the texts, not typed."""

import re

from indexer.punctuation import fold_width, to_official


def test_to_official_converts_half_width_and_keeps_digit_separators():
    # fixture strings (not statute text)
    assert to_official("(一)未按照规定:“某事”;或者,其他") == "（一）未按照规定：“某事”；或者，其他"
    assert to_official("罚款1,000元,于10:30送达") == "罚款1,000元，于10:30送达"
    assert to_official("") == "" and to_official("无标点") == "无标点"


def test_both_functions_keep_length_for_offsets():
    s = "第(三)项:某,1,000；（四）　x"
    assert len(to_official(s)) == len(s) and len(fold_width(s)) == len(s)


def test_fold_width_makes_both_widths_equal():
    assert fold_width("（一）：，；？！１Ａ") == "(一):,;?!1A"
    assert fold_width(to_official("(一)未按照规定:")) == fold_width("(一)未按照规定:")
    assert fold_width("、。《》“”") == "、。《》“”"      # no half-width twins


def test_library_text_with_half_width_punctuation(lib):
    # an article of the library that carries half-width brackets: official form has none left,
    # and it folds to the same string as the library text
    law = lib.find_law("安全生产法")
    v = lib.store.latest_version(law.key)
    arts = [a for a in lib.store.articles(v) if re.search(r"[(:;,]", a.text())]
    assert arts, "expected the library text to carry some half-width punctuation"
    for a in arts:
        text = a.text()
        official = to_official(text)
        assert not re.search(r"(?<![0-9])[(),:;](?![0-9])", official)
        assert fold_width(official) == fold_width(text)
