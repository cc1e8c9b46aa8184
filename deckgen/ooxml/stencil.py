"""XML serialised once, with slots for what changes from deck to deck.

A batch writes the same parts again and again with a few different texts: the company in
every footer, a slide's number, a chart's figures. Copying, editing and serialising the
element each time costs far more than joining bytes, so a part that changes only in such
texts is kept as a ``Stencil``: the bytes between the slots, and what goes in each slot.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pptx.opc.oxml import serialize_part_xml

from .tags import tag_texts
from .xml import qn


@dataclass(frozen=True, eq=False)
class Stencil:
    """Bytes with slots: ``pieces`` around them, and each slot's name (``None`` is the slide
    number; any other name is looked up by the caller, e.g. a tag text to render)."""

    pieces: tuple[bytes, ...]
    slots: tuple[str | None, ...]

    def fill(self, lookup: Callable[[str], str], number: int = 0) -> bytes:
        """The bytes with each slot's text, escaped as lxml writes element text."""
        if not self.slots:
            return self.pieces[0]
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            out.append(escape(str(number) if slot is None else lookup(slot)))
            out.append(piece)
        return b"".join(out)


def escape(text: str) -> bytes:
    """Text as lxml writes it inside an element, in UTF-8."""
    for char, entity in _ENTITIES:
        if char in text:
            text = text.replace(char, entity)
    return text.encode()


_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_MARK = re.compile("\ue000([0-9]+)\ue001".encode())


def stencil_of(
    element: Any,
    marked: Sequence[tuple[Any, str | None]],
    serialise: Callable[[Any], bytes] = serialize_part_xml,
) -> Stencil:
    """Serialise element with a slot where each marked element's text stands; the marked
    elements' text is replaced (work on a copy)."""
    for n, (target, _) in enumerate(marked):
        target.text = f"\ue000{n}\ue001"
    parts = _MARK.split(serialise(element))
    pieces, order = parts[0::2], [int(n) for n in parts[1::2]]
    if order != list(range(len(marked))):
        raise ValueError("the text holds deckgen's slot marks (U+E000, U+E001)")
    return Stencil(tuple(pieces), tuple(slot for _, slot in marked))


def stencil_of_bytes(data: bytes, slots: Sequence[tuple[int, int, str]]) -> Stencil:
    """A stencil of serialised XML with slots at the given (start, end, name) byte ranges."""
    pieces, at = [], 0
    for start, end, _ in slots:
        pieces.append(data[at:start])
        at = end
    pieces.append(data[at:])
    return Stencil(tuple(pieces), tuple(name for _, _, name in slots))


def template_text_stencil(element: Any, shapes: Sequence[Any] | None = None) -> Stencil:
    """A part (or a slide, where only ``shapes``, its footers, carry the template's text)
    with a slot for each text holding a tag, named by that text, and on a slide for each
    slide-number field."""
    marked: list[tuple[Any, str | None]] = []
    for root in [element] if shapes is None else shapes:
        texts = set(tag_texts(root))
        for t in root.iter(qn("a:t")):
            if t.text in texts:
                marked.append((t, t.text))
            elif shapes is not None and _is_slide_number(t):
                marked.append((t, None))
    return stencil_of(element, marked)


def _is_slide_number(t: Any) -> bool:
    field = t.getparent()
    return field.tag == qn("a:fld") and field.get("type") == "slidenum"
