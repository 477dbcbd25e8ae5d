"""The knowledge layout: one folder per document (<root>/<doc-id>/doc.yaml, article.zh.jsonl,
optional article.en.jsonl, indicators.csv, glossary.jsonl), the roots the settings give
(MJQ_KNOWLEDGE, then $MJQ_HOME/knowledge), and an error naming the file and line for
each way a document folder can be malformed.

Only load_knowledge is used (no index), so these tests are fast.
"""
from __future__ import annotations

import csv
import errno
import io
import os
import shutil
from pathlib import Path

import pytest

from mjq_assistant.config import Settings
from mjq_assistant.errors import KnowledgeError
from mjq_assistant.knowledge import load_knowledge

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
DOC = "majuqiao-2024"
FICTIONAL = REPO / "tests" / "fixtures" / "fictional"
FICTIONAL_DOC = "qingshui-2023-economy"
FILES = ["doc.yaml", "article.zh.jsonl", "article.en.jsonl", "indicators.csv", "glossary.jsonl"]


@pytest.fixture
def root(tmp_path) -> Path:
    """A knowledge root holding a copy of the shipped document."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE / DOC, target / DOC)
    return target


def _error(*roots: Path) -> str:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(*roots)
    return str(info.value)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def _csv_line(fields: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue()


def _edit_indicator(path: Path, ind_id: str, **values: str) -> int:
    """Set some columns of one indicators.csv row; returns its line number."""
    lines = _lines(path)
    header = next(csv.reader([lines[0]]))
    number = next(n for n, line in enumerate(lines, start=1) if line.startswith(ind_id + ","))
    fields = next(csv.reader([lines[number - 1]]))
    for column, value in values.items():
        fields[header.index(column)] = value
    lines[number - 1] = _csv_line(fields)
    path.write_text("".join(lines), encoding="utf-8")
    return number


def test_the_copy_loads(root):
    k = load_knowledge(root)
    assert list(k.documents) == [DOC]
    assert len(k.indicators) == len(load_knowledge(KNOWLEDGE).indicators)


# -- doc.yaml --------------------------------------------------------------------

def test_bad_yaml_names_file_and_line(root):
    path = root / DOC / "doc.yaml"
    lines = _lines(path)
    number = next(n for n, line in enumerate(lines, start=1) if line.startswith("publisher:"))
    lines[number - 1] = "publisher: : :\n"
    path.write_text("".join(lines), encoding="utf-8")
    message = _error(root)
    assert f"{DOC}/doc.yaml:{number}:" in message
    assert "YAML" in message


def test_doc_yaml_missing_field_is_named(root):
    path = root / DOC / "doc.yaml"
    lines = _lines(path)
    start = next(i for i, line in enumerate(lines) if line.startswith("coverage:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    message = _error(root)
    assert f"{DOC}/doc.yaml" in message
    assert "coverage" in message and "required" in message.lower()


def test_doc_yaml_that_is_not_a_mapping(root):
    (root / DOC / "doc.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    message = _error(root)
    assert f"{DOC}/doc.yaml" in message and "mapping" in message


def test_doc_id_must_equal_the_folder_name(root):
    (root / DOC).rename(root / "another-name")
    message = _error(root)
    assert "another-name/doc.yaml" in message
    assert DOC in message and "folder name" in message


def test_doc_subject_must_be_a_glossary_id(root):
    path = root / DOC / "doc.yaml"
    text = path.read_text(encoding="utf-8")
    subject = next(line for line in text.splitlines() if line.startswith("subject:"))
    path.write_text(text.replace(subject, "subject: g-999"), encoding="utf-8")
    message = _error(root)
    assert f"{DOC}/doc.yaml" in message and "g-999" in message


# -- indicators.csv: kind, of, the quote states the value ---------------------------------

def test_bad_kind_names_row_and_line(root):
    number = _edit_indicator(root / DOC / "indicators.csv", "ind-02", kind="volume")
    message = _error(root)
    assert f"{DOC}/indicators.csv:{number}:" in message
    assert "ind-02" in message and "kind" in message


def test_of_naming_a_missing_row_is_reported(root):
    number = _edit_indicator(root / DOC / "indicators.csv", "ind-03", of="ind-99")
    message = _error(root)
    assert f"{DOC}/indicators.csv:{number}:" in message
    assert "ind-03" in message and "ind-99" in message


def test_quote_must_state_the_value_with_its_unit(root):
    """ind-02's quote holds 91 (91家, the firms), but not 91亿元: a value of 91 is not stated."""
    path = root / DOC / "indicators.csv"
    row = next(r for r in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))) if r["id"] == "ind-02")
    assert (row["value"], row["unit"]) == ("400.19", "亿元") and "91家" in row["quote"]
    number = _edit_indicator(path, "ind-02", value="91")
    message = _error(root)
    assert f"{DOC}/indicators.csv:{number}:" in message
    assert "ind-02" in message and "91" in message


# -- bytes: BOM, NUL, invalid UTF-8 ------------------------------------------------

@pytest.mark.parametrize("name", FILES)
def test_bom_is_reported(root, name):
    path = root / DOC / name
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    message = _error(root)
    assert f"{DOC}/{name}:1:" in message and "BOM" in message


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("line, damage, word", [(3, lambda b: b[:5] + b"\x00" + b[5:], "NUL"),
                                                (4, lambda b: b + b"\xff\xfe", "UTF-8")])
