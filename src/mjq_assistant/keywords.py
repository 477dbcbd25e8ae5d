"""Keyword tokens for BM25 in both languages: jieba for Chinese, word forms for English.

jieba's full dictionary takes over a second to load, so `mjq index` writes a
small one: every word jieba (with the town's names added) finds in the
knowledge base, plus jieba's 50,000 most frequent words, with jieba's own
frequencies (loads in ~0.15 s). Cutting runs without the HMM, so unknown
characters stay single instead of merging into made-up words.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from .language import clean, to_simplified

log = logging.getLogger(__name__)

_EN_STOP = set("""a an the of in on at to for from by with and or is are was were be been being do does did
what which who whom whose how when where why that this these those it its it's he his she her they their them
there than then as into about over under up down out much many any some all can could would should will shall
may might me my i you your we our us please tell give show list name also just only per vs via s
wat wht whats hw pls plz u ur versus
article articles report story""".split())
_ZH_STOP = set("""的 了 是 在 和 与 及 或 也 都 就 而 把 被 对 为 以 于 之 其 这 那 这个 那个 哪 哪些 哪个 什么 多少
几 吗 呢 啊 吧 呀 请 请问 从 告诉 我 你 他 她 它 我们 你们 他们 有 有没有 是否 怎么 怎样 如何 为什么 谁 一下 一个 给
中 上 下 个 等 多 约 余 年 月 日 文章 报道 本文 这篇 它们 他们 她们 其中 这些 那些""".split())
# Words that say how a question is asked, not what it is about.
FILLER = set("""roughly approximately approx exactly kindly about around total overall current latest figure figures data
number value amount level recent specific much many majuqiao town beijing tongzhou china chinese english year month
know like want could would tell detail details information info question answer happen happened doe focu
count headline key main basic general rough quick title position role job called
ok okay yes couple each both respectively date dates official officials tricky thorny notable major important
significant various different specific particular actual exact precise compare compar contrast describe explain
summarise summarize outline overview elsewhere earlier later previous prior ago next upcoming example examples instance
percent edition editions hi higher lower larger smaller bigger greater faster slower
多少 多大 多快 多久 几家 几个 哪些 哪家 哪个 什么 是否 为什么 怎么样 去年 今年 明年 前年 大概 大约 一共 总共 目前 现在
具体 数据 数字 情况 方面 相关 统计 全部 总 共 知道 想 了解 一下 期间 当时 左右 达到 实现 为 是 请 问 文章 报道 这篇 提到
名字 现任 关于 分别 各是 各有 哪边 哪几个 多长 多长时间 有多长 几大 几次 年前 一辆 这座 马驹桥 马驹桥镇 镇 北京 通州 通州区
中国 主要 举 幅度 部分 那部分 这部分 各自 亿元 万元 元 点名 具体 打算 目前 哪位 那位 这位 哪一位 举例 例子 身份 角色 地位 职务 头衔 听说 真的 是真的吗 确实 那块 这块 那边 这边""".split())
COMMON_WORDS = 50000
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:\.\d+)?|[\u3400-\u9fff]+")


# Words people ask with, mapped to the word the knowledge base uses.
SYNONYMS = {"涨": "增长", "上涨": "增长", "增加": "增长", "增速": "增长", "增幅": "增长", "上升": "增长", "提高": "增长",
            "grow": "growth", "grew": "growth", "grown": "growth", "rise": "growth", "rose": "growth", "increase": "growth",
            "produce": "output", "produced": "output", "production": "output", "firm": "enterprise", "company": "enterprise",
            "companie": "enterprise", "business": "enterprise", "proportion": "share", "percentage": "share",
            "比例": "比重", "占比": "比重", "份额": "比重", "企业数": "企业", "公司": "企业",
            "wrote": "author", "write": "author", "writer": "author", "写": "作者", "撰写": "作者", "记者": "作者",
            "photo": "photographer", "picture": "photographer", "photograph": "photographer", "照片": "摄影",
            "图片": "摄影", "拍摄": "摄影", "拍": "摄影", "新设立": "新设", "新成立": "新设", "新注册": "新设",
            "设立": "新设", "成立": "新设", "size": "area", "big": "area", "large": "area", "issue": "problem", "tough": "difficult", "hard": "difficult", "yoy": "growth",
            "场次": "场", "次数": "次", "同行业": "该行业",
            "reporter": "author", "journalist": "author", "byline": "author", "东边": "东部", "西边": "西部", "东面": "东部",
            "西面": "西部", "east": "eastern", "west": "western", "plant": "factory",
            "第一款": "首款", "比上年同期": "同比", "touch": "contact", "routine": "method", "rhythm": "method", "follow": "adhere"}


def _english(word: str) -> str:
    """A light stemmer: plurals, -ing and -ed (leading -> lead, enterprises -> enterprise)."""
    word = word.split("'")[0]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 5 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    return word


class Tokenizer:
    """Cuts text into BM25 terms; Chinese with a jieba dictionary, English by word."""

    def __init__(self, dictionary: Path | None = None):
        import jieba
        self._jieba = jieba.Tokenizer(str(dictionary)) if dictionary else jieba.Tokenizer()
        self._jieba.tmp_dir = str(dictionary.parent) if dictionary else None
        logging.getLogger("jieba").setLevel(logging.WARNING)

    def load(self) -> None:
        self._jieba.check_initialized()

    def add_words(self, words) -> None:
        for word in words:
            if re.search(r"[\u3400-\u9fff]", word) and not any(c.isspace() for c in word):
                self._jieba.add_word(to_simplified(word), freq=50000)

    def parts(self, word: str) -> list[str]:
        """The shorter words inside a Chinese word (服务包考核 -> 服务, 服务包, 考核)."""
        return [w for w in self._jieba.lcut_for_search(word, HMM=False) if len(w) >= 2 and w != word]

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
_HOW_MANY = re.compile(r"(几|多少|[一二两三四五六七八九十]+)[个位家种款项次场名条]?$")


def is_stopword(word: str) -> bool:
    return word in _EN_STOP or word in _ZH_STOP
