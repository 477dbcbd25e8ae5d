"""Hybrid retrieval: BM25 (jieba terms, both languages) + Chroma vectors, fused by RRF.

`HybridSearch` is the engine the answer composer uses; `as_langchain_retriever`
wraps it as a LangChain `BaseRetriever` for chains (imported only when asked
for: langchain_core.retrievers costs most of a second to import).
"""
from __future__ import annotations

import difflib
import functools
import logging
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from . import lexicon
from .index import Index, Passage
from .keywords import FILLER, common_function_characters, is_filler, single_character_runs, terms_of

DENSE_HITS = 60  # the nearest vectors a search takes as candidates
RRF_K = 60
PINYIN_SHARE = 0.60  # a question is read as pinyin when this share of its unknown Latin words spell known words


@dataclass
class Hit:
    passage: Passage
    score: float        # fused score
    lexical: float      # BM25 score
    dense: float        # cosine similarity (0 when not among the dense results)


def _finest(is_word, text: str) -> list[str]:
    """A text cut into its longest words of up to four characters from the left, a four-character word
    in two where both halves are words (海洋工程装备产值: 海洋, 工程, 装备, 产值)."""
    out, i = [], 0
    while i < len(text):
        w = next((text[i:i + n] for n in (4, 3, 2) if is_word(text[i:i + n])), text[i])
        out += [w[:2], w[2:]] if len(w) == 4 and is_word(w[:2]) and is_word(w[2:]) else [w]
        i += len(w)
    return out


