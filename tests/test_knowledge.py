"""The knowledge base: faithful to the article, internally consistent, and
clear about what is wrong when a file is malformed.

Only load_knowledge is used (no index), so these tests are fast.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from mjq_assistant.errors import KnowledgeError
from mjq_assistant.figures import find_figures
from mjq_assistant.knowledge import load_knowledge, local_id, split_sentences
from mjq_assistant.language import detect_language, to_simplified

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
DOC = "majuqiao-2024"
SOURCE = KNOWLEDGE / DOC / "source.txt"
HEADINGS = ["战略叠加新机遇", "领跑产业新格局", "经济腾飞新态势", "服务企业新举措", "基层善治新探索"]
_CJK = re.compile(r"[\u3400-\u9fff]")
# the columns of indicators.csv, as the shipped file has them (16: ... comparison, kind, of, keywords ...)
COLUMNS = next(csv.reader((KNOWLEDGE / DOC / "indicators.csv").read_text(encoding="utf-8").splitlines()))
VALUE, QUOTE = COLUMNS.index("value"), COLUMNS.index("quote")


@pytest.fixture(scope="module")
def k():
    return load_knowledge(KNOWLEDGE)


def _no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def q(local: str) -> str:
    """The id the loader gives a paragraph or row of the document: p02 -> majuqiao-2024#p02."""
    return f"{DOC}#{local}"


# --- 8. the real folder loads, with the expected sizes ----------------------

def test_real_folder_loads_with_expected_sizes(k):
    assert list(k.documents) == [DOC]
    assert len(COLUMNS) == 16 and COLUMNS[10:12] == ["kind", "of"]
    assert len(k.article_zh) == 39
    assert len(k.article_en) == 39
    assert len(k.indicators) >= 40
    assert len(k.glossary) >= 50


# --- 1. the Chinese article is the source, losslessly -----------------------

def test_article_is_the_source_text_without_loss(k):
    source = SOURCE.read_text(encoding="utf-8")
    article = "".join(p.text for p in k.article_zh)
    assert _no_space(article) == _no_space(source)


def test_page_break_splits_are_joined(k):
    texts = [p.text for p in k.article_zh]
    assert any("发挥技术和资源优势" in t for t in texts)
    assert any("300余场" in t for t in texts)
    # no paragraph still ends on the first half of a split word
    assert not any(t.endswith(("技", "300余")) for t in texts)
    assert not any("\n" in t for t in texts)


def test_paragraph_ids_are_sequential(k):
    assert [p.id for p in k.article_zh] == [q(f"p{n:02d}") for n in range(1, 40)]
    assert [local_id(p.id) for p in k.article_zh] == [f"p{n:02d}" for n in range(1, 40)]


# --- 2. structure ------------------------------------------------------------

def test_title_is_first(k):
    p01 = k.zh[q("p01")]
    assert p01.kind == "title"
    assert p01.text == "马驹桥镇：解锁经济高质量发展的创新密码"
    assert [p.id for p in k.article_zh if p.kind == "title"] == [q("p01")]
    assert k.documents[DOC].title.zh == p01.text  # doc.yaml's title is the article's


def test_exactly_the_five_headings_in_order(k):
    assert [p.text for p in k.article_zh if p.kind == "heading"] == HEADINGS


def test_sections_follow_headings(k):
    current = ""
    for p in k.article_zh:
        if p.kind == "heading":
            current = p.text
        if p.kind in ("heading", "paragraph"):
            assert p.section == current, p.id
        else:  # title, captions and byline sit under no heading
            assert p.section == "", p.id


def test_byline_names_author_and_photographers(k):
    bylines = [p for p in k.article_zh if p.kind == "byline"]
    assert len(bylines) == 1
    for name in ("陈施君", "唐建", "常鸣"):
        assert name in bylines[0].text


def test_captions_are_marked_as_captions(k):
    by_text = {p.text: p.kind for p in k.article_zh}
    assert by_text["马驹桥镇评选出50位“新时代好邻居”。"] == "caption"
    assert by_text["小米汽车工厂落地马驹桥以来，小米SU7交付量超过13万台。"] == "caption"
    assert by_text["马驹桥镇召开物流产业融合发展大会，探讨物流行业发展新路径。"] == "caption"
    # body paragraphs are not captions
    assert k.zh[q("p02")].kind == "paragraph"


