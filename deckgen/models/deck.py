"""The whole deck: the union of slide kinds, the kind registry by name, and ``Deck``."""

import datetime as dt
from typing import Annotated, Literal, get_args

from pydantic import ConfigDict, Field, field_validator

from .arguments import (
    CallToAction,
    CostOfInaction,
    EmployeeAdvocacy,
    ExecutiveVisibility,
    InformationAdvantage,
    MarketTrend,
    RiskReframe,
    TransformationRoadmap,
)
from .fields import Audience, Brand, Presenter, PropertyText, Source, Strict, _no_items, _unique
from .slides import (
    Agenda,
    BigNumber,
    Bullets,
    Chart,
    Closing,
    Comparison,
    ExecutiveSummary,
    Pillars,
    Quote,
    Section,
    SlideBase,
    SourcesSlide,
    Statement,
    Table,
    TitleSlide,
)

Slide = Annotated[
    TitleSlide
    | ExecutiveSummary
    | Agenda
    | Section
    | Statement
    | Bullets
    | BigNumber
    | Chart
    | Table
    | Quote
    | Comparison
    | Pillars
    | SourcesSlide
    | Closing
    | RiskReframe
    | InformationAdvantage
    | CostOfInaction
    | EmployeeAdvocacy
    | ExecutiveVisibility
    | TransformationRoadmap
    | MarketTrend
    | CallToAction,
    Field(discriminator="kind"),
]

SLIDE_KINDS: dict[str, type[SlideBase]] = {
    cls.model_fields["kind"].default: cls for cls in get_args(get_args(Slide)[0])
}


class Deck(Strict):
    """A whole deck: who it is for, what it says, and where its figures come from."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        allow_inf_nan=False,
        json_schema_extra={"$comment": "deckgen content file"},
    )

    title: PropertyText
    language: Literal["de", "en"]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    # A zip file can record dates from 1980 to 2107; the deck's date stamps its files.
    date: Annotated[dt.date, Field(ge=dt.date(1980, 1, 1), le=dt.date(2107, 12, 31))]
    audience: Audience
    presenter: Presenter
    brand: Brand = Field(default_factory=Brand)
    sources: list[Source] = Field(default_factory=_no_items)
    slides: list[Slide] = Field(min_length=1)

    @field_validator("sources")
    @classmethod
    def _source_ids_are_unique(cls, sources: list[Source]) -> list[Source]:
        _unique("source id", [s.id for s in sources])
        return sources

    @field_validator("slides")
    @classmethod
    def _slide_ids_are_unique(cls, slides: list[SlideBase]) -> list[SlideBase]:
        _unique("slide id", [s.id for s in slides if s.id])
        return slides

    def unknown_source_refs(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Return (field path, id) for every citation of a source the deck does not declare,
        and every source said to be cited from (``via``) one it does not declare."""
        known = {s.id for s in self.sources}
        via: list[tuple[tuple[str | int, ...], str]] = [
            (("sources", i, "via"), s.via)
            for i, s in enumerate(self.sources)
            if s.via is not None and s.via not in known
        ]
        return via + [
            (("slides", i, *path), sid)
            for i, slide in enumerate(self.slides)
            for path, sid in slide.cited()
            if sid not in known
        ]

    def cited_sources(self) -> list[Source]:
        """Return the declared sources the slides cite, in order of first citation."""
        by_id = {s.id: s for s in self.sources}
        seen: dict[str, Source] = {}
        for slide in self.slides:
            for _, sid in slide.cited():
                if sid in by_id:
                    seen.setdefault(sid, by_id[sid])
        return list(seen.values())

    def slide_key(self, index: int) -> str:
        """Return the name a slide is addressed by: its id, else its kind."""
        slide = self.slides[index]
        return slide.id or slide.kind
