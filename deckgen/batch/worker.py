"""What a worker process does for a row: check it (check_rows) and build it (build_row)."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..content import (
    RawContent,
    apply_override,
    copy_data,
    file_logo,
    files_beside,
    format_path,
    parse_override,
    validate,
)
from ..errors import ContentError, DeckgenError, InputError, Problem
from ..models import Deck
from ..output import write_atomic
from ..records import record
from . import kept
from .plan import RowTask, _content_at, _cut, _inside, _outside, _stamp, _template_of


@record(slots=True)
class RowCheck:
    """A worker's verdict on one row: its problems, or the company its deck is for."""

    row: int
    problems: tuple[str, ...]
    company: str | None


@record(slots=True)
class RowBuilt:
    """A worker's result of building one row."""

    row: int
    error: str | None
    seconds: float
    size: int = 0
    warnings: tuple[str, ...] = ()  # what the build warned of (Fitter.finish)


class _RowTimedOut(BaseException):
    """Raised by the row's timer; a BaseException so no handler of a bug or a foreign error
    (the engine wraps any Exception in a tag) mistakes it for the row's data."""


@record
class _Deadline:
    """When a row's time is up (monotonic clock; None: never)."""

    at: float | None

    def check(self) -> None:
        """Raise _RowTimedOut once the time is up: called between a row's stages, where a row
        on another executor's thread, which no timer signal reaches, is stopped."""
        if self.at is not None and time.monotonic() > self.at:
            raise _RowTimedOut


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[_Deadline]:
    """Raise _RowTimedOut in this thread once seconds have passed (0: never).

    A timer signal interrupts pure Python loops and blocking calls alike. Signals reach only
    a process's main thread, where deckgen's own workers and a one-job batch run rows; on
    another executor's threads the row is stopped between its stages only (the deadline
    yielded), each stage bounded by the limits on its inputs (docs/threat-model.md).
    """
    deadline = _Deadline(time.monotonic() + seconds if seconds else None)
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield deadline
        return

    def expire(signum: int, frame: object) -> None:
        raise _RowTimedOut

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timed_out(task: RowTask) -> str:
    return (
        f"{task.origin}: stopped after {task.options.row_timeout:g} s, the time one row may "
        "take; something in this row makes it too slow (a loop, a huge value): fix the row, "
        "or give it longer with --row-timeout"
    )


