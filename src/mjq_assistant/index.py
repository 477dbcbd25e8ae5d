"""The index: passages from knowledge/, their vectors in Chroma, a jieba dictionary.

Passages are sentences of the article (Chinese and their aligned English),
indicator rows and glossary entries, each linked to its source paragraph.
Building is incremental: a passage whose text hash is unchanged is not
re-embedded. A missing, stale or unreadable index is rebuilt with a warning.
"""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from .keywords import Tokenizer
from .knowledge import Knowledge, doc_id, split_sentences

log = logging.getLogger(__name__)

COLLECTION = "passages"
MANIFEST = "manifest.json"
DICTIONARY = "jieba.dict"
FORMAT = 4  # bump when passages change shape, to force a rebuild


@dataclass(frozen=True)
class Passage:
    id: str        # "zh:p09:3", "en:p09:3", "ind:ind-10", "glo:g-001"
    kind: str      # "sentence", "indicator" or "glossary"
    lang: str      # "zh", "en" or "both"
    source: str    # paragraph id, e.g. "p09"
    text: str

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:16]

    @property
    def doc(self) -> str:
        return doc_id(self.source)

    @property
    def ref(self) -> str:
        """The indicator or glossary id, or the sentence number."""
        return self.id.split(":")[-1]


def build_passages(k: Knowledge) -> list[Passage]:
    out = []
    for lang, article in (("zh", k.article_zh), ("en", k.article_en)):
        for p in article:
            for i, sentence in enumerate(split_sentences(p.text, lang)):
                out.append(Passage(f"{lang}:{p.id}:{i}", "sentence", lang, p.id, sentence))
    for r in k.indicators:
        text = f"{r.scope_zh} {r.metric_zh} {r.value}{r.unit}\n{r.scope} {r.metric_en}\n{r.keywords.replace(';', ' ')}"
        out.append(Passage(f"ind:{r.id}", "indicator", "both", r.source, text))
    for g in k.glossary:
        text = f"{g.zh} {g.en} {' '.join(g.aliases)}\n{g.role_zh}\n{g.role_en}"
        out.append(Passage(f"glo:{g.id}", "glossary", "both", g.source, text))
    return out


def custom_words(k: Knowledge) -> list[str]:
    """The town's names and terms, so jieba keeps them whole."""
    words = [w for g in k.glossary for w in (g.zh, *g.aliases)]
    words += [w for r in k.indicators for w in r.keyword_list]
    return words


def _client(path: Path):
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def build_index(k: Knowledge, directory: Path, embedder, rebuild: bool = False, progress: bool = False) -> dict:
    """Create or update the index in `directory`; returns what was done."""
    directory = Path(directory)
    if rebuild and directory.exists():
        from chromadb.api.client import SharedSystemClient
        SharedSystemClient.clear_system_cache()  # Chroma caches open stores by path
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    passages = build_passages(k)

    tokenizer = Tokenizer()
    tokenizer.add_words(custom_words(k))
    tokenizer.write_dictionary([p.text for p in passages] + custom_words(k), directory / DICTIONARY)

    collection = _client(directory / "chroma").get_or_create_collection(COLLECTION, metadata={"hnsw:space": "cosine"})
    stored = collection.get(include=["metadatas"])
    have = {id_: (m or {}).get("hash") for id_, m in zip(stored["ids"], stored["metadatas"])}
    wanted = {p.id: p for p in passages}
    stale = [id_ for id_ in have if id_ not in wanted]
    todo = [p for p in passages if have.get(p.id) != p.hash]
    if stale:
        collection.delete(ids=stale)
    batches = [todo[i:i + 32] for i in range(0, len(todo), 32)]
    if progress and batches:
        from tqdm import tqdm
        batches = tqdm(batches, desc="Embedding passages", unit="batch")
    for batch in batches:
        collection.upsert(
            ids=[p.id for p in batch],
            documents=[p.text for p in batch],
            embeddings=embedder.embed_documents([p.text for p in batch]),
            metadatas=[{"kind": p.kind, "lang": p.lang, "source": p.source, "doc": p.doc, "hash": p.hash} for p in batch])
    manifest = {"format": FORMAT, "fingerprint": k.fingerprint(), "embedder": embedder.name,
                "passages": len(passages)}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return {"passages": len(passages), "embedded": len(todo), "removed": len(stale)}


class Index:
    """An opened index: passages, the tokenizer and (opened on first use) the Chroma
    collection. Importing chromadb costs about a second, so a command that never
    needs vectors never pays it; a store found unreadable then is rebuilt."""

    def __init__(self, knowledge: Knowledge, directory: Path, embedder, tokenizer: Tokenizer):
        self.knowledge, self.directory, self.embedder = knowledge, directory, embedder
        self.passages = build_passages(knowledge)
        self.tokenizer = tokenizer
        self._collection = None
        self._lock = threading.Lock()

    @classmethod
    def open(cls, k: Knowledge, directory: Path, embedder, progress: bool = False) -> "Index":
        """Open the index, building or repairing it first when it is missing or stale."""
        directory = Path(directory)
        problem = _check(k, directory, embedder)
        if problem:
            log.warning("index at %s %s: rebuilding it", directory, problem)
            build_index(k, directory, embedder, rebuild=problem != "is out of date",
                        progress=progress or sys.stderr.isatty())
        try:
            tokenizer = _open_tokenizer(directory)
        except (ValueError, OSError) as exc:  # a damaged dictionary file
            log.warning("index at %s has an unreadable dictionary (%s): rebuilding it", directory, exc)
            build_index(k, directory, embedder, rebuild=True)
            tokenizer = _open_tokenizer(directory)
        return cls(k, directory, embedder, tokenizer)

    @property
    def collection(self):
        with self._lock:
            if self._collection is None:
                self._collection = self._open_collection()
            return self._collection

    def _open_collection(self):
        try:
            collection = _client(self.directory / "chroma").get_collection(COLLECTION)
            count = collection.count()
        except Exception as exc:  # a corrupt Chroma store raises many kinds of errors
            count, problem = -1, f"is unreadable ({exc})"
        else:
            problem = None if count == len(self.passages) else f"holds {count} passages, expected {len(self.passages)}"
        if problem:
            log.warning("index at %s %s: rebuilding it", self.directory, problem)
            build_index(self.knowledge, self.directory, self.embedder, rebuild=True)
            collection = _client(self.directory / "chroma").get_collection(COLLECTION)
        return collection


def _open_tokenizer(directory: Path) -> Tokenizer:
    tokenizer = Tokenizer(directory / DICTIONARY)  # the town's names are in it already
    tokenizer.load()  # a damaged file fails here, not at the first question
    return tokenizer


def _check(k: Knowledge, directory: Path, embedder) -> str | None:
    """Why the index cannot be used as it is, or None."""
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        return "does not exist yet"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "has an unreadable manifest"
    if manifest.get("format") != FORMAT or manifest.get("embedder") != embedder.name:
        return "was built differently"
    if not (directory / DICTIONARY).is_file() or not (directory / "chroma").is_dir():
        return "is incomplete"
    if manifest.get("fingerprint") != k.fingerprint():
        return "is out of date"
    return None
