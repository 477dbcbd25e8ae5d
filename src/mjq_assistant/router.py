"""Which documents a question is about: a question naming one town is answered
from that town's documents only, so figures never cross between documents."""
from __future__ import annotations

import threading

from .answer import Composer
from .cite import Answer
from .question import previous_user_question
from .retrieve import HybridSearch


class DocumentRouter:
    """Answers with the composer of the documents a question (or the previous one) names
    by a name only those documents have; with none named, from every document."""

    def __init__(self, composer: Composer):
        self.full = composer
        self._focused: dict[frozenset[str], Composer] = {}
        self._lock = threading.Lock()

    # what the LLM answerer reads to resolve citations: every document's rows and sources
    k = property(lambda self: self.full.k)
    rows = property(lambda self: self.full.rows)
    glossary = property(lambda self: self.full.glossary)
    sources = property(lambda self: self.full.sources)

    def composer_for(self, question, history=None) -> Composer:
        text = question if isinstance(question, str) else ""
        named = self.full.k.documents_named(f"{previous_user_question(history)} {text}")
        if not named or len(named) == len(self.full.k.documents):
            return self.full
        key = frozenset(named)
        with self._lock:
            if key not in self._focused:
                search = self.full.search
                self._focused[key] = Composer(self.full.k.subset(key),
                                              HybridSearch(search.index, search.embedder, search.mode, docs=key))
            return self._focused[key]

    def answer(self, question, history=None) -> Answer:
        return self.composer_for(question, history).answer(question, history)
