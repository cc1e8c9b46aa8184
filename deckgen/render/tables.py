"""Tables on a slide: columns sized to their text, text fitted to the frame, figures aligned
right."""

from __future__ import annotations

import re
from typing import Any

from .. import devices, ooxml
from ..geometry import Rect
from ..records import record
from ..template import Template
from .charts import INCH, frame_text_sizes

MAX_ROW_HEIGHT = int(0.75 * INCH)


#: A cell's default insets (PowerPoint's 0.1 in left and right, 0.05 in top and bottom).
CELL_INSETS = (91440, 45720)


#: The smallest size a table's text shrinks to: body text's floor.
TABLE_FLOOR_PT = 14.0


_NUMERIC = re.compile(r"^[-+−]?[€$£]?\s?\d")


@record
class TableLayout:
    """Column widths, text size and row heights that fit a table's text into its frame."""

    widths: tuple[int, ...]
    size_pt: float
    heights: tuple[int, ...]


def table_layout(cells: list[list[str]], width: int, height: int, text_pt: float) -> TableLayout:
    """Give each column the width its text asks for (never less than its longest word, so
    no word is split), then shrink the text a point at a time down to the floor until every
    row's wrapped text fits the frame; rows share the height that is left."""
    columns = len(cells[0])
    pad_x, pad_y = 2 * CELL_INSETS[0], 2 * CELL_INSETS[1]
    size = text_pt
    while True:
        char = size * devices.CHAR_EM * devices.EMU_PER_PT
        natural = [max(len(row[c]) for row in cells) * char + pad_x for c in range(columns)]
        minimal = [
            max((len(w) for row in cells for w in row[c].split()), default=1) * char + pad_x
            for c in range(columns)
        ]
        widths = _share(natural, minimal, width)
        needed = [
            max(
                devices.lines_needed(text, size, int(w - pad_x)) * size * 1.2 * devices.EMU_PER_PT
                for text, w in zip(row, widths, strict=True)
            )
            + pad_y
            for row in cells
        ]
        fits = sum(minimal) <= width and sum(needed) <= height
        if fits or size <= TABLE_FLOOR_PT:
            break
        size -= 1
    extra = max(0, height - sum(needed)) / len(cells)
    heights = tuple(int(min(max(n + extra, n), max(n, MAX_ROW_HEIGHT))) for n in needed)
    whole = [int(w) for w in widths]
    whole[-1] += width - sum(whole)
    return TableLayout(tuple(whole), size, heights)


def _share(natural: list[float], minimal: list[float], width: int) -> list[float]:
    """Widths summing to ``width``: natural widths grown evenly when they fit, else each
    column's minimum plus a share of the rest by how much more it would like."""
    if sum(natural) <= width:
        extra = (width - sum(natural)) / len(natural)
        return [n + extra for n in natural]
    rest = max(0.0, width - sum(minimal))
    wants = [max(0.0, n - m) for n, m in zip(natural, minimal, strict=True)]
    total = sum(wants) or 1.0
    return [m + rest * w / total for m, w in zip(minimal, wants, strict=True)]


def add_table(
    slide: Any,
    placeholder: Any,
    table: tuple[list[str], list[list[str]]],
    box: Rect,
    template: Template,
) -> None:
    """Put the table into the placeholder, or at box on the slide when placeholder is None,
    its columns sized and its text fitted to the frame; numeric columns align right."""
    columns, rows = table
    text_pt, _ = frame_text_sizes(placeholder, template)
    if placeholder is None:
        frame = slide.shapes.add_table(
            len(rows) + 1, len(columns), box.left, box.top, box.width, box.height
        )
    else:
        frame = ooxml.insert_table(placeholder, len(rows) + 1, len(columns))
    ooxml.use_default_table_style(frame)
    cells = [columns] + [[r[c] if c < len(r) else "" for c in range(len(columns))] for r in rows]
    layout = table_layout(cells, int(frame.width), box.height, text_pt)
    numeric = [
        all(_NUMERIC.match(row[c]) for row in cells[1:] if row[c]) for c in range(len(columns))
    ]
    ooxml.fill_table(frame, cells, layout.size_pt, numeric, layout.heights, layout.widths)
