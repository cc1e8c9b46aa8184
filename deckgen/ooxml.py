"""Every raw-XML operation deckgen needs and python-pptx lacks, in one place.

Like python-pptx keeps lxml inside ``oxml/``, nothing else in deckgen touches XML elements or
python-pptx internals: joining tags PowerPoint split over runs, footer placeholders on slides,
positive chart axis ids, theme colours, and a deterministic package writer.
"""

from __future__ import annotations

import colorsys
import copy
import hashlib
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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
    """Put the layout's footer, slide-number and date placeholders on the slide.

    python-pptx leaves them out of new slides, so footers would not show.
    """
    tree = slide.shapes._spTree
    for sp in layout.placeholders:
        if sp._element.ph_type in (
            PP_PLACEHOLDER.FOOTER,
            PP_PLACEHOLDER.SLIDE_NUMBER,
            PP_PLACEHOLDER.DATE,
        ):
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
    forget_slides(prs)


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


# (text, outline level, bold[, bullet]): a paragraph as deckgen writes it.
TextParagraph = tuple[str, int, bool] | tuple[str, int, bool, bool]


def set_paragraphs(sp: Any, paragraphs: list[TextParagraph], lang: str) -> None:
    """Replace a shape's text with paragraphs of (text, level, bold[, bullet]), marked in the
    deck's language so PowerPoint spell-checks them in that language. A paragraph without a
    bullet (a heading that landed in a body placeholder) also loses the bullet's indent."""
    tx_body = sp.find(qn("p:txBody"))
    for p in tx_body.findall(qn("a:p")):
        tx_body.remove(p)
    for text, level, bold, *rest in paragraphs:
        p = etree.SubElement(tx_body, qn("a:p"))
        bullet = rest[0] if rest else True
        if level or not bullet:
            p_pr = etree.SubElement(p, qn("a:pPr"))
            if not bullet:
                p_pr.set("marL", "0")
                p_pr.set("indent", "0")
                etree.SubElement(p_pr, qn("a:buNone"))
            if level:
                p_pr.set("lvl", str(level))
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
    """Set a theme colour (e.g. accent1) in every master's theme, so charts and shapes that use
    it follow the brand whichever master a slide is on."""
    parts = {id(p): p for p in (m.part.part_related_by(RT.THEME) for m in prs.slide_masters)}
    for part in parts.values():
        root = etree.fromstring(part.blob)
        slot = root.find(f".//{qn('a:clrScheme')}/{qn('a:' + name)}")
        if slot is None:
            continue
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


def chart_snapshot(frame: Any) -> tuple[bytes, bytes]:
    """Return a chart's XML (without its link to the workbook) and its workbook bytes."""
    part = frame.chart.part
    element = copy.deepcopy(part._element)
    for link in element.findall(qn("c:externalData")):
        element.remove(link)
    return serialize_part_xml(element), part.chart_workbook.xlsx_part.blob


