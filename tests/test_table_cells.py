"""A table's cells are written in one pass (ooxml.fill_table) as python-pptx's cell objects
wrote them before: the same XML, control characters escaped alike."""

from __future__ import annotations

from lxml import etree
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from deckgen import ooxml

CELLS = [["Item", "Value", "Derivation"], ["Customers\rtoday", "2,000", ""], ["Churn", "2 %", "x"]]
RIGHT = [False, True, False]
HEIGHTS, WIDTHS = [300000, 400000, 500000], [3000000, 1486400, 1000000]


def _through_cell_objects(frame) -> None:
    """What render/tables.py did with python-pptx's objects before fill_table."""
    table = frame.table
    for r, values in enumerate(CELLS):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.text_frame.word_wrap = True
            paragraph = cell.text_frame.paragraphs[0]
            if RIGHT[c]:
                paragraph.alignment = PP_ALIGN.RIGHT
            run = paragraph.add_run()
            run.text = value
            run.font.size = Pt(15.5)
            if c == 0 and r > 0:
                run.font.bold = True
    for row, height in zip(table.rows, HEIGHTS, strict=True):
        row.height = Emu(height)
    for col, width in zip(table.columns, WIDTHS, strict=True):
        col.width = Emu(width)


def test_cells_are_written_as_python_pptx_writes_them() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    mine = slide.shapes.add_table(3, 3, Inches(1), Inches(1), Inches(6), Inches(3))
    theirs = slide.shapes.add_table(3, 3, Inches(1), Inches(1), Inches(6), Inches(3))
    ooxml.fill_table(mine, CELLS, 15.5, RIGHT, HEIGHTS, WIDTHS)
    _through_cell_objects(theirs)
    assert etree.tostring(mine._element.graphic) == etree.tostring(theirs._element.graphic)
    assert etree.tostring(mine._element.xfrm) == etree.tostring(theirs._element.xfrm)
    assert b"Customers_x000D_today" in etree.tostring(mine._element)


def test_a_table_in_a_placeholder_is_the_table_python_pptx_inserts() -> None:
    from deckgen.ooxml.tables import insert_table

    prs = Presentation()
    frames = []
    for _ in range(4):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        frames.append(ooxml.frame_placeholder(slide, slide.placeholders[1]._element, "table"))
    theirs = frames[0].insert_table(4, 3)
    first = insert_table(frames[1], 4, 3)
    first.table.cell(0, 0).text = "filled"  # a table filled does not change the next ones
    for frame in [insert_table(frame, 4, 3) for frame in frames[2:]]:
        assert etree.tostring(frame._element) == etree.tostring(theirs._element)
        assert type(frame) is type(theirs)
