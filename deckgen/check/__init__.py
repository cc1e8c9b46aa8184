"""Lint a PowerPoint deck for what a CEO would notice before the presenter does.

Works on any .pptx, not only deckgen's: leftover template tags, text that overflows its box
(measured with deckgen.fit, the same measurement the build fits text with), shapes off the
slide, empty placeholders that show "Click to add text", pictures and charts without alt text,
text below 12 pt, text/background contrast below WCAG AA for large text (3:1), fonts this
machine lacks (LibreOffice substitutes them silently, so a preview or PDF made here would
differ from PowerPoint), and, on decks deckgen built, statistics without a source footnote.

Every finding names the slide and shape and carries the shape's box, so ``deckgen preview``
can outline it on the contact sheet.

The package's modules: ``findings`` (the rules, a finding, the JSON report), ``base`` (what
every rule family shares), ``text`` (the text rules) and ``checker`` (the walk over a deck's
slides, layouts and masters, and the shape rules).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import fit, ooxml
from ..colours import MIN_CONTRAST, contrast_ratio
from ..errors import DeckgenError, InputError
from ..records import record
from .base import EDGE_TOLERANCE_EMU, OVERLAP_EMU, SLIDE_NAME_PREFIX
from .checker import STATISTIC, _Checker
from .findings import RULES, Finding, is_problem, report

__all__ = [
    "EDGE_TOLERANCE_EMU",
    "MAX_DECK_BYTES",
    "MIN_CONTRAST",
    "OVERLAP_EMU",
    "RULES",
    "SLIDE_NAME_PREFIX",
    "STATISTIC",
    "Finding",
    "_Checker",
    "check_deck",
    "contrast_ratio",
    "is_problem",
    "open_deck",
    "report",
]


# A deck larger than this is not a deck to lint (videos belong in links, not in a board deck).
MAX_DECK_BYTES = 500_000_000


def open_deck(path: Path) -> Any:
    """Open a deck with python-pptx; raise InputError saying why it cannot be read.

    The file is read as ``build`` reads a template (any PowerPoint package: .pptx, .potx,
    .ppsx, macro-enabled ones), within the same limits, with the same refusals.
    """
    return _open(path).prs


@record
class _Deck:
    prs: Any
    blob: bytes


def _open(path: Path) -> _Deck:
    opened = ooxml.read_presentation(path, ooxml.package_limits("deck", MAX_DECK_BYTES), InputError)
    return _Deck(ooxml.open_presentation(str(path), opened.blob, InputError), opened.blob)


def check_deck(path: Path, *, fonts: fit.FontBook | None = None) -> list[Finding]:
    """Return every problem found in the deck at path, in slide order.

    Raise InputError when the file cannot be read as a presentation (the refusals ``build``
    gives a template), or a part of it is too damaged to check (naming the part).
    """
    deck = _open(path)
    fonts = fonts or fit.fonts.default_fonts()
    checker: _Checker | None = None
    try:
        checker = _Checker(deck.prs, fonts)
        return checker.run()
    except (DeckgenError, AssertionError):
        raise  # AssertionError: a bug in check, not in the deck
    except Exception as err:  # a part python-pptx opened but cannot navigate (a missing rel)
        part = checker.part if checker is not None else None
        raise InputError(ooxml.unreadable(str(path), deck.blob, err, part)) from err