def insert_chart_snapshot(placeholder: Any, snapshot: tuple[bytes, bytes]) -> None:
    """Put a copy of a snapshotted chart into a chart placeholder, as insert_chart would."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.parts.chart import ChartPart

    chart_xml, workbook = snapshot
    package = placeholder.part.package
    name = package.next_partname(ChartPart.partname_template)
    chart_part = ChartPart.load(name, CT.DML_CHART, package, chart_xml)
    chart_part.chart_workbook.update_from_xlsx_blob(workbook)
    r_id = placeholder.part.relate_to(chart_part, RT.CHART)
    frame = placeholder._new_chart_graphicFrame(
        r_id, placeholder.left, placeholder.top, placeholder.width, placeholder.height
    )
    placeholder._replace_placeholder_with(frame)


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
# Level 1 deflates a deck's XML to within a few percent of level 6 at a third of the time;
# decks are mostly XML and small.
ZIP_LEVEL = 1


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
            packer = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)
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


MAX_CACHED_WORKBOOKS = 64


def save_deterministic(
    prs: Any, target: IO[bytes], date_time: ZipDate, cache: dict[str, Any] | None = None
) -> None:
    """Write the presentation as python-pptx would, but with fixed zip timestamps.

    ``cache`` (kept per template by the caller) holds compressed parts and normalised chart
    workbooks, so what repeats from deck to deck is compressed once.
    """
    cache = {} if cache is None else cache
    workbooks = cache.setdefault("workbooks", {})
    package = prs.part.package
    parts = tuple(package.iter_parts())
    for part in parts:
        if part.partname.endswith(".xlsx"):
            # The same chart data gives the same workbook: normalise it once per date.
            key = (hashlib.blake2b(part.blob, digest_size=20).digest(), date_time)
            if key not in workbooks:
                if len(workbooks) >= MAX_CACHED_WORKBOOKS:
                    workbooks.clear()
                workbooks[key] = normalise_workbook(part.blob, date_time)
            part._blob = workbooks[key]
        elif "/charts/chart" in part.partname and hasattr(part, "_element"):
            fix_chart_axis_ids(part)
    zw = _ZipWriter(target, date_time, cache.setdefault("parts", {}))
    zw.add(CONTENT_TYPES_URI.membername, serialize_part_xml(_ContentTypesItem.xml_for(parts)))
    zw.add(PACKAGE_URI.rels_uri.membername, package._rels.xml)
    for part in parts:
        zw.add(part.partname.membername, part.blob)
        if part._rels:
            zw.add(part.partname.rels_uri.membername, part.rels.xml)
    zw.close()


# --------------------------------------------------------------------------- reading text styles
# What a reader sees is the end of an inheritance chain: run, paragraph, the shape's list style,
# the layout's and the master's placeholder, the master's text styles, the presentation's
# defaults. python-pptx reports only what is written on the element itself, so measuring text
# (fit) and linting a deck (check) resolve the chain here.

_QNAMES: dict[str, str] = {}


def _q(tag: str) -> str:
    """``qn`` with a cache: resolving a style walks many elements, and qn parses every time."""
    name = _QNAMES.get(tag)
    if name is None:
        name = _QNAMES[tag] = qn(tag)
    return name


_LEVELS = 9
_PRESET_COLOURS = {"black": "000000", "white": "FFFFFF", "red": "FF0000", "green": "008000"}
_PRESET_COLOURS |= {"blue": "0000FF", "yellow": "FFFF00", "gray": "808080", "grey": "808080"}
_SCHEME_ALIASES = {"tx1": "dk1", "tx2": "dk2", "bg1": "lt1", "bg2": "lt2"}


@dataclass(frozen=True)
class LevelStyle:
    """The paragraph and run defaults of one outline level, merged along the inheritance chain.

    None means no element of the chain sets it (the reader's built-in default applies).
    ``family`` is a real font name (theme references like ``+mn-lt`` are resolved), ``colour``
    an RGB hex string. Spacing before/after is in points, or in lines when the template gives
    a percentage (``space_before_lines``).
    """

    size_pt: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    family: str | None = None
    margin_left: int | None = None
    line_spacing: float | None = None
    line_spacing_pt: float | None = None
    space_before_pt: float | None = None
    space_before_lines: float | None = None
    space_after_pt: float | None = None
    space_after_lines: float | None = None
    colour: str | None = None


@dataclass(frozen=True)
class BodyStyle:
    """A text frame's insets (EMU), wrapping and autofit, merged along the inheritance chain.

    ``autofit`` is "none", "normal" (PowerPoint shrinks by ``font_scale`` and reduces line
    spacing by ``line_reduction``, both as last computed by PowerPoint) or "shape" (the shape
    grows to its text, so it cannot overflow, only leave the slide).
    """

    left: int = 91440
    top: int = 45720
    right: int = 91440
    bottom: int = 45720
    wrap: bool = True
    autofit: str = "none"
    font_scale: float = 1.0
    line_reduction: float = 0.0
    anchor: str = "t"
    vertical: bool = False  # text runs top to bottom (vert, eaVert, ...): lines are columns


class Levels:
    """The inherited styles of the nine outline levels, each resolved when first asked for:
    most text uses one or two levels."""

    def __init__(self, resolve: Callable[[int], LevelStyle]) -> None:
        self._resolve = resolve
        self._resolved: dict[int, LevelStyle] = {}

    def __len__(self) -> int:
        return _LEVELS

    def __getitem__(self, level: int) -> LevelStyle:
        if not -_LEVELS <= level < _LEVELS:
            raise IndexError(level)
        level %= _LEVELS
        if level not in self._resolved:
            self._resolved[level] = self._resolve(level)
        return self._resolved[level]

    def __iter__(self) -> Iterator[LevelStyle]:
        return (self[n] for n in range(_LEVELS))


def _bool(value: str | None) -> bool | None:
    return None if value is None else value in ("1", "true")


def _lvl_ppr(lst_style: Any, level: int) -> list[Any]:
    """The level's paragraph properties of a list style, then its level-independent default."""
    if lst_style is None:
        return []
    found = [lst_style.find(_q(f"a:lvl{level + 1}pPr")), lst_style.find(_q("a:defPPr"))]
    return [el for el in found if el is not None]


class _Theme:
    """The fonts and colours of one slide master's theme, with the master's colour map."""

    def __init__(self, master_part: Any) -> None:
        blob = master_part.part_related_by(RT.THEME).blob
        self.digest = hashlib.sha1(blob).hexdigest()
        root = etree.fromstring(blob)
        major = root.find(f".//{_q('a:majorFont')}/{_q('a:latin')}")
        minor = root.find(f".//{_q('a:minorFont')}/{_q('a:latin')}")
        self.major = major.get("typeface") if major is not None else "Calibri"
        self.minor = minor.get("typeface") if minor is not None else "Calibri"
        self.colours: dict[str, str] = {}
        scheme = root.find(f".//{_q('a:clrScheme')}")
        for slot in scheme if scheme is not None else ():
            name = etree.QName(slot).localname
            value = slot.find(_q("a:srgbClr"))
            system = slot.find(_q("a:sysClr"))
            if value is not None:
                self.colours[name] = value.get("val", "000000").upper()
            elif system is not None:
                self.colours[name] = system.get("lastClr", "000000").upper()
        clr_map = master_part._element.find(_q("p:clrMap"))
        self.mapping = dict(clr_map.attrib) if clr_map is not None else {}

    def typeface(self, name: str | None) -> str | None:
        if not name:
            return None
        if name.startswith("+mj"):
            return self.major
        if name.startswith("+mn"):
            return self.minor
        return name

    def colour(self, fill: Any, placeholder: str | None = None) -> str | None:
        """The RGB of a colour element (srgbClr, schemeClr, ...) with its modifiers applied."""
        if fill is None:
            return None
        kind = etree.QName(fill).localname
        if kind == "srgbClr":
            rgb = fill.get("val", "000000").upper()
        elif kind == "schemeClr":
            name = fill.get("val", "tx1")
            if name == "phClr":
                return placeholder
            name = self.mapping.get(name, _SCHEME_ALIASES.get(name, name))
            rgb = self.colours.get(name)
        elif kind == "sysClr":
            rgb = fill.get("lastClr", "000000").upper()
        elif kind == "prstClr":
            rgb = _PRESET_COLOURS.get(fill.get("val", ""))
        elif kind == "scrgbClr":
            rgb = "".join(
                f"{round(int(fill.get(c, '0')) / 100000 * 255):02X}" for c in ("r", "g", "b")
            )
        else:
            rgb = None
        return _modified(rgb, fill) if rgb else None


def _modified(rgb: str, fill: Any) -> str | None:
    """Apply lumMod/lumOff/tint/shade (as PowerPoint does, in HSL and sRGB); an alpha below
    one half makes the colour unknowable without what lies underneath, so return None."""
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    for mod in fill:
        name = etree.QName(mod).localname
        value = int(mod.get("val", "100000")) / 100000
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * value if name == "lumMod" else lum + value
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), s)
        elif name == "tint":
            r, g, b = (c + (1 - c) * (1 - value) for c in (r, g, b))
        elif name == "shade":
            r, g, b = (c * value for c in (r, g, b))
        elif name == "alpha" and value < 0.5:
            return None
    return "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in (r, g, b))


