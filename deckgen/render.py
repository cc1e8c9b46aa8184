"""Turning a validated Deck into slides of a template.

Each slide kind is first reduced to a `SlideContent`: text by placeholder role, an optional
chart or table, the source line and the notes. Filling is then one generic step: each role goes
to the layout's placeholder for it (or the nearest role the layout has), so a new slide kind
never needs new placement code and any template with sensible layouts works.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Pt

from . import devices, fit, ooxml
from .cache import LRU
from .chartdata import TextChartData
from .colours import contrast_ratio
from .content import CONTROL_CHARS, jinja_context
from .engine import EngineError, currency_layout, engine_for, format_value
from .errors import InputError, TemplateError
from .fit import Fitter
from .geometry import Rect
from .kinds import ChartSpec, Para, SlideContent
from .kinds.builder import SlideBuilder
from .models import (
    Deck,
    SlideBase,
)
from .ooxml import assembly
from .roles import FURNITURE, MIN_FONT_PT, READING_ORDER, ROLES, text_target
from .template import LayoutInfo, Template

INCH = 914400


# --------------------------------------------------------------------------- filling slides


def _target_roles(content: SlideContent, has: Container[str]) -> dict[str, list[Para]]:
    """Send each role's text to the placeholder role the layout has, in reading order."""
    out: dict[str, list[Para]] = {}
    for role in sorted(content.texts, key=lambda r: READING_ORDER.index(r)):
        paras = content.texts[role]
        if not paras:
            continue
        target = text_target(role, has)
        if target is None:
            continue
        if ROLES[target].bulleted and not ROLES[role].bulleted:
            # A heading, caption or quote sharing a bulleted body keeps its own look.
            paras = [replace(p, bullet=False) for p in paras]
        out.setdefault(target, []).extend(paras)
    return out


def _number_format(spec: ChartSpec, language: str, currency: str) -> str:
    """Return the Excel format code of the chart's labels; the viewer's Office applies its own
    digit grouping, the code decides units and where the currency symbol stands."""
    # The locale prefix ([$-407] German) makes LibreOffice, and so deckgen's PDFs, write the
    # deck language's decimal comma; PowerPoint applies the viewer's own digit grouping.
    locale = NUMBER_LOCALES.get(language, "")
    if spec.unit == "multiple":
        return f'{locale}0"×"'
    if spec.unit == "percent":
        return f"{locale}0%"
    if spec.unit != "currency":
        return f"{locale}#,##0"
    symbol, before = currency_layout(language, currency)
    peak = max((v for _, values in spec.series for v in values), default=0)
    if peak >= 1_000_000:
        number, suffix = "#,##0.0,,", ("\u00a0Mio." if language == "de" else "m")
    else:
        number, suffix = "#,##0", ""
    if before:
        return f'{locale}"{symbol}"{number}"{suffix}"' if suffix else f'{locale}"{symbol}"{number}'
    return f'{locale}{number}"{suffix}\u00a0{symbol}"'


#: Excel's locale ids for number formats, by deck language.
NUMBER_LOCALES = {"de": "[$-407]", "en": "[$-809]"}


MAX_CACHED_CHARTS = 64


def _add_chart(
    slide: Any, placeholder: Any, spec: ChartSpec, deck: Deck, template: Template, box: Rect
) -> None:
    """Put the chart into the placeholder, or at box on the slide when placeholder is None."""
    number_format = _number_format(spec, deck.language, deck.currency)
    sizes = frame_text_sizes(placeholder, template)
    # A chart of the same kind (same categories, series and look) is built once per process
    # and kept as a stencil its figures are written into: in a batch, charts differ from
    # client to client only in the figures.
    key = (
        spec.horizontal,
        tuple(spec.categories),
        tuple((name, len(values)) for name, values in spec.series),
        spec.unit,
        spec.highlight,
        spec.title,
        number_format,
        sizes,
        deck.language,
    )
    values = [list(v) for _, v in spec.series]
    charts = template.cache.setdefault("charts", LRU(MAX_CACHED_CHARTS))
    stencil = charts.get(key)
    if stencil is None:
        stencil = charts.put(
            key,
            _chart_stencil(spec, values, number_format, sizes, template, language_tag(deck)),
        )
    ooxml.insert_chart(
        slide, placeholder, box.xywh, stencil.fill(values, _zip_date(deck)), stencil.r_id
    )


