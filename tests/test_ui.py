"""The Gradio app without a browser: its API endpoints through gradio_client, the
sources panel, the indicator table and CSV, the chart, and feedback under
concurrent writers. Tests that start a server are marked slow."""
from __future__ import annotations

import concurrent.futures
import csv
import html
import importlib.util
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

gr = pytest.importorskip("gradio")
pytest.importorskip("gradio_client")

from mjq_assistant import ui  # noqa: E402
from mjq_assistant.errors import MjqError  # noqa: E402
from mjq_assistant.feedback import feedback_path, read_feedback, record_feedback  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DOC = "majuqiao-2024"
FICTIONAL = REPO / "tests" / "fixtures" / "fictional"
FICTIONAL_DOC = "qingshui-2023-economy"
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
    assert first["marker"] == 1 and first["source"].startswith(f"{DOC}#p")
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
    with pytest.raises(AppError, match="对话历史必须是由 {role, content} 消息组成的 JSON 列表"):  # the asker's language
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
    assert "<mark>400.19亿</mark>" in panel and f"{DOC}#p02" in panel
    assert "mjq-doc" in panel  # the cited document's title and date
    text, panel = chat.predict("And how fast did it grow?", api_name="/chat")  # same Client: a follow-up
    assert "230.08%" in text and "<mark>230.08%</mark>" in panel


# -- the chat function's pieces -------------------------------------------------------

def test_history_from_the_browser_and_from_the_client():
    browser = [{"role": "user", "content": [{"type": "text", "text": ZH_QUESTION}]},
               {"role": "assistant", "content": [{"type": "text", "text": "400.19亿元[1]。"}], "metadata": None},
               {"role": "system", "content": "ignored"}]
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
    documents = assistant.knowledge.documents
    panel = ui.sources_html(answer, "en", documents)
    assert "[1]" in panel and f"{DOC}#p02" in panel and "<h3>Sources</h3>" in panel
    assert "<mark>400.19亿</mark>元" in panel                    # in the Chinese quote
    assert "RMB <mark>40.019 billion</mark>" in panel             # the same figure in the translation
    assert "<mark>230.08%</mark>" not in panel                    # not a figure of this answer
    assert "<h3>来源</h3>" in ui.sources_html(answer, "zh")


def test_sources_panel_names_each_citations_document_and_date(assistant):
    """Next to each citation: its document's title (doc.yaml, in the interface language) and date."""
    from mjq_assistant.knowledge import load_knowledge
    k = load_knowledge(REPO / "knowledge", FICTIONAL)
    shipped, fictional = k.documents[DOC], k.documents[FICTIONAL_DOC]
    answer = {"text": "400.19亿元[1]，约95亿元[2]", "citations": [
        {"marker": 1, "source": f"{DOC}#p02", "quote": "实现产值400.19亿元", "translation": None},
        {"marker": 2, "source": f"{FICTIONAL_DOC}#p02", "quote": "约95亿元", "translation": None}]}
    zh = ui.sources_html(answer, "zh", k.documents)
    en = ui.sources_html(answer, "en", k.documents)
    assert f"《{shipped.title.zh}》" in zh and f"《{fictional.title.zh}》" in zh
    assert html.escape(shipped.title.en) in en and html.escape(fictional.title.en) in en
    assert fictional.date and fictional.date in zh and fictional.date in en
    assert not shipped.date and ui.TEXT["zh"]["undated"] in zh and ui.TEXT["en"]["undated"] in en
    assert zh.index(shipped.title.zh) < zh.index(fictional.title.zh)  # each next to its own citation
    # without the documents (or for an unknown one) the panel still shows the source
    assert f"{DOC}#p02" in ui.sources_html(answer, "zh") and "mjq-doc" not in ui.sources_html(answer, "zh")


