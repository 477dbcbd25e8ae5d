"""Optional LLM answers, checked against the sources before anyone sees them.

The grounded composer answers first: it decides the language, whether the data
holds the answer (abstentions never reach the LLM) and which sentences to cite.
Those citations, plus a few passages from the hybrid search, become the numbered
sources `[n]: text` of an LCEL chain

    retriever -> prompt (prompts/answer.<lang>.txt) -> chat model -> StrOutputParser

and the model's answer then has to pass the grounding guard:

- every figure in it (figures.find_figures, units normalized: 亿/万/billion, with
  % and 个百分点 kept apart) must match a figure in the sources cited by the
  same sentence, or in any source when the sentence cites none;
- every [n] must name a source;
- it must be in the asker's language.

Otherwise the grounded answer is returned instead, and `answer.guard` says why
(`{"unsupported": ["999亿元"], "fallback": True}`). When the endpoint is down or
fails, the grounded answer comes back with a notice in the asker's language and
`guard["error"]`. One answer may take the model at most `deadline` seconds in all,
retries included (MJQ_LLM_DEADLINE, default 20); an endpoint that fails
BREAKER_FAILURES answers in a row is skipped for BREAKER_RESET seconds (a circuit
breaker, `pybreaker`), so that questions meanwhile get the grounded answer at once.
Any chat model works (`BaseChatModel`); `make_chat_model` builds
ChatOpenAI for an OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp, hosted).

Streaming: `stream()` streams the model's tokens over the wire but buffers them
until the whole answer has passed the guard, then yields the verified text in
sentence-sized chunks, so that no figure reaches the user unverified (a figure
checked sentence by sentence could still be retracted by a later failure, and
the language check needs the whole answer). The price is the time to the first
chunk: that of the full LLM answer.
"""
from __future__ import annotations

import dataclasses
import logging
import re
import threading
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path

import pybreaker

from .answer import Composer
from .guards import MESSAGES
from .cite import Answer, Citation, CitationList
from .config import Settings
from .errors import ConfigError
from .figures import Figure, find_figures
from .language import detect_language
from .retrieve import HybridSearch, as_langchain_retriever

log = logging.getLogger(__name__)

PROMPTS = Path(__file__).resolve().parent / "prompts"
TIMEOUT = 30          # seconds per request, at most the deadline
MAX_RETRIES = 2
DEADLINE = 20.0       # seconds for one answer, retries included (Settings.llm_deadline)
BREAKER_FAILURES = 3  # failed answers in a row that open the circuit
BREAKER_RESET = 60    # seconds the endpoint is then skipped, before one trial call
EXTRA_PASSAGES = 4    # retrieved sources added to the grounded answer's citations
HISTORY_MESSAGES = 6  # previous chat messages passed to the model

NOTICE_UNAVAILABLE = {"zh": "LLM 服务不可用，以下为资料中的原文答案。",
                      "en": "The LLM service is unavailable; here is the grounded answer from the data."}

_MARKERS = re.compile(r"\[(\d+(?:\s*[,，、]\s*\d+)*)\]")
_MARKER = re.compile(r"\[(\d+)\]")
_LEADING_MARKERS = re.compile(r"^\s*(?:\[\d+\]\s*)+")
# A sentence ends at Chinese punctuation, a line break, or an English full stop
# followed by a space, a marker or the end (not a decimal point).
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])|(?<=\.)(?=\s|\[|$)")
_CLOSING = re.compile(r"[。.!?！？；;]\s*$")
_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL)
# "11 months", "11个月": a period, not a figure
_PERIOD_AFTER = re.compile(r"\s*(?:个月|months?\b)", re.IGNORECASE)


def make_chat_model(settings: Settings):
    """ChatOpenAI for the OpenAI-compatible endpoint in `settings` (MJQ_LLM_*)."""
    if not (settings.llm_base_url and settings.llm_model):
        missing = "MJQ_LLM_MODEL" if settings.llm_base_url else "MJQ_LLM_BASE_URL"
        raise ConfigError(f"{missing} is not set: an LLM needs both MJQ_LLM_BASE_URL "
                          "(e.g. http://localhost:11434/v1) and MJQ_LLM_MODEL (e.g. qwen2.5:7b); "
                          "unset both to answer without one")
    try:
        from langchain_openai import ChatOpenAI
    except ImportError:
        raise ConfigError("langchain-openai is not installed: pip install 'mjq-assistant[llm]'") from None
    return ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model,
                      api_key=settings.llm_api_key or "not-needed", temperature=0,
                      timeout=min(TIMEOUT, settings.llm_deadline), max_retries=MAX_RETRIES)


