"""The HTTP API as its clients use it: the official openai client and LangChain's ChatOpenAI
against a running server, REST, keys, limits, and errors in the OpenAI shape."""
from __future__ import annotations

import re
import socket
import threading
import time

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from mjq_assistant.cli import main as cli_main  # noqa: E402
from mjq_assistant.errors import ConfigError  # noqa: E402
from mjq_assistant.exposure import MAX_BODY_BYTES, Exposure, RateLimit, host_allowed  # noqa: E402
from mjq_assistant.server import MODEL, create_app  # noqa: E402

KEY, OTHER_KEY = "test-key-1", "test-key-2"
pytestmark = pytest.mark.slow  # starts servers


@pytest.fixture(scope="module")
def figure_question(assistant):
    """The output question from the document's UI examples, and the figure its indicator row gives."""
    doc = next(iter(assistant.knowledge.documents.values()))
    question = next(q for q in doc.examples.zh if "规上工业产值" in q)
    row = next(r for r in assistant.knowledge.indicators if "规上工业产值" in r.keyword_list and r.kind == "amount")
    return question, row.value


@pytest.fixture(scope="module")
def follow_up(assistant, figure_question):
    """A growth follow-up to the output question: its history, and the growth rate the data gives."""
    question, figure = figure_question
    row = next(r for r in assistant.knowledge.indicators if r.value == figure)
    growth = next(r.value for r in assistant.knowledge.indicators if r.of == row.id and r.kind == "rate")
    history = [{"role": "user", "content": question}, {"role": "assistant", "content": f"{figure}{row.unit}[1]。"}]
    return history, "同比增长多少？", growth


@pytest.fixture(scope="module")
def live(assistant):
    """Starts the API over the session's assistant on a free loopback port: live(exposure, ui=False) -> url."""
    servers = []

    def start(exposure: Exposure | None = None, ui: bool = False) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        app = create_app(assistant, exposure=exposure or Exposure("127.0.0.1"), ui=ui)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline, "the server did not start in 30 s"
            time.sleep(0.05)
        servers.append(server)
        return f"http://127.0.0.1:{port}"

    yield start
    for server in servers:
        server.should_exit = True


@pytest.fixture(scope="module")
def keyed(live):
    """A server that needs a key, with room for the module's requests."""
    return live(Exposure("127.0.0.1", keys=[KEY, OTHER_KEY], rate_limit=RateLimit("1000/minute")))


def _openai(url, key=KEY):
    openai = pytest.importorskip("openai")
    return openai.OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0)


def _assert_openai_error(response, status: int, code: str | None = None):
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"} and error["message"]
    if code:
        assert error["code"] == code


# -- OpenAI-compatible clients ------------------------------------------------------------

def test_openai_client_plain(keyed, figure_question):
    question, figure = figure_question
    completion = _openai(keyed).chat.completions.create(model=MODEL, messages=[{"role": "user", "content": question}])
    text = completion.choices[0].message.content
    assert figure in text and "[1]" in text
    assert "\n\n来源：\n[1]: " in text  # the sources list ends the text
    citations = completion.model_extra["citations"]
    assert citations[0]["marker"] == 1 and figure in citations[0]["quote"]


def test_openai_client_streamed(keyed, figure_question):
    question, figure = figure_question
    stream = _openai(keyed).chat.completions.create(model=MODEL, stream=True,
                                                    messages=[{"role": "user", "content": question}])
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert figure in text and "来源：" in text
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert figure in chunks[-1].model_extra["citations"][0]["quote"]


def test_stream_ends_with_done(keyed, figure_question):
    body = {"model": MODEL, "stream": True, "messages": [{"role": "user", "content": figure_question[0]}]}
    response = httpx.post(f"{keyed}/v1/chat/completions", json=body, headers={"Authorization": f"Bearer {KEY}"})
    assert response.headers["content-type"].startswith("text/event-stream")
    events = [line for line in response.text.split("\n\n") if line]
    assert all(e.startswith("data: ") for e in events) and events[-1] == "data: [DONE]"


def test_langchain_chat_openai_plain_and_streamed(keyed, figure_question):
    langchain_openai = pytest.importorskip("langchain_openai")
    question, figure = figure_question
    llm = langchain_openai.ChatOpenAI(base_url=f"{keyed}/v1", api_key=KEY, model=MODEL, max_retries=0)
    assert figure in llm.invoke(question).content
    assert figure in "".join(chunk.content for chunk in llm.stream(question))


