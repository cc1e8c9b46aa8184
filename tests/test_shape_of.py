"""ooxml.shape_of gives a slide's shape element the python-pptx class SlideShapeFactory gives
it, placeholders of every kind included, without python-pptx's XPath queries."""

from __future__ import annotations

import copy

from pptx import Presentation
from pptx.shapes.shapetree import SlideShapeFactory
from pptx.util import Inches

from deckgen import ooxml
from deckgen.ooxml.tables import insert_table


def test_every_shape_gets_the_class_python_pptx_gives_it() -> None:
    prs = Presentation()
    for layout in prs.slide_layouts:
        slide = prs.slides.add_slide(layout)
        slide.shapes.add_textbox(Inches(1), Inches(1), Inches(2), Inches(1))
        slide.shapes.add_table(2, 2, Inches(1), Inches(3), Inches(2), Inches(1))
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    title = slide.placeholders[0]._element
    for kind in ("pic", "clipArt", "chart", "tbl", "body", "ftr"):
        twin = copy.deepcopy(title)
        twin.find(".//{*}ph").set("type", kind)
        slide.shapes._spTree.append(twin)
    insert_table(ooxml.frame_placeholder(slide, slide.placeholders[1]._element, "table"), 2, 2)
    shapes = [(slide, shape._element) for slide in prs.slides for shape in slide.shapes]
    assert len({type(SlideShapeFactory(el, slide.shapes)) for slide, el in shapes}) >= 6
    for slide, element in shapes:
        mine, theirs = ooxml.shape_of(slide, element), SlideShapeFactory(element, slide.shapes)
        assert type(mine) is type(theirs)
        assert mine._element is element
