"""What every rule family of the checker shares: the deck's findings and measurements, the
shapes walked with their boxes, and the tag rule that every text is read by."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pptx.shapes.group import GroupShape

from .. import fit, ooxml
from ..tagtext import TAG
from .findings import RULES, Finding

#: Rounding in PowerPoint's own inch and point conversions is not a shape off the slide.
EDGE_TOLERANCE_EMU = 6350  # half a point
OVERLAP_EMU = 2 * 12700  # two points: lines that merely touch are not printed over each other

SLIDE_NAME_PREFIX = "deckgen:"


def _box(shape: Any) -> tuple[int, int, int, int] | None:
    try:
        values = ooxml.shape_edges(shape)
    except (AttributeError, KeyError, ValueError):
        return None
    left, top, width, height = values
    if left is None or top is None or width is None or height is None:
        return None
    return int(left), int(top), int(width), int(height)


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


class _CheckerBase:
    #: The text extents of the slide being checked, for the overlap rule.
    texts: list[tuple[str, tuple[int, int, int, int]]]

    def __init__(self, prs: Any, fonts: fit.FontBook) -> None:
        self.prs = prs
        self.fonts = fonts
        self.reader = ooxml.StyleReader(read_only=True)
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

    def note_fonts(self, paragraphs: list[fit.Paragraph], number: int, name: str) -> set[str]:
        missing = fit.families_missing(paragraphs, self.fonts)
        for family in missing:
            self.missing.setdefault(family, (number, name))
        return missing
