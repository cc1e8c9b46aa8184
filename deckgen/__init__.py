"""deckgen: turn a marketer's arguments into a boardroom-ready PowerPoint deck for the CEO.

The library API is imported lazily so that the command line starts fast; a type checker sees
the real names through the imports below (and nothing else: an unknown name is an error).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import lazy_names

__version__ = "0.1.0"

__all__ = [
    "BatchReport",
    "BuildResult",
    "Deck",
    "DeckgenError",
    "Finding",
    "Inspection",
    "Preview",
    "RowReport",
    "build_batch",
    "build_deck",
    "check_deck",
    "content_schema",
    "init_project",
    "inspect_template",
    "load",
    "preview_deck",
]

if TYPE_CHECKING:
    from .api import (
        BuildResult,
        Inspection,
        build_deck,
        content_schema,
        init_project,
        inspect_template,
        load,
    )
    from .batch import BatchReport, RowReport, build_batch
    from .check import Finding, check_deck
    from .errors import DeckgenError
    from .export import Preview, preview_deck
    from .models import Deck

#: Where each public name lives, imported on first use.
_HOMES = {
    "BuildResult": "api",
    "Inspection": "api",
    "build_deck": "api",
    "content_schema": "api",
    "init_project": "api",
    "inspect_template": "api",
    "load": "api",
    "BatchReport": "batch",
    "RowReport": "batch",
    "build_batch": "batch",
    "Finding": "check",
    "check_deck": "check",
    "DeckgenError": "errors",
    "Preview": "export",
    "preview_deck": "export",
    "Deck": "models",
}

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_names(__name__, _HOMES)
