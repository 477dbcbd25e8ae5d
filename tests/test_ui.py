"""The Gradio app without a browser: its API endpoint through gradio_client, the source cards,
conversations, follow-ups and export, the limits for an exposed app, the indicator table and
files, the chart, and feedback under concurrent writers. Tests that start a server are marked slow."""
from __future__ import annotations

import concurrent.futures
import csv
import html
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

gr = pytest.importorskip("gradio")
pytest.importorskip("gradio_client")

from mjq_assistant import ui  # noqa: E402
from mjq_assistant.ui import chat, layout, limits, sources  # noqa: E402
from mjq_assistant.ui import documents as document_tab  # noqa: E402
from mjq_assistant.ui import indicators as ind  # noqa: E402
from mjq_assistant.ui.strings import TEXT  # noqa: E402
from mjq_assistant.errors import InputError, MjqError  # noqa: E402
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
def test_api_names_ask_only(server):
    endpoints = client(server).view_api(return_format="dict", print_info=False)["named_endpoints"]
    assert set(endpoints) == {"/ask"}  # the page's own events are private
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
def test_ask_rejects_history_that_is_not_json_and_overlong_questions(server):
    from gradio_client.exceptions import AppError
    with pytest.raises(AppError, match="对话历史必须是由 {role, content} 消息组成的 JSON 列表"):  # the asker's language
        client(server).predict(ZH_QUESTION, "[{not json", api_name="/ask")
    with pytest.raises(AppError, match="longer than"):
        client(server).predict("产值" * limits.MAX_QUESTION_CHARS, api_name="/ask")


@pytest.mark.slow
def test_ask_abstains_in_the_askers_language(server):
    result = client(server).predict("What was Majuqiao's GDP in 2023?", api_name="/ask")
    assert result["abstained"] and result["language"] == "en" and not result["citations"]


# -- messages ---------------------------------------------------------------------------

def test_history_from_the_browser_and_from_the_client():
    browser = [{"role": "user", "content": [{"type": "text", "text": ZH_QUESTION}]},
               {"role": "assistant", "content": [{"type": "text", "text": "400.19亿元[1]。"}], "metadata": None},
               {"role": "system", "content": "ignored"}]
    plain = [{"role": "user", "content": ZH_QUESTION}, {"role": "assistant", "content": "400.19亿元[1]。"}]
    assert chat.normalize_history(browser) == plain
    assert chat.normalize_history(json.dumps(plain, ensure_ascii=False)) == plain
    assert chat.normalize_history("") == [] and chat.normalize_history(None) == []
    with pytest.raises(InputError, match="JSON"):
        chat.normalize_history("[" * 100_000)  # nested too deep for the parser: the gate's message, not a crash


def test_stream_pieces_grow_to_the_answer_and_never_split_a_figure():
    text = ("Output value (whole town, January–November 2024): RMB 40.019 billion (400.19亿元) [1].\n"
            "Share of Tongzhou District's output: 45.5% [2].")
    pieces = chat.stream_pieces(text)
    assert pieces[-1] == text and 2 < len(pieces) <= 12
    assert all(b.startswith(a) and len(b) > len(a) for a, b in zip(pieces, pieces[1:]))
    for piece in pieces[:-1]:
        assert not piece.endswith(("40.", "400.", "[", "45.")), piece
    assert chat.stream_pieces("400.19亿元") == ["400.19亿元"]


def test_user_text_is_shown_as_text_never_html():
    """Typed text goes into an HTML block, escaped: Markdown is not read inside one, so neither
    tags nor formatting nor autolinks apply (the browser test checks how it shows)."""
    for typed in ("<b>bold</b>", "<img src=x onerror=alert(1)>", "**not bold** http://x.y/z # title", "a\n\nb"):
        shown = sources.as_text(typed)
        assert shown.startswith("<div class='mjq-text'>") and shown.endswith("</div>")
        inner = shown[len("<div class='mjq-text'>"):-len("</div>")]
        assert "<" not in inner.replace("<br>", "") and "\n" not in inner, shown
    assert sources.as_text("a < b & c\nd") == "<div class='mjq-text'>a &lt; b &amp; c<br>d</div>"
    # an answer that echoes the question keeps its markers as links, and the echo as text
    linked = sources.linked_markers("资料不支持问题中的“<img src=x>”[1]。", "abc")
    assert "<img" not in linked and "&lt;img" in linked
    assert "<a class='mjq-ref' href='#mjq-abc-1'>[1]</a>" in linked


# -- sources under each answer ------------------------------------------------------------

def test_source_cards_mark_the_answers_figures(assistant):
    answer = assistant.ask(ZH_QUESTION).to_dict()
    cards = sources.source_cards(answer, "en", assistant.knowledge, "a1")
    assert "id='mjq-a1-1'" in cards and "<b>[1]</b>" in cards and "<code>p02</code>" in cards
    assert "<mark>400.19亿</mark>元" in cards                    # in the Chinese sentence
    assert "RMB <mark>40.019 billion</mark>" in cards             # the same figure in the translation
    assert "91家" in cards and "91</mark>" not in cards          # not a figure of this answer
    assert html.escape(assistant.knowledge.documents[DOC].title.en) in cards


