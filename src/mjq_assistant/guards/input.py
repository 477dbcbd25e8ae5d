"""Input guard: decides that a message has no question text, or is too long to read."""
from __future__ import annotations

from ..cite import Answer
from ..language import has_content
from ..question import MAX_QUESTION_CHARS, Analysis
from . import MESSAGES


def check(composer, a: Analysis) -> Answer | None:
    """An abstention asking for a question (with an example) or a shorter one; None otherwise."""
    if not has_content(a.text):
        return Answer(a.raw, MESSAGES["empty"][a.language].format(example=composer._example(a.language)), a.language, True,
                      trace=[{"step": "input guard", "why": "no question text"}])
    if len(a.text) > MAX_QUESTION_CHARS:
        msg = MESSAGES["too_long"][a.language].format(n=len(a.text), limit=MAX_QUESTION_CHARS)
        return Answer(a.raw, msg, a.language, True, trace=[{"step": "input guard", "why": f"{len(a.text)} characters"}])
    return None
