"""The shipped boardroom template: structure deckgen relies on, and a reproducible build."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PPTX = TEMPLATES / "boardroom.pptx"
MAPPING = TEMPLATES / "boardroom.deckgen.yaml"
BUILD = TEMPLATES / "build_boardroom.py"
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}

P = PP_PLACEHOLDER
FOOTER = [(11, P.FOOTER, "Footer"), (12, P.SLIDE_NUMBER, "Slide Number")]
TITLE = (0, P.TITLE, "Title")
SOURCE = (20, P.BODY, "Source")

# name, type attribute, placeholders as (idx, type, name)
LAYOUTS = [
    (
        "Title",
        "title",
        [
            (0, P.CENTER_TITLE, "Title"),
            (1, P.SUBTITLE, "Subtitle"),
            (13, P.BODY, "Presenter"),
            (14, P.PICTURE, "Logo"),
        ],
    ),
    (
        "Executive Summary",
        "cust",
        [TITLE, (13, P.BODY, "Ask"), (1, P.BODY, "Body"), SOURCE],
    ),
    ("Title and Content", "obj", [TITLE, (1, P.BODY, "Body"), SOURCE]),
    ("Section Header", "secHead", [TITLE, (1, P.BODY, "Body")]),
    (
        "Comparison",
        "twoTxTwoObj",
        [
            TITLE,
            (13, P.BODY, "Left heading"),
            (1, P.BODY, "Left body"),
            (14, P.BODY, "Right heading"),
            (2, P.BODY, "Right body"),
            SOURCE,
        ],
    ),
    (
        "Big Number",
        "cust",
        [
            TITLE,
            (13, P.BODY, "Big number"),
            (14, P.BODY, "Caption"),
            (1, P.BODY, "Body"),
            SOURCE,
        ],
    ),
    ("Chart and Text", "chartAndTx", [TITLE, (1, P.CHART, "Chart"), (2, P.BODY, "Body"), SOURCE]),
    ("Table", "tbl", [TITLE, (1, P.TABLE, "Table"), SOURCE]),
    (
        "Quote",
        "cust",
        [TITLE, (13, P.BODY, "Quote"), (14, P.BODY, "Attribution"), SOURCE],
    ),
    ("Statement", "titleOnly", [TITLE, (1, P.BODY, "Body")]),
    ("Blank", "blank", []),
]

EMU_PER_INCH = 914400
SLIDE_W_IN = 12192000 / EMU_PER_INCH
SLIDE_H_IN = 6858000 / EMU_PER_INCH


@pytest.fixture(scope="module")
def prs():
    return Presentation(str(PPTX))


def _inches(shape) -> tuple[float, float, float, float]:
    return tuple(v / EMU_PER_INCH for v in (shape.left, shape.top, shape.width, shape.height))


def test_slide_size_is_16_9(prs):
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)


def test_template_has_no_slides(prs):
    assert len(prs.slides) == 0


def test_layout_names_and_types_in_order(prs):
    got = [(lo.name, lo._element.get("type")) for lo in prs.slide_layouts]
    assert got == [(name, typ) for name, typ, _ in LAYOUTS]


@pytest.mark.parametrize("position", range(len(LAYOUTS)), ids=[n for n, _, _ in LAYOUTS])
def test_layout_placeholders(prs, position):
    name, _, expected = LAYOUTS[position]
    layout = prs.slide_layouts[position]
    got = sorted(
        (ph.placeholder_format.idx, ph.placeholder_format.type, ph.name)
        for ph in layout.placeholders
    )
    assert got == sorted(expected + FOOTER), name


def test_every_placeholder_has_an_explicit_box_inside_the_slide(prs):
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            xfrm = ph._element.spPr.find("a:xfrm", NS)
            assert xfrm is not None, f"{layout.name}/{ph.name}: no a:xfrm"
            x, y, w, h = _inches(ph)
            assert w > 0 and h > 0, f"{layout.name}/{ph.name}"
            assert x >= 0 and x + w <= SLIDE_W_IN + 1e-6, f"{layout.name}/{ph.name}"
            assert y >= 0 and y + h <= SLIDE_H_IN + 1e-6, f"{layout.name}/{ph.name}"


def test_placeholders_do_not_overlap(prs):
    for layout in prs.slide_layouts:
        boxes = [(ph.name, _inches(ph)) for ph in layout.placeholders]
        for i, (name_a, (ax, ay, aw, ah)) in enumerate(boxes):
            for name_b, (bx, by, bw, bh) in boxes[i + 1 :]:
                overlap_w = min(ax + aw, bx + bw) - max(ax, bx)
                overlap_h = min(ay + ah, by + bh) - max(ay, by)
                assert overlap_w <= 1e-3 or overlap_h <= 1e-3, (
                    f"{layout.name}: {name_a} overlaps {name_b}"
                )


def test_no_autofit_anywhere(prs):
    parts = [prs.slide_master, *prs.slide_layouts]
    for part in parts:
        for body_pr in part._element.iter(f"{{{NS['a']}}}bodyPr"):
            assert body_pr.find("a:normAutofit", NS) is None
            assert body_pr.find("a:spAutoFit", NS) is None


def _footer_text(shapes) -> str:
    ftr = [ph for ph in shapes.placeholders if ph.placeholder_format.type == P.FOOTER]
    assert len(ftr) == 1
    return ftr[0].text_frame.text


def test_footer_carries_jinja_company_and_confidential(prs):
    for owner in [prs.slide_master, *prs.slide_layouts]:
        text = _footer_text(owner)
        assert "{{ audience.company }}" in text
        assert "{{ labels.confidential }}" in text


def test_slide_number_is_a_field(prs):
    for owner in [prs.slide_master, *prs.slide_layouts]:
        (num,) = [ph for ph in owner.placeholders if ph.placeholder_format.type == P.SLIDE_NUMBER]
        fields = num._element.findall(".//a:fld", NS)
        assert [f.get("type") for f in fields] == ["slidenum"]


def test_no_date_placeholder(prs):
    for owner in [prs.slide_master, *prs.slide_layouts]:
        assert all(ph.placeholder_format.type != P.DATE for ph in owner.placeholders)


def test_title_layout_has_prepared_for_text_box(prs):
    title = prs.slide_layouts[0]
    texts = [
        sh.text_frame.text for sh in title.shapes if not sh.is_placeholder and sh.has_text_frame
    ]
    assert "{{ labels.prepared_for }} {{ audience.company }}" in texts


def test_shape_ids_unique_per_part(prs):
    for part in [prs.slide_master, *prs.slide_layouts]:
        ids = [el.get("id") for el in part._element.iter() if etree.QName(el).localname == "cNvPr"]
        assert len(ids) == len(set(ids)), part.name


def _theme() -> etree._Element:
    with zipfile.ZipFile(PPTX) as zf:
        return etree.fromstring(zf.read("ppt/theme/theme1.xml"))


def test_theme_colours_and_fonts(prs):
    theme = _theme()
    assert theme.get("name") == "deckgen boardroom"
    scheme = theme.find(".//a:clrScheme", NS)
    colours = {etree.QName(el).localname: el[0].get("val") for el in scheme}
    assert colours["accent1"] == "0B5CAD"
    assert colours["dk1"] == "1A1A1A"
    assert colours["lt1"] == "FFFFFF"
    assert colours["accent2"] == "8A939D"
    fonts = theme.find(".//a:fontScheme", NS)
    assert fonts.find("a:majorFont/a:latin", NS).get("typeface") == "Calibri"
    assert fonts.find("a:minorFont/a:latin", NS).get("typeface") == "Calibri"


def test_core_properties_are_fixed(prs):
    cp = prs.core_properties
    assert cp.title == "deckgen boardroom"
    assert cp.last_modified_by == "deckgen"
    assert cp.revision == 1
    assert cp.created.year == 2026 and cp.modified.year == 2026


def test_mapping_names_only_existing_layouts(prs):
    mapping = yaml.safe_load(MAPPING.read_text(encoding="utf-8"))
    names = {lo.name for lo in prs.slide_layouts}
    assert mapping["layouts"], "empty mapping"
    missing = {kind: name for kind, name in mapping["layouts"].items() if name not in names}
    assert not missing


def test_python_pptx_can_build_a_slide_from_every_layout():
    prs = Presentation(str(PPTX))
    for layout in prs.slide_layouts:
        slide = prs.slides.add_slide(layout)
        for ph in slide.placeholders:
            if ph.placeholder_format.type in (P.CHART, P.TABLE):
                continue
            ph.text_frame.text = "x"
    assert len(prs.slides) == len(LAYOUTS)


def test_build_is_reproducible_and_matches_committed_files(tmp_path):
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        subprocess.run([sys.executable, str(BUILD), str(out)], check=True, capture_output=True)
        outputs.append(((out / PPTX.name).read_bytes(), (out / MAPPING.name).read_bytes()))
    assert outputs[0] == outputs[1], "two builds differ"
    assert outputs[0][0] == PPTX.read_bytes(), "templates/boardroom.pptx is stale: rebuild it"
    assert outputs[0][1] == MAPPING.read_bytes(), "boardroom.deckgen.yaml is stale: rebuild it"


def test_zip_members_have_fixed_timestamps():
    with zipfile.ZipFile(PPTX) as zf:
        infos = zf.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2026, 1, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
