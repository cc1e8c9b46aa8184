"""What a user reads about a value that failed validation: where it is, what is wrong, what
to do; values quoted short so that a huge cell cannot flood the report.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from ..models import SLIDE_KINDS, Deck

if TYPE_CHECKING:
    from .reading import Path_


def _unknown_source(sid: str, deck: Deck) -> str:
    known = ", ".join(s.id for s in deck.sources) or "none"
    return f"unknown source {sid!r} (declared: {known}); declare it under sources: or fix the id"


def normalise_loc(data: Any, loc: Iterable[str | int]) -> Path_:
    """Drop Pydantic's union tags (the slide kind) from an error location."""
    path: list[str | int] = []
    node = data
    for step in loc:
        if isinstance(node, dict) and step not in node and node.get("kind") == step:
            continue
        if isinstance(step, str) and step.startswith(("function-", "str", "json-or-python")):
            continue
        path.append(step)
        if isinstance(node, dict):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            node = None
    return tuple(path)


def _message(e: Any, path: Path_, data: Any) -> str:
    kind = e["type"]
    value = e.get("input")
    if kind == "missing" and path and path[-1] == "source":
        return "every figure needs a source: add `source: <id>` naming one of the deck's sources"
    if kind == "missing":
        return "required field is missing; add it"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(data, path[:-1])
        near = difflib.get_close_matches(str(path[-1]), allowed, n=1)
        hint = f"did you mean {near[0]!r}?" if near else "allowed: " + ", ".join(allowed)
        return f"unknown field; {hint}"
    if kind in {"int_parsing", "float_parsing", "int_type", "float_type"}:
        return f"{_shown(value)} is not a number"
    if kind == "int_from_float":
        return f"{_shown(value)} is not a whole number"
    if kind == "union_tag_invalid":
        tag = str(e.get("ctx", {}).get("tag", ""))
        near = difflib.get_close_matches(tag, SLIDE_KINDS, n=1)
        hint = f"did you mean {near[0]!r}?" if near else "kinds: " + ", ".join(SLIDE_KINDS)
        return f"unknown slide kind {tag!r}; {hint}"
    if kind == "union_tag_not_found":
        return "each slide needs a kind: (e.g. bullets, chart, cost_of_inaction)"
    msg: str = e["msg"]
    if msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    return msg[:1].lower() + msg[1:]


def _allowed_fields(data: Any, parent: Path_) -> list[str]:
    model: Any = Deck
    node: Any = data
    for step in parent:
        node = cast(Any, node)[step] if isinstance(node, dict | list) else None
        model = _child_model(model, step, node)
        if model is None:
            return []
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [n for n, f in model.model_fields.items() if not f.exclude]
    return []


def _child_model(model: Any, step: str | int, node: Any) -> Any:
    if isinstance(step, int):
        args = typing.get_args(model)
        return _pick(args[0] if args else None, node)
    if isinstance(model, type) and issubclass(model, BaseModel) and step in model.model_fields:
        return _pick(model.model_fields[step].annotation, node)
    return None


def _pick(annotation: Any, node: Any) -> Any:
    """Resolve Annotated/Optional/union annotations to the model the data at node is."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        if isinstance(node, dict) and node.get("kind") in SLIDE_KINDS:
            return SLIDE_KINDS[node["kind"]]
        members = [_pick(a, node) for a in typing.get_args(annotation)]
        return next((m for m in members if m is not type(None) and m is not None), None)
    return annotation


# Characters XML 1.0 cannot hold, so no slide can show them (tab and line breaks are fine).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _control_message(char: str) -> str:
    return f"contains the control character U+{ord(char):04X}, which a slide cannot show; remove it"


def _cut(text: str, limit: int = 40) -> str:
    """Quote a user's value in a message, cut so that a huge cell cannot flood the report."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _shown(value: Any) -> str:
    return _cut(value) if isinstance(value, str) else _cut(repr(value))[1:-1]
