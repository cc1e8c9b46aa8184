"""Lint a PowerPoint deck for what a CEO would notice before the presenter does.

Works on any .pptx, not only deckgen's: leftover template tags, text that overflows its box
(measured with deckgen.fit, the same measurement the build fits text with), shapes off the
slide, empty placeholders that show "Click to add text", pictures and charts without alt text,
text below 12 pt, text/background contrast below WCAG AA for large text (3:1), fonts this
machine lacks (LibreOffice substitutes them silently, so a preview or PDF made here would
differ from PowerPoint), and, on decks deckgen built, statistics without a source footnote.

Every finding names the slide and shape and carries the shape's box, so ``deckgen preview``
can outline it on the contact sheet.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pptx.shapes.group import GroupShape
from pptx.shapes.picture import Picture

from . import fit, ooxml
from .colours import contrast_ratio
from .errors import DeckgenError, InputError
from .images import picture_problem
from .roles import FURNITURE, MIN_FONT_PT, NO_STATISTICS, label, shape_role
from .tagtext import TAG

# A deck larger than this is not a deck to lint (videos belong in links, not in a board deck).
MAX_DECK_BYTES = 500_000_000

#: Every rule check applies, with the one-line explanation ``deckgen check --json`` gives of each
#: rule it found; a finding of a rule not listed here is a bug (``_Checker.add`` refuses it).
RULES: dict[str, str] = {
    "template-tag": "a Jinja tag ({{ }}, {% %}) was left in the text",
    "overflow": "text runs past the bottom of its box",
    "off-slide": "a shape lies partly or wholly outside the slide",
    "overlap": "the text of two shapes is printed over each other (a title over a body)",
    "empty-placeholder": 'an empty placeholder shows "Click to add text" in PowerPoint',
    "alt-text": "a picture or chart has no alternative text for screen readers",
    "broken-picture": "a picture is damaged, cut short or has too many pixels to show",
    "small-font": "text is smaller than 12 pt",
    "contrast": "text contrast against its background is below 3:1 (WCAG AA, large text)",
    "unsourced-statistic": "a slide shows a statistic but no source footnote",
    "missing-font": "a font the deck uses is not installed here (previews and PDFs differ)",
}

#: WCAG 2 AA asks 3:1 of large text (18 pt, or 14 pt bold) and 4.5:1 of smaller text; slides
#: are read from across a room, so check asks every text for the large-text minimum.
MIN_CONTRAST = 3.0
#: Rounding in PowerPoint's own inch and point conversions is not a shape off the slide.
EDGE_TOLERANCE_EMU = 6350  # half a point
OVERLAP_EMU = 2 * 12700  # two points: lines that merely touch are not printed over each other

SLIDE_NAME_PREFIX = "deckgen:"
_NUMBER = r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?"
_UNIT = (
    r"%|×|x\b|€|\$|£|Prozent\b|percent\b|Mio\.|Mrd\.|Millionen\b|Milliarden\b|million\b"
    r"|billion\b|bn\b|Euro\b|Dollar\b"
)
#: A figure with a unit (8×, 2 %, 120.000 €, €3.0m): what a reader takes for a statistic. Bare
#: numbers (dates, "Monate 1-3", page numbers) are not.
STATISTIC = re.compile(rf"(?:[€$£]\s?{_NUMBER}|{_NUMBER}\s?(?:{_UNIT}))")
_FILE_NAME = re.compile(r"[^\s/\\]+\.(?:png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|webp)", re.I)


@dataclass(frozen=True)
class Finding:
    """One problem in a deck.

    ``slide`` counts from 1 (None: the deck as a whole or a layout); ``box`` is the shape's
    (left, top, width, height) in EMU, for outlining it. A ``warning`` is reported but does not
    make ``deckgen check`` fail: it is about this machine or the template's own style (a small
    footer), not the deck.
    """

    rule: str
    slide: int | None
    shape: str | None
    message: str
    severity: str = "error"
    box: tuple[int, int, int, int] | None = None

    def __str__(self) -> str:
        where = f"slide {self.slide}" if self.slide is not None else "deck"
        shape = f", {self.shape}" if self.shape else ""
        return f"{where}{shape}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["box"] = list(self.box) if self.box else None
        return data


def open_deck(path: Path) -> Any:
    """Open a deck with python-pptx; raise InputError saying why it cannot be read.

    The file is read as ``build`` reads a template (any PowerPoint package: .pptx, .potx,
    .ppsx, macro-enabled ones), within the same limits, with the same refusals.
    """
    return _open(path).prs


@dataclass(frozen=True)
class _Deck:
    prs: Any
    blob: bytes


def _open(path: Path) -> _Deck:
    opened = ooxml.read_presentation(path, ooxml.package_limits("deck", MAX_DECK_BYTES), InputError)
    return _Deck(ooxml.open_presentation(str(path), opened.blob, InputError), opened.blob)


def check_deck(path: Path, *, fonts: fit.FontBook | None = None) -> list[Finding]:
    """Return every problem found in the deck at path, in slide order.

    Raise InputError when the file cannot be read as a presentation (the refusals ``build``
    gives a template), or a part of it is too damaged to check (naming the part).
    """
    deck = _open(path)
    fonts = fonts or fit.fonts.default_fonts()
    checker: _Checker | None = None
    try:
        checker = _Checker(deck.prs, fonts)
        return checker.run()
    except (DeckgenError, AssertionError):
        raise  # AssertionError: a bug in check, not in the deck
    except Exception as err:  # a part python-pptx opened but cannot navigate (a missing rel)
        part = checker.part if checker is not None else None
        raise InputError(ooxml.unreadable(str(path), deck.blob, err, part)) from err


def is_problem(finding: Finding) -> bool:
    """Whether a finding makes the deck fail the check (warnings do not)."""
    return finding.severity == "error"


# --------------------------------------------------------------------------- the checker


def _box(shape: Any) -> tuple[int, int, int, int] | None:
    try:
        values = (shape.left, shape.top, shape.width, shape.height)
    except (AttributeError, KeyError, ValueError):
        return None
    if any(v is None for v in values):
        return None
    return tuple(int(v) for v in values)  # type: ignore[return-value]


def _walk(shapes: Any, top: Any | None = None) -> Iterator[tuple[Any, Any]]:
    """Every shape with the top-level shape it is drawn in (itself, or its outermost group)."""
    for shape in shapes:
        outer = top if top is not None else shape
        yield shape, outer
        if isinstance(shape, GroupShape):
            yield from _walk(shape.shapes, outer)


def _inches(emu: int) -> str:
    return f"{emu / 914400:.2f} in"


def _size(value: float) -> str:
    return f"{value:g} pt"


def _smallest(paragraphs: list[fit.Paragraph]) -> float | None:
    """The smallest size of any visible text, None when there is none."""
    return min((s.size_pt for p in paragraphs for s in p.styled() if s.text.strip()), default=None)


@dataclass
class _SmallFurniture:
    """Where the template's footers of one kind were first found too small, and on which
    slides."""

    slide: int
    shape: str
    size: float
    box: tuple[int, int, int, int] | None
    slides: set[int]


class _Checker:
    def __init__(self, prs: Any, fonts: fit.FontBook) -> None:
        self.prs = prs
        self.fonts = fonts
        self.reader = ooxml.StyleReader()
        self.findings: list[Finding] = []
        self.missing: dict[str, tuple[int, str]] = {}
        self.furniture: dict[str, _SmallFurniture] = {}
        #: The part being checked, for the message when a damaged part stops the check.
        self.part: str | None = None
        self.width = int(prs.slide_width or 0)
        self.height = int(prs.slide_height or 0)
        self.by_deckgen = any(
            ooxml.slide_name(slide).startswith(SLIDE_NAME_PREFIX) for slide in prs.slides
        )

    def add(self, rule: str, slide: int | None, shape: str | None, message: str, **kw: Any) -> None:
        assert rule in RULES, f"rule {rule!r} is not documented in check.RULES"
        self.findings.append(Finding(rule, slide, shape, message, **kw))

    def run(self) -> list[Finding]:
        layouts: dict[int, Any] = {}
        for number, slide in enumerate(self.prs.slides, start=1):
            self.part = str(slide.part.partname).lstrip("/")
            layouts.setdefault(id(slide.slide_layout.part), slide.slide_layout)
            self.check_slide(number, slide)
        for layout in layouts.values():
            self.part = str(layout.part.partname).lstrip("/")
            self.check_fixed_text(layout, f"layout {layout.name!r}")
        for master in self.prs.slide_masters:
            self.part = str(master.part.partname).lstrip("/")
            self.check_fixed_text(master, "slide master")
        self.part = None
        self.report_furniture()
        for family, (slide, shape) in sorted(self.missing.items()):
            package = fit.FONT_PACKAGES.get(family.casefold())
            hint = f" (install {package})" if package else ""
            self.add(
                "missing-font",
                slide,
                shape,
                f'font "{family}" is not installed here, nor a metric-compatible substitute'
                f"{hint}; LibreOffice substitutes another silently, so previews and PDFs made "
                "here differ from PowerPoint, and text sizes were only estimated",
                severity="warning",
            )
        return self.findings

    # -- per slide

    def check_slide(self, number: int, slide: Any) -> None:
        sources = fit.layout_placeholders(slide)
        statistic: tuple[str, Any] | None = None
        has_source = False
        self.texts: list[tuple[str, tuple[int, int, int, int]]] = []
        for shape, outer in _walk(slide.shapes):
            source = None
            if getattr(shape, "is_placeholder", False):
                source = sources.get(shape.placeholder_format.idx)
            name = fit.display_name(shape, source)
            box = _box(outer)
            if outer is shape:
                self.check_position(number, name, shape, box)
            if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
                role = shape_role(shape, source)
                text = shape.text_frame.text
                if shape.is_placeholder and not text.strip():
                    if role in FURNITURE:
                        continue  # the template's empty footer: its prompt never shows
                    self.add(
                        "empty-placeholder",
                        number,
                        name,
                        'empty placeholder: PowerPoint shows its prompt ("Click to add text") '
                        "while editing; fill it or delete it",
                        box=box,
                    )
                    continue
                if not text.strip():
                    continue  # a bar, rule or empty box: nothing to read or to overflow
                if role in ("source", "example") and text.strip():
                    has_source = True
                elif role not in NO_STATISTICS and statistic is None:
                    found = STATISTIC.search(text)
                    statistic = (found.group(0), box) if found else None
                self.check_text(number, name, shape, box, role)
            elif getattr(shape, "has_table", False) and shape.has_table:
                self.check_table(number, name, shape, box)
                if statistic is None:
                    cells = " ".join(c.text for row in shape.table.rows for c in row.cells)
                    found = STATISTIC.search(cells)
                    statistic = (found.group(0), box) if found else None
            elif getattr(shape, "has_chart", False) and shape.has_chart:
                self.check_alt_text(number, name, shape, box, "chart")
                self.check_chart_tags(number, name, shape.chart, box)
                if statistic is None:
                    statistic = ("a chart", box)
            elif isinstance(shape, Picture):
                self.check_alt_text(number, name, shape, box, "picture")
                self.check_picture(number, name, shape, box)
        self.check_overlaps(number)
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None:
                self.check_tags(number, "notes", notes.text, None)
        kind = ooxml.slide_name(slide).removeprefix(SLIDE_NAME_PREFIX)
        if (
            self.by_deckgen
            and statistic is not None
            and not has_source
            and ooxml.slide_name(slide).startswith(SLIDE_NAME_PREFIX)
            and kind != "sources"  # the sources slide is the footnote of every other
        ):
            what, box = statistic
            shown = what if what == "a chart" else f'"{what}"'
            self.add(
                "unsourced-statistic",
                number,
                None,
                f"shows {shown} but no source footnote; cite the source of every figure",
                box=box,
            )

    def check_position(
        self, number: int, name: str, shape: Any, box: tuple[int, int, int, int] | None
    ) -> None:
        if box is None or not self.width or not self.height:
            return
        left, top, width, height = box
        edges = []
        if left < -EDGE_TOLERANCE_EMU:
            edges.append(f"{_inches(-left)} past the left edge")
        if top < -EDGE_TOLERANCE_EMU:
            edges.append(f"{_inches(-top)} past the top edge")
        if left + width > self.width + EDGE_TOLERANCE_EMU:
            edges.append(f"{_inches(left + width - self.width)} past the right edge")
        if top + height > self.height + EDGE_TOLERANCE_EMU:
            edges.append(f"{_inches(top + height - self.height)} past the bottom edge")
        if edges:
            self.add(
                "off-slide",
                number,
                name,
                "reaches " + " and ".join(edges) + " of the slide",
                box=box,
            )

    def check_picture(self, number: int, name: str, shape: Any, box: Any) -> None:
        """Flag a picture PowerPoint cannot show whole, by the rule build refuses a logo by."""
        try:
            blob = shape.image.blob
        except ValueError:
            return  # a linked picture: nothing in the deck to judge
        # Vector pictures (EMF, SVG) are PowerPoint's to show; only pixels are judged here.
        problem = picture_problem(io.BytesIO(blob), vector_ok=True)
        if problem:
            self.add("broken-picture", number, name, f"picture: {problem}", box=box)

    def check_alt_text(self, number: int, name: str, shape: Any, box: Any, what: str) -> None:
        if ooxml.is_decorative(shape):
            return
        text = ooxml.alt_text(shape)
        if not text or _FILE_NAME.fullmatch(text):
            # python-pptx and some exports put the image's file name there: not a description.
            said = f'only the file name "{text}" as' if text else "no"
            self.add(
                "alt-text",
                number,
                name,
                f"{what} has {said} alt text; describe what it shows (or mark it decorative)",
                box=box,
            )

    def check_tags(self, number: int | None, name: str, text: str, box: Any) -> None:
        found = TAG.search(text)
        if found:
            tag = found.group(0)
            tag = tag if len(tag) <= 40 else tag[:37] + "..."
            self.add(
                "template-tag",
                number,
                name,
                f'leftover template tag "{tag}"; render it or remove it',
                box=box,
            )

    def check_chart_tags(self, number: int, name: str, chart: Any, box: Any) -> None:
        self.check_tags(number, name, "\n".join(ooxml.chart_texts(chart)), box)

    def check_text(self, number: int, name: str, shape: Any, box: Any, role: str) -> None:
        text = fit.shape_text(shape, self.reader)
        shown = text.shown
        self.check_tags(number, name, shape.text_frame.text, box)
        estimated = self.note_fonts(shown, number, name)
        if text.body.autofit == "shape" and not text.body.vertical:
            self.check_growth(number, name, shape, text, shown, box)
        extent = self.text_extent(shape, text, shown, box)
        if extent is not None:
            self.texts.append((name, extent))
        if not text.grows:
            measured = fit.measure(shown, text.box, self.fonts)
            if measured.overflow_lines:
                lines = "line" if measured.overflow_lines == 1 else "lines"
                note = f" (estimated: {', '.join(sorted(estimated))} not installed)"
                self.add(
                    "overflow",
                    number,
                    name,
                    f"text runs {measured.overflow_lines} {lines} "
                    f"({_inches(measured.overflow)}) past the bottom of its box; shorten it or "
                    f"make the box taller{note if estimated else ''}",
                    box=box,
                )
        if role in FURNITURE:
            self.note_furniture_size(number, name, role, shown, box)
        else:
            self.check_sizes(number, name, shown, box)
        background = self.reader.background(shape)
        self.check_contrast(
            number, name, shape, shape, text.styles, background, box, role in FURNITURE
        )

    def text_extent(
        self, shape: Any, text: fit.ShapeText, shown: list[fit.Paragraph], box: Any
    ) -> tuple[int, int, int, int] | None:
        """Where a shape's text is printed (left, top, right, bottom), as its anchor places
        the lines it needs inside the box: a one-line title in a tall box covers one line."""
        own = _box(shape)
        if own is None or box is None or box != own or text.body.vertical:
            return None  # in a group (a box not its own) or vertical: not compared
        left, top, width, height = own
        body = text.body
        inner = fit.TextArea(width, 10**10, body.left, body.right, body.top, body.bottom)
        needed = fit.measure(shown, inner, self.fonts).height
        room = height - body.top - body.bottom
        if text.grows or body.anchor == "t" or needed >= room:
            y0 = top + body.top
        elif body.anchor == "b":
            y0 = top + height - body.bottom - needed
        else:
            y0 = top + body.top + (room - needed) // 2
        return (left + body.left, y0, left + width - body.right, y0 + needed)

    def check_overlaps(self, number: int) -> None:
        """Text printed over other text: a title that runs into the body, a source line over
        the last bullet, a growing box over its neighbour."""
        for n, (name, a) in enumerate(self.texts):
            for other, b in self.texts[n + 1 :]:
                width = min(a[2], b[2]) - max(a[0], b[0])
                height = min(a[3], b[3]) - max(a[1], b[1])
                if width > OVERLAP_EMU and height > OVERLAP_EMU:
                    self.add(
                        "overlap",
                        number,
                        name,
                        f'its text is printed over the text of "{other}" ({_inches(height)} '
                        "deep); move or shorten one of them, or choose a layout with room "
                        "for both",
                        box=(a[0], a[1], a[2] - a[0], a[3] - a[1]),
                    )

    def check_growth(
        self,
        number: int,
        name: str,
        shape: Any,
        text: fit.ShapeText,
        shown: list[fit.Paragraph],
        box: Any,
    ) -> None:
        """A box that grows with its text ("resize shape to fit text") cannot overflow, but
        PowerPoint grows it down past the slide's bottom edge when the text is long."""
        top = _box(shape)
        if top is None or not self.height or box is None or box[1] != top[1]:
            return  # no position of its own, or inside a group whose box is not its own
        needed = fit.measure(shown, text.box, self.fonts).height
        bottom = top[1] + needed + text.box.top_inset + text.box.bottom_inset
        if bottom > self.height + EDGE_TOLERANCE_EMU:
            self.add(
                "off-slide",
                number,
                name,
                f"its box grows with its text (resize shape to fit text) "
                f"{_inches(bottom - self.height)} past the bottom edge of the slide; shorten "
                "the text or move the box up",
                box=box,
            )

    def check_table(self, number: int, name: str, frame: Any, box: Any) -> None:
        table = frame.table
        widths = [int(c.width) for c in table.columns]
        grown = 0
        for r, row in enumerate(table.rows):
            needed = 0
            for c, cell in enumerate(row.cells):
                if cell.is_spanned:
                    continue
                width = sum(widths[c : c + cell.span_width])
                text = fit.cell_text(cell, width, frame, self.reader)
                self.check_tags(number, f"{name} cell ({r + 1}, {c + 1})", cell.text, box)
                self.note_fonts(text.paragraphs, number, name)
                self.check_sizes(number, f"{name} cell ({r + 1}, {c + 1})", text.paragraphs, box)
                background = self.reader.cell_background(cell, frame)
                if background is not None:
                    where = f"{name} cell ({r + 1}, {c + 1})"
                    self.check_contrast(number, where, frame, cell, text.styles, background, box)
                if cell.span_height == 1:
                    height = fit.measure(text.paragraphs, text.box, self.fonts).height
                    needed = max(needed, height + text.box.top_inset + text.box.bottom_inset)
            grown += max(int(row.height), needed)
        over = grown - int(frame.height)
        if over > EDGE_TOLERANCE_EMU:
            self.add(
                "overflow",
                number,
                name,
                f"the table grows {_inches(over)} taller than its frame as its rows fit their "
                "text; shorten the cell text or give the table more room",
                box=box,
            )

    def check_sizes(
        self, number: int, name: str, paragraphs: list[fit.Paragraph], box: Any
    ) -> None:
        smallest = _smallest(paragraphs)
        if smallest is not None and smallest < MIN_FONT_PT - 0.05:
            self.add(
                "small-font",
                number,
                name,
                f"text at {_size(round(smallest, 1))} is below the {_size(MIN_FONT_PT)} minimum "
                "a room can read",
                box=box,
            )

    def note_furniture_size(
        self, number: int, name: str, role: str, paragraphs: list[fit.Paragraph], box: Any
    ) -> None:
        """Small footers, dates and slide numbers are the template's style, not a problem of
        the deck: one warning per kind, said once for the whole deck."""
        smallest = _smallest(paragraphs)
        if smallest is None or smallest >= MIN_FONT_PT - 0.05:
            return
        found = self.furniture.setdefault(role, _SmallFurniture(number, name, smallest, box, set()))
        found.size = min(found.size, smallest)
        found.slides.add(number)

    def report_furniture(self) -> None:
        for role, small in self.furniture.items():
            count = len(small.slides)
            slides = "1 slide" if count == 1 else f"{count} slides"
            self.add(
                "small-font",
                small.slide,
                small.shape,
                f"{label(role)} text at {_size(round(small.size, 1))} on {slides} "
                f"is below the {_size(MIN_FONT_PT)} minimum a room can read; it is the "
                "template's style (set in its slide master), not the deck's text",
                severity="warning",
                box=small.box,
            )

    def check_contrast(
        self,
        number: int,
        name: str,
        shape: Any,
        owner: Any,
        styles: Any,
        background: str | None,
        box: Any,
        furniture: bool = False,
    ) -> None:
        """The worst contrast of any run of owner's text (shape or table cell) on background;
        ``shape`` is the shape holding it, whose theme names the colours. The template's own
        footer, date and slide number (``furniture``) are its designer's choice: a warning."""
        if background is None:
            return
        default = self.reader.default_text_colour(shape)
        worst: tuple[float, str] | None = None
        for para in owner.text_frame.paragraphs:
            style = styles[min(para.level, len(styles) - 1)]
            for run in para.runs:
                if not run.text.strip():
                    continue
                colour = self.reader.run_colour(run, shape) or style.colour or default
                if colour is None:
                    continue
                ratio = contrast_ratio(colour, background)
                if worst is None or ratio < worst[0]:
                    worst = (ratio, colour)
        if worst is not None and worst[0] < MIN_CONTRAST:
            ratio, colour = worst
            self.add(
                "contrast",
                number,
                name,
                f"text #{colour} on #{background} has contrast {ratio:.1f}:1, below the "
                f"{MIN_CONTRAST:g}:1 WCAG AA asks of large text"
                + ("; the template's footer, as its designer styled it" if furniture else ""),
                box=box,
                severity="warning" if furniture else "error",
            )

    def note_fonts(self, paragraphs: list[fit.Paragraph], number: int, name: str) -> set[str]:
        missing = fit.families_missing(paragraphs, self.fonts)
        for family in missing:
            self.missing.setdefault(family, (number, name))
        return missing

    # -- masters and layouts

    def check_fixed_text(self, owner: Any, label: str) -> None:
        """Tags in a layout's or master's own shapes (not placeholders: their prompt text never
        shows on a slide) are on every slide that uses it."""
        for shape, _ in _walk(owner.shapes):
            if getattr(shape, "is_placeholder", False) or not getattr(shape, "has_text_frame", 0):
                continue
            self.check_tags(None, f"{label}, {shape.name}", shape.text_frame.text, None)


def report(path: Path, findings: list[Finding]) -> dict[str, Any]:
    """The findings as the JSON ``deckgen check --json`` prints: counts first, what each rule
    found means, then each finding."""
    return {
        "deck": str(path),
        "problems": sum(1 for f in findings if is_problem(f)),
        "warnings": sum(1 for f in findings if not is_problem(f)),
        "rules": {f.rule: RULES[f.rule] for f in findings},
        "findings": [f.to_dict() for f in findings],
    }
