"""Premise guard: decides that a question states something the data contradicts: a figure
the data lacks or gives to something else, a wrong part of town, edition, title or industry
(premises.py), a fall where the data has a rise."""
from __future__ import annotations

import re
from decimal import Decimal

from .. import lexicon, question as cue
from ..cite import Answer
from ..figures import find_figures
from ..knowledge import Indicator
from ..question import Question


def check(composer, q: Question, rows, dense: dict[str, float]) -> Answer | None:
    """The abstention quoting the false claim (with what the data says); None when the
    question claims nothing false, or carried instructions."""
    if q.injection:
        return None
    claimed = [f for f in find_figures(q.text) if not _threshold(q.text, f) and not _roughly_in_data(q.text, f, composer.kb_figures)
               and (not any(f.matches(k) or _digits_of(f, k) for k in composer.kb_figures) or not _unit_agrees(composer, q.text, f))]
    claimed = claimed or _misattributed_growth(composer, q, dense)  # 社零同比增长7.9% (7.9% is another figure's)
    claimed = claimed or _misstated_change(composer, q, dense)  # GDP下降了2% (near only another figure; GDP grew 7.3%)
    claimed = claimed or _misattributed_to_firm(composer, q)  # 某公司产值突破60亿元 (another firm's 60亿元)
    claimed = claimed or _miscounted(composer, q)  # 拥有300多家医药企业 (300 is another figure; it counts 30余家)
    claimed = claimed or _misstated_amount(composer, q)  # 博士给300万元安家补贴，硕士呢 (300万元 is another figure's)
    claimed = claimed or _misattributed_share(composer, q)  # 占全区工业总产值的73.94% (it is of the district's car output)
    if claimed:
        return composer._abstain(q, "premise_figure", rows[:1], claim=claimed[0].text)
    fraction = _fraction_wrong(composer, q, rows)  # 占到全区一半以上 where the share is 45.5%
    if fraction:
        return composer._abstain(q, "premise_figure", fraction[1], claim=fraction[0])
    topped = _not_the_largest(composer, q)  # "since <firm> was the largest by output" where another's is larger
    if topped:
        return composer._abstain(q, "premise_figure", topped[1], claim=topped[0])
    turned = _fall_said_the_other_way(q, rows)  # 降幅扩大 where the data says 降幅收窄
    if turned:
        return composer._abstain(q, "premise_figure", turned[1], claim=turned[0])
    missed = _goal_said_beaten(composer, q, rows)  # 超额完成了年度目标 where 98.6% of it was done
    if missed:
        return composer._abstain(q, "premise_figure", missed[1], claim=missed[0])
    compared = _compared_wrongly(composer, q)  # 迁入企业比新设企业还多 (2054家 and 2627家)
    if compared:
        return composer._abstain(q, "premise_figure", compared[1], claim=compared[0])
    premises = composer.premises
    wrong = premises.wrong_place(q.text) or premises.wrong_edition(q.text) or premises.always_first(q.text)
    if wrong:
        return composer._abstain(q, "premise_figure", rows[:2], claim=wrong)
    titled = premises.wrong_title(q.text)
    if titled:  # 镇长魏欣: who 魏欣 is, and who the 镇长 is
        person, title = titled
        name = person.zh if q.language == "zh" else f"{person.en} ({person.zh})"
        return composer._glossary_abstention(q, "role", [person, *premises.holders(title)], name=name)
    firm = premises.wrong_industry(q.text)
    if firm:
        return composer._glossary_abstention(q, "premise_figure", [firm[0]], claim=firm[1])
    if cue.EITHER_DIRECTION.search(q.text):  # "rise or fall?" claims neither
        return None
    top = rows[0][0] if rows else None
    # the amount's own rate (the `of` column) says how it changed
    rate = composer._of.get((top.id, "rate")) if top is not None and top.kind in ("amount", "count", "measure") else None
    # (not "which firms fell": the fall is of those asked for, not of the best matching row; unless
    # said as given: "since revenue fell, which items were cut?")
    stated = cue.STATED_PREMISE.match(q.text)
    falls = cue.FALL.search(stated.group()) if stated else cue.FALL.search(q.text) and not cue.WHICH_ASKED.search(q.text)
    if top is not None and falls and not any(
            cue.FALL.search(r.quote) or "降" in r.quote for r in (top, rate) if r is not None):
        return composer._abstain(q, "premise_direction", rows[:1])
    # "why did sales surge?" where they fell
    claims_rise = cue.RISE_CLAIM.search(q.text) or cue.WHY.search(q.text) and cue.GROWTH_CUE.search(q.text) \
        and not cue.FALL.search(q.text)  # "why did X grow", not 为什么下降了
    if top is not None and claims_rise and (_fell(top) or rate is not None and _fell(rate)):
        return composer._abstain(q, "premise_rise", [(rate, rows[0][1])] if rate is not None and _fell(rate) else rows[:1])
    turned = _change_stated_the_wrong_way(composer, q, rows)
    if turned is not None:
        return composer._abstain(q, "premise_rise" if _fell(turned[0]) else "premise_direction", [turned])
    return None


