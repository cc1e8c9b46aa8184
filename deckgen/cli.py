"""The command line: each command parses its arguments, calls one library function, prints the
result and maps DeckgenError to an exit code. Heavy modules are imported inside the commands so
that `deckgen --help` stays fast."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand

from . import __version__
from .errors import DeckgenError
from .web.command import serve_command

if TYPE_CHECKING:
    from .api import BuildResult
    from .batch import BatchReport, RowReport
    from .export import Preview
    from .watch import Run


class _Command(TyperCommand):
    """Help as git, ruff or uv print it: an argument is its metavar (`CONTENT`, not Typer's
    `content <path>`), bare in the usage line when required and in brackets when optional."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_metavar(param) if param.required else f"[{_metavar(param)}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        params: list[Any] = self.get_params(ctx)  # Typer's arguments have help and hidden
        for param in params:
            if param.param_type_name == "argument" and not param.hidden:
                default = f"  [default: {param.default}]" if param.default is not None else ""
                args.append((_metavar(param), f"{param.help or ''}{default}"))
            elif param.param_type_name == "option" and (record := param.get_help_record(ctx)):
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _metavar(param: Any) -> str:
    return param.metavar or param.name.upper()


app = typer.Typer(
    help="Boardroom-ready PowerPoint decks for the CEO, from a marketer's arguments.",
    epilog="Run 'deckgen COMMAND --help' for a command's options.",
    no_args_is_help=True,
    # Plain help as git, ruff and uv print it: Rich's panels show flags as `--pdf <bool>`.
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
)

SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="PATH=VALUE",
        help="Set a content field, e.g. audience.company=Acme.",
    ),
]
SheetOption = Annotated[
    str | None,
    typer.Option(
        "--sheet", metavar="NAME", help="Worksheet of an .xlsx client table (default: first)."
    ),
]
MappingOption = Annotated[
    Path | None,
    typer.Option(
        "--mapping",
        metavar="FILE",
        help="Layout mapping (default: TEMPLATE.deckgen.yaml).",
    ),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option(
        "-t",
        "--template",
        metavar="FILE",
        help="PowerPoint template (.pptx, .potx, .ppsx, ...).",
    ),
]
ContentArgument = Annotated[Path, typer.Argument(metavar="CONTENT", help="Content file (YAML).")]


def fail(err: DeckgenError) -> NoReturn:
    """Print a user error to stderr and exit with its code; never a traceback."""
    print_error(err)
    raise typer.Exit(err.exit_code)


def print_error(err: DeckgenError) -> None:
    """Print a user error to stderr: one line, or a list of located problems under 'error:'."""
    print(f"error: {err}" if "\n" not in str(err) else f"error:\n{err}", file=sys.stderr)


def watch_until_interrupted(start: Callable[[], None]) -> None:
    """Run a watch until Ctrl-C, which ends it without a traceback and with exit code 0: the
    user stopping a watch is how a watch ends."""
    try:
        start()
    except DeckgenError as err:
        fail(err)
    except KeyboardInterrupt:
        print("stopped watching")


class _RunPrinter:
    """Prints each run of a watch: what changed, the outcome (``show`` prints a good one and
    returns the file it made), and the watched files whenever they change."""

    def __init__(self, show: Callable[[Any, float], Path]) -> None:
        self.show = show
        self.kept: Path | None = None
        self.watching: tuple[Path, ...] = ()

    def __call__(self, run: Run[Any]) -> None:
        if run.changed:
            # Flushed: errors and notes follow on stderr, which is not buffered.
            print(f"changed: {', '.join(str(path) for path in run.changed)}", flush=True)
        if run.error is not None:
            print_error(run.error)
            if self.kept is not None:
                print(f"note: {self.kept} is the last good one, kept as it was", file=sys.stderr)
        else:
            self.kept = self.show(run.result, run.seconds)
        if run.watching != self.watching:
            self.watching = run.watching
            names = ", ".join(str(path) for path in run.watching)
            print(f"watching {names} for changes (Ctrl-C stops)")
        sys.stdout.flush()  # a watch runs for hours: each run shows at once, even in a pipe


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


