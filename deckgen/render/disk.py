"""Slides kept on disk for the next process: the key a slide is found by, and its stored form.

A marketer builds, edits a slide and builds again. Each new process built every slide again
with python-pptx and fitted its text (about half a second of a one-second build), though all
but the edited slide come out the same. A slide that fits its boxes is kept in the disk cache
(``diskcache``) under a digest of everything it is made from: the template's bytes and the
layout chosen, what the slide shows, the deck's language, currency, date and the text colour
its accent calls for, the fonts, deckgen's own code and the libraries that write the XML. A
later build whose slide has the same digest takes the kept bytes instead of building them.

Kept slides never change a deck: the key holds whatever the bytes depend on, and a value is
plain data (bytes and strings checked on reading, never code), so a damaged or foreign entry
reads as missing and the slide is built again. Only whole slides with every text fitted are
kept; one that overflows is built again, so its message is always this content's.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import decimal
import enum
import functools
import hashlib
import json
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import diskcache
from ..fit.fitter import Compacted
from ..ooxml.assembly import Base, BuiltSlide
from ..ooxml.opc import PartData, Rel
from ..ooxml.package import Packed
from ..ooxml.stencil import Stencil
from .state import KeptSlide

KIND = "slides"

#: Slides kept at most, and their size together: a deck is about 15 slides of 10-60 kB, so this
#: holds a few dozen decks in a few tens of megabytes.
MAX_SLIDES = 1024
MAX_BYTES = 64_000_000

#: Libraries whose output is in a slide's bytes (python-pptx writes the XML, lxml serialises
#: it, XlsxWriter the chart's workbook, Pillow reads pictures; and zlib, below).
_LIBRARIES = ("pptx", "lxml", "xlsxwriter", "PIL")


class NotData(TypeError):
    """A key holds a value with no fixed written form: that slide is not kept on disk."""


def canonical(value: Any) -> Any:
    """Return value as JSON data that two processes write the same, each type tagged (so
    ``1`` and ``"1"``, a tuple and a list, are told apart); raise NotData for anything else.

    An object's repr could hold its address, which another process may reuse for another
    object: only types whose value is their content are written.
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return ["i", str(value)]
    if isinstance(value, float):
        return ["f", repr(value)]
    if isinstance(value, tuple | list):
        return ["t" if isinstance(value, tuple) else "l", [canonical(v) for v in value]]
    if isinstance(value, frozenset | set):
        return ["s", sorted(json.dumps(canonical(v), sort_keys=True) for v in value)]
    if isinstance(value, Mapping):
        return ["m", [[canonical(k), canonical(v)] for k, v in value.items()]]
    if isinstance(value, enum.Enum):
        return ["e", type(value).__qualname__, canonical(value.value)]
    if isinstance(value, dt.date | decimal.Decimal | Path):
        return [type(value).__name__, str(value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [[f.name, canonical(getattr(value, f.name))] for f in dataclasses.fields(value)]
        return ["d", f"{type(value).__module__}.{type(value).__qualname__}", fields]
    raise NotData(type(value).__name__)


def _code() -> list[Any]:
    """deckgen's own code and the libraries writing a slide; zlib deflates the pieces kept, and
    another zlib may deflate the same bytes otherwise."""
    return [*diskcache.installed_code(_LIBRARIES), zlib.ZLIB_RUNTIME_VERSION]


def template_digest(blob: bytes, keep_slides: bool) -> str:
    """The digest a template's slides are kept under: its bytes and whether its own slides
    stay in the deck (which moves the names of the parts a slide refers to)."""
    return hashlib.sha256(blob + (b"\x01" if keep_slides else b"\x00")).hexdigest()


def slide_key(
    template: str, fonts: Mapping[str, Any] | None, made_of: Any
) -> dict[str, Any] | None:
    """The disk key of the slide ``made_of`` (its in-process key, with the layout chosen) in
    the template of digest ``template``; None where it cannot be kept (fonts that are not the
    process's own, a value with no fixed written form)."""
    if fonts is None:
        return None
    try:
        body = json.dumps(canonical(made_of), sort_keys=True)
    except (NotData, ValueError):
        return None
    setting = _setting(json.dumps(fonts, sort_keys=True))
    return {
        "template": template,
        "setting": setting,
        "slide": hashlib.sha256(body.encode()).hexdigest(),
    }


@functools.lru_cache(maxsize=8)
def _setting(fonts: str) -> str:
    """A digest of the fonts (as JSON) and the code: the same for every slide of a process."""
    return hashlib.sha256(json.dumps([fonts, _code()]).encode()).hexdigest()


def read(key: Mapping[str, Any]) -> KeptSlide | None:
    """The slide kept under key, or None when there is none that can be trusted."""
    value = diskcache.read_entry(KIND, key)
    try:
        return _decode(value)
    except (TypeError, ValueError, KeyError, AttributeError, zlib.error):
        return None


def write(entries: Sequence[tuple[Mapping[str, Any], KeptSlide]]) -> None:
    """Keep these slides for the next process (slides with text over its box are not kept)."""
    kept = [(key, _encode(slide)) for key, slide in entries if not slide.overflows]
    if kept:
        diskcache.write_entries(KIND, kept, keep=MAX_SLIDES, max_bytes=MAX_BYTES)


def _bytes(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unbytes(text: Any) -> bytes:
    if not isinstance(text, str):
        raise TypeError("bytes are kept as base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _rels(rels: Sequence[Rel]) -> list[list[Any]]:
    return [[r.r_id, r.reltype, r.target, r.external] for r in rels]


def _unrels(rows: Any) -> tuple[Rel, ...]:
    out = []
    for row in rows:
        match row:
            case [str(r_id), str(reltype), str(target), bool(external)]:
                out.append(Rel(r_id, reltype, target, external))
            case _:
                raise TypeError("a relationship is four values")
    return tuple(out)


def _stencil(stencil: Stencil) -> dict[str, Any]:
    head, after = stencil.packed_state()
    return {
        "pieces": [_bytes(p) for p in stencil.pieces],
        "head": _bytes(head),
        "after": [[n, _bytes(text), _bytes(data)] for n, text, data in after],
        "slots": list(stencil.slots),
    }


def _unstencil(value: Any) -> Stencil:
    pieces = tuple(_unbytes(p) for p in _list(value["pieces"]))
    slots = tuple(_list(value["slots"]))
    if len(pieces) != len(slots) + 1 or not all(s is None or isinstance(s, str) for s in slots):
        raise ValueError("a stencil has one piece more than it has slots")
    after = []
    for entry in _list(value["after"]):
        n, text, data = _list(entry)
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError("a deflated piece's number is a number")
        after.append((n, _unbytes(text), _unbytes(data)))
    return Stencil.from_packed(pieces, slots, _unbytes(value["head"]), tuple(after))


def _encode(slide: KeptSlide) -> dict[str, Any]:
    built = slide.built
    owned = []
    for part in built.owned:
        blob = part.blob
        stored: Any = (
            {"crc": blob.crc, "data": _bytes(blob.data), "size": blob.size}
            if isinstance(blob, Packed)
            else _bytes(blob)
        )
        owned.append(
            {
                "name": part.partname,
                "type": part.content_type,
                "blob": stored,
                "rels": _rels(part.rels),
            }
        )
    return _stencil(built.xml) | {
        "rels": _rels(built.rels),
        "owned": owned,
        "missing_fonts": sorted(slide.missing_fonts),
        # What its device leaves out, warned of on every build that takes it (its number is
        # the deck's, given when it is taken: ``Compacted.on_slide``).
        "compacted": [[c.layout, c.left_out, c.fewer] for c in slide.compacted],
    }


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("a list was kept here")
    return value


def _packed(stored: Any) -> Packed:
    """A part kept compressed; raise ValueError unless it inflates to its size and CRC."""
    crc, size = stored["crc"], stored["size"]
    if not (isinstance(crc, int) and isinstance(size, int)):
        raise TypeError("a packed part's CRC and size are numbers")
    data = _unbytes(stored["data"])
    unpacker = zlib.decompressobj(-15)
    content = unpacker.decompress(data, size + 1)
    if len(content) != size or zlib.crc32(content) != crc or not unpacker.eof:
        raise ValueError("a packed part does not hold what its size and CRC say")
    return Packed(crc, data, size)


def _decode(value: Any) -> KeptSlide | None:
    if not isinstance(value, dict):
        return None
    stencil = _unstencil(value)
    owned = []
    for part in _list(value["owned"]):
        blob = _packed(part["blob"]) if isinstance(part["blob"], dict) else _unbytes(part["blob"])
        if not (isinstance(part["name"], str) and isinstance(part["type"], str)):
            raise TypeError("a part's name and type are text")
        owned.append(PartData(part["name"], part["type"], blob, _unrels(part["rels"])))
    missing = _list(value["missing_fonts"])
    if not all(isinstance(name, str) for name in missing):
        raise TypeError("missing fonts are names")
    compacted = []
    # An entry without this record (older code's) raises KeyError: read as missing, not as a
    # slide that left nothing out.
    for entry in _list(value["compacted"]):
        match entry:
            case [str(layout), str(left_out), str(fewer)]:
                compacted.append(Compacted(0, layout, left_out, fewer))
            case _:
                raise TypeError("a compact form's record is three texts")
    built = BuiltSlide(stencil, _unrels(value["rels"]), tuple(owned))
    return KeptSlide(built, (), frozenset(missing), tuple(compacted))


#: A template's base (its parts serialised, ``assembly.Base``) and blank notes page, kept so
#: that a build whose slides are all kept needs no python-pptx. One per template, as large as
#: the template's parts.
BASE_KIND = "bases"
MAX_BASES = 16
MAX_BASE_BYTES = 64_000_000


def base_key(template: str) -> dict[str, Any]:
    """The disk key of the base of the template of digest ``template``: the code alone, with
    no fonts (a base measures no text)."""
    return {"template": template, "setting": _setting("")}


def read_base(key: Mapping[str, Any]) -> tuple[Base, bytes] | None:
    """The base and notes page kept under key, or None when there is none to trust."""
    value = diskcache.read_entry(BASE_KIND, key)
    try:
        return _decode_base(value)
    except (TypeError, ValueError, KeyError, AttributeError, zlib.error):
        return None


def write_base(key: Mapping[str, Any], kept: tuple[Base, bytes]) -> None:
    """Keep a template's base and notes page for the next process."""
    base, notes = kept
    # Base64 makes bytes a third larger: a base over the cache's entry limit (a template of
    # large pictures) is not encoded only to be dropped.
    held = sum(map(len, base.blobs.values())) + len(notes)
    if held * 4 // 3 >= diskcache.MAX_ENTRY_BYTES:
        return
    parts = [
        {
            "name": p.partname,
            "type": p.content_type,
            "blob": _bytes(base.blobs[p.partname]),  # the template's parts are bytes
            "rels": _rels(p.rels),
        }
        for p in base.parts
    ]
    value = {
        "parts": parts,
        "tagged": [[name, _stencil(stencil)] for name, stencil in base.tagged.items()],
        "package_rels": _rels(base.package_rels),
        "presentation": base.presentation,
        "presentation_rels": _rels(base.presentation_rels),
        "presentation_root": _bytes(base.presentation_root),
        "themes": list(base.themes),
        "notes_master": base.notes_master,
        "core": base.core,
        "notes": _bytes(notes),
    }
    diskcache.write_entries(BASE_KIND, [(key, value)], keep=MAX_BASES, max_bytes=MAX_BASE_BYTES)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("a name is text")
    return value


def _decode_base(value: Any) -> tuple[Base, bytes] | None:
    if not isinstance(value, dict):
        return None
    parts = [
        PartData(_text(p["name"]), _text(p["type"]), _unbytes(p["blob"]), _unrels(p["rels"]))
        for p in _list(value["parts"])
    ]
    tagged = {
        _text(name): _unstencil(stencil) for name, stencil in map(_list, _list(value["tagged"]))
    }
    base = Base(
        parts=parts,
        tagged=tagged,
        package_rels=_unrels(value["package_rels"]),
        presentation=_text(value["presentation"]),
        presentation_rels=_unrels(value["presentation_rels"]),
        presentation_root=_unbytes(value["presentation_root"]),
        themes=[_text(name) for name in _list(value["themes"])],
        notes_master=_text(value["notes_master"]),
        core=_text(value["core"]),
    )
    notes = _unbytes(value["notes"])
    base.check_whole(notes)  # one that decodes but is not a base is made again, not half used
    return base, notes
