"""Native charts on a slide: built once per kind of chart as a stencil, filled with each deck's
figures, labelled in the deck language's number formats."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.util import Pt

from .. import ooxml
from ..colours import is_dark, is_neutral
from ..engine import format_value, make_filters
from ..geometry import Rect
from ..kinds import ChartSpec
from ..models import Deck
from ..roles import MIN_FONT_PT
from ..template import Template
from .facts import language_tag, zip_date
from .state import compiled, state_for

INCH = 914400


def _number_format(spec: ChartSpec, language: str, currency: str) -> str:
    """Return the Excel format code of the chart's labels; the viewer's Office applies its own
    digit grouping, the code decides units and where the currency symbol stands."""
    peak = max((v for _, values in spec.series for v in values), default=0)
    return _label_format(spec.unit, language, currency, spec.unit == "currency" and peak >= 1e6)


@lru_cache(maxsize=64)
def _label_format(unit: str, language: str, currency: str, millions: bool) -> str:
    """Write a label as the deck's text writes the same figure (the engine's filters), so a
    headline and the chart under it agree: "3,0 Mio. €" and "45 %" in German, "€3.0m" and
    "45%" in English, figure and unit joined by the same no-break spaces."""
    # The locale prefix ([$-407] German) makes LibreOffice, and so deckgen's PDFs, write the
    # deck language's decimal comma; PowerPoint applies the viewer's own digit grouping.
    locale = NUMBER_LOCALES.get(language, "")
    filters = make_filters(language, currency)
    if unit == "multiple":
        return locale + _in_place_of_figure(filters["multiple"](1), "0")
    if unit == "percent":
        return locale + _in_place_of_figure(filters["percent"](0), "0")
    if unit != "currency":
        return f"{locale}#,##0"
    if millions:
        return locale + _in_place_of_figure(filters["currency_short"](1e6), "#,##0.0,,")
    return locale + _in_place_of_figure(filters["currency"](1), "#,##0")


def _in_place_of_figure(sample: str, figure: str) -> str:
    """Return sample (one figure the engine formatted) as a format code: its figure replaced
    by the code's figure, the text around it kept as literals."""
    found = re.search(r"\d(?:[\d.,]*\d)?", sample)
    if found is None:
        raise ValueError(f"no figure in {sample!r}")
    return _literal(sample[: found.start()]) + figure + _literal(sample[found.end() :])


def _literal(text: str) -> str:
    """Quote text for a format code, all but its percent signs: unquoted, one scales by 100."""
    return "%".join(f'"{part}"' if part else "" for part in text.split("%"))


#: Excel's locale ids for number formats, by deck language.
NUMBER_LOCALES = {"de": "[$-407]", "en": "[$-809]"}


def add_chart(
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
    charts = state_for(template).charts
    stencil = charts.get(key)
    if stencil is None:
        stencil = charts.put(
            key,
            _chart_stencil(spec, values, number_format, sizes, template, language_tag(deck)),
        )
    ooxml.insert_chart(
        slide, placeholder, box.xywh, stencil.fill(values, zip_date(deck)), stencil.r_id
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
    from ..chartdata import TextChartData  # XlsxWriter: only where a chart is built

    data = TextChartData(number_format=number_format)
    data.categories = spec.categories
    for name, series in spec.series:
        data.add_series(name, series)
    kind = XL_CHART_TYPE.BAR_CLUSTERED if spec.horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    comp = compiled(template)
    slide = comp.scratch.slides.add_slide(comp.layouts[0])
    try:
        frame = slide.shapes.add_chart(kind, 0, 0, INCH, INCH, data)
        _style_chart(frame.chart, spec, number_format, sizes, _rest_colour(template))
        return ooxml.chart_stencil(frame, values, lang)
    finally:
        ooxml.remove_slide(comp.scratch, slide)


def _rest_colour(template: Template) -> tuple[MSO_THEME_COLOR, float]:
    """The fill of the bars that are not the point, as a theme colour and brightness: the
    template's second accent where it is a neutral (its designer's grey), else the background
    a third darker (lighter on a dark template), as PowerPoint's "Background 1, Darker 35 %"
    writes it. Office's own second accent is a red, which reads as bad news beside the key bar.
    """
    second = template.colours.get("accent2")
    if second is not None and is_neutral(second):
        return MSO_THEME_COLOR.ACCENT_2, 0.0
    dark = is_dark(template.colours.get("bg1", "FFFFFF"))
    return MSO_THEME_COLOR.BACKGROUND_1, 0.35 if dark else -0.35


def _style_chart(
    chart: Any,
    spec: ChartSpec,
    number_format: str,
    sizes: tuple[float, float],
    rest: tuple[MSO_THEME_COLOR, float],
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
        fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1 if key else rest[0]
        if not key and rest[1]:
            fill.fore_color.brightness = rest[1]
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
    state = state_for(template)
    sizes = state.frame_sizes
    if key not in sizes:
        levels = state.styles.levels(placeholder)
        label = levels[0].size_pt or DEFAULT_LABEL_PT
        text = levels[1].size_pt or min(label, DEFAULT_TEXT_PT)
        sizes[key] = (max(text, MIN_FONT_PT), max(label, MIN_FONT_PT))
    return sizes[key]


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
