"""Locale-aware number, currency, percent, multiple and date formatting: the engine's own
filters, and how a slide shows a figure by its unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import lru_cache

from .bounds import EngineError
from .kept import kept_formats

LOCALES = {"de": "de_DE", "en": "en_GB"}
MAX_DIGITS = 6


FORMATTED = 1024


def _locale(language: str) -> str:
    return LOCALES.get(language, language)


def make_filters(language: str, currency: str) -> dict[str, Callable[..., str]]:
    """Return the number, currency, percent, multiple and date filters for one deck language."""
    loc = _locale(language)
    # Babel is imported by the first figure no earlier process formatted (``kept``).
    kept = kept_formats(loc)

    def number(value: float, digits: int = 0) -> str:
        digits = _digits(digits)

        def make() -> str:
            from babel.numbers import format_decimal

            pattern = _decimal_pattern(digits)
            return format_decimal(round(float(value), digits), format=pattern, locale=loc)

        return kept.formatted(("number", value, digits), make)

    def currency_filter(value: float, code: str | None = None) -> str:
        def make() -> str:
            from babel.numbers import format_currency

            return format_currency(
                round(float(value)),
                code or currency,
                format=_currency_pattern(loc),
                currency_digits=False,
                locale=loc,
            )

        return kept.formatted(("currency", value, code or currency), make)

    def currency_short(value: float, code: str | None = None) -> str:
        # Millions as a chart label shows them (3,0 Mio. €, €3.0m): a headline and the chart
        # under it then say the same figure the same way.
        if abs(float(value)) < 1_000_000:
            return currency_filter(value, code)
        symbol, before = currency_layout(language, code or currency)
        amount = number(float(value) / 1_000_000, 1)
        if language == "de":
            amount += "\u00a0Mio."
        else:
            amount += "m"
        return f"{symbol}{amount}" if before else f"{amount}\u00a0{symbol}"

    def percent(value: float, digits: int = 0) -> str:
        digits = _digits(digits)

        def make() -> str:
            from babel.numbers import format_percent

            pattern = _percent_pattern(loc, _decimal_pattern(digits) + "%")
            return format_percent(float(value), format=pattern, locale=loc)

        return kept.formatted(("percent", value, digits), make)

    def multiple(value: float) -> str:
        return number(value, 0 if float(value).is_integer() else 1) + "×"

    def date(value: dt.date | str, style: str = "long") -> str:
        try:
            day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        except ValueError as err:
            raise EngineError(f"date expects a date like 2026-12-01, got {value!r}") from err
        if not isinstance(day, dt.date) or style not in ("short", "medium", "long", "full"):
            raise EngineError(f"date expects a date and short/medium/long/full, got {value!r}")

        def make() -> str:
            from babel.dates import format_date

            return format_date(day, style, locale=loc)

        return kept.formatted(("date", day, style), make)

    # Formatting is pure and Babel's is slow; a deck shows its figures several times and a
    # batch checks every row before building it.
    number = lru_cache(maxsize=FORMATTED, typed=True)(number)
    currency_filter = lru_cache(maxsize=FORMATTED, typed=True)(currency_filter)
    percent = lru_cache(maxsize=FORMATTED, typed=True)(percent)
    return {
        "number": number,
        "currency": currency_filter,
        "currency_short": currency_short,
        "percent": percent,
        "multiple": multiple,
        "date": date,
    }


def _digits(digits: int) -> int:
    if not isinstance(digits, int) or not 0 <= digits <= MAX_DIGITS:
        raise EngineError(f"digits must be a whole number from 0 to {MAX_DIGITS}, got {digits!r}")
    return digits


def _decimal_pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits else "")


@lru_cache(maxsize=8)
def _currency_pattern(loc: str) -> str:
    # The locale's own pattern (symbol placement, spacing) without the cents: boardroom
    # figures are whole amounts.
    from babel import Locale

    return Locale.parse(loc).currency_formats["standard"].pattern.replace(".00", "")


@lru_cache(maxsize=8)
def _percent_pattern(loc: str, pattern: str) -> str:
    from babel import Locale

    own = Locale.parse(loc).percent_formats[None].pattern
    return own.replace("#,##0", pattern.removesuffix("%"))


def currency_layout(language: str, code: str) -> tuple[str, bool]:
    """Return the currency symbol and whether the language writes it before the number."""
    loc = _locale(language)

    def make() -> tuple[str, bool]:
        from babel.numbers import get_currency_symbol

        pattern = _currency_pattern(loc)
        return get_currency_symbol(code, locale=loc), pattern.index("¤") < pattern.index("#")

    return kept_formats(loc).formatted(("layout", code), make)


def format_value(value: float, unit: str, filters: Mapping[str, Callable[..., str]]) -> str:
    """Format a statistic or chart value by its unit, the way a slide shows it."""
    if unit == "multiple":
        return filters["multiple"](value)
    if unit == "percent":
        return filters["percent"](value)
    if unit == "currency":
        return filters["currency"](value)
    return filters["number"](value, 0 if float(value).is_integer() else 1)
