"""The input gate (gate.py): every failure seen from hostile input, reproduced, then the
Hypothesis property over 10,000+ generated questions and histories."""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mjq_assistant import Answer, Assistant
from mjq_assistant.config import Settings
from mjq_assistant.errors import InputError, MjqError
from mjq_assistant.feedback import read_feedback, record_feedback

REPO = Path(__file__).resolve().parents[1]
ZH_FIGURE = "2024年1至11月马驹桥镇规上工业产值是多少？"
EN_FIGURE = "What was the industrial output value of Majuqiao above designated size in January-November 2024?"


def _assert_clean_answer(a: Answer) -> None:
    """What a client receives: JSON that encodes as UTF-8."""
    assert isinstance(a, Answer)
    json.dumps(a.to_dict(), ensure_ascii=False).encode("utf-8")


# -- reproduced failures -------------------------------------------------------------

def test_lone_surrogate_in_the_question(assistant):
    a = assistant.ask("2024年1至11月马驹桥镇规上工业产值\ud800是多少？")
    _assert_clean_answer(a)
    assert "400.19" in a.text and "\ufffd" in a.question


def test_lone_surrogate_in_the_history(assistant):
    a = assistant.ask("那它同比增长了多少？", [{"role": "user", "content": ZH_FIGURE + "\udcff"},
                                            {"role": "assistant", "content": "400.19亿元[1]\ud83d"}])
    _assert_clean_answer(a)
    assert "230.08%" in a.text


def test_lone_surrogate_in_feedback(tmp_path):
    path = tmp_path / "feedback.jsonl"
    record_feedback("规上工业产值\ud800？", "400.19亿元\udcff", "up", comment="好\udfff", path=path)
    (record,) = read_feedback(path)
    assert record["question"] == "规上工业产值\ufffd？" and record["comment"] == "好\ufffd"


@pytest.mark.parametrize("history", [42, "not a list", (m for m in [{"role": "user", "content": ZH_FIGURE}]),
                                     {"role": "user", "content": ZH_FIGURE}, [42], [["nested"]],
                                     [{"role": "user", "content": [{"type": "text", "text": 5}]}],
                                     [{"role": "user", "content": {"text": ZH_FIGURE}}],
                                     [{"role": 7, "content": ZH_FIGURE}], [{"content": ZH_FIGURE}]],
                         ids=["int", "str", "generator", "one-message", "int-item", "list-item",
                              "non-string-block", "dict-content", "int-role", "no-role"])
def test_malformed_history_is_an_input_error_in_the_askers_language(assistant, history):
    with pytest.raises(InputError, match="对话历史") as zh:
        assistant.ask("那它同比增长了多少？", history)
    assert zh.value.language == "zh" and isinstance(zh.value, MjqError)
    if not hasattr(history, "__next__"):  # a generator is spent
        with pytest.raises(InputError, match="history must be a JSON list"):
            assistant.ask("And how fast did it grow?", history)


def test_history_nested_50000_deep(assistant):
    deep: list = []
    for _ in range(50_000):
        deep = [deep]
    with pytest.raises(InputError):
        assistant.ask(ZH_FIGURE, deep)
    with pytest.raises(InputError):
        assistant.ask(ZH_FIGURE, [{"role": "user", "content": deep}])


def test_gradio_blocks_and_other_roles_are_read(assistant):
    history = [{"role": "system", "content": "You are helpful."},
               {"role": "user", "content": [{"type": "text", "text": ZH_FIGURE}, {"type": "file", "path": "x.png"}]},
               {"role": "assistant", "content": [{"type": "text", "text": "400.19亿元[1]。"}], "metadata": None}]
    assert "230.08%" in assistant.ask("那它同比增长了多少？", history).text


def test_ansi_escape_prefix_is_no_figure(assistant):
    a = assistant.ask(f"\x1b[31m{ZH_FIGURE}\x1b[0m")
    assert not a.abstained and "400.19" in a.text and "31" not in a.text.replace("400.19", "")


