"""Reading and recolouring a presentation's theme."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from lxml import etree

from ..colours import Shade
from ..records import record
from .opc import RT
from .xml import parse, qn

#: The scheme colours a master's colour map names, and the theme slots they are without one.
SCHEME_ALIASES = {"tx1": "dk1", "tx2": "dk2", "bg1": "lt1", "bg2": "lt2"}


def recoloured_theme(blob: bytes, name: str, hex_rgb: str) -> bytes:
    """Return a theme part with one colour slot (e.g. accent1) set, so charts and shapes that
    use it follow the brand."""
    root = parse(blob)
    slot = root.find(f".//{qn('a:clrScheme')}/{qn('a:' + name)}")
    if slot is None:
        return blob
    for child in list(slot):
        slot.remove(child)
    etree.SubElement(slot, qn("a:srgbClr"), val=hex_rgb)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


#: Where a colour is a text's colour in masters and layouts: runs, list styles, bullets.
_TEXT_COLOUR = tuple(f"{qn('a:' + t)}/{qn('a:solidFill')}" for t in ("rPr", "defRPr", "endParaRPr"))


def shade_accent_text(root: Any, shade: Shade | None) -> bool:
    """Give a master's or layout's text in plain ``accent1`` a shade of it (its modifiers;
    None: the text colour), in place, so a brand accent too close to the background keeps the
    template's accent texts readable; return whether anything changed. Shapes filled with the
    accent keep it, and colours the designer shaded already are theirs."""
    changed = False
    for clr in root.iter(qn("a:schemeClr")):
        parent = clr.getparent()
        holder = parent.getparent() if parent is not None else None
        if clr.get("val") != "accent1" or len(clr) or holder is None:
            continue
        if not (parent.tag == qn("a:buClr") or f"{holder.tag}/{parent.tag}" in _TEXT_COLOUR):
            continue
        if shade is None:
            clr.set("val", "tx1")
        else:
            for name, value in shade:
                etree.SubElement(clr, qn(f"a:{name}"), val=str(value))
        changed = True
    return changed


@record
class ThemeInfo:
    """What deckgen reads from a theme: its name, title and body fonts, colour scheme."""

    name: str = ""
    major: str = "Calibri"
    minor: str = "Calibri"
    colours: dict[str, str] = field(default_factory=dict)  # slot (dk1, accent1, ...) -> RRGGBB


def read_theme(blob: bytes) -> ThemeInfo:
    """Read a theme part once, the same way for every caller (inspect, fitting, checking)."""
    root = parse(blob)
    major = root.find(f".//{qn('a:majorFont')}/{qn('a:latin')}")
    minor = root.find(f".//{qn('a:minorFont')}/{qn('a:latin')}")
    colours: dict[str, str] = {}
    scheme = root.find(f".//{qn('a:clrScheme')}")
    for slot in scheme if scheme is not None else ():
        rgb = slot.find(qn("a:srgbClr"))
        system = slot.find(qn("a:sysClr"))
        if rgb is not None:
            colours[etree.QName(slot).localname] = rgb.get("val", "000000").upper()
        elif system is not None:
            colours[etree.QName(slot).localname] = system.get("lastClr", "000000").upper()
    return ThemeInfo(
        name=root.get("name", ""),
        major=major.get("typeface", "Calibri") if major is not None else "Calibri",
        minor=minor.get("typeface", "Calibri") if minor is not None else "Calibri",
        colours=colours,
    )


class UnreadableTheme(Exception):
    """The first slide master has no theme, or its theme is not XML; ``str`` says what."""


def _first_theme(prs: Any) -> Any:
    try:
        return read_theme(prs.slide_master.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError) as err:
        raise UnreadableTheme(str(err)) from err


def theme_fonts(prs: Any) -> tuple[str, str]:
    """Return the first master's theme (major, minor) latin font names; raise UnreadableTheme."""
    info = _first_theme(prs)
    return info.major, info.minor


def theme_summary(prs: Any) -> tuple[str, dict[str, str]]:
    """Return the first master's theme name and its colour scheme as {slot: "RRGGBB"}, with
    the background and text colours (bg1, tx1, bg2, tx2) its colour map gives; raise
    UnreadableTheme. A dark template maps the background to dk1."""
    info = _first_theme(prs)
    colours = dict(info.colours)
    clr_map = prs.slide_master._element.find(qn("p:clrMap"))
    mapping = dict(clr_map.attrib) if clr_map is not None else {}
    for name, default in SCHEME_ALIASES.items():
        slot = mapping.get(name, default)
        if slot in info.colours:
            colours[name] = info.colours[slot]
    return info.name, colours
