"""One personalised deck per client row: check every row, then build in parallel, lose nothing.

How a batch runs, and why:

1. The client table, the content file and the template are read in this process; a problem
   there is bad input (InputError, exit 2) before anything is built.
2. Every row is checked (overrides applied, validated like a content file) in the workers, so
   a thousand rows are checked in parallel and nothing is written before all are known. With
   ``strict`` one bad row stops the batch here.
3. Each row gets a safe file name and a hash of everything its deck is made from; a deck whose
   hash the manifest already holds is skipped unless ``force``.
4. The workers build the rest and write each deck atomically themselves, so no deck's bytes
   cross a process boundary. A worker parses the content YAML and the template once and keeps
   them (``_content_at``/``_template_at``); per row it only applies the row, validates and
   renders.
5. The manifest gets a line per finished deck, so an interrupted batch continues where it
   stopped; the report is written last.

Workers are plain module-level functions over small picklable tasks, so any
``concurrent.futures.Executor`` runs them: a process pool here, a Dask cluster elsewhere.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import functools
import hashlib
import json
import multiprocessing
import os
import pickle
import re
import stat
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
from .clients import ClientTable, read_clients
from .content import (
    MAX_LOGO_BYTES,
    RawContent,
    apply_override,
    copy_data,
    file_logo,
    files_beside,
    format_path,
    read_content,
    validate,
)
from .errors import ContentError, DeckgenError, InputError, OutputError, Problem
from .inputs import file_problem, read_input
from .models import Deck
from .output import write_atomic
from .resources import shipped_template
from .template import mapping_beside

MANIFEST_NAME = ".deckgen-batch.jsonl"
LOCK_NAME = ".deckgen-batch.lock"
REPORT_NAME = "report.json"
DEFAULT_NAME = "{company}"
MAX_STEM = 100
# Columns that name a file for the row instead of a content field; resolved against the table.
FILE_COLUMNS = ("content", "template", "logo")
# A file hashed to tell whether a deck is up to date: at most the largest input deckgen reads.
MAX_HASHED_BYTES = 256_000_000
MAX_MANIFEST_BYTES = 64_000_000  # a line of about 150 bytes per deck
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in "123456789"
}
# German transliteration first (Müller -> mueller, as a German reads it), then ASCII for the rest.
GERMAN = [["Ä", "Ae"], ["Ö", "Oe"], ["Ü", "Ue"], ["ä", "ae"], ["ö", "oe"], ["ü", "ue"], ["ß", "ss"]]

Progress = Callable[[str, int, int], None]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class RowReport:
    """What happened to one client row: built, skipped (up to date) or failed, and why."""

    row: int
    client: str
    status: str
    output: str | None = None
    error: str | None = None
    seconds: float = 0.0
    pdf: str | None = None


@dataclass
class BatchReport:
    """The outcome of a batch, row by row; the CLI renders it, report.json stores it."""

    content: str
    clients: str
    output_dir: str
    rows: list[RowReport]
    seconds: float
    pdf_error: str | None = None
    report_file: str | None = None

    def count(self, status: str) -> int:
        """Return how many rows ended with status (built, skipped, failed)."""
        return sum(1 for r in self.rows if r.status == status)

    @property
    def built(self) -> int:
        return self.count("built")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def exit_code(self) -> int:
        """0 when every row has its deck (and PDF, if asked), else 1."""
        return 1 if self.failed or self.pdf_error else 0

    def to_dict(self) -> dict[str, Any]:
        """Return the report as report.json holds it."""
        return {
            "deckgen": __version__,
            "content": self.content,
            "clients": self.clients,
            "output_dir": self.output_dir,
            "summary": {
                "rows": len(self.rows),
                "built": self.built,
                "skipped": self.skipped,
                "failed": self.failed,
                "seconds": round(self.seconds, 3),
            },
            "pdf_error": self.pdf_error,
            "rows": [{**dataclasses.asdict(r), "seconds": round(r.seconds, 4)} for r in self.rows],
        }


class BatchInterrupted(DeckgenError):
    """The user pressed Ctrl-C; finished decks are kept and a rerun continues."""

    exit_code = 130


# --------------------------------------------------------------------------- tasks (picklable)


@dataclass(frozen=True)
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
    batch: str = ""  # which build_batch call the row belongs to
    problems: tuple[str, ...] = ()  # found while planning: a file column naming a refused path
    base: str = ""  # the folder files a row names must be in; empty when any is allowed


@dataclass(frozen=True)
class RowCheck:
    """A worker's verdict on one row: its problems, or the company its deck is for."""

    row: int
    problems: tuple[str, ...]
    company: str | None


