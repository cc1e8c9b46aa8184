"""The package as a zip: a deterministic writer that reuses compressed parts, and the
inspection of files that are not plain presentations (templates, macros, Strict OOXML)."""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Collection, Mapping
from typing import IO, Any, NamedTuple

from lxml import etree

from ..cache import LRU
from ..records import record
from .xml import parse

ZipDate = tuple[int, int, int, int, int, int]


def stamped(core: bytes, date_time: ZipDate) -> bytes:
    """A workbook's docProps/core.xml with its created and modified dates set to date_time,
    for byte-identical decks."""
    stamp = "{:04d}-{:02d}-{:02d}T00:00:00Z".format(*date_time[:3]).encode()
    return _STAMP.sub(lambda m: m.group(1) + stamp + m.group(2), core)


_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)")


ZIP_CACHE_ENTRIES = 256
# zlib's default level. Level 1 took a third of the time but left decks 25 % larger than an
# ordinary deflate (issue 11); most members are deflated once per process (the template's
# parts, kept slides' pieces), and on disk with the slides, so a deck pays little for it.
ZIP_LEVEL = 6
# A chart workbook's members but its sheet are the same in every chart of a kind.
WORKBOOK_MEMBERS: LRU[Any] = LRU(64)


class Packed(NamedTuple):
    """A zip member's content compressed: its CRC-32, deflated bytes and size."""

    crc: int
    data: bytes
    size: int


def pack(data: bytes) -> Packed:
    """Compress a member's content as ZipWriter writes it."""
    packer = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)
    return Packed(zlib.crc32(data), packer.compress(data) + packer.flush(), len(data))


class ZipWriter:
    """A minimal deterministic zip writer that reuses compressed members.

    Most parts of a deck (theme, masters, layouts, media) are identical from deck to deck;
    compressing them once per process, keyed by their content, removes most of the cost of
    saving. Entries are written exactly as zipfile would, with fixed timestamps.
    """

    def __init__(self, target: IO[bytes], date_time: ZipDate, cache: LRU[Any]) -> None:
        self.target = target
        self.cache = cache
        y, mo, d, h, mi, sec = date_time
        self.time = (h << 11) | (mi << 5) | (sec // 2)
        self.date = ((y - 1980) << 9) | (mo << 5) | d
        self.central = bytearray()
        self.count = 0
        self.offset = 0

    def add(self, name: str, data: bytes) -> None:
        key = hashlib.blake2b(data, digest_size=20).digest()
        hit = self.cache.get(key)
        if hit is None:
            hit = self.cache.put(key, pack(data))
        self.add_packed(name, hit)

    def add_packed(self, name: str, packed: Packed) -> None:
        """Add a member compressed before (``pack``)."""
        crc, data, size = packed
        raw = name.encode("utf-8")
        raw = name.encode("utf-8")
        flags = 0 if raw.isascii() else 0x800
        head = struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            flags,
            8,
            self.time,
            self.date,
            crc,
            len(data),
            size,
            len(raw),
            0,
        )
        self.target.write(head + raw)
        self.target.write(data)
        self.central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                (3 << 8) | 20,
                20,
                flags,
                8,
                self.time,
                self.date,
                crc,
                len(data),
                size,
                len(raw),
                0,
                0,
                0,
                0,
                0o600 << 16,
                self.offset,
            )
            + raw
        )
        self.offset += len(head) + len(raw) + len(data)
        self.count += 1

    def close(self) -> None:
        self.target.write(self.central)
        self.target.write(
            struct.pack(
                "<IHHHHIIH",
                0x06054B50,
                0,
                0,
                self.count,
                self.count,
                len(self.central),
                self.offset,
                0,
            )
        )


# Reading what a template file is before python-pptx sees it, and making .potx/.pptm/.ppsx
# packages into plain presentations (template.py decides what to accept; this only reads and
# rewrites XML).

PRESENTATION_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
STRICT_PRESENTATION_NS = "http://purl.oclc.org/ooxml/presentationml/main"
VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
SIGNATURE_ORIGIN = (
    "http://schemas.openxmlformats.org/package/2006/relationships/digital-signature/origin"
)
CUSTOM_UI = (
    "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
    "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
)


@record
class PackageInfo:
    """What an OOXML package says about itself: its main part and what it carries."""

    main_part: str | None
    content_type: str | None
    strict: bool
    macro_parts: tuple[str, ...]
    signed: bool
    custom_ui: bool


def rels_member(partname: str) -> str:
    """The zip member of a part's relationships (``ppt/_rels/presentation.xml.rels``), for a
    part name with or without its leading slash."""
    folder, name = posixpath.split(partname.lstrip("/"))
    return posixpath.join(folder, "_rels", name + ".rels")