class _RowFailed(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _image_problem(path: str) -> str | None:
    """Return why a logo file cannot go on a slide, or None: the rule build and check apply
    (images.logo_problem, judged once per file while unchanged). Checked with the rows, so
    --strict refuses a broken logo before the first deck is written."""
    from ..images import logo_problem

    return logo_problem(Path(path))


def _prepare(task: RowTask) -> tuple[Deck, Any]:
    """Apply the row to the content, validate it and load its template; raise _RowFailed."""
    if task.problems:
        raise _RowFailed(list(task.problems))
    try:
        base = _content_at(task.content, _stamp(task.content))
    except ContentError as err:
        prefix = f"{task.origin}: content: " if task.own_content else f"{task.origin}: "
        raise _RowFailed([prefix + str(p) for p in _problems_of(err)]) from None
    raw = RawContent(
        data=copy_data(base.data), file=base.file, lines=base.lines, origins=dict(base.origins)
    )
    # The content file's own logo is relative to that file, as for `deckgen build`; a logo
    # column is already resolved against the table.
    files_beside(raw)
    if task.own_content and task.base and not any(p == "brand.logo" for _, p, _ in task.overrides):
        # A row's own content file lies beside the table and is as untrusted: its logo too
        # must be in the table's folder.
        logo = file_logo(raw)
        if logo is not None and not _inside(Path(logo), Path(task.base)):
            raise _RowFailed([f"{task.origin}: content: brand.logo: {_outside(Path(task.base))}"])
    labels: dict[str, str] = {}
    problems: list[Problem] = []
    for text in task.options.overrides:  # --set, as for `deckgen build`; the row's cells win
        dotted, value = parse_override(text)  # its form was checked while planning
        try:
            apply_override(raw, dotted, value, (f"--set {dotted}", None))
        except ContentError as err:
            problems.extend(err.problems)
    for column, path, value in task.overrides:
        if path == "brand.logo" and (bad := _image_problem(value)):
            problems.append(Problem(task.origin, None, column, bad))
            continue
        before = set(raw.origins)
        try:
            # A cell is data: shown as written, never rendered as a template.
            apply_override(raw, path, value, (task.origin, None), literal=True)
        except ContentError as err:
            problems.extend(err.problems)
            continue
        for key in set(raw.origins) - before:
            labels[format_path(key)] = column
    deck = None
    if not problems:
        try:
            deck = validate(raw, task.client)
        except ContentError as err:
            problems.extend(err.problems)
    messages = [_row_message(task.origin, p, labels) for p in problems]
    template = None
    try:
        template = _template_of(task.template, task.options)
    except DeckgenError as err:
        messages.append(f"{task.origin}: template: {err}")
    if messages or deck is None:
        raise _RowFailed(messages)
    return deck, template


def _problems_of(err: InputError) -> list[str]:
    return [str(p) for p in err.problems] or [str(err)]


def _row_message(origin: str, problem: Problem, labels: Mapping[str, str]) -> str:
    """Name the column for a problem the row caused; prefix the row to one in the content."""
    if problem.file == origin:
        return str(Problem(origin, None, labels.get(problem.field, problem.field), problem.message))
    return f"{origin}: {problem}"


def _prepared(task: RowTask) -> tuple[Deck, Any]:
    """The row's deck and template: kept from its check (``kept``), else made again."""
    deck = kept._take(task)
    if deck is None:
        return _prepare(task)
    return deck, _template_of(task.template, task.options)


def check_rows(tasks: list[RowTask]) -> list[RowCheck]:
    """Worker: check a chunk of rows without writing; one verdict per row.

    Whatever one row raises fails that row only: an overnight batch must report every row.
    """
    out = []
    for task in tasks:
        try:
            with _time_limit(task.options.row_timeout) as deadline:
                deck, _ = _prepare(task)
                deadline.check()
        except _RowTimedOut:
            out.append(RowCheck(task.row, (_timed_out(task),), None))
        except _RowFailed as err:
            out.append(RowCheck(task.row, tuple(err.problems), None))
        except Exception as err:  # a bug on one row's data; the row says so, the rest go on
            out.append(RowCheck(task.row, (f"{task.origin}: {_failure(err)}",), None))
        else:
            kept._keep(task, deck)
            out.append(RowCheck(task.row, (), deck.audience.company))
    return out


def build_rows(tasks: list[RowTask]) -> list[RowBuilt]:
    """Worker: build a chunk of rows (build_row each): one task per chunk, not per row, keeps
    the main process's share of the work small beside its workers."""
    return [build_row(task) for task in tasks]


def build_row(task: RowTask) -> RowBuilt:
    """Worker: build one row's deck and write it atomically to task.output; whatever the row
    raises becomes its error."""
    from ..fit import Fitter
    from ..render import finish_fitting, fit_cache, render_deck

    start = time.perf_counter()
    assert task.output is not None
    try:
        with _time_limit(task.options.row_timeout) as deadline:
            deck, template = _prepared(task)
            deadline.check()
            # A fitter of the row's own, whose warnings (text kept overflowing, devices in
            # their compact form, fonts estimated) the row's report carries.
            fitter = Fitter(
                allow_overflow=task.options.allow_overflow,
                locate=_locator(task),
                cache=fit_cache(template),
            )
            # The process's first deck reads and keeps slides on disk, as a build does: its
            # slides are the template's warm-up; the next clients' slides are one-offs.
            first = not _first_deck_done
            data = render_deck(deck, template, task.client, fitter=fitter, keep_on_disk=first)
            warnings = tuple(finish_fitting(fitter, deck, template))
            deadline.check()  # a deck finished past its time is not written
            # Forced to disk with the others before the manifest lists it (Manifest.close).
            write_atomic(Path(task.output), data, durable=False)
    except _RowTimedOut:
        return RowBuilt(task.row, _timed_out(task), time.perf_counter() - start)
    except _RowFailed as err:
        return RowBuilt(task.row, "\n".join(err.problems), time.perf_counter() - start)
    except DeckgenError as err:
        return RowBuilt(task.row, f"{task.origin}: {err}", time.perf_counter() - start)
    except Exception as err:  # a bug on one row's data; the row says so, the rest go on
        return RowBuilt(task.row, f"{task.origin}: {_failure(err)}", time.perf_counter() - start)
    _keep_fonts_once()
    return RowBuilt(task.row, None, time.perf_counter() - start, len(data), warnings)


def _locator(task: RowTask) -> Callable[[tuple[str | int, ...]], tuple[str, int | None]]:
    """Where a content field is written (file, line), read only when a message needs it: the
    row's content file, parsed once per worker."""

    def locate(path: tuple[str | int, ...]) -> tuple[str, int | None]:
        try:
            return _content_at(task.content, _stamp(task.content)).locate(path)
        except DeckgenError:  # changed since the row was checked: the file alone
            return task.content, None

    return locate


_first_deck_done = False


def _keep_fonts_once() -> None:
    """After a process's first deck, store what it measured and formatted for the next
    process (the template's own text, most of any deck): forked workers run no exit handlers,
    and storing after every row would rewrite the cache per client name. The same first deck
    is the one that keeps its slides on disk (build_row)."""
    global _first_deck_done
    if not _first_deck_done:
        from ..engine.kept import save_kept_formats
        from ..fit.fonts import default_fonts

        _first_deck_done = True
        # Only a worker keeps nothing more: a batch run in the caller's process (one job, the
        # web page's) shares the book with the builds that process makes later.
        default_fonts().save_kept(last=_in_worker())
        save_kept_formats()  # and the figures it formatted


def _in_worker() -> bool:
    """Whether this process is a worker multiprocessing started. A process that never
    imported multiprocessing is none (every child it starts runs through it): a batch run in
    the caller's process does not import it only to ask."""
    found = sys.modules.get("multiprocessing")
    return found is not None and found.parent_process() is not None


def _is_lost_worker(err: BaseException) -> bool:
    """True for a worker that died (killed, out of memory), as opposed to a bug."""
    names = {"KilledWorker", "CancelledError", "CommClosedError"}
    if type(err).__name__ in names:
        return True
    futures = sys.modules.get("concurrent.futures")  # never imported: no pool to lose
    return futures is not None and isinstance(err, futures.BrokenExecutor | futures.CancelledError)


class _TaskOverdue(Exception):
    """A task ran past its bound twice (once with others, once alone) and deckgen's pool ended
    its worker: whatever it runs does not return to Python, where a row's timer stops it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"ran past {seconds:g} s and its worker process was ended")
        self.seconds = seconds


def _lost(task: RowTask, err: BaseException) -> str:
    """Say why a row failed with its whole task: stuck past its bound, its worker lost, or
    another executor's failure."""
    if not isinstance(err, _TaskOverdue):
        return f"{task.origin}: {_failure(err)}"
    return (
        f"{task.origin}: stopped after {task.options.row_timeout:g} s, the time one row may "
        "take, by ending its worker process: the row did not return to Python, where the time "
        "limit stops it (a library's C code, or signals blocked); something in this row makes "
        "it hang: fix the row, or give it longer with --row-timeout"
    )


def _failure(err: BaseException) -> str:
    """Say why a row failed where no DeckgenError said it: a lost worker, or a bug."""
    if not _is_lost_worker(err):
        return (
            f"deckgen failed on this row ({type(err).__name__}: {_cut(str(err))}); the other "
            "rows are not affected; please report this with the row"
        )
    return (
        f"the worker process stopped ({type(err).__name__}: killed or out of memory?); "
        "rerun the batch to build the rest"
    )
