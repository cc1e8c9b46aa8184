"""Fonts to measure text with: the installed file for a family (or its metric-compatible
substitute), shaped widths at any size, and a cautious estimate where no file is found."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import diskcache
from ..records import record
from .fontstore import (
    FONT_DIRS,
    KEPT_WIDTHS,
    KeptAnswers,
    KeptWidths,
    digest,
    font_files,
    font_set,
    pillow_versions,
)

if TYPE_CHECKING:
    from .layout import Paragraph


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


_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


#: Glyphs are shaped at this pixel size and scaled: 2048 px = 1 unit per pixel for the fonts we
#: care about, so FreeType's rounding and hinting are negligible.
_REF_PX = 2048


#: Text is shaped in pieces of at most this many characters, each far below the overflow.
_SHAPED_CHARS = 1000


#: Shaped widths kept per font: every prefix of a line is measured while wrapping, and what
#: repeats is within a deck (each shrink step) and the text every client shares. A batch adds
#: a few one-off widths a client, so the store is full, and a worker's memory flat, after
#: some hundreds of decks; what every client shares is used on every deck and stays.
WIDTH_CACHE_ENTRIES = 4096


#: Only texts up to this length are kept (a line or a word): the cache holds its keys, and a
#: deck's 100,000-character word would otherwise fill memory with its prefixes.
CACHED_WIDTH_CHARS = 256


class _Face:
    """One loaded font file at the reference size, with a cache of shaped widths (and, with
    ``kept``, the widths an earlier process measured)."""

    def __init__(self, path: str, index: int, kept: KeptWidths | None = None) -> None:
        from PIL import ImageFont, features  # measuring: a build of kept slides measures nothing

        self.shaped = features.check("raqm")
        engine = ImageFont.Layout.RAQM if self.shaped else ImageFont.Layout.BASIC
        self.path = path
        self.font = ImageFont.truetype(path, _REF_PX, index=index, layout_engine=engine)
        self._small = ImageFont.truetype(path, 48, index=index, layout_engine=engine)
        self.kept = kept
        self.width = functools.lru_cache(maxsize=WIDTH_CACHE_ENTRIES)(self._width)
        self.joins = functools.lru_cache(maxsize=4096)(self._joins)

    def _width(self, text: str) -> float:
        """Advance width of ``text`` in em (kerned, as LibreOffice shapes it), longer text
        in pieces: FreeType's 26.6 fixed point overflows past 16,384 em at the reference size
        (100,000 letters), and Pillow then reports a negative width."""
        if len(text) > _SHAPED_CHARS:
            pieces = range(0, len(text), _SHAPED_CHARS)
            return sum(self._width(text[i : i + _SHAPED_CHARS]) for i in pieces)
        if self.kept is None or len(text) > CACHED_WIDTH_CHARS:
            return self.font.getlength(text) / _REF_PX
        key = digest(text)
        width = self.kept.widths.get(key)
        if width is None:
            width = self.font.getlength(text) / _REF_PX
            if not self.kept.closed and len(self.kept.new_widths) < KEPT_WIDTHS:
                self.kept.new_widths[key] = width
        return width

    def _joins(self, pair: str) -> bool:
        """Whether the two characters form a ligature (Carlito's "ti", "fi", ...): a renderer
        cannot break a line inside one glyph, so neither may we."""
        if not self.shaped:
            return False
        key = digest(pair) if self.kept is not None else ""
        if self.kept is not None and key in self.kept.joins:
            return self.kept.joins[key]
        from PIL import Image, ImageDraw

        pictures = []
        for feats in (None, ["-liga"]):
            image = Image.new("L", (160, 96))
            ImageDraw.Draw(image).text((8, 8), pair, font=self._small, fill=255, features=feats)
            pictures.append(image.tobytes())
        joined = pictures[0] != pictures[1]
        if self.kept is not None and not self.kept.closed:
            self.kept.new_joins[key] = joined
        return joined


@record
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
        keep: bool = False,
    ) -> None:
        self.missing: set[str] = set()
        self.wraps: dict[tuple[Paragraph, float], tuple[tuple[str, float], ...]] = {}
        self._dirs = [Path(d).expanduser() for d in (font_dirs or FONT_DIRS)]
        self._fc_match = shutil.which("fc-match") if use_fc_match else None
        # fc-match knows every installed font; scan files only without it or for extra dirs.
        self._scan_dirs = font_dirs is not None or self._fc_match is None
        self._files: dict[tuple[str, bool, bool], tuple[str, int] | None] = {}
        self._faces: dict[tuple[str, int], _Face] = {}
        self._index: list[tuple[str, str, str, int]] | None = None
        self._keep = keep
        self._closed = False  # save_kept(last=True): measure on, keep nothing new
        self._answers: KeptAnswers | None = None
        self._environment: dict[str, Any] | None = None

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
            kept = KeptWidths.read(*found) if self._keep else None
            if kept is not None:
                kept.closed = self._closed
            face = self._faces[found] = _Face(*found, kept)
        return Measurer(family, size_pt, bold, italic, found[0], face)

    def find(self, family: str, bold: bool = False, italic: bool = False) -> tuple[str, int] | None:
        """The (file, face index) used for ``family``, trying its substitutes after it."""
        key = (family.casefold(), bold, italic)
        if key in self._files:
            return self._files[key]
        answers = self._kept_answers()
        if answers is not None and key in answers.found:
            self._files[key] = answers.found[key]
            return self._files[key]
        self._files[key] = None
        for name in (family, *SUBSTITUTES.get(family.casefold().strip(), ())):
            found = self._ask_fc_match(name, bold, italic)
            if found is None and self._scan_dirs:
                found = self._scan(name, bold, italic)
            if found:
                self._files[key] = found
                break
        if answers is not None:
            answers.new[key] = self._files[key]
        return self._files[key]

    def environment(self) -> dict[str, Any] | None:
        """What this book's answers and widths depend on, as JSON data for the key of a result
        kept on disk (a slide fitted with these fonts); None for a book that is not a process's
        own (``keep`` off: font folders a caller chose), whose results are not kept.

        Every font file's path, size and modification time is in it, not only the folders':
        a font replaced in place leaves its folder's time as it was; fontconfig's caches are
        not (the font files themselves are, and fc-match refreshes its caches when it likes).
        Read once per book, as the book itself answers from what it found first for as long
        as it lives.
        """
        if not self._keep:
            return None
        if self._environment is None:
            try:
                self._environment = {
                    "fc-match": self._fc_match, "scan": self._scan_dirs,
                    "folders": font_set(caches=False),
                    "files": font_files(self._dirs), **pillow_versions(),
                    "code": diskcache.code_digest(__file__),
                }  # fmt: skip
            except OSError:  # a folder went away while listing: keep nothing this time
                return None
        return self._environment

    def save_kept(self, *, last: bool = False) -> None:
        """Store for the next process what this book (made with ``keep``) measured and looked
        up since it was read; nothing is written when nothing is new. With ``last``, what is
        measured from now on is not kept: a batch worker stores its first deck's widths, and
        the one-off texts of the next thousands of clients would only fill its memory."""
        if self._answers is not None:
            self._answers.write()
        self._closed = self._closed or last
        for face in self._faces.values():
            if face.kept is not None:
                face.kept.write()
                face.kept.closed = self._closed

    def _kept_answers(self) -> KeptAnswers | None:
        """What fc-match answered an earlier process for the same fonts, read once; only a
        book that asks fc-match alone keeps its answers (scanned folders are the caller's)."""
        if self._answers is None and self._keep and self._fc_match and not self._scan_dirs:
            self._answers = KeptAnswers.read(self._fc_match)
        return self._answers

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
        from PIL import ImageFont

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


#: Which font package makes a missing Office font measurable (metric-compatible) on Linux.
FONT_PACKAGES = {
    "calibri": "fonts-crosextra-carlito",
    "cambria": "fonts-crosextra-caladea",
    "arial": "fonts-liberation2",
    "helvetica": "fonts-liberation2",
    "times new roman": "fonts-liberation2",
    "courier new": "fonts-liberation2",
}


@functools.lru_cache(maxsize=1)
def default_fonts() -> FontBook:
    """The process's FontBook: fonts are looked up and loaded once, however many decks, and
    what it measures is kept on disk for the next process: by ``build_deck`` after each deck,
    and at exit for any other user (``deckgen check``, a script)."""
    book = FontBook(keep=True)
    atexit.register(book.save_kept)
    return book
