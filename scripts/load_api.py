"""Load test of the HTTP API (`mjq serve`) and, for comparison, of the Gradio app's API, on loopback.

    MJQ_HOME=/tmp/mjq-load-home python scripts/load_api.py [--clients 50] [--seconds 60] [--workers 2]
                                                           [--think 0] [--target api|gradio|both] [--json F]

For each target, starts the server in its own process on a free 127.0.0.1 port (`mjq serve
--workers N` with a generated key; `python app.py`, one process, for Gradio), waits until it
is ready, warms it for 5 s, then runs --clients asyncio clients (httpx, one connection each)
for --seconds. API clients take turns over POST /v1/ask, /v1/chat/completions and the same
with stream: true; Gradio clients call /ask through Gradio's HTTP API (/gradio_api/call/ask,
then its event stream). Questions: every document's example questions (doc.yaml). --think
waits between a client's requests (0: as fast as answers come). Prints requests/s, p50, p95,
p99 per endpoint, errors (any answer that differs from the one a lone client got first, or none), and the server's RSS (its whole
process tree) before the measured load (after the warm-up) and after it, with the CPU time the
server and this script spent per request (they share the machine's cores). Exits 1 when there is any error.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench_ui import REPO, free_port, percentile

STARTUP_S = 600   # the first start builds the index
WARM_S = 5


def example_questions() -> list[str]:
    """Every loaded document's example questions (doc.yaml), Chinese and English."""
    sys.path.insert(0, str(REPO / "src"))
    from mjq_assistant.config import Settings
    from mjq_assistant.knowledge import load_knowledge
    return [q for d in load_knowledge(*Settings().knowledge_roots).documents.values() for q in d.examples.zh + d.examples.en]


def tree_usage(pid: int) -> tuple[float, float]:
    """(resident MB, CPU seconds used) of a process and all its descendants (Linux /proc)."""
    kb, ticks, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            kb += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            ticks += sum(int(f) for f in Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[11:13])
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue  # gone, or a kernel thread without memory
    return round(kb / 1024, 1), ticks / os.sysconf("SC_CLK_TCK")


def own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def start_server(target: str, port: int, workers: int, key: str, log) -> subprocess.Popen:
    env = {**os.environ, "MJQ_FEEDBACK": os.devnull,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}
    if target == "api":
        env.update(MJQ_API_KEYS=key, MJQ_RATE_LIMIT="1000000/minute")  # the test measures answers, not the limiter
        command = [sys.executable, "-m", "mjq_assistant.cli", "serve", "--port", str(port), "--workers", str(workers)]
    else:
        command = [sys.executable, str(REPO / "app.py"), "--port", str(port)]
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_ready(server: subprocess.Popen, url: str, log_path: str) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}:\n{Path(log_path).read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} was not ready within {STARTUP_S} s")


def _stream_text(events: str) -> str | None:
    """The content of a chat completion's SSE stream, or None when it does not end in [DONE]."""
    if not events.endswith("data: [DONE]\n\n") or '"error"' in events:
        return None
    chunks = [json.loads(e[len("data: "):]) for e in events.split("\n\n") if e and e != "data: [DONE]"]
    return "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks)


async def api_ask(client: httpx.AsyncClient, question: str) -> str | None:
    r = await client.post("/v1/ask", json={"question": question})
    return r.json()["text"] if r.status_code == 200 else None


async def api_chat(client: httpx.AsyncClient, question: str) -> str | None:
    body = {"model": "mjq-assistant", "messages": [{"role": "user", "content": question}]}
    r = await client.post("/v1/chat/completions", json=body)
    return r.json()["choices"][0]["message"]["content"] if r.status_code == 200 else None


async def api_chat_stream(client: httpx.AsyncClient, question: str) -> str | None:
    body = {"model": "mjq-assistant", "messages": [{"role": "user", "content": question}], "stream": True}
    r = await client.post("/v1/chat/completions", json=body)
    return _stream_text(r.text) if r.status_code == 200 else None


async def gradio_ask(client: httpx.AsyncClient, question: str) -> str | None:
    r = await client.post("/gradio_api/call/ask", json={"data": [question, "[]"]})
    if r.status_code != 200:
        return None
    events = await client.get(f"/gradio_api/call/ask/{r.json()['event_id']}")
    _, complete, data = events.text.partition("event: complete\ndata: ")
    return json.loads(data)[0]["text"] if complete else None


ENDPOINTS = {"api": {"ask": api_ask, "chat": api_chat, "chat-stream": api_chat_stream},
             "gradio": {"gradio-ask": gradio_ask}}


async def reference(url: str, endpoints: dict, headers: dict, questions: list[str]) -> dict:
    """What a lone client gets for each (endpoint, question): under load, every answer must be the same."""
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as client:
        return {(name, q): await call(client, q) for name, call in endpoints.items() for q in questions}


