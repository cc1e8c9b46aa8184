"""The command line: each command parses its arguments, calls one library function, prints the
result and maps DeckgenError to an exit code. Heavy modules are imported inside the commands so
that `deckgen --help` stays fast. What they print is in ``cli_output``, how their help reads
and the options they share in ``cli_help``. No ``from __future__ import annotations`` here, in
``cli_help`` or the web command: Typer would evaluate the strings again on every start."""

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from . import __version__
from .cli_help import (
    AllowOverflowOption,
    Command,
    ContentArgument,
    Group,
    KeepTemplateSlidesOption,
    MappingOption,
    SetOption,
    SheetOption,
    TemplateOption,
)
from .cli_output import (
    BatchProgress,
    RunPrinter,
    print_batch,
    print_build,
    print_error,
    print_findings,
    print_preview,
)
from .cli_start import collect_garbage_again, command_start
from .errors import DeckgenError
from .web.command import serve_command

app = typer.Typer(
    cls=Group,
    help="Boardroom-ready PowerPoint decks for the CEO, from a marketer's arguments.",
    epilog="Run 'deckgen COMMAND --help' for a command's options.",
    no_args_is_help=True,
    # Plain help as git, ruff and uv print it: Rich's panels show flags as `--pdf <bool>`.
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
)


def fail(err: DeckgenError) -> NoReturn:
    """Print a user error to stderr and exit with its code; never a traceback."""
    print_error(err)
    raise typer.Exit(err.exit_code)


def watch_until_interrupted(start: Callable[[], None]) -> None:
    """Run a watch until Ctrl-C, which ends it without a traceback and with exit code 0: the
    user stopping a watch is how a watch ends."""
    collect_garbage_again()
    try:
        start()
    except DeckgenError as err:
        fail(err)
    except KeyboardInterrupt:
        print("stopped watching")


def _version(value: bool) -> None:
    if value:
        print(f"deckgen {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print deckgen's version and exit."
        ),
    ] = False,
) -> None:
    """Boardroom-ready PowerPoint decks for the CEO, from a marketer's arguments."""


@app.command(cls=Command)
def build(
    content: Annotated[
        Path | None,
        typer.Argument(metavar="CONTENT", help="Content file (YAML); default: the shipped deck."),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", metavar="LANG", help="Language of the shipped deck: de or en."),
    ] = None,
    template: TemplateOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="FILE", help="Deck to write (default: out/CONTENT.pptx)."
        ),
    ] = None,
    set_: SetOption = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write a PDF beside the deck (LibreOffice).")
    ] = False,
    allow_overflow: AllowOverflowOption = False,
    mapping: MappingOption = None,
    keep_template_slides: KeepTemplateSlidesOption = False,
    watch: Annotated[
        bool,
        typer.Option("--watch", help="Rebuild when the content, logo or template is saved."),
    ] = False,
) -> None:
    """Build a deck from a content file.

    Writes out/CONTENT.pptx in the current folder (out/pitch.pptx for pitch.yaml) unless -o
    says otherwise. Without CONTENT, builds the shipped German deck (--lang en: English).
    With --watch, an edit that does not validate shows its errors and keeps the last deck.
    """
    from .api import build_deck, watch_build

    options: dict[str, Any] = dict(
        language=lang, template=template, output=output, overrides=set_ or [], pdf=pdf,
        allow_overflow=allow_overflow, mapping=mapping, keep_template_slides=keep_template_slides,
    )  # fmt: skip
    if watch:
        on_build = RunPrinter(print_build)
        watch_until_interrupted(lambda: watch_build(content, on_build=on_build, **options))
        return
    try:
        result = build_deck(content, **options)
    except DeckgenError as err:
        fail(err)
    print_build(result)
    if result.pdf_error:  # the deck is written; the PDF is what failed
        raise typer.Exit(1)


