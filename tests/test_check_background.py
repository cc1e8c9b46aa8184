"""Contrast is judged against what is drawn behind the text: a master's title bar counts."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
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
