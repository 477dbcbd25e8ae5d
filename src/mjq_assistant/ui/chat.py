"""The conversation: messages in and out of the chatbot, conversations kept in the browser,
suggested follow-ups, the Markdown export and per-answer feedback.

A browser keeps its conversations in a `store` (a gr.BrowserState, encrypted by Gradio):
    {"current": "<session id>", "sessions": [{"id", "title", "turns": [turn, …]}, …]}
    turn = {"q": question, "a": {text, language, abstained, citations, notice}, "id": answer id,
            "next": [follow-up questions], "rating": "up" | "down" | None}
The chatbot shows the current session's turns, each question as text and each answer with
its [n] markers linked to its source cards."""
from __future__ import annotations

import hashlib
import html
import re
import secrets
import time
from pathlib import Path

from .. import gate
from ..figures import contains_figure
from ..knowledge import doc_id
from .indicators import folder, period_label, short_scope, subject_names
from .limits import MAX_SESSIONS, MAX_TURNS, SESSION_TTL
from .sources import aligned_passage, as_text, document_title, linked_markers, source_cards
from .strings import TEXT

KEPT = ("text", "language", "abstained", "citations", "notice")  # of Answer.to_dict(), in a turn


# -- messages from the browser and from API clients ------------------------------------------

def content_text(content) -> str:
    """A message's text: the browser sends a list of {"type": "text", "text"} blocks, the client a string."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or content.get("content") or "")
    if isinstance(content, (list, tuple)):
        return " ".join(content_text(c) for c in content
                        if not (isinstance(c, dict) and c.get("type") not in (None, "text")))
    return str(content)


def normalize_history(history, language: str = "zh") -> list[dict]:
    """Chat history (a list, or its JSON text) as plain {"role", "content": str} messages,
    through the input gate (gate.py): InputError for anything malformed."""
    if isinstance(history, str):
        return gate.parse_history(history, language)
    return gate.messages(history, language)


def stream_pieces(text: str, most: int = 12) -> list[str]:
    """Growing prefixes of `text`, cut after spaces and punctuation (never inside 400.19 or [1])."""
    cuts = [i + 1 for i, ch in enumerate(text[:-1])
            if ch in " \n，。；：、）" or (ch in ",;:)" and text[i + 1] == " ")]
    if len(cuts) > most - 1:
        step = len(cuts) / (most - 1)
        cuts = [cuts[int(k * step)] for k in range(most - 1)]
    return [text[:c] for c in cuts] + [text]


# -- conversations kept in the browser ------------------------------------------------------

def new_session(lang: str) -> dict:
    return {"id": secrets.token_hex(6), "title": TEXT[lang]["untitled"], "named": False, "turns": []}


def current(store: dict | None, lang: str = "zh") -> tuple[dict, dict]:
    """(store, its current session), making either when missing or garbled."""
    store = store if isinstance(store, dict) and isinstance(store.get("sessions"), list) else {"sessions": []}
    sessions = [s for s in store["sessions"] if isinstance(s, dict) and isinstance(s.get("turns"), list)]
    store = {"current": store.get("current"), "sessions": sessions}
    session = next((s for s in sessions if s.get("id") == store["current"]), None)
    if session is None:
        session = sessions[0] if sessions else new_session(lang)
        if not sessions:
            sessions.append(session)
        store["current"] = session["id"]
    return store, session


def add_turn(store: dict, turn: dict) -> dict:
    """The store with `turn` added to its current session (titled by its first question)."""
    store, session = current(store, turn["a"]["language"])
    session["turns"] = (session["turns"] + [turn])[-MAX_TURNS:]
    if not session.get("named") and len(session["turns"]) == 1:
        session["title"] = turn["q"] if len(turn["q"]) <= 40 else turn["q"][:39] + "…"
    return store


def start_session(store: dict | None, lang: str) -> dict:
    """The store with a new, empty session first and current (the oldest dropped past MAX_SESSIONS)."""
    store, _ = current(store, lang)
    session = new_session(lang)
    store["sessions"] = [session] + [s for s in store["sessions"] if s["turns"]][:MAX_SESSIONS - 1]
    store["current"] = session["id"]
    return store


def switch_session(store: dict | None, session_id: str, lang: str) -> dict:
    store, _ = current(store, lang)
    if any(s["id"] == session_id for s in store["sessions"]):
        store["current"] = session_id
    return store


def rename_session(store: dict | None, title: str, lang: str) -> dict:
    store, session = current(store, lang)
    title = " ".join((title or "").split())[:60]
    if title:
        session["title"], session["named"] = title, True
    return store


def delete_session(store: dict | None, lang: str) -> dict:
    store, session = current(store, lang)
    store["sessions"] = [s for s in store["sessions"] if s["id"] != session["id"]]
    store["current"] = None
    return current(store, lang)[0]


def clear_session(store: dict | None, lang: str) -> dict:
    store, session = current(store, lang)
    session["turns"] = []
    if not session.get("named"):
        session["title"] = TEXT[lang]["untitled"]
    return store


def session_choices(store: dict) -> list[tuple[str, str]]:
    return [(s["title"], s["id"]) for s in store["sessions"]]


def history(session: dict) -> list[dict]:
    """The session as chat messages for `Assistant.ask(history=…)`."""
    return [m for t in session["turns"] for m in ({"role": "user", "content": t["q"]},
                                                  {"role": "assistant", "content": t["a"]["text"]})]


def find_turn(store: dict | None, answer_id: str) -> dict | None:
    store, session = current(store)
    return next((t for t in session["turns"] if t.get("id") == answer_id), None)


# -- what the chatbot shows ----------------------------------------------------------------

def answer_markdown(answer: dict, answer_id: str, lang: str, knowledge=None, cards: bool = True) -> str:
    """An answer for the chatbot: its text (shown as text) with linked markers, its notice, its cards."""
    parts = [linked_markers(answer.get("text") or "", answer_id)]
    if answer.get("notice"):
        parts.append(f"<p class='mjq-notice'>{html.escape(answer['notice'])}</p>")
    if cards:
        parts.append(source_cards(answer, lang, knowledge, answer_id))
    return "\n\n".join(p for p in parts if p)


def messages(session: dict, lang: str, knowledge=None) -> list[dict]:
    """The chatbot's messages for a session: each question, then its answer with sources and follow-ups."""
    out = []
    for turn in session["turns"]:
        out.append({"role": "user", "content": as_text(turn["q"])})
        reply = {"role": "assistant", "content": answer_markdown(turn["a"], turn["id"], lang, knowledge)}
        if turn.get("next"):
            reply["options"] = [{"value": q, "label": q} for q in turn["next"]]
        out.append(reply)
    return out


