"""The template's routes: its page, uploading a template and going back to the built-in one."""

from __future__ import annotations

import functools

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import DeckgenError
from ..template import MAX_TEMPLATE_BYTES, describe, load_template
from .handling import in_thread, json_error, read_body, render_page, upload_name, upload_suffix
from .state import State

TEMPLATE_SUFFIXES = (".pptx", ".potx", ".pptm", ".potm", ".ppsx")


def template_routes(state: State) -> list[Route]:
    """Return the routes for the template over state."""
    page = functools.partial(render_page, state)

    async def template_page(request: Request) -> Response:
        return page(
            "template.html",
            request,
            report=state.template_report,
            error=state.template_error,
            template_name=state.session.template_name,
        )

    async def upload_template(request: Request) -> Response:
        suffix = upload_suffix(request, TEMPLATE_SUFFIXES)
        if suffix is None:
            return json_error(422, "a template is a .pptx or .potx file (or .pptm, .potm, .ppsx)")
        data = await read_body(request, MAX_TEMPLATE_BYTES, "template")
        path = state.store("templates", f"template{suffix}", data)
        display = upload_name(request, f"template{suffix}")
        try:
            template = await in_thread(lambda: load_template(path))
        except DeckgenError as err:
            state.template_error = str(err).replace(str(path), display)
            state.template_report = None
            return json_error(422, state.template_error)
        state.template_error = None
        state.template_report = describe(template).replace(str(path), display)
        state.session.template, state.session.template_name = path, display
        state.rebuild()
        return JSONResponse({"template": display})

    async def reset_template(request: Request) -> Response:
        state.session.template = state.session.template_name = None
        state.template_report = state.template_error = None
        state.rebuild()
        return JSONResponse({"template": None})

    return [
        Route("/template", template_page),
        Route("/api/template", upload_template, methods=["POST"]),
        Route("/api/template/reset", reset_template, methods=["POST"]),
    ]
