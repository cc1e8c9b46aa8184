"""deckgen preview: a PNG per slide and a contact sheet with check's problems outlined in red."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Inches, Pt
from typer.testing import CliRunner

from deckgen import export
from deckgen.cli import app
from deckgen.export import THUMB_WIDTH, preview_deck

needs_renderer = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice (soffice) and pdftoppm are needed; CI installs them",
)
runner = CliRunner()
RED = (220, 38, 38)


def two_slide_deck(path):
    """Slide 1 is clean; slide 2 has a text box reaching off the right edge."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    for n in (1, 2):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        left = Inches(1) if n == 1 else Inches(11)
        box = slide.shapes.add_textbox(left, Inches(2), Inches(4), Inches(1))
        run = box.text_frame.paragraphs[0].add_run()
        run.text = f"Slide {n}"
        run.font.size = Pt(28)
    prs.save(path)
    return path


@pytest.mark.libreoffice
@needs_renderer
def test_preview_writes_a_png_per_slide_and_outlines_problems_on_the_sheet(tmp_path):
    deck = two_slide_deck(tmp_path / "deck.pptx")
    result = preview_deck(deck, tmp_path / "preview", dpi=30)
    assert [p.name for p in result.slides] == ["deck-1.png", "deck-2.png"]
    assert result.contact_sheet == tmp_path / "preview" / "deck-contact-sheet.png"
    assert [f.rule for f in result.findings] == ["off-slide"]
    assert result.outlined == 1
    with Image.open(result.contact_sheet) as sheet:
        sheet = sheet.convert("RGB")
        # The box of slide 2's text box (11 in from the left, 2 in down) is outlined in red;
        # slide 1 carries no red at all.
        scale = THUMB_WIDTH / 13.333
        cell = THUMB_WIDTH + 24
        top_left = (24 + cell + round(11 * scale) + 1, 24 + round(2 * scale) + 1)
        assert sheet.getpixel(top_left) == RED
        first = sheet.crop((24, 24, 24 + THUMB_WIDTH, 24 + round(7.5 * scale)))
        assert RED not in {colour for _, colour in first.getcolors(1 << 20)}


@pytest.mark.libreoffice
@needs_renderer
def test_preview_command_reports_what_it_wrote(tmp_path, monkeypatch):
    deck = two_slide_deck(tmp_path / "deck.pptx")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    result = runner.invoke(app, ["preview", str(deck), "-o", str(tmp_path / "p"), "--open"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"wrote 2 slide images to {tmp_path / 'p'}\n"
        f"wrote {tmp_path / 'p' / 'deck-contact-sheet.png'} (1 problem outlined in red)\n"
    )
    assert result.stderr == "note: no system image viewer here; open the contact sheet yourself\n"


def test_preview_without_libreoffice_exits_1_with_the_install_command(tmp_path, monkeypatch):
    deck = two_slide_deck(tmp_path / "deck.pptx")
    real_which = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if name == "soffice" or name == "libreoffice"
        else real_which(name, *a, **k)
    )  # fmt: skip
    monkeypatch.setattr(export, "_SOFFICE_PLACES", ())
    result = runner.invoke(app, ["preview", str(deck)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: LibreOffice is not installed, so no preview was made; install LibreOffice "
        "Impress and poppler: `sudo apt-get install libreoffice-impress poppler-utils "
        "fonts-crosextra-carlito`"
    )
    assert not (tmp_path / "deck-preview").exists()


def test_preview_of_an_unreadable_deck_exits_2_before_rendering(tmp_path):
    bad = tmp_path / "bad.pptx"
    bad.write_text("no deck", encoding="utf-8")
    result = runner.invoke(app, ["preview", str(bad), "-o", str(tmp_path / "p")])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {bad}: is not a PowerPoint file (neither a .pptx/.potx package nor a legacy "
        ".ppt); give deckgen a .pptx or .potx\n"
    )
    assert not (tmp_path / "p").exists()


@pytest.fixture
def no_rendering(monkeypatch):
    """LibreOffice and pdftoppm 'installed', but any conversion fails the test."""

    def never(*args, **kwargs):
        raise AssertionError("LibreOffice ran")

    monkeypatch.setattr(export, "soffice", lambda making="PDF": "/usr/bin/soffice")
    monkeypatch.setattr(export, "pdftoppm", lambda making="PNG": "/usr/bin/pdftoppm")
    monkeypatch.setattr(export, "convert_to_pdf", never)


def test_preview_into_a_folder_that_cannot_be_made_exits_2_before_rendering(tmp_path, no_rendering):
    deck = two_slide_deck(tmp_path / "deck.pptx")
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    folder = tmp_path / "a-file" / "preview"
    result = runner.invoke(app, ["preview", str(deck), "-o", str(folder)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: {folder}: cannot create the preview folder here: Not a directory; choose "
        "another -o\n"
    )


def test_a_contact_sheet_that_cannot_be_made_leaves_the_last_one_whole(
    tmp_path, no_rendering, monkeypatch
):
    deck = two_slide_deck(tmp_path / "deck.pptx")
    folder = tmp_path / "preview"
    folder.mkdir()
    last = folder / "deck-contact-sheet.png"
    last.write_bytes(b"the last contact sheet")
    slide = folder / "deck-1.png"
    Image.new("RGB", (40, 30), "white").save(slide)
    monkeypatch.setattr(export, "convert_to_pdf", lambda decks, outdir: [outdir / "deck.pdf"])
    monkeypatch.setattr(export, "pdf_to_png", lambda *args, **kwargs: [slide])
    # PNG has no CMYK: encoding the sheet fails, as a full disk would fail writing it.
    monkeypatch.setattr(export, "contact_sheet", lambda *args: Image.new("CMYK", (40, 30)))
    with pytest.raises(OSError):
        preview_deck(deck, folder)
    assert last.read_bytes() == b"the last contact sheet"
    assert sorted(p.name for p in folder.iterdir()) == ["deck-1.png", "deck-contact-sheet.png"]


def test_open_in_viewer_declines_without_a_desktop(monkeypatch, tmp_path):
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert export.open_in_viewer(tmp_path / "sheet.png") is False
