"""Injection guard: decides that a message holds instructions only (abstained from), and
marks an answer whose question carried instructions as answered from the data alone."""
from __future__ import annotations

from ..cite import Answer
from ..question import Analysis, Question
from . import MESSAGES


def check(composer, a: Analysis) -> Answer | None:
    """The abstention for a message of instructions and no question; None otherwise."""
    if a.instructions_only:
        return composer._abstain(Question(a.raw, a.simplified, a.language, "", True), "injection_only")
    return None


def set_aside(answer: Answer, language: str) -> Answer:
    """An answer to a question that carried instructions: says they were ignored."""
    if not answer.abstained:
        answer.notice = MESSAGES["injection"][language]
        answer.trace.insert(0, {"step": "injection guard", "why": "instructions in the question set aside"})
        answer.text = f"{answer.notice}\n{answer.text}"
    return answer
