"""Shared fixtures: every test runs against a data dir in tmp, never the user's."""
from __future__ import annotations

import socket
from pathlib import Path

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
    """Starts the Gradio app on a free loopback port: serve_app(**build_app_kwargs) -> url."""
    from mjq_assistant import ui
    demos = []

    def start(**kwargs) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        demo = ui.build_app(assistant, **kwargs)
        demos.append(demo)
        _, url, _ = ui.launch(demo, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
        return url

    yield start
    for demo in demos:
        demo.close()
