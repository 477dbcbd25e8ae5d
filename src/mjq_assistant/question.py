"""What a question asks: the cues the composer reads (Chinese and English
patterns for figures, growth, shares, comparisons, injections, follow-ups...),
the Question record, and splitting a message into questions.

The cues are language data: each is an entry of lexicon/cues.yaml (what it means,
its pattern, examples that must and must not match); the names here keep the
composer's `cue.GROWTH_CUE` reading as it did."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import lexicon
from .language import clean, has_content, to_simplified

MAX_QUESTION_CHARS = 1000

INJECTION = lexicon.pattern("injection")
INJECTION_WORDS = lexicon.pattern("injection_words")
FOLLOWUP = lexicon.pattern("followup")
FIGURE_CUE = lexicon.pattern("figure_cue")
DESCRIBE_CUE = lexicon.pattern("describe_cue")
EN_HEAD = lexicon.pattern("en_head")
EN_BOUNDARY = lexicon.words("en_boundary")
AUXILIARY = lexicon.words("auxiliary")
WENT_WRONG = lexicon.pattern("went_wrong")
COUNTED = lexicon.pattern("counted")
GROWTH_CUE = lexicon.pattern("growth_cue")
SHARE_CUE = lexicon.pattern("share_cue")
RATE_ASKED = lexicon.pattern("rate_asked")
POINTS_CUE = lexicon.pattern("points_cue")
NEGATIVE_EVENT = lexicon.pattern("negative_event")
HEAD = lexicon.pattern("head")
AGE = lexicon.pattern("age")
ROLE_ASK = lexicon.pattern("role_ask")
PERSON_REF = lexicon.pattern("person_ref")
UP_TO_MONTH = lexicon.pattern("up_to_month")
SINGLE_MONTH = lexicon.pattern("single_month")
PLACE_SUFFIX = lexicon.pattern("place_suffix")
NAME_BOUNDARY = lexicon.pattern("name_boundary")
NOT_A_NAME = lexicon.pattern("not_a_name")
FOREIGN_UNIT = lexicon.pattern("foreign_unit")
EMPLOYMENT = lexicon.pattern("employment")
PERFORMANCE = lexicon.pattern("performance")
WHY = lexicon.pattern("why")
WHO = lexicon.pattern("who")
FIRMS_CUE = lexicon.pattern("firms_cue")
ORDINAL_ASK = lexicon.pattern("ordinal_ask")
ORDINAL = lexicon.pattern("ordinal")
SAY = lexicon.pattern("say")
ONE_FIRM = lexicon.pattern("one_firm")
LOCATED = lexicon.pattern("located")
REVENUE = lexicon.pattern("revenue")
MONEY_CUE = lexicon.pattern("money_cue")
AMOUNT_CUE = lexicon.pattern("amount_cue")
COUNT_CUE = lexicon.pattern("count_cue")
COMPARE = lexicon.pattern("compare")
PARTS = lexicon.pattern("parts")
CONJUNCTION = lexicon.pattern("conjunction")
WHO_IS = lexicon.pattern("who_is")
FALL = lexicon.pattern("fall")
FULL_YEAR = lexicon.pattern("full_year")
BASE_YEAR = lexicon.pattern("base_year")
YEAR = lexicon.pattern("year")
PREVIOUS_PERIOD = lexicon.pattern("previous_period")
KEYWORD_QUERY = lexicon.pattern("keyword_query")
PERIOD_WORDS = lexicon.pattern("period_words")
CUMULATIVE_END = lexicon.pattern("cumulative_end")


@dataclass
class Question:
    raw: str
    text: str            # cleaned, simplified; an injected instruction taken out
    language: str
    history_text: str    # the previous user question when this one is a follow-up
    injection: bool
    terms: list[str] = field(default_factory=list)
    kind_text: str = ""  # for one part of a question: the text whose cues say what kind of figure it asks


def previous_user_question(history) -> str:
    for message in reversed(history or []):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):  # Gradio's content blocks
                content = " ".join(b.get("text", "") for b in content if isinstance(b, dict))
            if isinstance(content, str) and content.strip():
                return to_simplified(clean(content))[:MAX_QUESTION_CHARS]
    return ""


QUESTION_WORD = lexicon.pattern("question_word")
# ", and what output value did they generate?": an English second question joined by "and"
AND_QUESTION = lexicon.pattern("and_question")
QUESTION_END = lexicon.pattern("question_end")
LIST_NUMBER = lexicon.pattern("list_number")
CLAUSE_END = lexicon.pattern("clause_end")


def split_questions(text: str) -> list[str]:
    """The questions in a message: split at question marks, at ", and what/which/how…",
    or at commas between two clauses that each ask ("营业额有多少，同比增长了多少")."""
    # "1）…？2）…？": numbering is not a figure; a numbered item starts a question of its own
    text = LIST_NUMBER.sub(lambda m: "？" if m.start() and text[:m.start()].strip() else " ", text).strip()
    parts = [p for p in QUESTION_END.split(text) if len(p.strip()) >= 4 and has_content(p)]
    if len(parts) == 1:
        pieces = AND_QUESTION.split(text)
        if len(pieces) == 2 and QUESTION_WORD.search(pieces[0]):
            return pieces
    if len(parts) == 1 and len(QUESTION_WORD.findall(text)) >= 2:
        parts, pending = [], ""
        for piece in CLAUSE_END.split(text):
            pending += piece
            if QUESTION_WORD.search(piece):
                parts.append(pending)
                pending = ""
        if pending and parts:
            parts[-1] += pending
    return parts or [text]
