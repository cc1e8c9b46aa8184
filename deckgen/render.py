"""Turning a validated Deck into slides of a template.

Each slide kind is first reduced to a `SlideContent`: text by placeholder role, an optional
chart or table, the source line and the notes. Filling is then one generic step: each role goes
to the layout's placeholder for it (or the nearest role the layout has), so a new slide kind
never needs new placement code and any template with sensible layouts works.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Pt

from . import ooxml
from .cache import LRU
from .content import CONTROL_CHARS, jinja_context
from .engine import Engine, EngineError, currency_layout, engine_for, format_value
from .errors import InputError, TemplateError
from .fit import Fitter
from .labels import LABELS
from .models import (
    Agenda,
    BigNumber,
    BulletItem,
    Bullets,
    CallToAction,
    Chart,
    Closing,
    Comparison,
    CostOfInaction,
    Deck,
    EmployeeAdvocacy,
    ExecutiveSummary,
    ExecutiveVisibility,
    Quote,
    RiskReframe,
    Section,
    SlideBase,
    SourcesSlide,
    Statement,
    Table,
    TitleSlide,
    TransformationRoadmap,
)
from .ooxml import assembly
from .template import TEXT_FALLBACK, Box, LayoutInfo, Template

INCH = 914400


@dataclass(frozen=True)
class Para:
    """One paragraph of slide text."""

    text: str
    level: int = 0
    bold: bool = False
    bullet: bool = True

    def as_tuple(self) -> tuple[str, int, bool, bool]:
        return (self.text, self.level, self.bold, self.bullet)


@dataclass(frozen=True)
class ChartSpec:
    """A native chart: categories, series, the unit of its labels and what is highlighted."""

    categories: list[str]
    series: list[tuple[str, list[float]]]
    unit: str
    highlight: int | None = None
    horizontal: bool = False


@dataclass
class SlideContent:
    """What one slide shows, by placeholder role, before it meets a layout."""

    title: str
    texts: dict[str, list[Para]] = field(default_factory=dict)
    chart: ChartSpec | None = None
    table: tuple[list[str], list[list[str]]] | None = None
    source: str | None = None
    notes: str = ""

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
            ),
            None
            if self.table is None
            else (tuple(self.table[0]), tuple(map(tuple, self.table[1]))),
            self.source,
        )


BODY_ROLES = ("body", "body2")
# Reading order when several roles land in one placeholder.
ROLE_ORDER = [
    "ask",
    "big_number",
    "caption",
    "quote",
    "attribution",
    "subtitle",
    "presenter",
    "left_heading",
    "body",
    "right_heading",
    "body2",
]


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


class SlideBuilder:
    """Reduces each slide kind to SlideContent, with the deck's language and formatting."""

    def __init__(self, deck: Deck, engine: Engine) -> None:
        self.deck = deck
        self.labels = LABELS[deck.language]
        self.fmt = engine.filters
        self.sources = {s.id: s for s in deck.sources}

    def content(self, index: int) -> SlideContent:
        slide = self.deck.slides[index]
        method: Callable[[Any, int], SlideContent] = getattr(self, "_" + slide.kind)
        out = method(slide, index)
        out.notes = slide.notes
        if out.source is None:
            out.source = self.source_line(slide)
        return out

    def source_line(self, slide: SlideBase) -> str | None:
        ids = list(dict.fromkeys(sid for _, sid in slide.cited()))
        parts = [self.sources[sid].citation() for sid in ids if sid in self.sources]
        example = getattr(slide, "example", False)
        text = ""
        if parts:
            label = self.labels["sources" if len(parts) > 1 else "source"]
            text = f"{label}: " + "; ".join(parts)
        if example:
            text = f"{text} · {self.labels['example']}" if text else self.labels["example"]
        return text or None

    # --- generic kinds

    def _title(self, s: TitleSlide, i: int) -> SlideContent:
        p = self.deck.presenter
        when = self.fmt["date"](self.deck.date)
        texts = {"presenter": [Para(f"{p.name}, {p.role} · {when}")]}
        if s.subtitle:
            texts["subtitle"] = [Para(s.subtitle)]
        return SlideContent(s.headline, texts)

    def _executive_summary(self, s: ExecutiveSummary, i: int) -> SlideContent:
        return SlideContent(s.headline, {"ask": [Para(s.ask)], "body": bullets(s.reasons)})

    def _agenda(self, s: Agenda, i: int) -> SlideContent:
        topics = [t.topic for t in self.deck.slides[i + 1 :] if t.topic]
        return SlideContent(s.headline, {"body": [Para(t) for t in topics]})

    def _section(self, s: Section, i: int) -> SlideContent:
        return SlideContent(s.headline, {"body": [Para(s.subtitle)] if s.subtitle else []})

    def _statement(self, s: Statement, i: int) -> SlideContent:
        return SlideContent(s.headline, {"body": [Para(s.body)] if s.body else []})

    def _closing(self, s: Closing, i: int) -> SlideContent:
        return SlideContent(s.headline, {"body": [Para(s.body)] if s.body else []})

    def _bullets(self, s: Bullets, i: int) -> SlideContent:
        return SlideContent(s.headline, {"body": bullets(s.points)})

    _information_advantage = _bullets
    _market_trend = _bullets

    def _big_number(self, s: BigNumber, i: int) -> SlideContent:
        return SlideContent(
            s.headline,
            {
                "big_number": [Para(format_value(s.stat.value, s.stat.unit, self.fmt))],
                "caption": [Para(s.stat.label)],
                "body": bullets(s.points),
            },
        )

    def _chart(self, s: Chart, i: int) -> SlideContent:
        c = s.chart
        spec = ChartSpec(
            categories=list(c.categories),
            series=[(se.name, list(se.values)) for se in c.series],
            unit=c.unit,
            highlight=c.highlight,
            horizontal=c.type == "bar",
        )
        return SlideContent(s.headline, {"body": bullets(s.points)}, chart=spec)

    def _table(self, s: Table, i: int) -> SlideContent:
        return SlideContent(s.headline, table=(list(s.columns), [list(r) for r in s.rows]))

    def _quote(self, s: Quote, i: int) -> SlideContent:
        opening, closing = ("„", "“") if self.deck.language == "de" else ("“", "”")
        return SlideContent(
            s.headline,
            {
                "quote": [Para(f"{opening}{s.quote}{closing}")],
                "attribution": [Para(f"– {s.attribution}")],
            },
        )

    def _comparison(self, s: Comparison, i: int) -> SlideContent:
        return SlideContent(
            s.headline,
            {
                "left_heading": [Para(s.left.heading, bold=True)],
                "body": bullets(s.left.points),
                "right_heading": [Para(s.right.heading, bold=True)],
                "body2": bullets(s.right.points),
            },
        )

    def _sources(self, s: SourcesSlide, i: int) -> SlideContent:
        cited = self.deck.cited_sources()
        ordered = cited + [src for src in self.deck.sources if src not in cited]
        paras: list[Para] = []
        for src in ordered:
            paras.append(Para(src.citation()))
            if src.note:
                paras.append(Para(src.note, level=1))
            if src.url:
                paras.append(Para(src.url, level=1))
        return SlideContent(s.headline, {"body": paras}, source="")

    # --- the article's arguments

    def _risk_reframe(self, s: RiskReframe, i: int) -> SlideContent:
        return SlideContent(
            s.headline,
            {
                "left_heading": [Para(s.old_question, bold=True)],
                "body": bullets(s.old_points),
                "right_heading": [Para(s.new_question, bold=True)],
                "body2": bullets(s.new_points) + [Para(s.evidence.text, bold=True)],
            },
        )

    def _executive_visibility(self, s: ExecutiveVisibility, i: int) -> SlideContent:
        return SlideContent(
            s.headline, {"body": [Para(s.evidence.text, bold=True)] + bullets(s.points)}
        )

    def _cost_of_inaction(self, s: CostOfInaction, i: int) -> SlideContent:
        year = self.labels["year"]
        spec = ChartSpec(
            categories=[f"{year} {n + 1}" for n in range(s.years)],
            series=[(self.labels["revenue_at_risk"], s.cumulative_revenue_at_risk)],
            unit="currency",
            highlight=s.years - 1,
        )
        return SlideContent(s.headline, {"body": bullets(s.points)}, chart=spec)

    def _employee_advocacy(self, s: EmployeeAdvocacy, i: int) -> SlideContent:
        spec = ChartSpec(
            categories=[self.labels["engagement"], self.labels["shares"]],
            series=[
                (self.labels["corporate_account"], [1.0, 1.0]),
                (
                    self.labels["employees"],
                    [s.engagement_multiplier.value, s.sharing_multiplier.value],
                ),
            ],
            unit="multiple",
        )
        return SlideContent(s.headline, {"body": bullets(s.points)}, chart=spec)

    def _transformation_roadmap(self, s: TransformationRoadmap, i: int) -> SlideContent:
        cols = [self.labels["phase"], self.labels["timeframe"], self.labels["goals"]]
        rows = [[p.name, p.timeframe, p.goals] for p in s.phases]
        return SlideContent(s.headline, table=(cols, rows))

    def _call_to_action(self, s: CallToAction, i: int) -> SlideContent:
        facts = [Para(s.decision, bold=True)]
        if s.budget is not None:
            facts.append(Para(f"{self.labels['budget']}: {self.fmt['currency'](s.budget)}"))
        facts.append(Para(f"{self.labels['timeline']}: {s.timeline}"))
        facts.append(Para(f"{self.labels['owner']}: {s.owner}"))
        return SlideContent(
            s.headline,
            {
                "left_heading": [Para(self.labels["decision"], bold=True)],
                "body": facts,
                "right_heading": [Para(self.labels["first_90_days"], bold=True)],
                "body2": bullets(s.first_90_days),
            },
        )


