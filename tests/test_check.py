"""deckgen check: decks crafted to have each problem, clean decks, and the command line.

Decks are made in the tests with python-pptx's default template (not deckgen's), since check
must work on any deck.
"""

from __future__ import annotations

import copy
import json
import re
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt
from typer.testing import CliRunner

from deckgen import ooxml
from deckgen.check import (
    Finding,
    _Checker,
    check_deck,
    contrast_ratio,
    is_problem,
)
from deckgen.cli import app
from deckgen.errors import InputError
from deckgen.fit import FontBook

BLANK, TITLE_AND_CONTENT, TITLE_ONLY = 6, 1, 5


def new_deck():
    prs = Presentation()
    return prs, prs.slides.add_slide(prs.slide_layouts[BLANK])


def textbox(slide, text: str, *, left=1.0, top=1.0, width=6.0, height=1.0, size=20, **font):
    shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    tf = shape.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    run = tf.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.name = font.get("name", "Calibri")
    if "rgb" in font:
        run.font.color.rgb = RGBColor.from_string(font["rgb"])
    return shape


def findings_of(prs, tmp_path: Path, name: str = "deck.pptx") -> list[Finding]:
    path = tmp_path / name
    prs.save(path)
    return check_deck(path)


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


# --- each problem ---------------------------------------------------------------------------


def test_a_clean_deck_has_no_findings(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Revenue grew in every region")
    assert findings_of(prs, tmp_path) == []


def test_leftover_tag_split_over_runs_is_found_in_slides_notes_and_layouts(tmp_path):
    prs, slide = new_deck()
    shape = textbox(slide, "Prepared for {{ audi")
    for part in ("ence.com", "pany }}"):
        shape.text_frame.paragraphs[0].add_run().text = part
    slide.notes_slide.notes_text_frame.text = "Say hello to {% if ceo %}the CEO{% endif %}"
    # A fixed text box on the layout, as a designer would put "Prepared for ..." there.
    layout = prs.slide_layouts[BLANK]
    layout.shapes._spTree.append(textbox(slide, "{{ client.region }}", top=4)._element)
    found = [f for f in findings_of(prs, tmp_path) if f.rule == "template-tag"]
    assert [(f.slide, f.shape, f.message) for f in found] == [
        (
            1,
            "TextBox 1",
            'leftover template tag "{{ audience.company }}"; render it or remove it',
        ),
        (1, "notes", 'leftover template tag "{% if ceo %}"; render it or remove it'),
        (
            None,
            "layout 'Blank', TextBox 2",
            'leftover template tag "{{ client.region }}"; render it or remove it',
        ),
    ]


def test_text_taller_than_its_box_overflows(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Enterprise renewals drove fourteen percent growth " * 6, height=1.0)
    (finding,) = findings_of(prs, tmp_path)
    assert finding.rule == "overflow"
    assert finding.slide == 1 and finding.shape == "TextBox 1"
    assert finding.message.startswith("text runs ")
    assert finding.message.endswith(
        " past the bottom of its box; shorten it or make the box taller"
    )
    assert finding.box == (Inches(1), Inches(1), Inches(6), Inches(1))


def test_text_in_a_shape_that_grows_or_under_stored_autofit_does_not_overflow(tmp_path):
    prs, slide = new_deck()
    grows = textbox(slide, "Enterprise renewals drove growth " * 6, height=1.0)
    grows.text_frame.auto_size = MSO_AUTO_SIZE.SHAPE_TO_FIT_TEXT
    shrunk = textbox(slide, "Enterprise renewals drove growth " * 6, top=3, height=1.0)
    shrunk.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    # The scale PowerPoint stored when it last shrank the text (test-only XML: no API for it).
    shrunk.text_frame._txBody.bodyPr.find(qn("a:normAutofit")).set("fontScale", "60000")
    assert findings_of(prs, tmp_path) == []


def test_a_table_whose_rows_grow_past_its_frame_overflows(tmp_path):
    prs, slide = new_deck()
    frame = slide.shapes.add_table(3, 2, Inches(1), Inches(1), Inches(6), Inches(1.2))
    frame.table.cell(1, 1).text = (
        "Roll out the programme to every region and train ambassadors " * 3
    )
    found = findings_of(prs, tmp_path)
    assert rules(found) == ["overflow"]
    assert found[0].message.startswith("the table grows ")


def test_shape_off_the_slide_is_found_with_the_edge(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Off", left=9.0, width=2.0)
    (finding,) = findings_of(prs, tmp_path)
    assert (finding.rule, finding.message) == (
        "off-slide",
        "reaches 1.00 in past the right edge of the slide",
    )


def test_empty_placeholder_is_found(tmp_path):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_AND_CONTENT])
    slide.shapes.title.text = "Only the title"
    (finding,) = findings_of(prs, tmp_path)
    assert finding.rule == "empty-placeholder"
    assert finding.shape == "Content Placeholder 2"


def test_pictures_and_charts_need_alt_text(tmp_path):
    prs, slide = new_deck()
    image = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), "navy").save(image)
    named = slide.shapes.add_picture(str(image), Inches(1), Inches(1))  # descr = file name
    described = slide.shapes.add_picture(str(image), Inches(3), Inches(1))
    ooxml.set_alt_text(described, "The Acme logo")
    data = CategoryChartData()
    data.categories = ["2025", "2026"]
    data.add_series("Revenue", (1.0, 2.0))
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(3), Inches(4), Inches(3), data
    )
    found = findings_of(prs, tmp_path)
    assert [(f.rule, f.shape, f.message) for f in found] == [
        (
            "alt-text",
            named.name,
            'picture has only the file name "logo.png" as alt text; describe what it shows '
            "(or mark it decorative)",
        ),
        (
            "alt-text",
            chart.name,
            "chart has no alt text; describe what it shows (or mark it decorative)",
        ),
    ]
    ooxml.set_alt_text(named, "The Acme logo")
    ooxml.set_alt_text(chart, "Revenue doubled from 2025 to 2026")
    assert findings_of(prs, tmp_path, "fixed.pptx") == []


