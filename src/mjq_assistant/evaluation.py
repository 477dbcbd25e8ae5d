"""Evaluation: score the assistant on gold cases, report, and gate CI on thresholds.

Deterministic, no LLM judge. Per case (see evals/README.md):

- figures:    every expected figure is stated in the answer text, at its stated
              precision (亿/万/billion normalized; % and 个百分点 never equal)
- terms:      every expected term occurs in the answer (case-insensitive)
- language:   the answer's language is the question's
- citations:  every expected figure is contained in some cited (Chinese) quote
- retrieval:  recall@5 and reciprocal rank of the expected paragraphs among the
              search hits' paragraph ids (deduplicated, in order)
- abstention: abstained exactly when the case says it should

A case is correct when its abstention is right and, for an answerable case,
figures, terms and language are all right. CRAG-style score per case: +1
correct, 0 abstained on an answerable case (missed), -1 otherwise (wrong, or
answered when it should have abstained).

    mjq eval [--config hybrid|bm25|dense|llm|all] [--cases FILE] [--json]
             [--out DIR] [--compare BASELINE.json] [--check]
"""
from __future__ import annotations

import dataclasses
import datetime
import json
import logging
import math
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from .errors import DataFileError, MjqError
from .figures import contains_figure, find_figures, parse_figure
from .knowledge import local_id

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
EVALS = REPO / "evals"
DEFAULT_CASES = EVALS / "gold.jsonl"
DEFAULT_OUT = EVALS / "results" / "latest"
THRESHOLDS = EVALS / "thresholds.json"

K = 5            # recall@K
MRR_DEPTH = 10   # reciprocal rank is looked for among this many distinct paragraphs
CONFIGS = ("hybrid", "bm25", "dense", "llm")
LANGUAGES = ("zh", "en")
CATEGORY_ORDER = ("figure", "comparison", "list", "name", "followup", "mixed", "traditional",
                  "typo", "injection", "false_premise", "unanswerable")
CHART = "accuracy.png"

# metric name -> (label in tables, format)
METRICS = {
    "accuracy": "accuracy",
    "crag_score": "CRAG score",
    "figure_accuracy": "figure accuracy",
    "citation_support": "citation support",
    "term_accuracy": "term accuracy",
    "language_match": "language match",
    "abstention_recall": "abstention recall",
    "false_abstention_rate": "false abstention rate",
    "figure_grounding": "figure grounding",
    "recall_at_5": "recall@5",
    "mrr": "MRR",
    "latency_p50_ms": "latency p50 (ms)",
    "latency_p95_ms": "latency p95 (ms)",
}
# the compact stdout table
SHORT = {"accuracy": "acc", "crag_score": "crag", "figure_accuracy": "fig", "citation_support": "cite",
         "term_accuracy": "terms", "language_match": "lang", "abstention_recall": "abst",
         "false_abstention_rate": "f.abst", "recall_at_5": "R@5", "mrr": "MRR",
         "latency_p50_ms": "p50ms", "latency_p95_ms": "p95ms"}


class CasesError(DataFileError):
    """A gold-cases file is missing or malformed; the message names file and line."""


class UsageError(MjqError):
    """A bad option value (unknown config, unreadable baseline)."""


# --- cases -------------------------------------------------------------------

_FIELDS = {"id", "question", "language", "history", "expected_figures", "expected_terms",
           "expected_sources", "should_abstain", "category"}
_REQUIRED = ("id", "question", "language", "should_abstain", "category")


