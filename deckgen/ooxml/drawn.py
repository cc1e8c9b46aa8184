"""Shapes deckgen draws itself (a device's bars, chevrons, panels and their text) as native,
editable PowerPoint shapes.

Colours are theme references, never RGB: ``accent`` is ``accent1``, ``panel`` is the background
a shade darker, ``muted`` is the text colour a shade lighter, as PowerPoint's own colour picker
writes them. A shape therefore follows the template's theme and a brand's accent colour, and a
designer recolours a whole deck by editing the theme. Text is in the theme's body font.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from lxml import etree

from ..cache import LRU
from ..colours import Shade
from ..records import record
from .xml import element, qn

NS_DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
BULLET_INDENT = 228600  # 0.25 in: the bullet hangs, wrapped lines align with the text

#: The shade of the background devices' panels take (PowerPoint's "Background 1, Darker 5 %").
PANEL_SHADE: Shade = (("lumMod", 95000),)

# Colour role -> (scheme colour, [(modifier, value)]).
_SCHEME: dict[str, tuple[str, tuple[tuple[str, int], ...]]] = {
    "text": ("tx1", ()),
    "muted": ("tx1", (("lumMod", 65000), ("lumOff", 35000))),
    "accent": ("accent1", ()),
    "panel": ("bg1", PANEL_SHADE),
    "rule": ("bg1", (("lumMod", 85000),)),
    "background": ("bg1", ()),
}


@record
class Palette:
    """The two text colours a deck's accent decides: the scheme colour text on the accent
    takes (``bg1``, white on a dark accent, or ``tx1``), and the shade of the accent text in
    it takes on the background: modifiers (``()``: the accent itself; else PowerPoint's
    "Darker" or "Lighter" of it, so a brand colour too close to the background stays
    readable) or None for the text colour."""

    on_accent: Literal["bg1", "tx1"] = "bg1"
    accent_text: Shade | None = ()


def _colour(parent: Any, role: str, palette: Palette, *, text: bool = False) -> None:
    scheme: str
    mods: Shade
    if role == "on_accent":
        scheme, mods = palette.on_accent, ()
    elif text and role == "accent" and palette.accent_text != ():
        shade = palette.accent_text
        scheme, mods = ("tx1", ()) if shade is None else ("accent1", shade)
    else:
        scheme, mods = _SCHEME[role]
    clr = etree.SubElement(parent, qn("a:schemeClr"), val=scheme)
    for name, value in mods:
        etree.SubElement(clr, qn(f"a:{name}"), val=str(value))


def _solid(parent: Any, role: str, palette: Palette, *, text: bool = False) -> None:
    _colour(etree.SubElement(parent, qn("a:solidFill")), role, palette, text=text)


def next_shape_id(slide: Any) -> int:
    """The lowest shape id above every id on the slide."""
    tree = slide._element.find(qn("p:cSld")).find(qn("p:spTree"))
    ids = [int(el.get("id")) for el in tree.iter(qn("p:cNvPr")) if el.get("id", "").isdigit()]
    return max(ids, default=1) + 1


def add_drawn_shape(
    slide: Any, shape: Any, shape_id: int, lang: str, palette: Palette, *, behind: bool = False
) -> None:
    """Add a ``devices.Shape`` to the slide's shape tree as a ``p:sp`` with id ``shape_id``:
    on top of what is there, or ``behind`` everything on the slide (a plate under the content).

    A shape without text is marked decorative, as PowerPoint's "Mark as decorative" does, so
    screen readers skip the bars and rules and read the text shapes.

    A batch draws the same bars, panels and texts for most of its clients: a shape is built
    once per text, language and palette and then copied (``_KEPT``), which costs a fraction
    of building it; only its id differs. Callers hold the render lock (``render.RENDERING``).
    """
    tree = slide._element.find(qn("p:cSld")).find(qn("p:spTree"))
    key = (shape, lang, palette)
    kept = _KEPT.get(key)
    if kept is None:
        sp = element("p:sp")
    else:
        sp = copy.deepcopy(kept)
        sp[0][0].set("id", str(shape_id))  # p:nvSpPr/p:cNvPr
    if behind:
        tree.insert(2, sp)  # after the tree's own nvGrpSpPr and grpSpPr
    else:
        tree.append(sp)
    if kept is None:
        _build_shape(sp, shape, shape_id, lang, palette)
        # Copied once built in the slide, so the copy names its namespaces as the slide does.
        _KEPT.put(key, copy.deepcopy(sp))


#: Shapes as built, by (shape, language, palette): a few hundred repeat through a batch.
_KEPT: LRU[Any] = LRU(1024)


def _build_shape(sp: Any, shape: Any, shape_id: int, lang: str, palette: Palette) -> None:
    """Build the shape's XML in ``sp``, which stands in the slide already."""
    nv = etree.SubElement(sp, qn("p:nvSpPr"))
    c_nv_pr = etree.SubElement(nv, qn("p:cNvPr"), id=str(shape_id), name=shape.name)
    if not shape.lines:
        ext_lst = etree.SubElement(c_nv_pr, qn("a:extLst"))
        ext = etree.SubElement(ext_lst, qn("a:ext"), uri=DECORATIVE_EXT)
        etree.SubElement(ext, f"{{{NS_DECORATIVE}}}decorative", nsmap={"adec": NS_DECORATIVE}).set(
            "val", "1"
        )
    etree.SubElement(nv, qn("p:cNvSpPr"))
    etree.SubElement(nv, qn("p:nvPr"))

    sp_pr = etree.SubElement(sp, qn("p:spPr"))
    xfrm = etree.SubElement(sp_pr, qn("a:xfrm"))
    box = shape.box
    etree.SubElement(xfrm, qn("a:off"), x=str(box.left), y=str(box.top))
    etree.SubElement(xfrm, qn("a:ext"), cx=str(max(box.width, 0)), cy=str(max(box.height, 0)))
    geom = etree.SubElement(sp_pr, qn("a:prstGeom"), prst=shape.geometry)
    av_lst = etree.SubElement(geom, qn("a:avLst"))
    for name, value in shape.adjust:
        etree.SubElement(av_lst, qn("a:gd"), name=name, fmla=f"val {value}")
    if shape.fill:
        _solid(sp_pr, shape.fill, palette)
    else:
        etree.SubElement(sp_pr, qn("a:noFill"))
    ln = etree.SubElement(sp_pr, qn("a:ln"))
    if shape.line and shape.line_pt:
        ln.set("w", str(round(shape.line_pt * 12700)))
        _solid(ln, shape.line, palette)
    else:
        etree.SubElement(ln, qn("a:noFill"))

    if not shape.lines:
        return  # no text body: nothing for PowerPoint to show, or a reader to measure
    tx_body = etree.SubElement(sp, qn("p:txBody"))
    left, top, right, bottom = shape.inset
    etree.SubElement(
        tx_body,
        qn("a:bodyPr"),
        wrap="square",
        lIns=str(left),
        tIns=str(top),
        rIns=str(right),
        bIns=str(bottom),
        anchor=shape.anchor,
        rtlCol="0",
    ).append(element("a:noAutofit"))
    etree.SubElement(tx_body, qn("a:lstStyle"))
    for line in shape.lines:
        _paragraph(tx_body, line, lang, palette)