def test_source_cards_pair_whole_sentences_in_both_languages(assistant):
    """A clause-long quote is shown as its whole sentence, beside the English of that sentence: every
    figure of the translation can be checked against the Chinese."""
    from mjq_assistant.figures import find_figures
    answer = assistant.ask("2024年1至11月马驹桥镇社会消费品零售额是多少？").to_dict()
    quote = answer["citations"][0]["quote"]
    assert "240.39" not in quote  # the library cites a clause...
    zh, en = sources.aligned_passage(assistant.knowledge, answer["citations"][0]["source"], quote,
                                     answer["citations"][0]["translation"])
    assert quote in zh and "240.39亿元" in zh and "11.04亿元" in zh  # ...the card, its sentence
    assert {f.number for f in find_figures(en)} <= {f.number for f in find_figures(zh)} | {"9.445", "24.039", "1.104"}
    for figure in ("240.39", "7.9%", "11.04", "15.76%"):
        assert figure in zh and figure in en


def test_source_cards_name_each_citations_document_and_date():
    """Next to each citation: its document's title (doc.yaml, in the interface language) and date."""
    from mjq_assistant.knowledge import load_knowledge
    k = load_knowledge(REPO / "knowledge", FICTIONAL)
    shipped, fictional = k.documents[DOC], k.documents[FICTIONAL_DOC]
    answer = {"text": "400.19亿元[1]，约95亿元[2]", "citations": [
        {"marker": 1, "source": f"{DOC}#p02", "quote": "实现产值400.19亿元", "translation": None},
        {"marker": 2, "source": f"{FICTIONAL_DOC}#p02", "quote": "约95亿元", "translation": None}]}
    zh = sources.source_cards(answer, "zh", k)
    en = sources.source_cards(answer, "en", k)
    assert f"《{shipped.title.zh}》" in zh and f"《{fictional.title.zh}》" in zh
    assert html.escape(shipped.title.en) in en and html.escape(fictional.title.en) in en
    assert fictional.date and fictional.date in zh and fictional.date in en
    assert not shipped.date and TEXT["zh"]["undated"] in zh and TEXT["en"]["undated"] in en
    assert zh.index(shipped.title.zh) < zh.index(fictional.title.zh)  # each next to its own citation


def test_source_cards_escape_html_and_say_when_nothing_is_cited():
    answer = {"text": "5% [1]", "citations": [
        {"marker": 1, "source": f"{DOC}#p01", "quote": "<script>alert(1)</script> 增长5%", "translation": None}]}
    cards = sources.source_cards(answer, "zh")
    assert "<script>" not in cards and "&lt;script&gt;" in cards and "<mark>5%</mark>" in cards
    assert TEXT["zh"]["no_translation"] in cards
    assert TEXT["en"]["no_sources"] in sources.source_cards({"text": "No.", "abstained": True, "citations": []}, "en")


# -- conversations, follow-ups, export, feedback ----------------------------------------------

def _turn(assistant, question, key="k"):
    answer = {k: v for k, v in assistant.ask(question).to_dict().items() if k in chat.KEPT}
    return {"q": question, "a": answer, "id": limits.issue_answer_id(key, question, answer["text"]), "rating": None,
            "next": chat.follow_ups(assistant, answer)}


def test_conversations_new_rename_switch_delete_clear(assistant):
    store = chat.add_turn(None, _turn(assistant, ZH_QUESTION))
    store, first = chat.current(store)
    assert first["title"] == ZH_QUESTION and len(first["turns"]) == 1
    store = chat.start_session(store, "en")
    store, second = chat.current(store)
    assert second["id"] != first["id"] and second["title"] == TEXT["en"]["untitled"] and not second["turns"]
    assert [sid for _, sid in chat.session_choices(store)] == [second["id"], first["id"]]
    store = chat.rename_session(store, "  my   questions ", "en")
    assert chat.current(store)[1]["title"] == "my questions"
    store = chat.switch_session(store, first["id"], "zh")
    assert chat.current(store)[1]["id"] == first["id"]
    assert chat.history(chat.current(store)[1])[0] == {"role": "user", "content": ZH_QUESTION}
    store = chat.clear_session(store, "zh")
    assert chat.current(store)[1]["turns"] == [] and chat.current(store)[1]["title"] == TEXT["zh"]["untitled"]
    store = chat.delete_session(store, "zh")
    assert [s["id"] for s in store["sessions"]] == [second["id"]] and store["current"] == second["id"]
    assert chat.current({"garbled": 1})[1]["turns"] == []  # a broken store starts afresh


def test_conversations_are_bounded(assistant):
    turn = _turn(assistant, ZH_QUESTION)
    store = None
    for _ in range(limits.MAX_TURNS + 5):
        store = chat.add_turn(store, turn)
    assert len(chat.current(store)[1]["turns"]) == limits.MAX_TURNS
    for _ in range(limits.MAX_SESSIONS + 5):
        store = chat.add_turn(chat.start_session(store, "zh"), turn)
    assert len(store["sessions"]) == limits.MAX_SESSIONS