def test_chat_history_answers_a_follow_up(keyed, follow_up):
    history, question, growth = follow_up
    messages = [{"role": "system", "content": "You are helpful."}, *history, {"role": "user", "content": question}]
    text = _openai(keyed).chat.completions.create(model=MODEL, messages=messages).choices[0].message.content
    assert f"{growth}%" in text.split("\n\n")[0]


def test_unknown_model_and_bad_messages_are_openai_errors(keyed):
    openai = pytest.importorskip("openai")
    client = _openai(keyed)
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(openai.BadRequestError, match="last message"):
        client.chat.completions.create(model=MODEL, messages=[{"role": "assistant", "content": "hi"}])
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model=MODEL, messages=[])


# -- REST ----------------------------------------------------------------------------------

def _get(url, path, **params):
    return httpx.get(f"{url}{path}", params=params, headers={"Authorization": f"Bearer {KEY}"})


def _rows_of(url, **params) -> list[dict]:
    response = _get(url, "/v1/indicators", **params)
    assert response.status_code == 200
    return response.json()["data"]


def test_ask_returns_answer_to_dict(keyed, assistant, figure_question):
    question, figure = figure_question
    response = httpx.post(f"{keyed}/v1/ask", json={"question": question}, headers={"Authorization": f"Bearer {KEY}"})
    assert response.status_code == 200
    assert response.json() == assistant.ask(question).to_dict()
    assert figure in response.json()["text"]


def test_ask_takes_history(keyed, follow_up):
    history, question, growth = follow_up
    response = httpx.post(f"{keyed}/v1/ask", json={"question": question, "history": history},
                          headers={"Authorization": f"Bearer {KEY}"})
    assert f"{growth}%" in response.json()["text"]


def test_input_the_gate_refuses_is_a_400_in_the_askers_language(keyed):
    """An empty question or a malformed history: the input gate's message, not a 500."""
    headers = {"Authorization": f"Bearer {KEY}"}
    for language, script in (("zh", r"[\u4e00-\u9fff]"), ("en", r"[A-Za-z]{3}")):
        response = httpx.post(f"{keyed}/v1/ask", json={"question": "  ？？ ", "language": language}, headers=headers)
        assert response.status_code == 400
        message = response.json()["error"]["message"]
        assert re.search(script, message), message
    body = b'{"question": "What was the output?", "history": [{"role": "user", "content": "\\ud800"}]}'
    response = httpx.post(f"{keyed}/v1/ask", headers={**headers, "Content-Type": "application/json"}, content=body)
    assert response.status_code in (200, 400)  # a lone surrogate is mended or refused, never a 500