def _threshold(text: str, figure) -> bool:
    """"projects worth over 100 million yuan", 10亿元以上企业: the figure bounds a class of things the
    question asks about; "name 3 firms", 列出5个项目: it says how many to give; 过50个亿没: whether it passed
    the mark is asked. None claims anything."""
    before = text[:figure.start]
    return bool(cue.THRESHOLD_BEFORE.search(before) or cue.THRESHOLD_AFTER.match(text[figure.end:])
                or cue.THRESHOLD_ASKED.search(f"{before}<F>{text[figure.end:]}")
                or figure.kind == "number" and cue.COUNT_REQUESTED.search(before))


def _change_stated_the_wrong_way(composer, q: Question, rows):
    """产值增长了2.6%，靠什么拉动: a rise stated with the very rate the data gives as a fall
    (下降2.6%), or 出口额下降了18.9%，受哪些因素影响 a fall stated with the rate of a rise: the ranked
    row of that rate (or an amount's own rate), or None."""
    rows = [*rows, *((composer._of[(r.id, "rate")], s) for r, s in rows if (r.id, "rate") in composer._of)]
    for f in find_figures(q.text):
        said = re.split(r"[，,；;。？?]", q.text[:f.start])[-1][-8:]
        falls = bool(cue.FALL.search(said))
        if f.kind != "percent" or not (cue.GROWTH_CUE.search(said) or falls):
            continue
        same = [(r, s) for r, s in rows if r.kind == "rate" and r.figure.matches(f)]
        if same and all(_fell(r) != falls for r, _ in same):
            return same[0]
    return None


def _fall_said_the_other_way(q: Question, rows):
    """(the claim, the row) when the question says a fall widened where the best rows' sentences say it
    narrowed, or the other way round; else None."""
    for claimed, other in ((cue.FALL_WIDENED, cue.FALL_NARROWED), (cue.FALL_NARROWED, cue.FALL_WIDENED)):
        claim = claimed.search(q.text)
        said = [(r, s) for r, s in rows[:3] if other.search(r.quote) and not claimed.search(r.quote)]
        if claim and said:
            return claim.group(), said[:1]
    return None


def _goal_said_beaten(composer, q: Question, rows):
    """(the claim, the rows) when the question says a goal was met or beaten and the share of it done
    that the data gives for the figure asked about is under 100%; else None."""
    claim = cue.GOAL_BEATEN.search(q.text)
    if not claim:
        return None
    for row, score in rows[:3]:
        share = row if row.kind == "share" else composer._of.get((row.id, "share"))
        if share is not None and share.is_goal_done:
            return (claim.group(), [(share, score)]) if share.figure.value < 100 else None
    return None


def _fell(row: Indicator) -> bool:
    """The row's quote, up to its figure, says it fell (降幅收窄，实现94.45亿元; 下降3.4%)."""
    said = row.quote[:row.quote.find(row.value) + len(row.value)]
    return bool(cue.FALL.search(said) or "降幅" in said)


def subject_amount(composer, q: Question, dense: dict[str, float], with_rate: bool = False) -> Indicator | None:
    """The amount row the question is about once its growth words are set aside
    ("retail sales grew…" -> total retail sales), or None when the best row is not an amount.
    Unless `with_rate`, only an amount without a growth rate among the rows ranked (the kind
    guard: its sentence says how it changed)."""
    text = cue.RATE_ASKED.sub(" ", cue.FALL.sub(" ", cue.GROWTH_CUE.sub(" ", q.text)))
    sub = Question(q.raw, text, q.language, q.history_text, q.injection, composer._terms(text))
    ranked = [row for row, _ in composer._rank_rows(sub, dense)]
    bases = [b for b in composer._growth_of.values() if b]
    # (with its rate: an amount, a count or a measure, 苹果产量3.05万吨, whose growth a question may misstate)
    kinds = ("amount", "count", "measure") if with_rate else ("amount",)
    if not ranked or ranked[0].kind not in kinds or not with_rate and any(b.matches(r.figure) for r in ranked for b in bases):
        return None  # not clearly an amount without a growth rate
    return ranked[0]


