"""The language data in src/mjq_assistant/lexicon/: every file loads, every cue's
examples match and its counter-examples do not, the industries' words find their
examples, and the word lists and the statistical vocabulary are well formed."""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
import yaml

from mjq_assistant import lexicon, question

CUES = lexicon.cues()
INDUSTRIES = lexicon.industries()
STATISTICS = lexicon.statistics()
TESTS = {"search", "fullmatch"}


def _find(entry: dict, text: str):
    return getattr(lexicon.pattern(entry["name"]), entry.get("test", "search"))(text)


def _text(example) -> str:
    return example["text"] if isinstance(example, dict) else example


def _cases(key: str):
    return [pytest.param(e, x, id=f"{e['name']}: {_text(x)}") for e in CUES for x in e.get(key, [])]


# --- files ------------------------------------------------------------------------------------

@pytest.mark.parametrize("file", lexicon.FILES)
def test_every_file_loads_and_is_packaged(file):
    text = resources.files("mjq_assistant.lexicon").joinpath(f"{file}.yaml").read_text(encoding="utf-8")
    assert isinstance(yaml.safe_load(text), dict)
    assert lexicon.load(file)


def test_pyproject_ships_the_yaml_files():
    pyproject = Path(lexicon.__file__).resolve().parents[3] / "pyproject.toml"
    if not pyproject.is_file():
        pytest.skip("installed without the source tree")
    assert "lexicon/*.yaml" in pyproject.read_text(encoding="utf-8")


def test_names_are_unique_across_files():
    names = [e["name"] for e in CUES]
    names += [e["name"] for f in ("cues", "vocabulary") for s in ("words", "mappings") for e in lexicon.load(f).get(s, [])]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


# --- cues -------------------------------------------------------------------------------------

@pytest.mark.parametrize("entry", CUES, ids=[e["name"] for e in CUES])
def test_every_cue_is_described_compiles_and_has_two_examples(entry):
    assert set(entry) <= {"name", "means", "pattern", "ignorecase", "test", "key", "examples", "counter_examples"}
    assert entry.get("means", "").strip(), "a cue says what it means"
    assert entry.get("test", "search") in TESTS
    assert isinstance(lexicon.pattern(entry["name"]), re.Pattern)
    assert len(entry.get("examples", [])) >= 2, "at least two examples"
    assert "${" not in lexicon.regex(entry["name"]), "every ${cue} it splices in exists"


def _languages(regex: str) -> set[str]:
    """The languages a pattern's words are in (escapes, group names and inline flags left out)."""
    words = re.sub(r"\\u[0-9a-fA-F]{4}|\\[a-zA-Z]|\(\?P<\w+>|\(\?-?[a-z]+:", "", regex)
    return {lang for lang, letters in (("zh", r"[\u4e00-\u9fff]"), ("en", r"[a-z]{2,}")) if re.search(letters, words)}


@pytest.mark.parametrize("entry", [e for e in CUES if _languages(lexicon.regex(e["name"])) == {"zh", "en"}],
                         ids=lambda e: e["name"])
def test_a_bilingual_cue_has_examples_in_both_languages(entry):
    texts = [_text(x) for x in entry["examples"]]
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts), "a Chinese example"
    assert any(t.isascii() for t in texts), "an English example"


@pytest.mark.parametrize("entry, example", _cases("examples"))
def test_a_cue_finds_its_examples(entry, example):
    found = _find(entry, _text(example))
    assert found, f"{entry['name']} should match {_text(example)!r}"
    if isinstance(example, dict) and "match" in example:
        assert found.group() == example["match"]


@pytest.mark.parametrize("entry, example", _cases("counter_examples"))
def test_a_cue_does_not_find_its_counter_examples(entry, example):
    found = _find(entry, _text(example))
    assert not found, f"{entry['name']} should not match {_text(example)!r} (found {found.group()!r})"