# --------------------------------------------------------------------------- filling slides


def _target_roles(content: SlideContent, roles: Mapping[str, int]) -> dict[str, list[Para]]:
    """Send each role's text to the placeholder role the layout has, in reading order."""
    out: dict[str, list[Para]] = {}
    for role in sorted(content.texts, key=lambda r: ROLE_ORDER.index(r)):
        paras = content.texts[role]
        if not paras:
            continue
        target = role
        while target not in roles and target in TEXT_FALLBACK:
            target = TEXT_FALLBACK[target]
        if target not in roles:
            target = "body" if "body" in roles else None
        if target is None:
            continue
        if target in BODY_ROLES and role not in BODY_ROLES:
            # A heading, caption or quote sharing a bulleted body keeps its own look.
            paras = [replace(p, bullet=False) for p in paras]
        out.setdefault(target, []).extend(paras)
    return out


def _number_format(spec: ChartSpec, language: str, currency: str) -> str:
    """Return the Excel format code of the chart's labels; the viewer's Office applies its own
    digit grouping, the code decides units and where the currency symbol stands."""
    if spec.unit == "multiple":
        return '0"×"'
    if spec.unit == "percent":
        return "0%"
    if spec.unit != "currency":
        return "#,##0"
    symbol, before = currency_layout(language, currency)
    peak = max((v for _, values in spec.series for v in values), default=0)
    if peak >= 1_000_000:
        number, suffix = "#,##0.0,,", (" Mio." if language == "de" else "m")
    else:
        number, suffix = "#,##0", ""
    if before:
        return f'"{symbol}"{number}"{suffix}"' if suffix else f'"{symbol}"{number}'
    return f'{number}"{suffix}\u00a0{symbol}"'


