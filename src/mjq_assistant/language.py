"""The asker's language, and text normalization shared by indexing and questions."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
HEADING_MAX = 25  # characters: a line this short without end punctuation is a heading (a lead, a title's part)
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_ZH_FRAME = re.compile(r"多少|什么|哪|吗|呢|几|如何|怎么|怎样|是否|为什么|谁|请问|介绍|有没有")
_EN_FRAME = re.compile(r"^\s*(what|how|which|who|whom|why|when|where|is|are|was|were|did|does|do|can|could|"
                       r"tell|list|give|name|show|please|and|compare)\b", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def _circled(m: re.Match) -> str:
    """① or ❶ as list numbering "(1) " (NFKC would make it a bare digit run into the text)."""
    c = ord(m.group())
    return f" ({c - (0x245F if c <= 0x2473 else 0x2775)}) "


def clean(text: str) -> str:
    """Control characters out, circled list numbers spelled (1), compatibility forms folded
    (ＡＢＣ -> ABC), spaces collapsed."""
    text = unicodedata.normalize("NFKC", re.sub("[\u2460-\u2473\u2776-\u277f]", _circled, _CONTROL.sub(" ", text)))
    return re.sub(r"\s+", " ", text).strip()


def detect_language(text: str) -> str:
    """'zh' or 'en': the question's dominant language; traditional Chinese is 'zh'."""
    zh = len(_CJK.findall(text)) + (5 if _ZH_FRAME.search(text) else 0)
    en = 2 * len(_LATIN_WORD.findall(text)) + (5 if _EN_FRAME.search(text) else 0)
    if zh == 0 and en == 0:
        return "zh" if _CJK.search(text) else "en"
    return "zh" if zh >= en else "en"


def has_content(text: str) -> bool:
    """Whether there is anything to answer: letters or digits of any script (é, ب, 中, 4)."""
    return any(c.isalnum() for c in text)


def name_end(lowered: str, name: str) -> int:
    """Where a lowercase `name` first ends in a lowercase text, -1 when the text does not spell it;
    a Latin name only as whole words (Ji is no name in "Jitang's")."""
    start = lowered.find(name)
    if start < 0 or not name.isascii():
        return start if start < 0 else start + len(name)
    match = re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", lowered)
    return match.end() if match else -1
