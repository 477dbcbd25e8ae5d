"""Glosses of Chinese metrics that no statistical term names: every example of lexicon/glosses.yaml."""
import pytest

from mjq_assistant import lexicon

DATA = lexicon.load("glosses")


@pytest.mark.parametrize("example", DATA["examples"], ids=lambda e: e["zh"])
def test_gloss(example):
    assert lexicon.gloss(example["zh"]) == example["en"]


def test_a_metric_mostly_unknown_gets_no_gloss():
    assert lexicon.gloss("鹭湾蜜橘") == ""


def test_english_words_lead_to_their_chinese():
    assert set(lexicon.chinese_for("How much tourism revenue, and the fixed-asset investment?")) >= {"旅游", "收入", "固定资产投资"}
    assert lexicon.chinese_for("Who is the mayor?") == ["镇长"]  # a role, to find the person in Chinese
    assert lexicon.chinese_for("Who is she?") == []
    assert lexicon.chinese_for("how many visitors over the May Day holiday?") == ["五一"]  # an occasion of the figures
