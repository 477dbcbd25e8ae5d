"""The kind guard: the kind of figure asked for (a rate, an amount, a firm's figure) is not in the data."""


def test_a_growth_rate_the_data_does_not_give_is_abstained_with_what_it_says(assistant, verdict):
    a = assistant.ask("What was the growth rate of Majuqiao's total retail sales of consumer goods?")
    assert a.abstained and verdict(a) == ("missing_kind", "kind guard") and "94.45亿元" in a.text


def test_whether_it_grew_is_answered_by_its_sentence(assistant):
    a = assistant.ask("Did Majuqiao's total retail sales of consumer goods grow?")
    assert not a.abstained and "94.45亿元" in a.text and a.trace[-1]["step"] == "sentence selector"


def test_an_amount_where_the_data_has_only_rates_is_abstained_with_the_rates(assistant, verdict):
    a = assistant.ask("协同区域固定资产投资总额是多少亿元？")
    assert a.abstained and verdict(a) == ("missing_kind", "kind guard") and "33.95%" in a.text


def test_a_firm_no_row_is_about_is_named(assistant, verdict):
    a = assistant.ask("小米汽车的产值是多少？")
    assert a.abstained and verdict(a) == ("missing_kind", "kind guard") and "小米汽车" in a.text.split("\n")[0]


def test_the_kind_the_data_has_passes(assistant):
    a = assistant.ask("协同区域固定资产投资同比增长多少？")
    assert not a.abstained and "33.95%" in a.text and a.trace[-1]["step"] == "figure selector"


def test_how_fast_revenue_grew_asks_the_rate_not_an_amount(assistant):
    a = assistant.ask("How fast did accommodation and catering revenue grow year over year?")
    assert not a.abstained and "15.76%" in a.text


def test_a_firm_named_beside_the_town_is_still_the_one_asked_about(assistant, verdict):
    """The town's name is longer than the firm's, but says where, not whose figure."""
    a = assistant.ask("How much revenue did 北方华创 generate from its Majuqiao operations last year?")
    assert a.abstained and verdict(a) == ("missing_kind", "kind guard") and "NAURA" in a.text.split("\n")[0]


def test_an_output_value_asked_where_the_rows_count_things_is_abstained_from(assistant, verdict):
    a = assistant.ask("马驹桥镇集成电路产业2024年实现产值多少？")
    assert a.abstained and verdict(a) == ("missing_kind", "kind guard") and "产值" in a.text.split("\n")[0]


def test_a_count_of_firms_where_the_rows_count_something_else_is_abstained(assistant, verdict):
    """The data counts the town's industrial clusters, not its integrated-circuit firms."""
    for question in ("马驹桥有多少家集成电路企业？", "How many integrated circuit companies are there in Majuqiao?"):
        a = assistant.ask(question)
        assert a.abstained and verdict(a) == ("missing_kind", "kind guard"), question


def test_a_count_of_firms_the_rows_hold_is_answered(assistant):
    a = assistant.ask("How many high-tech companies does Majuqiao have?")
    assert not a.abstained and "290" in a.text


def test_how_many_times_one_count_is_another_gives_both_and_the_computed_ratio(assistant):
    a = assistant.ask("高新技术企业数量是专精特新企业的几倍？")
    assert not a.abstained and "290" in a.text and "90" in a.text
    assert "3.2倍" in a.text and "计算" in a.text  # computed from the two cited figures, and said so


def test_a_fall_said_beside_an_amount_asked_in_its_unit_is_the_amount(assistant):
    """下降/降幅 describes the figure; 多少亿元 asks the amount, which the data has."""
    a = assistant.ask("社会消费品零售总额虽然有所下降，1至11月一共实现了多少亿元？")
    assert not a.abstained and "94.45亿元" in a.text


def test_a_programme_is_measured_by_the_figures_of_the_section_that_introduces_it(assistant):
    """马桥近邻 is introduced in the section whose next paragraphs give its activities' figures
    (近邻客厅 300余场), which do not repeat its name."""
    a = assistant.ask("“马桥近邻”品牌辐射了多少人次居民？")
    assert not a.abstained and "7600余人次" in a.text


def test_the_total_a_share_is_of_is_not_an_amount_asked(assistant):
    """占…出口总额的比重: 总额 names what the share is of; the share the data has is the answer."""
    from mjq_assistant.guards.kind import missing_kind
    share = next(r for r in assistant.knowledge.indicators if r.kind == "share" and "通州区汽车制造业产值" in r.metric_zh)
    assert missing_kind("全镇规上汽车制造业占通州区汽车制造业产值总额的比重是多少？", [share]) is None
    assert missing_kind("全镇规上汽车制造业产值总额是多少？", [share]) is not None  # an amount asked: no share answers it


def test_a_measure_of_a_project_its_section_does_not_give_is_still_abstained_from(assistant, verdict):
    """The section introducing the logistics port gives other figures; none is the port's size."""
    a = assistant.ask("北京东南高速公路智慧物流港项目（一期）的冷库面积有多大？")
    assert a.abstained and verdict(a)[1] == "kind guard"


def test_money_asked_where_the_growth_ranks_first_is_the_amount_the_rows_hold_too(assistant):
    """营业额多少钱来着: the rate found first is of an amount the rows also hold; the amount answers it
    (the words of a hazy memory, 来着/记不清, are how it is asked)."""
    from mjq_assistant.guards.kind import missing_kind
    rate = next(r for r in assistant.knowledge.indicators if r.metric_zh == "住宿餐饮业营业额同比增长")
    amount = next(r for r in assistant.knowledge.indicators if r.metric_zh == "住宿餐饮业营业额")
    assert missing_kind("住宿餐饮营业额多少钱来着", [rate, amount]) is None
    assert missing_kind("住宿餐饮营业额多少钱来着", [rate]) == "多少钱"  # no amount: said missing
    a = assistant.ask("住宿餐饮营业额多少钱来着，我记不清了")
    assert not a.abstained and "11.04亿元" in a.text, a.text


def test_a_share_named_with_zhanbi_leaves_no_base_to_call_missing(assistant):
    """在通州区规上工业总产值中占比 ends with the share's word: 比 is no base the question fails to name, and
    a 同比增速 question gets its rate, not "资料中没有比"."""
    from mjq_assistant.guards.kind import missing_kind
    share = next(r for r in assistant.knowledge.indicators if r.kind == "share" and r.metric_zh.endswith("中占比"))
    assert missing_kind("规上工业总产值同比增速为多少？", [share]) != "比"
    a = assistant.ask("马驹桥镇规上工业总产值同比增速为多少？")
    assert not a.abstained and "230.08%" in a.text, a.text
