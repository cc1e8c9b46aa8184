"""deckgen batch --pdf with LibreOffice: one conversion run for all decks of the batch."""

from __future__ import annotations

import shutil

import pytest
from conftest import content_yaml

import deckgen.export
from deckgen.batch import build_batch

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        shutil.which("soffice") is None, reason="LibreOffice (soffice) is needed; CI installs it"
    ),
]


def test_batch_pdf_converts_every_deck_in_one_libreoffice_run(tmp_path, monkeypatch):
    calls: list[list[str]] = []
    real = deckgen.export.convert_to_pdf

    def counting(decks, outdir=None):
        calls.append([d.name for d in decks])
        return real(decks, outdir)

    monkeypatch.setattr(deckgen.export, "convert_to_pdf", counting)
    content = tmp_path / "pitch.yaml"
    content.write_text(
        content_yaml('- kind: title\n  headline: "Für {{ audience.company }}"\n'), encoding="utf-8"
    )
    clients = tmp_path / "clients.csv"
    clients.write_text("audience.company\nAcme GmbH\nBeta AG\nGamma KG\n", encoding="utf-8")
    report = build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1, pdf=True)
    assert report.exit_code == 0, report.pdf_error
    assert calls == [["acme-gmbh.pptx", "beta-ag.pptx", "gamma-kg.pptx"]]
    assert [r.pdf for r in report.rows] == [
        str(tmp_path / f"decks/{n}.pdf") for n in ("acme-gmbh", "beta-ag", "gamma-kg")
    ]
    assert (tmp_path / "decks/acme-gmbh.pdf").read_bytes().startswith(b"%PDF")
    # A rerun converts nothing: decks and PDFs are up to date.
    calls.clear()
    again = build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1, pdf=True)
    assert again.skipped == 3 and calls == []
