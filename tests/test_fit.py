"""Tests for deckgen.fit: unit tests of wrapping and shrinking, and agreement with LibreOffice.

The rendering test is the proof that matters: python-pptx writes text boxes, LibreOffice renders
them to PDF, poppler reads back where each word landed, and measure_lines must predict the same
number of lines (and the same line pitch) for every box.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest
from PIL import features
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from deckgen.fit import (
    BODY_INDENTS_EMU,
    EMU_PER_PT,
    FALLBACK_EM,
    LINE_HEIGHT_EM,
    WIDTH_MARGIN,
    FitResult,
    FontBook,
    Paragraph,
    Span,
    TextArea,
    fit_text_frame,
    measure_lines,
    paragraphs_of,
    wrap_lines,
)

LONG = (
    "Enterprise renewals drove fourteen percent growth this quarter, while churn in the "
    "mid-market segment fell for the third quarter in a row, and the new pricing tiers lifted "
    "average contract value across every region we sell in."
)


@pytest.fixture(scope="module")
def fonts() -> FontBook:
    return FontBook()


def _carlito(fonts: FontBook) -> str:
    found = fonts.find("Carlito")
    if found is None:
        pytest.skip("the Carlito font (fonts-crosextra-carlito) is not installed")
    return found[0]


def _textbox(text: str | list[str], size_pt: float | None, width: int, height: int):
    """A python-pptx text box like deckgen's: wrapping on, no autofit, Calibri."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    shape = slide.shapes.add_textbox(0, 0, width, height)
    tf = shape.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    for i, line in enumerate([text] if isinstance(text, str) else text):
        para = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.name = "Calibri"
        if size_pt is not None:
            run.font.size = Pt(size_pt)
    return shape


# --- measuring ---------------------------------------------------------------------------


def test_empty_text_is_one_line_of_its_size(fonts: FontBook) -> None:
    box = TextArea(Inches(4), Inches(1))
    lines, height = measure_lines([Paragraph("", 20)], box, fonts)
    assert lines == 1
    assert height == round(20 * LINE_HEIGHT_EM * EMU_PER_PT)


def test_empty_text_frame_fits_with_no_overflow(fonts: FontBook) -> None:
    shape = _textbox("", 28, Inches(4), Inches(1))
    result = fit_text_frame(shape.text_frame, TextArea.of(shape), "Calibri", 18, 12, fonts)
    assert result == FitResult(fits=True, size_pt=28, scale=1.0, lines=1, overflow_lines=0)


def test_explicit_breaks_and_paragraph_spacing(fonts: FontBook) -> None:
    box = TextArea(Inches(8), Inches(4))
    one = measure_lines([Paragraph("Revenue\vMargin\nCash", 20)], box, fonts)
    assert one == (3, round(3 * 24 * EMU_PER_PT))
    paras = [Paragraph("First", 20, space_before_pt=12), Paragraph("Second", 20, space_before_pt=6)]
    # Space before the first paragraph is not added, as in PowerPoint and LibreOffice.
    assert measure_lines(paras, box, fonts) == (2, round((2 * 24 + 6) * EMU_PER_PT))
    double = [Paragraph("First", 20, line_spacing=1.5), Paragraph("x", 20, line_spacing_pt=30)]
    assert measure_lines(double, box, fonts) == (2, round((36 + 30) * EMU_PER_PT))


def test_words_wrap_at_spaces_and_hyphens_and_long_words_break(fonts: FontBook) -> None:
    _carlito(fonts)
    m = fonts.font("Calibri", 20)
    word = "Revenue"
    # A box exactly two words wide (plus a hair) holds both; one point less wraps the second.
    two = m.width_pt(f"{word} {word}")
    box_pts = two + 1
    box = TextArea(round(box_pts * EMU_PER_PT) + 2 * 91440, Inches(5))
    assert measure_lines([Paragraph(f"{word} {word}", 20)], box, fonts)[0] == 1
    narrow = TextArea(round((two - 1) * EMU_PER_PT) + 2 * 91440, Inches(5))
    assert measure_lines([Paragraph(f"{word} {word}", 20)], narrow, fonts)[0] == 2
    # Trailing spaces hang past the edge instead of wrapping.
    assert measure_lines([Paragraph(f"{word} {word}     ", 20)], box, fonts)[0] == 1
    # A hyphen inside a word is a break opportunity.
    assert measure_lines([Paragraph(f"{word}-{word}", 20)], narrow, fonts)[0] == 2
    # A word longer than the line breaks between characters, filling each line.
    tiny = TextArea(round(m.width_pt("Rev") * EMU_PER_PT) + 2 * 91440 + 100, Inches(5))
    assert measure_lines([Paragraph("Revenue", 20)], tiny, fonts)[0] == 3


