"""A template with only cover-like layouts (every body a strip under the title, as in
LibreOffice's Midnightblue) gets one message, from inspect and from a build whose content slides
do not fit, instead of an overflow per slide; a deck whose text fits it builds, and templates
with room for content are never refused."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import content_yaml, open_deck, title_of
from fixtures import make_templates as mt
from pptx import Presentation
from pptx.util import Inches
from typer.testing import CliRunner

from deckgen.cli import app
from deckgen.resources import shipped_template
from deckgen.roles import placeholder_role
from deckgen.template import cramped, load_template

SLIDES = """\
- kind: title
  headline: "Social Media für {{ audience.company }}"
- kind: bullets
  headline: Drei Gründe
  points:
    - Unsere Mitarbeitenden erreichen mehr Menschen als jeder Kanal des Unternehmens zusammen
    - Wo wir fehlen, gewinnt ein Wettbewerber unsere Kunden und mit ihnen den Umsatz der Zukunft
    - Sichtbare Führung wirkt transparenter, authentischer und nahbarer als jede Pressemitteilung
    - Wer früh lernt, liest Marktbewegungen, bevor sie in klassischen Medien ankommen und wirken
    - Ein Vorsprung in Social Maturity lässt sich später nicht schnell aufholen, auch nicht teuer
"""

#: Two short points: they fit a cover page's strip.
SHORT = """\
- kind: title
  headline: "Social Media für {{ audience.company }}"
- kind: bullets
  headline: Drei Gründe
  points: [Erstens, Zweitens]
