"""Kind guard: decides that the kind of figure asked for is not in the data: a growth rate
of an amount the data gives none for (its sentence says how it changed), a figure of a
firm, product or programme no row is about, an amount when only rates exist, or the reverse."""
from __future__ import annotations

import functools
import re

from .. import lexicon, question as cue
from ..cite import Answer, CitationList
from ..figures import base_unit, dimension
from ..knowledge import Indicator
from ..question import Question, money_asked
from ..row_model import is_growth, kind_fit
from . import MESSAGES
from .premise import subject_amount


def check(composer, q: Question, rows, dense: dict[str, float]) -> Answer | None:
    """For a figure question with rows: the abstention (or, for "did it grow?", the
    sentence that says so) when the rows are not of the kind asked; None otherwise."""
    unit = cue.asked_unit(q.text)  # 降幅收窄，实现了多少亿元: an amount asked, the fall only said of it
    growth = q.asks["growth"] and not (unit and dimension(unit.group("unit")) not in ("percent", "points"))
    subject = subject_amount(composer, q, dense) if growth else None
    if growth and q.history_text and rows and rows[0][0].kind == "amount" \
            and rows[0][0] is composer._previous_row(q.history_text):
        subject = rows[0][0]  # "did it grow?" after an amount: that amount
    if subject and not any(base and base.matches(subject.figure) for base in composer._growth_of.values()):
        # retail sales: an amount without a growth rate. Its sentence says what the data does
        # (降幅收窄); a rate asked for is abstained from, "did it grow?" is answered by it.
        return _sentence_answer(composer, q, subject, asks_rate=bool(cue.RATE_ASKED.search(q.text)))
    statistic = unmeasured_statistic(composer, q.text)
    if statistic:
        return composer._abstain(q, "missing_kind", rows[:1], what=statistic)
    entity = unmeasured_entity(composer, q, [r for r, _ in rows])
    if entity:
        return composer._abstain(q, "missing_kind", rows[:1], what=entity)
    measure = measure_not_in_rows(composer, q.text, [r for r, _ in rows])
    if measure:
        return composer._abstain(q, "missing_kind", rows[:1], what=measure)
    missing = missing_kind(q.text, [r for r, _ in sorted(rows, key=lambda t: -t[1])], q.language,  # the best match first
                           has_rate=lambda row: (row.id, "rate") in composer._of)
    if missing:
        return composer._abstain(q, "missing_kind", rows[:2], what=missing)
    return None


def unmeasured_entity(composer, q: Question, rows: list[Indicator]) -> str | None:
    """A firm, product, programme, event or named place (a project, a new town; not the documents'
    own places or scopes) the question asks a figure of (某药企的产值, "how much has <firm>
    invested") when no row is about it: what to name in the abstention."""
    def own_place(g):  # the documents' own places and scopes say where, not what
        return g.type == "place" and (g.zh.lower() in composer.k.places or g.zh in composer.k.scope_names)
    # the longest name of another entry ("北方华创's Majuqiao revenue" names the firm), in the question asked
    # (not in a persona set aside before it: 你现在是小米公司的公关。问题：…)
    asked = q.raw if not q.injection else q.text
    entity = composer._entry_named(asked, ("firm", "product", "programme", "organisation", "event", "place"), skip=own_place)
    if entity is None:
        return None
    names = [n.lower() for n in entity.names if len(n) >= 2]

    def names_it(text):
        return any(n in text.lower() for n in names)
    # what is asked of it: the head's words that are not its name nor a year (琅岙精工2025年研发投入: 研发投入)
    said = composer._head(q.text) or []
    head = [h for h in said if not names_it(h) and not any(h.lower() in n for n in names) and not cue.YEAR.fullmatch(h)]
    # unless what is left names no measure of the data (a typo, "so far"): then the whole head
    measured = not head or any(h in composer._row_terms for h in head)
    head = head if measured else said

    # an English head reads a Chinese-only row by its Chinese ("employees": 员工数量; the dictionary is read
    # only then); "how many visitors": a count of people (万人次)
    chinese = functools.cache(lambda h: lexicon.chinese_for(h) + lexicon.dictionary_chinese(h)
                              if h.isascii() and composer._zh_only else [])
    counted = counted_thing(q.text)

    def measures_it(r):  # 小米汽车的产值: its deliveries are about it, but not its output
        terms = set(composer.search.index.tokenizer.terms(composer._row_text[r.id]))
        return not head or any(h in terms or h.lower() in composer._row_text[r.id] or cue.MEASURE_KIN.get(h, "\0") in terms
                               or any(zh in r.metric_zh for zh in chinese(h)) for h in head) \
            or counted is not None and base_unit(r.unit) in counting_units(counted[0])
    # a row whose subject is the entity and measures what is asked, or whose paragraph names it
    # and is of the kind asked
    # (通过“某品牌”推动解决了多少个难点问题: the paragraph names the programme the figure is of)
    # (not a row of another firm or project the paragraph names beside it: 甲公司产值13.6亿元…新落户的乙公司主要生产…)
    needed = 1 if any(q.asks.values()) else 0
    introduced = composer.k.zh.get(entity.source)  # (or the section that introduces it: 马桥近邻 … 近邻客厅 80余个)

    def in_its_paragraph(r):  # (its section only when a kind of figure is asked and what of is a measure of the data)
        paragraph = composer.k.zh[r.source]
        return names_it(paragraph.text) or needed and measured and bool(introduced and introduced.section) \
            and paragraph.section == introduced.section
    if any((names_it(f"{r.scope_zh} {r.scope} {r.metric_zh} {r.metric_en}")
            or kind_fit(q.text, r) >= needed and in_its_paragraph(r)
            and (r.scope_zh == composer.k.default_scope or composer._scope_type(r.scope_zh) in ("place", "scope")))
            and measures_it(r) for r in rows):
        return None
    return f"{entity.zh}的这项数据" if q.language == "zh" else f"this figure for {entity.en}"


