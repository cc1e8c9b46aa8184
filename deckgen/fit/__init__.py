"""Measure text with real font metrics so generated decks never open with overflowing text.

The package's modules: ``fonts`` (font files and widths), ``layout`` (paragraphs laid out in a
text area, pure computation), ``frames`` (a slide's text frames read and shrunk) and ``fitter``
(every text shape of a built slide fitted to its role's floor, and the report).

PowerPoint's "shrink text on overflow" only runs after someone edits the text, so a deck we write
opens with text spilling out of its box. This module wraps text the way PowerPoint and LibreOffice
do, with the font files they would use, and shrinks a text frame's font sizes until the text fits
(or reports by how much it does not).

The layout rules were measured against LibreOffice 7.4 (see tests/test_fit.py):

* line pitch is ``1.2 x font size x line spacing`` for every font (Carlito, Liberation Sans,
  Serif and Mono all measure 1.200), not the font's ascent + descent (1.22 em for Carlito,
  1.15 em for Liberation Sans);
* space before the first paragraph is ignored; space before/after between paragraphs adds up;
* lines break after spaces and after a hyphen inside a word; trailing spaces hang past the edge;
  a word wider than the line breaks between characters, but never inside a ligature (Carlito
  draws "ti", "fi", "tt", ... as one glyph);
* widths are shaped with kerning (Pillow's libraqm layout), as LibreOffice does and as
  PowerPoint does for text of 12 pt and more under the default ``kern="1200"`` of its
  templates. A Pillow without libraqm measures unkerned, slightly wider text: safe for fitting.

On 600 random boxes (Carlito, Liberation Sans/Serif, regular and bold, 12-40 pt, mixed runs)
97% (579 of 597) wrap to the same line count as LibreOffice; each disagreement is a line within
0.5% of the box width, which fitting absorbs with WIDTH_MARGIN. Every text shape of the shipped
decks renders with the predicted line count (tests/test_fit.py).

A shape's text is read with what it inherits from its layout, master and theme (sizes, bold,
fonts, margins, spacing; ``ooxml.StyleReader``), because that is what a reader lays out.
``Fitter`` fits the text shapes of built slides down to a floor per placeholder role and
reports what still does not fit; ``deckgen check`` measures with the same functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_names

__all__ = [
    "BODY_INDENTS_EMU",
    "DEFAULT_SIZE_PT",
    "EMU_PER_INCH",
    "EMU_PER_PT",
    "FALLBACK_EM",
    "FONT_PACKAGES",
    "LINE_HEIGHT_EM",
    "WIDTH_MARGIN",
    "FitCache",
    "FitResult",
    "FittedShape",
    "Fitter",
    "FontBook",
    "Locate",
    "Measure",
    "Measurer",
    "Overflow",
    "Paragraph",
    "ShapeText",
    "Span",
    "TextArea",
    "Unfit",
    "cell_text",
    "default_fonts",
    "display_name",
    "families_missing",
    "layout_placeholders",
    "fit_text_frame",
    "measure",
    "measure_lines",
    "paragraphs_of",
    "shape_text",
    "wrap_lines",
]

if TYPE_CHECKING:
    from .fitter import (
        FitCache,
        FittedShape,
        Fitter,
        Locate,
        Overflow,
        Unfit,
        display_name,
        layout_placeholders,
    )
    from .fonts import FALLBACK_EM, FONT_PACKAGES, FontBook, Measurer, default_fonts
    from .frames import (
        DEFAULT_SIZE_PT,
        FitResult,
        ShapeText,
        cell_text,
        families_missing,
        fit_text_frame,
        paragraphs_of,
        shape_text,
    )
    from .layout import (
        BODY_INDENTS_EMU,
        EMU_PER_INCH,
        EMU_PER_PT,
        LINE_HEIGHT_EM,
        WIDTH_MARGIN,
        Measure,
        Paragraph,
        Span,
        TextArea,
        measure,
        measure_lines,
        wrap_lines,
    )

#: Where each name lives, imported on first use: importing the package costs nothing.
_HOMES = {
    "FitCache": "fitter",
    "FittedShape": "fitter",
    "Fitter": "fitter",
    "Locate": "fitter",
    "Overflow": "fitter",
    "Unfit": "fitter",
    "display_name": "fitter",
    "layout_placeholders": "fitter",
    "FALLBACK_EM": "fonts",
    "FONT_PACKAGES": "fonts",
    "FontBook": "fonts",
    "Measurer": "fonts",
    "default_fonts": "fonts",
    "DEFAULT_SIZE_PT": "frames",
    "FitResult": "frames",
    "ShapeText": "frames",
    "cell_text": "frames",
    "families_missing": "frames",
    "fit_text_frame": "frames",
    "paragraphs_of": "frames",
    "shape_text": "frames",
    "BODY_INDENTS_EMU": "layout",
    "EMU_PER_INCH": "layout",
    "EMU_PER_PT": "layout",
    "LINE_HEIGHT_EM": "layout",
    "WIDTH_MARGIN": "layout",
    "Measure": "layout",
    "Paragraph": "layout",
    "Span": "layout",
    "TextArea": "layout",
    "measure": "layout",
    "measure_lines": "layout",
    "wrap_lines": "layout",
}

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_names(__name__, _HOMES)
