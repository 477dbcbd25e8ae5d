"""Keyword tokens for BM25 in both languages: jieba for Chinese, word forms for English.

jieba's full dictionary takes over a second to load, so `mjq index` writes a
small one: every word jieba (with the town's names added) finds in the
knowledge base, plus jieba's 50,000 most frequent words, with jieba's own
frequencies (loads in ~0.15 s). Cutting runs without the HMM, so unknown
characters stay single instead of merging into made-up words.
"""
from __future__ import annotations

import logging
import os
import re
from functools import lru_cache
from pathlib import Path

from . import lexicon
from .language import clean, to_simplified

log = logging.getLogger(__name__)

# Stopwords and filler (words that say how a question is asked, not what it is about):
# word lists in lexicon/vocabulary.yaml.
_EN_STOP = lexicon.words("en_stop")
_ZH_STOP = lexicon.words("zh_stop")
FILLER = lexicon.words("filler")
COMMON_WORDS = 50000
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:\.\d+)?|[\u3400-\u9fff]+")


# Words people ask with, mapped to the word the knowledge base uses (lexicon/vocabulary.yaml).
SYNONYMS = lexicon.mapping("synonyms")


def _english(word: str) -> str:
    """A light stemmer: plurals, -ing and -ed (leading -> lead, enterprises -> enterprise, taxes -> tax)."""
    word = word.split("'")[0]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("xes", "ches", "shes", "sses")):  # taxes -> tax, processes -> process
        word = word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 5 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    return word


def quiet_jieba():
    """The jieba module, its loading messages (written at DEBUG on stderr) kept quiet."""
    import jieba
    jieba.setLogLevel(logging.WARNING)
    return jieba


def single_character_runs(terms: list[str], text: str) -> set[str]:
    """Words no dictionary knows, cut into single characters (海工装备 -> 海, 工, 装备), joined again
    where the text writes them together: 海工."""
    runs, run = set(), ""
    for t in [*terms, ""]:
        if len(t) == 1 and not t.isascii() and run + t in text:
            run += t
            continue
        runs |= {run} if len(run) > 1 else set()
        run = t if len(t) == 1 and not t.isascii() else ""
    return runs