def test_indent_narrows_the_line(fonts: FontBook) -> None:
    _carlito(fonts)
    text = "Margin expanded by two points"
    width = round(fonts.font("Calibri", 20).width_pt(text) * EMU_PER_PT) + 2 * 91440 + 2000
    box = TextArea(width, Inches(5))
    assert measure_lines([Paragraph(text, 20)], box, fonts)[0] == 1
    assert measure_lines([Paragraph(text, 20, indent=BODY_INDENTS_EMU[0])], box, fonts)[0] == 2


def test_bold_span_is_measured_in_bold(fonts: FontBook) -> None:
    _carlito(fonts)
    regular = fonts.font("Calibri", 20).width_pt("Why now: ")
    bold = fonts.font("Calibri", 20, bold=True).width_pt("Why now: ")
    assert bold > regular
    spans = (Span("Why now: ", 20, bold=True), Span("the market moved", 20))
    para = Paragraph("Why now: the market moved", 20, spans=spans)
    total = fonts.font("Calibri", 20).width_pt("the market moved") + bold
    fits = TextArea(round((total + 0.5) * EMU_PER_PT) + 2 * 91440, Inches(5))
    tight = TextArea(round((total - 0.5) * EMU_PER_PT) + 2 * 91440, Inches(5))
    assert measure_lines([para], fits, fonts)[0] == 1
    assert measure_lines([para], tight, fonts)[0] == 2


def test_widths_scale_with_size_and_kern(fonts: FontBook) -> None:
    _carlito(fonts)
    a, b = fonts.font("Calibri", 10), fonts.font("Calibri", 30)
    assert b.width_pt("Quarterly") == pytest.approx(3 * a.width_pt("Quarterly"))
    # "AV" kerns tighter than A and V apart, as LibreOffice shapes it.
    assert a.width_pt("AV") < a.width_pt("A") + a.width_pt("V")


def test_a_long_word_never_breaks_inside_a_ligature(fonts: FontBook) -> None:
    _carlito(fonts)
    m = fonts.font("Calibri", 40)
    if not m.joins("ti"):
        pytest.skip("Pillow was built without libraqm, so no ligatures are shaped")
    assert not m.joins("ca")
    # "Telecommunicat" would fit, but its "t" is half of the "ti" ligature.
    box = TextArea(Inches(3.96), Inches(6))
    assert m.width_pt("Telecommunicat") < box.text_width / EMU_PER_PT
    lines = wrap_lines([Paragraph("Telecommunications", 40)], box, fonts)
    assert lines == ["Telecommunica", "tions"]


def test_fitting_keeps_a_margin_against_borderline_wraps(fonts: FontBook) -> None:
    _carlito(fonts)
    text = "Margin expanded by two points"
    width = round(fonts.font("Calibri", 20).width_pt(text) * 1.004 * EMU_PER_PT) + 2 * 91440
    height = round(20 * LINE_HEIGHT_EM * EMU_PER_PT) + 2 * 45720  # exactly one line
    exact = _textbox(text, 20, width, height)
    result = fit_text_frame(
        exact.text_frame, TextArea.of(exact), "Calibri", 18, 10, fonts, width_margin=0
    )
    assert result == FitResult(fits=True, size_pt=20, scale=1.0, lines=1, overflow_lines=0)
    # Fitting by only 0.4% is within the renderers' disagreement, so by default it shrinks.
    safe = _textbox(text, 20, width, height)
    result = fit_text_frame(safe.text_frame, TextArea.of(safe), "Calibri", 18, 10, fonts)
    assert result.fits and result.size_pt == 19 and result.lines == 1


# --- fonts -------------------------------------------------------------------------------


