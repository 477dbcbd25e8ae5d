"""Limits for an app that others can reach, shared by the HTTP API (server.py) and the UI.

    exposure = Exposure.from_env("0.0.0.0")
    exposure.check(insecure=False, ui=True)      # ConfigError: off loopback without keys or UI users
    app.add_middleware(RequestGate, allowed_hosts=exposure.allowed_hosts)
    who = exposure.client_id(bearer_key, client_address)   # None: a wrong or missing key
    wait = exposure.rate_limit.hit(who)                     # None, or seconds until the next request is allowed

Settings (environment variables):
MJQ_API_KEYS        comma-separated bearer keys; when set, every /v1 request needs one
MJQ_UI_USERS        comma-separated user:password pairs for the UI's login
MJQ_RATE_LIMIT      per client (key, else address), in the `limits` notation; default 600/minute
MJQ_RATE_LIMIT_STORAGE  where counts live; default memory:// (per process); redis://host:6379 shares them
MJQ_CORS_ORIGINS    comma-separated origins allowed to call from a browser; CORS is off when unset
MJQ_ALLOWED_HOSTS   comma-separated Host names served besides localhost, this machine's name and IP addresses
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import os
import socket
import time
from dataclasses import dataclass, field

from .errors import ConfigError

MAX_BODY_BYTES = 64 * 1024   # any request body (JSON, form, upload)
DEFAULT_RATE_LIMIT = "600/minute"
LOOPBACK_NAMES = ("localhost",)


def _listed(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def is_loopback(host: str) -> bool:
    """Whether binding `host` keeps the app on this machine."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def error_body(message: str, type: str = "invalid_request_error", code: str | None = None) -> dict:
    """An error in the OpenAI API's shape, which OpenAI clients read and raise."""
    return {"error": {"message": message, "type": type, "param": None, "code": code}}


def ui_users(text: str) -> list[tuple[str, str]]:
    """MJQ_UI_USERS ("alice:secret,bob:pass") as (user, password) pairs for Gradio's auth."""
    pairs = []
    for item in filter(None, (i.strip() for i in text.split(","))):
        user, sep, password = item.partition(":")
        if not (sep and user and password):
            raise ConfigError(f"MJQ_UI_USERS: {user or item!r} needs the form user:password")
        pairs.append((user, password))
    return pairs


class RateLimit:
    """A moving-window limit per client, counted by the `limits` library."""

    def __init__(self, spec: str = DEFAULT_RATE_LIMIT, storage: str = "memory://"):
        from limits import parse_many
        from limits.errors import ConfigurationError
        from limits.storage import storage_from_string
        from limits.strategies import MovingWindowRateLimiter
        try:
            self.items = parse_many(spec)
            self.limiter = MovingWindowRateLimiter(storage_from_string(storage))
        except (ValueError, ConfigurationError) as exc:  # a bad limit; an unknown or uninstalled storage
            raise ConfigError(f"MJQ_RATE_LIMIT={spec!r} or MJQ_RATE_LIMIT_STORAGE={storage!r}: {exc} "
                              "(write limits like 600/minute or 10/second;1000/hour)") from None
        self.spec = spec

    def hit(self, client: str) -> int | None:
        """Count a request of `client`: None when allowed, else whole seconds to wait."""
        for item in self.items:
            if not self.limiter.hit(item, client):
                reset = self.limiter.get_window_stats(item, client).reset_time
                return max(1, math.ceil(reset - time.time()))
        return None


@dataclass
class Exposure:
    """Who may use the app, from where, and how often."""
    host: str
    keys: list[str] = field(default_factory=list)
    users: list[tuple[str, str]] = field(default_factory=list)
    cors_origins: list[str] = field(default_factory=list)
    extra_hosts: list[str] = field(default_factory=list)
    rate_limit: RateLimit = field(default_factory=RateLimit)

    @classmethod
    def from_env(cls, host: str) -> "Exposure":
        return cls(host, _listed("MJQ_API_KEYS"), ui_users(os.environ.get("MJQ_UI_USERS", "")),
                   _listed("MJQ_CORS_ORIGINS"), _listed("MJQ_ALLOWED_HOSTS"),
                   RateLimit(os.environ.get("MJQ_RATE_LIMIT") or DEFAULT_RATE_LIMIT,
                             os.environ.get("MJQ_RATE_LIMIT_STORAGE") or "memory://"))

    def check(self, insecure: bool = False, ui: bool = True) -> None:
        """Refuse to serve beyond this machine without keys (and UI users, when the UI is served)."""
        if is_loopback(self.host) or insecure:
            return
        missing = ([] if self.keys else ["MJQ_API_KEYS"]) + (["MJQ_UI_USERS (or --no-ui)"] if ui and not self.users else [])
        if missing:
            raise ConfigError(f"refusing to serve on {self.host} without {' and '.join(missing)}: anyone who can "
                              "reach it could use it. Set them, bind 127.0.0.1, or pass --insecure.")

    @property
    def allowed_hosts(self) -> set[str]:
        """Host header names served (IP addresses always are: DNS rebinding needs a name)."""
        return {*LOOPBACK_NAMES, self.host.lower(), socket.gethostname().lower(), *(h.lower() for h in self.extra_hosts)}

    def client_id(self, key: str | None, address: str | None) -> str | None:
        """Whom a request counts against: its key (hashed) when keys are set, else its address.
        None when keys are set and `key` is not one of them."""
        if not self.keys:
            return f"address:{address or 'unknown'}"
        given = (key or "").encode()
        if not any(hmac.compare_digest(given, k.encode()) for k in self.keys):
            return None
        return "key:" + hashlib.sha256(given).hexdigest()[:16]


def host_allowed(host_header: str, allowed: set[str]) -> bool:
    """Whether a request's Host header names this app: an IP address, or a name in `allowed`."""
    if "*" in allowed:
        return True
    host = host_header.strip().lower()
    if host.startswith("["):                     # [::1]:8000
        host = host[1:].partition("]")[0]
    elif host.count(":") == 1:                   # name:8000
        host = host.partition(":")[0]
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return host in allowed


class RequestGate:
    """ASGI middleware, before anything reads a request: 400 for a Host header this app does not answer
    to (DNS rebinding), 413 for a declared body over `max_body` (a body sent without its length is
    counted as it is read, by starlette's RequestBodyLimitMiddleware inside this one)."""

    def __init__(self, app, allowed_hosts: set[str], max_body: int = MAX_BODY_BYTES):
        self.app, self.allowed_hosts, self.max_body = app, allowed_hosts, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        host = headers.get(b"host", b"").decode("latin-1")
        if not host_allowed(host, self.allowed_hosts):
            if scope["type"] == "websocket":
                return await send({"type": "websocket.close", "code": 1008})
            return await _reply(scope, receive, send, 400, error_body(
                f"Host {host!r} is not served here; the operator can add it to MJQ_ALLOWED_HOSTS", code="invalid_host"))
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_body:
            return await _reply(scope, receive, send, 413, error_body(
                f"the request body is {int(length)} bytes; the limit is {self.max_body}", code="request_too_large"))
        await self.app(scope, receive, send)


async def _reply(scope, receive, send, status: int, body: dict) -> None:
    from starlette.responses import JSONResponse
    await JSONResponse(body, status_code=status)(scope, receive, send)
