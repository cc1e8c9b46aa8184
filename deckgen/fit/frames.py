"""Text frames of slides read as paragraphs with everything they inherit, and shrunk step by step
until they fit their box (or reported by how much they do not)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .. import ooxml
from ..ooxml import LevelStyle
from ..records import record
from . import layout
from .fonts import FontBook
from .layout import (
    EMU_PER_PT,
    LINE_HEIGHT_EM,
    WIDTH_MARGIN,
    LaidLine,
    Paragraph,
    Span,
    TextArea,
    overflow_of,
)

#: Inherited styles by outline level: resolved lazily (``ooxml.Levels``) or a plain sequence.
Styles = Sequence[LevelStyle] | ooxml.Levels


@record
class FitResult:
    """What fitting did: the final (largest) size, its ratio to the original, and the overflow."""

    fits: bool
    size_pt: float
    scale: float
    lines: int
    overflow_lines: int

    @property
    def shrunk(self) -> bool:
        """Whether sizes were written into the runs: only a shrink writes them."""
        return self.scale < 1.0


def _pt(length: Any) -> float | None:
    return None if length is None else float(length) / EMU_PER_PT


def _span_of(
    text: str,
    fmt: ooxml.RunFormat,
    para: ooxml.RawParagraph,
    style: LevelStyle,
    family: str,
    default_size_pt: float,
) -> Span:
    """The formatting of one run, falling back to its paragraph's, then to what the paragraph's
    level inherits (``style``), then to the defaults. Sizes are kept within 1-4,000 pt, the
    range a font size may have in OOXML (ST_TextFontSize), as readers clamp a file's own."""

    def pick(attr: str, inherited: Any) -> Any:
        own = getattr(fmt, attr)
        if own is None:
            own = getattr(para.defaults, attr)
        return own if own is not None else inherited

    name = pick("typeface", style.family)
    if not name or name.startswith("+"):  # "+mn-lt": the theme's font, which the caller knows
        name = style.family or family
    return Span(
        text=text,
        size_pt=min(max(pick("size_pt", None) or style.size_pt or default_size_pt, 1.0), 4000.0),
        bold=bool(pick("bold", style.bold)),
        italic=bool(pick("italic", style.italic)),
        family=name,
    )


def _spacing(
    points: float | None, lines: float | None, style: tuple[Any, Any], size: float
) -> float:
    """Space before or after a paragraph in points: its own (in points or lines), else the
    inherited points, else the inherited fraction of a line."""
    if points is not None:
        return points
    if lines is not None:
        return lines * size * LINE_HEIGHT_EM
    inherited_points, inherited_lines = style
    if inherited_points is not None:
        return inherited_points
    return (inherited_lines or 0.0) * size * LINE_HEIGHT_EM


def paragraphs_of(
    text_frame: Any,
    family: str,
    default_size_pt: float,
    indents_emu: Sequence[int] = (),
    styles: Styles = (),
) -> list[Paragraph]:
    """Read a python-pptx text frame into Paragraphs.

    A run without an explicit size takes its paragraph's, else what its outline level inherits
    (``styles``, from ``StyleReader.levels``: the layout's, master's and theme's settings, which
    python-pptx does not report), else ``default_size_pt``; likewise bold, italic, the font name,
    line spacing, space before and after, and the left margin (else ``indents_emu``). A line
    break takes the formatting of the run before it.
    """
    out = []
    for para in ooxml.read_paragraphs(text_frame):
        level = para.level
        style = styles[min(level, len(styles) - 1)] if styles else LevelStyle()
        spans = [
            _span_of(text, fmt, para, style, family, default_size_pt)
            for text, fmt in para.pieces
            if text
        ]
        # An empty paragraph is one line at its (first) run's size, else the paragraph's.
        first_fmt = para.pieces[0][1] if para.pieces else ooxml.RunFormat()
        spans = spans or [_span_of("", first_fmt, para, style, family, default_size_pt)]
        margin = para.margin_left
        if margin is None:
            margin = style.margin_left
        if margin is None:
            margin = indents_emu[min(level, len(indents_emu) - 1)] if indents_emu else 0
        line_pt, line = para.line_spacing_pt, para.line_spacing
        if line_pt is None and line is None:
            line_pt, line = style.line_spacing_pt, style.line_spacing
        first = spans[0]
        size = max(s.size_pt for s in spans)
        out.append(
            Paragraph(
                text="".join(s.text for s in spans),
                size_pt=size,
                bold=first.bold,
                italic=first.italic,
                space_before_pt=_spacing(
                    para.space_before_pt,
                    para.space_before_lines,
                    (style.space_before_pt, style.space_before_lines),
                    size,
                ),
                space_after_pt=_spacing(
                    para.space_after_pt,
                    para.space_after_lines,
                    (style.space_after_pt, style.space_after_lines),
                    size,
                ),
                line_spacing=line if line is not None and line_pt is None else 1.0,
                line_spacing_pt=line_pt,
                indent=margin,
                family=first.family or family,
                spans=tuple(spans),
            )
        )
    return out