def load_cases(path: str | Path | None = None) -> list[dict]:
    """The cases of a JSONL file, validated; a malformed case raises CasesError
    naming the file, the line and what is wrong."""
    path = Path(path) if path else DEFAULT_CASES
    if not path.is_file():
        raise CasesError(path, None, "file not found (give --cases a JSONL file of gold cases)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CasesError(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    cases, seen = [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CasesError(path, number, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
        try:
            case = _validate_case(raw)
        except ValueError as exc:
            name = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
            raise CasesError(path, number, f"case {name}: {exc}" if name else str(exc)) from None
        if case["id"] in seen:
            raise CasesError(path, number, f"duplicate id {case['id']!r} (first on line {seen[case['id']]})")
        seen[case["id"]] = number
        cases.append(case)
    if not cases:
        raise CasesError(path, None, "no cases in the file")
    return cases


def _validate_case(raw) -> dict:
    if not isinstance(raw, dict):
        raise ValueError("a case must be a JSON object")
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_FIELDS))}")
    missing = [f for f in _REQUIRED if f not in raw]
    if missing:
        raise ValueError(f"missing field(s) {', '.join(missing)}")
    case = {"history": [], "expected_figures": [], "expected_terms": [], "expected_sources": [], **raw}
    for f in ("id", "question", "category"):
        if not isinstance(case[f], str) or not case[f].strip():
            raise ValueError(f"{f} must be a non-empty string")
    if case["language"] not in LANGUAGES:
        raise ValueError(f"language {case['language']!r} must be 'zh' or 'en'")
    if not isinstance(case["should_abstain"], bool):
        raise ValueError("should_abstain must be true or false")
    if not isinstance(case["history"], list) or not all(
            isinstance(m, dict) and m.get("role") in ("user", "assistant", "system") and isinstance(m.get("content"), str)
            for m in case["history"]):
        raise ValueError("history must be a list of {\"role\": \"user\"|\"assistant\", \"content\": str} messages")
    if not isinstance(case["expected_figures"], list):
        raise ValueError("expected_figures must be a list of {\"value\", \"unit\"}")
    for f in case["expected_figures"]:
        if not isinstance(f, dict) or set(f) != {"value", "unit"} or not all(isinstance(v, str) for v in f.values()):
            raise ValueError(f"expected figure {f!r} must be {{\"value\": str, \"unit\": str}}")
        try:
            parse_figure(f["value"], f["unit"])
        except ValueError:
            raise ValueError(f"expected figure {f['value']!r} {f['unit']!r} does not read as a figure") from None
    for f in ("expected_terms", "expected_sources"):
        if not isinstance(case[f], list) or not all(isinstance(t, str) and t.strip() for t in case[f]):
            raise ValueError(f"{f} must be a list of non-empty strings")
    bad = [s for s in case["expected_sources"] if not re.fullmatch(r"([a-z0-9][a-z0-9-]{2,}#)?p\d{2,}", s)]
    if bad:
        raise ValueError(f"expected_sources {bad} must be paragraph ids like p02 or <doc-id>#p02")
    if case["should_abstain"] and (case["expected_figures"] or case["expected_terms"]):
        raise ValueError("a case that should abstain cannot expect figures or terms")
    return case


# --- scoring one case --------------------------------------------------------

def _figure_label(f: dict) -> str:
    return f"{f['value']}{f['unit']}"


def _hit_paragraphs(hits) -> list[str]:
    """Paragraph ids of search hits (Hit objects or plain ids), deduplicated in order."""
    out = []
    for h in hits or []:
        passage = getattr(h, "passage", None)
        pid = passage.source if passage is not None else str(h)
        if pid not in out:
            out.append(pid)
    return out


def _grounded(text: str, kb_figures) -> bool:
    """Every figure in `text` is one the source states."""
    return all(any(f.matches(k) for k in kb_figures) for f in find_figures(text))


_RANK_UNITS = ("位", "名")  # a place in a ranking: 第376位, 排名第二, "ranked 3rd"
_ZH_ORDINALS = "一二三四五六七八九十"


