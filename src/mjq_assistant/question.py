"""What a question asks: the cues the composer reads (Chinese and English
patterns for figures, growth, shares, comparisons, injections, follow-ups...),
splitting a message into questions, and the records the composer's steps read instead
of running the cues again: Analysis (a message, read once) and Question (one of its
questions: the kinds of figure and the years it asks for).

The cues are language data: each is an entry of lexicon/cues.yaml (what it means,
its pattern, examples that must and must not match); the names here keep the
composer's `cue.GROWTH_CUE` reading as it did."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from . import lexicon
from .figures import base_unit
from .language import clean, detect_language, has_content, name_end, to_simplified

MAX_QUESTION_CHARS = 1000

INJECTION = lexicon.pattern("injection")
OTHER_GENRE = lexicon.pattern("other_genre")
INJECTION_WORDS = lexicon.pattern("injection_words")
FOLLOWUP = lexicon.pattern("followup")
REFERRED = lexicon.pattern("referred")
# the kinds of section a report enumerates items under (problems, next steps), by the words naming them
SECTION_KINDS = {kind: re.compile(p, re.IGNORECASE) for kind, p in lexicon.family("section_kind").items()}
LIST_SEPARATOR = lexicon.pattern("list_separator")
NUMBER_ASKED = lexicon.pattern("figure_cue")  # 多少, "how much", share, growth: a number asked for
FIGURE_CUE = re.compile(f"{NUMBER_ASKED.pattern}|{lexicon.regex('measure_noun')}", re.IGNORECASE)  # or a measure named
OPINION = lexicon.pattern("opinion")
DESCRIBE_CUE = lexicon.pattern("describe_cue")
EN_HEAD = lexicon.pattern("en_head")
EN_BOUNDARY = lexicon.words("en_boundary")
AUXILIARY = lexicon.words("auxiliary")
WENT_WRONG = lexicon.pattern("went_wrong")
COUNTED = lexicon.pattern("counted")
GROWTH_CUE = lexicon.pattern("growth_cue")
SHARE_CUE = lexicon.pattern("share_cue")
SHARE_BASE = lexicon.pattern("share_base")
RATE_ASKED = lexicon.pattern("rate_asked")
POINTS_CUE = lexicon.pattern("points_cue")
NEGATIVE_EVENT = lexicon.pattern("negative_event")
HEAD = lexicon.pattern("head")
AGE = lexicon.pattern("age")
ROLE_ASK = lexicon.pattern("role_ask")
PERSON_REF = lexicon.pattern("person_ref")
UP_TO_MONTH = lexicon.pattern("up_to_month")
SINGLE_MONTH = lexicon.pattern("single_month")
PLACE_SUFFIX = lexicon.pattern("place_suffix")
NAME_BOUNDARY = lexicon.pattern("name_boundary")
NOT_A_NAME = lexicon.pattern("not_a_name")
FOREIGN_UNIT = lexicon.pattern("foreign_unit")
EMPLOYMENT = lexicon.pattern("employment")
THIS_YEAR = lexicon.pattern("this_year")
LAST_YEAR = lexicon.pattern("last_year")
NEXT_YEAR = lexicon.pattern("next_year")
EITHER_DIRECTION = lexicon.pattern("either_direction")
THRESHOLD_BEFORE = lexicon.pattern("threshold_before")
COUNT_STATED = lexicon.pattern("count_stated")
SHARE_STATED = lexicon.pattern("share_stated")
SHARE_STATED_AFTER = lexicon.pattern("share_stated_after")
SHARE_SAID_BEFORE = lexicon.pattern("share_said_before")
COMPARED_CLAIM = lexicon.pattern("compared_claim")
COMPARED_PLACE = lexicon.pattern("compared_place")
COUNT_REQUESTED = lexicon.pattern("count_requested")
THRESHOLD_AFTER = lexicon.pattern("threshold_after")
ROUGH_AFTER = lexicon.pattern("rough_after")
ROUGH_BEFORE = lexicon.pattern("rough_before")
ROUGH_NEAR_AFTER = lexicon.pattern("rough_near_after")
THRESHOLD_ASKED = lexicon.pattern("threshold_asked")
REQUEST = lexicon.pattern("request")
ANSWER_REQUEST = lexicon.pattern("answer_request")
PERFORMANCE = lexicon.pattern("performance")
OVERVIEW = lexicon.pattern("overview")
EN_PLACE = lexicon.pattern("en_place")
EN_BASE = lexicon.pattern("en_base")
ONE_MONTH = lexicon.pattern("one_month")
FIRST_HALF = lexicon.pattern("first_half")
FIRST_QUARTER = lexicon.pattern("first_quarter")
ONE_QUARTER = lexicon.pattern("one_quarter")
WHY = lexicon.pattern("why")
WHO = lexicon.pattern("who")
FIRMS_CUE = lexicon.pattern("firms_cue")
PARTS_CUE = lexicon.pattern("parts_cue")
RATIO_ASKED = lexicon.pattern("ratio_asked")
FIRM_RANKED_ASKED = lexicon.pattern("firm_ranked_asked")
LOWEST_ASKED = lexicon.pattern("lowest_asked")
RANK_ASKED = lexicon.pattern("rank_asked")
DIFFERENCE_ASKED = lexicon.pattern("difference_asked")
TARGETS_LISTED = lexicon.pattern("targets_listed")
DOCUMENT_SUMMARY = lexicon.pattern("document_summary")
LIST_ASK = lexicon.pattern("list_ask")
ENUMERATED_ITEM = lexicon.pattern("enumerated_item")
ITEMS_ASKED = lexicon.pattern("items_asked")
COUNT_WORDS = lexicon.mapping("count_words")
PEOPLE_CUE = lexicon.pattern("people_cue")
MENTION = lexicon.pattern("mention")
HEADLINE_CUE = lexicon.pattern("headline_cue")
ORDINAL_ASK = lexicon.pattern("ordinal_ask")
ORDINAL = lexicon.pattern("ordinal")
SAY = lexicon.pattern("say")
ONE_FIRM = lexicon.pattern("one_firm")
LOCATED = lexicon.pattern("located")
REVENUE = lexicon.pattern("revenue")
MONEY_CUE = lexicon.pattern("money_cue")
CURRENCY = lexicon.pattern("currency")
SAID_BY = lexicon.pattern("said_by")
CONTACT_ASKED = lexicon.pattern("contact_asked")
AMOUNT_CUE = lexicon.pattern("amount_cue")
COUNT_CUE = lexicon.pattern("count_cue")
COMPARE = lexicon.pattern("compare")
WHICH_MORE = lexicon.pattern("which_more")
WHICH_OPENING = lexicon.pattern("which_opening")
# 纳税 asked, 税收 written (and the other way round)
MEASURE_KIN = lexicon.mapping("measure_kin") | {v: k for k, v in lexicon.mapping("measure_kin").items()}
PARTS = lexicon.pattern("parts")
SUBJECTLESS_PART = lexicon.pattern("subjectless_part")
REFERS_BACK = lexicon.pattern("refers_back")
POINTED_BACK = lexicon.pattern("pointed_back")
OWN_TOWN = lexicon.pattern("own_town")
EXCLUDED = lexicon.pattern("excluded")
FRACTION_CLAIM = lexicon.pattern("fraction_claim")
SUPERLATIVE_CLAIM = lexicon.pattern("superlative_claim")
WHICH_ASKED = lexicon.pattern("which_asked")
CONJUNCTION = lexicon.pattern("conjunction")
WHO_IS = lexicon.pattern("who_is")
PEOPLE_LISTED = lexicon.pattern("people_listed")
OFFICIALS_ASKED = lexicon.pattern("officials_asked")
FALL = lexicon.pattern("fall")
RISE_CLAIM = lexicon.pattern("rise_claim")
FULL_YEAR = lexicon.pattern("full_year")
BASE_YEAR = lexicon.pattern("base_year")
YEAR = lexicon.pattern("year")
SHORT_YEAR = lexicon.pattern("short_year")
PREVIOUS_PERIOD = lexicon.pattern("previous_period")
CHANGE_OVER_TIME = lexicon.pattern("change_over_time")
PRESENT = lexicon.pattern("present")
TARGET_ASKED = lexicon.pattern("target_asked")
TARGET_WITH_RESULT = lexicon.pattern("target_with_result")
HOW_IS_IT = lexicon.pattern("how_is_it")
STATED_PREMISE = lexicon.pattern("stated_premise")
GOAL_BEATEN = lexicon.pattern("goal_beaten")
STANDING_ASKED = lexicon.pattern("standing_asked")
STANDING_SAID = lexicon.pattern("standing_said")
FALL_WIDENED = lexicon.pattern("fall_widened")
FALL_NARROWED = lexicon.pattern("fall_narrowed")
KEYWORD_QUERY = lexicon.pattern("keyword_query")
STAFF_CHATTER = lexicon.pattern("staff_chatter")
SET_APART = lexicon.pattern("set_apart")
PART_OF = lexicon.pattern("part_of")
TABLE_REF = lexicon.pattern("table_ref")
TABLE_CAPTION = lexicon.pattern("table_caption")
COUNTED_NAMES = lexicon.pattern("counted_names")
GROUP_COUNTED = lexicon.pattern("group_counted")
TABLE_NAMED = lexicon.pattern("table_named")
PERIOD_WORDS = lexicon.pattern("period_words")
CUMULATIVE_END = lexicon.pattern("cumulative_end")


@functools.lru_cache(maxsize=1024)
def asks(text: str) -> dict:
    """Which kinds of figure a question asks for."""
    return {"money": bool(MONEY_CUE.search(text)), "growth": bool(GROWTH_CUE.search(text)),
            "share": bool(SHARE_CUE.search(text)), "points": bool(POINTS_CUE.search(text)),
            "amount": bool(AMOUNT_CUE.search(text)), "count": bool(COUNT_CUE.search(text))}


def money_asked(text: str):
    """The words asking for an amount of money (多少亿元, 营业收入, "revenue"), if any."""
    return MONEY_CUE.search(text) or REVENUE.search(text)


def items_asked(text: str) -> int | None:
    """How many items a list question says there are (哪五个方面 -> 5), if it says."""
    m = ITEMS_ASKED.search(text)
    if m is None:
        return None
    n = (m.group("n") or m.group("m")).lower()
    return int(n) if n.isdigit() else COUNT_WORDS[n]


def unhyphenated(text: str) -> str:
    """English compounds with their hyphens as spaces: per-capita and per capita read alike."""
    return re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])", " ", text)


@functools.cache
def _measure_names() -> re.Pattern:
    names = sorted({unhyphenated(n) for e in lexicon.statistics() if e["kind"] in ("amount", "count", "rate", "share", "points")
                    for n in (e["zh"], e["en"], *e["aliases_zh"], *e["aliases_en"]) if len(n) >= 2}, key=len, reverse=True)
    return re.compile("|".join(rf"(?<![a-z]){re.escape(n)}(?![a-z])" for n in names), re.I)


def measures_named(text: str) -> list[str]:
    """The Chinese names of the statistical measures a Chinese question names in Latin letters (GDP ->
    地区生产总值): the name its growth rate and share are written with. (A Chinese short name, 规上工业产值,
    stays as it is: read as the full term it would outweigh a park's own 规模以上工业产值.)"""
    by_name = _latin_names()
    return list(dict.fromkeys(by_name[m.group().lower()] for m in _measure_names().finditer(unhyphenated(text))
                              if m.group().lower() in by_name))


@functools.cache
def _latin_names() -> dict[str, str]:
    """A statistical measure's English names and Latin abbreviations (gdp, fai) -> its Chinese name."""
    return {unhyphenated(n).lower(): e["zh"] for e in lexicon.statistics() for n in (e["en"], *e["aliases_en"]) if len(n) >= 2}


@functools.cache
def _all_names() -> dict[str, str]:
    """Every name of a statistical measure (Chinese, English, abbreviations) -> its Chinese name."""
    return {unhyphenated(n).lower(): e["zh"] for e in lexicon.statistics()
            for n in (e["zh"], e["en"], *e["aliases_zh"], *e["aliases_en"]) if len(n) >= 2}


@functools.lru_cache(maxsize=8192)  # (called for every row's metric, for every question)
def measures_in(text: str) -> frozenset[str]:
    """The statistical measures a text names, by their Chinese names (GDP -> 地区生产总值; 人均地区生产总值
    names 人均地区生产总值 and, inside it, 地区生产总值)."""
    names = _all_names()
    lowered = unhyphenated(text).lower()
    found = {zh for name, zh in names.items() if name in lowered and name_end(lowered, name) >= 0}
    return frozenset(found)


@functools.cache
def _measured() -> frozenset[str]:
    """The statistical terms that name what is measured (amounts, counts, measures), by their Chinese."""
    return frozenset(t["zh"] for t in lexicon.statistics() if t["kind"] in ("amount", "count", "measure"))


def names_a_measure(text: str) -> bool:
    """Whether a text names what is measured (产值, GDP, exports), not only a kind of figure (比重, 增速)."""
    return bool(measures_in(text) & _measured())


@functools.cache
def _asked_unit_pattern() -> re.Pattern:
    """多少万辆, 几个, 几个平方公里 (a classifier before a unit): the unit a Chinese question asks in."""
    words = sorted((u for u in lexicon.units() if not u.isascii()), key=len, reverse=True)
    units, long = ("|".join(map(re.escape, w)) for w in (words, [u for u in words if len(u) > 1]))
    # (几个项目: 个 counts 项目, no unit 项 follows it)
    return re.compile(rf"(?<![这那])(?:多少|几)(?:个(?=(?:{long})))?(?P<unit>{units})(?![亿万千百]|以上|以下|及以上)")  # 多少个亿: money; 多少个亿元以上项目: a count


def asked_unit(text: str) -> re.Match | None:
    """Where a Chinese question names the unit it wants its figure in (group "unit": 万辆)."""
    return _asked_unit_pattern().search(text)


@functools.lru_cache(maxsize=1024)
def asked_units(text: str) -> frozenset[str]:
    """The base units a question asks its figure in: 多少人次 -> 人次; "how many square kilometres"
    -> 平方公里 (lexicon/extraction.yaml units_en; "how many people" may be 人, 位 or 名)."""
    m = asked_unit(text)
    if m:
        return frozenset({base_unit(m.group("unit"))})
    said = re.search(r"\bhow\s+many\s+([a-z-]+(?:\s+[a-z-]+)?)", text.lower())
    if not said:
        return frozenset()
    return frozenset(str(zh) for zh, en in lexicon.load("extraction")["units_en"].items()
                     if en and re.match(rf"{re.escape(en.lower())}\b", said.group(1)))


def names_measure(text: str) -> bool:
    """Whether a text names a measured quantity of the statistical lexicon (GDP, 社零, fixed-asset
    investment): naming one asks for its figure."""
    return bool(_measure_names().search(unhyphenated(text)))


def asks_names(text: str) -> bool:
    """Whether a question asks for things by name (哪些企业, 5大产业集群分别是什么, "which parks")."""
    return any(p.search(text) for p in (LIST_ASK, FIRMS_CUE, PEOPLE_CUE, PARTS_CUE))


def wants_figure(text: str) -> bool:
    if COUNTED_NAMES.search(text) or CONTACT_ASKED.search(text):  # 几个主导行业分别是什么: their names;
        return False  # 他电话多少: the line that gives it
    return bool(FIGURE_CUE.search(text)) and (
        not DESCRIBE_CUE.search(text) or bool(COMPARE.search(text))
        or bool(re.search(r"多少|(?<![哪好第])几|how\s+(much|many|often)", text, re.I))) or bool(
        COMPARE.search(text) and re.search(r"\b(more|fewer|less)\b|更多|更少|多还是少", text, re.I)) \
        or bool(EITHER_DIRECTION.search(text)) or bool(WHICH_MORE.search(text)) \
        or bool(MONEY_CUE.search(text))  # "rise or fall?", "what did firms spend on R&D": the figures that tell


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def one_month(text: str) -> str | None:
    """The month a question names on its own (11月, "in November") as "11", or None."""
    m = ONE_MONTH.search(UP_TO_MONTH.sub(" ", text))
    if not m:
        return None
    n = int(m.group("zh")) if m.groupdict().get("zh") else _MONTHS.index(m.group("en")[:3].lower()) + 1
    return f"{n:02d}"


def end_month(text: str) -> str | None:
    """The last month of the cumulative period a question names first (1至9月, 前三季度, Jan-Sep, Q1–Q3,
    9M, H1, Q1) as "09": 前三季度 in 前三季度比上半年快了多少 is the period asked, 上半年 its base."""
    found = [(m.start(), end) for pattern, end in ((FIRST_HALF, "06"), (FIRST_QUARTER, "03"))
             if (m := pattern.search(text))]
    if m := CUMULATIVE_END.search(text):
        month, quarter, half, english, count, quarters, months = m.groups()
        n = (int(month or months) if month or months else 3 * "一二三".index(quarter) + 3 if quarter in ("一", "二", "三")
             else 3 * int(quarter or quarters) if quarter or quarters else 6 if half
             else _MONTHS.index(english[:3].lower()) + 1 if english else 9)
        if 1 <= n <= 12:
            found.append((m.start(), f"{n:02d}"))
    return min(found)[1] if found else None


def quarter_months(text: str) -> tuple[str, str] | None:
    """The first and last month of a single quarter after the first a question names (二季度, Q3) as ("04", "06")."""
    m = ONE_QUARTER.search(text)
    said = next((g for g in m.groups() if g), "") if m else ""
    if not said:
        return None
    n = "二三四".index(said) + 2 if said in "二三四" else int(said) if said.isdigit() else \
        ("second", "third", "fourth").index(said.lower()) + 2
    return f"{3 * n - 2:02d}", f"{3 * n:02d}"


def in_quarter(period: str, months: tuple[str, str] | None) -> bool:
    """Whether a row's period is that quarter of a year (2024-04..2024-06 for ("04", "06"))."""
    return bool(months) and re.fullmatch(rf"\d{{4}}-{months[0]}\.\.\d{{4}}-{months[1]}", period) is not None


@dataclass
class Question:
    """One question of a message, as the composer's steps read it. `asks` and `years` are
    read off `text` once, here, instead of by each step."""
    raw: str
    text: str            # cleaned, simplified; an injected instruction taken out
    language: str
    history_text: str    # the previous user question when this one is a follow-up
    injection: bool
    terms: list[str] = field(default_factory=list)
    kind_text: str = ""  # for one part of a question: the text whose cues say what kind of figure it asks
    set_aside: list[str] = field(default_factory=list)  # words of what it says it does not count (不含迁入企业)
    asks: dict = field(init=False)        # the kinds of figure `text` asks for (see asks())
    years: list[str] = field(init=False)  # the years `text` names; the base year of a growth or change set aside

    def __post_init__(self):
        self.asks = asks(self.text)
        dated = BASE_YEAR.sub(" ", self.text) if self.asks["growth"] or self.asks["points"] else self.text
        self.years = YEAR.findall(dated)


@functools.cache
def _plain_forms() -> tuple[dict, re.Pattern]:
    forms = lexicon.mapping("plain_forms")
    said = sorted(forms, key=len, reverse=True)
    return forms, re.compile("|".join(rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w) for w in said), re.I)


