"""Jinja tags in a presentation's XML text, including tags PowerPoint split over runs."""

from __future__ import annotations

from typing import Any

from ..tagtext import has_tags, opens_tag
from .xml import qn


def join_split_tags(paragraph: Any) -> None:
    """Merge runs over which PowerPoint split one Jinja tag, keeping the first run's formatting.

    PowerPoint splits text into runs at spell-check marks and edits, so ``{{ audience.company }}``
    may be stored as ``{{ audi`` + ``ence.com`` + ``pany }}``.
    """
    runs = paragraph.findall(qn("a:r"))
    i = 0
    while i < len(runs):
        t = runs[i].find(qn("a:t"))
        text = t.text or "" if t is not None else ""
        while t is not None and opens_tag(text) and i + 1 < len(runs):
            nxt = runs.pop(i + 1)
            nt = nxt.find(qn("a:t"))
            text += nt.text or "" if nt is not None else ""
            nxt.getparent().remove(nxt)
        if t is not None:
            t.text = text
        i += 1


def tag_texts(element: Any) -> tuple[str, ...]:
    """Join tags split over runs below element (in place) and return each distinct text that
    holds a tag, in document order: what ``apply_rendered`` replaces in any copy of it."""
    found: dict[str, None] = {}
    for paragraph in element.iter(qn("a:p")):
        if "{" not in "".join(t.text or "" for t in paragraph.iter(qn("a:t"))):
            continue
        join_split_tags(paragraph)
        for t in paragraph.iter(qn("a:t")):
            if t.text and has_tags(t.text):
                found[t.text] = None
    return tuple(found)


def apply_rendered(element: Any, rendered: dict[str, str]) -> None:
    """Replace each text below element that ``rendered`` names with what it rendered to."""
    for t in element.iter(qn("a:t")):
        if t.text in rendered:
            t.text = rendered[t.text]


def holds_tags(element: Any) -> bool:
    """Whether any text below element holds a Jinja tag (split over runs or not)."""
    return any(
        has_tags("".join(t.text or "" for t in paragraph.iter(qn("a:t"))))
        for paragraph in element.iter(qn("a:p"))
    )
