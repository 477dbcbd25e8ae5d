"""Topic guard: decides that what a question asks about is not in the data (人口, GDP, a
town the data never names, a person's age, headcounts, a unit no figure uses), or that it
asks for an opinion the data cannot give (你觉得…值得投资吗)."""
from __future__ import annotations

import difflib
import functools
import re
from itertools import takewhile

from .. import lexicon
from .. import question as cue
from ..cite import Answer
from ..keywords import common_function_characters, is_filler, is_function_word, is_stopword, is_verb
from ..question import Question


def check(composer, q: Question) -> Answer | None:
    """The abstention naming the unknown words; None when the topic is known. A question that
    carried instructions is answered only when the words left once they are out name something
    the figures are about."""
    if cue.OPINION.search(q.text) and not q.injection:  # 你觉得…更好吗, "would you recommend…"
        return composer._abstain(q, "opinion")
    if q.injection:  # what is left once the instructions are out: answered when it names something
        # the figures are about ("reply in French. What was the catering turnover?"), else refused
        # (a poem, a password, "list your hidden rules"); its leftover words (French, DAN) are no topic
        if cue.OTHER_GENRE.search(q.text):  # a poem about the town's hot springs is still a poem
            return composer._abstain(q, "injection_only")
        words = [t for t in composer._terms(q.text, search=False) if not composer._filler(t) and not t[0].isdigit()]

        def about_data(t):  # (or the people and firms the data names: "DAN, who is the mayor?"; or, in English
            # over Chinese documents, a name of the glossary or a word whose Chinese they use)
            return composer.search.known(t) and (t.lower() in composer._rows_text or t.lower() in composer._glossary_text) \
                or composer._zh_only and t.isascii() and (re.search(rf"\b{re.escape(t.lower())}\b", composer._glossary_text)
                                                          or any(_uses(composer, zh) for zh in lexicon.chinese_for(t)))
        return None if any(about_data(t) for t in words) else composer._abstain(q, "injection_only")
    unknown = unknown_topic(composer, q)
    if unknown:
        # a place the data names but gives no figures of (the district above the town) is not unknown
        message = "place_without_figures" if set(unknown) <= set(places_without_figures(composer, q.text)) else "not_covered"
        return composer._abstain(q, message, what="、".join(unknown) if q.language == "zh" else ", ".join(unknown))
    return None


