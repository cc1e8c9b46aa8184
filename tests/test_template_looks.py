"""The deck in templates as designers and other programs make them: the layout that gives the
content its real text area, one master for the whole deck, content that stays readable on a
photo, and LibreOffice's layouts whose placeholders share one idx."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import open_deck, title_of
from fixtures import make_templates as mt
from pptx.oxml.ns import qn

from deckgen.api import build_deck, load
from deckgen.check import check_deck
from deckgen.template import load_template

ARGUMENTS = ("risk_reframe", "employee_advocacy", "executive_visibility", "call_to_action")


def build(template: Path, tmp_path: Path, lang: str = "en") -> Path:
    return build_deck(language=lang, template=template, output=tmp_path / "d.pptx").output


def test_layouts_whose_placeholders_lack_an_idx_still_get_their_title(tmp_path):
    """LibreOffice writes layouts whose subtitle and body have no idx, so they share the
    title's idx 0; the title must still be the title."""
    source = mt.save(mt.office(), tmp_path / "office.pptx")
    lo = tmp_path / "libreoffice.pptx"

    def drop_idx(name: str, data: bytes) -> bytes:
        if re.fullmatch(r"ppt/slideLayouts/slideLayout\d+\.xml", name):
            return re.sub(rb'(<p:ph type="(?:subTitle|body)"[^>]*?) idx="\d+"', rb"\1", data)
        return data

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(lo, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, drop_idx(info.filename, zin.read(info.filename)))
    template = load_template(lo)
    title = template.choices["title"].layout
    assert {"title", "subtitle"} <= set(title.roles)
    assert title.roles["title"] != title.roles["subtitle"]
    prs = open_deck(build(lo, tmp_path))
    deck = load(language="en")
    assert [title_of(s) for s in prs.slides] == [s.headline for s in deck.slides]


def test_a_body_strip_is_not_taken_for_the_main_text_area(tmp_path):
    """A "Title and Content" whose body is a decorative strip loses to a layout with a real
    text area, for every kind that puts its message in the body."""
    prs = mt.office()
    strip = mt.layouts(prs)[1]
    mt.place(strip, "Content Placeholder", (0.6, 6.7, 12.0, 0.3))
    template = load_template(mt.save(prs, tmp_path / "strip.pptx"))
    master = template.masters[0].body
    for kind in ("bullets", "agenda", *ARGUMENTS):
        chosen = template.choices[kind].layout
        assert chosen.name != "Title and Content", kind
        body = chosen.boxes.get("body") or chosen.own["body"]
        assert body.width * body.height >= 0.35 * master.width * master.height, kind


def test_content_slides_never_take_a_section_layout_listed_first(tmp_path):
    prs = mt.office()
    mt.reorder(prs, ["Section Header", "Title Slide", "Title and Content", "Title Only"])
    template = load_template(mt.save(prs, tmp_path / "sections.pptx"))
    for kind in ("bullets", "agenda", *ARGUMENTS):
        assert template.choices[kind].layout.name == "Title and Content", kind
    assert template.choices["section"].layout.name == "Section Header"


def test_the_whole_deck_is_built_on_one_master(tmp_path):
    office = mt.save(mt.office(), tmp_path / "office.pptx")
    two = mt.with_extra_master(office, tmp_path / "two.pptx", ["Dark " + n for n in mt.ENGLISH])
    prs = open_deck(build(two, tmp_path))
    masters = {slide.slide_layout.slide_master.part.partname for slide in prs.slides}
    assert len(masters) == 1
    from deckgen.template import describe

    report = describe(load_template(two))
    assert "; every slide on master 1, the first with a real text area):" in report


def photo_template(tmp_path: Path) -> Path:
    """A master with a busy picture behind the whole text area (here: coloured bands)."""
    prs = mt.office()
    master = prs.slide_master
    for n, colour in enumerate(("C0392B", "F1C40F", "2E86C1", "27AE60")):
        mt.add_shape(master, mt.rect(f"Band {n}", (0, 1.2 + 1.4 * n, 13.333, 1.4), colour))
    return mt.save(prs, tmp_path / "photo.pptx")


