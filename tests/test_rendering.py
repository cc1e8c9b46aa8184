"""Rendering with LibreOffice: the decks open, convert to PDF and PNG with one page per slide."""

from __future__ import annotations

import shutil

import pytest
from conftest import open_deck

from deckgen.export import convert_to_pdf, pdf_to_png

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
        reason="LibreOffice (soffice) and pdftoppm are needed; CI installs them",
    ),
]


def test_both_shipped_decks_convert_to_one_pdf_page_and_png_per_slide(shipped_decks, tmp_path):
    decks = [shipped_decks["de"], shipped_decks["en"]]
    pdfs = convert_to_pdf(decks, outdir=tmp_path)
    assert [p.name for p in pdfs] == ["social-maturity.de.pdf", "social-maturity.en.pdf"]
    for deck, pdf in zip(decks, pdfs, strict=True):
        slides = len(open_deck(deck).slides)
        pngs = pdf_to_png(pdf, tmp_path / pdf.stem, dpi=20)
        assert len(pngs) == slides
        assert all(p.stat().st_size > 1000 for p in pngs)


def test_build_with_pdf_writes_the_pdf_beside_the_deck(tmp_path):
    from deckgen.api import build_deck

    result = build_deck(language="en", output=tmp_path / "deck.pptx", pdf=True)
    assert result.pdf == tmp_path / "deck.pdf"
    assert result.pdf.read_bytes().startswith(b"%PDF")
