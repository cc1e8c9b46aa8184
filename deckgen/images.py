"""Pictures from outside (a logo, a picture in a deck given to check): read within bounds of
bytes and pixels, refused when damaged, and scaled down to what a slide shows. One rule for
build, batch and check.

Pillow decodes whatever a file claims: a 144-megapixel PNG takes 576 MB, and Pillow only warns
(on stderr) up to 179 megapixels. The header is read here without Pillow's own check, so the
bound below is the one that applies, before any pixel is decoded and without a warning.
"""

from __future__ import annotations

import functools
import io
import math
import struct
import zlib
from pathlib import Path
from typing import IO, Any

from .inputs import MAX_LOGO_BYTES, file_problem

#: Pixels of a picture deckgen decodes: 25 megapixels (100 MB decoded) is a 6000 x 4000 photo;
#: a logo needs a few hundred thousand.
MAX_PIXELS = 25_000_000
#: Pixels a picture keeps per inch it is shown at: twice 150 dpi, sharp in print and on a 4K
#: projector. More only makes every deck larger.
PIXELS_PER_INCH = 300
EMU_PER_INCH = 914400
#: The formats PowerPoint shows and Pillow decodes, by Pillow's name.
FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF")
#: What Pillow raises for a damaged or truncated file (OSError: "image file is truncated").
_DAMAGED = (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error, IndexError)


def logo_problem(path: Path) -> str | None:
    """Return why a file cannot be a logo (a pipe or device, over MAX_LOGO_BYTES, not a PNG,
    JPEG, GIF, BMP or TIFF, over MAX_PIXELS, damaged or cut short), or None; each message
    starts with the path. Judged once per file while it is unchanged."""
    if problem := file_problem(path, "logo file", MAX_LOGO_BYTES):
        return problem
    try:
        stat = path.stat()
    except OSError as err:
        return f"{path}: cannot read the logo file: {err.strerror}"
    return _judged(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _judged(path: str, mtime_ns: int, size: int) -> str | None:
    try:
        with open(path, "rb") as fp:
            problem = picture_problem(fp)
    except OSError as err:
        return f"{path}: cannot read the logo file: {err.strerror}"
    return f"{path}: {problem}" if problem else None


def picture_problem(fp: IO[bytes], *, vector_ok: bool = False) -> str | None:
    """Return why the picture in fp cannot be shown (a format other than FORMATS, too many
    pixels, damaged), decoding it only once its header is within MAX_PIXELS; None when it can.
    With ``vector_ok``, a format Pillow does not decode (EMF, SVG in a deck) is not judged."""
    try:
        image = _opened(fp)
    except _DAMAGED:
        image = None
    if image is None:
        return None if vector_ok else "not an image PowerPoint can show; use a PNG or JPEG"
    width, height = image.size
    if width * height > MAX_PIXELS:
        return (
            f"the image is {width:,} x {height:,} pixels ({width * height / 1e6:,.0f} "
            f"megapixels), more than the {MAX_PIXELS / 1e6:,.0f} megapixels deckgen reads; "
            "save it smaller (a logo needs at most 2,000 pixels across)"
        )
    try:
        image.load()
    except _DAMAGED:
        return (
            f"the {image.format} image is damaged or cut short (its data ends early or does "
            "not decode); save or copy the file again"
        )
    finally:
        image.close()
    return None


def _opened(fp: IO[bytes]) -> Any:
    """Return Pillow's image of fp with only its header read, or None for another format.

    Pillow's ``Image.open`` checks pixels against its own limit and warns on stderr below it;
    the format's reader alone reads the header and nothing more.
    """
    from PIL import Image

    Image.init()
    prefix = fp.read(16)
    for name in FORMATS:
        factory, accept = Image.OPEN[name]
        if accept is None or accept(prefix) is True:
            fp.seek(0)
            try:
                return factory(fp, "")
            except (SyntaxError, struct.error):
                continue  # another format's reader may know it (Image.open does the same)
    return None


def scaled_down(blob: bytes, width_emu: int, height_emu: int) -> bytes | None:
    """Return the picture scaled to PIXELS_PER_INCH of the box it is shown in, in its own
    format (PNG, or JPEG at quality 90), or None where it is no larger than that (or is
    not a picture it can scale).

    The same picture and box give the same bytes (Pillow writes no time or random value), so
    decks stay byte-identical from run to run.
    """
    from PIL import Image

    fp = io.BytesIO(blob)
    try:
        image = _opened(fp)
    except _DAMAGED:
        return None
    if image is None or image.format not in ("PNG", "JPEG") or getattr(image, "n_frames", 1) > 1:
        return None
    width, height = image.size
    if width * height > MAX_PIXELS:
        return None
    shown_w = max(1, width_emu) * PIXELS_PER_INCH / EMU_PER_INCH
    shown_h = max(1, height_emu) * PIXELS_PER_INCH / EMU_PER_INCH
    scale = max(shown_w / width, shown_h / height)
    if scale >= 1:
        return None
    size = (max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale)))
    fmt = image.format
    # The colour profile goes along: without it a CMYK or wide-gamut logo shifts colour.
    profile = {"icc_profile": image.info["icc_profile"]} if image.info.get("icc_profile") else {}
    try:
        if fmt == "JPEG":
            image.draft(image.mode, size)  # decode at a fraction of the size: far faster
        small = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    except _DAMAGED:
        return None
    finally:
        image.close()
    out = io.BytesIO()
    if fmt == "JPEG":
        small.save(out, format="JPEG", quality=90, optimize=True, **profile)
    else:
        small.save(out, format="PNG", optimize=True, **profile)
    return out.getvalue()
