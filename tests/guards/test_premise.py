"""The premise guard: the question states something the data contradicts."""


def test_a_figure_the_data_lacks_is_quoted_back(assistant, verdict):
    a = assistant.ask("马驹桥镇规上工业产值达到500亿元，同比增长多少？")
    assert a.abstained and verdict(a) == ("premise_figure", "premise guard") and "500亿" in a.text


def test_a_fall_where_the_data_has_a_rise_is_abstained_from(assistant, verdict):
    a = assistant.ask("Why did Majuqiao's above-scale industrial output decline?")
    assert a.abstained and verdict(a) == ("premise_direction", "premise guard")


def test_a_wrong_title_names_who_holds_it(assistant, verdict):
    a = assistant.ask("What did Mayor Wei Xin say about the business environment?")
    assert a.abstained and verdict(a) == ("role", "premise guard")
    assert "Wei Xin" in a.text and "Tang Dianke" in a.text


def test_a_true_figure_in_the_question_passes(assistant):
    a = assistant.ask("马驹桥镇规上工业产值达到400.19亿元，同比增长多少？")
    assert not a.abstained and "230.08%" in a.text
