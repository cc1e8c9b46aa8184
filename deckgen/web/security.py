"""The server's refusals, before any route runs: foreign Host and Origin headers (DNS
rebinding, cross-site posts), state-changing requests without the page's CSRF token, and, when
serving beyond the loopback interface, requests without the access token printed at start.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from ..records import record

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_COOKIE = "deckgen_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD"})


def is_loopback(host: str) -> bool:
    """True for 127.0.0.1, ::1 and localhost: addresses only this machine reaches."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@record
class Guard:
    """What a request must show. ``hosts`` None accepts any Host (a server on another
    interface, reached by names it cannot know), which is why it then needs ``token``."""

    hosts: frozenset[str] | None
    token: str | None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @classmethod
    def for_address(cls, host: str, port: int) -> Guard:
        """The guard for a server listening at host:port."""
        if is_loopback(host):
            names = {"127.0.0.1", "localhost", "[::1]", host if ":" not in host else f"[{host}]"}
            return cls(frozenset(f"{name}:{port}" for name in names), None)
        return cls(None, secrets.token_urlsafe(24))


class GuardMiddleware:
    """ASGI middleware that refuses what the Guard does not allow, with a plain message."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self.refusal(scope, headers)
        if refusal is not None:
            status, message, extra = refusal
            await _respond(send, status, message, extra)
            return
        await self.app(scope, receive, send)

    def refusal(
        self, scope: Scope, headers: dict[str, str]
    ) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
        guard = self.guard
        host = headers.get("host", "")
        method = scope["method"]
        if guard.hosts is not None and host not in guard.hosts:
            return 421, f"refused: this server answers only to {sorted(guard.hosts)[0]}", []
        origin = headers.get("origin")
        if origin is not None and origin != f"http://{host}":
            return 403, "refused: a request from another site", []
        if method not in SAFE_METHODS and headers.get("sec-fetch-site") == "cross-site":
            return 403, "refused: a request from another site", []
        if guard.token is not None:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            given = (query.get("token") or [""])[0]
            if given and hmac.compare_digest(given, guard.token) and method in SAFE_METHODS:
                cookie = f"{TOKEN_COOKIE}={guard.token}; HttpOnly; SameSite=Strict; Path=/"
                return (
                    303,
                    "signed in",
                    [(b"location", scope["path"].encode()), (b"set-cookie", cookie.encode())],
                )
            jar = SimpleCookie(headers.get("cookie", ""))
            held = jar[TOKEN_COOKIE].value if TOKEN_COOKIE in jar else ""
            if not hmac.compare_digest(held, guard.token):
                return 401, "refused: open the address with the access token printed at start", []
        if method not in SAFE_METHODS:
            sent = headers.get(CSRF_HEADER, "")
            if not hmac.compare_digest(sent.encode(), guard.csrf.encode()):
                return 403, "refused: the request lacks the page's CSRF token; reload the page", []
        return None


async def _respond(send: Send, status: int, message: str, extra: list[tuple[bytes, bytes]]) -> None:
    body = (message + "\n").encode()
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
