"""deckgen check on real files: one reader and one set of refusals for check, inspect and
build; every PowerPoint package check can read; bounded work on odd geometry."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures import make_templates as mt
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt
from typer.testing import CliRunner

from deckgen import ooxml
from deckgen.check import check_deck, open_deck
from deckgen.cli import app
from deckgen.errors import InputError

CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
RESAVE = (
    "open it in PowerPoint and save it as a PowerPoint presentation (.pptx) or template (.potx)"
)
runner = CliRunner()


def refusal(*args: str) -> str:
    """Run the CLI; assert exit code 2 and a one-line message, no traceback; return it."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    return result.stderr[len("error: ") : -1]


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    return mt.save(mt.office(), tmp_path_factory.mktemp("office") / "office.pptx")


def lock_file(folder: Path, office: Path) -> Path:
    path = folder / "~$Vorlage.pptx"
    path.write_bytes(b"\x0aMax Muster" + b"\x00" * 150)
    return path


def encrypted(folder: Path, office: Path) -> Path:
    path = folder / "geheim.pptx"
    path.write_bytes(
        CFB + "EncryptedInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    )
    return path


def legacy_ppt(folder: Path, office: Path) -> Path:
    path = folder / "alt.ppt"
    path.write_bytes(CFB + "PowerPoint Document".encode("utf-16-le"))
    return path


def strict(folder: Path, office: Path) -> Path:
    return mt.strict(office, folder / "strict.pptx")


def truncated(folder: Path, office: Path) -> Path:
    path = folder / "halb.pptx"
    path.write_bytes(office.read_bytes()[:5000])
    return path


def corrupt(folder: Path, office: Path) -> Path:
    # Zeros over a member's header: the zip reader says "Bad magic number for file header".
    data = bytearray(office.read_bytes())
    at = data.find(b"ppt/slideLayouts/slideLayout2.xml") - 30
    data[at : at + 40] = b"\x00" * 40
    path = folder / "kaputt.pptx"
    path.write_bytes(bytes(data))
    return path


def theme(folder: Path, office: Path) -> Path:
    return mt.thmx(office, folder / "Konzern.thmx")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lock_file,
            "is a PowerPoint lock file, which PowerPoint writes while 'Vorlage.pptx' is open; "
            "use 'Vorlage.pptx' itself",
        ),
        (
            encrypted,
            "is protected with a password (an encrypted Office file), which deckgen cannot "
            "open; in PowerPoint remove the password (File > Info > Protect Presentation > "
            "Encrypt with Password, clear it) and save a copy as .pptx or .potx",
        ),
        (
            legacy_ppt,
            f"is a PowerPoint 97-2003 file (.ppt), an old binary format deckgen cannot read; "
            f"{RESAVE}",
        ),
        (
            strict,
            "is saved as 'Strict Open XML Presentation' (ISO/IEC 29500 Strict), which deckgen "
            "cannot read; open it in PowerPoint and save it as 'PowerPoint Presentation "
            "(.pptx)' or 'PowerPoint Template (.potx)'",
        ),
        (
            truncated,
            "the file is damaged or incomplete (a truncated or corrupt zip package); copy or "
            "download it again, or open it in PowerPoint and save it again",
        ),
        (
            corrupt,
            "the file is damaged or incomplete (a truncated or corrupt zip package); copy or "
            "download it again, or open it in PowerPoint and save it again",
        ),
        (
            theme,
            "is an Office theme (.thmx): colours and fonts, but no slide layouts; in PowerPoint "
            "apply it to a presentation (Design > Themes > Browse for Themes) and save that as "
            "a template (.potx)",
        ),
    ],
    ids=["lock", "encrypted", "ppt", "strict", "truncated", "corrupt", "thmx"],
)
def test_check_inspect_and_build_refuse_an_unusable_file_alike(tmp_path, office, make, message):
    path = make(tmp_path, office)
    out = tmp_path / "deck.pptx"
    assert refusal("check", str(path)) == f"{path}: {message}"
    assert refusal("inspect", str(path)) == f"{path}: {message}"
    assert refusal("build", "--lang", "en", "-t", str(path), "-o", str(out)) == (
        f"{path}: {message}"
    )
    assert not out.exists()


def deck_with_a_tag(path: Path) -> Path:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(1))
    box.text_frame.text = "Prepared for {{ audience.company }}"
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(20)
    prs.save(path)
    return path


@pytest.mark.parametrize(
    ("suffix", "content_type"),
    [(".potx", mt.POTX), (".potm", mt.POTM), (".ppsx", mt.PPSX), (".pptm", mt.PPTM)],
)
def test_check_reads_templates_shows_and_macro_enabled_files(tmp_path, suffix, content_type):
    plain = deck_with_a_tag(tmp_path / "plain.pptx")
    path = mt.with_content_type(plain, tmp_path / f"deck{suffix}", content_type)
    (finding,) = check_deck(path)
    assert finding.rule == "template-tag" and finding.slide == 1
    assert len(open_deck(path).slides) == 1


