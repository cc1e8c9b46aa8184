"""The parts every device is drawn with: runs, lines, shapes, a template's look, sizes
and the estimates of how much room text takes.

A device is pure geometry and text, without python-pptx (see the package docstring).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import Literal

from ..geometry import Rect
from ..records import record
from ..roles import MIN_FONT_PT

EMU_PER_PT = 12700
INCH = 914400

#: Colour roles a shape may use; ``ooxml.drawn`` turns each into a theme colour reference, so
#: a template's theme (and a brand's accent) decides the actual colours.
Colour = Literal["text", "muted", "accent", "on_accent", "panel", "rule", "background"]
Align = Literal["l", "ctr", "r"]

#: Average advance of a character in em, generous for Calibri and Arial; for estimates only.
CHAR_EM = 0.53
LINE = 1.2  # line height in em, as the fitter measures


@record
class Run:
    """A run of text in one size, weight and colour."""

    text: str
    size: float
    bold: bool = False
    colour: Colour = "text"


@record
class Line:
    """A paragraph: runs, alignment and the space before it (pt)."""

    runs: tuple[Run, ...]
    align: Align = "l"
    space_before: float = 0.0
    bullet: bool = False  # a bullet, wrapped lines hanging under the text, not the bullet

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@record
class Shape:
    """One native shape: a DrawingML preset (``rect``, ``chevron``, ...) with optional fill,
    outline and text. ``name`` is what PowerPoint's selection pane shows and what ``check``
    and the fitter read a text shape's role from ("Big number 2" is a big number)."""

    name: str
    box: Rect
    geometry: str = "rect"
    fill: Colour | None = None
    line: Colour | None = None
    line_pt: float = 0.0
    lines: tuple[Line, ...] = ()
    anchor: Literal["t", "ctr", "b"] = "t"
    inset: tuple[int, int, int, int] = (0, 0, 0, 0)  # left, top, right, bottom (EMU)
    adjust: tuple[tuple[str, int], ...] = ()  # preset geometry adjustments (chevron depth)


@record
class LeftOut:
    """What a device's compact form leaves out, in the words of the warning a build gives:
    ``what`` ("the pillars' descriptions") and the parts there could be fewer of
    (``fewer``, "pillars"). A deck must never lose content without a word (see ``lay_out``)."""

    what: str
    fewer: str


@record
class Look:
    """What a device takes from its template: the body text size (devices scale with it).
    ``scale`` shrinks every size when the area a template offers is small (see ``lay_out``).
    Its colours are roles (``Colour``); which scheme colours they are, on the accent and in
    it, the deck's accent decides when the shapes are drawn (``ooxml.Palette``)."""

    base_pt: float = 20.0
    scale: float = 1.0
    #: The width of a text in points at a size, bold or not, in the template's font.
    measure: Callable[[str, float, bool], float] | None = field(default=None, compare=False)

    def width(self, text: str, size: float, bold: bool = False) -> int:
        """The room (EMU) a one-line text needs, with a margin for readers that measure
        symbols (€, ×) wider than the font draws them."""
        points = self.measure(text, size, bold) if self.measure else len(text) * 0.6 * size
        return int(points * HERO_MARGIN * EMU_PER_PT) + inches(0.1)

    def _sized(self, points: float) -> float:
        return max(MIN_FONT_PT, round(points * self.scale * 2) / 2)

    @property
    def body(self) -> float:
        """The size of running text in a device."""
        return self._sized(max(16.0, min(self.base_pt, 24.0) - 2))

    @property
    def heading(self) -> float:
        return self._sized(max(18.0, min(self.base_pt, 24.0)))

    @property
    def small(self) -> float:
        return self._sized(14.0)

    def hero(self, points: float, text: str | None = None, room: int | None = None) -> float:
        """A hero number's size: large, scaled down with everything else, and, given the
        ``text`` and its ``room`` (EMU), no larger than fits on one line there."""
        size = max(24.0, round(points * self.scale))
        while (
            text is not None
            and room is not None
            and size > 24
            and self.width(text, size, True) > room
        ):
            size -= 2
        return size