def _shrunk(size_pt: float, largest_pt: float, target_pt: float, least_pt: float = 1.0) -> float:
    """``size_pt`` scaled by target/largest, rounded down to a half point as a person would
    type it; the largest size lands exactly on the target. Nothing shrinks below ``least_pt``
    (text that was smaller keeps its size)."""
    if size_pt >= largest_pt:
        return target_pt
    scaled = math.floor(size_pt * target_pt / largest_pt * 2 + 1e-9) / 2
    return max(min(size_pt, least_pt), scaled, 1.0)


def _rescaled(
    paragraphs: Sequence[Paragraph], largest: float, target: float, least: float = 1.0
) -> list[Paragraph]:
    """The paragraphs at the sizes fitting would write. Empty paragraphs keep their size: they
    have no run to write it to, so PowerPoint keeps showing them at the old height."""
    out = []
    for para in paragraphs:
        if not para.text:
            out.append(para)
            continue
        spans = tuple(
            replace(s, size_pt=_shrunk(s.size_pt, largest, target, least)) for s in para.styled()
        )
        out.append(
            replace(para, size_pt=max(s.size_pt for s in spans), spans=spans if para.spans else ())
        )
    return out


def fit_text_frame(
    text_frame: Any,
    box: TextArea,
    family: str,
    default_size_pt: float,
    floor_pt: float,
    fonts: FontBook,
    *,
    step_pt: float = 1.0,
    indents_emu: Sequence[int] = (),
    width_margin: float = WIDTH_MARGIN,
    styles: Styles = (),
    paragraphs: Sequence[Paragraph] | None = None,
    least_pt: float = 1.0,
) -> FitResult:
    """Shrink a python-pptx text frame until its text fits ``box``, because PowerPoint's own
    shrink-on-overflow only runs after the text is edited.

    Sizes come from each run, else its paragraph, else ``default_size_pt``. If the text is taller
    than the box, all sizes shrink proportionally, the largest by ``step_pt`` at a time, until it
    fits or the largest reaches ``floor_pt``. Only when a shrink happened are the final sizes
    written into every run (at the floor when even that does not fit, the closest we can get).
    ``indents_emu`` is the text's left margin per outline level (e.g. BODY_INDENTS_EMU) where
    neither the paragraph nor ``styles`` (what each outline level inherits) gives one.
    ``paragraphs`` is the frame as ``paragraphs_of`` reads it, when the caller has it already.
    No smaller size (a sub-bullet's) shrinks below ``least_pt``, the smallest readable size.
    Lines count as ``width_margin`` narrower than the box, so a line that only just fits by our
    measure cannot wrap in a renderer whose widths differ slightly (see WIDTH_MARGIN).
    """
    if step_pt <= 0:
        raise ValueError("step_pt must be positive")
    if paragraphs is None:
        paragraphs = paragraphs_of(text_frame, family, default_size_pt, indents_emu, styles)
    written = [p for p in paragraphs if p.text] or paragraphs
    largest = max(s.size_pt for p in written for s in p.styled())
    lines = layout.lay_out(paragraphs, box, fonts, width_margin)
    over = overflow_of(lines, box)
    if not over:
        return FitResult(True, largest, 1.0, len(lines), 0)
    if largest <= floor_pt:
        return FitResult(False, largest, 1.0, len(lines), over)

    def attempt(target: float) -> tuple[list[LaidLine], int]:
        rescaled = _rescaled(paragraphs, largest, target, least_pt)
        tried = layout.lay_out(rescaled, box, fonts, width_margin)
        return tried, overflow_of(tried, box)

    steps = math.ceil((largest - floor_pt) / step_pt - 1e-9)
    target = largest
    if steps <= MAX_SHRINK_STEPS:
        while over and target > floor_pt:
            target = max(floor_pt, target - step_pt)
            lines, over = attempt(target)
    else:
        # Far more steps than any real text needs (a 4,000 pt size): halve the range of steps
        # instead, as text that fits at a size fits at every smaller one.
        low, high = 1, steps
        while low < high:
            middle = (low + high) // 2
            if attempt(max(floor_pt, largest - middle * step_pt))[1]:
                low = middle + 1
            else:
                high = middle
        target = max(floor_pt, largest - low * step_pt)
        lines, over = attempt(target)
    from pptx.util import Pt  # a frame that shrank: python-pptx is loaded, it made the frame

    for para in text_frame.paragraphs:
        style = styles[min(para.level, len(styles) - 1)] if styles else LevelStyle()
        for run in para.runs:
            size = _pt(run.font.size) or _pt(para.font.size) or style.size_pt or default_size_pt
            run.font.size = Pt(_shrunk(size, largest, target, least_pt))
    return FitResult(over == 0, target, target / largest, len(lines), over)


