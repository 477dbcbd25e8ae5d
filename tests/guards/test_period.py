"""The period guard: a single month, another year, or the full year the data lacks."""


def test_another_year_is_abstained_from_with_the_latest_figure(assistant, verdict):
    a = assistant.ask("What was Majuqiao's industrial output in 2020?")
    assert a.abstained and verdict(a) == ("other_year", "period guard")
    assert "2020" in a.text and "400.19亿元" in a.text


def test_a_single_month_is_abstained_from_with_the_cumulative_figure(assistant, verdict):
    a = assistant.ask("2024年10月马驹桥镇规上工业产值是多少？")
    assert a.abstained and verdict(a) == ("single_month", "period guard") and "1至11月" in a.text


def test_the_full_year_is_abstained_from_when_the_data_has_part_of_it(assistant, verdict):
    a = assistant.ask("马驹桥镇2024年全年规上工业产值是多少？")
    assert a.abstained and verdict(a) == ("full_year", "period guard") and "400.19亿元" in a.text


def test_the_period_the_data_has_passes(assistant):
    a = assistant.ask("2024年1至11月马驹桥镇规上工业产值是多少？")
    assert not a.abstained and "400.19" in a.text and a.trace[-1]["step"] == "figure selector"


def test_a_cumulative_period_the_data_lacks_is_abstained_from_with_the_closest_figure(assistant, verdict):
    for question in ("2024年前三季度马驹桥镇规上工业产值是多少？", "Majuqiao's industrial output in Q1-Q3 2024?"):
        a = assistant.ask(question)
        assert a.abstained and verdict(a) == ("other_period", "period guard"), question
        assert "400.19" in a.text, question


def test_a_single_quarter_asked_is_its_own_three_months():
    """二季度 / Q3 / "the fourth quarter" name April-June, July-September, October-December: a table's
    quarter rows (2024-04..2024-06) are that quarter; the half year ending with it is not."""
    from mjq_assistant.question import in_quarter, quarter_months
    assert quarter_months("2024年二季度规上工业总产值是多少？") == ("04", "06")
    assert quarter_months("What were Q3 exports?") == ("07", "09")
    assert quarter_months("output in the fourth quarter") == ("10", "12")
    assert quarter_months("前三季度产值") is None and quarter_months("一季度产值") is None
    assert in_quarter("2024-04..2024-06", ("04", "06")) and not in_quarter("2024-01..2024-06", ("04", "06"))
