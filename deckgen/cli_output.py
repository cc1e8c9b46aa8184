"""What the commands print: build, preview and check results, a watch's runs, and a batch's
progress bar and summary. Rich is imported inside the functions that draw with it, so that
``deckgen --help`` stays fast."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DeckgenError

if TYPE_CHECKING:
    from .api import BuildResult
    from .batch import BatchReport, RowReport
    from .export import Preview
    from .watch import Run


def print_error(err: DeckgenError) -> None:
    """Print a user error to stderr: one line, or a list of located problems under 'error:'."""
    print(f"error: {err}" if "\n" not in str(err) else f"error:\n{err}", file=sys.stderr)


class RunPrinter:
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


def print_build(result: BuildResult, seconds: float | None = None) -> Path:
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


class BatchProgress:
    """A Rich progress bar on stderr (decks done, rate, ETA); silent when not a terminal, and
    then its modules are not even imported (part of a scripted batch's start-up)."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def __enter__(self) -> BatchProgress:
        if not (self.enabled and sys.stderr.isatty()):
            return self
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
        from rich.progress import TextColumn as Text

        rate = Text("{task.fields[rate]}")
        self.bar = Progress(
            Text("{task.description}"), BarColumn(), MofNCompleteColumn(), rate,
            TimeRemainingColumn(), console=Console(stderr=True), transient=True,
        )  # fmt: skip
        self.bar.__enter__()
        self.tasks: dict[str, Any] = {}  # rich's task ids
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is None:
            return
        if stage not in self.tasks:
            label = "checking rows" if stage == "check" else "building decks"
            self.tasks[stage] = self.bar.add_task(label, total=total, rate="")
        task_id = self.tasks[stage]
        speed = self.bar.tasks[task_id].speed
        rate = f"{speed:.1f} {'rows' if stage == 'check' else 'decks'}/s" if speed else ""
        self.bar.update(task_id, completed=done, total=total, rate=rate)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


#: A batch of at most this many decks lists their names (--verbose: any batch).
LIST_DECKS_UP_TO = 10


def print_batch(result: BatchReport, *, quiet: bool, verbose: bool) -> None:
    if not quiet:
        _print_summary(result, verbose=verbose)
        for warning in _batch_warnings(result):
            print(f"warning: {warning}", file=sys.stderr)
    errors = [row.error for row in result.rows if row.error]
    if errors:
        print("error:\n" + "\n".join(errors), file=sys.stderr)
    if result.pdf_error:
        print(f"error: {result.pdf_error}", file=sys.stderr)
    if not quiet:
        print(f"report: {result.report_file}")


#: A warning many rows share names this many of them, then how many more (report.json: all).
NAME_ROWS_UP_TO = 5


def _batch_warnings(result: BatchReport) -> list[str]:
    """Each warning the rows' builds gave, once, with the rows that gave it: most come from the
    content or the template, the same for every client."""
    rows: dict[str, list[int]] = {}
    for row in result.rows:
        for warning in row.warnings:
            rows.setdefault(warning, []).append(row.row)
    table = Path(result.clients).name
    out = []
    for warning, numbers in rows.items():
        named = ", ".join(str(n) for n in numbers[:NAME_ROWS_UP_TO])
        more = len(numbers) - NAME_ROWS_UP_TO
        which = f"rows {named}" + (f" and {more} more" if more > 0 else "")
        out.append(f"{table}: {which if len(numbers) > 1 else f'row {named}'}: {warning}")
    return out


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


def print_findings(deck: Path, findings: list) -> None:
    from .check import is_problem

    problems = sum(1 for f in findings if is_problem(f))
    warnings = len(findings) - problems
    if findings:  # Rich only for a table to show: a clean deck's check does without it
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        console = Console(soft_wrap=False)
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


def print_preview(result: Preview, folder: Path, open_: bool, seconds: float | None = None) -> Path:
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