def _xfrm_box(element: Any) -> tuple[int, int, int, int] | None:
    """(x, y, cx, cy) of a shape's own transform, or None when it inherits or has none."""
    xfrm = element.find(f"./{_q('p:spPr')}/{_q('a:xfrm')}")
    if xfrm is None:
        xfrm = element.find(_q("p:xfrm"))
    if xfrm is None:
        return None
    off, ext = xfrm.find(_q("a:off")), xfrm.find(_q("a:ext"))
    if off is None or ext is None:
        return None
    return (
        int(off.get("x", 0)),
        int(off.get("y", 0)),
        int(ext.get("cx", 0)),
        int(ext.get("cy", 0)),
    )


def _fill_colour(sp_pr: Any, theme: _Theme) -> str | None | bool:
    """A shape-properties element's fill: an RGB, False for no fill, None for unknown or
    not set (gradients and pictures have no one colour)."""
    if sp_pr is None:
        return None
    solid = sp_pr.find(_q("a:solidFill"))
    if solid is not None:
        return theme.colour(solid[0] if len(solid) else None)
    if sp_pr.find(_q("a:noFill")) is not None:
        return False
    return None


class StyleReader:
    """Resolve inherited text styles, body properties and colours for a presentation's shapes.

    Masters, layouts and themes are read once and cached, so fitting a slide costs little.
    """

    def __init__(self) -> None:
        self._themes: dict[int, _Theme] = {}
        # Every slide on a layout inherits from the same placeholders: look them up once.
        self._inherited: dict[tuple[Any, ...], list[Any]] = {}
        self._chains: dict[int, tuple[Any, Any | None, Any | None]] = {}

    # -- the chain

    def _parts(self, shape: Any) -> tuple[Any, Any | None, Any | None]:
        """(own part, layout part, master part) of the slide, layout or master holding shape."""
        part = shape.part
        found = self._chains.get(id(part))
        if found is None:
            tag = etree.QName(part._element).localname
            if tag == "sld":
                layout = part.part_related_by(RT.SLIDE_LAYOUT)
                found = (part, layout, layout.part_related_by(RT.SLIDE_MASTER))
            elif tag == "sldLayout":
                found = (part, part, part.part_related_by(RT.SLIDE_MASTER))
            else:
                found = (part, None, part)
            self._chains[id(part)] = found
        return found

    def theme(self, shape: Any) -> _Theme:
        master = self._parts(shape)[2]
        key = id(master)
        if key not in self._themes:
            self._themes[key] = _Theme(master)
        return self._themes[key]

    @staticmethod
    def _placeholder(element: Any) -> Any | None:
        return element.find(f"./*/{_q('p:nvPr')}/{_q('p:ph')}")

    def style_key(self, shape: Any) -> tuple[str, ...] | None:
        """A key that is the same for every slide placeholder that inherits the same text style
        from the same theme, layout placeholder and own list style, in any copy of a template;
        None for shapes that are not placeholders on a slide. Lets a caller resolve the style
        once per template instead of once per slide."""
        ph = self._placeholder(shape._element)
        own, layout, _ = self._parts(shape)
        if ph is None or layout is None or layout is own:
            return None
        tx_body = shape._element.find(_q("p:txBody"))
        own_style = (
            b"".join(
                etree.tostring(el)
                for el in (tx_body.find(_q("a:bodyPr")), tx_body.find(_q("a:lstStyle")))
                if el is not None
            )
            if tx_body is not None
            else b""
        )
        return (
            self.theme(shape).digest,
            str(layout.partname),
            ph.get("type", "obj"),
            ph.get("idx", "0"),
            hashlib.sha1(own_style).hexdigest(),
        )

    def _inherited_shapes(self, shape: Any) -> list[Any]:
        """The layout and master placeholders a slide placeholder inherits from, nearest first."""
        ph = self._placeholder(shape._element)
        if ph is None:
            return []
        own, layout, master = self._parts(shape)
        ph_type, idx = ph.get("type", "obj"), ph.get("idx", "0")
        key = (id(own) if own is layout or own is master else 0, id(layout), id(master))
        key += (ph_type, idx)  # type: ignore[assignment]
        cached = self._inherited.get(key)
        if cached is not None:
            return cached
        found = self._inherited[key] = []
        if layout is not None and layout is not own:
            match = self._find_placeholder(layout._element, ph_type, idx)
            if match is not None:
                found.append(match)
                lay_ph = self._placeholder(match)
                ph_type = lay_ph.get("type", "obj") if lay_ph is not None else ph_type
        if master is not None and master is not own:
            master_type = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}.get(
                ph_type, ph_type
            )
            match = self._find_placeholder(master._element, master_type, None)
            if match is not None:
                found.append(match)
        return found

    def _find_placeholder(self, root: Any, ph_type: str, idx: str | None) -> Any | None:
        by_type = None
        for el in root.iter(_q("p:sp")):
            ph = self._placeholder(el)
            if ph is None:
                continue
            if idx is not None and ph.get("idx", "0") == idx and idx != "0":
                return el
            if ph.get("type", "obj") == ph_type and by_type is None:
                by_type = el
        return by_type

    def _master_style(self, shape: Any) -> list[Any]:
        """The master text style for this shape, then the presentation's default text style."""
        master = self._parts(shape)[2]
        styles = master._element.find(_q("p:txStyles"))
        ph = self._placeholder(shape._element)
        ph_type = ph.get("type", "obj") if ph is not None else None
        if ph_type in ("title", "ctrTitle"):
            name = "p:titleStyle"
        elif ph_type is not None and ph_type not in ("dt", "ftr", "sldNum"):
            name = "p:bodyStyle"
        else:
            name = "p:otherStyle"
        chain = []
        presentation = shape.part.package.presentation_part._element
        default = presentation.find(_q("p:defaultTextStyle"))
        if name == "p:otherStyle" and ph_type is None:
            chain.append(default)  # PowerPoint styles text boxes from the presentation default
        if styles is not None:
            chain.append(styles.find(_q(name)))
        chain.append(default)
        return chain

    def _list_styles(self, shape: Any) -> list[Any]:
        """Every list style that applies to shape, nearest first."""
        own = shape._element.find(f"./{_q('p:txBody')}/{_q('a:lstStyle')}")
        chain = [own]
        chain += [
            el.find(f"./{_q('p:txBody')}/{_q('a:lstStyle')}")
            for el in self._inherited_shapes(shape)
        ]
        return chain

    # -- what callers ask

    def levels(self, shape: Any) -> Levels:
        """The inherited style of each of the nine outline levels of a shape's text."""
        theme = self.theme(shape)
        lists = self._list_styles(shape)
        font_ref = shape._element.find(f"./{_q('p:style')}/{_q('a:fontRef')}")
        tail = self._master_style(shape)
        return Levels(
            lambda n: self._merge(
                [p for lst in lists for p in _lvl_ppr(lst, n)],
                font_ref,
                [p for lst in tail for p in _lvl_ppr(lst, n)],
                theme,
            )
        )

    def cell_levels(self, cell: Any, frame: Any) -> Levels:
        """The inherited style of a table cell's text: its own list style, then the defaults
        (table styles may colour and embolden text; their sizes are the defaults')."""
        theme = self.theme(frame)
        own = cell._tc.find(f"./{_q('a:txBody')}/{_q('a:lstStyle')}")
        presentation = frame.part.package.presentation_part._element
        styles = self._parts(frame)[2]._element.find(_q("p:txStyles"))
        tail = [presentation.find(_q("p:defaultTextStyle"))]
        if styles is not None:
            tail.append(styles.find(_q("p:otherStyle")))
        return Levels(
            lambda n: self._merge(
                _lvl_ppr(own, n), None, [p for lst in tail for p in _lvl_ppr(lst, n)], theme
            )
        )

    @staticmethod
    def _merge(near: list[Any], font_ref: Any, far: list[Any], theme: _Theme) -> LevelStyle:
        values: dict[str, Any] = {}

        def put(key: str, value: Any) -> None:
            if value is not None and key not in values:
                values[key] = value

        def read(ppr: Any) -> None:
            marl = ppr.get("marL")
            put("margin_left", int(marl) if marl is not None else None)
            spacing = ppr.find(_q("a:lnSpc"))
            if spacing is not None and "line" not in values:
                values["line"] = True
                pct, pts = spacing.find(_q("a:spcPct")), spacing.find(_q("a:spcPts"))
                if pct is not None:
                    put("line_spacing", int(pct.get("val", "100000")) / 100000)
                elif pts is not None:
                    put("line_spacing_pt", int(pts.get("val", "0")) / 100)
            for tag, key in (("a:spcBef", "space_before"), ("a:spcAft", "space_after")):
                space = ppr.find(_q(tag))
                if space is not None and key not in values:
                    values[key] = True
                    pct, pts = space.find(_q("a:spcPct")), space.find(_q("a:spcPts"))
                    if pts is not None:
                        put(f"{key}_pt", int(pts.get("val", "0")) / 100)
                    elif pct is not None:
                        put(f"{key}_lines", int(pct.get("val", "0")) / 100000)
            rpr = ppr.find(_q("a:defRPr"))
            if rpr is not None:
                read_run(rpr)

        def read_run(rpr: Any) -> None:
            size = rpr.get("sz")
            put("size_pt", int(size) / 100 if size is not None else None)
            put("bold", _bool(rpr.get("b")))
            put("italic", _bool(rpr.get("i")))
            latin = rpr.find(_q("a:latin"))
            put("family", theme.typeface(latin.get("typeface")) if latin is not None else None)
            solid = rpr.find(_q("a:solidFill"))
            if solid is not None and len(solid):
                put("colour", theme.colour(solid[0]))

        for ppr in near:
            read(ppr)
        if font_ref is not None:
            # A shape style's font reference sits between the shape's own list style and the
            # master's text styles: it is why text in a default PowerPoint shape is white.
            idx = font_ref.get("idx")
            put(
                "family", theme.major if idx == "major" else theme.minor if idx == "minor" else None
            )
            if len(font_ref):
                put("colour", theme.colour(font_ref[0]))
        for ppr in far:
            read(ppr)
        for key in ("line", "space_before", "space_after"):
            values.pop(key, None)
        return LevelStyle(**values)

    def body(self, shape: Any) -> BodyStyle:
        """The shape's insets, wrapping and autofit, inherited from its placeholders."""
        chain = [shape._element] + self._inherited_shapes(shape)
        body_prs = [el.find(f"./{_q('p:txBody')}/{_q('a:bodyPr')}") for el in chain]
        return self._body(body_prs)

    @staticmethod
    def _body(body_prs: list[Any]) -> BodyStyle:
        values: dict[str, Any] = {}
        names = {"lIns": "left", "tIns": "top", "rIns": "right", "bIns": "bottom"}
        for body_pr in body_prs:
            if body_pr is None:
                continue
            for attr, key in names.items():
                if body_pr.get(attr) is not None and key not in values:
                    values[key] = int(body_pr.get(attr))
            if body_pr.get("wrap") is not None and "wrap" not in values:
                values["wrap"] = body_pr.get("wrap") != "none"
            if body_pr.get("anchor") is not None and "anchor" not in values:
                values["anchor"] = body_pr.get("anchor")
            if body_pr.get("vert") is not None and "vertical" not in values:
                values["vertical"] = body_pr.get("vert") != "horz"
            if "autofit" in values:
                continue
            if body_pr.find(_q("a:spAutoFit")) is not None:
                values["autofit"] = "shape"
            elif body_pr.find(_q("a:noAutofit")) is not None:
                values["autofit"] = "none"
            elif (norm := body_pr.find(_q("a:normAutofit"))) is not None:
                values["autofit"] = "normal"
                values["font_scale"] = int(norm.get("fontScale", "100000")) / 100000
                values["line_reduction"] = int(norm.get("lnSpcReduction", "0")) / 100000
        return BodyStyle(**values)

    def run_colour(self, run: Any, shape: Any) -> str | None:
        """The colour written on a run (python-pptx ``_Run``) or its paragraph, else None."""
        theme = self.theme(shape)
        for rpr in (
            run._r.find(_q("a:rPr")),
            run._r.getparent().find(f"./{_q('a:pPr')}/{_q('a:defRPr')}"),
        ):
            if rpr is None:
                continue
            solid = rpr.find(_q("a:solidFill"))
            if solid is not None and len(solid):
                return theme.colour(solid[0])
            if len(rpr) and rpr.find(_q("a:gradFill")) is not None:
                return None
        return None

    def background(self, shape: Any) -> str | None:
        """The colour text in shape is read against: the shape's own solid fill, else the
        slide's background; None when that is a gradient, picture or pattern."""
        theme = self.theme(shape)
        chain = [shape._element] + self._inherited_shapes(shape)
        for el in chain:
            fill = _fill_colour(el.find(_q("p:spPr")), theme)
            if fill is False:
                break
            if fill is not None:
                return fill
            if el.find(_q("p:spPr")) is not None and any(
                el.find(f"./{_q('p:spPr')}/{_q(t)}") is not None
                for t in ("a:gradFill", "a:blipFill", "a:pattFill", "a:grpFill")
            ):
                return None
        else:
            fill_ref = shape._element.find(f"./{_q('p:style')}/{_q('a:fillRef')}")
            if fill_ref is not None and fill_ref.get("idx", "0") != "0" and len(fill_ref):
                return theme.colour(fill_ref[0])
        behind = self._drawn_behind(shape, theme)
        if behind is not False:
            return behind
        return self.slide_background(shape)

    def _drawn_behind(self, shape: Any, theme: _Theme) -> str | None | bool:
        """The fill of the topmost shape drawn under the centre of shape: earlier shapes on its
        slide, then the layout's and the master's own drawings (a title bar, a side band).
        An RGB, None when that shape has no single colour (picture, gradient), False when
        nothing is drawn there."""
        box = _xfrm_box(shape._element)
        if box is None:
            return False
        cx, cy = box[0] + box[2] // 2, box[1] + box[3] // 2
        own, layout, master = self._parts(shape)
        own_tree = shape._element.getparent()
        earlier = []
        for el in own_tree:
            if el is shape._element:
                break
            earlier.append(el)
        layers = [list(reversed(earlier))]
        hides_master = layout is not None and layout._element.get("showMasterSp") in ("0", "false")
        for part in (layout, None if hides_master else master):
            if part is not None and part is not own:
                tree = part._element.find(f"./{_q('p:cSld')}/{_q('p:spTree')}")
                drawn = [el for el in tree if self._placeholder(el) is None]
                layers.append(list(reversed(drawn)))
        for layer in layers:
            for el in layer:
                other = _xfrm_box(el)
                if other is None or not (
                    other[0] <= cx <= other[0] + other[2] and other[1] <= cy <= other[1] + other[3]
                ):
                    continue
                if etree.QName(el).localname != "sp":
                    return None  # a picture, chart or group: no single colour to judge
                fill = _fill_colour(el.find(_q("p:spPr")), theme)
                if isinstance(fill, str):
                    return fill
                if self._has_special_fill(el):
                    return None
                # an outline or an unfilled box: what is under it still shows through
        return False

    @staticmethod
    def _has_special_fill(el: Any) -> bool:
        return any(
            el.find(f"./{_q('p:spPr')}/{_q(t)}") is not None
            for t in ("a:gradFill", "a:blipFill", "a:pattFill", "a:grpFill")
        )

    def default_text_colour(self, shape: Any) -> str | None:
        """The colour of text nothing else colours: the theme's first text colour (tx1)."""
        theme = self.theme(shape)
        return theme.colours.get(theme.mapping.get("tx1", "dk1"))

    def cell_background(self, cell: Any, frame: Any) -> str | None:
        """A table cell's own solid fill; None when the table style decides (not resolved)."""
        fill = _fill_colour(cell._tc.find(_q("a:tcPr")), self.theme(frame))
        return fill if isinstance(fill, str) else None

    def slide_background(self, shape: Any) -> str | None:
        """The background colour of the slide holding shape (slide, else layout, else master)."""
        theme = self.theme(shape)
        own, layout, master = self._parts(shape)
        for part in (own, layout, master):
            if part is None:
                continue
            bg = part._element.find(f"./{_q('p:cSld')}/{_q('p:bg')}")
            if bg is None:
                continue
            bg_pr = bg.find(_q("p:bgPr"))
            if bg_pr is not None:
                fill = _fill_colour(bg_pr, theme)
                return fill if isinstance(fill, str) else None
            bg_ref = bg.find(_q("p:bgRef"))
            if bg_ref is not None and len(bg_ref):
                return theme.colour(bg_ref[0])
            return None
        return theme.colours.get(theme.mapping.get("bg1", "lt1"), "FFFFFF")


