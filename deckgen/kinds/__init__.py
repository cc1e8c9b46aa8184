"""The slide kinds: for each, its content model, what it needs from a layout and its builder.
Adding a kind means a model in models/ and a line here with a builder (generic.py for the
generic kinds, arguments.py for the article's arguments).

A builder reduces a slide model to ``SlideContent`` (text by placeholder role, a chart, table
or device); rendering places that on whatever layout the template gives the kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .. import models
from ..records import record
from . import arguments, generic
from .content import ChartSpec, Para, SlideContent, bullets

if TYPE_CHECKING:
    from .builder import SlideBuilder

__all__ = ["KINDS", "ChartSpec", "Kind", "KindNeeds", "Para", "SlideContent", "bullets"]


@record
class KindNeeds:
    """What a slide kind asks of a layout.

    ``types`` are preferred layout types (ST_SlideLayoutType), best first; a layout without the
    ``required`` roles is only used when no layout has them; ``wanted`` are the roles the kind's
    content fills (what a layout lacks goes into the body); ``frame`` is a chart or table.
    """

    types: tuple[str, ...]
    required: tuple[str, ...]
    wanted: tuple[str, ...]
    frame: str | None = None


@record
class Kind:
    """One slide kind: its content model, what it needs from a layout, and its builder."""

    model: type[models.SlideBase]
    needs: KindNeeds
    build: Callable[[SlideBuilder, Any, int], SlideContent]


_BULLETS = KindNeeds(("obj", "tx"), ("title", "body"), ("title", "body"))
_TWO_SIDES = KindNeeds(
    ("twoTxTwoObj", "twoObj", "twoColTx"),
    ("title", "body"),
    ("title", "left_heading", "body", "right_heading", "body2"),
)
_CHART = KindNeeds(
    ("chartAndTx", "txAndChart", "chart", "twoObj", "objTx", "obj"),
    ("title",),
    ("title", "chart", "body"),
    "chart",
)
_TABLE = KindNeeds(("tbl", "obj", "titleOnly"), ("title",), ("title", "table"), "table")
_STATEMENT = KindNeeds(("titleOnly", "secHead", "title"), ("title",), ("title", "body"))

#: Every slide kind, in the order layouts are chosen, inspected and written to a mapping.
KINDS: dict[str, Kind] = {
    "title": Kind(
        models.TitleSlide,
        KindNeeds(("title",), ("title",), ("title", "subtitle", "presenter")),
        generic.build_title,
    ),
    "executive_summary": Kind(
        models.ExecutiveSummary,
        KindNeeds(("cust", "obj"), ("title", "body"), ("title", "ask", "body")),
        generic.build_executive_summary,
    ),
    "agenda": Kind(models.Agenda, _BULLETS, generic.build_agenda),
    "section": Kind(
        models.Section,
        KindNeeds(("secHead",), ("title",), ("title", "body")),
        generic.build_section,
    ),
    "statement": Kind(models.Statement, _STATEMENT, generic.build_statement),
    "bullets": Kind(models.Bullets, _BULLETS, generic.build_bullets),
    "big_number": Kind(
        models.BigNumber,
        KindNeeds(("cust", "obj"), ("title", "body"), ("title", "big_number", "caption", "body")),
        generic.build_big_number,
    ),
    "chart": Kind(models.Chart, _CHART, generic.build_chart),
    "table": Kind(models.Table, _TABLE, generic.build_table),
    "quote": Kind(
        models.Quote,
        KindNeeds(("cust", "obj"), ("title",), ("title", "quote", "attribution")),
        generic.build_quote,
    ),
    "comparison": Kind(models.Comparison, _TWO_SIDES, generic.build_comparison),
    "pillars": Kind(models.Pillars, _BULLETS, generic.build_pillars),
    "sources": Kind(models.SourcesSlide, _BULLETS, generic.build_sources),
    "closing": Kind(models.Closing, _STATEMENT, generic.build_closing),
    # The argument kinds draw their device in the body's area (see devices/).
    "risk_reframe": Kind(models.RiskReframe, _BULLETS, arguments.build_risk_reframe),
    "information_advantage": Kind(
        models.InformationAdvantage, _BULLETS, arguments.build_information_advantage
    ),
    "cost_of_inaction": Kind(models.CostOfInaction, _CHART, arguments.build_cost_of_inaction),
    "employee_advocacy": Kind(models.EmployeeAdvocacy, _BULLETS, arguments.build_employee_advocacy),
    "executive_visibility": Kind(
        models.ExecutiveVisibility, _BULLETS, arguments.build_executive_visibility
    ),
    "transformation_roadmap": Kind(
        models.TransformationRoadmap, _BULLETS, arguments.build_transformation_roadmap
    ),
    "market_trend": Kind(models.MarketTrend, _BULLETS, arguments.build_market_trend),
    "call_to_action": Kind(models.CallToAction, _BULLETS, arguments.build_call_to_action),
}
