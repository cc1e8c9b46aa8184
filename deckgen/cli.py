"""The command line: each command parses its arguments, calls one library function, prints the
result and maps DeckgenError to an exit code. Heavy modules are imported inside the commands so
that `deckgen --help` stays fast."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__
from .errors import DeckgenError

app = typer.Typer(
    help="Turn a marketer's arguments into a boardroom-ready PowerPoint deck for the CEO.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)

SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override a content field: path=value, e.g. audience.company=Acme"),
]


def fail(err: DeckgenError) -> NoReturn:
    """Print a user error to stderr and exit with its code; never a traceback."""
    print(f"error: {err}" if "\n" not in str(err) else f"error:\n{err}", file=sys.stderr)
    raise typer.Exit(err.exit_code)


def _version(value: bool) -> None:
    if value:
        print(f"deckgen {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """deckgen: boardroom decks from typed arguments."""


@app.command()
def build(
    content: Annotated[Path | None, typer.Argument(help="Content file (YAML).")] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Shipped deck language: de or en.")
    ] = None,
    template: Annotated[
        Path | None, typer.Option("-t", "--template", help="PowerPoint template (.pptx/.potx).")
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output .pptx.")] = None,
    set_: SetOption = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write a PDF (needs LibreOffice).")
    ] = False,
) -> None:
    """Build one deck; without CONTENT, the shipped German deck (--lang en: English)."""
    from .api import build_deck

    if lang is not None and lang not in ("de", "en"):
        fail(DeckgenError(f"--lang {lang}: the shipped deck comes in de and en"))
    try:
        result = build_deck(
            content, language=lang, template=template, output=output, overrides=set_ or [], pdf=pdf
        )
    except DeckgenError as err:
        fail(err)
    print(f"wrote {result.output} ({result.slides} slides)")
    if result.pdf:
        print(f"wrote {result.pdf}")


@app.command()
def validate(
    content: Annotated[Path, typer.Argument(help="Content file (YAML).")],
    set_: SetOption = None,
) -> None:
    """Check a content file without writing anything; list every problem at once."""
    from .api import load

    try:
        deck = load(content, overrides=set_ or [])
    except DeckgenError as err:
        fail(err)
    print(f"{content}: ok ({len(deck.slides)} slides, language {deck.language})")


@app.command()
def schema() -> None:
    """Print the JSON Schema of content files (for editor autocompletion)."""
    from .api import content_schema_json

    sys.stdout.write(content_schema_json())


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the starter files.")] = Path("."),
    lang: Annotated[str, typer.Option("--lang", help="Language of the starter deck.")] = "de",
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Write an editable starter content file (pitch.yaml) and a sample client table."""
    from .api import init_project

    if lang not in ("de", "en"):
        fail(DeckgenError(f"--lang {lang}: the starter deck comes in de and en"))
    try:
        written = init_project(directory, language=lang, force=force)
    except DeckgenError as err:
        fail(err)
    for path in written:
        print(f"wrote {path}")
    print(f'next: deckgen build {written[0]} --set audience.company="Your client"')


# --- batch commands (deckgen batch; validate --clients lives in validate above)

# --- template commands (deckgen inspect)

# --- quality commands (deckgen check, deckgen preview)


def main() -> None:
    """Console-script entry point."""
    app()
