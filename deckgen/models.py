"""The content model: the single source of truth for what a deck says.

Content is validated twice. The first pass checks types and numbers while strings are still
Jinja templates; derived figures are computed from it. The second pass runs on the rendered
strings (validation context ``{"rendered": True}``) and enforces the readability limits, which
only make sense on the text a CEO will see.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import typing
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

MAX_HEADLINE = 90
MAX_BULLETS = 5
MAX_BULLET_WORDS = 15
MAX_BULLET_CHARS = 110


def _rendered(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("rendered"))


def _max_chars(limit: int) -> AfterValidator:
    def check(value: str, info: ValidationInfo) -> str:
        if _rendered(info) and len(value) > limit:
            raise PydanticCustomError(
                "too_long",
                "at most {limit} characters, got {got}; shorten it or split the slide",
                {"limit": limit, "got": len(value)},
            )
        return value

    return AfterValidator(check)


def _max_words(limit: int) -> AfterValidator:
    def check(value: str, info: ValidationInfo) -> str:
        words = len(value.split())
        if _rendered(info) and words > limit:
            raise PydanticCustomError(
                "too_many_words",
                "at most {limit} words per bullet, got {got}; one message per bullet",
                {"limit": limit, "got": words},
            )
        return value

    return AfterValidator(check)


Text = Annotated[str, Field(min_length=1)]
# Written into the deck's document properties too (title, author, subject), where PowerPoint
# keeps at most 255 characters: longer is a validation error, not a failed build.
PropertyText = Annotated[str, Field(min_length=1, max_length=255)]
Headline = Annotated[str, Field(min_length=1), _max_chars(MAX_HEADLINE)]
Short = Annotated[str, Field(min_length=1), _max_chars(60)]
BulletText = Annotated[
    str, Field(min_length=1), _max_chars(MAX_BULLET_CHARS), _max_words(MAX_BULLET_WORDS)
]
Notes = Annotated[str, _max_chars(3000)]
SourceId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=40)]
Share = Annotated[float, Field(gt=0, le=1)]


class Strict(BaseModel):
    """Base of every content model: unknown fields are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


# --------------------------------------------------------------------------- deck-level parts


class Source(Strict):
    """A publication a figure on a slide comes from.

    A figure known only from another publication (Edelman's, as LEAD reports it) names that
    publication in ``via``, so every slide says where the figure was read, not only who made it.
    """

    id: SourceId
    publisher: Text
    title: str | None = Field(
        default=None, min_length=1, description="Leave out when the source names no title."
    )
    author: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    url: str | None = None
    note: str | None = None
    via: SourceId | None = Field(default=None, description="The source this one is cited from.")
    original_title: str | None = Field(
        default=None, description="The title in its own language when `title` is a translation."
    )

    def citation(self) -> str:
        """Return the short form used in a slide's source line: publisher, title, year."""
        text = f"{self.publisher}, {self.title}" if self.title else self.publisher
        return text + (f" ({self.year})" if self.year else "")


class Audience(Strict):
    """Who the deck is for: the company and its CEO."""

    company: PropertyText
    ceo_name: Text
    ceo_role: Text = "CEO"
    industry: str | None = None


class Presenter(Strict):
    """Who presents the deck."""

    name: PropertyText
    role: Text
    email: str | None = None


def _hex_colour(value: str) -> str:
    if not re.fullmatch(r"#?[0-9A-Fa-f]{6}", value):
        raise PydanticCustomError(
            "colour", "expected a colour like '#0B5CAD', got '{value}'", {"value": value}
        )
    return value.lstrip("#").upper()


Colour = Annotated[str, AfterValidator(_hex_colour)]


class Brand(Strict):
    """The audience-specific look on top of the template: accent colour and logo."""

    accent: Colour | None = None
    logo: str | None = None


class Statistic(Strict):
    """A figure shown on a slide; it must name the source it comes from."""

    value: float
    unit: Literal["multiple", "percent", "number", "currency"] = "number"
    label: Text
    source: SourceId


class Claim(Strict):
    """A qualitative finding, still owed a source."""

    text: BulletText
    source: SourceId


class BulletItem(Strict):
    """A bullet with optional second-level bullets."""

    text: BulletText
    sub: list[BulletText] = Field(default_factory=list, max_length=3)


def _unique(what: str, values: list[str]) -> None:
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise PydanticCustomError(
            "duplicate",
            "{what} used twice: {ids}; give each its own",
            {"what": what, "ids": ", ".join(repeated)},
        )


