"""Text formats as values: the resolved style of a list level and of a text body, and the
formatting a paragraph states itself (``read_paragraphs``), without inheritance."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .xml import qn

_LEVELS = 9


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class RunFormat:
    """What one run (or a paragraph's default run properties) says about its font; None where
    it says nothing. ``typeface`` is as written: a name, or a theme reference like +mn-lt."""

    size_pt: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    typeface: str | None = None


@dataclass(frozen=True)
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
