"""lexicon/extraction.yaml: every example of the extraction language data runs here
(date expressions, qualifiers, kinds, subjects and named parts, metric trimming)."""
from __future__ import annotations

import re

import pytest

from mjq_assistant import lexicon
from mjq_assistant.ingest import clean, extract

DATA = lexicon.load("extraction")


def _params(entries, key):
    return [pytest.param(e, x, id=f"{e['name']}: {x['text'] if isinstance(x, dict) else x}")
            for e in entries for x in e.get(key, [])]


@pytest.mark.parametrize("entry", DATA["periods"], ids=[e["name"] for e in DATA["periods"]])
def test_every_period_pattern_compiles_and_has_an_example(entry):
    re.compile(entry["pattern"])
    assert entry["examples"], "a date expression carries at least one example"


@pytest.mark.parametrize("entry, example", _params(DATA["periods"], "examples"))
def test_date_expressions_give_their_period(entry, example):
    assert re.search(entry["pattern"], example["text"]), "its own pattern finds it"
    found = extract.period_at(example["text"], example.get("year"), example.get("this_year"))
    assert found and found[0] == example["period"]


@pytest.mark.parametrize("entry, text", _params(DATA["periods"], "counter_examples"))
def test_date_counter_examples_are_not_matched_by_that_pattern(entry, text):
    assert not re.search(entry["pattern"], text)


@pytest.mark.parametrize("example", DATA["qualifiers"]["examples"], ids=lambda e: e["text"])
def test_qualifiers(example):
    m = re.match(r"(\D*)\d+(?:\.\d+)?(余|多)?", example["text"])
    assert extract.qualifier(m.group(1), m.group(2) or "") == example["qualifier"]


@pytest.mark.parametrize("example", DATA["kinds"]["examples"], ids=lambda e: e["before"] + e["unit"])
def test_kinds(example):
    assert extract.kind_of(example["before"], example["unit"]) == example["kind"]


@pytest.mark.parametrize("example", DATA["threshold_examples"], ids=lambda e: e["text"])
def test_an_amount_that_sorts_things_is_no_figure(example):
    rows = extract.Extractor("甲乙镇", year=2025).extract([{"id": "p1", "kind": "paragraph", "text": example["text"] + "。"}])
    amounts = [r for r in rows if r.unit == "亿元"]
    assert (not amounts) == example["threshold"]


@pytest.mark.parametrize("example", DATA["projects"]["name_examples"], ids=lambda e: e["text"])
def test_a_project_is_named_without_the_list_number_or_pronoun_before_it(example):
    assert extract.project_name(example["text"]) == example["name"]


def test_an_undated_paragraph_of_a_bulletin_is_of_the_period_its_title_names():
    """7—8月入住率 closes one paragraph; the next, undated, is of the bulletin's 1—9月 again."""
    rows = extract.Extractor("甲乙镇", year=2025).extract([
        {"id": "t", "kind": "title", "text": "甲乙镇2025年1—9月经济运行情况"},
        {"id": "p1", "kind": "paragraph", "text": "1—9月，全镇接待游客88.3万人次；精品民宿41家，7—8月平均入住率为73%。"},
        {"id": "p2", "kind": "paragraph", "text": "社会消费品零售总额8.91亿元，同比增长5.8%。"}])
    periods = {r.metric_zh: r.period for r in rows}
    assert periods["平均入住率"] == "2025-07..2025-08"
    assert periods["社会消费品零售总额"] == "2025-01..2025-09"


@pytest.mark.parametrize("said", ["比上年同期增长", "较去年同期增长", "比上年增长", "同比增长"])
def test_a_rate_compared_with_last_year_is_of_the_amount_before_it(said):
    rows = extract.Extractor("甲乙镇", year=2025).extract(
        [{"id": "p1", "kind": "paragraph", "text": f"1—6月，全镇规模以上工业企业完成工业总产值63.85亿元，{said}12.4%。"}])
    amount, rate = rows
    assert rate.kind == "rate" and rate.of == amount.id
    assert rate.metric_zh.startswith(amount.metric_zh)


