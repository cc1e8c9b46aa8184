"""Rendering every content string through the engine, with the names a tag may use; client
values are data, never run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..engine import EngineError, engine_for
from ..errors import Problem
from ..labels import LABELS
from ..models import Deck
from ..tagtext import has_tags
from ..typography import NOT_TEXT, typeset
from .messages import CONTROL_CHARS, _control_message, _cut
from .reading import Path_, RawContent


def render_strings(
    raw: RawContent, deck: Deck, client: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Problem]]:
    """Render every content string as a Jinja template; return the result and the problems.

    Values from a client table (``raw.literal``) are data: typeset, never rendered.
    """
    engine = engine_for(deck.language, deck.currency)
    base = jinja_context(deck, client)
    problems: list[Problem] = []
    data = dict(raw.data)  # walk builds new containers; only "slides" is taken out here

    def walk(node: Any, path: Path_, context: Mapping[str, Any], literal: bool = False) -> Any:
        literal = literal or path in raw.literal
        if isinstance(node, str):
            text = node
            if has_tags(node) and not literal:
                try:
                    text = engine.render(node, context)
                except EngineError as err:
                    problems.append(raw.problem(path, str(err)))
                    return node
            if bad := CONTROL_CHARS.search(text):
                problems.append(raw.problem(path, _control_message(bad.group())))
            if not (path and path[-1] in NOT_TEXT):
                text = typeset(text, deck.language)
            return text
        if isinstance(node, dict):
            return {k: walk(v, (*path, k), context, literal) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, (*path, i), context, literal) for i, v in enumerate(node)]
        return node

    slides = data.pop("slides", [])
    rendered = walk(data, (), base)
    # Slides see the deck-level fields as rendered (a company written as a tag reads as the
    # company on slides, not as the tag).
    base["deck"] = {**base["deck"], **rendered}
    for part in ("audience", "presenter", "brand"):
        if isinstance(rendered.get(part), dict):
            base[part] = {**base[part], **rendered[part]}
    rendered["slides"] = [
        walk(s, ("slides", i), {**base, "slide": base["slides_by_index"][i]})
        for i, s in enumerate(slides)
    ]
    return rendered, problems


class ClientValues(Mapping[str, Any]):
    """A client row's variables as ``{{ client.<column> }}`` reads them: values, never templates.

    A cell holding a template tag is refused where a string reads it, naming the column:
    deckgen never runs a client's value, and a deck showing ``{{ ... }}`` to the client while
    the batch reports success would be worse than a failed row. A column no string reads
    (a CRM's own mail-merge text) may hold anything.
    """

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = dict(values)

    def __getitem__(self, key: str) -> Any:
        value = self._values[key]
        if _holds_tags(value):
            shown = _cut(value if isinstance(value, str) else repr(value))
            raise EngineError(
                f"the client value {key!r} ({shown}) holds a template tag; client values are "
                "shown as written, never run: take the braces out of the cell"
            )
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _holds_tags(value: Any) -> bool:
    if isinstance(value, str):
        return has_tags(value)
    if isinstance(value, list | tuple):
        return any(_holds_tags(v) for v in value)
    if isinstance(value, dict):
        return any(_holds_tags(v) for v in value.values())
    return False


def jinja_context(deck: Deck, client: Mapping[str, Any]) -> dict[str, Any]:
    """Return the names content and template strings may use."""
    dumped = [s.model_dump(mode="json") for s in deck.slides]
    return {
        "deck": deck.model_dump(mode="json", exclude={"slides"}),
        "audience": deck.audience.model_dump(mode="json"),
        "presenter": deck.presenter.model_dump(mode="json"),
        "brand": deck.brand.model_dump(mode="json"),
        "client": ClientValues(client),
        "labels": LABELS[deck.language],
        "slides": {deck.slide_key(i): d for i, d in enumerate(dumped)},
        "slides_by_index": dumped,
    }