# --- 3. indicator quotes ------------------------------------------------------

def test_indicator_quotes_are_verbatim_and_state_the_value(k):
    for row in k.indicators:
        assert row.source in k.zh, row.id
        assert row.quote in k.zh[row.source].text, row.id
        assert row.value in row.quote, row.id
        # value + unit as written, the value a whole number (90 is not the tail of 290)
        m = re.search(r"(?<![\d.])" + re.escape(row.value) + r"(余|多)?" + re.escape(row.unit), row.quote)
        assert m, f"{row.id}: {row.value}{row.unit} not in quote"
        if m.group(1):
            assert row.qualifier == m.group(1), row.id
        elif row.qualifier in ("余", "多"):
            pytest.fail(f"{row.id}: qualifier {row.qualifier} not after the value in the quote")
        elif row.qualifier:  # 超过 / 约 come before the value
            assert row.qualifier in row.quote[:m.start()], row.id


def test_indicator_ids_unique_and_well_formed(k):
    ids = [row.id for row in k.indicators]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(re.escape(DOC) + r"#ind-\d\d", i) for i in ids)


def test_headline_indicator(k):
    row = next(r for r in k.indicators if r.value == "400.19")
    assert (row.unit, row.source, row.period) == ("亿元", q("p02"), "2024-01..2024-11")
    assert (row.kind, row.of) == ("amount", "")
    assert row.figure.matches(find_figures("RMB 40.019 billion")[0])


# --- 4. every figure of the article is an indicator --------------------------

def test_every_figure_in_the_article_is_an_indicator(k):
    total = 0
    for p in k.article_zh:
        for f in find_figures(p.text):
            total += 1
            rows = [r for r in k.indicators
                    if r.source == p.id and r.value == f.number and f.text in r.quote
                    and r.figure.matches(f)]
            assert rows, f"{p.id}: figure {f.text!r} has no indicator row"
    assert total >= 40


# --- 5. the English article is aligned with the Chinese ----------------------

def test_english_has_same_ids_and_kinds_in_order(k):
    assert [(p.id, p.kind) for p in k.article_en] == [(p.id, p.kind) for p in k.article_zh]


def test_english_sections_are_set_where_chinese_are(k):
    for zh, en in zip(k.article_zh, k.article_en):
        assert bool(zh.section) == bool(en.section), zh.id
        if en.kind == "heading":
            assert en.section == en.text


def test_english_states_every_chinese_figure(k):
    for zh in k.article_zh:
        en_figures = find_figures(k.en[zh.id].text)
        for f in find_figures(zh.text):
            # stated in English units (400.19亿 -> 40.019 billion), not only in the
            # kept Chinese "(400.19亿元)", and at the Chinese precision (not 40.02)
            assert any(g.matches(f) and g.equals_at_precision_of(f) and not _CJK.search(g.text)
                       for g in en_figures), f"{zh.id}: {f.text!r} missing from the English"


def test_sentences_align_between_languages(k):
    for zh in k.article_zh:
        en = k.en[zh.id]
        zs, es = split_sentences(zh.text, "zh"), split_sentences(en.text, "en")
        assert len(zs) == len(es), f"{zh.id}: {len(zs)} zh vs {len(es)} en sentences"


def test_split_sentences_is_verbatim(k):
    for lang, paragraphs in (("zh", k.article_zh), ("en", k.article_en)):
        for p in paragraphs:
            assert _no_space("".join(split_sentences(p.text, lang))) == _no_space(p.text)
    assert len(split_sentences(k.zh[q("p17")].text, "zh")) == 4
    assert split_sentences("It is Co. Ltd. and fine. Next one.", "en") == \
        ["It is Co. Ltd. and fine.", "Next one."]


# --- 6. glossary ---------------------------------------------------------------

def test_glossary_ids_unique(k):
    ids = [g.id for g in k.glossary]
    assert len(ids) == len(set(ids))


