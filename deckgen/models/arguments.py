"""The slide kinds of the article's arguments: each argument with the device it shows."""

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, computed_field, model_validator
from pydantic_core import PydanticCustomError

from .fields import (
    Bullet,
    BulletText,
    Claim,
    Conclusion,
    Pillar,
    Points,
    Share,
    Short,
    Statistic,
    Step,
    Strict,
    Trend,
    _max_chars,
    _no_items,
)
from .slides import SlideBase

# --- the article's arguments


class RiskReframe(SlideBase):
    """Ask what it costs *not* to be on social media, not only what could go wrong there."""

    kind: Literal["risk_reframe"] = "risk_reframe"
    old_question: Annotated[str, Field(min_length=1), _max_chars(70)]
    new_question: Annotated[str, Field(min_length=1), _max_chars(70)]
    old_points: Annotated[list[BulletText], Field(max_length=3)] = Field(default_factory=_no_items)
    new_points: Annotated[list[BulletText], Field(max_length=3)] = Field(default_factory=_no_items)
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
    timeline: Annotated[list[Step], Field(max_length=4)] = Field(default_factory=_no_items)
    advantage: Annotated[str, Field(min_length=1), _max_chars(50)] | None = Field(
        default=None, description="The lead, marked between the first two stations."
    )
    points: Points = Field(default_factory=_no_items)

    _device = model_validator(mode="after")(_points_or("timeline"))


class CostOfInaction(SlideBase):
    """Revenue at risk from customers who go to a competitor that is present where we are not."""

    kind: Literal["cost_of_inaction"] = "cost_of_inaction"
    customers: int = Field(gt=0, description="Active customers today.")
    share_lost: Share = Field(description="Share of customers lost per year to present rivals.")
    customer_lifetime_value: float = Field(gt=0, description="Value of one customer, currency.")
    years: int = Field(default=3, ge=1, le=10)
    example: bool = True
    points: Annotated[list[Bullet], Field(max_length=3)] = Field(default_factory=_no_items)

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
    points: Annotated[list[Bullet], Field(max_length=3)] = Field(default_factory=_no_items)

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
    pillars: Annotated[list[Pillar], Field(max_length=4)] = Field(default_factory=_no_items)
    next_step: Conclusion | None = Field(
        default=None, description="What the presenter proposes; shown marked as a proposal."
    )
    points: Points = Field(default_factory=_no_items)

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
    trends: Annotated[list[Trend], Field(max_length=3)] = Field(default_factory=_no_items)
    conclusion: Conclusion | None = None
    points: Points = Field(default_factory=_no_items)

    _device = model_validator(mode="after")(_points_or("trends"))


class CallToAction(SlideBase):
    """End with the ask: decision, budget, timeline, owner and the first 90 days."""

    kind: Literal["call_to_action"] = "call_to_action"
    decision: Annotated[str, Field(min_length=1), _max_chars(110)]
    budget: float | None = Field(default=None, ge=0)
    timeline: Short
    owner: Short
    first_90_days: Annotated[list[BulletText], Field(min_length=1, max_length=4)]
