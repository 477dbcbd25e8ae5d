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


@pytest.mark.parametrize("question", ["宋庄镇2024年1至11月规上工业产值是多少？", "请问宋庄镇2024年1至11月规上工业产值是多少？"])
def test_a_town_the_data_never_names_is_abstained_from(assistant, verdict, question):
    a = assistant.ask(question)
    assert a.abstained and a.language == "zh" and verdict(a) == ("not_covered", "topic guard")
    assert "宋庄镇" in a.text


def test_the_town_asked_politely_is_the_towns_own(assistant):
    a = assistant.ask("请问贵镇2024年1至11月规上工业产值是多少？")  # 贵镇: "your town", no town's name
    assert not a.abstained and "400.19" in a.text, a.text


@pytest.mark.parametrize("question, figure", [
    ("How many above-scale industrial enterprises does Majuqiao have?", "91"),
    ("马驹乔镇规上工业产值是多少？", "400.19"),  # a known town, misspelt
    ("玛驹桥镇规上工业产值是多少？", "400.19"),  # its first character typed by its pinyin (ma)
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


@pytest.mark.parametrize("question, figure", [
    ("前11个月全镇规模以上工业企业的产值到底是多少亿元？", "400.19"),  # 到底: an adverb, how it is asked
    ("yo whats the ind output jan-nov 24?? thx", "400.19"),          # chat shorthand is not a topic
    ("马驹桥的汽车制造业产值在通州区整个汽车制造行业里占比多少？", "73.94%"),  # 整个: an attributive
])
def test_words_that_only_say_how_it_is_asked_are_not_unknown_topics(assistant, question, figure):
    a = assistant.ask(question)
    assert not a.abstained and figure in a.text


@pytest.mark.parametrize("question, source", [
    ("“马桥近邻”品牌发挥了什么作用？", "p26"),    # what a named thing does or achieves: asked of it
    ("What effect has the Majuqiao Neighbours brand had?", "p27"),
    ("镇域东西两部分是怎么划分的？", "p07"),      # how the town is laid out: where, not a topic
])
def test_asking_how_a_known_thing_works_or_is_laid_out_is_answered(assistant, question, source):
    a = assistant.ask(question)
    assert not a.abstained and any(c.source.endswith(source) for c in a.citations)


@pytest.mark.parametrize("question", [
    "马驹桥镇在汽车产业方面有什么动作？",           # 动作: the measures taken, how it is asked
    "镇里的功能分区是怎么安排的？",                 # 分区: a common noun, no town's name
    "24年镇上新设的企业有几家啊（迁进来的不算）",   # what is set aside asks for nothing
])
def test_how_it_is_asked_and_what_is_set_aside_are_no_unknown_topics(assistant, verdict, question):
    a = assistant.ask(question)
    assert not a.abstained, a.text


@pytest.mark.parametrize("question, language", [
    ("通州区2024年社会消费品零售总额是多少？", "zh"),
    ("What were Tongzhou District's total retail sales in 2024?", "en"),
])
def test_a_place_the_data_gives_no_figures_of_is_said_to_have_none(assistant, verdict, question, language):
    """The district is named in the data only as what the town's figures are compared with."""
    a = assistant.ask(question)
    assert a.abstained and a.language == language and verdict(a) == ("place_without_figures", "topic guard")
    assert "94.45" not in a.text


@pytest.mark.parametrize("question, figure", [
    ("What share of Tongzhou's above-scale industrial output does Majuqiao produce?", "45.5%"),
    ("马驹桥在通州区占比多少？", "45.5%"),
])
def test_a_place_named_as_the_base_of_a_share_does_not_stop_the_answer(assistant, question, figure):
    a = assistant.ask(question)
    assert not a.abstained and figure in a.text


def test_a_follow_up_pointing_back_is_about_what_it_points_to(assistant):
    """那它建成以后…: the earlier question's subject is the topic, whatever the words asking about it."""
    history = [{"role": "user", "content": "马驹桥物流基地2024年有什么新项目？"},
               {"role": "assistant", "content": "北京东南高速公路智慧物流港项目（一期）冷库外立面已全面亮相。"}]
    a = assistant.ask("那它建成以后能起到什么作用？", history=history)
    assert not a.abstained and a.citations, a.text


@pytest.mark.parametrize("question, figures", [
    ("我们科室要核对：住宿餐饮业营业额和增速分别是多少？", ("11.04亿元", "15.76%")),
    ("领导让我查一下：2024年新设企业多少家？", ("2627家",)),
])
def test_a_lead_in_before_a_colon_is_not_what_is_asked(assistant, question, figures):
    """我们科室要核对：… asks what follows the colon; 科室 is no topic the data lacks."""
    a = assistant.ask(question)
    assert not a.abstained and all(f in a.text for f in figures), a.text


def test_words_before_a_colon_that_say_how_a_question_came_are_no_topic(assistant, verdict):
    """您好，我这边接到电话咨询：… (a clerk passing on a call): the question after the colon is asked; words before a
    colon that name what is asked still count (人口：多少人？ has no answer)."""
    answer = assistant.ask("您好，我这边接到电话咨询：2024年1到11月，马驹桥镇规模以上工业企业一共有几家？")
    assert not answer.abstained and "91家" in answer.text, answer.text
    answer = assistant.ask("马驹桥镇人口：多少人？")
    assert answer.abstained and verdict(answer)[1] == "topic guard", answer.text