def _states(text: str, expected: dict, figure) -> bool:
    """Whether an answer states an expected figure; a rank (376位) also as an ordinal (第376位,
    第三名, "No. 3", "3rd"), which figures.find_figures leaves out as no quantity."""
    if contains_figure(text, figure):
        return True
    if expected["unit"] not in _RANK_UNITS or not expected["value"].isdigit():
        return False
    n = int(expected["value"])
    zh = _ZH_ORDINALS[n - 1] if 1 <= n <= len(_ZH_ORDINALS) else None
    said = rf"第\s*(?:{n}{'|' + zh if zh else ''})(?![\d十])|\b(?:No\.?\s*|#|rank(?:ed|s)?\s+(?:No\.?\s*)?){n}\b|\b{n}(?:st|nd|rd|th)\b"
    return re.search(said, text, re.IGNORECASE) is not None


def score_case(case: dict, answer, hits=None, kb_figures=None) -> dict:
    """Score one answer against its gold case; deterministic.

    `answer` is an Answer (text, language, abstained, citations); `hits` the search
    hits for the question (or paragraph ids), for recall@5 and MRR; `kb_figures`
    the figures the knowledge states, for the figure-grounding check (optional)."""
    expect_abstain = case["should_abstain"]
    figures = [(f, parse_figure(f["value"], f["unit"])) for f in case["expected_figures"]]
    failures = []
    text = answer.text or ""

    abstention_ok = answer.abstained == expect_abstain
    if not abstention_ok:
        failures.append("answered (should abstain)" if expect_abstain else "abstained (should answer)")

    figures_ok = terms_ok = citation_ok = None
    if figures and not expect_abstain:
        missing = [f for f, fig in figures if not _states(text, f, fig)]
        figures_ok = not missing
        failures += [f"figure {_figure_label(f)} not in answer" for f in missing]
        quotes = [c.quote for c in answer.citations or []]
        uncited = [f for f, fig in figures if not any(_states(q, f, fig) for q in quotes)]
        citation_ok = not uncited
    if case["expected_terms"] and not expect_abstain:
        lowered = text.lower()
        absent = [t for t in case["expected_terms"] if t.lower() not in lowered]
        terms_ok = not absent
        failures += [f"term {t!r} not in answer" for t in absent]
    language_ok = answer.language == case["language"]
    if not language_ok and not expect_abstain:
        failures.append(f"answered in {answer.language}, asked in {case['language']}")

    correct = abstention_ok and (expect_abstain or (figures_ok is not False and terms_ok is not False and language_ok))
    if correct:
        outcome, crag = "correct", 1
    elif answer.abstained and not expect_abstain:
        outcome, crag = "missed", 0
    else:
        outcome, crag = "wrong", -1

    recall = rr = None
    if case["expected_sources"] and hits is not None:
        # a bare id (p02) matches that paragraph of any document; <doc-id>#p02 only that document's
        expected = set(case["expected_sources"])
        ranked = [p if any("#" in e for e in expected) else local_id(p) for p in _hit_paragraphs(hits)]
        recall = len(expected & set(ranked[:K])) / len(expected)
        rr = next((1.0 / (i + 1) for i, p in enumerate(ranked[:MRR_DEPTH]) if p in expected), 0.0)

    grounded = None
    if kb_figures is not None and not answer.abstained:
        grounded = _grounded(text, kb_figures)

    return {
        "id": case["id"], "category": case["category"], "language": case["language"],
        "question": case["question"], "should_abstain": expect_abstain,
        "correct": correct, "outcome": outcome, "crag": crag, "failures": failures,
        "abstained": bool(answer.abstained), "answer_language": answer.language,
        "figures_ok": figures_ok, "terms_ok": terms_ok, "language_ok": language_ok,
        "citation_ok": citation_ok, "grounded": grounded,
        "recall_at_5": recall, "rr": rr,
        "answer": text, "cited": [c.source for c in answer.citations or []],
        "trace": list(getattr(answer, "trace", None) or []),
    }


# --- running -------------------------------------------------------------------

def _mean(values) -> float | None:
    values = [float(v) for v in values if v is not None]
    return round(sum(values) / len(values), 4) if values else None


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    i = max(0, math.ceil(q * len(ordered)) - 1)  # nearest rank
    return round(ordered[i], 1)


