"""The sandboxed Jinja environment: the filters, methods and tests a content string may use,
every operation counted against its budget, and the Engine that compiles and renders.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any, cast

from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..cache import LRU
from ..tagtext import has_tags
from .bounds import (
    MAX_RENDERED_CHARS,
    EngineError,
    _Budget,
    _integers,
    _length,
    _local,
    _made,
    _percent_size,
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


class _Codegen(CodeGenerator):
    """Jinja's code generator, with the three things a sandbox cannot intercept routed
    through the environment: loops (counted), ``~`` (bounded) and output (bounded, also inside
    macros and blocks, whose output Jinja buffers before anyone can look at it)."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, COUNTED, [], [], None, None, lineno=loop.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.concat_bounded((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.output(")
        if finalize.src is not None:
            self.write(finalize.src)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write(")")
        if finalize.src is not None:
            self.write(")")

    def _output_const_repr(self, group: Any) -> str:
        return f"environment.output({super()._output_const_repr(group)})"


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, also bounding what rendering can build and how long it runs:
    untrusted content must not hang or exhaust a batch worker (``'x' * 10**9``,
    ``9 ** 9 ** 9``, squaring in a loop, a text doubled by ``~``, nested loops).

    Every operation, call, lookup, loop round and output is a step of the render's budget
    (``_Budget``); every value made is checked for size before or, where cheap, after.
    """

    code_generator_class = _Codegen
    intercepted_binops = frozenset({"*", "**", "+", "-", "/", "//", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _step()
        _integers(left, right)
        if operator == "**" and (
            not isinstance(right, int | float) or abs(right) > 64 or abs(left) > 10**6
        ):
            raise EngineError("a power that large is not allowed in a content string")
        if operator == "*":
            sized = [x for x in (left, right) if isinstance(x, str | list | tuple)]
            count = [x for x in (left, right) if isinstance(x, int)]
            if sized and count and _weight(sized[0]) * abs(count[0]) > MAX_RENDERED_CHARS:
                raise EngineError("a repeated text that long is not allowed in a content string")
        elif operator == "+" and isinstance(left, str | list | tuple):
            _length(_weight(left) + _weight(right))
        elif operator == "%" and isinstance(left, str):
            _length(_percent_size(left, right))
        return _made(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _step()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            if name in _WIDTH_METHODS:
                _integers(*args)
                _length(max([len(owner), *(a for a in args if isinstance(a, int))]))
            elif name == "replace" and len(args) >= 2:
                old, new = str(args[0]), str(args[1])
                times = owner.count(old) if old else len(owner) + 1
                _length(len(owner) + times * max(0, len(new) - len(old)))
        return _made(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        _step()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _step()
        return _made(super().getitem(obj, argument))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, _BUILTIN_VALUES) and callable(value) and attr not in SAFE_METHODS:
            raise EngineError(
                f"the method .{attr}() is not allowed in a content string; use a filter "
                "(| join, | upper, ...) instead"
            )
        return True

    def wrap_str_format(self, value: Any) -> None:
        # str.format is refused like any unsafe method (is_safe_attribute), not wrapped.
        return None

    def concat_bounded(self, parts: tuple[Any, ...]) -> str:
        """Join ``a ~ b ~ c``, refusing a result that is too long before building it."""
        _step()
        texts = [_text(p) for p in parts]
        _length(sum(len(t) for t in texts))
        return "".join(texts)

    def output(self, value: Any) -> str:
        """Text a tag or the template writes, counted wherever it goes (output or buffer)."""
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
        env = _Sandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
        filters = {name: env.filters[name] for name in SAFE_FILTERS} | self.filters
        env.filters = {name: _bounded_filter(name, f) for name, f in filters.items()}
        env.filters[COUNTED] = _counted
        env.tests = {
            name: _counted_test(cast(Callable[..., Any], t)) for name, t in env.tests.items()
        }
        # No loops over ranges, no lorem ipsum, no cyclers: content strings format values.
        env.globals = {}
        self.env = env
        self._compiled: LRU[Any] = LRU(MAX_COMPILED)
        self._planned: LRU[tuple[Piece, ...]] = LRU(MAX_COMPILED)  # () where Jinja compiles

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
        outer = getattr(_local, "budget", None)
        _local.budget = _Budget()
        try:
            text = self._render_simple(source, context)
            if text is None:  # Jinja renders it, on a budget of its own
                _local.budget = _Budget()
                text = self.compile(source).render(context)
        except EngineError:
            raise
        except TemplateError as err:
            raise EngineError(_reason(err)) from err
        except RecursionError as err:
            raise EngineError("cannot render: nested too deeply") from err
        except Exception as err:  # whatever a template's operations raise is the user's to fix
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
            pieces = self._planned.put(source, plan_simple(source, self.env.filters) or ())
        return render_simple(pieces, context, self.env.filters, self.env.output) if pieces else None


@lru_cache(maxsize=16)
def engine_for(language: str, currency: str = "EUR") -> Engine:
    """Return the one Engine of a deck language and currency (the environment factory)."""
    return Engine(language, currency)


NAMES = "audience, presenter, deck, brand, client, labels, slide, slides"


def _reason(err: TemplateError) -> str:
    message = err.message or type(err).__name__
    if type(err).__name__ != "UndefinedError":
        return message
    missing = re.search(r"has no attribute '([^']+)'", message)
    if missing:
        return f"no field {missing.group(1)!r} in this {{{{ }}}} tag; check the spelling"
    return f"{message}; the names a tag can use are {NAMES}"
