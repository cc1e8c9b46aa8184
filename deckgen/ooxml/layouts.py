"""Layouts' placeholders as python-pptx reads them: their idx and type, and their boxes as
they inherit them from their master (``layout_idx`` makes each idx unique first)."""

from __future__ import annotations

import re
import weakref
from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.shapes.placeholder import LayoutPlaceholder, PlaceholderPicture, _BaseSlidePlaceholder
from pptx.util import Emu

from .xml import qn


def placeholder_idx(shape: Any) -> int | None:
    """The shape's placeholder idx (0 for a title), or None when it is not a placeholder;
    cheaper than python-pptx's ``is_placeholder`` and ``placeholder_format``."""
    ph = shape._element.find(f"./*/{qn('p:nvPr')}/{qn('p:ph')}")
    return None if ph is None else int(ph.get("idx", "0"))


def layout_type(layout: Any) -> str:
    """Return a layout's ST_SlideLayoutType (``obj``, ``secHead``, ...); absent means ``cust``."""
    return layout._element.get("type", "cust")


def is_vertical(placeholder: Any) -> bool:
    """Return True for a placeholder whose text runs vertically (East Asian layouts)."""
    ph = placeholder._element.find(f".//{qn('p:ph')}")
    return ph is not None and ph.get("orient") == "vert"


_P = PP_PLACEHOLDER
#: The type of the master placeholder a layout placeholder takes its position and size from
#: where it has none of its own: python-pptx's ``LayoutPlaceholder._base_placeholder``, whose
#: look-up scans the master's shapes for every edge of every placeholder (0.3-0.5 s for one
#: LibreOffice template's layouts). Types it does not map (a header, a slide image) have no
#: base here, where python-pptx raised KeyError.
_BASE_TYPE = {
    _P.BODY: _P.BODY, _P.CHART: _P.BODY, _P.BITMAP: _P.BODY, _P.CENTER_TITLE: _P.TITLE,
    _P.ORG_CHART: _P.BODY, _P.DATE: _P.DATE, _P.FOOTER: _P.FOOTER, _P.MEDIA_CLIP: _P.BODY,
    _P.OBJECT: _P.BODY, _P.PICTURE: _P.BODY, _P.SLIDE_NUMBER: _P.SLIDE_NUMBER,
    _P.SUBTITLE: _P.BODY, _P.TABLE: _P.BODY, _P.TITLE: _P.TITLE,
}  # fmt: skip

#: A shape's own left, top, width and height, None where it has none.
Edges = tuple[int | None, int | None, int | None, int | None]


def own_edges(shape: Any) -> Edges:
    """The shape's own position and size (python-pptx's ``left``... of a shape that
    inherits nothing). Read from the XML where it is plain (python-pptx's typed attributes
    cost 27 us a shape, and check reads every text's box three times); python-pptx reads,
    and refuses, the rest."""
    element = shape._element
    where = _XFRM_AT.get(element.tag)
    props = None
    if where is not None:
        holder, tag = where
        props = element if holder is None else element.find(holder)
    if props is not None:
        xfrm = props.find(tag)
        if xfrm is None and holder is not None:  # properties without a transform: inherits
            return None, None, None, None
        edges = None if xfrm is None else _plain_edges(xfrm)
        if edges is not None:
            return edges
    xfrm = element.xfrm  # what each of python-pptx's edges looks up again
    if xfrm is None:
        return None, None, None, None
    return xfrm.x, xfrm.y, xfrm.cx, xfrm.cy


#: Where each kind of shape keeps its transform: the properties element holding it (None: the
#: shape itself, as a graphic frame's ``p:xfrm``) and the transform's tag. A graphic frame
#: without one is python-pptx's to refuse.
_SHAPE_XFRM = (qn("p:spPr"), qn("a:xfrm"))
_XFRM_AT = {
    qn("p:sp"): _SHAPE_XFRM, qn("p:cxnSp"): _SHAPE_XFRM, qn("p:pic"): _SHAPE_XFRM,
    qn("p:grpSp"): (qn("p:grpSpPr"), qn("a:xfrm")), qn("p:graphicFrame"): (None, qn("p:xfrm")),
}  # fmt: skip
_OFF, _EXT = qn("a:off"), qn("a:ext")
_WHOLE = re.compile(r"-?[0-9]+")


def _plain_edges(xfrm: Any) -> Edges | None:
    """An ``xfrm``'s edges as python-pptx reads them, when they are plain whole numbers (or
    absent with their element); None for anything python-pptx should judge."""
    edges: list[int | None] = []
    for child, names in ((xfrm.find(_OFF), ("x", "y")), (xfrm.find(_EXT), ("cx", "cy"))):
        for name in names:
            value = None if child is None else child.get(name)
            if child is not None and (value is None or not _WHOLE.fullmatch(value)):
                return None
            edges.append(None if value is None else Emu(int(value)))
    return edges[0], edges[1], edges[2], edges[3]


def _master_edges(master: Any) -> dict[Any, Edges]:
    """The edges of the master's first placeholder of each type, what its layouts inherit;
    read once per master."""
    found = _MASTER_EDGES.get(master.part)
    if found is None:
        found = {}
        for ph in master.placeholders:
            found.setdefault(ph.ph_type, own_edges(ph))
        _MASTER_EDGES[master.part] = found
    return found


def shape_edges(shape: Any) -> Edges:
    """A shape's left, top, width and height as python-pptx's ``left``... give them (None
    where it has none): a slide placeholder's missing edges are its layout placeholder's, a
    layout placeholder's its master's. Each layout's and master's placeholders are read once,
    where python-pptx scans the layout, and then the master, for every edge of every shape
    (two thirds of ``deckgen check`` on a deck whose slides keep their layout's positions)."""
    edges = own_edges(shape)
    if None not in edges:
        return edges
    part: Any = shape.part
    if isinstance(shape, LayoutPlaceholder):
        base_type = _BASE_TYPE.get(shape.element.ph_type)
        base = _master_edges(part.slide_master).get(base_type) if base_type is not None else None
    elif isinstance(shape, _BaseSlidePlaceholder | PlaceholderPicture):
        base = _layout_edges(part.slide_layout).get(shape.element.ph_idx)
    else:
        return edges
    return edges if base is None else _filled(edges, base)


#: Each master part's placeholder edges by type, and each layout part's by idx (as its slides'
#: placeholders inherit them): kept as long as the part.
_MASTER_EDGES: weakref.WeakKeyDictionary[Any, dict[Any, Edges]] = weakref.WeakKeyDictionary()
_LAYOUT_EDGES: weakref.WeakKeyDictionary[Any, dict[int, Edges]] = weakref.WeakKeyDictionary()


def _layout_edges(layout: Any) -> dict[int, Edges]:
    found = _LAYOUT_EDGES.get(layout.part)
    if found is None:
        found = {}
        for ph in layout.placeholders:  # the first of an idx, as python-pptx's get(idx=...)
            found.setdefault(ph.element.ph_idx, shape_edges(ph))
        _LAYOUT_EDGES[layout.part] = found
    return found


def _filled(edges: Edges, base: Edges) -> Edges:
    left, top, width, height = edges
    return (
        left if left is not None else base[0],
        top if top is not None else base[1],
        width if width is not None else base[2],
        height if height is not None else base[3],
    )
