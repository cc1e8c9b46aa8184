"""Building the shipped argument with templates marketers bring: reopen each deck and check the
slides use the intended layouts, the template's theme is untouched, and the deck is valid OOXML
with no text outside its box."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import open_deck, slide_texts, title_of
from fixtures import make_templates as mt
from PIL import Image
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from typer.testing import CliRunner

from deckgen.api import build_deck, load
from deckgen.cli import app

EMU_PER_INCH = 914400


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    blank = mt.office()
    mt.rename(blank, mt.GERMAN, mt.GERMAN_PLACEHOLDERS)
    mt.reorder(blank, ["Leer"])
    return {
        "konzern": mt.konzern(folder / "konzern.pptx"),
        "minimal": mt.minimal(folder / "minimal.pptx"),
        "blank": mt.save(blank, folder / "leer.pptx"),
        "folder": folder,
    }


@pytest.fixture(scope="module")
def decks(made, tmp_path_factory) -> dict[str, Path]:
    """The shipped decks built once with each template."""
    out = tmp_path_factory.mktemp("decks")
    built = {}
    for name, lang in (("konzern", "de"), ("konzern", "en"), ("minimal", "en"), ("blank", "de")):
        built[f"{name}.{lang}"] = build_deck(
            language=lang, template=made[name], output=out / f"{name}.{lang}.pptx"
        ).output
    return built


def expected_layout(kind: str, names: list[str]) -> str:
    return names[mt.ENGLISH.index(mt.OFFICE_CHOICES[kind])]


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


@pytest.mark.parametrize(
    ("deck", "names"),
    [("konzern.de", mt.GERMAN), ("konzern.en", mt.GERMAN), ("minimal.en", mt.JAPANESE)],
)
def test_slides_use_the_layouts_chosen_by_structure(decks, deck, names):
    kinds = [s.kind for s in load(language=deck[-2:]).slides]
    layouts = [slide.slide_layout.name for slide in open_deck(decks[deck]).slides]
    assert layouts == [expected_layout(kind, names) for kind in kinds]


@pytest.mark.parametrize("deck", ["konzern.de", "minimal.en", "blank.de"])
def test_the_templates_theme_master_and_layouts_are_untouched(decks, made, deck):
    template = made[deck.split(".")[0]]
    assert part(decks[deck], "ppt/theme/theme1.xml") == part(template, "ppt/theme/theme1.xml")
    with zipfile.ZipFile(decks[deck]) as z:
        layouts = [n for n in z.namelist() if re.match(r"ppt/slideLayouts/slideLayout\d+\.xml$", n)]
    for name in layouts:
        if b"{{" not in part(template, name):
            assert part(decks[deck], name) == part(template, name), name


def test_the_masters_footer_tag_split_over_runs_is_rendered(decks):
    prs = open_deck(decks["konzern.de"])
    for number, slide in enumerate(prs.slides, start=1):
        kinds = {
            shape.placeholder_format.type: shape.text_frame.text
            for shape in slide.placeholders
            if shape.placeholder_format.type in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
        }
        assert kinds == {
            PP_PLACEHOLDER.FOOTER: "Muster AG · Vertraulich",
            PP_PLACEHOLDER.SLIDE_NUMBER: str(number),
        }
    with zipfile.ZipFile(decks["konzern.de"]) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                assert b"{{" not in z.read(name), name


def test_charts_go_into_content_placeholders_in_the_theme_accents(decks):
    prs = open_deck(decks["konzern.de"])
    slide = next(s for s in prs.slides if s.slide_layout.name == "Zwei Inhalte")
    frames = [s for s in slide.shapes if s.has_chart]
    assert len(frames) == 1
    assert frames[0].is_placeholder and frames[0].placeholder_format.idx == 2
    assert (frames[0].left, frames[0].width) == (int(6.833 * EMU_PER_INCH), 5.9 * EMU_PER_INCH)
    chart_xml = frames[0].chart.part.blob
    assert b'<a:schemeClr val="accent1"/>' in chart_xml
    assert b"srgbClr" not in chart_xml
    # The hero number and its calculation are drawn where the layout's text placeholder was.
    text = next(s for s in slide.shapes if s.name == "Calculation")
    assert text.left + text.width <= frames[0].left
    assert "2.000\u00a0Kunden × 2\u00a0% Abwanderung pro Jahr" in text.text_frame.text


def test_deckgen_sets_no_font_of_its_own(decks, made):
    """Every typeface on a slide is a theme reference or one the template's master names."""
    for deck in ("konzern.de", "minimal.en", "blank.de"):
        master = part(made[deck.split(".")[0]], "ppt/slideMasters/slideMaster1.xml")
        own = set(re.findall(rb'typeface="([^"]*)"', master))
        with zipfile.ZipFile(decks[deck]) as z:
            for name in z.namelist():
                if re.match(r"ppt/slides/slide\d+\.xml$", name):
                    faces = set(re.findall(rb'typeface="([^"]*)"', z.read(name)))
                    assert {f for f in faces if not f.startswith(b"+m")} <= own, (deck, name)


