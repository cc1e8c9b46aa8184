"""Figures formatted once and kept on disk for the next process (deckgen.engine.kept): the
kept text is Babel's, a call without a fixed written form or a failing one is never kept, and
a foreign entry is not trusted (issue 11)."""

from __future__ import annotations

import datetime as dt
import decimal
import json

import pytest

from deckgen import diskcache
from deckgen.engine import EngineError, currency_layout, kept, make_filters

CALLS = [
    ("number", (1234567,)),
    ("number", (1234567.0, 2)),
    ("number", (decimal.Decimal("2.5"), 1)),
    ("number", ("12",)),
    ("number", (True,)),
    ("currency", (3_000_000,)),
    ("currency", (2_999_999.6, "USD")),
    ("currency_short", (3_000_000, "CHF")),
    ("percent", (0.1,)),
    ("percent", (0.125, 1)),
    ("multiple", (8,)),
    ("date", (dt.date(2026, 12, 1),)),
    ("date", ("2026-12-01", "short")),
    ("date", (dt.datetime(2026, 12, 1, 9, 30), "medium")),
]


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """A process's start, with a cache folder of its own: no store read yet."""
    monkeypatch.setenv(diskcache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(kept, "_STORES", {})


def _formatted(language: str) -> list[str]:
    filters = make_filters(language, "EUR")
    return [filters[name](*args) for name, args in CALLS] + [
        repr(currency_layout(language, code)) for code in ("EUR", "USD", "GBP")
    ]


@pytest.mark.parametrize("language", ["de", "en", "fr"])
def test_kept_figures_are_babel_s(language, fresh, monkeypatch) -> None:
    first = _formatted(language)
    assert (
        "3.000.000\u00a0€" in first
        or "€3,000,000" in first
        or "3\u202f000\u202f000\u00a0€" in first
    )
    kept.save_kept_formats()
    # The next process: every figure from disk, none made.
    monkeypatch.setattr(kept, "_STORES", {})
    made = []
    real = kept.KeptFormats.formatted

    def counting(self, call, make):
        return real(self, call, lambda: made.append(call) or make())

    monkeypatch.setattr(kept.KeptFormats, "formatted", counting)
    assert _formatted(language) == first
    # Only the datetime (no fixed written form here) is formatted again.
    assert made == [("date", dt.datetime(2026, 12, 1, 9, 30), "medium")]


def test_a_failing_call_is_not_kept_and_fails_again(fresh) -> None:
    filters = make_filters("de", "EUR")
    for _ in range(2):
        with pytest.raises(ValueError):
            filters["number"]("zwölf")
        with pytest.raises(EngineError):
            filters["number"](3, 9)
    kept.save_kept_formats()
    store = kept.KeptFormats("de_DE")
    assert not any("zwölf" in name for name in store.found)


def test_a_foreign_entry_is_not_trusted(fresh, monkeypatch) -> None:
    key = kept.KeptFormats("de_DE").key
    name = "str:'number'\x1fint:5\x1fint:0"
    diskcache.write_entry(kept.KIND, key, {name: 5, "str:'layout'\x1fstr:'EUR'": ["€", "x"]})
    store = kept.KeptFormats("de_DE")
    assert store.found == {}
    assert make_filters("de", "EUR")["number"](5) == "5"
    # Another key (Babel or deckgen changed) does not read this one's entry.
    diskcache.write_entry(kept.KIND, key, {name: "fünf"})
    assert kept.KeptFormats("de_DE").found == {name: "fünf"}
    assert kept.KeptFormats("en_GB").found == {}
    path = next((diskcache.cache_dir() / kept.KIND).glob("*.json"))
    head = json.loads(path.read_bytes().split(b"\n")[0])
    assert head["key"]["locale"] == "de_DE"


def test_the_store_keeps_the_newest_figures_within_its_bound(fresh, monkeypatch) -> None:
    monkeypatch.setattr(kept, "MAX_KEPT", 10)
    number = make_filters("de", "EUR")["number"]
    for n in range(25):
        number(n)
    assert len(kept.kept_formats("de_DE").found) == 10  # bounded in the process too
    kept.save_kept_formats()
    found = kept.KeptFormats("de_DE").found
    assert len(found) == 10
    assert "str:'number'\x1fint:24\x1fint:0" in found
