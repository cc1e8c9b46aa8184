"""Content strings whose tags only name a value, rendered without compiling them with Jinja.

Most content strings are text with tags such as ``{{ audience.company }}`` or
``{{ slide.customers | number }}``. Jinja compiles a string (parse, write Python, compile it)
in about a millisecond, and a command compiles every string of its deck once: 20 ms of
``deckgen validate`` and of ``build``. A string whose every tag is a dotted name with at most
one filter is rendered here, with the sandbox's own steps, filters and output, when each name
is a plain key of a mapping. Anything else (other syntax, a filter that takes Jinja's context,
a missing key, a name that is a method or attribute) goes to Jinja, whose answer or error is
the reference; a property test compares the two.
"""

import re
from collections.abc import Callable, Mapping
from typing import Any

from .bounds import _step

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"

#: ``{{ name.name | filter }}`` with spaces only as padding (other whitespace goes to Jinja).
_TAG = re.compile(rf"\{{\{{ *({_NAME}(?:\.{_NAME})*) *(?:\| *({_NAME}) *)?\}}\}}")

#: Words Jinja reads as literals, operators or its own names, not as a context's keys.
_RESERVED = frozenset(
    {"true", "false", "none", "True", "False", "None", "and", "or", "not", "in", "is", "if",
     "else", "self", "loop", "super", "caller", "varargs", "kwargs"}
)  # fmt: skip

#: A piece of a simple string: its text, or a tag's names and filter.
Piece = str | tuple[tuple[str, ...], str | None]


def plan_simple(source: str, filters: Mapping[str, Any]) -> tuple[Piece, ...] | None:
    """The pieces of source, or None where Jinja must compile it: syntax beyond plain tags, a
    carriage return (which Jinja's reading changes), a filter unknown or taking Jinja's
    context."""
    if "{%" in source or "{#" in source or "\r" in source:
        return None
    source = source.removesuffix("\n")  # Jinja drops a template's one final newline
    pieces: list[Piece] = []
    end = 0
    for tag in _TAG.finditer(source):
        before = source[end : tag.start()]
        if before.endswith("{") or not _literal(before, pieces):
            return None  # "{{{": Jinja's tag starts at the first brace
        names, name = tuple(tag.group(1).split(".")), tag.group(2)
        if _RESERVED.intersection(names):
            return None
        if name is not None and (
            name not in filters or getattr(filters[name], "jinja_pass_arg", None) is not None
        ):
            return None  # not a filter, or one Jinja hands its context or environment
        pieces.append((names, name))
        end = tag.end()
    return tuple(pieces) if _literal(source[end:], pieces) else None


def _literal(text: str, pieces: list[Piece]) -> bool:
    if "{{" in text:
        return False  # a tag the pattern does not take
    if text:
        pieces.append(text)
    return True


def render_simple(
    pieces: tuple[Piece, ...],
    context: Mapping[str, Any],
    filters: Mapping[str, Callable[..., Any]],
    output: Callable[[Any], str],
) -> str | None:
    """Render planned pieces as Jinja's sandbox would (a step per lookup, the same filter and
    output calls); None where a name is not a plain key, for Jinja to answer."""
    texts = []
    for piece in pieces:
        if isinstance(piece, str):
            texts.append(output(piece))
            continue
        names, name = piece
        if names[0] not in context:
            return None
        value = context[names[0]]
        for key in names[1:]:
            if not isinstance(value, Mapping) or hasattr(value, key) or key not in value:
                return None
            _step()
            value = value[key]
        if name is not None:
            value = filters[name](value)
        texts.append(output(value))
    return "".join(texts)
