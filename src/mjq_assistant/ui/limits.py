"""Bounds for an app exposed beyond loopback (issue 14 §5), shared with the HTTP API:

- MAX_QUESTION_CHARS: longer questions are refused before anything is stored in a session;
- MAX_UPLOAD: the app takes no uploads, so Gradio's upload route is capped at this size, and
  DELETE_CACHE has Gradio delete its temporary files (uploads included) once they are an hour old;
- SESSION_TTL: server-side session state expires after this many idle seconds;
- MJQ_UI_USERS: optional login, "user:password" pairs separated by commas, or a file of such lines;
- answer ids: each answer the server gives is signed, and feedback is taken only for a signed answer;
- may_edit: who may change documents in the Documents tab (a logged-in user, or a browser on this
  machine reaching the app over loopback, not through a proxy); anyone else only sees them.
The signing key (also the key of the browser-kept sessions) is $MJQ_UI_SECRET, else a random key
kept in $MJQ_HOME/ui-secret so that ids and sessions survive a restart."""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from ..errors import ConfigError
from ..exposure import is_loopback

MAX_QUESTION_CHARS = 1000
MAX_COMMENT_CHARS = 2000       # below feedback.MAX_FIELD_CHARS
MAX_UPLOAD = "64kb"
DELETE_CACHE = (600, 3600)
PROXY_HEADERS = {"forwarded", "x-forwarded-for", "x-real-ip"}  # a request relayed from elsewhere
SESSION_TTL = 3600
SESSION_CAPACITY = 2000       # sessions Gradio keeps in memory at most (its default is 10,000)
MAX_SESSIONS = 30             # conversations kept per browser
MAX_TURNS = 100               # question-answer pairs kept per conversation


def secret(home: str | Path | None = None) -> str:
    """$MJQ_UI_SECRET, else the key in <home>/ui-secret (made on first use, readable by its owner only)."""
    explicit = os.environ.get("MJQ_UI_SECRET")
    if explicit:
        return explicit
    if home is None:
        from ..config import Settings
        home = Settings().home
    path = Path(home) / "ui-secret"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def _digest(key: str, nonce: str, question: str, answer: str) -> str:
    message = "\x1f".join((nonce, question, answer)).encode("utf-8", "replace")
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:16]


def issue_answer_id(key: str, question: str, answer: str) -> str:
    """An id for an answer this server gives: a nonce and a signature over the question and answer."""
    nonce = secrets.token_hex(4)
    return f"{nonce}{_digest(key, nonce, question, answer)}"


def issued(key: str, answer_id, question: str, answer: str) -> bool:
    """True when `answer_id` was issued by this server (same key) for this question and answer."""
    if not isinstance(answer_id, str) or len(answer_id) != 24:
        return False
    nonce, signature = answer_id[:8], answer_id[8:]
    return hmac.compare_digest(signature, _digest(key, nonce, question, answer))


def users_from_env(value: str | None = None) -> list[tuple[str, str]] | None:
    """The logins of MJQ_UI_USERS ("alice:pw1,bob:pw2", or the path of a file with one
    user:password a line), for Gradio's `auth`; None when unset (no login)."""
    value = os.environ.get("MJQ_UI_USERS", "") if value is None else value
    if not value.strip():
        return None
    path = Path(value)
    entries = path.read_text(encoding="utf-8").splitlines() if path.is_file() else value.split(",")
    users = []
    for entry in (e.strip() for e in entries):
        if not entry or entry.startswith("#"):
            continue
        name, sep, password = entry.partition(":")
        if not sep or not name or not password:
            raise ConfigError(f"MJQ_UI_USERS: {name or entry!r} is not user:password")
        users.append((name, password))
    return users or None


def may_edit(request) -> bool:
    """Whether this request (a gr.Request) may change documents: its user logged in (MJQ_UI_USERS is
    set, so Gradio asked for a login), or, without a login, it reached the app on a loopback address
    (the app bound to 127.0.0.1, its default, or opened at 127.0.0.1 on its own machine) and no proxy
    relayed it. Decided per request, from the connection itself, however the app was started or mounted."""
    if request is None:
        return False
    if getattr(request, "username", None):
        return True
    http = getattr(request, "request", None)  # the underlying starlette request
    scope = getattr(http, "scope", None) or {}
    local = (scope.get("server") or (None,))[0]
    headers = {name.lower() for name in (getattr(http, "headers", None) or {})}
    return bool(local) and is_loopback(str(local)) and not headers & PROXY_HEADERS
