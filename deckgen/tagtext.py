"""What counts as a Jinja tag in text: the one definition the engine, the XML tag joiner,
content loading and ``deckgen check`` share."""

from __future__ import annotations

import re

#: The opening marks of a Jinja expression, statement and comment.
OPENERS = ("{{", "{%", "{#")

#: A tag as it stands in text, or its unclosed start at the end of the text (a tag cut off or
#: split over runs): what ``deckgen check`` reports as left over.
TAG = re.compile(r"\{\{.*?(?:\}\}|$)|\{%.*?(?:%\}|$)|\{#.*?(?:#\}|$)")


def has_tags(text: str) -> bool:
    """Return True when text holds a Jinja expression, statement or comment."""
    return "{{" in text or "{%" in text or "{#" in text


def opens_tag(text: str) -> bool:
    """Whether text ends inside an expression or statement, or on a lone ``{`` that may begin
    one: where PowerPoint split a tag over runs, the next run continues it."""
    return (
        text.count("{{") > text.count("}}")
        or text.count("{%") > text.count("%}")
        or text.endswith("{")
    )