@functools.cache
def _names() -> list[tuple[str, tuple[str, ...], bool]]:
    """The statistical lexicon's terms by each name: (name, all the term's names, whether it is a
    quantity: an amount, a count or a measure that is not a unit). Chinese names, and English names
    of two words or more ("resident population"): a single English word is too loose for this
    ("revenue" is 营业收入 and 营业额 alike)."""
    units = set(lexicon.load("extraction")["units_en"])

    def quantity(t, name):  # 商品房销售面积 is a quantity; 平方公里, 亿元 are what quantities are counted in;
        # a measure's English names are looser than its Chinese ("land area" is 占地面积 and a town's area alike)
        return t["kind"] in ("amount", "count") or t["kind"] == "measure" and not name.isascii() \
            and t["zh"] not in units and not t["zh"].endswith("元")
    return [(n, forms, quantity(t, n)) for t in lexicon.statistics()
            for forms in [tuple(n for n in (t["zh"], *t["aliases_zh"], t["en"], *t["aliases_en"])
                                if len(n) >= 2 and (not n.isascii() or " " in n))]
            for n in forms]


def unmeasured_statistic(composer, text: str) -> str | None:
    """A statistical measure the question names (常住人口, 利润总额, "resident population"; of two,
    工业投资占固定资产投资的比重, either) that no document's text or row names by any of its names,
    nor is it part of a longer phrase the data does name ("accommodation and catering revenue"):
    what to name (the longest such)."""
    lowered = text.lower()
    found = [(m.span(), name, forms, measure) for name, forms, measure in _names()
             if name.lower() in lowered  # most names are absent: skip compiling their patterns
             for m in re.finditer(rf"\b{re.escape(name.lower())}s?\b" if name.isascii() else re.escape(name.lower()), lowered)]
    texts = [composer._all_text, *composer._row_text.values()]  # 迁入企业数量: a row's metric names 企业数量
    # a row measuring the term's last words and nothing more (总投资 for 项目总投资): what it is of decides
    metrics = {r.metric_zh for r in composer.k.indicators if len(r.metric_zh) >= 3}

    def used(forms):  # (or by its kin: 纳税 where the reports write 税收)
        forms = [*forms, *(cue.MEASURE_KIN[f] for f in forms if f in cue.MEASURE_KIN)]
        return any(form.lower() in t for form in forms for t in texts) or \
            any(form.endswith(m) and form != m for form in forms if not form.isascii() for m in metrics)

    def overlap(a, b):  # b runs over a and beyond it (a term inside a names less than a does)
        return a[0] < b[1] and b[0] < a[1] and (b[0] < a[0] or b[1] > a[1])
    unused = [name for span, name, forms, measure in found if measure and not used(forms)
              and not any(overlap(span, other) and used(more) for other, _, more, _ in found if other != span)]
    return max(unused, key=len) if unused else None


