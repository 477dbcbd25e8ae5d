"""Figures in text: find them, normalize their units, compare them.

One reader for Chinese and English, shared by the knowledge checks, the answer
composer, the evaluation scorer and the LLM grounding guard:
400.19亿元 == RMB 40.019 billion; 13万台 == 130,000; % and 个百分点 never equal.
Dates (2024年, 1至11月, 28 December) and product names (SU7) are not figures.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from . import lexicon

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|"
           "november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")

_EN_SCALE = r"hundred[\s\-]+million|ten[\s\-]+thousand|billion|million|thousand"
_FIGURE = re.compile(
    r"(?<![A-Za-z0-9.,\-])"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?!(?!(?:[GMkT]Wh|[GMk]W|km)(?![A-Za-z]))[A-Za-z0-9])"  # SU7-like codes and '7th' are not figures; 20GWh is
    r"\s*(?P<approx>余|多)?\s*"
    rf"(?:-(?={_EN_SCALE}))?"  # "24.039-billion-yuan"
    rf"(?P<unit>个百分点|percentage\s+points?|%|％|个?亿|万|{_EN_SCALE})?",  # (10个亿: spoken for 10亿)
    re.IGNORECASE)
_CITATION = re.compile(r"\[\d+\]")
_DATE_AFTER = re.compile(r"\s*(月|日|号|个月|(至|到)\s*\d+\s*月|[–—－\-~]\s*\d+\s*(月|months?\b)|months?\b)", re.IGNORECASE)
# "1-11 2024", "1–9, 2025": a range of months before a year, written without 月
_MONTH_RANGE = re.compile(r"\s*[–—－\-~]\s*(?:1[0-2]|0?[1-9])(?=[\s,]+'?(?:20)?\d\d\b)")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$", re.IGNORECASE)  # "December 28"
_MONTH_AFTER = re.compile(rf"^\s*(?:{_MONTHS})\b", re.IGNORECASE)       # "28 December"
_QUALIFIED_ORDINAL = re.compile(r"(?:第|前|Q)\s*$")

# 亿 and 万 word for word in English: "hundred million", "ten thousand"
_SCALE = {"亿": Decimal("1e8"), "万": Decimal("1e4"), "hundred million": Decimal("1e8"), "ten thousand": Decimal("1e4"),
          "billion": Decimal("1e9"), "million": Decimal("1e6"), "thousand": Decimal("1e3")}


@dataclass(frozen=True)
class Figure:
    """A number as written, with its kind and its value in base units."""

    text: str        # as written, e.g. "400.19亿" or "40.019 billion"
    number: str      # the digits as written, e.g. "400.19"
    kind: str        # "percent", "points" (个百分点) or "number"
    value: Decimal   # in base units: 400.19亿 -> 40019000000
    step: Decimal    # the precision it was written at, in base units
    start: int
    end: int

    def matches(self, other: "Figure") -> bool:
        """Same kind and equal at the coarser of the two stated precisions."""
        if self.kind != other.kind:
            return False
        return abs(self.value - other.value) <= max(self.step, other.step) / 2

    def equals_at_precision_of(self, expected: "Figure") -> bool:
        """Equal to `expected` at the precision `expected` was written at."""
        return self.kind == expected.kind and abs(self.value - expected.value) <= expected.step / 2


def _kind_and_scale(unit: str) -> tuple[str, Decimal]:
    unit = re.sub(r"[\s\-]+", " ", unit.lower()).replace("个亿", "亿")
    if unit in ("%", "％"):
        return "percent", Decimal(1)
    if unit == "个百分点" or unit.startswith("percentage"):
        return "points", Decimal(1)
    return "number", _SCALE.get(unit, Decimal(1))


@functools.cache
def _counted_units() -> tuple[str, ...]:
    """The units a report writes after a number (lexicon/extraction.yaml), but 年."""
    return tuple(u for u in lexicon.units() if u != "年" and not u.isascii())


def _is_date(text: str, m: re.Match) -> bool:
    number = m.group("num")
    after, before = text[m.end("num"):m.end("num") + 12], text[max(0, m.start() - 12):m.start()]
    if m.group("unit") or m.group("approx"):
        return False
    if _DATE_AFTER.match(after) or _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
        return True
    if number.isdigit() and 1 <= int(number) <= 12 and _MONTH_RANGE.match(after):
        return True
    # a year: 2024年, "in 2024", 2024全年; but 2054家, with a unit after it, is a count
    return (re.fullmatch(r"\d{4}", number) is not None and 1990 <= int(number) <= 2035
            and not after.startswith(_counted_units()))


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in order; dates, ordinals and [n] markers skipped."""
    text = _CITATION.sub(lambda m: " " * len(m.group()), text)
    found = []
    for m in _FIGURE.finditer(text):
        if _is_date(text, m) or _QUALIFIED_ORDINAL.search(text[max(0, m.start() - 2):m.start()]):
            continue
        number = m.group("num")
        kind, scale = _kind_and_scale(m.group("unit") or "")
        digits = Decimal(number.replace(",", ""))
        decimals = len(number.split(".")[1]) if "." in number else 0
        found.append(Figure(text=m.group().strip(), number=number, kind=kind,
                            value=digits * scale, step=Decimal(1).scaleb(-decimals) * scale,
                            start=m.start(), end=m.end()))
    return found


