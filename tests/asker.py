"""A serving process for the shared-index tests: loads the assistant from MJQ_HOME, prints
"ready", asks three questions in a loop until the file named by its argument exists, then
prints {"asks", "failures" (exceptions), "wrong" (the expected figure missing), "peak_rss_mb"} as JSON."""
import json
import logging
import resource
import sys
from pathlib import Path

from mjq_assistant import Assistant

QUESTIONS = [("2024年1至11月马驹桥镇规上工业产值是多少？", "400.19"),
             ("How many new market entities did Majuqiao add in 2024?", "4681"),
             ("Which industries does Majuqiao focus on?", None)]  # needs the vectors

logging.basicConfig(level=logging.WARNING)
assistant = Assistant.load().warm()
print("ready", flush=True)
stop = Path(sys.argv[1])
asks = failures = wrong = 0
while not stop.exists():
    for question, figure in QUESTIONS:
        asks += 1
        try:
            text = assistant.ask(question).text
        except Exception as exc:
            failures += 1
            print(f"FAILED {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
            continue
        wrong += bool(figure and figure not in text)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # KiB on Linux
print(json.dumps({"asks": asks, "failures": failures, "wrong": wrong, "peak_rss_mb": peak}), flush=True)