@functools.cache
def _amounts() -> frozenset[str]:
    """The Chinese names of the statistical lexicon's amounts (出口额, 产值)."""
    return frozenset(n for t in lexicon.statistics() if t["kind"] == "amount" for n in (t["zh"], *t["aliases_zh"]))


def measure_not_in_rows(composer, text: str, rows: list[Indicator]) -> str | None:
    """A statistical measure the question names that the data has (电动自行车出口额: the town's exports)
    while none of the rows found for it measures it (they give the industry's output): what to name."""
    lowered = text.lower()
    asked = [(name, forms) for name, forms, measure in _names() if measure and not name.isascii() and name in lowered]
    # (one amount asked: with two (新设企业和迁入企业各多少), or compared with another, the rows are of either)
    if not rows or len({forms for _, forms in asked}) != 1 or asked[0][0] not in _amounts() or cue.COMPARE.search(text):
        return None
    name, forms = max(asked, key=lambda a: len(a[0]))
    forms = [*forms, *(cue.MEASURE_KIN[f] for f in forms if f in cue.MEASURE_KIN)]
    def says(r):
        return f"{composer._row_text[r.id]} {r.metric_zh}".lower()
    # (a row measuring the term's last words, 总投资 for 项目总投资, measures it)
    measuring = [r for r in rows if any(f.lower() in says(r) or len(r.metric_zh) >= 2 and f.endswith(r.metric_zh) for f in forms)]
    # what it is asked of (电动自行车): a row of it that measures something else does not answer
    subject = [t.lower() for t in composer._topic_terms(lowered) if not any(t in f or f in t for f in forms)]
    if measuring and not (subject and any(t in says(r) for r in rows if r not in measuring for t in subject)
                          and not any(t in says(r) for r in measuring for t in subject)):
        return None
    return name


def missing_kind(text: str, rows: list[Indicator], language: str = "zh", has_rate=lambda row: False) -> str | None:
    """The kind of figure asked for when none of the rows is of that kind: an amount
    in 亿元 when only rates exist (固定资产投资总额), a growth rate when only amounts do
    (`has_rate`: whether the data gives an amount's rate), a count in 万辆 when the row is in 秒."""
    top = rows[0]
    unit = None if cue.RATIO_ASKED.search(text) else cue.asked_unit(text)  # 几倍: a ratio of two figures
    if unit and dimension(unit.group("unit")) not in (dimension(top.unit), "percent", "points") \
            and dimension(top.unit) not in ("percent", "points"):
        return MESSAGES["what_in_unit"][language].format(unit=unit.group("unit"))
    asked = counted_thing(text)
    if asked and top.kind == "count" and not any(r.kind == "count" and counts(r, asked[0]) for r in rows):
        # 多少家集成电路企业 where the rows count clusters
        return MESSAGES["what_counted"][language].format(thing=asked[1])
    part, base = _share_parts(top)
    if base and base in text and part not in text and not (cue.SHARE_CUE.search(text) or "占" in text) \
            and not any(r.kind == "amount" and base in (r.metric_zh, *r.keyword_list) for r in rows):
        return base  # 一般公共预算支出是多少: a share of it (民生支出占一般公共预算支出比重) does not say it (nor holds it)
    # "what share of revenue comes from taxes": revenue is what the share is of, not an amount asked
    share_of_money = top.kind == "share" and cue.SHARE_CUE.search(text) and not cue.MONEY_CUE.search(cue.SHARE_BASE.sub(" ", text))
    money = None if share_of_money else money_asked(text)
    # "how fast did revenue grow": revenue is what grew, the rate is asked
    grew = is_growth(top) and cue.GROWTH_CUE.search(text) and not cue.MONEY_CUE.search(text)
    named = money and money.group() in top.metric_zh  # 零售总额的增长目标: 总额 is in the name of the rate asked
    # (营业额多少钱: the rate found first is of an amount the rows hold too)
    held = any(r.kind == "amount" and r.metric_zh in top.metric_zh for r in rows)
    if money and top.kind != "amount" and not grew and not named and not held:  # "how much … spend": say what kind is missing
        return MESSAGES["what_money"][language] if money.group().lower().startswith("how much") else money.group()
    # 产值多少, "what revenue": an amount named, where the rows count things (5大产业集群)
    amount = cue.AMOUNT_CUE.search(text)
    if amount and not amount.group().lower().startswith("how") and top.kind == "count" \
            and not any(cue.asks(text)[k] for k in ("count", "growth", "share", "points")):
        return amount.group()
    rate = cue.GROWTH_CUE.search(text) or (cue.FALL.search(text) if re.search(r"percent|%|百分|幅|多少", text, re.I) else None)
    # (降幅收窄，实现了多少亿元: the unit asked says an amount, the fall is what the sentence said of it)
    in_amount = unit and dimension(unit.group("unit")) not in ("percent", "points")
    asks_growth = rate and not (cue.SHARE_CUE.search(text) or cue.AMOUNT_CUE.search(text) or in_amount
                                or re.search(r"\btotal\b|总额", text, re.I))
    # ("its amount and growth rate": the growth of the best amount may rank beside it)
    own_rate = has_rate(top) or any(is_growth(r) and r.scope_zh == top.scope_zh and r.period == top.period
                                    and r.metric_zh.startswith(top.metric_zh) for r in rows[1:3])
    if asks_growth and not (is_growth(top) or top.kind == "points" or own_rate):
        return rate.group()
    return None


