"""Contrast is judged against what is drawn behind the text: a master's title bar counts."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Emu

from deckgen.check import check_deck


def deck_with_title_bar(tmp_path: Path, title_rgb: str) -> Path:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # Title Only
    # python-pptx draws shapes on slides only: draw the bar there, then move it to the master.
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, prs.slide_width, Emu(1600200))
    bar.fill.solid()
    bar.fill.fore_color.rgb = RGBColor.from_string("1F2A44")
    bar._element.getparent().remove(bar._element)
    prs.slide_master.shapes._spTree.insert(2, bar._element)  # drawn first, under the text
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = 457200, 274320, 8229600, 1143000
    title.text_frame.text = "Quarterly results"
    title.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string(title_rgb)
    path = tmp_path / "bar.pptx"
    prs.save(str(path))
    return path


def contrast_findings(path: Path) -> list[str]:
    return [str(f) for f in check_deck(path) if "contrast" in str(f)]


def test_white_title_on_a_dark_master_bar_is_readable(tmp_path):
    assert contrast_findings(deck_with_title_bar(tmp_path, "FFFFFF")) == []


def test_dark_title_on_a_dark_master_bar_is_flagged(tmp_path):
    (finding,) = contrast_findings(deck_with_title_bar(tmp_path, "202020"))
    assert "#1F2A44" in finding


def test_a_read_only_reader_sees_what_a_reader_of_a_changing_deck_sees(tmp_path):
    """check's reader reads each slide's boxes once (read_only); every text's background is
    the one a build's reader, which reads them again for each text, finds."""
    from deckgen import ooxml
    from deckgen.api import build_deck

    deck = build_deck(None, output=tmp_path / "deck.pptx").output
    prs = Presentation(str(deck))
    once, again = ooxml.StyleReader(read_only=True), ooxml.StyleReader()
    seen = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                seen.append(once.background(shape))
                assert seen[-1] == again.background(shape), shape.name
    assert len(seen) > 100 and len(set(seen)) > 1  # more than one background was judged


def test_a_read_only_reader_finds_the_topmost_panel_under_each_text(tmp_path):
    from deckgen import ooxml

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    for colour, box in (("C00000", (0, 0, 9144000, 6858000)), ("1F2A44", (0, 0, 4572000, 3429000))):
        panel = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *box)
        panel.fill.solid()
        panel.fill.fore_color.rgb = RGBColor.from_string(colour)
    texts = [
        slide.shapes.add_textbox(457200, 457200, 1828800, 914400),  # on the dark panel
        slide.shapes.add_textbox(5486400, 4572000, 1828800, 914400),  # on the red one only
    ]
    for shape in texts:
        shape.text_frame.text = "Quarterly results"
    once, again = ooxml.StyleReader(read_only=True), ooxml.StyleReader()
    assert [once.background(t) for t in texts] == ["1F2A44", "C00000"]
    assert [again.background(t) for t in texts] == ["1F2A44", "C00000"]


def test_a_panel_placed_in_inches_is_judged_not_refused(tmp_path):
    """A shape's offset may be a length ("0.5in", as the schema allows): check reads it as
    python-pptx does, before and after the text, instead of calling the deck damaged."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    under = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, 4572000, 3429000)
    under.fill.solid()
    under.fill.fore_color.rgb = RGBColor.from_string("1F2A44")
    text = slide.shapes.add_textbox(457200, 457200, 1828800, 914400)
    text.text_frame.text = "Quarterly results"
    text.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string("222222")
    over = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 5486400, 914400, 914400)
    for shape in (under, over):
        shape._element.spPr.find(qn("a:xfrm")).find(qn("a:off")).set("x", "0in")
    path = tmp_path / "inches.pptx"
    prs.save(str(path))
    findings = [str(f) for f in check_deck(path)]
    assert [f for f in findings if "contrast" in f and "#1F2A44" in f], findings