def _misattributed_growth(composer, q: Question, dense: dict[str, float]) -> list:
    """Growth figures the question gives to an amount they do not belong to."""
    claims = [(f, [base for id_, base in composer._growth_of.items() if composer.rows[f"ind:{id_}"].figure.matches(f)])
              for f in find_figures(q.text)]
    claims = [(f, bases) for f, bases in claims if bases and all(bases)]
    subject = subject_amount(composer, q, dense, with_rate=True) if claims else None
    return [f for f, bases in claims if subject and not any(b.matches(subject.figure) for b in bases)]


def _misstated_change(composer, q: Question, dense: dict[str, float]) -> list:
    """Changes the question states (下降了2%, "grew 9%") that no figure of the data is exactly, where the
    amount asked about has a rate of its own that the figure is not: a near figure of something else
    (2.4%) makes no rounding of it."""
    def stated(f):
        said = q.text[max(0, f.start - 8):f.start]
        if f.kind != "percent" or not (cue.GROWTH_CUE.search(said) or cue.FALL.search(said)):
            return False
        # (a figure of the data counts only as a rate of what the question names: GDP增长了7.8% where 7.8% is
        # the growth of investment without real estate states GDP's growth wrongly)
        same = [r for r in composer.rows.values() if r.unit in ("%", "％") and Decimal(r.value) == f.value]
        return not (any(_names_measure_of(q.text, r) for r in same) if same
                    else any(k.kind == f.kind and k.value == f.value for k in composer.kb_figures))
    changes = [f for f in find_figures(q.text) if stated(f)]
    subject = subject_amount(composer, q, dense, with_rate=True) if changes else None
    rate = composer._of.get((subject.id, "rate")) if subject is not None else None
    return [f for f in changes if rate is not None and not rate.figure.matches(f)]


def _names_measure_of(text: str, row) -> bool:
    """Whether the text names what a row measures: a keyword of it (not its scope, nor only words of growth)."""
    lowered = text.lower()
    return any(len(rest) >= 2 and kw.lower() in lowered for kw in row.keywords.split(";")
               if kw != row.scope_zh and (rest := cue.GROWTH_CUE.sub("", kw).strip()))


def _misattributed_to_firm(composer, q: Question) -> list:
    """Figures the question gives to a firm it names when neither the firm's rows nor the clauses
    naming it (up to a ；) hold them."""
    firm = composer._entry_named(q.raw, ("firm",))
    if firm is None:
        return []
    names = [n for n in (firm.zh, *firm.aliases) if len(n) >= 2]
    said = [r.figure for r in composer.k.indicators if any(n in f"{r.scope_zh}{r.quote}" for n in names)]
    said += [f for p in composer.k.article_zh for clause in re.split("[；。]", p.text)
             if any(n in clause for n in names) for f in find_figures(clause)]
    return [f for f in find_figures(q.text) if f.text != f.number and not any(f.matches(k) for k in said)]


def _miscounted(composer, q: Question) -> list:
    """Counts the question states ("is home to more than 300 pharmaceutical makers") where the data
    counts that thing otherwise: the best row for the words after the figure is a count of another value."""
    out = []
    for f in find_figures(q.text):
        if f.kind != "number" or not cue.COUNT_STATED.search(q.text[:f.start]):
            continue
        thing = re.split(r"[，,。？?；;—–]| - ", q.text[f.end:])[0]
        ranked = composer._rank_rows(Question(q.raw, thing, q.language, "", False, composer._terms(thing)), {})
        top = ranked[0][0] if ranked else None
        if top is not None and top.kind == "count" and not f.matches(top.figure) and f.number != top.value:
            out.append(f)
    return out