#: Shrinking goes a step at a time for up to this many steps (far more than 60 pt to a 24 pt
#: floor takes); beyond, it halves the range of steps, so any size costs a few dozen layouts.
MAX_SHRINK_STEPS = 64


#: Text without any size anywhere in its inheritance chain is 18 pt in PowerPoint.
DEFAULT_SIZE_PT = 18.0


#: Room given to a frame that does not wrap or grows with its text: lines are never cut.
_UNBOUNDED = 10**10


@record
class ShapeText:
    """A shape's text as a reader lays it out: paragraphs with their inherited formatting, the
    box, and the body properties."""

    paragraphs: list[Paragraph]
    box: TextArea
    body: ooxml.BodyStyle
    styles: Styles
    family: str

    @property
    def shown(self) -> list[Paragraph]:
        """The paragraphs as PowerPoint shows them, its stored autofit scale applied."""
        return _autofitted(self.paragraphs, self.body)

    @property
    def grows(self) -> bool:
        """Whether the text cannot overflow, or cannot be measured here: the shape grows with
        its text ("resize shape to fit text"), or the text runs vertically (columns, not lines,
        which this module does not lay out)."""
        return self.body.autofit == "shape" or self.body.vertical


def _autofitted(paragraphs: list[Paragraph], body: ooxml.BodyStyle) -> list[Paragraph]:
    """The paragraphs as PowerPoint shows them under "shrink text on overflow": every size
    times the stored font scale, line spacing less the stored reduction."""
    if body.autofit != "normal" or (body.font_scale == 1.0 and not body.line_reduction):
        return paragraphs
    scale, keep = body.font_scale, 1 - body.line_reduction
    out = []
    for para in paragraphs:
        spans = tuple(replace(s, size_pt=s.size_pt * scale) for s in para.styled())
        out.append(
            replace(
                para,
                size_pt=para.size_pt * scale,
                spans=spans if para.spans else (),
                line_spacing=para.line_spacing * keep,
                line_spacing_pt=None
                if para.line_spacing_pt is None
                else para.line_spacing_pt * keep,
            )
        )
    return out


StyleCache = dict[tuple[str, ...], tuple[tuple[LevelStyle, ...], ooxml.BodyStyle, str]]


def shape_text(shape: Any, reader: ooxml.StyleReader, cache: StyleCache | None = None) -> ShapeText:
    """Read a shape's text with everything it inherits from its layout, master and theme.

    ``cache`` keeps resolved styles by ``StyleReader.style_key``: every deck built from one
    template inherits the same, so a batch resolves them once. Measuring never looks at colour,
    so cached styles carry none and their key ignores the theme's colours: a client's accent
    colour (which changes every deck's theme) does not make every deck resolve them again.
    """
    key = reader.style_key(shape, colours=False) if cache is not None else None
    hit = cache.get(key) if cache is not None and key is not None else None
    if hit is None:
        levels = reader.levels(shape)
        styles: Styles = levels
        body = reader.body(shape)
        family = styles[0].family or reader.theme(shape).minor
        if cache is not None and key is not None:
            styles = tuple(dataclasses.replace(level, colour=None) for level in levels)
            cache[key] = (styles, body, family)
    else:
        styles, body, family = hit
    paragraphs = paragraphs_of(shape.text_frame, family, DEFAULT_SIZE_PT, styles=styles)
    unbounded = body.autofit == "shape" or not body.wrap
    _, _, width, height = ooxml.shape_edges(shape)
    box = TextArea(
        width=_UNBOUNDED if not body.wrap else int(width or 0),
        height=_UNBOUNDED if unbounded else int(height or 0),
        left_inset=body.left,
        right_inset=body.right,
        top_inset=body.top,
        bottom_inset=body.bottom,
    )
    return ShapeText(paragraphs, box, body, styles, family)


def cell_text(cell: Any, width: int, frame: Any, reader: ooxml.StyleReader) -> ShapeText:
    """Read a table cell's text; the box is as wide as the cell and as tall as it needs."""
    styles = reader.cell_levels(cell, frame)
    family = styles[0].family or reader.theme(frame).minor
    paragraphs = paragraphs_of(cell.text_frame, family, DEFAULT_SIZE_PT, styles=styles)
    box = TextArea(
        width=width,
        height=_UNBOUNDED,
        left_inset=int(cell.margin_left),
        right_inset=int(cell.margin_right),
        top_inset=int(cell.margin_top),
        bottom_inset=int(cell.margin_bottom),
    )
    return ShapeText(paragraphs, box, ooxml.BodyStyle(), styles, family)


def families_missing(paragraphs: Sequence[Paragraph], fonts: FontBook) -> set[str]:
    """The font families (with style) in ``paragraphs`` that no installed font can measure."""
    missing = set()
    for para in paragraphs:
        for span in para.styled():
            family = span.family or para.family
            if fonts.find(family, span.bold, span.italic) is None:
                missing.add(family)
    return missing
