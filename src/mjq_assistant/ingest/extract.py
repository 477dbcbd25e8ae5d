"""Every figure of a document becomes a candidate indicator row (status=extracted).

Rule-based, from the language data in lexicon/extraction.yaml: the unit and
qualifier around the number, the period from the nearest date expression, the
scope from the clause's subject (or the whole place), the metric phrase from the
words before the number, kind from unit and wording, and `of` for a rate, share
or points figure that follows the amount it is about. Written by hand: no
package reads Chinese statistical prose into rows.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import make_dataclass
from functools import cache
from itertools import islice, product

from .. import lexicon
from ..figures import find_figures
from ..keywords import in_dictionary, is_function_word, is_verb, place_names, quiet_jieba
from ..knowledge import COLUMNS
from ..language import HEADING_MAX

_CLAUSE_END = "，；。！？：、"
_SENTENCE = re.compile(r"[^。！？；]*[。！？；]?")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")}


@cache
def _data() -> dict:
    return lexicon.load("extraction")


@cache
@cache
def _periods() -> tuple[tuple[re.Pattern, dict], ...]:
    return tuple((re.compile(e["pattern"]), e) for e in _data()["periods"])


_ALONE = next(p for p, e in _periods() if e["name"] == "month_alone")
_THIS_YEAR = next(p for p, e in _periods() if e.get("this"))


def comparison(before: str) -> str:
    """year-on-year, vs same period last year, or "" for the words before a number."""
    return next((c["en"] for c in _data()["comparisons"]["rules"] if re.search(c["pattern"], before)), "")


def find_names(paragraphs: list[dict]) -> list[dict]:
    """People (by their title) and firms (by their company form) named in the paragraphs,
    each once, with its role as written and the first paragraph naming it."""
    names = _data()["names"]
    lead = "|".join(names["firm_lead"])
    forms = "|".join(names["firm_forms"])
    found: dict[str, dict] = {}
    text = "".join(p["text"] for p in paragraphs)
    firm_name = rf"[\u4e00-\u9fff]{{2,12}}?(?:[（(][\u4e00-\u9fff]{{2,4}}[）)])?(?P<form>{forms})"
    for p in paragraphs:
        # 联系人：某某（招商服务中心主任）
        for m in re.finditer(names["labelled"], p["text"]):
            if _is_name(m.group("name")):
                found.setdefault(m.group("name"), {"zh": m.group("name"), "type": "person", "aliases": [], "source": p["id"],
                                                   "role_zh": f"{m.group('label')}、{m.group('role')}"})
        # (· 某某有限公司：成立于…。董事长某某: the firm the last sentence opening with one names is whose officer)
        openings = list(re.finditer(rf"(?:^|[；;。])[\s·•\-—*\d.、]*(?P<firm>{firm_name})", p["text"]))
        for m in re.finditer(names["person"], p["text"]):
            if not _is_name(m.group("name")):
                continue
            start = max(p["text"].rfind(c, 0, m.start()) for c in _CLAUSE_END + "“”") + 1
            role = re.sub(names["role_lead"], "", p["text"][start:m.start("name")].strip().rstrip("：:").strip())
            after = p["text"][m.end():]
            duties = re.match(names["in_charge"], after) or \
                (re.match(names["leads"], after) if not re.search(names["own_duties"], role) else None)
            role = f"{re.sub('[，,]', '', duties.group('duties'))}的{role}" if duties else role  # (the title stays last)
            # 发布人：甲；乙；丙: the lines after a label's are its too, up to the next label or sentence
            segments = re.split("[；;]", p["text"][p["text"].rfind("。", 0, start) + 1:start])
            labelled = next((seg for seg in reversed(segments) if re.search("[：:]", seg)), "")
            label = re.match(names["label_roles"], labelled)
            role = f"{label['label']}、{role}" if label else role
            opening = [f for f in openings if f.end() <= m.start()]
            if opening and re.fullmatch(names["firm_officers"], role):
                role = _without_lead_words(re.split(lead, opening[-1].group("firm"))[-1], len(opening[-1].group("form"))) + role
            person = found.setdefault(m.group("name"), {"zh": m.group("name"), "type": "person", "role_zh": role,
                                                         "source": p["id"], "aliases": []})
            person["aliases"] += [a for a in _called(m.group("name"), m.group("role")) if a not in person["aliases"]]
        # 禾丰食品（涟川）有限公司: the place a branch is registered in, in brackets before the form
        for m in re.finditer(firm_name, p["text"]):
            firm = _without_lead_words(re.split(lead, m.group())[-1], len(m.group("form")))
            if len(firm) >= len(m.group("form")) + 2 and not firm.startswith(tuple(names["firm_forms"])):
                found.setdefault(firm, {"zh": firm, "type": "firm", "role_zh": "企业", "source": p["id"],
                                        "stem": _BRACKETED.sub("", firm[:len(firm) - len(m.group("form"))])})
    # 温镇长 is no one's name when two people are called so
    called = Counter(a for n in found.values() if n["type"] == "person" for a in n["aliases"])
    for n in found.values():
        if n["type"] == "person":
            n["aliases"] = [a for a in n["aliases"] if called[a] == 1]
    # firm names start with their place (沂州蓝川…, 沂州远航…): a start two firms share is a place
    stems = [n.pop("stem") for n in found.values() if n["type"] == "firm"]
    shared = Counter(start for stem in stems for start in {stem[:2], stem[:3]})
    places = {start for start, count in shared.items() if count >= 2}
    for n, stem in zip((n for n in found.values() if n["type"] == "firm"), stems):
        n["aliases"] = list(dict.fromkeys(short_names(stem, text, places) + declared_short_names(n["zh"], text)))
    return list(found.values())


def surname(name: str) -> str:
    """A person's surname: the first character, or two of a compound surname (欧阳)."""
    return name[:2] if name[:2] in _data()["english_names"]["compound_surnames"] and len(name) > 2 else name[:1]


def _is_name(name: str) -> bool:
    """Whether a run of characters after a title can be a person's name: it starts with a surname."""
    names = _data()["names"]
    family = surname(name)
    return (len(family) == 2 or family in names["surnames"]) and name[len(family):] not in names["not_given_names"]


def _called(name: str, title: str) -> list[str]:
    """How people call someone by surname and title: 温镇长; a deputy is called by the title without 副 too."""
    names = _data()["names"]
    title = re.sub("^(?:" + "|".join(names["title_leads"]) + ")", "", title)
    if title in names["uncalled_titles"]:
        return []
    return [surname(name) + t for t in dict.fromkeys((title, title.removeprefix("副")))]


def without_speakers(paragraphs: list[dict]) -> list[dict]:
    """The paragraphs of an interview or a transcript without their speakers' labels (宁维钧：全镇13个行政村…;
    记者：…): a label that opens two or more paragraphs names who speaks, not what a figure measures."""
    label = re.compile(r"^[\u4e00-\u9fff]{2,5}(?:[（(][\u4e00-\u9fff]{2,4}[）)])?[：:]")
    opened = Counter(m.group() for p in paragraphs if (m := label.match(p["text"])))
    return [{**p, "text": p["text"][len(m.group()):]} if (m := label.match(p["text"])) and opened[m.group()] >= 2 else p
            for p in paragraphs]


def declared_short_names(firm: str, text: str) -> list[str]:
    """The short names a text gives a firm in brackets right after it: 某某电动工具股份有限公司（以下简称“某某股份”）,
    or （某某股份） when its characters are the full name's, in order."""
    said = re.finditer(rf"{re.escape(firm)}\s*[（(](?P<lead>(?:以下)?(?:简称|称)[：:]?)?[“\"「『]?"
                       rf"(?P<short>[\u4e00-\u9fffA-Za-z0-9]{{2,8}})[”\"」』]?[）)]", text)
    return list(dict.fromkeys(m.group("short") for m in said if m.group("short") != firm
                              and (m.group("lead") or _in_order(m.group("short"), firm))))


def _in_order(short: str, name: str) -> bool:
    rest = iter(name)
    return all(c in rest for c in short)


_BRACKETED = re.compile(r"[（(][^）)]*[）)]")



_ASIDE = re.compile(r"[（(][^（）()]*[）)]")
def _without_lead_words(firm: str, form: int) -> str:
    """其中依托云杉竹源纤维科技有限公司 -> 云杉竹源…: the words a clause opens with, run into the name
    (function words and verbs of two characters or more, as jieba's dictionary tags them, and
    `firm_lead_words`), while what is left starts a name of its own: a word the glosses do not know
    (a coined name) or a place, with four characters or more before the company form (振兴生物科技有限公司
    keeps 振兴: 生物 is a gloss word)."""
    jieba = quiet_jieba()
    lead_words = set(_data()["names"]["firm_lead_words"])
    stem, cut, best = firm[:len(firm) - form], 0, 0
    words = jieba.lcut(stem, HMM=False)[:-1]

    def leads(w):
        return w in lead_words or len(w) > 1 and (is_function_word(w) or is_verb(w))
    for i, w in enumerate(words):
        # (a character left of a word cut before it, 走访|组来到某某公司: skipped with the verb after it)
        if not (leads(w) or len(w) == 1 and i + 1 < len(words) and len(words[i + 1]) > 1 and is_verb(words[i + 1])):
            break
        cut += len(w)
        rest = stem[cut:]
        first, english = lexicon.segments(rest)[0]
        if len(rest) >= 4 and (english is None or first in place_names()):
            best = cut
    return firm[best:]


def name_words(zh: str) -> list[tuple[str, str | None]]:
    """A name cut into words with their English (lexicon.segments), the runs it does not know cut
    further by jieba (its dictionary only), and the characters no dictionary knows in twos, as
    Chinese names go: 驰远电驱动系统 -> 驰远, 电, 驱动, 系统."""
    jieba = quiet_jieba()

    def in_twos(chars):
        return [(chars[j:j + 2], None) for j in range(0, len(chars), 2)]
    out = []
    segments = lexicon.segments(_BRACKETED.sub("", zh))
    for i, (run, en) in enumerate(segments):
        if en is not None or len(run) <= 2 or (i == 0 and len(run) == 3 and len(segments) > 1):  # 普瑞森: one coined name
            out.append((run, en))
            continue
        loose = ""  # single characters run together (驰|远|电 -> 驰远电), then cut in twos
        for word in jieba.lcut(run, HMM=False):
            if len(word) == 1:
                loose += word
            else:
                out += in_twos(loose) + [(word, None)]
                loose = ""
        out += in_twos(loose)
    return out


def trade_name_en(name: str, places: tuple[str, ...] = ()) -> str:
    """A firm's trade name in pinyin, as an English question gives it (恒拓精密科技有限公司 -> Hengtuo,
    驰远电驱动系统 -> Chiyuan, 普瑞森生物 -> Puruisen): its first word when it is one of its own, unless
    they are a place's (琅岙精工: the town's). Only in English: in Chinese two characters are too
    loose a name."""
    from pypinyin import lazy_pinyin
    cut = name_words(name)
    trade = cut[0][0] if cut[0][1] is None and len(cut) > 1 else ""
    if len(trade) not in (2, 3) or trade in place_names() or any(trade in p or p.startswith(trade) for p in places):
        return ""
    return _joined(lazy_pinyin(trade))  # every syllable, as one word (芰乡 -> Jixiang: 乡 ends no name here)


