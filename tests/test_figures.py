"""Reading figures in Chinese and English text: one reader for the knowledge
checks, the answers and the grounding guard, so 400.19亿元 and RMB 40.019 billion
must be the same figure and dates must never count as figures."""
from __future__ import annotations

from decimal import Decimal

import pytest

from mjq_assistant.figures import billions, contains_figure, find_figures, parse_figure, wan


def one(text: str):
    figures = find_figures(text)
    assert len(figures) == 1, f"{text!r}: {[f.text for f in figures]}"
    return figures[0]


# --- unit normalization ----------------------------------------------------------

def test_yi_equals_billion():
    zh, en = one("400.19亿元"), one("RMB 40.019 billion")
    assert zh.value == en.value == Decimal("40019000000")
    assert zh.matches(en) and en.matches(zh)
    assert en.equals_at_precision_of(zh) and zh.equals_at_precision_of(en)


def test_spoken_ge_yi_is_yi():
    """破10个亿: spoken Chinese puts 个 before 亿; it is 10亿, the 10.12亿元 of a report rounded."""
    (said,) = find_figures("财政收入破10个亿没？")
    (written,) = find_figures("一般公共预算收入10亿元")
    assert said.matches(written) and said.text == "10个亿"


def test_wan_equals_thousands_with_commas():
    zh, en = one("13万台"), one("130,000")
    assert zh.value == en.value == 130000
    assert zh.matches(en)
    assert en.equals_at_precision_of(zh)


def test_commas_and_plain_digits_are_the_same_number():
    assert one("2,054").matches(one("2054家"))
    assert one("4,681 new market entities").value == 4681


def test_different_numbers_do_not_match():
    assert not one("400.19亿元").matches(one("RMB 38.59 billion"))
    assert not one("13万台").matches(one("13,000"))
    assert not one("45.5%").matches(one("43.87%"))


def test_percentage_points_are_not_percent():
    points, percent = one("6.31个百分点"), one("6.31%")
    assert points.kind == "points" and percent.kind == "percent"
    assert not points.matches(percent)
    assert not percent.equals_at_precision_of(points)
    assert one("6.31 percentage points").matches(points)


def test_percent_is_not_a_plain_number():
    assert not one("45.5%").matches(one("45.5"))
    assert one("45.5％").matches(one("45.5%"))  # full-width percent sign


# --- dates and names are not figures --------------------------------------------

@pytest.mark.parametrize("text", [
    "2024年1至11月",
    "截至2024年12月28日",
    "as of 28 December 2024",
    "In January–November 2024",
    "2024年",
    "in 2025",
    "2024全年产值",  # the 年 left off: still a year
    "2025产值多少",
    "其中3月、5月的考核成绩",
    "小米SU7",
    "SU7",
    "首款SUV小米YU7",
    "[1]",
    "见文献[12]。",
    "output share, 1-11 2024",  # a range of months before a year, without 月
    "the 1–11 month 2024 retail sales",  # a range of months written in English
])
def test_dates_codes_and_citations_are_not_figures(text):
    assert find_figures(text) == []


def test_figures_next_to_dates_are_still_found():
    figures = find_figures("2024年1至11月，马驹桥镇规模以上工业企业91家，实现产值400.19亿元")
    assert [f.text for f in figures] == ["91", "400.19亿"]
    figures = find_figures("截至2024年12月28日，小米SU7交付量超过13万台。")
    assert [f.text for f in figures] == ["13万"]
    figures = find_figures("as of 28 December 2024, deliveries of the Xiaomi SU7 had reached over 130,000 (13万) vehicles")
    assert [f.value for f in figures] == [130000, 130000]
    # a count a dozen characters after a period's month ("June 2025): 680") is a count, not a date
    figures = find_figures("New urban jobs (whole town, January–June 2025): 680 people [1].")
    assert [f.text for f in figures] == ["680"]


def test_year_like_count_is_a_figure():
    f = one("迁入企业2054家")
    assert f.value == 2054 and f.kind == "number"


def test_history_in_years_is_a_figure():
    assert one("一座承载着1400年悠久历史的古镇").value == 1400
    assert one("an ancient town carrying 1,400 years of long history").value == 1400


def test_ordinals_are_not_figures():
    assert find_figures("第1名") == []


# --- precision --------------------------------------------------------------------

def test_rounded_figure_is_not_the_exact_one_at_its_precision():
    expected, rounded = one("400.19亿元"), one("40 billion")
    assert not rounded.equals_at_precision_of(expected)
    assert rounded.matches(expected)  # equal at the coarser precision (1 billion)
    assert expected.equals_at_precision_of(rounded)


def test_precision_follows_decimals_as_written():
    assert one("269.20亿元").step == Decimal("1e6")
    assert one("26.920 billion").matches(one("269.20亿元"))
    assert one("26.92 billion").equals_at_precision_of(one("269.2亿"))
    assert not one("26.9 billion").equals_at_precision_of(one("269.20亿元"))


def test_contains_figure():
    expected = parse_figure("400.19", "亿元")
    assert contains_figure("output value of RMB 40.019 billion (400.19亿元)", expected)
    assert not contains_figure("output value of about RMB 40 billion", expected)
    assert not contains_figure("in 2024", parse_figure("2024", "家"))