def _paragraph(tx_body: Any, line: Any, lang: str, palette: Palette) -> None:
    p = etree.SubElement(tx_body, qn("a:p"))
    hang = str(BULLET_INDENT) if line.bullet else "0"
    p_pr = etree.SubElement(
        p, qn("a:pPr"), marL=hang, indent=f"-{hang}" if line.bullet else "0", algn=line.align
    )
    ln_spc = etree.SubElement(p_pr, qn("a:lnSpc"))
    etree.SubElement(ln_spc, qn("a:spcPct"), val="100000")
    spc_bef = etree.SubElement(p_pr, qn("a:spcBef"))
    etree.SubElement(spc_bef, qn("a:spcPts"), val=str(round(line.space_before * 100)))
    if line.bullet:
        bu_clr = etree.SubElement(p_pr, qn("a:buClr"))
        _colour(bu_clr, "accent", palette, text=True)
        etree.SubElement(p_pr, qn("a:buFont"), typeface="Arial")
        etree.SubElement(p_pr, qn("a:buChar"), char="•")
    else:
        etree.SubElement(p_pr, qn("a:buNone"))
    for run in line.runs:
        r = etree.SubElement(p, qn("a:r"))
        r_pr = etree.SubElement(r, qn("a:rPr"), lang=lang, sz=str(round(run.size * 100)))
        if run.bold:
            r_pr.set("b", "1")
        r_pr.set("dirty", "0")
        _solid(r_pr, run.colour, palette, text=True)
        etree.SubElement(r_pr, qn("a:latin"), typeface="+mn-lt")
        etree.SubElement(r, qn("a:t")).text = run.text
    last = line.runs[-1] if line.runs else None
    end = etree.SubElement(p, qn("a:endParaRPr"), lang=lang)
    if last is not None:
        end.set("sz", str(round(last.size * 100)))
        end.set("dirty", "0")


def decorated_behind(slide: Any, box: tuple[int, int, int, int]) -> bool:
    """Whether the slide's layout or master draws a picture or filled shapes partly behind
    ``box`` (a photo, coloured triangles): text there would be read against several colours.
    A single shape that covers the whole box reads as its background and does not count."""
    left, top, width, height = box
    right, bottom = left + width, top + height
    layout = slide.slide_layout
    for owner in (layout, layout.slide_master):
        tree = owner._element.find(qn("p:cSld")).find(qn("p:spTree"))
        for el in tree:
            tag = etree.QName(el).localname
            if (
                tag not in ("sp", "pic", "grpSp")
                or el.find(f"./*/{qn('p:nvPr')}/{qn('p:ph')}") is not None
            ):
                continue
            if tag == "sp" and not _filled(el):
                continue
            xfrm = el.find(f"./{qn('p:spPr' if tag != 'grpSp' else 'p:grpSpPr')}/{qn('a:xfrm')}")
            if xfrm is None or xfrm.find(qn("a:off")) is None or xfrm.find(qn("a:ext")) is None:
                continue
            off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
            x, y = int(off.get("x", 0)), int(off.get("y", 0))
            x2, y2 = x + int(ext.get("cx", 0)), y + int(ext.get("cy", 0))
            overlaps = x < right and x2 > left and y < bottom and y2 > top
            covers = x <= left and x2 >= right and y <= top and y2 >= bottom
            if overlaps and (tag != "sp" or not covers):
                return True
    return False


def _filled(sp: Any) -> bool:
    sp_pr = sp.find(qn("p:spPr"))
    if sp_pr is None:
        return False
    if any(
        sp_pr.find(qn(t)) is not None
        for t in ("a:solidFill", "a:gradFill", "a:blipFill", "a:pattFill")
    ):
        return True
    ref = sp.find(f"./{qn('p:style')}/{qn('a:fillRef')}")
    return ref is not None and ref.get("idx", "0") != "0" and sp_pr.find(qn("a:noFill")) is None