@functools.cache
def _counted() -> dict[str, tuple[re.Pattern, set[str], list[str]]]:
    """Each kind of thing counted (lexicon/extraction.yaml counted_things): how a question asks for
    its number (多少家, 几家企业, "how many … companies"), its units and its words."""
    out = {}
    for thing, spec in lexicon.load("extraction")["counted_things"].items():
        zh = "|".join(re.escape(w) for w in spec["words"] if not w.isascii())
        en = "|".join(re.escape(w) for w in spec["words"] if w.isascii())
        units = "|".join(re.escape(u) for u in spec["units"])
        # (这几家, 那几个: the ones just named, not a number asked)
        asked = re.compile(rf"(?<![这那])(?:多少|几)(?:个|名|位|家)?(?P<zh>[\u4e00-\u9fff]{{0,8}}?(?:{zh}))|(?<![这那])(?:多少|几)(?:{units})(?![次亿万])"
                           rf"|\bhow\s+many\s+(?P<en>(?:[\w()'-]+\s+){{0,4}}?(?:{en}))\b", re.I)
        out[thing] = (asked, set(spec["units"]), spec["words"])
    return out


def counted_thing(text: str) -> tuple[str, str] | None:
    """What kind of thing a question asks the number of (firms, people, vehicles) and the words that
    ask it; None when it asks no count or a count of something else."""
    found = [(m.start(), thing, m.group("zh") or m.group("en") or thing) for thing, (asked, _, _) in _counted().items()
             for m in [asked.search(text)] if m]
    return min(found)[1:] if found else None


def counting_units(thing: str) -> set[str]:
    """The units a kind of thing is counted in (people: 人, 名, 人次)."""
    return _counted()[thing][1]


def counts(row: Indicator, thing: str) -> bool:
    """Whether a count row counts that kind of thing: by its unit (家) or its metric's words; a row
    in 个 or in no unit may count anything."""
    words = _counted()[thing][2]
    units = counting_units(thing)
    base = base_unit(row.unit)
    metric = f"{row.metric_zh} {row.metric_en}".lower()
    return base in units or base in ("", "个") or any(w.lower() in metric for w in words)


def _share_parts(row: Indicator) -> tuple[str, str | None]:
    """A share's part and base as its metric names them (民生支出占一般公共预算支出比重 ->
    民生支出, 一般公共预算支出); ("", None) for other rows."""
    # (在某区规上工业总产值中占比: 占比 is the share's word, no base after a 占)
    m = re.fullmatch(r"(.+?)占(.{2,}?)(?:的)?(?:比重|占比|比例)?", row.metric_zh) if row.kind == "share" else None
    return (m.group(1), m.group(2)) if m else ("", None)


def _sentence_answer(composer, q: Question, row: Indicator, asks_rate: bool) -> Answer:
    cites = CitationList()
    quote, translation = composer.sources.indicator(row)
    n = cites.add(row.source, quote, translation)
    said = composer._say(quote, translation, n, q.language)
    if not asks_rate:
        return Answer(q.raw, said, q.language, False, cites.items,
                      trace=[{"step": "sentence selector", "why": f"{row.id} has no growth rate; its sentence says how it changed"}])
    what = cue.GROWTH_CUE.search(q.text) or cue.FALL.search(q.text)
    reason = MESSAGES["missing_kind"][q.language].format(what=what.group() if what else "")
    return Answer(q.raw, f"{reason}\n{said}", q.language, True, cites.items,
                  trace=[{"step": "kind guard", "why": f"a rate was asked; {row.id} has none"}])
