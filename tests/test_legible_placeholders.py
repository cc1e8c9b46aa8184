"""Templates whose own text colours cannot be read where the text stands: LibreOffice's Pencil
(orange titles, 2.9:1 on white) and Piano (a black subtitle on the black half of its title
page). Every deck built on them failed ``deckgen check``; now such text takes the least shade
of its own colour that reads (a grey: the theme's text colour that reads), and text that reads
keeps the designer's colour."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from deckgen.api import build_deck
from deckgen.check import check_deck
from deckgen.colours import MIN_CONTRAST, contrast_ratio
from deckgen.ooxml.styles import StyleReader
from deckgen.ooxml.xml import qn

TEMPLATE = Path(__file__).parents[1] / "templates" / "boardroom.pptx"
ORANGE = "FF9933"  # 2.2:1 on white


def _colour_titles(prs, tag: str, val: str) -> None:
    """Give the masters' titles one colour (``a:srgbClr`` or ``a:schemeClr``)."""
    for master in prs.slide_masters:
        title = master._element.find(f"./{qn('p:txStyles')}/{qn('p:titleStyle')}")
        fill = title.find(f"./{qn('a:lvl1pPr')}/{qn('a:defRPr')}/{qn('a:solidFill')}")
        for child in list(fill):
            fill.remove(child)
        etree.SubElement(fill, qn(tag), val=val)


def _orange_titles(tmp_path: Path) -> Path:
    """The shipped template with the master's titles in a light orange."""
    prs = Presentation(str(TEMPLATE))
    _colour_titles(prs, "a:srgbClr", ORANGE)
    path = tmp_path / "orange.pptx"
    prs.save(str(path))
    return path


