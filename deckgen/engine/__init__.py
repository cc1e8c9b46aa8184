"""The one Jinja environment: sandboxed, strict, with locale-aware filters.

Content files and templates are untrusted input, so strings are rendered in a sandbox, an
undefined name is an error rather than an empty string, and every string is rendered before
any slide is built so that all syntax errors are reported in one round.

By layer: ``bounds`` (what rendering one string may use, and ``EngineError``), ``formats`` (the
locale-aware filters), ``kept`` (their figures kept on disk for the next process), ``sandbox``
(what a content string may use, and ``Engine``), ``jinja`` (the sandboxed environment, made
when a string needs Jinja) and ``simple`` (strings whose tags only name values, rendered
without compiling them). Every name stays importable from here; the bounds are read where they
are defined, in ``engine.bounds``.
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_names
from .bounds import MAX_INT, MAX_MADE, MAX_RENDERED_CHARS, MAX_STEPS, RENDER_SECONDS, EngineError
from .formats import FORMATTED, LOCALES, MAX_DIGITS, currency_layout, format_value, make_filters
from .kept import KeptFormats, kept_formats, save_kept_formats
from .sandbox import (
    COUNTED,
    MAX_COMPILED,
    MAX_TEMPLATE_CHARS,
    NAMES,
    SAFE_FILTERS,
    SAFE_METHODS,
    Engine,
    engine_for,
    output_text,
)
from .simple import plan_simple, render_simple

__all__ = [
    "COUNTED",
    "FORMATTED",
    "LOCALES",
    "MAX_COMPILED",
    "MAX_DIGITS",
    "MAX_INT",
    "MAX_MADE",
    "MAX_RENDERED_CHARS",
    "MAX_STEPS",
    "MAX_TEMPLATE_CHARS",
    "NAMES",
    "RENDER_SECONDS",
    "SAFE_FILTERS",
    "SAFE_METHODS",
    "Engine",
    "EngineError",
    "KeptFormats",
    "currency_layout",
    "engine_for",
    "format_value",
    "kept_formats",
    "make_filters",
    "output_text",
    "plan_simple",
    "render_simple",
    "sandbox_environment",
    "save_kept_formats",
]

if TYPE_CHECKING:
    from .jinja import sandbox_environment

#: Jinja's sandbox is imported when a string first needs it (``engine.jinja``).
_HOMES = {"sandbox_environment": "jinja"}

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_names(__name__, _HOMES)
