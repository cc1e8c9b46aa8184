"""Text formats as values: the resolved style of a list level and of a text body (merged
from the XML along the inheritance chain StyleReader finds), and the formatting a paragraph
states itself (``read_paragraphs``), without inheritance."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ..records import record
from .xml import qn

if TYPE_CHECKING:
    from .colours import _Theme

_LEVELS = 9


@record
class LevelStyle:
    """The paragraph and run defaults of one outline level, merged along the inheritance chain.

    None means no element of the chain sets it (the reader's built-in default applies).
    ``family`` is a real font name (theme references like ``+mn-lt`` are resolved), ``colour``
    an RGB hex string. Spacing before/after is in points, or in lines when the template gives
    a percentage (``space_before_lines``).
    """

    size_pt: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    family: str | None = None
    margin_left: int | None = None
    line_spacing: float | None = None
    line_spacing_pt: float | None = None
    space_before_pt: float | None = None
    space_before_lines: float | None = None
    space_after_pt: float | None = None
    space_after_lines: float | None = None
    colour: str | None = None


@record
class BodyStyle:
    """A text frame's insets (EMU), wrapping and autofit, merged along the inheritance chain.

    ``autofit`` is "none", "normal" (PowerPoint shrinks by ``font_scale`` and reduces line
    spacing by ``line_reduction``, both as last computed by PowerPoint) or "shape" (the shape
    grows to its text, so it cannot overflow, only leave the slide).
    """

    left: int = 91440
    top: int = 45720
    right: int = 91440
    bottom: int = 45720
    wrap: bool = True
    autofit: str = "none"
    font_scale: float = 1.0
    line_reduction: float = 0.0
    anchor: str = "t"
    vertical: bool = False  # text runs top to bottom (vert, eaVert, ...): lines are columns


class Levels:
    """The inherited styles of the nine outline levels, each resolved when first asked for:
    most text uses one or two levels."""

    def __init__(self, resolve: Callable[[int], LevelStyle]) -> None:
        self._resolve = resolve
        self._resolved: dict[int, LevelStyle] = {}

    def __len__(self) -> int:
        return _LEVELS

    def __getitem__(self, level: int) -> LevelStyle:
        if not -_LEVELS <= level < _LEVELS:
            raise IndexError(level)
        level %= _LEVELS
        if level not in self._resolved:
            self._resolved[level] = self._resolve(level)
        return self._resolved[level]

    def __iter__(self) -> Iterator[LevelStyle]:
        return (self[n] for n in range(_LEVELS))


def _bool(value: str | None) -> bool | None:
    return None if value is None else value in ("1", "true")


@record
class RunFormat:
    """What one run (or a paragraph's default run properties) says about its font; None where
    it says nothing. ``typeface`` is as written: a name, or a theme reference like +mn-lt."""

    size_pt: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    typeface: str | None = None


@record
class RawParagraph:
    """One paragraph as written: its text in pieces with their formats (line breaks and fields
    included, as a reader shows them), its level and what its own properties set."""

    level: int
    pieces: tuple[tuple[str, RunFormat], ...]
    defaults: RunFormat
    margin_left: int | None = None
    line_spacing: float | None = None
    line_spacing_pt: float | None = None
    space_before_pt: float | None = None
    space_before_lines: float | None = None
    space_after_pt: float | None = None
    space_after_lines: float | None = None


_NO_FORMAT = RunFormat()


def _run_format(r_pr: Any) -> RunFormat:
    if r_pr is None:
        return _NO_FORMAT
    size = r_pr.get("sz")
    latin = r_pr.find(qn("a:latin"))
    return RunFormat(
        size_pt=int(size) / 100 if size is not None else None,
        bold=_bool(r_pr.get("b")),
        italic=_bool(r_pr.get("i")),
        typeface=latin.get("typeface") if latin is not None else None,
    )


def _spacing_of(p_pr: Any, tag: str) -> tuple[float | None, float | None]:
    """(points, fraction) of a paragraph's spcBef/spcAft/lnSpc, either or neither set."""
    el = p_pr.find(qn(tag)) if p_pr is not None else None
    if el is None:
        return None, None
    pts, pct = el.find(qn("a:spcPts")), el.find(qn("a:spcPct"))
    if pts is not None:
        return int(pts.get("val", "0")) / 100, None
    if pct is not None:
        return None, int(pct.get("val", "0")) / 100000
    return None, None


def read_paragraphs(text_frame: Any) -> list[RawParagraph]:
    """Read a text frame's paragraphs straight from the XML: what fitting measures, read in a
    fraction of the time python-pptx's run and font objects take."""
    out = []
    for p in text_frame._txBody.iterchildren(qn("a:p")):
        p_pr = p.find(qn("a:pPr"))
        pieces: list[tuple[str, RunFormat]] = []
        previous = _NO_FORMAT
        for child in p:
            tag = child.tag
            if tag == qn("a:r") or tag == qn("a:fld"):
                fmt = _run_format(child.find(qn("a:rPr")))
                t = child.find(qn("a:t"))
                pieces.append((t.text or "" if t is not None else "", fmt))
                previous = fmt
            elif tag == qn("a:br"):
                pieces.append(("\v", previous))  # a break takes the run before it
        line_pt, line_pct = _spacing_of(p_pr, "a:lnSpc")
        before_pt, before_lines = _spacing_of(p_pr, "a:spcBef")
        after_pt, after_lines = _spacing_of(p_pr, "a:spcAft")
        marl = p_pr.get("marL") if p_pr is not None else None
        out.append(
            RawParagraph(
                level=int(p_pr.get("lvl", "0")) if p_pr is not None else 0,
                pieces=tuple(pieces),
                defaults=_run_format(p_pr.find(qn("a:defRPr")) if p_pr is not None else None),
                margin_left=int(marl) if marl is not None else None,
                line_spacing=line_pct,
                line_spacing_pt=line_pt,
                space_before_pt=before_pt,
                space_before_lines=before_lines,
                space_after_pt=after_pt,
                space_after_lines=after_lines,
            )
        )
    return out


def merge_level(
    near: list[Any], font_ref: Any, far: list[Any], theme: _Theme, sample: Any = None
) -> LevelStyle:
    """One outline level's style from the list-level properties of its chain, nearest first
    (``near``, the shape's style's font reference, then ``far``), and what nothing set, from
    a placeholder's sample text."""
    values: dict[str, Any] = {}

    def put(key: str, value: Any) -> None:
        if value is not None and key not in values:
            values[key] = value

    def read(ppr: Any) -> None:
        marl = ppr.get("marL")
        put("margin_left", int(marl) if marl is not None else None)
        spacing = ppr.find(qn("a:lnSpc"))
        if spacing is not None and "line" not in values:
            values["line"] = True
            pct, pts = spacing.find(qn("a:spcPct")), spacing.find(qn("a:spcPts"))
            if pct is not None:
                put("line_spacing", int(pct.get("val", "100000")) / 100000)
            elif pts is not None:
                put("line_spacing_pt", int(pts.get("val", "0")) / 100)
        for tag, key in (("a:spcBef", "space_before"), ("a:spcAft", "space_after")):
            space = ppr.find(qn(tag))
            if space is not None and key not in values:
                values[key] = True
                pct, pts = space.find(qn("a:spcPct")), space.find(qn("a:spcPts"))
                if pts is not None:
                    put(f"{key}_pt", int(pts.get("val", "0")) / 100)
                elif pct is not None:
                    put(f"{key}_lines", int(pct.get("val", "0")) / 100000)
        rpr = ppr.find(qn("a:defRPr"))
        if rpr is not None:
            read_run(rpr)

    def read_run(rpr: Any) -> None:
        size = rpr.get("sz")
        put("size_pt", int(size) / 100 if size is not None else None)
        put("bold", _bool(rpr.get("b")))
        put("italic", _bool(rpr.get("i")))
        latin = rpr.find(qn("a:latin"))
        put("family", theme.typeface(latin.get("typeface")) if latin is not None else None)
        solid = rpr.find(qn("a:solidFill"))
        if solid is not None and len(solid):
            put("colour", theme.colour(solid[0]))

    for ppr in near:
        read(ppr)
    if font_ref is not None:
        # A shape style's font reference sits between the shape's own list style and the
        # master's text styles: it is why text in a default PowerPoint shape is white.
        idx = font_ref.get("idx")
        put("family", theme.major if idx == "major" else theme.minor if idx == "minor" else None)
        if len(font_ref):
            put("colour", theme.colour(font_ref[0]))
    for ppr in far:
        read(ppr)
    if sample is not None:
        read_run(sample)  # what nothing else set, as the placeholder's sample text shows it
    for key in ("line", "space_before", "space_after"):
        values.pop(key, None)
    return LevelStyle(**values)


def merge_body(body_prs: list[Any]) -> BodyStyle:
    """A text body's style from its ``a:bodyPr`` elements along the chain, nearest first."""
    values: dict[str, Any] = {}
    names = {"lIns": "left", "tIns": "top", "rIns": "right", "bIns": "bottom"}
    for body_pr in body_prs:
        if body_pr is None:
            continue
        for attr, key in names.items():
            if body_pr.get(attr) is not None and key not in values:
                values[key] = int(body_pr.get(attr))
        if body_pr.get("wrap") is not None and "wrap" not in values:
            values["wrap"] = body_pr.get("wrap") != "none"
        if body_pr.get("anchor") is not None and "anchor" not in values:
            values["anchor"] = body_pr.get("anchor")
        if body_pr.get("vert") is not None and "vertical" not in values:
            values["vertical"] = body_pr.get("vert") != "horz"
        if "autofit" in values:
            continue
        if body_pr.find(qn("a:spAutoFit")) is not None:
            values["autofit"] = "shape"
        elif body_pr.find(qn("a:noAutofit")) is not None:
            values["autofit"] = "none"
        elif (norm := body_pr.find(qn("a:normAutofit"))) is not None:
            values["autofit"] = "normal"
            values["font_scale"] = int(norm.get("fontScale", "100000")) / 100000
            values["line_reduction"] = int(norm.get("lnSpcReduction", "0")) / 100000
    return BodyStyle(**values)
