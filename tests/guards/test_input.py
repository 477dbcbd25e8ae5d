"""The input guard: no question text, or too much of it, is answered with how to ask.
(Through `ask`, the input gate refuses an empty message first; the composer guards itself.)"""
from mjq_assistant.question import MAX_QUESTION_CHARS


def test_an_empty_message_is_asked_for_a_question_with_an_example(assistant, verdict):
    a = assistant.composer.answer("？？")
    assert a.abstained and verdict(a) == ("empty", "input guard")


def test_a_message_over_the_limit_is_asked_to_be_shortened(assistant, verdict):
    a = assistant.ask("马驹桥镇" * (MAX_QUESTION_CHARS // 4 + 1))
    assert a.abstained and a.language == "zh" and verdict(a) == ("too_long", "input guard")


def test_a_question_at_the_limit_is_read(assistant, verdict):
    question = "马驹桥镇规上工业产值是多少？"
    a = assistant.ask(" " * (MAX_QUESTION_CHARS - len(question)) + question)
    assert not a.abstained and "400.19" in a.text and verdict(a)[1] != "input guard"
