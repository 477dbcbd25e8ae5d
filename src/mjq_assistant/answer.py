"""The grounded composer: answers from indicator rows and source sentences, no LLM.

A message is read once (question.analyse), then each question goes through ordered
steps: the guards (guards/: input, injection, topic, period, premise, kind), each of
which may stop it with an abstention in the asker's language that points to what the
data does cover; then the figure selector (indicator rows: scope, period, qualifier,
unit) or the passage selector (the best source sentences, the aligned English ones for
English questions); then rendering. Every answer's trace names the step that decided.
"""
from __future__ import annotations

import functools
import logging
import re
from collections import Counter, defaultdict

import numpy as np

from .cite import Answer, CitationList, Sources, merge_answers
from .figures import base_unit, find_figures, names_what_it_counts
from .render import change_text, difference_text, extracted_note, ratio_text, figure_text, join_scope, months_covered, period_text
from .guards import MESSAGES, STEP_OF, injection, input as input_guard, kind, period, premise, topic
from .keywords import is_filler, is_stopword, single_character_runs
from .knowledge import Indicator, Knowledge, doc_id
from .language import HEADING_MAX, name_end
from .premises import Premises
from . import lexicon, question as cue, row_model
from .question import Question, analyse
from .retrieve import HybridSearch
from .row_model import fit, is_growth, kind_fit

log = logging.getLogger(__name__)
ENUMERATION = re.compile(r"、|；|”“|”和“")  # the joints of a list in a sentence

TABLE_ROWS_LISTED = 10  # a table's rows quoted for "which firms are in the table", at most
PERIOD_SHARE = 0.8  # a row of the period named wins over a better match of another period within this
UNIT_SHARE = 0.5  # a row in the unit asked wins over a better match in another unit within this
LEAD_SENTENCES = 3  # a document's lead, as a summary of it gives it
TARGET_ROWS = 8  # the goals a list of them shows
FAMILY_ENDING = 4  # characters two measures' names end with to be one measure of two groups (…人均可支配收入)
ITEMS_LISTED = 8  # the enumerated items (一是…二是…) a list of them shows
OVERVIEW_PARAGRAPH = 300  # characters of a paragraph an overview reads whole
HEADLINE_ROWS = 6         # "主要经济指标": this many of the period's amounts, in the report's order
HISTORY_LEXICAL = 0.60    # a follow-up: the previous question's words count at this weight
NEAR_SHARE = 0.85  # rows scoring this share of the best are near matches
OTHER_SCOPE_SHARE = 0.60  # the same figure for another scope joins at this share of the best score
# e5's similarities of a question to the rows of a document spread by 0.06-0.15 (the seed's questions);
# a narrower spread (a report of five figures) is noise, not a ranking, and is not stretched to 0-1
DENSE_SPREAD = 0.08

def _of_year_asked(q: Question, rows: list[Indicator], default: Indicator) -> Indicator:
    """Of rows ordered earliest first, the one of a year the question names, else the latest, else `default`."""
    return next((r for r in rows if r.period[:4] in q.years), rows[-1] if rows else default)


def _span(period: str) -> str:
    """A period without its year: 2024-01..2024-06 -> Y-01..Y-06, 2024 -> Y."""
    return re.sub(r"\d{4}", "Y", period)


def _join_scopes(series: dict[tuple, list[Indicator]], whole: str) -> None:
    """A measure each report gives for one scope, the whole place's in one and a part's in another
    (全年接待游客 read as the street's, the sentence before naming it): one series, each row
    still told with its scope. Rows of two parts (two firms' 产值) are never joined."""
    keys_of = defaultdict(list)
    for key in series:
        keys_of[key[1:]].append(key)
    for keys in keys_of.values():
        rows = sorted((r for k in keys for r in series[k]), key=lambda r: r.period_end)
        scopes_of = defaultdict(set)
        for r in rows:
            scopes_of[doc_id(r.id)].add(r.scope_zh)
        if len(keys) > 1 and len(scopes_of) > 1 and all(len(s) == 1 for s in scopes_of.values()) \
                and any(k[0] == whole for k in keys):
            for k in keys:
                series[k] = rows


