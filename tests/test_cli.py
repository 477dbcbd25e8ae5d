"""The `mjq` command line, run as a real subprocess."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
DOC = "majuqiao-2024"
ZH_FIGURE = "2024年1至11月马驹桥镇规上工业产值是多少？"
INDICATOR_KEYS = {"id", "scope", "metric_zh", "metric_en", "period", "value", "unit", "qualifier", "source", "quote"}


def mjq(*args: str, knowledge: Path = KNOWLEDGE, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "MJQ_KNOWLEDGE": str(knowledge), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "mjq_assistant.cli", *args], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


@pytest.fixture(scope="module")
def built(assistant):
    """The session's index is built before any subcommand uses MJQ_HOME."""
    return assistant


def test_ask_json_matches_to_dict(built):
    r = mjq("ask", ZH_FIGURE, "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    expected = built.ask(ZH_FIGURE).to_dict()
    assert set(out) == set(expected)
    assert out == json.loads(json.dumps(expected))
    assert "400.19" in out["text"] and out["language"] == "zh" and out["abstained"] is False


@pytest.mark.parametrize("question, heading", [
    (ZH_FIGURE, "来源"),
    ("What was Majuqiao's above-scale industrial output in January–November 2024?", "Sources"),
])
def test_ask_plain_prints_answer_and_sources(built, question, heading):
    r = mjq("ask", question)
    assert r.returncode == 0, r.stderr
    assert "400.19" in r.stdout and heading in r.stdout
    assert f"{DOC}#p02" in r.stdout


def test_indicators_json(built):
    r = mjq("indicators", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert isinstance(rows, list) and len(rows) >= 40
    for row in rows:
        assert INDICATOR_KEYS <= set(row), set(row) ^ INDICATOR_KEYS
    assert any(row["value"] == "400.19" and row["unit"] == "亿元" for row in rows)


def test_indicators_table_says_which_rows_are_reviewed(built):
    r = mjq("indicators", "--lang", "en")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert len(lines) >= 40 and all(line.split("\t")[-1] in ("reviewed", "extracted") for line in lines)


@pytest.mark.parametrize("command", [[], ["ask"], ["index"], ["indicators"], ["eval"]],
                         ids=["mjq", "ask", "index", "indicators", "eval"])
def test_help(command):
    r = mjq(*command, "--help")
    assert r.returncode == 0, r.stderr
    assert "usage:" in r.stdout


@pytest.mark.parametrize("args, message", [(["frobnicate"], "invalid choice"), (["ask"], "required"), ([], "required")])
def test_usage_errors_exit_2(args, message):
    r = mjq(*args)
    assert r.returncode == 2
    assert message in r.stderr and "usage:" in r.stderr


def test_history_file_follow_up(built, tmp_path):
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"role": "user", "content": ZH_FIGURE},
                                   {"role": "assistant", "content": built.ask(ZH_FIGURE).text}],
                                  ensure_ascii=False), encoding="utf-8")
    r = mjq("ask", "那它同比增长了多少？", "--history-file", str(history), "--json")
    assert r.returncode == 0, r.stderr
    assert "230.08%" in json.loads(r.stdout)["text"]


def test_bad_history_file_is_a_usage_error(tmp_path):
    bad = tmp_path / "history.json"
    bad.write_text("{not json", encoding="utf-8")
    r = mjq("ask", ZH_FIGURE, "--history-file", str(bad))
    assert r.returncode == 2 and "history.json" in r.stderr


def test_malformed_knowledge_exits_1_naming_the_file(tmp_path):
    broken = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, broken)
    with (broken / DOC / "article.zh.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"id": "p99", "kind": "paragraph", "text": \n')
    for args in (["indicators"], ["ask", ZH_FIGURE]):
        r = mjq(*args, knowledge=broken)
        assert r.returncode == 1, (args, r.stderr)
        assert f"{DOC}/article.zh.jsonl" in r.stderr
        assert "Traceback" not in r.stderr


def test_index_prints_passage_count(built):
    r = mjq("index")
    assert r.returncode == 0, r.stderr
    assert "passages" in r.stdout and "0 embedded" in r.stdout
    count = int(r.stdout.split(": ", 1)[1].split(" passages")[0])
    from mjq_assistant.index import build_passages
    assert count == len(build_passages(built.knowledge)) > 100


def test_bench_asks_the_first_documents_first_chinese_example():
    from mjq_assistant.bench import one_shot_question
    from mjq_assistant.knowledge import load_knowledge
    fictional = KNOWLEDGE.parent / "tests" / "fixtures" / "fictional"
    shipped_first = load_knowledge(KNOWLEDGE, fictional)
    assert one_shot_question(shipped_first) == shipped_first.documents[DOC].examples.zh[0]
    fictional_first = load_knowledge(fictional, KNOWLEDGE)
    first = next(iter(fictional_first.documents.values()))
    assert first.id != DOC and one_shot_question(fictional_first) == first.examples.zh[0]