def test_calibri_resolves_to_carlito(fonts: FontBook) -> None:
    carlito = _carlito(fonts)
    assert "Carlito" in fonts.find("Calibri")[0]
    assert fonts.find("Calibri", bold=True)[0] != carlito
    assert not fonts.font("Calibri", 12).estimated
    assert "Calibri" not in fonts.missing


def test_lookup_works_without_fc_match(fonts: FontBook) -> None:
    _carlito(fonts)
    scanned = FontBook(use_fc_match=False)
    assert "Carlito" in scanned.find("Calibri")[0]
    assert "Bold" in scanned.find("Calibri", bold=True)[0]


def test_unknown_family_is_estimated_and_recorded() -> None:
    book = FontBook()
    m = book.font("Deckgen Imaginary Sans", 20)
    assert m.estimated
    assert book.missing == {"Deckgen Imaginary Sans"}
    assert m.width_pt("abcd") == pytest.approx(4 * FALLBACK_EM * 20)
    lines, _ = measure_lines(
        [Paragraph("abcd " * 10, 20, family="Deckgen Imaginary Sans")],
        TextArea(Inches(2), Inches(2)),
        book,
    )
    assert lines > 1


# --- fitting -----------------------------------------------------------------------------


def test_short_headline_fits_at_its_size(fonts: FontBook) -> None:
    shape = _textbox("Q3 revenue up 14%", 32, Inches(8), Inches(1))
    result = fit_text_frame(shape.text_frame, TextArea.of(shape), "Calibri", 18, 20, fonts)
    assert result == FitResult(fits=True, size_pt=32, scale=1.0, lines=1, overflow_lines=0)
    assert shape.text_frame.paragraphs[0].runs[0].font.size == Pt(32)


def test_long_text_in_narrow_box_shrinks_until_it_fits(fonts: FontBook) -> None:
    shape = _textbox([LONG, "Next: expand the partner channel."], 32, Inches(5), Inches(3))
    box = TextArea.of(shape)
    tf = shape.text_frame
    before = measure_lines(paragraphs_of(tf, "Calibri", 18), box, fonts)
    assert before[1] > box.text_height

    result = fit_text_frame(tf, box, "Calibri", 18, 14, fonts)

    assert result.fits and result.overflow_lines == 0
    assert 14 <= result.size_pt < 32
    assert result.scale == pytest.approx(result.size_pt / 32)
    sizes = {run.font.size.pt for p in tf.paragraphs for run in p.runs}
    assert sizes == {result.size_pt}
    lines, height = measure_lines(paragraphs_of(tf, "Calibri", 18), box, fonts)
    assert height <= box.text_height
    assert lines == result.lines
    # One step bigger would not have fitted (in the box less the width margin fitting keeps):
    # the shrink stopped at the first size that fits.
    bigger = _textbox([LONG, "Next: expand the partner channel."], result.size_pt + 1, 0, 0)
    narrowed = TextArea(box.width - round(box.text_width * WIDTH_MARGIN), box.height)
    height = measure_lines(paragraphs_of(bigger.text_frame, "Calibri", 18), narrowed, fonts)[1]
    assert height > box.text_height


def test_shrink_keeps_proportions_and_uses_inherited_sizes(fonts: FontBook) -> None:
    shape = _textbox([LONG, LONG], None, Inches(6), Inches(2.5))
    tf = shape.text_frame
    tf.paragraphs[0].runs[0].font.size = Pt(28)  # headline-ish; the second run inherits 20
    result = fit_text_frame(tf, TextArea.of(shape), "Calibri", 20, 8, fonts)
    assert result.fits and result.size_pt < 28
    first = tf.paragraphs[0].runs[0].font.size.pt
    second = tf.paragraphs[1].runs[0].font.size.pt
    assert first == result.size_pt
    assert second == pytest.approx(20 * result.scale, abs=0.5)
    assert second <= 20 * result.scale


def test_text_that_cannot_fit_at_the_floor_reports_overflow(fonts: FontBook) -> None:
    shape = _textbox([LONG] * 3, 24, Inches(3), Inches(1))
    result = fit_text_frame(shape.text_frame, TextArea.of(shape), "Calibri", 18, 16, fonts)
    assert not result.fits
    assert result.size_pt == 16
    assert result.overflow_lines > 0
    assert {r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs} == {16}