@app.command(cls=Command)
def validate(
    content: ContentArgument,
    set_: SetOption = None,
    clients: Annotated[
        Path | None,
        typer.Option(
            "--clients",
            metavar="FILE",
            help="Also check every row of this client table.",
        ),
    ] = None,
    sheet: SheetOption = None,
    template: TemplateOption = None,
) -> None:
    """Check a content file and client rows without writing anything."""
    from .api import validate as validate_content

    if clients:
        collect_garbage_again()  # a row after another, as in a batch
    try:
        deck, rows = validate_content(
            content, overrides=set_ or [], clients=clients, sheet=sheet, template=template
        )
    except DeckgenError as err:
        fail(err)
    print(f"{content}: ok ({len(deck.slides)} slides, language {deck.language})")
    if clients:
        print(f"{clients}: ok ({rows} client rows)")


@app.command(cls=Command)
def schema() -> None:
    """Print the JSON Schema of content files, for editor completion."""
    from .api import content_schema_json

    sys.stdout.write(content_schema_json())


@app.command(cls=Command)
def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder for the starter files.")
    ] = Path("."),
    lang: Annotated[
        str,
        typer.Option("--lang", metavar="LANG", help="Language of the starter deck: de or en."),
    ] = "de",
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Start a project: starter content, sample clients, .gitignore.

    Writes DIR/pitch.yaml (the shipped deck, commented, to edit), DIR/clients.csv (two sample
    clients for deckgen batch) and DIR/.gitignore (out/, decks/, preview/ and PDFs).
    """
    from .api import init_project

    try:
        written = init_project(directory, language=lang, force=force)
    except DeckgenError as err:
        fail(err)
    for path in written:
        print(f"wrote {path}")
    print(f'next: deckgen build {written[0]} --set audience.company="Your client"')


# --- batch commands (deckgen batch; validate --clients lives in validate above)


@app.command(cls=Command)
def batch(
    content: ContentArgument,
    clients: Annotated[
        Path,
        typer.Argument(metavar="CLIENTS", help="Client table: .csv, .xlsx, .yaml or .json."),
    ],
    output: Annotated[
        Path,
        typer.Option("-o", "--output", metavar="DIR", help="Folder for the decks."),
    ] = Path("decks"),
    template: TemplateOption = None,
    sheet: SheetOption = None,
    set_: SetOption = None,
    mapping: MappingOption = None,
    allow_overflow: AllowOverflowOption = False,
    keep_template_slides: KeepTemplateSlidesOption = False,
    name: Annotated[
        str,
        typer.Option(
            "--name",
            metavar="PATTERN",
            help="File names from {company}, {row} or any {column}.",
        ),
    ] = "{company}",
    jobs: Annotated[
        int | None,
        typer.Option(
            "-j", "--jobs", min=1, metavar="N", help="Processes to build in (default: all CPUs)."
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Build nothing unless every row is valid.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Rebuild all decks; replace files no batch made."),
    ] = False,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write a PDF per deck (needs LibreOffice).")
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", metavar="FILE", help="Report to write (default: DIR/report.json)."
        ),
    ] = None,
    row_timeout: Annotated[
        float,
        typer.Option(
            "--row-timeout",
            min=0,
            metavar="SECONDS",
            help="Fail a row still running after this long (0: none).",
        ),
    ] = 120.0,
    quiet: Annotated[
        bool, typer.Option("-q", "--quiet", help="Print only errors; no progress, no summary.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("-v", "--verbose", help="List every deck with its row and build time."),
    ] = False,
) -> None:
    """Build one personalised deck per row of a client table.

    Checks every row first, builds in parallel, skips decks that are up to date, and writes a
    report of every row. Exit 1 when some rows failed (the others are built).
    """
    if quiet and verbose:
        print("error: --quiet and --verbose exclude each other; choose one", file=sys.stderr)
        raise typer.Exit(2)
    from .batch.processes import start_early

    start_early(jobs, clients)  # the workers' server imports while this process does
    from .api import build_batch

    collect_garbage_again()  # rows are built in this process too (small tables, --jobs 1)
    try:
        with BatchProgress(enabled=not quiet) as progress:
            result = build_batch(
                content, clients, output_dir=output, template=template, sheet=sheet, name=name,
                jobs=jobs, strict=strict, force=force, pdf=pdf, report=report, progress=progress,
                row_timeout=row_timeout, overrides=set_ or [], mapping=mapping,
                allow_overflow=allow_overflow, keep_template_slides=keep_template_slides,
            )  # fmt: skip
    except DeckgenError as err:
        fail(err)
    print_batch(result, quiet=quiet, verbose=verbose)
    raise typer.Exit(result.exit_code)


# --- template commands (deckgen inspect)


@app.command(cls=Command)
def inspect(
    template: Annotated[
        Path,
        typer.Argument(
            metavar="TEMPLATE", help="PowerPoint template: .pptx, .potx, .pptm, .potm or .ppsx."
        ),
    ],
    mapping: MappingOption = None,
    write_mapping: Annotated[
        Path | None,
        typer.Option(
            "--write-mapping",
            metavar="FILE",
            help="Write the layout each slide kind gets as an editable mapping.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the --write-mapping file.")
    ] = False,
) -> None:
    """Show a template's layouts and the layout each slide kind gets.

    Lists the layouts, their placeholder roles, the layout each slide kind gets and what the
    template lacks (and what deckgen does instead).
    """
    from .api import inspect_template

    try:
        found = inspect_template(
            template, mapping=mapping, write_mapping=write_mapping, force=force
        )
    except DeckgenError as err:
        fail(err)
    sys.stdout.write(found.report)
    if found.mapping_written is not None:
        print(f"wrote {found.mapping_written}")


# --- quality commands (deckgen check, deckgen preview)


@app.command(cls=Command)
def check(
    deck: Annotated[
        Path,
        typer.Argument(metavar="DECK", help="PowerPoint deck (.pptx), built by deckgen or not."),
    ],
    json_: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
) -> None:
    """Lint a deck before the CEO sees it.

    Finds leftover template tags, text overflow, shapes off the slide, empty placeholders,
    missing alt text, text below 12 pt, low contrast, unsourced statistics and missing fonts.
    Exit 1 when it finds a problem (warnings alone do not count), 2 when the deck cannot be
    read.
    """
    from .check import check_deck, is_problem, report

    try:
        findings = check_deck(deck)
    except DeckgenError as err:
        fail(err)
    if json_:
        print(json.dumps(report(deck, findings), indent=2, ensure_ascii=False))
    else:
        print_findings(deck, findings)
    raise typer.Exit(1 if any(is_problem(f) for f in findings) else 0)


@app.command(cls=Command)
def preview(
    deck: Annotated[Path, typer.Argument(metavar="DECK", help="PowerPoint deck (.pptx).")],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="DIR", help="Folder for the images (default: DECK-preview)."
        ),
    ] = None,
    open_: Annotated[
        bool, typer.Option("--open", help="Open the contact sheet in the system's image viewer.")
    ] = False,
    dpi: Annotated[
        int,
        typer.Option("--dpi", min=20, max=600, metavar="N", help="Resolution of the slide images."),
    ] = 96,
    watch: Annotated[
        bool, typer.Option("--watch", help="Render again whenever the deck is written.")
    ] = False,
) -> None:
    """Render a PNG per slide and a contact sheet of the deck.

    The contact sheet outlines in red every shape that deckgen check flags. Needs LibreOffice
    and poppler. --watch renders again whenever the deck is written (say, by a build --watch
    in another terminal).
    """
    from .api import watch_preview
    from .export import preview_deck

    folder = output or deck.with_name(deck.stem + "-preview")
    if watch:  # the contact sheet is opened once; a viewer shows the file as it is rewritten
        opens = iter([open_])
        on_preview = RunPrinter(lambda r, s: print_preview(r, folder, next(opens, False), s))
        watch_until_interrupted(lambda: watch_preview(deck, folder, dpi=dpi, on_preview=on_preview))
        return
    try:
        result = preview_deck(deck, folder, dpi=dpi)
    except DeckgenError as err:
        fail(err)
    print_preview(result, folder, open_)


# --- the editing page (deckgen serve); its command lives with the web layer, an optional extra

app.command("serve", cls=Command)(serve_command)


def main() -> None:
    """Console-script entry point; what is off while a command starts is in ``cli_start``."""
    with command_start():
        app()
