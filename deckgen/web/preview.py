"""Building the draft off the request thread: the deck as ``deckgen build`` makes it, and its
slides as images through LibreOffice where installed.

One build runs at a time per deck; a request made while one runs replaces any request still
waiting, so after a burst of typing only the latest draft is built next. A build that is
overtaken before LibreOffice starts skips the images: they would be out of date on arrival.
"""

from __future__ import annotations

import re
import shutil
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..api import build_deck
from ..errors import DeckgenError, MissingToolError
from ..export import convert_to_pdf, pdf_to_png, pdftoppm, soffice
from ..records import record
from .session import digest

#: Pixels per inch of the slide images: a 13.33-inch slide is 800 pixels wide, sharp in the
#: page's large preview and small enough to rebuild in well under a second.
THUMB_DPI = 60
THUMB_NAME = re.compile(r"[0-9a-f]{20}")


@record
class Job:
    """Everything a build of the draft depends on."""

    text: str
    overrides: tuple[str, ...]
    template: Path | None
    name: str  # the content file's name, for the deck's file name and messages

    @property
    def key(self) -> str:
        return digest("\0".join([self.text, *self.overrides, str(self.template), self.name]))


@record
class BuildState:
    """What the page is told about the preview."""

    state: str = "idle"  # idle, building, done, failed
    key: str | None = None  # the job the deck and images below were made from
    deck: Path | None = None
    thumbs: tuple[str, ...] = ()  # one image hash per slide
    error: str | None = None  # why the last build failed (the library's message)
    images_error: str | None = None  # why there are no images (LibreOffice missing)
    notes: tuple[str, ...] = ()  # what the build said: template notes (no logo place), warnings
    generation: int = 0  # counts finished builds, so the page knows when to look again


@dataclass
class Builder:
    """The one build worker of a deck."""

    workspace: Path
    images: bool = True  # False: build the deck only (no LibreOffice), as the API tests do
    state: BuildState = field(default_factory=BuildState)
    _waiting: Job | None = None
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _thread: threading.Thread | None = None
    _stopped: bool = False
    build_lock: threading.Lock = field(default_factory=threading.Lock)
    _notes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by job key

    def request(self, job: Job) -> None:
        """Build job next, replacing any job still waiting; return at once."""
        with self._cond:
            if job.key == self.state.key and self.state.state == "done":
                return
            self._waiting = job
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="deckgen-preview", daemon=True
                )
                self._thread.start()
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()
        if self._thread is not None:
            # A conversion still running ends on its own (and fails once the workspace is
            # gone): Ctrl-C does not wait for LibreOffice.
            self._thread.join(timeout=5)

    @property
    def busy(self) -> bool:
        with self._cond:
            return self._waiting is not None or self.state.state == "building"

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._waiting is None and not self._stopped:
                    self._cond.wait()
                if self._stopped:
                    return
                job, self._waiting = self._waiting, None
                assert job is not None  # the wait ends with a job or a stop
                self.state = replace(self.state, state="building")
            self._build(job)

    def _overtaken(self) -> bool:
        with self._cond:
            return self._waiting is not None or self._stopped

    def _build(self, job: Job) -> None:
        try:
            deck = self.build(job)
        except DeckgenError as err:
            # The job's key: the failure is current for this draft, until it changes.
            self._finish(state="failed", key=job.key, error=str(err))
            return
        notes = self._notes.get(job.key, ())
        if self._overtaken() or not self.images:
            self._finish(state="idle", key=job.key, deck=deck, error=None, notes=notes)
            return
        thumbs, images_error = self.state.thumbs, None
        try:
            thumbs = self._images(deck, job.key)
        except MissingToolError as err:
            images_error = str(err)
        except DeckgenError as err:
            images_error = str(err)
        self._finish(
            state="done",
            key=job.key,
            deck=deck,
            thumbs=thumbs,
            images_error=images_error,
            error=None,
            notes=notes,
        )

    def _finish(self, **changes: Any) -> None:
        with self._cond:
            self.state = replace(self.state, generation=self.state.generation + 1, **changes)

    def build(self, job: Job) -> Path:
        """Build the deck of job into the workspace (once per job); return it. Raise the
        library's DeckgenError, its messages naming the content file, not the workspace."""
        stem = Path(job.name).name.removesuffix(".yaml").removesuffix(".yml") or "deck"
        folder = self.workspace / "builds" / job.key
        target = folder / f"{stem}.pptx"
        with self.build_lock:
            if target.exists():
                return target
            draft = folder / "draft" / Path(job.name).name
            draft.parent.mkdir(parents=True, exist_ok=True)
            draft.write_text(job.text, encoding="utf-8")
            try:
                built = build_deck(
                    draft, template=job.template, output=target, overrides=list(job.overrides)
                )
            except DeckgenError as err:
                shutil.rmtree(folder, ignore_errors=True)
                raise type(err)(str(err).replace(str(draft), job.name)) from None
            # Warnings (a device drawn in its compact form) too: the page is where the
            # marketer looks, and they name the draft, which the user knows by its file name.
            said = (*built.notes, *built.warnings)
            self._notes[job.key] = tuple(text.replace(str(draft), job.name) for text in said)
        return target

    def pdf(self, deck: Path) -> Path:
        """Return the PDF of a built deck, converting it once; raise MissingToolError."""
        target = deck.with_suffix(".pdf")
        with self.build_lock:
            if not target.exists():
                convert_to_pdf([deck], deck.parent)
        return target

    def _images(self, deck: Path, key: str) -> tuple[str, ...]:
        soffice("preview")
        pdftoppm("preview")
        pdf = self.pdf(deck)
        pages = self.workspace / "builds" / key / "pages"
        thumbs = self.workspace / "thumbs"
        thumbs.mkdir(parents=True, exist_ok=True)
        hashes = []
        for page in pdf_to_png(pdf, pages, dpi=THUMB_DPI, prefix="slide"):
            data = page.read_bytes()
            name = digest(data)
            target = thumbs / f"{name}.png"
            if not target.exists():
                page.replace(target)
            hashes.append(name)
        shutil.rmtree(pages, ignore_errors=True)
        return tuple(hashes)

    def thumb(self, name: str) -> Path | None:
        """Return the image of a thumbnail hash this builder made, else None; the name is
        checked to be a hash, so no request names a file."""
        if not THUMB_NAME.fullmatch(name):
            return None
        path = self.workspace / "thumbs" / f"{name}.png"
        return path if path.is_file() else None
