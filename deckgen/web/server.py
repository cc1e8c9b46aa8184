"""The web server: the app assembled from the routes of each layer, served by uvicorn.

Routes hold no deck logic: they parse the request, call the Session, the Builder or a
BatchJob, and answer with a page or JSON. No parameter of any request is a path: slides are
numbers, images are content hashes, downloads have fixed names, and uploads are stored under
names chosen here.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import sys
import tempfile
import threading
import webbrowser
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ..errors import InputError, OutputError
from ..template import describe, load_template
from .batch_routes import batch_routes
from .batchjob import BatchJob
from .deck_routes import deck_routes
from .handling import TooLarge, json_error
from .preview import Builder
from .security import Guard, GuardMiddleware, is_loopback
from .session import Session
from .state import State
from .template_routes import template_routes

STATIC = Path(__file__).parent / "static"


def create_app(state: State) -> Starlette:
    """Return the ASGI app for state, wrapped in its guard."""
    routes = [
        *deck_routes(state),
        *template_routes(state),
        *batch_routes(state),
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
            TooLarge: lambda request, exc: json_error(413, str(exc)),
            InputError: lambda request, exc: json_error(400, str(exc)),
        },
    )
    app.add_middleware(GuardMiddleware, guard=state.guard)
    return app


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