def plain(text: str) -> str:
    """Spoken and press forms in their written form (叫啥 -> 叫什么, "party chief" -> "party secretary")."""
    forms, said = _plain_forms()
    return said.sub(lambda m: forms[m.group().lower()], text)


def without_when(text: str) -> str:
    """The text without the words saying when (前三季度, "Jan-Sep", 与去年相比): not what it asks about."""
    return PREVIOUS_PERIOD.sub(" ", PERIOD_WORDS.sub(" ", text))


def leading_when(text: str) -> str:
    """The words saying when that a text opens with (1—9月鸿榆红木和…: 1—9月), or ""."""
    at = len(text) - len(text.lstrip())
    while m := PERIOD_WORDS.match(text, at):
        if m.end() == at:
            break
        at = m.end() + len(text[m.end():]) - len(text[m.end():].lstrip(" ，,的"))
    return text[:at].strip(" ，,的")


def full_years(text: str, years: set[int]) -> str:
    """Two-digit years written out (24年 -> 2024年, FY24 -> 2024) when they fall within
    two years of a year the data covers; "20年" stays twenty years elsewhere."""
    def full(m: re.Match) -> str:
        year = 2000 + int(next(g for g in m.groups() if g))
        return str(year) if any(abs(year - y) <= 2 for y in years) else m.group()
    return SHORT_YEAR.sub(full, text)


