"""The ``deckgen serve`` command, ready for ``cli.py`` to register:
``app.command("serve", cls=cli_help.Command)(serve_command)``."""

from pathlib import Path
from typing import Annotated

import typer

from ..errors import DeckgenError


def serve_command(
    content: Annotated[
        Path | None,
        typer.Argument(
            metavar="CONTENT",
            help="Content file (YAML) to edit; default: pitch.yaml here, started from the "
            "shipped deck.",
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option("-t", "--template", metavar="FILE", help="PowerPoint template (.pptx/.potx)."),
    ] = None,
    clients: Annotated[
        Path | None,
        typer.Option("--clients", metavar="FILE", help="Client table for the batch page."),
    ] = None,
    host: Annotated[
        str,
        typer.Option(
            "--host", metavar="HOST", help="Address to listen on; not 127.0.0.1: needs a token."
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int | None,
        typer.Option("--port", metavar="PORT", help="Port to listen on (default: a free one)."),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the address, do not open a browser.")
    ] = False,
) -> None:
    """Edit the argument in a local web page and see the real deck.

    A form per slide generated from the content models, live thumbnails of the built deck,
    downloads, Save back to the YAML file keeping its comments, template and client-table
    upload. Listens on 127.0.0.1 at a free port; Ctrl-C stops it. Needs the serve extra:
    pip install "deckgen[serve]".
    """
    from ..cli import fail
    from ..cli_start import collect_garbage_again
    from . import serve

    collect_garbage_again()
    try:
        serve(
            content,
            template=template,
            clients=clients,
            host=host,
            port=port,
            open_browser=not no_browser,
        )
    except DeckgenError as err:
        fail(err)
