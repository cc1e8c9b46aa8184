"""Slide text set as a native writer of the deck's language would set it.

PowerPoint's AutoCorrect does this while someone types; a generated deck must do it itself:
quotation marks of the language („…“ in German, “…” in English) instead of straight ones,
typographic apostrophes (don’t), and a no-break space after a number, so "90 Tagen" or
"3 years" never break apart at the end of a line. Typesetting keeps every string's length, so
it never changes what validation says about it.
"""

from __future__ import annotations

import re

QUOTES = {"de": ("„", "“"), "en": ("“", "”")}
NBSP = "\u00a0"

_STRAIGHT_PAIR = re.compile(r'"([^"\n]*)"')
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_AFTER_NUMBER = re.compile(r"(?<=\d) (?=[^\s\d])")

#: Content fields that name files or addresses, not text a slide shows: never typeset.
NOT_TEXT = frozenset({"url", "logo", "template", "content"})


def typeset(text: str, language: str) -> str:
    """Return ``text`` with the language's quotation marks, typographic apostrophes and
    no-break spaces after numbers; the result has the same length."""
    if '"' in text:
        opening, closing = QUOTES.get(language, QUOTES["en"])
        text = _STRAIGHT_PAIR.sub(lambda m: f"{opening}{m.group(1)}{closing}", text)
    if "'" in text:
        text = _APOSTROPHE.sub("\u2019", text)
    if " " in text:
        text = _AFTER_NUMBER.sub(NBSP, text)
    return text