def relative_years(text: str, years: set[int], this_year: int | None = None) -> str:
    """去年 / "last year", with no year named, written out as the year before the one the data is read
    in (`this_year`: a report on 2024 given in 2025 makes 去年 2024), when the data has it; 上一年 / 上年
    as the year before the data's latest; beside 今年 / "this year" (the data's latest), both. "Compared
    with last year" stays the comparison cue it is; over one year of data, 去年 is that year and stays
    unwritten."""
    if not years or YEAR.search(text) or not LAST_YEAR.search(text):
        return text
    latest = max(years)
    zh = bool(re.search(r"[\u4e00-\u9fff]", text))
    paired = bool(THIS_YEAR.search(text))
    if paired:
        text = THIS_YEAR.sub(f"{latest}年" if zh else str(latest), text)
    elif PREVIOUS_PERIOD.search(text):
        return text

    def year_before(m: re.Match) -> str:
        said_now = not paired and (m.group() == "去年" or m.group().lower().startswith("last"))
        year = (this_year or latest if said_now else latest) - 1
        return (f"{year}年" if zh else str(year)) if paired or year in years else m.group()
    return LAST_YEAR.sub(year_before, text)


def previous_user_question(history) -> str:
    """The last question the user asked; when it asked which one (哪家企业, "which firm"), with the
    first sentence of the reply to it, which names the one a follow-up then points back to
    (这家企业, "its output")."""
    reply = ""
    for message in reversed(history or []):
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list):  # Gradio's content blocks
            content = " ".join(b.get("text", "") for b in content if isinstance(b, dict))
        if not isinstance(content, str) or not content.strip():
            continue
        if message.get("role") == "assistant" and not reply:
            reply = _SENTENCE_END.split(_CITATION_MARK.sub("", content).strip())[0]
        elif message.get("role") == "user":
            asked = plain(to_simplified(clean(content)))
            named = f"{asked} {plain(to_simplified(clean(reply)))}" if reply and WHICH_ASKED.search(asked) else asked
            return named[:MAX_QUESTION_CHARS]
    return ""