def _search_text(case: dict) -> str:
    """The question, preceded for a follow-up by the previous user turn (as the composer does)."""
    previous = next((m["content"] for m in reversed(case["history"]) if m.get("role") == "user"), "")
    return f"{previous} {case['question']}".strip()


def summarize(records: list[dict]) -> dict:
    """The metrics of a set of scored cases (see evals/README.md)."""
    answerable = [r for r in records if not r["should_abstain"]]
    unanswerable = [r for r in records if r["should_abstain"]]
    latencies = [r["latency_ms"] for r in records if r.get("latency_ms") is not None]
    return {
        "n": len(records),
        "accuracy": _mean(r["correct"] for r in records),
        "crag_score": _mean(r["crag"] for r in records),
        "figure_accuracy": _mean(r["figures_ok"] for r in records),
        "citation_support": _mean(r["citation_ok"] for r in records),
        "term_accuracy": _mean(r["terms_ok"] for r in records),
        "language_match": _mean(r["language_ok"] for r in records),
        "abstention_recall": _mean(r["abstained"] for r in unanswerable),
        "false_abstention_rate": _mean(r["abstained"] for r in answerable),
        "figure_grounding": _mean(r["grounded"] for r in records),
        "recall_at_5": _mean(r["recall_at_5"] for r in records),
        "mrr": _mean(r["rr"] for r in records),
        "latency_p50_ms": _percentile(latencies, 0.5),
        "latency_p95_ms": _percentile(latencies, 0.95),
        "outcomes": {o: sum(r["outcome"] == o for r in records) for o in ("correct", "missed", "wrong")},
    }


def _brief(records: list[dict]) -> dict:
    s = summarize(records)
    return {k: s[k] for k in ("n", "accuracy", "crag_score", "figure_accuracy", "citation_support",
                              "term_accuracy", "abstention_recall", "false_abstention_rate", "recall_at_5")}


def _categories(records) -> list[str]:
    present = {r["category"] for r in records}
    return [c for c in CATEGORY_ORDER if c in present] + sorted(present - set(CATEGORY_ORDER))


def run(assistant, cases: list[dict], config: str | None = None, progress=None, retrieval: bool = True) -> dict:
    """Ask every case, score it, and aggregate: the result dict that reports are made of.

    `retrieval=False` skips the extra search per case (recall@5 and MRR are then None)."""
    kb_figures = None
    knowledge = getattr(assistant, "knowledge", None)
    if knowledge is not None:
        kb_figures = [f for article in (knowledge.article_zh, knowledge.article_en)
                      for p in article for f in find_figures(p.text)]
    started = time.perf_counter()
    records = []
    for n, case in enumerate(cases, start=1):
        t0 = time.perf_counter()
        try:
            answer = assistant.ask(case["question"], history=case["history"])
            error = None
        except Exception as exc:  # one broken case must not hide the others' scores
            log.exception("case %s crashed", case["id"])
            answer, error = _Crashed(case["language"]), f"crashed: {type(exc).__name__}: {exc}"
        latency = (time.perf_counter() - t0) * 1000
        hits = None
        if retrieval and case["expected_sources"]:
            hits = assistant.search.search(_search_text(case), k=4 * MRR_DEPTH)
        record = score_case(case, answer, hits, kb_figures)
        if error:
            record.update(correct=False, outcome="wrong", crag=-1, failures=[error] + record["failures"])
        record["latency_ms"] = round(latency, 1)
        records.append(record)
        if progress:
            progress(n, len(cases))
    result = {
        "config": config or getattr(getattr(assistant, "settings", None), "retrieval", "custom"),
        **summarize(records),
        "by_category": {c: _brief([r for r in records if r["category"] == c]) for c in _categories(records)},
        "by_language": {lang: _brief([r for r in records if r["language"] == lang])
                        for lang in LANGUAGES if any(r["language"] == lang for r in records)},
        "by_category_language": {
            c: {lang: _brief(sub) for lang in LANGUAGES
                if (sub := [r for r in records if r["category"] == c and r["language"] == lang])}
            for c in _categories(records)},
        "duration_s": round(time.perf_counter() - started, 1),
        "cases": records,
    }
    return result


