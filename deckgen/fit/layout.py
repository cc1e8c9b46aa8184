"""Laying out paragraphs in a text area as PowerPoint and LibreOffice do: line breaks, line
pitch, spacing; pure computation on widths, no python-pptx."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from ..records import record
from .fonts import FontBook, Measurer

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


#: A line break opens after these characters (when a word character precedes them).
_HYPHENS = "-\u2010\u2013\u2014"


_HARD_BREAKS = "\n\v\u2028"


@record
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


@record
class Span:
    """A stretch of a paragraph in one font; ``family=None`` means the paragraph's family."""

    text: str
    size_pt: float
    bold: bool = False
    italic: bool = False
    family: str | None = None


@record
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


@record
class LaidLine:
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


def lay_out(
    paragraphs: Sequence[Paragraph], box: TextArea, fonts: FontBook, width_margin: float = 0.0
) -> list[LaidLine]:
    """Every line of the text, each with its height in EMU (space before/after included).
    ``width_margin`` narrows the lines by that fraction, to stay clear of borderline wraps."""
    out: list[LaidLine] = []
    for n, para in enumerate(paragraphs):
        avail_pt = (box.text_width - para.indent) / EMU_PER_PT * (1 - width_margin)
        for k, (text, height_pt) in enumerate(_wrapped(para, avail_pt, fonts)):
            if k == 0 and n > 0:
                height_pt += para.space_before_pt + paragraphs[n - 1].space_after_pt
            out.append(LaidLine(text, height_pt * EMU_PER_PT))
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
    lines = lay_out(paragraphs, box, fonts)
    return len(lines), round(sum(line.height_emu for line in lines))


def wrap_lines(paragraphs: Sequence[Paragraph], box: TextArea, fonts: FontBook) -> list[str]:
    """The text of every wrapped line, so a caller can say which words overflow."""
    return [line.text for line in lay_out(paragraphs, box, fonts)]


def overflow_of(lines: Sequence[LaidLine], box: TextArea) -> int:
    """How many lines end below the box's text area."""
    bottom, over = 0.0, 0
    for line in lines:
        bottom += line.height_emu
        if bottom > box.text_height + 1:
            over += 1
    return over


@record
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
    lines = lay_out(paragraphs, box, fonts, width_margin)
    height = round(sum(line.height_emu for line in lines))
    return Measure(len(lines), height, overflow_of(lines, box), max(0, height - box.text_height))