_CITATION_MARK = re.compile(r"\[\d+\]")
_SENTENCE_END = re.compile(r"(?<=[。！？!?\n])|(?<!\bCo)(?<!\bLtd)(?<!\bInc)(?<!\bNo)\.\s+(?=[A-Z])")


QUESTION_WORD = lexicon.pattern("question_word")
EACH_ASKED = lexicon.pattern("each_asked")
# ", and what output value did they generate?": an English second question joined by "and"
AND_QUESTION = lexicon.pattern("and_question")
QUESTION_END = lexicon.pattern("question_end")
LIST_NUMBER = lexicon.pattern("list_number")
CLAUSE_END = lexicon.pattern("clause_end")
SECTION_NUMBER = lexicon.pattern("section_number")
FIRM_BY_TRADE = lexicon.pattern("firm_by_trade")


def target_with_result(text: str) -> bool:
    """Whether a message asks for a goal and the figure achieved (目标是多少？实际增速达到了吗？ too)."""
    return bool(TARGET_WITH_RESULT.search(re.sub(r"[？?]", "，", text)))


def split_questions(text: str) -> list[str]:
    """The questions in a message: split at question marks, at ", and what/which/how…",
    or at commas between two clauses that each ask ("营业额有多少，同比增长了多少")."""
    # "1）…？2）…？": numbering is not a figure; a numbered item starts a question of its own
    text = LIST_NUMBER.sub(lambda m: "？" if m.start() and text[:m.start()].strip() else " ", text).strip()
    parts = [p for p in QUESTION_END.split(text) if len(p.strip()) >= 3 and has_content(p)]  # 高企呢？
    # 增长目标是多少？前三季度实际增速达到了吗？: one question, a goal and whether it was met (not 1—10月完成了多少，
    # 离目标还差多少？: each part asks a figure of its own)
    if len(parts) > 1 and not any(TARGET_WITH_RESULT.search(p) or QUESTION_WORD.search(p) for p in parts[1:]) \
            and not TARGET_WITH_RESULT.search(parts[0]) and target_with_result(text):
        return [text]
    if len(parts) == 1:
        pieces = AND_QUESTION.split(text)
        if len(pieces) == 2 and QUESTION_WORD.search(pieces[0]):
            return pieces
    if len(parts) == 1 and len(QUESTION_WORD.findall(text)) >= 2:
        parts, pending = [], ""
        for piece in CLAUSE_END.split(text):
            pending += piece
            if QUESTION_WORD.search(piece):
                parts.append(pending)
                pending = ""
        if pending and parts:
            parts[-1] += pending
    return parts or [text]