def test_text_below_12_pt_is_found(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Readable", size=12)
    textbox(slide, "Fine print", top=3, size=10)
    (finding,) = findings_of(prs, tmp_path)
    assert (finding.rule, finding.shape, finding.message) == (
        "small-font",
        "TextBox 2",
        "text at 10 pt is below the 12 pt minimum a room can read",
    )


def test_low_contrast_text_is_found_against_slide_and_shape_backgrounds(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Pale", rgb="DDDDDD")
    textbox(slide, "Dark enough", top=2.0, rgb="767676")
    on_dark = textbox(slide, "White on navy", top=3.5, rgb="FFFFFF")
    on_dark.fill.solid()
    on_dark.fill.fore_color.rgb = RGBColor(0x1F, 0x2A, 0x37)
    themed = textbox(slide, "Background 2 on white", top=5.0)
    themed.text_frame.paragraphs[0].runs[0].font.color.theme_color = MSO_THEME_COLOR.BACKGROUND_2
    found = findings_of(prs, tmp_path)
    assert [(f.shape, f.message) for f in found] == [
        (
            "TextBox 1",
            "text #DDDDDD on #FFFFFF has contrast 1.4:1, below the 3:1 WCAG AA asks of large text",
        ),
        (
            "TextBox 4",
            "text #EEECE1 on #FFFFFF has contrast 1.2:1, below the 3:1 WCAG AA asks of large text",
        ),
    ]


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("FFFFFF", "FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("767676", "FFFFFF") == pytest.approx(4.54, abs=0.01)


def _deckgen_slide(prs, kind: str, text: str, source: str | None):
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    ooxml.set_slide_name(slide, f"deckgen:{kind}")
    textbox(slide, text)
    if source:
        textbox(slide, source, top=6.5, size=12).name = "Source"
    return slide


def test_statistics_without_a_source_are_found_on_decks_deckgen_built(tmp_path):
    prs = Presentation()
    _deckgen_slide(prs, "bullets", "Employee posts reach 8× the engagement", None)
    _deckgen_slide(prs, "bullets", "Employee posts reach 8× the engagement", "Source: Edelman")
    _deckgen_slide(prs, "bullets", "Budget: 120.000\u00a0€", None)
    _deckgen_slide(prs, "bullets", "Starting 1 December 2026, months 1-3", None)
    _deckgen_slide(prs, "sources", "Edelman: 8× engagement, 25× shares", None)
    found = findings_of(prs, tmp_path)
    assert [(f.rule, f.slide, f.message) for f in found] == [
        (
            "unsourced-statistic",
            1,
            'shows "8×" but no source footnote; cite the source of every figure',
        ),
        (
            "unsourced-statistic",
            3,
            'shows "120.000\u00a0€" but no source footnote; cite the source of every figure',
        ),
    ]


def test_statistics_are_not_judged_on_decks_from_elsewhere(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Employee posts reach 8× the engagement")
    assert findings_of(prs, tmp_path) == []


def test_a_font_this_machine_lacks_is_a_warning_once(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Brand headline", name="Deckgen Imaginary Sans")
    textbox(slide, "Brand body", top=3, name="Deckgen Imaginary Sans")
    (finding,) = findings_of(prs, tmp_path)
    assert finding.rule == "missing-font" and finding.severity == "warning"
    assert not is_problem(finding)
    assert finding.message.startswith(
        'font "Deckgen Imaginary Sans" is not installed here, nor a metric-compatible substitute;'
    )


def test_calibri_with_carlito_installed_is_not_missing(tmp_path):
    if FontBook().find("Carlito") is None:
        pytest.skip("the Carlito font (fonts-crosextra-carlito) is not installed")
    prs, slide = new_deck()
    textbox(slide, "Calibri text", name="Calibri")
    assert findings_of(prs, tmp_path) == []


def test_a_finding_of_an_undocumented_rule_is_refused():
    checker = _Checker(Presentation(), FontBook())
    with pytest.raises(AssertionError, match="'new-rule' is not documented in check.RULES"):
        checker.add("new-rule", 1, None, "a rule nobody explained")


# --- unreadable input -------------------------------------------------------------------------


def rewrite_deck(path: Path, edit) -> None:
    """Rewrite the zip package at path, passing each member's (name, bytes) through edit."""
    with zipfile.ZipFile(path) as src:
        members = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            dst.writestr(name, edit(name, data))


def test_unreadable_input_is_an_input_error(tmp_path):
    missing = tmp_path / "missing.pptx"
    with pytest.raises(InputError, match="no such deck; check the path"):
        check_deck(missing)
    text = tmp_path / "notes.pptx"
    text.write_text("not a deck", encoding="utf-8")
    with pytest.raises(InputError) as err:
        check_deck(text)
    assert str(err.value) == (
        f"{text}: is not a PowerPoint file (neither a .pptx/.potx package nor a legacy .ppt); "
        "give deckgen a .pptx or .potx"
    )


def test_a_deck_that_unpacks_like_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Revenue grew in every region")
    path = tmp_path / "bomb.pptx"
    prs.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ppt/media/padding.bin", bytes(4 * 2**20))  # 4 MiB of zeros: ~1000:1
    with pytest.raises(InputError) as err:
        check_deck(path)
    assert re.fullmatch(
        rf"{re.escape(str(path))}: its part ppt/media/padding.bin is compressed [\d,]+ to 1, far "
        r"beyond what PowerPoint writes \(a zip bomb\?\); deckgen will not unpack it; use the "
        r"deck as PowerPoint saved it",
        str(err.value),
    )


def test_a_slide_without_its_layout_is_named_in_an_input_error(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Revenue grew in every region")
    path = tmp_path / "damaged.pptx"
    prs.save(path)
    rewrite_deck(
        path,
        lambda name, data: (
            re.sub(rb"<Relationship [^>]*/slideLayout\"[^>]*/>", b"", data)
            if name == "ppt/slides/_rels/slide1.xml.rels"
            else data
        ),
    )
    with pytest.raises(InputError) as err:
        check_deck(path)
    assert str(err.value) == (
        f"{path}: cannot read its part ppt/slides/slide1.xml: it has no relationship to a slide "
        "layout; open it in PowerPoint and save it as a PowerPoint presentation (.pptx) or "
        "template (.potx)"
    )
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {err.value}\n"


# --- command line -------------------------------------------------------------------------------

runner = CliRunner()


def test_check_exits_0_on_a_clean_deck(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Revenue grew in every region")
    prs.save(tmp_path / "clean.pptx")
    result = runner.invoke(app, ["check", str(tmp_path / "clean.pptx")])
    assert result.exit_code == 0
    assert result.stdout == f"{tmp_path / 'clean.pptx'}: no problems found\n"


def test_check_exits_1_with_a_table_of_problems(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Fine print", size=10)
    textbox(slide, "Off", left=9.0, width=2.0, top=3)
    prs.save(tmp_path / "bad.pptx")
    result = runner.invoke(app, ["check", str(tmp_path / "bad.pptx")], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any("small-font" in line and "text at 10 pt" in line for line in lines)
    assert any("off-slide" in line and "TextBox 2" in line for line in lines)
    assert lines[-1] == f"{tmp_path / 'bad.pptx'}: 2 problems"


def test_check_json_lists_counts_and_findings(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Fine print", size=10)
    textbox(slide, "Brand", top=3, name="Deckgen Imaginary Sans")
    prs.save(tmp_path / "bad.pptx")
    result = runner.invoke(app, ["check", "--json", str(tmp_path / "bad.pptx")])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["problems"] == 1 and report["warnings"] == 1
    assert [f["rule"] for f in report["findings"]] == ["small-font", "missing-font"]
    assert report["findings"][0] == {
        "rule": "small-font",
        "slide": 1,
        "shape": "TextBox 1",
        "message": "text at 10 pt is below the 12 pt minimum a room can read",
        "severity": "error",
        "box": [Inches(1), Inches(1), Inches(6), Inches(1)],
    }


def test_check_json_explains_each_rule_it_found(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Fine print", size=10)
    textbox(slide, "More fine print", top=3, size=10)
    prs.save(tmp_path / "bad.pptx")
    result = runner.invoke(app, ["check", "--json", str(tmp_path / "bad.pptx")])
    assert json.loads(result.stdout)["rules"] == {"small-font": "text is smaller than 12 pt"}


def test_shape_names_and_text_that_look_like_markup_are_printed_as_they_are(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Fine print", size=10).name = "[/oops]"
    textbox(slide, "Dear {{ [bold] }}", top=3)
    prs.save(tmp_path / "markup.pptx")
    result = runner.invoke(app, ["check", str(tmp_path / "markup.pptx")], env={"COLUMNS": "200"})
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert any("[/oops]" in line and "small-font" in line for line in lines)
    assert any('leftover template tag "{{ [bold] }}"' in line for line in lines)


def test_warnings_alone_exit_0(tmp_path):
    prs, slide = new_deck()
    textbox(slide, "Brand", name="Deckgen Imaginary Sans")
    prs.save(tmp_path / "fonts.pptx")
    result = runner.invoke(app, ["check", str(tmp_path / "fonts.pptx")], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == f"{tmp_path / 'fonts.pptx'}: 0 problems, 1 warning"


def test_check_of_an_unreadable_file_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "bad.pptx"
    bad.write_bytes(b"PK\x03\x04 broken")
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {bad}: ")
    assert "Traceback" not in result.output


# --- the shipped decks ----------------------------------------------------------------------


def test_the_shipped_decks_are_clean(shipped_decks):
    for path in shipped_decks.values():
        assert check_deck(path) == [], path.name


def test_deckgen_names_its_slides_and_describes_its_charts(shipped_decks):
    prs = Presentation(str(shipped_decks["en"]))
    names = [ooxml.slide_name(slide) for slide in prs.slides]
    assert names[:2] == ["deckgen:title", "deckgen:executive_summary"]
    assert names[-1] == "deckgen:sources"
    described = [ooxml.alt_text(s) for slide in prs.slides for s in slide.shapes if s.has_chart]
    assert described == [
        "Without a presence we put €3.0m of revenue at risk over 3\u00a0years. Revenue at risk, "
        "cumulative: Year 1 €1,000,000, Year 2 €2,000,000, Year 3 €3,000,000"
    ]


def test_vertical_text_is_not_judged_by_horizontal_lines(tmp_path):
    prs, slide = new_deck()
    shape = textbox(slide, "Enterprise renewals drove fourteen percent growth " * 6, height=1.0)
    shape.text_frame._txBody.bodyPr.set("vert", "vert270")  # test-only XML: no API for it
    assert findings_of(prs, tmp_path) == []


def test_check_and_preview_explain_themselves():
    for command, option in (("check", "--json"), ("preview", "--open")):
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "100"})
        assert result.exit_code == 0
        assert option in result.stdout


# --- the template's furniture -----------------------------------------------------------------


def deck_with_footers(slides: int, slide_number_pt: int) -> Presentation:
    """A deck whose slides carry the layout's date, footer and slide number placeholders, as
    PowerPoint's Header & Footer puts them there: the date and footer empty, the slide number
    in the size the master gives it."""
    prs = Presentation()
    for ph in prs.slide_master.placeholders:
        if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER:
            # test-only XML: the master's own slide number style
            ph._element.find(".//" + qn("a:defRPr")).set("sz", str(slide_number_pt * 100))
    layout = prs.slide_layouts[TITLE_ONLY]
    for _ in range(slides):
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = "Revenue grew in every region"
        for ph in layout.placeholders:
            if ph.placeholder_format.type in FOOTERS:
                copied = copy.deepcopy(ph._element)
                if ph.placeholder_format.type != PP_PLACEHOLDER.SLIDE_NUMBER:
                    for run in copied.iter(qn("a:r"), qn("a:fld")):
                        run.getparent().remove(run)
                slide.shapes._spTree.append(copied)
    return prs


FOOTERS = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)


def test_empty_footer_and_date_placeholders_of_the_template_are_not_problems(tmp_path):
    prs = deck_with_footers(2, 12)
    slide = prs.slides[0]
    assert [s.text_frame.text for s in slide.placeholders][1:3] == ["", ""]
    assert findings_of(prs, tmp_path) == []


def test_an_empty_body_placeholder_still_is(tmp_path):
    prs = deck_with_footers(1, 12)
    prs.slides.add_slide(prs.slide_layouts[TITLE_AND_CONTENT]).shapes.title.text = "Agenda"
    assert [(f.rule, f.slide, f.shape) for f in findings_of(prs, tmp_path)] == [
        ("empty-placeholder", 2, "Content Placeholder 2")
    ]


def test_a_small_slide_number_of_the_template_is_one_warning_for_the_deck(tmp_path):
    found = findings_of(deck_with_footers(3, 9), tmp_path)
    assert [(f.rule, f.severity, f.slide, f.shape) for f in found] == [
        ("small-font", "warning", 1, "Slide Number Placeholder 4")
    ]
    assert found[0].message == (
        "slide number text at 9 pt on 3 slides is below the 12 pt minimum a room can read; it "
        "is the template's style (set in its slide master), not the deck's text"
    )
    assert not any(is_problem(f) for f in found)


def test_a_box_that_grows_with_its_text_past_the_slide_bottom_is_off_the_slide(tmp_path):
    prs, slide = new_deck()
    grows = textbox(slide, "Enterprise renewals drove growth " * 20, top=5.5, height=0.5)
    grows.text_frame.auto_size = MSO_AUTO_SIZE.SHAPE_TO_FIT_TEXT
    short = textbox(slide, "Revenue grew", top=6.5, height=0.5)
    short.text_frame.auto_size = MSO_AUTO_SIZE.SHAPE_TO_FIT_TEXT
    found = findings_of(prs, tmp_path)
    # Growing down, it also prints over the short box under it.
    assert [(f.rule, f.shape) for f in found] == [
        ("off-slide", "TextBox 1"),
        ("overlap", "TextBox 1"),
    ]
    finding = found[0]
    assert re.fullmatch(
        r"its box grows with its text \(resize shape to fit text\) \d+\.\d\d in past the bottom "
        r"edge of the slide; shorten the text or move the box up",
        finding.message,
    )


# --- text printed over text -------------------------------------------------------------------


def test_a_title_printed_over_the_body_is_an_overlap(tmp_path):
    prs, slide = new_deck()
    title = textbox(slide, "A title that runs to three lines " * 3, top=1.0, height=0.6, size=32)
    title.text_frame.auto_size = MSO_AUTO_SIZE.SHAPE_TO_FIT_TEXT  # grows down over the body
    title.name = "Title"
    body = textbox(slide, "The first bullet of the body", top=1.8, height=1.0)
    body.name = "Body"
    found = [f for f in findings_of(prs, tmp_path) if f.rule == "overlap"]
    assert [(f.shape, f.slide) for f in found] == [("Title", 1)]
    assert found[0].message.startswith('its text is printed over the text of "Body"')


def test_boxes_that_overlap_where_their_text_is_not_are_no_overlap(tmp_path):
    """A title box anchored at its bottom reaches over the body's box, but its one line does
    not: boxes are not what a reader sees."""
    prs, slide = new_deck()
    title = textbox(slide, "One line", top=0.5, height=2.0)
    title.text_frame._txBody.bodyPr.set("anchor", "t")  # test-only XML: the anchor attribute
    body = textbox(slide, "The body", top=1.5, height=1.0)
    body.text_frame._txBody.bodyPr.set("anchor", "b")
    assert "overlap" not in rules(findings_of(prs, tmp_path))


def test_the_templates_own_unreadable_footer_is_a_warning_not_a_problem(tmp_path):
    prs = Presentation()
    layout = prs.slide_layouts[1]
    slide = prs.slides.add_slide(layout)
    slide.shapes.title.text = "Title"
    slide.placeholders[1].text = "Body"
    footer = next(
        p for p in layout.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.FOOTER
    )
    el = copy.deepcopy(footer._element)
    slide.shapes._spTree.append(el)
    ph = slide.placeholders[footer.placeholder_format.idx]
    ph.text_frame.text = "Company · Confidential"
    ph.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string("FAFAFA")
    found = [f for f in findings_of(prs, tmp_path) if f.rule == "contrast"]
    assert found and all(f.severity == "warning" for f in found)
    assert found[0].message.endswith("; the template's footer, as its designer styled it")