def placeholder_idx(shape: Any) -> int | None:
    """The shape's placeholder idx (0 for a title), or None when it is not a placeholder;
    cheaper than python-pptx's ``is_placeholder`` and ``placeholder_format``."""
    ph = shape._element.find(f"./*/{_q('p:nvPr')}/{_q('p:ph')}")
    return None if ph is None else int(ph.get("idx", "0"))


def paragraph_margin(paragraph: Any) -> int | None:
    """The left margin written on one paragraph (python-pptx ``_Paragraph``), if any."""
    ppr = paragraph._p.find(_q("a:pPr"))
    marl = ppr.get("marL") if ppr is not None else None
    return int(marl) if marl is not None else None


# --------------------------------------------------------------------------- alt text and names


def _c_nv_pr(shape: Any) -> Any | None:
    return shape._element.find(f"./*/{_q('p:cNvPr')}")


def alt_text(shape: Any) -> str:
    """The shape's alternative text (PowerPoint's "Alt Text": description, else title)."""
    c_nv_pr = _c_nv_pr(shape)
    if c_nv_pr is None:
        return ""
    return (c_nv_pr.get("descr") or c_nv_pr.get("title") or "").strip()


def is_decorative(shape: Any) -> bool:
    """Whether PowerPoint's "Mark as decorative" is set: such shapes need no alt text."""
    c_nv_pr = _c_nv_pr(shape)
    if c_nv_pr is None:
        return False
    return any(
        etree.QName(el).localname == "decorative" and el.get("val") in ("1", "true")
        for el in c_nv_pr.iter()
    )