def test_a_deck_with_macros_is_checked_without_them(tmp_path):
    path = mt.with_macros(deck_with_a_tag(tmp_path / "plain.pptx"), tmp_path / "makros.pptm")
    assert [f.rule for f in check_deck(path)] == ["template-tag"]


def test_a_missing_deck_is_refused_as_a_deck(tmp_path):
    with pytest.raises(InputError) as caught:
        check_deck(tmp_path / "nope.pptx")
    assert str(caught.value) == f"{tmp_path / 'nope.pptx'}: no such deck; check the path"


# --------------------------------------------------------------------------- odd geometry

MEMORY_LIMIT = 3 * 2**30
TIME_LIMIT_S = 120


def odd_deck(path: Path) -> Path:
    """A deck with every text box geometry that once hung check or that could."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    cases = [
        (0, Inches(1), "zero width", 18),
        (Inches(0.1), Inches(1), "narrower than its insets", 18),
        (Inches(2), 0, "zero height", 18),
        (Inches(3), Inches(1), "huge font " * 20, 4000),
        (Inches(3), Inches(1), "x" * 100_000, 18),
        (Inches(3), Inches(1), "Wachstum " * 11_000, 18),
    ]
    for width, height, text, size in cases:
        shape = slide.shapes.add_textbox(Inches(1), Inches(1), width, height)
        shape.text_frame.word_wrap = True
        shape.text_frame.auto_size = MSO_AUTO_SIZE.NONE
        run = shape.text_frame.paragraphs[0].add_run()
        run.text = text
        run.font.size = Pt(size)
    insets = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(2), Inches(1))
    insets.text_frame.margin_left = insets.text_frame.margin_right = Inches(5)
    insets.text_frame.word_wrap = True
    insets.text_frame.auto_size = MSO_AUTO_SIZE.NONE
    insets.text_frame.text = "insets wider than the box"
    many = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(2))
    many.text_frame.word_wrap = True
    many.text_frame.auto_size = MSO_AUTO_SIZE.NONE
    many.text_frame.text = "\n".join(f"Point {n}" for n in range(3000))
    prs.save(path)
    return path


def test_check_ends_on_every_odd_geometry_within_bounds(tmp_path):
    path = odd_deck(tmp_path / "odd.pptx")
    code = (
        "import json, sys\nfrom pathlib import Path\nfrom deckgen.check import check_deck\n"
        "found = check_deck(Path(sys.argv[1]))\n"
        "print(json.dumps(sorted({f.shape for f in found if f.rule == 'overflow'})))\n"
    )

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(path)],
            capture_output=True,
            text=True,
            timeout=TIME_LIMIT_S,
            preexec_fn=limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"check did not end within {TIME_LIMIT_S} s")
    assert done.returncode == 0, done.stderr[-2000:]
    # Each odd box is judged: all of them overflow (one character a line, or no room).
    assert json.loads(done.stdout) == [f"TextBox {n}" for n in range(1, 9)]


# --------------------------------------------------------------------------- 3-D charts


def chart_deck(path: Path, plot: str, *, category: str = "2026", series: str = "Revenue") -> Path:
    """A deck with one chart described for screen readers, its plot made a 3-D (or any) type
    python-pptx cannot write, as PowerPoint saves them."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = ["2025", category]
    data.add_series(series, (1.0, 2.0))
    kind = XL_CHART_TYPE.PIE if plot.startswith("pie") else XL_CHART_TYPE.COLUMN_CLUSTERED
    frame = slide.shapes.add_chart(kind, Inches(1), Inches(1), Inches(6), Inches(4), data)
    ooxml.set_alt_text(frame, "Revenue doubled from 2025 to 2026")
    xchart = next(frame.chart._chartSpace.iter(qn("c:barChart"), qn("c:pieChart")))
    xchart.tag = qn(f"c:{plot}")  # test-only XML: python-pptx writes no 3-D charts
    prs.save(path)
    return path


@pytest.mark.parametrize("plot", ["bar3DChart", "pie3DChart", "line3DChart", "surface3DChart"])
def test_a_deck_with_a_3d_chart_is_checked_not_called_damaged(tmp_path, plot):
    assert check_deck(chart_deck(tmp_path / "chart.pptx", plot)) == []


@pytest.mark.parametrize("plot", ["barChart", "bar3DChart"])
def test_tags_in_any_charts_categories_and_series_are_found(tmp_path, plot):
    path = chart_deck(
        tmp_path / "chart.pptx", plot, category="{{ year }}", series="{{ client.name }}"
    )
    found = [f.message for f in check_deck(path) if f.rule == "template-tag"]
    assert found == ['leftover template tag "{{ client.name }}"; render it or remove it']