def _as_bullet(value: object) -> object:
    return {"text": value} if isinstance(value, str) else value


# A plain string is a first-level bullet; a mapping adds second-level bullets. Both become a
# BulletItem so that error locations stay simple (`points[2].text`).
Bullet = Annotated[BulletItem, BeforeValidator(_as_bullet, json_schema_input_type=str | BulletItem)]


Points = Annotated[list[Bullet], Field(max_length=MAX_BULLETS)]


class Figure(Strict):
    """A figure shown as a hero number: the value as the slide shows it ("8×", "3,0 Mio. €"),
    what it measures, and its source, or ``example: true`` for the presenter's own figures."""

    value: Annotated[str, Field(min_length=1), _max_chars(14)] | None = Field(
        default=None, description="Leave out for a qualitative finding: the label is shown."
    )
    label: Annotated[str, Field(min_length=1), _max_chars(70)]
    source: SourceId | None = None
    example: bool = False

    @model_validator(mode="after")
    def _sourced_or_example(self) -> Figure:
        if self.source is None and not self.example:
            raise PydanticCustomError(
                "unsourced",
                "a figure needs a source (the id of one of the deck's sources) or "
                "example: true when it is the presenter's own example",
            )
        return self


class Reason(Strict):
    """One reason of the executive summary, optionally carried by its key figure."""

    text: BulletText
    figure: Figure | None = None


def _as_reason(value: object) -> object:
    return {"text": value} if isinstance(value, str) else value


ReasonItem = Annotated[Reason, BeforeValidator(_as_reason, json_schema_input_type=str | Reason)]


class Pillar(Strict):
    """One of two to four pillars: a short name in large type and a sentence under it."""

    name: Annotated[str, Field(min_length=1), _max_chars(30)]
    text: BulletText


class Step(Strict):
    """A station on a timeline; ``highlight`` marks the one the slide is about."""

    name: Annotated[str, Field(min_length=1), _max_chars(40)]
    text: Annotated[str, Field(min_length=1), _max_chars(90)] | None = None
    highlight: bool = False


class Trend(Strict):
    """A direction the market moves in, without inventing a figure for it."""

    direction: Literal["up", "down"]
    label: Annotated[str, Field(min_length=1), _max_chars(60)]
    text: BulletText | None = None


Conclusion = Annotated[str, Field(min_length=1), _max_chars(160)]


# --------------------------------------------------------------------------- slides


class SlideBase(Strict):
    """What every slide has: an action title, speaker notes and optional extra citations."""

    id: SourceId | None = Field(default=None, description="Name to address the slide by.")
    headline: Headline
    topic: Short | None = Field(default=None, description="Agenda entry for this slide.")
    notes: Notes = ""
    sources: list[SourceId] = Field(default_factory=list, description="Further cited sources.")
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
    points: Points = Field(default_factory=list)


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
    points: Annotated[list[Bullet], Field(max_length=3)] = Field(default_factory=list)


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
    points: Annotated[list[Bullet], Field(max_length=4)] = Field(default_factory=list)


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


# --- the article's arguments


class RiskReframe(SlideBase):
    """Ask what it costs *not* to be on social media, not only what could go wrong there."""

    kind: Literal["risk_reframe"] = "risk_reframe"
    old_question: Annotated[str, Field(min_length=1), _max_chars(70)]
    new_question: Annotated[str, Field(min_length=1), _max_chars(70)]
    old_points: Annotated[list[BulletText], Field(max_length=3)] = Field(default_factory=list)
    new_points: Annotated[list[BulletText], Field(max_length=3)] = Field(default_factory=list)
    evidence: Claim


def _points_or(device: str) -> Callable[[Any], Any]:
    """A model check: the slide shows its device (a non-empty ``device`` list) or bullets."""

    def check(model: Any) -> Any:
        if not getattr(model, device) and not model.points:
            raise PydanticCustomError(
                "empty_slide",
                "give the slide its {device} or at least one of its points",
                {"device": device},
            )
        return model

    return check


class InformationAdvantage(SlideBase):
    """Where news breaks first, as a timeline; the points are the takeaways under it."""

    kind: Literal["information_advantage"] = "information_advantage"
    timeline: Annotated[list[Step], Field(max_length=4)] = Field(default_factory=list)
    advantage: Annotated[str, Field(min_length=1), _max_chars(50)] | None = Field(
        default=None, description="The lead, marked between the first two stations."
    )
    points: Points = Field(default_factory=list)

    _device = model_validator(mode="after")(_points_or("timeline"))