def load_prompt(language: str) -> str:
    return (PROMPTS / f"answer.{language}.txt").read_text(encoding="utf-8")


# -- the guard ------------------------------------------------------------------

def split_sentences(text: str) -> list[str]:
    """Sentences whose concatenation is `text`; a marker after a full stop
    ("...亿元。[1]") stays with the sentence before it."""
    parts = [p for p in _SENTENCE_END.split(text) if p]
    out: list[str] = []
    for part in parts:
        lead = _LEADING_MARKERS.match(part)
        if lead and out:
            out[-1] += lead.group()
            part = part[lead.end():]
        if part:
            out.append(part)
    return out


def normalize_markers(text: str) -> str:
    """[1, 2] and [1，2] -> [1][2]."""
    return _MARKERS.sub(lambda m: "".join(f"[{n}]" for n in re.findall(r"\d+", m.group(1))), text)


def _figures(text: str) -> list[tuple[Figure, str]]:
    """Figures in `text` with their display form ("999亿元"), periods left out."""
    out = []
    for f in find_figures(text):
        if f.kind == "number" and f.value <= 12 and _PERIOD_AFTER.match(text, f.end):
            continue
        shown = f.text + ("元" if text[f.end:f.end + 1] == "元" else "")
        out.append((f, shown))
    return out


@dataclasses.dataclass
class Verdict:
    text: str                      # markers renumbered, supporting markers added
    citations: list[Citation]
    unsupported: list[str]
    unknown_citations: list[int]
    language: str

    def guard(self, expected_language: str) -> dict:
        guard = {"unsupported": self.unsupported, "fallback": not self.passed(expected_language)}
        if self.unknown_citations:
            guard["unknown_citations"] = self.unknown_citations
        if self.language != expected_language:
            guard["wrong_language"] = self.language
        return guard

    def passed(self, expected_language: str) -> bool:
        return not self.unsupported and not self.unknown_citations and self.language == expected_language


def check_answer(text: str, sources: list[Citation]) -> Verdict:
    """Check every figure of `text` against the sources its sentence cites (any
    source when it cites none); renumber the markers in order of use and add the
    supporting marker to a sentence that states a figure without one."""
    by_marker = {c.marker: c for c in sources}
    source_figures = {c.marker: [f for f, _ in _figures(f"{c.quote}\n{c.translation or ''}")] for c in sources}
    unsupported, unknown, sentences = [], [], []
    for sentence in split_sentences(normalize_markers(text)):
        cited = [int(n) for n in _MARKER.findall(sentence)]
        unknown += [n for n in cited if n not in by_marker and n not in unknown]
        cited = [n for n in cited if n in by_marker]
        added = []
        for figure, shown in _figures(sentence):
            pool = cited or list(by_marker)
            support = [n for n in pool if any(figure.matches(g) for g in source_figures[n])]
            if not support:
                unsupported.append(shown)
            elif not cited and support[0] not in added:
                added.append(support[0])
        if added:
            sentence = _add_markers(sentence, added)
        sentences.append(sentence)
    text = "".join(sentences)
    # renumber in order of first use
    order: dict[int, int] = {}
    for n in map(int, _MARKER.findall(text)):
        if n in by_marker and n not in order:
            order[n] = len(order) + 1
    text = _MARKER.sub(lambda m: f"[{order[int(m.group(1))]}]" if int(m.group(1)) in order else m.group(), text)
    citations = [dataclasses.replace(by_marker[old], marker=new) for old, new in order.items()]
    language = detect_language(_MARKER.sub(" ", text))
    return Verdict(text.strip(), citations, unsupported, unknown, language)


def _add_markers(sentence: str, markers: list[int]) -> str:
    tags = "".join(f"[{n}]" for n in markers)
    m = _CLOSING.search(sentence)
    if m:
        return sentence[:m.start()] + tags + sentence[m.start():]
    stripped = sentence.rstrip()
    return stripped + tags + sentence[len(stripped):]