def test_chatbot_shows_each_answer_with_its_own_sources_and_follow_ups(assistant):
    store = chat.add_turn(None, _turn(assistant, ZH_QUESTION))
    store = chat.add_turn(store, _turn(assistant, "How many new market entities were there in 2024?"))
    session = chat.current(store)[1]
    shown = chat.messages(session, "zh", assistant.knowledge)
    assert [m["role"] for m in shown] == ["user", "assistant", "user", "assistant"]
    first, second = (session["turns"][0]["id"], session["turns"][1]["id"])
    assert f"href='#mjq-{first}-1'" in shown[1]["content"] and f"id='mjq-{first}-1'" in shown[1]["content"]
    assert f"id='mjq-{second}-1'" in shown[3]["content"] and "4681" in shown[3]["content"]
    assert f"mjq-{second}" not in shown[1]["content"]  # the first answer keeps its own sources
    assert [o["value"] for o in shown[1]["options"]] == session["turns"][0]["next"]
    assert chat.ratings(session) == [None, None]


@pytest.mark.parametrize("question", [ZH_QUESTION, EN_QUESTION, "马驹桥镇规上汽车制造业产值是多少？"])
def test_follow_ups_come_from_the_cited_data_and_are_answered(assistant, question):
    """Two or three questions per answer, about figures of the cited sentences (or the same metric
    elsewhere) that the answer did not state; each is answered with that figure, cited."""
    from mjq_assistant.figures import contains_figure
    answer = assistant.ask(question).to_dict()
    suggested = chat.follow_ups(assistant, answer)
    assert 2 <= len(suggested) <= 3, suggested
    rows = assistant.knowledge.indicators
    for follow_up in suggested:
        reply = assistant.ask(follow_up)
        assert reply.language == answer["language"] and not reply.abstained, follow_up
        new = [r for r in rows if contains_figure(reply.text, r.figure) and not contains_figure(answer["text"], r.figure)]
        assert new, f"{follow_up!r} repeats the answer: {reply.text}"
        assert {c.source for c in reply.citations} & {c["source"] for c in answer["citations"]} or \
            any(r.metric_zh in {s.metric_zh for s in rows if contains_figure(answer["text"], s.figure)} for r in new)
    assert chat.follow_ups(assistant, assistant.ask("What was Majuqiao's GDP in 2023?").to_dict()) == []


def test_export_has_questions_answers_and_quoted_sources(assistant, tmp_path):
    store = chat.add_turn(None, _turn(assistant, "2024年1至11月马驹桥镇社会消费品零售额是多少？"))
    store = chat.rename_session(store, "零售 / retail", "zh")
    session = chat.current(store)[1]
    path = chat.write_export(session, "en", assistant.knowledge, tmp_path)
    assert path.name == "mjq-零售-retail.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Conversation: 零售 / retail")
    assert "## 1. Question\n\n2024年1至11月马驹桥镇社会消费品零售额是多少？" in text
    assert "94.45亿元[1]" in text and f"[1] `{DOC}#p18`" in text
    assert "> 社会消费品零售总额降幅收窄" in text and "240.39亿元" in text and "> The decline" in text
    assert chat.write_export(session, "en", assistant.knowledge, tmp_path) == path
    stale = time.time() - limits.SESSION_TTL - 1
    os.utime(path, (stale, stale))
    fresh = chat.write_export(chat.current(chat.rename_session(store, "other", "en"))[1], "en", assistant.knowledge,
                              tmp_path)
    assert fresh.exists() and not path.exists()  # exports outlive no session


def test_answer_ids_are_issued_only_by_the_server():
    key = "secret"
    answer_id = limits.issue_answer_id(key, "q", "a [1]")
    assert limits.issued(key, answer_id, "q", "a [1]")
    assert not limits.issued(key, answer_id, "q", "another answer")     # not the answer it was issued for
    assert not limits.issued("other key", answer_id, "q", "a [1]")      # not issued by this server
    assert not limits.issued(key, "0" * 24, "q", "a [1]") and not limits.issued(key, None, "q", "a [1]")
    assert limits.issue_answer_id(key, "q", "a [1]") != answer_id       # each answer its own id


def test_secret_is_kept_in_the_home_and_overridden_by_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("MJQ_UI_SECRET", raising=False)
    first = limits.secret(tmp_path)
    assert len(first) == 64 and limits.secret(tmp_path) == first
    assert (tmp_path / "ui-secret").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("MJQ_UI_SECRET", "from-env")
    assert limits.secret(tmp_path) == "from-env"


def test_login_from_mjq_ui_users(tmp_path, monkeypatch):
    from mjq_assistant.errors import ConfigError
    assert limits.users_from_env("") is None
    assert limits.users_from_env("ann:pw1, bob:p:w2") == [("ann", "pw1"), ("bob", "p:w2")]
    users = tmp_path / "users"
    users.write_text("# staff\nann:pw1\n", encoding="utf-8")
    assert limits.users_from_env(str(users)) == [("ann", "pw1")]
    with pytest.raises(ConfigError, match="user:password"):
        limits.users_from_env("ann")
    monkeypatch.setenv("MJQ_UI_USERS", "ann:pw1")
    assert ui.mount_options()["auth"] == [("ann", "pw1")]
    assert ui.mount_options()["max_file_size"] == limits.MAX_UPLOAD


def _handler(demo, name):
    return next(f.fn for f in demo.fns.values() if f.name == name)


