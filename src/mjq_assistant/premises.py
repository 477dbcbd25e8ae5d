"""False premises built from true pieces: a true figure put in the wrong part of
the town (the western 36 km²), an edition the data does not have (第三届), a title
given to the wrong person (镇长魏欣, "Party Secretary Tang Dianke") and a firm put
in the wrong industry ("Mundipharma, the chipmaker"). Each check returns what the
question gets wrong, or None."""
from __future__ import annotations

import re

from . import lexicon
from .figures import find_figures
from .knowledge import Knowledge

# The language of these checks is data (lexicon/cues.yaml, lexicon/industries.yaml).
# zh direction -> the words that say it in either language
DIRECTIONS = lexicon.family("direction")
ZH_NUMERALS = "一二三四五六七八九十"
ORDINALS = lexicon.mapping("ordinals")
EDITION_ZH = lexicon.pattern("edition_zh")
EDITION_EN = lexicon.pattern("edition_en")
# the title a question gives someone: zh title -> how English says it
TITLES = lexicon.family("title")
# industry (zh, as a glossary role says it) -> (zh cue, en cue) a question calls a firm of it by
INDUSTRIES = {i["name"]: (i["zh"], i["en"]) for i in lexicon.industries()}
# "came first every month": the data names the months it came first
ALWAYS = lexicon.regex("always")
FIRST = lexicon.regex("first")
ALWAYS_FIRST = lexicon.pattern("always_first")
# industry -> the words an English glossary role says it with
INDUSTRY_EN_ROLE = {i["name"]: i["role"] for i in lexicon.industries()}


def _numeral(n: int) -> str:
    return ZH_NUMERALS[n - 1] if 1 <= n <= 10 else str(n)


