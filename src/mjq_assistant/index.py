"""The index: passages from knowledge/, their vectors in Chroma, a jieba dictionary.

Passages are sentences of the article (Chinese and their aligned English),
indicator rows and glossary entries, each linked to its source paragraph.
Building is incremental: a passage whose text hash is unchanged is not
re-embedded. A missing, stale or unreadable index is rebuilt with a warning.

Many processes may share one index folder (one per embedder):

    CURRENT            the name of the generation in use, replaced atomically
    g<time>-<random>/  a generation: manifest.json, jieba.dict, chroma/ (the embedded store)
    build.lock         held (filelock) while a build runs

A build writes a new generation into a temporary folder, renames it into place
and then replaces CURRENT; it never changes a generation in use. Readers look at
CURRENT before each vector query and reopen when it has changed, and retry once
on a store error. The previous generation is kept for readers still using it;
older ones are removed. With MJQ_CHROMA_URL the vectors live in a Chroma server,
one collection per generation (named in its manifest), so workers on one
MJQ_HOME share the server's collections the same way.

An index that cannot be written (read-only MJQ_HOME) is never deleted: the
assistant warns "MJQ_HOME is not writable: …" and answers from what it can read
(keywords only, when the vectors cannot be opened).
"""
from __future__ import annotations

import hashlib
import json
import logging
import errno
import os
import shutil
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from .errors import NotWritableError
from .keywords import Tokenizer
from .knowledge import Knowledge, doc_id, split_sentences

log = logging.getLogger(__name__)

COLLECTION = "passages"
MANIFEST = "manifest.json"
DICTIONARY = "jieba.dict"
CURRENT = "CURRENT"
LOCK = "build.lock"
BUILD_WAIT = 600  # seconds a build waits for another process's build to finish
FORMAT = 6  # bump when passages change shape, to force a rebuild


@dataclass(frozen=True)
class Passage:
    id: str        # "zh:p09:3", "en:p09:3", "ind:ind-10", "glo:g-001"
    kind: str      # "sentence", "indicator" or "glossary"
    lang: str      # "zh", "en" or "both"
    source: str    # paragraph id, e.g. "p09"
    text: str      # what keyword search and citations read
    vector: bool = True  # False: keyword search only (an extracted row: its sentence's vector stands for it)

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
        head = f"{r.scope_zh} {r.metric_zh} {r.value}{r.unit}"
        extra = [w for w in r.keyword_list if w not in head]  # keywords the head already holds cost embedding time only
        text = "\n".join([head, f"{r.scope} {r.english_words}", *([" ".join(extra)] if extra else [])])
        # an extracted row is a clause of a sentence that has a vector of its own: embedding the
        # rows too would cost most of `mjq add`'s time
        out.append(Passage(f"ind:{r.id}", "indicator", "both", r.source, text, vector=r.status != "extracted"))
    for g in k.glossary:
        text = f"{g.zh} {g.en} {' '.join(g.aliases)}\n{g.role_zh}\n{g.role_en}"
        out.append(Passage(f"glo:{g.id}", "glossary", "both", g.source, text))
    return out


def custom_words(k: Knowledge) -> list[str]:
    """The town's names and terms, so jieba keeps them whole."""
    words = [w for g in k.glossary for w in (g.zh, *g.aliases)]
    words += [w for r in k.indicators for w in r.keyword_list]
    return words


