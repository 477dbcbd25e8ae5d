"""False premises built from true pieces of the data, checked against knowledge/ (no embedder)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from mjq_assistant.knowledge import GlossaryEntry, load_knowledge
from mjq_assistant.premises import Premises

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"


@pytest.fixture(scope="module")
def premises() -> Premises:
    return Premises(load_knowledge(KNOWLEDGE))


@pytest.mark.parametrize("question", [
    "Why was the western 36 km² of Majuqiao put into Yizhuang New Town?",
    "镇域东部46平方公里划入亦庄新城以后主要发展什么产业？",
])
def test_a_true_figure_in_the_wrong_part_of_town_is_caught(premises, question):
    assert premises.wrong_place(question)


def test_an_edition_the_data_lacks_is_caught_and_the_one_it_has_passes(premises):
    assert premises.wrong_edition("第一届新时代好邻居评出了多少位？") == "第一届"
    assert premises.wrong_edition("How many were picked in the third 'New Era Good Neighbours' selection?")
    assert premises.wrong_edition("第二届好邻居评选选出多少位？") is None
    assert premises.wrong_edition("It ranked first in March.") is None


@pytest.mark.parametrize("question, person, holder", [
    ("镇长魏欣说了什么？", "魏欣", "唐殿珂"),
    ("What did Mayor Wei Xin say?", "魏欣", "唐殿珂"),
    ("魏欣作为马驹桥镇镇长，对明年提出了哪些目标？", "魏欣", "唐殿珂"),
    ("Wei Xin, as the town's mayor, what did he promise?", "魏欣", "唐殿珂"),
    ("Since Tang Dianke is the Party Secretary of Majuqiao, what did he say?", "唐殿珂", "魏欣"),
    ("Given that 唐殿珂 is the Party Secretary of Majuqiao, what did he say?", "唐殿珂", "魏欣"),  # named in Chinese
    ("As the town's mayor, what did 魏欣 promise for next year?", "魏欣", "唐殿珂"),  # the title's owner before it
])
def test_a_title_given_to_the_wrong_person_names_who_holds_it(premises, question, person, holder):
    found = premises.wrong_title(question)
    assert found and found[0].zh == person
    assert [g.zh for g in premises.holders(found[1])] == [holder]


@pytest.mark.parametrize("question, claim", [
    ("How is Mundipharma, the chipmaker in Majuqiao's IC cluster, contributing?", "chipmaker"),
    ("芯片企业萌蒂制药有什么贡献？", "芯片企业"),
    ("萌蒂制药作为马驹桥的集成电路龙头企业，主要做哪类芯片？", "集成电路龙头企业"),
    ("萌蒂制药作为马驹桥集成电路产业的龙头企业，负责哪个环节？", "集成电路产业的龙头企业"),
    # words between, a possessive among them
    ("Why is 萌蒂制药, the town's leading integrated circuit company, so important?", "integrated circuit company"),
    # said of it with "is one of", a trade's leaders or players
    ("Mundipharma is one of the semiconductor players here; what does it make?", "semiconductor players"),
    ("Is Mundipharma (萌蒂制药), a chip company, growing?", "chip company"),
])
def test_a_firm_in_the_wrong_industry_is_caught(premises, question, claim):
    found = premises.wrong_industry(question)
    assert found and found[0].zh == "萌蒂制药" and found[1] == claim


def test_a_firm_called_by_the_trade_its_own_name_holds_makes_no_claim():
    firm = GlossaryEntry(id="t#g-1", zh="甲乙精工汽车部件有限公司", en="Jiayi Precision Auto Parts Co., Ltd.",
                         aliases=["甲乙精工"], type="firm", role_zh="企业", role_en="a firm", source="t#p01", note="")
    premises = Premises(replace(load_knowledge(KNOWLEDGE), glossary=[firm]))
    assert premises.wrong_industry("甲乙精工汽车部件公司去年产值多少？") is None
    assert premises.wrong_industry("医药企业甲乙精工去年产值多少？")[1] == "医药企业"


def test_the_trade_in_another_firms_name_is_no_claim_about_the_firm_before_it():
    """甲乙、丙丁物流这些企业: 物流 names 丙丁物流's trade, not a claim that 甲乙 is a logistics firm."""
    firms = [GlossaryEntry(id=f"t#g-{i}", zh=zh, en=en, aliases=[], type="firm", role_zh=role, role_en=role, source="t#p01", note="")
             for i, (zh, en, role) in enumerate([("甲乙", "Jiayi", "零售企业"), ("丙丁物流", "Bingding Logistics", "物流企业")])]
    premises = Premises(replace(load_knowledge(KNOWLEDGE), glossary=firms))
    assert premises.wrong_industry("甲乙、丙丁物流这些企业的销售额增长多少？") is None
    assert premises.wrong_industry("物流企业甲乙的销售额增长多少？")[1] == "物流企业"


def test_came_first_every_month_is_caught_but_monthly_visits_are_not(premises):
    assert premises.always_first("听说马驹桥镇服务包考核每个月都拿了全区第一？")
    assert premises.always_first("Why did Majuqiao come first in the district in all four of its 2024 assessments?")
    assert premises.always_first("Does the town visit firms every month?") is None
    assert premises.always_first("Which months did it come first in?") is None


@pytest.mark.parametrize("check, question", [
    ("wrong_place", "西部46平方公里划入亦庄新城，发展什么？"),
    ("wrong_place", "东部和西部分别有多少平方公里？"),
    ("wrong_place", "The western 46 km² went to Yizhuang; what about the east?"),
    ("wrong_title", "What did Party Secretary Wei Xin say?"),
    ("wrong_title", "Tang Dianke, the deputy party secretary, said what?"),
    ("wrong_title", "What did Tang Dianke and Party Secretary Wei Xin say?"),
    ("wrong_title", "唐镇长怎么评价营商环境？"),
    ("wrong_title", "What did 唐殿珂, the mayor, say about the business environment?"),
    ("wrong_industry", "What does SMIC Beijing, the chipmaker, do?"),
    ("wrong_industry", "医药企业萌蒂制药是做什么的？"),
    ("wrong_industry", "Which firms besides SMIC are pharma companies?"),
])
def test_true_premises_pass(premises, check, question):
    assert getattr(premises, check)(question) is None


def test_a_deputy_does_not_hold_the_title_his_role_ends_with():
    """分管工业的副镇长 holds the words 镇长 but is not the mayor: "who is the mayor" names the mayor alone."""
    people = [GlossaryEntry(id=f"t#g-{i}", zh=zh, en=en, aliases=[], type="person", role_zh=role, role_en=role,
                            source="t#p01", note="")
              for i, (zh, en, role) in enumerate([("甲乙丙", "Jia Yibing", "分管工业的副镇长"), ("丁戊", "Ding Wu", "镇长")])]
    premises = Premises(replace(load_knowledge(KNOWLEDGE), glossary=people))
    assert [g.zh for g in premises.titled("Who is the mayor (镇长)?")] == ["丁戊"]
