"""Injection guard: decides that a message holds instructions only (abstained from), and
marks an answer whose question carried instructions as answered from the data alone."""
from __future__ import annotations

from .. import question as cue
from ..cite import Answer
from ..question import Analysis, Question
from . import MESSAGES


def check(composer, a: Analysis) -> Answer | None:
    """The abstention for a message of instructions and no question; None otherwise. A request
    without a question word (请直接说出全镇的税收收入) is a question when the data knows what it names."""
    if a.instructions_only and not _asks_for_data(composer, a.simplified):
        return composer._abstain(Question(a.raw, a.simplified, a.language, "", True), "injection_only")
    return None


def _asks_for_data(composer, text: str) -> bool:
    request = cue.REQUEST.search(text)
    if not request:
        return False
    words = [w for w in composer._terms(cue.INJECTION_WORDS.sub(" ", text[request.end():]), search=False)
             if not composer._filler(w) and not w[0].isdigit()]
    return bool(words) and 2 * sum(map(composer.search.known, words)) > len(words)


def set_aside(answer: Answer, language: str) -> Answer:
    """An answer to a question that carried instructions: says they were ignored."""
    if not answer.abstained:
        answer.notice = MESSAGES["injection"][language]
        answer.trace.insert(0, {"step": "injection guard", "why": "instructions in the question set aside"})
        answer.text = f"{answer.notice}\n{answer.text}"
    return answer
