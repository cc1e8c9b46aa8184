"""The parts of a deck's content: length limits, field types, the strict base, and the
deck-level parts slides are made of (sources, audience, figures, reasons, steps).
"""

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

MAX_HEADLINE = 90
MAX_BULLETS = 5
MAX_BULLET_WORDS = 15
MAX_BULLET_CHARS = 110


def _no_items() -> list[Any]:
    """A list field's empty default. Not ``list``: Pydantic reads a factory's signature, and
    a builtin's costs a tokenizer run (a fortieth of ``deckgen validate``, for 38 fields)."""
    return []


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
    sub: list[BulletText] = Field(default_factory=_no_items, max_length=3)


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
    def _sourced_or_example(self) -> "Figure":
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
