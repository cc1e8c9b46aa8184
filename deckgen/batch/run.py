"""The batch itself: check every row, then build, record and report (build_batch)."""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DeckgenError, InputError, OutputError
from ..output import write_atomic
from ..records import record
from ..template import mapping_beside
from .kept import _make_folder
from .manifest import Manifest, _folder_lock, _remove_stale_temps, row_digest
from .names import DEFAULT_NAME, assign_names, check_name_pattern
from .plan import DEFAULT_ROW_TIMEOUT, DeckOptions, Plan, RowTask, _chunk_bound, plan_batch
from .pool import OwnPool, Workers, _chunk_size, _chunks, _singles
from .processes import default_jobs, workers_for
from .report import REPORT_NAME, BatchInterrupted, BatchReport, RowReport
from .worker import RowBuilt, RowCheck, _lost, build_rows, check_rows

if TYPE_CHECKING:  # a batch in this process (a few rows) needs no concurrent.futures
    import concurrent.futures as cf
Progress = Callable[[str, int, int], None]
#: The most rows sent to a worker at once to check, and to build (a build takes ten times as
#: long as a check, so its chunks are smaller: the last chunks must not leave a worker idle).
CHECK_CHUNK = 64
BUILD_CHUNK = 8


def check_batch(
    plan: Plan, executor: cf.Executor | None, window: int, progress: Progress | None = None
) -> dict[int, RowCheck]:
    """Check every row, in parallel where an executor is given; return row -> verdict."""
    return _check(plan, Workers(executor, window), progress)


def _check(plan: Plan, workers: Workers, progress: Progress | None) -> dict[int, RowCheck]:
    total = len(plan.tasks)
    parallel = workers.executor is not None or workers.own is not None
    size = _chunk_size(total, workers.window, CHECK_CHUNK) if parallel else 1
    results: dict[int, RowCheck] = {}
    chunks = _chunks(plan.tasks, size)
    for chunk, checks, err in workers.run(check_rows, chunks, _singles, _chunk_bound):
        if err is not None:
            checks = [RowCheck(t.row, (_lost(t, err),), None) for t in chunk]
        for check in checks:
            results[check.row] = check
        if progress:
            progress("check", len(results), total)
    return results


def _shared_problems(plan: Plan, checks: Mapping[int, RowCheck]) -> list[str]:
    """Return the problems every row has in common when no row is valid, without the row.

    Those come from the content (or template) itself, not from a client: one bad-input error
    located in the content file reads better than the same message once per row.
    """
    if len(checks) < 2 or any(not c.problems for c in checks.values()):
        return []
    shared: list[str] | None = None
    for task in plan.tasks:
        prefix = f"{task.origin}: "
        mine = [p.removeprefix(prefix) for p in checks[task.row].problems if p.startswith(prefix)]
        shared = mine if shared is None else [p for p in shared if p in mine]
    return shared or []


def _content_problems(plan: Plan, checks: Mapping[int, RowCheck]) -> list[str]:
    """Return the problems every row shares, once, then each row's own; [] if none is shared."""
    shared = _shared_problems(plan, checks)
    if not shared:
        return []
    own = []
    for task in plan.tasks:
        prefix = f"{task.origin}: "
        own += [
            p
            for p in checks[task.row].problems
            if not (p.startswith(prefix) and p.removeprefix(prefix) in shared)
        ]
    return shared + own


def validate_clients(
    content: Path,
    clients: Path,
    *,
    template: Path | None = None,
    sheet: str | None = None,
    outside_files: bool = False,
    overrides: Sequence[str] = (),
    mapping: Path | None = None,
    row_timeout: float = DEFAULT_ROW_TIMEOUT,
) -> int:
    """Check every client row without writing; return the number of rows.

    Raise InputError listing every problem of every row, located ``table:row: column: ...``.
    Files rows name must be in the table's folder unless ``outside_files`` (see plan_batch).
    ``overrides`` (``--set``) apply to every row as build_batch applies them.
    """
    plan = checked_plan(
        content, clients, template=template, sheet=sheet, outside_files=outside_files,
        overrides=overrides, mapping=mapping, row_timeout=row_timeout,
    )  # fmt: skip
    return len(plan.tasks)


