"""Layouts as other programs write them, made unambiguous before deckgen reads them: every
placeholder's idx unique within its layout. Read from the package's bytes, without
python-pptx, as every command that opens a template does."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from lxml import etree

from .opc import serialize
from .package import rezip
from .xml import parse, qn

_LAYOUT = re.compile(r"ppt/slideLayouts/slideLayout\d+\.xml")
#: Placeholders matched by type alone: a slide's title finds its layout's title by type.
_BY_TYPE = ("title", "ctrTitle")
FIRST_FREE_IDX = 10000


def unique_placeholder_idx(blob: bytes) -> bytes:
    """Return the package with every layout placeholder's ``idx`` unique within its layout.

    A placeholder without ``idx`` has idx 0, the title's. LibreOffice writes its layouts'
    subtitle, body and content placeholders that way, so several placeholders of one layout
    share idx 0; a slide's placeholder then inherits from whichever a reader finds first, and
    deckgen, which fills placeholders by idx, would take a subtitle for the title. Each such
    placeholder gets a free idx; titles, matched by type, keep theirs. A package that needs no
    change is returned as it is, byte for byte.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as zf:
            edits = {}
            for name in zf.namelist():
                if _LAYOUT.fullmatch(name):
                    fixed = _fix_layout(zf.read(name))
                    if fixed is not None:
                        edits[name] = fixed
    except (zipfile.BadZipFile, zlib.error, EOFError, etree.XMLSyntaxError):
        return blob  # a damaged package is refused where it is opened, with its part named
    if not edits:
        return blob
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return rezip(zf, edits)


def _fix_layout(data: bytes) -> bytes | None:
    root = parse(data)
    placeholders = list(root.iter(qn("p:ph")))
    seen: set[str] = set()
    clashing = []
    for ph in placeholders:
        idx = ph.get("idx", "0")
        if idx in seen and ph.get("type") not in _BY_TYPE:
            clashing.append(ph)
        elif ph.get("type") not in _BY_TYPE or idx not in seen:
            seen.add(idx)
    # The title keeps idx 0; a non-title placeholder that took 0 before the title moves too.
    titles_first = [ph for ph in placeholders if ph.get("type") in _BY_TYPE]
    if titles_first and titles_first[0].get("idx", "0") == "0":
        for ph in placeholders:
            if ph.get("type") not in _BY_TYPE and ph.get("idx", "0") == "0" and ph not in clashing:
                clashing.append(ph)
    if not clashing:
        return None
    used = {int(ph.get("idx", "0")) for ph in placeholders if ph not in clashing}
    free = FIRST_FREE_IDX
    for ph in clashing:
        while free in used:
            free += 1
        ph.set("idx", str(free))
        used.add(free)
    return serialize(root)
