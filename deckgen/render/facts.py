"""What a deck's rendering takes from the deck itself beside its slides: the language its text
is marked in, the timestamp of its zip members, the logo file."""

from __future__ import annotations

import functools
from pathlib import Path

from .. import ooxml
from ..colours import contrast_ratio, readable_shade, shaded
from ..errors import InputError
from ..images import logo_problem
from ..models import Deck
from ..template import Template

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


def accent_palette(deck: Deck, template: Template) -> ooxml.Palette:
    """The text colours the accent (the brand's or the template's) calls for, on the
    background the template's colour map gives: on the accent, the background colour (white
    on a dark accent in a light template) unless the text colour reads better; in the accent
    on the background, the accent itself where it has 3:1 contrast, else the least darker (or,
    on a dark background, lighter) shade of it that has."""
    accent = deck.brand.accent or template.colours.get("accent1")
    if accent is None:
        return ooxml.Palette()
    background = template.colours.get("bg1", template.colours.get("lt1", "FFFFFF"))
    text = template.colours.get("tx1", template.colours.get("dk1", "000000"))
    return _palette(accent, background, text)


@functools.lru_cache(maxsize=256)
def _palette(accent: str, background: str, text: str) -> ooxml.Palette:
    """``accent_palette`` for three colours, once: every slide built asks (a batch's clients
    each bring an accent)."""
    on_background = contrast_ratio(background, accent) >= contrast_ratio(text, accent)
    # Accent text stands on the background and on the devices' panels, a shade darker: it
    # must read on the one it contrasts with least.
    panel = shaded(background, ooxml.PANEL_SHADE)
    behind = min((background, panel), key=lambda colour: contrast_ratio(accent, colour))
    return ooxml.Palette("bg1" if on_background else "tx1", readable_shade(accent, behind))