@dataclasses.dataclass
class _Crashed:
    language: str
    text: str = ""
    abstained: bool = False
    citations: list = dataclasses.field(default_factory=list)


# --- thresholds (the CI gate) ------------------------------------------------------

def load_thresholds(path: str | Path | None = None) -> dict:
    path = Path(path) if path else THRESHOLDS
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the thresholds ({exc.strerror})") from None
    except ValueError as exc:
        raise UsageError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not set(data) <= {"min", "max", "config", "note"}:
        raise UsageError(f"{path}: expected {{\"min\": {{metric: value}}, \"max\": {{metric: value}}}}")
    return data


def check_thresholds(result: dict, thresholds: dict) -> list[str]:
    """What falls short of the thresholds ([] when the gate passes).

    A result of `--config all` is checked on the config the thresholds name
    ("config", default hybrid). A metric the cases cannot measure (None) is skipped."""
    if "configs" in result:
        name = thresholds.get("config", "hybrid")
        if name not in result["configs"]:
            return [f"config {name!r} (named by the thresholds) was not run"]
        result = result["configs"][name]
    failures = []
    for metric, low in (thresholds.get("min") or {}).items():
        value = result.get(metric)
        if value is not None and value < low:
            failures.append(f"{metric} {value:.4f} < minimum {low}")
    for metric, high in (thresholds.get("max") or {}).items():
        value = result.get(metric)
        if value is not None and value > high:
            failures.append(f"{metric} {value:.4f} > maximum {high}")
    for metric in [*(thresholds.get("min") or {}), *(thresholds.get("max") or {})]:
        if metric not in result:
            failures.append(f"{metric}: no such metric in the result")
    return failures


# --- comparing with a baseline ----------------------------------------------------

def compare_results(baseline: dict, current: dict) -> dict:
    """Cases that changed between two single-config results: fixed, broken, added, removed."""
    old = {r["id"]: r for r in baseline.get("cases", [])}
    new = {r["id"]: r for r in current.get("cases", [])}
    both = [i for i in new if i in old]
    return {
        "baseline_config": baseline.get("config"), "config": current.get("config"),
        "fixed": [i for i in both if new[i]["correct"] and not old[i]["correct"]],
        "broken": [i for i in both if old[i]["correct"] and not new[i]["correct"]],
        "added": [i for i in new if i not in old],
        "removed": [i for i in old if i not in new],
        "metrics": {m: [baseline.get(m), current.get(m)] for m in METRICS
                    if baseline.get(m) is not None or current.get(m) is not None},
    }


def _pick(result: dict, config: str) -> dict | None:
    if "configs" in result:
        return result["configs"].get(config)
    return result


def compare(baseline: dict, current: dict) -> dict:
    """Per config: compare_results of the configs both results hold."""
    currents = current["configs"] if "configs" in current else {current.get("config", "hybrid"): current}
    out = {}
    for name, res in currents.items():
        base = _pick(baseline, name)
        if base is not None:
            out[name] = compare_results(base, res)
    return out


def format_comparison(comparison: dict, path: str) -> str:
    lines = []
    for name, c in comparison.items():
        acc_old, acc_new = c["metrics"].get("accuracy", [None, None])
        head = f"compared with {path} [{name}]"
        if acc_old is not None and acc_new is not None:
            head += f": accuracy {acc_old:.4f} -> {acc_new:.4f} ({acc_new - acc_old:+.4f})"
        lines.append(head)
        for key in ("fixed", "broken", "added", "removed"):
            if c[key]:
                lines.append(f"  {key} ({len(c[key])}): {', '.join(c[key])}")
        if not (c["fixed"] or c["broken"]):
            lines.append("  no case changed")
    if not comparison:
        lines.append(f"compared with {path}: no config in common")
    return "\n".join(lines)


# --- reports -------------------------------------------------------------------------