def test_glossary_names_occur_in_their_source(k):
    for g in k.glossary:
        assert g.source in k.zh, g.id
        text = to_simplified(k.zh[g.source].text)
        names = [g.zh, *g.aliases]
        assert any(to_simplified(n) in text for n in names), f"{g.id} {g.zh} not in {g.source}"


@pytest.mark.parametrize("zh,en", [("魏欣", "Wei Xin"), ("唐殿珂", "Tang Dianke")])
def test_glossary_people(k, zh, en):
    entry = next(g for g in k.glossary if g.zh == zh)
    assert entry.type == "person"
    assert entry.en == en
    assert zh in k.zh[entry.source].text
    assert f"{en} ({zh})" in k.en[entry.source].text


# --- 7. malformed files: the error names file and line -----------------------

@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def _edit_jsonl(path: Path, index: int, field: str, value, blank_line_at: int | None = None) -> dict:
    """Set one field of the entry on line `index` (0-based, after an optional inserted blank line)."""
    lines = _lines(path)
    if blank_line_at is not None:
        lines.insert(blank_line_at, "\n")
    entry = json.loads(lines[index])
    entry[field] = value
    lines[index] = json.dumps(entry, ensure_ascii=False) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return entry


def _csv_line(fields: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue()


def _indicator_line(lines: list[str], ind_id: str) -> int:
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(ind_id + ","))


def _edit_indicator(path: Path, ind_id: str, edit) -> int:
    lines = _lines(path)
    number = _indicator_line(lines, ind_id)
    fields = next(csv.reader([lines[number - 1]]))
    lines[number - 1] = _csv_line(edit(fields))
    path.write_text("".join(lines), encoding="utf-8")
    return number


def _error(directory: Path) -> str:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(directory)
    return str(info.value)


def test_copy_of_the_folder_loads(copy):
    assert len(load_knowledge(copy).indicators) == len(load_knowledge(KNOWLEDGE).indicators)


def test_broken_json_names_file_and_line(copy):
    path = copy / DOC / "article.zh.jsonl"
    lines = _lines(path)
    lines[4] = lines[4][:20] + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    message = _error(copy)
    assert f"{DOC}/article.zh.jsonl:5" in message
    assert "JSON" in message


def test_non_numeric_value_names_row_line_and_id(copy):
    number = _edit_indicator(copy / DOC / "indicators.csv", "ind-07",
                             lambda f: f[:VALUE] + ["abc"] + f[VALUE + 1:])
    message = _error(copy)
    assert f"indicators.csv:{number}" in message
    assert "ind-07" in message
    assert "abc" in message


def test_quote_not_in_paragraph_names_the_row(copy):
    number = _edit_indicator(copy / DOC / "indicators.csv", "ind-10",
                             lambda f: f[:QUOTE] + [f"原文没有的句子{f[VALUE]}"] + f[QUOTE + 1:])
    message = _error(copy)
    assert f"indicators.csv:{number}" in message
    assert "ind-10" in message
    assert "verbatim" in message


def test_quote_error_line_is_right_after_a_blank_line(copy):
    """Blank lines are skipped on reading; they must not shift the reported line."""
    path = copy / DOC / "indicators.csv"
    lines = _lines(path)
    lines.insert(3, "\n")
    path.write_text("".join(lines), encoding="utf-8")
    assert len(load_knowledge(copy).indicators) == 42  # a blank line alone is fine
    number = _edit_indicator(path, "ind-10", lambda f: f[:QUOTE] + ["原文没有的句子"] + f[QUOTE + 1:])
    message = _error(copy)
    assert f"indicators.csv:{number}:" in message
    assert "ind-10" in message


def test_value_missing_from_quote_names_the_row(copy):
    number = _edit_indicator(copy / DOC / "indicators.csv", "ind-02", lambda f: f[:VALUE] + ["999"] + f[VALUE + 1:])
    message = _error(copy)
    assert f"indicators.csv:{number}" in message
    assert "ind-02" in message
    assert "999" in message


