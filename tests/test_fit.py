"""Tests for deckgen.fit: unit tests of wrapping and shrinking, and agreement with LibreOffice.

The rendering test is the proof that matters: python-pptx writes text boxes, LibreOffice renders
them to PDF, poppler reads back where each word landed, and measure_lines must predict the same
number of lines (and the same line pitch) for every box.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Emu, Inches, Pt

from deckgen.fit import (
    BODY_INDENTS_EMU,
    EMU_PER_PT,
    FALLBACK_EM,
    LINE_HEIGHT_EM,
    Box,
    FitResult,
    FontBook,
    Paragraph,
    Span,
    fit_text_frame,
    measure_lines,
    paragraphs_of,
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
    box = Box(Inches(4), Inches(1))
    lines, height = measure_lines([Paragraph("", 20)], box, fonts)
    assert lines == 1
    assert height == round(20 * LINE_HEIGHT_EM * EMU_PER_PT)


def test_empty_text_frame_fits_with_no_overflow(fonts: FontBook) -> None:
    shape = _textbox("", 28, Inches(4), Inches(1))
    result = fit_text_frame(shape.text_frame, Box.of(shape), "Calibri", 18, 12, fonts)
    assert result == FitResult(fits=True, size_pt=28, scale=1.0, lines=1, overflow_lines=0)


def test_explicit_breaks_and_paragraph_spacing(fonts: FontBook) -> None:
    box = Box(Inches(8), Inches(4))
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
    box = Box(round(box_pts * EMU_PER_PT) + 2 * 91440, Inches(5))
    assert measure_lines([Paragraph(f"{word} {word}", 20)], box, fonts)[0] == 1
    narrow = Box(round((two - 1) * EMU_PER_PT) + 2 * 91440, Inches(5))
    assert measure_lines([Paragraph(f"{word} {word}", 20)], narrow, fonts)[0] == 2
    # Trailing spaces hang past the edge instead of wrapping.
    assert measure_lines([Paragraph(f"{word} {word}     ", 20)], box, fonts)[0] == 1
    # A hyphen inside a word is a break opportunity.
    assert measure_lines([Paragraph(f"{word}-{word}", 20)], narrow, fonts)[0] == 2
    # A word longer than the line breaks between characters, filling each line.
    tiny = Box(round(m.width_pt("Rev") * EMU_PER_PT) + 2 * 91440 + 100, Inches(5))
    assert measure_lines([Paragraph("Revenue", 20)], tiny, fonts)[0] == 3


def test_indent_narrows_the_line(fonts: FontBook) -> None:
    _carlito(fonts)
    text = "Margin expanded by two points"
    width = round(fonts.font("Calibri", 20).width_pt(text) * EMU_PER_PT) + 2 * 91440 + 2000
    box = Box(width, Inches(5))
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
    fits = Box(round((total + 0.5) * EMU_PER_PT) + 2 * 91440, Inches(5))
    tight = Box(round((total - 0.5) * EMU_PER_PT) + 2 * 91440, Inches(5))
    assert measure_lines([para], fits, fonts)[0] == 1
    assert measure_lines([para], tight, fonts)[0] == 2


def test_widths_scale_with_size_and_kern(fonts: FontBook) -> None:
    _carlito(fonts)
    a, b = fonts.font("Calibri", 10), fonts.font("Calibri", 30)
    assert b.width_pt("Quarterly") == pytest.approx(3 * a.width_pt("Quarterly"))
    # "AV" kerns tighter than A and V apart, as LibreOffice shapes it.
    assert a.width_pt("AV") < a.width_pt("A") + a.width_pt("V")


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
        Box(Inches(2), Inches(2)),
        book,
    )
    assert lines > 1


# --- fitting -----------------------------------------------------------------------------


def test_short_headline_fits_at_its_size(fonts: FontBook) -> None:
    shape = _textbox("Q3 revenue up 14%", 32, Inches(8), Inches(1))
    result = fit_text_frame(shape.text_frame, Box.of(shape), "Calibri", 18, 20, fonts)
    assert result == FitResult(fits=True, size_pt=32, scale=1.0, lines=1, overflow_lines=0)
    assert shape.text_frame.paragraphs[0].runs[0].font.size == Pt(32)


def test_long_text_in_narrow_box_shrinks_until_it_fits(fonts: FontBook) -> None:
    shape = _textbox([LONG, "Next: expand the partner channel."], 32, Inches(5), Inches(3))
    box = Box.of(shape)
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
    # One step bigger would not have fitted: the shrink stopped at the first size that fits.
    bigger = _textbox([LONG, "Next: expand the partner channel."], result.size_pt + 1, *box_wh(box))
    assert measure_lines(paragraphs_of(bigger.text_frame, "Calibri", 18), box, fonts)[1] > (
        box.text_height
    )


def box_wh(box: Box) -> tuple[int, int]:
    return box.width, box.height


def test_shrink_keeps_proportions_and_uses_inherited_sizes(fonts: FontBook) -> None:
    shape = _textbox([LONG, LONG], None, Inches(6), Inches(2.5))
    tf = shape.text_frame
    tf.paragraphs[0].runs[0].font.size = Pt(28)  # headline-ish; the second run inherits 20
    result = fit_text_frame(tf, Box.of(shape), "Calibri", 20, 8, fonts)
    assert result.fits and result.size_pt < 28
    first = tf.paragraphs[0].runs[0].font.size.pt
    second = tf.paragraphs[1].runs[0].font.size.pt
    assert first == result.size_pt
    assert second == pytest.approx(20 * result.scale, abs=0.5)
    assert second <= 20 * result.scale


def test_text_that_cannot_fit_at_the_floor_reports_overflow(fonts: FontBook) -> None:
    shape = _textbox([LONG] * 3, 24, Inches(3), Inches(1))
    result = fit_text_frame(shape.text_frame, Box.of(shape), "Calibri", 18, 16, fonts)
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


def test_rejects_a_nonpositive_step(fonts: FontBook) -> None:
    shape = _textbox("x", 20, Inches(2), Inches(1))
    with pytest.raises(ValueError):
        fit_text_frame(shape.text_frame, Box.of(shape), "Calibri", 18, 10, fonts, step_pt=0)


# --- against LibreOffice -----------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    text: str
    size_pt: float
    width_in: float
    expected_lines: int


CASES = [
    Case("Revenue up 14%", 28, 4.0, 1),
    Case("Enterprise renewals drove growth this quarter", 20, 3.5, 2),
    Case("Enterprise renewals drove growth this quarter", 28, 3.5, 3),
    Case("Churn fell for the third quarter in a row as onboarding improved", 20, 3.0, 3),
    Case(LONG, 20, 5.75, 5),
    Case("Customer lifetime value rose while acquisition cost held flat", 28, 4.5, 3),
    Case("Mid-market year-over-year growth outpaced enterprise", 28, 3.0, 4),
    Case("Supercalifragilisticexpialidocious", 28, 3.0, 2),
]


def _render(cases: list[Case], workdir: Path) -> list[list[float]]:
    """Render one text box per slide with LibreOffice; return each box's line tops in points."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    for case in cases:
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        shape = slide.shapes.add_textbox(Inches(0.5), Inches(0.5), Inches(case.width_in), Inches(6))
        tf = shape.text_frame
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        run = tf.paragraphs[0].add_run()
        run.text = case.text
        run.font.name = "Calibri"
        run.font.size = Pt(case.size_pt)
    pptx = workdir / "cases.pptx"
    prs.save(pptx)
    profile = (workdir / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(workdir), str(pptx)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    html = workdir / "cases.html"
    subprocess.run(["pdftotext", "-bbox-layout", str(workdir / "cases.pdf"), str(html)], check=True)
    pages = html.read_text(encoding="utf-8").split("<page ")[1:]
    assert len(pages) == len(cases)
    tops = []
    for case, page in zip(cases, pages, strict=True):
        ys = sorted(float(y) for y in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"', page))
        lines: list[float] = []
        for y in ys:  # words whose tops differ by less than half a line sit on one line
            if not lines or y - lines[-1] > case.size_pt * 0.6:
                lines.append(y)
        tops.append(lines)
    return tops


@pytest.mark.libreoffice
def test_line_counts_agree_with_libreoffice(tmp_path: Path, fonts: FontBook) -> None:
    for tool in ("soffice", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (LibreOffice / poppler-utils)")
    _carlito(fonts)
    rendered = _render(CASES, tmp_path)
    disagreements = []
    for case, tops in zip(CASES, rendered, strict=True):
        box = Box(Emu(Inches(case.width_in)), Emu(Inches(6)))
        para = Paragraph(case.text, case.size_pt, family="Calibri")
        predicted, height = measure_lines([para], box, fonts)
        if predicted != len(tops):
            disagreements.append(f"{case}: predicted {predicted}, LibreOffice {len(tops)}")
            continue
        if len(tops) > 1:
            # LibreOffice's line pitch is 1.2 x size; the predicted height is lines x pitch.
            pitch = (tops[-1] - tops[0]) / (len(tops) - 1)
            assert pitch == pytest.approx(case.size_pt * LINE_HEIGHT_EM, rel=0.01), case
            assert height / EMU_PER_PT == pytest.approx(len(tops) * pitch, rel=0.01), case
    assert not disagreements, "\n".join(disagreements)
    # The cases cover one-line, wrapped, hyphenated and character-broken text as intended.
    assert [len(t) for t in rendered] == [c.expected_lines for c in CASES]