def checked_plan(
    content: Path,
    clients: Path,
    *,
    template: Path | None = None,
    sheet: str | None = None,
    outside_files: bool = False,
    overrides: Sequence[str] = (),
    mapping: Path | None = None,
    row_timeout: float = DEFAULT_ROW_TIMEOUT,
) -> Plan:
    """validate_clients, returning the plan whose every row was checked: its tasks hold each
    row's client names, so a caller loads the content as a row sees it without reading the
    table again."""
    options = DeckOptions(
        overrides=tuple(overrides), mapping=_path(mapping), row_timeout=row_timeout
    )
    plan = plan_batch(
        content, clients, template=template, sheet=sheet, outside_files=outside_files,
        options=options,
    )  # fmt: skip
    checks = check_batch(plan, None, 1)
    in_content = _content_problems(plan, checks)
    if in_content:
        raise InputError("\n".join(in_content))
    problems = [p for task in plan.tasks for p in checks[task.row].problems]
    if problems:
        raise InputError("\n".join(problems))
    return plan


def build_batch(
    content: Path,
    clients: Path,
    *,
    output_dir: Path = Path("decks"),
    template: Path | None = None,
    sheet: str | None = None,
    name: str | None = None,
    strict: bool = False,
    force: bool = False,
    pdf: bool = False,
    jobs: int | None = None,
    executor: cf.Executor | None = None,
    report: Path | None = None,
    progress: Progress | None = None,
    outside_files: bool = False,
    row_timeout: float = DEFAULT_ROW_TIMEOUT,
    overrides: Sequence[str] = (),
    mapping: Path | None = None,
    keep_template_slides: bool = False,
    allow_overflow: bool = False,
) -> BatchReport:
    """Build one deck per client row into output_dir and return the report (also saved).

    Every row is checked before anything is written. Rows that fail are reported and the
    others built; with strict, any bad row raises InputError and nothing is written. Decks
    whose inputs did not change since they were built are skipped unless force. Runs on
    ``executor`` when given (any concurrent.futures.Executor, e.g. a Dask cluster's), else on
    ``jobs`` processes (default: the CPU count; 1 runs in this process); with an executor, paths
    are made absolute, so its workers must see the same files there. ``progress`` is
    called with (stage, done, total), stage "check" or "build". Ctrl-C raises
    BatchInterrupted after keeping the finished decks. Files rows name must be in the
    table's folder unless ``outside_files`` (see plan_batch). A row still being checked or built
    after ``row_timeout`` seconds fails with a message saying so (0: no limit); on another
    executor's threads, which no timer signal reaches, only once the stage it is in ends (its
    content validated, its deck rendered), and no deck is written past the limit.
    ``overrides``, ``mapping``, ``keep_template_slides`` and ``allow_overflow`` are
    build_deck's, for every row (``--set`` first, then the row's cells); with
    ``allow_overflow``, each row reports the text it kept although it overflows. As with any
    multiprocessing code, a script that runs more than one job calls this under
    ``if __name__ == "__main__":``.
    """
    started = time.perf_counter()
    if executor is not None:
        # Another executor's workers (a Dask cluster's) need not share this process's working
        # folder; our own pool's do (multiprocessing starts them in it).
        content, clients, output_dir = content.absolute(), clients.absolute(), output_dir.absolute()
        template = template.absolute() if template else None
        mapping = mapping.absolute() if mapping else None
    deck_options = DeckOptions(
        tuple(overrides), _path(mapping), keep_template_slides, allow_overflow, row_timeout
    )
    plan = plan_batch(
        content, clients, template=template, sheet=sheet, outside_files=outside_files,
        options=deck_options,
    )  # fmt: skip
    pattern = name or DEFAULT_NAME
    check_name_pattern(pattern, plan.table.columns)
    _check_report_target(plan, report or output_dir / REPORT_NAME)
    if executor is None:
        jobs = workers_for(len(plan.tasks), jobs or default_jobs())
    else:
        jobs = max(1, min(jobs or default_jobs(), len(plan.tasks)))
    own = OwnPool(jobs) if executor is None and jobs > 1 else None
    window = 4 * jobs if executor is None else max(256, 4 * jobs)
    kept = _make_folder()
    try:
        plan.tasks = plan.tasks.keeping(kept)
        options = _Options(output_dir, pattern, strict, force, pdf, report, progress, started)
        return _build(plan, Workers(executor, window, own), options)
    except KeyboardInterrupt:
        if own is not None:
            # A SIGINT to this process alone reached no worker: the rows in flight end now.
            own.kill()
        raise BatchInterrupted(
            "interrupted: the finished decks are kept; rerun the same command to build the rest"
        ) from None
    finally:
        if own is not None:
            own.shutdown()
        if kept:  # once our workers have ended, so that none writes into it any more
            shutil.rmtree(kept, ignore_errors=True)