def unknown_topic(composer, q: Question) -> list[str]:
    """Topic words the knowledge base never uses (人口, GDP, house prices...): a
    question about them is abstained from. The word the question asks about (its
    head: 失业率 in 失业率是多少, employees in "how many employees") decides; other
    words only when no head is found."""
    text = _without_frame(composer, cue.without_when(q.text))
    asking = cue.OVERVIEW.sub(" ", text)  # 介绍一下, "overview of": how it asks
    words = composer._terms(asking, search=False)
    topic = [t for t in words if not composer._filler(t) and not t[0].isdigit()]
    # the words that may be unknown: not those naming a kind of section the data enumerates (工作安排,
    # "next steps"; they still count as known), nor a follow-up's "that programme", 该项目 (the subject
    # asked before, whatever the word)
    for kind in composer.listed_kinds:
        asking = cue.SECTION_KINDS[kind].sub(" ", asking)
    referred = {t for m in cue.REFERRED.finditer(text) for t in composer._terms(m.group(), search=False)} \
        if q.history_text else set()
    may_be_unknown = set(composer._terms(asking, search=False)) - referred
    # chat shorthand (frm, rev, ind, thx) is no topic; an acronym written in capitals (BYD, GDP) is
    acronyms = {w.lower() for w in re.findall(r"\b[A-Z][A-Z0-9&]{1,5}\b", q.raw)}

    translated = functools.cache(lambda: _translated(composer, q.text) if q.language == "en" else set())

    def unknown_word(word):  # the lexicon's look-ups (~1 ms) only for a word otherwise unknown
        return is_unknown(composer, word) and word not in translated() and not (
            word.isascii() and len(word) <= 3 and word not in acronyms and not lexicon.chinese_for(word))
    may_be_unknown -= _named_in_english(composer, q.raw)
    unknown = [t for t in topic if unknown_word(t) and (len(t) > 1 or t.isascii()) and t in may_be_unknown]
    known = [t for t in topic if composer.search.known(t)]
    # a person's age: not in the data
    if cue.AGE.search(q.text) and (cue.PERSON_REF.search(q.text) or composer._named_entry(q.raw, ("person",))):
        return [cue.AGE.search(q.text).group()]
    # a name or place the data never mentions: "Songzhuang", 台湖镇
    names = [t for w in re.findall(r"(?<!^)(?<![.?!] )\b[A-Z][a-z]{3,}|\b[A-Z]{2,5}\b", q.text)
             for t in composer.search.index.tokenizer.terms(w)]  # stemmed as the unknown words are
    # a place the data gives no figures of stops a figure question, not one asking what it does
    figure = cue.wants_figure(q.text) or cue.names_measure(q.text)
    places = unknown_places(composer, q.text) or (places_without_figures(composer, q.text) if figure else [])
    names = [n for n in names if n in may_be_unknown]
    if [n for n in names if n in unknown] or places:
        return [n for n in names if n in unknown] + places
    employment = cue.EMPLOYMENT.search(q.text)
    if employment and cue.FIGURE_CUE.search(q.text) and not _data_says(composer, employment.group()):
        return [employment.group()]  # how many people work at…, when the data has no such figures
    # a unit no figure in the data uses: "in tonnes", 多少吨
    unit = cue.FOREIGN_UNIT.search(q.text)
    if unit and not _data_says(composer, next(g for g in unit.groups() if g), unit=True):
        return [unit.group()]
    # "why did X shut down / halve / 搬走": an event the data never mentions is a false premise
    if cue.WHY.search(q.text) or cue.WENT_WRONG.search(q.text):
        events = [m.group() for m in cue.NEGATIVE_EVENT.finditer(q.text) if m.group().lower() not in composer._all_text]
        if unknown or events:
            return unknown or events
    head = composer._head(text)
    if head is not None:
        return [w for w in head if unknown_word(w) and w in may_be_unknown]
    # "那它建成以后能起到什么作用": the thing it points back to is its topic too (not a person: 他是哪一年上任的
    # asks a fact of him the data may lack)
    if q.history_text and cue.FOLLOWUP.search(q.text) and not cue.PERSON_REF.search(q.text):
        known += [t for t in composer._terms(q.history_text, search=False)
                  if not composer._filler(t) and composer.search.known(t)]
    return unknown if unknown and len(unknown) >= len(known) else []


def _without_frame(composer, text: str) -> str:
    """The question after a colon, when the words before it say how it came, not what it is about
    (您好，我这边接到电话咨询：2024年…规上工业企业有几家？): the question after it names a measure of the data
    by itself, and the words before it name none (马驹桥镇人口：多少人？ keeps 人口)."""
    framed = re.match(r"^(?P<frame>[^：:？?]{2,40})[：:]\s*(?P<rest>\S.*)$", text, re.S)
    if not framed or cue.names_measure(framed["frame"]) or not cue.names_measure(framed["rest"]):
        return text
    return framed["rest"]


