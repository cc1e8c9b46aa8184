"""A new slide of a chosen kind: the shipped deck's own slide of that kind in the deck's
language where it has one, else the kind's required fields with placeholder text for the
marketer to replace (validation then names what is still missing)."""

from __future__ import annotations

import functools
from typing import Any

from ..content import read_content
from ..models import SLIDE_KINDS
from ..resources import shipped_content

#: Kinds the shipped deck does not show, with the fields they need.
SKELETONS: dict[str, dict[str, Any]] = {
    "statement": {"headline": "…", "body": "…"},
    "bullets": {"headline": "…", "points": ["…"]},
    "big_number": {
        "headline": "…",
        "stat": {"value": 1, "unit": "number", "label": "…", "source": "…"},
    },
    "chart": {
        "headline": "…",
        "chart": {
            "categories": ["A", "B"],
            "series": [{"name": "…", "values": [1, 2]}],
            "source": "…",
        },
    },
    "quote": {"headline": "…", "quote": "…", "attribution": "…"},
    "comparison": {"headline": "…", "left": {"heading": "…"}, "right": {"heading": "…"}},
    "closing": {"headline": "…"},
}


@functools.cache
def _shipped(language: str) -> dict[str, dict[str, Any]]:
    slides = read_content(shipped_content(language)).data.get("slides", [])
    found: dict[str, dict[str, Any]] = {}
    for slide in slides:
        found.setdefault(slide["kind"], slide)
    return found


def new_slide(kind: str, language: str, sources: list[str]) -> dict[str, Any]:
    """Return a slide of kind to insert; raise KeyError for a kind deckgen does not know.

    A placeholder source is the deck's first, so the slide cites a source that exists.
    """
    SLIDE_KINDS[kind]  # noqa: B018 - unknown kinds are refused before anything is made
    example = _shipped(language if language in ("de", "en") else "en").get(kind)
    body = _copy(example) if example else {"kind": kind, **_copy(SKELETONS.get(kind, {}))}
    body.pop("id", None)  # an id would collide with the slide it was copied from
    first = sources[0] if sources else "…"
    return _fill_sources(body, first)


def _copy(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy(v) for v in node]
    return node


def _fill_sources(node: Any, source: str) -> Any:
    if isinstance(node, dict):
        return {
            k: source if k == "source" and v == "…" else _fill_sources(v, source)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_fill_sources(v, source) for v in node]
    return node
