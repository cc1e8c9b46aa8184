"""The checker: every slide, layout and master of a deck walked, shape by shape, through the
rules (positions, pictures, alt text, tags, sources; text rules in ``text``)."""

from __future__ import annotations

import io
import re
from typing import Any

from pptx.shapes.picture import Picture

from .. import fit, ooxml
from ..images import picture_problem
from ..roles import FURNITURE, NO_STATISTICS, shape_role
from .base import EDGE_TOLERANCE_EMU, SLIDE_NAME_PREFIX, _box, _inches, _walk
from .findings import Finding
from .text import _TextRules

_NUMBER = r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?"
_UNIT = (
    r"%|×|x\b|€|\$|£|Prozent\b|percent\b|Mio\.|Mrd\.|Millionen\b|Milliarden\b|million\b"
    r"|billion\b|bn\b|Euro\b|Dollar\b"
)
#: A figure with a unit (8×, 2 %, 120.000 €, €3.0m): what a reader takes for a statistic. Bare
#: numbers (dates, "Monate 1-3", page numbers) are not.
STATISTIC = re.compile(rf"(?:[€$£]\s?{_NUMBER}|{_NUMBER}\s?(?:{_UNIT}))")
_FILE_NAME = re.compile(r"[^\s/\\]+\.(?:png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|webp)", re.I)


class _Checker(_TextRules):
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
                self.check_text(number, name, shape, box, role, plain=text)
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

    def check_chart_tags(self, number: int, name: str, chart: Any, box: Any) -> None:
        self.check_tags(number, name, "\n".join(ooxml.chart_texts(chart)), box)

    # -- masters and layouts

    def check_fixed_text(self, owner: Any, label: str) -> None:
        """Tags in a layout's or master's own shapes (not placeholders: their prompt text never
        shows on a slide) are on every slide that uses it."""
        for shape, _ in _walk(owner.shapes):
            if getattr(shape, "is_placeholder", False) or not getattr(shape, "has_text_frame", 0):
                continue
            self.check_tags(None, f"{label}, {shape.name}", shape.text_frame.text, None)
