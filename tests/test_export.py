"""PDF export: one LibreOffice start for many decks, per-deck failures, and a clear message when
LibreOffice is missing (those tests run everywhere; the conversions need LibreOffice)."""

from __future__ import annotations

import shutil

import pytest
from pptx import Presentation
from pptx.util import Inches

from deckgen import export
from deckgen.errors import MissingToolError, OutputError

HAVE_LIBREOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
needs_libreoffice = pytest.mark.skipif(
    not HAVE_LIBREOFFICE, reason="LibreOffice (soffice) is needed; CI installs it"
)

INSTALL = (
    "install LibreOffice Impress and poppler: `sudo apt-get install libreoffice-impress "
    "poppler-utils fonts-crosextra-carlito` (Debian/Ubuntu) or `brew install --cask libreoffice "
    "&& brew install poppler` (macOS)"
)


@pytest.fixture
def no_libreoffice(monkeypatch):
    """A machine without LibreOffice (and without poppler)."""
    real_which = shutil.which
    monkeypatch.setattr(
        shutil,
        "which",
        lambda name, *a, **k: (
            None if name in ("soffice", "libreoffice", "pdftoppm") else real_which(name, *a, **k)
        ),
    )
    monkeypatch.setattr(export, "_SOFFICE_PLACES", ())


def small_deck(path, title: str = "Hello"):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = title
    slide.shapes.add_textbox(Inches(1), Inches(3), Inches(4), Inches(1)).text_frame.text = title
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(path)
    return path


def test_missing_libreoffice_gives_the_install_command(no_libreoffice, tmp_path):
    deck = small_deck(tmp_path / "a.pptx")
    with pytest.raises(MissingToolError) as err:
        export.convert_to_pdf([deck])
    assert str(err.value) == f"LibreOffice is not installed, so no PDF was made; {INSTALL}"
    assert err.value.exit_code == 1
    assert not (tmp_path / "a.pdf").exists()


@pytest.mark.libreoffice
@needs_libreoffice
def test_one_run_converts_same_named_decks_and_reports_the_broken_one(tmp_path):
    first = small_deck(tmp_path / "acme" / "deck.pptx", "Acme")
    second = small_deck(tmp_path / "globex" / "deck.pptx", "Globex")
    broken = tmp_path / "broken.pptx"
    broken.write_bytes(b"not a deck")
    result = export.convert_batch([first, broken, second])
    assert result.pdfs == {
        first: tmp_path / "acme" / "deck.pdf",
        second: tmp_path / "globex" / "deck.pdf",
    }
    assert result.failed == {broken: f"{broken}: LibreOffice could not convert this deck to PDF"}
    assert all(pdf.read_bytes().startswith(b"%PDF") for pdf in result.pdfs.values())
    # Each PDF is its own deck's, not the other's of the same name.
    assert (tmp_path / "acme/deck.pdf").read_bytes() != (tmp_path / "globex/deck.pdf").read_bytes()


@pytest.mark.libreoffice
@needs_libreoffice
def test_convert_to_pdf_names_every_failure_and_still_writes_the_rest(tmp_path):
    good = small_deck(tmp_path / "good.pptx")
    bad = tmp_path / "bad.pptx"
    bad.write_bytes(b"not a deck")
    with pytest.raises(OutputError) as err:
        export.convert_to_pdf([good, bad], outdir=tmp_path / "pdf")
    assert str(err.value) == f"{bad}: LibreOffice could not convert this deck to PDF"
    assert (tmp_path / "pdf" / "good.pdf").exists()


def test_build_pdf_without_libreoffice_writes_the_deck_and_exits_1(no_libreoffice, tmp_path):
    from typer.testing import CliRunner

    from deckgen.api import build_deck
    from deckgen.cli import app

    deck = tmp_path / "deck.pptx"
    result = CliRunner().invoke(app, ["build", "--lang", "en", "-o", str(deck), "--pdf"])
    assert result.exit_code == 1
    assert result.stdout == f"wrote {deck} (15 slides)\n"
    assert result.stderr == f"error: LibreOffice is not installed, so no PDF was made; {INSTALL}\n"
    assert deck.exists() and not deck.with_suffix(".pdf").exists()
    built = build_deck(language="en", output=tmp_path / "api.pptx", pdf=True)
    assert built.pdf is None and built.output.exists()
    assert built.pdf_error == f"LibreOffice is not installed, so no PDF was made; {INSTALL}"


def test_large_batches_share_a_few_libreoffice_processes():
    assert export.pdf_jobs(1) == 1
    assert export.pdf_jobs(export.DECKS_PER_PROCESS * 100) <= export.MAX_PROCESSES


@pytest.mark.libreoffice
@needs_libreoffice
def test_a_batch_split_over_two_processes_converts_every_deck(tmp_path):
    decks = [small_deck(tmp_path / f"deck-{n}.pptx", f"Deck {n}") for n in range(3)]
    result = export.convert_batch(decks, tmp_path / "pdf", jobs=2)
    assert result.failed == {}
    assert sorted(p.name for p in result.pdfs.values()) == [f"deck-{n}.pdf" for n in range(3)]