def short_names(stem: str, text: str = "", places: set[str] = frozenset()) -> list[str]:
    """How a firm is named once introduced: the shortest run of its first words with at least
    four characters (澜川精工机械 -> 澜川精工, 华汀新能源电池 -> 华汀新能源), its first four
    characters where `text` uses them alone, and the stem without its company form. A stem led by
    a city, district, county or town that `text` names (甲乙市 -> 甲乙丙丁新材料), or by one of
    `places` or a place jieba knows (江南), is also named without it (丙丁新材料), and by its trade
    name (丙丁) when the glossary knows the words after it, and by that name with its last word (丙丁渔业).
    Words are the glossary's (lexicon.segments)."""
    words, short = [w for w, _ in lexicon.segments(stem)], ""
    for w in words:
        short += w
        if len(short) >= 4:
            break
    rest, trades = "", []
    place = _leading_places(stem, text, places)
    known = "" if place else next((stem[:n] for n in (3, 2) if stem[:n] in place_names()), "")
    if (place or known) and len(stem) - len(place or known) >= 3:
        rest = stem[len(place or known):]
        segments = lexicon.segments(rest)
        # (words the glossary knows, each of them, name a trade, not a firm: 萁湾冷链物流 -> no 冷链物流)
        rest = rest if any(english is None for _, english in segments) else ""
        # the trade name alone only after a place the documents name (中国石化: 石化 is a trade); the
        # coined part of it too (恒拓铝业 -> 恒拓)
        split = _coined_split(segments, text)
        trades = [s[0][0] for s in (segments, split) if place and s[0][1] is None and len(s) > 1]
        segments = split
    # a coined name of three or four characters before the words the glossary knows (普瑞森生物科技 -> 普瑞森)
    # is distinctive enough on its own; two characters are not, unless after a place (above) or, when
    # they are no place (琅岙精工: 琅岙镇), where `text` uses them alone (澜芯新能源材料 -> 澜芯, in 澜芯年产…项目)
    segments = lexicon.segments(stem)
    head = segments[0][0] if segments[0][1] is None and len(segments) > 1 else ""
    alone = len(head) == 2 and not (place or known) and re.search(f"{re.escape(head)}(?!{re.escape(stem[2])})[\u4e00-\u9fff]", text)
    marks = "|".join(_data()["names"]["place_marks"])  # (nor a place's name the text gives: 云杉村, 云杉峡)
    coined = head if (3 <= len(head) <= 4 or alone) and not re.search(f"{re.escape(head)}(?:{marks})", text) else ""
    # the first four characters, the usual short form even across a word, where the text uses it
    # on its own (驰远电驱动系统 -> 驰远电驱)
    named = rest or stem
    prefix = named[:4] if len(named) > 4 and re.search(f"{re.escape(named[:4])}(?!{re.escape(named[4])})", text) else ""
    short = "" if (place or known) and (place or known).startswith(short) else short  # (云杉镇 is no firm's name)
    # the trade name with the last word of the stem, what the firm makes (云杉远帆远洋渔业 -> 远帆渔业)
    last, english = segments[-1]
    trade = trades[-1] if trades else ""
    made = f"{trade or coined}{last}" if (trade or coined) and english and len(segments) > 2 else ""
    names = [n for n in (short, prefix, stem, rest, made) if len(n) >= 4] + [n for n in (*trades, coined) if len(n) >= 2]
    return list(dict.fromkeys(names))


def _coined_split(segments: list[tuple[str, str | None]], text: str) -> list[tuple[str, str | None]]:
    """Segments with each unknown run of four characters or more that is a coined name before words
    jieba's dictionary knows cut in two (钛途粉体技术 -> 钛途 + 粉体技术: the trade name and its trade),
    when `text` uses that name only as the firm's (not 翚垟 of 翚垟陶瓷产业园 too)."""
    out = []
    for word, english in segments:
        cut = next((n for n in (2, 3, 4) if english is None and len(word) - n >= 2 and not in_dictionary(word[:n])
                    and _dictionary_words(word[n:]) and _only_as_name(word[:n], word[n:], text)
                    # (not inside a word: 翔羽无人机 is 翔羽 + 无人机, never 翔羽无 + 人机)
                    and not any(in_dictionary(word[i:n + 1]) for i in range(max(0, n - 2), n))), 0)
        out += [(word[:cut], None), (word[cut:], word[cut:])] if cut else [(word, english)]
    return out


def _only_as_name(name: str, trade: str, text: str) -> bool:
    """Whether every use of `name` in `text` is the firm's: before its trade, or alone (before a verb,
    a particle or no Chinese at all), never the start of another name (沙泉村)."""
    for m in re.finditer(re.escape(name), text):
        after = text[m.end():m.end() + 2]
        if not (text.startswith(trade, m.end()) or not re.match(r"[\u4e00-\u9fff]", after) or is_verb(after)
                or after[:1] in _data()["names"]["alone_before"]):
            return False
    return True


def _dictionary_words(text: str) -> bool:
    """Whether the text is a run of words of two characters or more that jieba's dictionary knows."""
    return any(in_dictionary(text[:n]) and (n == len(text) or _dictionary_words(text[n:]))
               for n in range(len(text), 1, -1))


def _leading_places(stem: str, text: str, places) -> str:
    """The places a firm's stem starts with, one after another (丙丁县云杉华窑陶瓷 -> 丙丁县云杉): one of
    `places`, or a name `text` gives a level (丙丁县), with that level when the stem has it; not the
    firm's own name read as one (云杉窑乡电子商务 is no 云杉窑 township)."""
    led, level = "", "[市区县省镇乡]"
    while True:
        rest = stem[len(led):]
        place = next((rest[:n] for n in (3, 2) if len(rest) > n + 2 and (rest[:n] in places or re.search(
            rf"{re.escape(rest[:n])}{level}(?!级|{re.escape(rest[n + 1:n + 3])})", text))), "")  # (not 某某省级…)
        if not place:
            return led
        led += place + (rest[len(place)] if re.fullmatch(level, rest[len(place)]) else "")


def project_name(text: str) -> str:
    """A project's name without the list number or pronoun before it ((1)某某项目, 其年产…项目)."""
    return re.sub(_data()["projects"]["name_lead"], "", text.strip()).strip()


def is_project(scope: str) -> bool:
    """Whether a scope is a project a figure was read as of (某某年产120万吨玻璃项目), not a part of the place."""
    return re.fullmatch(_data()["projects"]["name"], scope) is not None


def without_whole_lead(metric: str) -> str:
    """The metric without a lead word meaning "all of it" (全体居民… -> 居民…)."""
    lead = next((w for w in _data()["metric"]["whole_lead"] if metric.startswith(w) and len(metric) > len(w) + 1), "")
    return metric[len(lead):]


def pinyin_initials(zh: str) -> str:
    """The first letters of a name's syllables (马驹桥 -> mjq)."""
    from pypinyin import Style, lazy_pinyin
    return "".join(s[:1] for s in lazy_pinyin(zh, style=Style.FIRST_LETTER))


def english_name(zh: str, type_: str, known: tuple[str, ...] = ()) -> tuple[str, str]:
    """A name in English and its pinyin stem (白鹭湾镇 -> "Bailuwan Town", "Bailuwan"). A name
    starting with a `known` place (白鹭湾数字产业园) keeps that place's spelling."""
    from pypinyin import lazy_pinyin

    def spelled(text: str) -> str:
        return _joined(lazy_pinyin(text))

    rules = _data()["english_names"]
    if type_ == "person":  # surname first
        family = surname(zh)
        return f"{spelled(family)} {spelled(zh[len(family):])}".strip(), spelled(family)
    if zh in rules["endings"]:  # 园区 alone: the park
        return rules["endings"][zh], ""
    ending = next((e for e in sorted(rules["endings"], key=len, reverse=True) if zh.endswith(e) and len(zh) > len(e)), "")
    whole = stem = zh[:len(zh) - len(ending)]
    # a county or city the name opens with, spelled without its level (沣平县荞溪… -> Fengping Qiaoxi…)
    county = re.match(r"([\u4e00-\u9fff]{2})[市县区](?=[\u4e00-\u9fff]{2})", stem) if type_ != "place" else None
    out = [spelled(county.group(1))] if county else []
    stem = stem[county.end():] if county else stem
    head = next((k for k in sorted(known, key=len, reverse=True) if k and stem.startswith(k)), "")
    if not head and ending in rules["whole_stem"]:
        head = stem
    # common words translated (智能装备 -> Intelligent Equipment), the rest spelled in pinyin
    out += [spelled(head)] if head else []
    out += [en.title() if en else spelled(w) for w, en in name_words(stem[len(head):])]
    out.append(rules["endings"].get(ending, ""))
    return " ".join(w for w in out if w), spelled(_BRACKETED.sub("", whole))


def other_spellings(zh: str, limit: int = 8) -> list[str]:
    """A name's pinyin stem with the other readings of its polyphonic characters (苕岭: Shaoling,
    and Tiaoling as 苕溪 is read): a reader spells a place's name either way."""
    from pypinyin import Style, pinyin
    readings = pinyin(_BRACKETED.sub("", zh), heteronym=True, style=Style.NORMAL)
    usual = english_name(zh, "place")[1]
    return [s for s in (_joined(combo) for combo in islice(product(*readings), limit)) if s != usual]


def _joined(syllables) -> str:
    """Syllables as one word, a syllable opening with a vowel marked (Lang'ao)."""
    return "".join(s if i == 0 or s[0] not in "aoe" else "'" + s for i, s in enumerate(syllables)).capitalize()


@cache
def _unit_pattern() -> re.Pattern:
    q = _data()["qualifiers"]
    units = sorted(lexicon.units(), key=len, reverse=True)
    return re.compile(rf"(?P<after>{'|'.join(q['after'])})?\s*(?P<unit>{'|'.join(map(re.escape, units))})")


def _number(text: str) -> int:
    """9 or 九 or 十 -> int."""
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    return _CN_DIGITS[text[-1]] + (10 if text.startswith("十") else 0)


def _year_before(period: str, same_months: bool) -> str:
    """The same months a year before `period` (2025-01..2025-09: 2024-01..2024-09), or the whole year before."""
    year = int(period[:4]) - 1
    return re.sub(r"\d{4}", str(year), period) if same_months else str(year)


def period_at(text: str, year: int | None, this_year: int | None = None) -> tuple[str, int | None, int] | None:
    """The last date expression in `text`: (period, its year, where it starts), or None.
    An expression inside a longer one (全年 in 2022年全年) does not count on its own; one
    without a year (全年, 1—9月) is of the last year named before it in `text`, else of `year`;
    今年 names `this_year` (none when it is not known)."""
    found = []
    event = tuple(_data()["event_dates"]["before"])
    every = [(m, entry) for pattern, entry in _periods() for m in pattern.finditer(text)]
    # 于2024年6月投产, 较2024年全年: when, or a base, not the figures' period (nor a part of it: 全年);
    # 完成全年340亿元目标的48%, 全年目标任务: the goal's period (right before it, or before its figure),
    # not the result's
    goal = "|".join(_data()["targets"]["words"])
    base = "|".join(_data()["event_dates"]["base_after"])
    skipped = [m.span() for m, _ in every if text[:m.start()].endswith(event)
               or re.match(rf"(?:\d+(?:\.\d+)?[^\d{_CLAUSE_END}]{{0,4}})?(?:{goal})|(?:{base})", text[m.end():])]
    matches = [(m, entry) for m, entry in every if not any(a <= m.start() and m.end() <= b for a, b in skipped)]
    matches = [(m, entry) for m, entry in matches if this_year or not entry.get("this")]
    named = sorted((m.start(), this_year if entry.get("this") else int(m.group("year")))
                   for m, entry in matches if entry.get("this") or m.groupdict().get("year"))
    for m, entry in matches:
        groups = {k: v for k, v in m.groupdict().items() if v}
        earlier = [y for at, y in named if at < m.start()]
        y = this_year if entry.get("this") else int(groups.get("year") or (earlier[-1] if earlier else year) or 0)
        if not y:
            continue
        said = m.group().lstrip("0123456789年")
        end = groups.get("end") or entry.get("ends", {}).get(said)
        start = groups.get("start") or str(entry.get("starts", {}).get(said, 1))
        values = {"year": y, "start": f"{_number(start):02d}",
                  "end": f"{_number(str(end)):02d}" if end else "",
                  "day": f"{int(groups.get('day', 0)):02d}"}
        found.append((m.start(), m.end(), entry["period"].format(**values), y))
    outer = [f for f in found if not any(o[0] <= f[0] and f[1] <= o[1] and (o[1] - o[0]) > (f[1] - f[0]) for o in found)]
    if not outer:
        return None
    start, _, period, y = max(outer, key=lambda f: (f[0], f[1]))
    return re.sub(r"^(\d{4}-\d\d)\.\.\1$", r"\1", period), y, start  # 1月累计: January alone


