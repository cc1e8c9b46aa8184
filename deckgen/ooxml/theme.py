"""Reading and recolouring a presentation's theme."""

from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from .xml import parse


def theme_element(prs: Any) -> tuple[Any, Any]:
    """Return (theme part, parsed theme XML) of the first slide master."""
    part = prs.slide_master.part.part_related_by(RT.THEME)
    return part, parse(part.blob)


def set_theme_colour(prs: Any, name: str, hex_rgb: str) -> None:
    """Set a theme colour (e.g. accent1) in every master's theme, so charts and shapes that use
    it follow the brand whichever master a slide is on."""
    parts = {id(p): p for p in (m.part.part_related_by(RT.THEME) for m in prs.slide_masters)}
    for part in parts.values():
        root = parse(part.blob)
        slot = root.find(f".//{qn('a:clrScheme')}/{qn('a:' + name)}")
        if slot is None:
            continue
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, qn("a:srgbClr"), val=hex_rgb)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def theme_fonts(prs: Any) -> tuple[str, str]:
    """Return the theme's (major, minor) latin font names."""
    _, root = theme_element(prs)
    major = root.find(f".//{qn('a:majorFont')}/{qn('a:latin')}")
    minor = root.find(f".//{qn('a:minorFont')}/{qn('a:latin')}")
    return (
        major.get("typeface") if major is not None else "Calibri",
        minor.get("typeface") if minor is not None else "Calibri",
    )


def theme_summary(prs: Any) -> tuple[str, dict[str, str]]:
    """Return the first master's theme name and its colour scheme as {slot: "RRGGBB"}."""
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = parse(part.blob)
    colours: dict[str, str] = {}
    scheme = root.find(f".//{qn('a:clrScheme')}")
    for slot in scheme if scheme is not None else []:
        value = slot[0] if len(slot) else None
        if value is not None:
            colours[etree.QName(slot).localname] = value.get("val") or value.get("lastClr") or ""
    return root.get("name", ""), colours