@pytest.mark.parametrize("name", ["article.zh.jsonl", "indicators.csv", "glossary.jsonl"])
def test_missing_file_is_named(copy, name):  # article.en.jsonl is optional: tests/test_knowledge_layout.py
    (copy / DOC / name).unlink()
    message = _error(copy)
    assert name in message
    assert "not found" in message


def test_missing_folder_is_named(tmp_path):
    message = _error(tmp_path / "nowhere")
    assert "nowhere" in message


def test_unknown_glossary_type_names_file_and_line(copy):
    _edit_jsonl(copy / DOC / "glossary.jsonl", 9, "type", "spaceship")
    message = _error(copy)
    assert f"{DOC}/glossary.jsonl:10" in message
    assert "type" in message


def test_glossary_unknown_source_line_is_right_after_a_blank_line(copy):
    _edit_jsonl(copy / DOC / "glossary.jsonl", 9, "source", "p99", blank_line_at=2)
    message = _error(copy)
    assert "glossary.jsonl:10:" in message
    assert "p99" in message


def test_english_kind_mismatch_names_line(copy):
    entry = _edit_jsonl(copy / DOC / "article.en.jsonl", 6, "kind", "caption")
    message = _error(copy)
    assert "article.en.jsonl:7" in message
    assert entry["id"] in message


def test_duplicate_glossary_id_is_reported(copy):
    path = copy / DOC / "glossary.jsonl"
    lines = _lines(path)
    path.write_text("".join(lines + [lines[0]]), encoding="utf-8")
    message = _error(copy)
    assert "glossary.jsonl" in message
    assert json.loads(lines[0])["id"] in message


@pytest.mark.parametrize("missing", [1, 3])
def test_csv_row_with_missing_columns_names_line(copy, missing):
    number = _edit_indicator(copy / DOC / "indicators.csv", "ind-05", lambda f: f[:-missing])
    message = _error(copy)
    assert f"indicators.csv:{number}" in message
    assert f"row has {len(COLUMNS) - missing} fields, expected {len(COLUMNS)}" in message


def test_csv_row_with_extra_columns_names_line(copy):
    number = _edit_indicator(copy / DOC / "indicators.csv", "ind-05", lambda f: f + ["x", "y"])
    message = _error(copy)
    assert f"indicators.csv:{number}" in message
    assert f"row has {len(COLUMNS) + 2} fields, expected {len(COLUMNS)}" in message


def test_csv_bad_header_is_reported(copy):
    path = copy / DOC / "indicators.csv"
    lines = _lines(path)
    lines[0] = lines[0].replace("quote", "citation")
    path.write_text("".join(lines), encoding="utf-8")
    assert "indicators.csv:1" in _error(copy)


# --- 10. the asker's language --------------------------------------------------

@pytest.mark.parametrize("question,language", [
    ("马驹桥镇规上工业产值是多少？", "zh"),
    ("What was the industrial output of Majuqiao in 2024?", "en"),
    ("馬駒橋鎮規上工業產值是多少？", "zh"),
    ("马驹桥的 industrial output 是多少？", "zh"),
    ("What is 马驹桥's count of new market entities in 2024?", "en"),
    ("魏欣是谁", "zh"),
    ("Who is Wei Xin?", "en"),
])
def test_detect_language(question, language):
    assert detect_language(question) == language


@pytest.mark.parametrize("first, second", [("规模以上工业企业数量", "规上工业企业数"),
                                           ("高新技术产业产值占规上工业总产值的比重", "高新技术产业产值占规上工业总产值比重"),
                                           ("工业总产值", "产值")])  # a firm's, in a table and in a later text
def test_one_measure_worded_two_ways_by_two_bulletins_is_one_series(first, second):
    """A 2024 report's 规模以上工业企业数量 and a 2025 bulletin's 规上工业企业数 are one measure, so
    "compared with last year" finds both."""
    from mjq_assistant.knowledge import Indicator
    def row(metric, period):
        return Indicator(id="ind-01", scope_zh="全镇", scope="whole town", metric_zh=metric, metric_en="x",
                         period=period, value="1", unit="家", qualifier="", comparison="", kind="count", of="",
                         keywords="", source="p01", quote="x", note="")
    assert row(first, "2024").series == row(second, "2025-01..2025-09").series