def test_feedback_only_for_answers_the_server_issued(assistant, monkeypatch, tmp_path):
    """The like handler records a rating only when the rated answer's id was signed by this server
    for that question and answer: forged or edited turns are refused, and nothing is written."""
    feedback = tmp_path / "feedback.jsonl"
    monkeypatch.setenv("MJQ_FEEDBACK", str(feedback))
    demo = ui.build_app(assistant, key="server key")
    try:
        rated = _handler(demo, "rated")
        turn = _turn(assistant, ZH_QUESTION, key="server key")
        like = gr.EventData(None, {"index": 1, "value": "", "liked": False})
        forged = dict(turn, id=limits.issue_answer_id("another key", turn["q"], turn["a"]["text"]))
        edited = dict(turn, a=dict(turn["a"], text="999亿元[1]"))
        for bad in (forged, edited):
            out = rated(chat.add_turn(None, bad), "en", like)
            assert out[3] == TEXT["en"]["not_issued"] and not feedback.exists()
        assert rated(chat.add_turn(None, turn), "en", gr.EventData(None, {"index": 0, "value": "", "liked": True}))[3] == TEXT["en"]["not_issued"]
        store, _, _, status, pending = rated(chat.add_turn(None, turn), "en", like)
        assert status == TEXT["en"]["thanks"] and pending == turn["id"]
        assert chat.current(store)[1]["turns"][0]["rating"] == "down"
        commented = _handler(demo, "commented")
        assert commented("x" * 5000, pending, store, "en")[2] == TEXT["en"]["comment_saved"]
        assert commented("forged", "0" * 24, store, "en")[2] == TEXT["en"]["not_issued"]
        records = read_feedback(feedback)
        assert [r["answer_id"] for r in records] == [turn["id"]] * 2
        assert len(records[1]["comment"]) == limits.MAX_COMMENT_CHARS  # capped
    finally:
        demo.close()


@pytest.mark.slow
def test_malformed_like_and_select_events_get_the_refusal_not_an_exception(assistant, monkeypatch, tmp_path):
    """A client calling the page's like or example events directly with odd event data (null, a
    number, an empty index, a non-boolean rating) gets the app's own refusal or an empty question:
    no exception text, and no feedback is written."""
    import httpx
    feedback = tmp_path / "feedback.jsonl"
    monkeypatch.setenv("MJQ_FEEDBACK", str(feedback))
    demo = ui.build_app(assistant, stream_delay=0)
    events = {name: next(i for i, f in demo.fns.items() if f.name == name) for name in ("rated", "picked")}
    try:
        _, url, _ = ui.launch(demo, host="127.0.0.1", port=None, prevent_thread_lock=True, quiet=True)
        with httpx.Client(base_url=url, timeout=60) as http:
            for n, (name, data, event) in enumerate(
                    [("rated", [None, "zh"], e) for e in (None, 42, [], {"index": []}, {"index": "1"},
                                                          {"index": [True], "liked": "maybe"})]
                    + [("picked", [], e) for e in (None, 42, {"value": None}, {"index": 0})]):
                session = f"malformed{n}"
                joined = http.post("gradio_api/queue/join", json={
                    "data": data, "event_data": event, "fn_index": events[name], "session_hash": session})
                assert joined.status_code == 200, joined.text
                with http.stream("GET", "gradio_api/queue/data", params={"session_hash": session}) as stream:
                    done = next(json.loads(line[5:]) for line in stream.iter_lines()
                                if line.startswith("data:") and "process_completed" in line)
                assert done["success"], (event, done)
                output = done["output"]["data"]
                if name == "rated":
                    assert output[3] == TEXT["zh"]["not_issued"]
                else:
                    assert output == [""]
    finally:
        demo.close()
    assert not feedback.exists()


def test_questions_over_the_cap_or_empty_are_refused_before_anything_is_stored(assistant):
    demo = ui.build_app(assistant)
    try:
        respond = _handler(demo, "respond")
        check = next(f.validator for f in demo.fns.values() if f.name == "respond")  # Gradio's validator step
        for question, lang, message in (("   ", "zh", TEXT["zh"]["empty"]), ("", "en", TEXT["en"]["empty"]),
                                        ("x" * (limits.MAX_QUESTION_CHARS + 1), "en", "too long")):
            verdict = check(question, None, lang)[0]
            assert not verdict["is_valid"] and message in verdict["message"]
            with pytest.raises(gr.Error):
                next(respond(question, None, lang))  # nothing asked, nothing stored
        assert check(ZH_QUESTION, None, "zh")[0]["is_valid"]
        pending = next(b for b in demo.blocks.values() if isinstance(b, gr.State) and b.time_to_live)
        assert pending.time_to_live == limits.SESSION_TTL  # server-side session state expires
    finally:
        demo.close()


