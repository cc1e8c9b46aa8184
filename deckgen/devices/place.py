"""Placing a device in an area: the largest scale at which its text fits and nothing
collides, a call-out above it, plates on photos, the example tag."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..geometry import Rect
from ..roles import MIN_FONT_PT
from .base import (
    GAP,
    LeftOut,
    Look,
    Shape,
    below,
    callout,
    callout_height,
    inches,
    para,
    pt,
    text_height,
    text_shape,
)
from .figures import DecisionBox, HeroNumbers, HeroWithCalculation, PillarRow, TrendArrows
from .lists import NumberedList, ReasonRows, SourceList
from .sequences import Contrast, Phases, Timeline


def overflows(shape: Shape) -> bool:
    """Whether a shape's text looks too tall for its box (an estimate, see ``text_height``)."""
    return bool(shape.lines) and text_height(shape.lines, shape.box.width, shape.inset) > (
        shape.box.height
    )


SCALES = (1.0, 0.9, 0.8, 0.7, 0.6)


def lay_out(
    device: Device,
    area: Rect,
    look: Look,
    fits: Callable[[Shape], bool] | None = None,
    lead: tuple[str, ...] = (),
) -> tuple[list[Shape], LeftOut | None]:
    """The device's shapes in ``area`` at the largest scale at which all its text fits (by
    ``fits``, the fitter's measurement; else an estimate): a corporate template's small body
    area gets a smaller device rather than text the fitter would have to squeeze. ``lead`` is
    text the layout had no place for (an ask), drawn as a call-out above the device and scaled
    with it. Where even the smallest does not fit, a device's ``compact()`` form (without its
    supporting points or notes, never its figures or citations) is tried the same way, and
    what it leaves out is returned with the shapes, for the build to warn of; what still does
    not fit is left to the fitter to report."""
    fits = fits or (lambda shape: not overflows(shape))
    variants = [device]
    compact = getattr(device, "compact", None)
    if compact is not None and (smaller := compact()) != device:
        variants.append(smaller)

    def drawn(variant: Device, scale: float) -> list[Shape]:
        scaled = replace(look, scale=scale)
        rest, shapes = lead_callout(lead, area, scaled) if lead else (area, [])
        return shapes + variant.shapes(rest, scaled)

    for variant in variants:
        for scale in SCALES:
            shapes = drawn(variant, scale)
            if all(fits(s) for s in shapes if s.lines) and not collide(shapes, area):
                left_out = getattr(device, "LEFT_OUT", None) if variant is not device else None
                return shapes, left_out
    return drawn(variants[0], SCALES[-1]), None


def _text_area(shape: Shape) -> tuple[int, int, int, int]:
    left, top, right, bottom = shape.inset
    box = shape.box
    return (box.left + left, box.top + top, box.right - right, box.bottom - bottom)


def collide(shapes: list[Shape], area: Rect) -> bool:
    """Whether two text areas of a device overlap, or one leaves the area: what a short area
    does to a device whose parts are stacked (a timeline's text over its call-out)."""
    texts = [_text_area(s) for s in shapes if s.lines]
    margin = pt(2)
    for n, a in enumerate(texts):
        if a[3] > area.bottom + margin or a[1] < area.top - margin:
            return True
        for b in texts[n + 1 :]:
            if min(a[2], b[2]) - max(a[0], b[0]) > margin and (
                min(a[3], b[3]) - max(a[1], b[1]) > margin
            ):
                return True
    return False


def plate(box: Rect, number: int) -> Shape:
    """A background-coloured plate a little larger than ``box``, for content on a photo."""
    margin = inches(0.1)
    return Shape(
        f"Plate {number}",
        Rect(box.left - margin, box.top - margin, box.width + 2 * margin, box.height + 2 * margin),
        fill="background",
    )


def lead_callout(texts: tuple[str, ...], area: Rect, look: Look) -> tuple[Rect, list[Shape]]:
    """Text above a device (an ask where the layout has no Ask placeholder) as a call-out;
    return the area left for the device and the call-out's shapes."""
    lines = tuple(para(t, look.heading, bold=n == 0, space_before=4 if n else 0)
                  for n, t in enumerate(texts))  # fmt: skip
    height = callout_height(lines, area.width)
    shapes = callout("Ask", below(area, area.top, height), lines, look)
    top = area.top + height + GAP
    return below(area, top), shapes


#: The example tag is set at the smallest size, like the source line beside it.
MARKER_PT = MIN_FONT_PT


def marker_tag(text: str, band: Rect, look: Look) -> Shape:
    """A tag at the right end of the source band: "Example figures · replace with your own",
    shortened to what comes before its " · " where the band leaves the source line too little
    room."""
    inset = inches(0.1)
    if look.width(text, MARKER_PT, True) + 2 * inset > band.width * 2 // 5:
        text = text.split(" · ")[0]  # "Example figures" alone where the band is narrow
    width = min(look.width(text, MARKER_PT, True) + 2 * inset, band.width // 2)
    height = min(band.height, inches(0.32))
    return text_shape(
        "Example",
        Rect(band.right - width, band.top + (band.height - height) // 2, width, height),
        (para(text, MARKER_PT, bold=True, colour="accent", align="ctr"),),
        anchor="ctr",
        inset=(inset, 0, inset, 0),
        line="accent",
        line_pt=1.0,
        geometry="roundRect",
    )


Device = (
    ReasonRows
    | NumberedList
    | Contrast
    | Timeline
    | HeroNumbers
    | HeroWithCalculation
    | PillarRow
    | TrendArrows
    | Phases
    | DecisionBox
    | SourceList
)
