"""Building the shipped decks and reopening them as a CEO would see them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import open_deck, slide_texts, title_of
from pptx.enum.shapes import PP_PLACEHOLDER

from deckgen.api import build_deck, load
from deckgen.errors import ContentError

ARGUMENT_KINDS = [
    "risk_reframe",
    "information_advantage",
    "cost_of_inaction",
    "employee_advocacy",
    "executive_visibility",
    "market_trend",
    "transformation_roadmap",
    "call_to_action",
]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_slide_shows_its_action_title(shipped_decks, lang):
    deck = load(language=lang)
    prs = open_deck(shipped_decks[lang])
    assert [title_of(s) for s in prs.slides] == [s.headline for s in deck.slides]
    assert len(prs.slides) == len(deck.slides) >= 12


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_deck_carries_all_of_the_articles_arguments(lang):
    kinds = [s.kind for s in load(language=lang).slides]
    assert kinds[:2] == ["title", "executive_summary"]  # answer first
    for kind in ARGUMENT_KINDS:
        assert kind in kinds


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_content_slide_has_speaker_notes(shipped_decks, lang):
    prs = open_deck(shipped_decks[lang])
    deck = load(language=lang)
    for slide, model in zip(prs.slides, deck.slides, strict=True):
        if model.kind in ("section",):
            continue
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert len(notes.split()) >= 25, f"{model.kind} has no speakable notes"
        assert "{{" not in notes


def chart_values(prs) -> dict[str, list[float]]:
    values = {}
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                for series in shape.chart.plots[0].series:
                    values[series.name] = list(series.values)
    return values


def slide_of_kind(prs, lang: str, kind: str):
    kinds = [s.kind for s in load(language=lang).slides]
    return prs.slides[kinds.index(kind)]


def test_edelman_multipliers_are_hero_numbers_with_their_source_apart_from_the_example(
    shipped_decks,
):
    prs = open_deck(shipped_decks["de"])
    advocacy = slide_of_kind(prs, "de", "employee_advocacy")
    texts = slide_texts(advocacy)
    assert "8×" in title_of(advocacy)
    assert "8×" in texts and "25×" in texts
    assert "so häufig geteilt wie Inhalte des Unternehmens-Accounts" in texts
    # The one hard statistic cites its source alone; the example marker is a shape of its own.
    assert [t for t in texts if t.startswith("Quelle")] == [
        "Quelle: Edelman, Trust Barometer, zitiert nach LEAD"
    ]
    assert "Beispielwerte · durch eigene Zahlen ersetzen" in texts


def test_english_deck_shows_the_multipliers(shipped_decks):
    prs = open_deck(shipped_decks["en"])
    advocacy = slide_of_kind(prs, "en", "employee_advocacy")
    texts = slide_texts(advocacy)
    assert "8×" in texts and "25×" in texts
    assert "8×" in title_of(advocacy)


def test_cost_of_inaction_figures_are_derived_and_formatted_in_german(shipped_decks):
    prs = open_deck(shipped_decks["de"])
    slide = slide_of_kind(prs, "de", "cost_of_inaction")
    # 2.000 customers x 2 % x 25.000 EUR x 3 years: the headline says it as the chart does.
    assert (
        title_of(slide) == "Ohne Präsenz riskieren wir 3,0\u00a0Mio.\u00a0€ Umsatz in 3\u00a0Jahren"
    )
    assert chart_values(prs)["Umsatz im Risiko, kumuliert"] == [1e6, 2e6, 3e6]
    texts = slide_texts(slide)
    assert "3,0\u00a0Mio.\u00a0€" in texts
    assert "Umsatz im Risiko, kumuliert über 3\u00a0Jahre" in texts
    assert "= 40\u00a0Kunden × 25.000\u00a0€ Kundenwert" in texts


def test_english_deck_formats_currency_the_english_way(shipped_decks):
    prs = open_deck(shipped_decks["en"])
    titles = [title_of(s) for s in prs.slides]
    assert any("€3.0m" in t for t in titles)
    appendix = [t for s in prs.slides for t in slide_texts(s)]
    assert "€3,000,000" in appendix


@pytest.mark.parametrize(
    ("lang", "article", "via"),
    [
        (
            "de",
            "LEAD: „Warum so viele Chefs Social Media nicht strategisch nutzen“",
            "zitiert nach",
        ),
        ("en", "LEAD: “Why so many bosses don’t use social media strategically”", "cited in"),
    ],
)
def test_sources_slide_lists_the_article_first_and_what_is_cited_from_it(
    shipped_decks, lang, article, via
):
    prs = open_deck(shipped_decks[lang])
    last = prs.slides[len(prs.slides) - 1]
    texts = slide_texts(last)
    headings = [t for t in texts if t.startswith(("LEAD", "Edelman", "Hootsuite"))]
    assert headings[:3] == [article, "Edelman: „Trust Barometer“" if lang == "de"
                            else "Edelman: “Trust Barometer”", "Hootsuite"]  # fmt: skip
    assert any("Moghaddam Ghazvini" in t for t in texts)
    assert sum(t.startswith(via) for t in texts) == 2  # Edelman and Hootsuite, through LEAD


def test_the_english_sources_slide_gives_the_articles_german_title(shipped_decks):
    texts = slide_texts(open_deck(shipped_decks["en"]).slides[-1])
    assert "German original: “Warum so viele Chefs Social Media nicht strategisch nutzen”" in texts


def test_agenda_is_generated_from_the_slide_topics(shipped_decks):
    deck = load(language="de")
    prs = open_deck(shipped_decks["de"])
    agenda = prs.slides[[s.kind for s in deck.slides].index("agenda")]
    listed = [s for s in deck.slides if s.topic]
    texts = slide_texts(agenda)
    numbers = [f"{n:02d}" for n in range(1, len(listed) + 1)]
    assert [t for t in texts if t in numbers] == numbers
    # Each topic stands with the takeaway its slide states: the agenda tells the story.
    for topic in listed:
        assert texts.index(topic.headline) == texts.index(topic.topic) + 1


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_template_tag_is_left_anywhere_in_the_package(shipped_decks, lang):
    with zipfile.ZipFile(shipped_decks[lang]) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                text = z.read(name).decode("utf-8")
                assert not re.search(r"\{\{|\{%|\{#", text), name


def test_footer_shows_company_and_slide_number(shipped_decks):
    prs = open_deck(shipped_decks["de"])
    slide = prs.slides[3]
    kinds = {
        shape.placeholder_format.type: shape.text_frame.text
        for shape in slide.placeholders
        if shape.placeholder_format.type in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
    }
    assert kinds[PP_PLACEHOLDER.FOOTER] == "Muster AG · Vertraulich"
    assert kinds[PP_PLACEHOLDER.SLIDE_NUMBER] == "4"


def test_no_empty_placeholder_is_left_on_any_slide(shipped_decks):
    for slide in open_deck(shipped_decks["de"]).slides:
        for shape in slide.placeholders:
            if shape.has_text_frame:
                assert shape.text_frame.text.strip(), (title_of(slide), shape.name)


def test_chart_axis_ids_are_positive(shipped_decks):
    with zipfile.ZipFile(shipped_decks["de"]) as z:
        charts = [n for n in z.namelist() if re.match(r"ppt/charts/chart\d+\.xml$", n)]
        assert charts
        for name in charts:
            ids = re.findall(rb'<c:(?:axId|crossAx) val="(-?\d+)"', z.read(name))
            assert ids and all(int(i) > 0 for i in ids)


def test_the_same_input_gives_a_byte_identical_deck(tmp_path):
    first = build_deck(language="de", output=tmp_path / "a.pptx").output.read_bytes()
    second = build_deck(language="de", output=tmp_path / "b.pptx").output.read_bytes()
    assert first == second


def test_decks_built_in_a_row_from_one_template_are_as_if_each_were_the_first():
    """What a template keeps between decks (its opened package, slides, charts, styles,
    compressed parts) never leaks from one client's deck into the next."""
    from deckgen.render import render_deck
    from deckgen.resources import shipped_template
    from deckgen.template import load_template

    acme = load(language="en", overrides=["audience.company=Acme", "brand.accent=#1B7F5C"])
    other = load(
        language="en",
        overrides=["audience.company=Other AG", "slides.cost_of_inaction.customers=4000"],
    )
    template = load_template(shipped_template())
    in_a_row = [render_deck(deck, template) for deck in (acme, other, acme)]
    each_first = [render_deck(deck, load_template(shipped_template())) for deck in (acme, other)]
    assert in_a_row == [each_first[0], each_first[1], each_first[0]]
    assert in_a_row[0] != in_a_row[1]


