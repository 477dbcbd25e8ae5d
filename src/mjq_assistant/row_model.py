"""Which indicator row answers a question: a linear score over document-independent
features, with weights learned from the case sets (evals/train_rows.py) and shipped as
models/rows.json. No feature names a row or a document."""
from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

FEATURES = (
    "lexical",        # BM25 of the question (and at 0.6 the previous question), scaled to the best row
    "dense",          # cosine of the question and the row, scaled between the rows' min and max
    "kind_fit",       # the row is the kind of figure asked for (-2..+3: amount, count, rate, share, points)
    "head",           # the row's metric or keywords contain the word the question asks about
    "same_sentence",  # a follow-up: the row shares the previous answer's sentence
    "period_asked",   # the row's period is in a year the question names
    "latest",         # no year named: the row is of the latest year
    "period_end",     # the row's period ends in the month the question's range ends (1至9月 -> -09)
    "scope_named",    # the row's scope is the one the question names
    "scope_other",    # the question names another (not the default) scope
)


@lru_cache(maxsize=4)
def _read(path: str | None) -> tuple[float, ...]:
    text = Path(path).read_text(encoding="utf-8") if path else \
        resources.files("mjq_assistant").joinpath("models/rows.json").read_text(encoding="utf-8")
    model = json.loads(text)
    if tuple(model["features"]) != FEATURES:
        raise ValueError(f"{path or 'models/rows.json'}: features {model['features']} differ from {list(FEATURES)}")
    return tuple(model["weights"])


def weights() -> np.ndarray:
    """The shipped weights, or the file MJQ_ROW_MODEL names (leave-one-set-out runs)."""
    return np.array(_read(os.environ.get("MJQ_ROW_MODEL")))
