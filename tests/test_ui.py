"""The Gradio app without a browser: its API endpoints through gradio_client, the
sources panel, the indicator table and CSV, the chart, and feedback under
concurrent writers. Tests that start a server are marked slow."""
from __future__ import annotations

import concurrent.futures
import csv
import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

gr = pytest.importorskip("gradio")
pytest.importorskip("gradio_client")

from mjq_assistant import ui  # noqa: E402
from mjq_assistant.errors import MjqError  # noqa: E402
from mjq_assistant.feedback import feedback_path, read_feedback, record_feedback  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ZH_QUESTION = "2024年1至11月马驹桥镇规上工业产值是多少？"
EN_QUESTION = "What was the output value of above-designated-size industrial enterprises in January-November 2024?"


@pytest.fixture(scope="module")
def server(serve_app):
    """The app on a free loopback port, for the module's tests."""
    return serve_app(stream_delay=0)


def client(url):
    from gradio_client import Client
    return Client(url, verbose=False)  # a fresh one per conversation: a Client keeps chat history


# -- the API ------------------------------------------------------------------------

@pytest.mark.slow
def test_api_names_ask_and_chat_only(server):
    endpoints = client(server).view_api(return_format="dict", print_info=False)["named_endpoints"]
    assert set(endpoints) == {"/ask", "/chat"}
    params = [p["parameter_name"] for p in endpoints["/ask"]["parameters"]]
    assert params == ["question", "history"]


@pytest.mark.slow
def test_ask_chinese(server):
    result = client(server).predict(ZH_QUESTION, "[]", api_name="/ask")
    assert result["language"] == "zh" and not result["abstained"]
    assert "400.19亿元" in result["text"] and "[1]" in result["text"]
    first = result["citations"][0]
    assert first["marker"] == 1 and first["source"].startswith("article#p")
    assert "400.19亿元" in first["quote"] and "40.019 billion" in first["translation"]


@pytest.mark.slow
def test_ask_english_without_history(server):
    result = client(server).predict(EN_QUESTION, api_name="/ask")  # history is optional
    assert result["language"] == "en"
    assert "RMB 40.019 billion (400.19亿元)" in result["text"] and "[1]" in result["text"]
    assert any("400.19" in c["quote"] for c in result["citations"])


@pytest.mark.slow
def test_ask_follow_up_with_history(server):
    history = [{"role": "user", "content": ZH_QUESTION}, {"role": "assistant", "content": "400.19亿元[1]。"}]
    result = client(server).predict("同比增长多少？", json.dumps(history, ensure_ascii=False), api_name="/ask")
    assert "230.08%" in result["text"]


@pytest.mark.slow
def test_ask_rejects_history_that_is_not_json(server):
    from gradio_client.exceptions import AppError
    with pytest.raises(AppError, match="history must be a JSON list"):
        client(server).predict(ZH_QUESTION, "[{not json", api_name="/ask")


@pytest.mark.slow
def test_ask_abstains_in_the_askers_language(server):
    result = client(server).predict("What was Majuqiao's GDP in 2023?", api_name="/ask")
    assert result["abstained"] and result["language"] == "en" and not result["citations"]


@pytest.mark.slow
def test_chat_endpoint_keeps_the_conversation(server):
    chat = client(server)
    text, panel = chat.predict(ZH_QUESTION, api_name="/chat")
    assert "400.19亿元[1]" in text
    assert "<mark>400.19亿</mark>" in panel and "article#p02" in panel
    text, panel = chat.predict("And how fast did it grow?", api_name="/chat")  # same Client: a follow-up
    assert "230.08%" in text and "<mark>230.08%</mark>" in panel


# -- the chat function's pieces -------------------------------------------------------

def test_history_from_the_browser_and_from_the_client():
    browser = [{"role": "user", "content": [{"type": "text", "text": ZH_QUESTION}]},
               {"role": "assistant", "content": [{"type": "text", "text": "400.19亿元[1]。"}], "metadata": None},
               {"role": "system", "content": "ignored"}, "junk"]
    plain = [{"role": "user", "content": ZH_QUESTION}, {"role": "assistant", "content": "400.19亿元[1]。"}]
    assert ui.normalize_history(browser) == plain
    assert ui.normalize_history(json.dumps(plain, ensure_ascii=False)) == plain
    assert ui.normalize_history("") == [] and ui.normalize_history(None) == []