def test_families_have_a_key_each():
    for prefix in ("direction", "title"):
        family = lexicon.family(prefix)
        assert family and all(family.values())
    assert list(lexicon.family("direction")) == ["东", "西", "南", "北"]


def test_every_ordinal_is_an_edition_word_and_counts_from_one():
    ordinals = lexicon.mapping("ordinals")
    assert sorted(set(ordinals.values())) == list(range(1, max(ordinals.values()) + 1))
    for word in ordinals:
        m = lexicon.pattern("edition_en").search(f"the {word} edition")
        assert m and m.group(1).lower() == word


def test_case_is_ignored_unless_an_entry_says_not():
    assert lexicon.pattern("growth_cue").flags & re.IGNORECASE
    assert not lexicon.pattern("year").flags & re.IGNORECASE


# --- vocabulary -------------------------------------------------------------------------------

WORD_LISTS = lexicon.load("vocabulary")["words"]
MAPPINGS = lexicon.load("vocabulary")["mappings"]


@pytest.mark.parametrize("entry", WORD_LISTS, ids=lambda e: e["name"])
def test_word_lists_are_described_lower_case_and_without_repeats(entry):
    assert entry.get("means", "").strip()
    words = [w for line in entry["words"] for w in str(line).split()]
    assert words and all(isinstance(line, str) for line in entry["words"]), "lines of words, no YAML booleans"
    assert all(w == w.lower() for w in words)
    assert len(words) == len(set(words)), sorted({w for w in words if words.count(w) > 1})
    assert lexicon.words(entry["name"]) == set(words)


@pytest.mark.parametrize("entry", MAPPINGS, ids=lambda e: e["name"])
def test_mappings_map_words_to_other_words(entry):
    assert entry.get("means", "").strip()
    mapping = lexicon.mapping(entry["name"])
    assert mapping and all(isinstance(k, str) and isinstance(v, str) and k != v for k, v in mapping.items())
    assert not set(mapping) & set(mapping.values()), "a synonym maps to a final word, not to another synonym"


def test_stopwords_and_filler_are_what_keywords_reads():
    from mjq_assistant import keywords
    assert keywords.is_stopword("the") and keywords.is_stopword("的")
    assert keywords.is_filler("roughly") and keywords.is_filler("多少") and keywords.is_filler("几场")
    assert not keywords.is_filler("产值")
    assert keywords.terms_of(["grew", "proportion"]) == ["growth", "share"]


@pytest.mark.parametrize("word", ["达到", "实现", "完成", "做到", "干到", "比起来", "起来"])
def test_verbs_of_reaching_or_comparing_a_figure_are_filler(word):
    """产值做到了多少, 两年比起来差多少: how the figure is asked, not its topic."""
    from mjq_assistant import keywords
    assert keywords.is_filler(word)


# --- industries -------------------------------------------------------------------------------

@pytest.mark.parametrize("entry", INDUSTRIES, ids=lambda e: e["name"])
def test_an_industry_has_words_in_both_languages_and_two_examples(entry):
    assert entry.get("means", "").strip()
    assert entry["zh"] and entry["en"] and entry["role"]
    texts = entry["examples"]
    assert len(texts) >= 2 and len(entry["role_examples"]) >= 1
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts) and any(t.isascii() for t in texts)


def _industry_cases(key: str):
    return [pytest.param(e, x, id=f"{e['name']}: {x}") for e in INDUSTRIES for x in e.get(key, [])]


@pytest.mark.parametrize("entry, example", _industry_cases("examples"))
def test_an_industry_cue_finds_its_examples(entry, example):
    assert re.search(entry["zh"], example, re.IGNORECASE) or re.search(rf"\b({entry['en']})\b", example, re.IGNORECASE)


@pytest.mark.parametrize("entry, example", _industry_cases("role_examples"))
def test_an_industry_role_finds_its_examples(entry, example):
    assert re.search(entry["role"], example.lower())


