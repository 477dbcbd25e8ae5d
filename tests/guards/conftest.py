"""What a guard said: the abstention message an answer opens with, and the step its trace names."""
from __future__ import annotations

import re

import pytest

from mjq_assistant.guards import MESSAGES, STEP_OF


def _opening(key: str, language: str) -> re.Pattern:
    template = MESSAGES[key][language]
    return re.compile("".join(".*?" if re.fullmatch(r"\{\w+\}", piece) else re.escape(piece)
                              for piece in re.split(r"(\{\w+\})", template)) + "$")


@pytest.fixture
def verdict():
    """verdict(answer) -> (message key, step) of the guard that stopped it; (None, step) when none did."""
    def read(answer):
        first = answer.text.split("\n")[0]
        keys = [k for k in STEP_OF if _opening(k, answer.language).match(first)]
        return (keys[0] if keys else None), answer.trace[-1]["step"]
    return read
