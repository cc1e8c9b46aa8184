"""What one slide shows before it meets a template: text by role, a chart or table, a device,
the source line and the notes; no python-pptx here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import devices
from ..models import BulletItem
from ..records import record


@record
class Para:
    """One paragraph of slide text."""

    text: str
    level: int = 0
    bold: bool = False
    bullet: bool = True

    def as_tuple(self) -> tuple[str, int, bool, bool]:
        return (self.text, self.level, self.bold, self.bullet)


@record
class ChartSpec:
    """A native chart: categories, series, the unit of its labels and what is highlighted."""

    categories: list[str]
    series: list[tuple[str, list[float]]]
    unit: str
    highlight: int | None = None
    horizontal: bool = False
    title: str | None = None  # said where the slide's headline does not say what is plotted


@dataclass
class SlideContent:
    """What one slide shows, by placeholder role, before it meets a layout.

    ``device`` is drawn in the area of the layout's body (see ``devices``); ``marker`` marks
    the slide's figures as examples or its plan as a proposal, apart from its source line.
    """

    title: str
    texts: dict[str, list[Para]] = field(default_factory=dict)
    chart: ChartSpec | None = None
    table: tuple[list[str], list[list[str]]] | None = None
    source: str | None = None
    notes: str = ""
    device: devices.Device | None = None
    marker: str | None = None

    def key(self) -> tuple[Any, ...]:
        """Everything the slide shows but its notes, as a key: slides that show the same are
        built once (a dataclass's repr cost more than building the tuple)."""
        chart = self.chart
        return (
            self.title,
            tuple((role, tuple(p.as_tuple() for p in paras)) for role, paras in self.texts.items()),
            None
            if chart is None
            else (
                tuple(chart.categories),
                tuple((name, tuple(values)) for name, values in chart.series),
                chart.unit,
                chart.highlight,
                chart.horizontal,
                chart.title,
            ),
            None
            if self.table is None
            else (tuple(self.table[0]), tuple(map(tuple, self.table[1]))),
            self.source,
            self.device,
            self.marker,
        )


def bullets(items: list[BulletItem] | list[str]) -> list[Para]:
    """Return bullets as paragraphs with levels."""
    paras: list[Para] = []
    for item in items:
        if isinstance(item, str):
            paras.append(Para(item))
        else:
            paras.append(Para(item.text))
            paras.extend(Para(sub, level=1) for sub in item.sub)
    return paras