def _misstated_amount(composer, q: Question) -> list:
    """Amounts a clause states as given (既然/"given that" …300万元安家补贴, then the question) where the
    data gives what that clause names another amount: the best row for the clause's words, the figure
    left out, is an amount of another value."""
    out = []
    for f in find_figures(q.text):
        start = max(q.text.rfind(c, 0, f.start) for c in "，,。；;？?") + 1
        end = min((e for e in (q.text.find(c, f.end) for c in "，,。；;？?") if e >= 0), default=len(q.text))
        clause = q.text[start:end]
        if f.kind != "number" or cue.QUESTION_WORD.search(clause) or not cue.QUESTION_WORD.search(q.text[end:]):
            continue  # (only a clause stating, before the one asking)
        thing = clause.replace(f.text, " ")
        ranked = composer._rank_rows(Question(q.raw, thing, q.language, "", False, composer._terms(thing)), {})
        top = ranked[0][0] if ranked else None
        if top is not None and top.kind == "amount" and _unit_agrees(composer, q.text, f) and not f.matches(top.figure):
            out.append(f)
    return out


def _misattributed_share(composer, q: Question) -> list:
    """Percentages the question states as a share of a base (占全区规上工业总产值的73.94%) when the data's
    shares of that figure are of other bases and another share is of the one stated."""
    out, shares = [], [r for r in composer.k.indicators if r.kind == "share"]
    for f in find_figures(q.text):
        stated = cue.SHARE_STATED.search(q.text[:f.start]) if f.kind == "percent" else None
        if stated is None:
            continue
        base = re.sub(r"\s", "", stated.group("base"))
        of_figure = [r for r in shares if r.figure.matches(f)]
        if of_figure and not any(base in r.metric_zh for r in of_figure) and any(base in r.metric_zh for r in shares):
            out.append(f)
    for f in find_figures(q.text) if q.language == "en" else ():
        # "makes up 73.94% of Tongzhou's total industrial output": the share of another base, when another share's
        # measure holds more of the base's words than any share of that figure does
        stated = cue.SHARE_STATED_AFTER.match(q.text[f.end:]) if f.kind == "percent" and cue.SHARE_SAID_BEFORE.search(
            q.text[:f.start]) else None
        of_figure = [r for r in shares if r.figure.matches(f)] if stated else []
        if of_figure:
            terms = set(composer.search.index.tokenizer.terms(stated.group("base"))) - {"share"}

            def held(r):
                return len(terms & set(composer.search.index.tokenizer.terms(r.metric_en)))
            if max(map(held, shares)) > max(map(held, of_figure)):
                out.append(f)
    return out


def _fraction_wrong(composer, q: Question, rows):
    """(the claim, the best share's row) when the question bounds a share by a fraction (一半以上, "less
    than a third") and every near-ranked share is on the other side of it; None otherwise."""
    m = cue.FRACTION_CLAIM.search(q.text)
    if m is None:
        return None
    # the scope named, else the town's share, not its car makers'; a part's share only when the question's
    # subject words are more its own (汽车制造业占全区该行业的九成以上: the car makers')
    scope = composer._named_scope(q.text) or composer.k.default_scope
    # (and the shares of the amounts ranked: 完成年度目标的102.4% of 规上工业总产值)
    near = {r.id: s for r, s in rows[:3]}
    shares = [(r, s) for r, s in rows[:3] if r.kind == "share" and r.unit == "%"] + \
        [(r, near[r.of]) for r in composer.k.indicators if r.of in near and r.kind == "share" and r.unit == "%"]
    subject = composer._subject_words(q.text)
    said = max((composer._covers(subject, r) for r, _ in shares if r.scope_zh == scope), default=0.0)
    shares = [(r, s) for r, s in shares if r.scope_zh == scope
              or r.scope_zh.startswith(composer.k.default_scope) and composer._covers(subject, r) > said]
    if not shares:
        return None
    written = lexicon.load("extraction")
    said = re.sub(r"\s+", " ", m.group().lower())
    part = next((v for f, v in sorted(written["fractions"].items(), key=lambda fv: -len(fv[0])) if f in said), None)
    if part is None:
        return None
    value = 100 * part[0] / part[1]  # in per cent
    under = bool(re.search(written["fraction_under"], m.group(), re.I))
    only = written["fraction_only"]
    # (only when no near share bears it out: the best-ranked share may be of another subject)
    wrong = all(float(r.value) > value + only["margin"] if re.search(only["words"], m.group())
                else float(r.value) >= value if under else float(r.value) <= value for r, _ in shares)
    return (m.group(), shares[:1]) if wrong else None