@pytest.mark.parametrize("deck", ["konzern.de", "konzern.en", "minimal.en", "blank.de"])
def test_decks_built_on_other_templates_are_valid_ooxml(decks, deck):
    from openxml_audit import validate_pptx

    result = validate_pptx(decks[deck])
    assert result.is_valid, [str(e) for e in result.errors][:5]


@pytest.mark.parametrize("deck", ["konzern.de", "konzern.en", "minimal.en", "blank.de"])
def test_no_text_overflows_its_box_on_other_templates(decks, deck):
    from ooxml_integrity import pptx_layout as layout

    for shape in layout.read_deck(decks[deck]).shapes:
        result = layout.layout_shape(shape)
        if result is not None:
            assert result.vertical_overflow_pt <= 0, (deck, shape.slide, shape.name)
            assert result.horizontal_overflow_pt <= 0, (deck, shape.slide, shape.name)


def test_a_potx_template_builds_a_plain_presentation(made, tmp_path):
    potx = mt.with_content_type(made["konzern"], tmp_path / "konzern.potx", mt.POTX)
    out = build_deck(language="en", template=potx, output=tmp_path / "d.pptx").output
    types = part(out, "[Content_Types].xml").decode()
    assert "presentationml.presentation.main+xml" in types and "template.main" not in types
    assert open_deck(out).slides[0].slide_layout.name == "Titelfolie"


# --------------------------------------------------------------------------- a blank layout only


def test_on_a_blank_only_template_deckgen_draws_titles_and_text_itself(decks, made):
    prs = open_deck(decks["blank.de"])
    model = load(language="de")
    master = prs.slide_master
    title_area = next(p for p in master.placeholders if p.placeholder_format.type == 1)
    for slide, spec in zip(prs.slides, model.slides, strict=True):
        assert slide.slide_layout.name == "Leer"
        boxes = {s.name: s for s in slide.shapes if not s.is_placeholder}
        assert boxes["Title"].text_frame.text == spec.headline
        assert (boxes["Title"].left, boxes["Title"].top) == (title_area.left, title_area.top)
        for shape in slide.shapes:
            assert shape.left >= title_area.left - 1
            assert shape.left + shape.width <= title_area.left + title_area.width + 1
    kinds = [s.kind for s in model.slides]
    chart_slide = prs.slides[kinds.index("cost_of_inaction")]
    assert any(s.has_chart for s in chart_slide.shapes)
    table_slide = prs.slides[kinds.index("table")]
    assert any(s.has_table for s in table_slide.shapes)
    sides = prs.slides[kinds.index("risk_reframe")]
    old, new = (
        next(s for s in sides.shapes if s.name == n) for n in ("Old question", "New question")
    )
    assert old.left + old.width < new.left and old.top == new.top


