"""The command line: each command parses its arguments, calls one library function, prints the
result and maps DeckgenError to an exit code. Heavy modules are imported inside the commands so
that `deckgen --help` stays fast."""

from __future__ import annotations

import json
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
SheetOption = Annotated[
    str | None, typer.Option("--sheet", help="Worksheet of an .xlsx client table (default: first).")
]
MappingOption = Annotated[
    Path | None,
    typer.Option("--mapping", help="Layout mapping file (default: TEMPLATE.deckgen.yaml)."),
]
TemplateOption = Annotated[
    Path | None, typer.Option("-t", "--template", help="PowerPoint template (.pptx/.potx).")
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
    template: TemplateOption = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output .pptx.")] = None,
    set_: SetOption = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write a PDF (needs LibreOffice).")
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
) -> None:
    """Build one deck; without CONTENT, the shipped German deck (--lang en: English)."""
    from .api import build_deck

    try:
        result = build_deck(
            content, language=lang, template=template, output=output, overrides=set_ or [],
            pdf=pdf, allow_overflow=allow_overflow, mapping=mapping,
            keep_template_slides=keep_template_slides,
        )  # fmt: skip
    except DeckgenError as err:
        fail(err)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {result.output} ({result.slides} slides)")
    if result.pdf:
        print(f"wrote {result.pdf}")
    if result.pdf_error:  # the deck is written; say what to install for the PDF, exit 1
        print(f"error: {result.pdf_error}", file=sys.stderr)
        raise typer.Exit(1)


@app.command()
def validate(
    content: Annotated[Path, typer.Argument(help="Content file (YAML).")],
    set_: SetOption = None,
    clients: Annotated[
        Path | None,
        typer.Option("--clients", help="Also check every row of a client table (CSV/XLSX/YAML)."),
    ] = None,
    sheet: SheetOption = None,
    template: TemplateOption = None,
) -> None:
    """Check a content file (and every client row) without writing anything."""
    from .api import load, validate_clients

    try:
        deck = load(content, overrides=set_ or [])
        rows = validate_clients(content, clients, template=template, sheet=sheet) if clients else 0
    except DeckgenError as err:
        fail(err)
    print(f"{content}: ok ({len(deck.slides)} slides, language {deck.language})")
    if clients:
        print(f"{clients}: ok ({rows} client rows)")


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

    try:
        written = init_project(directory, language=lang, force=force)
    except DeckgenError as err:
        fail(err)
    for path in written:
        print(f"wrote {path}")
    print(f'next: deckgen build {written[0]} --set audience.company="Your client"')


# --- batch commands (deckgen batch; validate --clients lives in validate above)


@app.command()
def batch(
    content: Annotated[Path, typer.Argument(help="Content file (YAML).")],
    clients: Annotated[Path, typer.Argument(help="Client table: .csv, .xlsx, .yaml or .json.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the decks.")] = Path(
        "decks"
    ),
    template: TemplateOption = None,
    sheet: SheetOption = None,
    name: Annotated[
        str, typer.Option("--name", help="File name pattern: {company}, {row} or {<column>}.")
    ] = "{company}",
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes (default: CPU count).")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Build nothing unless every row is valid.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild decks that are up to date.")
    ] = False,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write PDFs (needs LibreOffice).")
    ] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Report file (default: OUTPUT/report.json).")
    ] = None,
) -> None:
    """Build one personalised deck per client row, in parallel, with a report."""
    from .api import build_batch

    try:
        with _BatchProgress() as progress:
            result = build_batch(
                content, clients, output_dir=output, template=template, sheet=sheet, name=name,
                jobs=jobs, strict=strict, force=force, pdf=pdf, report=report, progress=progress,
            )  # fmt: skip
    except DeckgenError as err:
        fail(err)
    _print_batch(result)
    raise typer.Exit(result.exit_code)


