"""The premise guard: the question states something the data contradicts."""
import pytest


def test_a_figure_the_data_lacks_is_quoted_back(assistant, verdict):
    a = assistant.ask("马驹桥镇规上工业产值达到500亿元，同比增长多少？")
    assert a.abstained and verdict(a) == ("premise_figure", "premise guard") and "500亿" in a.text


def test_a_fall_where_the_data_has_a_rise_is_abstained_from(assistant, verdict):
    a = assistant.ask("Why did Majuqiao's above-scale industrial output decline?")
    assert a.abstained and verdict(a) == ("premise_direction", "premise guard")


def test_a_strong_rise_where_the_data_has_a_fall_is_abstained_from(assistant, verdict):
    """社零 fell (降幅收窄): "why did it surge?" is a false premise; asking how much a measure
    that did grow grew is not."""
    for question in ("2024年1至11月协同区域社零总额大幅增长，主要是哪些因素拉动的？",
                     "Why did retail sales in the coordinated area surge in 2024?"):
        a = assistant.ask(question)
        assert a.abstained and verdict(a) == ("premise_rise", "premise guard"), question
        assert "94.45" in a.text
    a = assistant.ask("协同区域住宿餐饮业营业额大幅增长了多少？")
    assert not a.abstained and "15.76%" in a.text


def test_a_wrong_title_names_who_holds_it(assistant, verdict):
    a = assistant.ask("What did Mayor Wei Xin say about the business environment?")
    assert a.abstained and verdict(a) == ("role", "premise guard")
    assert "Wei Xin" in a.text and "Tang Dianke" in a.text


@pytest.mark.parametrize("question", ["As the party secretary, what did Tang Dianke promise firms?",
                                      "作为镇党委书记，唐殿珂对企业作出了什么承诺？"])
def test_a_wrong_title_given_before_the_name_is_caught_too(assistant, verdict, question):
    a = assistant.ask(question)
    assert a.abstained and verdict(a) == ("role", "premise guard") and "魏欣" in a.text


def test_a_deputy_title_before_the_name_is_no_wrong_title(assistant):
    assert not assistant.ask("As deputy party secretary, what did Tang Dianke promise firms?").abstained


def test_a_true_figure_in_the_question_passes(assistant):
    a = assistant.ask("马驹桥镇规上工业产值达到400.19亿元，同比增长多少？")
    assert not a.abstained and "230.08%" in a.text


def test_another_measure_s_figure_given_to_a_firm_is_abstained_from(assistant, verdict):
    """The town's 400.19亿元 is not 小米汽车's output: neither its rows nor the clauses naming it
    hold that figure. A figure the firm's own clauses give (76秒) passes."""
    a = assistant.ask("小米汽车工厂年产值突破400.19亿元，主要靠哪些车型？")
    assert a.abstained and verdict(a) == ("premise_figure", "premise guard") and "400.19亿" in a.text
    assert not assistant.ask("小米汽车工厂每76秒下线一台新车，这个节拍说明了什么？").abstained


def test_a_share_stated_of_another_base_is_abstained_from_with_the_share_of_that_base(assistant, verdict):
    """73.94% is the town's share of the district's car output, not of its whole industrial output (30.61%)."""
    a = assistant.ask("全镇汽车制造业产值占到了通州区规上工业总产值的73.94%吧？")
    assert a.abstained and verdict(a) == ("premise_figure", "premise guard") and "73.94%" in a.text.split("\n")[0]
    a = assistant.ask("全镇汽车制造业产值占通州区汽车制造业产值的73.94%，是吗？")  # its own base: true
    assert not a.abstained and "73.94%" in a.text


def test_one_thing_said_to_be_more_than_another_is_checked_against_both_figures(assistant, verdict):
    """迁入企业比新设企业还多 where the data has 2054家 moved in and 2627家 newly set up: abstained, both
    figures shown; the true order (新设企业比迁入企业多) is not stopped."""
    a = assistant.ask("2024年迁入企业比新设企业还多，原因是什么？")
    assert a.abstained and verdict(a) == ("premise_figure", "premise guard")
    assert "2054" in a.text and "2627" in a.text
    a = assistant.ask("2024年新设企业比迁入企业多，原因是什么？")
    assert not (a.abstained and verdict(a)[1] == "premise guard"), a.text


def test_the_datas_figure_in_another_unit_of_its_kind_is_a_false_premise(assistant, verdict):
    """"every 76 minutes" where the data says 76秒 (seconds): a premise the data contradicts."""
    a = assistant.ask("The Xiaomi plant rolls out one car every 76 minutes — so how many cars a day is that?")
    assert a.abstained and verdict(a) == ("premise_figure", "premise guard") and "76 seconds" in a.text
    a = assistant.ask("How often does a new car roll off the line at the Xiaomi plant — every 76 seconds?")
    assert not a.abstained and "76 seconds" in a.text


def test_a_share_bounded_by_a_fraction_is_checked(assistant, verdict):
    """占到通州区一半以上 where the town's share is 45.5%: abstained with the share; "ranked No.1 in every
    monthly assessment" where it came first in two: abstained."""
    a = assistant.ask("马驹桥规上工业产值已经占到通州区一半以上了，这个比例是怎么做到的？")
    assert a.abstained and verdict(a) == ("premise_figure", "premise guard") and "45.5%" in a.text
    a = assistant.ask("马驹桥规上工业产值占通州区的比重超过三分之一了吗？具体是多少？")
    assert not a.abstained and "45.5%" in a.text, a.text
    a = assistant.ask("Majuqiao was ranked No.1 in the district in every monthly service package assessment in 2024 — how?")
    assert a.abstained and verdict(a)[1] == "premise guard"


@pytest.mark.parametrize("question", [
    "马驹桥镇1至11月规上工业产值过350个亿没？",
    "Did Majuqiao's above-scale industrial output exceed 350亿元 in Jan–Nov 2024?",
])
def test_whether_a_figure_passed_a_mark_is_asked_not_claimed(assistant, question):
    a = assistant.ask(question)
    assert not a.abstained and ("400.19" in a.text or "40.019" in a.text), a.text


def test_a_mark_stated_as_passed_is_still_a_claim(assistant, verdict):
    a = assistant.ask("既然马驹桥镇1至11月规上工业产值已经突破350亿元，那增速是多少？")
    assert a.abstained and verdict(a)[0] == "premise_figure"
