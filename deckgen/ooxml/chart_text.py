"""The texts a chart shows, read from its XML for every plot type: python-pptx reads only the
plot types it writes, and a deck with a 3-D, stock or surface chart is no less a deck."""

from __future__ import annotations

from typing import Any

from .xml import qn


def chart_texts(chart: Any) -> list[str]:
    """Return every text of a python-pptx chart a reader sees: its title and axis titles, data
    labels, series names and categories, in document order (values are numbers, not text)."""
    space = chart._chartSpace
    texts = []
    for el in space.iter(qn("a:t"), qn("c:tx"), qn("c:cat")):
        if el.tag == qn("a:t"):
            texts.append(el.text or "")
        else:
            texts.extend(v.text or "" for v in el.iter(qn("c:v")))
    return texts
