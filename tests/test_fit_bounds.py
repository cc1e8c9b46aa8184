"""Measuring ends, in bounded memory, for any geometry and any text a file can hold.

A text box no wider than its insets once made the line wrapper loop forever, taking 10 GB
before it was stopped. Each case runs in a child process with a memory limit and a timeout,
so a regression fails the test instead of hanging or exhausting the machine; the results are
checked too, so the bound is not bought with a wrong answer.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import textwrap

import pytest
from pptx import Presentation
from pptx.util import Inches, Pt

from deckgen import fit
from deckgen.fit import FontBook, Paragraph, TextArea, fit_text_frame
from deckgen.fit import layout as fit_layout

MEMORY_LIMIT = 3 * 2**30  # address space: Python, Pillow and the fonts take a fraction of it
TIME_LIMIT_S = 120  # generous for a loaded 2-core machine; the cases take well under a second


def bounded(code: str) -> object:
    """Run code (which prints one JSON value) in a child process under MEMORY_LIMIT and
    TIME_LIMIT_S; fail the test if it runs out of either; return the printed value."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    prelude = (
        "import json\n"
        "from deckgen.fit import TextArea, FontBook, Paragraph, Span, measure_lines\n"
        "fonts = FontBook()\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", prelude + textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=TIME_LIMIT_S,
            preexec_fn=limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"measuring did not end within {TIME_LIMIT_S} s")
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def fonts() -> FontBook:
    return FontBook()


@pytest.mark.parametrize(
    "box",
    [
        "TextArea(0, 914400, 0, 0, 0, 0)",  # zero width, no insets
        "TextArea(0, 914400)",  # zero width, default insets
        "TextArea(2 * 91440, 914400)",  # exactly as wide as its insets
        "TextArea(100, 914400)",  # narrower than its insets
        "TextArea(-914400, -914400)",  # negative width and height
        "TextArea(914400, 914400, 10**12, 10**12)",  # insets far wider than any slide
    ],
)
def test_a_box_without_room_sets_one_character_a_line(box: str) -> None:
    lines = bounded(f"print(json.dumps(measure_lines([Paragraph('Revenue', 18)], {box}, fonts)))")
    assert lines[0] == len("Revenue")


def test_an_indent_wider_than_the_box_sets_one_character_a_line() -> None:
    code = """
    lines = measure_lines([Paragraph("Cash", 18, indent=10**9)], TextArea(914400, 0), fonts)
    print(json.dumps(lines))
    """
    assert bounded(code)[0] == len("Cash")


def test_a_zero_point_font_and_a_huge_one_are_measured() -> None:
    code = """
    text = "word " * 200
    zero = measure_lines([Paragraph(text, 0)], TextArea(914400, 914400), fonts)
    huge = measure_lines([Paragraph(text, 4000)], TextArea(6 * 914400, 914400), fonts)
    print(json.dumps([zero[0], huge[0]]))
    """
    zero, huge = bounded(code)
    assert zero == 1  # nothing has width
    assert huge == 200 * len("word")  # every letter wider than the line: one a line


def test_a_hundred_thousand_characters_are_measured_in_bounded_time_and_memory() -> None:
    code = """
    narrow, wide = TextArea(914400, 914400), TextArea(6 * 914400, 914400)
    unbounded = TextArea(10**10, 914400)
    spans = tuple(Span(ch, 18 if i % 2 else 20) for i, ch in enumerate("ab" * 50_000))
    print(json.dumps([
        measure_lines([Paragraph("a" * 100_000, 18)], narrow, fonts)[0],
        measure_lines([Paragraph("Wachstum " * 11_000, 18)], wide, fonts)[0],
        measure_lines([Paragraph("a-" * 50_000, 18)], unbounded, fonts)[0],
        measure_lines([Paragraph("ab" * 50_000, 18, spans=spans)], narrow, fonts)[0],
        measure_lines([Paragraph(" " * 100_000 + "x", 18)], narrow, fonts)[0],
        measure_lines([Paragraph("x\\n" * 50_000, 18)], narrow, fonts)[0],
    ]))
    """
    one_word, words, hyphens, runs, spaces, breaks = bounded(code)
    assert 100_000 / 20 < one_word < 100_000 / 5  # a word broken over lines of 5-20 letters
    assert 11_000 / 8 < words < 11_000 / 4  # four to eight words a line
    assert hyphens == 1  # a box that does not wrap has one line
    assert 100_000 / 20 < runs < 100_000 / 5
    assert spaces == 2  # the spaces hang past the edge; the word takes the next line
    assert breaks == 50_001


def test_thousands_of_paragraphs_are_measured() -> None:
    code = """
    paragraphs = [Paragraph(f"Point {n}", 18, space_before_pt=6) for n in range(5000)]
    print(json.dumps(measure_lines(paragraphs, TextArea(6 * 914400, 914400), fonts)))
    """
    lines, height = bounded(code)
    assert lines == 5000
    assert height == round((5000 * 18 * 1.2 + 4999 * 6) * fit.EMU_PER_PT)


def test_shrinking_a_huge_size_takes_a_few_layouts_not_one_per_point(
    fonts: FontBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    prs = Presentation()
    shape = prs.slides.add_slide(prs.slide_layouts[6]).shapes.add_textbox(
        0, 0, Inches(8), Inches(2)
    )
    shape.text_frame.word_wrap = True
    run = shape.text_frame.paragraphs[0].add_run()
    run.text = "Revenue grew in every region"
    run.font.size = Pt(4000)
    layouts = []
    real = fit_layout.lay_out
    monkeypatch.setattr(fit_layout, "lay_out", lambda *a, **k: layouts.append(1) or real(*a, **k))
    result = fit_text_frame(shape.text_frame, TextArea.of(shape), "Calibri", 18, 12, fonts)
    assert result.fits and 12 <= result.size_pt < 80
    assert run.font.size.pt == result.size_pt
    assert len(layouts) <= 16  # 1 + log2(3988 steps) + 1, not 3988


def test_a_few_steps_still_shrink_one_point_at_a_time(fonts: FontBook) -> None:
    prs = Presentation()
    shape = prs.slides.add_slide(prs.slide_layouts[6]).shapes.add_textbox(
        0, 0, Inches(4), Inches(1)
    )
    shape.text_frame.word_wrap = True
    run = shape.text_frame.paragraphs[0].add_run()
    run.text = "Revenue grew in every region we sell in"
    run.font.size = Pt(40)
    result = fit_text_frame(shape.text_frame, TextArea.of(shape), "Calibri", 18, 12, fonts)
    bigger = Paragraph(run.text, result.size_pt + 1)
    box = TextArea.of(shape)
    assert result.fits and result.size_pt == int(result.size_pt)
    # One point more would not fit (with fitting's margin): the largest size that fits.
    assert fit.measure([bigger], box, fonts, fit.WIDTH_MARGIN).overflow_lines


def test_a_long_text_has_a_positive_width_proportional_to_its_length(fonts: FontBook) -> None:
    # Pillow's shaped length overflows past 16,384 em and turns negative; pieces do not.
    measurer = fonts.font("Calibri", 18)
    one = measurer.width_pt("a")
    assert measurer.width_pt("a" * 100_000) == pytest.approx(100_000 * one, rel=0.001)