def test_core_properties_come_from_the_content(shipped_decks):
    props = open_deck(shipped_decks["de"]).core_properties
    assert props.created.date().isoformat() == "2026-12-01"
    assert props.author == "Max Mustermann"
    assert props.title == "Social Maturity: Social Media als strategischer Hebel"


def test_overrides_personalise_the_deck(tmp_path):
    out = build_deck(
        language="en",
        output=tmp_path / "acme.pptx",
        overrides=["audience.company=Acme GmbH", "slides.cost_of_inaction.customers=4000"],
    ).output
    prs = open_deck(out)
    assert "Acme GmbH" in title_of(prs.slides[0])
    assert any("€6.0m" in title_of(s) for s in prs.slides)


def test_brand_accent_recolours_the_theme(tmp_path):
    out = build_deck(
        language="en", output=tmp_path / "b.pptx", overrides=["brand.accent=#1B7F5C"]
    ).output
    with zipfile.ZipFile(out) as z:
        theme = z.read("ppt/theme/theme1.xml").decode()
    assert re.search(r'<a:accent1><a:srgbClr val="1B7F5C"/></a:accent1>', theme)


def test_a_failed_build_keeps_the_previous_deck(tmp_path):
    target = tmp_path / "deck.pptx"
    build_deck(language="de", output=target)
    before = target.read_bytes()
    with pytest.raises(ContentError):
        build_deck(language="de", output=target, overrides=["slides.cost_of_inaction.customers=x"])
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]


