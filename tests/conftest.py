"""Shared fixtures: every test runs against a data dir in tmp, never the user's."""
from __future__ import annotations

import shutil
import socket
from pathlib import Path
from types import SimpleNamespace

import pytest

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"


@pytest.fixture(scope="session")
def mjq_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mjq-home")


@pytest.fixture(autouse=True)
def _isolated_home(mjq_home, monkeypatch):
    """Point the app's data dir at a tmp dir shared by the session (built once)."""
    monkeypatch.setenv("MJQ_HOME", str(mjq_home))
    monkeypatch.setenv("MJQ_KNOWLEDGE", str(KNOWLEDGE))
    for name in ("MJQ_LLM_BASE_URL", "MJQ_LLM_MODEL", "MJQ_LLM_API_KEY", "MJQ_EMBEDDER", "MJQ_RETRIEVAL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def assistant(mjq_home):
    """The real assistant with the default embedder, loaded once per session."""
    from mjq_assistant import Assistant
    from mjq_assistant.config import Settings
    return Assistant.load(Settings(home=mjq_home, knowledge_dir=KNOWLEDGE))


@pytest.fixture(scope="module")
def serve_app(assistant):
    """Starts the Gradio app on a free loopback port: serve_app(**build_app_kwargs) -> url; over the
    session's assistant, or the one given as `over`."""
    from mjq_assistant import ui
    demos = []

    def start(over=None, **kwargs) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        demo = ui.build_app(over or assistant, **kwargs)
        demos.append(demo)
        _, url, _ = ui.launch(demo, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
        return url

    yield start
    for demo in demos:
        demo.close()


@pytest.fixture(scope="module")
def own_home(tmp_path_factory, assistant, mjq_home) -> Path:
    """A home of the module's own, starting from the session's built index (only new passages get embedded)."""
    home = tmp_path_factory.mktemp("own-home")
    shutil.copytree(mjq_home / "index", home / "index")
    return home


# -- a user document, as `mjq add` makes one (the UI's Documents tab) ----------------------

USER_DOC = "yunxi-2024-q3"
USER_REPORT = """云溪镇2024年前三季度经济运行简报

2024年1至9月，云溪镇经济运行稳中有进。全镇实现地区生产总值约48.6亿元，同比增长6.9%。全镇规模以上工业企业32家，实现规上工业总产值86.20亿元，同比增长11.4%。

1至9月，全镇社会消费品零售总额12.7亿元，同比增长5.2%；新增市场主体1350家。

10月，经区统计局核定，1至9月全镇规上工业总产值修正为87.05亿元。
"""  # fictional: the town and its figures are made up for the tests


@pytest.fixture
def user_document(own_home, monkeypatch, tmp_path):
    """USER_REPORT added with `mjq add`'s library function under a tmp MJQ_HOME (its 9 figures extracted,
    none reviewed), and an assistant loaded over it; the document is removed afterwards."""
    from mjq_assistant import Assistant
    from mjq_assistant.config import Settings
    from mjq_assistant.ingest import add
    monkeypatch.setenv("MJQ_HOME", str(own_home))
    report = tmp_path / "yunxi.txt"
    report.write_text(USER_REPORT, encoding="utf-8")
    done = add(report, Settings(), doc_id_=USER_DOC)
    yield SimpleNamespace(id=USER_DOC, assistant=Assistant.load(Settings()), folder=done.folder)
    shutil.rmtree(done.folder, ignore_errors=True)