def test_paragraphs_of_reads_runs_breaks_and_inheritance() -> None:
    shape = _textbox("", None, Inches(4), Inches(2))
    para = shape.text_frame.paragraphs[0]
    para.font.size = Pt(22)
    lead = para.add_run()
    lead.text = "Why now:"
    lead.font.bold = True
    para.add_line_break()
    tail = para.add_run()
    tail.text = "the market moved"
    tail.font.size = Pt(18)
    (got,) = paragraphs_of(shape.text_frame, "Calibri", 12)
    assert got.text == "Why now:\vthe market moved"
    assert got.size_pt == 22
    assert [(s.size_pt, s.bold) for s in got.spans][0] == (22, True)
    assert got.spans[-1] == Span("the market moved", 18, False, False, "Calibri")


def test_paragraphs_of_takes_indent_by_level_and_theme_fonts_from_the_caller() -> None:
    shape = _textbox(["Top level", "Second level"], 20, Inches(4), Inches(2))
    paras = shape.text_frame.paragraphs
    paras[1].level = 1
    paras[1].runs[0].font.name = "+mn-lt"  # the theme's minor font: the caller names it
    got = paragraphs_of(shape.text_frame, "Arial", 18, BODY_INDENTS_EMU)
    assert [p.indent for p in got] == [BODY_INDENTS_EMU[0], BODY_INDENTS_EMU[1]]
    assert [p.family for p in got] == ["Calibri", "Arial"]
    assert paragraphs_of(shape.text_frame, "Arial", 18)[1].indent == 0


def test_rejects_a_nonpositive_step(fonts: FontBook) -> None:
    shape = _textbox("x", 20, Inches(2), Inches(1))
    with pytest.raises(ValueError):
        fit_text_frame(shape.text_frame, TextArea.of(shape), "Calibri", 18, 10, fonts, step_pt=0)


# --- against LibreOffice -----------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    text: str
    size_pt: float
    width_in: float
    expected_lines: int
    bold: bool = False
    bullet_indent: int = 0  # text's left margin; the bullet hangs in front of it


CASES = [
    Case("Revenue up 14%", 28, 4.0, 1),
    Case("Enterprise renewals drove growth this quarter", 20, 3.5, 2),
    Case("Enterprise renewals drove growth this quarter", 28, 3.5, 3),
    Case("Churn fell for the third quarter in a row as onboarding improved", 20, 3.0, 3),
    Case(LONG, 20, 5.75, 5),
    Case("Customer lifetime value rose while acquisition cost held flat", 28, 4.5, 3),
    Case("Mid-market year-over-year growth outpaced enterprise", 28, 3.0, 4),
    Case("Supercalifragilisticexpialidocious", 28, 3.0, 2),
    Case("Our go-to-market motion now wins against the incumbents", 20, 3.2, 3, bold=True),
    # Carlito draws "ti" as one ligature glyph, which no renderer splits at a line end.
    Case("Telecommunications", 40, 3.96, 2),
    # Bulleted body text at levels 0 and 1 of deckgen's template (without the indent: 2 and 6).
    Case(
        "Churn fell for the third quarter in a row as onboarding improved",
        20,
        4.0,
        3,
        False,
        BODY_INDENTS_EMU[0],
    ),
    Case(LONG, 20, 5.0, 7, False, BODY_INDENTS_EMU[1]),
]

#: Boxes that overflow at their size and are shrunk by fit_text_frame before rendering:
#: (paragraphs, size, width in, height in, floor).
FITTED = [
    ([LONG, "Next: expand the partner channel."], 28, 5.0, 2.5, 12),
    ([LONG], 32, 4.0, 3.0, 14),
    (["Q3 in one line", LONG], 40, 6.0, 2.0, 10),
]

BOX_TOP = Inches(0.5)


@dataclass(frozen=True)
class RenderedLine:
    top_pt: float
    text: str