def test_content_on_a_busy_background_stands_on_plates(tmp_path):
    prs = open_deck(build(photo_template(tmp_path), tmp_path))
    deck = load(language="en")
    for slide, model in zip(prs.slides, deck.slides, strict=True):
        if model.kind not in ARGUMENTS:
            continue
        tree = list(slide.shapes._spTree.iterchildren(qn("p:sp")))
        names = [sp.find(f".//{qn('p:cNvPr')}").get("name") for sp in tree]
        plates = [n for n in names if n.startswith("Plate")]
        assert plates, model.kind
        # Behind everything the slide shows: the plates come first in the shape tree.
        assert names[: len(plates)] == plates, model.kind
    # What deckgen drew is readable; the template's own title slide is the designer's.
    argument_slides = {n for n, m in enumerate(deck.slides, start=1) if m.kind in ARGUMENTS}
    contrast = [f for f in check_deck(tmp_path / "d.pptx") if f.rule == "contrast"]
    assert not [f for f in contrast if f.slide in argument_slides]


def test_a_plain_background_gets_no_plates(tmp_path):
    prs = open_deck(build(mt.save(mt.office(), tmp_path / "office.pptx"), tmp_path))
    assert not [s for slide in prs.slides for s in slide.shapes if s.name.startswith("Plate")]


def test_devices_fit_a_four_to_three_template(tmp_path):
    """python-pptx's own 4:3 template: narrower areas, every argument still fits its box."""
    from pptx import Presentation

    path = tmp_path / "four-three.pptx"
    Presentation().save(str(path))
    out = build(path, tmp_path, lang="de")
    problems = [f for f in check_deck(out) if f.rule in ("overflow", "off-slide")]
    assert problems == []


def test_a_template_saved_by_office_2007_does_not_make_the_deck_claim_so(tmp_path):
    """docProps/app.xml of a 2007 template says AppVersion 12: readers then treat the deck as
    a 2007 file (and its charts' bare booleans the 2007 way). The deck claims nothing."""
    office = mt.save(mt.office(), tmp_path / "office.pptx")
    old = tmp_path / "office2007.pptx"
    with zipfile.ZipFile(office) as zin, zipfile.ZipFile(old, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/app.xml":
                data = re.sub(rb"<AppVersion>[^<]*</AppVersion>", b"", data).replace(
                    b"</Properties>", b"<AppVersion>12.0000</AppVersion></Properties>"
                )
            zout.writestr(info.filename, data)
    with zipfile.ZipFile(build(old, tmp_path)) as z:
        app = z.read("docProps/app.xml")
        charts = [z.read(n) for n in z.namelist() if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)]
    assert b"AppVersion" not in app and b"<Application>deckgen</Application>" in app
    assert charts and all(b"<c:delete/>" not in c for c in charts)


def test_overflow_advice_names_the_layout_the_mapping_line_and_never_deckgens_files(tmp_path):
    template = load_template(mt.save(mt.office(), tmp_path / "office.pptx"))
    own = template.overflow_advice("risk_reframe")
    assert own.startswith("shorten it, give risk_reframe slides a layout with more room")
    assert f"`layouts:` in {tmp_path / 'office.deckgen.yaml'}" in own
    assert own.endswith("or build with --allow-overflow to keep it")
    shipped = template.overflow_advice("risk_reframe", own_content=False)
    assert shipped.startswith(
        f"the shipped text does not fit layout 'Title and Content' of {template.path}:"
    )
    assert "shorten it," not in shipped and "`deckgen init`" in shipped