def test_every_kind_rule_names_a_known_kind():
    from mjq_assistant.knowledge import KINDS
    assert {r["kind"] for r in DATA["kinds"]["rules"]} <= set(KINDS)


@pytest.mark.parametrize("example", DATA["scopes"]["examples"], ids=lambda e: e["text"])
def test_subjects_and_named_parts(example):
    if "subject" in example:
        assert extract.find_subject(example["text"], example.get("title", "")) == example["subject"]
    elif "generic" in example:  # found by the pattern, but a generic part: no part of its own
        assert re.search(DATA["scopes"]["part"], example["text"]).group() == example["generic"]
        assert extract.Extractor("甲乙镇").generic.fullmatch(example["generic"])
    elif example["part"] is None:  # no part's name ends inside a word
        assert re.search(DATA["scopes"]["part"], example["text"]) is None
    else:  # the name the pattern finds, without the verbs and particles run into it
        extractor = extract.Extractor("甲乙镇")
        m = re.search(DATA["scopes"]["part"], example["text"])
        assert extractor.part_name(m.group(), example["text"][:m.start()]) == example["part"]
        assert not extractor.generic.fullmatch(example["part"])


@pytest.mark.parametrize("example", DATA["metric"]["examples"], ids=lambda e: e["text"])
def test_metric_trimming(example):
    assert extract.trim_metric(example["text"]) == example["metric"]


@pytest.mark.parametrize("example", DATA["metric"]["dated_subject_examples"], ids=lambda e: e["before"])
def test_a_date_between_a_subject_and_its_verb_keeps_the_subject(example):
    assert extract.Extractor("甲乙镇", year=2024)._metric(example["before"], "") == example["metric"]


@pytest.mark.parametrize("example", DATA["metric"]["sector_examples"], ids=lambda e: e["clause"])
def test_the_sector_a_clause_opens_with(example):
    assert extract.sector_lead(example["clause"]) == example["sector"]


@pytest.mark.parametrize("example", DATA["metric"]["numbered_lead_examples"], ids=lambda e: e["lead"])
def test_the_sector_a_numbered_lead_names(example):
    assert extract.numbered_lead_sector(example["lead"]) == example["sector"]


@pytest.mark.parametrize("example", DATA["metric"]["product_examples"], ids=lambda e: e["text"])
def test_a_bare_measure_is_of_the_product_the_row_before_measures(example):
    rows = extract.Extractor("某镇", year=2024).extract([{"id": "p1", "kind": "paragraph", "text": example["text"]}])
    assert [r.metric_zh for r in rows] == example["metrics"]


@pytest.mark.parametrize("example", DATA["metric"]["occasion_examples"] + DATA["metric"]["stock_examples"]
                         + DATA["targets"]["opener_examples"],
                         ids=lambda e: e["text"])
def test_the_metric_a_figure_gets_from_the_words_around_it(example):
    """A holiday or festival opening a clause is part of the metric; a total after an addition is of what was added to;
    a goal is named without the words that open it (目标是…)."""
    rows = extract.Extractor("某镇", year=2024).extract([{"id": "p1", "kind": "paragraph", "text": example["text"]}])
    assert {r.value: r.metric_zh for r in rows}[example["value"]] == example["metric"]


@pytest.mark.parametrize("example", DATA["metric"]["term_examples"], ids=lambda e: e["metric"])
def test_a_lead_word_meaning_all_leaves_the_statistical_term(example):
    term = extract.without_whole_lead(example["metric"])
    assert term == example["term"]
    assert term in {a for t in lexicon.statistics() for a in [t["zh"], *t["aliases_zh"]]}


@pytest.mark.parametrize("example", DATA["metric"]["noun_after_examples"], ids=lambda e: e["text"])
def test_counted_noun_after_the_number(example):
    after = re.sub(r"^\D*\d+(余|多)?[家个位场]", "", example["text"])
    assert extract.noun_after(after) == example["noun"]


@pytest.mark.parametrize("example", DATA["names"]["examples"], ids=lambda e: e["text"])
def test_people_and_firms(example):
    names = {n["zh"]: n for n in extract.find_names([{"id": "p01", "text": example["text"]}])}
    if "no_person" in example:
        assert example["no_person"] not in names
    elif "person" in example:
        assert names[example["person"]]["type"] == "person"
        assert names[example["person"]]["role_zh"].endswith(example["role"])
        assert names[example["person"]]["aliases"] == example.get("called", names[example["person"]]["aliases"])
    else:
        assert names[example["firm"]]["type"] == "firm"


