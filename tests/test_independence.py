"""Independence from any one document.

(a) The code names no document: no glossary name (zh, en, aliases: 2+ CJK characters or
    4+ Latin letters) and no indicator value of the form 400.19 or 2627 of any document under
    knowledge/ or tests/fixtures/fictional/ appears in a line of src/**/*.py, app.py or
    scripts/*.py outside docstrings and comments. (The same rule as the shared
    article_words_in_code.py tool, kept here so CI needs nothing outside the repository.)
    The language data (src/**/*.yaml) is held to the same rule for figures and for the places
    a document is about (its doc.yaml subject and region, with their aliases): its examples are
    made up, so a cue is not fitted to one document's wording.
(b) Several documents load side by side: ids never collide, and a citation names its document.
"""
from __future__ import annotations

import ast
import csv
import functools
import io
import json
import re
import shutil
import tokenize
import yaml
from pathlib import Path

import pytest

from mjq_assistant.knowledge import load_knowledge, local_id

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
FICTIONAL = REPO / "tests" / "fixtures" / "fictional"
ROOTS = [KNOWLEDGE, FICTIONAL]
DOC, FICTIONAL_DOC = "majuqiao-2024", "qingshui-2023-economy"
CJK = re.compile(r"[\u4e00-\u9fff]")
CODE = sorted(REPO.glob("src/**/*.py")) + [REPO / "app.py"] + sorted(REPO.glob("scripts/*.py"))


# -- (a) the code names no document -------------------------------------------------------

def _is_name(word: str) -> bool:
    """Names specific enough to count: 2+ CJK characters, or 4+ Latin letters in a row."""
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,}", word)) or (len(word) >= 4 and bool(re.search(r"[A-Za-z]{4,}", word)))


