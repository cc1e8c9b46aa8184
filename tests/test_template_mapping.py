"""Choosing a layout for each slide kind: by layout type and placeholder structure whatever the
layouts are called or where they stand, overridden by a mapping file, and `deckgen inspect`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from fixtures import make_templates as mt
from typer.testing import CliRunner

from deckgen.cli import app
from deckgen.errors import TemplateError
from deckgen.kinds import KINDS
from deckgen.resources import shipped_template
from deckgen.template import load_template

ENGLISH_OF = {
    **{de: en for de, en in zip(mt.GERMAN, mt.ENGLISH, strict=True)},
    **{ja: en for ja, en in zip(mt.JAPANESE, mt.ENGLISH, strict=True)},
    **{en: en for en in mt.ENGLISH},
}


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """The templates of these tests, made once."""
    folder = tmp_path_factory.mktemp("templates")
    blank = mt.office()
    mt.reorder(blank, ["Blank"])
    reversed_office = mt.office()
    mt.reorder(reversed_office, list(reversed(mt.ENGLISH)))
    return {
        "office": mt.save(mt.office(), folder / "office.pptx"),
        "konzern": mt.konzern(folder / "konzern.pptx"),
        "minimal": mt.minimal(folder / "minimal.pptx"),
        "blank": mt.save(blank, folder / "blank.pptx"),
        "reversed": mt.save(reversed_office, folder / "reversed.pptx"),
    }


def choices_in_english(path: Path) -> dict[str, str]:
    return {k: ENGLISH_OF[c.layout.name] for k, c in load_template(path).choices.items()}


@pytest.mark.parametrize("name", ["office", "konzern", "minimal", "reversed"])
def test_the_same_structure_gets_the_same_layouts_whatever_their_names_and_order(made, name):
    assert choices_in_english(made[name]) == mt.OFFICE_CHOICES


def test_german_layout_names_are_chosen_by_structure(made):
    choices = load_template(made["konzern"]).choices
    assert choices["bullets"].layout.name == "Titel und Inhalt"
    assert choices["cost_of_inaction"].layout.name == "Zwei Inhalte"
    assert choices["comparison"].layout.name == "Vergleich"
    assert all(c.how == "structure" for c in choices.values())


def test_reordered_japanese_layouts_are_chosen_by_structure(made):
    template = load_template(made["minimal"])
    assert [lay.name for lay in template.layouts][:2] == ["白紙", "タイトルのみ"]
    assert template.choices["title"].layout.name == "タイトル スライド"
    assert template.choices["bullets"].layout.name == "タイトルとコンテンツ"


def test_comparison_headings_and_bodies_are_read_from_their_positions(made):
    comparison = load_template(made["konzern"]).choices["comparison"].layout
    names = {p.idx: p.name for p in comparison.placeholders}
    assert {role: names[idx] for role, idx in comparison.roles.items() if role != "title"} == {
        "left_heading": "Textplatzhalter 2",
        "body": "Inhaltsplatzhalter 3",
        "right_heading": "Textplatzhalter 4",
        "body2": "Inhaltsplatzhalter 5",
        "date": "Datumsplatzhalter 6",
        "footer": "Fußzeilenplatzhalter 7",
        "slide_number": "Foliennummernplatzhalter 8",
    }


def test_a_chart_goes_into_a_content_placeholder_beside_the_text(made):
    layout = load_template(made["konzern"]).choices["cost_of_inaction"].layout
    names = {p.idx: p.name for p in layout.placeholders}
    assert names[layout.roles["body"]] == "Inhaltsplatzhalter 2"
    assert names[layout.roles["chart"]] == "Inhaltsplatzhalter 3"
    assert set(layout.own) == {"source"}


def test_vertical_text_layouts_are_never_chosen(made):
    template = load_template(made["office"])
    chosen = {c.layout.type for c in template.choices.values()}
    assert not chosen & {"vertTx", "vertTitleAndTx"}


def test_the_boardroom_template_maps_by_structure_exactly_as_its_mapping_file(tmp_path):
    copy = Path(shutil.copy(shipped_template(), tmp_path / "boardroom.pptx"))
    by_structure = {k: c.layout.name for k, c in load_template(copy).choices.items()}
    mapping = yaml.safe_load(shipped_template().with_name("boardroom.deckgen.yaml").read_text())
    assert by_structure == mapping["layouts"]


def test_a_template_with_only_a_blank_layout_falls_back_and_says_so(made):
    template = load_template(made["blank"])
    assert {c.layout.name for c in template.choices.values()} == {"Blank"}
    assert {c.how for c in template.choices.values()} == {"fallback"}
    bullets = template.choices["bullets"].layout
    assert set(bullets.own) == {"title", "body", "source"}
    master = template.masters[0]
    assert bullets.own["title"] == master.title
    assert bullets.own["body"].left >= master.body.left
    assert bullets.own["body"].right <= master.body.right
    assert template.notes_for(["title", "bullets", "title", "chart"]) == [
        f"{made['blank']}: title, bullets slides fall back to layout 'Blank'; deckgen draws the "
        "title and body itself within the master's margins, as it has no placeholders for them",
        f"{made['blank']}: chart slides fall back to layout 'Blank'; deckgen draws the title, "
        "body and chart itself within the master's margins, as it has no placeholders for them",
    ]
    sides = template.choices["comparison"].layout.own
    assert sides["body"].right < sides["body2"].left  # two columns, side by side


def test_several_masters_prefer_the_first_and_name_duplicates_by_number(made, tmp_path):
    path = mt.with_extra_master(made["office"], tmp_path / "zwei.pptx", mt.ENGLISH)
    template = load_template(path)
    assert len(template.masters) == 2 and len(template.layouts) == 22
    assert template.layouts[1].ref == "Title and Content [1]"
    assert template.layouts[12].ref == "Title and Content [2]"
    assert {c.layout.master for c in template.choices.values()} == {0}


# --------------------------------------------------------------------------- mapping files


def test_a_mapping_file_beside_the_template_overrides_by_layout_name(made, tmp_path):
    path = Path(shutil.copy(made["konzern"], tmp_path / "konzern.pptx"))
    (tmp_path / "konzern.deckgen.yaml").write_text(
        "layouts:\n  bullets: Zwei Inhalte\n  statement: Nur Titel\n", encoding="utf-8"
    )
    template = load_template(path)
    assert template.mapping_file == tmp_path / "konzern.deckgen.yaml"
    assert template.choices["bullets"].layout.name == "Zwei Inhalte"
    assert template.choices["bullets"].how == "mapping"
    assert template.choices["statement"].layout.name == "Nur Titel"
    assert template.choices["agenda"].how == "structure"


def test_mapping_option_wins_over_the_file_beside_the_template(made, tmp_path):
    path = Path(shutil.copy(made["konzern"], tmp_path / "konzern.pptx"))
    (tmp_path / "konzern.deckgen.yaml").write_text("layouts:\n  bullets: Nur Titel\n")
    other = tmp_path / "other.yaml"
    other.write_text("layouts:\n  bullets: Vergleich\n")
    assert load_template(path, other).choices["bullets"].layout.name == "Vergleich"


def test_a_mapping_to_a_layout_of_the_second_master(made, tmp_path):
    path = mt.with_extra_master(made["office"], tmp_path / "zwei.pptx", mt.ENGLISH)
    mapping = tmp_path / "m.yaml"
    mapping.write_text("layouts:\n  bullets: Title and Content [2]\n")
    layout = load_template(path, mapping).choices["bullets"].layout
    assert (layout.master, layout.index) == (1, 12)


def test_mapping_errors_are_all_reported_with_their_lines(made, tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "# corporate\nlayouts:\n  bulets: Titel und Inhalt\n  chart: Diagramm\n"
        "  bullets: Leer\n  agenda: Nur Titel\n",
        encoding="utf-8",
    )
    result = run("inspect", str(made["konzern"]), "--mapping", str(mapping))
    assert result.exit_code == 2
    refs = ", ".join(mt.GERMAN)
    assert result.stderr.splitlines() == [
        "error:",
        f"{mapping}:3: layouts.bulets: unknown slide kind; did you mean bullets?",
        f"{mapping}:4: layouts.chart: no layout named 'Diagramm'; the template has: {refs}",
    ]
    mapping.write_text("layouts:\n  bullets: Leer\n  agenda: Nur Titel\n", encoding="utf-8")
    result = run("inspect", str(made["konzern"]), "--mapping", str(mapping))
    assert result.stderr.splitlines() == [
        "error:",
        f"{mapping}:2: layouts.bullets: layout 'Leer' has no title or body placeholder, which "
        "bullets slides need; it has: Datumsplatzhalter 1 (date), Fußzeilenplatzhalter 2 "
        "(footer), Foliennummernplatzhalter 3 (slide number)",
        f"{mapping}:3: layouts.agenda: layout 'Nur Titel' has no body placeholder, which agenda "
        "slides need; it has: Titel 1 (title), Datumsplatzhalter 2 (date), Fußzeilenplatzhalter "
        "3 (footer), Foliennummernplatzhalter 4 (slide number)",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("bullets: Leer\n", ": expected 'layouts:' mapping slide kinds to layout names "
         "(deckgen inspect TEMPLATE --write-mapping FILE writes one)"),
        ("layouts: [unclosed\n", ":2: invalid YAML: did not find expected ',' or ']'"),
    ],
)  # fmt: skip
def test_an_unreadable_mapping_file_is_refused(made, tmp_path, text, message):
    mapping = tmp_path / "m.yaml"
    mapping.write_text(text)
    with pytest.raises(TemplateError) as caught:
        load_template(made["konzern"], mapping)
    assert str(caught.value).startswith(f"{mapping}{message}")


def test_missing_mapping_file_is_refused(made, tmp_path):
    result = run("inspect", str(made["konzern"]), "--mapping", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: {tmp_path / 'nope.yaml'}: no such layout mapping file; check the path\n"
    )


def test_write_mapping_round_trips_and_never_overwrites_unasked(made, tmp_path):
    target = tmp_path / "konzern.deckgen.yaml"
    result = run("inspect", str(made["minimal"]), "--write-mapping", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"wrote {target}\n")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# deckgen layout mapping for minimal.pptx: slide kind -> layout name.")
    assert "  bullets: タイトルとコンテンツ\n" in text
    written = yaml.safe_load(text)["layouts"]
    assert list(written) == list(KINDS)
    again = load_template(made["minimal"], target)
    assert {k: c.layout.name for k, c in again.choices.items()} == written
    assert {c.how for c in again.choices.values()} == {"mapping"}
    result = run("inspect", str(made["minimal"]), "--write-mapping", str(target))
    assert result.exit_code == 2
    assert (
        result.stderr == f"error: {target}: already exists; choose another name or pass --force\n"
    )
    assert (
        run("inspect", str(made["minimal"]), "--write-mapping", str(target), "--force").exit_code
        == 0
    )


def test_write_mapping_leaves_fallbacks_as_comments_so_the_file_reads_back(made, tmp_path):
    target = tmp_path / "blank.deckgen.yaml"
    assert run("inspect", str(made["blank"]), "--write-mapping", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "  # bullets: Blank  (no layout has the placeholders it needs)\n" in text
    assert yaml.safe_load(text) == {"layouts": None}
    again = load_template(made["blank"], target)
    assert {c.how for c in again.choices.values()} == {"fallback"}


# --------------------------------------------------------------------------- deckgen inspect


def test_inspect_shows_layouts_roles_mapping_and_what_is_missing(made):
    result = run("inspect", str(made["blank"]))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:8] == [
        f"{made['blank']}: PowerPoint presentation (.pptx), 16:9, 1 master, 1 layout, no slides",
        "theme 'Office Theme': titles in Calibri, text in Calibri; accent1 #4F81BD, "
        "accent2 #C0504D",
        "",
        "layouts:",
        "   1. Blank (blank)",
        "      Date Placeholder 1 = date · Footer Placeholder 2 = footer · Slide Number",
        "      Placeholder 3 = slide number",
        "",
    ]
    assert lines[8] == "slide kinds -> layouts (by layout type and placeholders):"
    assert lines[9] == (
        "  title                   Blank  fallback; subtitle, Presenter into the body; deckgen "
        "draws the title and body"
    )
    assert lines[16] == (
        "  chart                   Blank  fallback; deckgen draws the title, body and chart"
    )
    assert lines[lines.index("missing:") + 1 :] == [
        "  no Source placeholder: deckgen adds a small source line above the footer",
        "  no Logo picture placeholder: a brand logo (brand.logo) is not shown",
        "  no chart placeholder: deckgen places charts on 'Blank' itself",
        "  no table placeholder: deckgen places tables on 'Blank' itself",
        "  title, executive_summary, agenda, section, statement, bullets, big_number, quote,",
        "    comparison, pillars, sources, closing, risk_reframe, information_advantage,",
        "    employee_advocacy, executive_visibility, transformation_roadmap, market_trend,",
        "    call_to_action: fall back to layout 'Blank'; deckgen draws the title and body",
        "    itself within the master's margins, as it has no placeholders for them",
        "  chart, cost_of_inaction: fall back to layout 'Blank'; deckgen draws the title, body",
        "    and chart itself within the master's margins, as it has no placeholders for them",
        "  table: fall back to layout 'Blank'; deckgen draws the title and table itself within",
        "    the master's margins, as it has no placeholders for them",
    ]


def test_inspect_of_a_german_template(made):
    result = run("inspect", str(made["konzern"]))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert (
        "theme 'Konzern': titles in Georgia, text in Arial; accent1 #C8102E, accent2 #9AA0A6\n"
        in out
    )
    assert "   1. Titelfolie (title)\n" in out
    assert "Logo = logo" in out
    assert "  title                   Titelfolie             Presenter into the subtitle\n" in out
    assert (
        "  cost_of_inaction        Zwei Inhalte           chart in 'Inhaltsplatzhalter 3'\n" in out
    )
    # Why: how much of the master's text area the body gives the slide's message.
    assert "  comparison              Vergleich              body 43% of the text area\n" in out
    assert "  bullets                 Titel und Inhalt       body 100% of the text area\n" in out
    assert "no Logo picture placeholder" not in out


def test_inspect_lists_template_slides_as_a_note(made, tmp_path):
    from pptx import Presentation

    prs = Presentation(str(made["office"]))
    prs.slides.add_slide(prs.slide_layouts[1]).shapes.title.text = "Anleitung"
    prs.save(str(tmp_path / "mit.pptx"))
    out = run("inspect", str(tmp_path / "mit.pptx")).stdout
    assert out.splitlines()[0].endswith("1 master, 11 layouts, 1 slide")
    assert out.endswith(
        "notes:\n  its 1 slide is left out of the deck (--keep-template-slides keeps it)\n"
    )


def test_inspect_help():
    result = CliRunner().invoke(app, ["inspect", "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    for option in ("--mapping", "--write-mapping", "--force"):
        assert option in result.stdout
