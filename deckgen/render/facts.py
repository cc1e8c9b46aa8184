"""What a deck's rendering takes from the deck itself beside its slides: the language its text
is marked in, the timestamp of its zip members, the logo file."""

from __future__ import annotations

from pathlib import Path

from .. import ooxml
from ..errors import InputError
from ..images import logo_problem
from ..models import Deck

#: The language tag text is marked with (spelling, hyphenation, number display), by deck language.
LANGUAGE_TAGS = {"de": "de-DE", "en": "en-GB"}


def language_tag(deck: Deck) -> str:
    return LANGUAGE_TAGS[deck.language]


def logo_file(deck: Deck) -> Path | None:
    """Return the brand logo's file; raise InputError now, before anything is written, where
    it is missing or cannot be a logo (``images.logo_problem``: the rule for every command).

    Its pixels are bounded here; the slide it goes on scales it down to the box it is shown in
    (``ooxml.assembly``)."""
    if not deck.brand.logo:
        return None
    path = Path(deck.brand.logo)
    if not path.is_file():
        raise InputError(f"brand.logo: {path}: no such image file; check the path")
    if problem := logo_problem(path):
        raise InputError(f"brand.logo: {problem}")
    return path


def zip_date(deck: Deck) -> ooxml.ZipDate:
    """The timestamp every member of the deck's zip (and its chart workbooks) carries: the
    content's date, so the same inputs give the same bytes."""
    return (deck.date.year, deck.date.month, deck.date.day, 0, 0, 0)