class _BatchProgress:
    """A Rich progress bar on stderr (decks done, rate, ETA); silent when not a terminal."""

    def __enter__(self) -> _BatchProgress:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
        from rich.progress import TextColumn as Text

        rate = Text("{task.fields[rate]}")
        self.bar = Progress(
            Text("{task.description}"), BarColumn(), MofNCompleteColumn(), rate,
            TimeRemainingColumn(), console=Console(stderr=True), transient=True,
            disable=not sys.stderr.isatty(),
        )  # fmt: skip
        self.bar.__enter__()
        self.tasks: dict[str, object] = {}
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            label = "checking rows" if stage == "check" else "building decks"
            self.tasks[stage] = self.bar.add_task(label, total=total, rate="")
        task_id = self.tasks[stage]
        speed = self.bar.tasks[task_id].speed  # type: ignore[index]
        rate = f"{speed:.1f} {'rows' if stage == 'check' else 'decks'}/s" if speed else ""
        self.bar.update(task_id, completed=done, total=total, rate=rate)  # type: ignore[arg-type]

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)


def _print_batch(result: object) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from .batch import BatchReport

    assert isinstance(result, BatchReport)
    # Paths and deck text are the user's: escaped, so "[" in them is not Rich markup.
    table = Table(title=escape(f"deckgen batch: {result.clients} -> {result.output_dir}"))
    for column in ("built", "up to date (skipped)", "failed", "time"):
        table.add_column(column, justify="right")
    table.add_row(
        str(result.built), str(result.skipped), str(result.failed), f"{result.seconds:.1f} s"
    )
    Console(soft_wrap=True).print(table)
    errors = [row.error for row in result.rows if row.error]
    if errors:
        print("error:\n" + "\n".join(errors), file=sys.stderr)
    if result.pdf_error:
        print(f"error: {result.pdf_error}", file=sys.stderr)
    print(f"report: {result.report_file}")


# --- template commands (deckgen inspect)


@app.command()
def inspect(
    template: Annotated[Path, typer.Argument(help="PowerPoint template (.pptx/.potx/...).")],
    mapping: MappingOption = None,
    write_mapping: Annotated[
        Path | None,
        typer.Option("--write-mapping", help="Write the slide-kind mapping as an editable file."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the --write-mapping file.")
    ] = False,
) -> None:
    """Show a template's layouts, placeholder roles, the layout each slide kind gets, and what
    is missing."""
    from .template import describe, load_template
    from .template import write_mapping as write_mapping_file

    try:
        tmpl = load_template(template, mapping)
        if write_mapping is not None:
            write_mapping_file(tmpl, write_mapping, force=force)
    except DeckgenError as err:
        fail(err)
    sys.stdout.write(describe(tmpl))
    if write_mapping is not None:
        print(f"wrote {write_mapping}")


# --- quality commands (deckgen check, deckgen preview)


@app.command()
def check(
    deck: Annotated[Path, typer.Argument(help="PowerPoint deck (.pptx), built by deckgen or not.")],
    json_: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
) -> None:
    """Lint a deck: leftover tags, text overflow, shapes off the slide, empty placeholders,
    missing alt text, text below 12 pt, low contrast, unsourced statistics, missing fonts.
    Exit 1 when problems are found (warnings alone do not count)."""
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


@app.command()
def preview(
    deck: Annotated[Path, typer.Argument(help="PowerPoint deck (.pptx).")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Folder for the PNGs (default: DECK-preview)."),
    ] = None,
    open_: Annotated[
        bool, typer.Option("--open", help="Open the contact sheet in the system viewer.")
    ] = False,
    dpi: Annotated[int, typer.Option("--dpi", min=20, max=600, help="Slide PNG resolution.")] = 96,
) -> None:
    """Render a PNG per slide and a contact sheet with check's problems outlined in red
    (needs LibreOffice and poppler)."""
    from .export import open_in_viewer, preview_deck

    folder = output or deck.with_name(deck.stem + "-preview")
    try:
        result = preview_deck(deck, folder, dpi=dpi)
    except DeckgenError as err:
        fail(err)
    print(f"wrote {len(result.slides)} slide images to {folder}")
    outlined = f"{result.outlined} problem{'s' if result.outlined != 1 else ''} outlined in red"
    print(f"wrote {result.contact_sheet} ({outlined})")
    if open_ and not open_in_viewer(result.contact_sheet):
        print("note: no system image viewer here; open the contact sheet yourself", file=sys.stderr)


def main() -> None:
    """Console-script entry point."""
    app()
