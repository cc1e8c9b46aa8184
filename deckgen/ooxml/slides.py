"""Building slides from prepared shape trees: placeholders, text, footers, notes, names."""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

from lxml import etree

from .legible import pin_legible_colour
from .opc import RT
from .samples import pin_sample_style
from .styles import StyleReader
from .xml import element, qn

#: What a template maker's program leaves in a footer or date placeholder as its label, not as
#: text to show: LibreOffice writes "Footer" on every layout and "<footer>", "<date/time>" on
#: masters. PowerPoint would print it on every slide.
_SAMPLE_TEXT = re.compile(
    r"\s*<?\s*(footer|fu(ß|ss)zeile|pied de page|date/time|datum/uhrzeit|date)\s*>?\s*",
    re.IGNORECASE,
)


def copy_footer_placeholders(slide: Any, layout: Any) -> None:
    """Put the layout's footer, slide-number and date placeholders on the slide, apart from
    a footer or date that holds only its sample text (``_SAMPLE_TEXT``).

    python-pptx leaves them out of new slides, so footers would not show.
    """
    from pptx.enum.shapes import PP_PLACEHOLDER

    tree = slide.shapes._spTree
    for sp in layout.placeholders:
        kind = sp._element.ph_type
        if kind == PP_PLACEHOLDER.SLIDE_NUMBER or (
            kind in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.DATE) and not is_sample_text(sp._element)
        ):
            tree.append(copy.deepcopy(sp._element))
    _renumber_shape_ids(tree)


def is_sample_text(sp: Any) -> bool:
    """Whether a shape's text is only a placeholder's label ("Footer", "<date/time>")."""
    text = "".join(t.text or "" for t in sp.iter(qn("a:t")))
    return _SAMPLE_TEXT.fullmatch(text) is not None


def _renumber_shape_ids(tree: Any) -> None:
    used: set[int] = set()
    for c_nv_pr in tree.iter(qn("p:cNvPr")):
        shape_id = int(c_nv_pr.get("id", "0"))
        if shape_id in used or shape_id <= 0:
            shape_id = max(used | {1}) + 1
            c_nv_pr.set("id", str(shape_id))
        used.add(shape_id)


def pin_text_style(shape: Any, layout_shape: Any, reader: StyleReader) -> None:
    """Copy the layout placeholder's body properties and list style onto the slide's shape,
    and the master's sample style where only that sizes its text (``samples``); ``reader``
    reads the slide's styles (one per slide: it keeps what it read).

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
    pin_sample_style(shape, tx_body, reader)
    pin_legible_colour(shape, tx_body, reader)


def drop_slides(prs: Any) -> None:
    """Remove the slides a template file carries; a deck starts from its layouts only."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)
    forget_slides(prs)


def remove_slide(prs: Any, slide: Any) -> None:
    """Take a slide out of the presentation; its parts go with it unless shared."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        if prs.part.related_part(slide_id.rId) is slide.part:
            id_list.remove(slide_id)
            prs.part.drop_rel(slide_id.rId)


def notes_skeleton(slide: Any) -> Any:
    """Return a copy of the blank notes page python-pptx makes for slide from the notes
    master, to stamp every notes page from."""
    return copy.deepcopy(slide.notes_slide._element)


def remove_element(element: Any) -> None:
    """Delete a shape from its slide (an unfilled placeholder would read 'Click to add text')."""
    element.getparent().remove(element)


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


def reset_slide(slide: Any, skeleton: Any) -> Any:
    """Return slide made new: its shapes a copy of skeleton, no name, no relationship but its
    layout's (the parts its last content used are dropped).

    Taking a slide out and adding a new one costs a python-pptx part each time; a slide that
    is only ever reset serves every slide built on its layout. The python-pptx Slide returned
    is a new one: an old one's shape collection still holds the old shapes.
    """
    from pptx.slide import Slide

    part = slide.part
    c_sld = part._element.find(qn("p:cSld"))
    c_sld.replace(c_sld.find(qn("p:spTree")), copy.deepcopy(skeleton))
    c_sld.attrib.pop("name", None)
    for r_id, rel in list(part.rels.items()):
        if rel.reltype != RT.SLIDE_LAYOUT:
            part.rels.pop(r_id)
    return Slide(part._element, part)


def placeholders_by_idx(slide: Any) -> dict[int, Any]:
    """Return the slide's placeholder shapes by idx (a title has idx 0)."""
    return {int(ph.get("idx", "0")): el for el, ph in _placeholders(slide)}


def _placeholders(slide: Any) -> list[tuple[Any, Any]]:
    """Each placeholder shape of the slide with its ``p:ph`` (the first, as ``find`` gives),
    in order. One XPath query: walking every shape costs a Python object per shape, more than
    the search itself."""
    found: list[tuple[Any, Any]] = []
    for ph in _PHS(slide._element.find(_SP_TREE)):
        shape = ph.getparent().getparent().getparent()
        if not found or found[-1][0] is not shape:
            found.append((shape, ph))
    return found


def text_shape_elements(slide: Any) -> list[Any]:
    """Return the slide's top-level shapes that hold text (not only spaces), but its footer,
    date and slide-number placeholders, whose text is the template's."""
    found = []
    for tx_body in _TX_BODIES(slide._element.find(_SP_TREE)):
        if not any((t.text or "").strip() for t in tx_body.iter(_T)):
            continue
        el = tx_body.getparent()
        ph = el.find(_PH)
        if ph is None or ph.get("type") not in _FOOTER_TYPES:
            found.append(el)
    return found