def _chart_stencil(
    spec: ChartSpec,
    values: list[list[float]],
    number_format: str,
    sizes: tuple[float, float],
    template: Template,
    lang: str,
) -> ooxml.ChartStencil:
    """Build the chart with python-pptx on a slide of the scratch copy that is taken out
    again, and keep it as a stencil for its figures."""
    # Categories and series names go into the workbook as text, never as live formulas.
    data = TextChartData(number_format=number_format)
    data.categories = spec.categories
    for name, series in spec.series:
        data.add_series(name, series)
    kind = XL_CHART_TYPE.BAR_CLUSTERED if spec.horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    comp = compiled(template)
    slide = comp.scratch.slides.add_slide(comp.layouts[0])
    try:
        frame = slide.shapes.add_chart(kind, 0, 0, INCH, INCH, data)
        _style_chart(frame.chart, spec, number_format, sizes)
        return ooxml.chart_stencil(frame, values, lang)
    finally:
        ooxml.remove_slide(comp.scratch, slide)


def _style_chart(
    chart: Any, spec: ChartSpec, number_format: str, sizes: tuple[float, float]
) -> None:
    """Direct labels, no gridlines or value axis, key data in the accent colour, rest grey."""
    chart.font.size = Pt(sizes[0])
    # The slide's action title says what the chart shows, unless the chart needs to say more
    # (that its bars are cumulative).
    chart.has_title = spec.title is not None
    if spec.title is not None:
        chart.chart_title.text_frame.text = spec.title
        title_font = chart.chart_title.text_frame.paragraphs[0].font
        title_font.size = Pt(sizes[1] - 2)
        title_font.bold = False
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
        sizes[key] = (max(text, MIN_FONT_PT), max(label, MIN_FONT_PT))
    return sizes[key]


MAX_ROW_HEIGHT = int(0.75 * INCH)
#: A cell's default insets (PowerPoint's 0.1 in left and right, 0.05 in top and bottom).
CELL_INSETS = (91440, 45720)
#: The smallest size a table's text shrinks to: body text's floor.
TABLE_FLOOR_PT = 14.0
_NUMERIC = re.compile(r"^[-+−]?[€$£]?\s?\d")


@dataclass(frozen=True)
class TableLayout:
    """Column widths, text size and row heights that fit a table's text into its frame."""

    widths: tuple[int, ...]
    size_pt: float
    heights: tuple[int, ...]


def table_layout(cells: list[list[str]], width: int, height: int, text_pt: float) -> TableLayout:
    """Give each column the width its text asks for (never less than its longest word, so
    no word is split), then shrink the text a point at a time down to the floor until every
    row's wrapped text fits the frame; rows share the height that is left."""
    columns = len(cells[0])
    pad_x, pad_y = 2 * CELL_INSETS[0], 2 * CELL_INSETS[1]
    size = text_pt
    while True:
        char = size * devices.CHAR_EM * devices.EMU_PER_PT
        natural = [max(len(row[c]) for row in cells) * char + pad_x for c in range(columns)]
        minimal = [
            max((len(w) for row in cells for w in row[c].split()), default=1) * char + pad_x
            for c in range(columns)
        ]
        widths = _share(natural, minimal, width)
        needed = [
            max(
                devices.lines_needed(text, size, int(w - pad_x)) * size * 1.2 * devices.EMU_PER_PT
                for text, w in zip(row, widths, strict=True)
            )
            + pad_y
            for row in cells
        ]
        fits = sum(minimal) <= width and sum(needed) <= height
        if fits or size <= TABLE_FLOOR_PT:
            break
        size -= 1
    extra = max(0, height - sum(needed)) / len(cells)
    heights = tuple(int(min(max(n + extra, n), max(n, MAX_ROW_HEIGHT))) for n in needed)
    whole = [int(w) for w in widths]
    whole[-1] += width - sum(whole)
    return TableLayout(tuple(whole), size, heights)