class Composer:
    def __init__(self, knowledge: Knowledge, search: HybridSearch):
        self.k = knowledge
        self.search = search
        self.row_weights = row_model.weights()
        self.feature_log: list | None = None  # set to a list to record the ranking's features
        self.sources = Sources(knowledge)
        self.premises = Premises(knowledge)
        self.rows = {f"ind:{r.id}": r for r in knowledge.indicators}
        self.glossary = {f"glo:{g.id}": g for g in knowledge.glossary}
        # what the guards read of the knowledge, worked out once: every figure of the text and the units
        # of the rows (premise), the text itself (topic), whether any row is of a single month (period)
        self.kb_figures = [f for p in knowledge.article_zh for f in find_figures(p.text)]
        self._units = sorted({r.unit for r in knowledge.indicators if r.unit not in ("%", "个百分点")} | {"分钟", "小时"},
                             key=len, reverse=True)
        self._all_text = "\n".join(p.text.lower() for p in knowledge.article_zh + knowledge.article_en)
        self._monthly = any(re.fullmatch(r"\d{4}-\d\d", r.period) for r in knowledge.indicators)
        # read up to three times per question (follow-up, abstention, row choice): cut it once
        self._head = functools.lru_cache(maxsize=1024)(functools.partial(topic.head, self))
        self._previous_row = functools.lru_cache(maxsize=256)(self._previous_row)
        self._sentence_of = {r.id: (r.source, self.sources.sentence_index(r.source, r.quote)) for r in knowledge.indicators}
        self._sentence_rows = defaultdict(list)  # each sentence's rows, in order (the first: a total its parts follow)
        for r in knowledge.indicators:
            self._sentence_rows[self._sentence_of[r.id]].append(r)
        # the people, firms and places the glossary names, with their roles: what an injected question may still ask
        self._glossary_text = " ".join(f"{g.zh} {g.en} {g.role_zh} {g.role_en}" for g in knowledge.glossary
                                       if g.type != "scope").lower()
        self._sentence_years = defaultdict(set)  # the years of the figures a sentence gives
        for r in knowledge.indicators:
            self._sentence_years[self._sentence_of[r.id]].update(re.findall(r"\d{4}", r.period)[:1])
        # where a row has no vector of its own (an extracted row), its sentence's stands for it
        self._vector_of = {f"ind:{r.id}": f"zh:{r.source}:{self._sentence_of[r.id][1]}"
                           for r in knowledge.indicators if r.status == "extracted"}
        self._row_text = {r.id: f"{r.metric_zh} {r.english_words} {r.keywords}".lower() for r in knowledge.indicators}
        self._rows_text = " ".join(self._row_text.values())  # every row's words, to look a word up in once
        self._row_terms = set(self.search.index.tokenizer.terms(" ".join(self._row_text.values())))  # every measure's words
        self._named_text = {r.id: f"{self._row_text[r.id]} {r.scope_zh} {r.scope}".lower() for r in knowledge.indicators}
        self._about_text = {r.id: f"{self._named_text[r.id]} {r.quote}".lower() for r in knowledge.indicators}
        self._goals = defaultdict(list)  # what a goal is set for -> the goals (a result's rows answer "目标" by them)
        self._results = defaultdict(list)  # ...and the figures achieved for it ("力争突破20亿元，实际完成了吗")
        for r in sorted(knowledge.indicators, key=lambda r: r.period):  # earliest first
            (self._goals if r.is_target else self._results)[r.measured].append(r)
        # a growth rate -> the figure of the amount it is about (the `of` column), or None
        self._growth_of = {r.id: self.rows[f"ind:{r.of}"].figure if r.of else None
                           for r in knowledge.indicators if r.kind == "rate"}
        self._of = {(r.of, r.kind): r for r in reversed(knowledge.indicators) if r.of}  # the first row wins
        # a figure two documents state (a report and a brochure of one year): its rate or share in either
        statements: dict[tuple, list[str]] = {}
        for r in knowledge.indicators:
            statements.setdefault((r.scope_zh, r.metric_zh, r.period, r.value, r.unit), []).append(r.id)
        twins = {id_: ids for ids in statements.values() if len(ids) > 1 for id_ in ids}
        for (of, kind), r in list(self._of.items()):
            for twin in twins.get(of, ()):
                self._of.setdefault((twin, kind), r)
        self._exact = {(r.series, r.period) for r in knowledge.indicators if not r.qualifier}
        series: dict[tuple, list[Indicator]] = {}
        for r in sorted(knowledge.indicators, key=lambda r: r.period_end):
            series.setdefault(r.series, []).append(r)
        _join_scopes(series, knowledge.default_scope)
        for short, full in knowledge.same_part.items():  # 陶瓷产业园 in one report, 某某先进陶瓷产业园 in another
            for key in [k for k in series if k[0] == short and (full, *k[1:]) in series]:
                series[key] = series[(full, *key[1:])] = sorted(series[key] + series[(full, *key[1:])], key=lambda r: r.period_end)
        # one measure given for several years, earliest first (a month and the months to date of one
        # year are told apart by the question's period words, not here)
        self._series = {key: list({r.period[:4]: r for r in reversed(rows)}.values())[::-1]
                        for key, rows in series.items() if len({r.period for r in rows}) == len({r.period[:4] for r in rows}) > 1}
        # a measure given for several periods of a year too (2024, 2024年1—6月, 2025): the series of
        # the same span of each year (2024 and 2025 full years)
        spans = defaultdict(list)
        for key, rows in series.items():
            if key not in self._series:
                for r in rows:
                    spans[(key, _span(r.period))].append(r)
        self._span_series = {key: rows for key, rows in spans.items()
                             if len({r.period for r in rows}) == len({r.period[:4] for r in rows}) > 1}
        # a measure's figure for a whole year (2024年接待游客286.4万人次), by series and year
        self._whole_year = {(r.series, r.period): r for r in sorted(knowledge.indicators, key=lambda r: not r.qualifier)
                            if re.fullmatch(r"\d{4}", r.period) and not r.is_target}  # (an exact figure last: it wins)
        self._zh_only = set(knowledge.documents) - {doc_id(p.id) for p in knowledge.article_en}
        # each document's period: the one most of its figures are of (2024-01..2024-06 for a half-year bulletin)
        periods = defaultdict(Counter)
        for r in knowledge.indicators:
            periods[doc_id(r.id)][r.period] += 1
        self._main_period = {d: periods[d].most_common(1)[0][0] if periods[d] else "" for d in knowledge.documents}
        self._latest_year = max((r.period[:4] for r in knowledge.indicators if r.period[:1].isdigit() and not r.is_target), default="")
        self._place_words = {t for name in knowledge.places for t in self.search.index.tokenizer.terms(name)} | knowledge.places
        self._own_place_words = {t for name in knowledge.subject_names for t in self.search.index.tokenizer.terms(name)} \
            | knowledge.subject_names
        self._scopes = {scope: names for scope, names in knowledge.scope_names.items()
                        if self._scope_type(scope) in ("scope", "place")}
        self._firm_scopes = {scope: names for scope, names in knowledge.scope_names.items()
                             if self._scope_type(scope) == "firm"}  # a firm's own figures
        # the words a row's scope adds to its metric when it is a part of the town's (汽车制造业 of 全镇规上汽车制造业)
        def words(text):
            return [t for t in self.search.index.tokenizer.terms(text) if len(t) >= 2]
        not_parts = {t for n in (knowledge.default_scope, *knowledge.scope_names.get(knowledge.default_scope, []))
                     for t in words(n)} | self._place_words
        self._part_words = {r.id: set(words(" ".join((r.scope_zh, r.scope, *knowledge.scope_names.get(r.scope_zh, [])))))
                            - set(words(f"{r.metric_zh} {r.english_words}")) - not_parts
                            for r in knowledge.indicators
                            if r.scope_zh.startswith(knowledge.default_scope) and r.scope_zh != knowledge.default_scope}
        # the English names of the scopes as search terms (stemmed, synonyms folded), of two words or more
        self._scope_terms = [(scope, [" ".join(t) for n in names if n.isascii()
                                      for t in [self.search.index.tokenizer.terms(n)] if len(t) >= 2])
                             for scope, names in (*self._scopes.items(), *self._firm_scopes.items())]
        # words that name a kind of figure (增速, "growth rate", 比重), from the statistical lexicon: the words
        # of its rates, shares and changes that none of its measures uses (工业, 收入, "income" name measures)
        def words(entries):
            return {t for e in entries for name in (e["zh"], e["en"], *e["aliases_zh"], *e["aliases_en"])
                    for t in self.search.index.tokenizer.terms(name)}
        kinded = [e for e in lexicon.statistics() if e["kind"] in ("rate", "share", "points") or e.get("basis")]
        self._kind_words = words(kinded) - words(e for e in lexicon.statistics() if e not in kinded) \
            | {t for t in words(kinded) if topic.names_a_kind(t)}  # 增长, 同比, 比重 whatever else uses them
        # the words of a change either way (增速, 下降, "growth", "decline")
        self._change_words = words(e for e in lexicon.statistics()
                                   if cue.GROWTH_CUE.fullmatch(e["zh"]) and not e.get("basis"))
        self._firm_names = [[n for n in (g.zh, *g.aliases) if len(n) >= 2] for g in knowledge.glossary if g.type == "firm"]
        self._parts = [g for g in knowledge.glossary if g.type == "place" and g.zh.lower() not in knowledge.places]  # parks, zones
        self._part_names = [[n for n in (g.zh, *g.aliases) if len(n) >= 2] for g in self._parts]
        self._town_names = {n.lower() for d in knowledge.documents.values() if (g := knowledge.subject_entry(d))
                            for n in (g.zh, g.en, *g.aliases) if len(n) >= 2}
        # a row's scope that is a name (a firm, a park): English answers give its Chinese beside it
        self._entity_names = {g.zh for g in knowledge.glossary if g.type not in ("scope", "industry")}
        self._named = [[n for n in (g.zh, *g.aliases) if len(n) >= 2] for g in knowledge.glossary
                       if g.type not in ("scope", "place", "industry")]  # industries are topics, not details
        self._enumerations = self._find_enumerations()
        self.listed_kinds = {kind for _, kinds, _ in self._enumerations for kind in kinds}  # problems, plans

    # -- entry point -------------------------------------------------------
    def answer(self, question: str, history=None) -> Answer:
        raw = question if isinstance(question, str) else str(question or "")
        a = analyse(raw, history, self.search.join_split_words, self._topic_terms, self.k.result_years,
                    lambda text: self.k.with_full_part_names(self.search.from_pinyin(text)), self.k.this_year)
        stopped = input_guard.check(self, a) or injection.check(self, a)
        if stopped:
            return stopped
        parts, language = a.parts, a.language
        if len(parts) > 1 and not a.injection:  # "营业额有多少？同比增长多少？": each question in turn
            answers, previous = [], a.previous
            for i, part in enumerate(parts):  # each after the one before it, as read (with its year)
                answer, previous = self._answer_one(raw, part, language, previous, False, followup=i > 0)
                answers.append(answer)
            return merge_answers(raw, language, answers)
        return self._answer_one(raw, parts[0], language, a.previous, a.injection)[0]

    def _answer_one(self, raw: str, simplified: str, language: str, previous: str, injected: bool,
                    followup: bool = False) -> tuple[Answer, str]:
        """The answer to one question, and the question as read (a follow-up with the year it inherits)."""
        # "这个产业…怎么样" after a question about one: the generic noun points back, it names no subject
        own = cue.POINTED_BACK.sub(" ", simplified) if previous else simplified
        topic_terms = self._topic_terms(own)
        own_topic = len(topic_terms)
        head = self._head(simplified) or []
        subject = [h for h in head if h not in self._kind_words and not self._named_scope(h)]  # not 增速, 全镇
        names_a_row = any(h in text for h in subject for text in self._row_text.values())  # 惠及多少居民
        is_followup = bool(previous) and ((followup and own_topic <= 2 and not names_a_row)
                                          or bool(cue.FOLLOWUP.search(simplified) or cue.POINTED_BACK.search(simplified))
                                          or own_topic <= 1
                                          # 同比增速是多少 (words naming only a kind of figure), 出口占了多少 (one
                                          # subject word and a kind): about the previous subject or its year
                                          or own_topic <= 2 and len([t for t in topic_terms if t not in self._kind_words]) <= own_topic - 1
                                          # 跟上年比是增加还是减少了: only the kinds and directions asked
                                          or all(t in self._kind_words for t in topic_terms)
                                          # "…是多少，完成了年度目标的百分之多少": a share or change of no measure or
                                          # name of its own, in the same message
                                          or followup and self._asks_of_nothing(own)
                                          # "某项目总投资多少？截至9月底完成投资多少？": a later part naming no scope
                                          # asks of the one the part before named
                                          or followup and not self._named_scope(own) and not self._names_town(own)
                                          and self._scope_has(self._named_scope(previous), topic_terms))
        if is_followup:
            simplified = cue.with_previous_years(simplified, previous, language)
        retrieval_text = cue.INJECTION_WORDS.sub(" ", simplified) if injected else simplified
        retrieval_text = cue.EXCLUDED.sub(" ", retrieval_text)  # (不含迁入企业, "not counting relocations": set aside)
        q = Question(raw, retrieval_text, language, previous if is_followup else "", injected)
        asked = set(self._terms(retrieval_text, search=False))  # (企业 of 新设企业 is still asked)
        q.set_aside = [t for m in cue.EXCLUDED.finditer(simplified) for t in self._terms(m.group(), search=False)
                       if t not in asked and len(t) > 1 and not self._filler(t)]
        q.terms = self._terms(cue.POINTED_BACK.sub(" ", retrieval_text) if is_followup else retrieval_text)
        if language == "zh":  # GDP同比增长: the rate is written 地区生产总值同比增长
            q.terms += [t for zh in cue.measures_named(retrieval_text) for t in self._terms(zh, search=False) if t not in q.terms]
        if language == "en" and self._zh_only:  # "crayfish" reaches 小龙虾 in a Chinese-only document,
            # and "Shenzhen Ruitao Technology" the firm's Chinese name
            named = [t for _, _, g in self._names_in(retrieval_text) if g.type != "scope" and g.zh.lower() not in self._place_words
                     for t in self._terms(g.zh, search=False)]
            q.terms += [t for t in dict.fromkeys(self._dictionary_terms(retrieval_text) + named) if t not in q.terms]
        answer = self._compose(q, retrieval_text)
        # a follow-up is read with the question it follows: the next part's subject is still that one's
        # (…存栏多少？ 跟上年比是增加还是减少了？幅度多少？)
        read = f"{previous} {simplified}" if is_followup else simplified
        return (injection.set_aside(answer, language) if injected else answer), read

    def _scope_has(self, scope: str | None, terms: list[str]) -> bool:
        """Whether a part of the town (a firm, a park, a project of theirs) has a row of one of the terms."""
        return scope not in (None, self.k.default_scope) and any(
            t.lower() in self._row_text[r.id] for r in self.k.indicators if scope.lower() in self._named_text[r.id]
            for t in terms)

    def _asks_of_nothing(self, text: str) -> bool:
        """A share or a change asked of no measure, firm or place the text names."""
        asks = cue.asks(text)
        return (asks["share"] or asks["growth"]) and not cue.names_a_measure(text) and not self._names_in(text)

    # -- analysis ----------------------------------------------------------
    def _filler(self, word: str) -> bool:
        """A word that says how a question is asked, or where (the documents' own places), not what about."""
        return is_filler(word) or word.lower() in self._place_words

    def _scope_type(self, scope: str) -> str | None:
        return next((g.type for g in self.k.glossary if g.zh == scope), None)

    def _named_scope(self, text: str) -> str | None:
        """The indicator scope a text names by one of its glossary names (协同区域, "whole town"), if any."""
        lowered = text.lower()
        found = [(len(n), scope) for scope, names in (*self._scopes.items(), *self._firm_scopes.items())
                 for n in names if len(n) >= 2 and name_end(lowered, n.lower()) >= 0]
        if not found and text.isascii():  # in other words: "the collaborative zone" is the coordinated area
            said = " ".join(self.search.index.tokenizer.terms(text))
            found = [(len(n), scope) for scope, terms in self._scope_terms for n in terms if f" {n} " in f" {said} "]
        return self.k.same_part.get(max(found)[1], max(found)[1]) if found else None

    def _asked_scope(self, text: str) -> str | None:
        """The scope a question asks the figures of: the one it names, unless that is a larger area it only
        compares with or ranks in (比全县高多少, 在全县排第几, "than the county"): then the town's."""
        scope = self._named_scope(text)
        if scope is None or scope == self.k.default_scope or self._scope_type(scope) != "scope":
            return scope
        lowered = text.lower()
        said = [m.start() for n in self._scopes.get(scope, []) if len(n) >= 2
                for m in re.finditer(re.escape(n.lower()), lowered)]
        return None if said and all(cue.COMPARED_PLACE.search(text[:at]) for at in said) else scope

    def _names_town(self, text: str) -> bool:
        """The text names the town: by its name or as itself (本镇, "the town's")."""
        lowered = text.lower()
        return any(n in lowered for n in self._town_names) or bool(cue.OWN_TOWN.search(text))

    def _say(self, quote: str, translation: str | None, n: int, language: str, original: bool = False) -> str:
        """A cited sentence in the asker's language. English askers also get the Chinese names of
        the firms, programmes and people it mentions (to copy, and to search Chinese sources), or
        with `original` the whole Chinese sentence (what a description or list names, glossed or
        not); a document without an English rendering gives them the Chinese sentence with those names."""
        if language == "zh":
            return f"{quote}[{n}]"
        if translation and original:
            return f"{translation} [{n}] (Chinese: {quote})"
        names = [g for g in self.k.glossary if g.type != "scope" and g.zh.lower() not in self._place_words
                 and any(len(x) >= 2 and x in quote for x in (g.zh, *g.aliases))]
        if translation:
            said = [g for g in names if g.zh in quote and g.zh not in translation]
            unsaid = dict.fromkeys(f"{g.en} = {g.zh}" for g in said  # 集成电路 within 集成电路产业协同发展大会: once
                                   if not any(g.zh in o.zh and g.zh != o.zh for o in said))
            return f"{translation} [{n}]" + (f" (Chinese names: {'; '.join(unsaid)})" if unsaid else "")
        gloss = "; ".join(dict.fromkeys(f"{g.en} ({g.zh})" for g in names))
        return f"{quote} [{n}]" + (f" (Chinese source; names: {gloss})" if gloss else " (Chinese source)")

    @staticmethod
    def _without(names, text: str) -> str:
        """The text with each of `names` (two characters or more, longest first) blanked out."""
        for name in sorted((n for n in names if len(n) >= 2), key=len, reverse=True):
            text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
        return text

    def _without_scopes(self, text: str) -> str:
        return self._without((n for names in self._scopes.values() for n in names), text)

    def _focus(self, text: str) -> str:
        """The text without the documents' places and scopes and without when: what it is about."""
        return self._without(self.k.places, cue.YEAR.sub(" ", cue.without_when(self._without_scopes(text))))

    def _example(self, language: str) -> str:
        return next((e for d in self.k.documents.values() for e in d.examples.get(language)), "")

    def _terms(self, text: str, search: bool = True) -> list[str]:
        """BM25 terms of a text, typos mended, short forms (海工) with the words they shorten (海洋, 工程)."""
        terms = self.search.correct(self.search.index.tokenizer.terms(text, search=search))
        return terms + self.search.spelled_out(terms, text)

    def _plain(self, q: Question, text: str) -> Question:
        """Another text (a part, the previous question) asked the way q is, without history."""
        return Question(q.raw, text, q.language, "", False, self._terms(text))

    def _dictionary_terms(self, text: str) -> list[str]:
        """The terms of the Chinese words the dictionary gives for a text's English words, as far as the
        documents use them (not for how it asks: what, much, town): the lexicon's where it has them (外贸 for
        "foreign trade", not the dictionary's 异国, 商业…), the dictionary's for the other words."""
        chinese, rest = lexicon.glossed(text)
        skip = {w for w in re.findall(r"[a-z]+", rest.lower()) if is_stopword(w) or self._filler(w)}
        # (a gloss whose words the documents use apart counts: 纳税企业 for "taxpayer" where they say 纳税…企业)
        used = [zh for zh in chinese if all(w in self._all_text for w in self._terms(zh, search=False))] + \
            [zh for zh in lexicon.dictionary_chinese(rest, skip) if zh in self._all_text]
        return list(dict.fromkeys(t for zh in used for t in self._terms(zh, search=False)))

    def _topic_terms(self, text: str) -> list[str]:
        terms = self._terms(cue.without_when(text), search=False)
        return [t for t in terms if not self._filler(t) and not t[0].isdigit() and not is_stopword(t)]

    # -- composition -------------------------------------------------------
    def _compose(self, q: Question, retrieval_text: str) -> Answer:
        headline = self._headline_figures(q)  # its words (主要经济指标) are how it asks, not a topic
        if headline and cue.OVERVIEW.search(q.text):  # 概括一下经济运行情况: the figures, then what the data says
            # of the whole document ("summarise this article"): how it opens
            described = self._lead(q) if cue.DOCUMENT_SUMMARY.search(q.text) else self._describe(q, retrieval_text, {})
            return merge_answers(q.raw, q.language, [headline, described],
                                 why="an overview of the economy: the headline figures, then its sentences") \
                if described else headline
        if headline:
            return headline
        targets = self._targets_listed(q)
        if targets:
            return targets
        stopped = topic.check(self, q)
        if stopped:
            return stopped
        query = f"{q.history_text} {retrieval_text}".strip()
        if q.language == "en" and self._zh_only:  # a Chinese-only document: the Chinese names of the measures
            query = " ".join([query, *cue.measures_named(retrieval_text)])  # it names ("GDP": 地区生产总值)
        wants_figure = cue.wants_figure(q.text) or not cue.DESCRIBE_CUE.search(q.text) and (
            cue.names_measure(q.text)  # "What was X's GDP?"
            # "And the SRDI ones?" after "how many…", "And in 2025?" after "What was the GDP in 2024?"
            or bool(q.history_text) and (cue.wants_figure(q.history_text) or cue.names_measure(q.history_text))) \
            or cue.names_a_measure(q.text) and len(set(cue.YEAR.findall(q.text))) > 1  # "X 2025年…和2024年相比怎么样"
        # a one-part figure question whose keywords single out one row of the kind asked for needs no
        # query embedding (most of the latency)
        simple = wants_figure and self.search.mode == "hybrid" and not (cue.CONJUNCTION.search(q.text) or cue.COMPARE.search(q.text))
        rows = self._rows_for(q, {}) if simple else []
        clear = bool(rows) and kind_fit(q.text, rows[0][0]) >= 1 and \
            len([r for r, s in rows if s >= 0.85 * rows[0][1]]) == 1
        dense = {} if clear else self.search.dense_scores(query)
        rows = rows if clear else self._rows_for(q, dense)
        names = cue.asks_names(q.text)  # 哪些企业, 列一下…企业: names, not a figure, unless one is asked
        if not wants_figure and rows and not q.history_text and not names and cue.KEYWORD_QUERY.fullmatch(q.text.strip()):
            # a keyword query ("马驹桥 社零") naming an indicator by one of its keywords
            keywords = set(self._terms(" ".join(rows[0][0].keyword_list), search=False))  # "tourism" of tourism revenue
            wants_figure = any(t in rows[0][0].keyword_list or t in keywords for t in q.terms if len(t) > 1)
        if not wants_figure and rows and not cue.DESCRIBE_CUE.search(q.text) and not names:
            wants_figure = self._names_metric(q.text, rows[0][0])  # "What was Majuqiao's net inflow of enterprises?"
        # "how did catering do", 社零怎么样: the amount and its growth
        if rows and (cue.PERFORMANCE.search(q.text) or cue.names_measure(q.text) and cue.HOW_IS_IT.search(q.text)):
            growth = [(self.rows[f"ind:{id_}"], rows[0][1]) for id_, base in self._growth_of.items()
                      if base and base.matches(rows[0][0].figure)]
            top = rows[0][0]  # other periods; the figures its sentence gives of the same kind, and their kin
            rows = rows[:1] + growth + [(r, s) for r, s in rows[1:] if r.series == top.series or r.kind == top.kind
                                        and self._sentence_of[r.id] == self._sentence_of[top.id]] \
                + [(r, rows[0][1]) for r in self._family(top)]
            wants_figure = wants_figure or bool(growth)
        if cue.OVERVIEW.search(q.text) and not (cue.wants_figure(q.text) and cue.NUMBER_ASKED.search(q.text)) \
                and not q.history_text:  # "介绍一下X", "what does the investment picture look like": its
            wants_figure = False         # sentences, which hold its figures (after them, when rows are about it)
        if q.set_aside:  # the rows of what the question says it does not count
            rows = [(r, s) for r, s in rows if not set(q.set_aside) & set(self._terms(f"{r.metric_zh} {r.keywords}", search=False))] or rows
        stopped = period.check(self, q, rows, wants_figure) or premise.check(self, q, rows, dense)
        if stopped:
            return stopped
        ranked = self._firm_ranked(q, rows) or self._firms_fallen(q, rows)
        if ranked:
            return ranked
        if wants_figure and rows:
            return period.full_year(self, q, rows) or period.series_year(self, q, rows) or period.series_period(self, q, rows) \
                or kind.check(self, q, rows, dense) \
                or self._figure_answer(q, self._with_companions(rows))
        described = self._describe(q, query, dense, rows)
        if described:
            return self._with_figures(q, rows, described)
        if rows:
            return self._figure_answer(q, rows)
        return self._abstain(q, "not_covered", what=q.text[:40])

    def _with_figures(self, q: Question, rows, described: Answer) -> Answer:
        """An overview ("介绍一下汽车产业", "what has the brand achieved") opens with the topic's
        figures when the rows found are about it (hold half its topic words at least), then its sentences."""
        if not rows or described.abstained or not cue.OVERVIEW.search(q.text) or self._coverage(q, rows) < 0.5:
            return described
        figures = self._figure_answer(q, self._with_companions(rows))
        return merge_answers(q.raw, q.language, [figures, described],
                             why="an overview: the topic's figures, then what the data says of it")

    def _coverage(self, q: Question, rows) -> float:
        """The largest share of the question's topic words (not its places, periods, scopes or
        words naming a kind of figure) that one of the rows' metric, keywords, scope and quote hold."""
        words = self._subject_words(q.text)
        return max(self._covers(words, r) for r, _ in rows[:3]) if words else 0.0

    def known_share(self, text: str) -> float:
        """The share of a question's Chinese topic words that these documents use, a statistical
        term under any of its names: how far a question is about them. English words count by the
        Chinese the lexicon gives them (seafood: 海产品); the dictionary's is too loose to tell two
        towns apart."""
        terms = self._topic_terms(text)
        # each word with its ways of saying it (an English word, by the Chinese the lexicon gives it)
        words = {(t,) for t in {t for t in terms if len(t) > 1 and not t.isascii()} | single_character_runs(terms, text)}
        english: dict[str, list[str]] = {}
        for en, zh in lexicon.glosses_in(text):
            english.setdefault(en.lower(), []).extend([zh] if len(zh) > 1 else [])
        words |= {tuple(zh) for zh in english.values() if zh}
        words = {w for w in words if not any(p.fullmatch(w[0]) for p in cue.SECTION_KINDS.values())}  # 措施: how it asks
        if not words:
            return 1.0
        names = " ".join(n for g in self.k.glossary for n in g.names)
        parts, counted = self.search.index.tokenizer.parts, set(lexicon.load("glosses")["count_ends"])  # (数量: how)

        def uses(word):
            return word in names or any(w in self._all_text for w in lexicon.same_term(word))

        def used(word):  # (民宿数量, one word to the dictionary: 民宿 and 数量 in the text)
            return uses(word) or bool(parts(word)) and all(uses(p) or p in counted for p in parts(word))
        return sum(any(used(word) for word in ways) for ways in words) / len(words)

    def _subject_words(self, text: str) -> set[str]:
        """A question's topic words without its places, periods, scopes, words naming a kind of figure
        or asking for an overview (取得了哪些成效)."""
        return {t.lower() for t in self._topic_terms(self._focus(cue.OVERVIEW.sub(" ", text)))
                if len(t) > 1 and t not in self._kind_words}

    def _covers(self, words: set[str], row: Indicator, texts: dict[str, str] | None = None) -> float:
        """The share of `words` that the row's metric, keywords, scope and quote hold (or its `texts`)."""
        text = (texts or self._about_text)[row.id]
        return sum(w in text for w in words) / len(words) if words else 0.0

    def _rows_for(self, q: Question, dense: dict[str, float]) -> list[tuple[Indicator, float]]:
        rows = self._by_period(q, self._rows_by_match(q, dense))
        if cue.TARGET_ASKED.search(q.text):  # "2025年的目标是多少": the goal set for what the rows measure
            # ("达到年度目标了吗", "its growth and the annual target": the figure achieved, then its goal)
            beside = (lambda row: [self._result_for(q, row)]) if cue.target_with_result(q.text) else (lambda row: [])
            rows = list({id(r): (r, s) for row, s in rows for r in [*beside(row), self._goal_for(q, row)]}.values())
        return rows

    def _result_for(self, q: Question, row: Indicator) -> Indicator:
        """The figure achieved for a goal's measure, of the goal's year (else of the year asked, else the
        latest); a result itself."""
        if not row.is_target:
            return row
        results = self._results.get(row.measured, [])
        return next((r for r in reversed(results) if r.period[:4] == row.period[:4]), None) or _of_year_asked(q, results, row)

    def series_of(self, row: Indicator) -> list[Indicator] | None:
        """The rows of the row's measure for each year, earliest first, or None."""
        return self._series.get(row.series) or self._span_series.get((row.series, _span(row.period)))

    def _goal_for(self, q: Question, row: Indicator) -> Indicator:
        """The goal set for the row's measure, of the year asked (else the latest), or the row itself."""
        return _of_year_asked(q, self._goals.get(row.measured, []), row)

    def _by_period(self, q: Question, rows):
        """Rows of one series (the same measure for several periods, as bulletins of several
        periods give it): the period asked for; none asked, the latest; "compared with last
        year", the latest and the one before it, each cited."""
        if not rows:
            return rows
        asked = set(cue.YEAR.findall(cue.BASE_YEAR.sub(" ", q.text)))
        years = set(cue.YEAR.findall(q.text))
        when = asked or cue.PERIOD_WORDS.search(q.text) or cue.end_month(q.text)  # any period named
        both = bool(cue.PREVIOUS_PERIOD.search(q.text) or cue.EITHER_DIRECTION.search(q.text))  # "上升还是下降"
        this_year = bool(cue.THIS_YEAR.search(q.text))
        changed = bool(cue.CHANGE_OVER_TIME.search(q.text))
        out = []
        for row, s in rows:
            series = self.series_of(row)
            if series:
                at = next(i for i, r in enumerate(series) if r.period[:4] == row.period[:4])
                named = [i for i, r in enumerate(series) if r.period[:4] in asked]
                every = [i for i, r in enumerate(series) if r.period[:4] in years]
                # "2024年和今年相比", "跟2024年相比" (a year named as the base only), "2023年以来有什么变化"
                # (one year and a change asked): the latest too
                if every and (this_year or years - asked or len(every) == 1 and changed) and len(series) - 1 not in every:
                    every.append(len(series) - 1)
                if len(every) > 1:  # "2023年与2024年相比", "2023 vs 2024": each year named
                    picked = [series[i] for i in reversed(every)]
                else:
                    if named:
                        at = at if at in named else named[-1]
                    elif not when or this_year:  # 今年, "this year": the latest
                        at = len(series) - 1
                    row = row if series[at].period == row.period else series[at]
                    picked = [row] + ([series[at - 1]] if both and at > 0 else [])
            else:
                picked = [row]
            out += [(r, s) for r in picked if all((r.series, r.period) != (o.series, o.period) for o, _ in out)]
        return out

    def _rows_by_match(self, q: Question, dense: dict[str, float]) -> list[tuple[Indicator, float]]:
        """Rows for the question. A comparison ("A和B分别是多少") gets the best row of each
        part; a question asking two kinds of figure ("turnover and its growth rate") the
        best row of each kind."""
        pieces = [p for p in cue.PARTS.split(q.text) if p and p.strip()]
        kinds = {frozenset(k for k, v in cue.asks(p).items() if v) for p in pieces} - {frozenset()}
        comparison = bool(cue.COMPARE.search(q.text)) or self._two_subjects(q.text, pieces)
        # a comparison's parts each name a subject; kinds may be asked in parts that name none ("X多少，增速呢")
        parts = [p for p in pieces if self._topic_terms(p)] if comparison else pieces
        when = pieces[0].strip() if pieces and pieces[0] not in parts and cue.without_when(pieces[0]) != pieces[0] else ""
        when = when or (cue.leading_when(parts[0]) if comparison and parts else "")  # (前三季度A和B谁…: of both)
        if comparison and when:  # "In Jan–Sep 2025, A compared with B": a period said first, on its own, is the
            parts = [p if cue.without_when(p) != p else f"{when} {p}" for p in parts]  # period of each part naming none
        if comparison and parts:  # "X的GDP增速和2024年全年相比是高了还是低了": a part naming only a period asks
            # the first part's measure then; one naming nothing ("低了") asks nothing of its own
            def names_nothing(p):  # (高了: a single character, the direction asked; a part naming a park names it)
                return not self._named_scope(p) and \
                    not [t for t in self._topic_terms(cue.without_when(self._without_scopes(p))) if len(t) > 1]
            parts = parts[:1] + [f"{p} {cue.without_when(parts[0])}" if names_nothing(p) else p
                                 for p in parts[1:] if not names_nothing(p) or cue.without_when(p) != p]
        for i, part in enumerate(parts[1:], start=1):  # "X占甲的比重，和占乙的比重": X's share of 乙 too
            verb = cue.SUBJECTLESS_PART.match(part)
            if verb and verb.group("verb") in parts[0]:
                parts[i] = parts[0][:parts[0].index(verb.group("verb"))] + part[verb.start("verb"):]
        if comparison and len(parts) == 2:
            parts[0] = self._with_shared_head(parts[0], cue.without_when(parts[1]))
            parts[1] = self._with_shared_modifier(parts[0], parts[1])
        lead_scope = self._named_scope(parts[0]) if comparison and parts else None
        lead_years = cue.YEAR.findall(parts[0]) if parts else []
        for i, part in enumerate(parts[1:], start=1):  # "某公司2023年的产值和纳税额": the tax of that firm (or
            # park), that year; not the whole town's name, which every part is of anyway, nor a part naming
            # the town ("the coordinated area's output with Majuqiao's"): the whole town's
            if lead_scope and self._scope_type(lead_scope) not in (None, "scope") and not self._named_scope(part) \
                    and not self._names_town(part):
                years = "" if cue.YEAR.search(part) else "".join(f"{y}年" for y in lead_years)
                parts[i] = f"{lead_scope}{years}{part}"
        if len(parts) < 2 or not (comparison or len(kinds) >= 2):
            rows = self._kind_asked(q, self._rank_rows(q, dense))
            # "它的增速呢": the rate of the previous question's figure; "那消费支出呢" names its own
            asks_kind_only = all(t in self._kind_words for t in self._topic_terms(q.text))
            previous = self._previous_row(q.history_text) if q.history_text and asks_kind_only else None
            if previous is not None and rows:
                return self._about(rows, previous, only=True)
            # "GDP and its growth": the rate of the best matching amount, not another's that ranks near it
            best = max(rows, key=lambda t: t[1])[0] if rows else None
            if best is not None and q.asks["growth"] and best.kind == "amount" and (best.id, "rate") in self._of:
                return self._about(rows, best)
            return rows
        chosen, candidates = [], set()
        for part in parts[:3]:
            kind_text = part if any(cue.asks(part).values()) else q.text
            if comparison:  # each part names its own subject
                if self._named_scope(part) and not self._topic_terms(self._without_scopes(part)):
                    # "全镇和园区的X分别是多少": a part naming only a scope asks for the others' metric
                    part = f"{part} {self._without_scopes(' '.join(x for x in parts if x is not part))}"
                terms = self._terms(part)
                if cue.asks(kind_text)["growth"]:  # "its import growth": a part's few words, the change
                    # either way weighed by kind_fit, name the measure by the others (a fall of imports too)
                    terms = [t for t in terms if t.lower() not in self._change_words] or terms
                sub = Question(q.raw, part, q.language, q.history_text, q.injection, terms, kind_text=kind_text)
                part_dense = {}  # the words of a part pick its row; embedding each part costs ~25 ms
            else:  # the subject is the whole question's
                sub = Question(q.raw, q.text, q.language, q.history_text, q.injection, q.terms, kind_text=kind_text)
                part_dense = dense
            ranked = self._rank_rows(sub, part_dense)
            if comparison:  # "GDP增速, 2024 vs 2025": each part's rate; a part asking an amount, not a
                # share or rate whose words match better (规上工业总产值: not 在通州区规上工业总产值中占比)
                ranked = self._kind_asked(sub, ranked)
                # (a share the question names, 厂房入驻率: the kind it asks)
                if ranked and kind_fit(kind_text, ranked[0][0]) < 0 and not self._names_metric(part, ranked[0][0]):
                    ranked = self._rank_rows(sub, part_dense, among=lambda r: kind_fit(kind_text, r) >= 0) or ranked
            else:  # each part asks its own kind of figure: a row of that kind, when one is near
                ranked = [t for t in ranked if kind_fit(kind_text, t[0]) > 0] or ranked
            candidates |= {row.id for row, _ in ranked}
            # (a comparison's part whose best row an earlier part took: its next best, as it asks another figure)
            for row, s in ranked[:2 if comparison else 1]:
                if all(row is not r for r, _ in chosen):
                    chosen.append((row, s))
                    break
        if not comparison:  # the amount a chosen rate or share is about, when it was a candidate too
            anchors = {r.of for r, _ in chosen if r.of in candidates}
            chosen = [(self.rows[f"ind:{next(iter(anchors))}"], s) if r.kind == "amount" and len(anchors) == 1 else (r, s)
                      for r, s in chosen]
        amounts = [r for r, _ in chosen if r.kind == "amount"]
        if comparison and cue.asks(q.text)["growth"]:  # "A和B哪个增长更快": each part's own growth, not A's twice
            chosen = list({id(r): (r, s) for row, s in chosen
                           for r in [self._of.get((row.id, "rate"), row) if row.kind == "amount" else row]}.values())
        elif len(amounts) == 1:  # "turnover and its growth rate": the rate of that turnover
            chosen = self._about(chosen, amounts[0])
        return chosen or self._rank_rows(q, dense)

    def _with_shared_head(self, first: str, second: str) -> str:
        """城镇和农村居民人均可支配收入, "urban and rural per capita disposable income": the first part ends with
        a modifier of the head the second part's words after its own modifier name; the first part with that
        head, when a row's measure holds all its words; else the first part as it is."""
        ends = self._topic_terms(first)
        said = second.strip().lower()
        modifier = next((w for w in self._terms(second) if len(w) >= 2 and said.startswith(w.lower())), None)
        if modifier is None or not ends or not first.rstrip().lower().endswith(ends[-1].lower()):
            return first
        tail = second.strip()[len(modifier):]
        head = [t for t in self._topic_terms(tail) if len(t) > 1]  # (not 各 of 各是多少)
        if head and ends[-1].lower().endswith(head[0].lower()) and tail.strip().lower().startswith(head[0].lower()):
            tail, head = tail.strip()[len(head[0]):], head[1:]  # 电动工具和手动工具的产值: 工具 is the first's already
        joined = [ends[-1], *head]
        if head and head[-1].lower() in first.lower():  # 规上工业总产值和汽车制造业产值: the first has its own
            return first
        measure = [t for t in joined if t not in self._kind_words]  # (增速 asks a kind: a row says 增长)
        if not head or not any(all(t.lower() in text for t in measure) for text in self._row_text.values()):
            return first
        return f"{first.rstrip()}{' ' if first.isascii() else ''}{tail.strip() if first.isascii() else tail}"

    def _with_shared_modifier(self, first: str, second: str) -> str:
        """一般公共预算收入和支出: the second part names another head of the first's modifier (一般公共预算支出,
        not 民生支出), when a row's metric is that modifier with the second's first word; else the second as it is."""
        own = [t for t in self._topic_terms(cue.without_when(second)) if t not in self._kind_words]
        if not own or own[0] in first or not second.strip().startswith(own[0]):
            return second
        heads = [r.metric_zh[:-len(own[0])] for r in self.rows.values() if r.metric_zh.endswith(own[0])]
        shared = max((h for h in heads if len(h) >= 2 and h in first and h not in second), key=len, default="")
        return f"{shared}{second.strip()}" if shared else second

    def _two_subjects(self, text: str, pieces: list[str]) -> bool:
        """"number of high-tech firms and number of SRDI firms": two parts joined by 和/and, each
        naming a subject the other does not, ask for a figure each, as a comparison does."""
        if len(pieces) != 2 or cue.REFERS_BACK.match(pieces[1]):  # "output and its growth": one subject
            return False
        subjects = [self._subject_words(self._without_scopes(p)) for p in pieces]
        # "the coordinated area's output and the town's": the same measure of two scopes
        scopes = [self._named_scope(p) or (self.k.default_scope if self._names_town(p) else None) for p in pieces]
        return all(subjects) and bool(cue.CONJUNCTION.search(text)) and (
            bool(subjects[0] - subjects[1]) and bool(subjects[1] - subjects[0]) or None not in scopes and scopes[0] != scopes[1])

    def _kind_asked(self, q: Question, rows):
        """GDP增速 where the words matched GDP's amount only: each amount swapped for its growth
        rate (or, a share asked, its share), by the `of` column, when the data has one."""
        text = q.kind_text or q.text
        asks = cue.asks(text)
        if asks["growth"] == asks["share"] or asks["points"] or cue.money_asked(text):
            return rows
        kind, is_kind = ("rate", is_growth) if asks["growth"] else ("share", lambda row: row.kind == "share")
        if any(is_kind(row) for row, _ in rows[:3]):
            return rows
        swapped = [(self._of.get((row.id, kind), row) if row.kind in ("amount", "count") else row, s)
                   for row, s in rows]
        return list({id(row): (row, s) for row, s in swapped}.values())

    def _headline_figures(self, q: Question) -> Answer | None:
        """"2024年主要经济指标", "headline indicators": the whole place's first amounts of the period
        asked (or the latest), in the report's order, each with its growth rate."""
        rest = cue.OVERVIEW.sub(" ", cue.HEADLINE_CUE.sub(" ", q.text))  # 用几句话概括一下: how it asks
        whole = cue.DOCUMENT_SUMMARY.search(q.text)  # "summarise this article for an investor": whoever asks
        if not cue.HEADLINE_CUE.search(q.text) or q.history_text or (self._topic_terms(rest) and not whole):
            return None  # "主要工业指标": the indicators of a topic are the ranking's to find
        amounts = [r for r in self.k.indicators if r.kind == "amount" and r.scope_zh == self.k.default_scope
                   and r.period and not r.is_target]
        years, end = set(cue.YEAR.findall(q.text)), cue.end_month(q.text)
        asked = [r for r in amounts if (not years or r.period[:4] in years) and (not end or r.period.endswith(f"-{end}"))]
        if not asked:
            return None
        period = max(r.period_end for r in asked) if not years and not end else None
        asked = [r for r in asked if period is None or r.period_end == period]
        # the main amounts (GDP, 规上工业总产值, 固投…) first, then the others but a part of one (其中税收收入)
        main = [r for r in asked if r.metric_zh in lexicon.headline_names()]
        rows = [(r, 1.0) for r in main + [r for r in asked if r not in main and not cue.PART_OF.search(r.quote)]]
        rows = rows[:HEADLINE_ROWS]
        answer = self._figure_answer(q, self._with_companions(rows))
        answer.trace = [{"step": "figure selector", "why": "headline figures: " + ", ".join(r.id for r, _ in rows)}]
        return answer

    def _lead(self, q: Question) -> Answer:
        """The first body sentences of each document (its lead: what it says first and most)."""
        keys = []
        for d in self.k.documents:
            body = [p for p in self.k.article_zh if doc_id(p.id) == d and p.kind not in ("title", "heading", "byline")]
            keys += [(p.id, i) for p in body[:2] for i in range(self.sources.sentence_count(p.id))][:LEAD_SENTENCES]
        cites = CitationList()
        return Answer(q.raw, self._said(keys, cites, q.language), q.language, False, cites.items,
                      trace=[{"step": "passage selector", "why": "the documents' leads: " + ", ".join(f"{p}:{i}" for p, i in keys)}])

    def _targets_listed(self, q: Question) -> Answer | None:
        """"简报提出了哪些目标", "what targets does the report set": every goal of the year asked (or
        the latest year with goals), in the report's order, when the question names no one measure."""
        if not cue.TARGETS_LISTED.search(q.text) or q.history_text or cue.names_measure(cue.GROWTH_CUE.sub(" ", q.text)):
            return None
        goals = [r for r in self.k.indicators if r.is_target and r.period]
        years = set(cue.YEAR.findall(q.text)) or {max((r.period[:4] for r in goals), default="")}
        rows = [(r, 1.0) for r in goals if r.period[:4] in years][:TARGET_ROWS]
        if not rows:
            return None
        answer = self._figure_answer(q, rows)
        answer.trace = [{"step": "figure selector", "why": "goals: " + ", ".join(r.id for r, _ in rows)}]
        return answer

    def _family(self, row: Indicator) -> list[Indicator]:
        """The figures its sentence gives beside the row (or the one before, the whole its parts follow;
        or the one after, when the row leads its own) that measure the same thing of another group
        (全体居民…。其中，城镇居民…，农村居民人均可支配收入: one measure's name ending each), the whole
        (the shortest name) first."""
        def ending(a: str, b: str) -> int:
            return next((n for n in range(min(len(a), len(b)), 0, -1) if a[-n:] == b[-n:]), 0)
        source, at = self._sentence_of[row.id]
        # (the sentence after too when the row leads its own: a total, its parts next)
        leads = self._sentence_rows[(source, at)][0].id == row.id
        kin = [r for r in self.k.indicators if r.kind == row.kind and r.unit == row.unit and r.period == row.period
               and r.source == source and -leads <= at - self._sentence_of[r.id][1] <= 1 and r is not row
               and ending(r.metric_zh, row.metric_zh) >= FAMILY_ENDING]
        return sorted(kin, key=lambda r: len(r.metric_zh))

    def _with_companions(self, rows):
        """Each figure with the one the report states with it (the `of` column): an amount with
        its growth rate (or, with none, the share of its goal done: 完成全年目标的78.5%), a rate or share
        with the amount it is of, as a bulletin gives them."""
        out = []
        for row, s in rows:
            share = self._of.get((row.id, "share"))
            companion = (self._of.get((row.id, "rate")) or (share if share and share.is_goal_done else None)) \
                if row.kind in ("amount", "count", "measure") else \
                self.rows.get(f"ind:{row.of}") if row.kind in ("rate", "share") and row.of else None
            for r in (row, companion) if companion is not None and companion.period == row.period else (row,):
                if all(r is not o for o, _ in out):
                    out.append((r, s))
        return out

    def _about(self, rows, anchor: Indicator, only: bool = False):
        """Rows with each rate, share or change swapped for the one of the same kind about `anchor`
        (the `of` column): "营业额和增速" / "And its growth?" after an amount. When the question is
        `only` about the anchor, an amount the data gives no growth rate for stands itself: another
        amount's rate does not answer for it (the kind guard then says what its sentence says)."""
        out = []
        ids = {r.id for r, _ in rows}
        for row, s in rows:
            if row.kind in ("rate", "share", "points") and row.of != anchor.id and row.of not in ids:
                own = anchor if only and row.kind == "rate" and anchor.kind in ("amount", "count", "measure") else row
                row = self._of.get((anchor.id, row.kind), own)
            if all(row is not r for r, _ in out):
                out.append((row, s))
        return out

    def _rank_rows(self, q: Question, dense: dict[str, float], among=None) -> list[tuple[Indicator, float]]:
        """Indicator rows by match: BM25 on the question (and, for a follow-up, the
        previous question at a lower weight), vectors as a tie-breaker, scope words; only rows
        `among` accepts, when given."""
        ids = list(self.rows)
        idx = [i for i, p in enumerate(self.search.passages) if p.kind == "indicator"]
        # the documents' own places (杉墩, 马驹桥) say whose figures, not which: the scope features weigh them
        # (a district's name stays: 占通州区的比重 is which figure)
        lexical = self.search.lexical_scores(self._unplaced(q.terms))[idx]
        if q.history_text:
            said = self._terms(q.history_text) + (self._dictionary_terms(q.history_text) if q.language == "en" and self._zh_only else [])
            prev = self.search.lexical_scores(self._unplaced(said))[idx]
            if lexical.max() > 0 and prev.max() > 0 and any(t not in self._kind_words for t in self._topic_terms(q.text)):
                # "how much of that came from catering?": its own subject outweighs the previous one,
                # however many more words the previous question matched
                lexical, prev = lexical / lexical.max(), prev / prev.max()
            lexical = lexical + HISTORY_LEXICAL * prev
        if lexical.max() <= 0 and not dense:
            return []
        lex = lexical / lexical.max() if lexical.max() > 0 else lexical
        dvals = [dense.get(self._vector_of.get(i, i), 0.0) for i in ids]
        hi = max(dvals)
        lo = min(min(dvals), hi - DENSE_SPREAD) if dense else hi
        # "鸣远新材料呢？" after a question about another firm: the scope the follow-up names wins
        said_scope = self._asked_scope(q.text) or self._asked_scope(q.history_text)
        # "汀澜镇的产值": the whole town's first (its parts' figures may follow, below)
        named_scope = said_scope or (self.k.default_scope if self._names_town(q.text) else None)
        asked_years = set(cue.YEAR.findall(cue.BASE_YEAR.sub(" ", q.text)))
        asked_end = cue.end_month(q.text)
        quarter = cue.quarter_months(q.text)  # 二季度: its own months, not the half year ending with it
        head = self._head(q.text) or []
        scored, asks = [], cue.asks(q.kind_text or q.text)
        previous = self._previous_row(q.history_text) if q.history_text else None
        asked_words = {t.lower() for t in (*q.terms, *self._terms(q.history_text),
                                           *(self._dictionary_terms(q.text) if q.language == "en" and self._zh_only else []))
                       } if self._part_words else set()  # (only parts of the town read them)
        rows = list(self.rows.values())
        subject = self._subject_words(q.text)  # 汽车制造业占…的比重: the row naming 汽车制造业 too
        measures = cue.measures_in(q.text)
        units = cue.asked_units(q.text)
        features = np.zeros((len(rows), len(row_model.FEATURES)))
        for n, row in enumerate(rows):
            scope = self.k.same_part.get(row.scope_zh, row.scope_zh)  # (a park one report names short: the park)
            other_scope = bool(said_scope) and not scope.startswith(said_scope) and said_scope != self.k.default_scope
            # 全镇规上汽车制造业 is named by "马驹桥汽车制造业", not by "town-wide" alone
            part_unnamed = bool(self._part_words.get(row.id)) and not self._part_words[row.id] & asked_words
            scope_named = bool(named_scope) and scope.startswith(named_scope) \
                and not (part_unnamed and named_scope == self.k.default_scope)
            features[n] = (
                lex[n], (dvals[n] - lo) / (hi - lo) if hi > lo else 0, fit(asks, row),
                bool(head) and any(h in self._row_text[row.id] for h in head),  # "多少居民": the row about 居民
                previous is not None and row is not previous and self._sentence_of[row.id] == self._sentence_of[previous.id],
                bool(row.period) and row.period[:4] in asked_years,
                not asked_years and row.period[:4] == self._latest_year,
                bool(asked_end) and row.period.endswith(f"-{asked_end}") or cue.in_quarter(row.period, quarter),
                scope_named, other_scope,
                self._covers(subject, row, self._named_text),
                bool(measures) and _narrower(cue.measures_in(row.metric_zh), measures, q.text),
                base_unit(row.unit) in units)
        score = features @ self.row_weights
        if self.feature_log is not None and among is None:  # evals/train_rows.py collects what the ranking saw
            self.feature_log.append(([r.id for r in rows], features))
        # a threshold passed (超过18亿元) is said more exactly by the same series' own figure (18.95亿元)
        scored = [(r, s) for r, s in zip(rows, score.tolist()) if not (r.qualifier == "超过" and (r.series, r.period) in self._exact)
                  and (among is None or among(r))]
        if not scored:
            return []
        scored.sort(key=lambda t: (-round(t[1], 6), len(t[0].metric_zh)))  # of equal matches, the plainer measure (GDP, not GDP per head)
        if asked_end and not cue.COMPARE.search(q.text):
            # 1—6月…的比重: of near matches, the row of the period named before a row of another period
            # (of the same measure: another measure's row of that period does not answer for it; the
            # period guard says which periods the data gives the measure asked for)
            best_series = scored[0][0].series
            scored = _promoted(scored, lambda r: r.period.endswith(f"-{asked_end}") and r.series == best_series,
                               PERIOD_SHARE)
        if units and all(names_what_it_counts(u) for u in units):
            # 多少人次居民: a row in 人次 before a better match counting sessions (场). Not for 家 or 个
            # (多少家集成电路企业: the firms decide), nor for money (多少亿元 may be answered by a rate
            # when the data has no such amount: the kind guard says so)
            scored = _promoted(scored, lambda r: base_unit(r.unit) in units, UNIT_SHARE)
        elif asks["count"] and not (asks["growth"] or asks["share"] or asks["money"]):
            # "how many enterprises": a count before a nearly as good match of their output
            scored = _promoted(scored, lambda r: r.kind == "count", NEAR_SHARE)
        first = scored[0][0]
        whole = self._whole_year.get((first.series, first.period[:4])) if first.period[:4] in asked_years else None
        if whole is not None and whole is not first and not asked_end and not cue.COMPARE.search(q.text):
            # "in 2024": the year's own figure, before the part of it a later report compares with (1—9月)
            scored = [(whole, scored[0][1])] + [t for t in scored if t[0] is not whole]
        top = scored[0][1]
        chosen, seen = [], set()
        for row, s in scored:
            if chosen and (s < NEAR_SHARE * top or len(chosen) == 3):  # (a best score below 0 still comes first)
                break
            key = (row.value, row.unit, row.scope_zh)
            if key not in seen:
                seen.add(key)
                chosen.append((row, s))
        # among near-equal matches, the kind of figure asked for first ("…增长多少": the rate, then its amount)
        chosen.sort(key=lambda t: fit(asks, t[0]) <= 0)
        # the same kind of figure for another scope (whole town vs coordinated area),
        # when the question does not say which scope it means
        if not said_scope:
            first = chosen[0][0]
            for row, s in scored[len(chosen):]:
                if s >= OTHER_SCOPE_SHARE * top and row.unit == first.unit and row.period == first.period \
                        and row.scope_zh != first.scope_zh and kind_fit(row.metric_zh, first) >= 0:
                    if (row.value, row.unit, row.scope_zh) not in seen and len(chosen) < 4:
                        chosen.append((row, s))
                    break
        return chosen

    def _unplaced(self, terms: list[str]) -> list[str]:
        return [t for t in terms if t.lower() not in self._own_place_words]

    def _previous_row(self, history_text: str) -> Indicator | None:
        """The row the previous question was about (lexical match only)."""
        previous = Question("", history_text, "", "", False, self._terms(history_text))
        ranked = self._rank_rows(previous, {})
        return ranked[0][0] if ranked else None

    def _names_metric(self, text: str, row: Indicator) -> bool:
        """Whether the question spells out the row's metric (net inflow of enterprises, 净流入企业)."""
        en = cue.unhyphenated(re.sub(r"^(number of |the )+|\(.*?\)|'", "", row.metric_en.lower()).strip())
        zh = re.sub(r"数量$|（.*?）", "", row.metric_zh)
        return (len(en.split()) >= 2 and en in cue.unhyphenated(text.lower().replace("'", ""))) or (len(zh) >= 3 and zh in text)

    def _figure_answer(self, q: Question, rows) -> Answer:
        cites = CitationList()
        # one line per statement: a figure a report gives twice (its text and its table) is said once
        said, unique = set(), []
        for row, score in rows:
            statement = (row.scope_zh, row.metric_zh, row.period, row.value, row.unit)
            if statement not in said:
                said.add(statement)
                unique.append((row, score))
        rows = unique
        lines = [self._row_line(row, q.language, cites) for row, _ in rows]
        shown = [row for row, _ in rows]
        change = self._change(q, shown, cites) or self._ratio(q, shown, cites) or self._difference(q, shown, cites)
        lines += [change] if change else []
        lines += self._ranks_said(q, shown, cites)
        why = ", ".join(f"{row.id} ({row.kind}, {score:.2f})" for row, score in rows)
        return Answer(q.raw, "\n".join(lines), q.language, False, cites.items,
                      trace=[{"step": "figure selector", "why": f"indicator rows: {why}"}])

    def _ranks_said(self, q: Question, rows: list[Indicator], cites: CitationList) -> list[str]:
        """For a question asking where a figure ranks (在全县排第几), the clause of the best rows' sentence
        that states it (全县排名第1位), quoted: the data gives ranks in words, not as figures."""
        for row in rows[:2] if cue.STANDING_ASKED.search(q.text) else ():
            zh, en = self.sources.sentence(*self._sentence_of[row.id])
            start = zh.find(row.quote) if row.quote in zh else 0
            # (up to the next figure of another measure: 产值58.63亿元，规上工业总产值96.27亿元，位居全县第1位 ranks
            # the second; a rate or points of the row's own measure, or a count inside the rank clause, do not stop it)
            own = {row.id, row.of} - {""}
            same_sentence = self._sentence_rows[self._sentence_of[row.id]]
            own |= {r.id for r in same_sentence if r.of in own}
            others = [zh.find(r.quote, start) for r in same_sentence if r.id not in own and r.of not in own]
            rank = cue.STANDING_SAID.search(zh, start)
            if rank and not any(start < at < rank.start() for at in others):
                n, said = cites.add(row.source, zh, en), rank.group().strip()
                return [f"排名：“{said}”[{n}]" if q.language == "zh" else f"Rank, as the source states it: “{said}” [{n}]"]
        return []

    @staticmethod
    def _compares_periods(q: Question) -> bool:
        """"和2023年比有什么变化", "versus last year", "2024年与2025年": a question about more than one period."""
        return bool(cue.COMPARE.search(q.text) or cue.CHANGE_OVER_TIME.search(q.text) or cue.PREVIOUS_PERIOD.search(q.text)
                    or cue.BASE_YEAR.search(q.text) or len(set(cue.YEAR.findall(q.text))) > 1)

    def _change(self, q: Question, rows: list[Indicator], cites: CitationList) -> str | None:
        """For a question comparing periods, the change between the first two comparable rows of one
        measure, computed and marked so: a share or rate across any periods, an amount or count only
        across periods of equal length."""
        if not self._compares_periods(q):
            return None
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if a.series != b.series or a.period == b.period:
                    continue
                earlier, later = sorted((a, b), key=lambda r: r.period_end)
                comparable = earlier.unit == "%" and earlier.kind in ("share", "rate") or \
                    months_covered(earlier.period) is not None and \
                    months_covered(earlier.period) == months_covered(later.period)
                if not comparable:  # (a half year's amount and a year's: their rates still compare)
                    continue
                markers = tuple(cites.add(r.source, *self.sources.indicator(r)) for r in (earlier, later))
                return change_text(earlier, later, markers, q.language)
        return None

    def _ratio(self, q: Question, rows: list[Indicator], cites: CitationList) -> str | None:
        """For "how many times is A B" (几倍), the ratio of the first two figures in one unit, marked
        as computed from them."""
        if not cue.RATIO_ASKED.search(q.text):
            return None
        pair = next(((a, b) for i, a in enumerate(rows) for b in rows[i + 1:] if a.unit == b.unit and a.series != b.series), None)
        if pair is None:
            return None
        markers = tuple(cites.add(r.source, *self.sources.indicator(r)) for r in pair)
        return ratio_text(*pair, markers, q.language)

    def _difference(self, q: Question, rows: list[Indicator], cites: CitationList) -> str | None:
        """For "how far apart" (相差多少, the gap), the difference of the first two figures of one kind,
        unit and period about different things, marked as computed from them."""
        if not cue.DIFFERENCE_ASKED.search(q.text):
            return None
        pair = next(((a, b) for i, a in enumerate(rows) for b in rows[i + 1:] if a.series != b.series
                     and (a.unit, a.kind, a.period) == (b.unit, b.kind, b.period)), None)
        if pair is None:
            return None
        markers = tuple(cites.add(r.source, *self.sources.indicator(r)) for r in pair)
        return difference_text(*pair, markers, q.language)

    def _firm_ranked(self, q: Question, rows) -> Answer | None:
        """"营业收入最高的企业是哪家", "which company ranked second by tax": of the firms the data gives the
        measure of the best-ranked firm's row for (same period, same base unit), the one at the place asked,
        then those around it, with the order marked as computed from their figures. None when no firm's row
        ranks or fewer than three firms have the measure."""
        if not cue.FIRM_RANKED_ASKED.search(q.text):
            return None
        # 增速排第一: by growth rate (a fall counts below zero), else by an amount, count or measure
        mine, peers = self._firm_peers(q, rows, ("rate",) if cue.GROWTH_CUE.search(q.text) else ("amount", "count", "measure"))
        if len(peers) < 3:
            return None
        low = bool(cue.LOWEST_ASKED.search(q.text))  # the last first
        order = sorted(peers, key=_signed, reverse=not low)
        n = _place_asked(q.text)
        if n > len(order):
            return None
        cites = CitationList()
        lines = [self._row_line(r, q.language, cites) for r in order[max(n - 2, 0):n + 1]]
        asked = order[n - 1]
        lines.insert(0, lines.pop(min(n - 1, 1)))  # the one asked first
        name = asked.scope_zh if q.language == "zh" or asked.scope == asked.scope_zh else f"{asked.scope} ({asked.scope_zh})"
        lines.append(f"排序：按资料中{len(order)}家企业的同一指标比较，{name}居{'倒数' if low else ''}第{n}位（据所列数字计算）。"
                     if q.language == "zh" else f"Ranking: of the {len(order)} firms the data gives this figure for, {name} is "
                     f"number {n}{' from the bottom' if low else ''} (computed from the figures cited).")
        return Answer(q.raw, "\n".join(lines), q.language, False, cites.items,
                      trace=[{"step": "figure selector", "why": f"firms ranked by {mine.metric_zh} ({mine.period}): place {n} of {len(order)}"}])

    def _firm_peers(self, q: Question, rows, kinds) -> tuple[Indicator | None, list[Indicator]]:
        """The firms' row of one of `kinds` that matches best (among `rows`, else of all), and the row of
        each firm the data gives that measure of, for that period and base unit."""
        def measured_firm(r):
            return r.scope_zh in self._firm_scopes and r.kind in kinds

        def measure(r):  # 产值同比增长 and 产值同比下降 are one measure
            return re.sub(_CHANGE_END, "", r.metric_zh), r.period, base_unit(r.unit)

        # (of the year asked, when it names one; else the firms' row that matches best)
        mine = next((r for r, _ in rows if measured_firm(r) and (not q.years or r.period[:4] in q.years)), None)
        mine = mine or next((r for r, _ in self._rank_rows(q, {}, among=measured_firm)), None)
        if mine is None:
            return None, []
        peers = {}
        for r in self.k.indicators:
            if measured_firm(r) and measure(r) == measure(mine) and not r.qualifier:
                peers.setdefault(r.scope_zh, r)
        return mine, list(peers.values())

    def _firms_fallen(self, q: Question, rows) -> Answer | None:
        """"哪些企业营收下降了", "which company saw its output fall": of the firms the data gives the growth of
        the measure asked for, those whose figure fell, each with its rate. None unless two firms have it."""
        if not (cue.FALL.search(q.text) and (cue.FIRMS_CUE.search(q.text) or cue.ONE_FIRM.search(q.text))):
            return None
        mine, peers = self._firm_peers(q, rows, ("rate",))
        if len(peers) < 2:
            return None
        fallen = [r for r in sorted(peers, key=_signed) if _signed(r) < 0]
        cites = CitationList()
        lines = [self._row_line(r, q.language, cites) for r in fallen]
        names = [r.scope_zh if q.language == "zh" or r.scope == r.scope_zh else f"{r.scope} ({r.scope_zh})" for r in fallen]
        if q.language == "zh":
            lines.append(f"资料给出{len(peers)}家企业的这项增速，下降的是：{'、'.join(names)}。" if fallen
                         else f"资料给出{len(peers)}家企业的这项增速，没有一家下降。")
        else:
            lines.append(f"Of the {len(peers)} firms the data gives this growth rate for, "
                         + (f"these fell: {'; '.join(names)}." if fallen else "none fell."))
        return Answer(q.raw, "\n".join(lines), q.language, False, cites.items,
                      trace=[{"step": "figure selector", "why": f"firms whose {mine.metric_zh} ({mine.period}) fell: {len(fallen)} of {len(peers)}"}])

    def _row_line(self, row: Indicator, lang: str, cites: CitationList) -> str:
        quote, translation = self.sources.indicator(row)
        n = cites.add(row.source, quote, translation)
        period = period_text(row.period, lang)
        note = extracted_note(row, lang)  # a row `mjq add` extracted that nobody has reviewed yet
        if lang == "zh":
            note = f"（{note}）" if note else ""
            return f"{period + '，' if period else ''}{join_scope(row.scope_zh, row.metric_zh)}：{figure_text(row, lang)}{note}[{n}]。"
        scope = f"{row.scope} ({row.scope_zh})" if row.scope_zh in self._entity_names else row.scope
        where = ", ".join(x for x in (scope, period) if x)
        if row.metric_zh not in row.metric_en:  # the source's own name, to find and copy it by
            where = f"{row.metric_zh}; {where}"
        metric = row.metric_en[0].upper() + row.metric_en[1:]
        return f"{metric} ({where}): {figure_text(row, lang)}{f' ({note})' if note else ''} [{n}]."

    def _describe(self, q: Question, query: str, dense: dict[str, float], rows=()) -> Answer | None:
        # what it is about: without the documents' places and periods, which nearly every sentence
        # names, and without how it is asked
        focus = self._focus(query)
        terms = self._unplaced(self._terms(query)) or None  # (the town's name, in every sentence, picks none)
        if q.language == "en" and self._zh_only:  # the Chinese of its words, to reach Chinese-only documents
            terms = self._terms(query) + [t for zh in lexicon.chinese_for(query) for t in self._terms(zh)] \
                + self._dictionary_terms(query)
        if self._topic_terms(focus) and focus.split() != query.split():  # both, the focus as much as the whole
            dense = dense or self.search.dense_scores(query)
            focused = self.search.dense_scores(focus)
            floor = min(focused.values(), default=0.0)
            dense = {id_: (v + focused.get(id_, floor)) / 2 for id_, v in dense.items()}
        listed = self._items_listed(q) or self._group_listed(q)  # "存在哪些问题": a section's enumerated
        if listed:  # items; 三大主导产业是哪些: the sentence enumerating the group's members
            return listed
        hits = self.search.search(query, k=12, kinds=("sentence", "glossary"), dense=dense, terms=terms)
        if q.history_text and self._topic_terms(q.text):  # the follow-up's own words count double
            own = self.search.search(q.text, k=12, kinds=("sentence", "glossary"))
            hits = self._merge(hits, own)
        if not hits:
            return None
        cites = CitationList()
        named = self._named_entry(q.raw + " " + q.text)
        person = self._best_person(q) if cue.WHO.search(q.text) and not named and not cue.FIRMS_CUE.search(q.text) else None
        titled = self.premises.titled(q.text)  # ("the head of the town party committee": its secretary)
        holder = (titled[0] if len({g.zh for g in titled}) == 1 else None) or self._holder(q, named) \
            or self._person_in_role(named) if named is not None and named.type != "person" and cue.WHO.search(q.text) \
            else None  # "who is the general manager of <firm>", "who heads the town government"
        lists_firms = cue.FIRMS_CUE.search(q.text) and not cue.ONE_FIRM.search(q.text)
        who_is = cue.WHO_IS.search(q.text) and not cue.WHY.search(q.text)  # 增长原因是什么: a reason, not what X is
        # "who are the leading IC companies": the sentences naming them, not what the industry is
        g = holder or (named if who_is and not (lists_firms and named is not None and named.type != "firm") else None) or person
        if g is None and q.history_text and cue.ROLE_ASK.search(q.text) and cue.PERSON_REF.search(q.text):
            # "What positions does he hold?"
            g = self._named_entry(q.history_text, ("person",)) or self._best_person(self._plain(q, q.history_text))
        if g is None and who_is and hits[0].passage.kind == "glossary" and not lists_firms:
            g = self.glossary[hits[0].passage.id]
        if g is not None and g.type != "person" and not self._entry_says(q, g):
            g = None  # "芯禾电子的二期项目生产什么产品": asks what the text says of a firm, not what it is
        if g is not None and g.type == "person" and g is not holder and cue.SAID_BY.search(q.text):
            g = None  # 镇长提到的四个导向是什么: what the mayor said, not who the mayor is
        # 副镇长都有谁: every holder of the title (of the year asked, where the documents differ); "list the
        # town leaders": every person named in a role
        officials = self.premises.officials() if cue.OFFICIALS_ASKED.search(q.text) else []
        listed = cue.PEOPLE_LISTED.search(q.text) or officials and cue.LIST_ASK.search(q.text)
        holders = {}  # (each once: the entry that says most of the role)
        for e in self._of_year(q, titled or officials) if listed else ():
            holders[e.zh] = max(holders.get(e.zh, e), e, key=lambda entry: len(entry.role_zh))
        holders = list(holders.values())
        if len(holders) > 1 or person is not None and cue.COMPARE.search(q.text):  # 作者和摄影分别是谁: the
            people = holders  # person for each part
            for part in cue.PARTS.split(q.text) if not holders else ():
                one = self._best_person(self._plain(q, part))
                if one is not None and one not in people:
                    people.append(one)
            answers = [self._glossary_answer(q, one, cites) for one in people]
            return Answer(q.raw, "\n".join(a.text for a in answers), q.language, False, cites.items,
                          trace=[{"step": "glossary", "why": "entries " + ", ".join(one.id for one in people)}])
        if g is not None:
            answer = self._glossary_answer(q, g, cites)
            if g.type != "person" and cue.OVERVIEW.search(q.text):  # "tell me about X": what X is, and what the
                # text says of it: the sentence the entry was read from (cited above, not shown), then those
                # with figures, then the best matches
                rank = {(h.passage.source, int(h.passage.ref)): i for i, h in enumerate(hits) if h.passage.kind == "sentence"}
                own = self._entry_sentence(g)
                about = sorted((key for key in self._sentences_naming(g) if self._informative(self.sources.sentence(*key)[0])),
                               key=lambda key: (key != own, not self._has_figure(key), rank.get(key, len(rank)), key))[:2]
                about += [key for key in self._row_sentences(q, rows) if key not in about][:1]
                if about:
                    answer.text += "\n" + self._said(about, cites, q.language)
                    answer.citations = cites.items
            members = self._members(g) if cue.LIST_ASK.search(q.text) and g.type not in ("person", "firm") else None
            if members and members not in {(c.source, c.quote) for c in cites.items}:  # 5大产业集群分别是什么
                answer.text += "\n" + self._said([members], cites, q.language)
                answer.citations = cites.items
            return answer
        listed = self._parts_listed(q, cites)
        if listed:
            return listed
        # fuse the Chinese and English hits of the same sentence
        scores: dict[tuple[str, int], float] = {}
        proxy = q.language == "en" and bool(cue.DESCRIBE_CUE.search(q.text))
        for h in hits:
            if h.passage.kind == "sentence":
                key = (h.passage.source, int(h.passage.ref))
                scores[key] = scores.get(key, 0.0) + h.score
            elif proxy and h.passage.doc in self._zh_only:  # an English question meets a Chinese-only document through
                g = self.glossary[h.passage.id]   # its glossary: the sentence naming the entry stands for it
                paragraph = self.k.zh[g.source].text
                name = next((n for n in (g.zh, *g.aliases) if n in paragraph), g.zh)
                key = (g.source, self.sources.sentence_index(g.source, name))
                scores[key] = scores.get(key, 0.0) + 0.5 * h.score
        if not scores:
            return None
        # a title or heading says what a passage is about: body sentences first; a byline (who
        # published it, when, who took the photos), a question the text asks (a reporter's) or a
        # paragraph's numbered lead (（二）做优茶产业。) only when it matches far better than the rest
        scores = {key: v / 2 if self.k.zh[key[0]].kind == "byline" or self._says_nothing(key) else v
                  for key, v in scores.items()}
        body = {key: v for key, v in scores.items() if self.k.zh[key[0]].kind not in ("title", "heading")}
        scores = self._by_section(q, focus, body or scores, terms)
        # 上半年的外贸情况: the half-year bulletin's sentences; 2024年的文旅: not a plan for 2025 in the 2024 report
        # (one period asked, and not a goal: the 2024 report sets 2025's goals)
        if not (cue.TARGET_ASKED.search(q.text) or self._compares_periods(q)):
            of_period, years = self._docs_of_period(q), set(q.years)

            def of_time(key):  # a sentence's own figures' years first, else its document's period
                own = self._sentence_years.get(key)
                return bool(years & own) if years and own else doc_id(key[0]) in of_period
            scores = {key: v for key, v in scores.items() if of_time(key)} or scores
        # what a person said: 唐殿珂说…, or "他怎么评价…" after a question about him
        speaker = self._named_entry(q.text, ("person",)) if cue.SAY.search(q.text) else None
        if q.history_text:  # "主要是哪些？" after "解决了多少难点问题": the sentence behind the previous figure
            row = self._previous_row(q.history_text)
            key = (row.source, self.sources.sentence_index(row.source, row.quote)) if row else None
            if key in scores:
                scores[key] += 0.01
            # "他怎么评价营商环境" after "镇长是谁": what that person said, from the paragraphs naming them
            if cue.PERSON_REF.search(q.text) and cue.SAY.search(q.text):
                speaker = speaker or self._named_entry(q.history_text, ("person",)) or (
                    self._best_person(self._plain(q, q.history_text)) if cue.WHO.search(q.history_text) else None)
        if speaker is not None:
            quoted = {p.id for p in self.k.article_zh if any(n in p.text for n in (speaker.zh, *speaker.aliases))}
            scores = {(p, i): scores.get((p, i), 0.0) + 1.0 for p in quoted
                      for i in range(self.sources.sentence_count(p))}
        elif named is not None and named.type in ("firm", "programme", "organisation", "event"):
            # 宏远食品产值下降的原因: when the best matches do not name the firm, the sentences that do
            naming = set(self._sentences_naming(named))
            top = max(scores.values())
            if not naming & {key for key, _ in sorted(scores.items(), key=lambda kv: -kv[1])[:3]}:
                for key in naming:
                    scores[key] = scores.get(key, 0.0) + 0.5 * top
        if cue.ORDINAL_ASK.search(q.text):  # 第几届: the sentence naming the edition
            for key in scores:
                if cue.ORDINAL.search(self.sources.sentence(*key)[0]):
                    scores[key] += 0.02
        for asked, names in ((cue.FIRMS_CUE, self._firm_names), (cue.PARTS_CUE, self._part_names)):
            if asked.search(q.text):  # "which firms", "which parks": sentences that name them (more of them for a list)
                most = 1 if cue.ONE_FIRM.search(q.text) else 3
                for key in scores:
                    quote, _ = self.sources.sentence(*key)
                    scores[key] += 0.01 * min(most, sum(1 for n in names if any(name in quote for name in n)))
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        best = ranked[0][1]
        if cue.COMPARE.search(q.text):  # "西部和东部分别…": the best sentence for each part comes first
            firsts = []
            for part in (p for p in cue.PARTS.split(q.text) if p and self._topic_terms(p)):
                top = self.search.search(part, k=1, kinds=("sentence",))
                key = (top[0].passage.source, int(top[0].passage.ref)) if top else None
                if key and key not in firsts:
                    firsts.append(key)
            if len(firsts) > 1:
                ranked = [(key, best) for key in firsts] + [kv for kv in ranked if kv[0] not in firsts]
        chosen = [key for key, s in ranked[:3] if s >= 0.75 * best]
        if cue.LIST_ASK.search(q.text) and not cue.ONE_FIRM.search(q.text):
            # "有哪些", "list the…": the best near sentence that lists more (A、B、C; 一是…；二是…) than
            # they do joins them
            most = max(map(self._joints, chosen), default=0)
            chosen += [key for key, s in ranked[:8] if s >= 0.5 * best and key not in chosen
                       and self._joints(key) >= max(2, most + 1)][:1]
            # "在谈项目有哪些" where the best sentence opens a list of numbered paragraphs (…6个：1. 甲项目。): the items
            items = next((items for key in chosen if len(items := self._items_after(key)) >= 2), [])
            chosen = chosen[:1] + [key for key in items[:ITEMS_LISTED] if key not in chosen[:1]] if items else chosen
            # (or two of them found: 1. 甲产业园。 and 3. 丙产业园。 are of the three the section numbers)
            runs = [run for run in map(self._item_run, chosen) if sum(key in run for key in chosen) >= 2]
            chosen = runs[0][:ITEMS_LISTED] + [key for key in chosen if key not in runs[0]] if runs else chosen
        if speaker is not None:  # a quote reads in the article's order
            chosen.sort()
        elif cue.OVERVIEW.search(q.text):
            chosen = self._read_on(chosen)
            # an overview holds the topic's figures: the sentence of the row found for it, else the best with one
            chosen += [key for key in self._row_sentences(q, rows) if key not in chosen][:1]
            if not any(self._has_figure(key) for key in chosen):
                chosen += [key for key, _ in ranked[:8] if self._has_figure(key)][:1]
        else:
            chosen = self._with_details(chosen)
        chosen = self._with_tables(chosen)
        return Answer(q.raw, self._said(chosen, cites, q.language), q.language, False, cites.items,
                      trace=[{"step": "passage selector", "why": "sentences: " + ", ".join(f"{p}:{i}" for p, i in chosen)}])

    def _docs_of_period(self, q: Question) -> set[str]:
        """The documents whose figures are mostly of the period a question names (2023年: the 2023
        report; 上半年, "Q1–Q3 2025": the bulletin of those months), as far as any are; all of them
        when it names none."""
        years = set(q.years) | ({self._latest_year} if cue.THIS_YEAR.search(q.text) else set())
        end = cue.end_month(q.text)
        docs = set(self._main_period)
        for fits in (lambda p: (not years or p[:4] in years) and (not end or p.endswith(f"-{end}")),
                     lambda p: not years or p[:4] in years):
            chosen = {d for d, p in self._main_period.items() if fits(p)}
            if chosen:
                return chosen
        return docs

    def _by_section(self, q: Question, focus: str, scores: dict, terms: list[str] | None) -> dict:
        """A report's section heading says what its sentences are about ((六)乡村振兴和城镇建设协同推进,
        五、财政金融运行良好): sentences under a heading that has two and at least half of the question's
        topic words (a word with its parts) count more, by that share, and its paragraphs' first sentences
        are candidates; an overview of all a heading says opens with its section's first paragraph."""
        def words(text, search=True):  # with the parts of long words: 城镇建设 -> 城镇, 建设
            return {t for t in self._terms(cue.without_when(text), search=search) if not self._filler(t)
                    and not is_stopword(t) and not t[0].isdigit() and len(t) > 1}
        asked = self._focus(cue.OVERVIEW.sub(" ", focus or q.text))  # not how it asks (形势如何), nor its town
        # each topic word with its parts: 财政收支 is in a heading on 财政 (六、财政和金融)
        topic = {w: {w} | words(w) for w in words(asked, search=False)}
        if q.language == "en":  # the Chinese of an English question's words, where the lexicon has it
            topic = {t: {t} for t in (terms or []) if re.search(r"[\u4e00-\u9fff]", t) and not self._filler(t)}
        if not topic or not scores:
            return scores
        forms = set().union(*topic.values())
        headings = {p.section: words(p.section) for p in self.k.article_zh if p.kind == "heading" and p.section}
        common = {heading: {w for w, its in topic.items() if its & said} for heading, said in headings.items()}
        # two of the topic's words (or parts of one: 城镇建设) at least, and half of them: not one word a
        # slogan shares (领跑产业新格局); a topic of one word, in a numbered section's heading
        # ((三)财政收入小幅增长, 六、财政和金融 for 财政收支: a section on it)
        shared = {heading: len(both) / len(topic) for heading, both in common.items()
                  if (len(both) >= 2 or len(forms & headings[heading]) >= 2) and len(both) >= len(topic) / 2
                  or len(topic) == 1 and both and cue.SECTION_NUMBER.match(heading)}
        best = max(scores.values())
        scores = dict(scores)
        opening = {}
        for p in self.k.article_zh:  # a heading that names most of the topic: its paragraphs' first sentences too
            if p.kind == "paragraph" and p.section in shared:
                opening.setdefault(p.section, p.id)
                for i in range(min(2, self.sources.sentence_count(p.id))):
                    scores[(p.id, i)] = max(scores.get((p.id, i), 0.0), best * shared[p.section] * (1 - 0.1 * i))
        scores = {key: v * (1 + shared.get(self.k.zh[key[0]].section, 0.0)) for key, v in scores.items()}
        if cue.OVERVIEW.search(q.text):  # an overview of all a section is about (二、农业; not 四、商贸和旅游 for
            top = max(scores.values())   # 旅游) reads it from its start
            for heading, paragraph in opening.items():
                if shared[heading] == 1.0 and headings[heading] <= forms:
                    scores[(paragraph, 0)] = max(scores[(paragraph, 0)], top * 1.01)
        return scores

    def _with_details(self, chosen: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """A best sentence that only announces its topic ("消费市场方面也呈现出回升向好的趋势")
        is followed by its paragraph's next sentences, up to the first that holds a figure or a name;
        one that states a total by the next, which breaks it down (其中，新材料产业…；高端装备…)."""
        paragraph, index = chosen[0]
        if self._informative(self.sources.sentence(paragraph, index)[0]):
            following = (paragraph, index + 1)
            if index + 1 < self.sources.sentence_count(paragraph) and following not in chosen \
                    and cue.PART_OF.match(self.sources.sentence(*following)[0]):
                return chosen[:1] + [following] + chosen[1:]
            return chosen
        details = []
        for following in range(index + 1, min(index + 3, self.sources.sentence_count(paragraph))):
            details.append((paragraph, following))
            if self._informative(self.sources.sentence(paragraph, following)[0]):
                break
        return chosen[:1] + [key for key in details if key not in chosen] + chosen[1:]

    def _with_tables(self, chosen: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """A sentence pointing to the table below it (具体情况见下表) is followed by that table: the
        next paragraph of its section; a table's caption (表3 …) by its rows, the rest of its paragraph."""
        out = []
        for key in chosen:
            out.append(key)
            sentence, following = self.sources.sentence(*key)[0], self._next_paragraph.get(key[0])
            rows = [(key[0], i) for i in range(key[1] + 1, self.sources.sentence_count(key[0]))] \
                if cue.TABLE_CAPTION.match(sentence) else []
            if not rows and following and (cue.TABLE_REF.search(sentence) or cue.TABLE_CAPTION.match(sentence)):
                rows = [(following, i) for i in range(self.sources.sentence_count(following))]
            out += [r for r in rows if r not in chosen and r not in out]
        return out

    @functools.cached_property
    def _table_paragraphs(self) -> set[str]:
        """The paragraphs of tables: those after a caption (表2 重点企业主要指标, as a heading or a line of its
        own), up to the next heading that is no caption."""
        out, in_table = set(), False
        for p in self.k.article_zh:
            if cue.TABLE_CAPTION.match(p.text):
                in_table = True
            elif p.kind == "heading" or p.kind == "title":
                in_table = False
            elif in_table:
                out.add(p.id)
        return out

    def _items_after(self, key: tuple[str, int]) -> list[tuple[str, int]]:
        """The items a sentence ending a list's opening (…重点项目6个，计划总投资47.1亿元：) introduces, each by
        its first sentence: the numbered paragraphs after its own, in their order; [] when none follow."""
        sentence = self.sources.sentence(*key)[0]
        colon = max(sentence.rfind("："), sentence.rfind(":"))
        if colon < 0 or cue.ENUMERATED_ITEM.search(sentence[:colon]) and not sentence[:colon].endswith(("：", ":")):
            return []
        items, p = [], key[0]
        if cue.ENUMERATED_ITEM.match(sentence[colon:]):  # (the first item run into the opening)
            items.append(key)
        while (p := self._next_paragraph.get(p)) and cue.ENUMERATED_ITEM.match(self.k.zh[p].text):
            items.append((p, 0))
        return items if len(items) > (key in items) else []

    def _item_run(self, key: tuple[str, int]) -> list[tuple[str, int]]:
        """The numbered paragraphs (1. 甲产业园。…, 2. …) a paragraph's first sentence is one of, each by its
        first sentence, in order; [] for any other sentence."""
        if key[1] != 0 or not cue.ENUMERATED_ITEM.match(self.k.zh[key[0]].text):
            return []
        first = key[0]
        while (p := self._previous_paragraph.get(first)) and cue.ENUMERATED_ITEM.match(self.k.zh[p].text):
            first = p
        run, p = [first], first
        while (p := self._next_paragraph.get(p)) and cue.ENUMERATED_ITEM.match(self.k.zh[p].text):
            run.append(p)
        # (opened by the paragraph before, by a sentence that ends with a colon or runs on into item 1)
        before = self._previous_paragraph.get(first)
        opening = [(before, i) for i in range(self.sources.sentence_count(before))] if before else []
        return [k for k in opening if self._items_after(k)][-1:] + [(p, 0) for p in run]

    @functools.cached_property
    def _previous_paragraph(self) -> dict[str, str]:
        return {n: p for p, n in self._next_paragraph.items()}

    @functools.cached_property
    def _next_paragraph(self) -> dict[str, str]:
        """Each paragraph's next one in its section."""
        article = self.k.article_zh
        return {p.id: n.id for p, n in zip(article, article[1:])
                if doc_id(p.id) == doc_id(n.id) and p.section == n.section and n.kind == "paragraph"}

    def _read_on(self, chosen: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """An overview reads its best sentence's paragraph: the whole of a short one (a report gives a
        topic a paragraph: 外贸进出口总额…，其中出口…。分市场看…), else the best sentence and its next two
        (集成电路产业是…之一。…已初步形成以中芯京城…为引领…)."""
        paragraph, index = chosen[0]
        count = self.sources.sentence_count(paragraph)
        whole = len(self.k.zh[paragraph].text) <= OVERVIEW_PARAGRAPH
        read = [(paragraph, i) for i in (range(count) if whole else range(index, min(index + 3, count)))]
        return read + [key for key in chosen if key not in read]

    def _row_sentences(self, q: Question, rows) -> list[tuple[str, int]]:
        """The sentences stating the rows found, when they are about the question's topic."""
        if not rows or self._coverage(q, rows) < 0.5:
            return []
        keys = [(r.source, self.sources.sentence_index(r.source, r.quote)) for r, _ in rows[:2]]
        return list(dict.fromkeys(keys))

    def _said(self, keys: list[tuple[str, int]], cites: CitationList, language: str) -> str:
        """Sentences, cited, in the asker's language (in English with their Chinese)."""
        parts = []
        for paragraph, index in keys:
            quote, translation = self.sources.sentence(paragraph, index)
            parts.append(self._say(quote, translation, cites.add(paragraph, quote, translation), language, original=True))
        return ("" if language == "zh" else " ").join(parts)

    def _parts_listed(self, q: Question, cites: CitationList) -> Answer | None:
        """"Which parks does the town have?", "which firms does the report name?": the entries of
        that kind its glossary has (parks and zones; firms or people, when asked what the text
        names), in as few sentences as name them all (up to four); None unless two or more are named."""
        if q.history_text:
            return None
        # "which firms are in the table of key enterprises": those its rows name, in the report of the period
        table = cue.FIRMS_CUE.search(q.text) and cue.TABLE_NAMED.search(q.text) and not cue.ONE_FIRM.search(q.text)
        if cue.PARTS_CUE.search(q.text):
            entries = self._parts
        elif (cue.MENTION.search(q.text) or table) and not cue.ONE_FIRM.search(q.text) \
                and (cue.FIRMS_CUE.search(q.text) or cue.PEOPLE_CUE.search(q.text)):
            kind = "firm" if cue.FIRMS_CUE.search(q.text) else "person"
            entries = [g for g in self.k.glossary if g.type == kind]
        else:
            return None
        naming = {g.id: set(self._sentences_naming(g)) for g in entries}
        if table:
            docs = self._docs_of_period(q)
            naming = {id_: {k for k in keys if doc_id(k[0]) in docs and k[0] in self._table_paragraphs}
                      for id_, keys in naming.items()}
        if sum(1 for keys in naming.values() if keys) < 2:
            return None
        full = {g.id: {k for k in naming[g.id] if g.zh in self.sources.sentence(*k)[0]} for g in entries}
        keys, left = [], {id_ for id_, found in naming.items() if found}
        most = TABLE_ROWS_LISTED if table else 4
        while left and len(keys) < most:  # the sentence naming most of them not yet named (by their full names on a
            candidates = {key for id_ in left for key in naming[id_]}  # tie, then first in the text)
            key = min(candidates, key=lambda k: (-sum(k in naming[id_] for id_ in left), -sum(k in full[id_] for id_ in left), k))
            keys.append(key)
            left = {id_ for id_ in left if key not in naming[id_]}
        return Answer(q.raw, self._said(keys, cites, q.language), q.language, False, cites.items,
                      trace=[{"step": "passage selector", "why": "named: " + ", ".join(g.id for g in entries)}])

    def _find_enumerations(self) -> list[tuple[str, set[str], list[tuple[str, int]]]]:
        """Each section's enumerated items (一是…；二是…, （一）…（二）…): (its document, what it lists by
        its heading and the words before its first item (存在的问题, 下半年工作重点), the item sentences)."""
        found = defaultdict(lambda: ["", []])
        for p in self.k.article_zh:
            if p.kind != "paragraph":
                continue
            items = [(p.id, i) for i in range(self.sources.sentence_count(p.id))
                     if cue.ENUMERATED_ITEM.search(self.sources.sentence(p.id, i)[0])]
            if items:
                first = items[0][1]  # 六、存在的主要问题。一是…: the words before the items say what they are
                before = "".join(self.sources.sentence(p.id, i)[0] for i in range(first))
                opening = self.sources.sentence(p.id, first)[0]
                before += opening[:cue.ENUMERATED_ITEM.search(opening).start()]
                before = before[:30] + " " + before[-30:]  # 七、…下一步工作。… 重点做好以下工作：
                # a paragraph saying what it lists is a list of its own; others continue their section's
                own = any(k.search(before) for k in cue.SECTION_KINDS.values())
                unit = found[(doc_id(p.id), p.section, p.id if own else "")]
                unit[0] += f" {p.section} {before}"
                unit[1] += items
        return [(doc, {kind for kind, p in cue.SECTION_KINDS.items() if p.search(label)}, items)
                for (doc, _, _), (label, items) in found.items() if self._item_count(items) >= 2]

    def _item_count(self, items: list[tuple[str, int]]) -> int:
        """How many items the item sentences enumerate (一是…；二是… in one sentence counts two)."""
        return sum(len(cue.ENUMERATED_ITEM.findall(self.sources.sentence(*key)[0])) for key in items)

    def _items_listed(self, q: Question) -> Answer | None:
        """"存在哪些问题", "what are the priorities for the second half": the items a section of the
        report of the period asked enumerates under that kind of heading (problems, next steps), in
        order, when the section (with its document's title) holds all the question's topic words but one."""
        asked = {kind for kind, p in cue.SECTION_KINDS.items() if p.search(q.text)}
        if not asked or q.history_text:
            return None
        units = [(doc, items) for doc, kinds, items in self._enumerations if kinds & asked]
        size = cue.items_asked(q.text)  # 哪五个方面: the enumeration of five, whatever its document's period
        units = [u for u in units if self._item_count(u[1]) == size] or units
        of_period = self._docs_of_period(q)
        units = [u for u in units if u[0] in of_period] or units
        if q.language == "en":
            words = {t for zh in lexicon.chinese_for(q.text) for t in self._terms(zh) if len(t) > 1}
        else:
            words = {t for t in self._topic_terms(cue.without_when(q.text)) if len(t) > 1}
        words = {w for w in words if not any(p.search(w) for p in cue.SECTION_KINDS.values())}

        def missing(unit):
            doc, items = unit
            text = self.k.documents[doc].title.zh + "".join(self.sources.sentence(*key)[0] for key in items) + \
                self.k.zh[items[0][0]].section
            return sum(w not in text for w in words)
        units = [u for u in units if missing(u) <= 1]
        if not units:
            return None
        latest_first = sorted(units, key=lambda u: self._main_period.get(u[0], ""), reverse=True)
        doc, items = min(latest_first, key=missing)
        cites = CitationList()
        return Answer(q.raw, self._said(self._item_bodies(items[:ITEMS_LISTED]), cites, q.language), q.language, False,
                      cites.items, trace=[{"step": "passage selector", "why": "enumerated items: " + ", ".join(f"{p}:{i}" for p, i in items)}])

    def _item_bodies(self, items: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """Each item, and when it only names its point (一是全力冲刺全年目标。) the sentence after it that
        says how (紧盯重点企业…力争全年规上工业产值突破230亿元), unless that is the next item."""
        out = []
        for paragraph, index in items:
            out.append((paragraph, index))
            following = (paragraph, index + 1)
            if not self._informative(self.sources.sentence(paragraph, index)[0]) and following not in items \
                    and index + 1 < self.sources.sentence_count(paragraph):
                out.append(following)
        return out

    def _sentences_naming(self, g) -> list[tuple[str, int]]:
        names = [n for n in (g.zh, *g.aliases) if len(n) >= 2]
        return [(p.id, i) for p in self.k.article_zh for i in range(self.sources.sentence_count(p.id))
                if any(n in self.sources.sentence(p.id, i)[0] for n in names)]

    def _members(self, g) -> tuple[str, int] | None:
        """The sentence that lists the most members of a group the glossary names (5大产业集群: the
        sentence enumerating …、…、…等产业集群), when one lists two or more."""
        head = re.sub(r"^[\d一二三四五六七八九十两几多]+大?", "", g.zh)
        keys = [(p.id, i) for p in self.k.article_zh if doc_id(p.id) == doc_id(g.id)
                for i in range(self.sources.sentence_count(p.id)) if head in self.sources.sentence(p.id, i)[0]]
        best = max(keys, key=self._joints, default=None)
        return best if best is not None and self._joints(best) >= 2 else None

    def _group_listed(self, q: Question) -> Answer | None:
        """三大主导产业是哪些, 列举几类难点问题: the sentence of the period asked whose list ends with the
        group's name (…、…、…三大主导产业; 楼顶漏雨、物业管理…等难点问题), the longest such list first."""
        m = cue.GROUP_COUNTED.search(q.text)  # (三大特色产业是什么 asks their names too; 三大产业的产值, a figure)
        if m is None or q.history_text or not cue.asks_names(q.text) and cue.wants_figure(q.text):
            return None
        what = m.group("what") or m.group("en")
        if m.group("what"):
            name = re.compile(re.escape(what))
        else:  # "three leading industries": 三大…产业, by the count and the Chinese of the head noun
            heads = [zh for zh in lexicon.chinese_for(what.split()[-1]) + lexicon.dictionary_chinese(what.split()[-1]) if len(zh) > 1]
            n = cue.COUNT_WORDS.get(m.group("n").lower()) or int(m.group("n"))
            if not heads:
                return None
            name = re.compile(f"{'一二三四五六七八九十'[n - 1]}大[\u4e00-\u9fff]{{0,6}}?(?:{'|'.join(map(re.escape, heads))})")
        docs = self._docs_of_period(q)
        found = []
        for p in self.k.article_zh:
            if doc_id(p.id) not in docs:
                continue
            for i in range(self.sources.sentence_count(p.id)):
                sentence = self.sources.sentence(p.id, i)[0]
                hit = name.search(sentence)
                if hit and hit.start() > 0:  # the joints of the clause before the name (…、…和…三大主导产业: 和 joins the last)
                    clause = re.split(r"[，,。；;：:]", sentence[:hit.start()])[-1]
                    found.append((len(ENUMERATION.findall(clause)) + bool(re.search(r"、.+[和及与]", clause)), (p.id, i)))
        joints, key = max(found, key=lambda t: t[0], default=(0, None))
        if joints < 2:
            return None
        cites = CitationList()
        return Answer(q.raw, self._said([key], cites, q.language), q.language, False, cites.items,
                      trace=[{"step": "passage selector", "why": f"members of {what}: {key[0]}:{key[1]}"}])

    def _joints(self, key: tuple[str, int]) -> int:
        """How many list joints (、 ；) a sentence has."""
        return len(ENUMERATION.findall(self.sources.sentence(*key)[0]))

    def _has_figure(self, key: tuple[str, int]) -> bool:
        return bool(find_figures(self.sources.sentence(*key)[0]))

    def _says_nothing(self, key: tuple[str, int]) -> bool:
        """Whether a sentence of the text is a question (请问…？) or a numbered lead without a figure
        ((二)做优茶产业。), which name a topic and answer nothing."""
        sentence = self.sources.sentence(*key)[0]
        return sentence.rstrip("”\"' ").endswith(("？", "?")) or bool(
            cue.SECTION_NUMBER.match(sentence) and len(sentence) <= HEADING_MAX and not find_figures(sentence))

    def _informative(self, sentence: str) -> bool:
        return bool(find_figures(sentence)) or any(n in sentence for names in self._named for n in names)

    def _best_person(self, q: Question):
        """The person whose glossary role matches the question's words best (谁写的 -> the author);
        a title the question names (党委书记, "the mayor") picks its holder."""
        holders = self.premises.titled(q.text)
        if len({g.zh for g in holders}) == 1:  # (one person, named in each document)
            return holders[0]
        lexical = self.search.lexical_scores(q.terms)
        scored = [(lexical[i], self.glossary[p.id]) for i, p in enumerate(self.search.passages)
                  if p.kind == "glossary" and self.glossary[p.id].type == "person"]
        scored = [(s, g) for s, g in scored if s > 0 and (not holders or g in holders)]  # (of the title named)
        # 2025年由谁负责…: a year asked, the roles of the document of that year (duties move between deputies)
        of_year = self._of_year(q, [g for _, g in scored])
        return max(((s, g) for s, g in scored if g in of_year), key=lambda t: t[0], default=(0, None))[1]

    def _of_year(self, q: Question, entries: list) -> list:
        """The entries read from a document of the year the question asks (all of them when it asks none or
        no such document names one)."""
        asked = [g for g in entries if self._main_period.get(doc_id(g.source), "")[:4] in q.years]
        return asked or entries

    def _entry_named(self, text: str, types, skip=lambda g: False) -> object | None:
        """The glossary entry of one of `types` (and not `skip`) whose name the text spells out (the
        longest such name), unless the name only says where the figure asked is (某车企工厂所在的某镇)."""
        found = [(n, end, g.id) for n, end, g in self._names_in(text) if g.type in types and not skip(g)]
        if not found:
            return None
        _, end, entry = max(found)
        return None if cue.LOCATED.search(text[end:]) else self.k.entries[entry]

    def _names_in(self, text: str) -> list:
        """(length, end, entry) of every glossary name of two or more characters the text spells out."""
        lowered = text.lower()
        return [(len(n), end, g) for g in self.glossary.values() for n in g.names
                if len(n) >= 2 and (end := name_end(lowered, n.lower())) >= 0]

    def _entry_says(self, q: Question, g) -> bool:
        """Whether an entry's own words answer the question: every topic word of it, once the
        entry's names (and the town's, which only say where) are taken out, is in the entry's name or role."""
        said = f"{g.zh} {g.en} {g.role_zh} {g.role_en}".lower()
        asked = cue.OVERVIEW.sub(" ", _without_names(q.text, g))  # 说说X: how it asks
        return all(t.lower() in said or t in self._own_place_words for t in self._topic_terms(asked))

    def _holder(self, q: Question, org):
        """The person whose role is at `org` and whose role words the rest of the question uses."""
        rest = set(self._topic_terms(_without_names(q.raw, org)))
        best, overlap = None, 0
        for g in self.glossary.values():
            role = f"{g.role_zh} {g.role_en}".lower()
            if g.type == "person" and any(len(n) >= 2 and n.lower() in role for n in org.names):
                shared = len(rest & set(self._terms(role, search=False)))
                if shared > overlap:
                    best, overlap = g, shared
        return best

    def _person_in_role(self, org):
        """The one person an organisation's entry names ("Headed by Mayor Tang Dianke"), or None."""
        people = [g for g in self.glossary.values() if g.type == "person" and g.zh in org.role_zh]
        return people[0] if len(people) == 1 else None

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
        first: dict[str, object] = {}  # (a person each report names: once, by the first entry)
        for e in same_role:
            first.setdefault(e.zh, e)
        same_role = list(first.values())
        lines = []
        for e in same_role if g.type == "person" else [g]:
            quote, translation = self.sources.sentence(*self._entry_sentence(e))
            n = cites.add(e.source, quote, translation)
            if q.language == "zh":
                lines.append(f"{e.zh}：{e.role_zh}[{n}]")
                continue
            # the people and firms its role names, in Chinese too ("Headed by Mayor Tang Dianke": 唐殿珂)
            named = [f"{o.en} = {o.zh}" for o in self.glossary.values() if o is not e and o.type in ("person", "firm")
                     and o.en and o.en in e.role_en and o.zh not in e.role_en and o.zh in e.role_zh]
            # a role read from a report and glossed word by word (负责 economic development 、…): its Chinese too
            role = f"{e.role_en} ({e.role_zh})" if re.search(r"[\u4e00-\u9fff]", e.role_en) else e.role_en
            lines.append(f"{e.en} ({e.zh}): {role} [{n}]" + (f" (Chinese names: {'; '.join(named)})" if named else ""))
        return Answer(q.raw, "\n".join(lines), q.language, False, cites.items,
                      trace=[{"step": "glossary", "why": f"entry {g.id}"}])

    def _entry_sentence(self, e) -> tuple[str, int]:
        """The sentence a glossary entry was read from: the first of its paragraph naming it."""
        paragraph = self.k.zh[e.source].text
        return e.source, next((self.sources.sentence_index(e.source, n) for n in (e.zh, *e.aliases) if n in paragraph), 0)

    def _named_entry(self, text: str, types=("person", "firm", "programme", "organisation")):
        """The glossary entry whose name the question spells out (the longest such name), if of `types`."""
        found = self._names_in(text)
        best = max(found, key=lambda t: t[0])[2] if found else None  # the first of equally long names
        return best if best and best.type in types else None

    def _glossary_abstention(self, q: Question, message: str, entries, **fields) -> Answer:
        """Abstains with MESSAGES[message], then says who or what the entries are."""
        reason = MESSAGES[message][q.language].format(**fields)
        cites, lines = CitationList(), [reason]
        for e in entries:
            lines.append(self._glossary_answer(q, e, cites).text)
        return Answer(q.raw, "\n".join(lines), q.language, True, cites.items,
                      trace=[{"step": STEP_OF[message], "why": reason}])

    def _abstain(self, q: Question, message: str, rows=(), **fields) -> Answer:
        """Abstains with MESSAGES[message], then the closest rows (or what the data covers)."""
        reason = MESSAGES[message][q.language].format(**fields)
        cites = CitationList()
        lines = [reason] + [self._row_line(row, q.language, cites) for row, _ in rows]
        if not rows:
            lines.append(MESSAGES["coverage"][q.language].format(coverage=self.k.coverage(q.language)))
        return Answer(q.raw, "\n".join(lines), q.language, True, cites.items,
                      trace=[{"step": STEP_OF[message], "why": reason}])


_CHANGE_END = lexicon.load("extraction")["metric"]["change_end"]  # 同比增长, 下降: a rate's direction, not its measure
ORDINALS = lexicon.mapping("ordinals")  # second: 2, 3rd: 3 (the ordinals editions are asked with too)


def _signed(row: Indicator) -> float:
    """A row's value, below zero when its measure says it fell (产值下降9.8%)."""
    return -row.figure.value if cue.FALL.search(row.metric_zh) else row.figure.value


def _place_asked(text: str) -> int:
    """The place in a ranking a question asks for (排名第二, 第3位, "ranked third"); 1 when it names none."""
    m = cue.RANK_ASKED.search(text)
    said = next((g for g in m.groups() if g), "") if m else ""
    if said.isdigit():
        return int(said)
    return "一二三四五".index(said) + 1 if said and not said.isascii() else ORDINALS.get(said.lower(), 1)


def _promoted(scored: list[tuple[Indicator, float]], fits, share: float) -> list[tuple[Indicator, float]]:
    """The ranking with its best row that `fits` first, at the best score, when the best row does
    not fit and that one scores within `share` of it."""
    found = next((t for t in scored if fits(t[0])), None)
    if found is None or fits(scored[0][0]) or found[1] < share * scored[0][1]:
        return scored
    return [(found[0], scored[0][1])] + [t for t in scored if t is not found]


def _narrower(measured: frozenset[str], asked: frozenset[str], text: str) -> bool:
    """A row measures something the question does not ask that holds what it asks (人均地区生产总值
    holds 地区生产总值), and the question does not say what it adds (人均, "per capita")."""
    said = cue.unhyphenated(text).lower()

    def adds_unsaid(m: str, a: str) -> bool:
        extra = m.replace(a, "")
        english = lexicon.gloss(extra)
        return extra not in text and not (english and english.lower() in said)
    return any(m not in asked and any(a in m and adds_unsaid(m, a) for a in asked) for m in measured)


def _without_names(text: str, entry) -> str:
    """`text` with a glossary entry's names (two characters or more) blanked out."""
    names = [n for n in entry.names if len(n) >= 2]
    return re.sub("|".join(re.escape(n) for n in names), " ", text, flags=re.I) if names else text