@functools.lru_cache(maxsize=None)
def document_words(roots: tuple[Path, ...] = tuple(ROOTS)) -> tuple[frozenset[str], frozenset[str]]:
    """(names, figures) of every document under `roots`, read from the files themselves."""
    names, figures = set(), set()
    for root in roots:
        for path in sorted(root.rglob("glossary*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    entry = json.loads(line)
                    for word in [entry.get("zh", ""), entry.get("en", ""), *entry.get("aliases", [])]:
                        word = (word or "").strip()
                        if _is_name(word):
                            names.add(word)
        for path in sorted(root.rglob("indicators*.csv")):
            for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
                value = (row.get("value") or "").strip()
                if re.fullmatch(r"\d+\.\d+|\d{4,}", value):  # 400.19, 2627; not 5, 30 or 300
                    figures.add(value)
    return frozenset(names), frozenset(figures)


@functools.lru_cache(maxsize=None)
def document_places(roots: tuple[Path, ...] = tuple(ROOTS)) -> frozenset[str]:
    """Every name of the places the documents are about: doc.yaml's subject and region entries."""
    places = set()
    for root in roots:
        for doc_file in sorted(root.rglob("doc.yaml")):
            meta = yaml.safe_load(doc_file.read_text(encoding="utf-8"))
            ids = {meta.get("subject"), *(meta.get("region") or [])}
            for line in (doc_file.parent / "glossary.jsonl").read_text(encoding="utf-8").splitlines():
                entry = json.loads(line) if line.strip() else {}
                if entry.get("id") in ids:
                    places.update(w.strip() for w in [entry["zh"], entry.get("en", ""), *entry.get("aliases", [])]
                                  if _is_name(w.strip()))
    return frozenset(places)


def code_lines(text: str) -> list[tuple[int, str]]:
    """(line number, code) of a Python source: docstrings dropped, comments cut off."""
    skip = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                skip.update(range(first.lineno, first.end_lineno + 1))
    lines = text.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            lines[row - 1] = lines[row - 1][:col]
    return [(n, line) for n, line in enumerate(lines, start=1) if n not in skip and line.strip()]


def scan(text: str, names, figures, lines=code_lines) -> list[tuple[int, str]]:
    """(line, word) for every document name or figure in the code of `text`."""
    latin = [n for n in names if not CJK.search(n)]
    latin_any = re.compile(r"(?i)\b(?:" + "|".join(map(re.escape, sorted(latin, key=len, reverse=True))) + r")\b") \
        if latin else None
    figure_res = {v: re.compile(r"(?<![\d.])" + re.escape(v) + r"(?![\d])") for v in figures}
    hits = []
    for n, line in lines(text):
        hits += [(n, w) for w in names if CJK.search(w) and w in line]
        if latin_any and latin_any.search(line):
            hits += [(n, w) for w in latin if re.search(r"(?i)\b" + re.escape(w) + r"\b", line)]
        hits += [(n, v) for v, pattern in figure_res.items() if pattern.search(line)]
    return sorted(hits)


def test_the_documents_give_names_and_figures():
    names, figures = document_words()
    for root in ROOTS:  # each root contributes
        own_names, own_figures = document_words((root,))
        assert own_names and own_figures, root
    assert {"马驹桥镇", "Majuqiao"} <= names and {"400.19", "2627"} <= figures


def test_the_scan_sees_code_and_skips_docstrings_and_comments():
    names, figures = frozenset({"马驹桥镇", "Majuqiao"}), frozenset({"400.19"})
    code = ('"""The 马驹桥镇 document: 400.19."""\n'
            'TITLE = "马驹桥镇"  # 马驹桥镇 in a comment is fine\n'
            '# Majuqiao, 400.19\n'
            'def f():\n'
            '    """Majuqiao."""\n'
            '    return 400.19 + 1400.195  # 400.19\n'
            'URL = "a#b"  # a # in a string is not a comment\n'
            'NAME = "majuqiao-2024"\n'
            'OTHER = "Majuqiaos"\n')
    assert scan(code, names, figures) == [(2, "马驹桥镇"), (6, "400.19"), (8, "Majuqiao")]


@pytest.mark.parametrize("path", CODE, ids=[str(p.relative_to(REPO)) for p in CODE])
def test_code_names_no_document(path):
    names, figures = document_words()
    hits = scan(path.read_text(encoding="utf-8"), names, figures)
    assert hits == [], "document words in code (move them to the document's files):\n" + \
        "\n".join(f"{path.relative_to(REPO)}:{n}: {w}" for n, w in hits)


DATA = sorted(REPO.glob("src/**/*.yaml"))


@pytest.mark.parametrize("path", DATA, ids=[str(p.relative_to(REPO)) for p in DATA])
def test_language_data_names_no_document_place_or_figure(path):
    every_line = lambda text: list(enumerate(text.splitlines(), start=1))  # noqa: E731
    hits = scan(path.read_text(encoding="utf-8"), document_places(), document_words()[1], every_line)
    assert hits == [], "document places or figures in language data (make the example up):\n" + \
        "\n".join(f"{path.relative_to(REPO)}:{n}: {w}" for n, w in hits)


# -- (b) several documents side by side -------------------------------------------------------

@pytest.fixture(scope="module")
def both():
    return load_knowledge(KNOWLEDGE, FICTIONAL)


def test_both_documents_load(both):
    assert list(both.documents) == [DOC, FICTIONAL_DOC]
    alone = {DOC: load_knowledge(KNOWLEDGE), FICTIONAL_DOC: load_knowledge(FICTIONAL)}
    for doc, k in alone.items():
        assert [p.id for p in both.article_zh if p.id.startswith(doc + "#")] == [p.id for p in k.article_zh]
        assert [r.id for r in both.indicators if r.id.startswith(doc + "#")] == [r.id for r in k.indicators]
        assert [g.id for g in both.glossary if g.id.startswith(doc + "#")] == [g.id for g in k.glossary]
    assert list(load_knowledge(FICTIONAL, KNOWLEDGE).documents) == [FICTIONAL_DOC, DOC]  # roots in order


@pytest.mark.parametrize("collection", ["article_zh", "article_en", "indicators", "glossary"])
def test_ids_never_collide(both, collection):
    items = getattr(both, collection)
    ids = [x.id for x in items]
    assert len(ids) == len(set(ids))
    assert all(x.id.split("#", 1)[0] in both.documents and re.fullmatch(r"[a-z0-9-]+#[a-z0-9-]+", x.id)
               for x in items)


def test_local_ids_repeat_across_documents_so_the_prefix_matters(both):
    local = lambda items, doc: {local_id(x.id) for x in items if x.id.startswith(doc + "#")}  # noqa: E731
    for collection in ("article_zh", "indicators", "glossary"):
        items = getattr(both, collection)
        assert local(items, DOC) & local(items, FICTIONAL_DOC), collection


def test_references_stay_inside_their_document(both):
    for r in both.indicators:
        doc = r.id.split("#", 1)[0]
        assert r.source.startswith(doc + "#") and r.source in both.zh, r.id
        assert r.quote in both.zh[r.source].text, r.id
        if r.of:
            assert r.of.startswith(doc + "#") and r.of in {x.id for x in both.indicators}, r.id
    for g in both.glossary:
        assert g.source.startswith(g.id.split("#", 1)[0] + "#") and g.source in both.zh, g.id
    for doc in both.documents.values():
        assert f"{doc.id}#{doc.subject}" in both.entries and all(f"{doc.id}#{r}" in both.entries for r in doc.region)


@pytest.fixture(scope="module")
def two_document_assistant(assistant, mjq_home, tmp_path_factory):
    """The real assistant over the shipped document and, in $MJQ_HOME/knowledge, the fictional one.
    The session's index is copied first, so only the fictional document's passages are embedded."""
    from mjq_assistant import Assistant
    from mjq_assistant.config import Settings
    home = tmp_path_factory.mktemp("two-documents")
    shutil.copytree(mjq_home / "index", home / "index")
    shutil.copytree(FICTIONAL / FICTIONAL_DOC, home / "knowledge" / FICTIONAL_DOC)
    return Assistant.load(Settings(home=home, knowledge_dir=KNOWLEDGE))


@pytest.mark.slow
@pytest.mark.parametrize("doc, lang", [(DOC, "zh"), (DOC, "en"), (FICTIONAL_DOC, "zh"), (FICTIONAL_DOC, "en")])
def test_a_citation_names_its_document(two_document_assistant, doc, lang):
    """Each document's first example question, with both documents loaded: every citation source is
    <doc-id>#pNN of a loaded document, its quote verbatim there; the document asked about is cited."""
    a = two_document_assistant
    assert list(a.knowledge.documents) == [DOC, FICTIONAL_DOC]
    question = a.knowledge.documents[doc].examples.get(lang)[0]
    answer = a.ask(question)
    assert answer.language == lang
    for c in answer.citations:
        source_doc, _, paragraph = c.source.partition("#")
        assert source_doc in a.knowledge.documents and re.fullmatch(r"p\d{2,}", paragraph), c.source
        assert c.quote in a.knowledge.zh[c.source].text, c.source
    if not answer.abstained:
        assert answer.citations and {c.source.partition("#")[0] for c in answer.citations} == {doc}, question