@dataclass(frozen=True)
class RowBuilt:
    """A worker's result of building one row."""

    row: int
    error: str | None
    seconds: float
    size: int = 0


class _RowFailed(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


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
def _template_at(path: str, stamp: tuple[int, int]) -> Any:
    """Load a template once per worker; keyed by mtime so a long-lived worker sees edits."""
    from .template import load_template

    return load_template(Path(path))


@functools.lru_cache(maxsize=256)
def _image_problem(path: str, stamp: tuple[int, int]) -> str | None:
    """Return why a logo file cannot go on a slide, or None; checked once per file and worker.

    Checked with the rows, so --strict refuses a broken logo before the first deck is written.
    """
    from PIL import Image

    if problem := file_problem(Path(path), "logo file", MAX_LOGO_BYTES):
        return problem
    try:
        with Image.open(path) as image:
            image.verify()
    except Image.DecompressionBombError:
        return f"{path}: too many pixels to put on a slide; use a smaller PNG or JPEG"
    except Exception:  # Pillow raises many kinds for a damaged file; any is the row's problem
        return f"{path}: not an image PowerPoint can show; use a PNG or JPEG"
    return None


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
    for column, path, value in task.overrides:
        if path == "brand.logo" and (bad := _image_problem(value, _stamp(value))):
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
        template = _template_at(task.template, _stamp(task.template))
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


#: A row checked in a process is kept (its validated deck, pickled: ~13 kB) until the same
#: process builds it: a one-job batch, and a worker for the rows it both checks and builds,
#: validate each row once. Kept only within one batch, and at most this many rows at a time;
#: rows past the bound are validated again when built.
KEPT_CHECKS = 2000
_kept: dict[tuple[str, int], bytes] = {}


def _keep(task: RowTask, deck: Deck) -> None:
    if not task.batch:
        return
    if _kept and next(iter(_kept))[0] != task.batch:
        _kept.clear()  # rows of an earlier batch: never built here
    if len(_kept) < KEPT_CHECKS:
        _kept[(task.batch, task.row)] = pickle.dumps(deck, protocol=pickle.HIGHEST_PROTOCOL)


def _prepared(task: RowTask) -> tuple[Deck, Any]:
    """The row's deck and template: kept from its check in this process, else made again."""
    kept = _kept.pop((task.batch, task.row), None) if task.batch else None
    if kept is None:
        return _prepare(task)
    return pickle.loads(kept), _template_at(task.template, _stamp(task.template))


def check_rows(tasks: list[RowTask]) -> list[RowCheck]:
    """Worker: check a chunk of rows without writing; one verdict per row.

    Whatever one row raises fails that row only: an overnight batch must report every row.
    """
    out = []
    for task in tasks:
        try:
            deck, _ = _prepare(task)
        except _RowFailed as err:
            out.append(RowCheck(task.row, tuple(err.problems), None))
        except Exception as err:  # a bug on one row's data; the row says so, the rest go on
            out.append(RowCheck(task.row, (f"{task.origin}: {_failure(err)}",), None))
        else:
            _keep(task, deck)
            out.append(RowCheck(task.row, (), deck.audience.company))
    return out


def build_row(task: RowTask) -> RowBuilt:
    """Worker: build one row's deck and write it atomically to task.output; whatever the row
    raises becomes its error."""
    from .render import render_deck

    start = time.perf_counter()
    assert task.output is not None
    try:
        deck, template = _prepared(task)
        data = render_deck(deck, template, task.client)
        write_atomic(Path(task.output), data)
    except _RowFailed as err:
        return RowBuilt(task.row, "\n".join(err.problems), time.perf_counter() - start)
    except DeckgenError as err:
        return RowBuilt(task.row, f"{task.origin}: {err}", time.perf_counter() - start)
    except Exception as err:  # a bug on one row's data; the row says so, the rest go on
        return RowBuilt(task.row, f"{task.origin}: {_failure(err)}", time.perf_counter() - start)
    return RowBuilt(task.row, None, time.perf_counter() - start, len(data))


# --------------------------------------------------------------------------- planning


@dataclass
class Plan:
    """The batch as read in the main process: the table and one task per row."""

    table: ClientTable
    content: Path
    template: Path
    tasks: list[RowTask]


def plan_batch(
    content: Path,
    clients: Path,
    *,
    template: Path | None = None,
    sheet: str | None = None,
    outside_files: bool = False,
) -> Plan:
    """Read the table, content and template, map columns to fields; raise InputError.

    A dotted column whose first part is not a content field is a mistake, not a variable
    (``audiance.company``), and is reported with the nearest field. The files a row names
    (``content``, ``template``, ``logo``) must be in the table's folder or under it, after
    links are followed, unless ``outside_files``: a table written by someone else must not
    put any file the user can read into a deck; a row naming another fails.
    """
    table = read_clients(clients, sheet=sheet)
    # A broken main content file or template is bad input, not N failed rows. Read through the
    # worker caches, so a one-job batch (which runs here) reads each file once.
    _content_at(str(content), _stamp(str(content)))
    template_path = template or shipped_template()
    _template_at(str(template_path), _stamp(str(template_path)))
    fields = _column_fields(table)
    base = table.path.parent
    batch = uuid.uuid4().hex
    tasks = []
    for row in table.rows:
        origin = f"{table.name}:{row.number}"
        overrides = []
        refused = []
        row_content, row_template = str(content), str(template_path)
        for column, value in row.values.items():
            if column in FILE_COLUMNS or column == "brand.logo":
                path = base / str(value)
                if not outside_files and not _inside(path, base):
                    refused.append(f"{origin}: {column}: {_cut(str(value))}: {_outside(base)}")
                elif column == "content":
                    row_content = str(path)
                elif column == "template":
                    row_template = str(path)
                else:
                    overrides.append((column, "brand.logo", str(path)))
            elif column in fields:
                overrides.append((column, fields[column], table.field_value(value)))
        tasks.append(
            RowTask(
                row=row.number,
                origin=origin,
                content=row_content,
                template=row_template,
                overrides=tuple(overrides),
                client={c: table.variable(row.values.get(c, "")) for c in table.columns},
                own_content="content" in row.values,
                batch=batch,
                problems=tuple(refused),
                base="" if outside_files else str(base),
            )
        )
    return Plan(table=table, content=content, template=template_path, tasks=tasks)


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


# --------------------------------------------------------------------------- names


def safe_stem(text: str, fallback: str) -> str:
    """Return a file name stem that is safe on every file system, from any client value.

    ASCII only (German umlauts as ae/oe/ue/ss): decks travel by e-mail, zip and SharePoint,
    which mangle non-ASCII names. Only a-z, 0-9 and '-' survive, so no path separator, '..',
    drive letter or NUL can; Windows device names get a suffix; at most 100 characters.
    """
    from slugify import slugify

    stem = slugify(text, replacements=GERMAN, max_length=MAX_STEM, word_boundary=True)
    if not stem:
        return fallback
    if stem in WINDOWS_RESERVED:
        stem += "-deck"
    return stem


_FIELD = re.compile(r"\{([^{}]*)\}")


def check_name_pattern(pattern: str, columns: Iterable[str]) -> None:
    """Raise InputError if the --name pattern uses a field that is not a column."""
    known = {"row", "company", *columns}
    unknown = [f for f in _FIELD.findall(pattern) if f not in known]
    if not unknown and pattern.strip():
        return
    what = f"unknown field {{{unknown[0]}}}" if unknown else "empty pattern"
    raise InputError(
        f"--name {pattern!r}: {what}; "
        f"use {{company}}, {{row}} or a column: {', '.join(sorted(known - {'row', 'company'}))}"
    )


def _fill(pattern: str, values: Mapping[str, str]) -> str:
    return _FIELD.sub(lambda m: values.get(m.group(1), ""), pattern)


def assign_names(
    pattern: str, tasks: list[RowTask], companies: Mapping[int, str | None]
) -> dict[int, str]:
    """Return row -> file name; every row reserves its name, valid or not, in table order.

    A duplicate gets -2, -3, ... in table order, so the same table gives the same names on
    every run, and fixing a bad row never renames another client's deck.
    """
    names: dict[int, str] = {}
    taken: set[str] = set()
    for task in tasks:
        company = companies.get(task.row) or str(task.client.get("audience.company") or "")
        values = {**{k: str(v) for k, v in task.client.items()}, "row": str(task.row)}
        values["company"] = company
        text = _fill(pattern, values)
        stem = safe_stem(text, f"row-{task.row}")
        candidate, n = stem, 1
        while candidate in taken:
            n += 1
            candidate = f"{stem}-{n}"
        taken.add(candidate)
        names[task.row] = candidate + ".pptx"
    return names


# --------------------------------------------------------------------------- manifest


class Manifest:
    """Which deck was built from which inputs: one JSON line appended per finished deck.

    Appending is cheap and safe to interrupt: a line is written only after its deck was
    renamed into place, and a torn last line is ignored on reading. The file is rewritten
    compactly at the end of each batch.
    """

    def __init__(self, directory: Path) -> None:
        self.path = directory / MANIFEST_NAME
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            mode = os.lstat(self.path).st_mode
        except OSError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):
            # Appending follows links: a planted link would have deckgen write outside -o.
            raise OutputError(
                f"{self.path}: is a link or not a file; deckgen keeps its record of built decks "
                "only in a file of its own: remove it and run again"
            )
        text = ""
        with contextlib.suppress(InputError):
            text = read_input(self.path, "batch record", MAX_MANIFEST_BYTES).decode(
                "utf-8", "replace"
            )
        if text:
            for line in text.splitlines():
                with contextlib.suppress(ValueError):
                    entry = json.loads(line)
                    if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                        self.entries[entry["file"]] = entry
        self._handle: Any = None

    def up_to_date(self, name: str, digest: str) -> bool:
        """Return True if name was built from digest and is still there, complete."""
        entry = self.entries.get(name)
        if not entry or entry.get("hash") != digest:
            return False
        try:
            return (self.path.parent / name).stat().st_size == entry.get("size")
        except OSError:
            return False

    def record(self, name: str, digest: str, size: int) -> None:
        """Append that name was built from digest."""
        entry = {"file": name, "hash": digest, "size": size}
        self.entries[name] = entry
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
            try:
                fd = os.open(self.path, flags, 0o666)
            except OSError as err:
                raise OutputError(f"{self.path}: cannot record the deck: {err.strerror}") from err
            self._handle = os.fdopen(fd, "a", encoding="utf-8")
        self._handle.write(json.dumps(entry, sort_keys=True) + "\n")
        self._handle.flush()

    def close(self) -> None:
        """Close the log and rewrite it with one line per deck."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self.entries:
            lines = [json.dumps(self.entries[k], sort_keys=True) for k in sorted(self.entries)]
            write_atomic(self.path, ("\n".join(lines) + "\n").encode("utf-8"))


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash deckgen's own source: a new deckgen version rebuilds decks it would make differently."""
    return source_fingerprint(Path(__file__).parent)