def test_deckgen_says_when_it_draws_on_a_blank_layout(made, tmp_path):
    result = CliRunner().invoke(
        app, ["build", "-t", str(made["blank"]), "-o", str(tmp_path / "d.pptx")]
    )
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    assert notes[0] == (
        f"note: {made['blank']}: title, executive_summary, agenda, pillars, risk_reframe, "
        "information_advantage, employee_advocacy, executive_visibility, market_trend, "
        "transformation_roadmap, call_to_action, section, sources slides fall back to layout "
        "'Leer'; deckgen draws the title and body itself within the master's margins, as it "
        "has no placeholders for them"
    )
    assert len(notes) == 3


# --------------------------------------------------------------------------- mapping and masters


def test_build_follows_the_mapping_file_beside_the_template(made, tmp_path):
    template = Path(shutil.copy(made["konzern"], tmp_path / "konzern.pptx"))
    (tmp_path / "konzern.deckgen.yaml").write_text(
        "layouts:\n  information_advantage: Zwei Inhalte\n  closing: Nur Titel\n"
    )
    prs = open_deck(build_deck(language="en", template=template, output=tmp_path / "d.pptx").output)
    by_title = {title_of(s) or slide_texts(s)[0]: s.slide_layout.name for s in prs.slides}
    kinds = [s for s in load(language="en").slides]
    for spec in kinds:
        if spec.kind == "information_advantage":
            assert by_title[spec.headline] == "Zwei Inhalte"
        if spec.kind == "closing":
            assert by_title[spec.headline] == "Nur Titel"


def test_several_masters_and_dozens_of_layouts(made, tmp_path):
    path = mt.with_extra_master(made["konzern"], tmp_path / "zwei.pptx", mt.ENGLISH)
    path = mt.with_extra_master(path, tmp_path / "drei.pptx", mt.JAPANESE)
    path = mt.with_extra_master(path, tmp_path / "vier.pptx", [])
    mapping = tmp_path / "m.yaml"
    mapping.write_text("layouts:\n  bullets: Title and Content\n  agenda: タイトルとコンテンツ\n")
    out = build_deck(language="en", template=path, output=tmp_path / "d.pptx", mapping=mapping)
    prs = open_deck(out.output)
    assert len(prs.slide_masters) == 4 and len(prs.slide_layouts) == 11
    kinds = [s.kind for s in load(language="en").slides]
    agenda = prs.slides[kinds.index("agenda")]
    assert agenda.slide_layout.name == "タイトルとコンテンツ"
    assert agenda.slide_layout.slide_master == prs.slide_masters[2]
    assert prs.slides[0].slide_layout.slide_master == prs.slide_masters[0]
    from openxml_audit import validate_pptx

    assert validate_pptx(out.output).is_valid


# --------------------------------------------------------------------------- template slides


@pytest.fixture(scope="module")
def rich(made) -> Path:
    return mt.with_everything(made["folder"] / "reich.pptx", made["folder"])


def test_template_slides_are_left_out_unless_kept(rich, tmp_path):
    result = CliRunner().invoke(app, ["build", "-t", str(rich), "-o", str(tmp_path / "d.pptx")])
    assert result.exit_code == 0, result.output
    assert (
        f"note: {rich}: its 2 slides are left out of the deck (--keep-template-slides keeps "
        "them)\n" in result.stderr
    )
    deck = tmp_path / "d.pptx"
    assert len(open_deck(deck).slides) == 15
    with zipfile.ZipFile(deck) as z:
        assert not [n for n in z.namelist() if "media" in n or "embeddings/oleObject" in n]


