"""Which documents a question is about: a question naming one town is answered
from that town's documents only, so figures never cross between documents. A
question naming none, over documents about several towns, is answered for each
town that the data answers it for (of a message of several questions, the towns that
answer the most of them), each answer headed by the town's name."""
from __future__ import annotations

import re
import threading

from . import lexicon
from .answer import Composer
from .cite import Answer, merge_answers
from .guards import STEP_OF
from .question import BASE_YEAR, YEAR, full_years, previous_user_question
from .retrieve import HybridSearch

DOCUMENT_KINDS = {kind: re.compile(p, re.IGNORECASE) for kind, p in lexicon.family("document_kind").items()}


class DocumentRouter:
    """Answers with the composer of the documents a question (or the previous one) names
    by a name only those documents have; with none named, town by town."""

    def __init__(self, composer: Composer):
        self.full = composer
        self._focused: dict[frozenset[str], Composer] = {}
        self._lock = threading.Lock()
        self._towns = self._group_by_town(composer.k)
        k = composer.k
        # what each document is (统计公报, 政府工作报告), by its title and the start of its text
        opening = {}
        for p in k.article_zh:
            opening.setdefault(p.id.split("#")[0], p.text[:60])
        self._kinds = {d.id: {kind for kind, p in DOCUMENT_KINDS.items() if p.search(f"{d.title.zh} {opening.get(d.id, '')}")}
                       for d in k.documents.values()}
        self._years = {d.id: {p.id[:4] for p in d.periods} for d in k.documents.values()}

    # what the LLM answerer reads to resolve citations: every document's rows and sources
    k = property(lambda self: self.full.k)
    rows = property(lambda self: self.full.rows)
    glossary = property(lambda self: self.full.glossary)
    sources = property(lambda self: self.full.sources)

    def composer_for(self, question, history=None) -> Composer:
        text = question if isinstance(question, str) else ""
        named = self.full.k.documents_named(self.full.k.with_full_part_names(f"{previous_user_question(history)} {text}"))
        # a firm one bulletin names is of its town: every bulletin of that town (its other periods) answers
        named = {doc for _, docs in self._towns if docs & named for doc in docs}
        # "2024年统计公报里…": the documents of the kind named, of the towns named (or of every town)
        named = self._of_kind(text, named or set(self.full.k.documents))
        if not named or len(named) == len(self.full.k.documents):
            return self.full
        return self._composer(frozenset(named))

    def _of_kind(self, text: str, docs) -> set[str]:
        """Of `docs`, those of the kind of document a question names ("the 2023 communiqué",
        2024年政府工作报告里), when any is and, for a year named, is of that year; otherwise all."""
        kinds = {kind for kind, p in DOCUMENT_KINDS.items() if p.search(text)}
        if not kinds:
            return set(docs)
        years = self._years_named(text)
        kinded = {d for d in docs if kinds <= self._kinds[d] and (not years or years & self._years[d])}
        return kinded or set(docs)

    def _of_year(self, text: str, towns):
        """Of the towns, those with a document of a year the question names, when any has one;
        otherwise all of them."""
        years = self._years_named(text)
        return [(names, docs) for names, docs in towns if any(years & self._years[d] for d in docs)] or towns

    def _years_named(self, text: str) -> set[str]:
        """The years a question names (24年 written out), not as the base of a change (跟2024年相比)."""
        return set(YEAR.findall(BASE_YEAR.sub(" ", full_years(text, self.full.k.years))))

    def _composer(self, key: frozenset[str]) -> Composer:
        with self._lock:
            if key not in self._focused:
                search = self.full.search
                self._focused[key] = Composer(self.full.k.subset(key),
                                              HybridSearch(search.index, search.embedder, search.mode, docs=key))
            return self._focused[key]

    def answer(self, question, history=None) -> Answer:
        composer = self.composer_for(question, history)
        towns = self._towns
        if composer is not self.full or len(towns) < 2:
            return composer.answer(question, history)
        text = question if isinstance(question, str) else ""
        referenced = self._of_kind(text, self.full.k.documents)
        towns = self._of_year(text, [(names, docs & referenced) for names, docs in towns if docs & referenced])
        if len(towns) == 1:
            answer = self._composer(towns[0][1]).answer(question, history)
            return self.full.answer(question, history) if answer.abstained else answer
        answers = [(names, self._composer(docs).answer(question, history)) for names, docs in towns]
        answered = [(names, a) for names, a in answers if not a.abstained]
        if not answered:  # the abstention that says what every document covers
            return self.full.answer(question, history)
        # a town whose data uses fewer of the question's words is not what it is about (竹文化节, a
        # festival only one town holds; 花椒 where one town grows it, even if its data lacks the year
        # asked); nor, of the rest, one that answers fewer of the message's questions than another
        share = {names: self._composer(docs).known_share(text) for names, docs in towns}
        most = max(share[names] for names, _ in answered)
        answered = [(names, a) for names, a in answered if share[names] == most]
        fewest = min(_stopped(a) for _, a in answered)
        answered = [(names, a) for names, a in answered if _stopped(a) == fewest]
        language = answered[0][1].language
        labels = [f"{names[0]}：" if language == "zh" else f"{names[1]}:" for names, _ in answered]
        return merge_answers(answered[0][1].question, language, [a for _, a in answered], labels,
                             why="no town named: answered for each town the data answers it for")

    @staticmethod
    def _group_by_town(k) -> list[tuple[tuple[str, str], frozenset[str]]]:
        """(the town's zh and en names, its documents), for each town the documents are about."""
        towns: dict[tuple[str, str], set[str]] = {}
        for d in k.documents.values():
            entry = k.subject_entry(d)
            towns.setdefault((entry.zh, entry.en) if entry else (d.id, d.id), set()).add(d.id)
        return [(names, frozenset(docs)) for names, docs in towns.items()]


def _stopped(answer: Answer) -> int:
    """How many of an answer's questions a guard stopped, by its trace."""
    return sum(t["step"] in _GUARDS for t in answer.trace)


_GUARDS = set(STEP_OF.values()) - {"input guard"}