def set_alt_text(shape: Any, text: str) -> None:
    """Give a shape alternative text, which screen readers speak and check asks for."""
    c_nv_pr = _c_nv_pr(shape)
    if c_nv_pr is not None:
        c_nv_pr.set("descr", text)


def slide_name(slide: Any) -> str:
    """The slide's internal name (``p:cSld/@name``), which PowerPoint keeps but never shows."""
    return slide._element.find(_q("p:cSld")).get("name", "")


def set_slide_name(slide: Any, name: str) -> None:
    """Name a slide; deckgen names each slide ``deckgen:<kind>`` so check knows what it is."""
    slide._element.find(_q("p:cSld")).set("name", name)


# --------------------------------------------------------------------------- template packages
# Reading what a template file is before python-pptx sees it, and making .potx/.pptm/.ppsx
# packages into plain presentations (template.py decides what to accept; this only reads and
# rewrites XML).

PRESENTATION_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
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
# Templates are untrusted: no entities, no DTDs, no network, no "huge tree" memory.
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(frozen=True)
class PackageInfo:
    """What an OOXML package says about itself: its main part and what it carries."""

    main_part: str | None
    content_type: str | None
    strict: bool
    macro_parts: tuple[str, ...]
    signed: bool
    custom_ui: bool


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _target(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _parse(zf: zipfile.ZipFile, member: str) -> etree._Element | None:
    try:
        return etree.fromstring(zf.read(member), _SAFE)
    except KeyError:
        return None


def _rels(zf: zipfile.ZipFile, source: str) -> list[tuple[str, str, str]]:
    """Return (type, target member, mode) of each relationship of a part ('' = the package)."""
    root = _parse(zf, _rels_name(source) if source else "_rels/.rels")
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
    root = etree.fromstring(data, _SAFE)
    for rel in list(root):
        if rel.get("Type") in types:
            root.remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _retype(data: bytes, member: str, content_type: str) -> bytes:
    root = etree.fromstring(data, _SAFE)
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
        edits[_rels_name(main)] = lambda d: _drop_rels(d, (VBA_PROJECT,))
    dropped = set(info.macro_parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for member in zf.infolist():
            if member.filename in dropped or member.is_dir():
                continue
            data = zf.read(member)
            edit = edits.get(member.filename)
            dst.writestr(member.filename, edit(data) if edit else data)
    return out.getvalue()


def find_broken_part(zf: zipfile.ZipFile) -> tuple[str, str] | None:
    """Return (member, what is wrong) for the first XML part that does not parse or the first
    relationship that points at a missing part; None when the package structure is sound."""
    names = set(zf.namelist())
    for member in zf.namelist():
        if not member.endswith((".xml", ".rels")):
            continue
        try:
            etree.fromstring(zf.read(member), _SAFE)
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
    return None


def theme_summary(prs: Any) -> tuple[str, dict[str, str]]:
    """Return the first master's theme name and its colour scheme as {slot: "RRGGBB"}."""
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob, _SAFE)
    colours: dict[str, str] = {}
    scheme = root.find(f".//{qn('a:clrScheme')}")
    for slot in scheme if scheme is not None else []:
        value = slot[0] if len(slot) else None
        if value is not None:
            colours[etree.QName(slot).localname] = value.get("val") or value.get("lastClr") or ""
    return root.get("name", ""), colours


def layout_type(layout: Any) -> str:
    """Return a layout's ST_SlideLayoutType (``obj``, ``secHead``, ...); absent means ``cust``."""
    return layout._element.get("type", "cust")


def is_vertical(placeholder: Any) -> bool:
    """Return True for a placeholder whose text runs vertically (East Asian layouts)."""
    ph = placeholder._element.find(f".//{qn('p:ph')}")
    return ph is not None and ph.get("orient") == "vert"


# --------------------------------------------------------------------------- deckgen's own boxes
# Where a layout lacks a placeholder, deckgen draws the text, chart or table itself; these keep
# such shapes in the template's own style.


def frame_placeholder(slide: Any, element: Any, kind: str) -> Any:
    """Return a slide placeholder as a chart or table placeholder, whatever its type.

    PowerPoint's "Content" placeholder (type obj) takes charts and tables; the frame then keeps
    the placeholder's ``p:ph``, exactly as PowerPoint writes it. python-pptx only offers
    insert_chart/insert_table on placeholders typed chart/table, so deckgen asks for the proxy.
    """
    from pptx.shapes.placeholder import ChartPlaceholder, TablePlaceholder

    proxy = ChartPlaceholder if kind == "chart" else TablePlaceholder
    return proxy(element, slide.shapes)


def add_chart_snapshot(slide: Any, box: tuple[int, int, int, int], snapshot: Any) -> Any:
    """Add a copy of a snapshotted chart as a free shape at box (left, top, width, height)."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.parts.chart import ChartPart

    chart_xml, workbook = snapshot
    package = slide.part.package
    chart_part = ChartPart.load(
        package.next_partname(ChartPart.partname_template), CT.DML_CHART, package, chart_xml
    )
    chart_part.chart_workbook.update_from_xlsx_blob(workbook)
    r_id = slide.part.relate_to(chart_part, RT.CHART)
    return slide.shapes._add_chart_graphicFrame(r_id, *box)


def add_text_box(
    slide: Any,
    box: tuple[int, int, int, int],
    paragraphs: list[TextParagraph],
    lang: str,
    style: str,
    name: str,
) -> Any:
    """Add a text box styled as the master styles its title (style "title") or body text
    ("body"): its text styles, insets, anchoring and autofit, so the box looks made in the
    template, not pasted onto it."""
    shape = slide.shapes.add_textbox(*box)
    shape.name = name
    sp = shape._element
    master = slide.slide_layout.slide_master._element
    styles = master.find(qn("p:txStyles"))
    source = styles.find(qn("p:titleStyle" if style == "title" else "p:bodyStyle"))
    tx_body = sp.find(qn("p:txBody"))
    lst = tx_body.find(qn("a:lstStyle"))
    for level in source if source is not None else []:
        if etree.QName(level).localname.startswith("lvl"):
            lst.append(copy.deepcopy(level))
    ph_type = ("title", "ctrTitle") if style == "title" else ("body", "obj", None)
    for el in master.iter(qn("p:sp")):
        ph = el.find(f"./*/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is not None and ph.get("type") in ph_type:
            body_pr = el.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
            if body_pr is not None:
                tx_body.replace(tx_body.find(qn("a:bodyPr")), copy.deepcopy(body_pr))
            break
    tx_body.find(qn("a:bodyPr")).set("wrap", "square")
    set_paragraphs(sp, paragraphs, lang)
    return shape


def move_slides_to_end(prs: Any, count: int) -> None:
    """Move the first count slides behind the others (a template's own slides after the deck)."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list)[:count]:
        id_list.remove(slide_id)
        id_list.append(slide_id)


def forget_slides(prs: Any) -> None:
    """Remove what in presentation.xml refers to slides that are gone: custom shows and
    PowerPoint's sections (p14:sectionLst), which would otherwise make PowerPoint repair."""
    root = prs.part._element
    ids = {el.get("id") for el in prs.slides._sldIdLst}
    r_ids = {el.get(qn("r:id")) for el in prs.slides._sldIdLst}
    show_list = root.find(qn("p:custShowLst"))
    if show_list is not None:
        for show in list(show_list):
            for sld in list(show.iter(qn("p:sld"))):
                if sld.get(qn("r:id")) not in r_ids:
                    sld.getparent().remove(sld)
    for el in list(root.iter()):
        if (
            isinstance(el.tag, str)
            and etree.QName(el).localname == "sldId"
            and etree.QName(el).namespace != root.nsmap.get("p")
            and el.get("id") not in ids
        ):
            el.getparent().remove(el)


def name_notes_by_slide(prs: Any) -> None:
    """Rename the notes pages of the slides a template carries after their slides' numbers.

    New notes pages are named after their new slide's number; a kept slide's notes page may
    carry any number (PowerPoint numbers them in creation order), which could collide.
    """
    from pptx.opc.packuri import PackURI

    for slide in prs.slides:
        if slide.has_notes_slide:
            part = slide.notes_slide.part
            part.partname = PackURI(f"/ppt/notesSlides/notesSlide{slide.part.partname.idx}.xml")


_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def describe_charts(slide: Any, text: str) -> None:
    """Give every chart on the slide that has no alt text this description (python-pptx
    writes none, and a screen reader would announce only "chart")."""
    for frame in slide._element.iter(_q("p:graphicFrame")):
        data = frame.find(f"./{_q('a:graphic')}/{_q('a:graphicData')}")
        c_nv_pr = frame.find(f"./{_q('p:nvGraphicFramePr')}/{_q('p:cNvPr')}")
        if data is None or data.get("uri") != _CHART_URI or c_nv_pr is None:
            continue
        if not c_nv_pr.get("descr"):
            c_nv_pr.set("descr", text)


# --------------------------------------------------------------------------- reading text fast


@dataclass(frozen=True)
class RunFormat:
    """What one run (or a paragraph's default run properties) says about its font; None where
    it says nothing. ``typeface`` is as written: a name, or a theme reference like +mn-lt."""

    size_pt: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    typeface: str | None = None


@dataclass(frozen=True)
class RawParagraph:
    """One paragraph as written: its text in pieces with their formats (line breaks and fields
    included, as a reader shows them), its level and what its own properties set."""

    level: int
    pieces: tuple[tuple[str, RunFormat], ...]
    defaults: RunFormat
    margin_left: int | None = None
    line_spacing: float | None = None
    line_spacing_pt: float | None = None
    space_before_pt: float | None = None
    space_before_lines: float | None = None
    space_after_pt: float | None = None
    space_after_lines: float | None = None


_NO_FORMAT = RunFormat()


def _run_format(r_pr: Any) -> RunFormat:
    if r_pr is None:
        return _NO_FORMAT
    size = r_pr.get("sz")
    latin = r_pr.find(_q("a:latin"))
    return RunFormat(
        size_pt=int(size) / 100 if size is not None else None,
        bold=_bool(r_pr.get("b")),
        italic=_bool(r_pr.get("i")),
        typeface=latin.get("typeface") if latin is not None else None,
    )


def _spacing_of(p_pr: Any, tag: str) -> tuple[float | None, float | None]:
    """(points, fraction) of a paragraph's spcBef/spcAft/lnSpc, either or neither set."""
    el = p_pr.find(_q(tag)) if p_pr is not None else None
    if el is None:
        return None, None
    pts, pct = el.find(_q("a:spcPts")), el.find(_q("a:spcPct"))
    if pts is not None:
        return int(pts.get("val", "0")) / 100, None
    if pct is not None:
        return None, int(pct.get("val", "0")) / 100000
    return None, None


def read_paragraphs(text_frame: Any) -> list[RawParagraph]:
    """Read a text frame's paragraphs straight from the XML: what fitting measures, read in a
    fraction of the time python-pptx's run and font objects take."""
    out = []
    for p in text_frame._txBody.iterchildren(_q("a:p")):
        p_pr = p.find(_q("a:pPr"))
        pieces: list[tuple[str, RunFormat]] = []
        previous = _NO_FORMAT
        for child in p:
            tag = child.tag
            if tag == _q("a:r") or tag == _q("a:fld"):
                fmt = _run_format(child.find(_q("a:rPr")))
                t = child.find(_q("a:t"))
                pieces.append((t.text or "" if t is not None else "", fmt))
                previous = fmt
            elif tag == _q("a:br"):
                pieces.append(("\v", previous))  # a break takes the run before it
        line_pt, line_pct = _spacing_of(p_pr, "a:lnSpc")
        before_pt, before_lines = _spacing_of(p_pr, "a:spcBef")
        after_pt, after_lines = _spacing_of(p_pr, "a:spcAft")
        marl = p_pr.get("marL") if p_pr is not None else None
        out.append(
            RawParagraph(
                level=int(p_pr.get("lvl", "0")) if p_pr is not None else 0,
                pieces=tuple(pieces),
                defaults=_run_format(p_pr.find(_q("a:defRPr")) if p_pr is not None else None),
                margin_left=int(marl) if marl is not None else None,
                line_spacing=line_pct,
                line_spacing_pt=line_pt,
                space_before_pt=before_pt,
                space_before_lines=before_lines,
                space_after_pt=after_pt,
                space_after_lines=after_lines,
            )
        )
    return out
