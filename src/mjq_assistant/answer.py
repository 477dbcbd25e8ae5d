"""The grounded composer: answers from indicator rows and source sentences, no LLM.

Figure questions are answered from indicator rows (scope, period, qualifier,
unit); descriptive ones from the best source sentences (the aligned English
sentences for English questions). Questions the data cannot answer (unknown
topics, other years, false premises) are abstained from, in the asker's
language, pointing to what the data does cover.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from .cite import Answer, CitationList, Sources
from .figures import billions, find_figures, wan
from .keywords import FILLER as _FILLER, is_stopword
from .knowledge import Indicator, Knowledge
from .language import clean, detect_language, has_content, to_simplified
from .retrieve import HybridSearch

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000

MESSAGES = {
    "empty": {"zh": "请输入一个问题，例如：“2024年1至11月马驹桥镇规上工业产值是多少？”",
              "en": "Please type a question, for example: “What was Majuqiao's above-scale industrial output in January–November 2024?”"},
    "too_long": {"zh": "问题太长（{n}个字符，上限{limit}）。请把问题缩短后再问。",
                 "en": "The question is too long ({n} characters; the limit is {limit}). Please shorten it and ask again."},
    "not_covered": {"zh": "资料中没有关于“{what}”的信息。",
                    "en": "The data does not say anything about “{what}”."},
    "coverage": {"zh": "现有资料是关于马驹桥镇2024年经济的一篇报道，数据多为2024年1至11月：工业产值、汽车制造业、固定资产投资、消费市场、市场主体、企业服务和基层治理等。",
                 "en": "The data is one article on Majuqiao's 2024 economy, with figures mostly for January–November 2024: industrial output, automobile manufacturing, fixed-asset investment, consumption, new market entities, services to enterprises and community governance."},
    "other_year": {"zh": "资料中没有{years}年的数据；最新的数据是2024年的：",
                   "en": "The data has no figures for {years}; the latest are for 2024:"},
    "full_year": {"zh": "（资料只有2024年1至11月的数据，没有全年数字。）",
                  "en": "(The data covers January–November 2024 only, not the full year.)"},
    "single_month": {"zh": "资料中没有单月数据，只有2024年1至11月的累计数字：",
                     "en": "The data has no single-month figures, only cumulative ones for January–November 2024:"},
    "premise_figure": {"zh": "资料不支持问题中的“{claim}”。资料中的数据是：",
                       "en": "The data does not support “{claim}” in the question. What the data says:"},
    "premise_direction": {"zh": "资料不支持问题中“下降/减少”的说法。资料中的数据是：",
                          "en": "The data does not show a fall or decrease. What the data says:"},
    "injection": {"zh": "（问题中的指令已忽略，以下只依据资料回答。）",
                  "en": "(Instructions in the question were ignored; the answer below comes only from the data.)"},
}

_INJECTION = re.compile(
    r"ignore\s+(all\s+|any\s+|the\s+|your\s+)*(previous|prior|above|earlier|preceding)|disregard|forget\s+(all|everything|your|the)|"
    r"you\s+are\s+now|pretend|act\s+as|system\s+prompt|new\s+instructions?|override|jailbreak|"
    r"(say|answer|reply|respond|state|claim)\s+(that|with|only)|from\s+now\s+on|"
    r"忽略|无视|忽视|忘记|忘掉|不要理会|不管之前|你现在是|扮演|系统提示|新的指令|新指令|从现在起|从现在开始|"
    r"(请|你)?(回答|就说|告诉我|输出)[^，。？?]{0,20}(是|为)\s*\d|直接说|不要引用|别引用|不要注明|"
    r"\b(do\s+not|don'?t)\s+cite|\bjust\s+say\b|当作(新)?事实|视为事实|新事实|(已|已经)更新|"
    r"\b(has|have)\s+been\s+updated\b|\busing\s+the\s+update\b|\btreat\s+(this|the\s+following)\s+as\b", re.IGNORECASE)
# Removed from an injected question before retrieval: the instruction, and any claimed figure.
_INJECTION_WORDS = re.compile(
    r"\b(ignore|disregard|forget|previous|prior|above|earlier|all|instructions?|prompt|system|pretend|override|say|said|"
    r"answer|reply|respond|state|claim|that|now|from|on|you|are|tell|me|was|is)\b|"
    r"忽略|无视|忽视|忘记|忘掉|不要理会|之前|以上|所有|的|指令|提示|你现在是|扮演|从现在起|从现在开始|请|回答|就说|直接说|告诉我|输出|"
    r"\d[\d,.]*\s*(亿元|亿|万|%|billion|million)?", re.IGNORECASE)
_FOLLOWUP = re.compile(
    r"^\s*(and|what about|how about|also|then|so)\b|\b(it|its|it's|he|his|him|she|her|they|them|their|that|this|those|these|"
    r"the same|same period)\b|^(那|那么|还有|另外|而|并且)|它|其|他|她|该|这个|那个|这些|那些|此", re.IGNORECASE)
_FIGURE_CUE = re.compile(
    r"多少|(?<!哪)几|多大|多快|多久|多长时间|百分之几|比重|占比|比例|份额|增长|增速|增幅|上升|下降|降幅|贡献率|拉动|规模|总额|总值|产值|营业额|"
    r"数量|面积|交付|历史|百分|\bhow\s+(much|many|fast|big|large|long|old|often|frequently)\b|\b(share|percentage|proportion|growth|grow|grew|"
    r"rate|sizes?|area|total|amount|number|count|output|revenue|turnover|sales|investment|delivered|deliveries|value|figure|"
    r"history|rank|times|increase|rise|rose)\b", re.IGNORECASE)
_DESCRIBE_CUE = re.compile(
    r"谁|哪些|哪家|哪几|哪个|什么企业|哪类|名称|叫什么|介绍|是什么|什么是|做了|举措|措施|计划|打算|表示|说了|说过|定位|怎么|如何|为什么|"
    r"\b(who|which|name|names|list|describe|explain|why|plan|plans|measures|role|say|said|what\s+(firms|companies|enterprises|"
    r"industries|clusters|programmes?|programs?|measures|kind|is\s+the\s+role|did))\b", re.IGNORECASE)
_EN_HEAD = re.compile(r"\b(how\s+(many|much)|what(\s+(is|was|are|were)|'s)(\s+(the|its|their))?|who\s+(is|are|was|were)(\s+the)?)\s+", re.IGNORECASE)
_EN_BOUNDARY = set("""of in for at on to by from with such as that which who did does do is are was were has have had
will would can could be been being there than and or during between among credited since per into out up
alone only got get gets make made take took work works give gave""".split())
_COUNTED = re.compile(r"(多少|几)(名|家|位|所|座|种)(?P<what2>[\u4e00-\u9fff]{2,4})", re.IGNORECASE)
_GROWTH_CUE = re.compile(r"增长|增速|增幅|涨|同比|上升|\b(grow|grew|growth|how\s+fast|increase|rise|rose|year[-\s]on[-\s]year)\b", re.IGNORECASE)
_SHARE_CUE = re.compile(r"占|比重|占比|比例|份额|百分之几|相当于|\b(share|proportion|percentage\s+of|part\s+of)\b", re.IGNORECASE)
_POINTS_CUE = re.compile(r"个百分点|percentage\s+points?", re.IGNORECASE)
_NEGATIVE_EVENT = re.compile(r"搬走|搬离|撤离|撤出|关闭|关停|倒闭|停产|外迁|迁出|减半|亏损|裁员|破产|末位|倒数|"
                             r"\b(shut|closed?|closure|leave|left|halve[ds]?|bankrupt\w*|layoffs?|relocat\w*|moved\s+(away|out)|"
                             r"lost|loss|losses|worst|last\s+place)\b", re.IGNORECASE)
_HEAD = re.compile(r"(是|有|为)?(多少|几)(?!家|个|场|次|位|名|人|年|所|座|种|台|万|亿)|是谁|叫什么")
_AGE = re.compile(r"多大年纪|年龄|几岁|多少岁|\bhow\s+old\b|\bage\b", re.IGNORECASE)
_PERSON_REF = re.compile(r"他|她|书记|镇长|\b(he|she|him|her|mayor|secretary)\b", re.IGNORECASE)
_SINGLE_MONTH = re.compile(r"(?<![至到\-–~\d])(1[0-2]|[1-9])月(?![\d日号份]|份?至)|单月|当月|"
                           r"\b(in|for|during)\s+(january|february|march|april|may|june|july|august|september|october|"
                           r"november|december)\b(?!\s*(?:[–\-]|to|through|and))|\b(december|november)\s+alone\b", re.IGNORECASE)
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}(?:镇|乡|县|市|区)")
_WHY = re.compile(r"为什么|为何|什么原因|\bwhy\b", re.IGNORECASE)
_WHO = re.compile(r"谁|\bwho\b", re.IGNORECASE)
_FIRMS_CUE = re.compile(r"哪些(企业|公司|龙头|医药|配套)|哪几家|哪家|什么企业|\b(which|what)\s+(\w+\s+)?(firms|companies|enterprises|businesses)\b|"
                        r"\b(name|list)\s+the\s+(\w+\s+)?(firms|companies|enterprises)", re.IGNORECASE)
_AMOUNT_CUE = re.compile(r"\bhow\s+much\b|产值|营业额|总额|销售额|多少钱|多少亿", re.IGNORECASE)
_COUNT_CUE = re.compile(r"\bhow\s+many\b|多少家|几家|多少个|几个|多少场|多少名|多少位", re.IGNORECASE)
_COMPARE = re.compile(r"分别|各是|各有|各为|哪个更|哪边更|相比|比较|对比|\b(compare|compared|versus|vs|respectively|both|each)\b|which\s+is\s+(higher|larger|bigger|more|greater)", re.IGNORECASE)
_PARTS = re.compile(r"(?<!住宿)和(?!餐饮)|与|以及|及|还是|，|,|；|\band\b|\bor\b|\bthan\b|\bvs\.?|\bversus\b|\bwith\b|compared\s+to", re.IGNORECASE)
_WHO_IS = re.compile(r"是谁|谁是|是什么|什么是|介绍|^\s*(who|what)\s+(is|are|was)\b|tell me about", re.IGNORECASE)
_FALL = re.compile(r"下降|下滑|减少|降低|萎缩|下跌|fall|fell|drop|decline|decrease|shrink|shrank|lower", re.IGNORECASE)
_FULL_YEAR = re.compile(r"全年|整年|full[\s-]year|whole\s+year|entire\s+year|annual", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_COORDINATED = re.compile(r"协同区域|协同区|coordinated", re.IGNORECASE)
_WHOLE_TOWN = re.compile(r"全镇|whole\s+town|entire\s+town|town[-\s]wide", re.IGNORECASE)


@dataclass
class Question:
    raw: str
    text: str            # cleaned, simplified; an injected instruction taken out
    language: str
    history_text: str    # the previous user question when this one is a follow-up
    injection: bool
    terms: list[str] = field(default_factory=list)


def _previous_user_question(history) -> str:
    for message in reversed(history or []):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):  # Gradio's content blocks
                content = " ".join(b.get("text", "") for b in content if isinstance(b, dict))
            if isinstance(content, str) and content.strip():
                return to_simplified(clean(content))[:MAX_QUESTION_CHARS]
    return ""


def _period(period: str, language: str) -> str:
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
    return f"{period}年" if period and language == "zh" else period


_EN_UNITS = {"家": "", "个": "", "平方公里": "square kilometres", "年": "years", "秒": "seconds", "场": "sessions",
             "人次": "person-times", "次": "times", "位": "people", "台": "vehicles", "大产业集群": "major industrial clusters"}
_EN_QUALIFIER = {"超过": "over", "余": "more than", "多": "more than", "约": "about", "": ""}


def figure_text(row: Indicator, language: str) -> str:
    """The figure as an answer states it: 超过13万台 / over 130,000 (13万台) vehicles."""
    q, v, u = row.qualifier, row.value, row.unit
    if language == "zh":
        return f"{q}{v}{u}" if q in ("超过", "约") else f"{v}{q}{u}"
    original = f"{v}{q}{u}" if q in ("余", "多") else f"{v}{u}"
    qualifier = _EN_QUALIFIER[q]
    if billions(v, u):
        core = f"RMB {billions(v, u)} ({original})"
    elif wan(v, u):
        core = f"{wan(v, u)} ({original}) {_EN_UNITS.get(u[1:], '')}".strip()
    elif u in ("%",):
        core = f"{v}%"
    elif u == "个百分点":
        core = f"{v} percentage points"
    else:
        core = f"{v} {_EN_UNITS.get(u, '')}".strip()
    return f"{qualifier} {core}".strip()


_ASKS = re.compile(r"多少|(?<!哪)几|\bhow\s+(many|much)\b", re.IGNORECASE)


def _questions(text: str) -> list[str]:
    """The questions in a message: split at question marks, or at commas between two
    "how many / 多少" clauses ("营业额有多少，同比增长了多少")."""
    parts = [p for p in re.split(r"(?<=[？?])", text) if len(p.strip()) >= 4 and has_content(p)]
    if len(parts) == 1 and len(_ASKS.findall(text)) >= 2:
        parts, pending = [], ""
        for piece in re.split(r"(?<=[，,；;])", text):
            pending += piece
            if _ASKS.search(piece):
                parts.append(pending)
                pending = ""
        if pending and parts:
            parts[-1] += pending
    return parts or [text]


def _merge_answers(raw: str, language: str, answers: list[Answer]) -> Answer:
    """One answer from the answers to each question in a message, markers renumbered."""
    cites, lines = CitationList(), []
    for a in answers:
        mapping = {c.marker: cites.add(c.source.split("#", 1)[1], c.quote, c.translation) for c in a.citations}
        lines.append(re.sub(r"\[(\d+)\]", lambda m: f"[{mapping.get(int(m.group(1)), m.group(1))}]", a.text))
    notice = next((a.notice for a in answers if a.notice), None)
    return Answer(raw, "\n".join(lines), language, all(a.abstained for a in answers), cites.items, notice)


def _join(scope: str, metric: str) -> str:
    """全镇规上汽车制造业 + 规上汽车制造业企业产值 -> 全镇规上汽车制造业企业产值."""
    for size in range(min(len(scope), len(metric)), 1, -1):
        if scope.endswith(metric[:size]):
            return scope + metric[size:]
    return scope + metric


class Composer:
    def __init__(self, knowledge: Knowledge, search: HybridSearch):
        self.k = knowledge
        self.search = search
        self.sources = Sources(knowledge)
        self.rows = {f"ind:{r.id}": r for r in knowledge.indicators}
        self.glossary = {f"glo:{g.id}": g for g in knowledge.glossary}
        self.kb_figures = [f for p in knowledge.article_zh for f in find_figures(p.text)]
        self._all_text = "\n".join(p.text.lower() for p in knowledge.article_zh + knowledge.article_en)
        self._firm_names = [n for g in knowledge.glossary if g.type == "firm" for n in (g.zh, *g.aliases) if len(n) >= 2]

    # -- entry point -------------------------------------------------------
    def answer(self, question: str, history=None) -> Answer:
        raw = question if isinstance(question, str) else str(question or "")
        text = clean(raw)
        language = detect_language(text)
        if not has_content(text):
            return Answer(raw, MESSAGES["empty"][language], language, True)
        if len(text) > MAX_QUESTION_CHARS:
            msg = MESSAGES["too_long"][language].format(n=len(text), limit=MAX_QUESTION_CHARS)
            return Answer(raw, msg, language, True)
        simplified = to_simplified(text)
        injection = bool(_INJECTION.search(simplified))
        previous = _previous_user_question(history)
        parts = _questions(simplified)
        if len(parts) > 1 and not injection:  # "营业额有多少？同比增长多少？": each question in turn
            answers = [self._answer_one(raw, part, language, parts[i - 1] if i else previous, False)
                       for i, part in enumerate(parts)]
            return _merge_answers(raw, language, answers)
        return self._answer_one(raw, simplified, language, previous, injection)

    def _answer_one(self, raw: str, simplified: str, language: str, previous: str, injection: bool) -> Answer:
        is_followup = bool(previous) and (bool(_FOLLOWUP.search(simplified)) or len(self._topic_terms(simplified)) <= 1)
        retrieval_text = _INJECTION_WORDS.sub(" ", simplified) if injection else simplified
        q = Question(raw, retrieval_text, language, previous if is_followup else "", injection)
        q.terms = self.search.correct(self.search.index.tokenizer.terms(retrieval_text))
        answer = self._compose(q, retrieval_text)
        if injection and not answer.abstained:
            answer.notice = MESSAGES["injection"][language]
            answer.text = f"{answer.notice}\n{answer.text}"
        return answer

    # -- analysis ----------------------------------------------------------
    def _topic_terms(self, text: str) -> list[str]:
        terms = self.search.correct(self.search.index.tokenizer.terms(text))
        return [t for t in terms if t not in _FILLER and not t[0].isdigit() and not is_stopword(t)]

    def _unknown_topic(self, q: Question) -> list[str]:
        """Topic words the knowledge base never uses (人口, GDP, house prices...): a
        question about them is abstained from. The word the question asks about (its
        head: 失业率 in 失业率是多少, employees in "how many employees") decides; other
        words only when no head is found."""
        words = self.search.correct(self.search.index.tokenizer.terms(q.text, search=False))
        topic = [t for t in words if t not in _FILLER and not t[0].isdigit()]
        unknown = [t for t in topic if not self.search.known(t) and (len(t) > 1 or t.isascii())]
        known = [t for t in topic if self.search.known(t)]
        # a person's age: not in the data
        if _AGE.search(q.text) and (_PERSON_REF.search(q.text) or self._named_entry(q.raw, ("person",))):
            return [_AGE.search(q.text).group()]
        # a name or place the data never mentions: "Songzhuang", 台湖镇
        names = [w.lower() for w in re.findall(r"(?<!^)(?<![.?!] )\b[A-Z][a-z]{3,}", q.raw)]
        places = [m.group() for m in _PLACE.finditer(q.text)
                  if not self.search.known(m.group()) and not re.search(r"[这那该本此古小大个的在是了和与有]", m.group())
                  and not self._near_place(m.group())]
        if [n for n in names if n in unknown] or places:
            return [n for n in names if n in unknown] + places
        # "why did X shut down / halve / 搬走": an event the data never mentions is a false premise
        if _WHY.search(q.text):
            events = [m.group() for m in _NEGATIVE_EVENT.finditer(q.text) if m.group().lower() not in self._all_text]
            if unknown or events:
                return unknown or events
        head = self._head(q.text)
        if head is not None:
            return [w for w in head if not self.search.known(w)]
        return unknown if unknown and len(unknown) >= len(known) else []

    def _head(self, text: str) -> list[str] | None:
        """The words naming what a question asks about (失业率 in 失业率是多少, "tax revenue"
        in "how much tax revenue"), or None when they cannot be told."""
        tokenizer = self.search.index.tokenizer
        m = _EN_HEAD.search(text)
        if m:
            phrase = []
            for word in re.findall(r"[A-Za-z][A-Za-z'-]*", text[m.end():])[:5]:
                if word.lower() in _EN_BOUNDARY:
                    break
                if not re.search(r"(ed|ing|ly)$", word.lower()):  # verbs and adverbs do not name the topic
                    phrase.append(word)
            return [t for t in self.search.correct(tokenizer.terms(" ".join(phrase))) if t not in _FILLER] or None
        m = _COUNTED.search(text)
        if m:
            words = self.search.correct(tokenizer.terms(m.group("what2"), search=False))
            return [w for w in words if len(w) > 1 and w not in _FILLER][:1]
        m = _HEAD.search(text)
        if m:
            phrase = re.split(r"[的在了，,、]", text[:m.start()])[-1]
            words = self.search.correct(tokenizer.terms(phrase, search=False))
            return [w for w in words if len(w) > 1 and w not in _FILLER]
        return None

    # -- composition -------------------------------------------------------
    def _compose(self, q: Question, retrieval_text: str) -> Answer:
        lang = q.language
        unknown = self._unknown_topic(q)
        if unknown and not q.injection:
            return self._abstain(q, MESSAGES["not_covered"][lang].format(what="、".join(unknown) if lang == "zh" else ", ".join(unknown)))

        query = f"{q.history_text} {retrieval_text}".strip()
        dense = self.search.dense_scores(query)
        rows = self._rows_for(q, dense)
        wants_figure = bool(_FIGURE_CUE.search(q.text)) and (
            not _DESCRIBE_CUE.search(q.text) or bool(_COMPARE.search(q.text))
            or bool(re.search(r"多少|(?<!哪)几|how\s+(much|many|often)", q.text, re.I)))
        years = {int(y) for y in _YEAR.findall(q.text)} - {2024}
        if wants_figure and _SINGLE_MONTH.search(q.text):
            return self._abstain(q, MESSAGES["single_month"][lang], rows[:1])
        if years and (wants_figure or not self._mentions_year(years)):
            return self._abstain(q, MESSAGES["other_year"][lang].format(years="、".join(map(str, sorted(years)))), rows[:1])
        if not q.injection:
            claimed = [f for f in find_figures(q.text) if not any(f.matches(k) for k in self.kb_figures)]
            if claimed:
                return self._abstain(q, MESSAGES["premise_figure"][lang].format(claim=claimed[0].text), rows[:1])
            if rows and _FALL.search(q.text) and not _FALL.search(rows[0][0].quote) and "降" not in rows[0][0].quote:
                return self._abstain(q, MESSAGES["premise_direction"][lang], rows[:1])
        if wants_figure and rows:
            answer = self._figure_answer(q, rows)
            if _FULL_YEAR.search(q.text) and any(r.period.endswith("-11") for r, _ in rows[:1]):
                answer.text += "\n" + MESSAGES["full_year"][lang]
            return answer
        described = self._describe(q, query, dense)
        if described:
            return described
        if rows:
            return self._figure_answer(q, rows)
        return self._abstain(q, MESSAGES["not_covered"][lang].format(what=q.text[:40]))

    def _mentions_year(self, years: set[int]) -> bool:
        return any(str(y) in p.text for y in years for p in self.k.article_zh)

    def _rows_for(self, q: Question, dense: dict[str, float]) -> list[tuple[Indicator, float]]:
        """Rows for the question; a comparison ("A和B分别是多少") gets the best row of each part."""
        parts = [p for p in _PARTS.split(q.text) if p and self._topic_terms(p)] if _COMPARE.search(q.text) else []
        if len(parts) < 2:
            return self._rank_rows(q, dense)
        chosen = []
        for part in parts[:3]:
            sub = Question(q.raw, part, q.language, q.history_text, q.injection,
                           self.search.correct(self.search.index.tokenizer.terms(part)))
            for row, s in self._rank_rows(sub, self.search.dense_scores(part))[:1]:
                if all(row is not r for r, _ in chosen):
                    chosen.append((row, s))
        return chosen or self._rank_rows(q, dense)

    def _rank_rows(self, q: Question, dense: dict[str, float]) -> list[tuple[Indicator, float]]:
        """Indicator rows by match: BM25 on the question (and, for a follow-up, the
        previous question at a lower weight), vectors as a tie-breaker, scope words."""
        ids = list(self.rows)
        idx = [i for i, p in enumerate(self.search.passages) if p.kind == "indicator"]
        lexical = self.search.lexical_scores(q.terms)[idx]
        if q.history_text:
            prev = self.search.lexical_scores(self.search.correct(self.search.index.tokenizer.terms(q.history_text)))[idx]
            lexical = lexical + 0.6 * prev
        if lexical.max() <= 0 and not dense:
            return []
        lex = lexical / lexical.max() if lexical.max() > 0 else lexical
        dvals = [dense.get(i, 0.0) for i in ids]
        lo, hi = min(dvals), max(dvals)
        scope_text = f"{q.history_text} {q.text}"
        scored = []
        for n, (id_, row) in enumerate(self.rows.items()):
            s = 0.75 * lex[n] + 0.25 * ((dvals[n] - lo) / (hi - lo) if hi > lo else 0)
            s += 0.12 * self._kind_fit(q.text, row)
            if _COORDINATED.search(scope_text):
                s += 0.15 if "协同" in row.scope_zh else -0.1
            elif _WHOLE_TOWN.search(scope_text):
                s += 0.15 if row.scope_zh.startswith("全镇") else 0
            scored.append((row, s))
        scored.sort(key=lambda t: -t[1])
        top = scored[0][1]
        chosen, seen = [], set()
        for row, s in scored:
            if s < 0.85 * top or len(chosen) == 3:
                break
            key = (row.value, row.unit, row.scope_zh)
            if key not in seen:
                seen.add(key)
                chosen.append((row, s))
        # the same kind of figure for another scope (whole town vs coordinated area),
        # when the question does not say which scope it means
        if not (_COORDINATED.search(scope_text) or _WHOLE_TOWN.search(scope_text)):
            first = chosen[0][0]
            for row, s in scored[len(chosen):]:
                if s >= 0.6 * top and row.unit == first.unit and row.period == first.period \
                        and row.scope_zh != first.scope_zh and self._kind_fit(row.metric_zh, first) >= 0:
                    if (row.value, row.unit, row.scope_zh) not in seen and len(chosen) < 4:
                        chosen.append((row, s))
                    break
        return chosen

    @staticmethod
    def _kind_fit(text: str, row: Indicator) -> int:
        """+1 when the row is the kind of figure asked for (a growth rate, a share, an amount, a count)."""
        growth = any(w in row.metric_zh for w in ("增长", "上升", "提高")) or "growth" in row.metric_en.lower()
        share = "比重" in row.metric_zh or "占" in row.metric_zh or "share" in row.metric_en.lower()
        fit = 0
        if _GROWTH_CUE.search(text):
            fit += 1 if growth else -1
        if _SHARE_CUE.search(text):
            fit += 1 if share else -1
        if _POINTS_CUE.search(text):
            fit += 1 if row.unit == "个百分点" else -1
        if _AMOUNT_CUE.search(text) and not (growth or share):
            fit += 1 if row.unit.startswith("亿") else 0
        if _COUNT_CUE.search(text) and not (growth or share):
            fit += 1 if row.unit not in ("%", "个百分点") and not row.unit.startswith("亿") else -1
        return fit

    def _figure_answer(self, q: Question, rows) -> Answer:
        cites = CitationList()
        lines = [self._row_line(row, q.language, cites) for row, _ in rows]
        return Answer(q.raw, "\n".join(lines), q.language, False, cites.items)

    def _row_line(self, row: Indicator, lang: str, cites: CitationList) -> str:
        quote, translation = self.sources.indicator(row)
        n = cites.add(row.source, quote, translation)
        period = _period(row.period, lang)
        if lang == "zh":
            return f"{period + '，' if period else ''}{_join(row.scope_zh, row.metric_zh)}：{figure_text(row, lang)}[{n}]。"
        where = ", ".join(x for x in (row.scope, period) if x)
        metric = row.metric_en[0].upper() + row.metric_en[1:]
        return f"{metric} ({where}): {figure_text(row, lang)} [{n}]."

    def _describe(self, q: Question, query: str, dense: dict[str, float]) -> Answer | None:
        hits = self.search.search(query, k=12, kinds=("sentence", "glossary"), dense=dense)
        if q.history_text:  # the follow-up's own words count double
            own = self.search.search(q.text, k=12, kinds=("sentence", "glossary"))
            hits = self._merge(hits, own)
        if not hits:
            return None
        cites = CitationList()
        named = self._named_entry(q.raw + " " + q.text)
        person = self._best_person(q) if _WHO.search(q.text) and not named else None
        g = named if _WHO_IS.search(q.text) else None
        g = g or person
        if g is None and _WHO_IS.search(q.text) and hits[0].passage.kind == "glossary":
            g = self.glossary[hits[0].passage.id]
        if g is not None:
            return self._glossary_answer(q, g, cites)
        # fuse the Chinese and English hits of the same sentence
        scores: dict[tuple[str, int], float] = {}
        for h in hits:
            if h.passage.kind == "sentence":
                key = (h.passage.source, int(h.passage.ref))
                scores[key] = scores.get(key, 0.0) + h.score
        if not scores:
            return None
        if _FIRMS_CUE.search(q.text):  # "which firms": sentences that name firms
            for key in scores:
                quote, _ = self.sources.sentence(*key)
                scores[key] += 0.01 * min(3, sum(1 for name in self._firm_names if name in quote))
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        best = ranked[0][1]
        if _COMPARE.search(q.text):  # "西部和东部分别…": the best sentence for each part comes first
            firsts = []
            for part in (p for p in _PARTS.split(q.text) if p and self._topic_terms(p)):
                top = self.search.search(part, k=1, kinds=("sentence",))
                key = (top[0].passage.source, int(top[0].passage.ref)) if top else None
                if key and key not in firsts:
                    firsts.append(key)
            if len(firsts) > 1:
                ranked = [(key, best) for key in firsts] + [kv for kv in ranked if kv[0] not in firsts]
        parts = []
        for (paragraph, index), s in ranked[:3]:
            if s < 0.75 * best:
                break
            quote, translation = self.sources.sentence(paragraph, index)
            n = cites.add(paragraph, quote, translation)
            parts.append(f"{quote}[{n}]" if q.language == "zh" else f"{translation or quote} [{n}]")
        return Answer(q.raw, ("" if q.language == "zh" else " ").join(parts), q.language, False, cites.items)

    def _best_person(self, q: Question):
        """The person whose glossary role matches the question's words best (谁写的 -> the author)."""
        lexical = self.search.lexical_scores(q.terms)
        scored = [(lexical[i], self.glossary[p.id]) for i, p in enumerate(self.search.passages)
                  if p.kind == "glossary" and self.glossary[p.id].type == "person"]
        score, person = max(scored, key=lambda t: t[0], default=(0, None))
        return person if score > 0 else None

    @staticmethod
    def _merge(first, second):
        """Both hit lists, the second's scores doubled, summed per passage."""
        by_id = {}
        for weight, hits in ((1.0, first), (2.0, second)):
            for h in hits:
                if h.passage.id in by_id:
                    by_id[h.passage.id].score += weight * h.score
                else:
                    by_id[h.passage.id] = type(h)(h.passage, weight * h.score, h.lexical, h.dense)
        return sorted(by_id.values(), key=lambda h: -h.score)

    def _glossary_answer(self, q: Question, g, cites: CitationList) -> Answer:
        """Who or what an entry is (and everyone sharing that role), cited to the sentence naming them."""
        same_role = [e for e in self.glossary.values() if e.type == g.type and e.role_zh == g.role_zh]
        lines = []
        for e in same_role if g.type == "person" else [g]:
            names = [e.zh, *e.aliases]
            paragraph = self.k.zh[e.source].text
            index = next((self.sources.sentence_index(e.source, n) for n in names if n in paragraph), 0)
            quote, translation = self.sources.sentence(e.source, index)
            n = cites.add(e.source, quote, translation)
            lines.append(f"{e.zh}：{e.role_zh}[{n}]" if q.language == "zh" else f"{e.en} ({e.zh}): {e.role_en} [{n}]")
        return Answer(q.raw, "\n".join(lines), q.language, False, cites.items)

    def _near_place(self, name: str) -> bool:
        """A misspelt known place (马驹乔镇 for 马驹桥镇): one character off."""
        return any(len(n) == len(name) and sum(a != b for a, b in zip(n, name)) == 1
                   for g in self.glossary.values() if g.type == "place" for n in (g.zh, *g.aliases))

    def _named_entry(self, text: str, types=("person", "firm", "programme", "organisation")):
        """The glossary entry whose name the question spells out (the longest such name)."""
        lowered = text.lower()
        best, length = None, 0
        for g in self.glossary.values():
            for name in (g.zh, g.en, *g.aliases):
                if len(name) >= 2 and name.lower() in lowered and len(name) > length:
                    best, length = g, len(name)
        return best if best and best.type in types else None

    def _abstain(self, q: Question, reason: str, rows=()) -> Answer:
        cites = CitationList()
        lines = [reason] + [self._row_line(row, q.language, cites) for row, _ in rows]
        if not rows:
            lines.append(MESSAGES["coverage"][q.language])
        return Answer(q.raw, "\n".join(lines), q.language, True, cites.items)
