"""The context slide kinds are built in (the deck, its language's labels and formats, its
sources) and the step every kind shares: notes, source line, example marker, typography."""

from __future__ import annotations

import dataclasses
from dataclasses import fields, replace
from typing import Any

from ..engine import Engine
from ..labels import LABELS
from ..models import Deck, SlideBase, Source
from ..typography import typeset
from . import KINDS
from .content import SlideContent


def _typeset(value: Any, language: str) -> Any:
    """A device (a frozen dataclass of tuples and strings) with every string typeset."""
    if isinstance(value, str):
        return typeset(value, language)
    if isinstance(value, tuple):
        return tuple(_typeset(v, language) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _typeset(getattr(value, f.name), language) for f in fields(value)}
        return replace(value, **changes)
    return value


class SlideBuilder:
    """Reduces each slide kind to SlideContent, with the deck's language and formatting."""

    def __init__(self, deck: Deck, engine: Engine) -> None:
        self.deck = deck
        self.labels = LABELS[deck.language]
        self.fmt = engine.filters
        self.sources = {s.id: s for s in deck.sources}

    def content(self, index: int) -> SlideContent:
        slide = self.deck.slides[index]
        out = KINDS[slide.kind].build(self, slide, index)
        out.notes = slide.notes
        if out.source is None:
            out.source = self.source_line(slide)
        if slide.example:
            out.marker = self.labels["example"]
        elif slide.proposal:
            out.marker = self.labels["proposal"]
        # Text deckgen composes (a calculation, a label with a number) is set like the
        # content's: a number keeps its unit on its line.
        language = self.deck.language
        out.texts = {
            role: [replace(p, text=typeset(p.text, language)) for p in paras]
            for role, paras in out.texts.items()
        }
        if out.device is not None:
            out.device = _typeset(out.device, language)
        return out

    def citation(self, source: Source) -> str:
        """A source as a slide cites it: publisher and title, and where it was read (the
        publisher only; the sources slide gives the whole reference)."""
        via = self.sources.get(source.via) if source.via else None
        text = source.citation()
        if via is not None:
            text += f", {self.labels['cited_in']} {via.publisher}"
        return text

    def source_line(self, slide: SlideBase) -> str | None:
        """The slide's source line: every source it cites, those read in the same publication
        named together ("Edelman, Trust Barometer; Hootsuite, cited in LEAD"); never its example
        marker, so a hard statistic does not read like an example."""
        ids = list(dict.fromkeys(sid for _, sid in slide.cited()))
        cited = [self.sources[sid] for sid in ids if sid in self.sources]
        if not cited:
            return None
        groups: dict[str | None, list[Source]] = {}
        for source in cited:
            via = source.via if source.via in self.sources else None
            groups.setdefault(via, []).append(source)
        parts = []
        lab = self.labels
        for via, members in groups.items():
            # Listed together, a title goes in brackets, so commas only separate sources.
            names = [
                m.citation() if len(members) == 1 or not m.title else f"{m.publisher} ({m.title})"
                for m in members
            ]
            if via is None:
                parts.append("; ".join(names))
                continue
            cited_in = f"{lab['cited_in']} {self.sources[via].publisher}"
            if len(names) == 1:
                parts.append(f"{names[0]}, {cited_in}")
            else:  # "A and B, both cited in LEAD": the reader must see it is said of each
                joined = "; ".join(names[:-1]) + f" {lab['and']} {names[-1]}"
                both = lab["both"] if len(names) == 2 else lab["all"]
                parts.append(f"{joined}, {both} {cited_in}")
        label = self.labels["sources" if len(cited) > 1 else "source"]
        return f"{label}: " + "; ".join(parts)

    def quoted(self, text: str) -> str:
        """A question as said aloud, in the deck language's quotation marks."""
        opening, closing = ("„", "“") if self.deck.language == "de" else ("“", "”")
        return text if text.startswith(opening) else f"{opening}{text}{closing}"
