"""The library's front door: `Assistant.load()` then `assistant.ask(question, history)`."""
from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from . import gate, lexicon
from .answer import Composer
from .cite import Answer, Citation
from .config import Settings
from .embeddings import make_embedder
from .index import Index
from .knowledge import doc_id, load_knowledge
from .retrieve import HybridSearch, as_langchain_retriever
from .router import DocumentRouter

log = logging.getLogger(__name__)

__all__ = ["Answer", "Assistant", "Citation"]


class Assistant:
    def __init__(self, settings: Settings, knowledge, search: HybridSearch, composer: DocumentRouter, answerer=None):
        self.settings = settings
        self.knowledge = knowledge
        self.search = search
        self.composer = composer
        self.answerer = answerer or composer  # the LLM answerer (llm.py) when one is configured

    @classmethod
    def load(cls, settings: Settings | None = None, *, home: str | Path | None = None,
             knowledge_dir: str | Path | None = None, chat_model=None, progress: bool = False) -> "Assistant":
        """Open the local index (building it on first use, with a progress bar when
        `progress` or on a terminal) with the embedded defaults.

        Answers come from an LLM (guarded, see llm.py) when MJQ_LLM_BASE_URL and
        MJQ_LLM_MODEL are set, or when a LangChain chat model is passed."""
        settings = settings or Settings()
        if home or knowledge_dir:
            settings = dataclasses.replace(settings, home=Path(home or settings.home),
                                           knowledge_dir=Path(knowledge_dir or settings.knowledge_dir))
        return cls._open(settings, make_embedder(settings.embedder), chat_model, progress)

    @classmethod
    def _open(cls, settings: Settings, embedder, chat_model, progress: bool) -> "Assistant":
        knowledge = load_knowledge(*settings.knowledge_roots)
        index = Index.open(knowledge, settings.index_dir, embedder, progress=progress, chroma_url=settings.chroma_url)
        search = HybridSearch(index, embedder, mode=settings.retrieval)
        composer = DocumentRouter(Composer(knowledge, search))
        answerer = None
        if chat_model is not None or settings.llm_base_url or settings.llm_model:
            from .llm import LLMAnswerer, make_chat_model
            answerer = LLMAnswerer(composer, search, chat_model or make_chat_model(settings),
                                   deadline=settings.llm_deadline)
        return cls(settings, knowledge, search, composer, answerer)

    def reload(self) -> "Assistant":
        """Answer from the knowledge folders as they are now: after `mjq add`, `mjq review`, `mjq remove`
        or the UI's Documents tab, without a restart. The index is brought up to date as `Assistant.load`
        does (only new or changed passages are embedded); the embedder and any chat model are kept.
        In place, so the UI and the API holding this assistant answer from the new data; a question
        being answered meanwhile is answered from the old. Other processes (workers) see the change
        when they reload or restart."""
        fresh = self._open(self.settings, self.search.embedder, getattr(self.answerer, "chat_model", None), False)
        self.knowledge, self.search, self.composer = fresh.knowledge, fresh.search, fresh.composer
        self.answerer = fresh.answerer  # last: `ask` reads only this
        log.info("reloaded: %d documents, %d indicators", len(self.knowledge.documents), len(self.knowledge.indicators))
        return self

    def warm(self) -> "Assistant":
        """Open the vector store now instead of at the first question (servers call this at start),
        and the English-Chinese dictionary when a document has no English rendering."""
        self.search.index.collection
        if set(self.knowledge.documents) - {doc_id(p.id) for p in self.knowledge.article_en}:
            lexicon.dictionary_chinese("")
        return self

    def ask(self, question: str, history: list[dict] | None = None, *, language: str | None = None) -> Answer:
        """A cited answer in the asker's language; `history` uses the chat messages convention.

        Raises InputError (gate.py) for a question or history it cannot take, in the
        question's language, else in `language` (the UI's), else Chinese."""
        question, history = gate.check(question, history, language)
        answer = self.answerer.answer(question, history)
        log.info("asked %r -> abstained=%s citations=%d guard=%s", answer.question[:80], answer.abstained,
                 len(answer.citations), answer.guard)
        return answer

    def stream(self, question: str, history: list[dict] | None = None, *, language: str | None = None):
        """Yields text chunks (deltas: joined, they are `answer.text`), then the final Answer.
        Without an LLM the whole text comes as one chunk; with one, only text that has
        passed the grounding guard is yielded (see llm.py). Input is checked as by `ask`."""
        question, history = gate.check(question, history, language)
        if hasattr(self.answerer, "stream"):
            for item in self.answerer.stream(question, history):
                if isinstance(item, Answer):
                    log.info("streamed %r -> abstained=%s citations=%d guard=%s", item.question[:80],
                             item.abstained, len(item.citations), item.guard)
                yield item
            return
        answer = self.ask(question, history)
        yield answer.text
        yield answer

    def retriever(self, k: int = 6):
        """The hybrid search as a LangChain BaseRetriever."""
        return as_langchain_retriever(self.search, k=k)