MAX_CACHED_CHARTS = 64


def _add_chart(
    slide: Any, placeholder: Any, spec: ChartSpec, deck: Deck, template: Template, box: Box
) -> None:
    """Put the chart into the placeholder, or at box on the slide when placeholder is None."""
    number_format = _number_format(spec, deck.language, deck.currency)
    sizes = frame_text_sizes(placeholder, template)
    xywh = (box.left, box.top, box.width, box.height)
    # A chart of the same kind (same categories, series and look) is built once per process
    # and kept as a stencil its figures are written into: in a batch, charts differ from
    # client to client only in the figures.
    key = (
        spec.horizontal,
        tuple(spec.categories),
        tuple((name, len(values)) for name, values in spec.series),
        spec.unit,
        spec.highlight,
        number_format,
        sizes,
    )
    values = [list(v) for _, v in spec.series]
    charts = template.cache.setdefault("charts", LRU(MAX_CACHED_CHARTS))
    stencil = charts.get(key)
    if stencil is None:
        stencil = charts.put(key, _chart_stencil(spec, values, number_format, sizes, template))
    ooxml.insert_chart(
        slide, placeholder, xywh, stencil.fill(values, _zip_date(deck)), stencil.r_id
    )


def _chart_stencil(
    spec: ChartSpec,
    values: list[list[float]],
    number_format: str,
    sizes: tuple[float, float],
    template: Template,
) -> ooxml.ChartStencil:
    """Build the chart with python-pptx on a slide of the scratch copy that is taken out
    again, and keep it as a stencil for its figures."""
    data = CategoryChartData(number_format=number_format)
    data.categories = spec.categories
    for name, series in spec.series:
        data.add_series(name, series)
    kind = XL_CHART_TYPE.BAR_CLUSTERED if spec.horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    comp = compiled(template)
    slide = comp.scratch.slides.add_slide(comp.layouts[0])
    try:
        frame = slide.shapes.add_chart(kind, 0, 0, INCH, INCH, data)
        _style_chart(frame.chart, spec, number_format, sizes)
        return ooxml.chart_stencil(frame, values)
    finally:
        ooxml.remove_slide(comp.scratch, slide)


