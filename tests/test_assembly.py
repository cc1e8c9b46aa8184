"""Decks put together from parts serialised once (ooxml/assembly.py, stencil.py, charts.py):
every zip member inflates with its CRC, the package is valid, the same inputs give the same
bytes whatever the process built before, and edge cases of templates and content."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import open_deck
from fixtures import make_templates as mt
from lxml import etree
from PIL import Image
from pptx.oxml.ns import qn
from pptx.util import Inches

from deckgen.api import build_deck, load, shipped_template
from deckgen.fit import Fitter
from deckgen.ooxml.stencil import Stencil
from deckgen.render import fit_cache, render_deck
from deckgen.template import load_template
from deckgen.typography import typeset

ODD = "A&B <x> 'q' \"d\" ]]> ä😀 \ue000X\ue001"


def members_ok(path: Path) -> list[str]:
    """Every member decompresses and matches its CRC and size (zipfile and unzip -t)."""
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        names = z.namelist()
        assert len(names) == len(set(names))
        for info in z.infolist():
            assert len(z.read(info)) == info.file_size
    if shutil.which("unzip"):
        run = subprocess.run(["unzip", "-tq", str(path)], capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
    return names


def valid(path: Path) -> None:
    from openxml_audit import validate_pptx

    result = validate_pptx(path)
    assert result.is_valid, [str(e) for e in result.errors][:5]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    logo = folder / "logo.png"
    Image.new("RGB", (400, 100), "#0F766E").save(logo)
    # A logo placeholder on every layout, the same picture also on the master, and a kept
    # slide with a tag in its title.
    prs = mt.office()
    for layout in mt.layouts(prs):
        mt.picture_placeholder(layout, "Logo", 40, (11.5, 0.2, 1.5, 0.6))
    from pptx.oxml.shapes.picture import CT_Picture

    _, r_id = prs.slide_master.part.get_or_add_image_part(str(logo))
    pic = CT_Picture.new_pic(99, "Brand", "brand", r_id, Inches(0.1), Inches(7), 400, 100)
    prs.slide_master.shapes._spTree.append(pic)
    slide = prs.slides.add_slide(mt.layouts(prs)[5])
    slide.shapes.title.text = "Kept for {{ audience.company }}"
    return {
        "konzern": mt.konzern(folder / "konzern.pptx"),
        "rich": mt.with_everything(folder / "reich.pptx", folder),
        "logos": mt.save(prs, folder / "logos.pptx"),
        "logo": logo,
        "folder": folder,
    }


def test_stencil_pieces_deflated_apart_join_into_one_stream():
    pieces = (b"<a>", b"", b"x" * 70000 + "ä".encode(), b"")
    stencil = Stencil(pieces, ("a", None, "a"))
    for value in ("", "1 & 2 < 3", "ä" * 5000):
        packed = stencil.fill_packed(lambda _, v=value: v, 12)
        inflater = zlib.decompressobj(-15)
        data = inflater.decompress(packed.data)
        assert inflater.eof and not inflater.unused_data
        assert data == stencil.fill(lambda _, v=value: v, 12)
        assert (packed.crc, packed.size) == (zlib.crc32(data), len(data))


@pytest.mark.parametrize("keep", [False, True])
def test_kept_slides_tags_and_xml_characters_in_a_valid_package(made, tmp_path, keep):
    out = build_deck(
        language="en",
        template=made["rich"],
        output=tmp_path / "d.pptx",
        keep_template_slides=keep,
        overrides=[f"audience.company={ODD}"],
    ).output
    members_ok(out)
    valid(out)
    prs = open_deck(out)
    titles = [s.shapes.title.text for s in prs.slides if s.shapes.title is not None]
    # Slide text is typeset ("d" gets the deck language's quotation marks); the rest is kept.
    assert any(typeset(ODD, "en") in t for t in titles)
    if keep:
        assert titles[-2] == f"Beispiel für {typeset(ODD, 'en')}"
        assert prs.slides[-2].notes_slide.notes_text_frame.text == f"Notiz für {typeset(ODD, 'en')}"


def test_a_deck_without_notes_has_no_notes_pages(tmp_path):
    deck = load(language="en")
    deck = deck.model_copy(
        update={"slides": [s.model_copy(update={"notes": ""}) for s in deck.slides]}
    )
    out = tmp_path / "d.pptx"
    out.write_bytes(render_deck(deck, load_template(shipped_template())))
    names = members_ok(out)
    assert not [n for n in names if n.startswith("ppt/notesSlides/")]
    valid(out)


def test_one_logo_on_every_slide_is_one_media_part(made, tmp_path):
    out = build_deck(
        language="en",
        template=made["logos"],
        output=tmp_path / "d.pptx",
        keep_template_slides=True,
        overrides=[f"brand.logo={made['logo']}"],
    ).output
    names = members_ok(out)
    valid(out)
    # The master's picture is the same image: the logo on the slides refers to that part.
    assert [n for n in names if n.startswith("ppt/media/")] == ["ppt/media/image1.png"]
    with zipfile.ZipFile(out) as z:
        rels = [z.read(n) for n in names if re.match(r"ppt/slides/_rels/slide\d+\.xml\.rels", n)]
    assert sum(b"../media/image1.png" in r for r in rels) >= 10


def build(template: Path, out: Path, *overrides: str) -> bytes:
    return build_deck(language="de", template=template, output=out, overrides=overrides).output


def test_the_same_deck_is_the_same_bytes_whatever_was_built_before(made, tmp_path):
    fresh = tmp_path / "fresh.pptx"
    shutil.copy(made["konzern"], fresh)  # another file: a template loaded anew, cold caches
    target = ("audience.company=Ziel & Co", "slides.cost_of_inaction.customers=4321")
    warm = made["konzern"]
    for n, company in enumerate(["Acme", "Beta <AG>", "Gamma"]):
        build(warm, tmp_path / f"{n}.pptx", f"audience.company={company}",
              f"slides.cost_of_inaction.customers={1000 + n}", f"brand.accent=#1122{n}3",
              f"brand.logo={made['logo']}")  # fmt: skip
    a = build(warm, tmp_path / "a.pptx", *target).read_bytes()
    b = build(fresh, tmp_path / "b.pptx", *target).read_bytes()
    assert a == b
    members_ok(tmp_path / "a.pptx")


def test_two_charts_of_one_kind_in_a_deck_keep_their_own_figures(tmp_path, write_content):
    chart = (
        "- kind: chart\n  headline: {h}\n  chart:\n    type: column\n    categories: [A, B]\n"
        "    series: [{{name: x, values: {v}}}]\n    unit: number\n    source: edelman\n"
    )
    content = write_content(
        chart.format(h="Die erste Reihe zeigt das Wachstum", v="[1, 2]")
        + chart.format(h="Die zweite Reihe zeigt das Wachstum", v="[30, 40]")
    )
    out = build_deck(content, output=tmp_path / "d.pptx").output
    members_ok(out)
    valid(out)
    with zipfile.ZipFile(out) as z:
        charts = sorted(n for n in z.namelist() if re.match(r"ppt/charts/chart\d+\.xml$", n))
        values = [re.findall(rb"<c:v>([^<]*)</c:v>", z.read(n)) for n in charts]
        books = sorted(n for n in z.namelist() if n.startswith("ppt/embeddings/"))
        sheets = [
            zipfile.ZipFile(io.BytesIO(z.read(n))).read("xl/worksheets/sheet1.xml") for n in books
        ]
    assert len(charts) == len(books) == 2
    assert [v[-2:] for v in values] == [[b"1.0", b"2.0"], [b"30.0", b"40.0"]]
    assert b"<v>30</v>" in sheets[1] and b"<v>30</v>" not in sheets[0]


def test_a_client_value_with_private_use_marks_builds(tmp_path):
    """Slots are marked with private-use characters; text holding the marks' pattern makes
    the stencil take another pair, and the value comes out as it was."""
    company = "\ue0000\ue001 \ue0021\ue003"
    out = build_deck(
        language="en", output=tmp_path / "d.pptx", overrides=[f"audience.company={company}"]
    ).output
    members_ok(out)
    footers = [
        s.text_frame.text for s in open_deck(out).slides[1].placeholders if s.name == "Footer"
    ]
    assert footers and company in footers[0]


def test_missing_fonts_are_those_of_the_deck_whatever_was_built_before(made, tmp_path):
    prs = mt.office()
    for lst in mt.layouts(prs)[0]._element.iter(qn("a:lstStyle")):
        run = etree.SubElement(etree.SubElement(lst, qn("a:lvl1pPr")), qn("a:defRPr"))
        etree.SubElement(run, qn("a:latin"), typeface="NoSuchFontDeckgen")
    path = mt.save(prs, tmp_path / "odd.pptx")
    template = load_template(path)
    deck = load(language="en")
    without_title = deck.model_copy(update={"slides": deck.slides[1:]})
    for built in (deck, without_title):
        fitter = Fitter(cache=fit_cache(template), allow_overflow=True)
        render_deck(built, template, fitter=fitter)
    assert "NoSuchFontDeckgen" not in fitter.missing_fonts


def test_kept_slides_with_high_ids_give_valid_slide_ids(tmp_path):
    prs = mt.office()
    prs.slides.add_slide(mt.layouts(prs)[5]).shapes.title.text = "Kept"
    prs.slides._sldIdLst[0].set("id", "2147483640")
    path = mt.save(prs, tmp_path / "high.pptx")
    out = build_deck(
        language="en", template=path, output=tmp_path / "d.pptx", keep_template_slides=True
    ).output
    with zipfile.ZipFile(out) as z:
        ids = [int(i) for i in re.findall(rb'sldId id="(\d+)"', z.read("ppt/presentation.xml"))]
    assert len(set(ids)) == len(ids) and all(256 <= i <= 2147483647 for i in ids)


def test_a_part_name_without_a_number_gets_one_where_the_deck_numbers_it():
    from deckgen.ooxml.assembly import _name_pattern, _Names

    assert _name_pattern("/ppt/charts/chart7.xml") == "/ppt/charts/chart%d.xml"
    assert _name_pattern("/ppt/media/logo.png") == "/ppt/media/logo%d.png"
    assert _name_pattern("/ppt/media/100%.png") == "/ppt/media/100%%%d.png"
    names = _Names({"/ppt/media/logo1.png"})
    assert names.take(_name_pattern("/ppt/media/logo.png")) == "/ppt/media/logo2.png"
    assert names.take(_name_pattern("/ppt/media/100%.png")) == "/ppt/media/100%1.png"


def test_a_chart_filled_from_a_stencil_is_the_chart_python_pptx_builds(tmp_path):
    """Every chart is filled from the one built first: its XML and workbook sheet are those
    python-pptx and XlsxWriter write for the figures themselves."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE

    from deckgen.ooxml.charts import chart_stencil, prepare_chart
    from deckgen.ooxml.xml import qn as cached_qn

    def built(values: list[float]):
        prs = Presentation()
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        data = CategoryChartData(number_format="#,##0")
        data.categories = ["Jahr 1", "Jahr 2", "Jahr 3"]
        data.add_series("Umsatz", values)
        return slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, 0, 0, 99, 99, data)

    first, other = [1250.0, 2500.0, 3750.0], [0.1 + 0.2, 1e16, 12345.678]
    stencil = chart_stencil(built(first), [first], "en-GB")
    chart_xml, workbook = stencil.fill([other], (2026, 12, 1, 0, 0, 0))
    fresh = built(other)
    element = fresh.chart.part._element
    prepare_chart(element, "en-GB")
    from pptx.opc.oxml import serialize_part_xml

    assert chart_xml == serialize_part_xml(element)
    assert cached_qn("c:chartSpace") == element.tag
    sheet = zipfile.ZipFile(io.BytesIO(workbook)).read("xl/worksheets/sheet1.xml")
    blob = fresh.chart.part.chart_workbook.xlsx_part.blob
    assert sheet == zipfile.ZipFile(io.BytesIO(blob)).read("xl/worksheets/sheet1.xml")