@app.command(cls=_Command)
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
    allow_overflow: Annotated[
        bool,
        typer.Option("--allow-overflow", help="Keep text that does not fit; warn, do not fail."),
    ] = False,
    mapping: MappingOption = None,
    keep_template_slides: Annotated[
        bool,
        typer.Option("--keep-template-slides", help="Keep the template's slides after the deck."),
    ] = False,
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
        on_build = _RunPrinter(_print_build)
        watch_until_interrupted(lambda: watch_build(content, on_build=on_build, **options))
        return
    try:
        result = build_deck(content, **options)
    except DeckgenError as err:
        fail(err)
    _print_build(result)
    if result.pdf_error:  # the deck is written; the PDF is what failed
        raise typer.Exit(1)


def _print_build(result: BuildResult, seconds: float | None = None) -> Path:
    """Print what a build wrote (with its time, when watching); return the deck."""
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    took = f" in {_duration(seconds)}" if seconds is not None else ""
    print(f"wrote {result.output} ({_count(result.slides, 'slide')}){took}")
    if result.pdf:
        print(f"wrote {result.pdf}")
    if result.pdf_error:  # say what to install for the PDF
        print(f"error: {result.pdf_error}", file=sys.stderr)
    return result.output


@app.command(cls=_Command)
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

    try:
        deck, rows = validate_content(
            content, overrides=set_ or [], clients=clients, sheet=sheet, template=template
        )
    except DeckgenError as err:
        fail(err)
    print(f"{content}: ok ({len(deck.slides)} slides, language {deck.language})")
    if clients:
        print(f"{clients}: ok ({rows} client rows)")


@app.command(cls=_Command)
def schema() -> None:
    """Print the JSON Schema of content files, for editor completion."""
    from .api import content_schema_json

    sys.stdout.write(content_schema_json())


@app.command(cls=_Command)
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


@app.command(cls=_Command)
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
    allow_overflow: Annotated[
        bool,
        typer.Option("--allow-overflow", help="Keep text that does not fit; warn, do not fail."),
    ] = False,
    keep_template_slides: Annotated[
        bool,
        typer.Option("--keep-template-slides", help="Keep the template's slides after the deck."),
    ] = False,
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
    from .api import build_batch

    if quiet and verbose:
        print("error: --quiet and --verbose exclude each other; choose one", file=sys.stderr)
        raise typer.Exit(2)
    try:
        with _BatchProgress(enabled=not quiet) as progress:
            result = build_batch(
                content, clients, output_dir=output, template=template, sheet=sheet, name=name,
                jobs=jobs, strict=strict, force=force, pdf=pdf, report=report, progress=progress,
                row_timeout=row_timeout, overrides=set_ or [], mapping=mapping,
                allow_overflow=allow_overflow, keep_template_slides=keep_template_slides,
            )  # fmt: skip
    except DeckgenError as err:
        fail(err)
    _print_batch(result, quiet=quiet, verbose=verbose)
    raise typer.Exit(result.exit_code)


class _BatchProgress:
    """A Rich progress bar on stderr (decks done, rate, ETA); silent when not a terminal."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled

    def __enter__(self) -> _BatchProgress:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
        from rich.progress import TextColumn as Text

        rate = Text("{task.fields[rate]}")
        self.bar = Progress(
            Text("{task.description}"), BarColumn(), MofNCompleteColumn(), rate,
            TimeRemainingColumn(), console=Console(stderr=True), transient=True,
            disable=not (self.enabled and sys.stderr.isatty()),
        )  # fmt: skip
        self.bar.__enter__()
        self.tasks: dict[str, Any] = {}  # rich's task ids
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            label = "checking rows" if stage == "check" else "building decks"
            self.tasks[stage] = self.bar.add_task(label, total=total, rate="")
        task_id = self.tasks[stage]
        speed = self.bar.tasks[task_id].speed
        rate = f"{speed:.1f} {'rows' if stage == 'check' else 'decks'}/s" if speed else ""
        self.bar.update(task_id, completed=done, total=total, rate=rate)

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)


#: A batch of at most this many decks lists their names (--verbose: any batch).
LIST_DECKS_UP_TO = 10


def _print_batch(result: BatchReport, *, quiet: bool, verbose: bool) -> None:
    if not quiet:
        _print_summary(result, verbose=verbose)
    errors = [row.error for row in result.rows if row.error]
    if errors:
        print("error:\n" + "\n".join(errors), file=sys.stderr)
    if result.pdf_error:
        print(f"error: {result.pdf_error}", file=sys.stderr)
    if not quiet:
        print(f"report: {result.report_file}")


def _print_summary(result: BatchReport, *, verbose: bool) -> None:
    """The batch's table of counts and, for a small batch or with --verbose, its decks."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    # Paths and deck text are the user's: escaped, so "[" in them is not Rich markup.
    table = Table(title=escape(f"deckgen batch: {result.clients} -> {result.output_dir}"))
    for column in ("built", "up to date (skipped)", "failed", "time"):
        table.add_column(column, justify="right")
    table.add_row(
        str(result.built), str(result.skipped), str(result.failed), f"{result.seconds:.1f} s"
    )
    Console(soft_wrap=True).print(table)
    decks = [row for row in result.rows if row.output and row.status != "failed"]
    folder = os.path.join(result.output_dir, "")
    if decks and (verbose or len(decks) <= LIST_DECKS_UP_TO):
        print(f"{_count(len(decks), 'deck')} in {folder}:")
        for row in decks:
            print(f"  {_deck_line(row, verbose=verbose)}")
    elif decks:
        print(f"{_count(len(decks), 'deck')} in {folder} (--verbose lists them)")


