"""Reading requests and writing answers: body and JSON limits, upload names, the page
renderer and its headers, JSON errors. No route lives here."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse

from ..content import MAX_CONTENT_BYTES
from ..errors import InputError
from . import forms
from .state import State
from .words import ui

#: A form's JSON: far above any slide, far below what could hurt.
MAX_JSON = MAX_CONTENT_BYTES


class TooLarge(InputError):
    """An upload or request body over its limit (answered with 413)."""


_env = Environment(
    loader=PackageLoader("deckgen.web", "templates"),
    autoescape=True,  # everything the user typed is text in the page, never markup
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_page(state: State, template: str, request: Request, **context: Any) -> HTMLResponse:
    """Render a page of the editor with what every page shows: words, file, CSRF token."""
    session = state.session
    language = session.language()
    words = ui(language)
    body = _env.get_template(template).render(
        w=words,
        w_=words,
        language=language,
        csrf=state.guard.csrf,
        file=session.name,
        new_file=session.disk.stamp is None,
        path=request.url.path,
        blank=lambda widget: forms.shown(widget, None, language),
        currency=str(session.data().get("currency") or "EUR"),
        **context,
    )
    return HTMLResponse(body, headers=PAGE_HEADERS)


PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#: No script, style or image from anywhere but this server; no framing by other pages.
PAGE_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def json_error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def int_or(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def logo_name(data: dict[str, Any]) -> str | None:
    brand = data.get("brand")
    logo = brand.get("logo") if isinstance(brand, dict) else None
    return logo if isinstance(logo, str) else None


async def in_thread(fn: Callable[[], Any]) -> Any:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn)


async def read_body(request: Request, limit: int, what: str) -> bytes:
    """Read a request body of at most limit bytes; raise TooLarge as soon as it is over."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(
            f"the {what} is {int(declared):,} bytes, more than the {limit:,} "
            "deckgen reads; is it the right file?"
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(
                f"the {what} is more than the {limit:,} bytes deckgen reads; is it the right file?"
            )
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json(request: Request) -> dict[str, Any]:
    try:
        data = json.loads(await read_body(request, MAX_JSON, "form"))
    except (ValueError, UnicodeDecodeError):
        raise InputError("the request is not JSON") from None
    if not isinstance(data, dict):
        raise InputError("the request is not a JSON object")
    return data


def upload_suffix(request: Request, allowed: tuple[str, ...]) -> str | None:
    """Return the upload's suffix when it is one of allowed: the only part of an uploaded
    file's name that is used, and only to pick one of deckgen's own names."""
    name = request.headers.get("x-file-name", "")
    suffix = os.path.splitext(name)[1].lower()
    return suffix if suffix in allowed else None


def upload_name(request: Request, fallback: str) -> str:
    """Return the upload's own name for messages only, cut short; never used as a path."""
    from urllib.parse import unquote

    name = unquote(request.headers.get("x-file-name", ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return (name[:80] or fallback) if name.isprintable() else fallback
