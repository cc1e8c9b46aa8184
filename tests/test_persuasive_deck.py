"""The shipped decks as a CEO and a consulting designer read them: each argument in its visual
device, every example figure marked, the source article quoted faithfully, German set as a
German writer sets it, and every run in the deck's language."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import open_deck, slide_texts, title_of
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu
from test_build import ARGUMENT_KINDS

from deckgen.api import load
from deckgen.resources import shipped_content

LANGS = ("de", "en")


def slide_of(prs, lang: str, kind: str):
    kinds = [s.kind for s in load(language=lang).slides]
    return prs.slides[kinds.index(kind)]


def shapes_named(slide, prefix: str) -> list:
    return [s for s in slide.shapes if s.name.startswith(prefix)]


def largest_size(shape) -> float:
    sizes = [r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs if r.font.size]
    return max(sizes, default=0.0)


# --------------------------------------------------------------------------- devices


@pytest.mark.parametrize("lang", LANGS)
def test_the_edelman_multipliers_are_hero_numbers(shipped_decks, lang):
    slide = slide_of(open_deck(shipped_decks[lang]), lang, "employee_advocacy")
    heroes = {s.text_frame.text: largest_size(s) for s in shapes_named(slide, "Big number")}
    assert set(heroes) == {"8×", "25×"}
    assert min(heroes.values()) >= 60


@pytest.mark.parametrize("lang", LANGS)
def test_the_executive_summary_leads_with_the_ask_and_numbered_reasons_with_proof(
    shipped_decks, lang
):
    slide = slide_of(open_deck(shipped_decks[lang]), lang, "executive_summary")
    ask = next(s for s in slide.placeholders if s.name == "Ask")
    assert ("120.000" if lang == "de" else "120,000") in ask.text_frame.text
    numbers = [s.text_frame.text for s in shapes_named(slide, "Number")]
    assert numbers == ["1", "2", "3"]
    heroes = [s.text_frame.text for s in shapes_named(slide, "Big number")]
    assert heroes == (["8×", "3,0\u00a0Mio.\u00a0€"] if lang == "de" else ["8×", "€3.0m"])
    # Reasons sit below the ask, each proof to the right of its reason.
    reasons = shapes_named(slide, "Reason")
    assert all(r.top > ask.top + ask.height for r in reasons)
    for reason, hero in zip(reasons, shapes_named(slide, "Big number"), strict=False):
        assert hero.left >= reason.left + reason.width


@pytest.mark.parametrize("lang", LANGS)
def test_the_roadmap_is_phases_on_a_time_axis(shipped_decks, lang):
    deck = load(language=lang)
    roadmap = next(s for s in deck.slides if s.kind == "transformation_roadmap")
    slide = slide_of(open_deck(shipped_decks[lang]), lang, "transformation_roadmap")
    chevrons = [
        s
        for s in slide.shapes
        if re.fullmatch(r"Phase \d+", s.name)
        and s.auto_shape_type in (MSO_SHAPE.CHEVRON, MSO_SHAPE.PENTAGON)
    ]
    assert len(chevrons) == len(roadmap.phases) >= 3
    assert [c.left for c in chevrons] == sorted(c.left for c in chevrons)
    names = [
        s.text_frame.paragraphs[0].text for s in shapes_named(slide, "Phase") if "name" in s.name
    ]
    assert names == [p.name for p in roadmap.phases]
    assert not any(s.has_table for s in slide.shapes)


@pytest.mark.parametrize("lang", LANGS)
def test_executive_visibility_stands_on_three_pillars(shipped_decks, lang):
    slide = slide_of(open_deck(shipped_decks[lang]), lang, "executive_visibility")
    pillars = [s for s in slide.shapes if re.fullmatch(r"Pillar \d", s.name)]
    assert len(pillars) == 3
    assert len({p.top for p in pillars}) == 1  # side by side
    words = ("Transparenz", "Authentizität", "Zugänglichkeit") if lang == "de" else (
        "Transparent", "Authentic", "Accessible")  # fmt: skip
    assert [p.text_frame.paragraphs[0].text for p in pillars] == list(words)


@pytest.mark.parametrize("lang", LANGS)
def test_the_risk_reframe_contrasts_the_old_and_the_new_question(shipped_decks, lang):
    slide = slide_of(open_deck(shipped_decks[lang]), lang, "risk_reframe")
    old, new = (shapes_named(slide, n)[0] for n in ("Old question", "New question"))
    assert old.top == new.top and old.left + old.width < new.left
    quote = ("„", "“") if lang == "de" else ("“", "”")
    assert new.text_frame.paragraphs[1].text.startswith(quote[0])
    evidence = shapes_named(slide, "Evidence")
    assert evidence and all(e.top > old.top + old.height for e in evidence)


@pytest.mark.parametrize("lang", LANGS)
def test_news_breaks_first_on_social_media_on_a_timeline(shipped_decks, lang):
    slide = slide_of(open_deck(shipped_decks[lang]), lang, "information_advantage")
    stations = [s for s in slide.shapes if re.fullmatch(r"Station \d", s.name)]
    assert [s.text_frame.paragraphs[0].text for s in stations][0] in (
        "Social Media",
        "Social media",
    )
    assert stations[0].left < stations[1].left
    assert shapes_named(slide, "Time axis") and shapes_named(slide, "Advantage")


@pytest.mark.parametrize("lang", LANGS)
def test_the_call_to_action_is_a_decision_box_and_numbered_first_steps(shipped_decks, lang):
    deck = load(language=lang)
    ask = next(s for s in deck.slides if s.kind == "call_to_action")
    slide = slide_of(open_deck(shipped_decks[lang]), lang, "call_to_action")
    box = shapes_named(slide, "Decision")[0]
    assert box.fill.type is not None  # a filled box, not loose text
    assert ask.decision in box.text_frame.text
    steps = [s.text_frame.text for s in slide.shapes if re.fullmatch(r"Step \d", s.name)]
    assert steps == ask.first_90_days


@pytest.mark.parametrize("lang", LANGS)
def test_content_slides_use_their_area(shipped_decks, lang):
    """No content slide leaves more than a quarter of its height empty above the footer."""
    prs = open_deck(shipped_decks[lang])
    height = prs.slide_height
    for slide, model in zip(prs.slides, load(language=lang).slides, strict=True):
        if model.kind in ("title", "section"):
            continue  # designed to sit in the middle of the slide
        footer_top = min(
            s.top for s in slide.placeholders if s.placeholder_format.type in (15, 13, 16)
        )
        content = [
            s
            for s in slide.shapes
            if s.name not in ("Source", "Example")
            and not (s.is_placeholder and s.placeholder_format.type in (15, 13, 16))
        ]
        bottom = max(s.top + s.height for s in content)
        assert footer_top - bottom <= height / 4, (model.kind, Emu(footer_top - bottom).inches)


# --------------------------------------------------------------------------- honest figures


def example_figures(lang: str) -> list[str]:
    """The presenter's example figures as the decks show them."""
    deck = load(language=lang)
    cost = next(s for s in deck.slides if s.kind == "cost_of_inaction")
    ask = next(s for s in deck.slides if s.kind == "call_to_action")
    if lang == "de":
        return ["3,0\u00a0Mio.\u00a0€", "3.000.000\u00a0€", "120.000\u00a0€", "25.000\u00a0€"]
    assert cost.revenue_at_risk_total == 3_000_000 and ask.budget == 120_000
    return ["€3.0m", "€3,000,000", "€120,000", "€25,000"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_slide_that_shows_an_example_figure_says_so(shipped_decks, lang):
    marker = "Beispielwerte" if lang == "de" else "Example figures"
    figures = example_figures(lang)
    seen = 0
    for slide in open_deck(shipped_decks[lang]).slides:
        texts = slide_texts(slide)
        if any(f in t for f in figures for t in texts):
            seen += 1
            tags = [s.text_frame.text for s in shapes_named(slide, "Example")]
            assert tags and tags[0].startswith(marker), title_of(slide)
            # The marker is its own shape, never part of a source line.
            assert not any(marker in t for t in texts if t.startswith(("Quelle", "Source")))
    assert seen >= 5


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("de", "Quellen: Edelman (Trust Barometer) und Hootsuite, beide zitiert nach LEAD"),
        ("en", "Sources: Edelman (Trust Barometer) and Hootsuite, both cited in LEAD"),
    ],
)
def test_the_source_line_says_each_source_was_read_in_the_article(shipped_decks, lang, line):
    slide = slide_of(open_deck(shipped_decks[lang]), lang, "executive_summary")
    assert line in slide_texts(slide)