@pytest.mark.parametrize("mark", ["①", "❶", "(1)", "1）"])
def test_numbered_questions_are_questions_not_figures(assistant, mark):
    second = {"①": "②", "❶": "❷", "(1)": "(2)", "1）": "2）"}[mark]
    a = assistant.ask(f"请问：{mark}{ZH_FIGURE}{second}规上工业企业有多少家？")
    assert not a.abstained and "400.19" in a.text and "91家" in a.text
    assert "“1”" not in a.text and "“2”" not in a.text


@pytest.mark.parametrize("question", ["ما هو الناتج الصناعي لماجوتشياو؟", "Ça a augmenté de combien à Majuqiao?",
                                      "Μαζουτσιάο"], ids=["arabic", "accented", "greek"])
def test_other_scripts_are_never_empty(assistant, question):
    a = assistant.ask(question)
    _assert_clean_answer(a)
    assert "Please type" not in a.text and "请输入" not in a.text


@pytest.mark.parametrize("question", ["", "   ", "？？？", "\x00\x01", "😀😀", "\x1b[2J"],
                         ids=["empty", "blank", "question-marks", "control-chars", "emoji", "ansi-only"])
def test_empty_input_is_refused_in_the_callers_language(assistant, question):
    with pytest.raises(InputError, match="请输入一个问题"):  # no words to go by: Chinese, the data's language
        assistant.ask(question)
    with pytest.raises(InputError, match="Please type a question"):  # the English UI passes its language
        assistant.ask(question, language="en")


@pytest.mark.parametrize("question", [None, 42, b"\xe8\xa7\x84\xe4\xb8\x8a", ["规上工业产值"]],
                         ids=["none", "int", "bytes", "list"])
def test_a_question_that_is_not_text(assistant, question):
    with pytest.raises(InputError, match="问题必须是文本"):
        assistant.ask(question)


def test_oversized_input_is_refused_before_any_work(assistant):
    with pytest.raises(InputError, match="too long"):
        assistant.ask("How much? " * 10_000)
    with pytest.raises(InputError, match="历史消息太长"):
        assistant.ask(ZH_FIGURE, [{"role": "user", "content": "字" * 70_000}])
    with pytest.raises(InputError, match="1001条消息"):
        assistant.ask(ZH_FIGURE, [{"role": "user", "content": "问"}] * 1001)


def test_a_refusal_logs_one_line_and_no_traceback(assistant, caplog):
    with caplog.at_level(logging.DEBUG, logger="mjq_assistant"), pytest.raises(InputError):
        assistant.ask(ZH_FIGURE, 42)
    records = [r for r in caplog.records if r.name.startswith("mjq_assistant")]
    assert len(records) == 1 and records[0].exc_info is None and "\n" not in records[0].getMessage()


def test_stream_goes_through_the_gate(assistant):
    with pytest.raises(InputError):
        list(assistant.stream(ZH_FIGURE, history=42))
    *_, last = assistant.stream("\ud800" + ZH_FIGURE)
    _assert_clean_answer(last)


# -- the command line ---------------------------------------------------------------

def _mjq(*args, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "mjq_assistant.cli", *args], capture_output=True, env=env,
                          timeout=300, **kwargs)


def test_non_utf8_command_line_argument(assistant):
    r = _mjq(b"ask", "2024年1至11月规上工业产值".encode() + b"\xff\xfe" + "是多少？".encode())
    out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
    assert r.returncode == 0 and "400.19" in out and "Traceback" not in err, err


@pytest.mark.parametrize("content", [b"42", b'{"role": "user"}', b'[{"role": "user", "content": 5}]',
                                     b"\xff\xfe not utf-8", b"[" * 50_000 + b"]" * 50_000, b"[{not json",
                                     b'[{"role": "user", "content": "\\ud800"}]'],
                         ids=["int", "object", "int-content", "invalid-utf8", "nested-50000", "not-json", "surrogate"])
