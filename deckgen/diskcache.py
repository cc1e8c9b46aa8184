"""What deckgen keeps on disk for its next process: results that are slow to compute and the
same every time for the same inputs (font metrics, the file fontconfig picks for a family).

One file per entry under the user's cache folder (``DECKGEN_CACHE_DIR`` relocates it). A
cache only saves time, so it is never trusted: an entry that is missing, truncated, altered,
written by another deckgen version or for another key reads as missing and its owner computes
the value again; a folder that cannot be written is not written. Owners store only values they
would compute identically, so a deck's bytes never depend on the cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from . import __version__

#: The environment variable that moves the cache (tests point it at a temporary folder).
CACHE_ENV = "DECKGEN_CACHE_DIR"

#: The layout of an entry file; a change makes every older entry read as missing.
FORMAT = 1

#: Entries kept per kind; the least recently written go first, so the folder stays bounded
#: however many font versions or font sets come and go.
MAX_ENTRIES = 64

#: An entry larger than this is not read (the largest, a font's widths, is about 0.5 MB).
MAX_ENTRY_BYTES = 8_000_000


def cache_dir() -> Path:
    """Return the folder of deckgen's cache: ``$DECKGEN_CACHE_DIR``, else the platform's user
    cache folder (``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux) with ``deckgen`` under it."""
    given = os.environ.get(CACHE_ENV)
    if given:
        return Path(given).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "deckgen"


@functools.cache
def code_digest(module_file: str) -> str:
    """A digest of the module that computes an entry's value, for its key: a value computed by
    other code (a developer's edit under the same version number) must not be read back."""
    try:
        return hashlib.sha256(Path(module_file).read_bytes()).hexdigest()[:16]
    except OSError:  # no source beside the bytecode: the version stands for the code
        return __version__


@functools.cache
def installed_code(libraries: tuple[str, ...]) -> list[Any]:
    """deckgen's own code and the ``libraries`` a value is computed with, for its key: every
    deckgen module's path, size and modification time (a developer's edit keeps the version
    number), Python's version and each library's file. Stat calls only, no import: about a
    millisecond, so a command whose value is kept never imports what computes it."""
    found: list[Any] = [sys.version]
    for name in libraries:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        state = os.stat(origin) if origin else None
        found.append([name, origin, state and state.st_size, state and state.st_mtime_ns])
    return [_own_files(), found]


@functools.cache
def _own_files() -> list[Any]:
    """Every deckgen module's path, size and modification time, walked once per process."""
    package = Path(__file__).resolve().parent
    files: list[Any] = []
    for folder, subfolders, names in os.walk(package):
        subfolders.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                relative = os.path.relpath(os.path.join(folder, name), package)
                files.append([relative, info.st_size, info.st_mtime_ns])
    return files


def read_entry(kind: str, key: Mapping[str, Any]) -> Any | None:
    """Return the value stored under key, or None when there is none that can be trusted."""
    try:
        path, header = _locate(kind, key)
    except (TypeError, ValueError):  # a key with no JSON form is never kept
        return None
    try:
        if path.stat().st_size > MAX_ENTRY_BYTES:
            return None
        with path.open("rb") as handle:
            first = handle.readline()
            body = handle.read(MAX_ENTRY_BYTES)
        stored = json.loads(first)
    except (OSError, ValueError):
        return None
    if stored != header | {"sha256": hashlib.sha256(body).hexdigest()}:
        return None  # another key, version or format, or a body that is not what was written
    try:
        return json.loads(body)
    except ValueError:
        return None


def write_entry(kind: str, key: Mapping[str, Any], value: Any) -> None:
    """Store value (JSON data) under key, replacing the entry at once for every reader.

    Without fsync: an entry torn by a crash fails its checksum and is computed again, which is
    cheaper than a disk flush on every build. Failing to write costs only speed, so an OSError
    is swallowed.
    """
    write_entries(kind, [(key, value)])


def write_entries(
    kind: str,
    entries: Sequence[tuple[Mapping[str, Any], Any]],
    *,
    keep: int | None = None,
    max_bytes: int | None = None,
) -> None:
    """Store several entries of one kind, then bound the kind's folder once: at most ``keep``
    entries (default MAX_ENTRIES) and ``max_bytes`` together, the least recently written
    removed first. An entry larger than MAX_ENTRY_BYTES is not written (it would not be read),
    nor one that has no JSON form: keeping costs only speed, so it never fails a command."""
    folder = None
    for key, value in entries:
        try:
            path, header = _locate(kind, key)
            body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        except (TypeError, ValueError):  # not JSON, or text UTF-8 cannot hold (a lone surrogate)
            continue
        if len(body) >= MAX_ENTRY_BYTES:
            continue
        first = json.dumps(header | {"sha256": hashlib.sha256(body).hexdigest()}).encode()
        with contextlib.suppress(OSError):
            path.parent.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the user's alone
            path.parent.mkdir(mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(first + b"\n" + body)
                os.replace(tmp, path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
            folder = path.parent
    if folder is not None:
        with contextlib.suppress(OSError):
            _prune(folder, keep or MAX_ENTRIES, max_bytes or MAX_ENTRIES * MAX_ENTRY_BYTES)


def _locate(kind: str, key: Mapping[str, Any]) -> tuple[Path, dict[str, Any]]:
    """The entry's file (named by a digest of its key) and the header that must match."""
    header = {"format": FORMAT, "deckgen": __version__, "kind": kind, "key": dict(key)}
    text = json.dumps(header, sort_keys=True, ensure_ascii=False).encode()
    return cache_dir() / kind / f"{hashlib.sha256(text).hexdigest()[:32]}.json", header


def _prune(folder: Path, keep: int, max_bytes: int) -> None:
    """Remove the least recently written entries (and leftovers of killed writers) beyond
    ``keep`` entries or ``max_bytes``; another process removing the same file first is fine."""
    entries = []
    for item in os.scandir(folder):
        with contextlib.suppress(OSError):
            info = item.stat()
            entries.append((info.st_mtime_ns, info.st_size, item.path))
    total = 0
    for count, (_, size, path) in enumerate(sorted(entries, reverse=True)):
        total += size
        if count >= keep or total > max_bytes:
            with contextlib.suppress(OSError):
                os.unlink(path)
