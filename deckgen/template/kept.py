"""A template's description kept on disk for the next process: its layouts and their roles,
masters, theme, mapping and the layout each slide kind gets.

Describing a template's layouts and choosing one per slide kind reads every placeholder of
every layout with python-pptx: 50 ms for the shipped template, 0.2-0.3 s for a corporate one
of 36-48 layouts, on every build. The description depends only on the template's bytes, the
mapping file's bytes, whether the template's own slides stay, and the code that reads them,
so it is kept in the disk cache (``diskcache``) under exactly those, as plain JSON: a damaged
or foreign entry reads as missing and the template is described again. A template or mapping
that is refused is never kept: its message is always this file's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from .. import diskcache
from ..geometry import Rect
from .model import Choice, LayoutInfo, MasterInfo, Placeholder

KIND = "templates"

#: Libraries whose reading is in the description (python-pptx and lxml read the package,
#: PyYAML the mapping file).
_LIBRARIES = ("pptx", "lxml", "yaml")

#: The fields of ``Template`` that describing the file works out (the rest are read each time).
FIELDS = (
    "layouts",
    "masters",
    "mapping",
    "mapping_lines",
    "slide_width",
    "slide_height",
    "fonts",
    "theme_name",
    "colours",
    "slide_count",
    "notes",
    "choices",
)

T = TypeVar("T")


class _Foreign(ValueError):
    """A kept value that is not what this code writes."""


def key(blob: bytes, mapping_text: str | None, keep_slides: bool) -> dict[str, Any]:
    """The disk key of a template's description: the template's bytes, the text of its mapping
    file (None: none), whether its own slides stay, and the code."""
    mapping = None if mapping_text is None else hashlib.sha256(mapping_text.encode()).hexdigest()
    return {
        "template": hashlib.sha256(blob).hexdigest(),
        "mapping": mapping,
        "keep_slides": keep_slides,
        "code": diskcache.installed_code(_LIBRARIES),
    }


def read(found_key: dict[str, Any]) -> dict[str, Any] | None:
    """The description kept under the key, as ``Template`` fields, or None."""
    stored = diskcache.read_entry(KIND, found_key)
    if not isinstance(stored, dict):
        return None
    try:
        return _decode(stored)
    except (_Foreign, KeyError, TypeError, ValueError, IndexError):
        return None


def write(found_key: dict[str, Any], fields: dict[str, Any]) -> None:
    """Keep the description (``Template`` fields named in FIELDS) under the key."""
    diskcache.write_entry(KIND, found_key, _encode(fields))


# --------------------------------------------------------------------------- encoding


def _rect(rect: Rect) -> list[int]:
    return [rect.left, rect.top, rect.width, rect.height]


def _layout(info: LayoutInfo) -> dict[str, Any]:
    return {
        "index": info.index,
        "name": info.name,
        "type": info.type,
        "master": info.master,
        "ref": info.ref,
        "part": info.part,
        "placeholders": [
            [ph.idx, ph.name, ph.type, ph.role, _rect(ph.box)] for ph in info.placeholders
        ],
        "roles": info.roles,
        "boxes": {role: _rect(box) for role, box in info.boxes.items()},
        "own": {role: _rect(box) for role, box in info.own.items()},
    }


def _encode(fields: dict[str, Any]) -> dict[str, Any]:
    masters: list[MasterInfo] = fields["masters"]
    choices: dict[str, Choice] = fields["choices"]
    return {
        "layouts": [_layout(info) for info in fields["layouts"]],
        "masters": [[m.name, m.part, _rect(m.title), _rect(m.body), m.footer_top] for m in masters],
        "mapping": fields["mapping"],
        "mapping_lines": fields["mapping_lines"],
        "slide_width": fields["slide_width"],
        "slide_height": fields["slide_height"],
        "fonts": list(fields["fonts"]),
        "theme_name": fields["theme_name"],
        "colours": fields["colours"],
        "slide_count": fields["slide_count"],
        "notes": fields["notes"],
        "choices": {
            kind: [c.kind, _layout(c.layout), c.how, list(c.lacks), c.note]
            for kind, c in choices.items()
        },
    }


# --------------------------------------------------------------------------- decoding


def _typed(value: Any, kind: type[T]) -> T:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _Foreign(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _text_or_none(value: Any) -> str | None:
    return None if value is None else _typed(value, str)


def _int_or_none(value: Any) -> int | None:
    return None if value is None else _typed(value, int)


def _list(value: Any, item: Callable[[Any], T]) -> list[T]:
    return [item(v) for v in _typed(value, list)]


def _dict(value: Any, item: Callable[[Any], T]) -> dict[str, T]:
    return {_typed(k, str): item(v) for k, v in _typed(value, dict).items()}


def _to_rect(value: Any) -> Rect:
    left, top, width, height = (_typed(v, int) for v in _typed(value, list))
    return Rect(left, top, width, height)


def _to_placeholder(value: Any) -> Placeholder:
    idx, name, kind, role, box = _typed(value, list)
    return Placeholder(
        _typed(idx, int), _typed(name, str), _typed(kind, str), _typed(role, str), _to_rect(box)
    )


def _to_layout(value: Any) -> LayoutInfo:
    data = _typed(value, dict)
    return LayoutInfo(
        index=_typed(data["index"], int),
        name=_typed(data["name"], str),
        type=_typed(data["type"], str),
        master=_typed(data["master"], int),
        ref=_typed(data["ref"], str),
        part=_typed(data["part"], str),
        placeholders=_list(data["placeholders"], _to_placeholder),
        roles=_dict(data["roles"], lambda v: _typed(v, int)),
        boxes=_dict(data["boxes"], _to_rect),
        own=_dict(data["own"], _to_rect),
    )


def _to_master(value: Any) -> MasterInfo:
    name, part, title, body, footer_top = _typed(value, list)
    return MasterInfo(
        _typed(name, str), _typed(part, str), _to_rect(title), _to_rect(body),
        _typed(footer_top, int),
    )  # fmt: skip


def _to_choice(value: Any) -> Choice:
    kind, layout, how, lacks, note = _typed(value, list)
    return Choice(
        _typed(kind, str),
        _to_layout(layout),
        _typed(how, str),
        tuple(_list(lacks, lambda v: _typed(v, str))),
        _text_or_none(note),
    )


def _decode(data: dict[str, Any]) -> dict[str, Any]:
    heading, body = _list(data["fonts"], lambda v: _typed(v, str))
    return {
        "layouts": _list(data["layouts"], _to_layout),
        "masters": _list(data["masters"], _to_master),
        "mapping": _dict(data["mapping"], lambda v: _typed(v, str)),
        "mapping_lines": _dict(data["mapping_lines"], lambda v: _typed(v, int)),
        "slide_width": _int_or_none(data["slide_width"]),  # None: the package gives none
        "slide_height": _int_or_none(data["slide_height"]),
        "fonts": (heading, body),
        "theme_name": _typed(data["theme_name"], str),
        "colours": _dict(data["colours"], lambda v: _typed(v, str)),
        "slide_count": _typed(data["slide_count"], int),
        "notes": _list(data["notes"], lambda v: _typed(v, str)),
        "choices": _dict(data["choices"], _to_choice),
    }