def years_said(text: str) -> list[int]:
    """The years a text names, but those it only compares with, passes or aims at (较2023年, 超过了2024年全年的…,
    到2025年)."""
    event = tuple(_data()["event_dates"]["before"] + _data()["event_dates"]["passed"])
    return [int(m.group(1)) for m in re.finditer(r"(\d{4})年", text)
            if 1990 <= int(m.group(1)) <= 2100 and not text[:m.start()].endswith(event)]


def without_dated_asides(text: str) -> str:
    """A bracket holding only a date (地区生产总值（1-9月）：74.35亿元) taken out: it dates the figure after it,
    not the words around it nor the sentences after."""
    return _ASIDE.sub(lambda m: "" if any(p.fullmatch(m.group()[1:-1].strip()) for p, _ in _periods()) else m.group(), text)


def _table_row(head: str) -> bool:
    """The words before a line's first figure are a table row's label: a measure, a colon, then at most
    a date and a word (工业用电量：, 小龙虾产量：1—6月累计); not a list a goal opens (预期目标是：地区生产总值增长)."""
    row = re.fullmatch(r"(?P<label>[^，。；：]{2,24})：(?P<rest>[^，。；：]{0,12})", head.strip())
    if not row or is_target(row["label"]):
        return False
    rest = row["rest"]
    for pattern, _ in _periods():
        rest = pattern.sub("", rest)
    return len(rest.strip()) <= 2


def qualifier(before: str, after: str) -> str:
    q = _data()["qualifiers"]
    if after in q["after"]:
        return after
    if before.endswith(tuple(q["as_over"])):
        return "超过"
    return next((w for w in q["before"] if before.endswith(w)
                 or any(before.startswith(w + verb) for verb in q["before_verb"])), "")


_TABLE_CAPTION = re.compile(r"^\s*表\s*[0-9一二三四五六七八九十]+")


def _passed_threshold(before: str, row, earlier: list) -> bool:
    """游客223.5万人次，首次突破200万人次: a threshold the same measure's figure before it in the sentence
    passed (lexicon/extraction.yaml milestone_before), no figure of its own."""
    return bool(re.search(_data()["milestone_before"], before)) and any(
        (r.scope_zh, r.metric_zh, r.unit, r.period) == (row.scope_zh, row.metric_zh, row.unit, row.period)
        and float(r.value) > float(row.value) for r in earlier)


def _shortened(short: str, name: str) -> bool:
    """Whether `short` is `name` with characters left out (税收占比 of 税收收入占比), two at least."""
    rest = iter(name)
    return len(short) >= 2 and all(c in rest for c in short)


def _counted(metric: str) -> str:
    """What a count or a goal counts or measures (接待游客数量, 接待游客数量目标, 民宿总数 -> 接待游客, 民宿): the
    name another figure of the same thing builds on (its growth, the goal's part done, 客房 of the homestays)."""
    counted = metric.removesuffix(_data()["targets"]["suffix"]).removesuffix("数量")
    total = _data()["metric"]["stock_words"][0]  # (总数 of a count; not 总量, part of an amount's name: 邮政业务总量)
    return counted.removesuffix(total) if counted != total else counted


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def is_target(before: str) -> bool:
    """Whether the sentence so far makes the figure a goal (力争…突破260亿元), not a result."""
    targets = _data()["targets"]
    own = re.split(f"[{_CLAUSE_END}]", before)[-1]
    goal_word = f"(?<![”」』》\"])(?:{'|'.join(targets['words'])})"
    if _said_actual(own) or _part_done(own) and not re.search(goal_word, own):
        return False
    for m in re.finditer(goal_word, before):
        clause = re.split(f"[{_CLAUSE_END}]", before[:m.start()])[-1]
        if before.startswith(tuple(targets["sizes"]), m.start()):  # 计划总投资: the size of projects, no goal
            continue
        if not re.search(targets["against"], clause):
            return True
    return False


def _without_slogans(text: str) -> str:
    """The text with a slogan of several phrases in quotes blanked out (lengths kept): "园区集聚、品牌引领"
    names no part."""
    return re.sub(r'[“"「『][^”"」』]*[、，][^”"」』]*[”"」』]', lambda m: "，" * len(m.group()), text)


def _part_done(clause: str) -> bool:
    """Whether a clause says what part of a year is done (年度计划投资31.6亿元，上半年完成投资16.42亿元):
    a result, though a goal came before it."""
    found = period_at(clause, 2000)
    return bool(found and ".." in found[0] and not found[0].endswith("-12")
                and re.search(_data()["targets"]["done"], clause[found[2]:]))


def _said_actual(clause: str) -> bool:
    """Whether a clause calls its figure actual (实际完成, 实际增长), a result even among goals."""
    actual = _data()["targets"]["actual"]
    return re.search(f"{actual['word']}(?:{actual['verbs']})", clause) is not None


def kind_of(before: str, unit: str) -> str:
    for entry in _data()["kinds"]["rules"]:
        if re.search(entry["unit"], unit) and re.search(entry.get("before", ""), before):
            return entry["kind"]
    return "measure"


_LIST_GAP = re.compile(r"\s*[、和及与]\s*")


def respectively(sentence: str, figures: list, fig) -> tuple[int, list, list[str]] | None:
    """(i, the figures listed, the items named before 分别) when a 分别 lists `fig` as its
    i-th figure: 甲、乙分别增长5%和6% -> (0, [5%, 6%], [甲, 乙]) for 5%."""
    k = sentence.rfind("分别", 0, fig.start)
    after = [f for f in figures if f.start > k]
    if k < 0 or re.search(rf"[{_CLAUSE_END}\d]", sentence[k + 2:after[0].start]):
        return None
    listed = after[:1]
    for f in after[1:]:
        prev = listed[-1]
        unit = _unit_pattern().match(sentence, prev.start + len(prev.number))
        gap = sentence[unit.end() if unit else prev.start + len(prev.number):f.start]
        if not _LIST_GAP.fullmatch(gap):
            break
        listed.append(f)
    starts = [f.start for f in listed]
    if len(listed) < 2 or fig.start not in starts:
        return None
    head = sentence[max(sentence.rfind(c, 0, k) for c in _CLAUSE_END.replace("、", "")) + 1:k]
    return starts.index(fig.start), listed, [x for x in _LIST_GAP.split(head) if x]


def spoken_as_written(before: str) -> str:
    """The words before a figure said aloud (增长了, 差不多是, 比去年同期多了), read as written."""
    for said, written in _data()["metric"]["spoken"]:
        before = re.sub(said, written, before)
    return before


def _trim_brackets(text: str) -> str:
    """Punctuation and unpaired brackets trimmed off both ends; a bracket closing an aside the
    phrase opened stays (民宿（农家乐）)."""
    while True:
        trimmed = text.strip(" ，,、；：—-").rstrip("（(").lstrip("）)")
        if re.fullmatch(r"[（(][^（）()]*[）)]", trimmed):  # （民宿）: the whole phrase bracketed
            trimmed = trimmed[1:-1]
        if trimmed[-1:] in ("）", ")") and not re.search(r"[（(][^（）()]*[）)]$", trimmed):
            trimmed = trimmed[:-1]
        if trimmed[:1] in ("（", "(") and not re.match(r"[（(][^（）()]*[）)]", trimmed):
            trimmed = trimmed[1:]
        if trimmed == text:
            return text
        text = trimmed


def trim_metric(text: str) -> str:
    """The metric phrase: connectives and verbs around it trimmed."""
    lead = sorted(_data()["metric"]["leading"], key=len, reverse=True)
    trail = sorted(_data()["metric"]["trailing"], key=len, reverse=True)
    text = re.sub(_data()["metric"]["aside"], "", text)  # （以下简称“新区”）: a name's short form, not the metric
    text = re.sub(_data()["metric"]["figure_aside"], "", text)
    text = re.sub(r"[“”「」『』\"]", "", text)  # a name's quotes (“某某项目”一期投资): no words of the measure
    text = _trim_brackets(re.sub(_data()["metric"]["item_number"], "", text.strip(" ，,、；：—-")))
    # 项目（总投资8.6亿元）: the figure is in a bracket the phrase opened; what it measures runs through it
    text = re.sub(r"[（(](?=[^（）()]+$)", "", text)
    changed = True
    while changed and text:
        changed = False
        for w in lead:
            if text.startswith(w) and len(text) > len(w):
                text, changed = text[len(w):].lstrip("，,、"), True
        for w in trail:
            if text.endswith(w):
                text, changed = text[:-len(w)], True
    for w in _data()["metric"]["inner"]:
        text = text.replace(w, "") if len(text) > len(w) else text
    return re.sub(r"^\d+(?:\.\d+)?[余多]?[家个户项所座]", "", text)  # 153家规上企业产值: the count is a row of its own


def sector_lead(clause: str) -> str | None:
    """The sector a clause opens with (传统纺织产业受…影响 -> 传统纺织产业), or None."""
    m = re.match(_data()["metric"]["sector_lead"], clause)
    return m.group() if m else None


def numbered_lead_sector(sentence: str) -> str | None:
    """The sector a numbered lead sentence without figures names ((三)跨境电商新业态异军突起。 -> 跨境电商), or None;
    a lead longer than a heading says more than its sector."""
    metric = _data()["metric"]
    numbered = re.match(metric["item_number"], sentence)
    found = re.match(metric["numbered_lead"], sentence[numbered.end():]) if numbered and not find_figures(sentence) else None
    return found.group("sector") if found and len(sentence) <= HEADING_MAX else None


def _product_of(before_rows: list, metric: str) -> str:
    """The product a bare measure is of when the row before in its sentence measures one
    (猕猴桃种植面积2.7万亩，产量3.91万吨 -> 猕猴桃), else ""."""
    heads = "|".join(_data()["metric"]["product_measures"])
    forms = "|".join(_data()["metric"]["product_forms"])
    if not before_rows or not re.fullmatch(rf"(?:{forms})?(?:{heads})", metric):
        return ""
    m = re.fullmatch(rf"([\u4e00-\u9fff]{{2,8}}?)(?:{forms})?(?:{heads})", before_rows[-1].metric_zh)
    return m.group(1) if m else ""


def row_label(clause: str, closed_by: str) -> str | None:
    """The label a table row was read with (精密光学：1—6月产值67.35亿元 -> 精密光学): a short run of
    Han characters closed by a colon (not the angle a list is read from: 从主要税种看：), or None."""
    clause = clause.lstrip("—－-·• ")  # (a list's dash: ——规上工业增加值：)
    return clause if closed_by in "：:" and re.fullmatch(r"[\u4e00-\u9fff]{2,14}", clause) \
        and not re.fullmatch(_data()["metric"]["view_lead"], clause) else None


def noun_after(text: str) -> str:
    """The counted noun right after a count (对32家[优质存量企业]以及…), or ""."""
    stops = "|".join(map(re.escape, _data()["metric"]["noun_after_stop"]))
    m = re.match(rf"[“”\u4e00-\u9fff]+?(?={stops}|[{_CLAUSE_END}]|$)", text)
    bound = tuple(_data()["metric"]["noun_after_bound"])
    return m.group() if m and not re.match(stops, text) and not text.startswith(bound) else ""


def find_subject(text: str, title: str = "") -> str:
    """The place a text is about: a name with a place suffix that the title gives, else the
    one the text repeats most (longest on a tie). Dates are no part of a name (上半年石楠镇)."""
    for pattern, _ in _periods():
        text, title = pattern.sub("，", text), pattern.sub("，", title)
    counts: Counter = Counter()
    scopes = _data()["scopes"]
    whole = {w for e in scopes["whole"] for w in e["words"]}
    not_names = whole | set(scopes["not_place_endings"])
    suffixes = "|".join(scopes["subject_suffixes"])
    for m in re.finditer(rf"(?<=[\u4e00-\u9fff])(?:{suffixes})(?!长)", text):  # (副镇长: a title)
        for size in range(2, min(4, m.start()) + 1):  # a name opening the text counts once
            name = text[m.start() - size:m.end()]
            # (a word ending like a place, 城镇, 全镇, names none; unless a longer name in the title ends so: 菰城镇,
            # but not one ending in the whole town's word: 在全镇…会议上的讲话)
            ends_as_word = any(name.endswith(w) for w in whole) or \
                any(name.endswith(w) for w in not_names) and not (name in title and name not in not_names)
            if re.fullmatch(r"[\u4e00-\u9fff]+", name) and not ends_as_word \
                    and not any(level in name[:-1] for level in scopes["admin_levels"]) \
                    and not any(w in name[1:-1] for w in scopes["name_breaks"]):
                counts[name] += 1
    def level(name):  # (of the names a title gives, the lowest level: 访某县某镇党委书记 is about the town)
        return -next((i for i, suffix in enumerate(scopes["subject_suffixes"]) if name.endswith(suffix)), 0) \
            if name in title else 0
    best = max(counts, key=lambda n: (n in title, level(n), counts[n], len(n))) if counts else ""
    if best and (best in title or counts[best] > 1):
        return best
    return _implied_subject(text, scopes) or best  # (a name said once, outside the title, is a weak guess)