def _share(natural: list[float], minimal: list[float], width: int) -> list[float]:
    """Widths summing to ``width``: natural widths grown evenly when they fit, else each
    column's minimum plus a share of the rest by how much more it would like."""
    if sum(natural) <= width:
        extra = (width - sum(natural)) / len(natural)
        return [n + extra for n in natural]
    rest = max(0.0, width - sum(minimal))
    wants = [max(0.0, n - m) for n, m in zip(natural, minimal, strict=True)]
    total = sum(wants) or 1.0
    return [m + rest * w / total for m, w in zip(minimal, wants, strict=True)]


def _add_table(
    slide: Any,
    placeholder: Any,
    table: tuple[list[str], list[list[str]]],
    box: Rect,
    template: Template,
) -> None:
    """Put the table into the placeholder, or at box on the slide when placeholder is None,
    its columns sized and its text fitted to the frame; numeric columns align right."""
    columns, rows = table
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
    layout = table_layout(cells, int(frame.width), box.height, text_pt)
    numeric = [
        all(_NUMERIC.match(row[c]) for row in cells[1:] if row[c]) for c in range(len(columns))
    ]
    for r, values in enumerate(cells):
        for c, value in enumerate(values):
            cell = tbl.cell(r, c)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.text_frame.word_wrap = True
            paragraph = cell.text_frame.paragraphs[0]
            if numeric[c]:
                paragraph.alignment = PP_ALIGN.RIGHT
            run = paragraph.add_run()
            run.text = value
            run.font.size = Pt(layout.size_pt)
            if c == 0 and r > 0:
                run.font.bold = True  # the row's name is what the eye looks for
    for row, height in zip(tbl.rows, layout.heights, strict=True):
        row.height = Emu(height)
    for col, width in zip(tbl.columns, layout.widths, strict=True):
        col.width = Emu(width)


def _add_source_box(slide: Any, where: Rect, text: str) -> None:
    box = slide.shapes.add_textbox(where.left, where.top, where.width, where.height)
    box.name = "Source"
    tf = box.text_frame
    tf.word_wrap = True
    run = tf.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(MIN_FONT_PT)


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


#: Rendering shares python-pptx objects and caches on each Template (its scratch copy,
#: stencils, styles, fitted shapes) and the process's fonts: one deck renders at a time in a
#: process, so any Executor, threads included, gives the decks a sequential run gives.
#: Processes (``--jobs``) still render in parallel; threads gained nothing under the GIL.
_RENDERING = threading.RLock()


def render_deck(
    deck: Deck,
    template: Template,
    client: Mapping[str, Any] | None = None,
    *,
    fitter: Fitter | None = None,
) -> bytes:
    """Build the deck's slides from the template and return the .pptx bytes.

    Text is fitted to its boxes by ``fitter``; without one, text that cannot fit raises
    RenderError (a caller's fitter decides itself, see ``Fitter.finish``). Safe to call from
    several threads: renders are serialised (see ``_RENDERING``).
    """
    with _RENDERING:
        return _render_deck(deck, template, client, fitter)


