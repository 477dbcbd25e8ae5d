"""The input gate: every question and chat history passes here before anything reads it.

`Assistant.ask` and `Assistant.stream` call `check()`, so the CLI, the UI and the
HTTP API share it; the CLI and the UI parse history JSON with `parse_history()`, and
feedback text goes through `scrub()`. The gate

- replaces lone surrogates (from broken clients, or non-UTF-8 command-line
  arguments that Python decodes with surrogateescape) with U+FFFD;
- removes ANSI escape sequences and turns other control characters into spaces;
- type-checks history: None, or a list of {"role", "content"} messages whose
  content is text or a list of text blocks (Gradio's {"type": "text", "text": …},
  or plain strings); blocks of other types (files, images) and messages of other
  roles (system, tool) are skipped;
- bounds sizes: a question or message of at most MAX_CHARS characters, a history
  of at most MAX_MESSAGES messages (the last KEEP_MESSAGES are kept), history JSON
  of at most MAX_JSON_BYTES; JSON nested too deep is refused, never a RecursionError;
- refuses a question with nothing to answer (only spaces, punctuation or symbols).

Anything else raises `InputError` (an `MjqError`) with a message in the asker's
language: the question's, when it has words; otherwise the `language` the caller
passes (the UI's language, the API's `language` field); otherwise Chinese, the
language of the data. Each refusal logs one line, never a traceback.
"""
from __future__ import annotations

import json
import logging
import re

from .errors import InputError
from .language import detect_language, has_content

log = logging.getLogger(__name__)

MAX_CHARS = 65_536       # the composer politely refuses questions above 1,000; this bounds the work before it
MAX_MESSAGES = 1_000
KEEP_MESSAGES = 50       # enough for any follow-up; the LLM path uses the last 6
MAX_JSON_BYTES = 1_000_000
ROLES = ("user", "assistant")
OTHER_ROLES = ("system", "developer", "tool", "function")

_SURROGATE = re.compile("[\ud800-\udfff]")
# CSI (ESC [ … final), OSC (ESC ] … BEL or ST), two-character escapes, and the 8-bit CSI
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

MESSAGES = {
    "empty": {"zh": "请输入一个问题。", "en": "Please type a question."},
    "not_text": {"zh": "问题必须是文本，而不是 {type}。", "en": "The question must be text, not {type}."},
    "too_long": {"zh": "{what}太长（{n}个字符，上限{limit}）。", "en": "The {what} is too long ({n} characters; the limit is {limit})."},
    "history": {"zh": "对话历史必须是由 {{role, content}} 消息组成的 JSON 列表：{why}。",
                "en": "history must be a JSON list of {{role, content}} messages: {why}."},
    "history_size": {"zh": "对话历史太长（{n}条消息，上限{limit}）。",
                     "en": "The history is too long ({n} messages; the limit is {limit})."},
}
_WHAT = {"question": {"zh": "问题", "en": "question"}, "message": {"zh": "历史消息", "en": "history message"},
         "json": {"zh": "对话历史", "en": "history JSON"}}
_WHY = {
    "not_list": {"zh": "收到的是 {type}", "en": "got {type}"},
    "not_message": {"zh": "第{i}项是 {type}，不是 {{role, content}} 对象", "en": "item {i} is {type}, not a {{role, content}} object"},
    "role": {"zh": "第{i}项的 role 应为 user 或 assistant", "en": "item {i} has no role user or assistant"},
    "content": {"zh": "第{i}项的 content 应为文本或文本块列表", "en": "item {i} has content that is not text or a list of text blocks"},
    "json": {"zh": "不是有效的 JSON（{error}）", "en": "not valid JSON ({error})"},
    "deep": {"zh": "嵌套太深", "en": "it is nested too deeply"},
}


def scrub(text: str) -> str:
    """Lone surrogates replaced, escape sequences removed, other control characters as spaces
    (line breaks and tabs kept)."""
    text = _SURROGATE.sub("\ufffd", text)
    return _CONTROL.sub(" ", _ANSI.sub("", text))


def check(question, history=None, language: str | None = None) -> tuple[str, list[dict]]:
    """The question and history, normalized; raises InputError for anything unusable."""
    if not isinstance(question, str):
        _refuse(language or "zh", "not_text", type=type(question).__name__)
    if len(question) > MAX_CHARS:
        _refuse(asker_language(question[:200], language), "too_long", what="question", n=len(question), limit=MAX_CHARS)
    question = scrub(question)
    asker = asker_language(question, language)
    if not has_content(question):
        _refuse(asker, "empty")
    return question, messages(history, asker)


def messages(history, language: str = "zh") -> list[dict]:
    """History as [{"role": "user"|"assistant", "content": str}], the last KEEP_MESSAGES."""
    if history is None:
        return []
    if not isinstance(history, (list, tuple)):
        _refuse_history(language, "not_list", type=type(history).__name__)
    if len(history) > MAX_MESSAGES:
        _refuse(language, "history_size", n=len(history), limit=MAX_MESSAGES)
    out = []
    for i, message in enumerate(history, 1):
        if not isinstance(message, dict):
            _refuse_history(language, "not_message", i=i, type=type(message).__name__)
        role = message.get("role")
        if role in OTHER_ROLES:
            continue
        if role not in ROLES:
            _refuse_history(language, "role", i=i)
        text = _content_text(message.get("content"), language, i)
        if len(text) > MAX_CHARS:
            _refuse(language, "too_long", what="message", n=len(text), limit=MAX_CHARS)
        if text.strip():
            out.append({"role": role, "content": scrub(text)})
    return out[-KEEP_MESSAGES:]


def _content_text(content, language: str, i: int) -> str:
    if content is None or isinstance(content, str):
        return content or ""
    if isinstance(content, (list, tuple)) and len(content) <= MAX_MESSAGES:
        texts = []
        for block in content:
            if isinstance(block, str):
                texts.append(block)
            elif isinstance(block, dict) and block.get("type", "text") == "text" and isinstance(block.get("text"), str):
                texts.append(block["text"])
            elif not (isinstance(block, dict) and block.get("type") not in (None, "text")):
                _refuse_history(language, "content", i=i)
        return " ".join(texts)
    _refuse_history(language, "content", i=i)


def parse_history(text: str | bytes | None, language: str = "zh") -> list[dict]:
    """History given as JSON text (CLI --history-file, the UI's API): parsed, then `messages()`."""
    if text is None or not str(text).strip():
        return []
    if len(text) > MAX_JSON_BYTES:
        _refuse(language, "too_long", what="json", n=len(text), limit=MAX_JSON_BYTES)
    try:
        value = json.loads(text)
    except RecursionError:
        _refuse_history(language, "deep")
    except ValueError as exc:
        _refuse_history(language, "json", error=str(exc)[:120])
    return messages(value, language)


def asker_language(text: str, hint: str | None = None) -> str:
    """The language to answer `text` in: its own when it has words, else `hint`, else Chinese."""
    if has_content(text):
        return detect_language(text)
    return hint if hint in ("zh", "en") else "zh"


def _refuse_history(language: str, why: str, **fields) -> None:
    _refuse(language, "history", why=_WHY[why][language].format(**fields))


def _refuse(language: str, key: str, **fields) -> None:
    if "what" in fields:
        fields["what"] = _WHAT[fields["what"]][language]
    message = MESSAGES[key][language].format(**fields)
    log.info("input refused: %s", message)
    raise InputError(message, language)