@pytest.mark.parametrize("example", DATA["comparisons"]["examples"], ids=lambda e: e["text"])
def test_comparisons(example):
    assert extract.comparison(example["text"]) == example["comparison"]


@pytest.mark.parametrize("example", DATA["targets"]["examples"], ids=lambda e: e["text"])
def test_targets(example):
    assert extract.is_target(example["text"]) == example["target"]


@pytest.mark.parametrize("example", DATA["english_names"]["examples"], ids=lambda e: e["zh"])
def test_english_names(example):
    assert extract.english_name(example["zh"], example["type"])[0] == example["en"]


@pytest.mark.parametrize("example", DATA["event_dates"]["examples"], ids=lambda e: e["text"])
def test_event_dates_are_not_periods(example):
    found = extract.period_at(example["text"], example["year"])
    assert (found[0] if found else None) == example["period"]


@pytest.mark.parametrize("stem, short", [("甲乙精工机械", "甲乙精工"), ("丙丁新能源电池", "丙丁新能源"), ("戊己食品", None)])
def test_a_firm_is_also_named_by_its_first_words(stem, short):
    names = extract.short_names(stem)
    assert stem in names and (names[0] == short if short else names == [stem])


def test_a_firm_is_also_named_by_its_first_four_characters_across_a_word():
    assert "甲乙电驱" in extract.short_names("甲乙电驱动系统", "甲乙电驱二期项目开工")  # the report's 甲乙电驱 is the firm
    assert "甲乙电驱" not in extract.short_names("甲乙电驱动系统", "甲乙电驱动系统有限公司")


def test_a_coined_name_of_three_characters_is_a_name_on_its_own_and_two_are_not():
    assert "甲乙丙" in extract.short_names("甲乙丙生物科技")
    assert "甲乙" not in extract.short_names("甲乙生物科技")


@pytest.mark.parametrize("example", extract._data()["bylines"]["examples"])
def test_bylines_give_the_documents_date(example):
    assert clean.is_byline(example["text"])
    assert clean.byline_date(example["text"]) == (example["date"] or "")


@pytest.mark.parametrize("text", extract._data()["bylines"]["counter_examples"])
def test_sentences_are_not_bylines(text):
    assert not clean.is_byline(text)


def test_english_unit_and_qualifier_words_name_what_reports_write():
    """Every English unit word is for a unit the extractor reads (a typo would never be used),
    and every qualifier has its English."""
    units = {str(u) for u in DATA["units"]}
    assert set(DATA["units_en"]) <= units
    assert set(DATA["currencies_en"]) <= units
    assert set(DATA["qualifiers"]["en"]) == set(DATA["qualifiers"]["before"]) | set(DATA["qualifiers"]["after"])


@pytest.mark.parametrize("metric, kind, english", [
    ("第三产业增加值", "amount", "tertiary industry value added"),
    ("第一产业增加值增长", "rate", "growth of primary industry value added"),
    ("地区生产总值", "amount", "gross regional product")])
def test_a_qualifier_term_and_a_measure_term_make_one_english_name(metric, kind, english):
    """第三产业 (a classification) + 增加值 (a measure): both terms' English, not a word-by-word gloss."""
    assert extract.Extractor("甲乙镇").english(metric, kind) == english


