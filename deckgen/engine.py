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


MAX_RENDERED_CHARS = 20_000
MAX_DIGITS = 6
# The filters a content string may use: text and number shaping whose output stays about the
# size of its input. Jinja's others can allocate without bound (center, indent, wordwrap with
# huge widths) or differ from build to build (random), which would break byte-identical decks.
SAFE_FILTERS = (
    "abs", "capitalize", "default", "d", "first", "float", "int", "join", "last", "length",
    "lower", "round", "string", "title", "trim", "upper",
)  # fmt: skip


class EngineError(Exception):
    """A string could not be compiled or rendered; content and render wrap it for the user."""


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, also bounding what arithmetic can build: untrusted content must not
    hang or exhaust a batch worker (``'x' * 10**9``, ``9 ** 9 ** 9``)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and (
            not isinstance(right, int | float) or abs(right) > 64 or abs(left) > 10**6
        ):
            raise EngineError("a power that large is not allowed in a content string")
        if operator == "*":
            sized = [x for x in (left, right) if isinstance(x, str | list | tuple)]
            count = [x for x in (left, right) if isinstance(x, int)]
            if sized and count and len(sized[0]) * abs(count[0]) > MAX_RENDERED_CHARS:
                raise EngineError("a repeated text that long is not allowed in a content string")
        return super().call_binop(context, operator, left, right)


FORMATTED = 1024


def _locale(language: str) -> str:
    return LOCALES.get(language, language)


def make_filters(language: str, currency: str) -> dict[str, Callable[..., str]]:
    """Return the number, currency, percent, multiple and date filters for one deck language."""
    loc = _locale(language)

    def number(value: float, digits: int = 0) -> str:
        digits = _digits(digits)
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
        pattern = _decimal_pattern(digits) + "%"
        return format_percent(float(value), format=_percent_pattern(loc, pattern), locale=loc)

    def multiple(value: float) -> str:
        return number(value, 0 if float(value).is_integer() else 1) + "×"

    def date(value: dt.date | str, style: str = "long") -> str:
        try:
            day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        except ValueError as err:
            raise EngineError(f"date expects a date like 2026-12-01, got {value!r}") from err
        if not isinstance(day, dt.date) or style not in ("short", "medium", "long", "full"):
            raise EngineError(f"date expects a date and short/medium/long/full, got {value!r}")
        return format_date(day, style, locale=loc)

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
        env = _Sandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
        env.filters = {name: env.filters[name] for name in SAFE_FILTERS} | self.filters
        # No loops over ranges, no lorem ipsum, no cyclers: content strings format values.
        env.globals = {}
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
            text = self.compile(source).render(context)
        except EngineError:
            raise
        except TemplateError as err:
            raise EngineError(_reason(err)) from err
        except RecursionError as err:
            raise EngineError("cannot render: nested too deeply") from err
        except Exception as err:  # whatever a template's operations raise is the user's to fix
            raise EngineError(f"cannot render: {type(err).__name__}: {err}") from err
        if len(text) > MAX_RENDERED_CHARS:
            raise EngineError(f"renders to more than {MAX_RENDERED_CHARS:,} characters")
        return text


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