def test_loose_elements_are_python_pptx_classes_while_held():
    """A shape made with ``etree.Element`` stays a plain element after it joins a slide for as
    long as anything holds it, and python-pptx then fails reading the slide (a batch row failed
    this way in a Dask worker, depending on when the garbage collector ran)."""
    from pptx import Presentation
    from pptx.oxml.shapes.autoshape import CT_Shape

    from deckgen.ooxml.xml import element

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    held = element("p:sp")
    slide.shapes._spTree.append(held)
    assert isinstance(held, CT_Shape)
    assert [type(s).__name__ for s in slide.shapes] == ["Shape"]
    assert element("a:rPr", lang="de-DE").get("lang") == "de-DE"


def test_no_module_makes_plain_loose_elements():
    """The rule behind the test above, for every module: loose elements come from
    ``ooxml.xml.element`` (python-pptx's parser), never from ``etree.Element``."""
    package = Path(__file__).resolve().parent.parent / "deckgen"
    offenders = [
        str(p.relative_to(package))
        for p in sorted(package.rglob("*.py"))
        if "etree.Element(" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "children",
    [
        '<p:sldMasterIdLst/><p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="1" cy="2"/>',
        '<p:sldMasterIdLst/><p:notesSz cx="1" cy="2"/>',
        "<p:sldMasterIdLst/>",
        '<p:sldMasterIdLst/><p:sldIdLst><p:sldId id="256" r:id="rId7"/></p:sldIdLst>',
    ],
)
def test_the_slide_list_is_added_where_python_pptx_adds_it(children):
    """A base kept on disk holds presentation.xml as bytes; the deck's slides are listed in it
    without python-pptx, where python-pptx would list them."""
    from pptx.oxml import parse_xml

    from deckgen.ooxml import assembly
    from deckgen.ooxml.xml import NAMESPACES, parse

    xml = (
        f'<p:presentation xmlns:p="{NAMESPACES["p"]}" xmlns:r="{NAMESPACES["r"]}">'
        f"{children}</p:presentation>"
    )
    theirs = parse_xml(xml)
    theirs.get_or_add_sldIdLst()
    ours = parse(xml.encode())
    assembly._slide_id_list(ours)
    assert assembly.serialize(ours) == assembly.serialize(theirs)
