"""Builders of the generic slide kinds (title, bullets, chart, table, sources, ...): each
reduces its slide model to SlideContent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import devices
from ..engine import format_value
from ..models import (
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
    Source,
    SourcesSlide,
    Statement,
    Table,
    TitleSlide,
)
from .content import ChartSpec, Para, SlideContent, bullets

if TYPE_CHECKING:
    from .builder import SlideBuilder


def build_title(b: SlideBuilder, s: TitleSlide, i: int) -> SlideContent:
    p = b.deck.presenter
    # A date is never broken over two lines ("1." / "Dezember 2026").
    when = b.fmt["date"](b.deck.date).replace(" ", "\u00a0")
    texts = {"presenter": [Para(f"{p.name}, {p.role} · {when}")]}
    if s.subtitle:
        texts["subtitle"] = [Para(s.subtitle)]
    return SlideContent(s.headline, texts)


def build_executive_summary(b: SlideBuilder, s: ExecutiveSummary, i: int) -> SlideContent:
    rows = []
    for reason in s.reasons:
        proof = None
        if reason.figure is not None:
            f = reason.figure
            note = b.labels["example_short"] if f.example else None
            proof = devices.Proof(f.value, f.label, note)
        rows.append((reason.text, proof))
    return SlideContent(s.headline, {"ask": [Para(s.ask)]}, device=devices.ReasonRows(tuple(rows)))


def build_agenda(b: SlideBuilder, s: Agenda, i: int) -> SlideContent:
    listed = [t for t in b.deck.slides[i + 1 :] if t.topic]
    items = tuple((t.topic or "", t.headline) for t in listed)
    content = SlideContent(s.headline, device=devices.NumberedList(items))
    if any(t.example and any(ch.isdigit() for ch in t.headline) for t in listed):
        # A takeaway that states an example figure is marked here as on its own slide.
        content.marker = b.labels["example"]
    return content


def build_pillars(b: SlideBuilder, s: Pillars, i: int) -> SlideContent:
    return SlideContent(
        s.headline,
        device=devices.PillarRow(
            s.lead, tuple((p.name, p.text) for p in s.pillars), None, s.conclusion
        ),
    )


def build_section(b: SlideBuilder, s: Section, i: int) -> SlideContent:
    return SlideContent(s.headline, {"body": [Para(s.subtitle)] if s.subtitle else []})


def build_statement(b: SlideBuilder, s: Statement, i: int) -> SlideContent:
    return SlideContent(s.headline, {"body": [Para(s.body)] if s.body else []})


def build_closing(b: SlideBuilder, s: Closing, i: int) -> SlideContent:
    return SlideContent(s.headline, {"body": [Para(s.body)] if s.body else []})


def build_bullets(b: SlideBuilder, s: Bullets, i: int) -> SlideContent:
    return SlideContent(s.headline, {"body": bullets(s.points)})


def build_big_number(b: SlideBuilder, s: BigNumber, i: int) -> SlideContent:
    return SlideContent(
        s.headline,
        {
            "big_number": [Para(format_value(s.stat.value, s.stat.unit, b.fmt))],
            "caption": [Para(s.stat.label)],
            "body": bullets(s.points),
        },
    )


def build_chart(b: SlideBuilder, s: Chart, i: int) -> SlideContent:
    c = s.chart
    spec = ChartSpec(
        categories=list(c.categories),
        series=[(se.name, list(se.values)) for se in c.series],
        unit=c.unit,
        highlight=c.highlight,
        horizontal=c.type == "bar",
    )
    return SlideContent(s.headline, {"body": bullets(s.points)}, chart=spec)


def build_table(b: SlideBuilder, s: Table, i: int) -> SlideContent:
    return SlideContent(s.headline, table=(list(s.columns), [list(r) for r in s.rows]))


def build_quote(b: SlideBuilder, s: Quote, i: int) -> SlideContent:
    opening, closing = ("„", "“") if b.deck.language == "de" else ("“", "”")
    return SlideContent(
        s.headline,
        {
            "quote": [Para(f"{opening}{s.quote}{closing}")],
            "attribution": [Para(f"– {s.attribution}")],
        },
    )


def build_comparison(b: SlideBuilder, s: Comparison, i: int) -> SlideContent:
    return SlideContent(
        s.headline,
        {
            "left_heading": [Para(s.left.heading, bold=True)],
            "body": bullets(s.left.points),
            "right_heading": [Para(s.right.heading, bold=True)],
            "body2": bullets(s.right.points),
        },
    )


def build_sources(b: SlideBuilder, s: SourcesSlide, i: int) -> SlideContent:
    cited = b.deck.cited_sources()
    ordered: list[Source] = []
    for src in cited + b.deck.sources:
        # A publication others are read in comes before them: it is what the deck rests on.
        via = b.sources.get(src.via) if src.via else None
        for one in (via, src):
            if one is not None and one not in ordered:
                ordered.append(one)
    entries = []
    for src in ordered:
        details = []
        if src.author:
            details.append(f"{b.labels['by']} {src.author}")
        if src.original_title:
            original = b.quoted(src.original_title)
            details.append(f"{b.labels['translated_from']}: {original}")
        via = b.sources.get(src.via) if src.via else None
        if via is not None:
            details.append(f"{b.labels['cited_in']} {via.publisher}")
        if src.note:
            details.append(src.note)
        if src.url:
            details.append(src.url)
        heading = f"{src.publisher}: {b.quoted(src.title)}" if src.title else src.publisher
        entries.append((heading, tuple(details)))
    closing = b.labels["other_figures"] if any(sl.example for sl in b.deck.slides) else None
    return SlideContent(s.headline, device=devices.SourceList(tuple(entries), closing), source="")
