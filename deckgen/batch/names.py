"""Deck file names: safe stems from any client value, --name patterns, duplicates numbered."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..errors import InputError
from .plan import RowTask

DEFAULT_NAME = "{company}"
MAX_STEM = 100
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in "123456789"
}
# German transliteration first (Müller -> mueller, as a German reads it), then ASCII for the rest.
GERMAN = [["Ä", "Ae"], ["Ö", "Oe"], ["Ü", "Ue"], ["ä", "ae"], ["ö", "oe"], ["ü", "ue"], ["ß", "ss"]]


#: ASCII letters and digits in words one space apart: python-slugify only lowercases such a
#: name and joins its words with '-' (tests/test_batch.py compares the two), so a table of
#: such names is named without importing it (its import and patterns, about 5 ms of a batch).
_PLAIN = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*\Z")


def safe_stem(text: str, fallback: str) -> str:
    """Return a file name stem that is safe on every file system, from any client value.

    ASCII only (German umlauts as ae/oe/ue/ss): decks travel by e-mail, zip and SharePoint,
    which mangle non-ASCII names. Only a-z, 0-9 and '-' survive, so no path separator, '..',
    drive letter or NUL can; Windows device names get a suffix; at most 100 characters.
    """
    if len(text) <= MAX_STEM and _PLAIN.match(text):
        stem = text.lower().replace(" ", "-")  # what slugify makes of it, without its import
    else:
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
    pattern: str, tasks: Iterable[RowTask], companies: Mapping[int, str | None]
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
