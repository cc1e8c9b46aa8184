"""What a content string may use (the filters, methods and tests, every operation counted
against its budget) and the Engine that renders it: by ``engine.simple`` where its tags only
name values, else by Jinja's sandbox (``engine.jinja``), made when a string first needs it."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from ..cache import LRU
from ..tagtext import has_tags
from .bounds import (
    MAX_RENDERED_CHARS,
    EngineError,
    _Budget,
    _length,
    _local,
    _made,
    _step,
    _text,
    _weight,
)
from .formats import make_filters
from .simple import Piece, plan_simple, render_simple

MAX_TEMPLATE_CHARS = 10_000

# The filters a content string may use: text and number shaping whose output stays about the
# size of its input. Jinja's others can allocate without bound (center, indent, wordwrap with
# huge widths) or differ from build to build (random), which would break byte-identical decks.
SAFE_FILTERS = (
    "abs", "capitalize", "default", "d", "first", "float", "int", "join", "last", "length",
    "lower", "round", "string", "title", "trim", "upper",
)  # fmt: skip


# Methods a content string may call on text, lists, mappings and numbers: the ones whose
# result is at most about the size of the value. Others (join, format, expandtabs, encode)
# can build without bound or are better written as a filter.
SAFE_METHODS = frozenset(
    {
        "capitalize", "casefold", "center", "count", "endswith", "find", "get", "index",
        "is_integer", "isalnum", "isalpha", "isdecimal", "isdigit", "islower", "isnumeric",
        "isspace", "istitle", "isupper", "items", "keys", "ljust", "lower", "lstrip",
        "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust",
        "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip",
        "swapcase", "title", "upper", "values", "zfill",
    }
)  # fmt: skip
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})
_BUILTIN_VALUES = (str, list, tuple, dict, int, float)


# The filter every loop's iterable goes through; a name no template can write (a space).
COUNTED = "counted loop"


def output_text(value: Any) -> str:
    """Text a tag or the template writes, counted wherever it goes (output or buffer): the
    sandbox's ``output``, and the simple path's."""
    _step()
    return _text(value)


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so that a call is a step, a value it turns into text is checked for size
    first (a join of a long text with itself), and so is its result."""
    first = 0 if getattr(function, "jinja_pass_arg", None) is None else 1
    reads_text = name not in {"d", "default", "first", "last", "length"}

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _step()
        if reads_text and len(args) > first:
            value = args[first]
            size = _weight(value)
            if name == "join" and isinstance(value, str | list | tuple):
                separator = args[first + 1] if len(args) > first + 1 else kwargs.get("d", "")
                size += len(_text(separator)) * len(value)
            _length(size)
        return _made(function(*args, **kwargs))

    return bounded


def _counted(iterable: Any) -> Iterator[Any]:
    """Yield a loop's items, each round a step."""
    for item in iterable:
        _step()
        yield item


def _counted_test(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def counted(*args: Any, **kwargs: Any) -> Any:
        _step()
        return function(*args, **kwargs)

    return counted


MAX_COMPILED = 4096


class Engine:
    """Compiles and renders content strings for one deck language.

    Compiled templates are kept: a batch renders the same strings for every client, and
    compiling costs a hundred times more than rendering.
    """

    def __init__(self, language: str, currency: str = "EUR") -> None:
        self.language = language
        self.filters = make_filters(language, currency)
        #: deckgen's own filters, bounded: all a string whose tags only name values and format
        #: them needs (``engine.simple``), so such strings render without importing Jinja.
        self.own_filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        self._env: Any = None
        self._compiled: LRU[Any] = LRU(MAX_COMPILED)
        self._planned: LRU[tuple[Piece, ...]] = LRU(MAX_COMPILED)  # () where Jinja compiles

    @property
    def env(self) -> Any:
        """The sandboxed Jinja environment (``engine.jinja``), made when a string needs it."""
        if self._env is None:
            from .jinja import sandbox_environment

            self._env = sandbox_environment(self.own_filters)
        return self._env

    def compile(self, source: str) -> Any:
        """Compile one string; raise EngineError with Jinja's reason."""
        found = self._compiled.get(source)
        if found is not None:
            return found
        if len(source) > MAX_TEMPLATE_CHARS:
            raise EngineError(f"longer than {MAX_TEMPLATE_CHARS} characters")
        from jinja2 import TemplateError

        try:
            found = self.env.from_string(source)
        except TemplateError as err:
            raise EngineError(_reason(err)) from err
        return self._compiled.put(source, found)

    def render(self, source: str, context: Mapping[str, Any]) -> str:
        """Render one string; plain strings without tags are returned as they are."""
        if not has_tags(source):
            return source
        outer = getattr(_local, "budget", None)
        _local.budget = _Budget()
        try:
            text = self._render_simple(source, context)
            if text is None:  # Jinja renders it, on a budget of its own
                _local.budget = _Budget()
                text = self.compile(source).render(context)
        except EngineError:
            raise
        except RecursionError as err:
            raise EngineError("cannot render: nested too deeply") from err
        except Exception as err:  # whatever a template's operations raise is the user's to fix
            if _is_template_error(err):
                raise EngineError(_reason(err)) from err
            raise EngineError(f"cannot render: {type(err).__name__}: {err}") from err
        finally:
            _local.budget = outer
        if len(text) > MAX_RENDERED_CHARS:
            raise EngineError(f"renders to more than {MAX_RENDERED_CHARS:,} characters")
        return text

    def _render_simple(self, source: str, context: Mapping[str, Any]) -> str | None:
        """The string rendered without compiling it (``engine.simple``), or None for Jinja."""
        if len(source) > MAX_TEMPLATE_CHARS:
            return None  # compile refuses it
        pieces = self._planned.get(source)
        if pieces is None:
            # deckgen's filters first; Jinja's own (``| upper``) only where a string uses one.
            planned = plan_simple(source, self.own_filters) or plan_simple(source, self.env.filters)
            pieces = self._planned.put(source, planned or ())
        if not pieces:
            return None
        filters = self.own_filters if self._env is None else self._env.filters
        return render_simple(pieces, context, filters, output_text)


@lru_cache(maxsize=16)
def engine_for(language: str, currency: str = "EUR") -> Engine:
    """Return the one Engine of a deck language and currency (the environment factory)."""
    return Engine(language, currency)


NAMES = "audience, presenter, deck, brand, client, labels, slide, slides"


def _is_template_error(err: Exception) -> bool:
    """Whether Jinja raised err (only a string Jinja rendered can have; Jinja is loaded then)."""
    jinja2 = sys.modules.get("jinja2")
    return jinja2 is not None and isinstance(err, jinja2.TemplateError)


def _reason(err: Any) -> str:
    message = err.message or type(err).__name__
    if type(err).__name__ != "UndefinedError":
        return message
    missing = re.search(r"has no attribute '([^']+)'", message)
    if missing:
        return f"no field {missing.group(1)!r} in this {{{{ }}}} tag; check the spelling"
    return f"{message}; the names a tag can use are {NAMES}"