@functools.cache
def _measure_list() -> re.Pattern:
    """Two or more statistical measures listed (GDP、规上工业总产值和固投; "GDP, FAI and retail
    sales"): the statistical lexicon's amounts, counts and measures by any of their names."""
    names = sorted({n for t in lexicon.statistics() if t["kind"] in ("amount", "count", "measure")
                    for n in (t["zh"], *t["aliases_zh"], t["en"], *t["aliases_en"]) if len(n) >= 2}, key=len, reverse=True)
    # a count named with its 数量 (高新技术企业数量和专精特新企业数量)
    item = "(?:" + "|".join(rf"\b{re.escape(n)}\b" if n.isascii() else re.escape(n) for n in names) + ")(?:数量|总数)?"
    return re.compile(rf"{item}(?:(?:{LIST_SEPARATOR.pattern}){item})+", re.IGNORECASE)


def split_measures(part: str) -> list[str]:
    """One question per measure a question lists ("2025年上半年的GDP、固投和社零额分别是多少" ->
    "2025年上半年的GDP分别是多少", …), each with the words around the list."""
    m = _measure_list().search(part)
    if not m:
        return [part]
    items = [x for x in LIST_SEPARATOR.split(m.group()) if x.strip()]
    counted = re.search(r"(?:数量|总数)$", items[-1])  # 高新技术企业和专精特新企业数量: the number of each
    items = [x if not counted or x.endswith(counted.group()) else x + counted.group() for x in items]
    return [part[:m.start()] + item + part[m.end():] for item in items]


