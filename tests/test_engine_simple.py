"""Simple content strings rendered without Jinja's compiler (issue 11: start-up). Whatever the
fast path renders must be what Jinja renders; where it cannot tell, Jinja answers."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deckgen.content.strings import ClientValues
from deckgen.engine import Engine, EngineError
from deckgen.engine import plan_simple as plan

CONTEXT: dict[str, Any] = {
    "audience": {"company": "Acme GmbH", "ceo_name": "Dr. Berg", "size": 1500},
    "slide": {
        "years": 4,
        "share_lost": 0.025,
        "revenue": 1_500_000,
        "nested": {"value": 8, "label": "x"},
        "items": [1, 2],
        "none": None,
        "text": "a {{ b }}",
    },
    "client": ClientValues({"name": "Kunde", "tagged": "{{ x }}", "get": "g"}),
    "labels": {"source": "Quelle"},
}

NAMES = [
    "audience", "audience.company", "audience.size", "audience.missing", "slide.years",
    "slide.share_lost", "slide.revenue", "slide.nested", "slide.nested.value",
    "slide.nested.label.upper", "slide.items", "slide.items.count", "slide.keys", "slide.none",
    "slide.text", "client.name", "client.tagged", "client.get", "client.missing", "labels",
    "labels.source", "missing", "missing.x", "true", "self", "loop.index",
]  # fmt: skip
FILTERS = [
    None, "number", "currency", "currency_short", "percent", "multiple", "upper", "length",
    "first", "default", "nosuch", "date", "title",
]  # fmt: skip
TEXT = st.sampled_from(["", " ", "Hallo ", " und ", "}}", "{", "-", "|", "\n", "a\r\nb", "%"])


#: Names that are plain keys, for strings the fast path renders itself.
PLAIN = [n for n in NAMES if n.split(".")[-1] not in ("missing", "keys", "count", "upper", "get")]
PLAIN = [n for n in PLAIN if n.split(".")[0] not in ("missing", "true", "self", "loop")]


@st.composite
def sources(draw: Any, names: list[str] = NAMES) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        parts.append(draw(TEXT))
        name, wanted = draw(st.sampled_from(names)), draw(st.sampled_from(FILTERS))
        pad = draw(st.sampled_from(["", " ", " ", "  ", " ", "\t"]))
        tag = f"{{{{{pad}{name}{pad}" + (f"|{pad}{wanted}" if wanted else "") + "}}"
        odd = draw(st.sampled_from([tag.replace("{{", "{{-"), tag + "\n", "{" + tag]))
        parts.append(draw(st.sampled_from([tag] * 6 + [odd])))
    parts.append(draw(TEXT))
    return "".join(parts)


def outcome(engine: Engine, source: str) -> str:
    try:
        return "text: " + engine.render(source, CONTEXT)
    except EngineError as err:
        return f"error: {err}"


class JinjaOnly(Engine):
    """The reference: every string compiled by Jinja."""

    def _render_simple(self, source: str, context: Any) -> str | None:
        return None


@settings(max_examples=400, deadline=None)
@given(st.one_of(sources(), sources(PLAIN)), st.sampled_from(["de", "en"]))
def test_the_fast_path_renders_what_jinja_renders(source: str, language: str):
    assert outcome(Engine(language), source) == outcome(JinjaOnly(language), source)


def test_the_shipped_kinds_of_tag_take_the_fast_path():
    engine = Engine("de")
    for source in (
        "{{ audience.company }}",
        "Was kostet {{ audience.company }} ein verlorener Kunde?",
        "{{ slide.revenue | currency }} in {{ slide.years }} Jahren",
        "{{slide.share_lost|percent}}",
        "Notes about {{ audience.company }}.\n",
    ):
        assert plan(source, engine.env.filters), source


@pytest.mark.parametrize(
    "source",
    [
        "{% if x %}a{% endif %}",
        "{# note #}{{ a }}",
        "{{- a }}",
        "{{ a.b() }}",
        "{{ a['b'] }}",
        "{{ a | default('x') }}",
        "{{ a | nosuch }}",
        "{{ true }}",
        "{{ 3000000 | currency_short }}",
        "{{ a ~ b }}",
        "{{ a }}\r\n{{ b }}",
    ],
)
def test_other_syntax_is_left_to_jinja(source: str):
    assert plan(source, Engine("de").env.filters) is None


def test_a_string_over_the_length_limit_is_still_refused():
    with pytest.raises(EngineError, match="longer than"):
        Engine("de").render("{{ audience.company }}" + "x" * 10_000, CONTEXT)


def test_a_string_the_fast_path_gives_up_on_gets_jinjas_answer_on_a_fresh_budget():
    # The fast path makes 30 long texts before it meets a name that is not a key; Jinja must
    # then say what is wrong with the name, not that the two renders together made too much.
    context = {"z": "0" * 19_000, "slide": {"title": "T"}}
    source = "{{ z | int }}" * 30 + "{{ slide.titel }}"
    with pytest.raises(EngineError, match="no field 'titel'"):
        Engine("de").render(source, context)
