"""The visual device of each argument: native shapes laid out in a layout's free area.

A consulting deck gives each message the shape that carries it: the ask as a decision box,
numbers as heroes, a timeline, a contrast, pillars, phases. A device here is pure geometry and
text, without python-pptx: ``shapes(area, look)`` returns the shapes to draw in the area the
layout leaves for its body, and ``ooxml.add_drawn_shape`` writes each as an editable
PowerPoint shape in the template's theme colours and fonts. So a device takes the look of
whatever template it lands in, and the same content gives the same geometry in every build.

Boxes are generous estimates of the text they hold; the fitter measures every shape afterwards
with the real fonts and shrinks what does not fit, like any other text of the slide.

The package is split by family: ``base`` (runs, lines, shapes, the look, estimates),
``lists``, ``sequences`` (contrast, timeline, phases), ``figures`` and ``place`` (scaling a
device into an area). Every name is importable from ``deckgen.devices``.
"""

from __future__ import annotations

from .base import (
    CHAR_EM,
    EMU_PER_PT,
    GAP,
    HERO_MARGIN,
    INCH,
    LINE,
    PAD,
    PANEL_INSET,
    RULE,
    SPARE,
    Align,
    Colour,
    LeftOut,
    Line,
    Look,
    Run,
    Shape,
    accent_bar,
    badge,
    below,
    callout,
    callout_height,
    columns,
    inches,
    lines_needed,
    para,
    pt,
    text_height,
    text_shape,
)
from .figures import DecisionBox, HeroNumbers, HeroWithCalculation, PillarRow, TrendArrows
from .lists import NumberedList, Proof, ReasonRows, SourceList
from .place import (
    MARKER_PT,
    SCALES,
    Device,
    collide,
    lay_out,
    lead_callout,
    marker_tag,
    overflows,
    plate,
)
from .sequences import Contrast, Phases, Timeline

__all__ = [
    "Align",
    "CHAR_EM",
    "Colour",
    "Contrast",
    "DecisionBox",
    "Device",
    "EMU_PER_PT",
    "GAP",
    "HERO_MARGIN",
    "HeroNumbers",
    "HeroWithCalculation",
    "INCH",
    "LINE",
    "LeftOut",
    "Line",
    "Look",
    "MARKER_PT",
    "NumberedList",
    "PAD",
    "PANEL_INSET",
    "Phases",
    "PillarRow",
    "Proof",
    "RULE",
    "ReasonRows",
    "Run",
    "SCALES",
    "SPARE",
    "Shape",
    "SourceList",
    "Timeline",
    "TrendArrows",
    "accent_bar",
    "badge",
    "below",
    "callout",
    "callout_height",
    "collide",
    "columns",
    "inches",
    "lay_out",
    "lead_callout",
    "lines_needed",
    "marker_tag",
    "overflows",
    "para",
    "plate",
    "pt",
    "text_height",
    "text_shape",
]
