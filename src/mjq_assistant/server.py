"""The HTTP API: REST, OpenAI-compatible chat completions and the web UI, in one process.

    mjq serve [--host 127.0.0.1] [--port 8000] [--workers N] [--insecure] [--no-ui]

    POST /v1/ask               {question, history?} -> Answer.to_dict()
    POST /v1/chat/completions  OpenAI-compatible (model "mjq-assistant"), plain or stream: true
    GET  /v1/models, /v1/indicators?document=&scope=&kind=&text=, /v1/documents
    GET  /healthz (alive), /readyz (index open), /docs (OpenAPI)
    /                          the Gradio UI (one worker only: Gradio keeps its queue in one process)

A thin layer over `Assistant`; keys, limits and the Host check are exposure.py's.
Every error has the OpenAI error shape; exception text never reaches a client.
"""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
import uuid
from typing import Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, RedirectResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.body_limit import RequestBodyLimitMiddleware

from .cite import Answer
from .errors import InputError, MjqError
from .exposure import MAX_BODY_BYTES, Exposure, RequestGate, error_body
from .knowledge import KINDS, doc_id
from .language import to_simplified
from .llm import format_sources

log = logging.getLogger(__name__)

MODEL = "mjq-assistant"
SOURCES_HEADING = {"zh": "来源：", "en": "Sources:"}
# OpenAI's error types and codes, by HTTP status
ERRORS = {400: ("invalid_request_error", None), 401: ("invalid_request_error", "invalid_api_key"),
          404: ("invalid_request_error", "not_found"), 405: ("invalid_request_error", "method_not_allowed"),
          413: ("invalid_request_error", "request_too_large"), 429: ("requests", "rate_limit_exceeded"),
          503: ("server_error", "not_ready")}


# -- request bodies ------------------------------------------------------------------

class TextPart(BaseModel):
    type: Literal["text"]
    text: str


class Message(BaseModel):
    """A chat message; content is text or text parts (images and audio are not read)."""
    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[TextPart] | None = None

    @property
    def text(self) -> str:
        if isinstance(self.content, list):
            return " ".join(part.text for part in self.content)
        return self.content or ""

    def as_history(self) -> dict:
        return {"role": self.role, "content": self.text}


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(description="in Chinese or English; the answer is in the same language")
    history: list[Message] = Field(default=[], description="earlier messages, for follow-up questions")
    language: Literal["zh", "en"] | None = Field(
        default=None, description="the language of messages about the input itself (an empty question), "
                                  "when the question has no words to tell it from")


class ChatRequest(BaseModel):
    """OpenAI's chat completion request; sampling options (temperature, …) are accepted and ignored:
    answers are composed from the data, not sampled."""
    model_config = ConfigDict(extra="ignore")
    model: str = MODEL
    messages: list[Message] = Field(min_length=1)
    stream: bool = False


# -- keys, limits, errors ---------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="one of the keys in MJQ_API_KEYS (when it is set)")


async def authorize(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
    """/v1 needs a key when MJQ_API_KEYS is set; every client is rate-limited. (Async: it does not
    block, and a sync dependency would cost each request a trip through the thread pool.)"""
    exposure: Exposure = request.app.state.exposure
    client = exposure.client_id(credentials.credentials if credentials else None,
                                request.client.host if request.client else None)
    if client is None:
        raise HTTPException(401, "a valid API key is needed: send the header 'Authorization: Bearer <key>'",
                            headers={"WWW-Authenticate": "Bearer"})
    wait = exposure.rate_limit.hit(client)
    if wait is not None:
        raise HTTPException(429, f"rate limit of {exposure.rate_limit.spec} reached; retry in {wait} s",
                            headers={"Retry-After": str(wait)})


def _error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    type_, code = ERRORS.get(status, ("server_error", None) if status >= 500 else ("invalid_request_error", None))
    return JSONResponse(error_body(message, type_, code), status_code=status, headers=headers)


def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))


def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    # where and what, never the input itself (it may be large, or not the client's to see echoed)
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'] if p != 'body') or 'body'}: {e['msg']}"
                         for e in exc.errors()[:5])
    return _error(400, f"invalid request: {problems}")


