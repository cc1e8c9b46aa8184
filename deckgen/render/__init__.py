"""Turning a validated Deck into slides of a template.

Each slide kind is first reduced to a ``SlideContent`` (see ``deckgen.kinds``): text by
placeholder role, an optional chart, table or device, the source line and the notes. Filling is
then one generic step: each role goes to the layout's placeholder for it (or the nearest role
the layout has), so a new slide kind never needs new placement code and any template with
sensible layouts works.

The package's modules: ``deck`` (a deck rendered and written), ``fill`` (one slide filled),
``charts`` and ``tables`` (frames on a slide), ``state`` (what rendering keeps per template)
and ``facts`` (what rendering takes from the deck beside its slides).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_names

__all__ = [
    "RenderState",
    "TableLayout",
    "chart_description",
    "finish_fitting",
    "fit_cache",
    "frame_text_sizes",
    "language_tag",
    "render_deck",
    "table_layout",
]

if TYPE_CHECKING:
    from .charts import chart_description, frame_text_sizes
    from .deck import finish_fitting, render_deck
    from .facts import language_tag
    from .state import RenderState, fit_cache
    from .tables import TableLayout, table_layout

#: Where each name lives, imported on first use: importing the package costs nothing.
_HOMES = {
    "chart_description": "charts",
    "frame_text_sizes": "charts",
    "finish_fitting": "deck",
    "render_deck": "deck",
    "language_tag": "facts",
    "RenderState": "state",
    "fit_cache": "state",
    "TableLayout": "tables",
    "table_layout": "tables",
}

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_names(__name__, _HOMES)
