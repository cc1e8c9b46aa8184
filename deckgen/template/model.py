"""What deckgen knows of a template once it is read: layouts with the role of each placeholder,
masters, the layout each slide kind gets, and what to tell the user about them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..geometry import Rect
from ..records import record
from .mapping import mapping_beside


@record
class Placeholder:
    """One placeholder of a layout: its idx, name, python-pptx type and the role deckgen gives
    it."""

    idx: int
    name: str
    type: str
    role: str
    box: Rect


@dataclass
class LayoutInfo:
    """One layout and the placeholder (idx) that takes each role.

    ``own`` holds the boxes where deckgen draws a role itself because the layout has no
    placeholder for it (a title on a blank layout, a chart beside the text, the source line).
    """

    index: int
    name: str
    type: str
    master: int = 0
    ref: str = ""
    part: str = ""
    placeholders: list[Placeholder] = field(default_factory=list)
    roles: dict[str, int] = field(default_factory=dict)
    boxes: dict[str, Rect] = field(default_factory=dict)
    own: dict[str, Rect] = field(default_factory=dict)


@record
class MasterInfo:
    """A slide master: where its title and text go, and where its footer row starts."""

    name: str
    part: str
    title: Rect
    body: Rect
    footer_top: int


@record
class Choice:
    """The layout a slide kind is built on, how it was chosen, and what it lacks."""

    kind: str
    layout: LayoutInfo
    how: str  # "mapping" (a mapping file named it), "structure", "fallback"
    lacks: tuple[str, ...]  # wanted roles without a placeholder; their text goes elsewhere
    note: str | None = None  # said on every build that uses the kind


@record(eq=False)
class Template:
    """What was read from a template file, once: its package, layouts and masters, theme, the
    mapping and the layout each slide kind is built on. Immutable; what rendering works out
    from it for every deck is the renderer's (``render.state``). Equal only to itself."""

    path: Path
    blob: bytes
    layouts: list[LayoutInfo]
    mapping: dict[str, str]
    mapping_file: Path | None
    slide_width: int
    slide_height: int
    mapping_lines: dict[str, int] = field(default_factory=dict)
    format: str = "PowerPoint presentation (.pptx)"
    masters: list[MasterInfo] = field(default_factory=list)
    fonts: tuple[str, str] = ("", "")
    theme_name: str = ""
    colours: dict[str, str] = field(default_factory=dict)
    slide_count: int = 0
    notes: list[str] = field(default_factory=list)
    choices: dict[str, Choice] = field(default_factory=dict)
    keep_slides: bool = False

    def layout_for(self, kind: str) -> LayoutInfo:
        """Return the layout for a slide kind, its roles fitted to what the kind shows."""
        return self.choices[kind].layout

    def overflow_advice(self, kind: str, *, own_content: bool = True) -> str:
        """What to do about text of a ``kind`` slide that does not fit this template's layout:
        choose a roomier layout in the mapping file, shorten the text where it is the user's
        (never deckgen's installed content), or keep it with --allow-overflow."""
        layout = self.layout_for(kind).ref
        mapping = self.mapping_file or mapping_beside(self.path)
        roomier = (
            f"give {kind} slides a layout with more room (a line `{kind}: <layout>` under "
            f"`layouts:` in {mapping}; `deckgen inspect {self.path}` lists the layouts)"
        )
        if own_content:
            return f"shorten it, {roomier}, or build with --allow-overflow to keep it"
        return (
            f"the shipped text does not fit layout {layout!r} of {self.path}: {roomier}, or "
            "write your own content with `deckgen init` and shorten it there, or build with "
            "--allow-overflow to keep it"
        )

    def notes_for(self, kinds: Iterable[str], *, logo: bool = False) -> list[str]:
        """Return what a build of these slide kinds (with a brand logo or not) should tell the
        user about the template."""
        kinds = list(dict.fromkeys(kinds))
        notes = [f"{self.path}: {note}" for note in self.notes]
        groups: dict[str, list[str]] = {}
        for kind in kinds:
            note = self.choices[kind].note
            if note:
                groups.setdefault(note, []).append(kind)
        for note, group in groups.items():
            notes.append(f"{self.path}: {', '.join(group)} slides {note}")
        if logo and not any("logo" in self.choices[k].layout.roles for k in kinds):
            notes.append(
                f"{self.path}: none of the deck's layouts has a Logo picture placeholder, so "
                "brand.logo is not shown; add one to the title layout in the slide master"
            )
        return notes
