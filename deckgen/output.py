"""Writing files atomically: a failed build never leaves half a deck or loses the last one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError


def _file_mode() -> int:
    # mkstemp creates files readable by their owner only; a deck gets the mode any new file
    # would get (0666 less the umask), so colleagues and web servers can read it.
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _file_mode()


def refuse_inputs(target: Path, inputs: dict[str, Path | None]) -> None:
    """Refuse an output that is one of the build's own inputs (by name, link or hard link): a
    deck written over its template or content would be read as that input next time."""
    for role, given in inputs.items():
        if given is None or not target.exists() or not given.exists():
            continue
        with contextlib.suppress(OSError):
            if os.path.samefile(target, given):
                raise OutputError(
                    f"{target}: this is the {role} the deck is built from; writing the deck "
                    "there would replace it: choose another -o"
                )


def write_atomic(path: Path, data: bytes | Iterable[bytes], *, durable: bool = True) -> None:
    """Write data (bytes, or pieces of them) to path via a temporary file in the same folder,
    then replace. A batch's report is written in pieces, one row at a time: its full text for
    thousands of rows would be the largest thing the batch holds.

    The earlier file stays untouched until the new one is complete on disk. Without
    ``durable`` the data is not forced to disk before the rename: a batch writes its decks so
    and forces them all at once at the end (make_durable), an fsync per deck costing about a
    tenth of its time; a crash of the process still leaves the old file or the new one whole.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise OutputError(f"{path}: cannot write here: {err.strerror}; choose another -o") from err
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"{path}: cannot write the deck: {err.strerror}") from err
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def make_durable(paths: Iterable[Path]) -> None:
    """Force files written without ``durable`` to disk, then their folders' entries (a rename
    is on disk only once its folder is). Raise OutputError naming the file that failed."""
    folders: dict[Path, None] = {}
    for path in paths:
        folders[path.parent] = None
        _fsync(path, os.O_RDONLY)
    for folder in folders:
        sync_folder(folder)


def sync_folder(folder: Path) -> None:
    """Force the folder's entries (the renames into it) to disk."""
    if os.name != "nt":  # a folder cannot be opened there, nor needs to be
        _fsync(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def _fsync(path: Path, flags: int) -> None:
    try:
        fd = os.open(path, flags)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as err:
        raise OutputError(f"{path}: cannot write it to disk: {err.strerror}") from err
