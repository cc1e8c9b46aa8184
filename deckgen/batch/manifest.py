"""What the output folder holds: the manifest of built decks, their digests, the folder lock."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .. import __version__, diskcache
from ..content import (
    file_logo,
)
from ..errors import ContentError, InputError, OutputError
from ..inputs import read_input
from ..output import make_durable, sync_folder, write_atomic
from ..template import mapping_file_beside
from .plan import RowTask, _content_at, _stamp

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

MANIFEST_NAME = ".deckgen-batch.jsonl"
LOCK_NAME = ".deckgen-batch.lock"
# A file hashed to tell whether a deck is up to date: at most the largest input deckgen reads.
MAX_HASHED_BYTES = 256_000_000
MAX_MANIFEST_BYTES = 64_000_000  # a line of about 150 bytes per deck


class Manifest:
    """Which deck was built from which inputs: one JSON line appended per finished deck.

    Appending is cheap and safe to interrupt: a line is written only after its deck was
    renamed into place, and a torn last line is ignored on reading. The file is rewritten
    compactly at the end of each batch, and only after the decks it lists are forced to disk,
    so that even a power cut never leaves it claiming a deck that is not there (decks are
    written without an fsync each; see close).
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
        self._written: list[str] = []

    def up_to_date(self, name: str, digest: str) -> bool:
        """Return True if name was built from digest and is still there, complete."""
        entry = self.entries.get(name)
        if not entry or entry.get("hash") != digest:
            return False
        try:
            return (self.path.parent / name).stat().st_size == entry.get("size")
        except OSError:
            return False

    def made(self, name: str) -> bool:
        """Return True if this folder's batches made (or set out to make) name: only such a
        file may be replaced without --force."""
        return name in self.entries

    def claim(self, names: Iterable[str]) -> None:
        """Record that the batch is about to write names: a deck a killed worker finished but
        nobody recorded is still the batch's own on the next run."""
        for name in names:
            if name not in self.entries:
                self._append({"file": name, "claimed": True})

    def record(self, name: str, digest: str, size: int) -> None:
        """Append that name was built from digest."""
        self._written.append(name)
        self._append({"file": name, "hash": digest, "size": size})

    def _append(self, entry: dict[str, Any]) -> None:
        self.entries[entry["file"]] = entry
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
        """Force this batch's decks to disk, then rewrite the log with one line per deck.

        One pass of fsyncs at the end instead of one per deck as it is written: the kernel has
        written most of them back by then. The manifest is written (and forced) after the
        decks it lists, and its rename forced last.
        """
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        folder = self.path.parent
        written, self._written = self._written, []
        make_durable(folder / name for name in written if (folder / name).is_file())
        if self.entries:
            # Line by line: the whole text of thousands of entries is never held at once.
            entries = (self.entries[name] for name in sorted(self.entries))
            write_atomic(
                self.path, (f"{json.dumps(e, sort_keys=True)}\n".encode() for e in entries)
            )
            sync_folder(folder)


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash deckgen's own source: a new deckgen version rebuilds decks it would make differently.

    Reading and hashing every module costs a batch about 7 ms; the hash is kept on disk under
    each module's path, size and modification time (``diskcache.installed_code``), the key
    kept slides use, so a later batch of the same code stats its files instead."""
    key = {"code": diskcache.installed_code(())}
    found = diskcache.read_entry(FINGERPRINT_KIND, key)
    if isinstance(found, str) and _SHA256.fullmatch(found):
        return found
    digest = source_fingerprint(Path(__file__).parent.parent)
    diskcache.write_entry(FINGERPRINT_KIND, key, digest)
    return digest


FINGERPRINT_KIND = "code-fingerprint"
_SHA256 = re.compile(r"[0-9a-f]{64}")


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
        mapping = mapping_file_beside(Path(path))
        if mapping is not None:
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
    if task.options.mapping:
        h.update(_file_digest(task.options.mapping, cache).encode())
    # What the deck is made with, but not how long it may take.
    made_with = dataclasses.replace(task.options, row_timeout=0.0)
    blob = {
        "name": name,
        "overrides": task.overrides,
        "client": task.client,
        "options": dataclasses.asdict(made_with),
    }
    h.update(json.dumps(blob, sort_keys=True, default=str, ensure_ascii=False).encode())
    return h.hexdigest()


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
