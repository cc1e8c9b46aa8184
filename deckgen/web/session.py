"""One content file being edited in the page: the draft as YAML, its validation by the library,
saving it back, and noticing a change made to the file on disk.

The draft takes every edit, valid or not, so the page always shows what was typed; only a
draft that validates is built or saved. Validation reads the draft exactly as ``deckgen build``
would read the saved file (same loader, same file name, same lines), so its messages are the
command line's.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content import MAX_CONTENT_BYTES, load_deck, parse_content
from ..engine import make_filters
from ..errors import ContentError, DeckgenError, InputError, Problem
from ..inputs import read_text_input
from ..models import SLIDE_KINDS, Deck
from ..output import write_atomic
from ..records import record
from ..resources import shipped_content
from . import forms
from .starters import new_slide
from .words import DERIVED_LABELS, KIND_LABELS, pick
from .yamldoc import YamlDocument

#: Where a deck-level field the file lacks is written: in the model's order.
DECK_ORDER = list(Deck.model_fields)
#: Logo files the page takes, by their first bytes; the suffix is ours, never the upload's.
IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg", b"GIF8": ".gif"}


@record
class Checked:
    """The library's verdict on one draft text: the deck, or every problem at once."""

    deck: Deck | None
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        return self.deck is not None


@record
class DiskState:
    """What the content file on disk was when the page last read or wrote it."""

    stamp: tuple[int, int] | None  # (mtime_ns, size); None: no file yet
    text: str | None


class SaveConflict(DeckgenError):
    """The file on disk changed since the page read it; saving would lose that change."""


@dataclass
class PendingLogo:
    """A logo uploaded but not saved: kept in the workspace until Save copies it beside the
    content file under the name the content gives it."""

    data: bytes
    path: Path  # in the workspace
    name: str  # relative to the content file, as brand.logo will say