def _implied_subject(text: str, scopes: dict) -> str:
    """The town a text never names in full, only as its whole (全镇) and in the names of its firms, parks and
    products (甲乙精密铸造, 甲乙香菇, 甲乙热气球节): the two characters, no dictionary word, that open names
    of the most different things, with the whole's suffix; "" when there are none."""
    suffix = next((e["suffix"] for e in scopes["whole"] for w in e["words"] if w in text), None)
    if suffix is None:
        return ""
    after: dict[str, set[str]] = {}
    for m in re.finditer(r"(?=([\u4e00-\u9fff]{2})([\u4e00-\u9fff“”]))", text):
        after.setdefault(m.group(1), set()).add(m.group(2))
    opening = [(len(nexts), pair) for pair, nexts in after.items() if len(nexts) >= 4 and not in_dictionary(pair)]
    return max(opening)[1] + suffix if opening else ""


def whole_scope(subject: str) -> tuple[str, str, list[str]]:
    """(全镇, whole town, its words) for a subject ending in 镇, and so on."""
    for e in _data()["scopes"]["whole"]:
        if subject.endswith(e["suffix"]):
            return e["zh"], e["en"], list(e["words"])
    return "全文", "whole document", []


# A candidate indicator row: the indicators.csv columns, status, and where its quote starts.
Row = make_dataclass("Row", [*((c, str) for c in COLUMNS if c != "note"), ("note", str, ""),
                             ("status", str, "extracted"), ("start", int, 0)])


@cache
def _word_starts(text: str) -> frozenset[int]:
    """Where jieba's words (its dictionary only) start in a text; cut once per metric, which a row's
    English name and its keywords both ask for."""
    jieba = quiet_jieba()
    starts, at = set(), 0
    for word in jieba.lcut(text, HMM=False):
        starts.add(at)
        at += len(word)
    return frozenset(starts)


def _ends_a_word(text: str, end: int) -> bool:
    """Whether a word ends at `end` (公司 in 公司完成产值 does; 企业 in 企业所得税 does not)."""
    at = 0
    for token in quiet_jieba().cut(text[:end + 8], HMM=False):
        at += len(token)
        if at >= end:
            return at == end
    return True


