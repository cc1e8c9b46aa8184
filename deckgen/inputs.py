"""Reading a user's input file whole, with the refusals every kind of input shares."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .errors import InputError


def read_input(
    path: Path,
    what: str,
    limit: int,
    error: type[InputError] = InputError,
    *,
    too_big: Callable[[int], str] | None = None,
) -> bytes:
    """Return the bytes of a content file, client table, template or deck.

    Raise ``error`` naming the file and what to do when it is missing, a folder, unreadable or
    larger than ``limit`` bytes (checked before reading, so a huge file is never loaded);
    ``too_big`` words that last message for inputs with a better hint.
    """
    name = str(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise error(
                too_big(size)
                if too_big
                else f"{name}: the {what} is {size:,} bytes, more than the {limit:,} deckgen "
                "reads; is it the right file?"
            )
        return path.read_bytes()
    except FileNotFoundError as err:
        raise error(f"{name}: no such {what}; check the path") from err
    except IsADirectoryError as err:
        raise error(f"{name}: is a folder; give the {what} inside it") from err
    except OSError as err:
        raise error(f"{name}: cannot read the {what}: {err.strerror}") from err


def read_text_input(path: Path, what: str, limit: int, error: type[InputError] = InputError) -> str:
    """Return a text input (YAML) decoded as UTF-8, a byte-order mark allowed; refuse other
    encodings with what to do, as ``error``."""
    blob = read_input(path, what, limit, error)
    try:
        return blob.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise error(f"{path}: the {what} is not UTF-8 text; save it as UTF-8") from err
