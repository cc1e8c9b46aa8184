"""The editor's routes: the page, its status, editing slides and the deck, saving,
the logo, slide images and the deck's downloads."""

from __future__ import annotations

import functools

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from ..errors import ContentError, DeckgenError, InputError, OutputError
from ..models import SLIDE_KINDS
from . import forms
from .handling import (
    PPTX_TYPE,
    in_thread,
    int_or,
    json_error,
    logo_name,
    read_body,
    read_json,
    render_page,
)
from .session import SaveConflict
from .state import State
from .words import KIND_LABELS, pick

MAX_LOGO_UPLOAD = 20_000_000


def deck_routes(state: State) -> list[Route]:
    """Return the routes of the editor over state."""
    page = functools.partial(render_page, state)

    async def editor(request: Request) -> Response:
        session = state.session
        slides = session.slide_list()
        panel = request.query_params.get("panel")
        selected = int_or(request.query_params.get("slide"), 0)
        if panel != "deck" and not 0 <= selected < len(slides):
            selected = 0
        state.rebuild()
        language = session.language()
        data = session.data()
        if panel == "deck" or not slides:
            widgets, values, root, derived = forms.deck_widgets(), data, "", {}
            kind = None
        else:
            slide = data["slides"][selected]
            kind = slide.get("kind")
            widgets = forms.slide_widgets(kind)
            values, root = slide, f"slides[{selected}]"
            derived = session.derived(selected)
        shown = {w.key: forms.shown(w, values.get(w.key), language) for w in widgets}
        sources = [str(s.get("id")) for s in data.get("sources") or [] if isinstance(s, dict)]
        kinds = sorted(
            ((k, pick(KIND_LABELS[k], language)) for k in SLIDE_KINDS), key=lambda kv: kv[1].lower()
        )
        return page(
            "editor.html",
            request,
            slides=slides,
            selected=selected,
            panel="deck" if panel == "deck" or not slides else "slide",
            widgets=widgets,
            values=shown,
            root=root,
            derived=derived,
            derived_labels=session.derived_labels(selected) if kind else {},
            kind=kind,
            kind_label=pick(KIND_LABELS[kind], language) if kind else "",
            sources=sources,
            kinds=kinds,
            logo=logo_name(data),
            problems=[{"field": p.field, "text": str(p)} for p in session.check().problems],
        )

    async def status(request: Request) -> Response:
        session, build = state.session, state.builder.state
        checked = session.check()
        batch = state.batch
        return JSONResponse(
            {
                "dirty": session.dirty,
                "valid": checked.valid,
                "disk_changed": session.disk_changed() is not None,
                "build": {
                    "busy": state.builder.busy,
                    "state": build.state,
                    "error": build.error,
                    "images_error": build.images_error,
                    "notes": [
                        note.replace(str(session.template), session.template_name or "")
                        if session.template is not None
                        else note
                        for note in build.notes
                    ],
                    "generation": build.generation,
                    "thumbs": list(build.thumbs),
                    "current": build.key == state.job().key,
                },
                "batch": None
                if batch is None
                else {
                    "state": batch.state,
                    "done": batch.done,
                    "total": batch.total,
                    "built": batch.built,
                    "failed": batch.failed,
                    "error": batch.error,
                },
            }
        )

    def answer(selected: int | None = None) -> JSONResponse:
        session = state.session
        checked = session.check()
        state.rebuild()
        return JSONResponse(
            {
                "problems": [{"field": p.field, "text": str(p)} for p in checked.problems],
                "derived": session.derived(selected) if selected is not None else {},
                "slides": session.slide_list(),
                "dirty": session.dirty,
            }
        )

    async def edit_slide(request: Request) -> Response:
        index = request.path_params["index"]
        sent = await read_json(request)
        try:
            state.session.edit_slide(index, sent.get("values"))
        except IndexError:
            return json_error(404, f"slide {index}: there is no such slide")
        return answer(index)

    async def edit_deck(request: Request) -> Response:
        sent = await read_json(request)
        state.session.edit_deck(sent.get("values"))
        return answer()

    async def add_slide(request: Request) -> Response:
        sent = await read_json(request)
        kind, at = sent.get("kind"), sent.get("at")
        if kind not in SLIDE_KINDS or not isinstance(at, int):
            return json_error(400, "a new slide needs a kind deckgen knows and a position")
        return JSONResponse({"index": state.session.add_slide(kind, at)})

    async def remove_slide(request: Request) -> Response:
        index = request.path_params["index"]
        try:
            state.session.remove_slide(index)
        except IndexError:
            return json_error(404, f"slide {index}: there is no such slide")
        return answer()

    async def move_slide(request: Request) -> Response:
        index = request.path_params["index"]
        to = (await read_json(request)).get("to")
        if not isinstance(to, int):
            return json_error(400, "a move needs the position to move to")
        try:
            where = state.session.move_slide(index, to)
        except IndexError:
            return json_error(404, f"slide {index}: there is no such slide")
        return JSONResponse({"index": where})

    async def starter(request: Request) -> Response:
        language = (await read_json(request)).get("language")
        if language not in ("de", "en"):
            return json_error(400, "the starter deck comes in de and en")
        state.session.start_from(language)
        return answer()

    async def save(request: Request) -> Response:
        force = (await read_json(request)).get("force") is True
        try:
            state.session.save(force=force)
        except ContentError as err:
            problems = [{"field": p.field, "text": str(p)} for p in err.problems]
            return JSONResponse({"error": str(err), "problems": problems}, status_code=422)
        except SaveConflict as err:
            return JSONResponse({"error": str(err), "conflict": True}, status_code=409)
        except OutputError as err:
            return json_error(500, str(err))
        return JSONResponse({"saved": state.session.name})

    async def reload(request: Request) -> Response:
        try:
            state.session.reload()
        except ContentError as err:
            return json_error(422, str(err))
        return answer()

    async def upload_logo(request: Request) -> Response:
        data = await read_body(request, MAX_LOGO_UPLOAD, "logo")
        try:
            name = state.session.set_logo(data)
        except InputError as err:
            return json_error(422, str(err))
        state.rebuild()
        return JSONResponse({"logo": name})

    async def remove_logo(request: Request) -> Response:
        state.session.remove_logo()
        return answer()

    async def thumb(request: Request) -> Response:
        path = state.builder.thumb(request.path_params["name"])
        if path is None:
            return json_error(404, "no such slide image")
        return FileResponse(
            path,
            media_type="image/png",
            headers={"cache-control": "private, max-age=31536000, immutable"},
        )

    async def download(request: Request) -> Response:
        what = request.path_params["what"]
        if what not in ("pptx", "pdf"):
            return json_error(404, "the deck downloads as deck.pptx or deck.pdf")
        session = state.session
        checked = session.check()
        if not checked.valid:
            return json_error(
                422,
                "the content has problems; fix them first:\n"
                + "\n".join(str(p) for p in checked.problems),
            )
        job = state.job()
        try:
            deck = await in_thread(lambda: state.builder.build(job))
            path = deck if what == "pptx" else await in_thread(lambda: state.builder.pdf(deck))
        except DeckgenError as err:
            return json_error(422 if isinstance(err, InputError) else 500, str(err))
        media = {"pptx": PPTX_TYPE, "pdf": "application/pdf"}[what]
        return FileResponse(path, media_type=media, filename=path.name)

    return [
        Route("/", editor),
        Route("/api/status", status),
        Route("/api/slides/{index:int}", edit_slide, methods=["POST"]),
        Route("/api/slides/{index:int}/remove", remove_slide, methods=["POST"]),
        Route("/api/slides/{index:int}/move", move_slide, methods=["POST"]),
        Route("/api/slides", add_slide, methods=["POST"]),
        Route("/api/deck", edit_deck, methods=["POST"]),
        Route("/api/starter", starter, methods=["POST"]),
        Route("/api/save", save, methods=["POST"]),
        Route("/api/reload", reload, methods=["POST"]),
        Route("/api/logo", upload_logo, methods=["POST"]),
        Route("/api/logo/remove", remove_logo, methods=["POST"]),
        Route("/thumb/{name}.png", thumb),
        Route("/download/deck.{what:str}", download),
    ]
