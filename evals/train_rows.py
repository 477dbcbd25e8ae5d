"""Learn the row ranker's weights (src/mjq_assistant/models/rows.json) from the case sets.

    python evals/train_rows.py            # extract features, train, write the model
    python evals/train_rows.py --loso     # + leave-one-set-out: train on all sets but one, score that one
    python evals/train_rows.py --check    # exit 1 when retraining does not reproduce the shipped model

Deterministic: features are extracted with the fixed seed weights below (so the result does
not depend on the model being replaced), and the fit (scipy's L-BFGS from the seed weights)
has no randomness. A training example is one ranking the composer made for a case that expects
figures: every row it scored, labelled 1 when the row states an expected figure. Features are
document-independent (row_model.FEATURES); no feature names a row or a document.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "src" / "mjq_assistant" / "models" / "rows.json"
# the former hand-set weights: extraction runs with them, whatever the shipped model is
SEED = [0.75, 0.25, 0.12, 0.3, 0.15, 0.1, 0.05, 0.1, 0.15, -0.1, 0.0, -0.2, 0.1]
# the sets the model learns from; blind sets written later (holdout20+) and the fictional document stay out
SHARPNESS = 10.0  # scores are multiplied by this in the softmax
PULL = 0.01       # L2 pull towards the seed weights
TOLERANCE = 0.005  # --check: a retrained weight may differ from the shipped one by this much (seen: 0.003
# between two runs, one on a fresh clone, of the same commit)
TRAIN = ["gold.jsonl"] + [f"holdout{n}.jsonl" for n in ("", *range(2, 20))]


def _load(weights: list[float], home: str):
    """An Assistant whose composers rank rows with `weights`."""
    from mjq_assistant import Assistant
    from mjq_assistant.row_model import FEATURES
    path = Path(home) / f"rows-{abs(hash(tuple(weights)))}.json"
    path.write_text(json.dumps({"features": list(FEATURES), "weights": weights}), encoding="utf-8")
    os.environ["MJQ_ROW_MODEL"] = str(path)
    return Assistant.load(home=home)


def extract(sets: list[str], home: str) -> dict[str, list[tuple[np.ndarray, np.ndarray]]]:
    """Per case set, every ranking the composer made: each row's features, and whether it is right."""
    from mjq_assistant.evaluation import load_cases
    from mjq_assistant.figures import parse_figure
    assistant = _load(SEED, home)
    out = {}
    for name in sets:
        rankings = []
        for case in load_cases(ROOT / "evals" / name):
            if case["should_abstain"] or not case["expected_figures"]:
                continue
            expected = [parse_figure(f["value"], f["unit"]) for f in case["expected_figures"]]
            composer = assistant.composer.composer_for(case["question"], case["history"])
            composer.feature_log = []
            composer.answer(case["question"], case["history"])
            for ids, features in composer.feature_log:
                labels = np.array([any(composer.rows[f"ind:{i}"].figure.matches(e) for e in expected) for i in ids], bool)
                if labels.any() and not labels.all():
                    rankings.append((features, labels))
            composer.feature_log = None
        out[name] = rankings
    return out


def train(data: list[list[tuple[np.ndarray, np.ndarray]]]) -> list[float]:
    """Listwise: the weights that make a right row come first, i.e. maximize each ranking's
    softmax probability of its right rows (L-BFGS, an L2 pull towards the seed weights).
    Scaled so the lexical weight keeps the seed's 0.75, so the composer's relative cut-offs
    (0.85 and 0.6 of the best score) keep their meaning."""
    from scipy.optimize import minimize
    rankings = [r for rankings in data for r in rankings]
    seed = np.array(SEED)

    def loss(w):
        total, grad = 0.0, np.zeros_like(w)
        for features, right in rankings:
            s = SHARPNESS * (features @ w)
            e = np.exp(s - s.max())
            p, q = e / e.sum(), e * right / (e * right).sum()
            total -= np.log((e * right).sum() / e.sum())
            grad += SHARPNESS * ((p - q) @ features)
        n = len(rankings)
        return total / n + PULL * np.sum((w - seed) ** 2), grad / n + 2 * PULL * (w - seed)

    w = minimize(loss, seed.copy(), jac=True, method="L-BFGS-B").x
    return [round(float(c * 0.75 / w[0]), 3) for c in w]


def score(weights: list[float], cases_file: str, home: str) -> float:
    from mjq_assistant.evaluation import load_cases, run
    return run(_load(weights, home), load_cases(ROOT / "evals" / cases_file), retrieval=False)["accuracy"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loso", action="store_true", help="leave-one-set-out scores of the whole pipeline")
    parser.add_argument("--check", action="store_true", help="only check that retraining reproduces the model")
    args = parser.parse_args()
    import logging
    logging.disable(logging.WARNING)
    from mjq_assistant.row_model import FEATURES
    with tempfile.TemporaryDirectory() as home:
        data = extract(TRAIN, home)
        weights = train(list(data.values()))
        model = {"features": list(FEATURES), "weights": weights, "trained_on": TRAIN,
                 "rankings": sum(len(r) for r in data.values()),
                 "note": "written by evals/train_rows.py; do not edit by hand"}
        if args.check:
            shipped = json.loads(MODEL.read_text(encoding="utf-8"))
            # the same up to float noise (thread-order sums, near-tied vector hits in a fresh index)
            same = len(shipped["weights"]) == len(weights) and \
                all(abs(a - b) <= TOLERANCE for a, b in zip(shipped["weights"], weights))
            print("model reproduced" if same else f"model differs: shipped {shipped['weights']}, retrained {weights}")
            return 0 if same else 1
        MODEL.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("weights:", dict(zip(FEATURES, weights)))
        if args.loso:
            print("set\tseed weights\tleave-one-set-out")
            rows = []
            for held in TRAIN:
                fold = train([d for name, d in data.items() if name != held])
                rows.append((held, score(SEED, held, home), score(fold, held, home)))
                print(f"{held}\t{rows[-1][1]:.3f}\t{rows[-1][2]:.3f}", flush=True)
            print(f"mean\t{np.mean([r[1] for r in rows]):.3f}\t{np.mean([r[2] for r in rows]):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
