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
from dataclasses import dataclass, field
from typing import Any

from pptx.opc.oxml import serialize_part_xml

from .package import ZIP_LEVEL, Packed
from .tags import tag_texts
from .xml import qn


@dataclass(frozen=True, eq=False)
class Stencil:
    """Bytes with slots: ``pieces`` around them, and each slot's name (``None`` is the slide
    number; any other name is looked up by the caller, e.g. a tag text to render)."""

    pieces: tuple[bytes, ...]
    slots: tuple[str | None, ...]
    _packed: tuple[bytes, ...] | None = field(default=None, repr=False)

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

        Each piece is deflated once on its own, ending in a full flush (byte-aligned, no
        reference to what came before), so pieces and slot texts deflated apart join into
        one valid stream, as parallel gzip tools join theirs; the last piece ends the stream.
        """
        deflated = self.packed_pieces()
        crc = zlib.crc32(self.pieces[0])
        size = len(self.pieces[0])
        out = [deflated[0]]
        for slot, piece, packed in zip(self.slots, self.pieces[1:], deflated[1:], strict=True):
            text = escape(str(number) if slot is None else lookup(slot))
            out.append(_deflated_text(text))
            out.append(packed)
            crc = zlib.crc32(piece, zlib.crc32(text, crc))
            size += len(text) + len(piece)
        return Packed(crc, b"".join(out), size)

    def packed_pieces(self) -> tuple[bytes, ...]:
        """Each piece deflated on its own (see ``fill_packed``), made once."""
        if self._packed is None:
            last = len(self.pieces) - 1
            object.__setattr__(
                self, "_packed", tuple(_deflate(p, n == last) for n, p in enumerate(self.pieces))
            )
        assert self._packed is not None
        return self._packed

    @classmethod
    def from_packed(
        cls, pieces: tuple[bytes, ...], slots: tuple[str | None, ...], packed: tuple[bytes, ...]
    ) -> Stencil:
        """A stencil with its pieces deflated before (by ``packed_pieces``, in another process);
        raise ValueError unless each deflated piece holds exactly its piece."""
        if len(packed) != len(pieces):
            raise ValueError("one deflated piece per piece")
        for n, (piece, deflated) in enumerate(zip(pieces, packed, strict=True)):
            unpacker = zlib.decompressobj(-15)
            if unpacker.decompress(deflated, len(piece) + 1) != piece or unpacker.unconsumed_tail:
                raise ValueError("a deflated piece does not hold its piece")
            if (n == len(pieces) - 1) != unpacker.eof:
                raise ValueError("only the last deflated piece ends the stream")
        return cls(pieces, slots, packed)


def _deflate(data: bytes, last: bool) -> bytes:
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
    serialise: Callable[[Any], bytes] = serialize_part_xml,
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