def test_bad_bytes_name_their_line(root, name, line, damage, word):
    """A NUL byte, or bytes that are not UTF-8: the file and the line that holds them."""
    path = root / DOC / name
    lines = path.read_bytes().split(b"\n")
    lines[line - 1] = damage(lines[line - 1])
    path.write_bytes(b"\n".join(lines))
    message = _error(root)
    assert f"{DOC}/{name}:{line}:" in message and word in message


# -- files and folders -------------------------------------------------------------

@pytest.mark.parametrize("name", FILES)
def test_a_directory_where_a_file_should_be(root, name):
    path = root / DOC / name
    path.unlink()
    path.mkdir()
    message = _error(root)
    assert f"{DOC}/{name}" in message and "folder" in message


@pytest.mark.parametrize("name", FILES)
def test_a_file_without_read_permission_is_named(root, name, monkeypatch):
    """No line to name: the whole file is unreadable. As root (CI) permission bits do not
    bind, so the kernel's refusal is simulated for that one file."""
    path = root / DOC / name
    path.chmod(0)
    if os.access(path, os.R_OK):
        real = Path.read_bytes

        def refuse(self):
            if self == path:
                raise PermissionError(errno.EACCES, "Permission denied", str(self))
            return real(self)
        monkeypatch.setattr(Path, "read_bytes", refuse)
    message = _error(root)
    assert f"{DOC}/{name}: cannot be read (Permission denied)" in message


def test_old_flat_layout_says_how_to_fix_it(tmp_path):
    """The files at the top of the root, as before documents had folders: the error says to
    move them into a <doc-id>/ folder with a doc.yaml."""
    flat = tmp_path / "knowledge"
    flat.mkdir()
    for name in FILES[1:]:
        shutil.copy(KNOWLEDGE / DOC / name, flat / name)
    message = _error(flat)
    assert str(flat) in message
    assert "article.zh.jsonl" in message and "doc.yaml" in message
    assert "move" in message and "<doc-id>/" in message


def test_an_empty_root_is_reported(tmp_path):
    (tmp_path / "knowledge").mkdir()
    message = _error(tmp_path / "knowledge")
    assert "doc.yaml" in message


def test_missing_optional_english_article_is_fine(root):
    (root / DOC / "article.en.jsonl").unlink()
    k = load_knowledge(root)
    assert len(k.article_zh) == len(load_knowledge(KNOWLEDGE).article_zh) and k.article_en == []
    assert not (FICTIONAL / FICTIONAL_DOC / "article.en.jsonl").exists()  # the fictional document has none
    assert load_knowledge(FICTIONAL).article_en == []


@pytest.mark.parametrize("name", ["article.zh.jsonl", "indicators.csv", "glossary.jsonl"])
def test_missing_required_file_is_named(root, name):
    (root / DOC / name).unlink()
    message = _error(root)
    assert f"{DOC}/{name}" in message and "not found" in message


# -- the roots: MJQ_KNOWLEDGE, then $MJQ_HOME/knowledge ---------------------------------

def test_user_document_in_mjq_home_is_loaded_with_the_shipped_one(tmp_path):
    home = tmp_path / "home"
    settings = Settings(home=home, knowledge_dir=KNOWLEDGE)
    assert settings.knowledge_roots == [KNOWLEDGE]  # no $MJQ_HOME/knowledge yet
    shipped = load_knowledge(*settings.knowledge_roots)

    shutil.copytree(FICTIONAL / FICTIONAL_DOC, home / "knowledge" / FICTIONAL_DOC)
    settings = Settings(home=home, knowledge_dir=KNOWLEDGE)
    assert settings.knowledge_roots == [KNOWLEDGE, home / "knowledge"]
    k = load_knowledge(*settings.knowledge_roots)
    assert list(k.documents) == [DOC, FICTIONAL_DOC]
    assert k.documents[FICTIONAL_DOC].fictional and not k.documents[DOC].fictional
    assert len(k.indicators) == len(shipped.indicators) + len(load_knowledge(FICTIONAL).indicators)
    assert k.fingerprint() != shipped.fingerprint()  # the index follows the user's documents


def test_user_document_errors_name_the_users_file(tmp_path):
    home = tmp_path / "home"
    shutil.copytree(FICTIONAL / FICTIONAL_DOC, home / "knowledge" / FICTIONAL_DOC)
    path = home / "knowledge" / FICTIONAL_DOC / "glossary.jsonl"
    lines = _lines(path)
    lines[1] = lines[1][:15] + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    message = _error(*Settings(home=home, knowledge_dir=KNOWLEDGE).knowledge_roots)
    assert f"{FICTIONAL_DOC}/glossary.jsonl:2:" in message


def test_the_same_document_in_two_roots_is_reported(tmp_path):
    home = tmp_path / "home"
    shutil.copytree(KNOWLEDGE / DOC, home / "knowledge" / DOC)
    message = _error(*Settings(home=home, knowledge_dir=KNOWLEDGE).knowledge_roots)
    assert DOC in message and "twice" in message