@dataclass
class Session:
    """The content file the server edits, and the draft of it the page shows."""

    content: Path
    workspace: Path
    doc: YamlDocument
    disk: DiskState
    template: Path | None = None
    template_name: str | None = None
    logo: PendingLogo | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)
    _checked: tuple[str, Checked] | None = None
    _last_valid: Deck | None = None  # its rendered headlines stand in while the draft is invalid

    @classmethod
    def open(cls, content: Path | None, workspace: Path) -> Session:
        """Read content (or start ./pitch.yaml from the shipped German deck when it does not
        exist); raise ContentError when the file is not readable YAML."""
        path = content if content is not None else Path("pitch.yaml")
        if content is None and not path.exists():
            text = read_text_input(
                shipped_content("de"), "content file", MAX_CONTENT_BYTES, ContentError
            )
            return cls(path, workspace, YamlDocument(text, str(path)), DiskState(None, None))
        disk = read_disk(path)
        assert disk.text is not None
        return cls(path, workspace, YamlDocument(disk.text, str(path)), disk)

    @property
    def folder(self) -> Path:
        return self.content.parent

    @property
    def name(self) -> str:
        return str(self.content)

    # ------------------------------------------------------------------- reading the draft

    def text(self) -> str:
        with self.lock:
            return self.doc.text()

    def data(self) -> dict[str, Any]:
        with self.lock:
            return self.doc.plain()

    def language(self) -> str:
        language = self.data().get("language")
        return language if language in ("de", "en") else "en"

    def check(self) -> Checked:
        """Validate the draft as the saved file would be; cached per draft text."""
        text = self.text()
        cached = self._checked
        if cached is not None and cached[0] == text:
            return cached[1]
        try:
            deck = load_deck(raw=parse_content(text, self.name))
            result = Checked(deck, ())
        except InputError as err:
            problems = err.problems or [Problem(self.name, None, "", str(err))]
            result = Checked(None, tuple(problems))
        self._checked = (text, result)
        if result.deck is not None:
            self._last_valid = result.deck
        return result

    def derived(self, index: int) -> dict[str, str]:
        """Return the derived figures of slide index, formatted as the deck writes them,
        computed by the slide's model from the draft's inputs; empty while they do not
        validate (other slides' problems do not matter)."""
        data = self.data()
        slides = data.get("slides") or []
        if not 0 <= index < len(slides) or not isinstance(slides[index], dict):
            return {}
        model = SLIDE_KINDS.get(slides[index].get("kind"))
        if model is None or not model.model_computed_fields:
            return {}
        language = self.language()
        shown = [name for name in model.model_computed_fields if name in DERIVED_LABELS]
        try:
            slide = model.model_validate(slides[index], context={"rendered": False})
        except ValueError:
            return dict.fromkeys(shown, "–")
        filters = make_filters(language, str(data.get("currency") or "EUR"))
        out = {}
        for name in shown:
            fmt = filters["currency"] if name in forms.CURRENCY_DERIVED else filters["number"]
            out[name] = fmt(getattr(slide, name))
        return out

    def derived_labels(self, index: int) -> dict[str, str]:
        language = self.language()
        return {name: pick(DERIVED_LABELS[name], language) for name in self.derived(index)}

    def slide_list(self) -> list[dict[str, Any]]:
        """Return each slide's number, kind and headline for the list beside the form."""
        checked = self.check()
        language = self.language()
        rendered = (checked.deck or self._last_valid or Deck.model_construct(slides=[])).slides
        bad = {_slide_of(p.field) for p in checked.problems}
        items = []
        for i, slide in enumerate(self.data().get("slides") or []):
            slide = slide if isinstance(slide, dict) else {}
            kind = str(slide.get("kind", ""))
            same = i < len(rendered) and rendered[i].kind == kind
            headline = rendered[i].headline if same else str(slide.get("headline", ""))
            items.append(
                {
                    "index": i,
                    "kind": kind,
                    "headline": headline,
                    "problems": i in bad,
                    "kind_label": pick(KIND_LABELS[kind], language)
                    if kind in KIND_LABELS
                    else kind,
                }
            )
        return items

    # ------------------------------------------------------------------- editing

    def edit_slide(self, index: int, sent: Any) -> None:
        """Apply a slide form as sent by the page; raise IndexError for no such slide."""
        with self.lock:
            slides = self.doc.plain().get("slides") or []
            old = slides[index]
            kind = old.get("kind") if isinstance(old, dict) else None
            if kind not in SLIDE_KINDS:
                raise IndexError(index)
            values = forms.read_form(forms.slide_widgets(kind), sent, old, self.language())
            self.doc.set_slide(index, {"kind": kind, **values})

    def edit_deck(self, sent: Any) -> None:
        """Apply the deck panel's form (audience, presenter, brand, sources, ...)."""
        with self.lock:
            old = self.doc.plain()
            values = forms.read_form(forms.deck_widgets(), sent, old, self.language())
            self.doc.set_deck(values, DECK_ORDER)

    def add_slide(self, kind: str, at: int) -> int:
        """Insert a new slide of kind at position at (clamped); return where it went."""
        with self.lock:
            data = self.doc.plain()
            count = len(data.get("slides") or [])
            at = max(0, min(at, count))
            sources = [s.get("id") for s in data.get("sources") or [] if isinstance(s, dict)]
            slide = new_slide(kind, self.language(), [str(s) for s in sources if s])
            self.doc.insert_slide(at, slide)
            return at

    def remove_slide(self, index: int) -> None:
        with self.lock:
            self._slide_index(index)
            self.doc.remove_slide(index)

    def move_slide(self, index: int, to: int) -> int:
        """Move slide index to position to (clamped); return where it went."""
        with self.lock:
            count = self._slide_index(index)
            to = max(0, min(to, count - 1))
            self.doc.move_slide(index, to)
            return to

    def _slide_index(self, index: int) -> int:
        count = len(self.doc.plain().get("slides") or [])
        if not 0 <= index < count:
            raise IndexError(index)
        return count

    def start_from(self, language: str) -> None:
        """Replace the draft by the shipped starter deck in language (de or en)."""
        path = shipped_content(language)
        text = read_text_input(path, "content file", MAX_CONTENT_BYTES, ContentError)
        with self.lock:
            self.doc = YamlDocument(text, self.name)
            self.logo = None

    def set_logo(self, data: bytes) -> str:
        """Take an uploaded logo (PNG, JPEG or GIF, judged by its bytes); it is written beside
        the content file on Save as ``<content>-logo.<type>``. Return that name; raise
        InputError for anything else."""
        suffix = next((s for magic, s in IMAGE_MAGIC.items() if data.startswith(magic)), None)
        if suffix is None:
            raise InputError("the logo is not a PNG, JPEG or GIF image; export it as PNG")
        name = self.content.name.removesuffix(".yaml").removesuffix(".yml") + "-logo" + suffix
        path = self.workspace / ("logo" + suffix)
        write_atomic(path, data)
        with self.lock:
            self.logo = PendingLogo(data, path, name)
            brand = dict(self.doc.plain().get("brand") or {})
            self.doc.set_deck({**self._deck_fields(), "brand": {**brand, "logo": name}}, DECK_ORDER)
        return name

    def remove_logo(self) -> None:
        with self.lock:
            self.logo = None
            brand = dict(self.doc.plain().get("brand") or {})
            brand.pop("logo", None)
            fields = self._deck_fields()
            if brand:
                fields["brand"] = brand
            else:
                fields.pop("brand", None)
            self.doc.set_deck(fields, DECK_ORDER)

    def _deck_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.doc.plain().items() if k != "slides"}

    # ------------------------------------------------------------------- building

    def build_text(self) -> str:
        """Return the draft as a copy in the workspace must say it to read the same logo as the
        saved file: a relative logo made absolute (beside the content file, or the pending
        upload). Everything else is the draft's text as it is."""
        with self.lock:
            text = self.doc.text()
            brand = self.doc.plain().get("brand")
            logo = brand.get("logo") if isinstance(brand, dict) else None
            if not isinstance(logo, str) or not logo:
                return text
            if self.logo is not None and logo == self.logo.name:
                found = self.logo.path
            elif Path(logo).is_absolute():
                return text
            else:
                found = (self.folder / logo).absolute()
            copy = YamlDocument(text, self.name)
            copy.root["brand"]["logo"] = str(found)
            return copy.text()

    # ------------------------------------------------------------------- disk

    def disk_changed(self) -> str | None:
        """Return the file's text when someone changed it on disk since the page read or wrote
        it (and it now differs from what the page last saw), else None."""
        stamp = _stamp(self.content)
        if stamp == self.disk.stamp:
            return None
        try:
            now = read_disk(self.content)
        except ContentError:
            return None  # gone or unreadable: saving will recreate it
        if now.text == self.disk.text:
            self.disk = now  # touched, not changed
            return None
        return now.text

    def reload(self) -> None:
        """Take the file on disk as the draft (the user chose its version over theirs)."""
        disk = read_disk(self.content)
        assert disk.text is not None
        with self.lock:
            self.doc = YamlDocument(disk.text, self.name)
            self.disk = disk
            self.logo = None

    def save(self, *, force: bool = False) -> None:
        """Write the draft to the content file atomically, the pending logo first.

        Raise ContentError listing every problem while the draft does not validate (nothing is
        written), SaveConflict when the file changed on disk since it was read, unless force.
        """
        with self.lock:
            checked = self.check()
            if not checked.valid:
                raise ContentError(list(checked.problems))
            if not force and self.disk_changed() is not None:
                raise SaveConflict(
                    f"{self.name}: changed on disk since the page read it; load that version "
                    "or keep yours and overwrite it"
                )
            text = self.text()
            if self.logo is not None:
                write_atomic(self.folder / self.logo.name, self.logo.data)
                self.logo = None
            write_atomic(self.content, text.encode("utf-8"))
            self.disk = DiskState(_stamp(self.content), text)

    @property
    def dirty(self) -> bool:
        return self.logo is not None or self.text() != self.disk.text


def read_disk(path: Path) -> DiskState:
    """Read the content file as deckgen reads any (bounded, UTF-8); raise ContentError."""
    text = read_text_input(path, "content file", MAX_CONTENT_BYTES, ContentError)
    return DiskState(_stamp(path), text)


def _stamp(path: Path) -> tuple[int, int] | None:
    with contextlib.suppress(OSError):
        st = os.stat(path)
        return (st.st_mtime_ns, st.st_size)
    return None


def _slide_of(field_path: str) -> int | None:
    if field_path.startswith("slides["):
        with contextlib.suppress(ValueError):
            return int(field_path[len("slides[") :].split("]", 1)[0])
    return None


def digest(data: bytes | str) -> str:
    """Return a short content hash, used to name built files and thumbnails."""
    blob = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(blob).hexdigest()[:20]