def test_a_failed_build_writes_nothing(tmp_path):
    with pytest.raises(ContentError):
        build_deck(language="de", output=tmp_path / "d.pptx", overrides=["audience.company="])
    assert list(tmp_path.iterdir()) == []


def test_ooxml_validator_finds_no_schema_violation(shipped_decks):
    from openxml_audit import validate_pptx

    for path in shipped_decks.values():
        result = validate_pptx(path)
        assert result.is_valid, [str(e) for e in result.errors][:5]
        assert result.error_count == 0


def test_text_fit_checker_finds_nothing_on_the_shipped_decks(shipped_decks):
    from ooxml_integrity import pptx_layout as layout

    for path in shipped_decks.values():
        deck = layout.read_deck(path)
        for shape in deck.shapes:
            result = layout.layout_shape(shape)
            if result is not None:
                assert result.vertical_overflow_pt <= 0, (path.name, shape.slide, shape.name)
                assert result.horizontal_overflow_pt <= 0, (path.name, shape.slide, shape.name)


def test_shipped_content_is_package_data_not_a_checkout_path():
    from deckgen.resources import shipped_content, shipped_template

    assert shipped_content("de").is_file() and shipped_template().is_file()
    assert isinstance(shipped_content("en"), Path)


def test_a_deck_gets_the_permissions_of_any_new_file(tmp_path):
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    out = build_deck(language="en", output=tmp_path / "d.pptx").output
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize("link", ["same name", "symlink"])
def test_a_deck_is_never_written_over_its_own_template(tmp_path, link):
    from deckgen.errors import OutputError

    template = build_deck(output=tmp_path / "T.pptx").output
    before = template.read_bytes()
    given = template
    if link == "symlink":
        given = tmp_path / "link.pptx"
        given.symlink_to(template)
    with pytest.raises(OutputError, match="this is the template the deck is built from"):
        build_deck(template=given, output=template)
    assert template.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("link")) == [
        "T.pptx"
    ]  # no temporary file left behind either
