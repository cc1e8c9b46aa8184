"""The web server: Starlette routes over a Session, served by uvicorn.

Routes hold no deck logic: they parse the request, call the Session, the Builder or a
BatchJob, and answer with a page or JSON. No parameter of any request is a path: slides are
numbers, images are content hashes, downloads have fixed names, and uploads are stored under
names chosen here.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import socket
import sys
import tempfile
import threading
import webbrowser
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..content import MAX_CONTENT_BYTES
from ..errors import ContentError, DeckgenError, InputError, OutputError
from ..models import SLIDE_KINDS
from ..template import MAX_TEMPLATE_BYTES, describe, load_template
from . import forms
from .batchjob import MAX_UPLOAD, TABLE_SUFFIXES, BatchJob
from .preview import Builder, Job
from .security import Guard, GuardMiddleware, is_loopback
from .session import SaveConflict, Session
from .words import KIND_LABELS, pick, ui

STATIC = Path(__file__).parent / "static"
TEMPLATE_SUFFIXES = (".pptx", ".potx", ".pptm", ".potm", ".ppsx")
MAX_LOGO_UPLOAD = 20_000_000
#: A form's JSON: far above any slide, far below what could hurt.
MAX_JSON = MAX_CONTENT_BYTES


class TooLarge(InputError):
    """An upload or request body over its limit (answered with 413)."""


@dataclass
class State:
    """Everything one server holds: the session, its builder, the batch, the guard."""

    session: Session
    builder: Builder
    guard: Guard
    batch: BatchJob | None = None
    template_report: str | None = None
    template_error: str | None = None
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def job(self) -> Job:
        return Job(self.session.build_text(), (), self.session.template, self.session.name)

    def rebuild(self) -> None:
        """Ask for a preview of the draft when it validates; an invalid one is not built."""
        if self.session.check().valid:
            self.builder.request(self.job())

    def draft_file(self) -> Path:
        """Write the draft where a batch reads it: the workspace, under the content's name."""
        folder = self.session.workspace / "batch-content" / str(next(self.counter))
        folder.mkdir(parents=True)
        path = folder / self.session.content.name
        path.write_text(self.session.build_text(), encoding="utf-8")
        return path