def _fmt(value, metric: str = "") -> str:
    if value is None:
        return "–"
    if metric.startswith("latency"):
        return f"{value:.0f}" if value >= 100 else f"{value:.1f}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _configs(result: dict) -> dict:
    return result["configs"] if "configs" in result else {result["config"]: result}


def _primary(result: dict) -> dict:
    configs = _configs(result)
    return configs.get("hybrid") or next(iter(configs.values()))


def summary_table(result: dict) -> str:
    """The compact table printed to stdout: one row per config."""
    configs = _configs(result)
    header = ["config", "n"] + list(SHORT.values())
    rows = [[name, str(r["n"])] + [_fmt(r.get(m), m) for m in SHORT] for name, r in configs.items()]
    widths = [max(len(x) for x in col) for col in zip(header, *rows)]
    line = lambda cells: "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(header)] + [line(r) for r in rows])


def _md_escape(text: str, limit: int = 240) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.replace("|", "\\|")


def report_markdown(result: dict, cases_path: str = "", chart: str | None = CHART,
                    comparison: dict | None = None, gate: list[str] | None = None) -> str:
    configs = _configs(result)
    primary = _primary(result)
    meta = result.get("meta", {})
    out = ["# mjq-assistant evaluation", ""]
    out.append(f"{primary['n']} gold cases from `{cases_path or meta.get('cases', '')}`"
               + (f", {meta['date']}" if meta.get("date") else "")
               + (f", commit `{meta['commit']}`" if meta.get("commit") else "")
               + ". Deterministic scoring, no LLM judge (see `evals/README.md`).")
    out.append("")
    if len(configs) > 1:
        out += ["## Ablation", "", "| metric | " + " | ".join(configs) + " |",
                "| --- | " + " | ".join("---:" for _ in configs) + " |"]
        for m, label in METRICS.items():
            out.append(f"| {label} | " + " | ".join(_fmt(r.get(m), m) for r in configs.values()) + " |")
        out.append("| correct / missed / wrong | " + " | ".join(
            "{correct} / {missed} / {wrong}".format(**r["outcomes"]) for r in configs.values()) + " |")
        out.append("")
        out += ["### Accuracy per category", "", "| category | n | " + " | ".join(configs) + " |",
                "| --- | ---: | " + " | ".join("---:" for _ in configs) + " |"]
        for c, b in primary["by_category"].items():
            out.append(f"| {c} | {b['n']} | " + " | ".join(
                _fmt(r["by_category"].get(c, {}).get("accuracy")) for r in configs.values()) + " |")
        out.append("")
    name = primary["config"]
    out += [f"## Summary ({name})", "",
            "| metric | value |", "| --- | ---: |"]
    for m, label in METRICS.items():
        out.append(f"| {label} | {_fmt(primary.get(m), m)} |")
    out.append("| correct / missed / wrong | {correct} / {missed} / {wrong} |".format(**primary["outcomes"]))
    out.append("")
    if gate is not None:
        out += ["**Gate (evals/thresholds.json): " + ("passed**" if not gate else "FAILED**: " + "; ".join(gate)), ""]
    out += [f"## Per category and language ({name})", "",
            "| category | n zh | accuracy zh | n en | accuracy en | n | accuracy | CRAG |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for c, b in primary["by_category"].items():
        zh, en = (primary["by_category_language"][c].get(lang, {}) for lang in LANGUAGES)
        out.append(f"| {c} | {zh.get('n', 0)} | {_fmt(zh.get('accuracy'))} | {en.get('n', 0)} | "
                   f"{_fmt(en.get('accuracy'))} | {b['n']} | {_fmt(b['accuracy'])} | {_fmt(b['crag_score'])} |")
    lz = [primary["by_language"].get(lang, {}) for lang in LANGUAGES]
    out.append(f"| **all** | {lz[0].get('n', 0)} | {_fmt(lz[0].get('accuracy'))} | {lz[1].get('n', 0)} | "
               f"{_fmt(lz[1].get('accuracy'))} | {primary['n']} | {_fmt(primary['accuracy'])} | "
               f"{_fmt(primary['crag_score'])} |")
    out.append("")
    if chart:
        out += [f"![accuracy per category by language]({chart})", ""]
    if comparison:
        out += ["## Compared with the baseline", "", "```", format_comparison(comparison, meta.get("compare", "baseline")),
                "```", ""]
    failed = [r for r in primary["cases"] if not r["correct"]]
    out += [f"## Failed cases ({name}: {len(failed)})", ""]
    if not failed:
        out.append("None.")
    for r in failed:
        out.append(f"- `{r['id']}` ({r['category']}, {r['language']}, {r['outcome']}): {'; '.join(r['failures'])}  ")
        out.append(f"  Q: {_md_escape(r['question'])}  ")
        out.append(f"  A: {_md_escape(r['answer'])}")
        if r.get("trace"):
            out.append("  decided by: " + _md_escape("; ".join(f"{t['step']} ({t['why']})" for t in r["trace"])) + "  ")
    uncited = [r for r in primary["cases"] if r["citation_ok"] is False and r["correct"]]
    if uncited:
        out += ["", f"Correct but a figure's citation does not contain it: {', '.join(r['id'] for r in uncited)}"]
    out.append("")
    return "\n".join(out)


def write_chart(result: dict, path: Path) -> Path | None:
    """Grouped bars: accuracy per category by language (and per config for an ablation)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log.warning("matplotlib is not installed (pip install 'mjq-assistant[eval]'): no chart")
        return None
    configs = _configs(result)
    primary = _primary(result)
    categories = list(primary["by_category"])
    panels = 2 if len(configs) > 1 else 1
    fig, axes = plt.subplots(panels, 1, figsize=(max(8, 0.9 * len(categories) + 2), 4.2 * panels), squeeze=False)
    groups = [(f"{primary['config']}: accuracy per category by language",
               [(lang, [primary["by_category_language"][c].get(lang, {}).get("accuracy") for c in categories])
                for lang in LANGUAGES])]
    if panels == 2:
        groups.append(("accuracy per category by config",
                       [(name, [r["by_category"].get(c, {}).get("accuracy") for c in categories])
                        for name, r in configs.items()]))
    for ax, (title, series) in zip(axes[:, 0], groups):
        width = 0.8 / len(series)
        for i, (label, values) in enumerate(series):
            xs = [j + (i - (len(series) - 1) / 2) * width for j in range(len(categories))]
            bars = ax.bar(xs, [v if v is not None else 0 for v in values], width, label=label)
            ax.bar_label(bars, labels=[f"{v:.2f}" if v is not None else "" for v in values], fontsize=6, padding=1)
        ax.set_xticks(range(len(categories)), categories, rotation=30, ha="right")
        ax.set_ylim(0, 1.1)
        ax.set_ylabel("accuracy")
        ax.set_title(title)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def dump_result(result: dict) -> str:
    """result.json text: metrics indented, one line per case (small, diff-friendly)."""
    expand = {"configs", "by_category", "by_category_language", "meta"}

    def dump(value: dict, indent: str) -> str:
        inner = indent + " "
        items = []
        for key, v in value.items():
            if key == "cases" and isinstance(v, list) and v:
                text = "[\n" + ",\n".join(f"{inner}  {json.dumps(c, ensure_ascii=False)}" for c in v) + f"\n{inner}]"
            elif isinstance(v, dict) and (key in expand or "cases" in v):
                text = dump(v, inner)
            else:
                text = json.dumps(v, ensure_ascii=False)
            items.append(f"{inner}{json.dumps(key, ensure_ascii=False)}: {text}")
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    return dump(result, "") + "\n"


def write_reports(result: dict, out: Path, cases_path: str = "", comparison: dict | None = None,
                  gate: list[str] | None = None) -> dict[str, Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "result.json", "report": out / "report.md"}
    paths["json"].write_text(dump_result(result), encoding="utf-8")
    chart = write_chart(result, out / CHART)
    if chart:
        paths["chart"] = chart
    paths["report"].write_text(report_markdown(result, cases_path, CHART if chart else None, comparison, gate),
                               encoding="utf-8")
    return paths


# --- entry point ---------------------------------------------------------------------

def _settings_for(config: str):
    from .config import Settings
    settings = Settings()
    if config == "llm":
        if not settings.llm_base_url:
            raise UsageError("--config llm needs an LLM endpoint: set MJQ_LLM_BASE_URL (and MJQ_LLM_MODEL)")
        return dataclasses.replace(settings, retrieval="hybrid")
    # the retrieval ablations answer with the grounded composer even when an LLM is configured
    return dataclasses.replace(settings, retrieval=config, llm_base_url=None, llm_model=None)


def _commit() -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, timeout=5)
        return done.stdout.strip() or None if done.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def _progress(name: str):
    if not sys.stderr.isatty():
        return None

    def show(n, total):
        print(f"\r{name}: {n}/{total}", end="" if n < total else "\n", file=sys.stderr, flush=True)
    return show


def evaluate(configs: list[str], cases: list[dict]) -> dict:
    from .assistant import Assistant
    results = {}
    for name in configs:
        assistant = Assistant.load(_settings_for(name))
        results[name] = run(assistant, cases, config=name, progress=_progress(name))
    return results[configs[0]] if len(configs) == 1 else {"configs": results}


def main(args) -> int:
    """`mjq eval`: returns the exit code (1 when --check finds a metric below threshold)."""
    config = getattr(args, "config", None) or "hybrid"
    if config == "all":
        configs = ["hybrid", "bm25", "dense"] + (["llm"] if os.environ.get("MJQ_LLM_BASE_URL") else [])
    elif config in CONFIGS:
        configs = [config]
    else:
        print(f"mjq: error: --config {config!r}: use hybrid, bm25, dense, llm or all", file=sys.stderr)
        return 2
    try:
        if "llm" in configs:
            _settings_for("llm")
        baseline = None
        if getattr(args, "compare", None):
            try:
                baseline = json.loads(Path(args.compare).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise UsageError(f"--compare {args.compare}: cannot read a result.json ({exc})") from None
        thresholds = load_thresholds() if getattr(args, "check", False) else None
    except UsageError as exc:
        print(f"mjq: error: {exc}", file=sys.stderr)
        return 2

    cases_path = Path(args.cases) if getattr(args, "cases", None) else DEFAULT_CASES
    cases = load_cases(cases_path)
    result = evaluate(configs, cases)
    try:
        shown = str(cases_path.resolve().relative_to(REPO))
    except ValueError:
        shown = str(cases_path)
    result["meta"] = {"cases": shown, "date": datetime.datetime.now().isoformat(timespec="seconds"),
                      "commit": _commit(), "configs": configs}
    comparison = None
    if baseline is not None:
        result["meta"]["compare"] = str(args.compare)
        comparison = compare(baseline, result)
    gate = check_thresholds(result, thresholds) if thresholds is not None else None

    out = Path(args.out) if getattr(args, "out", None) else DEFAULT_OUT
    paths = write_reports(result, out, shown, comparison, gate)

    if getattr(args, "json", False):
        printed = dict(result)
        if comparison is not None:
            printed["comparison"] = comparison
        if gate is not None:
            printed["gate"] = {"passed": not gate, "failures": gate}
        print(json.dumps(printed, ensure_ascii=False, indent=1))
    else:
        print(summary_table(result))
        if comparison is not None:
            print(format_comparison(comparison, str(args.compare)))
        print(f"report: {paths['report']}", file=sys.stderr)
    if gate:
        print("mjq eval: below thresholds: " + "; ".join(gate), file=sys.stderr)
        return 1
    if gate is not None and not getattr(args, "json", False):
        print("gate passed", file=sys.stderr)
    return 0