@pytest.mark.parametrize("entry, example", _industry_cases("counter_examples"))
def test_an_industry_cue_does_not_find_another_industry(entry, example):
    assert not re.search(entry["zh"], example, re.IGNORECASE)
    assert not re.search(rf"\b({entry['en']})\b", example, re.IGNORECASE)


def test_industries_are_what_premises_reads():
    from mjq_assistant import premises
    assert set(premises.INDUSTRIES) == set(premises.INDUSTRY_EN_ROLE) == {e["name"] for e in INDUSTRIES}


# --- statistics -------------------------------------------------------------------------------

def test_statistics_has_forty_terms_with_unique_chinese():
    assert len(STATISTICS) >= 40
    zh = [t["zh"] for t in STATISTICS]
    assert len(zh) == len(set(zh)), sorted({z for z in zh if zh.count(z) > 1})


def test_a_chinese_alias_names_one_term_only():
    names = [t["zh"] for t in STATISTICS] + [a for t in STATISTICS for a in t["aliases_zh"]]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})


@pytest.mark.parametrize("term", STATISTICS, ids=lambda t: t["zh"])
def test_a_statistical_term_is_well_formed(term):
    assert set(term) - {"basis", "headline"} == {"zh", "en", "aliases_zh", "aliases_en", "kind"}
    assert term.get("basis", True) is True and term.get("headline", True) is True
    assert not term.get("headline") or term["kind"] == "amount"
    assert re.search(r"[\u4e00-\u9fff]", term["zh"])
    assert isinstance(term["en"], str) and term["en"].strip() and term["en"].isascii()
    assert term["kind"] in lexicon.KINDS
    assert all(isinstance(a, str) and a.strip() for a in term["aliases_zh"] + term["aliases_en"])
    assert term["en"] not in term["aliases_en"] and term["zh"] not in term["aliases_zh"]


def test_the_common_shorthands_are_there():
    by_alias = {a.lower(): t for t in STATISTICS for a in [t["zh"], *t["aliases_zh"], *t["aliases_en"]]}
    assert by_alias["社零"]["zh"] == "社会消费品零售总额"
    assert by_alias["规上工业产值"]["en"] == "gross output value of industrial enterprises above designated size"
    assert by_alias["fai"]["zh"] == "固定资产投资"
    assert by_alias["yoy"]["zh"] == "同比"
    assert by_alias["个百分点"]["kind"] == "points"


@pytest.mark.parametrize("asked, meant", [("secs", "second"), ("yrs", "year"), ("biz", "enterprise"), ("厂子", "企业"), ("称号", "荣誉"), ("吃饭", "餐饮"),
                                           ("新开", "新设"), ("老百姓", "居民"), ("村里人", "农村"), ("live", "population")])
def test_chat_words_and_abbreviations_read_as_the_words_reports_use(asked, meant):
    """A colloquial word or chat abbreviation is searched as the word a report writes."""
    from mjq_assistant.keywords import _english, terms_of
    assert terms_of([_english(asked) if asked.isascii() else asked]) == [meant]


@pytest.mark.parametrize("word", ["r", "cuz", "lol", "咱", "啥", "来着"])
def test_chat_spellings_of_function_words_are_not_search_terms(word):
    """"how many r the firms lol", "咱镇产值是啥": the chat words carry no topic."""
    from mjq_assistant.keywords import _english, terms_of
    assert terms_of([_english(word) if word.isascii() else word]) == []


@pytest.mark.parametrize("metric, series", [("固投增长", "固定资产投资增长"), ("社零额", "社会消费品零售总额"),
                                            ("规上工业企业产值增长", "规模以上工业总产值增长"),
                                            ("规上企业数量", "规模以上工业企业数量"), ("高新技术企业数量", "高新技术企业数量")])
def test_two_reports_wordings_of_one_measure_read_alike(metric, series):
    assert lexicon.canonical(metric) == series


