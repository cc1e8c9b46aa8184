"""Rendering a content string is bounded: integers, lengths, steps, characters made, time.

Each bomb below hangs or exhausts memory without its bound, so they run in a child process
limited to 1 GB of address space and a timeout: on an unbounded engine the child dies or times
out and every case fails, instead of the test suite hanging.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from deckgen.content import load_deck
from deckgen.engine import Engine, EngineError, bounds
from deckgen.errors import ContentError

LONG = "x" * 20_000  # the longest text a string may make: the bombs start from it

TOO_BIG = "a number beyond 10**100 is not allowed in a content string"
TOO_LONG = (
    "a text or list of more than 20,000 characters or items is not allowed in a content string"
)
TOO_MANY_STEPS = (
    "takes more than 100,000 steps (loop rounds, calls, operations) to render; "
    "a content string formats values: simplify it"
)
TOO_MUCH_MADE = (
    "makes more than 1,000,000 characters in all to render; a content string formats values: "
    "simplify it"
)

BOMBS = {
    # Integer size: squaring needs only `*`, which the old bound on `**` did not see.
    "squaring": ("{% set a = 10**64 %}" + "{% set a = a * a %}" * 30 + "{{ a }}", TOO_BIG),
    "a float turned into a huge integer": (
        "{% set a = '1e300' | float | int %}{{ a * a * a }}",
        TOO_BIG,
    ),
    # Loop rounds: each level multiplies, with or without output.
    "nested loops": ("{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}", TOO_MANY_STEPS),
    "nested loops that print": (
        "{% for a in s %}{% for b in s %}{{ b }}{% endfor %}{% endfor %}",
        TOO_MANY_STEPS,
    ),
    # Every intermediate value is bounded, not only the final text.
    "doubling with ~": (
        "{% set a = 'xx' %}" + "{% set a = a ~ a %}" * 40 + "{{ a | length }}",
        TOO_LONG,
    ),
    "doubling with +": (
        "{% set a = 'xx' %}" + "{% set a = a + a %}" * 40 + "{{ a | length }}",
        TOO_LONG,
    ),
    "a %-format width": ("{{ '%999999999s' % 'x' }}", TOO_LONG),
    "a %-format width taken from the values": ("{{ '%*s' % (999999999, 'x') }}", TOO_LONG),
    "a padded text": ("{{ 'x'.center(999999999) }}", TOO_LONG),
    "replacing the empty text": ("{{ s.replace('', s) }}", TOO_LONG),
    "a join with itself": ("{{ s | join(s) }}", TOO_LONG),
    "a tuple naming one long text many times": (
        "{% set t = (" + "s, " * 3000 + ") %}{{ t }}",
        TOO_LONG,
    ),
    "a macro doubling its argument": (
        "{% macro d(x) %}{{ x }}{{ x }}{% endmacro %}{{ " + "d(" * 60 + "'x'" + ")" * 60 + " }}",
        TOO_LONG,
    ),
    # Output Jinja buffers (macros, set blocks, filter blocks) is counted as it is written.
    "a macro printing in loops": (
        "{% macro m() %}{% for a in s %}{% for b in s %}{{ s }}{% endfor %}{% endfor %}"
        "{% endmacro %}{{ m() | length }}",
        TOO_MUCH_MADE,
    ),
    "a set block printing in loops": (
        "{% set x %}{% for a in s %}{% for b in s %}{{ s }}{% endfor %}{% endfor %}{% endset %}"
        "{{ x | length }}",
        TOO_MUCH_MADE,
    ),
    # Methods that build without bound are refused like the filters that do.
    "expanding tabs": (
        "{{ ('\t' * 20000).expandtabs(20000) }}",
        "the method .expandtabs() is not allowed in a content string; "
        "use a filter (| join, | upper, ...) instead",
    ),
    "str.format widths": (
        "{{ '{:>999999999}'.format(1) }}",
        "the method .format() is not allowed in a content string; "
        "use a filter (| join, | upper, ...) instead",
    ),
}

CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from deckgen.engine import Engine, EngineError
bombs, long = json.load(sys.stdin)
verdicts = {}
for name, source in bombs.items():
    try:
        verdicts[name] = "rendered: " + Engine("en").render(source, {"s": long})[:40]
    except EngineError as err:
        verdicts[name] = str(err)
    except BaseException as err:
        verdicts[name] = "crashed: " + type(err).__name__
print(json.dumps(verdicts))
"""


@pytest.fixture(scope="module")
def verdicts() -> dict[str, str]:
    """Render every bomb in one child process bounded in memory and time."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps([{name: source for name, (source, _) in BOMBS.items()}, LONG]),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_bomb_in_a_content_string_fails_fast_with_a_clear_message(verdicts, name):
    assert verdicts[name] == BOMBS[name][1]


def test_the_wall_clock_budget_stops_a_string_the_counts_let_through(monkeypatch):
    monkeypatch.setattr(bounds, "RENDER_SECONDS", 0.0)
    with pytest.raises(EngineError) as err:
        Engine("en").render("{% for a in s %}{{ a }}{% endfor %}", {"s": "x" * 1000})
    assert str(err.value) == (
        "takes longer than 0 s to render; a content string formats values: simplify it"
    )


def test_the_budget_is_per_string(monkeypatch):
    monkeypatch.setattr(bounds, "MAX_STEPS", 100)
    render = Engine("en").render
    for _ in range(5):  # a round and an output per character: 30 steps each time
        assert render("{% for a in s %}{{ a }}{% endfor %}", {"s": "abc" * 5}) == "abc" * 5
    with pytest.raises(EngineError, match="takes more than 100 steps"):
        render("{% for a in s %}{{ a }}{% endfor %}", {"s": "abc" * 20})


def test_a_broken_bound_is_a_located_content_error(write_content, monkeypatch):
    monkeypatch.setattr(bounds, "MAX_STEPS", 1000)
    path = write_content(
        "- {kind: bullets, headline: '{% for a in \"x\" * 999 %}{{ a }}{% endfor %}', points: [a]}"
    )
    with pytest.raises(ContentError) as err:
        load_deck(path)
    assert str(err.value) == (
        f"{path}:9: slides[0].headline: takes more than 1,000 steps (loop rounds, calls, "
        "operations) to render; a content string formats values: simplify it"
    )


def test_strings_that_format_values_still_render():
    text = Engine("de").render(
        "{% macro item(n, t) %}{{ n }}. {{ t | upper }}{% endmacro %}"
        "{% for t in 'a,b'.split(',') %}{{ item(loop.index, t) }} {% endfor %}"
        "{{ ['x', 'y'] | join(' und ') }} · {{ 'Q' ~ 4 }} · {{ '%05.1f' % 2.5 }} · "
        "{{ 'abc'.replace('b', 'B').ljust(5, '.') }} · {{ (10 ** 6 * 3) | currency }}",
        {},
    )
    assert text == "1. A 2. B x und y · Q4 · 002.5 · aBc.. · 3.000.000\u00a0€"