class CostOfInaction(SlideBase):
    """Revenue at risk from customers who go to a competitor that is present where we are not."""

    kind: Literal["cost_of_inaction"] = "cost_of_inaction"
    customers: int = Field(gt=0, description="Active customers today.")
    share_lost: Share = Field(description="Share of customers lost per year to present rivals.")
    customer_lifetime_value: float = Field(gt=0, description="Value of one customer, currency.")
    years: int = Field(default=3, ge=1, le=10)
    example: bool = True
    points: Annotated[list[Bullet], Field(max_length=3)] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def customers_lost_per_year(self) -> int:
        return round(self.customers * self.share_lost)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def revenue_at_risk_per_year(self) -> float:
        return self.customers_lost_per_year * self.customer_lifetime_value

    @computed_field  # type: ignore[prop-decorator]
    @property
    def revenue_at_risk_total(self) -> float:
        return self.revenue_at_risk_per_year * self.years

    @computed_field  # type: ignore[prop-decorator]
    @property
    def cumulative_revenue_at_risk(self) -> list[float]:
        return [self.revenue_at_risk_per_year * (y + 1) for y in range(self.years)]


class EmployeeAdvocacy(SlideBase):
    """Employees as brand ambassadors, sized with the Edelman multipliers."""

    kind: Literal["employee_advocacy"] = "employee_advocacy"
    employees: int = Field(gt=0)
    participation: Share = Field(description="Share of employees who post.")
    posts_per_month: float = Field(gt=0, description="Posts per participating employee.")
    engagement_multiplier: Statistic
    sharing_multiplier: Statistic
    example: bool = True
    points: Annotated[list[Bullet], Field(max_length=3)] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ambassadors(self) -> int:
        return round(self.employees * self.participation)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def posts_per_month_total(self) -> float:
        return self.ambassadors * self.posts_per_month

    @computed_field  # type: ignore[prop-decorator]
    @property
    def engagement_equivalent(self) -> float:
        """Corporate-account posts it would take to earn the same engagement."""
        return self.posts_per_month_total * self.engagement_multiplier.value

    @computed_field  # type: ignore[prop-decorator]
    @property
    def shares_equivalent(self) -> float:
        """Corporate-account posts it would take to be shared as often."""
        return self.posts_per_month_total * self.sharing_multiplier.value


class ExecutiveVisibility(SlideBase):
    """The finding, then what it means as pillars, then what is proposed."""

    kind: Literal["executive_visibility"] = "executive_visibility"
    evidence: Claim
    pillars: Annotated[list[Pillar], Field(max_length=4)] = Field(default_factory=list)
    next_step: Conclusion | None = Field(
        default=None, description="What the presenter proposes; shown marked as a proposal."
    )
    points: Points = Field(default_factory=list)

    _device = model_validator(mode="after")(_points_or("pillars"))


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


Goal = Annotated[str, Field(min_length=1), _max_chars(80)]


class Phase(Strict):
    """A phase of the roadmap: its name, when, and up to three goals."""

    name: Annotated[str, Field(min_length=1), _max_chars(30)]
    timeframe: Annotated[str, Field(min_length=1), _max_chars(30)]
    goals: Annotated[
        list[Goal],
        BeforeValidator(_as_list, json_schema_input_type=str | list[str]),
        Field(min_length=1, max_length=3),
    ]


class TransformationRoadmap(SlideBase):
    kind: Literal["transformation_roadmap"] = "transformation_roadmap"
    phases: list[Phase] = Field(min_length=2, max_length=5)


class MarketTrend(SlideBase):
    """Which way the market moves (no invented figures), and what follows from it."""

    kind: Literal["market_trend"] = "market_trend"
    trends: Annotated[list[Trend], Field(max_length=3)] = Field(default_factory=list)
    conclusion: Conclusion | None = None
    points: Points = Field(default_factory=list)

    _device = model_validator(mode="after")(_points_or("trends"))


class CallToAction(SlideBase):
    """End with the ask: decision, budget, timeline, owner and the first 90 days."""

    kind: Literal["call_to_action"] = "call_to_action"
    decision: Annotated[str, Field(min_length=1), _max_chars(110)]
    budget: float | None = Field(default=None, ge=0)
    timeline: Short
    owner: Short
    first_90_days: Annotated[list[BulletText], Field(min_length=1, max_length=4)]


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
    sources: list[Source] = Field(default_factory=list)
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