def _client(chroma_url: str | None, path: Path | None = None):
    """A Chroma client: the server at `chroma_url`, else the embedded store at `path`."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    settings = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        from urllib.parse import urlsplit
        url = urlsplit(chroma_url)
        return chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                   ssl=url.scheme == "https", settings=settings)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def not_writable(exc: BaseException) -> bool:
    """Whether `exc` says the index folder cannot be written (not that it is broken)."""
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return True
    return "readonly" in str(exc).lower() or "read-only" in str(exc).lower()


def current_generation(directory: Path) -> Path | None:
    """The folder of the generation in use, or None when none was built."""
    try:
        name = (Path(directory) / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return Path(directory) / name if name else None


def _manifest(generation: Path | None) -> dict | None:
    try:
        return json.loads((generation / MANIFEST).read_text(encoding="utf-8")) if generation else None
    except (OSError, ValueError):
        return None


def build_index(k: Knowledge, directory: Path, embedder, rebuild: bool = False, progress: bool = False,
                chroma_url: str | None = None, replacing: Path | None | bool = False) -> dict:
    """Build a new generation in `directory` and swap it in; returns what was done.

    `replacing`: the generation found unusable (None: none existed). The build is
    skipped when another process has swapped in a new one meanwhile."""
    directory = Path(directory)
    from filelock import FileLock
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with FileLock(str(directory / LOCK), timeout=BUILD_WAIT):
            if replacing is not False and current_generation(directory) != replacing:
                log.info("index at %s was rebuilt by another process", directory)
                return {"passages": len(build_passages(k)), "embedded": 0, "removed": 0}
            return _build(k, directory, embedder, rebuild, progress, chroma_url)
    except Exception as exc:
        if not_writable(exc):
            raise NotWritableError(exc) from exc
        raise


def _build(k: Knowledge, directory: Path, embedder, rebuild: bool, progress: bool, chroma_url: str | None) -> dict:
    previous = current_generation(directory)
    base = None if rebuild else _manifest(previous)
    if base and (base.get("format") != FORMAT or base.get("embedder") != embedder.name
                 or base.get("chroma_url") != chroma_url):
        base = None
    name = time.strftime("g%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:8]
    tmp = directory / f".tmp-{name}"
    tmp.mkdir()
    try:
        passages = build_passages(k)
        tokenizer = Tokenizer()
        tokenizer.add_words(custom_words(k))
        tokenizer.write_dictionary([p.text for p in passages] + custom_words(k), tmp / DICTIONARY)

        if base and not chroma_url:
            shutil.copytree(previous / "chroma", tmp / "chroma")
        collection_name = f"mjq-{directory.name}-{name}"[:500] if chroma_url else COLLECTION
        with _client(chroma_url, tmp / "chroma") as client:  # closed: the store is complete before the rename
            collection = client.get_or_create_collection(collection_name, metadata={"hnsw:space": "cosine"})
            if base and chroma_url and base["collection"] in {getattr(c, "name", c) for c in client.list_collections()}:
                _copy_collection(client.get_collection(base["collection"]), collection)
            done = _update(collection, passages, embedder, progress)
        manifest = {"format": FORMAT, "fingerprint": k.fingerprint(), "embedder": embedder.name,
                    "passages": len(passages), "collection": collection_name, "chroma_url": chroma_url,
                    "directory": str(directory.resolve())}  # the home whose builds own the collection
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        os.rename(tmp, directory / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    pointer = directory / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
    pointer.write_text(name, encoding="utf-8")
    os.replace(pointer, directory / CURRENT)
    _prune(directory, keep={name, previous.name if previous else ""})
    return done


def _copy_collection(source, target, batch: int = 256) -> None:
    """Vectors of the previous generation's collection, so an update embeds only what changed."""
    stored = source.get(include=["embeddings", "documents", "metadatas"])
    for i in range(0, len(stored["ids"]), batch):
        target.add(ids=stored["ids"][i:i + batch], embeddings=stored["embeddings"][i:i + batch],
                   documents=stored["documents"][i:i + batch], metadatas=stored["metadatas"][i:i + batch])


def _update(collection, passages: list[Passage], embedder, progress: bool) -> dict:
    stored = collection.get(include=["metadatas"])
    have = {id_: (m or {}).get("hash") for id_, m in zip(stored["ids"], stored["metadatas"])}
    vectored = [p for p in passages if p.vector]
    wanted = {p.id for p in vectored}
    stale = [id_ for id_ in have if id_ not in wanted]
    # by length, so a batch pads its texts to about the same number of tokens
    todo = sorted((p for p in vectored if have.get(p.id) != p.hash), key=lambda p: len(p.text))
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
    return {"passages": len(passages), "embedded": len(todo), "removed": len(stale)}


def _prune(directory: Path, keep: set[str]) -> None:
    """Remove generations other than `keep`, leftovers of interrupted builds and the
    single-folder layout of earlier versions. Called with the build lock held."""
    for path in directory.iterdir():
        if path.name in keep or path.name in (CURRENT, LOCK):
            continue
        if path.is_dir() and path.name.startswith("g"):
            manifest = _manifest(path)
            if manifest and manifest.get("chroma_url") and manifest.get("directory") == str(directory.resolve()):
                try:
                    with _client(manifest["chroma_url"]) as client:
                        client.delete_collection(manifest["collection"])
                except Exception as exc:  # the server lost it already, or is down: nothing to keep
                    log.info("could not delete collection %s: %s", manifest.get("collection"), exc)
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


