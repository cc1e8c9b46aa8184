"""`deckgen serve`: a local web page where a marketer edits the argument and sees the real deck.

A thin face over the library, like ``cli.py``: the page's forms are generated from the content
models, validation and derived figures are the models', decks are built by ``build_deck`` and
rendered by LibreOffice through ``deckgen.export``. The web server (Starlette on uvicorn) and the
round-trip YAML writer are the optional extra ``deckgen[serve]``; nothing here is imported by
the rest of deckgen.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import MissingToolError

#: The distributions of the serve extra, by the module each provides.
EXTRA_MODULES = {"starlette": "Starlette", "uvicorn": "uvicorn", "ruamel.yaml": "ruamel.yaml"}


class ServeUnavailable(MissingToolError):
    """The optional web server extra is not installed; the rest of deckgen works without it."""


def require_extra() -> None:
    """Raise ServeUnavailable naming what is missing and the one command that installs it."""
    import importlib.util

    missing = []
    for module, name in EXTRA_MODULES.items():
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:  # the parent package (ruamel) is missing
            found = False
        if not found:
            missing.append(name)
    if missing:
        raise ServeUnavailable(
            f"deckgen serve needs the web server extra, and {', '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not installed: install it with "
            '`pip install "deckgen[serve]"` (Starlette, uvicorn and ruamel.yaml) and run the '
            "command again; build, batch and every other command work without it"
        )


def serve(
    content: Path | None,
    *,
    template: Path | None,
    clients: Path | None,
    host: str,
    port: int | None,
    open_browser: bool,
) -> None:
    """Serve the editing page for content until Ctrl-C, then remove the server's workspace.

    Without content, edit ``pitch.yaml`` in the current folder, starting from the shipped
    German deck when it does not exist yet (Save writes it). ``port`` None takes a free one.
    Any ``host`` but the loopback addresses needs the access token printed at start. Raise
    ServeUnavailable when the extra is missing, ContentError for an unreadable content file,
    TemplateError or InputError for an unusable template or client table, OutputError when the
    address cannot be listened on.
    """
    require_extra()
    from .server import run

    run(
        content,
        template=template,
        clients=clients,
        host=host,
        port=port,
        open_browser=open_browser,
    )