class Extractor:
    """Reads one document's paragraphs ({id, kind, text}) into candidate rows."""

    def __init__(self, subject: str, year: int | None = None, firms: list[dict] = (), report_year: int | None = None,
                 published: str = ""):
        self.subject = subject
        self.report_year = report_year  # the year a report reviews (its title's): a later year's figures are plans
        self.published = published  # the byline's date (2026-01-09), when it gives one: the years over by then
        self.this_year = int(published[:4]) if published else report_year  # the year 今年 names
        # a firm's names, longest first -> its full name: a figure after one is the firm's
        self.firms = sorted(((n, f["zh"]) for f in firms for n in (f["zh"], *f.get("aliases", ()))), key=lambda x: -len(x[0]))
        self.year = year   # of the last date expression read
        self.period = ""   # the last date expression read, as a period
        self.frame = ""    # the period an undated paragraph is of: its dated heading's, or a bulletin title's
        self.opens_list = False  # the paragraph read last ends with a colon: the next one goes on with its date
        self.section_dated = None  # (period, year, frame) before a heading that is a bare date (【10月当月】)
        self.read: list = []  # the rows of the paragraph being read, before the sentence being read
        self.whole_zh, self.whole_en, self.whole_words = whole_scope(subject)
        scopes = _data()["scopes"]
        self.part = re.compile(scopes["part"])
        self.benchmark = re.compile(scopes["benchmark"])
        # the places the subject lies in, by their words (全县: whole county), and the words comparing with one
        level = next((e["suffix"] for e in scopes["whole"] if subject.endswith(e["suffix"])), None)
        self.above = {w: (e["zh"], e["en"]) for e in scopes["whole"] if e["suffix"] in scopes["above"].get(level, [])
                      for w in e["words"] if w.startswith("全")}  # (not 县域医共体: a thing of the county's)
        self.compared = re.compile(scopes["compared"])
        self.above_en = dict(self.above.values())  # 全县 -> whole county
        self.above_words = "|".join(self.above) or "(?!)"  # (none: a pattern matching nothing)
        self.part_lead = "|".join(scopes["part_lead"])
        self.part_particles = "|".join(scopes["part_particles"])
        self.part_breaks = "|".join([*(w for w in scopes["part_lead"] if len(w) >= 2), *scopes["name_breaks"],
                                     *_data()["names"]["firm_forms"]])
        self.generic_parts = set(scopes["generic_parts"])
        self.any_part = set(scopes["any_part"])
        self.subject_lead = re.compile(rf"^(?:{'|'.join(_data()['names']['subject_lead'])})+")  # (龙头企业某公司…)
        self.firm_anaphora = tuple(_data()["metric"]["firm_anaphora"])
        # the firm a feature story is on (走访第一站是某公司。这家企业…；公司…): the last one a sentence named alone,
        # until a sentence names another scope or a heading starts a section
        self.focus: str | None = None
        self.focus_anaphora = tuple(_data()["metric"]["focus_anaphora"])
        self.listed_projects: set[str] = set()  # 2. 某某冷链物流中心：总投资…: projects a list names by a label
        self.generic = re.compile(rf"{scopes['generic_lead']}?(?:{'|'.join(map(re.escape, self.generic_parts))})")
        self.last_part = ""
        self.parts_seen: list[str] = []  # the parts named so far
        self.part_aliases: dict[str, list[str]] = {}  # a part's other names, given in parentheses
        self.lead_measures = set(_data()["metric"]["product_measures"] + _data()["metric"]["lead_measures"])
        self.aliases = sorted(((a, t) for t in lexicon.statistics() for a in [t["zh"], *t["aliases_zh"]]),
                              key=lambda x: -len(x[0]))

    def _strip_places(self, text: str) -> str:
        """The subject's name and the whole-place words taken out (马驹桥镇协同区域 -> 协同区域)."""
        for w in sorted([*self.whole_words, self.subject], key=len, reverse=True):
            text = text.replace(w, "，" * len(w)) if w else text
        return text

    def subject_of(self, sentence: str) -> str | None:
        """The scope a sentence is about: the first one named in its first clause that names one."""
        for clause in re.split(f"[{_CLAUSE_END}]", _without_slogans(sentence)):
            found = self.scope_in(clause, first=True, above=False)  # (全县…: of its own clause only)
            if found:
                return found
        return None

    def _opening_firm(self, sentence: str) -> str | None:
        """The firm a sentence opens with as its subject, by its full name, after a word for what it is (龙头企业);
        or by a short name the words after it give in full (某某，也就是某某科技股份有限公司，上半年…)."""
        opening = self.subject_lead.sub("", sentence)
        return next((full for _, full in self.firms if opening.startswith(full)), None) or next(
            (full for n, full in self.firms if opening.startswith(n)
             and re.match(rf"[，,（(]\s*(?:也就是|就是|即|全称为|全称是|全称)?\s*{re.escape(full)}", opening[len(n):])), None)

    def _names_a_scope(self, sentence: str) -> bool:
        """Whether a sentence names a scope (the town, a part, a place above), leaving the parts read so far as they are."""
        kept = self.last_part, list(self.parts_seen), {k: list(v) for k, v in self.part_aliases.items()}
        found = self.subject_of(sentence) is not None
        self.last_part, self.parts_seen, self.part_aliases = kept
        return found

    def _refers_to_firm(self, text: str) -> str | None:
        """The word for a firm (这家, 公司) a text opens with, after its date (今年1—10月，) or a closing quote;
        a whole word (not 公司制, 企业所得税)."""
        text = re.sub(_data()["metric"]["anaphora_date"], "", text.lstrip("”」’\"'"))
        word = next((w for w in self.focus_anaphora if text.startswith(w)), None)
        return word if word and _ends_a_word(text, len(word)) else None

    def part_name(self, text: str, before: str = "") -> str:
        """A part's name without the verbs and particles run into it (带动某某园区, 打通了某某产业园),
        nor the end of a verb that starts in `before`, the text before it (推|进某某园区)."""
        name = re.sub(rf"^(?:{self.part_lead})+", "", re.split(self.part_particles, text)[-1])
        # 茶产业和算力产业园, 某某有限公司依托算力产业园: the name starts after a conjunction, a verb or a firm
        name = re.split(self.part_breaks, name)[-1] or name
        for lead in self.part_lead.split("|"):
            cut = next((len(lead) - j for j in range(1, len(lead)) if before.endswith(lead[:j]) and name.startswith(lead[j:])), 0)
            name = name[cut:] if cut and len(name) - cut >= 4 else name
        # 建成运营某镇直播电商产业园, 改造提升某镇老街商业街区: the name starts at the town's name, after the
        # words before it (unless they are the places above it: 某某市某镇…)
        town = self.subject[:-1] if len(self.subject) > 2 else self.subject
        at = name.find(town) if town else -1
        if at > 0 and not re.search("|".join(_data()["scopes"]["admin_levels"]), name[:at]):
            name = name[at:]
        return name

    def _without_asides(self, text: str) -> str:
        """The text with what parentheses and a quoted slogan hold blanked out (lengths kept); a part's other name
        in them (桑落经济开发区（智能装备产业园）) is kept as that part's alias."""
        for m in re.finditer(r"[（(]([^（）()]{2,30})[）)]", text):
            before = [b for b in self.part.finditer(text[:m.start()]) if b.end() == m.start()]
            if before and self.part.fullmatch(m.group(1)):
                name = self.part_name(before[-1].group())
                aliases = self.part_aliases.setdefault(name, [])
                aliases += [m.group(1)] if m.group(1) not in aliases else []
        return _without_slogans(re.sub(r"[（(][^（）()]*[）)]", lambda m: "，" * len(m.group()), text))

    def scope_in(self, text: str, first: bool = False, above: bool = True) -> str | None:
        """The last (or first) scope named in `text` that is not a benchmark (占通州区…); with `above`, a place
        the subject lies in (全县实现…) too."""
        found, at_found = None, -1
        text = self._without_asides(text)
        # (dates blanked: 年末园区 is the park at the year's end, not a park named 末园区)
        dateless = re.sub(r"[年月][末底初中]|[\d年月日]", lambda m: "，" * len(m.group()), text)
        for m in self.part.finditer(self._strip_places(dateless)):
            name = self.part_name(m.group(), text[:m.start()])
            # (镇里在某产业园周边建成…: a place after 在 says where, whatever the words before it; but 在某产业园，…
            # opening a clause is what the clause is about)
            lead = text[:m.end() - len(name)]
            topic = re.fullmatch(r"\W*在", lead[max(lead.rfind(c) for c in _CLAUSE_END) + 1:])
            if not (self.benchmark.search(lead) and not topic) and not (first and found):
                found, at_found = name, m.start()
                if self.generic.fullmatch(found):  # 园区, 两大园区: the park named before (物流园: the last one
                    # whose name ends so)
                    found = (self.last_part if found in self.any_part or self.last_part.endswith(found) else
                             next((p for p in reversed(self.parts_seen) if p.endswith(found)), self.last_part)) or found
                else:  # 滨湖科创园 after 岚溪滨湖科创园: the same park, by its fuller name
                    found = next((p for p in self.parts_seen if p.endswith(found) and p != found), found)
                    self.last_part = found
                    self.parts_seen += [found] if found not in self.parts_seen else []
        for w in [*self.whole_words, self.subject]:
            at = (text.find(w) if first else text.rfind(w)) if w else -1
            of_part = at >= 0 and self.part.match(text, at + len(w))  # 全镇协同区域: the part's
            if at >= 0 and not of_part and not self.benchmark.search(text[:at]) and \
                    (found is None or (at < at_found if first else at > at_found)):
                found, at_found = self.whole_zh, at
        for w, (zh, _) in self.above.items() if above else ():
            at = text.find(w) if first else text.rfind(w)
            if at >= 0 and not self.benchmark.search(text[:at]) and not self.compared.search(text[:at]) and \
                    (found is None or (at < at_found if first else at > at_found)):
                found, at_found = zh, at
        return found

    def english(self, metric: str, kind: str) -> str:
        said = self._english(metric, kind)
        parts = re.fullmatch(r"(.+?)(?:占|相当于)(.+?)的?(?:比重|比例|份额)?", metric)
        if kind == "share" and parts and re.search(r"[\u4e00-\u9fff]", said):
            # 第三产业增加值占地区生产总值比重, where the terms do not make a name: "… as a share of …"
            return f"{self._english(parts[1], 'amount')} as a share of {self._english(parts[2], 'amount')}"
        return said

    def _english(self, metric: str, kind: str) -> str:
        suffix = _data()["targets"]["suffix"]
        if metric.endswith(suffix) and len(metric) > len(suffix):  # 规上工业总产值目标: "… (target)"
            plain = self.english(metric[:-len(suffix)], kind)
            if not plain.startswith(metric[:-len(suffix)]):  # not the Chinese with a gloss
                return f"{plain} (target)"
        # a basis (同比增长) says how the figure is given, which the kind words: not what is measured
        named = [(a, t) for a, t in self._terms_in(metric) if not t.get("basis")] or [(None, None)]
        # the longest term; of a measure's, the one that heads the metric (研发经费投入 in 规上工业企业研发经费投入)
        alias, term = named[0]
        if term is not None and term["kind"] != "term":
            alias, term = next((n for n in named if n[1]["kind"] != "term" and self._heads(metric, n[0])), named[0])
        heads = term is None or term["kind"] == "term" or self._heads(metric, alias)
        if term is not None and term["kind"] == "term":  # 第三产业 + 增加值: "tertiary industry value added"
            rest = re.sub(r"(?:同比|比上年)?(?:增长|增速|下降)$", "", metric.replace(alias, "", 1))
            measure = next((t for a, t in self.aliases if a == rest and t["kind"] != "term"), None)
            term = {**measure, "en": f"{term['en']} {measure['en']}"} if measure else term
        if term is None or term["kind"] == "term" or not heads:  # the Chinese term with a short gloss
            gloss = lexicon.gloss(metric)
            return f"{metric} ({gloss})" if gloss else metric
        qualifier = metric[:metric.find(alias)]
        glossed = lexicon.gloss(qualifier) if qualifier else ""
        # 食品加工产业产值: "output value of food processing industry"; a qualifier no word glosses
        # (海产品精深加工业产值) keeps the Chinese name first: "… (output value)"
        en = self._worded(f"{term['en']} of {glossed}" if glossed else term["en"], metric, kind, term)
        return f"{metric} ({en})" if qualifier and not glossed else en

    @staticmethod
    def _worded(en: str, metric: str, kind: str, term: dict) -> str:
        """A term's English worded as the figure is given: a growth, a share, a change in points, a count."""
        if kind == "rate":
            change = "decline" if re.search(_data()["metric"]["fall_end"], metric) else "growth"
            return f"year-on-year {change} of {en}" if comparison(metric) == "year-on-year" else f"{change} of {en}"
        if kind == "share" and term["kind"] != "share" and not metric.endswith(tuple(_data()["metric"]["level_ends"])):
            # 失业率: a level; 研发投入强度: a term that is a share already
            return f"share of {en}"
        if kind == "points":
            return f"change in {en} (percentage points)"
        if kind == "count" and term["kind"] == "count" and not en.startswith("number of"):
            return f"number of {en}"
        return en

    def _other_measure(self, metric: str, base: str) -> bool:
        """Whether a metric names a statistical measure the base does not (规上工业增加值 after 规上工业总产值)."""
        def measures(text):
            return {t["zh"] for _, t in self._terms_in(text) if t["kind"] != "term" and not t.get("basis")}
        own = measures(metric)
        return bool(own) and not own & measures(base)

    def _terms_in(self, metric: str) -> list[tuple[str, dict]]:
        """(name, term) of the statistical terms a metric names, longest first, each where a word
        starts: 海产品精深加工业产值 names 产值, not 工业产值 (its 工 is 加工业's)."""
        starts = _word_starts(metric)
        return [(a, t) for a, t in self.aliases if a in metric and metric.find(a) in starts]

    @staticmethod
    def _heads(metric: str, alias: str) -> bool:
        """Whether a statistical term found in a metric is what it measures: nothing but how the
        figure is given (增长, 数量, 比重, 目标) follows it. In A级景区民宿数量 homestays are counted."""
        ends = _data()["metric"]
        after = metric[metric.find(alias) + len(alias):]
        after = re.sub(f"(?:{'|'.join(ends['count_ends'])}|{_data()['targets']['suffix']})$", "", after)
        return not re.sub(f"{ends['change_end']}|^的?(?:比重|比例|份额|占比)$", "", after)

    def extract(self, paragraphs: list[dict], renumber: bool = True) -> list:
        """Rows of the paragraphs, in order; the period carries from one paragraph to the next."""
        rows = []
        for p in without_speakers(paragraphs):
            if p["kind"] == "heading":
                self.focus = None
                self._dated_heading(p["text"])
            elif p["kind"] == "title":
                self._dated_title(p["text"])
            elif p["kind"] != "byline":
                if self.frame and not self.opens_list:  # 7—8月入住率 ends one paragraph; the next is the bulletin's
                    self.period, self.year = self.frame, int(self.frame[:4])
                rows += self._paragraph(p)
                self.opens_list = p["text"].rstrip().endswith(("：", ":"))
        if renumber:
            self.number(rows)
        return rows

    def _dated_heading(self, heading: str) -> None:
        """附：2025年1—9月主要经济指标: a heading that names a year dates the figures under it
        (one without a year, 四季度工作建议, is a topic, not a date; a later year than the report's
        heads its plans, which their sentences date). A year set apart without 年 (【数说某镇·2024】) names it too;
        a heading that is only a date without a year (【10月当月】) dates its own section."""
        if self.section_dated:  # the section a bare date headed (【10月当月】) ends at the next heading
            self.period, self.year, self.frame = self.section_dated
            self.section_dated = None
        heading = re.sub(r"(?<=[·•（(【\[\s])((?:19|20)\d\d)(?=[）)】\]\s]|$)", r"\1年", heading)
        bare = heading.strip("【】[]（）() ")
        if not re.search(r"\d{4}年", heading) and any(p.fullmatch(bare) for p, _ in _periods()):
            found = self._period_at(bare)
            if found:
                self.section_dated = (self.period, self.year, self.frame)
                self.period, self.year, self.frame = found[0], found[1], found[0]
            return
        found = self._period_at(heading) if re.search(r"\d{4}年", heading) else None
        if not found:
            return
        if self.report_year and found[1] > self.report_year:  # 2025年工作方向 in a 2024 report: plans, whose
            self.frame = ""                                   # own dates carry from paragraph to paragraph
        else:
            self.period, self.year = found[0], found[1]
            self.frame = found[0]

    def _dated_title(self, title: str) -> None:
        """2025年1—9月经济运行情况, 上半年某镇…: a bulletin's title names the part of the year its
        undated paragraphs are of (a year alone does not: 2025年政府工作报告 reviews 2024)."""
        found = self._period_at(title)
        if found and not re.fullmatch(r"\d{4}", found[0]):
            self.period, self.year = found[0], found[1]
            self.frame = found[0]

    @staticmethod
    def number(rows: list) -> None:
        """ind-01, ind-02, … and `of` as an id."""
        for n, row in enumerate(rows, start=1):
            row.id = f"ind-{n:02d}"
        for row in rows:
            if isinstance(row.of, Row):
                row.of = row.of.id

    def _paragraph(self, p: dict) -> list:
        rows, scope, text = [], self.whole_zh, p["text"]
        self.read = rows  # the paragraph's rows so far
        span_start = None  # the date of the paragraph's last 从2020年的…增加到 span: of its undated earlier figures
        parts: set[str] = set()  # the periods of the figures of a sentence's clauses (up to its 。)
        frame = self.period  # the period at the sentence's start
        one_month = False  # the period in effect is a month said alone (从10月当月看): until the sentence's end
        month_before = (self.period, self.year)  # ...and the period before it, in effect again after
        # a paragraph opening with a sector's name alone (船舶修造和海工装备产业。全年完成产值…) is about it; one
        # opening with a part's name alone (3. 某某产业园。规划面积…) is that part's
        lead = _SENTENCE.match(text).group().strip()
        first = re.sub(_data()["metric"]["item_number"], "", lead).rstrip("。")
        opening = quiet_jieba().lcut(first, HMM=False)[:1] or [""]  # (not a task: 聚力做强枸杞产业)
        plain = not (is_verb(opening[0]) or is_function_word(opening[0]))
        self.heading = first if re.fullmatch(_data()["metric"]["sector_lead"], first) and not find_figures(first) \
            and plain else None
        self.lead_sector = numbered_lead_sector(lead) if plain else None
        if self.part.fullmatch(first) and not find_figures(first):
            scope = self.scope_in(first) or scope
        table = _TABLE_CAPTION.match(text)  # a table's rows date their own figures: after it, the date
        after_table = None                   # its caption left in effect goes on (表3 2026年主要预期目标)
        for m in _SENTENCE.finditer(text):
            sentence, offset = m.group(), m.start()
            if not sentence:
                continue
            if table and after_table is None and offset:
                after_table = (self.period, self.year)
            head = sentence[:self._first_figure(sentence)]
            dated = self._period_at(head) if not text[:offset].rstrip().endswith("；") else None
            # 全年接待游客… after a full stop: a sentence that opens with its date and names no subject is
            # the whole place's (after a semicolon it goes on about the subject before)
            # (so is a table's row, 小龙虾产量：1—6月0.86万吨, that names none: rows do not carry their scope)
            labelled = re.fullmatch(r"[^，。；：]{2,24}：[^，。；：]{0,8}", head)
            said_scope = self.subject_of(head)
            scope = said_scope or (self.whole_zh if dated and dated[2] == 0 or labelled else scope)
            in_sentence: list = []
            figures = find_figures(sentence)
            # 走访第一站是某公司。这家企业2024年实现产值…；今年1—10月，公司完成产值…: a sentence opening with a
            # word for a firm is about the firm in focus
            # (not when its clauses name a part: 公司负责人介绍，产业园今年… is the park's)
            if self.focus and self._refers_to_firm(sentence):
                scope = self.focus if said_scope in (self.whole_zh, None) else scope
            else:
                named = {full for n, full in self.firms if n in sentence}
                self.focus = next(iter(named)) if len(named) == 1 else \
                    None if named or self._names_a_scope(sentence) else self.focus
            # 目标是：甲增长6%；乙增长8%: every clause of a list that a goal's colon opens is a goal; so is
            # every clause after a semicolon of a sentence a goal word opens (确保全年…增长6.5%；社零51.6亿元)
            opened = text[max(text.rfind(c, 0, offset) for c in "。！？") + 1:offset]
            said = _ASIDE.sub("", opened)  # (not an aside's goal: 固投：46.2亿元（年度目标增长8%）；工业投资：28.9亿元)
            item = rf"(?:^|(?<=[\s：:；]))(?:{_data()['metric']['item_number'].lstrip('^')})"
            if re.match(item, sentence.lstrip()) and (first := re.search(item, said)):
                said = said[:first.start()]  # 如下：1. 甲项目…预计12月试生产；2. 乙项目…: an item's goal words are its own
            colon = max(said.rfind("："), said.rfind(":"))
            listed_goals = colon >= 0 and is_target(said[:colon]) or said.rstrip().endswith("；") and is_target(said)
            for fig in figures:
                listed = respectively(sentence, figures, fig)
                row = self._row(p, sentence, offset, fig, scope, in_sentence, listed, listed_goals)
                if row is None:
                    continue
                # 从2020年的92.63亿元增加到145.86亿元: the later figure (and those after it) not of 2020; an earlier
                # figure (…收入从4.86亿元) of the date before it
                lead = sentence[:fig.start]
                multiple = _data()["metric"]["multiple_of"]
                if row.unit in multiple["units"]:  # 是2020年的2.6倍: 2020 is the base, not the period
                    lead = re.sub(multiple["before"], "", lead)
                earlier = re.search(_data()["metric"]["from_open"], lead)
                found = (self._period_at(earlier.group()) or self._span_date(lead) or span_start) if earlier else \
                    self._period_at(re.sub(_data()["metric"]["from_to"], "", re.sub(_data()["metric"]["base_said"], "", lead)))
                aside = re.search(r"[（(][^（）()]*$", sentence[:fig.start])
                date = aside and re.search(r"[\d年月至到—–~～\-上下半前一二三季度]+$", sentence[:aside.start()])
                if date:  # 比1—6月（完成28.91亿元）: the figure of the date the parenthesis follows
                    found = self._period_at(date.group()) or found
                if found:  # a measure (an area, a length, tonnes) has a period only when its sentence dates it
                    row.period = found[0]
                prior = re.search(_data()["metric"]["prior_base"], lead)
                if prior:  # 由上年同期的13.7%: the base a change starts from, a year before the period read
                    read = self._period_at(lead[:prior.start()])
                    now = row.period or (read[0] if read else "")
                    row.period = _year_before(now, same_months=bool(prior.group("same") or prior.group("opening"))) if now else ""
                elif based := re.search(_data()["metric"]["base_year"], lead):  # 比2023年的86.10亿元: 2023's
                    row.period = re.sub(r"\d{4}", based["year"], row.period) if based["same"] and row.period else based["year"]
                targets = _data()["targets"]
                goal_date = targets["goal_date"]
                if re.search(rf"[（(](?:{goal_date})[^（）()]*$", lead) and row.kind != "points" \
                        or re.search(rf"(?:{goal_date})[（(]?$", lead) and row.kind in ("amount", "count") \
                        or row.metric_zh.endswith(targets["suffix"]) and row.kind in ("amount", "count") \
                        and re.search(rf"(?:{goal_date})[^{_CLAUSE_END}\d]*$", lead):
                    # 1—9月…（年度目标增长6.5%）, 完成全年目标78.6亿元的, 上半年…年度计划投资31.6亿元: the year's goal
                    row.period = row.period[:4]
                elif row.metric_zh.endswith(targets["suffix"]) and re.match(targets["year_goals"], sentence):
                    row.period = row.period[:4]  # 全年力争…增长6.5%: a goal for the whole year
                elif row.metric_zh.endswith(targets["suffix"]) and (by := re.search(targets["by_year"], sentence[:fig.start])):
                    row.period = by.group("year")  # 力争到2027年…突破130亿元: a goal for that year
                elif row.metric_zh.endswith(targets["suffix"]) and self.published \
                        and re.search(targets["year_in_progress"], opened + sentence[:fig.start]) \
                        and not years_said(opened + sentence[:fig.start]):
                    row.period = str(self.this_year)  # (written in 2025:) 通报了全年目标：力争全年实现…: 2025's goal
                elif row.metric_zh.endswith(targets["suffix"]) and re.search(targets["year_estimated"], opened + sentence[:fig.start]):
                    row.period = row.period[:4]  # 1—9月…，预计全年粮食总产量2.3万吨: of the whole year read
                if listed and len(listed[2]) == len(listed[1]):
                    first = self._period_at(listed[2][0])  # 2023年一季度、上半年: the year goes on
                    found = self._period_at(listed[2][listed[0]], first[1] if first else self.year)
                    row.period = found[0] if found else row.period  # 一季度、上半年分别增长5.1%、5.9%
                if self._planned(row):
                    self._as_goal(row)
                elif self._estimated_result(row, opened + sentence[:fig.start]):  # (the clauses before a ；too)
                    self._as_result(row)
                if _passed_threshold(sentence[:fig.start], row, in_sentence):
                    continue
                in_sentence.append(row)
            span_start = self._span_date(sentence) or span_start
            # the sentence's last date (not one a 从…到 span closed, nor a bracket dating one figure) carries to the next,
            said = re.sub(_data()["metric"]["base_said"], "", without_dated_asides(sentence) if figures else sentence)
            found = None if re.search(_data()["metric"]["metric_anaphora"], said) else \
                self._period_at(re.sub(_data()["targets"]["goal_date"], "", re.sub(_data()["metric"]["from_to"], "", said)))
            # (not a table row's: 其中10月当月规上工业总产值：13.08亿元; nor a month said alone that does not open the
            # sentence: 8月单月接待3.86万人次；实现…收入1.43亿元, whose later figures are the months')
            alone = found and _ALONE.match(sentence, found[2])
            row_line = figures and _table_row(head) and not re.match(_data()["metric"]["item_number"], sentence[len(head):])
            if found and not row_line and not (alone and find_figures(sentence[:found[2]])):
                if alone and not one_month:
                    month_before = (self.period, self.year)
                self.period, self.year = found[0], found[1]
                one_month = bool(alone)
            # unless the sentence lists parts of the year it is in (全年…；1—6月…；1—9月…): the year goes on
            parts |= {r.period for r in in_sentence if r.period[:4] == frame and r.period != frame}
            if not sentence.endswith("；"):
                if re.fullmatch(r"\d{4}", frame) and len(parts) >= 2:
                    self.period, self.year = frame, int(frame[:4])
                elif one_month:  # (从10月当月看，…。: the month ends with the sentence; 1—10月…；10月当月…。: 1—10月 goes on)
                    self.period, self.year = month_before
                one_month = False
                parts, frame = set(), self.period
            rows += in_sentence
        if after_table:
            self.period, self.year = after_table
        return rows

    def _period_at(self, text: str, year: int | None = None):
        """period_at with this document's years: 今年 alone is the part of the year already in effect
        (今年以来 in a 1—9月 bulletin: its months), else the whole year it names."""
        found = period_at(text, year or self.year, self.this_year)
        if found and self.period[:4] == found[0] == str(self.this_year) and _THIS_YEAR.match(text, found[2]):
            return self.period, found[1], found[2]
        return found

    def _span_date(self, text: str):
        """The period of the last dated 从…到 span of a text (从2020年的92.63亿元增加到: 2020), or None."""
        dated = [f for m in re.finditer(_data()["metric"]["from_to"], text) if (f := self._period_at(m.group()))]
        return dated[-1] if dated else None

    def _planned(self, row) -> bool:
        """A figure for a whole year after the one the report reviews (2026年…新增学位270个 in the
        2025 report) is a plan, whether or not its sentence says 力争 or 目标."""
        suffix = _data()["targets"]["suffix"]
        return bool(self.report_year) and re.fullmatch(r"\d{4}", row.period or "") is not None \
            and int(row.period) > self.report_year and not row.metric_zh.endswith(suffix) \
            and not self._project_size(row.metric_zh, row.scope_zh)

    def _estimated_result(self, row, before: str) -> bool:
        """预计全年实现地区生产总值145.86亿元 in a report published in that year's December or after (a
        year-end summary, a January work report reviewing it): the year's estimated result, not a goal, when
        预计 alone made it one."""
        estimate = _data()["targets"]["estimate"]
        return row.metric_zh.endswith(_data()["targets"]["suffix"]) and estimate in before \
            and re.fullmatch(r"\d{4}", row.period or "") is not None and self.published[:7] >= f"{row.period}-12" \
            and not is_target(before.replace(estimate, ""))

    def _as_result(self, row) -> None:
        goal = row.metric_zh
        row.metric_zh = goal.removesuffix(_data()["targets"]["suffix"]).removeprefix(_data()["targets"]["estimate"])
        row.metric_en = self.english(row.metric_zh, row.kind)
        row.keywords = ";".join(row.metric_zh if k == goal else k for k in row.keywords.split(";"))

    def _is_project(self, scope: str) -> bool:
        return is_project(scope) or scope in self.listed_projects

    def _project_size(self, metric: str, scope: str) -> bool:
        """推进某园区二期建设，总投资18.6亿元: a part's or a firm's project size, goal or not (the town's
        签约项目30个，总投资60亿元 among the plans is a goal)."""
        return metric in _data()["targets"]["sizes"] and scope != self.whole_zh

    def _as_goal(self, row) -> None:
        plain = row.metric_zh
        row.metric_zh += _data()["targets"]["suffix"]
        row.metric_en = self.english(row.metric_zh, row.kind)
        row.keywords = ";".join(row.metric_zh if k == plain else k for k in row.keywords.split(";"))

    def _first_figure(self, sentence: str) -> int:
        figures = find_figures(sentence)
        return figures[0].start if figures else len(sentence)

    def _row(self, p, sentence, offset, fig, scope, before_rows, listed=None, goal=False):
        """The row of one figure of a sentence, or None when it has no unit (a bare number).
        `listed` is (i, figures, items) when a 分别 lists the figure as the i-th; `goal` when an
        earlier clause of its sentence opened a list of goals."""
        number = fig.number
        if "," in number:
            return None
        m = _unit_pattern().match(sentence, fig.start + len(number))
        if m is None and listed:  # 0.6、1.1和2.3个百分点: the last figure's unit is every one's
            last = listed[1][-1]
            m = _unit_pattern().match(sentence, last.start + len(last.number))
        if m is None:
            return None
        unit = m.group("unit")
        unit = "%" if unit == "％" else unit
        if unit.endswith("元") and re.match(_data()["threshold_after"], sentence[m.end():]):
            return None  # 10亿元以上项目: a class of projects, not an amount
        end = m.end() if m.start() == fig.start + len(number) else fig.start + len(number)
        clause_start = max(sentence.rfind(c, 0, fig.start) for c in _CLAUSE_END) + 1
        before = sentence[clause_start:fig.start]
        targets = _data()["targets"]
        aside = re.search(rf"[（(]({targets['goal_date']})([^（）()]*)$", before)
        if aside:  # 增长6.6%（年度目标增长6.5%）: the goal of what grew before the aside, named by its own words
            clause_start, before, goal = clause_start + aside.start(2), aside.group(2), True
        if listed:  # the item 分别 pairs it with (甲、乙产值分别增长: 甲产值), then the verb (增长)
            i, figures, items = listed
            k = sentence.rfind("分别", 0, fig.start)
            clause_start = max(sentence.rfind(c, 0, k) for c in _CLAUSE_END.replace("、", "")) + 1
            item = self._listed_item(i, items) if len(items) == len(figures) else sentence[clause_start:k]
            before = item + sentence[k + 2:figures[0].start]
        before = spoken_as_written(before)
        # 地区生产总值从2020年的92.63亿元增加到145.86亿元: both of 地区生产总值
        trims = _data()["metric"]
        before = re.sub(trims["from_start"], "", re.sub(trims["from_to"] + "$", "", before))
        based = re.search(trims["prior_base"], before)
        before = re.sub(trims["prior_base"], "", re.sub(trims["prior_base_figure"], "", before))
        q = qualifier(before, m.group("after") or "")
        kind = kind_of(before, unit)
        if based and not before.strip() and before_rows and before_rows[-1].unit == unit:
            kind = before_rows[-1].kind  # 比重达到48.5%，比去年全年的45.7%: the base of that share
        # the clause before this figure's, within the sentence ("" for the first)
        previous = sentence[max(sentence.rfind(c, 0, clause_start - 1) for c in _CLAUSE_END) + 1:clause_start - 1] \
            if clause_start > 0 else ""
        project, capacity = self._project(sentence, before, fig.start, end)
        own_scope = project or self.scope_in(before)
        local_scope = own_scope or scope
        firm = None if project else next(((n, full) for n, full in self.firms if n in before), None)
        # the firm of the figure before, in the same run of clauses (某公司产值52.8亿元，缴纳税收2.46亿元；乙公司…)
        project_before = before_rows[-1].scope_zh if before_rows and self._is_project(before_rows[-1].scope_zh) \
            and "；" not in sentence[before_rows[-1].start - offset:clause_start] else None
        firm_before = None if project else next(
            ((full, full) for _, full in self.firms if before_rows and before_rows[-1].scope_zh == full
             and "；" not in sentence[before_rows[-1].start - offset:clause_start]), None)
        if firm is None and own_scope is None and clause_start > 0:
            # a bare measure (总投资, 投资, 产值) after 某公司…项目签约落户 (the clause right before names the firm) or
            # after 某公司项目总投资15.8亿元 (the sentence's figure before is the firm's): still the firm's
            bare = len(self._metric(before, q)) <= 3
            firm = (next(((n, full) for n, full in self.firms if n in previous), None) if bare else None) or firm_before
            label = re.match(_data()["metric"]["item_number"], previous.strip())
            if label and sentence[clause_start - 1] in "：:" and before in _data()["projects"]["labelled_by"] \
                    and not find_figures(previous.strip()[label.end():]):
                # 2. 某某冷链物流中心：总投资1.2亿元，完成投资7300万元: the item's label names the project
                firm, project_before = None, project_name(previous)
                self.listed_projects.add(project_before)
            # 某某一体化示范项目已于3月开工，总投资3.2亿元: the project's (a clause naming it, holding no figure)
            named = re.match(rf"(?:{self.part_lead})*({_data()['projects']['name']})", previous)
            if firm is None and bare and named and not find_figures(previous):
                own_scope = local_scope = project_name(named.group(1))
            elif project_before and (firm is None or firm[0] in project_before):
                # …总投资3.2亿元，目前工程进度已完成65%; 一是某公司年产20万吨挂面项目，总投资4.5亿元: still the project's
                firm, own_scope, local_scope = None, project_before, project_before
            # 岭峰储能总经理介绍，企业目前在岗员工超过650人: 企业 is the firm the sentence named
            anaphor = next((w for w in self.firm_anaphora if re.sub(trims["anaphora_date"], "", before).startswith(w)), None)
            if firm is None and anaphor and unit not in _data()["counted_things"]["firms"]["units"]:
                firm = next(((anaphor, full) for n, full in self.firms if n in sentence[:clause_start]), None) \
                    or ((anaphor, self.focus) if self.focus and self._refers_to_firm(before) else None)
            # 某公司于6月入驻园区，主要从事…，1—9月实现营业收入0.83亿元: the firm opening the run of clauses
            # (since the last ；) is the subject of a later clause that names no scope of its own
            run = sentence[sentence.rfind("；", 0, clause_start) + 1:clause_start]
            # (by its full name, after words it may be run into: 龙头企业某公司…; a short one may be a place's too;
            # not a project the firm's name opens)
            opener = self._opening_firm(run)
            if firm is None and own_scope is None and opener and not self._is_project(local_scope) \
                    and unit not in _data()["counted_things"]["firms"]["units"] \
                    and not any(n in run[run.find(opener) + len(opener):] for n, full in self.firms if full != opener):
                # (带动…12家落户; its own short name after it, 大家习惯叫它“某某”, is no other firm)
                firm = (opener, opener)
        if firm is None and local_scope == self.focus and (anaphor := self._refers_to_firm(before)):
            firm = (anaphor, self.focus)  # 公司实现销售收入…: the word for the firm is no part of the measure
        if firm:  # 某某有限公司实现产值: the firm's figure, not the place's
            local_scope, before = firm[1], before.replace(firm[0], "，")
            # (a name found without its form, 某某集团 of 某某集团有限公司: the form is no part of the measure)
            before = re.sub(rf"，(?:{'|'.join(_data()['names']['firm_forms'])})+", "，", before)
        # 某公司投资6.5亿元的某项目: the project's figure; the firm behind it is a keyword, not the metric
        investor = next(((n, full) for n, full in self.firms if n in before), None) if project else None
        if investor:
            before = before.replace(investor[0], "，")
        metric = capacity or self._metric(before, q)
        if re.search(trims["metric_anaphora"], before):  # 2023年这一数字是…: the measure of the figure before
            metric = next((r.metric_zh for r in reversed([*self.read, *before_rows]) if r.unit == unit and r.kind == kind), metric)
        elif re.search(trims["base_said"], sentence[clause_start:fig.start]) and re.fullmatch(trims["change_end"], metric) \
                and before_rows and before_rows[-1].unit == unit:
            metric = _counted(before_rows[-1].metric_zh) + metric  # 比2023年的86.10亿元增加10.17亿元: the base's measure grew
        above = self.above_en.keys()
        if own_scope in above:  # 全县实现地区生产总值296.4亿元: the county's 地区生产总值
            metric = re.sub("|".join(w for w, (zh, _) in self.above.items() if zh == own_scope), "", metric)
        occasion = re.match(_data()["metric"]["occasion"], before) or \
            re.fullmatch(_data()["metric"]["occasion"] + "[^，]{0,2}", previous.strip())  # 今年国庆假期，接待游客…
        if occasion and metric and occasion["name"] not in metric:
            metric = occasion["name"] + metric
        event = re.search(trims["event"], previous.strip()) if kind == "count" else None
        own = self._metric(before, q) if event else ""
        during = event and re.match(trims["event_count"], own)
        if during:  # 举办某某文化节，活动期间接待游客21.3万人次: the festival's visitors
            metric = event["name"] + own[during.end("during") if during["during"] else 0:]
        if firm is None and own_scope is None and len(metric) > 3 and (product := _product_of(before_rows, metric)):
            metric = product + metric  # 海带养殖面积…，鲜品产量…: 海带鲜品产量
        elif firm is None and own_scope in (None, self.whole_zh, *above) and 0 < len(metric) <= 3 \
                and (clause_start > 0 or self.heading):  # (规上工业增加值：全县增长6.1%: the label's, the county's)
            sector = None if clause_start == 0 or find_figures(previous) else \
                sector_lead(previous) or row_label(previous, sentence[clause_start - 1])
            # (or the sector the paragraph's heading names: 某某产业。全年完成产值…; or its numbered lead, of a
            # bare measure: （三）跨境电商新业态异军突起。…全年实现交易额…)
            heading = self.heading if self.heading and kind in ("amount", "count", "measure") else \
                self.lead_sector if self.lead_sector and metric in self.lead_measures else ""
            metric = sector + metric if sector else (_product_of(before_rows, metric) or heading) + metric
        if re.fullmatch(trims["change_end"], metric) and own_scope in (self.whole_zh, *above) and before_rows \
                and before_rows[-1].kind == kind and before_rows[-1].scope_zh != own_scope:
            # 全县增长6.1%，我镇增长7.6%: the same measure, of the place this clause names
            metric = re.sub(trims["change_end"], "", before_rows[-1].metric_zh) + metric
        if kind == "share" and "占" in before and metric and "占" not in metric:  # 占全镇规上工业总产值的45.4%
            metric = f"占{metric}比重"
        if kind == "count" and not capacity:  # (年产5000万片…项目: the project's capacity)
            metric = noun_after(sentence[end:]) or metric
        elif kind == "measure" and len(metric) <= 1 and (of_unit := _data()["metric"]["measure_of"].get(unit.lstrip("万亿"))) \
                and not is_target(before) and (noun := noun_after(sentence[end:])):  # (完成全年2000亩任务: a goal's)
            metric = noun + of_unit  # 尚有7.65万平方米标准厂房: 标准厂房面积
        whole = _counted(before_rows[-1].metric_zh) if before_rows and before_rows[-1].kind == "count" else ""
        firms = _data()["metric"]["firms_of_a_scale"]
        scale = re.match(f"(?:{'|'.join(firms['qualifiers'])})(?=企业$)", metric)
        if kind == "count" and before.startswith("其中") and scale and whole.endswith("企业") \
                and not whole.startswith(scale.group()) and not re.search("|".join(firms["not_of"]), whole):
            metric = scale.group() + whole  # 藻类加工企业87家，其中规上企业14家: 规上藻类加工企业, not the town's
        # 企业137家，比上年新增14家: 企业新增; 亩均税收31.5万元，比上年增加2.7万元: 亩均税收增加
        lead = next((w for w in _data()["metric"]["change_lead"] if metric.startswith(w)), "")
        if lead and len(metric) - len(lead) <= 2 and kind in ("count", "amount", "measure"):
            metric = metric[len(lead):]
            if kind != "count" and before_rows and before_rows[-1].unit == unit and metric:
                metric = before_rows[-1].metric_zh + metric
        if len(metric) <= 2 and before_rows and before_rows[-1].kind == "count" \
                and not before_rows[-1].metric_zh.startswith(_data()["projects"]["capacity_metric"]) \
                and not (before_rows[-1].metric_zh.endswith(targets["suffix"]) and _part_done(before)):
            # 企业91家，实现产值… (not 计划引进设备4台，上半年完成投资3.2亿元: a plan, then what was done)
            base = _counted(before_rows[-1].metric_zh)
            if not metric and re.search(_data()["metric"]["stock_lead"], before):  # 新增…4家，累计达到23家
                metric = _data()["metric"]["stock_words"][0]
            if metric in _data()["metric"]["stock_words"]:  # 新增企业12家，总数达到137家: all the firms
                base = re.sub(_data()["metric"]["added_after"], "", re.sub(_data()["metric"]["added_lead"], "", base))
            metric = base + metric
        elif not metric and before_rows and before_rows[-1].unit == unit and re.search(_data()["metric"]["stock_lead"], before):
            # 新增装机12.5兆瓦，累计达到59.3兆瓦: the running total of what was added
            metric = _data()["metric"]["stock_prefix"] + re.sub(_data()["metric"]["added_lead"], "", before_rows[-1].metric_zh)
        # 1至11月实现94.45亿元 (or 1. 地区生产总值：65.83亿元): the clause before names it, when it holds no figure
        if not metric and previous and not find_figures(re.sub(_data()["metric"]["item_number"], "", previous.strip())):
            metric = self._metric(previous, "")
        # 1—6月完成产值196.84亿元…；1—9月完成301.57亿元: the same measure as the paragraph's figure before
        same_unit = [r for r in (*self.read, *before_rows) if r.unit == unit and r.kind == kind]
        if not metric and same_unit:
            metric = same_unit[-1].metric_zh
        if not metric and before_rows:  # 工业总产值增长8%以上，力争突破480亿元: the measure that grew
            metric = re.sub(_data()["metric"]["change_end"], "", before_rows[-1].metric_zh.removesuffix(targets["suffix"]))
        metric = metric or (self._metric(previous, "") if previous else "")
        if not metric:  # nothing names what it measures: no row
            return None
        # 失业率, 空气质量优良天数比例: a level of its own, of nothing before it (占…比重 is of the amount before)
        done = _data()["metric"]["goal_done"]
        goal_done = kind == "share" and re.search(done["before"], before)  # 完成全年目标的62.4%: of the amount before
        level = kind == "share" and not goal_done and (metric.endswith(tuple(_data()["metric"]["level_ends"]))
                                                       or len(metric) >= 4 and "占" not in metric and "占" not in before)
        of = None if level else self._of(kind, before_rows, bool(goal_done))
        if of is not None and kind == "points" and of.kind == "share" and re.search(trims["points_of_rate"], before):
            of = next((r for r in reversed(before_rows) if r.kind == "rate"), None)  # 增速高于全县0.6个百分点: a rate's
        if of is not None and of.scope_zh in above and own_scope not in above and (kind == "points" or own_scope):
            # 增速高于全县（5.9%）1.4个百分点: of the town's rate before the county's; 某镇经济总量占全县的12.8%: the town's
            county = of
            of = next((r for r in reversed(before_rows) if r.kind == of.kind and r.scope_zh not in above),
                      of if kind == "points" else None)
            if of is None and kind == "share" and metric.startswith("占"):  # 同期全县…552.53亿元，某镇占全县的14.2%
                metric = county.metric_zh + metric
        own = re.sub(_data()["metric"]["change_end"], "", metric)
        if kind == "rate" and of is not None and len(own) >= 3 and (not _bigrams(own) & _bigrams(of.metric_zh)
                                                                    or self._other_measure(own, of.metric_zh)):
            of = None  # …突破440亿元，固定资产投资增长8%: the rate names a measure of its own
        if listed and len(listed[2]) != len(listed[1]) and kind in ("rate", "share"):
            # 收入8.9亿元，游客126万人次，同比分别增长31.5%和28.7%: the i-th of the amounts before
            amounts = [r for r in before_rows if r.kind in ("amount", "count")]
            of = amounts[len(amounts) - len(listed[1]) + listed[0]] if len(amounts) >= len(listed[1]) else None
        actual = _said_actual(before)
        goal_before = before_rows[-1] if before_rows and before_rows[-1].kind == kind \
            and before_rows[-1].metric_zh.endswith(targets["suffix"]) else None
        measure = goal_before and re.sub(targets["goal_date"], "", goal_before.metric_zh.removesuffix(targets["suffix"]))
        if goal_before and (actual and re.fullmatch(f"{targets['actual']['word']}(?:{targets['actual']['verbs']})?", metric)
                            or _part_done(before) and measure.endswith(metric)):
            # 增长目标为7%，实际增长6.8%; 年度计划投资52.6亿元，实际完成56.84亿元 (上半年完成投资16.42亿元): of that goal's measure
            metric, of = measure, None
        if aside and of is None and before_rows and before_rows[-1].kind == kind:
            metric = before_rows[-1].metric_zh  # 工业增加值：增长9.8%（年度目标增长9.0%）: the goal of that growth
        if goal_done:
            metric = done["metric"]
        multiple = _data()["metric"]["multiple_of"]
        base = kind == "share" and unit in multiple["units"] and re.search(multiple["before"], before)
        measured = base and self._of(kind, before_rows)
        if measured:  # 是2020年的2.6倍: 某产值为2020年的倍数, of the amount before
            metric, of = multiple["metric"].format(measure=measured.metric_zh, base=base["base"]), None
        if of is not None and kind in ("rate", "share", "points"):
            base = _counted(of.metric_zh)  # 接待游客数量 -> 接待游客增长, not 接待游客接待游客增长
            if not metric.startswith(base):  # 税收占比较上年提高 after 税收收入占比: its short name, not a second one
                metric = base + (metric[len(own):] if _shortened(own, base) else metric)
            local_scope = of.scope_zh if not firm else local_scope  # 同比增长36.5%: of the firm's output
        # (比全县农村居民人均可支配收入（29614元）: the measure named after the place)
        place = re.search(rf"(?P<place>{self.above_words})(?P<measure>[\u4e00-\u9fff]{{0,16}}?)"
                          rf"{_data()['scopes']['above_bracket']}$", before) \
            or kind in ("rate", "share") and sentence[end:end + 1] == "的" and \
            re.search(rf"{self.compared.pattern[:-1]}(?P<place>{self.above_words})$", before)
        # (也高于全县5.7%的平均增速: the county's, said without brackets)
        own_measure = (place.groupdict().get("measure") or self._metric(self.compared.sub("", before[:place.start()]), q)) \
            if place else ""
        # (a percentage compared is of the town's rate before, when the clause names no measure of its own)
        prior = next((r for r in reversed(before_rows) if (r.kind == kind or unit == "%" == r.unit and r.kind == "rate")
                      and not r.metric_zh.endswith(targets["suffix"])), None) if place else None
        if place and (len(own_measure) > 3 or prior):
            # 增速高于全县（5.9%）: the county's, of the same measure as the town's before; 消费增速低于全县（6.2%）: of its own
            metric = own_measure if len(own_measure) > 3 else prior.metric_zh
            kind = kind if len(own_measure) > 3 else prior.kind
            of, local_scope = None, self.above[place["place"]][0]
        elif of is not None and of.scope_zh in above and kind == "points":  # 全县增长5.9%，我镇高于全县0.9个百分点
            of, local_scope = None, own_scope or scope  # (named by the county's rate: what the town's is compared in)
        size = self._project_size(metric, local_scope)
        goal = goal or bool(re.match(f"的?(?:{'|'.join(targets['after'])})", sentence[end:]))  # 340亿元目标
        bracketed = re.search(targets["bracketed"], before) and kind in ("amount", "count") and \
            next((r for r in reversed(before_rows) if r.kind == kind), None)
        if bracketed:  # 完成28.64亿元，完成年度目标（40亿元）的71.6%: the goal of the amount (or count) done
            metric, goal = bracketed.metric_zh, True
        suffix = targets["suffix"]
        if (goal or is_target(sentence[:fig.start])) and not size and not goal_done and not actual:  # (a goal's part done is a result)
            # 地区生产总值目标增长 -> 地区生产总值增长目标, once (目标是地区生产总值增长: the same)
            metric = re.sub(targets["opener"], "", metric).replace(suffix, "") + suffix
        ends = _data()["metric"]["count_ends"]
        if kind == "count" and not metric.removesuffix(suffix).endswith(tuple(ends)):
            # a count's goal is named as one (新增城镇就业数量目标), its suffix last
            metric = metric.removesuffix(suffix) + ends[0] + (suffix if metric.endswith(suffix) else "")
        # a rate's quote runs from the clause of the amount it is about
        quote_start = of.start - offset if of is not None else clause_start
        if listed:  # the whole list: 0.6、1.1和2.3个百分点
            last = listed[1][-1]
            tail = _unit_pattern().match(sentence, last.start + len(last.number))
            end = tail.end() if tail else end
        quote = sentence[quote_start:end]
        # a metric that is one statistical term (地区生产总值, 规模以上工业企业数量) gets all its forms (GDP, 规上工业企业)
        # (and a goal by its measure's: 地区生产总值增长目标 by "GDP")
        bare = re.sub(f"(?:{'|'.join(ends)})$", "", metric.removesuffix(suffix))
        terms = [t for a, t in self.aliases if a in (bare, without_whole_lead(bare)) and t["kind"] == kind]
        # a change of one (地区生产总值同比增长) is found by its forms too ("GDP growth", GDP增速)
        measure = re.sub(_data()['metric']['change_end'], "", bare)
        terms += [t for a, t in self.aliases if measure != bare and a in (measure, without_whole_lead(measure))
                  and t["kind"] != "term" and t not in terms]
        keywords = [metric, *(a for a, _ in self._terms_in(metric)),
                    *(f for t in terms for f in (t["zh"], *t["aliases_zh"], t["en"], *t["aliases_en"]))]
        # (the firm a listed project's label names is a keyword too: 2. 某某花木数字化种苗繁育中心 is that firm's)
        owner = investor or (next(((n, full) for n, full in self.firms if n in local_scope), None)
                             if local_scope in self.listed_projects else None)
        keywords += [owner[1]] if owner else []
        keywords += done["keywords"] if goal_done else []
        english = self.english(metric, kind)
        firm_scope = any(local_scope == full for _, full in self.firms)
        return Row(id="", scope_zh=local_scope,
                   scope=self.whole_en if local_scope == self.whole_zh else
                   self.above_en.get(local_scope) or
                   (english_name(local_scope, "firm")[0] if firm_scope else local_scope),
                   metric_zh=metric, metric_en=english, period=self._measure_period(unit) if kind == "measure" else self.period,
                   value=number, unit=unit, qualifier=q, comparison=comparison(before), kind=kind,
                   of=of if of is not None else "",
                   # (全县 is asked for in English as the county too)
                   keywords=";".join(dict.fromkeys([*keywords, local_scope, *filter(None, [self.above_en.get(local_scope)])])),
                   source=p["id"], quote=quote, start=offset + quote_start)

    @staticmethod
    def _project(sentence: str, before: str, start: int, end: int) -> tuple[str | None, str | None]:
        """(the project a figure is of, the measure it names, if not the words before it):
        总投资25亿元的某某年产120万吨玻璃项目 names the project after its size, and its
        年产120万吨 (or 2GWh储能项目) is the project's capacity."""
        project = _data()["projects"]
        named = re.match(rf"的({project['name']})", sentence[end:])
        if named:
            return project_name(named.group(1)), None
        inside = re.match(project["name"], sentence[end:])
        unit = sentence[start:end].lstrip("0123456789.")
        if inside and (before.endswith(tuple(project["capacity_lead"])) or unit in project["capacity_units"]):
            return project_name(before[before.rfind("的") + 1:] + sentence[start:end + inside.end()]), project["capacity_metric"]
        return None, None

    def _measure_period(self, unit: str) -> str:
        """A size or an age has no period; another quantity is its period's, but a single month
        there dates an event (9月建成投用，面积3.2万平方米), so the quantity is the year's (unless the
        month heads the section or titles the bulletin: 【10月当月】工业用电量：0.47亿千瓦时)."""
        if unit in _data()["kinds"]["timeless_units"]:
            return ""
        return self.period[:4] if re.fullmatch(r"\d{4}-\d\d", self.period) and self.period != self.frame else self.period

    def _listed_item(self, i: int, items: list[str]) -> str:
        """The i-th item a 分别 pairs with, with what the items share: in 甲公司、乙公司产值 (or
        一季度、上半年产值, or 城镇和农村居民收入) the last item's words after the firm's name (the date,
        or as many characters as each other item has) are every item's."""
        last = items[-1]
        lead = next((n for n, _ in self.firms if last.startswith(n)), None)
        if lead is None:
            m = next((m for pattern, _ in _periods() if (m := pattern.match(last))), None)
            lead = m.group() if m else None
        sizes = {len(x) for x in items[:-1]}
        if lead is None and len(sizes) == 1 and (size := sizes.pop()) <= 4 and len(last) > size + 1:
            lead = last[:size]  # 城镇和农村居民…: 农村 stands where 城镇 does
        return items[i] + (last[len(lead):] if lead and i < len(items) - 1 else "")

    def _metric(self, before: str, q: str) -> str:
        """The words before the number, less the period, places, scope and verbs."""
        # (a bracket holding a figure goes first: its date, 其中今年新增…6家, splits no clause; so does a cause)
        text = re.sub(_data()["metric"]["figure_aside"], "", without_dated_asides(before))
        text = re.sub(_data()["metric"]["cause_aside"], "", text)
        trims = _data()["metric"]
        # (or one of the measures of a product or sector: 氢能装备产业全年产值)
        verbs = "|".join(trims["dated_subject_verbs"] + trims["product_measures"] + trims["lead_measures"])
        goal = f"(?:{'|'.join(_data()['targets']['words'])})$"  # (预计全年产量: a goal's words, no subject's)
        for pattern, _ in _periods():  # 特种纸产业全年实现产值: the subject stays; 增速低于全年: a clause ends
            text = pattern.sub(lambda m: "" if m.start() and text[m.start() - 1] not in "，,；;：:。"
                               and re.match(verbs, text[m.end():]) and not re.search(goal, text[:m.start()]) else "，", text)
        text = self._strip_places(re.sub(_data()["metric"]["view_lead"], "，", text))
        parts = [m for m in self.part.finditer(text) if not self.benchmark.search(text[:m.start()])]
        if parts:
            text = text[parts[-1].end():]
        text = ([c for c in text.split("，") if c.strip()] or [""])[-1]  # 增速低于全年: before the period
        if q and text.endswith(q):
            text = text[:-len(q)]
        return trim_metric(text)

    @staticmethod
    def _of(kind: str, before_rows: list, goal_done: bool = False):
        """A rate or share is of the nearest amount, count or measure (用电量5.82亿千瓦时) before it
        in the sentence (a goal done, of the amount done, not of the goal in brackets: 完成年度目标（40亿元）的
        71.6%); points are of the share or rate right before them (or before other points)."""
        if kind in ("rate", "share"):  # (not a change said as an amount: 增加10.17亿元，增长11.8%)
            amounts = [r for r in reversed(before_rows) if r.kind in ("amount", "count", "measure")
                       and not re.search(_data()["metric"]["change_end"], r.metric_zh)]
            suffix = _data()["targets"]["suffix"]
            done = [r for r in amounts if not r.metric_zh.endswith(suffix)] if goal_done else []
            # 项目11个，总投资…，完成年度目标（15个）的73.3%: of what the goal in brackets is the goal of
            goals = {r.metric_zh.removesuffix(suffix) for r in amounts if r.metric_zh.endswith(suffix)}
            done = [r for r in done if r.metric_zh in goals] or done
            return (done or amounts or [None])[0]
        if kind == "points":  # (提高0.3个百分点，但低于年度预期目标0.4个百分点: both of the rate before them)
            for r in reversed(before_rows):
                if r.kind in ("share", "rate"):
                    return r
                if r.kind != "points":
                    break
        return None
