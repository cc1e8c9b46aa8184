"""deckgen: turn a marketer's arguments into a boardroom-ready PowerPoint deck for the CEO.

The library API is imported lazily so that the command line starts fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "build_deck",
    "build_batch",
    "load",
    "content_schema",
    "init_project",
    "DeckgenError",
]


def __getattr__(name: str) -> Any:
    if name in ("build_deck", "build_batch", "load", "content_schema", "init_project"):
        from . import api

        return getattr(api, name)
    if name == "DeckgenError":
        from .errors import DeckgenError

        return DeckgenError
    raise AttributeError(name)