def source_fingerprint(package: Path) -> str:
    """Hash the version and every .py file under package, subpackages (ooxml/) included."""
    h = hashlib.sha256(__version__.encode())
    files = {path.relative_to(package).as_posix(): path for path in package.rglob("*.py")}
    for name in sorted(files):
        data = files[name].read_bytes()
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def _file_digest(path: str, cache: dict[str, str]) -> str:
    if path not in cache:
        h = hashlib.sha256()
        try:
            h.update(read_input(Path(path), "file", MAX_HASHED_BYTES))
        except InputError:
            h.update(b"missing")
        # The template's layout mapping lives beside it and changes the deck as much.
        mapping = mapping_beside(Path(path))
        if mapping.is_file():
            h.update(mapping.read_bytes())
        cache[path] = h.hexdigest()
    return cache[path]


def row_digest(task: RowTask, name: str, cache: dict[str, str]) -> str:
    """Hash everything a row's deck is made from: code, content, template, logo and the row."""
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(_file_digest(task.content, cache).encode())
    h.update(_file_digest(task.template, cache).encode())
    logos = [value for _, path, value in task.overrides if path == "brand.logo"]
    if not logos:
        # The content file's own logo changes the deck as much as one from the table.
        try:
            own = file_logo(_content_at(task.content, _stamp(task.content)))
        except ContentError:
            own = None  # the row fails on its content anyway
        logos = [own] if own else []
    for logo in logos:
        h.update(_file_digest(logo, cache).encode())
    blob = {"name": name, "overrides": task.overrides, "client": task.client}
    h.update(json.dumps(blob, sort_keys=True, default=str, ensure_ascii=False).encode())
    return h.hexdigest()