def ratings(session: dict) -> list[str | None]:
    """The chatbot's thumbs, one per answer, as the browser last left them."""
    return [{"up": "Like", "down": "Dislike"}.get(t.get("rating")) for t in session["turns"]]


# -- suggested follow-ups -------------------------------------------------------------------

def _cited_rows(answer: dict, knowledge) -> list:
    """Indicator rows of the sentences the answer cites, in the order the document gives them."""
    citations = answer.get("citations") or []
    return [r for r in knowledge.indicators
            if any(r.source == c["source"] and (r.quote in c["quote"] or c["quote"] in r.quote or
                                                r.quote in aligned_passage(knowledge, c["source"], c["quote"], None)[0])
                   for c in citations)]


def follow_up_question(row, lang: str, knowledge) -> str:
    """A question asking for `row`'s figure, naming its place, scope and period."""
    doc = knowledge.documents.get(doc_id(row.id))
    place = subject_names(knowledge).get(doc_id(row.id), {}).get(lang, "")
    period = period_label(row.period, lang, doc) if row.period else ""
    default = row.scope_zh == knowledge.default_scope
    if lang == "zh":
        return f"{place}{'' if default else row.scope_zh}{period}{_bare(row.metric_zh)}是多少？"
    where = ", ".join(p for p in (short_scope(row.scope), period) if p)
    return f"What was the {_bare(row.metric_en)} of {place} ({where})?"


