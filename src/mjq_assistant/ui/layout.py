"""The page: header, chat (with conversations and feedback), indicators, documents and about tabs, and
the events between them. `build_app` builds the Blocks without starting a server, so the HTTP
API can mount it (`gr.mount_gradio_app(app, demo, path, **mount_options())`)."""
from __future__ import annotations

import time
from importlib.resources import files

import gradio as gr

from .. import gate
from ..errors import MjqError
from ..feedback import record_feedback
from . import chat, limits
from . import documents as docs
from .indicators import (HEADERS, chart_png, display_rows, indicator_cards, indicator_table, short_scope,
                         subject_names, write_csv, write_xlsx)
from .sources import document_title
from .strings import LANGUAGES, TEXT, known

CONCURRENCY = 8          # requests served at once; answers are CPU-bound, more would only share the cores
STREAM_DELAY = 0.02      # seconds between streamed pieces (at most ~12 pieces)
# Fonts the machine has: no web fonts, the app must work offline
FONTS = ["Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "WenQuanYi Micro Hei", "Source Han Sans SC",
         "system-ui", "sans-serif"]
# by hand: Gradio can autofocus a box on load, not after an event
FOCUS_INPUT = "() => { document.querySelector('#mjq-input textarea')?.focus(); }"
SWITCH_LANGUAGE = "(lang) => { window.mjqSetLanguage && window.mjqSetLanguage(lang); }"  # see head.html


def event_fields(evt) -> dict:
    """An event's data as a dict, whatever a client sent (null, a number, a list): read here rather
    than by gr.LikeData/gr.SelectData, whose constructors fail on malformed data with a raw error."""
    data = getattr(evt, "_data", None)
    return data if isinstance(data, dict) else {}


# -- what the loaded documents say about themselves (doc.yaml) ---------------------

def _documents(knowledge) -> list:
    return list(getattr(knowledge, "documents", {}).values())


def example_questions(knowledge, lang: str) -> list[str]:
    """Every document's example questions in `lang`, in document order, each once."""
    return list(dict.fromkeys(q for d in _documents(knowledge) for q in d.examples.get(lang)))


def example_messages(knowledge, lang: str) -> list[dict]:
    """The chatbot's example buttons (Gradio ExampleMessage dicts)."""
    return [{"text": q} for q in example_questions(knowledge, lang)]


def placeholder(knowledge, lang: str) -> str:
    examples = example_questions(knowledge, lang)
    t = TEXT[lang]
    return t["placeholder_example"].format(example=examples[0]) if examples else t["placeholder"]


def header_markdown(knowledge, lang: str) -> str:
    """The page header: a generic title, then each document's title and coverage."""
    t = TEXT[lang]
    lines = [f"# {t['title']}", t["description"], ""]
    for doc in _documents(knowledge):
        lines.append(f"- **{document_title(doc, lang)}**{'：' if lang == 'zh' else ': '}{doc.coverage.get(lang)}")
    return "\n".join(lines).rstrip()


def _scopes(indicators, lang: str, most: int = 3) -> list[str]:
    """The scopes most figures have (each at least twice): figures of different scopes differ."""
    counts: dict[str, int] = {}
    for r in indicators:
        name = r.scope_zh if lang == "zh" else short_scope(r.scope)
        counts[name] = counts.get(name, 0) + 1
    return [s for s, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n >= 2][:most]


def about_markdown(knowledge, lang: str) -> str:
    """The About tab: each document (title, publisher, authors, date, periods, coverage), how to read
    an answer (the documents' cumulative periods and scopes), the API with an example question."""
    zh = lang == "zh"
    docs = []
    for doc in _documents(knowledge):
        periods = ("、" if zh else ", ").join(p.zh if zh else p.en for p in doc.periods)
        facts = [(("发布" if zh else "published by"), doc.publisher.get(lang))]
        if doc.authors:
            facts.append((("作者" if zh else "by"), doc.authors.get(lang)))
        facts += [(("日期" if zh else "date"), doc.date or ("未注明" if zh else "not stated")),
                  (("时期" if zh else "periods"), periods)]
        facts_text = ("；" if zh else "; ").join(f"{k}{'：' if zh else ': '}{v}" for k, v in facts if v)
        docs.append(f"**{document_title(doc, lang)}**  \n{facts_text}  \n{doc.coverage.get(lang)}")
    notes = []
    ranges = [p for doc in _documents(knowledge) for p in doc.periods if ".." in p.id]
    if ranges:
        p = ranges[0]
        notes.append(f"- “{p.zh}”等累计时期的数字不是全年数字。" if zh else
                     f"- Figures for a cumulative period such as \"{p.en}\" are not full-year figures.")
    scopes = _scopes(getattr(knowledge, "indicators", []), lang)
    if len(scopes) > 1:
        named = ("、" if zh else ", ").join(f"“{s}”" for s in scopes)
        notes.append(f"- {named}等是不同的范围，其数字不能混用。" if zh else
                     f"- {named} are different scopes: their figures are not interchangeable.")
    examples = example_questions(knowledge, lang) or example_questions(knowledge, "zh") or [""]
    return TEXT[lang]["about"].format(documents="\n\n".join(docs), notes="\n".join(notes), example=examples[0],
                                      history=TEXT[lang]["about_api_history"])


