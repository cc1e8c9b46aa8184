"""Reading a template file once per process: refused with what it is and what to do where it
cannot be used, its masters, layouts, theme and mapping read, its layouts chosen."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

from .. import ooxml
from ..cache import LRU
from ..errors import TemplateError
from . import kept
from .choice import choose_layouts
from .layouts import describe_layouts
from .mapping import mapping_beside, mapping_file_beside, read_mapping, read_mapping_text
from .model import Template

RESAVE = ooxml.RESAVE


MAX_LOADED = 8


_LOADED: LRU[Template] = LRU(MAX_LOADED)


_LOADING = threading.Lock()


def _file_key(path: Path | None) -> tuple[Any, ...]:
    if path is None:
        return (None,)
    try:
        st = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path.resolve()), st.st_mtime_ns, st.st_size)


def load_template(
    path: Path, mapping: Path | None = None, *, keep_slides: bool = False
) -> Template:
    """Return the template at path, read once per process while the files are unchanged.

    Reading a template and preparing its layouts costs far more than a deck; a process that
    builds many decks (a batch, a server, a benchmark) reads it once.
    """
    key = (_file_key(path), _file_key(mapping), _file_key(mapping_beside(path)), keep_slides)
    with _LOADING:  # threads of one process share the templates read, and read each once
        found = _LOADED.get(key)
        if found is None:
            found = _LOADED.put(key, _read_template(path, mapping, keep_slides=keep_slides))
    return found


def _read_template(
    path: Path, mapping: Path | None = None, *, keep_slides: bool = False
) -> Template:
    """Read and check a template; raise TemplateError saying what the file is and what to do.

    ``mapping`` is a layout mapping file; without it ``<name>.deckgen.yaml`` beside the
    template is used when it exists. ``keep_slides`` keeps the template's own slides (after the
    built ones); otherwise they are left out, with a note.
    """
    blob, fmt, notes = read_package(path)
    blob = ooxml.unique_placeholder_idx(blob)
    mapping = mapping if mapping is not None else mapping_file_beside(path)
    # The mapping is read once, for the key and the description alike (an edit in between
    # must not be kept under the other text's key). One that cannot be read is reported where
    # it always was, after the template's own checks, and nothing is kept.
    text = None
    if mapping is not None:
        with contextlib.suppress(TemplateError):
            text = read_mapping_text(mapping)
    readable = mapping is None or text is not None
    found_key = kept.key(blob, text, keep_slides) if readable else None
    described = kept.read(found_key) if found_key is not None else None
    if described is None:
        described = _describe(path, blob, mapping, keep_slides, text)
        if found_key is not None:
            kept.write(found_key, described)
    described = described | {"notes": notes + described["notes"]}
    return Template(
        path=path, blob=blob, format=fmt, mapping_file=mapping, keep_slides=keep_slides,
        **described,
    )  # fmt: skip


def _describe(
    path: Path, blob: bytes, mapping: Path | None, keep_slides: bool, text: str | None
) -> dict[str, Any]:
    """What reading the template's layouts, masters, theme and mapping (``text``, where it was
    read) works out: the fields of ``Template`` that ``kept`` keeps (FIELDS), its layouts
    chosen."""
    name = str(path)
    prs = ooxml.open_presentation(name, blob, TemplateError)
    with_dtd = ooxml.part_with_dtd(prs)
    if with_dtd is not None:
        raise TemplateError(
            f"{name}: its part {with_dtd} declares a DTD, which a presentation's parts must "
            f"not; {RESAVE}"
        )
    masters, layouts = describe_layouts(name, blob, prs)
    if not layouts:
        raise TemplateError(f"{name}: the template has no slide layouts; {RESAVE}")
    fonts, theme_name, colours = _theme(name, prs)
    slide_count = len(prs.slides)
    one = slide_count == 1
    notes = []
    if slide_count and keep_slides:
        follow = "follows" if one else "follow"
        notes.append(f"its {count(slide_count, 'slide')} {follow} the built slides")
    elif slide_count:
        notes.append(
            f"its {count(slide_count, 'slide')} {'is' if one else 'are'} left out of the deck "
            f"(--keep-template-slides keeps {'it' if one else 'them'})"
        )
    chosen, lines = read_mapping(mapping, layouts, text) if mapping is not None else ({}, {})
    template = Template(
        path=path,
        blob=blob,
        layouts=layouts,
        mapping=chosen,
        mapping_file=mapping,
        mapping_lines=lines,
        slide_width=_emu(prs.slide_width),
        slide_height=_emu(prs.slide_height),
        masters=masters,
        fonts=fonts,
        theme_name=theme_name,
        colours=colours,
        slide_count=slide_count,
        notes=notes,
        keep_slides=keep_slides,
    )
    described = {field: getattr(template, field) for field in kept.FIELDS}
    return described | {"choices": choose_layouts(template)}


def _emu(length: Any) -> Any:
    """A python-pptx length as the plain int a kept description gives back (None: none)."""
    return None if length is None else int(length)


def read_package(path: Path) -> tuple[bytes, str, list[str]]:
    """Return the template as the bytes of a plain .pptx package, its format and notes.

    Refuse, with what the file is and what to do, everything that is not a presentation
    package deckgen can safely open: the refusals ``deckgen check`` gives for the same file.
    """
    opened = ooxml.read_presentation(path, ooxml.package_limits(), TemplateError)
    return opened.blob, opened.format, list(opened.notes)


def count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _theme(name: str, prs: Any) -> tuple[tuple[str, str], str, dict[str, str]]:
    try:
        fonts = ooxml.theme_fonts(prs)
        theme_name, colours = ooxml.theme_summary(prs)
    except ooxml.UnreadableTheme as err:
        raise TemplateError(
            f"{name}: cannot read the theme of its first slide master ({err}); {RESAVE}"
        ) from err
    return fonts, theme_name, colours
