"""Reading a user's input file whole, with the refusals every kind of input shares.

Only regular files are read, judged before they are opened: a named pipe would block the read
forever and ``/dev/zero`` would never end. Every read is bounded, also for a file that grows
(or is swapped for another) between the check and the read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from .errors import InputError

#: A logo travels in every deck: tens of kB is usual, and a 40 MB JPEG would be in each one.
#: Here, not with the content, so that what reads a logo (images, check) needs no YAML or Jinja.
MAX_LOGO_BYTES = 20_000_000

# Not a folder and not a regular file: what the user gave instead, in their words.
_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_regular(mode: int) -> str | None:
    """Return what a file of this st_mode is when it is not a regular file or a folder."""
    for test, kind in _SPECIAL:
        if test(mode):
            return kind
    return None


def file_problem(
    path: Path, what: str, limit: int, too_big: Callable[[int], str] | None = None
) -> str | None:
    """Return why path cannot be read as the ``what`` (missing, a folder, a pipe or device,
    larger than ``limit`` bytes), or None; looks at the file without opening it."""
    name = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        return f"{name}: no such {what}; check the path"
    except OSError as err:
        return f"{name}: cannot read the {what}: {err.strerror}"
    if stat.S_ISDIR(st.st_mode):
        return f"{name}: is a folder; give the {what} inside it"
    if not stat.S_ISREG(st.st_mode):
        kind = not_regular(st.st_mode) or "not a regular file"
        return f"{name}: is {kind}, not a file; give the {what} itself"
    if st.st_size > limit:
        return too_big(st.st_size) if too_big else _too_big(name, what, st.st_size, limit)
    return None


def _too_big(name: str, what: str, size: int, limit: int) -> str:
    return (
        f"{name}: the {what} is {size:,} bytes, more than the {limit:,} deckgen reads; "
        "is it the right file?"
    )


def read_input(
    path: Path,
    what: str,
    limit: int,
    error: type[InputError] = InputError,
    *,
    too_big: Callable[[int], str] | None = None,
) -> bytes:
    """Return the bytes of a content file, client table, template or deck.

    Raise ``error`` naming the file and what to do when it is missing, a folder, a named pipe
    or device, unreadable or larger than ``limit`` bytes (checked before reading, so a huge
    file is never loaded); ``too_big`` words that last message for inputs with a better hint.
    """
    name = str(path)
    problem = file_problem(path, what, limit, too_big)
    if problem is not None:
        raise error(problem)
    try:
        # Non-blocking, so a file swapped for a pipe since the check cannot block the open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise error(f"{name}: cannot read the {what}: {err.strerror}") from err
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise error(f"{name}: is not a regular file; give the {what} itself")
        blob = _read_at_most(fd, limit + 1)
    except OSError as err:
        raise error(f"{name}: cannot read the {what}: {err.strerror}") from err
    finally:
        os.close(fd)
    if len(blob) > limit:  # it grew since it was looked at
        raise error(too_big(len(blob)) if too_big else _too_big(name, what, len(blob), limit))
    return blob


def _read_at_most(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_text_input(path: Path, what: str, limit: int, error: type[InputError] = InputError) -> str:
    """Return a text input (YAML) decoded as UTF-8, a byte-order mark allowed; refuse other
    encodings with what to do, as ``error``."""
    blob = read_input(path, what, limit, error)
    try:
        return blob.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise error(f"{path}: the {what} is not UTF-8 text; save it as UTF-8") from err