def test_odd_history_file(assistant, tmp_path, content):
    path = tmp_path / "history.json"
    path.write_bytes(content)
    r = _mjq("ask", ZH_FIGURE, "--history-file", str(path))
    err = r.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    if content.startswith(b'[{"role": "user", "content": "\\ud'):  # a valid history with a lone surrogate
        assert r.returncode == 0 and "400.19" in r.stdout.decode("utf-8")
    else:
        assert r.returncode == 2 and "--history-file" in err and len(err.splitlines()) == 1, err


def test_empty_question_on_the_command_line_is_a_usage_error():
    r = _mjq("ask", "？？？")
    assert r.returncode == 2 and "请输入一个问题" in r.stderr.decode("utf-8")


# -- the property -------------------------------------------------------------------

ANY_CHAR = st.characters(exclude_categories=())  # every code point, lone surrogates included
ODD = ["\x1b[31m", "\u202e", "\u200b", "\ufeff", "1. ", "(1)", "1）", "据说", "\x00", "\r\n", "？？", "🀄", "𠀀",
       "ﾏｼﾞｭ", "\U000e0041", "\ud800", "\x9b2J", "\u0301", "٣٤", "亿元", "%", "999"]
REAL = [ZH_FIGURE, EN_FIGURE, "那它同比增长了多少？", "马驹桥 社零", "How many new market entities did Majuqiao add?"]


def _texts(max_size: int):
    return st.text(ANY_CHAR, max_size=max_size)


def _odd_text():
    return st.lists(st.sampled_from(ODD) | ANY_CHAR, max_size=4).map("".join)


QUESTIONS = st.one_of(
    _texts(60),
    st.builds(lambda a, q, b: a + q + b, _odd_text(), st.sampled_from(REAL), _odd_text()),
    st.none(), st.integers(), st.binary(max_size=8), st.lists(_texts(5), max_size=2),
)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | _texts(10),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_texts(6), inner, max_size=3),
                    max_leaves=8)
BLOCK = st.one_of(_texts(20), JSON, st.fixed_dictionaries(
    {"type": st.sampled_from(["text", "image", "file", None]), "text": st.one_of(_texts(20), JSON)}))
MESSAGE = st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant", "system", "tool", "", None, 3]),
                                 "content": st.one_of(_texts(40), st.sampled_from(REAL), st.lists(BLOCK, max_size=3), JSON)})
HISTORIES = st.one_of(st.none(), st.lists(MESSAGE, max_size=4), st.lists(st.one_of(MESSAGE, JSON), max_size=3),
                      JSON, st.iterables(MESSAGE, max_size=2))


def _fuzz(assistant, examples: int) -> int:
    seen = []

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(question=QUESTIONS, history=HISTORIES)
    def ask(question, history):
        try:
            answer = assistant.ask(question, history)
        except InputError as exc:
            assert str(exc) and exc.language in ("zh", "en")
            seen.append("refused")
            return
        _assert_clean_answer(answer)
        seen.append("answered")

    ask()
    print(f"fuzzed {len(seen)} questions and histories: {seen.count('answered')} answered, "
          f"{seen.count('refused')} refused with an InputError")  # for the closing note (pytest -s)
    return len(seen)


def test_fuzz_10000_questions_and_histories_get_an_answer_or_an_input_error(assistant):
    """Keyword retrieval (the vector store's input is the same text): 10,000 examples."""
    keywords = Assistant.load(Settings(home=assistant.settings.home, knowledge_dir=assistant.settings.knowledge_dir,
                                       retrieval="bm25"))
    assert _fuzz(keywords, 10_000) >= 10_000


def test_fuzz_the_full_assistant(assistant):
    assert _fuzz(assistant, 1_000) >= 1_000