def _target(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _parse(zf: zipfile.ZipFile, member: str) -> etree._Element | None:
    try:
        return parse(zf.read(member))
    except KeyError:
        return None


def _rels(zf: zipfile.ZipFile, source: str) -> list[tuple[str, str, str]]:
    """Return (type, target member, mode) of each relationship of a part ('' = the package)."""
    root = _parse(zf, rels_member(source) if source else "_rels/.rels")
    if root is None:
        return []
    found = []
    for rel in root:
        mode = rel.get("TargetMode", "Internal")
        target = rel.get("Target", "")
        found.append(
            (rel.get("Type", ""), target if mode == "External" else _target(source, target), mode)
        )
    return found


def _types(zf: zipfile.ZipFile, source: str) -> set[str]:
    return {t for t, _, _ in _rels(zf, source)}


def content_type_of(zf: zipfile.ZipFile, member: str) -> str | None:
    """Return the content type [Content_Types].xml gives a member, override before default."""
    root = _parse(zf, "[Content_Types].xml")
    if root is None:
        return None
    for el in root.iter(f"{{{_CT_NS}}}Override"):
        if el.get("PartName", "").lstrip("/").lower() == member.lower():
            return el.get("ContentType")
    ext = member.rsplit(".", 1)[-1].lower()
    for el in root.iter(f"{{{_CT_NS}}}Default"):
        if el.get("Extension", "").lower() == ext:
            return el.get("ContentType")
    return None


def package_info(zf: zipfile.ZipFile) -> PackageInfo:
    """Read the package relationships and content types; raise XMLSyntaxError when broken."""
    package_rels = _rels(zf, "")
    strict = any(t == STRICT_OFFICE_DOCUMENT for t, _, _ in package_rels)
    main = next((target for t, target, _ in package_rels if t == OFFICE_DOCUMENT), None)
    if main is None and strict:
        main = next(target for t, target, _ in package_rels if t == STRICT_OFFICE_DOCUMENT)
    content_type = content_type_of(zf, main) if main else None
    if main and not strict and main in zf.NameToInfo:
        root = _parse(zf, main)
        strict = root is not None and etree.QName(root).namespace == STRICT_PRESENTATION_NS
    main_rels = _rels(zf, main) if main else []
    return PackageInfo(
        main_part=main,
        content_type=content_type,
        strict=strict,
        macro_parts=tuple(target for t, target, _ in main_rels if t == VBA_PROJECT),
        signed=any(t == SIGNATURE_ORIGIN for t, _, _ in package_rels),
        custom_ui=any(t in CUSTOM_UI for t, _, _ in package_rels),
    )


def _drop_rels(data: bytes, types: tuple[str, ...]) -> bytes:
    root = parse(data)
    for rel in list(root):
        if rel.get("Type") in types:
            root.remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _retype(data: bytes, member: str, content_type: str) -> bytes:
    root = parse(data)
    for el in root.iter(f"{{{_CT_NS}}}Override"):
        if el.get("PartName", "").lstrip("/").lower() == member.lower():
            el.set("ContentType", content_type)
            break
    else:
        etree.SubElement(
            root, f"{{{_CT_NS}}}Override", PartName="/" + member, ContentType=content_type
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def as_plain_presentation(zf: zipfile.ZipFile, info: PackageInfo) -> bytes:
    """Return the package as an ordinary .pptx: the main part typed as a presentation, and no
    macros, ribbon customisation or digital signature left reachable.

    Templates (.potx), shows (.ppsx) and macro-enabled files differ from a .pptx only in the
    main part's content type, which python-pptx checks, and in what they relate to. Only the
    package's own three bookkeeping parts change; unreachable parts are left behind by
    python-pptx. Members are stored uncompressed: the bytes only ever live in memory.
    """
    main = info.main_part or ""
    edits = {"[Content_Types].xml": lambda d: _retype(d, main, PRESENTATION_MAIN)}
    if info.signed or info.custom_ui:
        edits["_rels/.rels"] = lambda d: _drop_rels(d, (SIGNATURE_ORIGIN, *CUSTOM_UI))
    if info.macro_parts:
        edits[rels_member(main)] = lambda d: _drop_rels(d, (VBA_PROJECT,))
    present = zf.NameToInfo
    edited = {name: edit(zf.read(name)) for name, edit in edits.items() if name in present}
    return rezip(zf, edited, set(info.macro_parts))


def rezip(
    zf: zipfile.ZipFile, edits: Mapping[str, bytes], leave_out: Collection[str] = ()
) -> bytes:
    """A stored (uncompressed: it only ever lives in memory) copy of the package with the
    members in ``edits`` replaced and those in ``leave_out`` dropped. Each member keeps its
    name and date, so the same file made over gives the same bytes: slides are kept on disk
    under a digest of the template's (``render.disk``), and a date of now missed them all."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for member in zf.infolist():
            if member.is_dir() or member.filename in leave_out:
                continue
            data = edits.get(member.filename)
            if data is None:
                data = zf.read(member)
            dst.writestr(zipfile.ZipInfo(member.filename, member.date_time), data)
    return out.getvalue()


_PML = "application/vnd.openxmlformats-officedocument.presentationml."
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#: What a part of a content type cannot be read without: python-pptx follows these relationships
#: to find what a slide inherits.
_REQUIRED = {
    _PML + "slide+xml": (_RELS + "slideLayout", "a slide layout"),
    _PML + "slideLayout+xml": (_RELS + "slideMaster", "a slide master"),
}


def find_broken_part(zf: zipfile.ZipFile) -> tuple[str, str] | None:
    """Return (member, what is wrong) for the first XML part that does not parse, the first
    relationship that points at a missing part, or the first slide (layout) that does not say
    its layout (master); None when the package structure is sound."""
    names = set(zf.namelist())
    for member in zf.namelist():
        if not member.endswith((".xml", ".rels")):
            continue
        try:
            parse(zf.read(member))
        except etree.XMLSyntaxError as err:
            return member, f"not well-formed XML ({err.msg})"
    for member in sorted(names):
        if not member.endswith(".rels"):
            continue
        folder = posixpath.dirname(posixpath.dirname(member))
        source = posixpath.join(folder, posixpath.basename(member)[: -len(".rels")])
        for _, target, mode in _rels(zf, source):
            if mode != "External" and target not in names:
                return source or member, f"refers to {target}, which the file does not contain"
    types = _parse(zf, "[Content_Types].xml")
    for el in types.iter(f"{{{_CT_NS}}}Override") if types is not None else ():
        part = el.get("PartName", "").lstrip("/")
        needs = _REQUIRED.get(el.get("ContentType", ""))
        if needs is not None and part in names and needs[0] not in _types(zf, part):
            return part, f"it has no relationship to {needs[1]}"
    return None
