"""The sandboxed Jinja engine and its locale-aware filters."""

from __future__ import annotations

import pytest

from deckgen.engine import Engine, EngineError


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "1.234.567 € · 2,5 % · 8× · 1.234,5 · 1. Dezember 2026"),
        ("en", "€1,234,567 · 2.5% · 8× · 1,234.5 · 1 December 2026"),
    ],
)
def test_filters_format_numbers_the_way_the_language_writes_them(language, expected):
    engine = Engine(language)
    text = engine.render(
        "{{ 1234567 | currency }} · {{ 0.025 | percent(1) }} · {{ 8 | multiple }} · "
        "{{ 1234.5 | number(1) }} · {{ '2026-12-01' | date }}",
        {},
    )
    assert text.replace("\xa0", " ") == expected.replace("\xa0", " ")


def test_fractional_multiple_keeps_one_decimal():
    assert Engine("de").render("{{ 2.5 | multiple }}", {}) == "2,5×"


def test_undefined_name_is_an_error_not_an_empty_string():
    with pytest.raises(EngineError, match="'audience' is undefined"):
        Engine("en").render("For {{ audience.company }}", {})


def test_sandbox_refuses_python_internals():
    with pytest.raises(EngineError, match="access to attribute '__class__' of 'str' object"):
        Engine("en").render("{{ ''.__class__.__mro__[1].__subclasses__() }}", {})


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("{{ 'x ' * 50000000 }}", "a repeated text that long is not allowed"),
        ("{{ 9 ** (9 ** 9) }}", "a power that large is not allowed"),
        ("{{ 1 | number(300000000) }}", "digits must be a whole number from 0 to 6"),
        ("{{ [1, 2] | random }}", "No filter named 'random'"),
        ("{{ 'x' | center(1000000000) }}", "No filter named 'center'"),
        ("{{ lipsum() }}", "'lipsum' is undefined"),
        ("{% for i in range(99999) %}{% endfor %}", "'range' is undefined"),
    ],
)
def test_content_strings_cannot_exhaust_a_worker_or_vary_between_builds(source, reason):
    with pytest.raises(EngineError, match=reason):
        Engine("en").render(source, {})


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("{{ '%(a)s' % {} }}", "cannot render: KeyError: 'a'"),
        ("{{ 1 | date }}", "date expects a date and short/medium/long/full, got 1"),
        ("{{ 'soon' | date }}", "date expects a date like 2026-12-01, got 'soon'"),
    ],
)
def test_any_failure_inside_a_tag_is_an_engine_error(source, reason):
    with pytest.raises(EngineError, match=reason):
        Engine("en").render(source, {})


def test_syntax_error_names_jinjas_reason():
    with pytest.raises(EngineError, match="unexpected"):
        Engine("en").compile("{{ audience.company }")


def test_plain_text_is_returned_unchanged():
    assert Engine("en").render("No tags here: 100% {sure}", {}) == "No tags here: 100% {sure}"
