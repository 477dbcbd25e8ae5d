"""Period guard: decides that the period asked for is not in the data: a single month when
the data has cumulative figures only, a year it has no figures for, a cumulative period it has
no figures for (1至9月 over a January–June bulletin), a year the measure asked
about is not given for (bulletins of several years), or the full year when it has part of it."""
from __future__ import annotations

import re

from .. import question as cue
from ..cite import Answer
from ..question import Question
from ..render import period_text


def check(composer, q: Question, rows, wants_figure: bool) -> Answer | None:
    """Before the premise guard: a single month or quarter, another year, or a cumulative
    period no document covers is abstained from with the closest row; None otherwise."""
    years = {int(y) for y in q.years} - composer.k.years if composer.k.years else set()  # (undated data: no year is another)
    end = cue.end_month(q.text)  # 前三季度 names a cumulative period, not the single quarter in it
    single = wants_figure and not end and cue.SINGLE_MONTH.search(cue.UP_TO_MONTH.sub(" ", q.text))
    quarter = cue.quarter_months(q.text)  # 二季度, when a table gives the quarters
    if single and any(cue.in_quarter(r.period, quarter) for r in composer.k.indicators):
        single = None
    if single and rows and single.group() in rows[0][0].metric_zh:  # 9月举办的节会成交额: the month of an
        single = None                                                 # event, in the figure's own name
    if single and not composer._monthly:
        period = composer.k.latest_period
        return composer._abstain(q, "single_month", rows[:1], period=period.zh if q.language == "zh" else period.en)
    month = cue.one_month(q.text)  # 11月 when the data's single months are others (10月)
    if single and not month:  # 三季度 beside single months: a single quarter is never a period of the data
        return composer._abstain(q, "other_period", rows[:1], asked=single.group())
    if wants_figure and composer._monthly and month and not any(
            re.fullmatch(rf"\d{{4}}-{month}", r.period) for r in composer.k.indicators):
        return composer._abstain(q, "other_month", rows[:1], month=int(month))
    if years and (wants_figure or not _mentions_year(composer, years)):
        return composer._abstain(q, "other_year", rows[:1], years="、".join(map(str, sorted(years))),
                                 latest=max(composer.k.years))
    # of the one year named; of any year when the question names two periods (2024年全年和今年1—6月)
    named = set(cue.YEAR.findall(q.text))
    one_year = named if len(named) == 1 and not (cue.THIS_YEAR.search(q.text) or cue.FULL_YEAR.search(q.text)) else set()
    if wants_figure and end and not _covered_by(composer, end, one_year):
        return _other_period(composer, q, rows, end)
    return None


def _covered_by(composer, end: str, years: set[str]) -> bool:
    """Whether the data has figures for the cumulative period ending in month `end` (1至9月 ->
    "09") of a year asked (of any year when none is): a period it ends, or the full year for 12."""
    return any((not years or r.period[:4] in years)
               and (r.period.endswith(f"-01..{r.period[:4]}-{end}") or end == "12" and r.period == r.period[:4])
               for r in composer.k.indicators)


def _other_period(composer, q: Question, rows, end: str) -> Answer:
    """前三季度 asked over a January–June bulletin: abstained from, with the closest row."""
    year = max(q.years or [composer._latest_year])
    asked = period_text(f"{year}-01..{year}-{end}", q.language)
    if not q.years:  # 1至9月 of no year named
        asked = asked.replace(f"{year}年", "").replace(f" {year}", "")
    return composer._abstain(q, "other_period", rows[:1], asked=asked)


def series_year(composer, q: Question, rows) -> Answer | None:
    """For a figure question with rows: a year the data has, but not for this measure (农业总产值
    of 2024 when only 2023's is given) is abstained from, with the period it is given for."""
    asked = set(cue.YEAR.findall(cue.BASE_YEAR.sub(" ", q.text)))  # not a year named as the base (跟2024年相比)
    top = rows[0][0]
    results = _results(q, [r for r, _ in rows[:3]])
    if not asked or not re.match(r"\d{4}", top.period) or any(r.period[:4] in asked for r in results):
        return None
    given = composer.series_of(top) or [top]
    if any(r.period[:4] in asked for r in given):
        return None
    return composer._abstain(q, "series_year", rows[:1], years="、".join(sorted(asked)),
                             period=period_text(top.period, q.language))


def series_period(composer, q: Question, rows) -> Answer | None:
    """For a figure question with rows: a part of the year the data has figures for, but not of
    this measure and kind (一季度的地区生产总值 when the first quarter has only its growth rate) is
    abstained from, with the period the figure is given for."""
    end = cue.end_month(q.text)
    results = _results(q, [r for r, _ in rows[:3]])
    if not end or not results or cue.COMPARE.search(q.text) or len(set(q.years)) > 1:
        return None
    top = results[0]
    # (another measure's figure of that period, ranked near, does not give this one: 2025年的入库税收
    # when only the firm's output has 2025)
    same = [r for r in results if r.kind == top.kind and r.series == top.series] + (composer.series_of(top) or [])
    if any(r.period.endswith(f"-{end}") for r in same):
        return None
    year = max(q.years or [top.period[:4]])
    return composer._abstain(q, "series_period", [(top, rows[0][1])], asked=period_text(f"{year}-01..{year}-{end}", q.language),
                             period=period_text(top.period, q.language))


def full_year(composer, q: Question, rows) -> Answer | None:
    """For a figure question with rows: "the full year" when the best rows cover part of it (not when it
    compares two years: "full-year 2024 with January–September 2025" names the part it compares)."""
    if len(set(q.years)) > 1:
        return None
    asked = set(q.years) or {rows[0][0].period[:4]}
    top = rows[0][0]
    given = [r for r, _ in rows[:3]] + (composer.series_of(top) or [])  # 2024 of the measure, ranked lower
    given = _results(q, given)
    # 2024年全年 named as the base of a comparison (和2024年全年比) does not ask this year's full year
    # the part of the year asked that the data has: the best row's, or one of the year asked ranked lower
    # (full-year 2025 asked, a 2024 row first, January–September 2025 below it)
    part = top if _part_of_year(top.period) else next(
        (r for r in given if r.period[:4] in asked and _part_of_year(r.period)), None)
    if cue.FULL_YEAR.search(cue.BASE_YEAR.sub(" ", q.text)) and not any(r.period in asked for r in given) and part:
        return composer._abstain(q, "full_year", [(part, rows[0][1])], period=period_text(part.period, q.language))
    return None


def _results(q: Question, rows):
    """The rows that are results: a goal set for a year (2024年地区生产总值增长目标) is not that
    year's figure, unless the question asks for a goal."""
    return rows if cue.TARGET_ASKED.search(q.text) else [r for r in rows if not r.is_target]


def _mentions_year(composer, years: set[int]) -> bool:
    return any(str(y) in p.text for y in years for p in composer.k.article_zh)


def _part_of_year(period: str) -> bool:
    """2024-01..2024-11: a cumulative period that is not the full year."""
    m = re.fullmatch(r"\d{4}-(\d\d)\.\.\d{4}-(\d\d)", period)
    return bool(m) and (m.group(1), m.group(2)) != ("01", "12")