@pytest.mark.parametrize("metric, kind, english", [
    # the term is not what is measured: the Chinese name with a gloss, not "number of A-level tourist attractions"
    ("A级景区民宿数量", "count", "A级景区民宿数量 (number of: A-level tourist attractions homestays)"),
    # 工业产值 is not in 加工业产值 (its 工 is 加工业's); a qualifier nothing glosses keeps the Chinese name
    ("蛎湾海珍加工业产值", "amount", "蛎湾海珍加工业产值 (output value)"),
    ("春节期间举办的“甲乙灯会”接待游客数量", "count", "春节期间举办的“甲乙灯会”接待游客数量 (number of tourist arrivals)"),
    ("海产品精深加工业产值增长", "rate", "growth of output value of seafood deep processing industry"),
    # the term that heads it names it, the one before qualifies it
    ("规上工业企业研发经费投入", "amount", "expenditure on research and experimental development of industrial enterprises above designated size"),
    # 相当于…的3.83%: a ratio to another amount
    ("研发经费投入相当于地区生产总值", "share", "expenditure on research and experimental development as a share of gross regional product"),
    # 同比增长 says how the figure is given, not what grew
    ("接待游客同比增长", "rate", "year-on-year growth of tourist arrivals"),
    # a fall is a decline: "growth of … 3.2%" would state the opposite
    ("接待游客同比下降", "rate", "year-on-year decline of tourist arrivals"),
    ("规上工业总产值减少", "rate", "decline of gross output value of industrial enterprises above designated size"),
    ("规上工业总产值目标", "amount", "gross output value of industrial enterprises above designated size (target)")])
def test_an_english_metric_name_says_what_is_measured(metric, kind, english):
    """A statistical term in a metric names it in English only where it is what the figure measures."""
    assert extract.Extractor("甲乙镇").english(metric, kind) == english


def test_a_term_inside_a_word_is_not_a_keyword():
    """海产品精深加工业产值 is no 工业产值: a question about the town's industrial output must not find it."""
    assert [name for name, _ in extract.Extractor("甲乙镇")._terms_in("海产品精深加工业产值")] == ["产值"]


@pytest.mark.parametrize("example", DATA["unit_dimension_examples"], ids=lambda e: e["unit"])
def test_what_a_unit_measures(example):
    from mjq_assistant.figures import dimension
    assert dimension(example["unit"]) == example["dimension"]


@pytest.mark.parametrize("example", DATA["counted_examples"], ids=lambda e: e["question"])
def test_what_kind_of_thing_a_question_counts(example):
    from mjq_assistant.guards.kind import counted_thing
    asked = counted_thing(example["question"])
    assert (asked[0] if asked else None) == example["asks"]


@pytest.mark.parametrize("example", DATA["milestone_examples"], ids=lambda e: e["text"])
def test_a_threshold_the_figure_before_it_passed_is_no_figure(example):
    rows = extract.Extractor("甲乙镇", year=2024).extract([{"id": "p1", "kind": "paragraph", "text": example["text"]}])
    assert sorted(r.value for r in rows) == sorted(example["kept"])


def test_a_firm_named_after_its_place_by_words_that_only_name_a_trade_is_not_called_by_the_trade():
    """云杉市冷链物流: 冷链物流 names an industry every report writes (冷链物流企业27家), not the firm;
    云杉市丙丁新材料 is still called 丙丁新材料."""
    assert "冷链物流" not in extract.short_names("云杉冷链物流", "云杉市云杉冷链物流有限公司", {"云杉"})
    assert "丙丁新材料" in extract.short_names("云杉丙丁新材料", "云杉市云杉丙丁新材料有限公司", {"云杉"})


@pytest.mark.parametrize("example", DATA["metric"]["prior_base_examples"], ids=lambda e: e["text"])
def test_the_base_of_a_change_is_the_same_measure_a_year_before(example):
    rows = extract.Extractor("某镇", year=2025).extract([{"id": "p1", "kind": "paragraph", "text": example["text"]}])
    assert [[float(r.value), r.metric_zh, r.period] for r in rows] == [[float(v), m, str(p)] for v, m, p in example["rows"]]


def test_a_counter_takes_wan_and_yi_before_it_unless_listed_as_unscaled():
    units = lexicon.units()
    assert all(u in units for u in DATA["unit_examples"]["scaled"])
    assert not any(u in units for u in DATA["unit_examples"]["unscaled"])
    rows = extract.Extractor("某镇", year=2024).extract([{"id": "p1", "kind": "paragraph", "text": "整机产量31.5万架，增长20.4%。"}])
    assert [(r.value, r.unit, r.metric_zh) for r in rows][0] == ("31.5", "万架", "整机产量")