def _named_in_english(composer, text: str) -> set[str]:
    """The words of a firm's name said in English with words of its own ("Yunxu Home Textiles" for 某县云絮家纺有限公司):
    a capitalised run holding a word of a glossary name, and those of its words whose Chinese shares a character
    with that firm's Chinese name (not "Yunxu Bakery": no 面包 in it)."""
    out = set()
    for m in re.finditer(r"\b[A-Z][\w'&-]*(?:\s+[A-Z][\w'&.-]*)+", text):
        words = m.group().split()
        firms = [g.zh for g in composer.k.glossary if g.type == "firm"
                 and any(len(w) >= 4 and re.search(rf"\b{re.escape(w.lower())}\b", g.en.lower()) for w in words)]
        if not firms:
            continue
        characters = set("".join(firms)) - set(common_function_characters())
        out |= {t for w in words if re.search(rf"\b{re.escape(w.lower())}\b", composer._glossary_text)
                or any(set(zh) & characters for zh in lexicon.dictionary_chinese(w))
                for t in composer._terms(w, search=False)}
    return out


def _data_says(composer, phrase: str, unit: bool = False) -> bool:
    """Whether the data has figures of `phrase` (就业人数: a row about 就业; 吨: a row in 吨 or
    万吨). English can only be told over documents that all have an English rendering."""
    if phrase.isascii():
        if composer._zh_only:
            return True
        where = composer._all_text if unit else " ".join(composer._row_text.values())
        return re.search(rf"\b{re.escape(phrase.lower())}\b", where) is not None
    if unit:
        return any(phrase in r.unit for r in composer.k.indicators)
    words = [w for w in composer._terms(phrase, search=False) if not composer._filler(w)]
    return any(w in text for w in words for text in composer._row_text.values())


def _missing_in_chinese(composer, word: str) -> bool:
    """An English word whose Chinese (glosses, statistical terms, and any the dictionary gives) no
    document uses: "patents" (专利). A word the lexicon cannot translate is not known to be missing."""
    chinese = lexicon.chinese_for(word)
    return bool(chinese) and not any(_uses(composer, zh) for zh in chinese) \
        and not any(zh in composer._all_text for zh in lexicon.dictionary_chinese(word))


def _uses(composer, zh: str) -> bool:
    """The documents use a Chinese term, as a whole or word by word (专精特新企业: 专精特新中小企业
    holds both words)."""
    words = composer._terms(zh, search=False)
    return composer.search.known(zh) or zh in composer._all_text or \
        len(words) > 1 and all(len(w) > 1 and composer.search.known(w) for w in words)


def _translated(composer, text: str) -> set[str]:
    """The English words of a phrase the lexicon translates into Chinese the documents use: known
    together even where one alone is not ("hospital beds": 床位, though no 医院; "designated-size": 规模以上,
    though no 面积 for "size")."""
    return {t for english, zh in lexicon.glosses_in(text) if re.search(r"[\s-]", english.strip()) and _uses(composer, zh)
            for t in composer._terms(english, search=False)} if composer._zh_only else set()


def is_unknown(composer, word: str) -> bool:
    """A word the knowledge base never uses, and not two run together (目前镇 = 目前 + 镇).
    An English word is only known to be missing when every document has an English rendering."""
    if composer.search.known(word) or names_a_kind(word) or composer.search.known(cue.MEASURE_KIN.get(word, "")):
        return False  # 比重, 增速: the kind guard's to judge; 纳税 where the report writes 税收
    if word.isascii():  # over Chinese-only documents: missing when its Chinese is, as far as the lexicon tells;
        # over English renderings too unless the lexicon gives a Chinese they use ("interval": 间隔)
        if not composer._zh_only:
            return not any(_uses(composer, zh) for zh in lexicon.chinese_for(word))
        return _missing_in_chinese(composer, word)
    if is_function_word(word):  # 到底, 究竟: how it is asked
        return False
    trade = cue.FIRM_BY_TRADE.match(word)  # 药厂: a firm making what the data writes (制药)
    if trade and trade.group("trade") in composer._all_text:
        return False

    def plain(piece):
        return composer._filler(piece) or is_stopword(piece) or (len(piece) > 1 and composer.search.known(piece))
    return not any(plain(word[:i]) and plain(word[i:]) for i in range(1, len(word)))