async def load(url: str, endpoints: dict, headers: dict, questions: list[str], expected: dict, clients: int,
               seconds: float, think: float) -> tuple[dict[str, list[float]], list[str], float]:
    """Each client takes the endpoints and questions in turn; an answer differing from `expected` is an error."""
    timings: dict[str, list[float]] = {}
    errors: list[str] = []
    calls = list(endpoints.items())

    async def user(n: int) -> None:
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60,
                                     limits=httpx.Limits(max_connections=1)) as client:
            turn = n
            while time.monotonic() < end:
                (name, call), question = calls[turn % len(calls)], questions[turn // len(calls) % len(questions)]
                start = time.perf_counter()
                try:
                    text = await call(client, question)
                except (httpx.HTTPError, ValueError, KeyError) as exc:
                    text = exc
                timings.setdefault(name, []).append(time.perf_counter() - start)
                if text != expected[name, question]:
                    errors.append(f"{name} {question!r}: {text!r:.200} differs from a lone client's answer")
                turn += 1
                if think:
                    await asyncio.sleep(think)

    end = time.monotonic() + seconds
    wall = time.perf_counter()
    await asyncio.gather(*(user(n) for n in range(clients)))
    return timings, errors, time.perf_counter() - wall


def run_target(target: str, args, questions: list[str]) -> dict:
    port, key = free_port(), secrets.token_urlsafe(16)
    url = f"http://127.0.0.1:{port}"
    log = tempfile.NamedTemporaryFile("w+", prefix=f"mjq-load-{target}-", suffix=".log", delete=False)
    server = start_server(target, port, args.workers, key, log)
    label = f"mjq serve --workers {args.workers}" if target == "api" else "python app.py (Gradio)"
    print(f"\n== {label} on {url} (log: {log.name})", flush=True)
    try:
        wait_ready(server, f"{url}/readyz" if target == "api" else f"{url}/", log.name)
        endpoints, headers = ENDPOINTS[target], ({"Authorization": f"Bearer {key}"} if target == "api" else {})
        expected = asyncio.run(reference(url, endpoints, headers, questions))
        asyncio.run(load(url, endpoints, headers, questions, expected, args.clients, WARM_S, args.think))
        rss_before, server_cpu = tree_usage(server.pid)  # after the warm-up: every worker has loaded
        client_cpu, load_avg = own_cpu_s(), os.getloadavg()[0]
        timings, errors, wall = asyncio.run(load(url, endpoints, headers, questions, expected, args.clients,
                                                 args.seconds, args.think))
        rss_after, server_cpu_after = tree_usage(server.pid)
        server_cpu, client_cpu = server_cpu_after - server_cpu, own_cpu_s() - client_cpu
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)
    every = [t for values in timings.values() for t in values]
    report = {"target": label, "clients": args.clients, "seconds": round(wall, 1), "think_s": args.think,
              "requests": len(every), "requests_per_s": round(len(every) / wall, 1), "errors": len(errors),
              "rss_mb_before": rss_before, "rss_mb_after": rss_after,
              "server_cpu_ms_per_request": round(server_cpu * 1000 / max(len(every), 1), 2),
              "client_cpu_ms_per_request": round(client_cpu * 1000 / max(len(every), 1), 2),
              "load_average_at_start": load_avg, "endpoints": {}}
    print(f"{'':12}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for name, values in sorted(timings.items()) + [("all", every)]:
        row = {"n": len(values), **{f"p{q}_ms": round(percentile(values, q / 100) * 1000) for q in (50, 95, 99)}}
        report["endpoints"][name] = row
        print(f"{name:12}{row['n']:>7}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['p99_ms']:>9}")
    print(f"{report['requests_per_s']} requests/s; errors: {len(errors)}; server RSS {rss_before} MB before, "
          f"{rss_after} MB after; CPU per request: server {report['server_cpu_ms_per_request']} ms, "
          f"this load generator {report['client_cpu_ms_per_request']} ms; load average at start {load_avg:.1f}",
          flush=True)
    for problem in errors[:5]:
        print(f"  error: {problem}")
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="measured duration per target (default 60)")
    parser.add_argument("--workers", type=int, default=2, help="mjq serve workers (default 2)")
    parser.add_argument("--think", type=float, default=0, help="seconds a client waits between requests (default 0)")
    parser.add_argument("--target", choices=("api", "gradio", "both"), default="both")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 500 or not 1 <= args.seconds <= 600 or not 1 <= args.workers <= 16:
        parser.error("--clients must be 1..500, --seconds 1..600 and --workers 1..16")
    questions = example_questions()
    targets = ("api", "gradio") if args.target == "both" else (args.target,)
    reports = [run_target(target, args, questions) for target in targets]
    if args.json:
        Path(args.json).write_text(json.dumps(reports, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if any(r["errors"] for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