@pytest.mark.parametrize("example", DATA["targets"]["year_goal_examples"], ids=lambda e: e["text"])
def test_goals_a_sentence_sets_for_the_whole_year_are_of_the_year(example):
    rows = extract.Extractor("某镇", year=2025).extract([{"id": "p0", "kind": "title", "text": "某镇2025年上半年经济运行情况"},
                                                     {"id": "p1", "kind": "paragraph", "text": example["text"]}])
    assert {r.value: r.period for r in rows}[example["value"]] == example["period"]


@pytest.mark.parametrize("example", DATA["metric"]["spoken_examples"], ids=lambda e: e["text"])
def test_a_figure_said_aloud_is_named_as_if_written(example):
    """An interview's 差不多是…, 增长了…, 比去年同期多了…: the same rows a written report gives."""
    rows = extract.Extractor("某镇", year=2025).extract([{"id": "p1", "kind": "paragraph", "text": example["text"]}])
    assert [[float(r.value), r.metric_zh, r.qualifier] for r in rows] == [[float(v), m, q] for v, m, q in example["rows"]]


@pytest.mark.parametrize("example", DATA["metric"]["view_lead_examples"], ids=lambda e: e["text"])
def test_the_angle_a_list_is_read_from_is_no_part_of_the_measure(example):
    rows = extract.Extractor("某镇", year=2024).extract([{"id": "p1", "kind": "paragraph", "text": example["text"]}])
    assert rows[-1].metric_zh == example["metric"]


def _bulletin_rows(*paragraphs):
    """Rows of a 2025 bulletin whose title dates it January to October, the paragraphs (kind, text) after it."""
    return extract.Extractor("甲乙镇", year=2025).extract(
        [{"id": "t", "kind": "title", "text": "甲乙镇2025年1-10月经济运行简报"}]
        + [{"id": f"p{i}", "kind": kind, "text": text} for i, (kind, text) in enumerate(paragraphs)])


def test_a_bracketed_date_dates_its_own_line_only():
    """地区生产总值（1-9月）：…: the measure is 地区生产总值, of January to September; the next line is the bulletin's."""
    rows = _bulletin_rows(("paragraph", "地区生产总值（1-9月）：74.35亿元，同比增长5.9%；规上工业总产值完成年度目标进度：82.6%"))
    assert [(r.metric_zh, r.period) for r in rows] == [
        ("地区生产总值", "2025-01..2025-09"), ("地区生产总值同比增长", "2025-01..2025-09"),
        ("规上工业总产值年度目标进度", "2025-01..2025-10")]


def test_a_month_on_its_own_dates_its_row_or_its_section_not_what_follows():
    rows = _bulletin_rows(
        ("paragraph", "规模以上工业总产值：128.67亿元；其中10月当月规上工业总产值：13.08亿元；工业用电量：4.86亿千瓦时"),
        ("heading", "【10月当月】"), ("paragraph", "社会消费品零售总额：2.86亿元；工业用电量：0.47亿千瓦时"),
        ("heading", "【消费】"), ("paragraph", "社会消费品零售总额：26.93亿元"),
        ("paragraph", "1—10月，全镇接待研学旅行19.72万人次，10月单月接待3.86万人次；实现研学旅行综合收入1.43亿元。"))
    assert [(r.value, r.period) for r in rows] == [
        ("128.67", "2025-01..2025-10"), ("13.08", "2025-10"), ("4.86", "2025-01..2025-10"),
        ("2.86", "2025-10"), ("0.47", "2025-10"), ("26.93", "2025-01..2025-10"),
        ("19.72", "2025-01..2025-10"), ("3.86", "2025-10"), ("1.43", "2025-01..2025-10")]
    assert rows[1].metric_zh == "规上工业总产值"


def test_a_range_goes_on_after_a_sentence_that_adds_a_single_month():
    """1—10月…；10月当月…。固定资产投资…: the sentences after are January to October again, not the
    quarter said before the range (前三季度)."""
    rows = extract.Extractor("甲乙镇", year=2025, report_year=2025).extract([{"id": "p", "kind": "paragraph", "text":
        "前三季度，全镇地区生产总值44.7亿元。1—10月，规上工业总产值76.5亿元；10月当月完成规上工业总产值7.65亿元。"
        "固定资产投资21.3亿元。"}])
    assert [(r.value, r.period) for r in rows] == [("44.7", "2025-01..2025-09"), ("76.5", "2025-01..2025-10"),
                                                   ("7.65", "2025-10"), ("21.3", "2025-01..2025-10")]


