"""A brand's accent colour in the deck: the bars, chevrons and boxes take it as it is, and
every text deckgen draws in it (hero figures, pillar headings, labels) and the template's own
accent texts stay readable on the background, in a darker shade of it where the accent is too
light (an orange, a yellow, a sky blue); `deckgen check` finds no contrast problem."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

from deckgen.api import build_deck
from deckgen.check import check_deck
from deckgen.colours import DARKER, LIGHTER, MIN_CONTRAST, contrast_ratio, readable_shade, shaded
from deckgen.ooxml import shade_accent_text

LIGHT = ("#F0F060", "#F39200", "#FFC000", "#00A0E0")
DARK = ("#0B5CAD", "#E2001A")


def build(tmp_path: Path, accent: str) -> Path:
    out = tmp_path / f"{accent[1:]}.pptx"
    return build_deck(language="de", output=out, overrides=[f"brand.accent={accent}"]).output


def _mods(clr) -> tuple[tuple[str, int], ...]:
    return tuple((etree.QName(m).localname, int(m.get("val"))) for m in clr)


def accent_colours(path: Path, where: str) -> list[tuple[str, tuple[tuple[str, int], ...]]]:
    """(the run's text or the shape's name, its colour modifiers) for every text run or shape
    fill in accent1 on the slides."""
    found = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            el = shape._element
            if where == "fill":
                clr = el.find(f"{qn('p:spPr')}/{qn('a:solidFill')}/{qn('a:schemeClr')}")
                if clr is not None and clr.get("val") == "accent1":
                    found.append((shape.name, _mods(clr)))
                continue
            for run in el.iter(qn("a:r")):
                clr = run.find(f"{qn('a:rPr')}/{qn('a:solidFill')}/{qn('a:schemeClr')}")
                if clr is not None and clr.get("val") == "accent1":
                    found.append((run.findtext(qn("a:t")), _mods(clr)))
    return found


@pytest.mark.parametrize("accent", LIGHT)
def test_text_in_a_light_accent_is_darkened_until_it_reads(tmp_path, accent):
    deck = build(tmp_path, accent)
    problems = [f for f in check_deck(deck) if f.rule == "contrast"]
    assert problems == [], [f.message for f in problems]
    texts = dict(accent_colours(deck, "text"))
    shade = texts["8×"]  # the employees' engagement figure, the deck's hero number
    assert shade in DARKER
    assert contrast_ratio(shaded(accent[1:], shade), "FFFFFF") >= MIN_CONTRAST
    assert contrast_ratio(accent[1:], "FFFFFF") < MIN_CONTRAST
    # The bars, chevrons and boxes keep the brand's own colour.
    fills = accent_colours(deck, "fill")
    assert fills and all(mods == () for _, mods in fills)


@pytest.mark.parametrize("accent", DARK)
def test_a_dark_enough_accent_is_used_as_it_is(tmp_path, accent):
    texts = accent_colours(build(tmp_path, accent), "text")
    assert "8×" in dict(texts)
    assert all(mods == () for _, mods in texts)


def test_the_template_s_own_accent_text_takes_the_same_shade(tmp_path):
    """The shipped title page's "Prepared for" line is in the accent, in its layout."""

    def prepared_for(path: Path) -> etree._Element:
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("ppt/slideLayouts/slideLayout1.xml"))
        run = next(r for r in root.iter(qn("a:r")) if "Muster AG" in r.findtext(qn("a:t")))
        return run.find(f"{qn('a:rPr')}/{qn('a:solidFill')}/{qn('a:schemeClr')}")

    light = prepared_for(build(tmp_path, "#F0F060"))
    assert light.get("val") == "accent1"
    assert _mods(light) == readable_shade("F0F060", "FFFFFF")
    dark = prepared_for(build(tmp_path, "#0B5CAD"))
    assert dark.get("val") == "accent1" and len(dark) == 0