def _style_chart(
    chart: Any, spec: ChartSpec, number_format: str, sizes: tuple[float, float]
) -> None:
    """Direct labels, no gridlines or value axis, key data in the accent colour, rest grey."""
    chart.font.size = Pt(sizes[0])
    chart.has_title = False  # the slide's action title says what the chart shows
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    value_axis = chart.value_axis
    value_axis.visible = False
    value_axis.has_major_gridlines = False
    value_axis.has_minor_gridlines = False
    value_axis.minimum_scale = 0
    category_axis = chart.category_axis
    category_axis.has_major_gridlines = False
    category_axis.format.line.fill.background()
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = -10 if len(spec.series) > 1 else 0
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = number_format
    labels.number_format_is_linked = True
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(sizes[1])
    labels.font.bold = True
    last = len(spec.series) - 1
    for n, series in enumerate(chart.series):
        fill = series.format.fill
        fill.solid()
        key = n == last and (len(spec.series) > 1 or spec.highlight is None)
        fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1 if key else MSO_THEME_COLOR.ACCENT_2
        if spec.highlight is not None and len(spec.series) == 1:
            point = series.points[spec.highlight]
            point.format.fill.solid()
            point.format.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1


# Used only where the template says nothing: DESIGN.md's smallest body size, labels above it.
DEFAULT_TEXT_PT = 18.0
DEFAULT_LABEL_PT = 20.0
MIN_FRAME_PT = 12.0  # what `deckgen check` accepts


def frame_text_sizes(placeholder: Any, template: Template) -> tuple[float, float]:
    """Return (text, label) sizes for a chart or table: the placeholder's own second and first
    outline levels, as the template's designer set them (chart parts and table styles cannot
    carry a size, so without this they would be python-pptx's 10-18 pt whatever the look)."""
    if placeholder is None:
        return DEFAULT_TEXT_PT, DEFAULT_LABEL_PT
    key = (str(placeholder.part.slide_layout.part.partname), placeholder.placeholder_format.idx)
    sizes = template.cache.setdefault("frame_sizes", {})
    if key not in sizes:
        reader = template.cache.setdefault("style_reader", ooxml.StyleReader())
        levels = reader.levels(placeholder)
        label = levels[0].size_pt or DEFAULT_LABEL_PT
        text = levels[1].size_pt or min(label, DEFAULT_TEXT_PT)
        sizes[key] = (max(text, MIN_FRAME_PT), max(label, MIN_FRAME_PT))
    return sizes[key]


MAX_ROW_HEIGHT = int(0.75 * INCH)


