"""How figures and periods are written in answers, in Chinese and English.

Shared by the composer, the CLI and the UI, so a figure reads the same everywhere."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from . import lexicon
from .figures import billions, wan
from .knowledge import Indicator


def period_text(period: str, language: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d\d)\.\.(\d{4})-(\d\d)", period)
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
    if m:
        y, a, _, b = m.groups()
        return f"{y}年{int(a)}至{int(b)}月" if language == "zh" else f"{months[int(a) - 1]}–{months[int(b) - 1]} {y}"
    m = re.fullmatch(r"as of (\d{4})-(\d\d)-(\d\d)", period)
    if m:
        y, mo, d = m.groups()
        return f"截至{y}年{int(mo)}月{int(d)}日" if language == "zh" else f"as of {int(d)} {months[int(mo) - 1]} {y}"
    m = re.fullmatch(r"(\d{4})-(\d\d)", period)
    if m:
        y, mo = m.groups()
        return f"{y}年{int(mo)}月" if language == "zh" else f"{months[int(mo) - 1]} {y}"
    return f"{period}年" if period and language == "zh" else period


_WRITING = lexicon.load("extraction")  # how reports write units and qualifiers
_EN_UNITS = _WRITING["units_en"]
_CURRENCY = _WRITING["currencies_en"]  # written before the number: RMB 6.2 billion
_EN_QUALIFIER = {**_WRITING["qualifiers"]["en"], "": ""}
_BEFORE = tuple(_WRITING["qualifiers"]["before"])  # written before the number (约62亿元); 余 and 多 after it (30余家)


def figure_text(row: Indicator, language: str) -> str:
    """The figure as an answer states it: 超过13万台 / over 130,000 (13万台) vehicles."""
    q, v, u = row.qualifier, row.value, row.unit
    if language == "zh":
        return f"{q}{v}{u}" if q in _BEFORE else f"{v}{q}{u}"
    original = f"{v}{u}" if q in _BEFORE else f"{v}{q}{u}"
    qualifier = _EN_QUALIFIER[q]
    base = u[1:] if billions(v, u) or wan(v, u) else u
    currency = _CURRENCY.get(base)
    if billions(v, u) or wan(v, u):
        number = f"{billions(v, u) or wan(v, u)} ({original})"
        core = f"{currency} {number}" if currency else f"{number} {_EN_UNITS.get(base, '')}".strip()
    elif currency:
        core = f"{currency} {v}"
    elif u in ("%",):
        core = f"{v}%"
    elif u == "个百分点":
        core = f"{v} percentage points"
    else:
        core = f"{v} {_EN_UNITS.get(u, '')}".strip()
    return f"{qualifier} {core}".strip()


def join_scope(scope: str, metric: str) -> str:
    """全镇规上汽车制造业 + 规上汽车制造业企业产值 -> 全镇规上汽车制造业企业产值."""
    for size in range(min(len(scope), len(metric)), 1, -1):
        if scope.endswith(metric[:size]):
            return scope + metric[size:]
    return scope + metric


def extracted_note(row: Indicator, language: str) -> str:
    """The note an answer puts next to a figure from a row nobody has reviewed yet ("" for reviewed rows)."""
    if row.status != "extracted":
        return ""
    return "自动抽取，未经人工核对" if language == "zh" else "extracted automatically, not yet reviewed"


def months_covered(period: str) -> tuple[int, int] | None:
    """The first and last month a period covers (2023 -> (1, 12), 2024-01..2024-06 -> (1, 6));
    None for a date or a single month."""
    m = re.fullmatch(r"\d{4}-(\d\d)\.\.\d{4}-(\d\d)", period)
    if m:
        return int(m.group(1)), int(m.group(2))
    return (1, 12) if re.fullmatch(r"\d{4}", period) else None


def _gap(first: Indicator, second: Indicator, language: str) -> tuple[Decimal, str] | None:
    """second minus first, and its size as said in the language (a difference of two shares or
    rates in percentage points). None when either figure is not an exact number ("over", "about")."""
    if first.qualifier or second.qualifier:
        return None
    try:
        a, b = Decimal(first.value), Decimal(second.value)
    except InvalidOperation:
        return None
    places = max(-a.as_tuple().exponent, -b.as_tuple().exponent, 0)
    diff = b - a
    size = f"{abs(diff):.{places}f}"
    shown = second.model_copy(update={"value": size, "unit": "个百分点"} if first.unit == "%" else {"value": size})
    return diff, figure_text(shown, language)


def change_text(earlier: Indicator, later: Indicator, markers: tuple[int, int], language: str) -> str | None:
    """How a figure changed between two cited rows of one measure, marked as computed from them: a
    share or rate in percentage points, an amount or count in its unit. None when it cannot be
    computed (a figure given as "over" or "about", a value that is not a number)."""
    gap = _gap(earlier, later, language)
    if gap is None:
        return None
    diff, amount = gap
    first, second = period_text(earlier.period, language), period_text(later.period, language)
    one, two = markers
    if language == "zh":
        verb = "持平" if not diff else ("提高" if earlier.unit == "%" else "增加") if diff > 0 else \
            ("下降" if earlier.unit == "%" else "减少")
        said = verb if not diff else f"{verb}{amount}"
        return f"变化：{second}比{first}{said}（据[{one}][{two}]两个数字计算）。"
    said = "unchanged" if not diff else f"{'up' if diff > 0 else 'down'} {amount}"
    return f"Change: {said} from {first} to {second} (computed from [{one}] and [{two}])."


def difference_text(first: Indicator, second: Indicator, markers: tuple[int, int], language: str) -> str | None:
    """How far apart two cited figures of one unit are, the larger named first, marked as computed
    from them. None when it cannot be computed."""
    gap = _gap(first, second, language)
    if gap is None:
        return None
    diff, amount = gap
    low, high = (first, second) if diff >= 0 else (second, first)
    one, two = markers if diff >= 0 else markers[::-1]
    if language == "zh":
        said = "持平" if not diff else f"{high.metric_zh}比{low.metric_zh}{'高' if high.unit == '%' else '多'}{amount}"
        return f"差值：{said}（据[{two}][{one}]两个数字计算）。"
    said = "they are equal" if not diff else f"{high.metric_en} is {amount} {'higher' if high.unit == '%' else 'more'} " \
        f"than {low.metric_en[:1].lower() + low.metric_en[1:]}"
    return f"Difference: {said} (computed from [{two}] and [{one}])."


def ratio_text(first: Indicator, second: Indicator, markers: tuple[int, int], language: str) -> str | None:
    """How many times the first cited figure is the second, marked as computed from them ("about"
    when either is approximate: 290余家, 约3万人). None when either is not a positive number."""
    try:
        a, b = Decimal(first.value), Decimal(second.value)
    except InvalidOperation:
        return None
    if a <= 0 or b <= 0:
        return None
    ratio = f"{a / b:.1f}"
    one, two = markers
    about = bool(first.qualifier or second.qualifier)
    cited = f"[{one}]" if one == two else f"[{one}][{two}]"
    if language == "zh":
        return f"倍数：{first.metric_zh}{'约' if about else ''}为{second.metric_zh}的{ratio}倍（据{cited}的两个数字计算）。"
    cited = f"[{one}]" if one == two else f"[{one}] and [{two}]"
    return f"Ratio: {first.metric_en} is {'about ' if about else ''}{ratio} times {second.metric_en.lower()} " \
           f"(computed from the two figures in {cited})."
