"""Theme colours and fills: the RGB a colour element stands for under a master's theme and
colour map, with its modifiers, and the fill a shape's properties state."""

from __future__ import annotations

import colorsys
import hashlib
from typing import Any, Literal

from lxml import etree

from .opc import RT
from .theme import SCHEME_ALIASES, read_theme
from .xml import qn

_PRESET_COLOURS = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000"}
_PRESET_COLOURS |= {"blue": "0000FF", "yellow": "FFFF00", "gray": "808080", "grey": "808080"}


class _Theme:
    """The fonts and colours of one slide master's theme, with the master's colour map."""

    def __init__(self, master_part: Any) -> None:
        blob = master_part.part_related_by(RT.THEME).blob
        self.digest = hashlib.sha1(blob).hexdigest()
        info = read_theme(blob)
        self.major, self.minor, self.colours = info.major, info.minor, dict(info.colours)
        # What text takes from the theme apart from colour: a client's accent changes the
        # digest of every deck's theme, never these.
        self.fonts_digest = hashlib.sha1(f"{self.major}\0{self.minor}".encode()).hexdigest()
        clr_map = master_part._element.find(qn("p:clrMap"))
        self.mapping = dict(clr_map.attrib) if clr_map is not None else {}

    def typeface(self, name: str | None) -> str | None:
        if not name:
            return None
        if name.startswith("+mj"):
            return self.major
        if name.startswith("+mn"):
            return self.minor
        return name

    def colour(self, fill: Any, placeholder: str | None = None) -> str | None:
        """The RGB of a colour element (srgbClr, schemeClr, ...) with its modifiers applied."""
        if fill is None:
            return None
        kind = etree.QName(fill).localname
        if kind == "srgbClr":
            rgb = fill.get("val", "000000").upper()
        elif kind == "schemeClr":
            name = fill.get("val", "tx1")
            if name == "phClr":
                return placeholder
            name = self.mapping.get(name, SCHEME_ALIASES.get(name, name))
            rgb = self.colours.get(name)
        elif kind == "sysClr":
            rgb = fill.get("lastClr", "000000").upper()
        elif kind == "prstClr":
            rgb = _PRESET_COLOURS.get(fill.get("val", ""))
        elif kind == "scrgbClr":
            rgb = "".join(
                f"{round(int(fill.get(c, '0')) / 100000 * 255):02X}" for c in ("r", "g", "b")
            )
        else:
            rgb = None
        return _modified(rgb, fill) if rgb else None


def _modified(rgb: str, fill: Any) -> str | None:
    """Apply lumMod/lumOff/tint/shade (as PowerPoint does, in HSL and sRGB); an alpha below
    one half makes the colour unknowable without what lies underneath, so return None."""
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    for mod in fill:
        name = etree.QName(mod).localname
        value = int(mod.get("val", "100000")) / 100000
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * value if name == "lumMod" else lum + value
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), s)
        elif name == "tint":
            r, g, b = (c + (1 - c) * (1 - value) for c in (r, g, b))
        elif name == "shade":
            r, g, b = (c * value for c in (r, g, b))
        elif name == "alpha" and value < 0.5:
            return None
    return "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in (r, g, b))


def _xfrm_box(element: Any) -> tuple[int, int, int, int] | None:
    """(x, y, cx, cy) of a shape's own transform, or None when it inherits, has none, or has
    one no reader can place."""
    xfrm = element.find(f"./{qn('p:spPr')}/{qn('a:xfrm')}")
    if xfrm is None:
        xfrm = element.find(qn("p:xfrm"))
    if xfrm is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    if off is None or ext is None:
        return None
    try:
        return (
            _coordinate(off.get("x", "0")),
            _coordinate(off.get("y", "0")),
            _coordinate(ext.get("cx", "0")),
            _coordinate(ext.get("cy", "0")),
        )
    except (ValueError, KeyError):  # neither EMU nor a length: not judged, not a crash
        return None


def _coordinate(value: str) -> int:
    """A coordinate in EMU, as python-pptx reads one: a whole number, or a universal measure
    ("6.5in", "2cm") that the schema allows for a shape's offset."""
    try:
        return int(value)
    except ValueError:
        from pptx.oxml.simpletypes import ST_Coordinate  # rare: read by a deck's check

        return int(ST_Coordinate.convert_from_xml(value))


def _fill_colour(sp_pr: Any, theme: _Theme) -> str | None | Literal[False]:
    """A shape-properties element's fill: an RGB, False for no fill, None for unknown or
    not set (gradients and pictures have no one colour)."""
    if sp_pr is None:
        return None
    solid = sp_pr.find(qn("a:solidFill"))
    if solid is not None:
        return theme.colour(solid[0] if len(solid) else None)
    if sp_pr.find(qn("a:noFill")) is not None:
        return False
    return None