"""


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def strip_template(tmp_path_factory) -> Path:
    """The shipped template with every layout's body squeezed to a 6.3 x 1.6 in strip under
    its title, as a template of cover pages has it."""
    prs = Presentation(str(shipped_template()))
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            if placeholder_role(ph) == "body":
                ph.left, ph.top, ph.width, ph.height = (
                    Inches(0.6),
                    Inches(1.8),
                    Inches(6.3),
                    Inches(1.6),
                )
    path = tmp_path_factory.mktemp("strip") / "strip.pptx"
    prs.save(str(path))
    return path


def message(path: Path, kinds: str) -> str:
    return (
        f"{path}: no layout has a body area large enough for content slides: the largest, in "
        "layout 'Executive Summary', is 6.3 × 1.6 in (16.0 × 4.1 cm), and a slide of 5 bullets "
        "as long as the content allows (110 characters) needs at least 2.4 in of height at that "
        "width, even at 14 pt, the smallest size for body text, so the deck's "
        f'{kinds} slides do not fit. Add a "Title and Content" layout whose content '
        "placeholder fills the slide below the title to the template in PowerPoint (View > "
        "Slide Master > Insert Layout), or use another template, or build with --allow-overflow "
        "to keep the overflowing text."
    )


def test_inspect_says_no_layout_has_room_for_content_slides(strip_template):
    result = run("inspect", str(strip_template))
    assert result.exit_code == 0, result.output
    missing = result.stdout.split("\nmissing:\n")[1].split("\n  no ")[0]
    assert " ".join(missing.split()) == (
        "no layout has a body area large enough for content slides: the largest, in layout "
        "'Executive Summary', is 6.3 × 1.6 in (16.0 × 4.1 cm), and a slide of 5 bullets as long "
        "as the content allows (110 characters) needs at least 2.4 in of height at that width, "
        "even at 14 pt, the smallest size for body text, so content slides (every kind but "
        "title, section, statement, chart, table, quote, closing and cost_of_inaction) fit only "
        'with a few short points. Add a "Title and Content" layout whose content placeholder '
        "fills the slide below the title to the template in PowerPoint (View > Slide Master > "
        "Insert Layout), or use another template."
    )


def test_inspect_of_the_shipped_template_has_no_such_note():
    result = run("inspect", str(shipped_template()))
    assert result.exit_code == 0, result.output
    assert "large enough for content slides" not in result.stdout


def test_build_refuses_the_template_once_and_writes_nothing(strip_template, tmp_path):
    (tmp_path / "pitch.yaml").write_text(content_yaml(SLIDES), encoding="utf-8")
    out = tmp_path / "deck.pptx"
    result = run("build", str(tmp_path / "pitch.yaml"), "-t", str(strip_template), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"error: {message(strip_template, 'bullets')}\n"
    assert "Traceback" not in result.output
    assert not out.exists()


def test_build_with_allow_overflow_builds_as_before(strip_template, tmp_path):
    (tmp_path / "pitch.yaml").write_text(content_yaml(SLIDES), encoding="utf-8")
    out = tmp_path / "deck.pptx"
    result = run(
        "build",
        str(tmp_path / "pitch.yaml"),
        "-t",
        str(strip_template),
        "-o",
        str(out),
        "--allow-overflow",
    )
    assert result.exit_code == 0, result.output
    assert [title_of(s) for s in open_deck(out).slides][1] == "Drei Gründe"


def test_a_deck_without_content_slides_still_builds(strip_template, tmp_path):
    slides = '- kind: title\n  headline: "Social Media für {{ audience.company }}"\n'
    (tmp_path / "pitch.yaml").write_text(content_yaml(slides), encoding="utf-8")
    out = tmp_path / "deck.pptx"
    result = run("build", str(tmp_path / "pitch.yaml"), "-t", str(strip_template), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert title_of(open_deck(out).slides[0]) == "Social Media für Acme GmbH"


def test_a_deck_whose_text_fits_such_a_template_builds(strip_template, tmp_path):
    (tmp_path / "pitch.yaml").write_text(content_yaml(SHORT), encoding="utf-8")
    out = tmp_path / "deck.pptx"
    result = run("build", str(tmp_path / "pitch.yaml"), "-t", str(strip_template), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [title_of(s) for s in open_deck(out).slides][1] == "Drei Gründe"


def test_batch_rows_say_it_once_each(strip_template, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pitch.yaml").write_text(content_yaml(SLIDES), encoding="utf-8")
    (tmp_path / "clients.csv").write_text("audience.company\nAcme GmbH\nBeta AG\n", "utf-8")
    result = run(
        "batch", "pitch.yaml", "clients.csv", "-t", str(strip_template), "-o", "decks", "-j", "1"
    )
    assert result.exit_code == 1
    said = message(strip_template, "bullets")
    assert result.stderr == f"error:\nclients.csv:2: {said}\nclients.csv:3: {said}\n"
    assert not list(tmp_path.glob("decks/*.pptx"))


def test_a_row_naming_such_a_template_fails_and_the_others_are_built(
    strip_template, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    shutil.copy(strip_template, tmp_path / "strip.pptx")
    (tmp_path / "pitch.yaml").write_text(content_yaml(SLIDES), encoding="utf-8")
    (tmp_path / "clients.csv").write_text(
        "audience.company;template\nAcme GmbH;\nBeta AG;strip.pptx\n", "utf-8"
    )
    result = run("batch", "pitch.yaml", "clients.csv", "-o", "decks", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr == (f"error:\nclients.csv:3: {message(Path('strip.pptx'), 'bullets')}\n")
    assert [p.name for p in (tmp_path / "decks").glob("*.pptx")] == ["acme-gmbh.pptx"]


@pytest.mark.parametrize("make", [mt.konzern, mt.minimal])
def test_templates_with_room_for_content_are_not_refused(make, tmp_path):
    assert cramped(load_template(make(tmp_path / "t.pptx"))) is None
    assert cramped(load_template(shipped_template())) is None


GALLERY = Path("/usr/lib/libreoffice/share/template/common/presnt")
ROOMY = ("Beehive", "Focus", "Grey_Elegant", "Inspiration", "Metropolis", "Pencil", "Piano")


@pytest.mark.libreoffice
@pytest.mark.skipif(
    shutil.which("soffice") is None or not GALLERY.is_dir(),
    reason="needs LibreOffice Impress and its templates (libreoffice-impress)",
)
def test_only_libreoffices_cover_page_template_is_refused(tmp_path):
    designs = (*ROOMY, "Vivid", "Midnightblue")
    for name in designs:
        shutil.copy(GALLERY / f"{name}.otp", tmp_path)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pptx",
            *(f"{name}.otp" for name in designs),
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=600,
    )
    refused = {n for n in designs if cramped(load_template(tmp_path / f"{n}.pptx")) is not None}
    assert refused == {"Midnightblue"}