def _lines_on_page(page: str, size_pt: float) -> list[RenderedLine]:
    """Group pdftotext's words into lines: words whose tops differ by under half a line.
    A line's top is that of its last word: a bullet glyph (OpenSymbol) has other metrics."""
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>'
    words = sorted((float(y), float(x), w) for x, y, w in re.findall(pattern, page))
    groups: list[list[tuple[float, float, str]]] = []
    for word in words:
        if not groups or word[0] - groups[-1][0][0] > size_pt * 0.6:
            groups.append([])
        groups[-1].append(word)
    lines = []
    for group in groups:
        group.sort(key=lambda word: word[1])
        text = " ".join(html.unescape(w) for _, _, w in group)
        lines.append(RenderedLine(group[-1][0], text))
    return lines


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, fonts: FontBook):
    """Every case and every fitted box, one per slide, rendered by one LibreOffice call."""
    for tool in ("soffice", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (LibreOffice / poppler-utils)")
    _carlito(fonts)
    if not features.check("raqm"):
        pytest.skip("Pillow lacks libraqm: without kerning our widths are wider than LibreOffice's")
    workdir = tmp_path_factory.mktemp("libreoffice")
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)

    def textbox(width: int, height: int):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        shape = slide.shapes.add_textbox(Inches(0.5), BOX_TOP, width, height)
        shape.text_frame.word_wrap = True
        shape.text_frame.auto_size = MSO_AUTO_SIZE.NONE
        return shape

    for case in CASES:
        tf = textbox(Inches(case.width_in), Inches(6)).text_frame
        if case.bullet_indent:  # test-only XML: python-pptx has no API for margins and bullets
            ppr = tf.paragraphs[0]._p.get_or_add_pPr()
            ppr.set("marL", str(case.bullet_indent))
            ppr.set("indent", str(-BODY_INDENTS_EMU[0]))
            ppr.append(ppr.makeelement(qn("a:buChar"), {"char": "\u2022"}))
        run = tf.paragraphs[0].add_run()
        run.text = case.text
        run.font.name = "Calibri"
        run.font.size = Pt(case.size_pt)
        run.font.bold = case.bold
    results = []
    for texts, size, width_in, height_in, floor in FITTED:
        shape = textbox(Inches(width_in), Inches(height_in))
        for i, text in enumerate(texts):
            para = shape.text_frame.paragraphs[0] if i == 0 else shape.text_frame.add_paragraph()
            run = para.add_run()
            run.text = text
            run.font.name = "Calibri"
            run.font.size = Pt(size)
        results.append(
            fit_text_frame(shape.text_frame, TextArea.of(shape), "Calibri", 18, floor, fonts)
        )

    pptx = workdir / "cases.pptx"
    prs.save(pptx)
    profile = (workdir / "lo-profile").as_uri()  # a private profile: other soffice runs may be up
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(workdir), str(pptx)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    out = workdir / "cases.html"
    subprocess.run(["pdftotext", "-bbox", str(workdir / "cases.pdf"), str(out)], check=True)
    pages = out.read_text(encoding="utf-8").split("<page ")[1:]
    assert len(pages) == len(CASES) + len(FITTED)
    sizes = [c.size_pt for c in CASES] + [r.size_pt for r in results]
    lines = [_lines_on_page(page, size) for page, size in zip(pages, sizes, strict=True)]
    return lines[: len(CASES)], list(zip(results, lines[len(CASES) :], strict=True))


@pytest.mark.libreoffice
def test_line_breaks_agree_with_libreoffice(rendered, fonts: FontBook) -> None:
    case_lines, _ = rendered
    disagreements = []
    for case, got in zip(CASES, case_lines, strict=True):
        box = TextArea(Emu(Inches(case.width_in)), Emu(Inches(6)))
        para = Paragraph(
            case.text, case.size_pt, bold=case.bold, indent=case.bullet_indent, family="Calibri"
        )
        predicted, height = measure_lines([para], box, fonts)
        if predicted != len(got):
            disagreements.append(f"{case}: predicted {predicted} lines, LibreOffice {len(got)}")
            continue
        # Not just the count: every line breaks at the same word (or character).
        texts = [line.text.removeprefix("\u2022 ") for line in got]
        assert wrap_lines([para], box, fonts) == texts, case
        if len(got) > 1:
            # LibreOffice's line pitch is 1.2 x size; the predicted height is lines x pitch.
            pitch = (got[-1].top_pt - got[0].top_pt) / (len(got) - 1)
            assert pitch == pytest.approx(case.size_pt * LINE_HEIGHT_EM, rel=0.01), case
            assert height / EMU_PER_PT == pytest.approx(len(got) * pitch, rel=0.01), case
    assert not disagreements, "\n".join(disagreements)
    # The cases cover one-line, wrapped, hyphenated and character-broken text as intended.
    assert [len(lines) for lines in case_lines] == [c.expected_lines for c in CASES]