def test_health_ready_models(keyed):
    assert httpx.get(f"{keyed}/healthz").json() == {"status": "ok"}  # no key needed
    ready = httpx.get(f"{keyed}/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    models = _get(keyed, "/v1/models").json()
    assert [m["id"] for m in models["data"]] == [MODEL]
    assert [m.id for m in _openai(keyed).models.list()] == [MODEL]


def test_documents(keyed, assistant):
    data = _get(keyed, "/v1/documents").json()["data"]
    assert [d["id"] for d in data] == list(assistant.knowledge.documents)
    assert all(d["title"]["zh"] and d["coverage"]["en"] for d in data)


def test_indicator_filters(keyed, assistant):
    everything = _rows_of(keyed)
    assert len(everything) == len(assistant.knowledge.indicators)
    doc = everything[0]["document"]
    assert {r["id"] for r in _rows_of(keyed, document=doc)} == {r["id"] for r in everything if r["document"] == doc}
    assert _rows_of(keyed, document="no-such-document") == []
    shares = _rows_of(keyed, kind="share")
    assert shares and all(r["kind"] == "share" for r in shares)
    by_name = _rows_of(keyed, scope="Whole Town")  # either language, any case
    assert by_name and all(r["scope"] == "whole town" for r in by_name)
    assert {r["id"] for r in _rows_of(keyed, scope=by_name[0]["scope_zh"])} == {r["id"] for r in by_name}
    found = _rows_of(keyed, kind="amount", text="規上工業產值")  # traditional script finds simplified
    assert found and all(r["kind"] == "amount" and "规上工业产值" in r["keywords"] for r in found)
    _assert_openai_error(_get(keyed, "/v1/indicators", kind="weight"), 400)


# -- keys, limits, errors --------------------------------------------------------------------

def test_no_key_or_a_wrong_key_is_401(keyed):
    openai = pytest.importorskip("openai")
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": KEY}):
        response = httpx.post(f"{keyed}/v1/ask", json={"question": "hi"}, headers=headers)
        _assert_openai_error(response, 401, "invalid_api_key")
        assert response.headers["www-authenticate"] == "Bearer"
    with pytest.raises(openai.AuthenticationError):
        _openai(keyed, key="wrong").models.list()


def test_oversized_body_is_413(keyed):
    headers = {"Authorization": f"Bearer {KEY}"}
    big = {"question": "规上工业产值" * (MAX_BODY_BYTES // 10)}
    _assert_openai_error(httpx.post(f"{keyed}/v1/ask", json=big, headers=headers), 413, "request_too_large")

    def chunked():  # no Content-Length: counted as it arrives
        yield b'{"question": "'
        for _ in range(MAX_BODY_BYTES // 1000 + 1):
            yield b"a" * 1000
        yield b'"}'
    response = httpx.post(f"{keyed}/v1/ask", content=chunked(), headers={**headers, "Content-Type": "application/json"})
    _assert_openai_error(response, 413, "request_too_large")


def test_rate_limit_is_per_key(live):
    openai = pytest.importorskip("openai")
    url = live(Exposure("127.0.0.1", keys=[KEY, OTHER_KEY], rate_limit=RateLimit("3/minute")))
    for _ in range(3):
        assert _get(url, "/v1/models").status_code == 200
    response = _get(url, "/v1/models")
    _assert_openai_error(response, 429, "rate_limit_exceeded")
    assert 0 < int(response.headers["retry-after"]) <= 60
    with pytest.raises(openai.RateLimitError):
        _openai(url).models.list()
    assert _openai(url, key=OTHER_KEY).models.list().data  # another key has its own count


def test_unknown_host_is_refused(keyed):
    for host in ("rebind.example.com", "evil.test:8000"):
        _assert_openai_error(httpx.get(f"{keyed}/healthz", headers={"Host": host}), 400, "invalid_host")
    for host in ("localhost:1234", "127.0.0.1", "[::1]:8000", "10.0.0.7"):  # names of this machine, addresses
        assert httpx.get(f"{keyed}/healthz", headers={"Host": host}).status_code == 200


def test_host_allow_list():
    allowed = Exposure("0.0.0.0", extra_hosts=["Assistant.Example.org"]).allowed_hosts
    assert host_allowed("assistant.example.org:443", allowed) and host_allowed("localhost", allowed)
    assert not host_allowed("other.example.org", allowed) and not host_allowed("", allowed)
    assert host_allowed("anything", Exposure("0.0.0.0", extra_hosts=["*"]).allowed_hosts)


def test_validation_errors_do_not_echo_input(keyed):
    secret = "do-not-echo-" + "x" * 50
    response = httpx.post(f"{keyed}/v1/ask", json={"question": 42, "extra": secret},
                          headers={"Authorization": f"Bearer {KEY}"})
    _assert_openai_error(response, 400)
    assert "question" in response.json()["error"]["message"] and secret not in response.text
    _assert_openai_error(_get(keyed, "/v1/nothing-here"), 404)


class _Broken:
    """An assistant whose answers fail with a message that must stay in the server log."""

    def __init__(self, knowledge):
        self.knowledge = knowledge

    def warm(self):
        return self

    def ask(self, question, history=None, language=None):
        raise RuntimeError("/secret/path/index.sqlite3 is corrupt")

    def stream(self, question, history=None):
        yield "partial "
        raise RuntimeError("/secret/path/index.sqlite3 is corrupt")


def test_exceptions_never_reach_clients(live, assistant, caplog):
    openai = pytest.importorskip("openai")
    app = create_app(_Broken(assistant.knowledge), exposure=Exposure("127.0.0.1"), ui=False)
    from fastapi.testclient import TestClient
    client = TestClient(app, base_url="http://localhost", raise_server_exceptions=False)
    response = client.post("/v1/ask", json={"question": "规上工业产值是多少？"})
    _assert_openai_error(response, 500)
    assert "secret" not in response.text and "secret" in caplog.text
    body = {"model": MODEL, "stream": True, "messages": [{"role": "user", "content": "规上工业产值是多少？"}]}
    streamed = client.post("/v1/chat/completions", json=body).text
    assert '"type": "server_error"' in streamed and "secret" not in streamed and streamed.endswith("data: [DONE]\n\n")
    with pytest.raises(openai.APIError):
        list(openai.OpenAI(base_url="http://localhost/v1", api_key="-", http_client=client).chat.completions.create(**body))


def test_cors_is_off_unless_origins_are_set(live):
    preflight = {"Origin": "https://chat.example.org", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization,content-type"}
    closed = live(Exposure("127.0.0.1"))
    assert "access-control-allow-origin" not in httpx.options(f"{closed}/v1/ask", headers=preflight).headers
    opened = live(Exposure("127.0.0.1", cors_origins=["https://chat.example.org"]))
    response = httpx.options(f"{opened}/v1/ask", headers=preflight)
    assert response.headers["access-control-allow-origin"] == "https://chat.example.org"


# -- serving off loopback ---------------------------------------------------------------------

@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_exposed_host_needs_keys_and_ui_users(host):
    with pytest.raises(ConfigError, match="MJQ_API_KEYS and MJQ_UI_USERS"):
        Exposure(host).check()
    with pytest.raises(ConfigError, match="MJQ_UI_USERS"):
        Exposure(host, keys=[KEY]).check()
    Exposure(host, keys=[KEY]).check(ui=False)
    Exposure(host, keys=[KEY], users=[("staff", "pw")]).check()
    Exposure(host).check(insecure=True)
    Exposure("127.0.0.1").check()


def test_mjq_serve_refuses_an_exposed_host_without_keys(monkeypatch, capsys):
    monkeypatch.delenv("MJQ_API_KEYS", raising=False)
    assert cli_main(["serve", "--host", "0.0.0.0", "--port", "8000"]) == 1
    assert "refusing to serve on 0.0.0.0 without MJQ_API_KEYS" in capsys.readouterr().err
    assert cli_main(["serve", "--port", "70000"]) == 2


def test_settings_from_environment(monkeypatch):
    monkeypatch.setenv("MJQ_API_KEYS", f" {KEY}, {OTHER_KEY} ,")
    monkeypatch.setenv("MJQ_UI_USERS", "staff:pa:ss")
    monkeypatch.setenv("MJQ_RATE_LIMIT", "10/second;100/hour")
    exposure = Exposure.from_env("0.0.0.0")
    assert exposure.keys == [KEY, OTHER_KEY] and exposure.users == [("staff", "pa:ss")]
    assert len(exposure.rate_limit.items) == 2
    monkeypatch.setenv("MJQ_RATE_LIMIT", "lots")
    with pytest.raises(ConfigError, match="MJQ_RATE_LIMIT"):
        Exposure.from_env("0.0.0.0")
    monkeypatch.setenv("MJQ_RATE_LIMIT", "10/second")
    monkeypatch.setenv("MJQ_RATE_LIMIT_STORAGE", "nowhere://counts")
    with pytest.raises(ConfigError, match="MJQ_RATE_LIMIT_STORAGE"):
        Exposure.from_env("0.0.0.0")
    monkeypatch.delenv("MJQ_RATE_LIMIT_STORAGE")
    monkeypatch.setenv("MJQ_UI_USERS", "staff")
    with pytest.raises(ConfigError, match="user:password"):
        Exposure.from_env("0.0.0.0")


# -- the UI in the same process ---------------------------------------------------------------

def test_ui_is_mounted_beside_the_api_behind_its_login(live, figure_question):
    pytest.importorskip("gradio")
    gradio_client = pytest.importorskip("gradio_client")
    url = live(Exposure("127.0.0.1", users=[("staff", "pw")]), ui=True)
    assert httpx.get(f"{url}/").status_code == 200  # the page (a login form until one logs in)
    docs = httpx.get(f"{url}/docs")  # offline: its scripts come from this server, not a CDN
    script = re.search(r'<script src="([^"]+swagger-ui-bundle.js)"', docs.text).group(1)
    assert script.startswith("/") and httpx.get(f"{url}{script}").status_code == 200
    assert httpx.get(f"{url}/openapi.json").json()["paths"]["/v1/chat/completions"]
    question, figure = figure_question
    assert figure in httpx.post(f"{url}/v1/ask", json={"question": question}).json()["text"]
    # the UI's own API is no way around the login
    assert httpx.post(f"{url}/gradio_api/call/ask", json={"data": [question, "[]"]}).status_code == 401
    client = gradio_client.Client(f"{url}/", auth=("staff", "pw"), verbose=False)
    assert figure in client.predict(question, "[]", api_name="/ask")["text"]
