"""The general slide kinds: the base every slide has and the kinds any deck may use."""

import functools
import typing
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from .fields import (
    Bullet,
    Claim,
    Conclusion,
    Headline,
    Notes,
    Pillar,
    Points,
    ReasonItem,
    Short,
    SourceId,
    Statistic,
    Strict,
    _max_chars,
    _no_items,
)

# --------------------------------------------------------------------------- slides


class SlideBase(Strict):
    """What every slide has: an action title, speaker notes and optional extra citations."""

    id: SourceId | None = Field(default=None, description="Name to address the slide by.")
    headline: Headline
    topic: Short | None = Field(default=None, description="Agenda entry for this slide.")
    notes: Notes = ""
    sources: list[SourceId] = Field(default_factory=_no_items, description="Further cited sources.")
    example: bool = Field(default=False, description="True while its figures are illustrative.")
    proposal: bool = Field(
        default=False, description="True when the slide shows the presenter's proposal."
    )

    def cited(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Yield (field path, source id) for every source this slide cites."""
        for i, sid in enumerate(self.sources):
            yield ("sources", i), sid
        for name in _citing_fields(type(self)):
            value = getattr(self, name)
            if isinstance(value, Statistic | Claim | ChartData):
                yield (name, "source"), value.source


@functools.lru_cache(maxsize=64)
def _citing_fields(kind: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a slide kind that can hold a cited figure (a Statistic, Claim or Chart):
    looked up once per kind, not per slide and call."""
    citing = (Statistic, Claim, ChartData)
    return tuple(
        name
        for name, info in kind.model_fields.items()
        if any(
            isinstance(t, type) and issubclass(t, citing)
            for t in (info.annotation, *typing.get_args(info.annotation))
        )
    )


class TitleSlide(SlideBase):
    kind: Literal["title"] = "title"
    subtitle: Short | None = None


class ExecutiveSummary(SlideBase):
    """Answer first: the ask, then the strongest reasons."""

    kind: Literal["executive_summary"] = "executive_summary"
    ask: Annotated[str, Field(min_length=1), _max_chars(160)]
    reasons: Annotated[list[ReasonItem], Field(min_length=1, max_length=4)]

    def cited(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        yield from super().cited()
        for i, reason in enumerate(self.reasons):
            if reason.figure is not None and reason.figure.source is not None:
                yield ("reasons", i, "figure", "source"), reason.figure.source


class Agenda(SlideBase):
    """Generated from the `topic` of the slides that follow it."""

    kind: Literal["agenda"] = "agenda"


class Section(SlideBase):
    kind: Literal["section"] = "section"
    subtitle: Short | None = None


class Statement(SlideBase):
    kind: Literal["statement"] = "statement"
    body: Annotated[str, _max_chars(160)] | None = None


class Bullets(SlideBase):
    kind: Literal["bullets"] = "bullets"
    points: Points = Field(min_length=1)


class BigNumber(SlideBase):
    kind: Literal["big_number"] = "big_number"
    stat: Statistic
    points: Points = Field(default_factory=_no_items)


class Series(Strict):
    name: Short
    values: list[float] = Field(min_length=1, max_length=12)


class ChartData(Strict):
    """A native, editable chart; the highlighted category is drawn in the accent colour."""

    type: Literal["column", "bar"] = "column"
    categories: list[Short] = Field(min_length=1, max_length=12)
    series: list[Series] = Field(min_length=1, max_length=3)
    unit: Literal["multiple", "percent", "number", "currency"] = "number"
    highlight: int | None = Field(default=None, ge=0, description="Index of the key category.")
    source: SourceId

    @field_validator("series")
    @classmethod
    def _a_value_per_category(cls, series: list[Series], info: ValidationInfo) -> list[Series]:
        categories = info.data.get("categories")
        for one in series:
            if categories is not None and len(one.values) != len(categories):
                raise PydanticCustomError(
                    "series_length",
                    "series '{name}' has {got} values for {want} categories; give one per category",
                    {"name": one.name, "got": len(one.values), "want": len(categories)},
                )
        return series

    @field_validator("highlight")
    @classmethod
    def _highlight_is_a_category(cls, highlight: int | None, info: ValidationInfo) -> int | None:
        categories = info.data.get("categories")
        if highlight is not None and categories is not None and highlight >= len(categories):
            raise PydanticCustomError(
                "highlight",
                "highlight {got} is past the last category (0 to {last})",
                {"got": highlight, "last": len(categories) - 1},
            )
        return highlight


class Chart(SlideBase):
    kind: Literal["chart"] = "chart"
    chart: ChartData
    points: Annotated[list[Bullet], Field(max_length=3)] = Field(default_factory=_no_items)


class Table(SlideBase):
    kind: Literal["table"] = "table"
    columns: list[Short] = Field(min_length=1, max_length=5)
    rows: list[list[Annotated[str, _max_chars(80)]]] = Field(min_length=1, max_length=7)

    @field_validator("rows")
    @classmethod
    def _rows_fit_the_columns(cls, rows: list[list[str]], info: ValidationInfo) -> list[list[str]]:
        columns = info.data.get("columns")
        for number, row in enumerate(rows):
            if columns is not None and len(row) > len(columns):
                raise PydanticCustomError(
                    "row_length",
                    "row {row} has {got} cells for {want} columns; add a column or merge cells",
                    {"row": number, "got": len(row), "want": len(columns)},
                )
        return rows


class Quote(SlideBase):
    kind: Literal["quote"] = "quote"
    quote: Annotated[str, Field(min_length=1), _max_chars(220)]
    attribution: Short


class Column(Strict):
    heading: Annotated[str, Field(min_length=1), _max_chars(70)]
    points: Annotated[list[Bullet], Field(max_length=4)] = Field(default_factory=_no_items)


class Comparison(SlideBase):
    kind: Literal["comparison"] = "comparison"
    left: Column
    right: Column


class Pillars(SlideBase):
    """Two to four pillars under a lead sentence: what a term means, or the parts of a whole."""

    kind: Literal["pillars"] = "pillars"
    lead: Conclusion | None = None
    pillars: Annotated[list[Pillar], Field(min_length=2, max_length=4)]
    conclusion: Conclusion | None = None


class SourcesSlide(SlideBase):
    """Generated from the sources the deck cites, in order of first citation."""

    kind: Literal["sources"] = "sources"


class Closing(SlideBase):
    kind: Literal["closing"] = "closing"
    body: Annotated[str, _max_chars(160)] | None = None
