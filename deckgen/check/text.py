"""The checker's text rules: overflow, growth, overlap, tables, small fonts and contrast."""

from __future__ import annotations

from typing import Any

from .. import fit
from ..colours import MIN_CONTRAST, contrast_ratio
from ..roles import FURNITURE, MIN_FONT_PT, label
from .base import (
    EDGE_TOLERANCE_EMU,
    OVERLAP_EMU,
    _box,
    _CheckerBase,
    _inches,
    _size,
    _smallest,
    _SmallFurniture,
)


class _TextRules(_CheckerBase):
    def check_text(
        self, number: int, name: str, shape: Any, box: Any, role: str, *, plain: str
    ) -> None:
        """The text rules for a shape whose text (``plain``, as python-pptx reads it) shows."""
        text = fit.shape_text(shape, self.reader)
        shown = text.shown
        self.check_tags(number, name, plain, box)
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