def _path(path: Path | None) -> str:
    return str(path) if path else ""


PDF_INTERRUPTED = "interrupted (Ctrl-C) while converting to PDF; rerun to make the PDFs"


@record
class _Options:
    """What build_batch was asked for, passed on to _build as one value."""

    output_dir: Path
    pattern: str
    strict: bool
    force: bool
    pdf: bool
    report: Path | None
    progress: Progress | None
    started: float


def _build(plan: Plan, workers: Workers, options: _Options) -> BatchReport:
    output_dir, pattern, progress = options.output_dir, options.pattern, options.progress
    report_path = options.report
    checks = _check(plan, workers, progress)
    in_content = _content_problems(plan, checks)
    if in_content:
        raise InputError("\n".join(in_content))
    problems = [p for task in plan.tasks for p in checks[task.row].problems]
    if options.strict and problems:
        raise InputError(
            "\n".join(["--strict: no deck was built; fix these rows first", *problems])
        )
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(
            f"{output_dir}: cannot create the output folder: {err.strerror}; choose another -o"
        ) from err
    with _folder_lock(output_dir):
        names = assign_names(pattern, plan.tasks, {r: c.company for r, c in checks.items()})
        manifest = Manifest(output_dir)
        # No deck is written over a file the batch reads, nor over its report.
        untouchable = _inputs(plan) | {os.path.realpath(report_path or output_dir / REPORT_NAME)}
        digests: dict[str, str] = {}
        cache: dict[str, str] = {}
        rows: dict[int, RowReport] = {}
        todo: list[tuple[int, str]] = []  # (the row's place in plan.tasks, its deck)
        for index, task in enumerate(plan.tasks):
            check = checks[task.row]
            company = check.company or str(task.client.get("audience.company", ""))
            if check.problems:
                rows[task.row] = RowReport(
                    task.row, company, "failed", error="\n".join(check.problems)
                )
                continue
            target = output_dir / names[task.row]
            if os.path.realpath(target) in untouchable:
                rows[task.row] = RowReport(
                    task.row,
                    company,
                    "failed",
                    error=f"{task.origin}: the deck would replace {target}, which this batch reads "
                    "or writes its report to; choose another -o or --name",
                )
                continue
            name = names[task.row]
            digests[name] = row_digest(task, name, cache)
            if not options.force and manifest.up_to_date(name, digests[name]):
                rows[task.row] = RowReport(task.row, company, "skipped", output=str(target))
            elif not options.force and not manifest.made(name) and os.path.lexists(target):
                rows[task.row] = RowReport(
                    task.row,
                    company,
                    "failed",
                    error=f"{task.origin}: {target} is already there and no deckgen batch made "
                    "it; move it away, or replace it with --force",
                )
            else:
                todo.append((index, str(target)))
        manifest.claim(Path(output).name for _, output in todo)
        _remove_stale_temps(output_dir, names.values())
        done = 0
        parallel = workers.executor is not None or workers.own is not None
        size = _chunk_size(len(todo), workers.window, BUILD_CHUNK) if parallel else 1
        try:
            for task, result in _built(workers, _todo_chunks(plan.tasks, todo, size)):
                name = Path(str(task.output)).name
                company = checks[task.row].company or ""
                if isinstance(result, BaseException):
                    rows[task.row] = RowReport(
                        task.row, company, "failed", error=_lost(task, result)
                    )
                elif result.error:
                    rows[task.row] = RowReport(
                        task.row, company, "failed", error=result.error, seconds=result.seconds
                    )
                else:
                    manifest.record(name, digests[name], result.size)
                    rows[task.row] = RowReport(
                        task.row, company, "built", output=task.output, seconds=result.seconds,
                        warnings=result.warnings,
                    )  # fmt: skip
                done += 1
                if progress:
                    progress("build", done, len(todo))
        except KeyboardInterrupt:
            workers.stop()  # before the record closes: no row in flight writes after it
            raise
        finally:
            manifest.close()
            _remove_stale_temps(output_dir, names.values())
        ordered = [rows[row.number] for row in plan.table.rows]
        workers.release()  # idle from here on: no worker waits through the conversion
        pdf_error, interrupted = None, False
        if options.pdf:
            try:
                ordered, pdf_error = _pdfs(ordered)
            except KeyboardInterrupt:
                # Every deck is built: the report says so, and that the PDFs were stopped.
                pdf_error, interrupted = PDF_INTERRUPTED, True
        report = BatchReport(
            content=str(plan.content),
            clients=plan.table.name,
            output_dir=str(output_dir),
            rows=ordered,
            seconds=time.perf_counter() - options.started,
            pdf_error=pdf_error,
        )
        _write_report(report, report_path or output_dir / REPORT_NAME)
        if interrupted:
            raise BatchInterrupted(
                f"interrupted while converting to PDF: the decks are built and listed in "
                f"{report.report_file}; rerun the same command to make the PDFs"
            )
        return report