def _accent_titles(tmp_path: Path, accent: str) -> Path:
    """The shipped template with the master's titles in its first accent, a light one."""
    prs = Presentation(str(TEMPLATE))
    _colour_titles(prs, "a:schemeClr", "accent1")
    for master in prs.slide_masters:
        theme = master.part.part_related_by(RT.THEME)
        xml = etree.fromstring(theme.blob)
        slot = xml.find(f".//{qn('a:clrScheme')}/{qn('a:accent1')}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, qn("a:srgbClr"), val=accent)
        theme._blob = etree.tostring(xml, xml_declaration=True, encoding="UTF-8", standalone=True)
    path = tmp_path / "accent.pptx"
    prs.save(str(path))
    return path


def _dark_layouts(tmp_path: Path) -> Path:
    """The shipped template whose content layouts map the background to the dark colour, as
    PowerPoint's dark background styles do, with amber titles that read on it."""
    prs = Presentation(str(TEMPLATE))
    _colour_titles(prs, "a:srgbClr", "FFC000")
    for layout in prs.slide_layouts:
        element = layout._element
        old = element.find(qn("p:clrMapOvr"))
        if old is not None:
            element.remove(old)
        override = etree.SubElement(element, qn("p:clrMapOvr"))
        etree.SubElement(
            override,
            qn("a:overrideClrMapping"),
            bg1="dk1", tx1="lt1", bg2="dk2", tx2="lt2", accent1="accent1", accent2="accent2",
            accent3="accent3", accent4="accent4", accent5="accent5", accent6="accent6",
            hlink="hlink", folHlink="folHlink",
        )  # fmt: skip
        c_sld = element.find(qn("p:cSld"))
        if c_sld.find(qn("p:bg")) is None:
            bg = etree.Element(qn("p:bg"))
            ref = etree.SubElement(bg, qn("p:bgRef"), idx="1001")
            etree.SubElement(ref, qn("a:schemeClr"), val="bg1")
            c_sld.insert(0, bg)
        # the override belongs after cSld and before transition/timing/extLst
        element.remove(override)
        c_sld.addnext(override)
    path = tmp_path / "dark.pptx"
    prs.save(str(path))
    return path


def _black_cover(tmp_path: Path) -> Path:
    """The shipped template with a black title page, its text left in the dark text colour."""
    prs = Presentation(str(TEMPLATE))
    cover = prs.slide_layouts[0]
    c_sld = cover._element.find(qn("p:cSld"))
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    bg = etree.Element(qn("p:bg"))
    bg_pr = etree.SubElement(bg, qn("p:bgPr"))
    fill = etree.SubElement(bg_pr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val="000000")
    etree.SubElement(bg_pr, qn("a:effectLst"))
    c_sld.insert(0, bg)
    for shape in cover.placeholders:  # no colour of their own: the master's dark text
        for rpr in shape._element.iter(qn("a:defRPr"), qn("a:rPr")):
            for fill in rpr.findall(qn("a:solidFill")):
                rpr.remove(fill)
    path = tmp_path / "black-cover.pptx"
    prs.save(str(path))
    return path


def _contrast_problems(deck: Path) -> list[str]:
    return [str(f) for f in check_deck(deck) if f.rule == "contrast" and f.severity == "error"]


def _placeholder_colours(deck: Path, number: int) -> dict[str, tuple[str, str]]:
    """Each text placeholder of a slide: the colour its first level shows, and its background,
    as ``check`` reads them."""
    prs = Presentation(str(deck))
    slide = prs.slides[number - 1]
    reader = StyleReader()
    found = {}
    for shape in slide.placeholders:
        if not shape.has_text_frame or not shape.text_frame.text.strip():
            continue
        colour = reader.levels(shape)[0].colour or reader.default_text_colour(shape)
        background = reader.background(shape)
        if colour and background:
            found[shape.name] = (colour, background)
    return found


def test_light_orange_titles_take_a_darker_orange_that_reads(tmp_path):
    template = _orange_titles(tmp_path)
    deck = build_deck(language="en", template=template, output=tmp_path / "d.pptx").output
    assert _contrast_problems(deck) == []
    prs = Presentation(str(deck))
    shaded = 0
    for slide in prs.slides:
        title = slide.shapes.title
        if title is None or not title.text_frame.text.strip():
            continue
        colour = title._element.find(
            f"./{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"
            f"/{qn('a:solidFill')}/{qn('a:srgbClr')}"
        )
        if colour is not None and colour.get("val") == ORANGE:
            # The designer's orange, a shade darker (PowerPoint's "Darker 25 %" and on).
            assert colour.find(qn("a:lumMod")) is not None
            shaded += 1
    assert shaded >= 10


def test_dark_text_on_a_black_title_page_turns_light(tmp_path):
    template = _black_cover(tmp_path)
    deck = build_deck(language="en", template=template, output=tmp_path / "d.pptx").output
    colours = _placeholder_colours(deck, 1)
    assert colours, "the title page shows no text"
    for name, (colour, background) in colours.items():
        assert contrast_ratio(colour, background) >= MIN_CONTRAST, (name, colour, background)
    assert _contrast_problems(deck) == []


def test_text_that_reads_keeps_the_templates_colour(tmp_path):
    deck = build_deck(language="en", output=tmp_path / "d.pptx").output
    prs = Presentation(str(deck))
    for slide in prs.slides:
        for shape in slide.placeholders:
            lst = shape._element.find(f"./{qn('p:txBody')}/{qn('a:lstStyle')}")
            if lst is None:
                continue
            for mod in lst.iter(qn("a:lumMod")):
                # a shade on the slide that the layout does not give: written by deckgen
                layout = {
                    etree.tostring(m)
                    for p in slide.slide_layout.placeholders
                    for m in p._element.iter(qn("a:lumMod"))
                }
                assert etree.tostring(mod) in layout, (shape.name, etree.tostring(lst)[:300])


def test_titles_in_a_light_accent_take_the_shade_of_the_deck_s_accent(tmp_path):
    """Text in the accent is shaded for the accent each deck has: the template's own, or a
    client's; a shade worked out for the template's accent would not fit a client's."""
    template = _accent_titles(tmp_path, "FF9933")
    plain = build_deck(language="en", template=template, output=tmp_path / "a.pptx").output
    assert _contrast_problems(plain) == []
    branded = build_deck(
        language="en",
        template=template,
        output=tmp_path / "b.pptx",
        overrides=["brand.accent=#FFD966"],
    ).output
    assert _contrast_problems(branded) == []


def test_a_layout_with_its_own_colour_map_is_left_as_designed(tmp_path):
    template = _dark_layouts(tmp_path)
    deck = build_deck(language="en", template=template, output=tmp_path / "d.pptx").output
    for slide in Presentation(str(deck)).slides:
        title = slide.shapes.title
        if title is None:
            continue
        pinned = title._element.findall(f".//{qn('a:lstStyle')}//{qn('a:lumMod')}")
        assert pinned == [], etree.tostring(title._element)[:300]
