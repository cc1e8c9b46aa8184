"""Measure text with real font metrics so generated decks never open with overflowing text.

PowerPoint's "shrink text on overflow" only runs after someone edits the text, so a deck we write
opens with text spilling out of its box. This module wraps text the way PowerPoint and LibreOffice
do, with the font files they would use, and shrinks a text frame's font sizes until the text fits
(or reports by how much it does not).

The layout rules were measured against LibreOffice 7.4 (see tests/test_fit.py):

* line pitch is ``1.2 x font size x line spacing`` for every font (Carlito, Liberation Sans,
  Serif and Mono all measure 1.200), not the font's ascent + descent (1.22 em for Carlito,
  1.15 em for Liberation Sans);
* space before the first paragraph is ignored; space before/after between paragraphs adds up;
* lines break after spaces and after a hyphen inside a word; trailing spaces hang past the edge;
  a word wider than the line breaks between characters, but never inside a ligature (Carlito
  draws "ti", "fi", "tt", ... as one glyph);
* widths are shaped with kerning (Pillow's libraqm layout), as LibreOffice does and as
  PowerPoint does for text of 12 pt and more under the default ``kern="1200"`` of its
  templates. A Pillow without libraqm measures unkerned, slightly wider text: safe for fitting.

On 600 random boxes (Carlito, Liberation Sans/Serif, regular and bold, 12-40 pt, mixed runs)
97% (579 of 597) wrap to the same line count as LibreOffice; each disagreement is a line within
0.5% of the box width, which fitting absorbs with WIDTH_MARGIN. Every text shape of the shipped
decks renders with the predicted line count (tests/test_fit.py).

A shape's text is read with what it inherits from its layout, master and theme (sizes, bold,
fonts, margins, spacing; ``ooxml.StyleReader``), because that is what a reader lays out.
``Fitter`` fits the text shapes of built slides down to a floor per placeholder role and
reports what still does not fit; ``deckgen check`` measures with the same functions.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont, features
from pptx.util import Pt

from . import ooxml
from .cache import LRU
from .errors import FieldPath, format_path
from .ooxml import LevelStyle
from .roles import FLOORS_PT, FURNITURE, MIN_FONT_PT, shape_role

EMU_PER_PT = 12700
EMU_PER_INCH = 914400

#: Line pitch of single-spaced text as a multiple of the font size (measured in LibreOffice).
LINE_HEIGHT_EM = 1.2

#: A left margin per outline level for text whose style is not known: a 0.25 in hanging indent,
#: so level 0 text starts 0.25 in in (the bullet hangs at 0), level 1 at 0.5 in, and so on.
#: Shapes of a deck are measured with their template's own margins (``StyleReader.levels``).
BODY_INDENTS_EMU: tuple[int, ...] = tuple((level + 1) * EMU_PER_INCH // 4 for level in range(9))

#: Fitting treats lines as this much narrower than the box. LibreOffice's rendered widths differ
#: from the exact font metrics by up to 0.7% either way, depending on font and size (measured:
#: Liberation Serif 14 pt +0.7%, Carlito 16 pt bold -0.5%; it rounds to a device resolution), and
#: PowerPoint rounds in its own way. 1% keeps a line that only just fits by our measure from
#: wrapping in a renderer.
WIDTH_MARGIN = 0.01

#: Average advance used when no font file is found. Sentence-case text averages 0.40 em in
#: Carlito, 0.43 em in Liberation Sans and 0.50 em in DejaVu Sans, so the estimate errs towards
#: shrinking (only all-caps text is wider).
FALLBACK_EM = 0.55
FALLBACK_MONO_EM = 0.6

#: Metric-compatible open fonts for the Office core fonts: same advance widths, so the same
#: line breaks. LibreOffice substitutes the same ones when it renders a deck.
SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "calibri": ("Carlito",),
    "cambria": ("Caladea",),
    "arial": ("Liberation Sans", "Arimo"),
    "helvetica": ("Liberation Sans", "Arimo"),
    "times new roman": ("Liberation Serif", "Tinos"),
    "times": ("Liberation Serif", "Tinos"),
    "courier new": ("Liberation Mono", "Cousine"),
    "courier": ("Liberation Mono", "Cousine"),
    "arial narrow": ("Liberation Sans Narrow",),
}

_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "~/Library/Fonts",
    os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"),
)
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")

#: Glyphs are shaped at this pixel size and scaled: 2048 px = 1 unit per pixel for the fonts we
#: care about, so FreeType's rounding and hinting are negligible.
_REF_PX = 2048
#: Text is shaped in pieces of at most this many characters, each far below the overflow.
_SHAPED_CHARS = 1000

#: A line break opens after these characters (when a word character precedes them).
_HYPHENS = "-\u2010\u2013\u2014"
_HARD_BREAKS = "\n\v\u2028"


@dataclass(frozen=True)
class TextArea:
    """The text area of a shape in EMU; the insets are the text frame's margins."""

    width: int
    height: int
    left_inset: int = 91440
    right_inset: int = 91440
    top_inset: int = 45720
    bottom_inset: int = 45720

    @property
    def text_width(self) -> int:
        return self.width - self.left_inset - self.right_inset

    @property
    def text_height(self) -> int:
        return self.height - self.top_inset - self.bottom_inset

    @classmethod
    def of(cls, shape: Any) -> TextArea:
        """The box of a python-pptx shape, so callers need not repeat the inset defaults."""
        tf = shape.text_frame
        return cls(
            width=int(shape.width),
            height=int(shape.height),
            left_inset=int(tf.margin_left),
            right_inset=int(tf.margin_right),
            top_inset=int(tf.margin_top),
            bottom_inset=int(tf.margin_bottom),
        )


