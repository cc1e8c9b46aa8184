"""The one Jinja environment: sandboxed, strict, with locale-aware filters.

Content files and templates are untrusted input, so strings are rendered in a sandbox, an
undefined name is an error rather than an empty string, and every string is rendered before
any slide is built so that all syntax errors are reported in one round.

By layer: ``bounds`` (what rendering one string may use, and ``EngineError``), ``formats`` (the
locale-aware filters), ``kept`` (their figures kept on disk for the next process), ``sandbox``
(the environment and ``Engine``) and ``simple`` (strings whose tags only name values, rendered
without compiling them). Every name stays importable from here; the bounds are read where they
are defined, in ``engine.bounds``.
"""

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
    "plan_simple",
    "render_simple",
    "save_kept_formats",
]