def test_stream_pieces_grow_to_the_answer_and_never_split_a_figure():
    text = ("Output value (whole town, January–November 2024): RMB 40.019 billion (400.19亿元) [1].\n"
            "Share of Tongzhou District's output: 45.5% [2].")
    pieces = ui.stream_pieces(text)
    assert pieces[-1] == text and 2 < len(pieces) <= 12
    assert all(b.startswith(a) and len(b) > len(a) for a, b in zip(pieces, pieces[1:]))
    for piece in pieces[:-1]:
        assert not piece.endswith(("40.", "400.", "[", "45.")), piece
    assert ui.stream_pieces("400.19亿元") == ["400.19亿元"]


def test_sources_panel_marks_the_answers_figures(assistant):
    answer = assistant.ask(ZH_QUESTION).to_dict()
    panel = ui.sources_html(answer, "en")
    assert "[1]" in panel and "article#p02" in panel and "<h3>Sources</h3>" in panel
    assert "<mark>400.19亿</mark>元" in panel                    # in the Chinese quote
    assert "RMB <mark>40.019 billion</mark>" in panel             # the same figure in the translation
    assert "<mark>230.08%</mark>" not in panel                    # not a figure of this answer
    assert "<h3>来源</h3>" in ui.sources_html(answer, "zh")


def test_sources_panel_escapes_html_and_handles_no_citations():
    answer = {"text": "5% [1]", "citations": [
        {"marker": 1, "source": "article#p01", "quote": "<script>alert(1)</script> 增长5%", "translation": None}]}
    panel = ui.sources_html(answer, "zh")
    assert "<script>" not in panel and "&lt;script&gt;" in panel and "<mark>5%</mark>" in panel
    assert "mjq-notice" in ui.sources_html({"text": "没有", "citations": []}, "zh")
    assert "mjq-notice" in ui.sources_html(None, "en")


def test_like_finds_the_question_of_the_rated_answer():
    history = [{"role": "user", "content": [{"type": "text", "text": "Q1"}]},
               {"role": "assistant", "content": [{"type": "text", "text": "A1"}]},
               {"role": "user", "content": "Q2"}, {"role": "assistant", "content": "A2"}]
    assert ui._from_like(history, 1) == ("Q1", "A1")
    assert ui._from_like(history, [3, 0]) == ("Q2", "A2")
    assert ui._from_like(history, 9) == ("", "")


# -- indicators ----------------------------------------------------------------------

