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
from deckgen.colours import DARKER, MIN_CONTRAST, contrast_ratio, lum_mod, readable_shade
from deckgen.ooxml import shaded_accent_text

LIGHT = ("#F0F060", "#F39200", "#FFC000", "#00A0E0")
DARK = ("#0B5CAD", "#E2001A")


def build(tmp_path: Path, accent: str) -> Path:
    out = tmp_path / f"{accent[1:]}.pptx"
    return build_deck(language="de", output=out, overrides=[f"brand.accent={accent}"]).output


def accent_colours(path: Path, where: str) -> list[tuple[str, str | None]]:
    """(the run's text or the shape's name, its lumMod or None) for every text run or shape
    fill in accent1 on the slides."""
    found = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            el = shape._element
            if where == "fill":
                clr = el.find(f"{qn('p:spPr')}/{qn('a:solidFill')}/{qn('a:schemeClr')}")
                if clr is not None and clr.get("val") == "accent1":
                    mod = clr.find(qn("a:lumMod"))
                    found.append((shape.name, None if mod is None else mod.get("val")))
                continue
            for run in el.iter(qn("a:r")):
                clr = run.find(f"{qn('a:rPr')}/{qn('a:solidFill')}/{qn('a:schemeClr')}")
                if clr is not None and clr.get("val") == "accent1":
                    mod = clr.find(qn("a:lumMod"))
                    text = run.findtext(qn("a:t"))
                    found.append((text, None if mod is None else mod.get("val")))
    return found


@pytest.mark.parametrize("accent", LIGHT)
def test_text_in_a_light_accent_is_darkened_until_it_reads(tmp_path, accent):
    deck = build(tmp_path, accent)
    problems = [f for f in check_deck(deck) if f.rule == "contrast"]
    assert problems == [], [f.message for f in problems]
    texts = dict(accent_colours(deck, "text"))
    shade = texts["8×"]  # the employees' engagement figure, the deck's hero number
    assert shade is not None
    assert contrast_ratio(lum_mod(accent[1:], int(shade)), "FFFFFF") >= MIN_CONTRAST
    assert contrast_ratio(accent[1:], "FFFFFF") < MIN_CONTRAST
    # The bars, chevrons and boxes keep the brand's own colour.
    fills = accent_colours(deck, "fill")
    assert fills and all(mod is None for _, mod in fills)


@pytest.mark.parametrize("accent", DARK)
def test_a_dark_enough_accent_is_used_as_it_is(tmp_path, accent):
    texts = accent_colours(build(tmp_path, accent), "text")
    assert "8×" in dict(texts)
    assert all(mod is None for _, mod in texts)


def test_the_template_s_own_accent_text_takes_the_same_shade(tmp_path):
    """The shipped title page's "Prepared for" line is in the accent, in its layout."""

    def prepared_for(path: Path) -> etree._Element:
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("ppt/slideLayouts/slideLayout1.xml"))
        run = next(r for r in root.iter(qn("a:r")) if "Muster AG" in r.findtext(qn("a:t")))
        return run.find(f"{qn('a:rPr')}/{qn('a:solidFill')}/{qn('a:schemeClr')}")

    light = prepared_for(build(tmp_path, "#F0F060"))
    assert light.get("val") == "accent1"
    assert light.find(qn("a:lumMod")).get("val") == str(readable_shade("F0F060", "FFFFFF"))
    dark = prepared_for(build(tmp_path, "#0B5CAD"))
    assert dark.get("val") == "accent1" and len(dark) == 0


@pytest.mark.parametrize("colour", ["F0F060", "F39200", "FFC000", "00A0E0", "70AD47", "E2001A"])
def test_the_shade_is_the_lightest_of_powerpoint_s_that_reads(colour):
    shade = readable_shade(colour, "FFFFFF")
    assert shade is not None
    shades = (100000, *DARKER)
    assert contrast_ratio(lum_mod(colour, shade), "FFFFFF") >= MIN_CONTRAST
    for lighter in shades[: shades.index(shade)]:
        assert contrast_ratio(lum_mod(colour, lighter), "FFFFFF") < MIN_CONTRAST


def test_no_shade_reads_and_the_text_takes_the_text_colour():
    """On a dark grey background a mid grey reads in no darker shade."""
    assert readable_shade("555555", "222222") is None
    layout = (
        b'<p:sldLayout xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        b'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree>'
        b'<p:sp><p:spPr><a:solidFill><a:schemeClr val="accent1"/></a:solidFill></p:spPr>'
        b'<p:txBody><a:p><a:r><a:rPr><a:solidFill><a:schemeClr val="accent1"/></a:solidFill>'
        b'</a:rPr><a:t>kicker</a:t></a:r><a:r><a:rPr><a:solidFill><a:schemeClr val="accent1">'
        b'<a:lumMod val="60000"/></a:schemeClr></a:solidFill></a:rPr><a:t>shaded</a:t></a:r>'
        b"</a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sldLayout>"
    )
    root = etree.fromstring(shaded_accent_text(layout, None))
    fill, kicker, shaded = root.iter(qn("a:schemeClr"))
    assert fill.get("val") == "accent1"  # a shape's fill keeps the accent
    assert kicker.get("val") == "tx1"
    assert shaded.get("val") == "accent1" and shaded[0].get("val") == "60000"  # the designer's
    darker = etree.fromstring(shaded_accent_text(layout, 50000))
    assert [len(c) for c in darker.iter(qn("a:schemeClr"))] == [0, 1, 1]