@dataclass(frozen=True)
class Span:
    """A stretch of a paragraph in one font; ``family=None`` means the paragraph's family."""

    text: str
    size_pt: float
    bold: bool = False
    italic: bool = False
    family: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """One paragraph to lay out.

    ``text`` may contain explicit line breaks (``\\n`` or python-pptx's ``\\v``). ``spans`` is
    set only for mixed formatting (a bold lead-in, say); their texts must join to ``text``.
    ``line_spacing`` is a multiple of single spacing; ``line_spacing_pt``, when set, is an exact
    line pitch instead (PowerPoint's "Exactly"). ``indent`` is the text's left margin in EMU.
    """

    text: str
    size_pt: float
    bold: bool = False
    italic: bool = False
    space_before_pt: float = 0.0
    line_spacing: float = 1.0
    indent: int = 0
    family: str = "Calibri"
    space_after_pt: float = 0.0
    line_spacing_pt: float | None = None
    spans: tuple[Span, ...] = ()

    def __post_init__(self) -> None:
        if self.spans and "".join(s.text for s in self.spans) != self.text:
            raise ValueError("Paragraph.spans must join to Paragraph.text")

    def styled(self) -> tuple[Span, ...]:
        """The spans, or one span covering the text when the formatting is uniform."""
        if self.spans:
            return self.spans
        return (Span(self.text, self.size_pt, self.bold, self.italic, self.family),)


@dataclass(frozen=True)
class FitResult:
    """What fitting did: the final (largest) size, its ratio to the original, and the overflow."""

    fits: bool
    size_pt: float
    scale: float
    lines: int
    overflow_lines: int


#: Shaped widths kept per font: every prefix of a line is measured while wrapping, and what
#: repeats is within a deck (each shrink step) and the text every client shares.
WIDTH_CACHE_ENTRIES = 16384
#: Only texts up to this length are kept (a line or a word): the cache holds its keys, and a
#: deck's 100,000-character word would otherwise fill memory with its prefixes.
CACHED_WIDTH_CHARS = 256


class _Face:
    """One loaded font file at the reference size, with a cache of shaped widths."""

    def __init__(self, path: str, index: int) -> None:
        self.shaped = features.check("raqm")
        engine = ImageFont.Layout.RAQM if self.shaped else ImageFont.Layout.BASIC
        self.path = path
        self.font = ImageFont.truetype(path, _REF_PX, index=index, layout_engine=engine)
        self._small = ImageFont.truetype(path, 48, index=index, layout_engine=engine)
        self.width = functools.lru_cache(maxsize=WIDTH_CACHE_ENTRIES)(self._width)
        self.joins = functools.lru_cache(maxsize=4096)(self._joins)

    def _width(self, text: str) -> float:
        """Advance width of ``text`` in em (kerned, as LibreOffice shapes it), longer text
        in pieces: FreeType's 26.6 fixed point overflows past 16,384 em at the reference size
        (100,000 letters), and Pillow then reports a negative width."""
        if len(text) > _SHAPED_CHARS:
            pieces = range(0, len(text), _SHAPED_CHARS)
            return sum(self._width(text[i : i + _SHAPED_CHARS]) for i in pieces)
        return self.font.getlength(text) / _REF_PX

    def _joins(self, pair: str) -> bool:
        """Whether the two characters form a ligature (Carlito's "ti", "fi", ...): a renderer
        cannot break a line inside one glyph, so neither may we."""
        if not self.shaped:
            return False
        pictures = []
        for feats in (None, ["-liga"]):
            image = Image.new("L", (160, 96))
            ImageDraw.Draw(image).text((8, 8), pair, font=self._small, fill=255, features=feats)
            pictures.append(image.tobytes())
        return pictures[0] != pictures[1]


