"""The build's fitter: every filled text shape of a slide fitted down to its role's floor, what
still does not fit collected and reported in the user's terms."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .. import ooxml
from ..cache import LRU
from ..errors import FieldPath, format_path
from ..records import record
from ..roles import FLOORS_PT, FURNITURE, MIN_FONT_PT, shape_role
from . import fonts as font_files
from .fonts import FONT_PACKAGES, FontBook
from .frames import DEFAULT_SIZE_PT, StyleCache, families_missing, fit_text_frame, shape_text

#: Bound of what a Fitter cache keeps (roles and styles of a template's placeholders).
FIT_CACHE_ENTRIES = 4096


#: Fitted shapes kept per template: the shapes of a few decks, which is what repeats.
FITTED_SHAPES = 256


def layout_placeholders(slide: Any) -> dict[int, Any]:
    """The placeholders of a slide's layout by idx, which the slide's placeholders inherit."""
    return {ph.placeholder_format.idx: ph for ph in slide.slide_layout.placeholders}


def display_name(shape: Any, source: Any | None = None) -> str:
    """The name a person knows a shape by: its layout placeholder's (the designer's, e.g.
    "Left body") rather than python-pptx's "Text Placeholder 3"."""
    return (source.name if source is not None else None) or shape.name or "shape"


Locate = Callable[[FieldPath], tuple[str, "int | None"]]


@record
class Overflow:
    """Text that does not fit its placeholder even at the role's floor size; ``field`` is the
    content field it came from (``("slides", 4, "points")``), as far as it can be told."""

    slide: int
    shape: str
    role: str
    texts: tuple[str, ...]
    lines_over: int
    floor_pt: float
    fields: tuple[FieldPath, ...] = ()

    def on_slide(self, index: int) -> Overflow:
        """The same overflow where the same slide stands at ``index`` (counting from 0)."""
        fields = tuple(
            ("slides", index, *f[2:]) if f[:1] == ("slides",) else f for f in self.fields
        )
        return dataclasses.replace(self, slide=index + 1, fields=fields)


@record
class Compacted:
    """A slide whose device was drawn in its compact form because its full form does not fit
    the body area of the slide's layout at any scale: ``left_out`` says what is not shown
    ("the pillars' descriptions"), ``fewer`` what there could be fewer of ("pillars")."""

    slide: int
    layout: str
    left_out: str
    fewer: str

    def on_slide(self, index: int) -> Compacted:
        """The same where the same slide stands at ``index`` (counting from 0)."""
        return dataclasses.replace(self, slide=index + 1)


def _holds(value: Any, texts: Sequence[str]) -> bool:
    """Whether a content value (or any string inside it) shows up in one of the texts."""
    if isinstance(value, str):
        return len(value) >= 3 and any(value == t or value in t for t in texts)
    if isinstance(value, dict):
        return any(_holds(v, texts) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds(v, texts) for v in value)
    return False


def content_fields(model: Any, index: int, texts: Sequence[str]) -> tuple[FieldPath, ...]:
    """The fields of slide ``index``'s content model whose text a placeholder shows, so an
    overflow can name what to shorten; the slide itself when the text is generated."""
    data = model.model_dump() if hasattr(model, "model_dump") else {}
    found = tuple(("slides", index, key) for key, value in data.items() if _holds(value, texts))
    return found or (("slides", index),)


@record
class Unfit:
    """Text of a shape that does not fit even at its floor: the shape's name and role, its
    paragraphs' texts, how many lines too long it is and at what size."""

    shape: str
    role: str
    texts: tuple[str, ...]
    lines_over: int
    floor_pt: float


@record
class FittedShape:
    """How one shape was fitted, kept for every shape with the same XML on the same layout:
    its fitted XML (None: left as it is), the fonts it lacks, what does not fit."""

    xml: Any
    missing_fonts: frozenset[str]
    unfit: Unfit | None


_LEFT_AS_IT_IS = FittedShape(None, frozenset(), None)


class ShapeRole(NamedTuple):
    """What a layout's placeholder is to the fitter: its name as users read it, its role, and
    whether only the master's sample text sizes its text (``StyleReader.sample_run``)."""

    name: str
    role: str
    sample_sized: bool


