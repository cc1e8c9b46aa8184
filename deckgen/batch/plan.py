"""Planning a batch: the table, content and template read once, one picklable RowTask per row
(made when asked for: ``RowTasks``)."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from ..clients import ClientRow, ClientTable, read_clients
from ..content import (
    RawContent,
    parse_override,
    read_content,
)
from ..errors import InputError, Problem
from ..models import Deck
from ..records import record
from ..resources import shipped_template

# Columns that name a file for the row instead of a content field; resolved against the table.
FILE_COLUMNS = ("content", "template", "logo")
#: Seconds one row may take to be checked, and again to be built (--row-timeout). A deck builds
#: in about a second; a row still running after two minutes loops on something in its data.
DEFAULT_ROW_TIMEOUT = 120.0
#: Seconds a chunk of rows on deckgen's own pool may run past its rows' time limits before its
#: worker is ended: a fresh worker loads its template first (a second, more on a busy machine).
OVERDUE_GRACE = 30.0


@record
class DeckOptions:
    """What every row's deck is made with, as build_deck takes it: ``overrides`` (``--set
    path=value``, applied before the row's cells, so a cell wins), a layout ``mapping`` file,
    ``keep_template_slides``, ``allow_overflow``; and the time a row may take (0: any)."""

    overrides: tuple[str, ...] = ()
    mapping: str = ""
    keep_template_slides: bool = False
    allow_overflow: bool = False
    row_timeout: float = DEFAULT_ROW_TIMEOUT


@record(slots=True)
class RowTask:
    """Everything a worker needs for one row: small, picklable, no open files."""

    row: int
    origin: str
    content: str
    template: str
    overrides: tuple[tuple[str, str, Any], ...]
    client: dict[str, Any]
    own_content: bool = False
    output: str | None = None
    kept: str = ""  # the batch's folder of validated decks kept for their build (kept._keep)
    problems: tuple[str, ...] = ()  # found while planning: a file column naming a refused path
    base: str = ""  # the folder files a row names must be in; empty when any is allowed
    options: DeckOptions = field(default_factory=lambda: DeckOptions())


def _stamp(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=16)
def _content_at(path: str, stamp: tuple[int, int]) -> RawContent:
    """Parse a content file once per worker (and again only when the file changed)."""
    return read_content(Path(path))


@functools.lru_cache(maxsize=8)
def _template_at(
    path: str, stamp: tuple[int, int], mapping: str, mapping_stamp: tuple[int, int], keep: bool
) -> Any:
    """Load a template once per worker; keyed by mtime so a long-lived worker sees edits."""
    from ..template import load_template

    return load_template(Path(path), Path(mapping) if mapping else None, keep_slides=keep)


def _template_of(path: str, options: DeckOptions) -> Any:
    """Return the template at path as the options ask for it (mapping, slides kept)."""
    mapping = options.mapping
    return _template_at(path, _stamp(path), mapping, _stamp(mapping), options.keep_template_slides)


@record(eq=False)
class _RowPlanner:
    """Makes one row's task from the table's row: what every task shares, planned once. One
    per plan, compared by identity: it holds the table and a memo, not a value."""

    table: ClientTable
    content: str
    template: str
    fields: dict[str, str]
    base: Path
    outside_files: bool
    options: DeckOptions
    #: Whether a file a cell names is in the table's folder, by the cell: judged once (links
    #: followed), so a row's task is the same on every ask, and a batch that asks for each
    #: task several times follows a table's one logo once, not once a row and ask.
    inside: dict[str, bool] = field(default_factory=dict)

    def __call__(self, row: ClientRow, kept: str) -> RowTask:
        table, base = self.table, self.base
        origin = f"{table.name}:{row.number}"
        overrides = []
        refused = []
        row_content, row_template = self.content, self.template
        for column, value in row.values.items():
            if column in FILE_COLUMNS or column == "brand.logo":
                path = base / str(value)
                if not self.outside_files and not self._inside(str(value), path):
                    refused.append(f"{origin}: {column}: {_cut(str(value))}: {_outside(base)}")
                elif column == "content":
                    row_content = str(path)
                elif column == "template":
                    row_template = str(path)
                else:
                    overrides.append((column, "brand.logo", str(path)))
            elif column in self.fields:
                overrides.append((column, self.fields[column], table.field_value(value)))
        return RowTask(
            row=row.number,
            origin=origin,
            content=row_content,
            template=row_template,
            overrides=tuple(overrides),
            client=table.variables(row),
            own_content="content" in row.values,
            kept=kept,
            problems=tuple(refused),
            base="" if self.outside_files else str(base),
            options=self.options,
        )

    def _inside(self, cell: str, path: Path) -> bool:
        found = self.inside.get(cell)
        if found is None:
            found = self.inside[cell] = _inside(path, self.base)
        return found


class RowTasks(Sequence[RowTask]):
    """Every row's task, made each time it is asked for and not kept.

    The table holds each row once; a task adds the row's overrides and client names again
    (about 0.8 kB a row), so the tasks live only while a worker needs them: a batch of
    100,000 rows does not hold 100,000 of them. The same row gives an equal task each time
    (a file a cell names is judged once, on the first ask: ``_RowPlanner.inside``).
    """

    def __init__(self, planner: _RowPlanner, kept: str = "") -> None:
        self._planner = planner
        self._rows = planner.table.rows
        self.kept = kept

    def keeping(self, kept: str) -> RowTasks:
        """These tasks, with the batch's folder of kept checks (``kept``)."""
        return RowTasks(self._planner, kept)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> RowTask: ...

    @overload
    def __getitem__(self, index: slice) -> list[RowTask]: ...

    def __getitem__(self, index: int | slice) -> RowTask | list[RowTask]:
        if isinstance(index, slice):
            return [self._planner(row, self.kept) for row in self._rows[index]]
        return self._planner(self._rows[index], self.kept)

    def __iter__(self) -> Iterator[RowTask]:
        return (self._planner(row, self.kept) for row in self._rows)