# -- the answerer -----------------------------------------------------------------

class LLMAnswerer:
    """Answers with a chat model, guarded; same `answer(question, history)` as the Composer."""

    def __init__(self, composer: Composer, search: HybridSearch, chat_model, k: int = 6,
                 deadline: float = DEADLINE, breaker=None):
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
        from langchain_core.runnables import RunnableLambda, RunnablePassthrough

        self.composer = composer
        self.search = search
        self.chat_model = chat_model
        self.deadline = deadline
        self.breaker = breaker or pybreaker.CircuitBreaker(
            fail_max=BREAKER_FAILURES, reset_timeout=BREAKER_RESET, throw_new_error_on_trip=False, name="LLM endpoint")
        self.retriever = as_langchain_retriever(search, k=k)
        # inputs {question, history, grounded} -> {question, history, sources (text), citations}
        self.context = (RunnablePassthrough.assign(documents=itemgetter("question") | self.retriever)
                        | RunnableLambda(self._context))
        self.chains = {}
        for language in ("zh", "en"):
            prompt = ChatPromptTemplate.from_messages([
                ("system", load_prompt(language)),
                MessagesPlaceholder("history", optional=True),
                ("human", "{question}")])
            self.chains[language] = self.context | RunnablePassthrough.assign(
                text=prompt | chat_model | StrOutputParser())

    # -- public ------------------------------------------------------------------
    def answer(self, question: str, history=None) -> Answer:
        grounded = self.composer.answer(question, history)
        if self._skip(grounded):
            return grounded
        chain, inputs = self.chains[grounded.language], self._inputs(question, history, grounded)
        try:
            result = self._call(lambda: chain.invoke(inputs))
        except Exception as exc:  # endpoint down, deadline passed, circuit open, HTTP error, bad response
            return self._unavailable(grounded, exc)
        return self._verified(grounded, result["text"], result["citations"])

    def stream(self, question: str, history=None) -> Iterator[str | Answer]:
        """Text chunks (deltas), then the final Answer; see the module notes."""
        grounded = self.composer.answer(question, history)
        if self._skip(grounded):
            answer = grounded
        else:
            chain, inputs = self.chains[grounded.language], self._inputs(question, history, grounded)

            def collect() -> tuple[list[str], list[Citation]]:
                parts, sources = [], []
                for chunk in chain.stream(inputs):
                    if "citations" in chunk:
                        sources = chunk["citations"]
                    if "text" in chunk:
                        parts.append(chunk["text"])  # buffered until the guard has run
                return parts, sources

            try:
                parts, sources = self._call(collect)
            except Exception as exc:
                answer = self._unavailable(grounded, exc)
            else:
                answer = self._verified(grounded, "".join(parts), sources)
        for piece in split_sentences(answer.text):
            yield piece
        yield answer

    # -- steps -------------------------------------------------------------------
    def _call(self, work):
        """`work()` through the circuit breaker, within the deadline."""
        return self.breaker.call(_within, self.deadline, work)

    @staticmethod
    def _skip(grounded: Answer) -> bool:
        """Abstentions, and questions carrying instructions, stay with the composer."""
        if grounded.abstained:
            return True
        if grounded.notice in MESSAGES["injection"].values():
            grounded.guard = {"unsupported": [], "fallback": True, "skipped": "instructions in the question"}
            return True
        return False

    def _inputs(self, question: str, history, grounded: Answer) -> dict:
        return {"question": question, "history": _history(history), "grounded": grounded}

    def _context(self, inputs: dict) -> dict:
        """The numbered sources: the grounded answer's citations, then retrieved passages."""
        grounded: Answer = inputs["grounded"]
        cites = CitationList()
        for c in grounded.citations:
            cites.add(c.source, c.quote, c.translation)
        extra = 0
        for doc in inputs["documents"]:
            try:
                found = self._quote(doc.id)
            except (KeyError, IndexError, ValueError):  # a passage the knowledge no longer holds
                log.debug("no source sentence for retrieved passage %r", doc.id)
                found = None
            if extra == EXTRA_PASSAGES or not found:
                continue
            paragraph, quote, translation = found
            core = quote.rstrip("。；;. ")
            if not any(c.source == paragraph and (core in c.quote or c.quote.rstrip("。；;. ") in quote)
                       for c in cites.items):
                cites.add(paragraph, quote, translation)
                extra += 1
        return {"question": inputs["question"], "history": inputs["history"], "citations": cites.items,
                "sources": format_sources(cites.items, grounded.language)}

    def _quote(self, passage_id: str | None) -> tuple[str, str, str | None] | None:
        """(paragraph, verbatim quote, English rendering) for a retrieved passage."""
        if not passage_id:
            return None
        c = self.composer
        kind, _, ref = passage_id.partition(":")
        if kind in ("zh", "en"):
            paragraph, index = ref.split(":")
            return (paragraph, *c.sources.sentence(paragraph, int(index)))
        if passage_id in c.rows:
            row = c.rows[passage_id]
            return (row.source, *c.sources.indicator(row))
        if passage_id in c.glossary:
            g = c.glossary[passage_id]
            paragraph = c.k.zh[g.source].text
            index = next((c.sources.sentence_index(g.source, n) for n in (g.zh, *g.aliases) if n in paragraph), 0)
            return (g.source, *c.sources.sentence(g.source, index))
        return None

    def _verified(self, grounded: Answer, raw: str, sources: list[Citation]) -> Answer:
        text = _THINK.sub("", raw or "").strip()
        if not text:
            log.warning("LLM returned an empty answer to %r: using the grounded answer", grounded.question[:80])
            return dataclasses.replace(grounded, guard={"unsupported": [], "fallback": True, "empty": True})
        verdict = check_answer(text, sources)
        guard = verdict.guard(grounded.language)
        if not verdict.passed(grounded.language):
            log.warning("LLM answer to %r failed the grounding guard (%s): using the grounded answer; "
                        "the LLM said: %r", grounded.question[:80],
                        {k: v for k, v in guard.items() if k != "fallback"}, text[:300])
            return dataclasses.replace(grounded, guard=guard)
        return Answer(grounded.question, verdict.text, grounded.language, False, verdict.citations,
                      grounded.notice, guard)

    def _unavailable(self, grounded: Answer, exc: Exception) -> Answer:
        if isinstance(exc, pybreaker.CircuitBreakerError):
            error = (f"skipped: the endpoint failed {self.breaker.fail_max} answers in a row; "
                     f"tried again {self.breaker.reset_timeout:g} s after the last failure")
        else:
            error = f"{type(exc).__name__}: {exc}"
        log.warning("LLM unavailable (%s): using the grounded answer", error)
        notice = NOTICE_UNAVAILABLE[grounded.language]
        return dataclasses.replace(grounded, text=f"{notice}\n{grounded.text}", notice=notice,
                                   guard={"unsupported": [], "fallback": True, "error": error})