@dataclass
class FitCache:
    """What a Fitter keeps for every deck built from one template: the style reader, resolved
    styles, each placeholder's name and role, and fitted shapes. Slides are built on one slide
    per layout that is reset each time, so what the reader keeps (chains of parts, inherited
    placeholders, themes) serves every deck."""

    reader: ooxml.StyleReader = field(default_factory=ooxml.StyleReader)
    styles: StyleCache = field(default_factory=dict)
    roles: dict[tuple[str, int | str], ShapeRole] = field(default_factory=dict)
    frames: LRU[FittedShape] = field(default_factory=lambda: LRU(FITTED_SHAPES))

    def bound(self) -> None:
        """Start afresh when the reader, styles and roles together hold more than
        FIT_CACHE_ENTRIES (templates read in turn by a long-running process)."""
        if len(self.reader) + len(self.styles) + len(self.roles) > FIT_CACHE_ENTRIES:
            fresh = FitCache()
            self.reader, self.styles, self.roles, self.frames = (
                fresh.reader,
                fresh.styles,
                fresh.roles,
                fresh.frames,
            )


class Fitter:
    """Fit the text of built slides to their boxes, one slide at a time, at build time.

    Every text shape deckgen filled is measured with the fonts the template names (from its
    theme); text that overflows shrinks step by step, with the sizes written into the runs, down
    to the floor of its role (FLOORS_PT). What still does not fit is collected in ``overflows``;
    ``finish`` then raises one RenderError naming all of them, or, with ``allow_overflow``,
    returns them as warnings. ``locate`` turns a content field into (file, line) for messages.
    One Fitter serves one build; the FontBook is shared by every build of the process.
    """

    def __init__(
        self,
        fonts: FontBook | None = None,
        floors: dict[str, float] | None = None,
        *,
        allow_overflow: bool = False,
        locate: Locate | None = None,
        cache: FitCache | None = None,
        advise: Callable[[Overflow], str] | None = None,
    ) -> None:
        self.fonts = fonts if fonts is not None else font_files.default_fonts()
        # What to tell the user to do about text that does not fit: the caller knows the
        # layout the slide is on and whether the content is the user's to shorten.
        self.advise = advise or (lambda _: "shorten it, or build with --allow-overflow to keep it")
        self.floors = FLOORS_PT if floors is None else floors
        self.allow_overflow = allow_overflow
        self.locate = locate
        self.overflows: list[Overflow] = []
        self.compacted: list[Compacted] = []
        self.missing_fonts: set[str] = set()
        # Kept by the caller per template (its render state): every deck from one template has
        # the same layouts, roles and inherited styles, so a batch works them out once.
        cache = cache if cache is not None else FitCache()
        cache.bound()
        self.reader = cache.reader
        self._styles = cache.styles
        self._roles = cache.roles
        self._frames = cache.frames
        # What else decides how a shape fits: the fonts measured with and the floors.
        self._setup = (self.fonts, tuple(sorted(self.floors.items())))

    def fit_slide(self, slide: Any, number: int, model: Any = None) -> None:
        """Fit every filled text shape of ``slide``; ``number`` counts from 1, ``model`` is the
        slide's content (to name the field of text that does not fit)."""
        layout = str(slide.slide_layout.part.partname)
        for element in ooxml.text_shape_elements(slide):
            # A shape fits the same way wherever the same text stands in the same box on the
            # same layout: a client's deck changes a few texts of a slide, not all of them.
            key = (layout, ooxml.xml_bytes(element), self._setup)
            done = self._frames.get(key)
            if done is None:
                shape = ooxml.shape_of(slide, element)
                done = self._frames.put(key, self._fit_shape(shape, slide, layout))
            if done.xml is not None:
                ooxml.replace_element(element, done.xml)
            self.missing_fonts |= done.missing_fonts
            over = done.unfit
            if over is not None:
                fields = content_fields(model, number - 1, over.texts) if model is not None else ()
                self.overflows.append(
                    Overflow(
                        number,
                        over.shape,
                        over.role,
                        over.texts,
                        over.lines_over,
                        over.floor_pt,
                        fields,
                    )
                )

    def _fit_shape(self, shape: Any, slide: Any, layout: str) -> FittedShape:
        """Fit one shape: its fitted XML (None: left as it is), the fonts it lacks and, when it
        does not fit, what does not."""
        idx = ooxml.placeholder_idx(shape)
        key = (layout, idx if idx is not None else shape.name)
        if key not in self._roles:
            source = layout_placeholders(slide).get(idx) if idx is not None else None
            self._roles[key] = ShapeRole(
                display_name(shape, source),
                shape_role(shape, source),
                source is not None and self.reader.sample_run(source, 0) is not None,
            )
        name, role, sample_sized = self._roles[key]
        floor = self.floors.get(role, MIN_FONT_PT)
        if sample_sized:
            # Sized only by the master's sample text (LibreOffice's masters): the template never
            # sized it for PowerPoint, which showed it at 18 pt, so it may shrink that far.
            floor = min(floor, DEFAULT_SIZE_PT)
        if role in FURNITURE:
            return _LEFT_AS_IT_IS
        text = shape_text(shape, self.reader, self._styles)
        if text.grows:
            return _LEFT_AS_IT_IS
        result = fit_text_frame(
            shape.text_frame,
            text.box,
            text.family,
            DEFAULT_SIZE_PT,
            floor,
            self.fonts,
            styles=text.styles,
            paragraphs=text.paragraphs,
            least_pt=MIN_FONT_PT,
        )
        missing = frozenset(families_missing(text.paragraphs, self.fonts))
        over: Unfit | None = None
        if not result.fits:
            texts = tuple(p.text for p in shape.text_frame.paragraphs if p.text)
            over = Unfit(name, role, texts, result.overflow_lines, floor)
        # A shape fitting at its sizes is left as it is: no copy to keep and put back.
        xml = ooxml.copy_of_shape(shape) if result.shrunk else None
        return FittedShape(xml, missing, over)

    def message(self, overflow: Overflow, todo: str) -> str:
        """One overflow as the user reads it: location, field, what is wrong; what to do."""
        lines = "line" if overflow.lines_over == 1 else "lines"
        role = overflow.role.replace("_", " ")
        kind = "text" if role == "text" else f"{role} text"
        what = (
            f'slide {overflow.slide}, placeholder "{overflow.shape}": the text is '
            f"{overflow.lines_over} {lines} too long even at {overflow.floor_pt:g} pt, the "
            f"smallest size for {kind}; {todo}"
        )
        return self._located(overflow.fields, what)

    def compact_message(self, compacted: Compacted) -> str:
        """A device drawn in its compact form as the user reads it: where, what is left out,
        what to do. A warning, never an error: the compact form is a designed form."""
        what = (
            f"slide {compacted.slide}: {compacted.left_out} are left out, as the body area of "
            f"layout {compacted.layout!r} is too small for them at any size; shorten them, use "
            f"fewer {compacted.fewer}, or pick a template or layout with a larger body area"
        )
        return self._located((("slides", compacted.slide - 1),), what)

    def _located(self, fields: Sequence[FieldPath], what: str) -> str:
        """``what`` after the content fields it is about and where the first is written."""
        if not fields:
            return what
        field = ", ".join(format_path(path) for path in fields)
        if self.locate is None:
            return f"{field}: {what}"
        file, line = self.locate(fields[0])
        return f"{file}:{line}: {field}: {what}" if line else f"{file}: {field}: {what}"

    def finish(self) -> list[str]:
        """Raise RenderError naming every text that does not fit (what to shorten, and by how
        many lines), unless overflow is allowed; return the warnings for the user: text kept
        overflowing, devices drawn in their compact form, fonts estimated."""
        from ..errors import RenderError

        if self.overflows and not self.allow_overflow:
            raise RenderError("\n".join(self.message(o, self.advise(o)) for o in self.overflows))
        warnings = [self.message(o, "kept as it is (--allow-overflow)") for o in self.overflows]
        warnings += [self.compact_message(c) for c in self.compacted]
        for family in sorted(self.missing_fonts):
            package = FONT_PACKAGES.get(family.casefold())
            hint = f"; install {package}" if package else "; install it"
            warnings.append(
                f'font "{family}" is not installed here, nor a metric-compatible substitute, '
                f"so text was fitted by a cautious estimate{hint}"
            )
        return warnings