# -- look and limits, given at launch or mount ----------------------------------------------

def theme():
    """Gradio's default theme with text dark enough for WCAG AA (4.5:1) on its backgrounds."""
    return gr.themes.Default(primary_hue="blue", neutral_hue="slate", font=FONTS,
                             font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"]).set(
        body_text_color_subdued="*neutral_600", input_placeholder_color="*neutral_500",
        block_info_text_color="*neutral_600", block_label_text_color="*neutral_700",
        button_primary_background_fill="*primary_700", button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white", button_cancel_background_fill="#b91c1c",
        button_cancel_background_fill_hover="#991b1b", button_cancel_text_color="white",
        color_accent="*primary_700", link_text_color="*primary_800", link_text_color_hover="*primary_700",
        link_text_color_visited="*primary_800")


def mount_options() -> dict:
    """The styles, head script, upload cap and login, for `launch()` or `gr.mount_gradio_app()`."""
    here = files(__package__)
    return {"theme": theme(), "css": here.joinpath("style.css").read_text("utf-8"),
            "head": here.joinpath("head.html").read_text("utf-8"), "max_file_size": limits.MAX_UPLOAD,
            "auth": limits.users_from_env(), "show_error": True,
            "ssr_mode": False}  # rendered in the browser, where head.html sets Gradio's language


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int | None = 7860, **kwargs):
    """Start the server with the app's theme, styles and limits (Gradio 6 takes them at launch)."""
    options = {**mount_options(), "server_name": host, "server_port": port, "footer_links": ["api"],
               "state_session_capacity": limits.SESSION_CAPACITY}
    options.update(kwargs)
    return demo.launch(**options)


# -- the app ----------------------------------------------------------------------

