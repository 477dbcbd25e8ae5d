"""The library's front door: `Assistant.load()` then `assistant.ask(question, history)`."""
from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from .answer import Composer
from .cite import Answer, Citation
from .config import Settings
from .embeddings import make_embedder
from .index import Index
from .knowledge import load_knowledge
from .retrieve import HybridSearch, as_langchain_retriever

log = logging.getLogger(__name__)

__all__ = ["Answer", "Assistant", "Citation"]


class Assistant:
    def __init__(self, settings: Settings, knowledge, search: HybridSearch, composer: Composer):
        self.settings = settings
        self.knowledge = knowledge
        self.search = search
        self.composer = composer

    @classmethod
    def load(cls, settings: Settings | None = None, *, home: str | Path | None = None,
             knowledge_dir: str | Path | None = None) -> "Assistant":
        """Open the local index (building it on first use) with the embedded defaults."""
        settings = settings or Settings()
        if home or knowledge_dir:
            settings = dataclasses.replace(settings, home=Path(home or settings.home),
                                           knowledge_dir=Path(knowledge_dir or settings.knowledge_dir))
        knowledge = load_knowledge(settings.knowledge_dir)
        embedder = make_embedder(settings.embedder)
        index = Index.open(knowledge, settings.index_dir, embedder)
        search = HybridSearch(index, embedder, mode=settings.retrieval)
        return cls(settings, knowledge, search, Composer(knowledge, search))

    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        """A cited answer in the asker's language; `history` uses the chat messages convention."""
        answer = self.composer.answer(question, history)
        log.info("asked %r -> abstained=%s citations=%d", answer.question[:80], answer.abstained, len(answer.citations))
        return answer

    def retriever(self, k: int = 6):
        """The hybrid search as a LangChain BaseRetriever."""
        return as_langchain_retriever(self.search, k=k)