# --------------------------------------------------------------------------- running


def default_jobs() -> int:
    """Return the CPUs this process may use (a container's share, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _process_pool(jobs: int) -> cf.ProcessPoolExecutor:
    """A pool whose workers start from a fresh server process (forkserver where there is one).

    Forking the main process would copy its threads' locks (Rich's refresh thread); spawning
    re-imports everything per worker. The forkserver imports deckgen once and forks from it.
    """
    ctx: multiprocessing.context.BaseContext
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["deckgen.batch", "deckgen.render"])
    else:
        ctx = multiprocessing.get_context("spawn")
    return cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)


def _is_lost_worker(err: BaseException) -> bool:
    """True for a worker that died (killed, out of memory), as opposed to a bug."""
    names = {"KilledWorker", "CancelledError", "CommClosedError"}
    return isinstance(err, cf.BrokenExecutor | cf.CancelledError) or type(err).__name__ in names


def _run(
    fn: Callable[[Any], Any], items: list[Any], executor: cf.Executor | None, window: int
) -> Iterator[tuple[Any, Any, BaseException | None]]:
    """Yield (item, result, error) as they finish; at most window tasks in flight.

    The window keeps memory flat for any number of rows; without an executor, run inline.
    """
    if executor is None:
        for item in items:
            try:
                result = fn(item)
            except Exception as err:  # one row's failure, whatever it is, is that row's
                yield item, None, err
            else:
                yield item, result, None
        return
    todo = iter(items)
    pending: dict[cf.Future[Any], Any] = {}
    broken: BaseException | None = None

    def fill() -> None:
        nonlocal broken
        while broken is None and len(pending) < window:
            item = next(todo, None)
            if item is None:
                return
            try:
                pending[executor.submit(fn, item)] = item
            except (cf.BrokenExecutor, RuntimeError) as err:
                broken = err
                yield_later.append((item, None, err))

    yield_later: list[tuple[Any, Any, BaseException | None]] = []
    try:
        fill()
        while pending:
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                item = pending.pop(future)
                try:
                    error = future.exception()
                except cf.CancelledError as cancelled:
                    error = cancelled
                # A lost worker breaks a process pool for every later row; any other error
                # is the one item's.
                if error is not None and _is_lost_worker(error):
                    broken = broken or error
                yield item, None if error else future.result(), error
            fill()
        yield from yield_later
        if broken is not None:
            for item in todo:
                yield item, None, broken
    finally:
        for future in pending:
            future.cancel()


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def check_batch(
    plan: Plan, executor: cf.Executor | None, window: int, progress: Progress | None = None
) -> dict[int, RowCheck]:
    """Check every row, in parallel where an executor is given; return row -> verdict."""
    total = len(plan.tasks)
    parallel = executor is not None
    size = max(1, min(64, total // (window or 1) or 1)) if parallel else 1
    results: dict[int, RowCheck] = {}
    for chunk, checks, err in _run(check_rows, _chunks(plan.tasks, size), executor, window):
        if err is not None:
            checks = [RowCheck(t.row, (f"{t.origin}: {_failure(err)}",), None) for t in chunk]
        for check in checks:
            results[check.row] = check
        if progress:
            progress("check", len(results), total)
    return results


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
) -> int:
    """Check every client row without writing; return the number of rows.

    Raise InputError listing every problem of every row, located ``table:row: column: ...``.
    Files rows name must be in the table's folder unless ``outside_files`` (see plan_batch).
    """
    plan = plan_batch(content, clients, template=template, sheet=sheet, outside_files=outside_files)
    checks = check_batch(plan, None, 1)
    _kept.clear()  # nothing is built after a check alone
    in_content = _content_problems(plan, checks)
    if in_content:
        raise InputError("\n".join(in_content))
    problems = [p for task in plan.tasks for p in checks[task.row].problems]
    if problems:
        raise InputError("\n".join(problems))
    return len(plan.tasks)


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
    table's folder unless ``outside_files`` (see plan_batch). As with any multiprocessing code,
    a script that runs more than one job calls this under ``if __name__ == "__main__":``.
    """
    started = time.perf_counter()
    if executor is not None:
        # Another executor's workers (a Dask cluster's) need not share this process's working
        # folder; our own pool's do (multiprocessing starts them in it).
        content, clients, output_dir = content.absolute(), clients.absolute(), output_dir.absolute()
        template = template.absolute() if template else None
    plan = plan_batch(content, clients, template=template, sheet=sheet, outside_files=outside_files)
    pattern = name or DEFAULT_NAME
    check_name_pattern(pattern, plan.table.columns)
    _check_report_target(plan, report or output_dir / REPORT_NAME)
    jobs = max(1, min(jobs or default_jobs(), len(plan.tasks)))
    own = executor is None and jobs > 1
    pool = _process_pool(jobs) if own else executor
    window = 4 * jobs if executor is None else max(256, 4 * jobs)
    try:
        return _build(
            plan, pool, window, pattern, output_dir, strict, force, pdf, report, progress, started
        )
    except KeyboardInterrupt:
        raise BatchInterrupted(
            "interrupted: the finished decks are kept; rerun the same command to build the rest"
        ) from None
    finally:
        _kept.clear()  # rows checked here but not built (failed, skipped or interrupted)
        if own and pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _build(
    plan: Plan,
    pool: cf.Executor | None,
    window: int,
    pattern: str,
    output_dir: Path,
    strict: bool,
    force: bool,
    pdf: bool,
    report_path: Path | None,
    progress: Progress | None,
    started: float,
) -> BatchReport:
    checks = check_batch(plan, pool, window, progress)
    in_content = _content_problems(plan, checks)
    if in_content:
        raise InputError("\n".join(in_content))
    problems = [p for task in plan.tasks for p in checks[task.row].problems]
    if strict and problems:
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
        todo: list[RowTask] = []
        for task in plan.tasks:
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
            digests[names[task.row]] = row_digest(task, names[task.row], cache)
            if not force and manifest.up_to_date(names[task.row], digests[names[task.row]]):
                rows[task.row] = RowReport(task.row, company, "skipped", output=str(target))
            else:
                todo.append(dataclasses.replace(task, output=str(target)))
        _remove_stale_temps(output_dir, names.values())
        done = 0
        try:
            for task, result, error in _run(build_row, todo, pool, window):
                name = Path(task.output).name
                company = checks[task.row].company or ""
                if error is not None:
                    rows[task.row] = RowReport(
                        task.row, company, "failed", error=f"{task.origin}: {_failure(error)}"
                    )
                elif result.error:
                    rows[task.row] = RowReport(
                        task.row, company, "failed", error=result.error, seconds=result.seconds
                    )
                else:
                    manifest.record(name, digests[name], result.size)
                    rows[task.row] = RowReport(
                        task.row, company, "built", output=task.output, seconds=result.seconds
                    )
                done += 1
                if progress:
                    progress("build", done, len(todo))
        finally:
            manifest.close()
            _remove_stale_temps(output_dir, names.values())
        ordered = [rows[t.row] for t in plan.tasks]
        pdf_error = None
        if pdf:
            ordered, pdf_error = _pdfs(ordered)
        report = BatchReport(
            content=str(plan.content),
            clients=plan.table.name,
            output_dir=str(output_dir),
            rows=ordered,
            seconds=time.perf_counter() - started,
            pdf_error=pdf_error,
        )
        target = report_path or output_dir / REPORT_NAME
        report.report_file = str(target)
        data = json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
        write_atomic(target, data.encode("utf-8"))
        return report