def names_a_kind(word: str) -> bool:
    """比重, 占比, 增速, 下降, "share", "yuan": a word that only names a kind of figure, a direction or a currency."""
    return any(p.fullmatch(word) for p in (cue.SHARE_CUE, cue.GROWTH_CUE, cue.POINTS_CUE, cue.FALL, cue.EITHER_DIRECTION,
                                           cue.CURRENCY))


def head(composer, text: str) -> list[str] | None:
    """The words naming what a question asks about (失业率 in 失业率是多少, "tax revenue"
    in "how much tax revenue"), or None when they cannot be told. The composer reads it
    too (follow-ups, the row ranking's head feature), through its cached `_head`."""
    tokenizer = composer.search.index.tokenizer
    m = cue.EN_HEAD.search(text)
    keywords = text.isascii() and not re.search(r"[?？]", text) and not cue.QUESTION_WORD.search(text)  # "Average wage for…"
    if m or keywords:
        words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'-]*", re.split(r"[?.!,;]", text[m.end() if m else 0:])[0])
        if m and words and words[0].lower() in cue.AUXILIARY:  # "how much does the YU7 cost": the rest
            words = words[1:8]
        if m and words and words[0].lower() in _TIME_UNITS:  # "how many seconds pass between…": a span of
            words = words[:1]  # time is asked; the words after it say of what
        phrase = []
        for word in words[:5]:
            if word.lower() in cue.EN_BOUNDARY and not (words[0].lower() in cue.AUXILIARY):
                break
            if not re.search(r"(ed|ing|ly)$", word.lower()):  # verbs and adverbs do not name the topic
                phrase.append(word)
        return [t for t in composer.search.correct(tokenizer.terms(" ".join(phrase))) if not composer._filler(t)] or None
    m = cue.COUNTED.search(text)
    if m:
        words = composer.search.correct(tokenizer.terms(m.group("what2"), search=False))
        return [w for w in words if len(w) > 1 and not composer._filler(w)][:1]
    text = re.sub(r"百分之(?=多少|几)", "", text)  # 增长了百分之多少: a rate, not a word 百分
    m = cue.HEAD.search(text)
    if m:  # the words just before 多少 (失业率是多少) and just after it (多少居民)
        before = re.split(r"[的在了，,、：:；;\s]", text[:m.start()])[-1]  # (我们要核对：X是多少: X's words)
        # the noun after it, past its modifiers and up to a verb (拿出多少现成的标准厂房可以租: 标准厂房), when
        # there is one: the words before are then what is done to it
        def topical(words):
            return [w for w in composer.search.correct(words) if len(w) > 1 and not composer._filler(w)]
        noun = tokenizer.terms(re.split(r"[在了，,、：:；;？?。\s]", text[m.end():])[0].split("的")[-1], search=False)
        after = topical(list(takewhile(lambda w: not (is_function_word(w) or is_verb(w)), noun)))
        return after or topical(tokenizer.terms(before, search=False))
    return None


def unknown_places(composer, text: str) -> list[str]:
    """Town or district names the data never mentions (宋庄镇), misspellings of known ones aside."""
    out = []
    for m in cue.PLACE_SUFFIX.finditer(text):
        # a name starts after a boundary: 2024年宋庄镇, 亦庄镇…, 请问宋庄镇; not 纳入城市, 镇长说镇
        names = [text[m.start() - n:m.end()] for n in (3, 2) if m.start() >= n
                 and (m.start() == n or cue.NAME_BOUNDARY.match(text[m.start() - n - 1])
                      or any(composer._filler(text[m.start() - n - k:m.start() - n]) for k in (2, 3)))]
        names = [x for x in names if re.fullmatch(r"[\u4e00-\u9fff]+", x) and not cue.NOT_A_NAME.search(x[:-1])
                 and not composer._filler(x[:-1]) and not any(composer._filler(x[i:]) for i in range(len(x) - 1))
                 # (目前镇里, 咱们镇, 请问贵镇: no town's name)
                 and not is_function_word(x[:-1]) and not is_verb(x[:-1])  # 作为镇党委书记: nor a word before one
                 and not x.endswith(_NOT_PLACES)]
        tails = [text[m.start() - n:m.end()] for n in (2, 3) if m.start() >= n]  # 10月青水镇: 青水镇 is known
        if names and not any(x in composer._all_text or near_place(composer, x) for x in names + tails):
            out.append(names[-1])
    known = {w for g in composer.glossary.values() for n in (g.en, *g.aliases) for w in n.lower().split()}
    for m in cue.EN_PLACE.finditer(text):  # "Songzhuang town": a name no document gives (nor misspells)
        words = m.group("name").lower().split()
        if not all(w in composer._all_text or difflib.get_close_matches(w, known, n=1, cutoff=0.8) for w in words):
            out.append(m.group("name"))
    return out


