"""Colour arithmetic shared by building and checking: WCAG contrast of RGB hex colours and
the darker shades PowerPoint's colour picker offers."""

from __future__ import annotations

import colorsys

#: WCAG 2 AA asks 3:1 of large text (18 pt, or 14 pt bold) and 4.5:1 of smaller text; slides
#: are read from across a room, so ``check`` asks every text for the large-text minimum, and
#: deckgen never draws less itself.
MIN_CONTRAST = 3.0
#: PowerPoint's "Darker 25 %", "Darker 50 %" and "Darker 75 %" of a theme colour (lumMod).
DARKER = (75000, 50000, 25000)


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


def lum_mod(rgb: str, value: int) -> str:
    """The colour a theme colour with ``<a:lumMod val=value>`` shows: its HSL lightness scaled
    by value / 100000, as PowerPoint computes it."""
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb(hue, light * value / 100000, sat)
    return "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in (r, g, b))


def readable_shade(colour: str, background: str) -> int | None:
    """The lumMod that makes text in ``colour`` readable on ``background``: 100000 (the colour
    itself) where it has ``MIN_CONTRAST``, else the lightest of PowerPoint's darker shades that
    has; None where none has (text then takes the text colour)."""
    for value in (100000, *DARKER):
        if contrast_ratio(lum_mod(colour, value), background) >= MIN_CONTRAST:
            return value
    return None
