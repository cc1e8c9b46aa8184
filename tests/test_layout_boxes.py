"""Where a template's layout placeholders stand (template/layouts.py): a placeholder without a
position of its own takes its master placeholder's, as PowerPoint and python-pptx read it,
without python-pptx's look-up that scanned the master for every edge of every placeholder."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures import make_templates as mt
from pptx import Presentation
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn

from deckgen import ooxml
from deckgen.resources import shipped_template
from deckgen.template import load_template


def python_pptx_boxes(path: Path) -> list[list[tuple[int, int, int, int]]]:
    """Every layout placeholder's box as python-pptx's own properties give it."""
    prs = Presentation(str(path))
    return [
        [(p.left or 0, p.top or 0, p.width or 0, p.height or 0) for p in layout.placeholders]
        for master in prs.slide_masters
        for layout in master.slide_layouts
    ]


def deckgen_boxes(path: Path) -> list[list[tuple[int, int, int, int]]]:
    return [
        [(p.box.left, p.box.top, p.box.width, p.box.height) for p in info.placeholders]
        for info in load_template(path).layouts
    ]


def office_template(path: Path) -> Path:
    return mt.save(mt.office(), path)


@pytest.mark.parametrize("make", [mt.konzern, mt.minimal, office_template])
def test_boxes_are_python_pptxs_own(make, tmp_path: Path) -> None:
    path = make(tmp_path / "t.pptx")
    assert deckgen_boxes(path) == python_pptx_boxes(path)


def test_the_shipped_templates_boxes_are_python_pptxs_own() -> None:
    assert deckgen_boxes(shipped_template()) == python_pptx_boxes(shipped_template())


def test_a_placeholder_without_a_box_takes_its_masters(tmp_path: Path) -> None:
    prs = mt.office()
    layout = prs.slide_layouts[1]  # Title and Content
    title = next(p for p in layout.placeholders if p.placeholder_format.idx == 0)
    xfrm = title._element.spPr.find(qn("a:xfrm"))
    if xfrm is not None:
        title._element.spPr.remove(xfrm)
    master_title = next(p for p in prs.slide_master.placeholders if p.placeholder_format.idx == 0)
    expected = (master_title.left, master_title.top, master_title.width, master_title.height)
    path = mt.save(prs, tmp_path / "t.pptx")
    info = load_template(path).layouts[1]
    box = next(p.box for p in info.placeholders if p.idx == 0)
    assert (box.left, box.top, box.width, box.height) == expected
    assert expected[2] > 0


def test_a_header_placeholder_without_a_box_does_not_refuse_the_template(
    tmp_path: Path,
) -> None:
    """python-pptx names no master placeholder for a header (``hdr``, a notes page's) to
    inherit from and raised KeyError, which refused the whole template as unreadable."""
    prs = mt.office()
    layout = prs.slide_layouts[1]
    title = next(p for p in layout.placeholders if p.placeholder_format.idx == 0)
    title._element.nvSpPr.nvPr.find(qn("p:ph")).set("type", "hdr")
    xfrm = title._element.spPr.find(qn("a:xfrm"))
    if xfrm is not None:
        title._element.spPr.remove(xfrm)
    path = mt.save(prs, tmp_path / "t.pptx")
    info = load_template(path).layouts[1]
    header = next(p for p in info.placeholders if p.idx == 0)
    assert header.role == "other"
    assert (header.box.width, header.box.height) == (0, 0)


@pytest.mark.parametrize("make", [mt.konzern, mt.minimal, office_template])
def test_every_shapes_edges_are_python_pptxs_own(make, tmp_path: Path) -> None:
    """A deck whose slides keep their layouts' positions, as decks made in PowerPoint do:
    ``deckgen check`` reads every shape's box without python-pptx's scans, the same boxes."""
    prs = Presentation(str(make(tmp_path / "t.pptx")))
    for layout in prs.slide_layouts:
        slide = prs.slides.add_slide(layout)
        for ph in slide.placeholders:
            if ph.has_text_frame:
                ph.text = f"{layout.name}: {ph.name}"
    path = tmp_path / "deck.pptx"
    prs.save(str(path))
    deck = Presentation(str(path))
    shapes = [s for slide in deck.slides for s in slide.shapes]
    shapes += [s for layout in deck.slide_layouts for s in layout.shapes]
    inheriting = [s for s in shapes if s.is_placeholder and s._element.x is None]
    assert inheriting  # the case this is about: placeholders without a position of their own
    for shape in shapes:
        assert ooxml.shape_edges(shape) == (shape.left, shape.top, shape.width, shape.height)


def test_a_shape_without_a_position_of_its_own_gets_one() -> None:
    """ooxml.set_box on a placeholder that inherits its box (no ``a:xfrm``) writes one."""
    prs = mt.office()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    title = slide.shapes.title
    assert title._element.spPr.find(qn("a:xfrm")) is None
    ooxml.set_box(title._element, (1, 2, 3, 4))
    assert (title.left, title.top, title.width, title.height) == (1, 2, 3, 4)


def _python_pptx_edges(shape) -> tuple:
    xfrm = shape._element.xfrm
    return (None,) * 4 if xfrm is None else (xfrm.x, xfrm.y, xfrm.cx, xfrm.cy)


def _outcome(read, shape) -> tuple:
    try:
        return "edges", read(shape), [type(v) for v in read(shape)]
    except Exception as err:  # python-pptx's refusal must be the same
        return "error", type(err)


@pytest.mark.parametrize(
    "off, ext",
    [
        ('<a:off x="12" y="-7"/>', '<a:ext cx="100" cy="0"/>'),
        ('<a:off x="1in" y="2cm"/>', '<a:ext cx="100" cy="50"/>'),  # universal measures
        ('<a:off x="12"/>', '<a:ext cx="100" cy="50"/>'),  # a required edge missing
        ("", '<a:ext cx="100" cy="50"/>'),  # no offset at all
        ('<a:off x="12" y="7"/>', ""),
        ('<a:off x="+12" y=" 7"/>', '<a:ext cx="1_0" cy="x"/>'),
        (None, None),  # no transform
    ],
)
def test_a_shapes_own_edges_are_python_pptxs(off, ext, tmp_path: Path) -> None:
    """own_edges reads plain transforms itself and leaves the rest to python-pptx: the same
    edges, of the same type, or the same refusal."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(1, 2, 3, 4)
    table = slide.shapes.add_table(1, 1, 1, 2, 3, 4)
    group = slide.shapes.add_group_shape()
    for shape, holder in ((box, "p:spPr"), (table, None), (group, "p:grpSpPr")):
        xfrm = (
            shape._element.find(qn("p:xfrm"))
            if holder is None
            else shape._element.find(qn(holder)).find(qn("a:xfrm"))
        )
        if xfrm is not None:
            xfrm.getparent().remove(xfrm)
        if off is not None:
            tag = "p:xfrm" if holder is None else "a:xfrm"
            parent = shape._element if holder is None else shape._element.find(qn(holder))
            new = parse_xml(f"<{tag} {nsdecls('a', 'p')}>{off}{ext}</{tag}>")
            parent.insert(0 if holder else 1, new)
        assert _outcome(ooxml.layouts.own_edges, shape) == _outcome(_python_pptx_edges, shape)