def parse_figure(value: str, unit: str) -> Figure:
    """The Figure for an indicator's value and unit, e.g. ("400.19", "亿元")."""
    figures = find_figures(f"{value}{unit}") or find_figures(f"{value} {unit}")  # 8GWh: a Latin unit
    if not figures:
        raise ValueError(f"not a figure: {value!r} {unit!r}")
    return figures[0]


def contains_figure(text: str, expected: Figure) -> bool:
    """Whether `text` states `expected` at its stated precision."""
    return any(f.equals_at_precision_of(expected) for f in find_figures(text))


def billions(value: str, unit: str) -> str | None:
    """亿元 amounts in English: ("400.19", "亿元") -> "40.019 billion", ("2.46", "亿元") -> "246 million";
    else None."""
    if not unit.startswith("亿"):
        return None
    if Decimal(value) < 10:  # under a billion: in millions, at the same precision
        millions = Decimal(value) * 100
        return f"{millions.normalize():f} million" if "." in value else f"{int(millions)} million"
    amount = Decimal(value) / 10
    decimals = max(len(value.split(".")[1]) + 1 if "." in value else 1, 0)
    text = f"{amount:.{decimals}f}".rstrip("0").rstrip(".") if "." in value else f"{amount:f}"
    return f"{text} billion"


def wan(value: str, unit: str) -> str | None:
    """万 counts in English: ("13", "万台") -> "130,000"; else None."""
    if not unit.startswith("万"):
        return None
    return f"{int(Decimal(value) * 10000):,}"


def dimension(unit: str) -> str:
    """What a unit measures (lexicon/extraction.yaml unit_dimensions): 亿元 money, 万辆 count."""
    dimensions = lexicon.load("extraction")["unit_dimensions"]
    return next((d for d, units in dimensions.items() if base_unit(unit) in map(str, units)), "count")


def names_what_it_counts(unit: str) -> bool:
    """A unit that says what it measures or counts (人次, 平方公里, 吨), not one only a number goes with
    (家, 个: lexicon/extraction.yaml units_en gives them no word), nor money or a percentage."""
    return bool(lexicon.load("extraction")["units_en"].get(base_unit(unit))) and dimension(unit) not in ("money", "percent")


def base_unit(unit: str) -> str:
    """万辆 -> 辆, 亿元 -> 元: the unit without its 万/亿 multiplier."""
    return unit[1:] if unit[:1] in ("万", "亿") and len(unit) > 1 else unit
