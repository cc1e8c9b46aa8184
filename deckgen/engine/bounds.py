"""What rendering one content string may use: integers, lengths, characters made, steps and
time, counted per string and thread; and the engine's one error.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping
from typing import Any

MAX_RENDERED_CHARS = 20_000


class EngineError(Exception):
    """A string could not be compiled or rendered; content and render wrap it for the user."""


# Bounds on what rendering one content string may do. Content strings format values; none of
# these comes near what one needs, and together they bound its memory and time whatever it
# holds (docs/decisions.md, "Untrusted input: bounds").
MAX_INT = 10**100  # any integer an operation takes or makes
MAX_STEPS = 100_000  # loop rounds, calls, lookups, operations, outputs
MAX_MADE = 1_000_000  # characters (and items) made in all, intermediate values included
RENDER_SECONDS = 2.0  # wall clock, the backstop for anything the counts above miss
_CLOCK_EVERY = 16  # steps between looks at the clock

# The widths and precisions of %-format conversions: "%20000s", "%.5f", "%(name)-8s".
_PERCENT_WIDTHS = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?")


class _Budget:
    """What the string being rendered in this thread has used so far."""

    __slots__ = ("deadline", "made", "steps")

    def __init__(self) -> None:
        self.steps = 0
        self.made = 0
        self.deadline = time.monotonic() + RENDER_SECONDS


_local = threading.local()


def _step() -> None:
    budget: _Budget | None = getattr(_local, "budget", None)
    if budget is None:  # compiling: Jinja folds constants, whose size the template bounds
        return
    budget.steps += 1
    if budget.steps > MAX_STEPS:
        raise EngineError(
            f"takes more than {MAX_STEPS:,} steps (loop rounds, calls, operations) to render; "
            "a content string formats values: simplify it"
        )
    if budget.steps % _CLOCK_EVERY == 0 and time.monotonic() > budget.deadline:
        raise EngineError(
            f"takes longer than {RENDER_SECONDS:g} s to render; a content string formats values: "
            "simplify it"
        )


def _made(value: Any) -> Any:
    """Check a value an operation made: integers up to MAX_INT, texts and lists up to
    MAX_RENDERED_CHARS long, and MAX_MADE characters in all."""
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > MAX_INT:
            raise EngineError("a number beyond 10**100 is not allowed in a content string")
    elif isinstance(value, str | list | tuple | dict):
        _length(len(value))
    return value


def _length(size: int) -> None:
    if size > MAX_RENDERED_CHARS:
        raise EngineError(
            f"a text or list of more than {MAX_RENDERED_CHARS:,} characters or items is not "
            "allowed in a content string"
        )
    budget: _Budget | None = getattr(_local, "budget", None)
    if budget is not None:
        budget.made += size
        if budget.made > MAX_MADE:
            raise EngineError(
                f"makes more than {MAX_MADE:,} characters in all to render; a content string "
                "formats values: simplify it"
            )


def _weight(value: Any) -> int:
    """Return about how many characters str(value) has, counting no further than the bound:
    a tuple naming one long text a thousand times is short but prints long."""
    stack, total = [value], 0
    while stack and total <= MAX_RENDERED_CHARS:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, list | tuple):
            total += 2 + 2 * len(item)
            stack.extend(item[: MAX_RENDERED_CHARS + 1])
        elif isinstance(item, Mapping):
            total += 2 + 4 * len(item)
            for key in list(item)[: MAX_RENDERED_CHARS + 1]:
                stack.append(key)
                stack.append(dict.get(item, key) if isinstance(item, dict) else "")
        else:
            total += 8
    return total


def _text(value: Any) -> str:
    """Return str(value), refusing first a value whose text would be too long."""
    if not isinstance(value, str):
        _length(_weight(value))
        value = str(value)
    _length(len(value))
    return value


def _integers(*values: Any) -> None:
    if any(isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_INT for v in values):
        raise EngineError("a number beyond 10**100 is not allowed in a content string")


def _percent_size(form: str, args: Any) -> int:
    """Return at most how long ``form % args`` is, from its widths and its values' texts."""
    values = (
        list(args) if isinstance(args, tuple) else list(args.values()) if isinstance(args, dict)
        else [args]
    )  # fmt: skip
    size = len(form)
    for width, precision in _PERCENT_WIDTHS.findall(form):
        for number in (width, precision):
            if number == "*":
                size += sum(abs(v) for v in values if isinstance(v, int))
            elif number:
                size += int(number)
    return size + sum(_weight(v) for v in values)
