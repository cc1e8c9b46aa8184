"""External links a package carries (linked pictures, hyperlinks, linked objects and media):
found and taken out of a template, so no deck built from it points outside itself.

A template is a zip of XML from anyone. A relationship with ``TargetMode="External"`` in its
master names a URL or a file that every deck would carry, and that PowerPoint or LibreOffice
fetches when the deck is shown or converted: a tracking pixel, or a request forged from the
user's machine. Each is removed with the attributes that name it; the shapes stay.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from urllib.parse import urlsplit

from lxml import etree

from .package import rezip
from .xml import parse

_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
#: Elements that are nothing without the link they name and whose link the schema requires (a
#: linked video or sound, a chart's linked workbook): removed with it.
_ONLY_A_LINK = {
    *(f"{{{_A_NS}}}{name}" for name in ("videoFile", "audioFile", "quickTimeFile", "snd")),
    f"{{{_C_NS}}}externalData",
}
#: How many of the places linked to a note names.
_NAMED = 3


def without_external_links(blob: bytes) -> tuple[bytes, tuple[str, ...]]:
    """Return the package without its external relationships, and their targets.

    A package without any is returned as it is (the same bytes). Members are stored
    uncompressed: the bytes only ever live in memory.
    """
    zf = zipfile.ZipFile(io.BytesIO(blob))
    edits: dict[str, bytes] = {}
    targets: list[str] = []
    for member in zf.namelist():
        if not member.endswith(".rels"):
            continue
        data = zf.read(member)
        if b"External" not in data:  # most parts: no need to parse
            continue
        root = parse(data)
        dropped = set()
        for rel in list(root):
            if rel.get("TargetMode") == "External":
                dropped.add(rel.get("Id", ""))
                targets.append(rel.get("Target", ""))
                root.remove(rel)
        if not dropped:
            continue
        edits[member] = _xml(root)
        source = _source_of(member)
        if source.endswith(".xml") and source in zf.NameToInfo:
            edits[source] = _unlinked(zf.read(source), dropped)
    if not edits:
        return blob, ()
    return rezip(zf, edits), tuple(targets)


def links_note(targets: tuple[str, ...]) -> str:
    """What the user is told of the external links left out: how many, and where they led."""
    places = sorted({(urlsplit(t).hostname or t)[:80] for t in targets})
    named = ", ".join(places[:_NAMED])
    if len(places) > _NAMED:
        named += f" and {len(places) - _NAMED} more"
    many = len(targets) != 1
    return (
        f"its {len(targets)} external link{'s' if many else ''} (linked pictures, hyperlinks, "
        f"linked objects) {'are' if many else 'is'} left out of the deck, so neither the deck "
        f"nor a PDF of it fetches anything from {named}"
    )


def _source_of(rels_member: str) -> str:
    """The part a relationships member belongs to ('' for the package's own)."""
    folder = posixpath.dirname(posixpath.dirname(rels_member))
    return posixpath.join(folder, posixpath.basename(rels_member)[: -len(".rels")])


def _unlinked(data: bytes, dropped: set[str]) -> bytes:
    """The part without the attributes naming the dropped relationships (an ``r:link`` of a
    picture, an ``r:id`` of a hyperlink or linked object)."""
    root = parse(data)
    gone = []
    for el in root.iter(etree.Element):
        for attr in [a for a in el.attrib if a.startswith(f"{{{_R_NS}}}")]:
            if el.get(attr) in dropped:
                if el.tag in _ONLY_A_LINK:
                    gone.append(el)
                else:
                    del el.attrib[attr]
    for el in gone:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    return _xml(root)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
