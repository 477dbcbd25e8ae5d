"""Load test of the web UI's API: N concurrent gradio_client sessions on loopback.

    MJQ_HOME=/tmp/mjq-ui-home python scripts/bench_ui.py [--sessions 20] [--rounds 1]

Starts the app (app.py, in its own process, as users run it) on a free 127.0.0.1
port, then runs --sessions threads at once, each with its own Client (a fresh
conversation), asking a list of questions --rounds times: /ask with each document's
first Chinese and English example questions (doc.yaml `examples`), then a /chat
conversation (an example, an English follow-up, another example), asked through /ask with the
conversation so far as its history. A lone client
first asks the same list; an answer under load that differs from the lone client's,
or that fails, counts as an error. Prints p50/p95/max latency per endpoint and
overall, and the error count; exits 1 when there is any error.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STARTUP_S = 600  # the first start builds the index

FOLLOW_UP = "And how fast did it grow year on year?"


def build_script() -> list[tuple[str, str]]:
    """(endpoint, question) from the documents the app loads; /chat turns share one conversation."""
    sys.path.insert(0, str(REPO / "src"))
    from mjq_assistant.config import Settings
    from mjq_assistant.knowledge import load_knowledge
    documents = list(load_knowledge(*Settings().knowledge_roots).documents.values())
    script = [("/ask", q) for d in documents for q in (d.examples.zh[:1] + d.examples.en[:1])]
    chat = [q for d in documents for q in d.examples.zh + d.examples.en]
    if not chat:
        raise SystemExit("no example questions in any doc.yaml: nothing to ask")
    script += [("/chat", chat[0]), ("/chat", FOLLOW_UP), ("/chat", chat[min(1, len(chat) - 1)])]
    return script


def ask(client, endpoint: str, question: str, conversation: list[dict]) -> str:
    """/ask on its own, or ("/chat") with `conversation` as its history, which it then extends."""
    history = conversation if endpoint == "/chat" else []
    text = client.predict(question, json.dumps(history, ensure_ascii=False), api_name="/ask")["text"]
    if endpoint == "/chat":
        conversation += [{"role": "user", "content": question}, {"role": "assistant", "content": text}]
    return text


def reference(url: str, script) -> list[str]:
    """The answers a lone client gets: under load, every session must get the same."""
    from gradio_client import Client
    client = Client(url, verbose=False)
    conversation: list[dict] = []
    return [ask(client, endpoint, question, conversation) for endpoint, question in script]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def session(url: str, rounds: int, script, expected: list[str], timings: dict, errors: list,
            lock: threading.Lock) -> None:
    from gradio_client import Client
    start = time.perf_counter()
    try:
        client = Client(url, verbose=False)
    except Exception as exc:  # noqa: BLE001 - every failure is counted
        with lock:
            errors.append(f"connect: {exc!r}")
        return
    with lock:
        timings.setdefault("connect", []).append(time.perf_counter() - start)
    for _ in range(rounds):
        conversation: list[dict] = []  # each round a new conversation
        for (endpoint, question), want in zip(script, expected):
            start = time.perf_counter()
            try:
                text = ask(client, endpoint, question, conversation)
                elapsed = time.perf_counter() - start
                problem = None if text == want else \
                    f"{endpoint} {question!r}: {text[:120]!r} differs from a lone client's {want[:120]!r}"
            except Exception as exc:  # noqa: BLE001
                elapsed, problem = time.perf_counter() - start, f"{endpoint} {question!r}: {exc!r}"
            with lock:
                timings.setdefault(endpoint, []).append(elapsed)
                if problem:
                    errors.append(problem)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent client sessions (default 20)")
    parser.add_argument("--rounds", type=int, default=1, help="times each session runs the script (default 1)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 200 or not 1 <= args.rounds <= 50:
        parser.error("--sessions must be 1..200 and --rounds 1..50")
    logging.basicConfig(level=logging.WARNING)

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "MJQ_FEEDBACK": os.environ.get("MJQ_FEEDBACK", os.devnull),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}
    log = tempfile.NamedTemporaryFile("w+", prefix="mjq-bench-app-", suffix=".log", delete=False)
    print(f"starting app.py on {url} (builds the index on first use; its log: {log.name})…", flush=True)
    server = subprocess.Popen([sys.executable, str(REPO / "app.py"), "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        started = wait_until_serving(server, port, Path(log.name))
        script = build_script()
        expected = reference(url, script)
        print(f"app ready in {started:.1f} s; {args.sessions} sessions x {args.rounds} round(s) x "
              f"{len(script)} questions", flush=True)
        status = run(url, args, script, expected)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    if status == 0:
        os.unlink(log.name)  # kept when something went wrong
    return status


def wait_until_serving(server: subprocess.Popen, port: int, log: Path) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < STARTUP_S:
        if server.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise SystemExit(f"app.py exited with {server.returncode}:\n{tail}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return time.perf_counter() - start
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"app.py did not listen on port {port} within {STARTUP_S} s")


def run(url: str, args, script, expected: list[str]) -> int:
    timings: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    wall = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=args.sessions) as pool:
            futures = [pool.submit(session, url, args.rounds, script, expected, timings, errors, lock)
                       for _ in range(args.sessions)]
            for f in futures:
                f.result(timeout=600)
    finally:
        wall = time.perf_counter() - wall

    answers = [t for name, values in timings.items() if name != "connect" for t in values]
    report = {"sessions": args.sessions, "requests": len(answers), "errors": len(errors),
              "wall_s": round(wall, 2), "requests_per_s": round(len(answers) / wall, 1) if wall else None}
    print(f"\n{'':10}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name, values in sorted(timings.items()) + [("all", answers)]:
        p50, p95 = percentile(values, 0.5) * 1000, percentile(values, 0.95) * 1000
        print(f"{name:10}{len(values):>5}{p50:>10.0f}{p95:>10.0f}{max(values or [0]) * 1000:>10.0f}")
        report[name] = {"n": len(values), "p50_ms": round(p50), "p95_ms": round(p95)}
    print(f"\nrequests: {len(answers)} in {wall:.1f} s ({report['requests_per_s']}/s); errors: {len(errors)}")
    for problem in errors[:10]:
        print(f"  error: {problem}")
    if args.json:
        print(json.dumps(report, indent=1))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
