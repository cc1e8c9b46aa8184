"""Zip archives that are not decks, read and written only by deckgen.ooxml.archives."""

from __future__ import annotations

import io
import zipfile

import pytest

from deckgen.ooxml.archives import BadZip, declared_size, write_bundle


def test_declared_size_is_what_the_members_say_they_unpack_to():
    blob = io.BytesIO()
    with zipfile.ZipFile(blob, "w", zipfile.ZIP_DEFLATED) as made:
        made.writestr("xl/workbook.xml", "x" * 5000)
        made.writestr("xl/sheet1.xml", "y" * 700)
    assert len(blob.getvalue()) < 5700
    assert declared_size(blob.getvalue()) == 5700


def test_declared_size_of_what_is_not_a_zip_raises_bad_zip():
    with pytest.raises(BadZip):
        declared_size(b"name,company\nAda,Acme\n")


def test_a_bundle_holds_each_file_under_its_name_uncompressed(tmp_path):
    deck = tmp_path / "out" / "acme.pptx"
    deck.parent.mkdir()
    deck.write_bytes(b"PK deck bytes")
    report = tmp_path / "report.json"
    report.write_text("{}\n", encoding="utf-8")
    write_bundle(tmp_path / "decks.zip", [(deck, "acme.pptx"), (report, "report.json")])
    with zipfile.ZipFile(tmp_path / "decks.zip") as bundle:
        assert bundle.namelist() == ["acme.pptx", "report.json"]
        assert bundle.read("acme.pptx") == b"PK deck bytes"
        assert {info.compress_type for info in bundle.infolist()} == {zipfile.ZIP_STORED}
