"""Overrides: ``--set path=value`` and client cells written into content as it was read."""

from __future__ import annotations

import re
from typing import Any

from ..errors import ContentError, Problem
from ..yamllib import yaml
from .reading import RawContent

_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_override(text: str) -> tuple[str, Any]:
    """Split ``path=value``; the value is read as YAML so numbers stay numbers."""
    if "=" not in text:
        raise ContentError(f"--set {text}: expected path=value, e.g. audience.company=Acme GmbH")
    path, _, value = text.partition("=")
    return path.strip(), parse_scalar(value)


def parse_scalar(value: str) -> Any:
    """Read a command-line or table value as YAML would (numbers, booleans), else as text."""
    try:
        parsed = yaml.safe_load(value)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        return value  # not YAML (2026-02-30, a 5,000-digit number): validation says what it is
    return value if parsed is None or isinstance(parsed, dict | list) else parsed


_PATH = re.compile(r"[\w-]+(?:\.[\w-]+|\[\d+\])*")


def split_path(path: str) -> list[str | int]:
    """Split ``slides[2].headline`` or ``slides.cost_of_inaction.customers`` into segments."""
    if not _PATH.fullmatch(path):
        raise ValueError(
            f"{path!r} is not a field path like audience.company or slides[2].headline"
        )
    return [int(m.group(2)) if m.group(2) else m.group(1) for m in _SEGMENT.finditer(path)]


def copy_data(node: Any) -> Any:
    """Copy loaded content (dicts, lists and immutable scalars) so overrides can change it;
    ``copy.deepcopy`` does the same at four times the cost, which a batch pays per client."""
    if type(node) is dict:
        return {key: copy_data(value) for key, value in node.items()}
    if type(node) is list:
        return [copy_data(value) for value in node]
    return node


def apply_override(
    raw: RawContent,
    path: str,
    value: Any,
    origin: tuple[str, int | None],
    *,
    literal: bool = False,
) -> None:
    """Set the field at path to value; slides are addressed by index, id or kind.

    A ``literal`` value is data (a client table's cell), shown as written: a company called
    ``{{ Acme }}`` reads so on the slide, and a cell holding Jinja is never run.
    """
    try:
        segments = split_path(path)
    except ValueError as err:
        raise ContentError([Problem(origin[0], origin[1], path, str(err))]) from err
    node: Any = raw.data
    resolved: list[str | int] = []
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if isinstance(node, list):
            index = _list_index(node, seg, path, origin)
            resolved.append(index)
            if last:
                node[index] = value
            else:
                node = node[index]
            continue
        if not isinstance(node, dict) or isinstance(seg, int):
            raise ContentError([Problem(origin[0], origin[1], path, "no such field to set")])
        resolved.append(seg)
        if last:
            node[seg] = value
        else:
            node = node.setdefault(seg, {})
    raw.origins[tuple(resolved)] = origin
    if literal:
        raw.literal.add(tuple(resolved))
    else:
        raw.literal.discard(tuple(resolved))


def _list_index(items: list[Any], seg: str | int, path: str, origin: tuple[str, int | None]) -> int:
    if isinstance(seg, int) or seg.isdigit():
        index = int(seg)
        if index < len(items):
            return index
        raise ContentError(
            [Problem(origin[0], origin[1], path, f"index {index} is out of range ({len(items)})")]
        )
    matches = [i for i, it in enumerate(items) if isinstance(it, dict) and it.get("id") == seg]
    if not matches:
        matches = [
            i for i, it in enumerate(items) if isinstance(it, dict) and it.get("kind") == seg
        ]
    if len(matches) == 1:
        return matches[0]
    reason = (
        f"{len(matches)} slides are {seg!r}; give one an id and use it"
        if matches
        else f"no slide has id or kind {seg!r}"
    )
    raise ContentError([Problem(origin[0], origin[1], path, reason)])