@pytest.mark.slow
def test_uploads_are_capped_and_login_is_required_when_configured(assistant, monkeypatch):
    import httpx
    monkeypatch.setenv("MJQ_UI_USERS", "ann:secret-pw")
    demo = ui.build_app(assistant, stream_delay=0)
    try:
        _, url, _ = ui.launch(demo, host="127.0.0.1", port=None, prevent_thread_lock=True, quiet=True)
        assert httpx.get(f"{url}config").status_code == 401  # nothing without a login
        with httpx.Client(base_url=url) as session:
            assert session.post("login", data={"username": "ann", "password": "wrong"}).status_code == 400
            assert session.post("login", data={"username": "ann", "password": "secret-pw"}).status_code == 200
            assert session.get("config").status_code == 200
            big = session.post("gradio_api/upload", files={"files": ("big.txt", b"x" * 100_000)})
            assert big.status_code == 413, big.text
            small = session.post("gradio_api/upload", files={"files": ("small.txt", b"x" * 1000)})
            assert small.status_code == 200
    finally:
        demo.close()
    assert demo.delete_cache == limits.DELETE_CACHE  # Gradio deletes its temporary files (uploads too)


# -- indicators ----------------------------------------------------------------------

def test_indicators_csv_holds_every_indicator(assistant, tmp_path):
    k = assistant.knowledge
    rows = ind.indicator_table(k.indicators, documents=k.documents)
    path = ind.write_csv(rows, tmp_path)
    text = path.read_text(encoding="utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    assert list(records[0]) == ind.COLUMNS
    assert [f"{r['document']}#{r['id']}" for r in records] == [i.id for i in k.indicators]
    by_id = {(r["document"], r["id"]): r for r in records}
    row = by_id[(DOC, "ind-02")]
    assert row["value"] == "400.19" and row["unit"] == "亿元" and row["kind"] == "amount"
    assert row["figure_en"] == "RMB 40.019 billion (400.19亿元)"
    assert row["source"] == f"{DOC}#p02"  # as answers cite it
    assert by_id[(DOC, "ind-03")]["kind"] == "rate" and by_id[(DOC, "ind-03")]["of"] == "ind-02"
    assert ind.write_csv(rows, tmp_path) == path  # the same table gives the same file


def test_indicator_search_matches_either_language(assistant):
    k = assistant.knowledge
    indicators = k.indicators
    assert [(r[0], r[1]) for r in ind.indicator_table(indicators, "ind-02")] == [(DOC, "ind-02")]
    shares_zh = {r[1] for r in ind.indicator_table(indicators, "占通州区")}
    shares_en = {r[1] for r in ind.indicator_table(indicators, "share of TONGZHOU")}
    assert {"ind-12", "ind-18", "ind-20"} <= shares_zh & shares_en
    assert {r[1] for r in ind.indicator_table(indicators, "佔通州區")} == shares_zh  # traditional characters
    assert ind.indicator_table(indicators, "no such thing") == []
    shown = ind.display_rows(ind.indicator_table(indicators, "ind-02", k.documents), "en", k.documents)[0]
    assert len(shown) == len(ind.HEADERS) and "January–November 2024" in shown
    assert shown[0] == DOC and ind.HEADERS[0].endswith("document")  # the document id column
    period = next(p for p in k.documents[DOC].periods if p.id == "2024-01..2024-11")
    assert period.zh in ind.display_rows(ind.indicator_table(indicators, "ind-02", k.documents), "zh", k.documents)[0]


def test_indicator_files_are_named_after_the_search_and_hold_its_rows(assistant, tmp_path):
    from openpyxl import load_workbook
    k = assistant.knowledge
    rows = ind.indicator_table(k.indicators, "Tongzhou share", k.documents)
    csv_path = ind.write_csv(rows, tmp_path, query="Tongzhou share")
    xlsx_path = ind.write_xlsx(rows, tmp_path, query="Tongzhou share")
    assert csv_path.name == "mjq-indicators-tongzhou-share.csv" and xlsx_path.name == "mjq-indicators-tongzhou-share.xlsx"
    assert ind.write_csv(ind.indicator_table(k.indicators), tmp_path).name == "mjq-indicators-all.csv"
    assert ind.file_stem("占通州区 / 比重") == "mjq-indicators-占通州区-比重"
    sheet = load_workbook(xlsx_path).active
    values = [[c.value or "" for c in line] for line in sheet.iter_rows()]
    assert values[0] == ind.COLUMNS and values[1:] == rows  # the same rows, values as written (text)
    assert (DOC, "ind-04") in {(r[0], r[1]) for r in rows} and (DOC, "ind-02") not in {(r[0], r[1]) for r in rows}


def test_indicator_cards_for_a_phone(assistant):
    k = assistant.knowledge
    rows = ind.indicator_table(k.indicators, "ind-02", k.documents)
    cards = ind.indicator_cards(rows, "en", k.documents)
    assert cards.count("<article class='mjq-card'>") == 1
    assert "RMB 40.019 billion (400.19亿元)" in cards and "January–November 2024" in cards and f"<code>{DOC}#p02</code>" in cards
    assert "规模以上工业企业产值" in ind.indicator_cards(rows, "zh", k.documents)


def test_chart_follows_the_search_and_has_a_chinese_font(assistant, tmp_path):
    k = assistant.knowledge
    assert ind.cjk_font() is not None  # fonts-wqy-microhei's file, registered explicitly
    every = ind.chart_png(k.indicators, "zh", tmp_path)
    found = [r for r in k.indicators if r.id in {f"{row[0]}#{row[1]}" for row in
                                                ind.indicator_table(k.indicators, "Tongzhou share")}]
    some = ind.chart_png(found, "zh", tmp_path)
    assert some != every and some.read_bytes()[:4] == b"\x89PNG"
    fig = ind.indicator_chart(found, "zh")
    assert sum(len(ax.patches) for ax in fig.axes) == len([r for r in found if r.unit == "%"])
    assert ind.chart_png([r for r in k.indicators if r.unit == "亿元"], "zh", tmp_path) is None  # nothing to draw


def test_chart_shows_shares_and_rates_only(assistant, tmp_path):
    indicators = assistant.knowledge.indicators
    shares, rates = ind.chart_rows(indicators)
    assert shares and rates and all(r.unit == "%" for r in shares + rates)
    # by the kind indicators.csv gives each row, not by words of the metric
    assert shares == [r for r in indicators if r.kind == "share" and r.unit == "%"]
    assert rates == [r for r in indicators if r.kind == "rate" and r.unit == "%"]
    assert f"{DOC}#ind-04" in {r.id for r in shares} and f"{DOC}#ind-03" in {r.id for r in rates}
    others = {r.id for r in indicators if r.kind not in ("share", "rate")}
    assert f"{DOC}#ind-22" in others and not others & {r.id for r in shares + rates}  # points, amounts...
    for lang in ("zh", "en"):
        fig = ind.indicator_chart(indicators, lang)
        top, bottom = fig.axes
        assert len(top.patches) == len(shares) and len(bottom.patches) == len(rates)
    labels = [re.sub(r"\s", "", t.get_text()) for t in ind.indicator_chart(indicators, "en").axes[0].get_yticklabels()]
    assert labels[0] == re.sub(r"\s", "", f"{shares[0].metric_en} ({ind.short_scope(shares[0].scope)})")  # metric, scope
    png = ind.chart_png(indicators, "en", tmp_path)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_chart_falls_back_to_english_without_a_chinese_font(assistant, monkeypatch):
    monkeypatch.setattr(ind, "cjk_font", lambda: None)
    fig = ind.indicator_chart(assistant.knowledge.indicators, "zh")
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
    fixed = [v for lang in TEXT.values() for v in lang.values()]
    found = {n for n in names for text in fixed
             if (n in text if not n.isascii() else re.search(rf"(?i)\b{re.escape(n)}\b", text))}
    assert found == set()
    assert TEXT["zh"]["title"] == "经济数据问答" and TEXT["en"]["title"] == "Town economy assistant"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_header_about_examples_and_placeholder_come_from_the_document(assistant, lang):
    k = assistant.knowledge
    doc = k.documents[DOC]
    header = layout.header_markdown(k, lang)
    assert header.startswith(f"# {TEXT[lang]['title']}")
    assert doc.title.get(lang) in header and doc.coverage.get(lang) in header
    about = layout.about_markdown(k, lang)
    assert doc.title.get(lang) in about and doc.coverage.get(lang) in about
    assert all((p.zh if lang == "zh" else p.en) in about for p in doc.periods)
    assert doc.publisher.get(lang) in about and doc.authors.get(lang) in about
    assert repr(doc.examples.get(lang)[0]) in about  # the API example asks the document's example
    assert layout.example_questions(k, lang) == doc.examples.get(lang)
    assert layout.example_messages(k, lang) == [{"text": q} for q in doc.examples.get(lang)]
    assert doc.examples.get(lang)[0] in layout.placeholder(k, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_example_shown_is_answered_right(assistant, lang):
    """doc.yaml's examples are what a first-time user clicks: each is answered in its language, not
    abstained from, with every marker cited and at least one source of the document."""
    examples = layout.example_questions(assistant.knowledge, lang)
    assert examples
    for question in examples:
        a = assistant.ask(question)
        assert a.language == lang and not a.abstained, (question, a.text)
        markers = {int(m) for m in re.findall(r"\[(\d+)\]", a.text)}
        assert markers and markers <= {c.marker for c in a.citations}, (question, a.text)
        assert all(c.source.startswith(f"{DOC}#p") and c.quote for c in a.citations), question


def test_two_documents_show_both(tmp_path):
    """With the fictional document loaded too: both titles (the fictional one marked), both documents'
    examples in order, the document column, chart labels that say which town."""
    from mjq_assistant.knowledge import load_knowledge
    k = load_knowledge(REPO / "knowledge", FICTIONAL)
    shipped, fictional = k.documents[DOC], k.documents[FICTIONAL_DOC]
    for lang in ("zh", "en"):
        header = layout.header_markdown(k, lang)
        assert shipped.title.get(lang) in header and fictional.title.get(lang) in header
        assert sources.document_title(fictional, lang) in header and TEXT[lang]["fictional"] in header
        assert layout.example_questions(k, lang) == shipped.examples.get(lang) + fictional.examples.get(lang)
        about = layout.about_markdown(k, lang)
        assert fictional.date in about and fictional.publisher.get(lang) in about
    rows = ind.indicator_table(k.indicators, "ind-02", k.documents)
    assert [(r[0], r[1]) for r in rows] == [(DOC, "ind-02"), (FICTIONAL_DOC, "ind-02")]
    shown = ind.display_rows(rows, "en", k.documents)
    assert [r[0] for r in shown] == [DOC, FICTIONAL_DOC]
    assert "January–September 2023" in shown[1]  # the fictional document's own period name
    places = ind.subject_names(k)
    assert places[FICTIONAL_DOC]["zh"] == k.entries[f"{FICTIONAL_DOC}#{fictional.subject}"].zh
    fig = ind.indicator_chart(k.indicators, "en", places)
    labels = [re.sub(r"\s", "", t.get_text()) for ax in fig.axes for t in ax.get_yticklabels()]
    assert any(label.startswith(re.sub(r"\s", "", places[FICTIONAL_DOC]["en"])) for label in labels)
    assert any(label.startswith(re.sub(r"\s", "", places[DOC]["en"])) for label in labels)


def test_app_is_built_from_the_documents(assistant):
    """The Blocks app: a generic window title, the chatbot's examples and placeholder from doc.yaml."""
    from mjq_assistant.knowledge import load_knowledge
    k = load_knowledge(REPO / "knowledge", FICTIONAL)
    demo = ui.build_app(SimpleNamespace(knowledge=k), lang="en")  # nothing is asked while building
    try:
        assert demo.title == f"{TEXT['zh']['title']} · {TEXT['en']['title']}"
        chatbot = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "mjq-chatbot")
        assert [e["text"] for e in chatbot.examples] == layout.example_questions(k, "en")
        assert chatbot.placeholder == layout.placeholder(k, "en")
        header = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "mjq-header")
        assert header.value == layout.header_markdown(k, "en")
    finally:
        demo.close()