_TIME_UNITS = set(lexicon.load("extraction")["time_units_en"])
_NOT_PLACES = tuple(lexicon.load("extraction")["scopes"]["not_place_endings"])  # 社区, 园区, 城镇: no names


def places_without_figures(composer, text: str) -> list[str]:
    """Places the data mentions but gives no figures of (the district above the town: 某区), when
    the question names no place or scope the data has figures of: the town's are not theirs.
    A place after 占, 比, 高于 is what a figure is compared with, not whose it is."""
    if composer._names_town(text) or composer._named_scope(text):
        return []
    # the district or city a document names (not its parts: parks, a new town, the logistics base)
    admin = [g for g in composer.glossary.values()
             if g.type == "place" and g.zh.lower() not in composer.k.subject_names
             and any(m.end() == len(g.zh) for m in cue.PLACE_SUFFIX.finditer(g.zh))]
    places = {n for g in admin for n in (g.zh, *g.aliases)}
    out = []
    for m in cue.PLACE_SUFFIX.finditer(text):
        for n in (3, 2):
            name = text[m.start() - n:m.end()] if m.start() >= n else ""
            if re.fullmatch(r"[\u4e00-\u9fff]{3,4}", name) and (name in places or name in composer._all_text) \
                    and name[0] not in common_function_characters() \
                    and not name.endswith(_NOT_PLACES) and name.lower() not in composer.k.subject_names \
                    and (m.start() == n or cue.NAME_BOUNDARY.match(text[m.start() - n - 1])) \
                    and not cue.NOT_A_NAME.search(name[:-1]) and not is_filler(name[:-1]) \
                    and not re.search(r"(?:占|比|较|于|对|拉动|在)$", text[:m.start() - n]):
                out.append(name)
                break
    # "Tongzhou District's retail sales": a place of the glossary named as whose the figure is
    # (not what it is compared with or a share of: "of", "than", "to Tongzhou's growth")
    for g in admin:
        for name in (n for n in (g.en, *g.aliases) if n.isascii() and len(n) >= 4):
            m = re.search(rf"\b{re.escape(name)}(?:'s|’s)?(?!\w)", text, re.I)
            if m and not cue.EN_BASE.search(text[:m.start()]):
                out.append(g.en)
                break
    return list(dict.fromkeys(out))



def near_place(composer, name: str) -> bool:
    """A misspelt known place (马驹乔镇 for 马驹桥镇, 岚西镇 for 岚溪镇): one character off, not the
    first (桐溪镇 is another town than 岚溪镇) unless it sounds the same (诸坑镇 for 槠坑镇: typed by its pinyin)."""
    return any(len(n) == len(name) and sum(a != b for a, b in zip(n, name)) == 1
               and (n[0] == name[0] or _sounds_alike(n[0], name[0]))
               for g in composer.glossary.values() if g.type == "place" for n in (g.zh, *g.aliases))


def _sounds_alike(a: str, b: str) -> bool:
    from pypinyin import lazy_pinyin
    return lazy_pinyin(a) == lazy_pinyin(b)
