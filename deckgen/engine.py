"""The one Jinja environment: sandboxed, strict, with locale-aware filters.

Content files and templates are untrusted input, so strings are rendered in a sandbox, an
undefined name is an error rather than an empty string, and every template is compiled before
any slide is built so that all syntax errors are reported in one round.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_currency_symbol,
)
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .cache import LRU

LOCALES = {"de": "de_DE", "en": "en_GB"}
MAX_TEMPLATE_CHARS = 10_000


class EngineError(Exception):
    """A string could not be compiled or rendered; the CLI never sees this (content wraps it)."""


def _locale(language: str) -> str:
    return LOCALES.get(language, language)


def make_filters(language: str, currency: str) -> dict[str, Callable[..., str]]:
    """Return the number, currency, percent, multiple and date filters for one deck language."""
    loc = _locale(language)

    def number(value: float, digits: int = 0) -> str:
        return format_decimal(
            round(float(value), digits), format=_decimal_pattern(digits), locale=loc
        )

    def currency_filter(value: float, code: str | None = None) -> str:
        return format_currency(
            round(float(value)),
            code or currency,
            format=_currency_pattern(loc),
            currency_digits=False,
            locale=loc,
        )

    def percent(value: float, digits: int = 0) -> str:
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return format_percent(float(value), format=_percent_pattern(loc, pattern), locale=loc)

    def multiple(value: float) -> str:
        return number(value, 0 if float(value).is_integer() else 1) + "×"

    def date(value: dt.date | str, style: str = "long") -> str:
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        return format_date(value, style, locale=loc)

    return {
        "number": number,
        "currency": currency_filter,
        "percent": percent,
        "multiple": multiple,
        "date": date,
    }


def _decimal_pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits else "")


@lru_cache(maxsize=8)
def _currency_pattern(loc: str) -> str:
    # The locale's own pattern (symbol placement, spacing) without the cents: boardroom
    # figures are whole amounts.
    return Locale.parse(loc).currency_formats["standard"].pattern.replace(".00", "")


@lru_cache(maxsize=8)
def _percent_pattern(loc: str, pattern: str) -> str:
    own = Locale.parse(loc).percent_formats[None].pattern
    return own.replace("#,##0", pattern.removesuffix("%"))


def currency_layout(language: str, code: str) -> tuple[str, bool]:
    """Return the currency symbol and whether the language writes it before the number."""
    loc = _locale(language)
    pattern = _currency_pattern(loc)
    return get_currency_symbol(code, locale=loc), pattern.index("¤") < pattern.index("#")


def format_value(value: float, unit: str, filters: Mapping[str, Callable[..., str]]) -> str:
    """Format a statistic or chart value by its unit, the way a slide shows it."""
    if unit == "multiple":
        return filters["multiple"](value)
    if unit == "percent":
        return filters["percent"](value)
    if unit == "currency":
        return filters["currency"](value)
    return filters["number"](value, 0 if float(value).is_integer() else 1)


MAX_COMPILED = 4096


class Engine:
    """Compiles and renders content strings for one deck language.

    Compiled templates are kept: a batch renders the same strings for every client, and
    compiling costs a hundred times more than rendering.
    """

    def __init__(self, language: str, currency: str = "EUR") -> None:
        self.language = language
        self.filters = make_filters(language, currency)
        env = ImmutableSandboxedEnvironment(
            undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
        )
        env.filters.update(self.filters)
        self.env = env
        self._compiled: LRU[Any] = LRU(MAX_COMPILED)

    def compile(self, source: str) -> Any:
        """Compile one string; raise EngineError with Jinja's reason."""
        found = self._compiled.get(source)
        if found is not None:
            return found
        if len(source) > MAX_TEMPLATE_CHARS:
            raise EngineError(f"longer than {MAX_TEMPLATE_CHARS} characters")
        try:
            found = self.env.from_string(source)
        except TemplateError as err:
            raise EngineError(_reason(err)) from err
        return self._compiled.put(source, found)

    def render(self, source: str, context: Mapping[str, Any]) -> str:
        """Render one string; plain strings without tags are returned as they are."""
        if not has_tags(source):
            return source
        try:
            return self.compile(source).render(context)
        except EngineError:
            raise
        except TemplateError as err:
            raise EngineError(_reason(err)) from err
        except (TypeError, ValueError, ArithmeticError) as err:
            raise EngineError(f"cannot render: {err}") from err


@lru_cache(maxsize=16)
def engine_for(language: str, currency: str = "EUR") -> Engine:
    """Return the one Engine of a deck language and currency (the environment factory)."""
    return Engine(language, currency)


def has_tags(text: str) -> bool:
    """Return True when text holds a Jinja expression, statement or comment."""
    return "{{" in text or "{%" in text or "{#" in text


NAMES = "audience, presenter, deck, brand, client, labels, slide, slides"


def _reason(err: TemplateError) -> str:
    message = err.message or type(err).__name__
    if type(err).__name__ != "UndefinedError":
        return message
    missing = re.search(r"has no attribute '([^']+)'", message)
    if missing:
        return f"no field {missing.group(1)!r} in this {{{{ }}}} tag; check the spelling"
    return f"{message}; the names a tag can use are {NAMES}"
