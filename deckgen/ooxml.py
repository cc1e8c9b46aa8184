"""Every raw-XML operation deckgen needs and python-pptx lacks, in one place.

Like python-pptx keeps lxml inside ``oxml/``, nothing else in deckgen touches XML elements or
python-pptx internals: joining tags PowerPoint split over runs, footer placeholders on slides,
positive chart axis ids, theme colours, and a deterministic package writer.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any

from lxml import etree
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


def copy_footer_placeholders(slide: Any, layout: Any, number: int) -> list[Any]:
    """Put the layout's footer and slide-number placeholders on the slide.

    python-pptx leaves them out of new slides, so footers would not show.
    """
    added = []
    tree = slide.shapes._spTree
    for sp in layout.placeholders:
        if sp.placeholder_format.type is None:
            continue
        ph_type = sp._element.ph_type
        if str(ph_type).split(" ")[0].lower() not in ("footer", "slide_number"):
            continue
        el = copy.deepcopy(sp._element)
        for fld in el.iter(qn("a:fld")):
            if fld.get("type") == "slidenum":
                t = fld.find(qn("a:t"))
                if t is not None:
                    t.text = str(number)
        tree.append(el)
        added.append(el)
    _renumber_shape_ids(tree)
    return added


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


def remove_shape(shape: Any) -> None:
    """Delete a shape from its slide (an unfilled placeholder would read 'Click to add text')."""
    el = shape._element
    el.getparent().remove(el)


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


def save_deterministic(prs: Any, target: IO[bytes], date_time: ZipDate) -> None:
    """Write the presentation as python-pptx would, but with fixed zip timestamps."""
    package = prs.part.package
    parts = tuple(package.iter_parts())
    for part in parts:
        if part.partname.endswith(".xlsx"):
            part._blob = normalise_workbook(part.blob, date_time)
        elif "/charts/chart" in part.partname and hasattr(part, "_element"):
            fix_chart_axis_ids(part)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        _write(
            zf,
            CONTENT_TYPES_URI.membername,
            serialize_part_xml(_ContentTypesItem.xml_for(parts)),
            date_time,
        )
        _write(zf, PACKAGE_URI.rels_uri.membername, package._rels.xml, date_time)
        for part in parts:
            _write(zf, part.partname.membername, part.blob, date_time)
            if part._rels:
                _write(zf, part.partname.rels_uri.membername, part.rels.xml, date_time)