_env = Environment(
    loader=PackageLoader("deckgen.web", "templates"),
    autoescape=True,  # everything the user typed is text in the page, never markup
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def create_app(state: State) -> Starlette:
    """Return the ASGI app for state, wrapped in its guard."""

    def page(template: str, request: Request, **context: Any) -> HTMLResponse:
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

    async def editor(request: Request) -> Response:
        session = state.session
        slides = session.slide_list()
        panel = request.query_params.get("panel")
        selected = _int(request.query_params.get("slide"), 0)
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
            logo=_logo_name(data),
            problems=[{"field": p.field, "text": str(p)} for p in session.check().problems],
        )

    async def template_page(request: Request) -> Response:
        return page(
            "template.html",
            request,
            report=state.template_report,
            error=state.template_error,
            template_name=state.session.template_name,
        )

    async def batch_page(request: Request) -> Response:
        return page("batch.html", request, batch=state.batch)

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
        sent = await _json(request)
        try:
            state.session.edit_slide(index, sent.get("values"))
        except IndexError:
            return _error(404, f"slide {index}: there is no such slide")
        return answer(index)

    async def edit_deck(request: Request) -> Response:
        sent = await _json(request)
        state.session.edit_deck(sent.get("values"))
        return answer()

    async def add_slide(request: Request) -> Response:
        sent = await _json(request)
        kind, at = sent.get("kind"), sent.get("at")
        if kind not in SLIDE_KINDS or not isinstance(at, int):
            return _error(400, "a new slide needs a kind deckgen knows and a position")
        return JSONResponse({"index": state.session.add_slide(kind, at)})

    async def remove_slide(request: Request) -> Response:
        index = request.path_params["index"]
        try:
            state.session.remove_slide(index)
        except IndexError:
            return _error(404, f"slide {index}: there is no such slide")
        return answer()

    async def move_slide(request: Request) -> Response:
        index = request.path_params["index"]
        to = (await _json(request)).get("to")
        if not isinstance(to, int):
            return _error(400, "a move needs the position to move to")
        try:
            where = state.session.move_slide(index, to)
        except IndexError:
            return _error(404, f"slide {index}: there is no such slide")
        return JSONResponse({"index": where})

    async def starter(request: Request) -> Response:
        language = (await _json(request)).get("language")
        if language not in ("de", "en"):
            return _error(400, "the starter deck comes in de and en")
        state.session.start_from(language)
        return answer()

    async def save(request: Request) -> Response:
        force = (await _json(request)).get("force") is True
        try:
            state.session.save(force=force)
        except ContentError as err:
            problems = [{"field": p.field, "text": str(p)} for p in err.problems]
            return JSONResponse({"error": str(err), "problems": problems}, status_code=422)
        except SaveConflict as err:
            return JSONResponse({"error": str(err), "conflict": True}, status_code=409)
        except OutputError as err:
            return _error(500, str(err))
        return JSONResponse({"saved": state.session.name})

    async def reload(request: Request) -> Response:
        try:
            state.session.reload()
        except ContentError as err:
            return _error(422, str(err))
        return answer()

    async def upload_logo(request: Request) -> Response:
        data = await _body(request, MAX_LOGO_UPLOAD, "logo")
        try:
            name = state.session.set_logo(data)
        except InputError as err:
            return _error(422, str(err))
        state.rebuild()
        return JSONResponse({"logo": name})

    async def remove_logo(request: Request) -> Response:
        state.session.remove_logo()
        return answer()

    async def thumb(request: Request) -> Response:
        path = state.builder.thumb(request.path_params["name"])
        if path is None:
            return _error(404, "no such slide image")
        return FileResponse(
            path,
            media_type="image/png",
            headers={"cache-control": "private, max-age=31536000, immutable"},
        )

    async def download(request: Request) -> Response:
        what = request.path_params["what"]
        if what not in ("pptx", "pdf"):
            return _error(404, "the deck downloads as deck.pptx or deck.pdf")
        session = state.session
        checked = session.check()
        if not checked.valid:
            return _error(
                422,
                "the content has problems; fix them first:\n"
                + "\n".join(str(p) for p in checked.problems),
            )
        job = state.job()
        try:
            deck = await _in_thread(lambda: state.builder.build(job))
            path = deck if what == "pptx" else await _in_thread(lambda: state.builder.pdf(deck))
        except DeckgenError as err:
            return _error(422 if isinstance(err, InputError) else 500, str(err))
        media = {"pptx": PPTX_TYPE, "pdf": "application/pdf"}[what]
        return FileResponse(path, media_type=media, filename=path.name)

    async def upload_template(request: Request) -> Response:
        suffix = _suffix(request, TEMPLATE_SUFFIXES)
        if suffix is None:
            return _error(422, "a template is a .pptx or .potx file (or .pptm, .potm, .ppsx)")
        data = await _body(request, MAX_TEMPLATE_BYTES, "template")
        folder = state.session.workspace / "templates" / str(next(state.counter))
        folder.mkdir(parents=True)
        path = folder / f"template{suffix}"
        path.write_bytes(data)
        display = _display_name(request, f"template{suffix}")
        try:
            template = await _in_thread(lambda: load_template(path))
        except DeckgenError as err:
            state.template_error = str(err).replace(str(path), display)
            state.template_report = None
            return _error(422, state.template_error)
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

    async def upload_table(request: Request) -> Response:
        suffix = _suffix(request, TABLE_SUFFIXES)
        if suffix is None:
            return _error(422, "a client table is a .csv or .xlsx file")
        data = await _body(request, MAX_UPLOAD, "client table")
        folder = state.session.workspace / "batch" / str(next(state.counter))
        folder.mkdir(parents=True)
        table = folder / f"clients{suffix}"
        table.write_bytes(data)
        job = BatchJob(folder, table, _display_name(request, table.name))
        await _check_batch(job)
        state.batch = job
        return JSONResponse({"rows": len(job.rows), "error": job.error})

    async def _check_batch(job: BatchJob) -> None:
        content = state.draft_file()
        template = state.session.template
        await _in_thread(lambda: job.check(content, state.session.name, template))

    async def build_batch(request: Request) -> Response:
        job = state.batch
        if job is None:
            return _error(409, "upload a client table first")
        await _check_batch(job)  # the content may have changed since the table was checked
        if job.error is not None:
            return _error(422, job.error)
        job.start(state.draft_file(), state.session.template)
        return JSONResponse({"started": True})

    async def batch_file(request: Request) -> Response:
        job = state.batch
        path = job.file(request.path_params["name"]) if job is not None else None
        if path is None:
            return _error(404, "no such file; build the batch first")
        media = "application/zip" if path.suffix == ".zip" else "application/json"
        return FileResponse(path, media_type=media, filename=path.name)

    routes = [
        Route("/", editor),
        Route("/template", template_page),
        Route("/batch", batch_page),
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
        Route("/api/template", upload_template, methods=["POST"]),
        Route("/api/template/reset", reset_template, methods=["POST"]),
        Route("/api/batch/table", upload_table, methods=["POST"]),
        Route("/api/batch/build", build_batch, methods=["POST"]),
        Route("/thumb/{name}.png", thumb),
        Route("/download/deck.{what:str}", download),
        Route("/download/batch/{name}", batch_file),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        state.builder.stop()

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={
            TooLarge: lambda request, exc: _error(413, str(exc)),
            InputError: lambda request, exc: _error(400, str(exc)),
        },
    )
    app.add_middleware(GuardMiddleware, guard=state.guard)
    return app


PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#: No script, style or image from anywhere but this server; no framing by other pages.
PAGE_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _logo_name(data: dict[str, Any]) -> str | None:
    brand = data.get("brand")
    logo = brand.get("logo") if isinstance(brand, dict) else None
    return logo if isinstance(logo, str) else None


async def _in_thread(fn: Callable[[], Any]) -> Any:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn)


async def _body(request: Request, limit: int, what: str) -> bytes:
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


async def _json(request: Request) -> dict[str, Any]:
    try:
        data = json.loads(await _body(request, MAX_JSON, "form"))
    except (ValueError, UnicodeDecodeError):
        raise InputError("the request is not JSON") from None
    if not isinstance(data, dict):
        raise InputError("the request is not a JSON object")
    return data


def _suffix(request: Request, allowed: tuple[str, ...]) -> str | None:
    """Return the upload's suffix when it is one of allowed: the only part of an uploaded
    file's name that is used, and only to pick one of deckgen's own names."""
    name = request.headers.get("x-file-name", "")
    suffix = os.path.splitext(name)[1].lower()
    return suffix if suffix in allowed else None


def _display_name(request: Request, fallback: str) -> str:
    """Return the upload's own name for messages only, cut short; never used as a path."""
    from urllib.parse import unquote

    name = unquote(request.headers.get("x-file-name", ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return (name[:80] or fallback) if name.isprintable() else fallback


# --------------------------------------------------------------------------- running


def listen(host: str, port: int | None) -> socket.socket:
    """Open the listening socket (port 0: a free one); raise OutputError saying what to do."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port or 0))
        sock.listen(128)
    except OSError as err:
        sock.close()
        raise OutputError(
            f"{host}:{port or 0}: cannot listen there: {err.strerror}; choose another --port"
            + ("" if port else " or --host")
        ) from err
    sock.set_inheritable(True)
    return sock


def address(host: str, port: int) -> str:
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def make_state(
    content: Path | None,
    *,
    template: Path | None,
    clients: Path | None,
    workspace: Path,
    guard: Guard,
    images: bool = True,
) -> State:
    """Open the session and check the files given at start; raise their DeckgenError."""
    session = Session.open(content, workspace)
    state = State(session=session, builder=Builder(workspace, images=images), guard=guard)
    if template is not None:
        loaded = load_template(template)
        session.template, session.template_name = template, str(template)
        state.template_report = describe(loaded)
    if clients is not None:
        folder = workspace / "batch" / "0"
        folder.mkdir(parents=True)
        job = BatchJob(folder, clients, str(clients), uploaded=False)
        job.check(state.draft_file(), session.name, session.template)
        state.batch = job
    return state


def run(
    content: Path | None,
    *,
    template: Path | None,
    clients: Path | None,
    host: str,
    port: int | None,
    open_browser: bool,
    ready: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Serve until Ctrl-C (or ``stop``), then remove the workspace. ``ready`` gets the address
    once the server accepts connections (the tests' way in)."""
    import uvicorn

    sock = listen(host, port)
    workspace = Path(tempfile.mkdtemp(prefix="deckgen-serve-"))
    try:
        bound = sock.getsockname()[1]
        guard = Guard.for_address(host, bound)
        state = make_state(
            content, template=template, clients=clients, workspace=workspace, guard=guard
        )
        url = address("127.0.0.1" if host in ("localhost",) else host, bound)
        link = f"{url}?token={guard.token}" if guard.token else url
        config = uvicorn.Config(
            create_app(state),
            log_level="warning",
            access_log=False,
            server_header=False,
            lifespan="on",
        )
        server = uvicorn.Server(config)
        where = "" if is_loopback(host) else " (give the address with its token to whom you trust)"
        print(f"deckgen serve: editing {state.session.name} at {link}{where}")
        print("press Ctrl-C to stop")
        sys.stdout.flush()

        def started() -> None:
            if ready is not None:
                ready(link)
            if open_browser:
                webbrowser.open(link)

        _watch_start(server, started, stop)
        with contextlib.suppress(KeyboardInterrupt):
            server.run(sockets=[sock])
        state.builder.stop()
        print("stopped")
    finally:
        sock.close()
        shutil.rmtree(workspace, ignore_errors=True)


def _watch_start(server: Any, started: Callable[[], None], stop: threading.Event | None) -> None:
    """Call started once the server is up; end it when stop is set."""

    def wait() -> None:
        while not server.started:
            if server.should_exit:
                return
            threading.Event().wait(0.02)
        started()
        if stop is not None:
            stop.wait()
            server.should_exit = True

    threading.Thread(target=wait, name="deckgen-serve-start", daemon=True).start()