def test_a_statistical_term_is_known_under_each_of_its_names():
    assert "住宿和餐饮业" in lexicon.same_term("住宿餐饮业") and lexicon.same_term("某某") == ("某某",)


@pytest.mark.parametrize("example", next(m for m in MAPPINGS if m["name"] == "plain_forms")["examples"], ids=lambda e: e["text"])
def test_spoken_forms_read_as_written(example):
    from mjq_assistant.question import plain
    assert plain(example["text"]) == example["plain"]


@pytest.mark.parametrize("text, names", [("今年GDP同比增长了多少？", ["地区生产总值"]),
                                         ("社零涨了多少", []),
                                         ("地区生产总值是多少", [])])
def test_a_measure_named_by_another_of_its_names_is_read_by_its_written_name(text, names):
    """The growth rate of GDP is written 地区生产总值同比增长: the question is read with that name too."""
    from mjq_assistant.question import measures_named
    assert measures_named(text) == names


@pytest.mark.parametrize("text, n", [("2024年镇政府重点抓好哪五个方面的工作？", 5), ("What are the four key priorities?", 4),
                                     ("列出其中3项", 3), ("哪几个方面的重点工作？", None), ("五个项目总投资多少？", None)])
def test_a_list_question_says_how_many_items_it_wants(text, n):
    """哪五个方面: the enumeration of five is the one asked, where a report has several."""
    assert question.items_asked(text) == n


@pytest.mark.parametrize("text, parts", [
    ("高新企业跟专精特新各有多少家？", ["高新企业各有多少家？", "专精特新各有多少家？"]),
    ("高新技术企业数量和专精特新企业数量相差多少？", ["高新技术企业数量相差多少？", "专精特新企业数量相差多少？"]),
    # the 数量 after the last names what is asked of each
    ("高新技术企业和专精特新企业数量对比如何？", ["高新技术企业数量对比如何？", "专精特新企业数量对比如何？"]),
    ("GDP同比增长多少", ["GDP同比增长多少"])])
def test_a_question_listing_measures_asks_of_each(text, parts):
    """Two measures joined by 跟/和, each with or without its 数量: one question per measure, each answered."""
    assert question.split_measures(text) == parts


@pytest.mark.parametrize("text, parts", [
    # a period asked on its own ("那…呢？") is the period of the question after it, not dropped
    ("那2025年1—10月呢？增长了多少？", ["那2025年1—10月呢?增长了多少?"]),
    # two questions typed with a space between them, not a comma (the year carries to the second)
    ("2024年民生支出花了多少钱 占比多少？", ["2024年民生支出花了多少钱", "2024年，占比多少?"]),
    ("请问两个问题：1）民生支出多少？2）占比多少？", ["民生支出多少?", "占比多少?"]),
    # a short second question is one of its own when it names something (高企呢), else part of the first
    ("规上企业2024年底有几家？高企呢", ["规上企业2024年底有几家?", "2024年，高企呢"]),
    ("产值多少？为什么？", ["产值多少? 为什么?"]),
    # "各多少家": of each thing the question before named, not a question of its own
    ("新设企业和迁入企业哪个多？各多少家？", ["新设企业和迁入企业哪个多? 各多少家?"]),
    # "多多少家", "就2024年那个数": how far apart, which period: still the question before
    ("新设企业和迁入企业哪个多？多多少家？", ["新设企业和迁入企业哪个多? 多多少家?"]),
    ("华窑去年纳税多少？就2024年那个数", ["华窑去年纳税多少? 就2024年那个数"])])
def test_the_questions_a_message_asks(text, parts):
    def topic_words(t):  # (a single character, 各 or 家, is a topic word too)
        return [w for w in ("民生支出", "占比", "规上企业", "高企", "产值", "新设企业", "纳税", "各", "家", "数") if w in t]
    assert question.analyse(text, None, lambda t: t, topic_words).parts == parts