def test_sources_panel_escapes_html_and_handles_no_citations():
    answer = {"text": "5% [1]", "citations": [
        {"marker": 1, "source": f"{DOC}#p01", "quote": "<script>alert(1)</script> 增长5%", "translation": None}]}
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
    k = assistant.knowledge
    rows = ui.indicator_table(k.indicators, documents=k.documents)
    path = ui.write_csv(rows, tmp_path)
    text = path.read_text(encoding="utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    assert list(records[0]) == ui.COLUMNS
    assert [f"{r['document']}#{r['id']}" for r in records] == [i.id for i in k.indicators]
    by_id = {(r["document"], r["id"]): r for r in records}
    row = by_id[(DOC, "ind-02")]
    assert row["value"] == "400.19" and row["unit"] == "亿元" and row["kind"] == "amount"
    assert row["figure_en"] == "RMB 40.019 billion (400.19亿元)"
    assert row["source"] == f"{DOC}#p02"  # as answers cite it
    assert by_id[(DOC, "ind-03")]["kind"] == "rate" and by_id[(DOC, "ind-03")]["of"] == "ind-02"
    assert ui.write_csv(rows, tmp_path) == path  # the same table gives the same file


def test_indicator_search_matches_either_language(assistant):
    k = assistant.knowledge
    indicators = k.indicators
    assert [(r[0], r[1]) for r in ui.indicator_table(indicators, "ind-02")] == [(DOC, "ind-02")]
    shares_zh = {r[1] for r in ui.indicator_table(indicators, "占通州区")}
    shares_en = {r[1] for r in ui.indicator_table(indicators, "share of TONGZHOU")}
    assert {"ind-12", "ind-18", "ind-20"} <= shares_zh & shares_en
    assert {r[1] for r in ui.indicator_table(indicators, "佔通州區")} == shares_zh  # traditional characters
    assert ui.indicator_table(indicators, "no such thing") == []
    shown = ui.display_rows(ui.indicator_table(indicators, "ind-02", k.documents), "en", k.documents)[0]
    assert len(shown) == len(ui.HEADERS) and "January–November 2024" in shown
    assert shown[0] == DOC and ui.HEADERS[0].endswith("document")  # the document id column
    period = next(p for p in k.documents[DOC].periods if p.id == "2024-01..2024-11")
    assert period.zh in ui.display_rows(ui.indicator_table(indicators, "ind-02", k.documents), "zh", k.documents)[0]


def test_chart_shows_shares_and_rates_only(assistant, tmp_path):
    indicators = assistant.knowledge.indicators
    shares, rates = ui.chart_rows(indicators)
    assert shares and rates and all(r.unit == "%" for r in shares + rates)
    # by the kind indicators.csv gives each row, not by words of the metric
    assert shares == [r for r in indicators if r.kind == "share" and r.unit == "%"]
    assert rates == [r for r in indicators if r.kind == "rate" and r.unit == "%"]
    assert f"{DOC}#ind-04" in {r.id for r in shares} and f"{DOC}#ind-03" in {r.id for r in rates}
    others = {r.id for r in indicators if r.kind not in ("share", "rate")}
    assert f"{DOC}#ind-22" in others and not others & {r.id for r in shares + rates}  # points, amounts...
    for lang in ("zh", "en"):
        fig = ui.indicator_chart(indicators, lang)
        top, bottom = fig.axes
        assert len(top.patches) == len(shares) and len(bottom.patches) == len(rates)
    labels = [re.sub(r"\s", "", t.get_text()) for t in ui.indicator_chart(indicators, "en").axes[0].get_yticklabels()]
    assert labels[0] == re.sub(r"\s", "", f"{shares[0].metric_en} ({ui._short_scope(shares[0].scope)})")  # metric, scope
    png = ui.chart_png(indicators, "en", tmp_path)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_chart_falls_back_to_english_without_a_chinese_font(assistant, monkeypatch):
    monkeypatch.setattr(ui, "cjk_font", lambda: None)
    fig = ui.indicator_chart(assistant.knowledge.indicators, "zh")
    labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert labels and all(label.isascii() or "亿元" in label for label in labels)


# -- what the page says comes from the documents (doc.yaml) ------------------------------

def _names(knowledge) -> set[str]:
    """Every glossary name of 2+ CJK characters or 4+ Latin letters: what a document is about."""
    return {n for g in knowledge.glossary for n in g.names
            if re.fullmatch(r"[\u4e00-\u9fff]{2,}", n) or (re.search(r"[A-Za-z]{4,}", n) and len(n) >= 4)}


def test_fixed_texts_name_no_document(assistant):
    """The interface's own strings are generic: titles, places and figures come from doc.yaml."""
    from mjq_assistant.knowledge import load_knowledge
    names = _names(load_knowledge(REPO / "knowledge", FICTIONAL))
    fixed = [v for lang in ui.TEXT.values() for v in lang.values()] + list(ui.ABOUT.values())
    found = {n for n in names for text in fixed
             if (n in text if not n.isascii() else re.search(rf"(?i)\b{re.escape(n)}\b", text))}
    assert found == set()
    assert ui.TEXT["zh"]["title"] == "经济数据问答" and ui.TEXT["en"]["title"] == "Town economy assistant"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_header_about_examples_and_placeholder_come_from_the_document(assistant, lang):
    k = assistant.knowledge
    doc = k.documents[DOC]
    header = ui.header_markdown(k, lang)
    assert header.startswith(f"# {ui.TEXT[lang]['title']}")
    assert doc.title.get(lang) in header and doc.coverage.get(lang) in header
    about = ui.about_markdown(k, lang)
    assert doc.title.get(lang) in about and doc.coverage.get(lang) in about
    assert all((p.zh if lang == "zh" else p.en) in about for p in doc.periods)
    assert doc.publisher.get(lang) in about and doc.authors.get(lang) in about
    assert repr(doc.examples.get(lang)[0]) in about  # the API example asks the document's example
    assert ui.example_questions(k, lang) == doc.examples.get(lang)
    assert ui.example_messages(k, lang) == [{"text": q} for q in doc.examples.get(lang)]
    assert doc.examples.get(lang)[0] in ui.placeholder(k, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_examples_shown_are_answered_in_their_language(assistant, lang):
    """doc.yaml's examples are what a first-time user clicks: each gets an answer in its
    language whose markers are cited, or an abstention that cites nothing."""
    for question in ui.example_questions(assistant.knowledge, lang):
        a = assistant.ask(question)
        assert a.language == lang, question
        markers = {int(m) for m in re.findall(r"\[(\d+)\]", a.text)}
        assert markers <= {c.marker for c in a.citations}, question
        assert a.abstained or (a.citations and all(c.source.startswith(f"{DOC}#p") for c in a.citations)), question


def test_two_documents_show_both(tmp_path):
    """With the fictional document loaded too: both titles (the fictional one marked), both documents'
    examples in order, the document column, chart labels that say which town."""
    from mjq_assistant.knowledge import load_knowledge
    k = load_knowledge(REPO / "knowledge", FICTIONAL)
    shipped, fictional = k.documents[DOC], k.documents[FICTIONAL_DOC]
    for lang in ("zh", "en"):
        header = ui.header_markdown(k, lang)
        assert shipped.title.get(lang) in header and fictional.title.get(lang) in header
        assert ui.document_title(fictional, lang) in header and ui.TEXT[lang]["fictional"] in header
        assert ui.example_questions(k, lang) == shipped.examples.get(lang) + fictional.examples.get(lang)
        about = ui.about_markdown(k, lang)
        assert fictional.date in about and fictional.publisher.get(lang) in about
    rows = ui.indicator_table(k.indicators, "ind-02", k.documents)
    assert [(r[0], r[1]) for r in rows] == [(DOC, "ind-02"), (FICTIONAL_DOC, "ind-02")]
    shown = ui.display_rows(rows, "en", k.documents)
    assert [r[0] for r in shown] == [DOC, FICTIONAL_DOC]
    assert "January–September 2023" in shown[1]  # the fictional document's own period name
    places = ui.subject_names(k)
    assert places[FICTIONAL_DOC]["zh"] == k.entries[f"{FICTIONAL_DOC}#{fictional.subject}"].zh
    fig = ui.indicator_chart(k.indicators, "en", places)
    labels = [re.sub(r"\s", "", t.get_text()) for ax in fig.axes for t in ax.get_yticklabels()]
    assert any(label.startswith(re.sub(r"\s", "", places[FICTIONAL_DOC]["en"])) for label in labels)
    assert any(label.startswith(re.sub(r"\s", "", places[DOC]["en"])) for label in labels)


def test_app_is_built_from_the_documents(assistant):
    """The Blocks app: a generic window title, the chatbot's examples and placeholder from doc.yaml."""
    from mjq_assistant.knowledge import load_knowledge
    k = load_knowledge(REPO / "knowledge", FICTIONAL)
    demo = ui.build_app(SimpleNamespace(knowledge=k), lang="en")  # nothing is asked while building
    try:
        assert demo.title == f"{ui.TEXT['zh']['title']} · {ui.TEXT['en']['title']}"
        chatbot = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "mjq-chatbot")
        assert [e["text"] for e in chatbot.examples] == ui.example_questions(k, "en")
        assert chatbot.placeholder == ui.placeholder(k, "en")
        header = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "mjq-header")
        assert header.value == ui.header_markdown(k, "en")
    finally:
        demo.close()


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