def _deck_line(row: RowReport, *, verbose: bool) -> str:
    """One deck of a batch: its file names, and whether it was built now or was up to date."""
    names = ", ".join(Path(path).name for path in (row.output, row.pdf) if path)
    if verbose:
        done = f"built in {row.seconds:.1f} s" if row.status == "built" else "up to date"
        return f"{names} (row {row.row}, {done})"
    return names if row.status == "built" else f"{names} (up to date)"


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# --- template commands (deckgen inspect)


@app.command(cls=_Command)
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


@app.command(cls=_Command)
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
        _print_findings(deck, findings)
    raise typer.Exit(1 if any(is_problem(f) for f in findings) else 0)


def _print_findings(deck: Path, findings: list) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from .check import is_problem

    console = Console(soft_wrap=False)
    problems = sum(1 for f in findings if is_problem(f))
    warnings = len(findings) - problems
    if findings:
        table = Table(show_lines=False, header_style="bold")
        table.add_column("slide", justify="right")
        table.add_column("shape")
        table.add_column("rule")
        table.add_column("problem", overflow="fold")
        for f in findings:
            rule = f.rule if is_problem(f) else f"{f.rule} (warning)"
            slide = str(f.slide) if f.slide is not None else "-"
            table.add_row(slide, escape(f.shape or ""), rule, escape(f.message))
        console.print(table)
    counts = f"{problems} problem{'s' if problems != 1 else ''}"
    if warnings:
        counts += f", {warnings} warning{'s' if warnings != 1 else ''}"
    print(f"{deck}: {counts}" if findings else f"{deck}: no problems found")


@app.command(cls=_Command)
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
        on_preview = _RunPrinter(lambda r, s: _print_preview(r, folder, next(opens, False), s))
        watch_until_interrupted(lambda: watch_preview(deck, folder, dpi=dpi, on_preview=on_preview))
        return
    try:
        result = preview_deck(deck, folder, dpi=dpi)
    except DeckgenError as err:
        fail(err)
    _print_preview(result, folder, open_)


def _print_preview(
    result: Preview, folder: Path, open_: bool, seconds: float | None = None
) -> Path:
    """Print what a preview wrote (with its time, when watching), open it if asked; return
    the contact sheet."""
    from .export import open_in_viewer

    print(f"wrote {len(result.slides)} slide images to {folder}")
    outlined = f"{_count(result.outlined, 'problem')} outlined in red"
    took = f" in {_duration(seconds)}" if seconds is not None else ""
    print(f"wrote {result.contact_sheet} ({outlined}){took}")
    if open_ and not open_in_viewer(result.contact_sheet):
        print("note: no system image viewer here; open the contact sheet yourself", file=sys.stderr)
    return result.contact_sheet


# --- the editing page (deckgen serve); its command lives with the web layer, an optional extra

app.command("serve", cls=_Command)(serve_command)


def main() -> None:
    """Console-script entry point."""
    app()