def test_this_year_is_the_year_a_speech_is_given_in():
    """A speech dated by its dateline (（2025年11月20日，某会展中心）): 今年 after a sentence on 2024 is 2025, and
    今年以来 in a bulletin already dated keeps its months."""
    paras = clean.paragraphs(clean.clean("甲乙镇招商推介会实录\n（2025年11月20日，丙丁国际会展中心）\n\n"
                                         "2024年，全镇地区生产总值44.7亿元。今年新造油茶林4100亩。今年以来，前三季度地区生产总值37.6亿元。"))
    assert [p["kind"] for p in paras][:2] == ["title", "byline"]
    rows = extract.Extractor("甲乙镇", year=2024, report_year=2025, published="2025-11-20").extract(paras)
    assert [(r.value, r.period) for r in rows] == [("44.7", "2024"), ("4100", "2025"), ("37.6", "2025-01..2025-09")]
    rows = _bulletin_rows(("paragraph", "今年以来，全镇接待游客19.72万人次。"))
    assert [(r.value, r.period) for r in rows] == [("19.72", "2025-01..2025-10")]


def test_a_month_on_its_own_that_opens_a_sentence_dates_it_to_its_end():
    rows = _bulletin_rows(("paragraph", "从10月当月看，全镇规上工业总产值11.48亿元；无人机整机产量3.4万架。全镇社会消费品零售总额8.91亿元。"))
    assert [r.period for r in rows] == ["2025-10", "2025-10", "2025-01..2025-10"]


@pytest.mark.parametrize("example", DATA["scopes"]["above_examples"], ids=lambda e: e["text"])
def test_a_place_the_town_lies_in_gives_its_own_figures_or_is_compared_with(example):
    rows = extract.Extractor("某镇", year=2025).extract([{"id": "p1", "kind": "paragraph", "text": example["text"]}])
    assert [[float(r.value), r.scope_zh, r.metric_zh] for r in rows] == example["rows"]


@pytest.mark.parametrize("example", DATA["metric"]["firm_focus_examples"], ids=lambda e: e["paragraphs"][0])
def test_a_word_for_a_firm_is_the_firm_the_story_is_on(example):
    paras = [{"id": f"p{i}", "kind": "heading" if text.startswith("【") else "paragraph", "text": text}
             for i, text in enumerate(example["paragraphs"])]
    firms = [{"zh": name, "aliases": []} for name in example["firms"]]
    rows = extract.Extractor("某镇", year=2025, firms=firms).extract(paras)
    assert {r.value: r.scope_zh for r in rows if r.value in example["rows"]} == example["rows"]


@pytest.mark.parametrize("example", DATA["targets"]["year_in_progress_examples"], ids=lambda e: e["text"])
def test_a_goal_for_the_whole_year_is_of_the_year_the_text_is_written_in(example):
    paras = [{"id": "p0", "kind": "paragraph", "text": "回顾2024年，全镇发展势头良好。"},
             {"id": "p1", "kind": "paragraph", "text": example["text"]}]
    rows = extract.Extractor("某镇", year=2024, report_year=2024, published="2025-11-26").extract(paras)
    assert {r.value: r.period for r in rows}[example["value"]] == example["period"]


@pytest.mark.parametrize("example", DATA["metric"]["base_examples"], ids=lambda e: e["text"])
def test_a_base_said_with_its_year_and_a_word_for_the_measure_before(example):
    """比2023年的…亿元增加…: the base is 2023's, the change and the rest of the year read; 2023年这一数字是…: the
    measure named before, in 2023, and 2023 dates nothing after it."""
    rows = extract.Extractor("某镇", year=2024).extract([{"id": "p1", "kind": "paragraph", "text": example["text"]}])
    assert [[float(r.value), r.metric_zh, r.period] for r in rows] == [[float(v), m, p] for v, m, p in example["rows"]]
