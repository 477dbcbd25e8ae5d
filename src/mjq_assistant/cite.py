"""Citations: numbered markers tied to verbatim source text and its English rendering."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .knowledge import Indicator, Knowledge, split_sentences


@dataclass(frozen=True)
class Citation:
    marker: int
    source: str              # "<doc-id>#p09"
    quote: str               # verbatim Chinese source text
    translation: str | None  # its English rendering


@dataclass
class Answer:
    question: str
    text: str
    language: str                  # "zh" or "en"
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    notice: str | None = None      # e.g. instructions in the question were ignored
    guard: dict | None = None      # the LLM grounding guard's findings, when an LLM answered
    trace: list[dict] = field(default_factory=list)  # [{"step": which step decided, "why": …}], in order

    def to_dict(self) -> dict:
        return {"question": self.question, "text": self.text, "language": self.language,
                "abstained": self.abstained, "citations": [asdict(c) for c in self.citations],
                "notice": self.notice, "guard": self.guard, "trace": self.trace}


class Sources:
    """Looks up the quote and translation for a sentence or an indicator row."""

    def __init__(self, k: Knowledge):
        self._zh = {p.id: split_sentences(p.text, "zh") for p in k.article_zh}
        self._en = {p.id: split_sentences(p.text, "en") for p in k.article_en}

    def sentence(self, paragraph: str, index: int) -> tuple[str, str | None]:
        zh, en = self._zh[paragraph], self._en.get(paragraph, [])
        return zh[index], (en[index] if index < len(en) else None)

    def sentence_count(self, paragraph: str) -> int:
        return len(self._zh[paragraph])

    def sentence_index(self, paragraph: str, text: str) -> int:
        """The sentence of `paragraph` that holds (the start of) `text`."""
        for i, s in enumerate(self._zh[paragraph]):
            if text in s or s in text or text[:12] in s:
                return i
        return 0

    def indicator(self, row: Indicator) -> tuple[str, str | None]:
        """The row's quote, and the English sentence that renders it."""
        _, en = self.sentence(row.source, self.sentence_index(row.source, row.quote))
        return row.quote, en


class CitationList:
    """Collects citations in order of first use; the same text keeps its marker."""

    def __init__(self):
        self.items: list[Citation] = []

    def add(self, source: str, quote: str, translation: str | None) -> int:
        for c in self.items:
            if c.source == source and c.quote == quote:
                return c.marker
        self.items.append(Citation(len(self.items) + 1, source, quote, translation))
        return len(self.items)


_MARKER = re.compile(r"\[\d+\]")
_MARKER_NUMBER = re.compile(r"\[(\d+)\]")


def merge_answers(raw: str, language: str, answers: list[Answer], labels: list[str] | None = None,
                  why: str | None = None) -> Answer:
    """One answer from several (each question of a message, or each document's), markers
    renumbered; `labels` head each answer's lines (the town it is about)."""
    cites, lines, said = CitationList(), [], set()
    for i, a in enumerate(answers):
        # two questions answered by one row (or by the same figure of two documents) say it once
        new = [line for line in a.text.split("\n") if _MARKER.sub("", line) not in said]
        said.update(_MARKER.sub("", line) for line in new)
        used = {int(m) for line in new for m in _MARKER_NUMBER.findall(line)}
        mapping = {c.marker: cites.add(c.source, c.quote, c.translation) for c in a.citations if c.marker in used}
        new = [_MARKER_NUMBER.sub(lambda m: f"[{mapping.get(int(m.group(1)), m.group(1))}]", line) for line in new]
        if any(line.strip() for line in new):
            lines += [labels[i], *new] if labels else new
    notice = next((a.notice for a in answers if a.notice), None)
    trace = [{"step": "split", "why": why or f"{len(answers)} questions in one message, answered in turn"}]
    trace += [t for a in answers for t in a.trace]
    return Answer(raw, "\n".join(lines), language, all(a.abstained for a in answers), cites.items, notice, trace=trace)
