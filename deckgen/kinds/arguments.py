"""Builders of the article's argument kinds: each turns its typed inputs and derived figures
into the visual device that carries the argument (see devices/)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import devices
from ..engine import format_value
from ..models import (
    CallToAction,
    CostOfInaction,
    EmployeeAdvocacy,
    ExecutiveVisibility,
    InformationAdvantage,
    MarketTrend,
    RiskReframe,
    TransformationRoadmap,
)
from .content import ChartSpec, Para, SlideContent, bullets
from .generic import build_bullets

if TYPE_CHECKING:
    from .builder import SlideBuilder


def build_risk_reframe(b: SlideBuilder, s: RiskReframe, i: int) -> SlideContent:
    device = devices.Contrast(
        b.labels["old_question"],
        b.quoted(s.old_question),
        tuple(s.old_points),
        b.labels["new_question"],
        b.quoted(s.new_question),
        tuple(s.new_points),
        b.labels["evidence"],
        s.evidence.text,
    )
    return SlideContent(s.headline, device=device)


def build_information_advantage(b: SlideBuilder, s: InformationAdvantage, i: int) -> SlideContent:
    if not s.timeline:
        return build_bullets(b, s, i)  # type: ignore[arg-type]
    steps = tuple((t.name, t.text, t.highlight) for t in s.timeline)
    points = tuple(p.text for p in s.points)
    device = devices.Timeline(steps, s.advantage, b.labels["time"], points)
    return SlideContent(s.headline, device=device)


def build_market_trend(b: SlideBuilder, s: MarketTrend, i: int) -> SlideContent:
    if not s.trends:
        return build_bullets(b, s, i)  # type: ignore[arg-type]
    trends = tuple((t.direction == "up", t.label, t.text) for t in s.trends)
    device = devices.TrendArrows(trends, s.conclusion, tuple(p.text for p in s.points))
    return SlideContent(s.headline, device=device)


def build_executive_visibility(b: SlideBuilder, s: ExecutiveVisibility, i: int) -> SlideContent:
    if not s.pillars:
        return SlideContent(
            s.headline, {"body": [Para(s.evidence.text, bold=True)] + bullets(s.points)}
        )
    device = devices.PillarRow(
        s.evidence.text,
        tuple((p.name, p.text) for p in s.pillars),
        b.labels["proposal_short"] if s.next_step else None,
        s.next_step,
    )
    return SlideContent(s.headline, device=device)


def build_cost_of_inaction(b: SlideBuilder, s: CostOfInaction, i: int) -> SlideContent:
    year = b.labels["year"]
    spec = ChartSpec(
        categories=[f"{year} {n + 1}" for n in range(s.years)],
        series=[(b.labels["revenue_at_risk"], s.cumulative_revenue_at_risk)],
        unit="currency",
        highlight=s.years - 1,
        title=b.labels["revenue_at_risk"],
    )
    f, lab = b.fmt, b.labels
    steps = (
        f"{f['number'](s.customers)} {lab['customers']} × {f['percent'](s.share_lost)} "
        f"{lab['churn']} {lab['per_year']}",
        f"= {f['number'](s.customers_lost_per_year)} {lab['customers']} × "
        f"{f['currency'](s.customer_lifetime_value)} {lab['customer_value']}",
        f"= {f['currency_short'](s.revenue_at_risk_per_year)} {lab['per_year']}",
    )
    device = devices.HeroWithCalculation(
        f["currency_short"](s.revenue_at_risk_total),
        lab["revenue_at_risk_total"].format(years=s.years),
        steps,
        tuple(p.text for p in s.points),
    )
    return SlideContent(s.headline, chart=spec, device=device)


def build_employee_advocacy(b: SlideBuilder, s: EmployeeAdvocacy, i: int) -> SlideContent:
    f, lab = b.fmt, b.labels
    numbers = tuple(
        (format_value(stat.value, stat.unit, f), stat.label)
        for stat in (s.engagement_multiplier, s.sharing_multiplier)
    )
    example = (
        lab["ambassadors"].format(
            ambassadors=f["number"](s.ambassadors),
            participation=f["percent"](s.participation),
            employees=f["number"](s.employees),
        ),
        lab["posts"].format(
            posts=format_value(s.posts_per_month, "number", f),
            total=format_value(s.posts_per_month_total, "number", f),
        ),
    )
    device = devices.HeroNumbers(
        numbers,
        lab["calculation"] if s.example else None,
        example if s.example else (),
        tuple(p.text for p in s.points),
    )
    return SlideContent(s.headline, device=device)


def build_transformation_roadmap(b: SlideBuilder, s: TransformationRoadmap, i: int) -> SlideContent:
    phases = tuple((p.name, p.timeframe, tuple(p.goals)) for p in s.phases)
    return SlideContent(s.headline, device=devices.Phases(phases))


def build_call_to_action(b: SlideBuilder, s: CallToAction, i: int) -> SlideContent:
    facts = []
    if s.budget is not None:
        budget = b.fmt["currency"](s.budget)
        if s.example:
            budget += f" ({b.labels['example_short']})"
        facts.append((b.labels["budget"], budget))
    facts.append((b.labels["timeline"], s.timeline))
    facts.append((b.labels["owner"], s.owner))
    device = devices.DecisionBox(
        b.labels["decision"],
        s.decision,
        tuple(facts),
        b.labels["first_90_days"],
        tuple(s.first_90_days),
    )
    return SlideContent(s.headline, device=device)