# -- documents: the list, and reviewing a user document's rows --------------------------

OUTPUT_QUESTION = "云溪镇1至9月规上工业总产值是多少？"  # about conftest.USER_REPORT


def _request(server="127.0.0.1", username=None, **headers):
    """What limits.may_edit reads of a gr.Request: the login, the connection's local address, the headers."""
    return SimpleNamespace(username=username, request=SimpleNamespace(scope={"server": (server, 7860)}, headers=headers))


LOCAL, REMOTE = _request(), _request("192.0.2.10")


@pytest.fixture
def added(user_document):
    """The app over an assistant that has the fictional user document, and its Documents tab's handlers."""
    demo = ui.build_app(user_document.assistant, key="k")
    try:
        yield SimpleNamespace(**vars(user_document), csv=user_document.folder / "indicators.csv",
                              view=_handler(demo, "document_view"), save=_handler(demo, "document_save"))
    finally:
        demo.close()


def _table(added, doc=None, lang="zh", request=LOCAL):
    """The rows the tab shows for `doc` (the user document), as the browser sends them back, and whether
    they are editable."""
    rows = added.view(doc or added.id, lang, request)[4]
    return [list(r) for r in rows.value["data"]], rows.interactive


def _by_id(table, id_):
    return next(r for r in table if r[document_tab.COLUMNS.index("id")] == id_)