@contextlib.contextmanager
def _folder_lock(directory: Path) -> Iterator[None]:
    """Hold the output folder's lock for the batch: two batches writing into one folder would
    remove each other's temporary files and the last report would win."""
    path = directory / LOCK_NAME
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as err:
        raise OutputError(f"{path}: cannot lock the output folder: {err.strerror}") from err
    try:
        if fcntl is not None:  # Windows has no flock; there a second batch is not detected
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as err:
                raise OutputError(
                    f"{directory}: another deckgen batch is writing into this folder; let it "
                    "finish or choose another -o"
                ) from err
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _inputs(plan: Plan) -> set[str]:
    """Return every file the batch reads (content, table, templates and their mappings,
    logos), links followed: no output may replace one."""
    paths = {str(plan.content), str(plan.table.path), str(plan.template)}
    for task in plan.tasks:
        paths.update((task.content, task.template))
        paths.update(value for _, path, value in task.overrides if path == "brand.logo")
    templates = {str(plan.template)} | {task.template for task in plan.tasks}
    paths.update(str(mapping_beside(Path(t))) for t in templates)
    return {os.path.realpath(p) for p in paths}


def _check_report_target(plan: Plan, target: Path) -> None:
    """Refuse a report path that is one of the batch's inputs (``--report clients.csv``)."""
    if os.path.realpath(target) in _inputs(plan):
        raise InputError(
            f"{target}: is a file this batch reads; the report would replace it: "
            "choose another --report"
        )


def _remove_stale_temps(directory: Path, names: Iterable[str]) -> None:
    """Remove temporary files a killed worker left for this batch's decks (write_atomic's
    ``.<name>.<random>.tmp``), reading the folder once however many decks it holds."""
    if not directory.is_dir():
        return
    wanted = set(names)
    with os.scandir(directory) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith(".") and name.endswith(".tmp"):
                deck = name[1:-4].rsplit(".", 1)[0]
                if deck in wanted:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def _pdfs(rows: list[RowReport]) -> tuple[list[RowReport], str | None]:
    """Convert every deck that lacks an up-to-date PDF, all in one LibreOffice run."""
    from .export import convert_to_pdf

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