@dataclass
class Plan:
    """The batch as read in the main process: the table and one task per row."""

    table: ClientTable
    content: Path
    template: Path
    tasks: RowTasks
    options: DeckOptions = field(default_factory=lambda: DeckOptions())


def plan_batch(
    content: Path,
    clients: Path,
    *,
    template: Path | None = None,
    sheet: str | None = None,
    outside_files: bool = False,
    options: DeckOptions | None = None,
) -> Plan:
    """Read the table, content and template, map columns to fields; raise InputError.

    A dotted column whose first part is not a content field is a mistake, not a variable
    (``audiance.company``), and is reported with the nearest field. The files a row names
    (``content``, ``template``, ``logo``) must be in the table's folder or under it, after
    links are followed, unless ``outside_files``: a table written by someone else must not
    put any file the user can read into a deck; a row naming another fails. ``options`` are
    what every row's deck is made with (see DeckOptions).
    """
    table = read_clients(clients, sheet=sheet)
    # A broken main content file or template is bad input, not N failed rows. Read through the
    # worker caches, so a one-job batch (which runs here) reads each file once.
    _content_at(str(content), _stamp(str(content)))
    template_path = template or shipped_template()
    options = options or DeckOptions()
    for text in options.overrides:
        parse_override(text)  # a --set without "=" is bad input, not a problem of every row
    _template_of(str(template_path), options)
    base = table.path.parent
    planner = _RowPlanner(
        table=table,
        content=str(content),
        template=str(template_path),
        fields=_column_fields(table),
        base=base,
        outside_files=outside_files,
        options=options,
    )
    return Plan(
        table=table, content=content, template=template_path, tasks=RowTasks(planner),
        options=options,
    )  # fmt: skip


def _inside(path: Path, folder: Path) -> bool:
    """Return True when path, links followed, is in folder or under it."""
    try:
        real, root = os.path.realpath(path), os.path.realpath(folder)
        return os.path.commonpath([real, root]) == root
    except ValueError:  # another drive (Windows)
        return False


def _outside(folder: Path) -> str:
    # Never says where the path leads: whether a file exists elsewhere is not the table's
    # to learn.
    return f"outside the table's folder {folder}; put the file there (or in a folder under it)"


def _cut(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _column_fields(table: ClientTable) -> dict[str, str]:
    """Return column -> content field path for the columns that override a field."""
    import difflib

    top = list(Deck.model_fields)
    fields: dict[str, str] = {}
    problems = []
    for column in table.columns:
        head = re.split(r"[.\[]", column, maxsplit=1)[0]
        if head in top:
            fields[column] = column
        elif "." in column and column not in FILE_COLUMNS:
            near = difflib.get_close_matches(head, top, n=1)
            hint = f"did you mean {near[0]!r}?" if near else "fields: " + ", ".join(top)
            line = 1 if table.kind != "list" else None
            problems.append(Problem(table.name, line, column, f"unknown field; {hint}"))
    if problems:
        raise InputError(problems)
    return fields


def _chunk_bound(chunk: list[RowTask]) -> float | None:
    """Return the seconds a chunk of rows may run before its worker is ended (None: its rows
    have no time limit): each row its limit, and as long again for the wait in the executor's
    queue behind a chunk as large, where the main process already sees it running."""
    timeout = chunk[0].options.row_timeout if chunk else 0
    return len(chunk) * 2 * timeout + OVERDUE_GRACE if timeout else None