def test_indicators_csv_holds_every_indicator(assistant, tmp_path):
    rows = ui.indicator_table(assistant.knowledge.indicators)
    path = ui.write_csv(rows, tmp_path)
    text = path.read_text(encoding="utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    assert list(records[0]) == ui.COLUMNS
    assert [r["id"] for r in records] == [i.id for i in assistant.knowledge.indicators]
    by_id = {r["id"]: r for r in records}
    assert by_id["ind-02"]["value"] == "400.19" and by_id["ind-02"]["unit"] == "亿元"
    assert by_id["ind-02"]["figure_en"] == "RMB 40.019 billion (400.19亿元)"
    assert ui.write_csv(rows, tmp_path) == path  # the same table gives the same file


def test_indicator_search_matches_either_language(assistant):
    indicators = assistant.knowledge.indicators
    assert [r[0] for r in ui.indicator_table(indicators, "ind-02")] == ["ind-02"]
    shares_zh = {r[0] for r in ui.indicator_table(indicators, "占通州区")}
    shares_en = {r[0] for r in ui.indicator_table(indicators, "share of TONGZHOU")}
    assert {"ind-12", "ind-18", "ind-20"} <= shares_zh & shares_en
    assert {r[0] for r in ui.indicator_table(indicators, "佔通州區")} == shares_zh  # traditional characters
    assert ui.indicator_table(indicators, "no such thing") == []
    shown = ui.display_rows(ui.indicator_table(indicators, "ind-02"), "en")[0]
    assert len(shown) == len(ui.HEADERS) and "January–November 2024" in shown


def test_chart_shows_shares_and_growth_rates_only(assistant, tmp_path):
    indicators = assistant.knowledge.indicators
    shares, growth = ui.chart_rows(indicators)
    assert shares and growth and all(r.unit == "%" for r in shares + growth)
    assert "ind-04" in {r.id for r in shares} and "ind-03" in {r.id for r in growth}
    assert "ind-23" not in {r.id for r in shares + growth}  # a contribution rate is neither
    for lang in ("zh", "en"):
        fig = ui.indicator_chart(indicators, lang)
        top, bottom = fig.axes
        assert len(top.patches) == len(shares) and len(bottom.patches) == len(growth)
    png = ui.chart_png(indicators, "en", tmp_path)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_chart_falls_back_to_english_without_a_chinese_font(assistant, monkeypatch):
    monkeypatch.setattr(ui, "cjk_font", lambda: None)
    fig = ui.indicator_chart(assistant.knowledge.indicators, "zh")
    labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert labels and all(label.isascii() or "亿元" in label for label in labels)


# -- feedback ------------------------------------------------------------------------

def test_feedback_path_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MJQ_FEEDBACK", str(tmp_path / "f.jsonl"))
    assert feedback_path() == tmp_path / "f.jsonl"
    monkeypatch.delenv("MJQ_FEEDBACK")
    monkeypatch.setenv("MJQ_HOME", str(tmp_path / "home"))
    assert feedback_path() == tmp_path / "home" / "feedback.jsonl"


def test_feedback_record_is_one_json_line(monkeypatch, tmp_path):
    monkeypatch.setenv("MJQ_FEEDBACK", str(tmp_path / "sub" / "feedback.jsonl"))
    record_feedback(ZH_QUESTION, "400.19亿元[1]。", "down", comment="  缺少增长率\n", language="zh")
    lines = (tmp_path / "sub" / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert set(record) == {"time", "question", "answer", "rating", "comment", "language"}
    assert record["rating"] == "down" and record["comment"] == "缺少增长率" and record["question"] == ZH_QUESTION
    with pytest.raises(MjqError, match="'up' or 'down'"):
        record_feedback("q", "a", "meh")


def test_feedback_from_20_concurrent_writers_loses_nothing(monkeypatch, tmp_path):
    path = tmp_path / "feedback.jsonl"
    monkeypatch.setenv("MJQ_FEEDBACK", str(path))
    long_answer = "很长的回答。" * 2000  # ~36 KB per line: bigger than any atomic write

    def write(n: int) -> None:
        for k in range(5):
            record_feedback(f"question {n}-{k}", long_answer, "up" if k % 2 else "down", comment=f"w{n}", language="zh")

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(write, range(20)))
    records = read_feedback(path)  # every line parses
    assert len(records) == 100
    assert {r["question"] for r in records} == {f"question {n}-{k}" for n in range(20) for k in range(5)}
    assert all(r["answer"] == long_answer for r in records)


def test_feedback_from_concurrent_processes_loses_nothing(tmp_path):
    path = tmp_path / "feedback.jsonl"
    code = ("import sys; from mjq_assistant.feedback import record_feedback\n"
            "for k in range(25): record_feedback(f'p{sys.argv[1]}-{k}', 'x' * 70000, 'up', path=sys.argv[2])")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(n), str(path)]) for n in range(4)]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    records = read_feedback(path)
    assert len(records) == 100 and len({r["question"] for r in records}) == 100


# -- app.py --------------------------------------------------------------------------

def _app_module():
    spec = importlib.util.spec_from_file_location("mjq_app", REPO / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_app_host_and_port_from_flags_or_environment(monkeypatch, capsys):
    app = _app_module()
    monkeypatch.delenv("MJQ_HOST", raising=False)
    monkeypatch.delenv("MJQ_PORT", raising=False)
    args = app.parse_args([])
    assert (args.host, args.port) == ("127.0.0.1", 7860)
    monkeypatch.setenv("MJQ_HOST", "0.0.0.0")
    monkeypatch.setenv("MJQ_PORT", "8123")
    args = app.parse_args([])
    assert (args.host, args.port) == ("0.0.0.0", 8123)
    assert app.parse_args(["--port", "9000", "--host", "localhost"]).port == 9000
    with pytest.raises(SystemExit):
        app.parse_args(["--port", "99999"])
    assert "not between 1 and 65535" in capsys.readouterr().err