def test_a_short_area_gets_a_smaller_or_compact_device_whose_parts_never_collide():
    from deckgen import devices
    from deckgen.geometry import Rect

    reasons = devices.ReasonRows(
        (
            ("Our employees are the strongest lever", devices.Proof("8×", "engagement rate")),
            ("Absence costs customers", devices.Proof("€3.0m", "revenue at risk", "Example")),
            ("Visible leaders are seen as more accessible", devices.Proof(None, "Hootsuite")),
        )
    )
    timeline = devices.Timeline(
        (("Social media", "News spreads here first", True), ("Television", "Later", False)),
        "Our lead",
        "Time",
        ("A news channel, not only a stage", "Learn earlier, react faster"),
    )
    look = devices.Look()
    for device in (reasons, timeline):
        roomy = Rect(0, 0, devices.inches(12), devices.inches(4.6))
        short = Rect(0, 0, devices.inches(12), devices.inches(2.2))
        assert not devices.collide(devices.lay_out(device, roomy, look)[0], roomy)
        small, _ = devices.lay_out(device, short, look)
        assert not devices.collide(small, short)
        assert all(s.box.bottom <= short.bottom + devices.pt(2) for s in small if s.lines)


def test_shipped_text_that_does_not_fit_a_template_says_what_to_do_not_to_edit_deckgen(
    tmp_path,
):
    """A one-line title box: the shipped two-line titles cannot fit it. The message names the
    layout and the mapping line, never asks to shorten deckgen's installed content."""
    import pytest

    from deckgen.errors import RenderError

    prs = mt.office()
    for layout in mt.layouts(prs):
        mt.place(layout, "Title", (0.6, 0.3, 12.0, 0.45))
    template = mt.save(prs, tmp_path / "one-line.pptx")
    with pytest.raises(RenderError) as caught:
        build(template, tmp_path, lang="de")
    first = str(caught.value).splitlines()[0]
    assert "the smallest size for title text; the shipped text does not fit layout" in first
    assert f"`layouts:` in {tmp_path / 'one-line.deckgen.yaml'}" in first
    assert "shorten it," not in str(caught.value)
    assert not (tmp_path / "d.pptx").exists()


def rendered_words(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Every word LibreOffice drew, per page: (text, x0, y0, x1, y1) in points."""
    import subprocess
    import xml.etree.ElementTree as ET

    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    return [
        [
            (w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
            for w in page.iter(f"{ns}word")
        ]
        for page in ET.fromstring(html).iter(f"{ns}page")
    ]


@pytest.mark.libreoffice
@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="needs LibreOffice (soffice) and pdftotext (poppler-utils)",
)
@pytest.mark.parametrize("shape", ["wide", "four-three"])
def test_libreoffice_draws_every_word_inside_the_box_it_belongs_to(tmp_path, shape):
    """What deckgen measured is what a renderer draws: every word LibreOffice puts on a slide
    lies inside the box of a shape that holds text (or a chart's frame). Templates in Calibri,
    which Carlito measures exactly: where a font is missing the fitter estimates and
    LibreOffice substitutes, and the two may differ by design."""
    from pptx import Presentation

    from deckgen.export import convert_to_pdf

    template = tmp_path / f"{shape}.pptx"
    if shape == "wide":
        mt.save(mt.office(), template)
    else:
        Presentation().save(str(template))
    deck = build(template, tmp_path, lang="de")
    [pdf] = convert_to_pdf([deck], tmp_path / "pdf")
    to_pt = 72 / 914400
    for number, (slide, words) in enumerate(
        zip(open_deck(deck).slides, rendered_words(pdf), strict=True), start=1
    ):
        boxes = [
            (s.left * to_pt, s.top * to_pt, (s.left + s.width) * to_pt, (s.top + s.height) * to_pt)
            for s in slide.shapes
            if (s.has_text_frame and s.text_frame.text.strip()) or s.has_table or s.has_chart
        ]

        def inside(word: tuple[str, float, float, float, float], boxes=boxes) -> bool:
            # A glyph's box may stand out by a part of its height (a hero number's
            # descender), never by a whole line.
            slack = max(2.0, (word[4] - word[2]) * 0.25)
            return any(
                b[0] - slack <= word[1] and word[3] <= b[2] + slack
                and b[1] - slack <= word[2] and word[4] <= b[3] + slack
                for b in boxes
            )  # fmt: skip

        outside = [w[0] for w in words if not inside(w)]
        assert not outside, (shape, number, outside[:8])
