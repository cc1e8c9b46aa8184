"""Masters as LibreOffice writes them: no text styles, the title's size only on the master
placeholder's sample text ("Click to edit the title text format"). PowerPoint shows such a
title at 18 pt and LibreOffice at its own 44 pt; a deck gets the template's size written on
every slide, fitted down from it, so both show the same title and it fits its box."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Pt

from deckgen.api import build_deck
from deckgen.check import check_deck
from deckgen.ooxml.xml import qn

TEMPLATE = Path(__file__).parents[1] / "templates" / "boardroom.pptx"
SAMPLE_SIZE = 4000  # large enough that the shipped headlines must shrink


def _libreoffice_like_template(tmp_path: Path) -> Path:
    """The shipped template with its title sized only by the master's sample text."""
    prs = Presentation(str(TEMPLATE))
    default = prs.part._element.find(qn("p:defaultTextStyle"))
    if default is not None:
        prs.part._element.remove(default)
    for master in prs.slide_masters:
        styles = master._element.find(qn("p:txStyles"))
        title_style = styles.find(qn("p:titleStyle"))
        for child in list(title_style):
            title_style.remove(child)
        for holder in [master, *master.slide_layouts]:
            for shape in holder.placeholders:
                if shape.placeholder_format.type not in (1, 3):  # TITLE, CENTER_TITLE
                    continue
                for rpr in shape._element.iter(qn("a:defRPr"), qn("a:rPr"), qn("a:endParaRPr")):
                    rpr.attrib.pop("sz", None)
        title = next(s for s in master.placeholders if s.placeholder_format.type == 1)
        title.text_frame.text = "Click to edit the title text format"
        sample = title.text_frame.paragraphs[0].runs[0].font
        sample.size = Pt(SAMPLE_SIZE / 100)
        sample.color.rgb = RGBColor(0x1F, 0x1F, 0x1F)
    path = tmp_path / "libreoffice-like.pptx"
    prs.save(str(path))
    return path


def _box(shape) -> tuple[int, int, int, int]:
    return (shape.left, shape.top, shape.width, shape.height)


def _titles(deck: Path):
    for number, slide in enumerate(Presentation(str(deck)).slides, 1):
        title = slide.shapes.title
        if title is not None and title.text_frame.text.strip():
            yield number, title


def test_a_title_sized_only_by_the_master_sample_gets_that_size_on_the_slide(tmp_path):
    template = _libreoffice_like_template(tmp_path)
    deck = build_deck(language="de", template=template, output=tmp_path / "d.pptx").output
    shrunk = 0
    seen = 0
    for number, title in _titles(deck):
        seen += 1
        lvl1 = title._element.find(f"./{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}")
        assert lvl1 is not None, number
        assert lvl1.find(qn("a:defRPr")).get("sz") == str(SAMPLE_SIZE), number
        sizes = [r.font.size.pt for p in title.text_frame.paragraphs for r in p.runs if r.font.size]
        # Shrunk to fit, never below what PowerPoint showed the unsized title at.
        assert all(18 <= size <= SAMPLE_SIZE / 100 for size in sizes), (number, sizes)
        shrunk += bool(sizes)
    assert seen >= 10
    assert shrunk, "no headline needed shrinking from the sample's 40 pt"
    titles = {(number, _box(title)) for number, title in _titles(deck)}
    overflowing = [
        str(f) for f in check_deck(deck) if f.rule == "overflow" and (f.slide, f.box) in titles
    ]
    assert overflowing == []


def test_check_measures_an_unsized_title_at_the_master_sample_size(tmp_path):
    """A deck made elsewhere on such a master: check measures its title as the template's
    designer saw it, not at PowerPoint's 18 pt, so a title too long for that is found."""
    prs = Presentation(str(_libreoffice_like_template(tmp_path)))
    layout = next(
        lay
        for lay in prs.slide_layouts
        if any(s.placeholder_format.type == 1 for s in lay.placeholders)
    )
    slide = prs.slides.add_slide(layout)
    slide.shapes.title.text = "A headline of three lines at 40 pt, but one line at 18 pt"
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = title.left, title.top, title.width, Pt(60)
    path = tmp_path / "elsewhere.pptx"
    prs.save(str(path))
    overflowing = [
        f
        for f in check_deck(path)
        if f.rule == "overflow" and (f.slide, f.box) == (len(prs.slides), _box(title))
    ]
    assert overflowing, "the title was measured below the sample's 40 pt"


def test_of_the_layout_s_and_the_master_s_sample_the_one_that_reads_is_taken(tmp_path):
    """LibreOffice can give a layout another master's title (Blue Curve: white, made for a
    band the layout's own master does not draw); white on the white slide would vanish."""
    prs = Presentation(str(_libreoffice_like_template(tmp_path)))
    for layout in prs.slide_masters[0].slide_layouts:
        for shape in layout.placeholders:
            if shape.placeholder_format.type == 1:
                shape.text_frame.text = "Click to edit the title text format"
                font = shape.text_frame.paragraphs[0].runs[0].font
                font.size = Pt(30)
                font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    white = tmp_path / "white-layouts.pptx"
    prs.save(str(white))
    deck = build_deck(language="de", template=white, output=tmp_path / "d.pptx").output
    titles = list(_titles(deck))
    assert titles
    for number, title in titles:
        rpr = title._element.find(f".//{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
        assert rpr.get("sz") == str(SAMPLE_SIZE), number
        colour = rpr.find(f"./{qn('a:solidFill')}/{qn('a:srgbClr')}")
        assert colour is None or colour.get("val").upper() != "FFFFFF", number
