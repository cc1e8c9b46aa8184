"""Placeholder text a template colours so that it cannot be read where it stands, given a
shade of its colour that reads.

LibreOffice's Pencil gives its titles an orange of 2.9:1 on white, and its Piano puts the
title page's subtitle in black on the black half of the page: every deck built on them failed
``deckgen check``. Such text takes the least of PowerPoint's darker (or lighter) shades of its
own colour that reaches MIN_CONTRAST, as the devices' accent text does, so the designer's hue
stays; a grey, or a colour no shade of which reads, takes the theme's dark or light text
colour. Readable text is left as the template styles it, and so is text in the accent colour,
which every deck shades for its own accent (``render.deck``).
"""

from __future__ import annotations

from typing import Any

from ..colours import MIN_CONTRAST, contrast_ratio, is_neutral, readable_shade
from .samples import level_run_defaults
from .xml import element, qn

#: The theme colours text falls back to where no shade of its own reads.
_TEXT_SLOTS = ("dk1", "lt1")

#: Fills a run's properties may hold; a new one replaces them (one fill per run).
_FILLS = tuple(qn(f"a:{t}") for t in ("noFill", "solidFill", "gradFill", "blipFill", "pattFill"))


def pin_legible_colour(shape: Any, tx_body: Any, reader: Any) -> None:
    """Where a placeholder's first outline level has less than MIN_CONTRAST against what is
    behind it, give it (and each deeper level alike) a readable colour, written on the slide's
    list style where PowerPoint, LibreOffice and ``check`` find it. Only the first level
    decides: a title page's subtitle often has unused deeper levels in the master's colours,
    and those are the designer's to keep."""
    if _maps_colours_itself(shape):
        return  # a layout's own colour map (a dark style): the reader would judge wrongly
    background = reader.background(shape)
    if background is None:
        return  # a picture or gradient: no one colour to judge against
    theme = reader.theme(shape)
    default = reader.default_text_colour(shape)
    accent = theme.colours.get("accent1", "").upper()
    levels = reader.levels(shape)

    def colour(level: int) -> str | None:
        return levels[level].colour or default

    def unreadable(level: int) -> bool:
        found = colour(level)
        # Text in the accent is shaded for the deck's accent, the brand's or the template's
        # (render.deck: shade_accent_text); a shade of the template's would not fit a brand's.
        return (
            found is not None
            and found.upper() != accent
            and contrast_ratio(found, background) < MIN_CONTRAST
        )

    if not unreadable(0):
        return  # the text as the designer styled it reads; deeper levels are not judged
    for level in filter(unreadable, range(len(levels))):
        fill = _readable_fill(str(colour(level)), background, theme.colours)
        if fill is None:
            continue
        def_rpr = level_run_defaults(tx_body, level)
        fills = [child for child in def_rpr if child.tag in _FILLS]
        if any(child.tag != qn("a:solidFill") for child in fills):
            continue  # a gradient or no fill the layout gives: not a colour to shade
        for old in fills:
            def_rpr.remove(old)
        line = def_rpr.find(qn("a:ln"))
        if line is not None:
            line.addnext(fill)
        else:
            def_rpr.insert(0, fill)


def _maps_colours_itself(shape: Any) -> bool:
    """Whether the slide or its layout overrides the master's colour map."""
    slide = shape.part
    owners = [slide._element, slide.slide_layout._element]
    override = f"./{qn('p:clrMapOvr')}/{qn('a:overrideClrMapping')}"
    return any(owner.find(override) is not None for owner in owners)


def _readable_fill(rgb: str, background: str, colours: dict[str, str]) -> Any | None:
    """An ``a:solidFill`` of the least shade of ``rgb`` that reads on ``background``; for a
    grey, or where no shade reads, of the theme's text colour that reads best (black text on
    black takes white, not the 40 % grey that would just pass); None where nothing does. The
    shade is of the colour as written (RGB): the slide does not know whether the template
    named a theme colour, and only the accent, which is left alone, changes per deck."""
    shade = None if is_neutral(rgb) else readable_shade(rgb, background)
    if shade is None:
        choices = [slot for slot in _TEXT_SLOTS if slot in colours]
        if not choices:
            return None
        slot = max(choices, key=lambda s: contrast_ratio(colours[s], background))
        if contrast_ratio(colours[slot], background) < MIN_CONTRAST:
            return None
        colour = element("a:schemeClr", val=slot)
    else:
        colour = element("a:srgbClr", val=rgb.upper())
        for name, value in shade:
            colour.append(element(f"a:{name}", val=str(value)))
    fill = element("a:solidFill")
    fill.append(colour)
    return fill
