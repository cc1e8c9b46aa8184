"""XML serialised once, with slots for what changes from deck to deck.

A batch writes the same parts again and again with a few different texts: the company in
every footer, a slide's number, a chart's figures. Copying, editing and serialising the
element each time costs far more than joining bytes, so a part that changes only in such
texts is kept as a ``Stencil``: the bytes between the slots, and what goes in each slot.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import field
from typing import Any

from ..records import record
from .opc import serialize
from .package import ZIP_LEVEL, Packed
from .tags import tag_texts
from .xml import qn

#: Pieces deflated after a slot's text, kept per stencil: a batch's clients each bring their
#: company; the slide numbers of a position are the same for all of them.
_KEPT_AFTER = 64
#: A deflate stream refers back at most 32 KiB.
_WINDOW = 32768


@record(eq=False)
class Stencil:
    """Bytes with slots: ``pieces`` around them, and each slot's name (``None`` is the slide
    number; any other name is looked up by the caller, e.g. a tag text to render)."""

    pieces: tuple[bytes, ...]
    slots: tuple[str | None, ...]
    _head: bytes | None = field(default=None, repr=False)
    _after: dict[tuple[int, bytes], bytes] = field(default_factory=dict, repr=False)

    def fill(self, lookup: Callable[[str], str], number: int = 0) -> bytes:
        """The bytes with each slot's text, escaped as lxml writes element text."""
        if not self.slots:
            return self.pieces[0]
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            out.append(escape(str(number) if slot is None else lookup(slot)))
            out.append(piece)
        return b"".join(out)

    def fill_packed(self, lookup: Callable[[str], str], number: int = 0) -> Packed:
        """``fill`` as a compressed zip member, compressing only the slots' text.

        Each piece and slot text is deflated on its own, ending in a full flush (byte-aligned),
        so they join into one valid stream, as parallel gzip tools join theirs; the last piece
        ends the stream. A piece after a slot is deflated with what precedes it in the part
        (the piece before and the slot's text) as its preset dictionary, so it refers back as
        a deflate of the whole part would: deflated alone, the pieces made decks 1.16 times an
        ordinary deflate of their parts. It is kept per slot text (``packed_after``).
        """
        crc = zlib.crc32(self.pieces[0])
        size = len(self.pieces[0])
        out = [self.packed_head()]
        for n, (slot, piece) in enumerate(zip(self.slots, self.pieces[1:], strict=True), 1):
            text = escape(str(number) if slot is None else lookup(slot))
            out.append(_deflated_text(text))
            out.append(self.packed_after(n, text))
            crc = zlib.crc32(piece, zlib.crc32(text, crc))
            size += len(text) + len(piece)
        return Packed(crc, b"".join(out), size)

    def packed_head(self) -> bytes:
        """The first piece deflated, made once."""
        if self._head is None:
            object.__setattr__(self, "_head", _deflate(self.pieces[0], len(self.pieces) == 1))
        assert self._head is not None
        return self._head

    def packed_after(self, n: int, text: bytes) -> bytes:
        """Piece ``n`` deflated after slot text ``text`` and the piece before it."""
        key = (n, text)
        found = self._after.get(key)
        if found is None:
            if len(self._after) >= _KEPT_AFTER:
                self._after.clear()  # one-off texts go; a dict's clear is safe across threads
            before = (self.pieces[n - 1] + text)[-_WINDOW:]
            found = _deflate(self.pieces[n], n == len(self.pieces) - 1, before)
            self._after[key] = found
        return found

    def packed_state(self) -> tuple[bytes, tuple[tuple[int, bytes, bytes], ...]]:
        """What another process needs to deflate nothing of the texts seen so far: the first
        piece deflated, and each (piece number, slot text, piece deflated after it)."""
        after = tuple(sorted((n, text, data) for (n, text), data in list(self._after.items())))
        return self.packed_head(), after

    @classmethod
    def from_packed(
        cls,
        pieces: tuple[bytes, ...],
        slots: tuple[str | None, ...],
        head: bytes,
        after: tuple[tuple[int, bytes, bytes], ...],
    ) -> Stencil:
        """A stencil with its pieces deflated before (``packed_state``, in another process);
        raise ValueError unless each deflated piece holds exactly its piece."""
        _check_deflated(head, pieces[0], len(pieces) == 1, b"")
        for n, text, deflated in after:
            if not 1 <= n < len(pieces):
                raise ValueError("a deflated piece's number is not one of the stencil's")
            before = (pieces[n - 1] + text)[-_WINDOW:]
            _check_deflated(deflated, pieces[n], n == len(pieces) - 1, before)
        return cls(pieces, slots, head, {(n, text): data for n, text, data in after})


def _check_deflated(deflated: bytes, piece: bytes, last: bool, before: bytes) -> None:
    unpacker = zlib.decompressobj(-15, zdict=before) if before else zlib.decompressobj(-15)
    if unpacker.decompress(deflated, len(piece) + 1) != piece or unpacker.unconsumed_tail:
        raise ValueError("a deflated piece does not hold its piece")
    if last != unpacker.eof:
        raise ValueError("only the last deflated piece ends the stream")


def _deflate(data: bytes, last: bool, before: bytes = b"") -> bytes:
    """Deflate data as part of a longer stream; ``before`` is what precedes it there."""
    if before:
        packer = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15, zdict=before)
    else:
        packer = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)


@functools.lru_cache(maxsize=1024)
def _deflated_text(text: bytes) -> bytes:
    """A slot's text deflated on its own (a deck writes the same company many times)."""
    return _deflate(text, False)


def escape(text: str) -> bytes:
    """Text as lxml writes it inside an element, in UTF-8."""
    for char, entity in _ENTITIES:
        if char in text:
            text = text.replace(char, entity)
    return text.encode()


_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
# Slot marks: a pair of private-use characters around the slot's number. Text may hold any
# pair (a client's value can be anything), so each stencil takes the first pair whose marks
# split its XML into exactly the slots, in order.
_MARKS = [(chr(0xE000 + 2 * n), chr(0xE001 + 2 * n)) for n in range(64)]


def stencil_of(
    element: Any,
    marked: Sequence[tuple[Any, str | None]],
    serialise: Callable[[Any], bytes] = serialize,
) -> Stencil:
    """Serialise element with a slot where each marked element's text stands; the marked
    elements' text is replaced (work on a copy)."""
    for start, end in _MARKS:
        for n, (target, _) in enumerate(marked):
            target.text = f"{start}{n}{end}"
        pattern = re.compile(f"{start}([0-9]+){end}".encode())
        parts = pattern.split(serialise(element))
        pieces, order = parts[0::2], [int(n) for n in parts[1::2]]
        if order == list(range(len(marked))):
            return Stencil(tuple(pieces), tuple(slot for _, slot in marked))
    raise ValueError("the text holds every pair of deckgen's slot marks (U+E000 to U+E07F)")


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