def _todo_chunks(
    tasks: Sequence[RowTask], todo: list[tuple[int, str]], size: int
) -> Iterator[list[RowTask]]:
    """The rows to build, size at a time, each task made with its deck's path when the pool
    asks for its chunk (plan.RowTasks)."""
    for start in range(0, len(todo), size):
        chunk = todo[start : start + size]
        yield [dataclasses.replace(tasks[index], output=output) for index, output in chunk]


def _built(
    workers: Workers, chunks: Iterable[list[RowTask]]
) -> Iterator[tuple[RowTask, RowBuilt | BaseException]]:
    """Yield (task, result or error) per row of chunks built on workers: a chunk's error (its
    worker lost twice, or a foreign executor's failure) is each of its rows'."""
    for chunk, results, error in workers.run(build_rows, chunks, _singles, _chunk_bound):
        if error is not None:
            yield from ((task, error) for task in chunk)
        else:
            yield from zip(chunk, results, strict=True)


def _write_report(report: BatchReport, target: Path) -> None:
    """Write the report to target, removing the previous run's first: where the new one
    cannot be written (a full disk), no old report may stay behind looking current."""
    report.report_file = str(target)
    try:
        target.unlink(missing_ok=True)
        write_atomic(target, report.json_pieces())
    except (OSError, OutputError) as err:
        cause = err if isinstance(err, OSError) else err.__cause__
        why = getattr(cause, "strerror", None) or str(err)
        gone = "" if target.exists() else "; the previous run's report is removed"
        raise OutputError(
            f"{target}: cannot write the batch report ({why}){gone}; {report.built} decks were "
            f"built and {report.failed} rows failed; make room and run the same command again "
            "(decks that are up to date are skipped) for the report"
        ) from err


def _inputs(plan: Plan) -> set[str]:
    """Return every file the batch reads (content, table, templates and their mappings,
    logos), links followed: no output may replace one."""
    paths = {str(plan.content), str(plan.table.path), str(plan.template)}
    for task in plan.tasks:
        paths.update((task.content, task.template))
        paths.update(value for _, path, value in task.overrides if path == "brand.logo")
    templates = {str(plan.template)} | {task.template for task in plan.tasks}
    paths.update(str(mapping_beside(Path(t))) for t in templates)
    if plan.options.mapping:
        paths.add(plan.options.mapping)
    return {os.path.realpath(p) for p in paths}


def _check_report_target(plan: Plan, target: Path) -> None:
    """Refuse a report path that is one of the batch's inputs (``--report clients.csv``)."""
    if os.path.realpath(target) in _inputs(plan):
        raise InputError(
            f"{target}: is a file this batch reads; the report would replace it: "
            "choose another --report"
        )


def _pdfs(rows: list[RowReport]) -> tuple[list[RowReport], str | None]:
    """Convert every deck that lacks an up-to-date PDF, all in one LibreOffice run."""
    from ..export import convert_to_pdf

    need = []
    for r in rows:
        if r.output is None:
            continue
        deck, pdf = Path(r.output), Path(r.output).with_suffix(".pdf")
        if r.status == "built" or not pdf.exists() or pdf.stat().st_mtime < deck.stat().st_mtime:
            need.append(deck)
    try:
        if need:
            convert_to_pdf(need)
    except DeckgenError as err:
        return rows, str(err)
    out = []
    for r in rows:
        made = Path(r.output).with_suffix(".pdf") if r.output else None
        out.append(dataclasses.replace(r, pdf=str(made)) if made and made.exists() else r)
    return out, None
