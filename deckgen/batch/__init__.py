"""One personalised deck per client row: check every row, then build in parallel, lose nothing.

How a batch runs, and why:

1. The client table, the content file and the template are read in this process; a problem
   there is bad input (InputError, exit 2) before anything is built.
2. Every row is checked (overrides applied, validated like a content file) in the workers, so
   a thousand rows are checked in parallel and nothing is written before all are known. With
   ``strict`` one bad row stops the batch here.
3. Each row gets a safe file name and a hash of everything its deck is made from; a deck whose
   hash the manifest already holds is skipped unless ``force``.
4. The workers build the rest, a chunk of rows per task, and write each deck atomically
   themselves (forced to disk all at once at the end), so no deck's bytes cross a process
   boundary; a batch of a few rows runs in this process (processes.workers_for). A worker parses
   the content YAML and the template once and keeps them (``plan._content_at``/
   ``plan._template_at``); per row it only renders the deck the row's check validated, kept
   on disk for whichever worker builds the row (``kept``), so a row is validated once.
5. The manifest gets a line per finished deck, so an interrupted batch continues where it
   stopped; at the end the decks are forced to disk, then the manifest is rewritten (and
   forced), so it never lists a deck that is not on disk; the report is written last.

Workers are plain module-level functions over small picklable tasks, so any
``concurrent.futures.Executor`` runs them: a process pool here, a Dask cluster elsewhere.

The package by layer: ``plan`` (tasks from the table), ``worker`` (a row checked and built),
``kept`` (a row's check kept for its build), ``names`` (file names), ``manifest`` (what the
folder holds), ``processes`` (how workers start), ``pool`` (executors), ``run`` (the batch),
``report`` (its outcome). Names are imported on first use: the command line imports
``processes`` before the rest, to start the workers' server early.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_names

if TYPE_CHECKING:
    from .kept import KEPT_BYTES
    from .manifest import (
        FINGERPRINT_KIND,
        LOCK_NAME,
        MANIFEST_NAME,
        MAX_HASHED_BYTES,
        MAX_MANIFEST_BYTES,
        Manifest,
        code_fingerprint,
        row_digest,
        source_fingerprint,
    )
    from .names import DEFAULT_NAME, MAX_STEM, assign_names, check_name_pattern, safe_stem
    from .plan import (
        DEFAULT_ROW_TIMEOUT,
        FILE_COLUMNS,
        DeckOptions,
        Plan,
        RowTask,
        RowTasks,
        plan_batch,
    )
    from .pool import OwnPool, Workers
    from .processes import (
        MIN_ROWS_PER_WORKER,
        default_jobs,
        process_pool,
        start_early,
        workers_for,
    )
    from .report import REPORT_NAME, BatchInterrupted, BatchReport, RowReport
    from .run import Progress, build_batch, check_batch, checked_plan, validate_clients
    from .worker import RowBuilt, RowCheck, build_row, build_rows, check_rows

__all__ = [
    "DEFAULT_NAME",
    "DEFAULT_ROW_TIMEOUT",
    "FILE_COLUMNS",
    "FINGERPRINT_KIND",
    "KEPT_BYTES",
    "LOCK_NAME",
    "MANIFEST_NAME",
    "MAX_HASHED_BYTES",
    "MAX_MANIFEST_BYTES",
    "MAX_STEM",
    "MIN_ROWS_PER_WORKER",
    "REPORT_NAME",
    "BatchInterrupted",
    "BatchReport",
    "DeckOptions",
    "Manifest",
    "OwnPool",
    "Plan",
    "Progress",
    "RowBuilt",
    "RowCheck",
    "RowReport",
    "RowTask",
    "RowTasks",
    "Workers",
    "assign_names",
    "build_batch",
    "build_row",
    "build_rows",
    "check_batch",
    "check_name_pattern",
    "check_rows",
    "code_fingerprint",
    "default_jobs",
    "plan_batch",
    "process_pool",
    "row_digest",
    "safe_stem",
    "source_fingerprint",
    "start_early",
    "checked_plan",
    "validate_clients",
    "workers_for",
]

#: Where each public name lives (by module), imported on first use.
_MODULES = {
    "kept": ("KEPT_BYTES",),
    "manifest": (
        "FINGERPRINT_KIND",
        "LOCK_NAME",
        "MANIFEST_NAME",
        "MAX_HASHED_BYTES",
        "MAX_MANIFEST_BYTES",
        "Manifest",
        "code_fingerprint",
        "row_digest",
        "source_fingerprint",
    ),
    "names": (
        "DEFAULT_NAME",
        "MAX_STEM",
        "assign_names",
        "check_name_pattern",
        "safe_stem",
    ),
    "plan": (
        "DEFAULT_ROW_TIMEOUT",
        "FILE_COLUMNS",
        "DeckOptions",
        "Plan",
        "RowTask",
        "RowTasks",
        "plan_batch",
    ),
    "processes": (
        "MIN_ROWS_PER_WORKER",
        "default_jobs",
        "workers_for",
        "process_pool",
        "start_early",
    ),
    "pool": (
        "OwnPool",
        "Workers",
    ),
    "report": (
        "REPORT_NAME",
        "BatchInterrupted",
        "BatchReport",
        "RowReport",
    ),
    "run": (
        "Progress",
        "build_batch",
        "check_batch",
        "checked_plan",
        "validate_clients",
    ),
    "worker": (
        "RowBuilt",
        "RowCheck",
        "build_row",
        "build_rows",
        "check_rows",
    ),
}
_HOMES = {name: module for module, names in _MODULES.items() for name in names}

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_names(__name__, _HOMES)
