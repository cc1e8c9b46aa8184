"""deckgen batch takes build's options (--set, --mapping, --allow-overflow,
--keep-template-slides) for every row, and validate --set checks the client rows with them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import content_yaml, open_deck, slide_texts, title_of
from pptx import Presentation
from pptx.util import Inches
from typer.testing import CliRunner

from deckgen.batch import build_batch
from deckgen.cli import app
from deckgen.resources import shipped_template

SLIDES = """\
- kind: title
  headline: "Social Maturity"
- kind: bullets
  headline: "Social Media für {{ audience.company }}"
  points: [Erstens]
"""

#: A headline that does not fit a 4-inch title even at the smallest title size.
LONG = "Posts von Mitarbeitenden erzielen 8× so viel Engagement wie unser Unternehmens-Account"


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "pitch.yaml"
    content.write_text(content_yaml(SLIDES), encoding="utf-8")
    clients = tmp_path / "clients.csv"
    clients.write_text("audience.company,region\nA GmbH,Nord\nB GmbH,Süd\n", encoding="utf-8")
    return content, clients


def test_set_applies_to_every_row_and_a_rows_cell_wins(project, tmp_path):
    content, clients = project
    out = tmp_path / "decks"
    args = ["batch", str(content), str(clients), "-o", str(out), "-j", "1"]
    sets = ["--set", "slides[1].points[0]=Region {{ client.region }}"]
    sets += ["--set", "audience.company=Überall AG"]
    result = CliRunner().invoke(app, [*args, *sets])
    assert result.exit_code == 0, result.output
    for name, company, region in (("a-gmbh", "A GmbH", "Nord"), ("b-gmbh", "B GmbH", "Süd")):
        slide = open_deck(out / f"{name}.pptx").slides[1]
        assert title_of(slide) == f"Social Media für {company}"
        assert f"Region {region}" in slide_texts(slide)


def test_a_set_without_a_value_is_bad_input_before_any_row(project, tmp_path):
    content, clients = project
    result = CliRunner().invoke(
        app, ["batch", str(content), str(clients), "-o", str(tmp_path / "d"), "--set", "x"]
    )
    assert result.exit_code == 2
    assert "--set x: expected path=value" in result.output
    assert not (tmp_path / "d").exists()


def test_validate_set_applies_to_the_client_rows(project, tmp_path):
    content, clients = project
    long = content.read_text(encoding="utf-8").replace("Social Maturity", "x" * 120)
    content.write_text(long, encoding="utf-8")
    args = ["validate", str(content), "--clients", str(clients)]
    assert CliRunner().invoke(app, args).exit_code == 2  # the headline is too long
    result = CliRunner().invoke(app, [*args, "--set", "slides[0].headline=Kurz"])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"{clients}: ok (2 client rows)\n")


def test_template_slides_are_kept_when_asked(project, tmp_path):
    content, clients = project
    prs = Presentation(str(shipped_template()))
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = "Kontakt"
    template = tmp_path / "with-slide.pptx"
    prs.save(template)
    mapping = shipped_template().with_name("boardroom.deckgen.yaml")
    template.with_name("with-slide.deckgen.yaml").write_bytes(mapping.read_bytes())
    out = tmp_path / "decks"
    build_batch(content, clients, output_dir=out, template=template, jobs=1)
    assert len(open_deck(out / "a-gmbh.pptx").slides) == 2
    kept = build_batch(
        content, clients, output_dir=out, template=template, jobs=1, keep_template_slides=True
    )
    assert [r.status for r in kept.rows] == ["built", "built"]  # a new option: a new deck
    deck = open_deck(out / "a-gmbh.pptx")
    assert [title_of(s) for s in deck.slides][1:] == ["Social Media für A GmbH", "Kontakt"]


def test_a_mapping_file_and_allow_overflow_reach_every_row(project, tmp_path):
    from deckgen.fit import FontBook

    if FontBook().find("Carlito") is None:
        pytest.skip("the Carlito font (fonts-crosextra-carlito) is not installed")
    content, clients = project
    content.write_text(
        content.read_text(encoding="utf-8").replace(
            "Social Media für {{ audience.company }}", LONG
        ),
        encoding="utf-8",
    )
    prs = Presentation(str(shipped_template()))
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    layout.placeholders[0].width = Inches(4)
    template = tmp_path / "narrow.pptx"
    prs.save(template)
    mapping = tmp_path / "layouts.yaml"  # not beside the template: only --mapping finds it
    mapping.write_bytes(shipped_template().with_name("boardroom.deckgen.yaml").read_bytes())
    options = {"template": template, "mapping": mapping, "jobs": 1}
    refused = build_batch(content, clients, output_dir=tmp_path / "a", **options)
    assert [r.status for r in refused.rows] == ["failed", "failed"]
    assert "the text is 1 line too long even at 24 pt" in refused.rows[0].error
    kept = build_batch(content, clients, output_dir=tmp_path / "b", allow_overflow=True, **options)
    assert [r.status for r in kept.rows] == ["built", "built"]
    assert all("kept as it is (--allow-overflow)" in r.warnings[0] for r in kept.rows)
    assert title_of(open_deck(tmp_path / "b/a-gmbh.pptx").slides[1]) == LONG
