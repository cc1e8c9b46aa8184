"""Fuzzing what users and their clients write: every run ends within its bounds with a deck
or a clean DeckgenError, never a hang, a traceback or a half-written file (issue 14)."""

from __future__ import annotations

import contextlib

from conftest import content_yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pptx.util import Emu

from deckgen.api import build_deck
from deckgen.check import check_deck
from deckgen.content import load_deck
from deckgen.errors import DeckgenError

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same cases every run: a failure is reproducible
)

#: Pieces of Jinja and of the text around it, so the fuzzer reaches the engine, not only YAML.
PIECES = st.sampled_from(
    [
        "{{ ", " }}", "{% ", " %}", "{# ", " #}", "for x in ", "range(", "9999", "** ",
        "* ", "~ ", "+ ", "'a'", "audience.company", "slide", " | upper", " | currency",
        " | join(", "set a = ", "endfor", "if ", "endif", "'%9s' % ", "\n", "„", "€", "8×",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=14).map("".join)


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@FUZZ
@given(headline=TEXT)
def test_any_content_string_ends_in_a_deck_or_a_content_error(tmp_path_factory, headline):
    path = tmp_path_factory.mktemp("fuzz") / "pitch.yaml"
    slides = f"- {{kind: bullets, headline: {_yaml_string(headline)}, points: [Punkt]}}"
    path.write_text(content_yaml(slides), encoding="utf-8")
    with contextlib.suppress(DeckgenError):  # a clean, located refusal is fine
        load_deck(path)


@FUZZ
@given(company=TEXT)
def test_any_client_cell_is_shown_as_written_or_refused_cleanly(tmp_path_factory, company):
    path = tmp_path_factory.mktemp("fuzz") / "pitch.yaml"
    slides = '- {kind: bullets, headline: "Für {{ audience.company }}", points: [Punkt]}'
    path.write_text(content_yaml(slides), encoding="utf-8")
    from deckgen.content import apply_override, read_content, validate

    raw = read_content(path)
    try:
        apply_override(raw, "audience.company", company, ("clients.csv", 2), literal=True)
        deck = validate(raw, {})
    except DeckgenError:
        return
    # A cell is data: whatever it holds is on the slide as written (typeset), never run.
    assert "{{" not in deck.slides[0].headline or "{{" in company


GEOMETRY = st.integers(min_value=-2_000_000, max_value=14_000_000)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(
    box=st.tuples(GEOMETRY, GEOMETRY, GEOMETRY, GEOMETRY),
    insets=st.tuples(*([st.integers(min_value=0, max_value=5_000_000)] * 4)),
)
def test_any_template_geometry_ends_in_a_deck_or_a_clean_refusal(tmp_path_factory, box, insets):
    folder = tmp_path_factory.mktemp("geometry")
    prs = Presentation()
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            ph.left, ph.top, ph.width, ph.height = (Emu(max(v, 0)) for v in box)
            body = ph.text_frame._txBody.bodyPr  # test-only XML: the insets
            for name, value in zip(("lIns", "tIns", "rIns", "bIns"), insets, strict=True):
                body.set(name, str(value))
    template = folder / "odd.pptx"
    prs.save(str(template))
    out = folder / "deck.pptx"
    try:
        build_deck(language="en", template=template, output=out, allow_overflow=True)
    except DeckgenError:
        assert not out.exists()
        return
    assert isinstance(check_deck(out), list)