@dataclass(frozen=True)
class Measurer:
    """Widths of text in one font at one size, in points.

    ``path`` is the font file used, or None when the width is the conservative estimate.
    """

    family: str
    size_pt: float
    bold: bool = False
    italic: bool = False
    path: str | None = None
    face: _Face | None = field(default=None, repr=False, compare=False)

    @property
    def estimated(self) -> bool:
        return self.face is None

    def joins(self, pair: str) -> bool:
        """Whether a line may not break between the two characters of ``pair``."""
        return self.face is not None and self.face.joins(pair)

    def width_pt(self, text: str) -> float:
        text = text.replace("\t", " ")
        if self.face is None:
            mono = "mono" in self.family.lower() or "courier" in self.family.lower()
            return len(text) * (FALLBACK_MONO_EM if mono else FALLBACK_EM) * self.size_pt
        if len(text) > CACHED_WIDTH_CHARS:
            return self.face._width(text) * self.size_pt
        return self.face.width(text) * self.size_pt


class FontBook:
    """Find font files for a family name, with metric-compatible substitutes (Calibri->Carlito,
    Arial/Helvetica->Liberation Sans, Times New Roman->Liberation Serif, Courier New->Liberation
    Mono, Cambria->Caladea), by asking fc-match if available and else scanning the usual font
    directories; loaded fonts are cached per file (shaped once at a reference size and scaled,
    which is exact and lets every size share one object). ``missing`` records families that had
    no usable font, so the caller can warn once that their sizes are only estimated.
    """

    def __init__(
        self,
        font_dirs: Sequence[str | os.PathLike[str]] | None = None,
        *,
        use_fc_match: bool = True,
    ) -> None:
        self.missing: set[str] = set()
        self.wraps: dict[tuple[Paragraph, float], tuple[tuple[str, float], ...]] = {}
        self._dirs = [Path(d).expanduser() for d in (font_dirs or _FONT_DIRS)]
        self._fc_match = shutil.which("fc-match") if use_fc_match else None
        # fc-match knows every installed font; scan files only without it or for extra dirs.
        self._scan_dirs = font_dirs is not None or self._fc_match is None
        self._files: dict[tuple[str, bool, bool], tuple[str, int] | None] = {}
        self._faces: dict[tuple[str, int], _Face] = {}
        self._index: list[tuple[str, str, str, int]] | None = None

    def font(
        self, family: str, size_pt: float, bold: bool = False, italic: bool = False
    ) -> Measurer:
        """A measurer for ``family`` at ``size_pt``; an estimate if no font file is found."""
        found = self.find(family, bold, italic)
        if found is None:
            self.missing.add(family)
            return Measurer(family, size_pt, bold, italic)
        face = self._faces.get(found)
        if face is None:
            face = self._faces[found] = _Face(*found)
        return Measurer(family, size_pt, bold, italic, found[0], face)

    def find(self, family: str, bold: bool = False, italic: bool = False) -> tuple[str, int] | None:
        """The (file, face index) used for ``family``, trying its substitutes after it."""
        key = (family.casefold(), bold, italic)
        if key not in self._files:
            self._files[key] = None
            for name in (family, *SUBSTITUTES.get(family.casefold().strip(), ())):
                found = self._ask_fc_match(name, bold, italic)
                if found is None and self._scan_dirs:
                    found = self._scan(name, bold, italic)
                if found:
                    self._files[key] = found
                    break
        return self._files[key]

    def _ask_fc_match(self, family: str, bold: bool, italic: bool) -> tuple[str, int] | None:
        """fc-match answers with its best font for anything, so accept only the family asked."""
        if not self._fc_match:
            return None
        escaped = "".join("\\" + ch if ch in "-:,\\" else ch for ch in family)
        pattern = escaped + (":bold" if bold else "") + (":italic" if italic else "")
        try:
            out = subprocess.run(
                [self._fc_match, "-f", "%{family}\t%{file}\t%{index}", pattern],
                capture_output=True,
                text=True,
                timeout=10,
                check=True,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        parts = out.split("\t")
        if len(parts) != 3:
            return None
        families = {f.strip().casefold() for f in parts[0].split(",")}
        if family.casefold() not in families or not os.path.isfile(parts[1]):
            return None
        return parts[1], int(parts[2] or 0)

    def _scan(self, family: str, bold: bool, italic: bool) -> tuple[str, int] | None:
        """Look through the font directories by the family name stored in each file."""
        if self._index is None:
            self._index = list(self._read_font_dirs())
        best: tuple[int, str, int] | None = None
        for fam, style, path, index in self._index:
            if fam != family.casefold():
                continue
            is_bold = "bold" in style or "black" in style or "heavy" in style
            is_italic = "italic" in style or "oblique" in style
            score = (is_bold == bold) * 2 + (is_italic == italic)
            if best is None or score > best[0]:
                best = (score, path, index)
        return (best[1], best[2]) if best else None

    def _read_font_dirs(self) -> Iterator[tuple[str, str, str, int]]:
        for root in self._dirs:
            if not root.is_dir():
                continue
            for path in sorted(root.rglob("*")):
                if path.suffix.lower() not in _FONT_SUFFIXES:
                    continue
                for index in range(16 if path.suffix.lower() in (".ttc", ".otc") else 1):
                    try:
                        fam, style = ImageFont.truetype(str(path), 10, index=index).getname()
                    except OSError:
                        break
                    yield (fam or "").casefold(), (style or "").casefold(), str(path), index


@dataclass(frozen=True)
class _Line:
    text: str
    height_emu: float


def _break_opportunities(text: str) -> list[int]:
    """Offsets where a line may end: after a run of spaces, or after a hyphen inside a word."""
    stops = []
    for i, ch in enumerate(text[:-1]):
        nxt = text[i + 1]
        after_space = ch == " " and nxt != " "
        after_hyphen = ch in _HYPHENS and i > 0 and text[i - 1].isalnum() and nxt not in " -"
        if after_space or after_hyphen:
            stops.append(i + 1)
    stops.append(len(text))
    return stops


#: Words and the spaces between them are measured one by one to estimate a line's width: it
#: differs from the shaped line only by kerning across the spaces, at most 2.2% on the
#: shipped decks' sentences in Carlito and Liberation Sans/Serif, regular and bold. Closer to
#: the limit than this margin, the whole line is shaped.
ESTIMATE_MARGIN = 0.05
#: Words (ending after their hyphens, so every break opportunity ends one), runs of spaces and
#: hard breaks: the pieces whose widths are summed, so any line's estimate is a subtraction.
_DASH = re.escape(_HYPHENS)
_WORDS = re.compile(rf"[^ {_DASH}{_HARD_BREAKS}]+[{_DASH}]*|[{_DASH}]+| +|[{_HARD_BREAKS}]")


def _word_width(measurer: Measurer, word: str) -> float:
    return 0.0 if word in _HARD_BREAKS else measurer.width_pt(word)


class _Styled:
    """Paragraph text with a measurer per character range, measuring any slice of it."""

    def __init__(self, paragraph: Paragraph, fonts: FontBook) -> None:
        self.text = ""
        self.runs: list[tuple[int, int, Measurer]] = []
        for span in paragraph.styled():
            family = span.family or paragraph.family
            measurer = fonts.font(family, span.size_pt, span.bold, span.italic)
            start = len(self.text)
            self.text += span.text
            if span.text:
                self.runs.append((start, len(self.text), measurer))
        self._ends = [b for _, b, _ in self.runs]
        self.default_size = paragraph.size_pt
        self._sums: dict[int, float] | None = None

    def _runs(self, start: int, end: int) -> list[tuple[int, int, Measurer]]:
        """The runs overlapping text[start:end], found by bisection: a paragraph may have
        thousands of runs, and every line asks."""
        found = []
        for n in range(bisect.bisect_right(self._ends, start), len(self.runs)):
            if self.runs[n][0] >= end:
                break
            found.append(self.runs[n])
        return found

    def width(self, start: int, end: int) -> float:
        """Width in points of text[start:end] without its trailing spaces (they hang)."""
        while end > start and self.text[end - 1] == " ":
            end -= 1
        total = 0.0
        for a, b, m in self._runs(start, end):
            lo, hi = max(a, start), min(b, end)
            if lo < hi:
                total += m.width_pt(self.text[lo:hi])
        return total

    def fits(self, start: int, end: int, avail_pt: float) -> bool:
        """Whether text[start:end] fits in avail_pt, as ``width`` would say, shaping the whole
        text only when the sum of its words' widths is within ESTIMATE_MARGIN of the limit:
        wrapping asks this for every word of a line, and shaping every prefix of every line
        was most of the cost of fitting new text."""
        while end > start and self.text[end - 1] == " ":
            end -= 1
        estimate = self._estimate(start, end)
        if estimate < avail_pt * (1 - ESTIMATE_MARGIN):
            return True
        if estimate > avail_pt * (1 + ESTIMATE_MARGIN):
            return False
        return self.width(start, end) <= avail_pt + 1e-6

    def _estimate(self, start: int, end: int) -> float:
        """The width of text[start:end] as the sum of its words and spaces measured alone."""
        if self._sums is None:
            self._sums = {0: 0.0}
            total = 0.0
            for a, b, m in self.runs:
                for word in _WORDS.finditer(self.text, a, b):
                    total += _word_width(m, word.group())
                    self._sums[word.end()] = total
        if start in self._sums and end in self._sums:
            return self._sums[end] - self._sums[start]
        total = 0.0
        for a, b, m in self._runs(start, end):
            lo, hi = max(a, start), min(b, end)
            if lo < hi:
                total += sum(_word_width(m, w) for w in _WORDS.findall(self.text, lo, hi))
        return total

    def breakable(self, pos: int) -> bool:
        """Whether a word may be split before text[pos] (not inside a ligature)."""
        for a, b, m in self._runs(pos, pos + 1):
            if a < pos < b:
                return not m.joins(self.text[pos - 1 : pos + 1])
        return True

    def size(self, start: int, end: int) -> float:
        """The largest font size on text[start:end] (an empty line takes the paragraph's)."""
        sizes = [m.size_pt for a, b, m in self._runs(start, max(end, start + 1)) if b > start]
        return max(sizes, default=self.default_size)


def _wrap(styled: _Styled, start: int, end: int, avail_pt: float) -> list[tuple[int, int]]:
    """Greedy line breaking of text[start:end] within ``avail_pt``, as PowerPoint does it.

    It ends for any width: every line but an empty segment's takes at least one character
    (a box with no room at all, as narrow as its insets or less, sets one character a line).
    """
    avail_pt = max(avail_pt, 0.0)
    text = styled.text[start:end]
    # What fits whole is one line; asked first (a subtraction of word sums), it spares text
    # that does not wrap (a box "do not wrap" is measured as very wide) a walk over its words.
    if not text or styled.fits(start, end, avail_pt):
        return [(start, end)]
    stops = [start + s for s in _break_opportunities(text)]
    lines: list[tuple[int, int]] = []
    line_start = start
    last_fit: int | None = None
    i = 0
    while i < len(stops):
        stop = stops[i]
        if styled.fits(line_start, stop, avail_pt):
            last_fit = stop
            i += 1
            continue
        if last_fit is not None and last_fit > line_start:
            lines.append((line_start, last_fit))
            line_start, last_fit = last_fit, None
            continue
        # One word is wider than the line: break it between characters (not inside a ligature),
        # each line keeping at least one character, until its rest fits on a line. The spaces
        # after the word hang at the end of its last piece, as after any word.
        while (cut := _cut(styled, line_start, stop, avail_pt)) is not None:
            if not styled.text[cut:stop].strip(" "):
                cut = stop
            lines.append((line_start, cut))
            line_start = cut
            if cut == stop:
                break
        last_fit = stop if line_start < stop else None
        i += 1
    if line_start < end or not lines:
        lines.append((line_start, end))
    return lines


def _cut(styled: _Styled, start: int, stop: int, avail_pt: float) -> int | None:
    """Where to end the line of text[start:stop], a word wider than the line: after its longest
    prefix that fits ``avail_pt`` and does not end inside a ligature, or after its first
    character when none fits; None when all of it fits.

    The longest fitting prefix is found by doubling its length, then halving the difference,
    so a word of 100,000 characters costs a few measurements per line, not one per character.
    """
    n = 1
    good = start  # the end of the longest prefix known to fit
    while start + n < stop and styled.width(start, start + n) <= avail_pt + 1e-6:
        good = start + n
        n *= 2
    bad = min(start + n, stop)
    if bad == stop and styled.width(start, stop) <= avail_pt + 1e-6:
        return None
    while bad - good > 1:
        middle = (good + bad) // 2
        if styled.width(start, middle) <= avail_pt + 1e-6:
            good = middle
        else:
            bad = middle
    for pos in range(good, start, -1):
        if styled.breakable(pos):
            return pos
    return next((pos for pos in range(start + 1, stop) if styled.breakable(pos)), stop)


def _layout(
    paragraphs: Sequence[Paragraph], box: TextArea, fonts: FontBook, width_margin: float = 0.0
) -> list[_Line]:
    """Every line of the text, each with its height in EMU (space before/after included).
    ``width_margin`` narrows the lines by that fraction, to stay clear of borderline wraps."""
    out: list[_Line] = []
    for n, para in enumerate(paragraphs):
        avail_pt = (box.text_width - para.indent) / EMU_PER_PT * (1 - width_margin)
        for k, (text, height_pt) in enumerate(_wrapped(para, avail_pt, fonts)):
            if k == 0 and n > 0:
                height_pt += para.space_before_pt + paragraphs[n - 1].space_after_pt
            out.append(_Line(text, height_pt * EMU_PER_PT))
    return out


#: Wrapped paragraphs kept per FontBook: a batch builds the same sentences into the same boxes
#: for every client, and fitting tries each size once per deck.
WRAP_CACHE_ENTRIES = 8192
#: Longer paragraphs are not kept: the cache would hold their text and lines, and no deck
#: repeats a paragraph that long.
WRAP_CACHE_CHARS = 2000


def _wrapped(para: Paragraph, avail_pt: float, fonts: FontBook) -> tuple[tuple[str, float], ...]:
    """The lines of one paragraph in ``avail_pt``, each with its height in points (before any
    space between paragraphs)."""
    key = (para, round(avail_pt, 4))
    found = fonts.wraps.get(key)
    if found is not None:
        return found
    styled = _Styled(para, fonts)
    ranges: list[tuple[int, int]] = []
    seg_start = 0
    for i, ch in enumerate(styled.text + "\n"):
        if ch in _HARD_BREAKS or i == len(styled.text):
            ranges.extend(_wrap(styled, seg_start, i, avail_pt))
            seg_start = i + 1
    lines = []
    for a, b in ranges:
        if para.line_spacing_pt is not None:
            height_pt = para.line_spacing_pt
        else:
            height_pt = styled.size(a, b) * LINE_HEIGHT_EM * para.line_spacing
        lines.append((styled.text[a:b].rstrip(" "), height_pt))
    found = tuple(lines)
    if len(para.text) <= WRAP_CACHE_CHARS:
        if len(fonts.wraps) >= WRAP_CACHE_ENTRIES:
            fonts.wraps.clear()
        fonts.wraps[key] = found
    return found


def measure_lines(
    paragraphs: Sequence[Paragraph], box: TextArea, fonts: FontBook
) -> tuple[int, int]:
    """Wrapped line count and text height in EMU of ``paragraphs`` laid out in ``box``."""
    lines = _layout(paragraphs, box, fonts)
    return len(lines), round(sum(line.height_emu for line in lines))


def wrap_lines(paragraphs: Sequence[Paragraph], box: TextArea, fonts: FontBook) -> list[str]:
    """The text of every wrapped line, so a caller can say which words overflow."""
    return [line.text for line in _layout(paragraphs, box, fonts)]


def _overflow(lines: Sequence[_Line], box: TextArea) -> int:
    """How many lines end below the box's text area."""
    bottom, over = 0.0, 0
    for line in lines:
        bottom += line.height_emu
        if bottom > box.text_height + 1:
            over += 1
    return over


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
    styles: Sequence[LevelStyle] = (),
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
    styles: Sequence[LevelStyle] = (),
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
    lines = _layout(paragraphs, box, fonts, width_margin)
    over = _overflow(lines, box)
    if not over:
        return FitResult(True, largest, 1.0, len(lines), 0)
    if largest <= floor_pt:
        return FitResult(False, largest, 1.0, len(lines), over)

    def attempt(target: float) -> tuple[list[_Line], int]:
        rescaled = _rescaled(paragraphs, largest, target, least_pt)
        tried = _layout(rescaled, box, fonts, width_margin)
        return tried, _overflow(tried, box)

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
    for para in text_frame.paragraphs:
        style = styles[min(para.level, len(styles) - 1)] if styles else LevelStyle()
        for run in para.runs:
            size = _pt(run.font.size) or _pt(para.font.size) or style.size_pt or default_size_pt
            run.font.size = Pt(_shrunk(size, largest, target, least_pt))
    return FitResult(over == 0, target, target / largest, len(lines), over)


# --- measuring and fitting the shapes of a slide -------------------------------------------

#: Shrinking goes a step at a time for up to this many steps (far more than 60 pt to a 24 pt
#: floor takes); beyond, it halves the range of steps, so any size costs a few dozen layouts.
MAX_SHRINK_STEPS = 64

#: Bound of what a Fitter cache keeps (roles and styles of a template's placeholders).
FIT_CACHE_ENTRIES = 4096

#: Fitted shapes kept per template: the shapes of a few decks, which is what repeats.
FITTED_SHAPES = 256

#: Text without any size anywhere in its inheritance chain is 18 pt in PowerPoint.
DEFAULT_SIZE_PT = 18.0

#: Room given to a frame that does not wrap or grows with its text: lines are never cut.
_UNBOUNDED = 10**10


@dataclass(frozen=True)
class Measure:
    """How text lays out in a box: lines, height and how far it runs past the bottom (EMU)."""

    lines: int
    height: int
    overflow_lines: int
    overflow: int


def measure(
    paragraphs: Sequence[Paragraph], box: TextArea, fonts: FontBook, width_margin: float = 0.0
) -> Measure:
    """Lay out ``paragraphs`` in ``box`` and say whether, and by how much, they overflow it."""
    lines = _layout(paragraphs, box, fonts, width_margin)
    height = round(sum(line.height_emu for line in lines))
    return Measure(len(lines), height, _overflow(lines, box), max(0, height - box.text_height))


@dataclass(frozen=True)
class ShapeText:
    """A shape's text as a reader lays it out: paragraphs with their inherited formatting, the
    box, and the body properties."""

    paragraphs: list[Paragraph]
    box: TextArea
    body: ooxml.BodyStyle
    styles: Sequence[LevelStyle]
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
        styles: Sequence[LevelStyle] = levels
        body = reader.body(shape)
        family = styles[0].family or reader.theme(shape).minor
        if cache is not None and key is not None:
            styles = tuple(dataclasses.replace(level, colour=None) for level in levels)
            cache[key] = (styles, body, family)
    else:
        styles, body, family = hit
    paragraphs = paragraphs_of(shape.text_frame, family, DEFAULT_SIZE_PT, styles=styles)
    unbounded = body.autofit == "shape" or not body.wrap
    box = TextArea(
        width=_UNBOUNDED if not body.wrap else int(shape.width or 0),
        height=_UNBOUNDED if unbounded else int(shape.height or 0),
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


def layout_placeholders(slide: Any) -> dict[int, Any]:
    """The placeholders of a slide's layout by idx, which the slide's placeholders inherit."""
    return {ph.placeholder_format.idx: ph for ph in slide.slide_layout.placeholders}


def display_name(shape: Any, source: Any | None = None) -> str:
    """The name a person knows a shape by: its layout placeholder's (the designer's, e.g.
    "Left body") rather than python-pptx's "Text Placeholder 3"."""
    return (source.name if source is not None else None) or shape.name or "shape"


Locate = Callable[[FieldPath], tuple[str, "int | None"]]

#: Which font package makes a missing Office font measurable (metric-compatible) on Linux.
FONT_PACKAGES = {
    "calibri": "fonts-crosextra-carlito",
    "cambria": "fonts-crosextra-caladea",
    "arial": "fonts-liberation2",
    "helvetica": "fonts-liberation2",
    "times new roman": "fonts-liberation2",
    "courier new": "fonts-liberation2",
}


@dataclass(frozen=True)
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


_FittedShape = tuple[Any, frozenset[str], tuple[str, str, tuple[str, ...], int, float] | None]


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
        cache: dict[str, Any] | None = None,
        advise: Callable[[Overflow], str] | None = None,
    ) -> None:
        self.fonts = fonts if fonts is not None else default_fonts()
        # What to tell the user to do about text that does not fit: the caller knows the
        # layout the slide is on and whether the content is the user's to shorten.
        self.advise = advise or (lambda _: "shorten it, or build with --allow-overflow to keep it")
        self.floors = FLOORS_PT if floors is None else floors
        self.allow_overflow = allow_overflow
        self.locate = locate
        self.overflows: list[Overflow] = []
        self.missing_fonts: set[str] = set()
        # Kept by the caller per template (Template.cache): every deck from one template has
        # the same layouts, roles and inherited styles, so a batch works them out once.
        cache = cache if cache is not None else {}
        if sum(len(v) for v in cache.values() if isinstance(v, dict | ooxml.StyleReader)) > (
            FIT_CACHE_ENTRIES
        ):
            cache.clear()
        # Slides are built on one slide per layout that is reset each time, so what the reader
        # keeps (chains of parts, inherited placeholders, themes) serves every deck.
        self.reader: ooxml.StyleReader = cache.setdefault("reader", ooxml.StyleReader())
        self._styles: StyleCache = cache.setdefault("styles", {})
        self._roles: dict[tuple[str, int | str], tuple[str, str]] = cache.setdefault("roles", {})
        self._frames: LRU[_FittedShape] = cache.setdefault("frames", LRU(FITTED_SHAPES))
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
            fitted, missing, over = done
            if fitted is not None:
                ooxml.replace_element(element, fitted)
            self.missing_fonts |= missing
            if over is not None:
                name, role, texts, lines, floor = over
                fields = content_fields(model, number - 1, texts) if model is not None else ()
                self.overflows.append(Overflow(number, name, role, texts, lines, floor, fields))

    def _fit_shape(self, shape: Any, slide: Any, layout: str) -> _FittedShape:
        """Fit one shape; return its fitted XML (None: left as it is), the fonts it lacks and
        (name, role, texts, lines over, floor) when it does not fit."""
        idx = ooxml.placeholder_idx(shape)
        key = (layout, idx if idx is not None else shape.name)
        if key not in self._roles:
            source = layout_placeholders(slide).get(idx) if idx is not None else None
            self._roles[key] = (display_name(shape, source), shape_role(shape, source))
        name, role = self._roles[key]
        if role in FURNITURE:
            return None, frozenset(), None
        text = shape_text(shape, self.reader, self._styles)
        if text.grows:
            return None, frozenset(), None
        floor = self.floors.get(role, MIN_FONT_PT)
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
        over = None
        if not result.fits:
            texts = tuple(p.text for p in shape.text_frame.paragraphs if p.text)
            over = (name, role, texts, result.overflow_lines, floor)
        return ooxml.detached_copy(shape._element), missing, over

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
        if not overflow.fields:
            return what
        field = ", ".join(format_path(path) for path in overflow.fields)
        if self.locate is None:
            return f"{field}: {what}"
        file, line = self.locate(overflow.fields[0])
        return f"{file}:{line}: {field}: {what}" if line else f"{file}: {field}: {what}"

    def finish(self) -> list[str]:
        """Raise RenderError naming every text that does not fit (what to shorten, and by how
        many lines), unless overflow is allowed; return the warnings for the user."""
        from .errors import RenderError

        if self.overflows and not self.allow_overflow:
            raise RenderError("\n".join(self.message(o, self.advise(o)) for o in self.overflows))
        warnings = [self.message(o, "kept as it is (--allow-overflow)") for o in self.overflows]
        for family in sorted(self.missing_fonts):
            package = FONT_PACKAGES.get(family.casefold())
            hint = f"; install {package}" if package else "; install it"
            warnings.append(
                f'font "{family}" is not installed here, nor a metric-compatible substitute, '
                f"so text was fitted by a cautious estimate{hint}"
            )
        return warnings


@functools.lru_cache(maxsize=1)
def default_fonts() -> FontBook:
    """The process's FontBook: fonts are looked up and loaded once, however many decks."""
    return FontBook()