@pytest.mark.libreoffice
def test_fitted_text_renders_inside_its_box(rendered) -> None:
    _, fitted = rendered
    for (texts, size, _, height_in, floor), (result, got) in zip(FITTED, fitted, strict=True):
        assert result.fits and floor <= result.size_pt < size, texts
        assert len(got) == result.lines, texts
        pitch = (got[-1].top_pt - got[0].top_pt) / (len(got) - 1)
        assert pitch == pytest.approx(result.size_pt * LINE_HEIGHT_EM, rel=0.01)
        # The rendered lines, at the rendered pitch, fit between the box's top and bottom insets.
        assert len(got) * pitch <= (Inches(height_in) - 2 * 45720) / EMU_PER_PT, texts


# --- fitting at build time ---------------------------------------------------------------

HEADLINE = "Posts von Mitarbeitenden erzielen 8× so viel Engagement wie unser Unternehmens-Account"
#: A bullet of long German compounds, quoted for YAML's flow style (it holds commas).
BULLET = '"Wettbewerbsbeobachtung, Kundenzufriedenheitsanalysen und Verantwortungsbewusstsein"'


def narrow_title_template(tmp_path, width_in: float):
    """The shipped template with a narrower title on "Title and Content", made with
    python-pptx; the layout mapping goes beside it."""
    from deckgen.resources import shipped_template

    prs = Presentation(str(shipped_template()))
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    layout.placeholders[0].width = Inches(width_in)
    path = tmp_path / f"narrow-{width_in:g}.pptx"
    prs.save(path)
    mapping = shipped_template().with_name("boardroom.deckgen.yaml")
    path.with_name(f"narrow-{width_in:g}.deckgen.yaml").write_bytes(mapping.read_bytes())
    return path


def bullets_slide(headline: str, points: str = "[Kurz]") -> str:
    return f"""\
- kind: title
  headline: Social Maturity
- kind: bullets
  headline: "{headline}"
  points: {points}
"""


def _title_sizes(path) -> list[float | None]:
    title = Presentation(str(path)).slides[1].shapes.title
    return [
        r.font.size.pt if r.font.size else None for p in title.text_frame.paragraphs for r in p.runs
    ]


def test_a_headline_that_fits_keeps_the_templates_size(write_content, tmp_path, fonts) -> None:
    from deckgen.api import build_deck

    _carlito(fonts)
    source = write_content(bullets_slide(HEADLINE))
    result = build_deck(source, output=tmp_path / "deck.pptx")
    assert result.warnings == ()
    assert _title_sizes(result.output) == [None]  # nothing written: the layout's 32 pt holds


def test_a_headline_that_needs_shrinking_gets_the_size_written(write_content, tmp_path, fonts):
    from deckgen.api import build_deck

    _carlito(fonts)
    source = write_content(bullets_slide(HEADLINE))
    template = narrow_title_template(tmp_path, 8)
    result = build_deck(source, template=template, output=tmp_path / "deck.pptx")
    assert _title_sizes(result.output) == [29.0]


def test_a_headline_that_cannot_fit_fails_naming_slide_placeholder_field_and_lines(
    write_content, tmp_path, fonts
):
    from deckgen.api import build_deck
    from deckgen.errors import RenderError

    _carlito(fonts)
    source = write_content(bullets_slide(HEADLINE))
    template = narrow_title_template(tmp_path, 4)
    with pytest.raises(RenderError) as err:
        build_deck(source, template=template, output=tmp_path / "deck.pptx")
    assert str(err.value) == (
        f'{source}:12: slides[1].headline: slide 2, placeholder "Title": the text is 1 line too '
        "long even at 24 pt, the smallest size for title text; shorten it, give bullets slides "
        "a layout with more room (a line `bullets: <layout>` under `layouts:` in "
        f"{template.with_suffix('.deckgen.yaml')}; `deckgen inspect {template}` lists the "
        "layouts), or build with --allow-overflow to keep it"
    )
    assert not (tmp_path / "deck.pptx").exists()