def _render_deck(
    deck: Deck, template: Template, client: Mapping[str, Any] | None, fitter: Fitter | None
) -> bytes:
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
    lang = language_tag(deck)
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
    ooxml.set_language(slide, lang)
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
            box.xywh,
            [p.as_tuple() for p in paras],
            lang,
            "title" if role == "title" else "body",
            role.replace("_", " ").capitalize(),
        )

    if "title" in roles:
        fill(roles["title"], [Para(content.title)])
    elif "title" in own:
        draw("title", [Para(content.title)])
    targets = _target_roles(content, {**roles, **dict.fromkeys(own, -1)})
    lead: list[Para] = []
    if content.device is not None:
        # The device takes the body's area; text the layout has no place for but the body
        # (an ask on a template without an Ask placeholder) becomes a call-out above it.
        look = _look(slide, shapes.get(roles["body"]) if "body" in roles else None, deck, template)
        lead = targets.pop("body", [])
    for role, paras in targets.items():
        if role in roles:
            fill(roles[role], paras)
        else:
            draw(role, paras)
    # On a picture or gradient, content stands on plates of the background colour, so nothing
    # is read against a photo; the template's own title and footer are left as designed.
    anchor_role = "body" if "body" in roles else "title" if "title" in roles else None
    busy = anchor_role is not None and _busy(slide, shapes[roles[anchor_role]], template)
    plates: list[Rect] = []
    if content.device is not None:
        area = info.boxes.get("body") or own.get("body") or info.boxes.get("title")
        # A little air under the title, whose rule or last line may sit on the area's edge.
        pad = min(devices.inches(0.15), area.height // 20)
        area = Rect(area.left, area.top + pad, area.width, area.height - pad)
        if content.source or content.marker:
            area = _above(area, info.boxes.get("source") or own["source"])
        area = _above(area, _footer_row(info, template))
        plates.append(area)
        lead_texts = tuple(p.text for p in lead)
        drawn = devices.layout(content.device, area, look, _fits(template), lead_texts)
        _draw_shapes(slide, drawn, lang, look)
    for kind, spec in (("chart", content.chart), ("table", content.table)):
        if spec is None or (kind not in roles and kind not in own):
            continue
        placeholder = None
        if kind in roles:
            placeholder = ooxml.frame_placeholder(slide, shapes[roles[kind]], kind)
            filled.add(roles[kind])
        box = info.boxes.get(kind) or own[kind]
        if kind == "table" and (content.source or content.marker):
            box = _above(box, info.boxes.get("source") or own["source"])
        plates.append(box)
        if kind == "chart":
            _add_chart(slide, placeholder, content.chart, deck, template, box)
        else:
            _add_table(slide, placeholder, content.table, box, template)
    source_band = info.boxes.get("source") or own["source"]
    if content.source or content.marker:
        plates.append(source_band)
    if plates and (busy or any(ooxml.decorated_behind(slide, b.xywh) for b in plates)):
        look = _look(slide, None, deck, template)
        _draw_shapes(slide, [devices.plate(box, n) for n, box in enumerate(plates, 1)], lang,
                     look, behind=True)  # fmt: skip
    if content.marker:
        source_band = _add_marker(slide, source_band, content.marker, lang, deck, template)
    if content.source:
        if "source" in roles:
            fill(roles["source"], [Para(content.source)])
            if content.marker:
                ooxml.set_box(shapes[roles["source"]], source_band.xywh)
        else:
            _add_source_box(slide, source_band, content.source)
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


#: The language tag text is marked with (spelling, hyphenation, number display), by deck language.
LANGUAGE_TAGS = {"de": "de-DE", "en": "en-GB"}


def language_tag(deck: Deck) -> str:
    return LANGUAGE_TAGS[deck.language]


def _footer_row(info: LayoutInfo, template: Template) -> Rect:
    """The band the layout's footer, date and slide number sit in (else its master's)."""
    tops = [p.box.top for p in info.placeholders if p.role in FURNITURE and p.box.height]
    top = min(tops) if tops else template.masters[info.master].footer_top
    return Rect(0, top, template.slide_width, max(template.slide_height - top, 1))


def _above(area: Rect, band: Rect) -> Rect:
    """``area`` ending above the source band where a layout's body reaches into it, so the
    source line and the example tag never print over content; unchanged where it does not."""
    gap = devices.inches(0.05)
    if band.top >= area.bottom or band.bottom <= area.top or band.top - gap <= area.top:
        return area
    return Rect(area.left, area.top, area.width, band.top - gap - area.top)


def _on_accent(deck: Deck, template: Template) -> str:
    """The scheme colour text on the accent reads best in: the background colour (white on
    a dark accent) unless a light brand accent needs the text colour."""
    accent = deck.brand.accent or template.colours.get("accent1")
    light, dark = template.colours.get("lt1", "FFFFFF"), template.colours.get("dk1", "000000")
    if accent is None:
        return "bg1"
    return "bg1" if contrast_ratio(light, accent) >= contrast_ratio(dark, accent) else "tx1"


def _look(slide: Any, body: Any | None, deck: Deck, template: Template) -> devices.Look:
    """What a device takes from the template: its body text size and the text colour on
    its (or the brand's) accent."""
    base = devices.Look().base_pt
    if body is not None:
        reader = template.cache.setdefault("style_reader", ooxml.StyleReader())
        size = reader.levels(ooxml.shape_of(slide, body))[0].size_pt
        base = size or base
    fonts, family = fit.default_fonts(), template.fonts[1] or "Calibri"

    def measure(text: str, size: float, bold: bool) -> float:
        return fonts.font(family, size, bold).width_pt(text)

    return devices.Look(base_pt=base, on_accent=_on_accent(deck, template), measure=measure)


def _fits(template: Template) -> Callable[[devices.Shape], bool]:
    """Whether a drawn shape's text fits its box, measured as the fitter will measure it: in
    the template's body font, with the process's fonts."""
    family = template.fonts[1] or "Calibri"
    fonts = fit.default_fonts()

    def fits(shape: devices.Shape) -> bool:
        paragraphs = [
            fit.Paragraph(
                text=line.text,
                size_pt=max(r.size for r in line.runs),
                bold=all(r.bold for r in line.runs),
                space_before_pt=line.space_before,
                indent=ooxml.BULLET_INDENT if line.bullet else 0,
                family=family,
                spans=tuple(fit.Span(r.text, r.size, r.bold) for r in line.runs)
                if len(line.runs) > 1
                else (),
            )
            for line in shape.lines
        ]
        left, top, right, bottom = shape.inset
        box = fit.TextArea(shape.box.width, shape.box.height, left, right, top, bottom)
        measured = fit.measure(paragraphs, box, fonts, fit.WIDTH_MARGIN)
        if measured.overflow_lines or (
            measured.lines > 1 and measured.height > box.text_height * devices.SPARE
        ):
            return False
        # Every word on one line: a renderer splits a word too long for its box ("Befähi-gung").
        for p in paragraphs:
            room = (box.text_width - p.indent) / fit.EMU_PER_PT * (1 - fit.WIDTH_MARGIN)
            measurer = fonts.font(family, p.size_pt, p.bold)
            if any(measurer.width_pt(word) > room for word in p.text.split()):
                return False
        return True

    return fits


def _draw_shapes(
    slide: Any, shapes: list[devices.Shape], lang: str, look: devices.Look, *, behind: bool = False
) -> None:
    shape_id = ooxml.next_shape_id(slide)
    for n, shape in enumerate(reversed(shapes) if behind else shapes):
        ooxml.add_drawn_shape(slide, shape, shape_id + n, lang, look.on_accent, behind=behind)


def _busy(slide: Any, element: Any, template: Template) -> bool:
    """Whether a placeholder's area shows a picture, gradient or pattern behind its text."""
    reader = template.cache.setdefault("style_reader", ooxml.StyleReader())
    return reader.background(ooxml.shape_of(slide, element)) is None


def _add_marker(
    slide: Any, band: Rect, text: str, lang: str, deck: Deck, template: Template
) -> Rect:
    """Mark the slide's figures as examples (or its plan as a proposal) with a tag at the right
    of the source band, apart from the source line; return what is left of the band."""
    look = _look(slide, None, deck, template)
    tag = devices.marker_tag(text, band, look)
    _draw_shapes(slide, [tag], lang, look)
    return Rect(band.left, band.top, max(0, tag.box.left - band.left - devices.GAP), band.height)


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
