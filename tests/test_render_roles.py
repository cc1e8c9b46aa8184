"""Filling other templates' layouts by role: dates, names, headings in bodies, logos."""

from __future__ import annotations

from pathlib import Path

from conftest import open_deck
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn

from deckgen.api import build_deck
from deckgen.content import load_deck


def office_default(tmp_path: Path) -> Path:
    """python-pptx's own template: PowerPoint's default layouts, with date placeholders."""
    path = tmp_path / "office.pptx"
    Presentation().save(str(path))
    return path


def test_the_layouts_date_placeholder_shows_the_decks_date(tmp_path):
    out = build_deck(
        language="en", template=office_default(tmp_path), output=tmp_path / "d.pptx"
    ).output
    dates = [
        shape.text_frame.text
        for slide in open_deck(out).slides
        for shape in slide.placeholders
        if shape.placeholder_format.type == PP_PLACEHOLDER.DATE
    ]
    assert dates and set(dates) == {"1 Dec 2026"}


def test_slide_placeholders_keep_the_layouts_names(tmp_path):
    template = tmp_path / "named.pptx"
    prs = Presentation()
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            ph.name = f"Platzhalter {ph.placeholder_format.idx}"
    prs.save(str(template))
    out = build_deck(language="de", template=template, output=tmp_path / "d.pptx").output
    names = {s.name for slide in open_deck(out).slides for s in slide.placeholders}
    assert names and all(n.startswith("Platzhalter ") for n in names)


def test_a_heading_that_lands_in_a_body_has_no_bullet(tmp_path, write_content):
    template = office_default(tmp_path)
    (tmp_path / "office.deckgen.yaml").write_text(
        "layouts:\n  comparison: Title and Content\n", encoding="utf-8"
    )
    content = write_content(
        """\
        - kind: comparison
          headline: Heute und morgen
          left: {heading: Heute, points: [Einzelne Posts]}
          right: {heading: Morgen, points: [Ein Programm]}
        """
    )
    out = build_deck(content, template=template, output=tmp_path / "d.pptx").output
    slide = open_deck(out).slides[0]
    body = [
        p
        for s in slide.placeholders
        if s.placeholder_format.idx == 1 and s.has_text_frame
        for p in s.text_frame.paragraphs
    ]
    assert [p.text for p in body[:2]] == ["Heute", "Einzelne Posts"]
    p_pr = body[0]._p.find(qn("a:pPr"))
    assert p_pr is not None and p_pr.find(qn("a:buNone")) is not None
    points = body[1]._p.find(qn("a:pPr"))  # the points keep their bullets
    assert points is None or points.find(qn("a:buNone")) is None


def test_a_logo_in_a_content_file_is_found_beside_the_file(tmp_path, write_content):
    folder = tmp_path / "pitch"
    folder.mkdir()
    Image.new("RGB", (40, 20), "#0B5CAD").save(folder / "logo.png")
    content = write_content("- {kind: bullets, headline: Hallo, points: [a]}")
    moved = folder / "pitch.yaml"
    moved.write_text(
        content.read_text(encoding="utf-8").replace("slides:", "brand: {logo: logo.png}\nslides:"),
        encoding="utf-8",
    )
    deck = load_deck(moved)
    assert Path(deck.brand.logo) == folder / "logo.png"
    assert load_deck(moved, overrides=["brand.logo=other.png"]).brand.logo == "other.png"
