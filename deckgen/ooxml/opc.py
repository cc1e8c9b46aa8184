"""A deck's package as the Open Packaging Conventions have it: parts, relationships, content
types, and the zip they are written to.

python-pptx writes the same bookkeeping XML, but importing any of it imports all of
python-pptx (a tenth of a second), which a build whose slides are all kept (``render.disk``)
needs for nothing else. The names and the XML here are python-pptx's, byte for byte, as
tests check for every name and over many packages.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple, cast

from lxml import etree

from ..cache import LRU
from ..records import record
from .package import ZIP_CACHE_ENTRIES, Packed, ZipDate, ZipWriter, pack, rels_member
from .xml import NAMESPACES, qn


class RT:
    """The relationship types deckgen names (python-pptx's ``RELATIONSHIP_TYPE``)."""

    _BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    CHART = _BASE + "chart"
    NOTES_MASTER = _BASE + "notesMaster"
    NOTES_SLIDE = _BASE + "notesSlide"
    PACKAGE = _BASE + "package"
    SLIDE = _BASE + "slide"
    SLIDE_LAYOUT = _BASE + "slideLayout"
    SLIDE_MASTER = _BASE + "slideMaster"
    TABLE_STYLES = _BASE + "tableStyles"
    THEME = _BASE + "theme"
    VIEW_PROPS = _BASE + "viewProps"


class CT:
    """The content types deckgen names (python-pptx's ``CONTENT_TYPE``)."""

    _PML = "application/vnd.openxmlformats-officedocument.presentationml."
    DML_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
    OFC_EXTENDED_PROPERTIES = (
        "application/vnd.openxmlformats-officedocument.extended-properties+xml"
    )
    OPC_CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"
    OPC_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
    PML_NOTES_SLIDE = _PML + "notesSlide+xml"
    PML_SLIDE = _PML + "slide+xml"
    PML_SLIDE_LAYOUT = _PML + "slideLayout+xml"
    PML_SLIDE_MASTER = _PML + "slideMaster+xml"
    PML_VIEW_PROPS = _PML + "viewProps+xml"
    SML_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    XML = "application/xml"


#: The extensions [Content_Types].xml names once for every part of that extension and type,
#: rather than part by part: python-pptx's ``opc.spec.default_content_types``.
DEFAULT_CONTENT_TYPES = frozenset(
    {
        ("bin", "application/vnd.openxmlformats-officedocument.presentationml.printerSettings"),
        ("bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"),
        ("bin", "application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings"),
        ("bmp", "image/bmp"),
        ("emf", "image/x-emf"),
        ("fntdata", "application/x-fontdata"),
        ("gif", "image/gif"),
        ("jpe", "image/jpeg"),
        ("jpeg", "image/jpeg"),
        ("jpg", "image/jpeg"),
        ("mov", "video/quicktime"),
        ("mp4", "video/mp4"),
        ("mpg", "video/mpeg"),
        ("png", "image/png"),
        ("rels", CT.OPC_RELATIONSHIPS),
        ("tif", "image/tiff"),
        ("tiff", "image/tiff"),
        ("vid", "video/unknown"),
        ("wdp", "image/vnd.ms-photo"),
        ("wmf", "image/x-wmf"),
        ("wmv", "video/x-ms-wmv"),
        ("xlsx", CT.SML_SHEET),
        ("xml", CT.XML),
    }
)


class Rel(NamedTuple):
    """A relationship: its id, type, and target (an absolute part name, ``#n`` for part n of
    the same slide, or a URL when external)."""

    r_id: str
    reltype: str
    target: str
    external: bool = False


@record
class PartData:
    """One part of a package: name, content type, bytes and relationships."""

    partname: str
    content_type: str
    blob: bytes | Packed  # Packed: compressed already, as a zip member
    rels: tuple[Rel, ...] = ()


def serialize(element: Any) -> bytes:
    """A part's XML as python-pptx writes it (``serialize_part_xml``): UTF-8, standalone."""
    return cast(bytes, etree.tostring(element, encoding="UTF-8", standalone=True))


def content_types_xml(parts: Sequence[tuple[str, str]]) -> bytes:
    """[Content_Types].xml for parts given as (part name, content type), as python-pptx
    writes it: a Default per known extension (lower case), an Override for every other part,
    each sorted."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides: dict[str, str] = {}
    for partname, content_type in parts:
        raw_ext = posixpath.splitext(partname)[1]
        ext = raw_ext[1:] if raw_ext.startswith(".") else raw_ext
        if (ext.lower(), content_type) in DEFAULT_CONTENT_TYPES:
            defaults[ext.lower()] = content_type
        else:
            overrides[partname] = content_type
    root = etree.fromstring(f'<Types xmlns="{NAMESPACES["ct"]}"/>')  # as python-pptx makes it
    for ext, content_type in sorted(defaults.items()):
        etree.SubElement(root, qn("ct:Default"), Extension=ext, ContentType=content_type)
    for partname, content_type in sorted(overrides.items()):
        etree.SubElement(root, qn("ct:Override"), PartName=partname, ContentType=content_type)
    return serialize(root)


def rels_xml(source: str, rels: Sequence[Rel]) -> bytes:
    """The .rels part of the part named ``source`` (``/`` for the package), as python-pptx
    writes it: targets relative to the source's folder, in the order of their ids' numbers."""
    base = posixpath.split(source)[0] if source != "/" else "/"
    root = etree.fromstring(f'<Relationships xmlns="{NAMESPACES["pr"]}"/>')

    def number(rel: Rel) -> tuple[int, str]:
        digits = rel.r_id[3:]
        return (int(digits) if rel.r_id.startswith("rId") and digits.isdigit() else 0, rel.r_id)

    for rel in sorted(rels, key=number):
        if rel.external:
            ref = rel.target
        else:
            ref = rel.target[1:] if base == "/" else posixpath.relpath(rel.target, base)
        element = etree.SubElement(
            root, qn("pr:Relationship"), Id=rel.r_id, Type=rel.reltype, Target=ref
        )
        if rel.external:
            element.set("TargetMode", "External")
    return serialize(root)


@dataclass
class ZipCache:
    """What writing packages keeps between decks: the bookkeeping XML (content types,
    relationships) and compressed members, by their content."""

    xml: LRU[bytes] = field(default_factory=lambda: LRU(512))
    parts: LRU[Any] = field(default_factory=lambda: LRU(ZIP_CACHE_ENTRIES))


def write_package(
    parts: Sequence[PartData],
    package_rels: Sequence[Rel],
    target: IO[bytes],
    date_time: ZipDate,
    cache: ZipCache,
    packed: dict[int, tuple[Packed, Packed | None]] | None = None,
) -> None:
    """Write the parts as a zip with fixed timestamps; what repeats from deck to deck (the
    bookkeeping XML, compressed members) is made once, in ``cache``. ``packed`` has members
    compressed before, by id of their PartData (with its .rels member, if any)."""
    xml = cache.xml
    zw = ZipWriter(target, date_time, cache.parts)
    named = tuple((p.partname, p.content_type) for p in parts)
    key = ("[Content_Types]",) + named
    types = xml.get(key)
    if types is None:
        types = xml.put(key, content_types_xml(named))
    zw.add("[Content_Types].xml", types)
    zw.add("_rels/.rels", _rels_xml("/", package_rels, xml))
    for part in parts:
        found = packed.get(id(part)) if packed else None
        if found is not None:
            zw.add_packed(part.partname.lstrip("/"), found[0])
            if found[1] is not None:
                zw.add_packed(rels_member(part.partname), found[1])
            continue
        if isinstance(part.blob, Packed):
            zw.add_packed(part.partname.lstrip("/"), part.blob)
        else:
            zw.add(part.partname.lstrip("/"), part.blob)
        if part.rels:
            zw.add(rels_member(part.partname), _rels_xml(part.partname, part.rels, xml))
    zw.close()


def packed_parts(parts: Sequence[PartData]) -> dict[int, tuple[Packed, Packed | None]]:
    """The parts and their .rels compressed once, by id of their PartData."""
    cache: LRU[bytes] = LRU(len(parts) + 1)
    return {
        id(p): (
            pack(cast(bytes, p.blob)),
            pack(_rels_xml(p.partname, p.rels, cache)) if p.rels else None,
        )
        for p in parts
    }


def _rels_xml(source: str, rels: Sequence[Rel], cache: LRU[bytes]) -> bytes:
    key = (source, tuple(rels))
    found = cache.get(key)
    if found is None:
        found = cache.put(key, rels_xml(source, rels))
    return found