#: Room given to a hero number beyond its measured width: independent text-fit checkers
#: estimate symbols outside basic Latin (€, ×, no-break spaces) up to a third wider.
HERO_MARGIN = 1.35


def pt(points: float) -> int:
    return round(points * EMU_PER_PT)


def inches(value: float) -> int:
    return round(value * INCH)


def lines_needed(text: str, size: float, width: int) -> int:
    """Estimate how many lines ``text`` takes at ``size`` pt in ``width`` EMU (word wrap)."""
    per_line = max(1.0, width / (size * CHAR_EM * EMU_PER_PT))
    count, used = 1, 0.0
    for word in text.split():
        extra = len(word) + (1 if used else 0)
        if used and used + extra > per_line:
            count += 1
            used = float(len(word))
        else:
            used += extra
    return count


def text_height(lines: tuple[Line, ...], width: int, inset: tuple[int, int, int, int]) -> int:
    """Estimate the height of a box for ``lines`` ``width`` wide, insets included, with the
    room to spare that text of several lines keeps (see ``SPARE``)."""
    inner = width - inset[0] - inset[2]
    total = 0.0
    count = 0
    for line in lines:
        size = max((r.size for r in line.runs), default=MIN_FONT_PT)
        wrapped = lines_needed(line.text, size, inner)
        count += wrapped
        total += line.space_before + wrapped * size * LINE
    spare = 1.15 if count > 1 else 1.0  # a little more than 1 / SPARE, for rounding
    return pt(total * spare) + inset[1] + inset[3]


#: The share of its box text of several lines may fill: other renderers and checkers set
#: lines a little taller, above all where a template's font is missing and substituted.
SPARE = 0.9


def para(text: str, size: float, *, bold: bool = False, colour: Colour = "text", **kw) -> Line:
    return Line((Run(text, size, bold, colour),), **kw)


def columns(area: Rect, count: int, gap: int) -> list[Rect]:
    """Split ``area`` into ``count`` columns of equal width with ``gap`` between them."""
    width = (area.width - gap * (count - 1)) // count
    return [Rect(area.left + n * (width + gap), area.top, width, area.height) for n in range(count)]


def below(box: Rect, top: int, height: int | None = None) -> Rect:
    """The part of ``box`` from ``top`` down (``height`` tall, else to its bottom)."""
    return Rect(box.left, top, box.width, box.bottom - top if height is None else height)


PAD = inches(0.2)
GAP = inches(0.3)
RULE = inches(0.06)
PANEL_INSET = (inches(0.25), inches(0.18), inches(0.25), inches(0.18))


def text_shape(
    name: str,
    box: Rect,
    lines: tuple[Line, ...],
    *,
    anchor: Literal["t", "ctr", "b"] = "t",
    inset: tuple[int, int, int, int] = (0, 0, 0, 0),
    fill: Colour | None = None,
    line: Colour | None = None,
    line_pt: float = 0.0,
    geometry: str = "rect",
) -> Shape:
    return Shape(name, box, geometry, fill, line, line_pt, lines, anchor, inset)


def accent_bar(name: str, left: int, top: int, width: int, height: int = RULE) -> Shape:
    return Shape(name, Rect(left, top, width, height), fill="accent")


def badge(name: str, left: int, top: int, number: int, look: Look, size: int) -> Shape:
    """A numbered circle: list order, never mistaken for a figure."""
    return text_shape(
        name,
        Rect(left, top, size, size),
        (para(str(number), look.heading, bold=True, colour="on_accent", align="ctr"),),
        anchor="ctr",
        fill="accent",
        geometry="ellipse",
    )


def callout(name: str, area: Rect, lines: tuple[Line, ...], look: Look) -> list[Shape]:
    """A panel with an accent bar on its left: evidence, a conclusion, a proposal."""
    bar = inches(0.08)
    panel = text_shape(
        name,
        Rect(area.left + bar, area.top, area.width - bar, area.height),
        lines,
        anchor="ctr",
        inset=PANEL_INSET,
        fill="panel",
    )
    return [accent_bar(f"{name} bar", area.left, area.top, bar, area.height), panel]


def callout_height(lines: tuple[Line, ...], width: int) -> int:
    return text_height(lines, width - inches(0.08), PANEL_INSET) + inches(0.2)
