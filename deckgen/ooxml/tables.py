"""A table in a placeholder, and its cells written into its XML in one pass: its style, text,
alignment and sizes.

python-pptx's cell objects look every cell, run and font up again on each property, and it
sums all rows (or columns) again whenever one row's height (or one column's width) is set; a
deck's calculation table cost about a tenth of a batch deck that way. The elements written
here are the ones those setters write, in the same order, so decks stay byte-identical.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Sequence
from typing import Any

from lxml import etree
from pptx.oxml.shapes.graphfrm import GRAPHIC_DATA_URI_TABLE, CT_GraphicalObjectFrame
from pptx.oxml.table import CT_Table
from pptx.oxml.text import CT_RegularTextRun
from pptx.util import Emu, Pt

from .opc import RT
from .xml import element, parse, qn

#: Clark names of the table's tags, looked up once: a table has a few hundred elements.
_TR, _TC, _TC_PR, _TX_BODY, _BODY_PR, _P, _R, _R_PR, _T, _TBL_GRID, _GRID_COL = (
    qn(tag)
    for tag in (
        "a:tr", "a:tc", "a:tcPr", "a:txBody", "a:bodyPr", "a:p", "a:r", "a:rPr", "a:t",
        "a:tblGrid", "a:gridCol",
    )
)  # fmt: skip


def insert_table(placeholder: Any, rows: int, cols: int) -> Any:
    """``placeholder.insert_table(rows, cols)`` (a python-pptx table placeholder), the empty
    table a copy of one made once per size.

    python-pptx writes a new table's XML as text and parses it, about a millisecond per table
    and a tenth of rebuilding a client's table slide; every client's table has the same size.
    """
    from pptx.shapes.placeholder import PlaceholderGraphicFrame

    # As TablePlaceholder._new_placeholder_table: the placeholder's box, a height per row.
    width, height = placeholder.width, Emu(rows * 370840)
    frame = CT_GraphicalObjectFrame.new_graphicFrame(
        placeholder.shape_id, placeholder.name, placeholder.left, placeholder.top, width, height
    )
    frame.graphic.graphicData.uri = GRAPHIC_DATA_URI_TABLE
    frame.graphic.graphicData.append(copy.deepcopy(_empty_table(rows, cols, width, height)))
    placeholder._replace_placeholder_with(frame)
    return PlaceholderGraphicFrame(frame, placeholder._parent)


@functools.lru_cache(maxsize=32)
def _empty_table(rows: int, cols: int, width: int, height: int) -> Any:
    """python-pptx's new ``a:tbl`` of a size; never changed (``insert_table`` copies it)."""
    return CT_Table.new_tbl(rows, cols, width, height)


def use_default_table_style(frame: Any) -> None:
    """Give a new table the template's default table style instead of python-pptx's fixed one."""
    try:
        styles = frame.part.package.presentation_part.part_related_by(RT.TABLE_STYLES)
    except KeyError:
        return
    default = _default_style(styles.blob)
    if not default:
        return
    tbl_pr = frame._element.graphic.graphicData.tbl.tblPr
    style = tbl_pr.find(qn("a:tableStyleId"))
    if style is None:
        style = etree.SubElement(tbl_pr, qn("a:tableStyleId"))
    style.text = default


@functools.lru_cache(maxsize=8)
def _default_style(blob: bytes) -> str | None:
    """The default table style of a template's table styles part, read once per template."""
    return parse(blob).get("def")


def fill_table(
    frame: Any,
    cells: Sequence[Sequence[str]],
    size_pt: float,
    right: Sequence[bool],
    heights: Sequence[int],
    widths: Sequence[int],
) -> None:
    """Write ``cells`` (the header row first) into a new table's empty cells, vertically
    centred and wrapped at ``size_pt``; columns flagged in ``right`` align right, and each
    body row's first cell is bold (the row's name is what the eye looks for). Rows and columns
    take ``heights`` and ``widths``, and the frame their sums."""
    tbl = frame._element.graphic.graphicData.tbl
    size = str(Pt(size_pt).centipoints)
    for r, (tr, values, height) in enumerate(
        zip(tbl.iterchildren(_TR), cells, heights, strict=True)
    ):
        tr.set("h", str(height))
        for c, (tc, value) in enumerate(zip(tr.iterchildren(_TC), values, strict=True)):
            tc.find(_TC_PR).set("anchor", "ctr")
            body = tc.find(_TX_BODY)
            body.find(_BODY_PR).set("wrap", "square")
            paragraph = body.find(_P)
            if right[c]:
                paragraph.insert(0, element("a:pPr", algn="r"))
            run = etree.SubElement(paragraph, _R)
            props = etree.SubElement(run, _R_PR, sz=size)
            if c == 0 and r > 0:
                props.set("b", "1")
            # As python-pptx's run.text: control characters escaped as it does.
            etree.SubElement(run, _T).text = CT_RegularTextRun._escape_ctrl_chars(value)
    grid = tbl.find(_TBL_GRID).iterchildren(_GRID_COL)
    for column, width in zip(grid, widths, strict=True):
        column.set("w", str(width))
    frame.width, frame.height = Emu(sum(widths)), Emu(sum(heights))
