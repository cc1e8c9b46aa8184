"""What deckgen knows about the installed fonts beyond one process: where font files live,
the state of the font set (so kept knowledge is dropped when fonts change), and each font
file's measured widths and fc-match's answers kept on disk (``diskcache``)."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import PIL

from .. import diskcache

#: The module that measures what is kept: an edit to it must not read back older widths.
MEASURED_BY = str(Path(__file__).with_name("fonts.py"))

#: Where font files are installed, on each system.
FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "~/Library/Fonts",
    os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"),
)


#: Measurements of a font file kept on disk for the next process, at most this many widths.
KEPT_WIDTHS = 8192


def digest(text: str) -> str:
    """The name a measured text is kept under on disk: a digest, so the cache holds no
    client's words (128 bits: no two texts of any deck share one)."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@dataclass
class KeptWidths:
    """A font file's measurements on disk (shaped widths in em, ligature pairs) and those
    measured since they were read, by text digest."""

    key: dict[str, Any]
    widths: dict[str, float] = field(default_factory=dict)
    joins: dict[str, bool] = field(default_factory=dict)
    new_widths: dict[str, float] = field(default_factory=dict)
    new_joins: dict[str, bool] = field(default_factory=dict)
    #: Nothing more is taken in (``FontBook.save_kept(last=True)``): a batch worker past its
    #: first deck measures one-off client text, which would only fill its memory.
    closed: bool = False

    @classmethod
    def read(cls, path: str, index: int) -> KeptWidths | None:
        """The kept measurements of a font file, empty if none can be trusted; None if the
        file cannot be read (nothing is kept for it then)."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        key = {
            "file": path, "index": index, "size": info.st_size, "mtime_ns": info.st_mtime_ns,
            **pillow_versions(), "code": diskcache.code_digest(MEASURED_BY),
        }  # fmt: skip
        kept = cls(key)
        value = diskcache.read_entry("font-metrics", key)
        if isinstance(value, dict):
            kept.widths = typed(value.get("widths"), float)
            kept.joins = typed(value.get("joins"), bool)
        return kept

    def write(self) -> None:
        """Store what was measured since reading, with the newest KEPT_WIDTHS widths.

        The new measurements are taken out first: another thread may be measuring, and
        copying a dict is one step under the GIL, iterating one that grows is not."""
        if not (self.new_widths or self.new_joins):
            return
        widths, self.new_widths = self.new_widths, {}
        joins, self.new_joins = self.new_joins, {}
        self.widths = dict(list({**self.widths, **widths}.items())[-KEPT_WIDTHS:])
        self.joins = {**self.joins, **joins}
        diskcache.write_entry(
            "font-metrics", self.key, {"widths": self.widths, "joins": self.joins}
        )


@functools.cache
def pillow_versions() -> dict[str, str | None]:
    """Pillow's, FreeType's and raqm's versions, as ``PIL.features.version`` reports them,
    read from Pillow's font module alone (a millisecond): a build whose slides are all kept
    keys them by the fonts, and measures nothing, so it needs none of Pillow's imaging."""
    try:
        from PIL import _imagingft
    except ImportError:
        return {"pillow": PIL.__version__, "freetype": None, "raqm": None}
    raqm = _imagingft.raqm_version if getattr(_imagingft, "HAVE_RAQM", False) else None
    return {"pillow": PIL.__version__, "freetype": _imagingft.freetype2_version, "raqm": raqm}


def typed(value: object, kind: type) -> dict[str, Any]:
    """A kept mapping whose values all are of kind, else nothing (a foreign entry)."""
    if isinstance(value, dict) and all(type(v) is kind for v in value.values()):
        return value
    return {}


#: Where installing, removing or configuring a font changes a folder's time: the font folders,
#: fontconfig's configuration and its caches (font packages run fc-cache when installed).
_FONT_CACHES = ("/var/cache/fontconfig", "~/.cache/fontconfig")
_FONT_SET_PLACES = (*FONT_DIRS, "/etc/fonts", "~/.config/fontconfig")


def font_set(caches: bool = True) -> list[list[object]]:
    """Every folder (and fontconfig file) whose change may change fc-match's answers, with
    its modification time: kept answers hold only while this is the same. fontconfig's own
    caches (``caches``) change when font packages run fc-cache, and also when fc-match
    refreshes them itself."""
    places = [
        *_FONT_SET_PLACES,
        *(_FONT_CACHES if caches else ()),
        os.path.join(os.environ.get("XDG_CONFIG_HOME", "~/.config"), "fontconfig"),
        os.environ.get("FONTCONFIG_FILE", ""),
        os.environ.get("FONTCONFIG_PATH", ""),
    ]
    seen: list[list[object]] = []
    for place in filter(None, places):
        root = os.path.expanduser(place)
        if os.path.isfile(root):
            seen.append([root, os.stat(root).st_mtime_ns])
        for folder, subfolders, _ in os.walk(root):
            subfolders.sort()
            seen.append([folder, os.stat(folder).st_mtime_ns])
    return seen


def font_files(dirs: Sequence[Path]) -> list[list[object]]:
    """Every file under the font folders, with its size and modification time."""
    seen: list[list[object]] = []
    for root in dirs:
        for folder, subfolders, files in os.walk(root):
            subfolders.sort()
            for name in sorted(files):
                info = os.stat(os.path.join(folder, name))
                seen.append([os.path.join(folder, name), info.st_size, info.st_mtime_ns])
    return seen


@dataclass
class KeptAnswers:
    """fc-match's answers (file and face index, or none) by family, bold and italic, kept on
    disk for the same fc-match and the same installed fonts, and those found since reading."""

    key: dict[str, Any]
    found: dict[tuple[str, bool, bool], tuple[str, int] | None]
    new: dict[tuple[str, bool, bool], tuple[str, int] | None] = field(default_factory=dict)

    @classmethod
    def read(cls, fc_match: str) -> KeptAnswers:
        try:
            code = diskcache.code_digest(MEASURED_BY)
            key: dict[str, Any] = {"fc-match": fc_match, "fonts": font_set(), "code": code}
        except OSError:  # a folder went away while listing: ask fc-match this time
            key = {}
        value = diskcache.read_entry("font-files", key) if key else None
        found: dict[tuple[str, bool, bool], tuple[str, int] | None] = {}
        for row in value if isinstance(value, list) else ():
            match row:
                case [str(family), bool(bold), bool(italic), str(path), int(index)]:
                    if os.path.isfile(path):  # else fc-match is asked again
                        found[family, bold, italic] = (path, index)
                case [str(family), bool(bold), bool(italic), None, None]:
                    found[family, bold, italic] = None
        return cls(key, found)

    def write(self) -> None:
        if not (self.new and self.key):
            return
        new, self.new = self.new, {}
        self.found = {**self.found, **new}
        rows = [[*k, *(v or (None, None))] for k, v in sorted(self.found.items())]
        diskcache.write_entry("font-files", self.key, rows)