def _log_failure(what: str, exc: Exception) -> None:
    """The library's own errors in one line, anything else with its traceback."""
    if isinstance(exc, MjqError):
        log.error("%s: %s", what, exc)
    else:
        log.error("%s failed", what, exc_info=exc)


def _input_error(request: Request, exc: InputError) -> JSONResponse:
    """A question or history the input gate refuses: 400 with its message, in the asker's language."""
    log.warning("%s %s: %s", request.method, request.url.path, exc)
    return _error(400, str(exc))


def _server_error(request: Request, exc: Exception) -> JSONResponse:
    _log_failure(f"{request.method} {request.url.path}", exc)
    return _error(500, "the server could not answer this request; its log says why")


# -- responses ----------------------------------------------------------------------------

def sources_text(answer: Answer) -> str:
    """What follows an answer's text in a chat completion: its sources, one a line ("" when none)."""
    if not answer.citations:
        return ""
    return f"\n\n{SOURCES_HEADING[answer.language]}\n{format_sources(answer.citations, answer.language)}"


def _citations(answer: Answer) -> list[dict]:
    return answer.to_dict()["citations"]


def _completion(answer: Answer) -> dict:
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
            "model": MODEL, "citations": _citations(answer),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": answer.text + sources_text(answer)}}]}


def _sse(data) -> str:
    return f"data: {data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)}\n\n"