def test_a_shape_fitted_before_on_another_slide_is_shrunk_and_reported_the_same(
    write_content, tmp_path, fonts
):
    """Fitting keeps each shape's result by its text and box: a second deck whose slide
    differs only in its bullets reuses the headline's, with its size and its error."""
    from deckgen.api import build_deck
    from deckgen.errors import RenderError

    _carlito(fonts)
    template = narrow_title_template(tmp_path, 8)
    for n, points in enumerate(["[Kurz]", "[Anders]", "[Noch anders]"]):
        source = write_content(bullets_slide(HEADLINE, points), name=f"p{n}.yaml")
        result = build_deck(source, template=template, output=tmp_path / f"{n}.pptx")
        assert _title_sizes(result.output) == [29.0]
    narrow = narrow_title_template(tmp_path, 4)
    for n, points in enumerate(["[Kurz]", "[Anders]"]):
        source = write_content(bullets_slide(HEADLINE, points), name=f"q{n}.yaml")
        with pytest.raises(RenderError) as err:
            build_deck(source, template=narrow, output=tmp_path / "deck.pptx")
        assert str(err.value).startswith(
            f'{source}:12: slides[1].headline: slide 2, placeholder "Title": the text is 1 line'
        )


def test_allow_overflow_writes_the_deck_and_warns(write_content, tmp_path, fonts) -> None:
    from typer.testing import CliRunner

    from deckgen.cli import app

    _carlito(fonts)
    source = write_content(bullets_slide(HEADLINE))
    template = narrow_title_template(tmp_path, 4)
    out = tmp_path / "deck.pptx"
    args = ["build", str(source), "-t", str(template), "-o", str(out)]
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 2 and not out.exists()  # content that does not fit: bad input
    result = CliRunner().invoke(app, [*args, "--allow-overflow"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f'warning: {source}:12: slides[1].headline: slide 2, placeholder "Title": the text is 1 '
        "line too long even at 24 pt, the smallest size for title text; kept as it is "
        "(--allow-overflow)\n"
    )
    assert _title_sizes(out) == [24.0]


def test_body_text_shrinks_together_and_sub_bullets_stay_readable(write_content, tmp_path, fonts):
    from deckgen.api import build_deck

    _carlito(fonts)
    sub = f"[{BULLET}, {BULLET}]"
    points = "\n" + "\n".join(f"    - {{text: {BULLET}, sub: {sub}}}" for _ in range(4))
    source = write_content(bullets_slide("Kurz", points))
    result = build_deck(source, output=tmp_path / "deck.pptx")
    body = Presentation(str(result.output)).slides[1].placeholders[1]
    sizes = {(p.level, r.font.size.pt) for p in body.text_frame.paragraphs for r in p.runs}
    assert sizes == {(0, 17.0), (1, 15.0)}  # 20 and 18 pt in the template, shrunk alike


def test_body_text_that_cannot_fit_names_the_points(write_content, tmp_path, fonts) -> None:
    from deckgen.api import build_deck
    from deckgen.errors import RenderError
    from deckgen.resources import shipped_template

    _carlito(fonts)
    sub = f"[{BULLET}, {BULLET}, {BULLET}]"
    points = "\n" + "\n".join(f"    - {{text: {BULLET}, sub: {sub}}}" for _ in range(5))
    source = write_content(bullets_slide("Kurz", points))
    with pytest.raises(RenderError) as err:
        build_deck(source, output=tmp_path / "deck.pptx")
    mapping, template = shipped_template().with_suffix(".deckgen.yaml"), shipped_template()
    assert str(err.value) == (
        f'{source}:13: slides[1].points: slide 2, placeholder "Body": the text is 7 lines too '
        "long even at 14 pt, the smallest size for body text; shorten it, give bullets slides "
        f"a layout with more room (a line `bullets: <layout>` under `layouts:` in {mapping}; "
        f"`deckgen inspect {template}` lists the layouts), or build with --allow-overflow to "
        "keep it"
    )


def test_a_missing_font_is_said_once_and_estimated(monkeypatch, tmp_path) -> None:
    from deckgen.api import build_deck
    from deckgen.fit import fonts

    monkeypatch.setattr(fonts, "default_fonts", lambda: FontBook([tmp_path], use_fc_match=False))
    result = build_deck(language="en", output=tmp_path / "deck.pptx")
    assert result.warnings == (
        'font "Calibri" is not installed here, nor a metric-compatible substitute, so text was '
        "fitted by a cautious estimate; install fonts-crosextra-carlito",
    )


# --- built decks against LibreOffice -----------------------------------------------------


def _rendered_lines(page: str, box_pt: tuple[float, float, float, float]) -> int:
    """How many lines of words LibreOffice drew inside a box (left, top, right, bottom)."""
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
    left, top, right, bottom = box_pt
    centres = []
    for x0, y0, x1, y1 in re.findall(pattern, page):
        x, y = (float(x0) + float(x1)) / 2, (float(y0) + float(y1)) / 2
        if left - 2 <= x <= right + 2 and top - 2 <= y <= bottom + 2:
            centres.append((y, float(y1) - float(y0)))
    lines: list[float] = []
    for y, height in sorted(centres):
        if not lines or y - lines[-1] > height * 0.5:
            lines.append(y)
    return len(lines)


@pytest.mark.libreoffice
def test_built_decks_render_with_the_predicted_line_counts(
    shipped_decks, write_content, tmp_path, fonts
) -> None:
    """Every text shape of the built decks (the shipped ones, and one whose title was shrunk)
    renders in LibreOffice with as many lines as fit predicts, inside its box."""
    from deckgen import ooxml
    from deckgen.api import build_deck
    from deckgen.fit import measure, shape_text

    for tool in ("soffice", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (LibreOffice / poppler-utils)")
    _carlito(fonts)
    if not features.check("raqm"):
        pytest.skip("Pillow lacks libraqm: without kerning our widths are wider than LibreOffice's")
    source = write_content(bullets_slide(HEADLINE))
    shrunk = build_deck(
        source, template=narrow_title_template(tmp_path, 8), output=tmp_path / "shrunk.pptx"
    ).output
    decks = [shipped_decks["de"], shipped_decks["en"], shrunk]
    from deckgen.export import convert_to_pdf

    pdfs = convert_to_pdf(decks, outdir=tmp_path / "pdf")
    checked, disagreements = 0, []
    for deck, pdf in zip(decks, pdfs, strict=True):
        out = tmp_path / (pdf.stem + ".html")
        subprocess.run(["pdftotext", "-bbox", str(pdf), str(out)], check=True)
        pages = out.read_text(encoding="utf-8").split("<page ")[1:]
        prs = Presentation(str(deck))
        reader = ooxml.StyleReader()
        assert len(pages) == len(prs.slides)
        for number, (slide, page) in enumerate(zip(prs.slides, pages, strict=True), start=1):
            for shape in slide.shapes:
                if not shape.has_text_frame or not shape.text_frame.text.strip():
                    continue
                text = shape_text(shape, reader)
                predicted = measure(text.shown, text.box, fonts)
                assert predicted.overflow_lines == 0, (deck.name, number, shape.name)
                box = tuple(
                    v / EMU_PER_PT
                    for v in (
                        shape.left,
                        shape.top,
                        shape.left + shape.width,
                        shape.top + shape.height,
                    )
                )
                got = _rendered_lines(page, box)
                checked += 1
                if got != predicted.lines:
                    disagreements.append(
                        f"{deck.name} slide {number} {shape.name}: predicted {predicted.lines} "
                        f"lines, LibreOffice drew {got}"
                    )
    assert checked > 60
    assert not disagreements, "\n".join(disagreements)


def test_a_shape_that_fits_is_left_in_place_and_a_shrunk_one_replaced(tmp_path, fonts) -> None:
    """Fitting writes sizes only when text shrinks; a shape that fits keeps its element, so a
    batch's rebuilt slides copy nothing back for it."""
    from deckgen.fit.fitter import Fitter

    _carlito(fonts)
    prs = Presentation(str(narrow_title_template(tmp_path, 8)))
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    slides = [prs.slides.add_slide(layout) for _ in range(2)]
    slides[0].shapes.title.text = "Kurz"
    slides[1].shapes.title.text = HEADLINE
    before = [slide.shapes.title._element for slide in slides]
    fitter = Fitter(fonts)
    for number, slide in enumerate(slides, 1):
        fitter.fit_slide(slide, number)
    assert slides[0].shapes.title._element is before[0]
    assert slides[0].shapes.title.text_frame.paragraphs[0].runs[0].font.size is None
    assert slides[1].shapes.title._element is not before[1]
    assert slides[1].shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt == 29.0
    assert fitter.overflows == []