@pytest.mark.parametrize("colour", ["F0F060", "F39200", "FFC000", "00A0E0", "70AD47", "E2001A"])
def test_the_shade_is_the_least_of_powerpoint_s_that_reads(colour):
    for background, shades in (("FFFFFF", DARKER), ("1A1A1A", LIGHTER)):
        shade = readable_shade(colour, background)
        assert shade is not None
        tried = ((), *shades)
        assert contrast_ratio(shaded(colour, shade), background) >= MIN_CONTRAST
        for lesser in tried[: tried.index(shade)]:
            assert contrast_ratio(shaded(colour, lesser), background) < MIN_CONTRAST


def test_no_shade_reads_and_the_text_takes_the_text_colour():
    """On a mid grey background (where darker shades are tried) a light grey reads in none."""
    assert readable_shade("E0E0E0", "808080") is None
    layout = (
        b'<p:sldLayout xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        b'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree>'
        b'<p:sp><p:spPr><a:solidFill><a:schemeClr val="accent1"/></a:solidFill></p:spPr>'
        b'<p:txBody><a:p><a:r><a:rPr><a:solidFill><a:schemeClr val="accent1"/></a:solidFill>'
        b'</a:rPr><a:t>kicker</a:t></a:r><a:r><a:rPr><a:solidFill><a:schemeClr val="accent1">'
        b'<a:lumMod val="60000"/></a:schemeClr></a:solidFill></a:rPr><a:t>shaded</a:t></a:r>'
        b"</a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sldLayout>"
    )
    root = etree.fromstring(layout)
    assert shade_accent_text(root, None)
    fill, kicker, shaded = root.iter(qn("a:schemeClr"))
    assert fill.get("val") == "accent1"  # a shape's fill keeps the accent
    assert kicker.get("val") == "tx1"
    assert shaded.get("val") == "accent1" and shaded[0].get("val") == "60000"  # the designer's
    darker = etree.fromstring(layout)
    assert shade_accent_text(darker, DARKER[1])
    assert [len(c) for c in darker.iter(qn("a:schemeClr"))] == [0, 1, 1]


def dark_template(tmp_path: Path) -> Path:
    """The shipped template with its colour map turned round, as dark templates map theirs:
    the background is the theme's dark colour and text its light one."""
    import re

    from deckgen.resources import shipped_template

    out = tmp_path / "dark.pptx"
    with zipfile.ZipFile(shipped_template()) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("ppt/slideMasters/slideMaster"):
                data = re.sub(
                    rb"<p:clrMap [^>]*/>",
                    b'<p:clrMap bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2" accent1="accent1" '
                    b'accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" '
                    b'accent6="accent6" hlink="hlink" folHlink="folHlink"/>',
                    data,
                )
            dst.writestr(info, data)
    return out


def test_on_a_dark_template_accent_text_is_lightened_and_text_on_the_accent_is_light(tmp_path):
    """The shipped blue on the dark background has 2.6:1: its texts take a lighter shade, and
    text on the blue takes the light text colour (tx1 there), not the dark background's."""
    deck = build_deck(language="de", template=dark_template(tmp_path), output=tmp_path / "d.pptx")
    texts = dict(accent_colours(deck.output, "text"))
    assert texts["8×"] in LIGHTER
    assert contrast_ratio(shaded("0B5CAD", texts["8×"]), "1A1A1A") >= MIN_CONTRAST
    slides = Presentation(str(deck.output)).slides
    box = next(s for s in slides[11].shapes if "Muster" not in s.name and "120.000" in s.text)
    colours = {c.get("val") for c in box._element.iter(qn("a:schemeClr"))}
    assert "tx1" in colours and "bg1" not in colours  # light text on the accent
    # What check still finds is in the template's own greys (RGB, meant for a white slide).
    found = {f.message.split()[1] for f in check_deck(deck.output) if f.rule == "contrast"}
    assert found <= {"#3D4752", "#5B6670"}, found