def _not_the_largest(composer, q: Question):
    """(the claim, the firm's row and the larger one) when the question says a firm it names is the
    largest or first (cue superlative_claim) and another firm's figure of the same measure and period
    is larger; None otherwise."""
    m = cue.SUPERLATIVE_CLAIM.search(q.text) if not cue.WHICH_ASKED.search(q.text) else None
    firm = composer._entry_named(q.raw, ("firm",)) if m else None
    if firm is None:
        return None
    own = next((r for r, _ in composer._rank_rows(q, {}) if r.scope_zh == firm.zh and r.kind == "amount"), None)
    if own is None:
        return None
    larger = [r for r in composer.k.indicators if r.scope_zh in composer._firm_scopes and r.scope_zh != own.scope_zh
              and (r.metric_zh, r.period, r.unit) == (own.metric_zh, own.period, own.unit) and float(r.value) > float(own.value)]
    return (m.group(), [(own, 1.0), (max(larger, key=lambda r: float(r.value)), 1.0)]) if larger else None


def _compared_wrongly(composer, q: Question):
    """(the claim, the two rows) when the question says one thing is more or less than another
    (迁入企业比新设企业还多) and the data's figures for the two say the opposite; None otherwise.
    Each side's words must all be its row's, and both rows of one kind and unit."""
    m = cue.COMPARED_CLAIM.search(q.text)
    if m is None:
        return None
    picked = []
    for side in ("a", "b"):
        ranked = composer._rank_rows(composer._plain(q, m.group(side)), {})
        words = composer._topic_terms(m.group(side))
        if not ranked or not words or not all(w.lower() in composer._row_text[ranked[0][0].id].lower() for w in words):
            return None
        picked.append(ranked[0])
    (a, _), (b, _) = picked
    if a is b or a.kind != b.kind or a.unit != b.unit or a.qualifier or b.qualifier:
        return None
    more = a.figure.value > b.figure.value
    if a.figure.value == b.figure.value or more == bool(m.group("more")):
        return None
    return m.group(), picked


def _roughly_in_data(text: str, figure, known) -> bool:
    """"like 180-something %", 180多家, "around 190%", "the 94-ish figure": a rough figure some figure of the
    data bears out (from it up to the next step of its last non-zero digit: 180多 is 180 to 190; or within a
    twentieth of it). A bare number is held against the data's numbers as written (94 and 94.45亿元)."""
    up, near = cue.ROUGH_AFTER.match(text[figure.end:]), cue.ROUGH_NEAR_AFTER.match(text[figure.end:])
    if not (up or near or cue.ROUGH_BEFORE.search(text[:figure.start])):
        return False
    after = up or near  # (the unit after the rough word is the figure's: 500-something 亿元, 180-something %)
    said = (find_figures(figure.text + text[figure.end + after.end():].lstrip()) or [figure])[0] if after else figure
    bare = said.text == said.number  # (no unit: its value is its digits)
    values = [Decimal(k.number.replace(",", "")) if bare else k.value for k in known if k.kind == said.kind]
    if up:
        whole = said.number.replace(",", "").split(".")[0]
        width = said.step * 10 ** (len(whole) - len(whole.rstrip("0"))) if "." not in said.number else said.step
        return any(said.value <= v < said.value + width for v in values)
    return any(abs(v - said.value) <= said.value / 20 for v in values)


def _digits_of(figure, known) -> bool:
    """"the 240.39 total": a bare number naming a figure of the data by its digits, its unit left out."""
    return figure.text == figure.number and figure.kind == known.kind == "number" and figure.number == known.number


def _unit_agrees(composer, text: str, figure) -> bool:
    """A stated figure with a unit (30秒) must exist with that unit (76秒 does, 30秒 does not)."""
    # 30亿元: a multiplier the figure ends in starts the unit (亿元, not 元)
    multiplier = figure.text[len(figure.number):].strip()
    after = (multiplier if multiplier in ("万", "亿") else "") + text[figure.end:figure.end + 4]
    unit = next((u for u in composer._units if after.startswith(u)), None)
    if unit is None:  # "every 76 minutes" where the data's 76 is in 秒: the same figure in another unit of its kind
        said = text[figure.end:figure.end + 12].strip().lower()
        spans = lexicon.load("extraction")["time_units_en"]
        unit = next((zh for en, zh in spans.items() if re.match(rf"{en.rstrip('s')}s?\b", said)), None)
        same = [r for r in composer.k.indicators if unit and figure.matches(r.figure) and r.unit in spans.values()]
        return not same or any(r.unit == unit for r in same)
    return any(r.unit == unit and figure.matches(r.figure) for r in composer.k.indicators)