def carry_years(parts: list[str], language: str) -> list[str]:
    """The year one question of a message names holds for the ones after it that name
    none ("2023年1-9月固投多少？增长多少？": the growth of 2023)."""
    carried, out = [], []
    for part in parts:
        years = YEAR.findall(part)
        if not years and carried:
            part = ("、".join(carried) + "年，" if language == "zh" else f"In {' and '.join(carried)}, ") + part
        carried = years or carried
        out.append(part)
    return out


@dataclass
class Analysis:
    """A message read once, before any step: its language, whether it holds instructions,
    the previous question it may follow, and the questions in it. Reading stops where the
    input or injection guard will stop the message (empty, too long, instructions only)."""
    raw: str
    text: str                     # cleaned
    language: str
    simplified: str = ""          # traditional characters simplified, words split by page breaks joined
    injection: bool = False       # the message holds instructions to the assistant
    instructions_only: bool = False
    previous: str = ""            # the previous user question, if any
    parts: list[str] = field(default_factory=list)  # its questions, each with the year an earlier one named


def analyse(raw: str, history, join_words, topic_terms, years: set[int] = frozenset(),
            read_names=lambda text: text, this_year: int | None = None) -> Analysis:
    """Analysis of a message. `join_words` joins words the source splits (the search's
    vocabulary); `topic_terms` gives a text's topic words (none: a part asks nothing of its own);
    `years` are the years the data covers, to read two-digit ones; `read_names` reads the names
    in a question as the data writes them (typed in pinyin, a park said short)."""
    text = read_names(clean(raw))
    a = Analysis(raw, text, detect_language(text))
    if not has_content(text) or len(text) > MAX_QUESTION_CHARS:
        return a
    a.simplified = join_words(relative_years(full_years(plain(to_simplified(text)), years), years, this_year))
    a.injection = bool(INJECTION.search(a.simplified) or OTHER_GENRE.search(a.simplified))
    a.instructions_only = a.injection and not _asks(a.simplified)
    a.previous = full_years(previous_user_question(history), years)
    parts, when = [], ""
    # 写材料急用, "(as opposed to relocated ones)": not what it asks
    for part in split_questions(SET_APART.sub(" ", STAFF_CHATTER.sub(" ", _without_orders(a)))):
        if parts and ANSWER_REQUEST.match(part) and not QUESTION_WORD.search(part) \
                and len(topic_terms(ANSWER_REQUEST.sub(" ", part))) <= 2:  # "…？请逐一列出。": how to answer it
            parts[-1] += " " + part
            continue
        if parts and STANDING_ASKED.search(part) and len(part.strip(" ？?")) <= 10:  # "…多少，在全县排第几？":
            parts[-1] += " " + part  # the rank of the figure just asked
            continue
        subjectless = not [t for t in topic_terms(part) if len(t) >= 2]  # (各, 家, 那个数: no subject)
        if subjectless and (EACH_ASKED.search(part) or len(part.strip(" ？?")) < 4
                            or not (QUESTION_WORD.search(part) or DESCRIBE_CUE.search(part))):
            if parts:  # "Give both numbers.", "各多少家？", "就2024年那个数": part of the question before
                parts[-1] += " " + part
            elif YEAR.search(part) or PERIOD_WORDS.search(part):  # "那2025年1—10月呢？增长了多少？": the
                when = part                                         # period of the question after it
            continue  # "请问两个问题：" before numbered questions: no question of its own
        opening, before = WHICH_OPENING.match(part.strip()), WHICH_OPENING.search(parts[-1]) if parts else None
        if opening and before and before.start() > 0:  # 甲和乙，谁的产值高？谁纳税多？: 甲和乙 too
            part = parts[-1][:before.start()] + part.strip()
        parts.append(when + part)
        when = ""
    parts = [each for part in parts or [a.simplified] for each in split_measures(part)]
    if FOLLOWUP.search(parts[0]):
        parts[0] = with_previous_years(parts[0], a.previous, a.language)
    a.parts = carry_years(parts, a.language)
    return a


