"""Glosses of Chinese metrics that no statistical term names: every example of lexicon/glosses.yaml."""
import pytest

from mjq_assistant import lexicon

DATA = lexicon.load("glosses")


@pytest.mark.parametrize("example", DATA["examples"], ids=lambda e: e["zh"])
def test_gloss(example):
    assert lexicon.gloss(example["zh"]) == example["en"]


def test_a_metric_mostly_unknown_gets_no_gloss():
    assert lexicon.gloss("鹭湾蜜橘") == ""