def build_app(assistant, *, lang: str = "zh", stream_delay: float = STREAM_DELAY,
              concurrency: int = CONCURRENCY, key: str | None = None) -> gr.Blocks:
    """The Gradio Blocks app over `assistant` (an `Assistant`). Start it with `launch()`.
    Titles, examples and chart labels come from the loaded documents (doc.yaml); `key` signs
    answer ids and encrypts the browser's conversations (default: limits.secret())."""
    knowledge = assistant.knowledge
    indicators = knowledge.indicators
    documents = dict(getattr(knowledge, "documents", {}))
    places = subject_names(knowledge)
    key = key or limits.secret(getattr(getattr(assistant, "settings", None), "home", None))

    def chart(rows, ui_lang):
        """The chart of the rows' shares and rates, and what to say when they have none."""
        by_id = {r.id: r for r in assistant.knowledge.indicators}
        path = chart_png([by_id[f"{row[0]}#{row[1]}"] for row in rows], ui_lang, places=places)
        if path is None:
            return gr.Image(value=None, visible=False), TEXT[ui_lang]["chart_none"]
        return gr.Image(value=str(path), label=TEXT[ui_lang]["chart"], visible=True), ""

    def indicator_view(query, ui_lang):
        """The indicators tab for `query`, from the rows answered from now (a review reloads them)."""
        t = TEXT[ui_lang]
        rows = indicator_table(assistant.knowledge.indicators, query, documents)
        return (gr.Dataframe(value=display_rows(rows, ui_lang, documents), label=t["table"].format(n=len(rows))),
                gr.DownloadButton(t["download"], value=str(write_csv(rows, query=query))),
                gr.DownloadButton(t["download_xlsx"], value=str(write_xlsx(rows, query=query))),
                indicator_cards(rows, ui_lang, documents), *chart(rows, ui_lang))

    def chatbot_for(session, ui_lang, **extra):
        return gr.Chatbot(value=chat.messages(session, ui_lang, knowledge), feedback_value=chat.ratings(session),
                          **extra)

    def conversation_view(store, ui_lang):
        """The chatbot, the conversation list and the export, for the store's current session."""
        store, session = chat.current(store, ui_lang)
        t = TEXT[ui_lang]
        export = gr.DownloadButton(t["export"], value=str(chat.write_export(session, ui_lang, knowledge))
                                   if session["turns"] else None, visible=bool(session["turns"]))
        return (store, chatbot_for(session, ui_lang),
                gr.Dropdown(choices=chat.session_choices(store), value=session["id"], label=t["session_pick"]),
                export, gr.Row(visible=False), "", None)

    # -- asking ----------------------------------------------------------------------
    def problem(question, ui_lang) -> str:
        t = TEXT[known(ui_lang)]
        text = question if isinstance(question, str) else ""
        if not text.strip():
            return t["empty"]
        if len(text) > limits.MAX_QUESTION_CHARS:
            return t["too_long"].format(n=len(text), most=limits.MAX_QUESTION_CHARS)
        return ""

    def check(question, store, ui_lang):
        """Gradio's validator: an empty or oversized question goes no further (nothing is stored)."""
        message = problem(question, ui_lang)
        return [gr.validate(not message, message), gr.validate(True, ""), gr.validate(True, "")]

    def respond(question, store, ui_lang):
        ui_lang = known(ui_lang)
        message = problem(question, ui_lang)
        if message:
            raise gr.Error(message)
        store, session = chat.current(store, ui_lang)
        shown = chat.messages(session, ui_lang, knowledge)
        asked = {"role": "user", "content": chat.as_text(question)}
        try:
            answer = assistant.ask(question, history=chat.history(session), language=ui_lang).to_dict()
        except MjqError as exc:
            raise gr.Error(str(exc)) from None
        answer = {k: answer[k] for k in chat.KEPT}
        answer_id = limits.issue_answer_id(key, question, answer["text"])
        pending = dict(answer, citations=[])
        for piece in chat.stream_pieces(answer["text"])[:-1]:
            pending["text"] = piece
            reply = chat.answer_markdown(pending, answer_id, ui_lang, cards=False)
            yield (gr.skip(), gr.Chatbot(value=shown + [asked, {"role": "assistant", "content": reply}]),
                   *[gr.skip()] * 5, "")
            if stream_delay:
                time.sleep(stream_delay)
        turn = {"q": question, "a": answer, "id": answer_id, "rating": None,
                "next": chat.follow_ups(assistant, answer)}
        # the whole conversation view at once: a later step could overwrite a rename made meanwhile
        yield *conversation_view(chat.add_turn(store, turn), ui_lang), ""

    def ask_api(question: str, history: str = "") -> dict:
        """Answer `question` (Chinese or English). `history`: optional JSON list of earlier
        {"role": "user"|"assistant", "content": "..."} messages, for follow-up questions.
        Returns answer.to_dict(): text (with [n] markers), language, abstained, citations
        (marker, source, quote, translation)."""
        if not isinstance(question, str):
            raise gr.Error("question must be text")
        if len(question) > limits.MAX_QUESTION_CHARS:
            raise gr.Error(f"question is longer than {limits.MAX_QUESTION_CHARS} characters")
        try:
            return assistant.ask(question, history=chat.normalize_history(history, gate.asker_language(question))).to_dict()
        except MjqError as exc:  # a malformed history (InputError), or the library's own message
            raise gr.Error(str(exc)) from None

    def picked(evt: gr.EventData) -> str:
        """The question of a clicked example ({"text": …}) or suggested follow-up (its value)."""
        value = event_fields(evt).get("value")
        return value.get("text", "") if isinstance(value, dict) else "" if value is None else str(value)

    # -- feedback on one answer ------------------------------------------------------
    def rated(store, ui_lang, evt: gr.EventData):
        t = TEXT[known(ui_lang)]
        store, session = chat.current(store, ui_lang)
        like = event_fields(evt)
        index = like.get("index")
        index = index[0] if isinstance(index, (list, tuple)) and index else index
        turn = session["turns"][index // 2] if type(index) is int and 0 <= index < 2 * len(session["turns"]) \
            and index % 2 else None
        if turn is None or not limits.issued(key, turn.get("id"), turn["q"], turn["a"]["text"]):
            return gr.skip(), gr.skip(), gr.Row(visible=False), t["not_issued"], None
        liked = like.get("liked", True)  # Gradio's own default
        if liked not in (True, False):  # a thumb taken back: nothing to record
            turn["rating"] = None
            return store, gr.skip(), gr.Row(visible=False), "", None
        turn["rating"] = "up" if liked else "down"
        try:
            record_feedback(turn["q"], turn["a"]["text"], turn["rating"], language=turn["a"]["language"],
                            answer_id=turn["id"])
        except MjqError as exc:
            raise gr.Error(str(exc)) from None
        n = index // 2 + 1
        return (store, gr.Textbox(value="", label=t["comment_for"].format(n=n)), gr.Row(visible=True),
                t["thanks"], turn["id"])

    def commented(comment, answer_id, store, ui_lang):
        t = TEXT[known(ui_lang)]
        turn = chat.find_turn(store, answer_id) if answer_id else None
        if turn is None or not limits.issued(key, answer_id, turn["q"], turn["a"]["text"]):
            return gr.skip(), gr.Row(visible=False), t["not_issued"], None
        text = (comment or "").strip()[:limits.MAX_COMMENT_CHARS]
        if text:
            try:
                record_feedback(turn["q"], turn["a"]["text"], turn.get("rating") or "down", comment=text,
                                language=turn["a"]["language"], answer_id=answer_id)
            except MjqError as exc:
                raise gr.Error(str(exc)) from None
        return "", gr.Row(visible=False), t["comment_saved"] if text else "", None

    # -- conversations ---------------------------------------------------------------
    def session_op(op):
        def run(store, ui_lang, *args):
            ui_lang = known(ui_lang)
            return conversation_view(op(store, *args, ui_lang), ui_lang)
        return run

    def switch_language(ui_lang, store, query):
        ui_lang = known(ui_lang)
        t = TEXT[ui_lang]
        _, session = chat.current(store, ui_lang)
        return (header_markdown(knowledge, ui_lang), gr.Tab(label=t["tab_chat"]),
                gr.Tab(label=t["tab_indicators"]), gr.Tab(label=t["tab_about"]), about_markdown(knowledge, ui_lang),
                chatbot_for(session, ui_lang, label=t["chatbot"], placeholder=placeholder(knowledge, ui_lang),
                            examples=example_messages(knowledge, ui_lang) or None),
                gr.Textbox(label=t["input"], placeholder=t["input_ph"]), gr.Button(t["send"]),
                gr.Accordion(label=t["sessions"]), gr.Button(t["new_session"]),
                gr.Textbox(label=t["rename_label"]), gr.Button(t["rename"]), gr.Button(t["delete"]),
                gr.Textbox(label=t["comment"], placeholder=t["comment_ph"]), gr.Button(t["send_comment"]),
                gr.Textbox(label=t["search"], placeholder=t["search_ph"]), *indicator_view(query, ui_lang))

    # -- documents: list, review a user document's rows ----------------------------------
    def document_view(doc_id, ui_lang, request: gr.Request):
        """The Documents tab in `ui_lang` for the chosen document; its rows editable when it is a
        user document and this request may edit (limits.may_edit)."""
        ui_lang = known(ui_lang)
        t = TEXT[ui_lang]
        view = docs.view(assistant, doc_id, ui_lang, limits.may_edit(request))
        listed = docs.listing(assistant, ui_lang)
        return (gr.Tab(label=t["tab_documents"]), view["note"],
                gr.Dataframe(value=listed, headers=docs.headers(ui_lang),
                             label=t["docs_list"].format(n=len(listed))),
                gr.Dropdown(choices=docs.choices(assistant, ui_lang), label=t["docs_pick"]),
                gr.Dataframe(value=view["rows"], label=view["label"], interactive=view["editable"]),
                gr.Button(t["docs_save"], interactive=view["editable"]), "")

    def document_save(doc_id, rows, ui_lang, request: gr.Request):
        """Apply the reviewed rows (refused unless this request may edit), then show the saved state."""
        ui_lang = known(ui_lang)
        if not limits.may_edit(request):
            return (*[gr.skip()] * 6, TEXT[ui_lang]["docs_view_only"])
        saved, message = docs.save(assistant, doc_id, rows, ui_lang)
        if not saved:  # the table stays as typed, to be corrected
            return (*[gr.skip()] * 6, message)
        return (*document_view(doc_id, ui_lang, request)[:-1], message)

    t = TEXT[lang]
    all_rows = indicator_table(indicators, "", documents)
    with gr.Blocks(title=f"{TEXT['zh']['title']} · {TEXT['en']['title']}", analytics_enabled=False,
                   fill_width=True, delete_cache=limits.DELETE_CACHE) as demo:
        store = gr.BrowserState({"current": None, "sessions": []}, storage_key="mjq-conversations", secret=key)
        pending = gr.State(None, time_to_live=limits.SESSION_TTL)  # the answer a comment is about
        with gr.Row(equal_height=False, elem_id="mjq-top"):
            header = gr.Markdown(header_markdown(knowledge, lang), elem_id="mjq-header")
            ui_lang = gr.Radio(LANGUAGES, value=lang, label=t["lang_label"], elem_id="mjq-lang",
                               scale=0, min_width=220)
        with gr.Tabs():
            with gr.Tab(t["tab_chat"], id="chat") as chat_tab:
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label=t["chatbot"], placeholder=placeholder(knowledge, lang), height=600,
                                             elem_id="mjq-chatbot", buttons=["copy"], latex_delimiters=[],
                                             feedback_options=("Like", "Dislike"),
                                             examples=example_messages(knowledge, lang) or None)
                        with gr.Row(equal_height=True):
                            textbox = gr.Textbox(label=t["input"], placeholder=t["input_ph"], lines=1, max_lines=4,
                                                 max_length=limits.MAX_QUESTION_CHARS, scale=5, elem_id="mjq-input",
                                                 autofocus=True)
                            send = gr.Button(t["send"], variant="primary", scale=1, min_width=80, elem_id="mjq-send")
                        with gr.Row(visible=False, elem_id="mjq-comment-row") as comment_row:
                            comment = gr.Textbox(label=t["comment"], placeholder=t["comment_ph"], lines=1, scale=4,
                                                 max_length=limits.MAX_COMMENT_CHARS, elem_id="mjq-comment")
                            send_comment = gr.Button(t["send_comment"], size="sm", scale=1, elem_id="mjq-send-comment")
                        status = gr.Markdown("", elem_id="mjq-feedback-status")
                    with gr.Column(scale=1, min_width=260):
                        with gr.Accordion(t["sessions"], elem_id="mjq-sessions") as sessions_box:
                            session_pick = gr.Dropdown(choices=[], label=t["session_pick"], elem_id="mjq-session")
                            new = gr.Button(t["new_session"], size="sm", elem_id="mjq-new")
                            title = gr.Textbox(label=t["rename_label"], lines=1, max_length=60, elem_id="mjq-title")
                            rename = gr.Button(t["rename"], size="sm", elem_id="mjq-rename")
                            delete = gr.Button(t["delete"], size="sm", variant="stop", elem_id="mjq-delete")
                            export = gr.DownloadButton(t["export"], size="sm", visible=False, elem_id="mjq-export")
            with gr.Tab(t["tab_indicators"], id="indicators") as ind_tab:
                search = gr.Textbox(label=t["search"], placeholder=t["search_ph"], elem_id="mjq-search")
                table = gr.Dataframe(value=display_rows(all_rows, lang, documents), headers=HEADERS,
                                     label=t["table"].format(n=len(all_rows)), interactive=False, wrap=True,
                                     max_height=560, elem_id="mjq-table", datatype="str",
                                     column_widths=["8%", "5%", "7%", "8%", "9%", "12%", "8%", "7%", "9%", "10%", "17%"])
                cards = gr.HTML(indicator_cards(all_rows, lang, documents), elem_id="mjq-cards")
                with gr.Row():
                    download = gr.DownloadButton(t["download"], value=str(write_csv(all_rows)), size="sm",
                                                 elem_id="mjq-download")
                    download_xlsx = gr.DownloadButton(t["download_xlsx"], value=str(write_xlsx(all_rows)), size="sm",
                                                      elem_id="mjq-download-xlsx")
                chart_note = gr.Markdown("", elem_id="mjq-chart-note")
                plot = gr.Image(value=str(chart_png(indicators, lang, places=places)), label=t["chart"],
                                show_label=False, type="filepath", interactive=False, elem_id="mjq-chart",
                                buttons=["download", "fullscreen"])
            with gr.Tab(t["tab_documents"], id="documents") as docs_tab:
                first = docs.view(assistant, None, lang, True)  # the load event then says what this visit may do
                listed = docs.listing(assistant, lang)
                docs_note = gr.Markdown(first["note"], elem_id="mjq-docs-note")
                docs_table = gr.Dataframe(value=listed, headers=docs.headers(lang), interactive=False,
                                          label=t["docs_list"].format(n=len(listed)), datatype="str", wrap=True,
                                          elem_id="mjq-docs")
                doc_pick = gr.Dropdown(choices=docs.choices(assistant, lang), value=None, label=t["docs_pick"],
                                       elem_id="mjq-doc-pick")
                doc_rows = gr.Dataframe(value=[], headers=docs.COLUMNS, type="array", datatype="str",
                                        interactive=False, label=first["label"], wrap=True, max_height=560,
                                        column_widths=docs.WIDTHS,
                                        elem_id="mjq-doc-rows")  # no static_columns: Gradio's marker fails axe
                doc_save = gr.Button(t["docs_save"], variant="primary", interactive=False, elem_id="mjq-doc-save")
                doc_status = gr.Markdown("", elem_id="mjq-doc-status")
            with gr.Tab(t["tab_about"], id="about") as about_tab:
                about = gr.Markdown(about_markdown(knowledge, lang))

        quiet = {"api_visibility": "private", "show_progress": "hidden"}
        view = [store, chatbot, session_pick, export, comment_row, status, pending]

        def asking(event):
            """An event that asks the textbox's question: answer, save the session, focus the input."""
            return (event(respond, [textbox, store, ui_lang], view + [textbox], validator=check,
                          concurrency_limit=concurrency, concurrency_id="ask", **quiet)
                    .then(None, js=FOCUS_INPUT, **quiet))

        asking(textbox.submit)
        asking(send.click)
        asking(chatbot.example_select(picked, None, textbox, **quiet).then)
        asking(chatbot.option_select(picked, None, textbox, **quiet).then)
        chatbot.like(rated, [store, ui_lang], [store, comment, comment_row, status, pending], **quiet)
        chatbot.clear(session_op(chat.clear_session), [store, ui_lang], view, **quiet)
        send_comment.click(commented, [comment, pending, store, ui_lang], [comment, comment_row, status, pending],
                           **quiet)
        comment.submit(commented, [comment, pending, store, ui_lang], [comment, comment_row, status, pending],
                       **quiet)
        new.click(session_op(chat.start_session), [store, ui_lang], view, **quiet)
        delete.click(session_op(chat.delete_session), [store, ui_lang], view, **quiet)
        rename.click(session_op(lambda s, name, lang_: chat.rename_session(s, name, lang_)),
                     [store, ui_lang, title], view, **quiet).then(lambda: "", None, title, **quiet)
        session_pick.input(session_op(lambda s, sid, lang_: chat.switch_session(s, sid, lang_)),
                           [store, ui_lang, session_pick], view, **quiet)
        search.change(indicator_view, [search, ui_lang], [table, download, download_xlsx, cards, plot, chart_note],
                      **quiet)
        docs_outputs = [docs_tab, docs_note, docs_table, doc_pick, doc_rows, doc_save, doc_status]
        doc_pick.input(document_view, [doc_pick, ui_lang], docs_outputs, **quiet)
        doc_save.click(document_save, [doc_pick, doc_rows, ui_lang], docs_outputs, concurrency_limit=1,
                       concurrency_id="documents", **quiet) \
            .then(indicator_view, [search, ui_lang], [table, download, download_xlsx, cards, plot, chart_note], **quiet)
        ui_lang.change(document_view, [doc_pick, ui_lang], docs_outputs, **quiet)
        ui_lang.input(None, ui_lang, None, js=SWITCH_LANGUAGE, **quiet)
        ui_lang.change(switch_language, [ui_lang, store, search],
                       [header, chat_tab, ind_tab, about_tab, about, chatbot, textbox, send, sessions_box, new, title,
                        rename, delete, comment, send_comment, search, table, download, download_xlsx, cards, plot,
                        chart_note], **quiet)
        demo.load(lambda lang_: known(lang_), ui_lang, ui_lang, js="(lang) => window.mjqLang || lang", **quiet) \
            .then(session_op(lambda s, lang_: s), [store, ui_lang], view, **quiet) \
            .then(document_view, [doc_pick, ui_lang], docs_outputs, **quiet)
        gr.api(ask_api, api_name="ask", concurrency_limit=concurrency, concurrency_id="ask")
    demo.queue(default_concurrency_limit=concurrency)
    return demo