@pytest.mark.parametrize(
    "phrase",
    [
        "mehr als jeder Shitstorm",
        "more than any online backlash",
        "Jahr für Jahr",
        "year after year",
        "can't catch up",
        "eigene Erfahrung",
        "own experience",
        "Wahrnehmung von Unternehmen mit aktiven Führungskräften",
        "Perception of companies with active executives",
        "of our corporate account",
        "wie unser Unternehmens-Account",
    ],
)
def test_what_the_article_does_not_say_is_not_in_the_content(phrase):
    for lang in LANGS:
        assert phrase not in shipped_content(lang).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_every_argument_and_figure_names_its_passage_in_the_article(lang):
    """A comment above each argument slide quotes the article passage it rests on."""
    lines = shipped_content(lang).read_text(encoding="utf-8").splitlines()
    arguments = {*ARGUMENT_KINDS, "pillars"}
    word = "Artikel" if lang == "de" else "Article"
    for n, line in enumerate(lines):
        kind = line.strip().removeprefix("- kind: ")
        if line.strip().startswith("- kind: ") and kind in arguments:
            comment = []
            for above in reversed(lines[:n]):
                if not above.strip().startswith("#"):
                    break
                comment.append(above)
            assert any(word in c for c in comment), kind
    data = yaml.safe_load("\n".join(lines))
    assert [s["id"] for s in data["sources"]] == ["lead", "edelman", "hootsuite"]
    assert {s.get("via") for s in data["sources"][1:]} == {"lead"}