_FOOTER_TYPES = ("ftr", "dt", "sldNum")
# Clark names and paths of the tags every slide built is walked for, made once: a batch walks
# each client's slides several times.
_SP_TREE = f"{qn('p:cSld')}/{qn('p:spTree')}"
_PH = f"./*/{qn('p:nvPr')}/{qn('p:ph')}"
_NV_PR_PH = f"{qn('p:nvPr')}/{qn('p:ph')}"
_NAMESPACES = {"p": qn("p:ph")[1:].partition("}")[0]}
_PHS = etree.XPath("./*/*/p:nvPr/p:ph", namespaces=_NAMESPACES)
_TX_BODIES = etree.XPath("./*/p:txBody[1]", namespaces=_NAMESPACES)
_TX_BODY, _T, _R, _FLD, _R_PR, _END_PARA_R_PR = (
    qn(tag) for tag in ("p:txBody", "a:t", "a:r", "a:fld", "a:rPr", "a:endParaRPr")
)


def shape_of(slide: Any, element: Any) -> Any:
    """Return the python-pptx shape of one of the slide's shape elements: the class
    python-pptx's ``SlideShapeFactory`` gives it, found without its two XPath queries (a
    tenth of a millisecond each, for every text shape fitted)."""
    from pptx.shapes.shapetree import BaseShapeFactory

    first = next(element.iterchildren(etree.Element), None)  # XPath's ./*[1]
    ph = None if first is None else first.find(_NV_PR_PH)
    if ph is None:
        return BaseShapeFactory(element, slide.shapes)
    return _placeholder_class(element.tag, ph.get("type", "obj"))(element, slide.shapes)


@functools.cache
def _placeholder_class(tag: str, kind: str) -> Any:
    """The class python-pptx gives a slide placeholder (``_SlidePlaceholderFactory``)."""
    from pptx.shapes import placeholder as ph
    from pptx.shapes.shapetree import BaseShapeFactory

    if tag == qn("p:sp"):
        by_kind: dict[str, Any] = {"clipArt": ph.PicturePlaceholder, "pic": ph.PicturePlaceholder}
        by_kind.update(chart=ph.ChartPlaceholder, tbl=ph.TablePlaceholder)
        return by_kind.get(kind, ph.SlidePlaceholder)
    if tag == qn("p:graphicFrame"):
        return ph.PlaceholderGraphicFrame
    if tag == qn("p:pic"):
        return ph.PlaceholderPicture
    return BaseShapeFactory


def xml_bytes(element: Any) -> bytes:
    """An element's XML, as a key for work that depends only on it."""
    return etree.tostring(element)


def copy_of_shape(shape: Any) -> Any:
    """A copy of a python-pptx shape's XML to keep apart from any tree (``replace_element``
    puts it back where a shape stands)."""
    return copy.deepcopy(shape._element)


def replace_element(element: Any, model: Any) -> None:
    """Put a copy of model where element stands."""
    element.getparent().replace(element, copy.deepcopy(model))


def footer_shapes(slide: Any) -> list[Any]:
    """Return the slide's footer, date and slide-number placeholders: the text on a built slide
    that comes from the template (and may hold its tags), not from the content."""
    return [el for el, ph in _placeholders(slide) if ph.get("type") in _FOOTER_TYPES]


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


def _c_nv_pr(shape: Any) -> Any | None:
    return shape._element.find(f"./*/{qn('p:cNvPr')}")


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
    return slide._element.find(qn("p:cSld")).get("name", "")


def set_slide_name(slide: Any, name: str) -> None:
    """Name a slide; deckgen names each slide ``deckgen:<kind>`` so check knows what it is."""
    slide._element.find(qn("p:cSld")).set("name", name)


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
    styles = master.find(qn("p:txStyles"))  # optional: a master may style nothing
    source = (
        None
        if styles is None
        else styles.find(qn("p:titleStyle" if style == "title" else "p:bodyStyle"))
    )
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


def set_box(shape: Any, box: tuple[int, int, int, int]) -> None:
    """Give a slide shape (its element) its own position and size (``p:spPr/a:xfrm``)."""
    sp_pr = shape.find(qn("p:spPr"))
    xfrm = sp_pr.find(qn("a:xfrm"))
    if xfrm is None:
        xfrm = element("a:xfrm")
        sp_pr.insert(0, xfrm)
    for child in list(xfrm):
        xfrm.remove(child)
    etree.SubElement(xfrm, qn("a:off"), x=str(box[0]), y=str(box[1]))
    etree.SubElement(xfrm, qn("a:ext"), cx=str(box[2]), cy=str(box[3]))


def set_language(slide: Any, lang: str) -> None:
    """Mark every run on the slide (text, table cells, footer, slide number) in ``lang``, so
    PowerPoint spell-checks the whole slide in the deck's language, not the template's."""
    tree = slide._element.find(_SP_TREE)
    for el in tree.iter(_R_PR, _END_PARA_R_PR):
        el.set("lang", lang)
    for run in tree.iter(_R, _FLD):
        if run.find(_R_PR) is None:
            r_pr = element("a:rPr", lang=lang)
            run.insert(0, r_pr)