def _set(row, **fields):
    for name, value in fields.items():
        row[document_tab.COLUMNS.index(name)] = value


def test_documents_tab_lists_every_loaded_document_as_mjq_docs_does(added):
    from mjq_assistant.ingest import documents
    expected = {d["id"]: d for d in documents(added.assistant.knowledge, added.assistant.settings)}
    for lang in ("zh", "en"):
        tab, note, listed, pick = added.view(None, lang, LOCAL)[:4]
        assert tab.label == TEXT[lang]["tab_documents"] and TEXT[lang]["docs_view_only"] not in note
        assert listed.value["headers"] == TEXT[lang]["docs_columns"].split("|")
        shown = {r[0]: r for r in listed.value["data"]}
        assert set(shown) == {DOC, added.id} == set(expected)
        for doc_id, row in shown.items():
            d = expected[doc_id]
            assert row[4:] == [d["paragraphs"], d["figures"], d["reviewed"], d["extracted"]]
            assert row[1] == TEXT[lang]["docs_" + d["where"]]
        assert shown[added.id][4:] == [4, 9, 0, 9] and shown[DOC][1] == TEXT[lang]["docs_shipped"]
        assert [value for _, value in pick.choices] == [DOC, added.id]
    table, editable = _table(added)
    assert editable and len(table) == 9 and table[0][0] == "" and table[0][1] == "ind-01"


def test_accept_edit_reject_round_trip_rewrites_indicators_csv(added):
    table, _ = _table(added)
    _set(_by_id(table, "ind-01"), action="accept")
    _set(_by_id(table, "ind-04"), action="reject")  # the preliminary figure; ind-05's growth is `of` it
    _set(_by_id(table, "ind-09"), action="edit", metric_zh="规上工业总产值", note="区统计局核定数")
    out = added.save(added.id, table, "en", LOCAL)
    assert out[-1] == TEXT["en"]["docs_saved"].format(accepted=2, rejected=1, extracted=6)
    with open(added.csv, encoding="utf-8") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert "ind-04" not in rows and rows["ind-05"]["of"] == "" and rows["ind-05"]["status"] == "extracted"
    assert rows["ind-01"]["status"] == "reviewed" and rows["ind-01"]["metric_zh"] == "地区生产总值"
    assert (rows["ind-09"]["metric_zh"], rows["ind-09"]["note"], rows["ind-09"]["status"]) == \
        ("规上工业总产值", "区统计局核定数", "reviewed")
    shown = [list(r) for r in out[4].value["data"]]  # the table again, as saved: actions empty
    assert len(shown) == 8 and {r[0] for r in shown} == {""} and "ind-04" not in {r[1] for r in shown}
    listed = {r[0]: r for r in out[2].value["data"]}
    assert listed[added.id][5:] == [8, 2, 6]  # figures, reviewed, extracted