# --------------------------------------------------------------------------- language


def xml_parts(path: Path, pattern: str) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode() for n in z.namelist() if re.fullmatch(pattern, n)}


@pytest.mark.parametrize(("lang", "tag"), [("de", "de-DE"), ("en", "en-GB")])
def test_every_run_note_chart_and_table_is_in_the_decks_language(shipped_decks, lang, tag):
    parts = xml_parts(
        shipped_decks[lang], r"ppt/(slides/slide|notesSlides/notesSlide|charts/chart)\d+\.xml"
    )
    assert any("charts/" in n for n in parts) and any("notesSlides" in n for n in parts)
    for name, xml in parts.items():
        runs = re.findall(r"<a:(?:rPr|endParaRPr)\b[^>]*>", xml)
        assert runs, name
        wrong = [r for r in runs if f'lang="{tag}"' not in r]
        assert not wrong, (name, wrong[:3])
        if "charts/" in name:
            assert f'<c:lang val="{tag}"/>' in xml


def test_german_charts_format_numbers_the_german_way(shipped_decks):
    charts = xml_parts(shipped_decks["de"], r"ppt/charts/chart\d+\.xml")
    assert all("[$-407]" in xml for xml in charts.values())
    assert all('<c:delete val="1"/>' in xml and "<c:delete/>" not in xml for xml in charts.values())


def all_text(path: Path) -> list[str]:
    prs = open_deck(path)
    texts = [t for s in prs.slides for t in slide_texts(s)]
    texts += [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide]
    return texts


def test_german_text_has_german_quotation_marks_and_no_straight_ones(shipped_decks):
    texts = all_text(shipped_decks["de"])
    assert not [t for t in texts if '"' in t]
    assert any("„" in t and "“" in t for t in texts)


def test_english_text_has_curly_apostrophes(shipped_decks):
    texts = all_text(shipped_decks["en"])
    assert not [t for t in texts if "'" in t]
    assert any("’" in t for t in texts)


@pytest.mark.parametrize("lang", LANGS)
def test_a_number_never_breaks_from_its_unit(shipped_decks, lang):
    texts = all_text(shipped_decks[lang])
    assert not [t for t in texts if re.search(r"\d [^\d\s–-]", t)]
    assert any("90\u00a0Tag" in t for t in texts) if lang == "de" else True


@pytest.mark.libreoffice
@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="needs LibreOffice (soffice) and pdftotext (poppler-utils)",
)
def test_the_german_pdf_shows_german_decimals(shipped_decks, tmp_path):
    from deckgen.export import convert_to_pdf

    [pdf] = convert_to_pdf([shipped_decks["de"]], tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "1,0 Mio. €" in text.replace("\u00a0", " ")
    assert not re.search(r"\d\.\d Mio", text)


@pytest.mark.parametrize("lang", LANGS)
def test_the_title_slide_never_breaks_its_date(shipped_decks, lang):
    """In a narrow title box the presenter line wraps; it must not wrap inside the date."""
    slide = slide_of(open_deck(shipped_decks[lang]), lang, "title")
    date = {"de": "1.\u00a0Dezember\u00a02026", "en": "1\u00a0December\u00a02026"}[lang]
    lines = [t for t in slide_texts(slide) if "Head of Marketing" in t]
    assert lines and all(line.endswith(f"· {date}") for line in lines), lines