class Premises:
    def __init__(self, knowledge: Knowledge):
        self.k = knowledge
        self._zh_text = "\n".join(p.text for p in knowledge.article_zh)
        self._figures = [(p.text, f) for p in knowledge.article_zh for f in find_figures(p.text)]
        self._people = [g for g in knowledge.glossary if g.type == "person"]
        self._firms = [g for g in knowledge.glossary if g.type == "firm"]
        names = sorted({n for g in self._firms for n in (g.zh, *g.aliases) if len(n) >= 2}, key=len, reverse=True)
        self._firm_names = re.compile("|".join(map(re.escape, names)) or "(?!)")
        # the document's place names in English, longest first: "X, the <place>'s mayor"
        places = {n for g in knowledge.glossary if g.type == "place" for n in (g.en, *g.aliases)
                  if re.fullmatch(r"[A-Z][\w .'’-]*", n)}
        self._places = "|".join(re.escape(n) for n in sorted(places, key=lambda n: (-len(n), n))) or "(?!)"

    def wrong_place(self, text: str) -> str | None:
        """A figure of the data given to another part of the town: "东部46平方公里" (46 is the west)."""
        for figure in find_figures(text):
            asked = self._direction(re.split(r"[，,；;。？?]", text[:figure.start])[-1][-14:])
            if asked is None:
                continue
            for paragraph, known in self._figures:
                place = self._direction(re.split(r"[，,；;。]", paragraph[:known.start])[-1][-6:])
                if place and place[0] != asked[0] and figure.matches(known):
                    return f"{asked[1]} {figure.text}" if asked[1].isascii() else f"{asked[1]}{figure.text}"
        return None

    @staticmethod
    def _direction(text: str) -> tuple[str, str] | None:
        """The last direction the text names: (东, "eastern")."""
        found = [(m.start(), zh, m.group()) for zh, words in DIRECTIONS.items() for m in re.finditer(words, text, re.IGNORECASE)]
        return max(found)[1:] if found else None

    def wrong_edition(self, text: str) -> str | None:
        """An edition the data does not name: 第三届 / "the third selection" (the data has the 第二届 one)."""
        editions = set(EDITION_ZH.findall(self._zh_text))
        if not editions:
            return None
        for m in EDITION_ZH.finditer(text):
            if m.group(1) not in editions:
                return m.group()
        for m in EDITION_EN.finditer(text):
            if _numeral(ORDINALS[m.group(1).lower()]) not in editions:
                return m.group()
        return None

    def always_first(self, text: str) -> str | None:
        """ "Came first every month" when the data says first in some months only."""
        m = ALWAYS_FIRST.search(text)
        return m.group() if m and not ALWAYS_FIRST.search(self._zh_text) else None

    def wrong_title(self, text: str):  # -> (person, title) | None
        """The person and the title when the question gives someone a title the data does not."""
        for g in self._people:
            for title, english in TITLES.items():
                holds = title in g.role_zh.replace("副书记", "")
                if holds:
                    continue
                for name in (g.zh, *g.aliases):
                    # 镇长魏欣, 魏欣镇长, 魏欣作为马驹桥镇镇长
                    if f"{title}{name}" in text or re.search(
                            rf"{re.escape(name)}(作为|身为|担任|是|任)?[^，。？?、]{{0,6}}?(?<!副){title}", text) \
                            or re.search(rf"(作为|身为)[^，。？?]{{0,8}}?(?<!副){title}[^。？?]{{0,12}}?{re.escape(name)}", text):
                        return g, title  # (作为镇党委书记，魏欣…)
                for name in (g.en, g.zh, *g.aliases):  # "Mayor Tang Dianke", "唐殿珂 is the Party Secretary"
                    if not name or name.lower() not in text.lower():
                        continue
                    en, owner = re.escape(name), rf"(town'?s?\s+|(?:{self._places})'?s?\s+)?"
                    if re.search(rf"\b({english})\s+{en}|{en},?\s+(is\s+|was\s+|as\s+)?(the\s+)?{owner}({english})\b"
                                 rf"|\b(as|being)\s+(the\s+)?{owner}({english})\b[^.?!]{{0,40}}?\b{en}\b", text, re.IGNORECASE):
                        return g, title  # ("As Party Secretary of the town, what did Tang Dianke say")
        return None

    def titled(self, text: str) -> list:
        """The holders of the titles a text names: 党委书记 -> 魏欣, "the mayor" -> 唐殿珂."""
        titles = [t for t, english in TITLES.items()
                  if re.search(rf"(?<!副){t}|\b({english})\b", text, re.IGNORECASE)]
        return [g for t in titles for g in self.holders(t)]

    def officials(self) -> list:
        """Everyone the data names in an office (a title's holder or deputy), not its author or photographer."""
        return [g for g in self._people if any(t in g.role_zh for t in TITLES)]

    def holders(self, title: str) -> list:
        """Who holds a title in the data (镇长 -> 唐殿珂)."""
        # (a deputy's role, 副镇长 or 党委副书记, holds the title's words but is not the title)
        return [g for g in self._people if re.search(rf"(?<!副){title}", g.role_zh.replace("副书记", ""))]

    def wrong_industry(self, text: str):
        """(firm, words) when a firm is called a maker of something it does not make:
        "Mundipharma, the chipmaker", 芯片企业萌蒂制药."""
        for g in self._firms:
            role = f"{g.role_zh} {g.role_en}".lower()
            # (the trade in another firm's name is no claim about this one: 佳之兴、首发物流这些企业)
            own = {g.zh, *g.aliases}
            plain = self._firm_names.sub(lambda m: m.group() if m.group() in own else "，" * len(m.group()), text)
            for name in {n for n in (g.zh, g.en.split(" (")[0], *g.aliases) if len(n) >= 2}:
                at = text.lower().find(name.lower())
                if at < 0:
                    continue
                before, after = plain[max(0, at - 8):at], plain[at + len(name):at + len(name) + 60]
                for industry, (zh, en) in INDUSTRIES.items():
                    said = (re.search(rf"(?P<claim>({zh})(企业|公司|龙头|厂商)?)$", before)
                            # (集成电路企业, 集成电路产业的龙头企业)
                            or re.match(rf"(这家|作为|是)?[^，。？?]{{0,6}}?(?P<claim>({zh})[^，。？?]{{0,5}}?(企业|公司|厂商))", after)
                            # (words between: "the town's leading integrated circuit company")
                            # ("X, the chipmaker"; "X is one of the town's chip leaders")
                            or re.match(rf"(\s*[(（][^)）]{{1,30}}[)）]|[)）])?,?\s+((is|was|as)\s+)?(one\s+of\s+)?(the|a|an)\s+([\w'’-]+\s+){{0,3}}?(?P<claim>{en})\b",
                                        after, re.IGNORECASE)
                            or re.search(rf"\b(the|a|an)\s+(?P<claim>{en})\s*$", text[max(0, at - 40):at], re.IGNORECASE))
                    # 恒锐汽车部件公司: the trade its own name says is no claim
                    trade = re.sub("(企业|公司|龙头|厂商)$", "", said.group("claim")) if said else ""
                    if said and industry not in g.role_zh and not re.search(INDUSTRY_EN_ROLE[industry], role) \
                            and not (trade and trade in g.zh):
                        return g, said.group("claim")
        return None
