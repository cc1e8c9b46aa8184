"""Every raw-XML operation deckgen needs and python-pptx lacks, in one place.

Like python-pptx keeps lxml inside ``oxml/``, nothing else in deckgen touches XML elements or
python-pptx internals: joining tags PowerPoint split over runs, footer placeholders on slides,
positive chart axis ids, theme colours, and a deterministic package writer.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from pptx.opc.serialized import _ContentTypesItem
from pptx.oxml.ns import qn

ZipDate = tuple[int, int, int, int, int, int]

FOOTER_TYPES = ("ftr", "sldNum")


# --------------------------------------------------------------------------- Jinja tags in XML


def _open_tag(text: str) -> bool:
    return (
        text.count("{{") > text.count("}}")
        or text.count("{%") > text.count("%}")
        or text.endswith("{")
    )


def join_split_tags(paragraph: Any) -> None:
    """Merge runs over which PowerPoint split one Jinja tag, keeping the first run's formatting.

    PowerPoint splits text into runs at spell-check marks and edits, so ``{{ audience.company }}``
    may be stored as ``{{ audi`` + ``ence.com`` + ``pany }}``.
    """
    runs = paragraph.findall(qn("a:r"))
    i = 0
    while i < len(runs):
        t = runs[i].find(qn("a:t"))
        text = t.text or "" if t is not None else ""
        while t is not None and _open_tag(text) and i + 1 < len(runs):
            nxt = runs.pop(i + 1)
            nt = nxt.find(qn("a:t"))
            text += nt.text or "" if nt is not None else ""
            nxt.getparent().remove(nxt)
        if t is not None:
            t.text = text
        i += 1


def render_tags(element: Any, render: Callable[[str], str]) -> None:
    """Render every Jinja tag in the text runs below element, split runs included."""
    for paragraph in element.iter(qn("a:p")):
        if "{" not in "".join(t.text or "" for t in paragraph.iter(qn("a:t"))):
            continue
        join_split_tags(paragraph)
        for t in paragraph.iter(qn("a:t")):
            if t.text and ("{{" in t.text or "{%" in t.text):
                t.text = render(t.text)


def template_parts(prs: Any) -> Iterator[Any]:
    """Yield the XML root of every master and layout, where designers put fixed text."""
    for master in prs.slide_masters:
        yield master._element
        for layout in master.slide_layouts:
            yield layout._element


def paragraph_texts(element: Any) -> Iterator[str]:
    """Yield the text of each paragraph below element (runs joined, as a reader sees it)."""
    for paragraph in element.iter(qn("a:p")):
        yield "".join(t.text or "" for t in paragraph.iter(qn("a:t")))


# --------------------------------------------------------------------------- slides


def copy_footer_placeholders(slide: Any, layout: Any) -> None:
    """Put the layout's footer and slide-number placeholders on the slide.

    python-pptx leaves them out of new slides, so footers would not show.
    """
    tree = slide.shapes._spTree
    for sp in layout.placeholders:
        if sp._element.ph_type in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
            tree.append(copy.deepcopy(sp._element))
    _renumber_shape_ids(tree)


def _renumber_shape_ids(tree: Any) -> None:
    used: set[int] = set()
    for c_nv_pr in tree.iter(qn("p:cNvPr")):
        shape_id = int(c_nv_pr.get("id", "0"))
        if shape_id in used or shape_id <= 0:
            shape_id = max(used | {1}) + 1
            c_nv_pr.set("id", str(shape_id))
        used.add(shape_id)


def pin_text_style(shape: Any, layout_shape: Any) -> None:
    """Copy the layout placeholder's body properties and list style onto the slide's shape.

    The values stay the template's own; they are only written where every reader finds them.
    """
    tx_body = shape._element.find(qn("p:txBody"))
    source = layout_shape._element.find(qn("p:txBody"))
    if tx_body is None or source is None:
        return
    for position, tag in enumerate(("a:bodyPr", "a:lstStyle")):
        theirs = source.find(qn(tag))
        own = tx_body.find(qn(tag))
        if theirs is None or (own is not None and (len(own) or own.attrib)):
            continue  # the slide has its own setting: it wins
        if own is not None:
            tx_body.remove(own)
        tx_body.insert(position, copy.deepcopy(theirs))


def drop_slides(prs: Any) -> None:
    """Remove the slides a template file carries; a deck starts from its layouts only."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def use_default_table_style(frame: Any) -> None:
    """Give a new table the template's default table style instead of python-pptx's fixed one."""
    try:
        styles = frame.part.package.presentation_part.part_related_by(RT.TABLE_STYLES)
    except KeyError:
        return
    default = etree.fromstring(styles.blob).get("def")
    if not default:
        return
    tbl_pr = frame._element.graphic.graphicData.tbl.tblPr
    style = tbl_pr.find(qn("a:tableStyleId"))
    if style is None:
        style = etree.SubElement(tbl_pr, qn("a:tableStyleId"))
    style.text = default