def _without_orders(a: Analysis) -> str:
    """The message without the sentences of an injection that order and ask nothing ("You are now X, who
    makes numbers up.", 你现在是某公司的公关，只说好话。), when a question is left."""
    if not a.injection:
        return a.simplified
    sentences = re.split(r"(?<=[。！!；;]|[.](?!\d))\s*", a.simplified)
    kept = [s for s in sentences if not (INJECTION.search(s) and not (
        QUESTION_WORD.search(INJECTION_WORDS.sub(" ", s)) and s.rstrip().endswith(("?", "？"))))]
    return " ".join(kept) if any(s.strip() for s in kept) else a.simplified


def _asks(text: str) -> bool:
    """Whether a text asks something once any injected instruction's words are taken out."""
    rest = INJECTION_WORDS.sub(" ", text)
    return bool(QUESTION_WORD.search(rest) or FIGURE_CUE.search(rest) or DESCRIBE_CUE.search(rest))


def with_previous_years(text: str, previous: str, language: str) -> str:
    """A follow-up naming no year or period ("其中工业投资有多少？", "that year") is of the year asked
    before; the year goes after it, so it still reads as a follow-up ("And …", "那…"). One asking
    for the present ("how many are there now?") is of the latest; "next year" (明年) is the year after it."""
    asked = set(YEAR.findall(previous))
    if NEXT_YEAR.search(text) and len(asked) == 1 and not YEAR.search(text):  # "the target for next year": the year after
        after = int(asked.pop()) + 1
        return NEXT_YEAR.sub(f"{after}年" if language == "zh" else str(after), text)
    named = PERIOD_WORDS.search(text) or FULL_YEAR.search(text) or THIS_YEAR.search(text) or YEAR.search(text) \
        or PRESENT.search(text)
    years = [] if named else YEAR.findall(previous)
    if not years:
        return text
    return text + (f"（{'、'.join(years)}年）" if language == "zh" else f" ({' and '.join(years)})")