def _stream(assistant, question: str, history: list[dict]):
    """SSE chunks: the answer's text deltas, its sources, a last chunk with the citations, [DONE]."""
    head = {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": MODEL}

    def chunk(delta: dict, finish: str | None = None, **extra) -> str:
        return _sse({**head, **extra, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})

    yield chunk({"role": "assistant", "content": ""})
    try:
        for item in assistant.stream(question, history):
            if isinstance(item, Answer):
                if item.citations:
                    yield chunk({"content": sources_text(item)})
                yield chunk({}, "stop", citations=_citations(item))
            else:
                yield chunk({"content": item})
    except Exception as exc:  # the status line is sent: the error travels as an event
        _log_failure("streamed answer", exc)
        yield _sse(error_body("the server could not finish this answer; its log says why", "server_error"))
    yield _sse("[DONE]")


def _indicator_matches(row, document: str | None, scope: str | None, kind: str | None, words: list[str]) -> bool:
    if document and doc_id(row.id) != document:
        return False
    if scope and scope.lower() not in (row.scope.lower(), row.scope_zh):
        return False
    if kind and row.kind != kind:
        return False
    haystack = to_simplified(" ".join((row.id, row.scope, row.scope_zh, row.metric_zh, row.metric_en, row.period,
                                       row.value + row.unit, row.keywords, row.quote))).lower()
    return all(w in haystack for w in words)


# -- the app ----------------------------------------------------------------------------------

def create_app(assistant=None, *, exposure: Exposure | None = None, ui: bool = True) -> FastAPI:
    """The FastAPI app over `assistant` (loaded from the environment's settings when None),
    with the limits of `exposure` (from the environment, for the host in $MJQ_HOST, when None)
    and the Gradio UI at / when `ui`."""
    if assistant is None:
        from .assistant import Assistant
        assistant = Assistant.load().warm()
    exposure = exposure or Exposure.from_env(os.environ.get("MJQ_HOST", "127.0.0.1"))
    from . import __version__
    app = FastAPIOffline(title="mjq-assistant", version=__version__,  # /docs from local files: no CDN
                         description="Cited answers, in Chinese or English, about the economic reports in the "
                                     "knowledge folders. `/v1/chat/completions` speaks the OpenAI chat API "
                                     "(model `mjq-assistant`).")
    app.state.exposure = exposure
    app.add_exception_handler(StarletteHTTPException, _http_error)  # FastAPI's, and routing's 404 and 405
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(Exception, _server_error)
    app.add_middleware(RequestBodyLimitMiddleware, max_body_size=MAX_BODY_BYTES)  # bodies sent without a length
    app.add_middleware(RequestGate, allowed_hosts=exposure.allowed_hosts)  # outside it: runs first
    if exposure.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=exposure.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    started = int(time.time())
    knowledge = assistant.knowledge

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict:
        """The process is alive."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"])
    def readyz():
        """The index is open and answers can be given."""
        try:
            assistant.warm()
        except Exception as exc:
            log.error("not ready: %s", exc)
            return _error(503, "the index is not open yet")
        return {"status": "ready", "documents": len(knowledge.documents)}

    v1 = APIRouter(prefix="/v1", dependencies=[Depends(authorize)])

    @v1.post("/ask", tags=["answers"])
    def ask(body: AskRequest) -> dict:
        """A cited answer in the question's language: `Answer.to_dict()` (text with [n] markers, language,
        abstained, citations, notice, guard, trace)."""
        return assistant.ask(body.question, [m.as_history() for m in body.history], language=body.language).to_dict()

    @v1.post("/chat/completions", tags=["answers"])
    def chat_completions(body: ChatRequest):
        """OpenAI-compatible: the last message is the question, earlier user and assistant messages
        the history. The text keeps its [n] markers and ends with the sources; `citations` carries them."""
        if body.model != MODEL:
            raise HTTPException(404, f"model {body.model!r} does not exist; use {MODEL!r}")
        *earlier, last = body.messages
        if last.role != "user":
            raise HTTPException(400, "the last message must be the user's question")
        history = [m.as_history() for m in earlier if m.role in ("user", "assistant")]
        if body.stream:
            return StreamingResponse(_stream(assistant, last.text, history), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache"})
        return _completion(assistant.ask(last.text, history))

    @v1.get("/models", tags=["catalogue"])
    def models() -> dict:
        return {"object": "list", "data": [{"id": MODEL, "object": "model", "created": started, "owned_by": "mjq"}]}

    @v1.get("/indicators", tags=["catalogue"])
    def indicators(document: str | None = Query(None, description="a document id (see /v1/documents)"),
                   scope: str | None = Query(None, description="a scope as indicators.csv names it, in English or Chinese"),
                   kind: Literal[KINDS] | None = Query(None, description="the kind of figure"),
                   text: str = Query("", description="words every row must contain (any case, either script)")) -> dict:
        """Every figure of the loaded documents, with its verbatim quote (the fields of indicators.csv;
        ids qualified with their document)."""
        words = to_simplified(text).lower().split()
        rows = [r for r in knowledge.indicators if _indicator_matches(r, document, scope, kind, words)]
        return {"object": "list", "data": [{"document": doc_id(r.id), **r.model_dump()} for r in rows]}

    @v1.get("/documents", tags=["catalogue"])
    def documents() -> dict:
        """The loaded documents, as their doc.yaml describes them."""
        return {"object": "list", "data": [d.model_dump() for d in knowledge.documents.values()]}

    app.include_router(v1)
    if ui:
        _mount_ui(app, assistant, exposure)
    else:
        app.add_api_route("/", lambda: RedirectResponse("/docs"), include_in_schema=False)
    return app


def _mount_ui(app: FastAPI, assistant, exposure: Exposure) -> None:
    import gradio as gr
    from . import ui
    options = {**ui.mount_options(), "auth": exposure.users or None}
    gr.mount_gradio_app(app, ui.build_app(assistant), path="/", footer_links=["api"], **options)


def worker_app() -> FastAPI:
    """One of several uvicorn workers: the API only (the UI needs a single process)."""
    return create_app(ui=False)


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, insecure: bool = False, ui: bool = True) -> int:
    """Run the app on uvicorn; with several workers, each loads its own assistant over the shared index."""
    import uvicorn
    exposure = Exposure.from_env(host)
    exposure.check(insecure=insecure, ui=ui and workers == 1)
    os.environ["MJQ_HOST"] = host  # the workers' Host allow-list
    if workers == 1:
        from .assistant import Assistant
        print("Loading the assistant (the first start builds the index, a minute or two)…", file=sys.stderr, flush=True)
        assistant = Assistant.load(progress=sys.stderr.isatty()).warm()
        uvicorn.run(create_app(assistant, exposure=exposure, ui=ui), host=host, port=port)
        return 0
    if ui:
        log.warning("the UI is not served by several workers (Gradio keeps its queue in one process): "
                    "run `python app.py` beside them for it")
    # built once, before the workers open it together
    built = subprocess.run([sys.executable, "-m", "mjq_assistant.cli", "index"])
    if built.returncode:
        return built.returncode
    uvicorn.run("mjq_assistant.server:worker_app", factory=True, host=host, port=port, workers=workers)
    return 0