def remove_element(element: Any) -> None:
    """Delete a shape from its slide (an unfilled placeholder would read 'Click to add text')."""
    element.getparent().remove(element)


# --------------------------------------------------------------------------- fast slide building


def shape_tree(slide: Any) -> Any:
    """Return a detached copy of a slide's shape tree, to stamp out slides from."""
    return copy.deepcopy(slide.shapes._spTree)


def add_slide(prs: Any, layout: Any, skeleton: Any) -> Any:
    """Add a slide on layout whose shapes are a copy of skeleton.

    Cloning placeholders through python-pptx costs a millisecond per slide; a prepared
    skeleton is copied in a few microseconds.
    """
    r_id, slide = prs.part.add_slide(layout)
    prs.slides._sldIdLst.add_sldId(r_id)
    c_sld = slide._element.find(qn("p:cSld"))
    old = c_sld.find(qn("p:spTree"))
    c_sld.replace(old, copy.deepcopy(skeleton))
    return slide


def placeholders_by_idx(slide: Any) -> dict[int, Any]:
    """Return the slide's placeholder shapes by idx (a title has idx 0)."""
    found = {}
    for el in slide._element.find(qn("p:cSld")).find(qn("p:spTree")):
        ph = el.find(f"./*/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is not None:
            found[int(ph.get("idx", "0"))] = el
    return found


def set_paragraphs(sp: Any, paragraphs: list[tuple[str, int, bool]], lang: str) -> None:
    """Replace a shape's text with paragraphs of (text, level, bold), marked in the deck's
    language so PowerPoint spell-checks them in that language."""
    tx_body = sp.find(qn("p:txBody"))
    for p in tx_body.findall(qn("a:p")):
        tx_body.remove(p)
    for text, level, bold in paragraphs:
        p = etree.SubElement(tx_body, qn("a:p"))
        if level:
            etree.SubElement(p, qn("a:pPr"), lvl=str(level))
        for n, line in enumerate(text.split("\n")):
            if n:
                etree.SubElement(p, qn("a:br"))
            r = etree.SubElement(p, qn("a:r"))
            r_pr = etree.SubElement(r, qn("a:rPr"), lang=lang)
            if bold:
                r_pr.set("b", "1")
            etree.SubElement(r, qn("a:t")).text = line
    if not paragraphs:
        etree.SubElement(tx_body, qn("a:p"))


def set_slide_number(slide: Any, number: int) -> None:
    """Write the number a slide-number field shows until the viewer recomputes it."""
    for fld in slide._element.iter(qn("a:fld")):
        if fld.get("type") == "slidenum":
            t = fld.find(qn("a:t"))
            if t is not None:
                t.text = str(number)


def add_notes(slide: Any, text: str, lang: str, skeleton: list[Any]) -> None:
    """Give the slide a notes page holding text; the first notes page built is the skeleton
    for the rest (python-pptx clones the notes master's placeholders for every page and
    searches the whole package for a free part name each time)."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.packuri import PackURI
    from pptx.oxml.slide import CT_NotesSlide
    from pptx.parts.slide import NotesSlidePart

    if not skeleton:
        notes_el = slide.notes_slide._element
        skeleton.append(copy.deepcopy(notes_el.find(qn("p:cSld")).find(qn("p:spTree"))))
    else:
        package = slide.part.package
        number = slide.part.partname.idx
        part = NotesSlidePart(
            PackURI(f"/ppt/notesSlides/notesSlide{number}.xml"),
            CT.PML_NOTES_SLIDE,
            package,
            CT_NotesSlide.new(),
        )
        part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        notes_el = part._element
        c_sld = notes_el.find(qn("p:cSld"))
        c_sld.replace(c_sld.find(qn("p:spTree")), copy.deepcopy(skeleton[0]))
    for sp in notes_el.iter(qn("p:sp")):
        ph = sp.find(f"./*/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is not None and ph.get("type") == "body":
            paragraphs = [(line, 0, False) for line in text.split("\n\n")]
            set_paragraphs(sp, paragraphs, lang)
            return


def has_tags(element: Any) -> bool:
    """Return True when any text below element holds a Jinja tag, split over runs or not."""
    return any("{{" in text or "{%" in text or "{#" in text for text in paragraph_texts(element))


def set_bullets_off(paragraph: Any) -> None:
    """Suppress the bullet on one paragraph (headings inside a body placeholder)."""
    p_pr = paragraph._p.get_or_add_pPr()
    for child in p_pr.findall(qn("a:buNone")):
        p_pr.remove(child)
    p_pr.insert(0, etree.SubElement(p_pr, qn("a:buNone")))
    p_pr.set("marL", "0")
    p_pr.set("indent", "0")


# --------------------------------------------------------------------------- theme


def theme_element(prs: Any) -> tuple[Any, Any]:
    """Return (theme part, parsed theme XML) of the first slide master."""
    part = prs.slide_master.part.part_related_by(RT.THEME)
    return part, etree.fromstring(part.blob)


def set_theme_colour(prs: Any, name: str, hex_rgb: str) -> None:
    """Set a theme colour (e.g. accent1), so charts and shapes that use it follow the brand."""
    part, root = theme_element(prs)
    slot = root.find(f".//{qn('a:clrScheme')}/{qn('a:' + name)}")
    if slot is None:
        return
    for child in list(slot):
        slot.remove(child)
    etree.SubElement(slot, qn("a:srgbClr"), val=hex_rgb)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def theme_fonts(prs: Any) -> tuple[str, str]:
    """Return the theme's (major, minor) latin font names."""
    _, root = theme_element(prs)
    major = root.find(f".//{qn('a:majorFont')}/{qn('a:latin')}")
    minor = root.find(f".//{qn('a:minorFont')}/{qn('a:latin')}")
    return (
        major.get("typeface") if major is not None else "Calibri",
        minor.get("typeface") if minor is not None else "Calibri",
    )


# --------------------------------------------------------------------------- charts


def fix_chart_axis_ids(chart_part: Any) -> None:
    """Replace python-pptx's negative axis ids, which the schema (unsignedInt) forbids."""
    space = chart_part._element
    mapping: dict[str, str] = {}
    for tag in ("c:axId", "c:crossAx"):
        for el in space.iter(qn(tag)):
            val = el.get("val")
            if val not in mapping:
                mapping[val] = str(100000 + len(mapping) + 1)
            el.set("val", mapping[val])


def normalise_workbook(blob: bytes, date_time: ZipDate) -> bytes:
    """Rewrite an embedded chart workbook with fixed timestamps, for byte-identical decks."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    stamp = "{:04d}-{:02d}-{:02d}T00:00:00Z".format(*date_time[:3])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    lambda m: m.group(1) + stamp.encode() + m.group(2),
                    data,
                )
            _write(dst, info.filename, data, date_time)
    return out.getvalue()


# --------------------------------------------------------------------------- saving


def _write(zf: zipfile.ZipFile, name: str, data: bytes, date_time: ZipDate) -> None:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    zf.writestr(info, data, compresslevel=6)


ZIP_CACHE_ENTRIES = 256


class _ZipWriter:
    """A minimal deterministic zip writer that reuses compressed members.

    Most parts of a deck (theme, masters, layouts, media) are identical from deck to deck;
    compressing them once per process, keyed by their content, removes most of the cost of
    saving. Entries are written exactly as zipfile would, with fixed timestamps.
    """

    def __init__(self, target: IO[bytes], date_time: ZipDate, cache: dict[bytes, Any]) -> None:
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
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            hit = (zlib.crc32(data), packer.compress(data) + packer.flush(), len(data))
            if len(self.cache) >= ZIP_CACHE_ENTRIES:
                self.cache.clear()  # memory stays flat over any number of decks
            self.cache[key] = hit
        crc, packed, size = hit
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
            len(packed),
            size,
            len(raw),
            0,
        )
        self.target.write(head + raw)
        self.target.write(packed)
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
                len(packed),
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
        self.offset += len(head) + len(raw) + len(packed)
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


def save_deterministic(
    prs: Any, target: IO[bytes], date_time: ZipDate, cache: dict[bytes, Any] | None = None
) -> None:
    """Write the presentation as python-pptx would, but with fixed zip timestamps."""
    package = prs.part.package
    parts = tuple(package.iter_parts())
    for part in parts:
        if part.partname.endswith(".xlsx"):
            part._blob = normalise_workbook(part.blob, date_time)
        elif "/charts/chart" in part.partname and hasattr(part, "_element"):
            fix_chart_axis_ids(part)
    zw = _ZipWriter(target, date_time, {} if cache is None else cache)
    zw.add(CONTENT_TYPES_URI.membername, serialize_part_xml(_ContentTypesItem.xml_for(parts)))
    zw.add(PACKAGE_URI.rels_uri.membername, package._rels.xml)
    for part in parts:
        zw.add(part.partname.membername, part.blob)
        if part._rels:
            zw.add(part.partname.rels_uri.membername, part.rels.xml)
    zw.close()
