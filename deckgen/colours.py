"""Colour arithmetic shared by building and checking: WCAG contrast of RGB hex colours and
the lighter and darker shades PowerPoint's colour picker offers."""

from __future__ import annotations

import colorsys

#: WCAG 2 AA asks 3:1 of large text (18 pt, or 14 pt bold) and 4.5:1 of smaller text; slides
#: are read from across a room, so ``check`` asks every text for the large-text minimum, and
#: deckgen never draws less itself.
MIN_CONTRAST = 3.0
#: A shade of a theme colour: its modifiers, as PowerPoint writes them (``()``: the colour).
Shade = tuple[tuple[str, int], ...]
#: PowerPoint's "Darker 25 %", "Darker 50 %" and "Darker 75 %" of a theme colour.
DARKER: tuple[Shade, ...] = ((("lumMod", 75000),), (("lumMod", 50000),), (("lumMod", 25000),))
#: PowerPoint's "Lighter 40 %", "Lighter 60 %" and "Lighter 80 %".
LIGHTER: tuple[Shade, ...] = (
    (("lumMod", 60000), ("lumOff", 40000)),
    (("lumMod", 40000), ("lumOff", 60000)),
    (("lumMod", 20000), ("lumOff", 80000)),
)


def luminance(rgb: str) -> float:
    """The WCAG 2 relative luminance of an RGB hex colour ("0B5CAD")."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(rgb[i : i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two RGB hex colours (1 to 21)."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def shaded(rgb: str, shade: Shade) -> str:
    """The colour a theme colour with these modifiers shows: its HSL lightness scaled by
    lumMod and raised by lumOff (in 1/100000), as PowerPoint computes it."""
    if not shade:
        return rgb.upper()
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    for name, value in shade:
        light = light * value / 100000 if name == "lumMod" else light + value / 100000
    r, g, b = colorsys.hls_to_rgb(hue, min(1.0, max(0.0, light)), sat)
    return "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in (r, g, b))


def is_dark(background: str) -> bool:
    """Whether white reads better than black on a colour: a dark background."""
    return contrast_ratio("FFFFFF", background) > contrast_ratio("000000", background)


def is_neutral(rgb: str) -> bool:
    """Whether a colour is a grey (black and white included): its channels differ by at most a
    fifth. Such a colour has no hue of its own to keep in a shade of it."""
    channels = [int(rgb[i : i + 2], 16) for i in (0, 2, 4)]
    return max(channels) - min(channels) <= 0.2 * 255


def readable_shade(colour: str, background: str) -> Shade | None:
    """The shade that makes text in ``colour`` readable on ``background``: ``()`` (the colour
    itself) where it has ``MIN_CONTRAST``, else the least change of PowerPoint's darker shades
    (on a light background) or lighter ones (on a dark one) that has it; None where none has
    (text then takes the text colour)."""
    for shade in ((), *(LIGHTER if is_dark(background) else DARKER)):
        if contrast_ratio(shaded(colour, shade), background) >= MIN_CONTRAST:
            return shade
    return None