# --- qualifiers ---------------------------------------------------------------------

@pytest.mark.parametrize("text,value", [("30余家", 30), ("200多家", 200), ("7600余人次", 7600), ("80余个", 80)])
def test_approximate_counts_give_the_stated_number(text, value):
    f = one(text)
    assert f.value == value and f.kind == "number"


def test_more_than_30_in_english_matches_30yu():
    assert one("more than 30 pharmaceutical enterprises").matches(one("30余家"))


# --- indicator value + unit -----------------------------------------------------------

@pytest.mark.parametrize("value,unit,kind,base", [
    ("400.19", "亿元", "number", Decimal("40019000000")),
    ("13", "万台", "number", Decimal("130000")),
    ("230.08", "%", "percent", Decimal("230.08")),
    ("6.31", "个百分点", "points", Decimal("6.31")),
    ("2054", "家", "number", Decimal("2054")),
    ("1400", "年", "number", Decimal("1400")),
    ("46", "平方公里", "number", Decimal("46")),
    ("76", "秒", "number", Decimal("76")),
])
def test_parse_figure(value, unit, kind, base):
    f = parse_figure(value, unit)
    assert (f.kind, f.value, f.number) == (kind, base, value)


@pytest.mark.parametrize("value,unit", [("abc", "家"), ("2024", "年")])
def test_parse_figure_rejects_non_figures(value, unit):
    with pytest.raises(ValueError):
        parse_figure(value, unit)


def test_english_renderings():
    assert billions("400.19", "亿元") == "40.019 billion"
    assert one(billions("269.20", "亿元")).equals_at_precision_of(parse_figure("269.20", "亿元"))
    assert billions("13", "万台") is None
    assert billions("2.46", "亿元") == "246 million" and billions("1.104", "亿元") == "110.4 million"  # under a billion
    assert one(billions("2.30", "亿元")).equals_at_precision_of(parse_figure("2.30", "亿元"))
    assert wan("13", "万台") == "130,000"
    assert wan("400.19", "亿元") is None


@pytest.mark.parametrize("value, unit, en", [
    ("62", "亿元", "RMB 6.2 billion (62亿元)"),
    ("28.6", "万元", "RMB 286,000 (28.6万元)"),
    ("4260", "万美元", "USD 42,600,000 (4260万美元)"),
    ("1.2", "亿美元", "USD 120 million (1.2亿美元)"),
    ("38460", "元", "RMB 38460"),
    ("5.47", "亿千瓦时", "547 million (5.47亿千瓦时) kWh"),
    ("13", "万台", "130,000 (13万台) vehicles"),
])
def test_english_amounts_keep_their_currency_and_unit(value, unit, en):
    """Money says which currency (dollars are not yuan); other 亿 and 万 units keep their unit."""
    from mjq_assistant.knowledge import Indicator
    from mjq_assistant.render import figure_text
    row = Indicator(id="ind-01", scope_zh="全镇", scope="whole town", metric_zh="某指标", metric_en="a measure",
                    period="2024", value=value, unit=unit, qualifier="", comparison="", kind="amount", of="",
                    keywords="", source="p01", quote=f"{value}{unit}", note="")
    assert figure_text(row, "en") == en


@pytest.mark.parametrize("qualifier, zh, en", [
    ("近", "近260万人次", "nearly 2,600,000 (260万人次) person-times"),
    ("约", "约62亿元", "about RMB 6.2 billion (62亿元)"),
    ("余", "30余家", "more than 30"),
])
def test_every_qualifier_reads_in_both_languages(qualifier, zh, en):
    """Each qualifier the indicators may carry (近 once crashed the English answer)."""
    from mjq_assistant.knowledge import Indicator
    from mjq_assistant.render import figure_text
    value, unit = {"近": ("260", "万人次"), "约": ("62", "亿元"), "余": ("30", "家")}[qualifier]
    row = Indicator(id="ind-01", scope_zh="全镇", scope="whole town", metric_zh="接待游客数量", metric_en="tourist visits",
                    period="2024", value=value, unit=unit, qualifier=qualifier, comparison="", kind="count", of="",
                    keywords="", source="p01", quote=f"{zh}", note="")
    assert figure_text(row, "zh") == zh
    assert figure_text(row, "en") == en


@pytest.mark.parametrize("text, numbers", [
    ("建成后年产能将提升至20GWh。", ["20"]),
    ("30MW光伏项目", ["30"]),
    ("小米SU7交付", []),
    ("the 7th edition", []),
])
def test_a_number_in_a_latin_unit_is_a_figure_and_a_model_code_is_not(text, numbers):
    assert [f.number for f in find_figures(text)] == numbers


def test_an_english_scale_joined_by_a_hyphen_or_said_word_for_word_is_read():
    """"the 24.039-billion-yuan total" and "240.39 hundred million yuan" are 240.39亿元; a range's
    hyphen (5-10%) is no scale."""
    from mjq_assistant.figures import find_figures, parse_figure
    yi = parse_figure("240.39", "亿元")
    for text in ("the 24.039-billion-yuan sales total", "that 240.39-hundred-million-yuan figure",
                 "240.39 hundred million yuan"):
        assert [f.matches(yi) for f in find_figures(text)] == [True], text
    assert [f.text for f in find_figures("5-10%")] == ["5"]
