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

from .question import asks as kinds_asked

FEATURES = (
    "lexical",        # BM25 of the question (and at 0.6 the previous question), scaled to the best row
    "dense",          # cosine of the question and the row, scaled between the rows' min and max
    "kind_fit",       # the row is the kind of figure asked for (-2..+3: amount, count, rate, share, points)
    "head",           # the row's metric or keywords contain the word the question asks about
    "same_sentence",  # a follow-up: the row shares the previous answer's sentence
    "period_asked",   # the row's period is in a year the question names
    "latest",         # no year named: the row is of the latest year
    "period_end",     # the row's period ends in the month the question's range ends (1至9月 -> -09)
    "scope_named",    # the row's scope is the one the question names (a part of the town when named too)
    "scope_other",    # the question names another (not the default) scope
    "subject_cover",  # the share of the question's subject words the row's metric, keywords and scope hold
    "narrower",       # the row measures more than the measure asked (人均地区生产总值 when GDP is asked)
    "unit_asked",     # the row is in the unit the question asks its figure in (多少人次, "how many square kilometres")
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


def is_growth(row) -> bool:
    """A growth rate, or a change in percentage points."""
    return row.kind == "rate" or (row.kind == "points" and row.comparison != "")


def kind_fit(text: str, row) -> int:
    """+1 when the row is the kind of figure asked for (a growth rate, a share, an amount, a count)."""
    return fit(kinds_asked(text), row)


def fit(asks: dict, row) -> int:
    """The kind_fit feature: how well the row's kind matches the kinds asked (question.asks())."""
    growth = is_growth(row)
    share = row.kind == "share"
    score = 0
    if asks["money"]:  # "实现了多少亿元": the amount, whatever else the question mentions
        return 1 if row.kind == "amount" else -1
    asks_growth, asks_share = asks["growth"], asks["share"]
    if asks_growth:
        score += 1 if growth else -1
    if asks_share:
        score += 1 if share else -1
    if not (asks_growth or asks_share) and (growth or share):  # "what was the output": the amount itself
        score -= 1
    if asks["points"]:
        score += 1 if row.kind == "points" else -1
    if asks["amount"] and not (growth or share):
        score += 1 if row.kind == "amount" else 0
    if asks["count"] and not (growth or share):
        score += 1 if row.kind in ("count", "measure", "rank") else -1
    return score
