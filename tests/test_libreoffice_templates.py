"""The shipped decks in eight differently designed real templates: LibreOffice's own Impress
templates, saved as .pptx by LibreOffice. Their layouts are as other programs write them
(placeholders without idx, bodies reaching into the footer, colour bands and pictures behind
the text), so they show whether the deck looks right in a template deckgen never saw."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from deckgen.api import build_deck
from deckgen.check import check_deck, is_problem

GALLERY = Path("/usr/lib/libreoffice/share/template/common/presnt")
DESIGNS = (
    "Beehive",
    "Focus",
    "Grey_Elegant",
    "Inspiration",
    "Metropolis",
    "Pencil",
    "Piano",
    "Vivid",
)

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        shutil.which("soffice") is None or not GALLERY.is_dir(),
        reason="needs LibreOffice Impress and its templates (libreoffice-impress)",
    ),
]


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("libreoffice")
    for name in DESIGNS:
        shutil.copy(GALLERY / f"{name}.otp", folder)
    profile = folder / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pptx",
            *(f"{name}.otp" for name in DESIGNS),
        ],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {name: folder / f"{name}.pptx" for name in DESIGNS}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("design", DESIGNS)
def test_the_shipped_deck_builds_and_reads_cleanly_in_a_real_template(
    templates, tmp_path, design, lang
):
    out = build_deck(language=lang, template=templates[design], output=tmp_path / "d.pptx").output
    problems = [f for f in check_deck(out) if is_problem(f)]
    # What deckgen put on the slides fits, stays on the slide, is printed over nothing and
    # reads: the templates' own unreadable text colours (Pencil's orange titles, Piano's black
    # subtitle on black) are shaded until they read.
    assert problems == [], [str(f) for f in problems][:5]


def _slides(path: Path):
    from pptx import Presentation

    return list(Presentation(str(path)).slides)


@pytest.mark.parametrize("design", DESIGNS)
def test_no_slide_shows_a_placeholder_s_sample_text(templates, tmp_path, design):
    """LibreOffice leaves "Footer" in every layout's footer placeholder, as a label; a slide
    that copied it would print the word "Footer" in the CEO's deck."""
    out = build_deck(language="de", template=templates[design], output=tmp_path / "d.pptx").output
    for number, slide in enumerate(_slides(out), 1):
        texts = {shape.text_frame.text.strip() for shape in slide.shapes if shape.has_text_frame}
        assert not texts & {"Footer", "<footer>", "<date/time>"}, (number, texts)


@pytest.mark.parametrize("design", DESIGNS)
def test_the_chart_stays_above_the_source_line_and_the_footer(templates, tmp_path, design):
    """Some layouts' content frames reach into the footer band: the chart is set above the
    source line and its example tag, and above the footer row, so no text under it is
    hidden or printed over."""
    out = build_deck(language="de", template=templates[design], output=tmp_path / "d.pptx").output
    seen = 0
    for slide in _slides(out):
        for chart in [s for s in slide.shapes if getattr(s, "has_chart", False)]:
            seen += 1
            left, right = chart.left, chart.left + chart.width
            bottom = chart.top + chart.height
            under = [
                s
                for s in slide.shapes
                if s.has_text_frame
                and s.text_frame.text.strip()
                and s.top > chart.top
                and s.left < right
                and s.left + s.width > left
            ]
            assert under, "the source line and example tag are under the chart"
            for shape in under:
                assert shape.top >= bottom, (shape.name, shape.text_frame.text[:30])
    assert seen == 1


@pytest.mark.parametrize("design", ["Beehive", "Pencil"])
def test_the_bars_beside_the_key_bar_are_grey_not_the_theme_s_red(templates, tmp_path, design):
    """These themes' second accent is Office's red (#C0504D), which reads as bad news."""
    import zipfile

    out = build_deck(language="de", template=templates[design], output=tmp_path / "d.pptx").output
    with zipfile.ZipFile(out) as deck:
        charts = [deck.read(n) for n in deck.namelist() if n.startswith("ppt/charts/chart")]
    assert charts
    for xml in charts:
        assert b'val="accent2"' not in xml
        assert b'<a:schemeClr val="bg1"><a:lumMod val="65000"/></a:schemeClr>' in xml
        assert b'<a:schemeClr val="accent1"/>' in xml  # the key bar keeps the accent


@pytest.mark.parametrize("design", ["Focus", "Vivid"])
def test_text_nothing_sizes_is_written_at_the_size_powerpoint_shows(templates, tmp_path, design):
    """Nothing in these templates sizes the body text: PowerPoint shows it at 18 pt, which the
    fitter measures, but LibreOffice at its own 32 pt, over the footer band. The slide states
    18 pt, so every reader shows what was fitted."""
    from pptx.oxml.ns import qn

    out = build_deck(language="de", template=templates[design], output=tmp_path / "d.pptx").output
    first = _slides(out)[0]
    shape = next(s for s in first.shapes if s.has_text_frame and "Anna" in s.text_frame.text)
    level = shape._element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}")
    assert level is not None and level.find(qn("a:defRPr")).get("sz") == "1800"


@pytest.mark.parametrize("design", ["Metropolis", "Vivid", "Focus"])
def test_plates_end_above_the_footer_row(templates, tmp_path, design):
    """On a busy background the content stands on plates of the background colour; a plate
    reaching into the footer row hid the top half of Metropolis's white date and number."""
    out = build_deck(language="en", template=templates[design], output=tmp_path / "d.pptx").output
    seen = 0
    for number, slide in enumerate(_slides(out), 1):
        footers = [
            s
            for s in slide.placeholders
            if s.placeholder_format.type in (13, 15, 16)  # slide number, footer, date
            and s.text_frame.text.strip()
        ]
        for plate in [s for s in slide.shapes if s.name.startswith("Plate ")]:
            seen += 1
            for footer in footers:
                beside = plate.left < footer.left + footer.width and footer.left < plate.left + (
                    plate.width
                )
                if beside:
                    assert plate.top + plate.height <= footer.top, (number, plate.name)
    assert seen, "no plates drawn: the test no longer sees what it guards"