class Index:
    """An opened index: passages, the tokenizer and (opened on first use) the Chroma
    collection of the current generation. Importing chromadb costs about a second, so
    a command that never needs vectors never pays it; a store found unreadable then
    is rebuilt. `vectors` is False when they cannot be read (keywords only)."""

    def __init__(self, knowledge: Knowledge, directory: Path, embedder, tokenizer: Tokenizer,
                 chroma_url: str | None = None, vectors: bool = True):
        self.knowledge, self.directory, self.embedder = knowledge, Path(directory), embedder
        self.passages = build_passages(knowledge)
        self.tokenizer = tokenizer
        self.chroma_url = chroma_url
        self.vectors = vectors
        self._generation: Path | None = None
        self._client = self._collection = None
        self._lock = threading.Lock()

    @classmethod
    def open(cls, k: Knowledge, directory: Path, embedder, progress: bool = False,
             chroma_url: str | None = None) -> "Index":
        """Open the index, building or repairing it first when it is missing, stale or broken."""
        directory = Path(directory)
        generation = current_generation(directory)
        problem = _check(k, generation, embedder, chroma_url)
        if problem is None:
            try:
                return cls(k, directory, embedder, _open_tokenizer(generation), chroma_url)
            except (ValueError, OSError) as exc:  # an empty or damaged dictionary file
                problem = f"has an unreadable dictionary ({exc})"
        log.warning("index at %s %s: rebuilding it", directory, problem)
        try:
            build_index(k, directory, embedder, rebuild=problem != "is out of date",
                        progress=progress or sys.stderr.isatty(), chroma_url=chroma_url, replacing=generation)
            return cls(k, directory, embedder, _open_tokenizer(current_generation(directory)), chroma_url)
        except NotWritableError as exc:
            log.warning("%s; answering from keywords only", exc)
            tokenizer = Tokenizer()
            tokenizer.add_words(custom_words(k))
            return cls(k, directory, embedder, tokenizer, chroma_url, vectors=False)

    @property
    def collection(self):
        """The current generation's collection (reopened after a rebuild), or None without vectors."""
        with self._lock:
            if not self.vectors:
                return None
            generation = current_generation(self.directory)
            if self._collection is None or generation != self._generation:
                try:
                    self._open_collection(generation)
                except NotWritableError as exc:
                    log.warning("%s; answering from keywords only", exc)
                    self.vectors = False
                    return None
            return self._collection

    def query(self, **kwargs) -> dict | None:
        """A Chroma query on the current generation, retried once (reopened) on a store
        error; None when the vectors cannot be read."""
        for attempt in (1, 2):
            try:
                collection = self.collection
                return collection.query(**kwargs) if collection is not None else None
            except Exception as exc:  # a generation removed under us, a server restart, ...
                log.warning("vector query failed (%s: %s)%s", type(exc).__name__, exc,
                            ": reopening the index" if attempt == 1 else ": answering from keywords only")
                with self._lock:
                    self._close()
        return None

    def _open_collection(self, generation: Path | None) -> None:
        self._close()
        problem = "does not exist" if generation is None else None
        try:
            if generation is not None:
                client, collection, count = self._connect(generation)
        except Exception as exc:  # a corrupt Chroma store raises many kinds of errors
            from chromadb.errors import NotFoundError
            if not_writable(exc):
                raise NotWritableError(exc) from exc
            if self.chroma_url and not isinstance(exc, NotFoundError):
                raise  # the server is down or unreachable: nothing to rebuild, the query falls back
            problem = f"is unreadable ({exc})"
        else:
            vectored = sum(p.vector for p in self.passages)  # an extracted row has no vector of its own
            if generation is not None and count != vectored:
                client.close()
                problem = f"holds {count} passages, expected {vectored}"
        if problem:
            log.warning("index at %s %s: rebuilding it", self.directory, problem)
            build_index(self.knowledge, self.directory, self.embedder, rebuild=True,
                        chroma_url=self.chroma_url, replacing=generation)
            generation = current_generation(self.directory)
            client, collection, _ = self._connect(generation)
        self._client, self._collection, self._generation = client, collection, generation

    def _connect(self, generation: Path):
        """(client, collection, count) of a generation; the client is closed when that fails."""
        client = _client(self.chroma_url, generation / "chroma")
        try:
            collection = client.get_collection((_manifest(generation) or {}).get("collection") or COLLECTION)
            return client, collection, collection.count()
        except BaseException:
            client.close()
            raise

    def _close(self) -> None:
        if self._client is not None:
            self._client.close()  # frees the store (or server connection) of a generation no longer used
        self._client = self._collection = self._generation = None


def _open_tokenizer(generation: Path) -> Tokenizer:
    return Tokenizer(generation / DICTIONARY)  # the town's names are in it already; a damaged file raises here


def _check(k: Knowledge, generation: Path | None, embedder, chroma_url: str | None) -> str | None:
    """Why the index cannot be used as it is, or None."""
    if generation is None:
        return "does not exist yet"
    manifest = _manifest(generation)
    if manifest is None:
        return "has an unreadable manifest"
    if (manifest.get("format") != FORMAT or manifest.get("embedder") != embedder.name
            or manifest.get("chroma_url") != chroma_url):
        return "was built differently"
    if not (generation / DICTIONARY).is_file() or not (chroma_url or (generation / "chroma").is_dir()):
        return "is incomplete"
    if manifest.get("fingerprint") != k.fingerprint():
        return "is out of date"
    return None