@pytest.mark.parametrize("lang, change, row, field", [
    ("zh", {"value": "12.9"}, "ind-06", "value"),            # the quote does not say 12.9
    ("en", {"value": "about 12"}, "ind-06", "value"),        # not a number as written
    ("en", {"quote": "全镇社会消费品零售总额12.7亿元左右"}, "ind-06", "quote"),  # not verbatim in p03
    ("zh", {"kind": "money"}, "ind-06", "kind"),
    ("en", {"of": "ind-99"}, "ind-07", "of"),
    ("zh", {"action": "approve"}, "ind-06", "action"),
])
def test_an_invalid_edit_is_refused_naming_row_and_field_and_nothing_is_written(added, lang, change, row, field):
    before = added.csv.read_bytes()
    knowledge = added.assistant.knowledge
    table, _ = _table(added, lang=lang)
    _set(_by_id(table, "ind-01"), action="accept")  # a good edit elsewhere is not written either
    _set(_by_id(table, row), **({"action": "edit"} | change))
    out = added.save(added.id, table, lang, LOCAL)
    message = out[-1]
    number = [r[1] for r in table].index(row) + 1
    expected = (f"第 {number} 行（{row}）的 {field} 列有误" if lang == "zh" else f"row {number} ({row}), column {field}:")
    assert expected in message and TEXT[lang][f"docs_hint_{field}"] in message, message
    assert message.startswith("未保存，文件没有改动" if lang == "zh" else "Not saved, nothing was changed")
    assert all(isinstance(o, type(gr.skip())) for o in out[:-1])  # the table stays as typed, to be corrected
    assert added.csv.read_bytes() == before and added.assistant.knowledge is knowledge  # not reloaded
    assert not list(added.folder.parent.parent.glob(".review-*"))  # no staging copy left


def test_shipped_documents_are_read_only_and_only_local_or_logged_in_visits_edit(added):
    shipped = REPO / "knowledge" / DOC / "indicators.csv"
    before = shipped.read_bytes()
    _, note, *_ = added.view(DOC, "zh", LOCAL)
    table, editable = _table(added, DOC)
    assert not editable and TEXT["zh"]["docs_read_only"] in note and len(table) == 42
    _set(table[0], action="reject")
    assert added.save(DOC, table, "zh", LOCAL)[-1] == TEXT["zh"]["docs_read_only"]
    assert added.save("../" + added.id, table, "en", LOCAL)[-1] == TEXT["en"]["docs_pick_first"]  # never a path
    assert shipped.read_bytes() == before

    before = added.csv.read_bytes()
    assert added.save(added.id, [], "en", LOCAL)[-1] == TEXT["en"]["docs_empty"]
    assert added.save(added.id, [["accept"]], "en", LOCAL)[-1] == TEXT["en"]["docs_shape"].format(n=18)
    user_table, _ = _table(added)
    _set(user_table[0], action="reject")
    proxied = _request(**{"X-Forwarded-For": "203.0.113.5"})  # a proxy on this machine relays others
    for request in (REMOTE, proxied, None):
        _, note, *_ = added.view(added.id, "en", request)
        assert TEXT["en"]["docs_view_only"] in note and not _table(added, request=request)[1]
        assert added.save(added.id, user_table, "en", request)[-1] == TEXT["en"]["docs_view_only"]
    assert added.csv.read_bytes() == before
    for request in (LOCAL, _request("::1"), _request("192.0.2.10", username="ann")):  # or a login
        assert limits.may_edit(request) and _table(added, request=request)[1]


def test_after_an_accepted_edit_the_assistant_answers_with_the_edited_figure(added):
    before = added.assistant.ask(OUTPUT_QUESTION)
    assert "86.20亿元" in before.text and "自动抽取，未经人工核对" in before.text
    table, _ = _table(added)
    _set(_by_id(table, "ind-04"), action="reject")
    _set(_by_id(table, "ind-05"), action="reject")  # its growth rate: of the preliminary figure
    _set(_by_id(table, "ind-09"), action="edit", metric_zh="规上工业总产值", note="区统计局核定数")
    assert added.save(added.id, table, "zh", LOCAL)[-1].startswith("已保存")
    after = added.assistant.ask(OUTPUT_QUESTION)  # the same assistant: no restart
    assert "87.05亿元" in after.text and "86.20" not in after.text and "修正" not in after.text, after.text
    assert any(c.source == f"{added.id}#p04" for c in after.citations)
    assert "自动抽取，未经人工核对" not in after.text  # a reviewed row
    assert "ind-09" in {r.id.split("#")[1] for r in added.assistant.knowledge.indicators if r.status == "reviewed"}


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
    record_feedback(ZH_QUESTION, "400.19亿元[1]。", "up", answer_id="a" * 24)
    lines = (tmp_path / "sub" / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert set(record) == {"time", "question", "answer", "rating", "comment", "language"}
    assert json.loads(lines[1])["answer_id"] == "a" * 24
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
