"""The topic guard: what the question asks about is not in the data."""
import pytest


@pytest.mark.parametrize("question, word", [
    ("How many hospitals are there in Majuqiao?", "hospital"),
    ("What is the average house price in Majuqiao?", "price"),
])
def test_a_topic_the_data_lacks_is_named_in_the_abstention(assistant, verdict, question, word):
    a = assistant.ask(question)
    assert a.abstained and verdict(a) == ("not_covered", "topic guard")
    assert word in a.text.split("\n")[0] and not a.citations  # what the data does cover follows


def test_a_town_the_data_never_names_is_abstained_from(assistant, verdict):
    a = assistant.ask("宋庄镇2024年1至11月规上工业产值是多少？")
    assert a.abstained and a.language == "zh" and verdict(a) == ("not_covered", "topic guard")
    assert "宋庄镇" in a.text


@pytest.mark.parametrize("question, figure", [
    ("How many above-scale industrial enterprises does Majuqiao have?", "91"),
    ("马驹乔镇规上工业产值是多少？", "400.19"),  # a known town, misspelt
])
def test_a_known_topic_passes(assistant, question, figure):
    a = assistant.ask(question)
    assert not a.abstained and figure in a.text and a.trace[-1]["step"] != "topic guard"


@pytest.mark.parametrize("question, language", [
    ("你个人觉得马驹桥的营商环境比亦庄更好吗？", "zh"),
    ("In your opinion, is Majuqiao a good place to invest?", "en"),
])
def test_an_opinion_asked_for_is_abstained_from_in_the_askers_language(assistant, verdict, question, language):
    a = assistant.ask(question)
    assert a.abstained and a.language == language and verdict(a) == ("opinion", "topic guard")
    assert not a.citations


def test_a_question_about_what_the_article_says_is_no_opinion(assistant):
    a = assistant.ask("马驹桥镇在优化营商环境方面有哪些举措？")
    assert not a.abstained and a.citations
