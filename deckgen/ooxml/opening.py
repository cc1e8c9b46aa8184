"""Opening a PowerPoint file a user gave, for every command that reads one (build and inspect
read templates, check and preview read decks): what the file is, whether it is safe to unpack,
and its bytes as a plain presentation python-pptx opens, without links outside itself. An
unusable file gets one refusal, the same from every command, saying what the file is and what
to do."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import InputError
from ..inputs import read_input
from ..records import record
from .links import links_note, without_external_links
from .package import (
    PRESENTATION_MAIN,
    PackageInfo,
    as_plain_presentation,
    find_broken_part,
    package_info,
)

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .ppt, encrypted OOXML

# Main-part content types deckgen opens, with how a user knows the format.
FORMATS = {
    PRESENTATION_MAIN: "PowerPoint presentation (.pptx)",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": (
        "macro-enabled PowerPoint presentation (.pptm)"
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml": (
        "PowerPoint template (.potx)"
    ),
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml": (
        "macro-enabled PowerPoint template (.potm)"
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": (
        "PowerPoint show (.ppsx)"
    ),
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml": (
        "macro-enabled PowerPoint show (.ppsm)"
    ),
}
RESAVE = (
    "open it in PowerPoint and save it as a PowerPoint presentation (.pptx) or template (.potx)"
)


@record
class Limits:
    """What deckgen unpacks of one file, a ``what`` ("template", "deck") in its messages.

    Sizes are the ones the zip directory declares; Python's zip reader never inflates a member
    beyond its declared size. Small parts (up to ``ratio_floor``) may compress as they like.
    """

    what: str
    file_bytes: int
    members: int
    part_bytes: int
    total_bytes: int
    ratio: int
    ratio_floor: int


# A real corporate template is a few MB, rarely 100 MB with videos; these limits are far above
# that and far below what would exhaust memory. Decks checked by ``deckgen check`` are unpacked
# within the same limits, with a file size of their own.
MAX_TEMPLATE_BYTES = 200_000_000
MAX_MEMBERS = 10_000
MAX_PART_BYTES = 256 * 2**20
MAX_TOTAL_BYTES = 1024 * 2**20
MAX_RATIO = 200  # PowerPoint's XML compresses about 10:1; a bomb compresses 1000:1
RATIO_FLOOR = 2**20  # small parts may compress as well as they like


def package_limits(what: str = "template", file_bytes: int | None = None) -> Limits:
    """The limits a template (or a deck, ``what``, of at most ``file_bytes``) is unpacked
    within, read when asked so a test can lower them."""
    return Limits(
        what,
        MAX_TEMPLATE_BYTES if file_bytes is None else file_bytes,
        MAX_MEMBERS,
        MAX_PART_BYTES,
        MAX_TOTAL_BYTES,
        MAX_RATIO,
        RATIO_FLOOR,
    )


@record
class Opened:
    """A presentation read and checked: a plain .pptx package's bytes, the format the file
    was in, and what was left out of it (macros, a signature), for the user."""

    blob: bytes
    format: str
    notes: tuple[str, ...]


def read_presentation(path: Path, limits: Limits, error: type[InputError]) -> Opened:
    """Return the file at path as a plain .pptx package, its format and notes.

    Refuse, as ``error``, with what the file is and what to do, everything that is not a
    presentation package deckgen can safely open: a missing or huge file, a lock file, an
    encrypted or 97-2003 file, a PDF, a zip bomb, Strict Open XML, a theme, a Word file, a
    damaged package.
    """
    name = str(path)
    blob = read_input(
        path,
        f"{limits.what} file" if limits.what == "template" else limits.what,
        limits.file_bytes,
        error,
        too_big=lambda size: (
            f"{name}: the file is {size / 1e6:,.0f} MB, more than the "
            f"{limits.file_bytes / 1e6:,.0f} MB deckgen accepts as a {limits.what}; remove "
            "videos and large pictures (PowerPoint: File > Compress Media, Compress Pictures) "
            "and save it again"
        ),
    )
    if not blob.startswith(b"PK"):
        raise error(not_a_package(path, blob))
    try:
        zf = zipfile.ZipFile(io.BytesIO(blob))
        check_limits(name, zf, limits, error)
        info = package_info(zf)
        fmt = check_format(name, zf, info, error)
        notes = package_notes(info)
        plain = info.content_type == PRESENTATION_MAIN
        if not plain or info.macro_parts or info.signed or info.custom_ui:
            blob = as_plain_presentation(zf, info)
        blob, links = without_external_links(blob)
        if links:
            notes.append(links_note(links))
    except InputError:
        raise
    except etree.XMLSyntaxError as err:
        raise error(
            f"{name}: the file is damaged: a part of its package is not well-formed XML "
            f"({err.msg}); {RESAVE}"
        ) from err
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as err:
        raise error(damaged(name)) from err
    return Opened(blob, fmt, tuple(notes))


def presentation_of(blob: bytes) -> Any:
    """python-pptx's Presentation of a package's bytes: the one place deckgen makes one, so
    that its elements use the compiled look-ups (``xpaths``) before python-pptx reads any."""
    from pptx import Presentation

    from .xpaths import use_compiled_xpaths

    use_compiled_xpaths()
    return Presentation(io.BytesIO(blob))


def open_presentation(name: str, blob: bytes, error: type[InputError]) -> Any:
    """Return python-pptx's Presentation of a package ``read_presentation`` returned; raise
    ``error`` naming the part python-pptx failed on."""
    try:
        return presentation_of(blob)
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise error(damaged(name)) from err
    except Exception as err:  # python-pptx raises many kinds; wrap them once, here
        raise error(unreadable(name, blob, err)) from err


def part_with_dtd(prs: Any) -> str | None:
    """The name of the first part python-pptx read that declares a DTD, else None.

    The Open Packaging Conventions do not allow a DTD in a part. deckgen loads none and
    resolves no entity, so such a part's entity references could not be written back: a deck
    made from it would not be well-formed XML."""
    for part in prs.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None:
            info = element.getroottree().docinfo
            if info.doctype or info.internalDTD is not None:
                return str(part.partname)
    return None


def damaged(name: str) -> str:
    """The refusal of a truncated or corrupt zip package."""
    return (
        f"{name}: the file is damaged or incomplete (a truncated or corrupt zip package); "
        "copy or download it again, or open it in PowerPoint and save it again"
    )


def not_a_package(path: Path, blob: bytes) -> str:
    """Say what a file that is not a zip package is, and what to do instead."""
    name = str(path)
    if path.name.startswith("~$"):
        original = path.name[2:]
        return (
            f"{name}: is a PowerPoint lock file, which PowerPoint writes while "
            f"'{original}' is open; use '{original}' itself"
        )
    if not blob:
        return f"{name}: the file is empty (0 bytes); {RESAVE}"
    if blob.startswith(CFB_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in blob:
            return (
                f"{name}: is protected with a password (an encrypted Office file), which "
                "deckgen cannot open; in PowerPoint remove the password (File > Info > Protect "
                "Presentation > Encrypt with Password, clear it) and save a copy as .pptx or .potx"
            )
        if "PowerPoint Document".encode("utf-16-le") in blob:
            return (
                f"{name}: is a PowerPoint 97-2003 file (.ppt), an old binary format deckgen "
                f"cannot read; {RESAVE}"
            )
        return (
            f"{name}: is an old binary Office file (Word, Excel or another 97-2003 format), not "
            "a PowerPoint template; give deckgen a .pptx or .potx"
        )
    if blob.startswith(b"%PDF"):
        return (
            f"{name}: is a PDF, not a PowerPoint template; give deckgen the .pptx or .potx the "
            "PDF was made from"
        )
    return (
        f"{name}: is not a PowerPoint file (neither a .pptx/.potx package nor a legacy .ppt); "
        "give deckgen a .pptx or .potx"
    )


def check_limits(name: str, zf: zipfile.ZipFile, limits: Limits, error: type[InputError]) -> None:
    """Refuse a package that would unpack to more parts or bytes than ``limits`` allow, or
    compresses like a zip bomb, before anything inflates it."""
    what = limits.what
    infos = zf.infolist()
    if len(infos) > limits.members:
        raise error(
            f"{name}: the package has {len(infos):,} parts, more than the {limits.members:,} "
            f"deckgen accepts in a {what}; this is not a file PowerPoint wrote, so deckgen "
            "will not unpack it"
        )
    total = 0
    for info in infos:
        if info.file_size > limits.part_bytes:
            raise error(
                f"{name}: its part {info.filename} would unpack to "
                f"{info.file_size / 2**20:,.0f} MB, more than the "
                f"{limits.part_bytes / 2**20:,.0f} MB deckgen allows for one part; remove that "
                f"media from the {what} and save it again"
            )
        if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(
            info.compress_size, 1
        ):
            raise error(
                f"{name}: its part {info.filename} is compressed "
                f"{info.file_size // max(info.compress_size, 1):,} to 1, far beyond what "
                f"PowerPoint writes (a zip bomb?); deckgen will not unpack it; use the {what} "
                "as PowerPoint saved it"
            )
        total += info.file_size
    if total > limits.total_bytes:
        raise error(
            f"{name}: the package would unpack to {total / 2**20:,.0f} MB, more than the "
            f"{limits.total_bytes / 2**20:,.0f} MB deckgen allows for a {what}; remove videos "
            "and large pictures from it and save it again"
        )


def check_format(name: str, zf: zipfile.ZipFile, info: PackageInfo, error: type[InputError]) -> str:
    """Return the format name of a presentation package; refuse every other package."""
    if info.strict:
        raise error(
            f"{name}: is saved as 'Strict Open XML Presentation' (ISO/IEC 29500 Strict), "
            "which deckgen cannot read; open it in PowerPoint and save it as 'PowerPoint "
            "Presentation (.pptx)' or 'PowerPoint Template (.potx)'"
        )
    content_type = info.content_type or ""
    if "theme" in content_type:
        raise error(
            f"{name}: is an Office theme (.thmx): colours and fonts, but no slide layouts; "
            "in PowerPoint apply it to a presentation (Design > Themes > Browse for Themes) "
            "and save that as a template (.potx)"
        )
    if info.main_part is None or not content_type:
        raise error(
            f"{name}: is a zip archive, not a PowerPoint file; give deckgen a .pptx or .potx"
        )
    if content_type not in FORMATS:
        what = (
            "a Word document"
            if "wordprocessingml" in content_type or "ms-word" in content_type
            else "an Excel workbook"
            if "spreadsheetml" in content_type or "ms-excel" in content_type
            else "an Office document of another kind"
        )
        raise error(
            f"{name}: is {what}, not a PowerPoint presentation; give deckgen a .pptx or .potx"
        )
    if info.main_part not in zf.NameToInfo:
        raise error(
            f"{name}: the file is damaged: its main part {info.main_part} is missing; "
            "open it in PowerPoint and save it again"
        )
    return FORMATS[content_type]


def package_notes(info: PackageInfo) -> list[str]:
    """What a presentation carries that deckgen leaves out, for the user."""
    notes = []
    if info.macro_parts:
        notes.append("its macros (VBA project) are never run and are left out of the deck")
    if info.custom_ui:
        notes.append("its ribbon customisation is left out of the deck")
    if info.signed:
        notes.append(
            "its digital signature is left out: a deck built from it is a new, unsigned file"
        )
    return notes


def unreadable(name: str, blob: bytes, err: Exception, part: str | None = None) -> str:
    """Say which part python-pptx failed on: a part that is broken for all to see (checked part
    by part, only now that something failed), else the part deckgen was reading."""
    try:
        broken = find_broken_part(zipfile.ZipFile(io.BytesIO(blob)))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        return damaged(name)
    if broken is not None:
        part, reason = broken
        return f"{name}: cannot read its part {part}: {reason}; {RESAVE}"
    where = f"its part {part}" if part else "the file"
    return f"{name}: cannot read {where} ({type(err).__name__}: {err}); {RESAVE}"