class Tokenizer:
    """Cuts text into BM25 terms; Chinese with a jieba dictionary, English by word."""

    def __init__(self, dictionary: Path | None = None):
        jieba = quiet_jieba()
        self._jieba = jieba.Tokenizer(str(dictionary)) if dictionary else jieba.Tokenizer()
        # jieba caches its parsed dictionary beside it, or in the system temp dir when that is read-only
        self._jieba.tmp_dir = str(dictionary.parent) if dictionary and os.access(dictionary.parent, os.W_OK) else None
        self._jieba.check_initialized()  # a garbled dictionary raises ValueError here, not at the first question
        if not self._jieba.total:  # jieba takes an empty file, then fails on every cut (log of 0)
            raise ValueError("the dictionary is empty")
        self.add_words(SYNONYMS)  # 文旅 -> 旅游 folds only when jieba keeps 文旅 whole

    def add_words(self, words) -> None:
        for word in words:
            if re.search(r"[\u3400-\u9fff]", word) and not any(c.isspace() for c in word):
                self._jieba.add_word(to_simplified(word), freq=50000)

    def parts(self, word: str) -> list[str]:
        """The shorter words inside a Chinese word (服务包考核 -> 服务, 服务包, 考核)."""
        return [w for w in self._jieba.lcut_for_search(word, HMM=False) if len(w) >= 2 and w != word]

    def is_word(self, text: str) -> bool:
        """Whether the dictionary has this word."""
        return bool(self._jieba.FREQ.get(text))

    def words(self, text: str, search: bool = True) -> list[str]:
        """All words, stopwords included; `search` adds the parts of long words."""
        text = to_simplified(clean(text)).lower()
        out = []
        for chunk in _TOKEN.findall(text):
            if chunk[0] >= "\u3400":
                # search mode also yields the parts of long words: 医药企业 -> 医药, 企业, 医药企业
                cut = self._jieba.lcut_for_search if search else self._jieba.lcut
                out.extend(w for w in cut(chunk, HMM=False) if w.strip())
            elif chunk[0].isdigit():
                out.append(chunk)
            else:
                out.append(chunk if chunk in _EN_STOP else _english(chunk))
        return out

    def terms(self, text: str, search: bool = True) -> list[str]:
        """BM25 terms: words without stopwords, synonyms folded."""
        return terms_of(self.words(text, search))

    def write_dictionary(self, texts, path: Path) -> None:
        """Every word of `texts` with its frequency, in jieba's dictionary format."""
        self._jieba.check_initialized()
        freq = self._jieba.FREQ
        vocabulary = {w for text in texts for w in self.words(text) if re.search(r"[\u3400-\u9fff]", w)}
        vocabulary |= {w for w in FILLER | _ZH_STOP if w in freq}  # 多少家 -> 多少 + 家
        vocabulary |= set(sorted((w for w, f in freq.items() if f), key=lambda w: -freq[w])[:COMMON_WORDS])
        vocabulary = {w for w in vocabulary if w.strip() and not any(c.isspace() for c in w)}
        lines = [f"{w} {max(freq.get(w) or 0, 1 if len(w) == 1 else 5)}" for w in sorted(vocabulary)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        log.info("wrote %d words to %s", len(lines), path)


def terms_of(words: list[str]) -> list[str]:
    """Words without stopwords, synonyms folded."""
    return [SYNONYMS.get(w, w) for w in words if w not in _EN_STOP and w not in _ZH_STOP]


def is_filler(word: str) -> bool:
    """A word that says how a question is asked (多少, 几场, "roughly"), not what about."""
    return word in FILLER or bool(_HOW_MANY.match(word))


# 几场, 多少家, 两个, 三家: a count word, not a topic
_HOW_MANY = lexicon.pattern("count_word")


# jieba's part-of-speech tags of words that never name a topic: adverbs (到底), pronouns (咋样),
# conjunctions, prepositions, particles, modal and interjection words, onomatopoeia, numerals and
# measure words (几倍), time words (目前), status words and attributives (整个, 所有)
_FUNCTION_TAGS = ("d", "r", "c", "p", "u", "y", "e", "o", "m", "q", "t", "z", "b")


@lru_cache(maxsize=1)
def _tagged_words() -> tuple[frozenset[str], ...]:
    """jieba's full dictionary's function words, its verbs, its common one-character function
    words (辆, 啊: a thousand uses or more) and its place names of two or three characters (江南,
    华东), by their part-of-speech tags (read once, ~0.6 s)."""
    with quiet_jieba().get_dict_file() as f:
        rows = [r for r in (line.decode("utf-8").split() for line in f) if len(r) == 3]
    function = [r for r in rows if r[2].startswith(_FUNCTION_TAGS)]
    return (frozenset(r[0] for r in function), frozenset(r[0] for r in rows if r[2] == "v"),
            frozenset(r[0] for r in function if len(r[0]) == 1 and int(r[1]) >= 1000),
            frozenset(r[0] for r in rows if r[2] == "ns" and 2 <= len(r[0]) <= 3))


def function_words() -> frozenset[str]:
    """到底, 究竟, 这块, 多久, 辆: Chinese words that say how something is asked, never what about."""
    return _tagged_words()[0]


def common_function_characters() -> frozenset[str]:
    """辆, 啊, 几: one-character function words in common use."""
    return _tagged_words()[2]


def in_dictionary(word: str) -> bool:
    """Whether jieba's own dictionary has the word (云杉 does; a rare place name such as 庚辛 does not)."""
    jieba = quiet_jieba()
    jieba.dt.check_initialized()
    return bool(jieba.dt.FREQ.get(word))


def is_function_word(word: str) -> bool:
    return word in function_words()


def place_names() -> frozenset[str]:
    """江南, 华东, 苏州: places jieba's dictionary knows."""
    return _tagged_words()[3]


def is_verb(word: str) -> bool:
    """确保, 推进: a word jieba's dictionary tags as a verb (and nothing else)."""
    return word in _tagged_words()[1]


def is_stopword(word: str) -> bool:
    return word in _EN_STOP or word in _ZH_STOP