def test_kept_template_slides_follow_the_deck_with_their_charts_media_and_notes(rich, tmp_path):
    out = tmp_path / "d.pptx"
    result = CliRunner().invoke(
        app, ["build", "-t", str(rich), "-o", str(out), "--keep-template-slides"]
    )
    assert result.exit_code == 0, result.output
    assert f"note: {rich}: its 2 slides follow the built slides\n" in result.stderr
    prs = open_deck(out)
    slides = list(prs.slides)
    assert len(slides) == 17
    assert title_of(slides[0]).startswith("Muster AG: Social Maturity")
    assert title_of(slides[15]) == "Beispiel für Muster AG"
    assert slides[15].notes_slide.notes_text_frame.text == "Notiz für Muster AG"
    assert any(s.has_chart for s in slides[15].shapes)
    kinds = {s.shape_type for s in slides[16].shapes}
    assert {MSO_SHAPE_TYPE.TABLE, MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.MEDIA} <= kinds
    assert MSO_SHAPE_TYPE.EMBEDDED_OLE_OBJECT in kinds
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
    assert len(names) == len(set(names))
    notes = [n for n in names if re.match(r"ppt/notesSlides/notesSlide\d+\.xml$", n)]
    assert len(notes) == 14 + 2  # every built slide but the section, and both kept ones
    from openxml_audit import validate_pptx

    result = validate_pptx(out)
    assert result.is_valid, [str(e) for e in result.errors][:5]


def test_alternate_content_on_master_and_layout_survives(rich, tmp_path):
    out = build_deck(language="en", template=rich, output=tmp_path / "d.pptx").output
    assert part(out, "ppt/slideMasters/slideMaster1.xml").count(b"mc:AlternateContent") == 2


# --------------------------------------------------------------------------- the client's logo


@pytest.fixture
def logo(tmp_path) -> Path:
    path = tmp_path / "logo.png"
    Image.new("RGB", (400, 100), "#0F766E").save(path)
    return path


def test_the_logo_fits_inside_its_placeholder_keeping_its_aspect_ratio(made, logo, tmp_path):
    out = build_deck(
        language="en",
        template=made["konzern"],
        output=tmp_path / "d.pptx",
        overrides=[f"brand.logo={logo}"],
    ).output
    slide = open_deck(out).slides[0]
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PLACEHOLDER and
                s.placeholder_format.type == PP_PLACEHOLDER.PICTURE]  # fmt: skip
    assert len(pictures) == 1
    picture = pictures[0]
    box = (10.733, 0.5, 2.0, 0.8)  # the Logo placeholder of the title layout, inches
    assert picture.width / picture.height == pytest.approx(4.0, rel=0.001)
    assert (picture.crop_left, picture.crop_right, picture.crop_top, picture.crop_bottom) == (
        0,
        0,
        0,
        0,
    )
    assert picture.width == pytest.approx(box[2] * EMU_PER_INCH, abs=2)
    assert picture.top - box[1] * EMU_PER_INCH == pytest.approx(
        (box[1] + box[3]) * EMU_PER_INCH - (picture.top + picture.height), abs=2
    )
    assert picture._element.xpath(".//p:cNvPr/@descr") == ["Example Corp logo"]


def test_a_logo_without_a_logo_placeholder_is_noted(made, logo, tmp_path):
    result = CliRunner().invoke(
        app,
        ["build", "--lang", "en", "-t", str(made["minimal"]), "-o", str(tmp_path / "d.pptx"),
         "--set", f"brand.logo={logo}"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        f"note: {made['minimal']}: none of the deck's layouts has a Logo picture placeholder, so "
        "brand.logo is not shown; add one to the title layout in the slide master\n"
    ) in result.stderr


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "brand.logo: {path}: no such image file; check the path"),
        # A file that is there is judged with the content, so the error names the --set too.
        (
            b"not an image",
            "--set brand.logo: brand.logo: {path}: not an image PowerPoint can show; "
            "use a PNG or JPEG",
        ),
    ],
)
def test_a_missing_or_broken_logo_is_refused_and_nothing_written(made, tmp_path, data, message):
    path = tmp_path / "logo.png"
    if data is not None:
        path.write_bytes(data)
    out = tmp_path / "d.pptx"
    result = CliRunner().invoke(
        app,
        ["build", "-t", str(made["konzern"]), "-o", str(out), "--set", f"brand.logo={path}"],
    )
    assert result.exit_code == 2
    assert result.stderr == f"error: {message.format(path=path)}\n"
    assert not out.exists()
