"""A deck always has the view settings part PowerPoint expects. LibreOffice saves templates
without one, and every deck built on them inherited the gap: an OOXML validator reports that
PowerPoint offers to repair such a file."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openxml_audit import validate_pptx
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from deckgen.api import build_deck

TEMPLATE = Path(__file__).parents[1] / "templates" / "boardroom.pptx"


def _without_view_properties(tmp_path: Path) -> Path:
    prs = Presentation(str(TEMPLATE))
    part = prs.part
    for r_id, rel in list(part.rels.items()):
        if rel.reltype == RT.VIEW_PROPS:
            part.drop_rel(r_id)
    path = tmp_path / "no-view.pptx"
    prs.save(str(path))
    with zipfile.ZipFile(path) as z:
        assert not any("viewProps" in n for n in z.namelist())
    return path


def test_a_template_without_view_settings_still_gives_a_valid_deck(tmp_path):
    template = _without_view_properties(tmp_path)
    deck = build_deck(language="en", template=template, output=tmp_path / "d.pptx").output
    result = validate_pptx(deck)
    assert result.is_valid, [str(e) for e in result.errors][:3]
    with zipfile.ZipFile(deck) as z:
        rels = z.read("ppt/_rels/presentation.xml.rels").decode()
        assert RT.VIEW_PROPS in rels
        assert "ppt/viewProps.xml" in z.namelist()
        types = z.read("[Content_Types].xml").decode()
        assert "presentationml.viewProps+xml" in types
    Presentation(str(deck))  # python-pptx reads it again


def test_a_template_with_view_settings_keeps_its_own(tmp_path):
    deck = build_deck(language="en", output=tmp_path / "d.pptx").output
    with zipfile.ZipFile(TEMPLATE) as t, zipfile.ZipFile(deck) as d:
        assert d.read("ppt/viewProps.xml") == t.read("ppt/viewProps.xml")
        assert sum("viewProps" in n for n in d.namelist()) == 1