class DeadlineExceeded(TimeoutError):
    """The model gave no answer within the deadline."""


def _within(seconds: float, work):
    """`work()`'s result, or DeadlineExceeded after `seconds`. The call goes on in a daemon
    thread until its own request timeout, so an interrupted process never waits for it."""
    done, outcome = threading.Event(), {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the caller
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="mjq-llm-call", daemon=True).start()
    if not done.wait(seconds):
        raise DeadlineExceeded(f"no answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def format_sources(sources: list[Citation], language: str) -> str:
    """`[n]: text`, one a line; English askers also get the English rendering."""
    lines = []
    for c in sources:
        line = f"[{c.marker}]: {c.quote}"
        if language == "en" and c.translation:
            line += f"\n    English: {c.translation}"
        lines.append(line)
    return "\n".join(lines)


def _history(history) -> list[tuple[str, str]]:
    """The last chat messages as (role, text); Gradio content blocks flattened, old markers removed."""
    out = []
    for message in history or []:
        if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
            continue
        content = message.get("content")
        if isinstance(content, list):
            content = " ".join(b.get("text", "") for b in content if isinstance(b, dict))
        if isinstance(content, str) and content.strip():
            out.append(("human" if message["role"] == "user" else "ai", _MARKER.sub("", content).strip()))
    return out[-HISTORY_MESSAGES:]