class HybridSearch:
    """`mode` is "hybrid" (default), or "bm25" / "dense" alone for ablations."""

    def __init__(self, index: Index, embedder, mode: str = "hybrid", docs: frozenset[str] | None = None):
        """`docs`, when given, restricts the search to those documents' passages."""
        import bm25s
        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
        self.mode = mode
        self.index = index
        self.embedder = embedder
        self.docs = docs
        self.passages = [p for p in index.passages if docs is None or p.doc in docs]
        words = [index.tokenizer.words(p.text) for p in self.passages]
        self._bm25 = bm25s.BM25()
        self._bm25.index([terms_of(w) or ["∅"] for w in words], show_progress=False)
        self._words = words
        self.vocabulary = {w for ws in words for w in ws}
        self._latin_vocabulary = {}  # by first letter, for typo repair
        for w in self.vocabulary:
            if w.isascii() and w.isalpha() and len(w) > 3:
                self._latin_vocabulary.setdefault(w[0], []).append(w)
        self._zh_one_off = {}  # 书?  ?记 -> 书记: Chinese words by their one-character-blanked forms
        for w in self.vocabulary:
            if len(w) >= 2 and not w.isascii():
                for i in range(len(w)):
                    self._zh_one_off.setdefault(w[:i] + "?" + w[i + 1:], set()).add(w)
        self._zh_text = "\n".join(p.text for p in self.passages if p.lang != "en")

    def known(self, word: str) -> bool:
        """Whether the knowledge base uses this word (Chinese: anywhere in its text,
        or every longer part of it does: 服务包考核 -> 服务包 + 考核)."""
        if word in self.vocabulary:
            return True
        if word.isascii():
            return False
        if word in self._zh_text:
            return True
        parts = self.index.tokenizer.parts(word)
        return bool(parts) and all(p in self._zh_text for p in parts)

    @functools.cached_property
    def _pinyin_words(self) -> dict[str, str]:
        """The knowledge base's Chinese words and how questions are asked (多少, 有, 辆), by their
        toneless pinyin (xinzeng -> 新增); on a clash, the more frequent in the knowledge base."""
        from pypinyin import lazy_pinyin
        counts = Counter(w for ws in self._words for w in ws if not w.isascii())
        asking = FILLER | lexicon.words("zh_stop") | common_function_characters()  # 辆, 啊
        counts.update({w: 0 for w in asking if not w.isascii()})
        out = {}
        for word, _ in counts.most_common():
            out.setdefault("".join(lazy_pinyin(word)), word)
        return out

    def from_pinyin(self, text: str) -> str:
        """Pinyin read as the knowledge base's Chinese words: a question typed in toneless pinyin
        ("majuqiao xinzeng shichang zhuti you duoshao jia"), when most of its unknown Latin words
        are pinyin of them, two at least of words of two characters; otherwise only words of two
        characters or more spelled out in a longer pinyin word ("how many zhuanjingtexin firms")."""
        latin = {w for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in self.vocabulary}
        chinese = {w: zh for w in latin if (zh := self._pinyin_word(w.lower()))}
        long = {w for w, zh in chinese.items() if len(zh) >= 2}
        whole = len(long) >= 2 and len(chinese) >= PINYIN_SHARE * len(latin)
        found = set(chinese) if whole else {w for w in long if len(w) >= 5}
        if not found:
            return text
        if not whole:  # in an English sentence the word keeps its spaces
            return re.sub(r"\b(" + "|".join(map(re.escape, found)) + r")\b", lambda m: chinese[m.group(1)], text)
        return re.sub(r"\s*\b(" + "|".join(map(re.escape, found)) + r")\b\s*", lambda m: chinese[m.group(1)], text)

    def _pinyin_word(self, token: str) -> str:
        """A pinyin token as one known word, or as two words of two characters or more run
        together (qichezhizao); "" if neither."""
        words = self._pinyin_words
        if token in words:
            return words[token]
        for i in range(len(token) - 1, 0, -1):
            first, second = words.get(token[:i], ""), words.get(token[i:], "")
            if len(first) >= 2 and len(second) >= 2:
                return first + second
        return ""

    def join_split_words(self, text: str) -> str:
        """Names split in two mended: "Xiao mi" -> "Xiaomi", when only the joined word is known."""
        def join(m):
            joined = m.group(1) + m.group(2)
            known = [w in self.vocabulary for w in (joined.lower(), m.group(1).lower(), m.group(2).lower())]
            return joined if known[0] and not (known[1] and known[2]) else m.group()
        return re.sub(r"\b([A-Za-z]{2,})[ -]([A-Za-z]{2,})\b", join, text)

    @functools.cached_property
    def _short_forms(self) -> dict[str, str]:
        """Short forms by first characters (海工 -> 海洋工程): two or three consecutive words of the rows'
        and the glossary's names (two characters or more each), by their first characters, where no
        dictionary word is spelled so and no other run of words is shortened so."""
        is_word = self.index.tokenizer.is_word
        found: dict[str, set[str]] = {}
        for name in {n for p in self.passages if p.kind in ("indicator", "glossary")
                     for n in re.findall(r"[\u4e00-\u9fff]{4,}", p.text.split("\n")[0])}:
            words = [w if len(w) >= 2 else "" for w in _finest(is_word, name)]
            for n in (2, 3):
                for run in (words[i:i + n] for i in range(len(words) - n + 1)):
                    if all(run):
                        found.setdefault("".join(w[0] for w in run), set()).add("".join(run))
        return {short: longs.pop() for short, longs in found.items() if len(longs) == 1 and not is_word(short)}

    def spelled_out(self, terms: list[str], text: str) -> list[str]:
        """The terms of what a text's short forms shorten (海工装备: 海洋, 工程), as far as the data uses them."""
        longs = [self._short_forms[run] for run in single_character_runs(terms, text) if run in self._short_forms]
        return [t for long in longs for t in self.index.tokenizer.terms(long)]

    def correct(self, terms: list[str]) -> list[str]:
        """Typos mended against the knowledge base's own words ("industiral", "书纪")."""
        out = []
        for t in terms:
            if t.isascii() and t.isalpha() and len(t) > 3 and t not in self.vocabulary:
                # a typo keeps the word's length; "hospital" is not "hospitality"
                same_start = [w for w in self._latin_vocabulary.get(t[0], []) if abs(len(w) - len(t)) <= 1]
                close = difflib.get_close_matches(t, same_start, n=1, cutoff=0.8)
                t = close[0] if close else t
            elif not t.isascii() and len(t) >= 2 and not self.known(t) and not is_filler(t):  # 概括 is no typo of 包括
                # one character off: 书纪 -> 书记
                close = set().union(*(self._zh_one_off.get(t[:i] + "?" + t[i + 1:], set()) for i in range(len(t))))
                close.discard(t)
                t = close.pop() if len(close) == 1 else t
            out.append(t)
        return out

    def lexical_scores(self, terms: list[str]) -> np.ndarray:
        if not terms or self.mode == "dense":
            return np.zeros(len(self.passages))
        return self._bm25.get_scores(terms)

    def dense_scores(self, text: str) -> dict[str, float]:
        """The similarity of every vector of the documents searched: a row's figure may sit in a
        sentence that lists six others (a summary), far down any short list of nearest vectors."""
        if self.mode == "bm25":
            return {}
        vector = self._embed(text)
        where = {"doc": {"$in": sorted(self.docs)}} if self.docs else None
        result = self.index.query(query_embeddings=[vector], n_results=len(self.passages),
                                  where=where, include=["distances"])
        if result is None:  # the vectors cannot be read: keywords only
            return {}
        return {id_: 1.0 - d for id_, d in zip(result["ids"][0], result["distances"][0])}

    @functools.lru_cache(maxsize=256)  # a question's parts and follow-ups embed the same text again
    def _embed(self, text: str) -> list[float]:
        return self.embedder.embed_query(text)

    def search(self, text: str, k: int = 8, kinds: tuple[str, ...] | None = None,
               terms: list[str] | None = None, dense: dict[str, float] | None = None) -> list[Hit]:
        """The k best passages for `text`, optionally of some kinds only."""
        terms = self.correct(self.index.tokenizer.terms(text)) if terms is None else terms
        lexical = self.lexical_scores(terms)
        dense = self.dense_scores(text) if dense is None else dense
        dense = dict(sorted(dense.items(), key=lambda t: -t[1])[:DENSE_HITS])  # the nearest only: a search's candidates
        keep = [i for i, p in enumerate(self.passages) if kinds is None or p.kind in kinds]
        lex_rank = {i: r for r, i in enumerate(sorted((i for i in keep if lexical[i] > 0), key=lambda i: -lexical[i]))}
        dense_order = sorted((i for i in keep if self.passages[i].id in dense), key=lambda i: -dense[self.passages[i].id])
        dense_rank = {i: r for r, i in enumerate(dense_order)}
        hits = []
        for i in set(lex_rank) | set(dense_rank):
            score = sum(1.0 / (RRF_K + rank[i] + 1) for rank in (lex_rank, dense_rank) if i in rank)
            p = self.passages[i]
            hits.append(Hit(p, score, float(lexical[i]), dense.get(p.id, 0.0)))
        hits.sort(key=lambda h: -h.score)
        return hits[:k]


def as_langchain_retriever(search: HybridSearch, k: int = 6):
    """A LangChain BaseRetriever over the hybrid search (documents carry their source)."""
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever

    class MjqRetriever(BaseRetriever):
        def _get_relevant_documents(self, query: str, *, run_manager=None) -> list[Document]:
            return [Document(page_content=h.passage.text, id=h.passage.id,
                             metadata={"source": h.passage.source, "kind": h.passage.kind,
                                       "lang": h.passage.lang, "score": h.score})
                    for h in search.search(query, k=k)]

    return MjqRetriever()