def _bare(metric: str) -> str:
    """A metric's name without the notes in brackets: 销售额（推定；…） -> 销售额."""
    return re.sub(r"\s*(（[^）]*）|\([^)]*\))", "", metric).strip()


def follow_ups(assistant, answer: dict, most: int = 3, tries: int = 6) -> list[str]:
    """Up to `most` questions drawn from the data the answer cites: other figures of the same
    sentences, then the same metric for another scope or period. Each is asked first and kept
    only when the assistant answers it with that figure, cited."""
    knowledge = assistant.knowledge
    if answer.get("abstained") or not answer.get("citations"):
        return []
    lang, text = answer.get("language") or "zh", answer.get("text") or ""
    cited = _cited_rows(answer, knowledge)
    stated = [r for r in cited if contains_figure(text, r.figure)]
    if not stated:
        return []
    same_sentence = [r for r in cited if r not in stated]
    same_metric = [r for r in knowledge.indicators if r not in cited and any(
        r.metric_zh == s.metric_zh and (r.scope_zh, r.period) != (s.scope_zh, s.period) for s in stated)]
    out = []
    for row in (same_sentence + same_metric)[:tries]:
        question = follow_up_question(row, lang, knowledge)
        reply = assistant.ask(question)
        if not reply.abstained and contains_figure(reply.text, row.figure) and \
                any(c.source == row.source for c in reply.citations) and question not in out:
            out.append(question)
        if len(out) == most:
            break
    return out


# -- the Markdown export --------------------------------------------------------------------

def _quote(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.splitlines())


def export_markdown(session: dict, lang: str, knowledge=None) -> str:
    """The session as Markdown: each question, its answer, and its sources with their quotes."""
    t = TEXT[lang]
    documents = getattr(knowledge, "documents", {}) or {}
    lines = [f"# {t['export_title']}: {session['title']}", ""]
    for n, turn in enumerate(session["turns"], 1):
        answer = turn["a"]
        lines += [f"## {n}. {t['question']}", "", turn["q"], "", f"### {t['answer']}", "", answer["text"], ""]
        if answer.get("notice"):
            lines += [f"*{answer['notice']}*", ""]
        if answer.get("citations"):
            lines += [f"### {t['sources']}", ""]
        for c in answer.get("citations") or []:
            zh, en = aligned_passage(knowledge, c["source"], c["quote"], c.get("translation"))
            doc = documents.get(doc_id(c["source"]))
            named = f" {document_title(doc, lang)}" if doc else ""
            lines += [f"[{c['marker']}] `{c['source']}`{named}", "", _quote(zh), ""]
            if en:
                lines += [_quote(en), ""]
    return "\n".join(lines).rstrip() + "\n"


def write_export(session: dict, lang: str, knowledge=None, directory: Path | None = None) -> Path:
    """The export as a file named after the session, in a folder named by its content under
    <folder>/exports; exports older than the session lifetime are deleted (each answer makes one)."""
    text = export_markdown(session, lang, knowledge)
    exports = folder(directory) / "exports"
    exports.mkdir(exist_ok=True)
    for old in exports.glob("*/*.md"):
        try:
            if time.time() - old.stat().st_mtime > SESSION_TTL:
                old.unlink()
                old.parent.rmdir()
        except OSError:  # another process is pruning too
            pass
    target = exports / hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    target.mkdir(exist_ok=True)
    stem = "-".join(re.findall(r"[\w\u4e00-\u9fff]+", session["title"]))[:40] or "conversation"
    path = target / f"mjq-{stem}.md"
    if not path.exists():
        tmp = target / f".{time.monotonic_ns()}.tmp"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path
