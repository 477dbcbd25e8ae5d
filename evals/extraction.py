"""Measure `mjq add`'s figure extraction against a hand-made indicators.csv.

    python evals/extraction.py [knowledge/majuqiao-2024] [--from-source] [--json]

By default the extractor reads the document's own article.zh.jsonl (extraction
alone); --from-source runs the whole pipeline on its source.txt (read, clean,
extract). An extracted row matches a hand-made one with the same value, unit and
qualifier (and, from the article, the same paragraph), in order. Reported:
precision and recall of the figures found, and on the matched rows the share
whose metric (character-bigram Dice >= 0.5), scope, period, kind and `of` are
right, and whose English metric came from the lexicon.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from mjq_assistant.ingest.clean import clean, paragraphs
from mjq_assistant.ingest.extract import Extractor, find_names, find_subject
from mjq_assistant.ingest.read import read_file


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def similar(a: str, b: str) -> bool:
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) >= 0.5


def extract(folder: Path, from_source: bool) -> list:
    if from_source:
        paras = paragraphs(clean(read_file(folder / "source.txt")))
    else:
        paras = [json.loads(line) for line in (folder / "article.zh.jsonl").read_text(encoding="utf-8").splitlines() if line]
    firms = [n for n in find_names(paras) if n["type"] == "firm"]
    return Extractor(find_subject("".join(p["text"] for p in paras)), firms=firms).extract(paras)


def score(gold: list[dict], rows: list, same_paragraph: bool) -> dict:
    pairs, used = [], set()
    for g in gold:
        for r in rows:
            if id(r) not in used and (r.value, r.unit, r.qualifier) == (g["value"], g["unit"], g["qualifier"]) \
                    and (not same_paragraph or r.source == g["source"]):
                pairs.append((g, r))
                used.add(id(r))
                break
    gold_of = {r.id: g["id"] for g, r in pairs}
    n = len(pairs) or 1
    right = {
        "metric": sum(similar(r.metric_zh, g["metric_zh"]) for g, r in pairs),
        "scope": sum(r.scope_zh == g["scope_zh"] for g, r in pairs),
        "period": sum(r.period == g["period"] for g, r in pairs),
        "kind": sum(r.kind == g["kind"] for g, r in pairs),
        "of": sum(gold_of.get(r.of, r.of) == g["of"] for g, r in pairs),
        "english metric": sum(r.metric_en != r.metric_zh for g, r in pairs),
    }
    return {"gold": len(gold), "extracted": len(rows), "matched": len(pairs),
            "precision": round(len(pairs) / max(len(rows), 1), 3), "recall": round(len(pairs) / max(len(gold), 1), 3),
            **{f"{k} right": round(v / n, 3) for k, v in right.items()},
            "wrong": [{"gold": g["id"], "value": g["value"] + g["unit"],
                       **{k: [getattr(r, c), g[c]] for k, c in (("metric", "metric_zh"), ("scope", "scope_zh"),
                                                               ("period", "period"), ("kind", "kind"))
                          if getattr(r, c) != g[c]}} for g, r in pairs],
            "missed": [g["id"] + " " + g["value"] + g["unit"] for g in gold if g["id"] not in gold_of.values()],
            "extra": [f"{r.source} {r.qualifier}{r.value}{r.unit} {r.metric_zh}" for r in rows if id(r) not in used]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(Path(__file__).resolve().parents[1] / "knowledge" / "majuqiao-2024"))
    parser.add_argument("--from-source", action="store_true", help="read source.txt through the whole pipeline")
    parser.add_argument("--json", action="store_true", help="print every mismatch too")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    with open(folder / "indicators.csv", encoding="utf-8", newline="") as f:
        gold = list(csv.DictReader(f))
    result = score(gold, extract(folder, args.from_source), same_paragraph=not args.from_source)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for key, value in result.items():
            if not isinstance(value, list):
                print(f"{key:>22}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