def _add_table(
    slide: Any,
    placeholder: Any,
    table: tuple[list[str], list[list[str]]],
    box: Box,
    template: Template,
) -> None:
    """Put the table into the placeholder, or at box on the slide when placeholder is None."""
    columns, rows = table
    box_height = box.height
    text_pt, _ = frame_text_sizes(placeholder, template)
    if placeholder is None:
        frame = slide.shapes.add_table(
            len(rows) + 1, len(columns), box.left, box.top, box.width, box.height
        )
    else:
        frame = placeholder.insert_table(len(rows) + 1, len(columns))
    ooxml.use_default_table_style(frame)
    tbl = frame.table
    cells = [columns] + [[r[c] if c < len(r) else "" for c in range(len(columns))] for r in rows]
    for r, values in enumerate(cells):
        for c, value in enumerate(values):
            cell = tbl.cell(r, c)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.text_frame.word_wrap = True
            run = cell.text_frame.paragraphs[0].add_run()
            run.text = value
            run.font.size = Pt(text_pt)
            if c == 0 and r > 0:
                run.font.bold = True  # the row's name is what the eye looks for
    row_height = min(MAX_ROW_HEIGHT, box_height // len(cells))
    for row in tbl.rows:
        row.height = Emu(row_height)
    # Three columns are name, time, what: the last needs the room.
    if len(columns) == 3:
        total = frame.width
        widths = [int(total * 0.2), int(total * 0.2)]
        widths.append(total - sum(widths))
        for col, width in zip(tbl.columns, widths, strict=True):
            col.width = Emu(width)


def _add_source_box(slide: Any, where: Box, text: str) -> None:
    box = slide.shapes.add_textbox(where.left, where.top, where.width, where.height)
    box.name = "Source"
    tf = box.text_frame
    tf.word_wrap = True
    run = tf.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(12)


class CompiledTemplate:
    """What rendering needs from a template, worked out once and reused for every deck.

    ``base`` is the template ready to take a deck's slides, serialised once. Slides are built
    with python-pptx in ``scratch``, a second copy of the template, on one slide per layout
    that is reset each time: filled, fitted and kept as bytes (``assembly.BuiltSlide``). Each
    layout's skeleton (placeholders with their boxes and text styles pinned, footer and slide
    number copied from the layout) is made once; a slide starts as a copy of it.
    """

    def __init__(self, template: Template) -> None:
        base = template.open()
        if template.keep_slides:
            ooxml.name_notes_by_slide(base)  # so the deck's notes pages cannot take their names
        else:
            ooxml.drop_slides(base)
        self.base = assembly.Base(base)
        self.scratch = template.open()
        ooxml.drop_slides(self.scratch)
        self.layouts = _layouts(self.scratch)
        # A blank notes page as python-pptx makes it from the notes master.
        slide = self.scratch.slides.add_slide(self.layouts[0])
        self.notes = ooxml.notes_skeleton(slide)
        ooxml.remove_slide(self.scratch, slide)
        # What a built slide may refer to without owning it: the template's own parts.
        self.template_parts = {
            id(p): str(p.partname) for p in self.scratch.part.package.iter_parts()
        }
        self.skeletons: dict[int, Any] = {}
        # One slide per layout in scratch, reset for every slide built on that layout.
        self.benches: dict[int, Any] = {}


def compiled(template: Template) -> CompiledTemplate:
    """Return the template's compiled form, building it on first use."""
    found = template.cache.get("render")
    if found is None:
        found = template.cache["render"] = CompiledTemplate(template)
    return found


def _skeleton(template: Template, index: int) -> Any:
    comp = compiled(template)
    if index not in comp.skeletons:
        layout = comp.layouts[index]
        slide = comp.scratch.slides.add_slide(layout)
        layout_shapes = {ph.placeholder_format.idx: ph for ph in layout.placeholders}
        for shape in slide.placeholders:
            # Readers resolve inherited boxes and text styles differently (by idx, or by
            # type); writing the layout's values on the slide makes every reader agree.
            shape.left, shape.top, shape.width, shape.height = (
                shape.left,
                shape.top,
                shape.width,
                shape.height,
            )
            source = layout_shapes.get(shape.placeholder_format.idx)
            if source is not None:
                ooxml.pin_text_style(shape, source)
                shape.name = source.name  # the designer's name ("Titel 1"), not python-pptx's
        ooxml.copy_footer_placeholders(slide, layout)
        comp.skeletons[index] = ooxml.shape_tree(slide)
        ooxml.remove_slide(comp.scratch, slide)
    return comp.skeletons[index]


def _layouts(prs: Any) -> list[Any]:
    return [lay for master in prs.slide_masters for lay in master.slide_layouts]


MAX_CACHED_SLIDES = 256
MAX_CACHED_XML = 512


def render_deck(
    deck: Deck,
    template: Template,
    client: Mapping[str, Any] | None = None,
    *,
    fitter: Fitter | None = None,
) -> bytes:
    """Build the deck's slides from the template and return the .pptx bytes.

    Text is fitted to its boxes by ``fitter``; without one, text that cannot fit raises
    RenderError (a caller's fitter decides itself, see ``Fitter.finish``).
    """
    own_fitter = fitter is None
    fitter = fitter or Fitter(cache=template.cache.setdefault("fit", {}))
    engine = engine_for(deck.language, deck.currency)
    rendered: dict[str, str] = {}
    context: dict[str, Any] = {}

    def render(text: str) -> str:
        # Only the template's own text is rendered here: content was rendered when it was
        # loaded, and rendering it again would run tags a client's value happens to contain.
        if text not in rendered:
            if not context:  # made when first needed: most slides come ready from the cache
                context.update(jinja_context(deck, client or {}))
            try:
                rendered[text] = engine.render(text, context)
            except EngineError as err:
                raise TemplateError(
                    f"{template.path}: a tag in the template's text: {err}"
                ) from err
            if bad := CONTROL_CHARS.search(rendered[text]):
                raise InputError(
                    f"{template.path}: a tag in the template's text, {text!r}, shows "
                    f"U+{ord(bad.group()):04X}, a control character a slide cannot show; "
                    "remove it from the value the tag shows"
                )
        return rendered[text]

    comp = compiled(template)
    builder = SlideBuilder(deck, engine)
    lang = "de-DE" if deck.language == "de" else "en-GB"
    when = _zip_date(deck)
    logo = _logo(deck)
    cache = template.cache
    slides = cache.setdefault("slides", LRU(MAX_CACHED_SLIDES))
    xml = cache.setdefault("deck_xml", LRU(MAX_CACHED_XML))
    # A slide is the same whenever what it shows is the same: in a batch, most slides of most
    # clients are built once and reused; only footers, numbers and notes differ per deck.
    same = (lang, deck.currency, deck.date, fitter.fonts, tuple(sorted(fitter.floors.items())))
    if logo is not None:
        stat = logo.stat()
        same += (str(logo), stat.st_mtime_ns, stat.st_size, deck.audience.company)
    parts = []
    for index, slide_model in enumerate(deck.slides):
        info = template.layout_for(slide_model.kind)
        content = builder.content(index)
        key = (info.index, slide_model.kind, content.key(), same)
        done = slides.get(key)
        if done is None:
            before = len(fitter.overflows)
            # The fonts this slide lacks, kept with it (not those of the slides before it).
            deck_fonts, fitter.missing_fonts = fitter.missing_fonts, set()
            try:
                built = _build_slide(
                    comp,
                    info,
                    index,
                    slide_model,
                    content,
                    builder,
                    fitter,
                    deck,
                    template,
                    lang,
                    logo,
                )
                missing = set(fitter.missing_fonts)
            finally:
                fitter.missing_fonts |= deck_fonts
            done = slides.put(key, (built, fitter.overflows[before:], missing))
        else:
            fitter.overflows.extend(o.on_slide(index) for o in done[1])
            fitter.missing_fonts |= done[2]
        built = done[0]
        body = built.xml.fill_packed(render, index + 1)
        notes = None
        if content.notes:
            notes = xml.get(("notes", content.notes, lang))
            if notes is None:
                notes = xml.put(
                    ("notes", content.notes, lang),
                    assembly.notes_xml(comp.notes, content.notes, lang),
                )
        parts.append((built, body, notes))
    if own_fitter:
        fitter.finish()  # before the costly save: text that does not fit is an error
    base = comp.base
    replaced = base.render_tagged(render)
    if deck.brand.accent:
        for theme in base.themes:
            key = ("theme", theme, deck.brand.accent)
            found = xml.get(key)
            if found is None:
                found = xml.put(
                    key, ooxml.recoloured_theme(base.blobs[theme], "accent1", deck.brand.accent)
                )
            replaced[theme] = found
    replaced[base.core] = _core_properties(base.blobs[base.core], deck, xml)
    out = io.BytesIO()
    assembly.write_package(
        base.assemble(parts, replaced),
        base.package_rels,
        out,
        when,
        cache.setdefault("zip", {}),
        base.packed,
    )
    return out.getvalue()


def _build_slide(
    comp: CompiledTemplate,
    info: LayoutInfo,
    index: int,
    model: SlideBase,
    content: SlideContent,
    builder: SlideBuilder,
    fitter: Fitter,
    deck: Deck,
    template: Template,
    lang: str,
    logo: Path | None,
) -> assembly.BuiltSlide:
    """Fill and fit one slide on the scratch copy of the template and keep it as bytes."""
    skeleton = _skeleton(template, info.index)
    bench = comp.benches.get(info.index)
    if bench is None:
        bench = comp.benches[info.index] = ooxml.add_slide(
            comp.scratch, comp.layouts[info.index], skeleton
        )
    slide = ooxml.reset_slide(bench, skeleton)
    _fill_slide(slide, info, content, deck, template, lang, logo)
    _finish_slide(slide, index, model, content, builder, fitter)
    return assembly.capture_slide(slide, comp.template_parts)


def _finish_slide(
    slide: Any,
    index: int,
    model: SlideBase,
    content: SlideContent,
    builder: SlideBuilder,
    fitter: Fitter,
) -> None:
    """Once the slide's text is final: name the slide by its kind (so ``deckgen check`` knows
    which slides are deckgen's), describe its chart for screen readers, fit its text."""
    ooxml.set_slide_name(slide, f"deckgen:{model.kind}")
    if content.chart is not None:
        ooxml.describe_charts(slide, chart_description(content.title, content.chart, builder.fmt))
    fitter.fit_slide(slide, index + 1, model)


def chart_description(title: str, spec: ChartSpec, fmt: Mapping[str, Callable[..., str]]) -> str:
    """Alt text for a chart: the takeaway (the slide's action title), then every value."""
    series = [
        f"{name}: "
        + ", ".join(
            f"{category} {format_value(value, spec.unit, fmt)}"
            for category, value in zip(spec.categories, values, strict=False)
        )
        for name, values in spec.series
    ]
    return f"{title}. " + "; ".join(series)


def _fill_slide(
    slide: Any,
    info: LayoutInfo,
    content: SlideContent,
    deck: Deck,
    template: Template,
    lang: str,
    logo: Path | None,
) -> None:
    """Fill the layout's placeholders by role; draw what it has no placeholder for in the
    boxes the template worked out (info.own), in the master's own text styles."""
    roles, own = info.roles, info.own
    shapes = ooxml.placeholders_by_idx(slide)
    filled: set[int] = set()

    def fill(idx: int, paras: list[Para]) -> None:
        ooxml.set_paragraphs(shapes[idx], [p.as_tuple() for p in paras], lang)
        filled.add(idx)

    def draw(role: str, paras: list[Para]) -> None:
        box = own[role]
        ooxml.add_text_box(
            slide,
            (box.left, box.top, box.width, box.height),
            [p.as_tuple() for p in paras],
            lang,
            "title" if role == "title" else "body",
            role.replace("_", " ").capitalize(),
        )

    if "title" in roles:
        fill(roles["title"], [Para(content.title)])
    elif "title" in own:
        draw("title", [Para(content.title)])
    for role, paras in _target_roles(content, {**roles, **dict.fromkeys(own, -1)}).items():
        if role in roles:
            fill(roles[role], paras)
        else:
            draw(role, paras)
    for kind, spec in (("chart", content.chart), ("table", content.table)):
        if spec is None or (kind not in roles and kind not in own):
            continue
        placeholder = None
        if kind in roles:
            placeholder = ooxml.frame_placeholder(slide, shapes[roles[kind]], kind)
            filled.add(roles[kind])
        box = info.boxes.get(kind) or own[kind]
        if kind == "chart":
            _add_chart(slide, placeholder, content.chart, deck, template, box)
        else:
            _add_table(slide, placeholder, content.table, box, template)
    if content.source:
        if "source" in roles:
            fill(roles["source"], [Para(content.source)])
        else:
            _add_source_box(slide, own["source"], content.source)
    if logo is not None and "logo" in roles:
        _add_logo(slide, roles["logo"], logo, deck)
        filled.add(roles["logo"])
    if "date" in roles:
        # Date placeholders are small footer boxes: the medium form (01.12.2026, 1 Dec 2026).
        when = engine_for(deck.language, deck.currency).filters["date"](deck.date, "medium")
        fill(roles["date"], [Para(when, bullet=False)])
    keep = {roles.get("footer"), roles.get("slide_number")}
    for idx, element in shapes.items():
        if idx not in filled and idx not in keep:
            ooxml.remove_element(element)


def _logo(deck: Deck) -> Path | None:
    """Return the brand logo's file; raise InputError now, before anything is written."""
    if not deck.brand.logo:
        return None
    path = Path(deck.brand.logo)
    if not path.is_file():
        raise InputError(f"brand.logo: {path}: no such image file; check the path")
    return path


def _add_logo(slide: Any, idx: int, path: Path, deck: Deck) -> None:
    """Fit the logo inside its placeholder, centred, never stretched or cropped."""
    placeholder = slide.placeholders[idx]
    left, top, width, height = (
        placeholder.left,
        placeholder.top,
        placeholder.width,
        placeholder.height,
    )
    try:
        picture = placeholder.insert_picture(str(path))
    except Exception as err:  # python-pptx and Pillow raise many kinds for a bad image
        raise InputError(
            f"brand.logo: {path}: not an image PowerPoint can show; use a PNG or JPEG"
        ) from err
    picture.crop_left = picture.crop_right = picture.crop_top = picture.crop_bottom = 0
    pixels_w, pixels_h = picture.image.size
    scale = min(width / pixels_w, height / pixels_h)
    picture.width, picture.height = Emu(int(pixels_w * scale)), Emu(int(pixels_h * scale))
    picture.left = Emu(left + (width - picture.width) // 2)
    picture.top = Emu(top + (height - picture.height) // 2)
    ooxml.set_alt_text(picture, f"{deck.audience.company} logo")


def _zip_date(deck: Deck) -> ooxml.ZipDate:
    """The timestamp every member of the deck's zip (and its chart workbooks) carries: the
    content's date, so the same inputs give the same bytes."""
    return (deck.date.year, deck.date.month, deck.date.day, 0, 0, 0)


def _core_properties(blob: bytes, deck: Deck, cache: LRU[bytes]) -> bytes:
    """docProps/core.xml with the deck's title, author, company and date."""
    key = ("core", deck.title, deck.presenter.name, deck.audience.company, deck.date, deck.language)
    found = cache.get(key)
    if found is None:
        from pptx.opc.constants import CONTENT_TYPE as CT
        from pptx.opc.packuri import PackURI
        from pptx.parts.coreprops import CorePropertiesPart

        props = CorePropertiesPart.load(
            PackURI("/docProps/core.xml"), CT.OPC_CORE_PROPERTIES, None, blob
        )
        when = dt.datetime.combine(deck.date, dt.time(0, 0))
        props.title = deck.title
        props.author = deck.presenter.name
        props.last_modified_by = deck.presenter.name
        props.subject = deck.audience.company
        props.created = when
        props.modified = when
        props.last_printed = when
        props.revision = 1
        props.language = deck.language
        found = cache.put(key, props.blob)
    return found
