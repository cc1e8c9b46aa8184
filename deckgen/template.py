"""Reading a PowerPoint template and mapping slide kinds to its layouts.

A template is an ordinary .pptx/.potx a designer made, in whatever language, with whatever
layout names. Reading it is the boundary where an untrusted file meets deckgen: every file a
user may plausibly pass (a lock file, a password-protected or legacy .ppt, a theme, a zip bomb)
is recognised here and refused once, as a TemplateError saying what the file is and what to do.

Layouts are chosen by an explicit mapping (``<name>.deckgen.yaml`` beside the template, or
``--mapping``) when there is one, else by layout type and placeholder structure, never by
English layout name or position alone, so a German, Japanese or reordered corporate template
works. Placeholders are known by role: their type and position, and for the extra roles a
template may offer (Source, Big number, ...) their name. Where a kind finds no suitable layout,
the best available one is used, deckgen draws what is missing within the master's margins, and
says so.
"""

from __future__ import annotations

import difflib
import textwrap
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from . import ooxml
from .cache import LRU
from .content import load_yaml
from .errors import Problem, TemplateError
from .geometry import Rect
from .inputs import read_text_input
from .kinds import KINDS, KindNeeds
from .roles import FURNITURE, HEADINGS, label, placeholder_role, text_target

# --------------------------------------------------------------------------- limits

# A real corporate template is a few MB, rarely 100 MB with videos; these limits are far above
# that and far below what would exhaust memory (see ooxml.Limits). Decks checked by
# ``deckgen check`` are unpacked within the same limits.
MAX_TEMPLATE_BYTES = 200_000_000
MAX_MEMBERS = 10_000
MAX_PART_BYTES = 256 * 2**20
MAX_TOTAL_BYTES = 1024 * 2**20
MAX_RATIO = 200  # PowerPoint's XML compresses about 10:1; a bomb compresses 1000:1
RATIO_FLOOR = 2**20  # small parts may compress as well as they like
MAX_MAPPING_BYTES = 1_000_000
SOURCE_HEIGHT = 320040  # 0.35 in: one line of a 12 pt source
SOURCE_GAP = 45720  # 0.05 in

RESAVE = ooxml.RESAVE

# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class MasterInfo:
    """A slide master: where its title and text go, and where its footer row starts."""

    name: str
    part: str
    title: Rect
    body: Rect
    footer_top: int


@dataclass(frozen=True)
class Choice:
    """The layout a slide kind is built on, how it was chosen, and what it lacks."""

    kind: str
    layout: LayoutInfo
    how: str  # "mapping" (a mapping file named it), "structure", "fallback"
    lacks: tuple[str, ...]  # wanted roles without a placeholder; their text goes elsewhere
    note: str | None = None  # said on every build that uses the kind


@dataclass(frozen=True, eq=False)
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


# --------------------------------------------------------------------------- reading the file


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
    name = str(path)
    blob, fmt, notes = read_package(path)
    blob = ooxml.unique_placeholder_idx(blob)
    prs = ooxml.open_presentation(name, blob, TemplateError)
    masters, layouts = _describe(name, blob, prs)
    if not layouts:
        raise TemplateError(f"{name}: the template has no slide layouts; {RESAVE}")
    fonts, theme_name, colours = _theme(name, prs)
    slide_count = len(prs.slides)
    one = slide_count == 1
    if slide_count and keep_slides:
        follow = "follows" if one else "follow"
        notes.append(f"its {_count(slide_count, 'slide')} {follow} the built slides")
    elif slide_count:
        notes.append(
            f"its {_count(slide_count, 'slide')} {'is' if one else 'are'} left out of the deck "
            f"(--keep-template-slides keeps {'it' if one else 'them'})"
        )
    if mapping is None:
        beside = mapping_beside(path)
        mapping = beside if beside.is_file() else None
    chosen, lines = read_mapping(mapping, layouts) if mapping is not None else ({}, {})
    template = Template(
        path=path,
        blob=blob,
        layouts=layouts,
        mapping=chosen,
        mapping_file=mapping,
        mapping_lines=lines,
        slide_width=prs.slide_width,
        slide_height=prs.slide_height,
        format=fmt,
        masters=masters,
        fonts=fonts,
        theme_name=theme_name,
        colours=colours,
        slide_count=slide_count,
        notes=notes,
        keep_slides=keep_slides,
    )
    return replace(template, choices=choose_layouts(template))


def limits(what: str = "template", file_bytes: int | None = None) -> ooxml.Limits:
    """The limits a template (or a deck, ``what``) is unpacked within, read when asked so a
    test can lower them."""
    return ooxml.Limits(
        what,
        MAX_TEMPLATE_BYTES if file_bytes is None else file_bytes,
        MAX_MEMBERS,
        MAX_PART_BYTES,
        MAX_TOTAL_BYTES,
        MAX_RATIO,
        RATIO_FLOOR,
    )


def read_package(path: Path) -> tuple[bytes, str, list[str]]:
    """Return the template as the bytes of a plain .pptx package, its format and notes.

    Refuse, with what the file is and what to do, everything that is not a presentation
    package deckgen can safely open: the refusals ``deckgen check`` gives for the same file.
    """
    opened = ooxml.read_presentation(path, limits(), TemplateError)
    return opened.blob, opened.format, list(opened.notes)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


_unreadable = ooxml.unreadable


# --------------------------------------------------------------------------- describing


def _box(shape: Any) -> Rect:
    return Rect(shape.left or 0, shape.top or 0, shape.width or 0, shape.height or 0)


def _describe(name: str, blob: bytes, prs: Any) -> tuple[list[MasterInfo], list[LayoutInfo]]:
    """Describe every master and layout; wrap a python-pptx failure with the part's name."""
    masters: list[MasterInfo] = []
    layouts: list[LayoutInfo] = []
    width, height = prs.slide_width or 12192000, prs.slide_height or 6858000
    part = "ppt/presentation.xml"
    try:
        for m, master in enumerate(prs.slide_masters):
            part = str(master.part.partname).lstrip("/")
            masters.append(describe_master(master, width, height))
            for layout in master.slide_layouts:
                part = str(layout.part.partname).lstrip("/")
                layouts.append(describe_layout(len(layouts), layout, m, part))
    except Exception as err:  # python-pptx reads masters and layouts lazily
        raise TemplateError(_unreadable(name, blob, err, part)) from err
    counts: dict[str, int] = {}
    for info in layouts:
        counts[info.name] = counts.get(info.name, 0) + 1
    seen: dict[str, int] = {}
    for info in layouts:
        seen[info.name] = seen.get(info.name, 0) + 1
        info.ref = info.name if counts[info.name] == 1 else f"{info.name} [{seen[info.name]}]"
    return masters, layouts


def describe_master(master: Any, width: int, height: int) -> MasterInfo:
    """Return where the master puts titles, text and its footer row.

    Without a title or body placeholder on the master, margins of 5% stand in for them.
    """
    title = Rect(int(width * 0.05), int(height * 0.05), int(width * 0.9), int(height * 0.15))
    body = Rect(int(width * 0.05), int(height * 0.23), int(width * 0.9), int(height * 0.64))
    footer_top = int(height * 0.92)
    footers = []
    for ph in master.placeholders:
        kind = getattr(ph.placeholder_format.type, "name", "")
        box = _box(ph)
        if not box.width or not box.height:
            continue
        if kind in ("TITLE", "CENTER_TITLE"):
            title = box
        elif kind in ("BODY", "OBJECT"):
            body = box
        elif kind in ("FOOTER", "SLIDE_NUMBER", "DATE"):
            footers.append(box.top)
    if footers:
        footer_top = min(footers)
    return MasterInfo(
        master.name or "", str(master.part.partname).lstrip("/"), title, body, footer_top
    )


def describe_layout(index: int, layout: Any, master: int = 0, part: str = "") -> LayoutInfo:
    """Work out the role of each of a layout's placeholders.

    Unnamed body and content placeholders are read as columns: two columns are a left and a
    right side; a short text placeholder above a taller one in the same column is that
    column's heading (PowerPoint's Comparison layout).
    """
    info = LayoutInfo(
        index=index,
        name=layout.name or "",
        type=ooxml.layout_type(layout),
        master=master,
        part=part,
    )
    for ph in layout.placeholders:
        fmt = ph.placeholder_format
        info.placeholders.append(
            Placeholder(
                fmt.idx,
                ph.name or "",
                getattr(fmt.type, "name", str(fmt.type)),
                placeholder_role(ph),
                _box(ph),
            )
        )
    info.roles, info.boxes = assign_roles(info.placeholders)
    return info


def assign_roles(placeholders: list[Placeholder]) -> tuple[dict[str, int], dict[str, Rect]]:
    """Give each placeholder its role: the first placeholder of each named or typed role, and
    the unnamed text placeholders as body, body2, ... (with headings) in reading order."""
    roles: dict[str, int] = {}
    boxes: dict[str, Rect] = {}
    bodies = []
    for ph in placeholders:
        if ph.role == "body":
            bodies.append(ph)
        elif ph.role not in roles and ph.role not in ("vertical", "other"):
            roles[ph.role] = ph.idx
            boxes[ph.role] = ph.box
    for role, ph in _body_roles(bodies).items():
        if role not in roles:
            roles[role] = ph.idx
            boxes[role] = ph.box
    return roles, boxes


def _body_roles(bodies: list[Placeholder]) -> dict[str, Placeholder]:
    columns: list[list[Placeholder]] = []
    for ph in sorted(bodies, key=lambda p: (p.box.left, p.box.top)):
        for column in columns:
            if _same_column(column[0].box, ph.box):
                column.append(ph)
                break
        else:
            columns.append([ph])
    for column in columns:
        column.sort(key=lambda p: p.box.top)
    out: dict[str, Placeholder] = {}
    contents: list[Placeholder] = []
    for n, column in enumerate(columns):
        first = column[0]
        if (
            len(columns) == 2
            and len(column) >= 2
            and first.type == "BODY"
            and first.box.height * 2 <= column[1].box.height
        ):
            out[HEADINGS[n]] = first
            column = column[1:]
        contents.extend(column)
    for n, ph in enumerate(contents):
        out["body" if n == 0 else f"body{n + 1}"] = ph
    return out


def _same_column(a: Rect, b: Rect) -> bool:
    overlap = min(a.right, b.right) - max(a.left, b.left)
    return overlap > 0.5 * min(a.width, b.width)


def _theme(name: str, prs: Any) -> tuple[tuple[str, str], str, dict[str, str]]:
    try:
        fonts = ooxml.theme_fonts(prs)
        theme_name, colours = ooxml.theme_summary(prs)
    except (KeyError, etree.XMLSyntaxError) as err:
        raise TemplateError(
            f"{name}: cannot read the theme of its first slide master ({err}); {RESAVE}"
        ) from err
    return fonts, theme_name, colours


# --------------------------------------------------------------------------- choosing layouts


def fit_layout(layout: LayoutInfo, kind: str, master: MasterInfo) -> LayoutInfo:
    """Return the layout with its roles fitted to a slide kind.

    A chart or table goes into a chart/table placeholder, else into the largest content
    placeholder (PowerPoint's "Content" placeholder takes charts and tables), else deckgen draws
    it in the content area. When text and a frame must share one area, text takes the left
    40%. A missing title or body is drawn in the master's title or text area.
    """
    needs = KINDS[kind].needs
    roles, boxes = dict(layout.roles), dict(layout.boxes)
    if _title_over_body(boxes):
        # A title printed over the body (a broken export's layout, a decorative text box named
        # like a body): neither can be used as it stands; deckgen draws both in the master's.
        for role in ("title", "body"):
            roles.pop(role, None)
            boxes.pop(role, None)
    own: dict[str, Rect] = {}
    wants_text = any(r not in ("title", "chart", "table") for r in needs.wanted)
    frame = needs.frame
    if frame is not None and frame not in roles:
        hosts = [p for p in layout.placeholders if p.role == "body" and p.type == "OBJECT"]
        if hosts:
            host = max(hosts, key=lambda p: (p.box.width * p.box.height, p.box.left))
            roles, boxes = assign_roles([p for p in layout.placeholders if p is not host])
            roles[frame], boxes[frame] = host.idx, host.box
        if frame not in roles or (wants_text and "body" not in roles):
            # Text and frame share one area: the host's, the body's, or the master's.
            area = boxes.get(frame) or boxes.get("body") or _content_area(layout, master)
            for role in (frame, "body", *(f"body{n}" for n in range(2, 10))):
                roles.pop(role, None)
                boxes.pop(role, None)
            if wants_text:
                own["body"], own[frame] = area.columns(0.4, int(area.width * 0.04))
            else:
                own[frame] = area
    if "title" not in roles:
        own["title"] = master.title
    if wants_text and not any(r in roles or r in own for r in _text_targets(needs)):
        area = _content_area(layout, master)
        if "body2" in needs.wanted:  # two sides, each with its heading, side by side
            own["body"], own["body2"] = area.columns(0.5, int(area.width * 0.04))
        else:
            own["body"] = area
    if "source" not in roles:
        own["source"] = _source_box(layout, master, {**boxes, **own})
    return replace(layout, roles=roles, boxes=boxes, own=own)


def _title_over_body(boxes: dict[str, Rect]) -> bool:
    """Whether the title and body placeholders overlap by more than a fifth of the smaller."""
    title, body = boxes.get("title"), boxes.get("body")
    if title is None or body is None:
        return False
    return title.overlap(body) > 0.2 * min(title.area, body.area)


#: A body placeholder smaller than this share of the master's text area is a strip or a
#: caption box, not where a slide's message goes: layouts with a real text area come first.
MIN_BODY_SHARE = 0.35


def _small_body(fitted: LayoutInfo, master: MasterInfo, needs: KindNeeds) -> int:
    """1 when the body a kind fills on its own is much smaller than the master's text area."""
    if needs.frame is not None or "body" not in needs.required or "body" not in fitted.boxes:
        return 0
    share = MIN_BODY_SHARE / (2 if "body2" in needs.wanted else 1)
    return int(fitted.boxes["body"].area < share * master.body.area)


def _text_targets(needs: KindNeeds) -> tuple[str, ...]:
    return tuple(r for r in needs.wanted if r not in ("title", "chart", "table")) + ("body",)


def _content_area(layout: LayoutInfo, master: MasterInfo) -> Rect:
    """Return the area under the title: the master's text area, below the layout's title."""
    body = master.body
    title = layout.boxes.get("title")
    if title is not None and title.bottom > body.top and title.bottom < body.bottom:
        return Rect(body.left, title.bottom, body.width, body.bottom - title.bottom)
    return body


def _source_box(layout: LayoutInfo, master: MasterInfo, used: dict[str, Rect]) -> Rect:
    """Return where deckgen puts a slide's source line: under the content, above the footer
    row, overlapping the content's bottom edge only where the layout leaves no room."""
    footer_top = min(
        [p.box.top for p in layout.placeholders if p.role in FURNITURE and p.box.height]
        or [master.footer_top]
    )
    content = [b for r, b in used.items() if r not in FURNITURE and b.height and b.top < footer_top]
    bottom = max([b.bottom for b in content] or [master.body.bottom])
    room = footer_top - bottom
    top = bottom + min(SOURCE_GAP, room - SOURCE_HEIGHT) if room >= SOURCE_HEIGHT else None
    # As wide as the slide's content (the master's text area where a layout says nothing).
    left = min([b.left for b in content] or [master.body.left])
    right = max([b.right for b in content] or [master.body.right])
    return Rect(
        left,
        top if top is not None else max(footer_top - SOURCE_HEIGHT, 0),
        right - left,
        SOURCE_HEIGHT,
    )


#: Layout types for slides that open a deck or a section: a content slide never takes one
#: while a layout of its own kind's types exists.
OPENING_TYPES = ("title", "secHead")


def _rank(fitted: LayoutInfo, kind: str, primary: int, master: MasterInfo) -> tuple[int, ...]:
    needs = KINDS[kind].needs
    lacks_required = sum(r not in fitted.roles for r in needs.required)
    wrong_type = int(fitted.type in OPENING_TYPES and fitted.type not in needs.types)
    small = _small_body(fitted, master, needs)
    if needs.frame is None:
        frame = 0
    elif needs.frame in fitted.roles:
        host = next(p for p in fitted.placeholders if p.idx == fitted.roles[needs.frame])
        frame = 0 if host.role == needs.frame else 1
    else:
        frame = 2
    lacks = sum(r not in fitted.roles for r in needs.wanted if r not in ("chart", "table"))
    type_rank = needs.types.index(fitted.type) if fitted.type in needs.types else len(needs.types)
    used = set(needs.wanted) | {"body", "body2"} | set(FURNITURE) | {"source", "logo"}
    extra = sum(r not in used for r in fitted.roles)
    other_master = int(fitted.master != primary)
    return (
        lacks_required,
        other_master,
        wrong_type,
        small,
        frame,
        lacks,
        type_rank,
        extra,
        fitted.index,
    )


def _primary_master(template: Template) -> int:
    """The master the whole deck is built on, so it has one look: the first with a title and
    body layout whose body is a real text area, else the first with any title and body."""
    usable = [lay for lay in template.layouts if "title" in lay.roles and "body" in lay.roles]
    for lay in usable:
        master = template.masters[lay.master]
        if not _title_over_body(lay.boxes) and lay.boxes["body"].area >= (
            MIN_BODY_SHARE * master.body.area
        ):
            return lay.master
    return usable[0].master if usable else 0


def choose_layouts(template: Template) -> dict[str, Choice]:
    """Choose a layout for every slide kind: the mapping's, else the best by structure.

    A kind no layout suits gets the best available one and a note saying what deckgen draws
    itself. Raise TemplateError when the mapping names a layout without a placeholder the kind
    requires, listing what that layout has.
    """
    layouts = template.layouts
    primary = _primary_master(template)
    by_ref = {lay.ref: lay for lay in layouts}
    choices: dict[str, Choice] = {}
    problems: list[Problem] = []
    for kind, needs in ((k, v.needs) for k, v in KINDS.items()):
        mapped = template.mapping.get(kind)
        if mapped is not None:
            layout = by_ref[mapped]
            fitted = fit_layout(layout, kind, template.masters[layout.master])
            missing = [r for r in needs.required if r not in fitted.roles]
            if missing:
                problems.append(
                    Problem(
                        str(template.mapping_file),
                        template.mapping_lines.get(kind),
                        f"layouts.{kind}",
                        f"layout {mapped!r} has no {_role_list(missing)} placeholder, which "
                        f"{kind} slides need; it has: {_has(layout)}",
                    )
                )
                continue
            how = "mapping"
        else:
            candidates = [fit_layout(lay, kind, template.masters[lay.master]) for lay in layouts]
            fitted = min(
                candidates, key=lambda f: _rank(f, kind, primary, template.masters[f.master])
            )
            missing = [r for r in needs.required if r not in fitted.roles]
            how = "fallback" if missing else "structure"
        lacks = tuple(r for r in needs.wanted if r not in fitted.roles)
        choices[kind] = Choice(kind, fitted, how, lacks, _note(fitted, how))
    if problems:
        raise TemplateError(sorted(problems, key=lambda p: p.line or 0))
    return choices


def _note(fitted: LayoutInfo, how: str) -> str | None:
    drawn = [r for r in ("title", "body", "chart", "table") if r in fitted.own]
    if not drawn:
        return None
    what = _join([label(r) for r in drawn])
    why = "it has no placeholder for it" if len(drawn) == 1 else "it has no placeholders for them"
    prefix = "fall back to" if how == "fallback" else "use"
    return (
        f"{prefix} layout {fitted.ref!r}; deckgen draws the {what} itself within the "
        f"master's margins, as {why}"
    )


def _join(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _role_list(roles: list[str]) -> str:
    return " or ".join(label(r) for r in roles)


def _has(layout: LayoutInfo) -> str:
    if not layout.placeholders:
        return "no placeholders"
    return ", ".join(f"{p.name} ({_role_name(p)})" for p in layout.placeholders)


def _role_name(ph: Placeholder) -> str:
    return {"vertical": "vertical text", "other": ph.type.lower().replace("_", " ")}.get(
        ph.role, ph.role.replace("_", " ")
    )


# --------------------------------------------------------------------------- mapping files


def mapping_beside(template: Path) -> Path:
    """Return where a template's own layout mapping lives: ``<name>.deckgen.yaml`` beside it."""
    return template.with_name(template.name.rsplit(".", 1)[0] + ".deckgen.yaml")


def read_mapping(path: Path, layouts: list[LayoutInfo]) -> tuple[dict[str, str], dict[str, int]]:
    """Read a slide-kind -> layout mapping and the line of each kind; unknown kinds or layouts
    are errors, reported all at once.

    Layouts are named as ``deckgen inspect`` shows them: their name, with `` [2]`` for the
    second of several layouts of one name.
    """
    name = str(path)
    text = read_text_input(path, "layout mapping file", MAX_MAPPING_BYTES, TemplateError)
    data, node = load_yaml(text, name, TemplateError)
    data = data or {}
    mapping = data.get("layouts") if isinstance(data, dict) else None
    if isinstance(data, dict) and "layouts" in data and mapping is None:
        mapping = {}  # every line commented out: deckgen chooses every layout
    if not isinstance(mapping, dict):
        raise TemplateError(
            f"{name}: expected 'layouts:' mapping slide kinds to layout names "
            "(deckgen inspect TEMPLATE --write-mapping FILE writes one)"
        )
    lines = _mapping_lines(node)
    refs = [lay.ref for lay in layouts]
    problems = []
    for kind, layout in mapping.items():
        where = (name, lines.get(str(kind)), f"layouts.{kind}")
        if kind not in KINDS:
            near = difflib.get_close_matches(str(kind), KINDS, n=1)
            hint = f"; did you mean {near[0]}?" if near else ""
            problems.append(Problem(*where, f"unknown slide kind{hint}"))
        elif not isinstance(layout, str) or layout not in refs:
            problems.append(
                Problem(*where, f"no layout named {layout!r}; the template has: {', '.join(refs)}")
            )
    if problems:
        raise TemplateError(problems)
    return {str(k): str(v) for k, v in mapping.items()}, lines


def _mapping_lines(node: Any) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    for key, value in node.value:
        if key.value == "layouts" and isinstance(value, yaml.MappingNode):
            return {k.value: k.start_mark.line + 1 for k, _ in value.value}
    return {}


def mapping_yaml(template: Template) -> str:
    """Return the template's current mapping as an editable mapping file.

    Kinds no layout suits are written as comments: named explicitly, a layout without the
    placeholders they need would be an error, and left out they fall back as before.
    """
    refs = ", ".join(lay.ref for lay in template.layouts)
    lines = [
        f"# deckgen layout mapping for {template.path.name}: slide kind -> layout name.",
        "# Change a name to build that kind on another layout; delete a line to let deckgen",
        "# choose by layout type and placeholders.",
        f"# Layouts: {refs}",
        "layouts:",
    ]
    for kind, choice in template.choices.items():
        line = yaml.safe_dump(
            {kind: choice.layout.ref}, allow_unicode=True, width=1000, default_style=None
        ).strip()
        if choice.how == "fallback":
            lines.append(f"  # {line}  (no layout has the placeholders it needs)")
        else:
            lines.append(f"  {line}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the inspect report

REPORT_WIDTH = 86  # wrapped lines stay readable in a terminal of 88 columns
SOURCE_NOTE = "deckgen adds a small source line above the footer"


def _aspect(width: int, height: int) -> str:
    for name, ratio in (("16:9", 16 / 9), ("16:10", 16 / 10), ("4:3", 4 / 3)):
        if height and abs(width / height - ratio) < 0.01:
            return name
    return f"{width / 360000:.2f} × {height / 360000:.2f} cm"


def _where(role: str, layout: LayoutInfo) -> str:
    return label(text_target(role, {**layout.roles, **layout.own}) or "body")


def _choice_details(choice: Choice, master: MasterInfo) -> str:
    layout = choice.layout
    details = []
    needs = KINDS[choice.kind].needs
    if "body" in needs.required and needs.frame is None and "body" in layout.boxes:
        # Why this layout: how much of the master's text area its body gives the message.
        share = layout.boxes["body"].area / max(master.body.area, 1)
        details.append(f"body {min(share, 9.99):.0%} of the text area")
    lacks = [r for r in choice.lacks if r not in ("chart", "table", "title", "body")]
    if lacks:
        targets: dict[str, list[str]] = {}
        for role in lacks:
            targets.setdefault(_where(role, layout), []).append(label(role))
        details += [f"{', '.join(v)} into the {k}" for k, v in targets.items()]
    if needs.frame in layout.roles:
        host = next(p for p in layout.placeholders if p.idx == layout.roles[needs.frame])
        if host.role != needs.frame:
            details.append(f"{needs.frame} in {host.name!r}")
    drawn = [label(r) for r in ("title", "body", "chart", "table") if r in layout.own]
    if drawn:
        details.append(f"deckgen draws the {_join(drawn)}")
    return "; ".join(details)


def describe(template: Template) -> str:
    """Return the inspect report: the file, its theme, its layouts with the role of each
    placeholder, the layout each slide kind gets and why, what the template lacks, and notes."""
    t = template
    lines = [
        f"{t.path}: {t.format}, {_aspect(t.slide_width, t.slide_height)}, "
        f"{_count(len(t.masters), 'master')}, {_count(len(t.layouts), 'layout')}, "
        f"{_count(t.slide_count, 'slide') if t.slide_count else 'no slides'}"
    ]
    accents = ", ".join(
        f"{slot} #{t.colours[slot]}" for slot in ("accent1", "accent2") if t.colours.get(slot)
    )
    theme = f"theme {t.theme_name!r}: " if t.theme_name else "theme: "
    lines.append(f"{theme}titles in {t.fonts[0]}, text in {t.fonts[1]}; {accents}".rstrip("; "))
    for m, master in enumerate(t.masters):
        label = f"master {m + 1}" + (f" {master.name!r}" if master.name else "")
        lines += ["", f"layouts of {label}:" if len(t.masters) > 1 else "layouts:"]
        for layout in (lay for lay in t.layouts if lay.master == m):
            lines.append(f"  {layout.index + 1:>2}. {layout.ref} ({layout.type})")
            by_idx = {idx: role for role, idx in layout.roles.items()}
            shown = [
                f"{p.name} = {by_idx.get(p.idx, 'unused ' + _role_name(p)).replace('_', ' ')}"
                for p in layout.placeholders
            ]
            lines += textwrap.wrap(
                " · ".join(shown) if shown else "no placeholders",
                width=REPORT_WIDTH,
                initial_indent=" " * 6,
                subsequent_indent=" " * 6,
                break_on_hyphens=False,
            )
    source = f"from {t.mapping_file}" if t.mapping_file else "by layout type and placeholders"
    masters = {c.layout.master for c in t.choices.values()}
    if len(t.masters) > 1 and len(masters) == 1:
        # One look for the whole deck: which of the masters, and why that one.
        (only,) = masters
        source += f"; every slide on master {only + 1}, the first with a real text area"
    lines += ["", f"slide kinds -> layouts ({source}):"]
    width = max(len(k) for k in t.choices) + 2
    ref_width = max(_width(c.layout.ref) for c in t.choices.values()) + 2
    for kind, choice in t.choices.items():
        how = {
            "mapping": "",
            "structure": "by structure" if t.mapping_file else "",
            "fallback": "fallback",
        }[choice.how]
        master = t.masters[choice.layout.master]
        details = "; ".join(x for x in (how, _choice_details(choice, master)) if x)
        ref = choice.layout.ref + " " * (ref_width - _width(choice.layout.ref))
        lines.append(f"  {kind:<{width}}{ref}{details}".rstrip())
    missing = _missing(t)
    for title, items in (("missing:", missing), ("notes:", t.notes)):
        if items:
            lines += ["", title]
            for item in items:
                lines += textwrap.wrap(
                    item, REPORT_WIDTH, initial_indent="  ", subsequent_indent="    "
                )
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    """Return how many columns text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _missing(t: Template) -> list[str]:
    """Say what the template lacks that slide kinds would use, and what deckgen does instead."""
    out = []
    has = {role for lay in t.layouts for role in lay.roles}
    if "source" not in has:
        out.append(f"no Source placeholder: {SOURCE_NOTE}")
    if "logo" not in has:
        out.append("no Logo picture placeholder: a brand logo (brand.logo) is not shown")
    for frame in ("chart", "table"):
        if frame not in has:
            chosen = [c.layout for k, c in t.choices.items() if KINDS[k].needs.frame == frame]
            refs = ", ".join(sorted({f"'{lay.ref}'" for lay in chosen}))
            how = (
                f"deckgen places {frame}s on {refs} itself"
                if any(frame in lay.own for lay in chosen)
                else f"{frame}s go into a content placeholder of {refs}"
            )
            out.append(f"no {frame} placeholder: {how}")
    groups: dict[str, list[str]] = {}
    for kind, choice in t.choices.items():
        if choice.note:
            groups.setdefault(choice.note, []).append(kind)
    for note, kinds in groups.items():
        out.append(f"{', '.join(kinds)}: {note}")
    return out


def write_mapping(template: Template, target: Path, *, force: bool = False) -> None:
    """Write the template's current mapping as an editable file; never overwrite one unless
    force is set (it may hold a designer's choices)."""
    from .errors import InputError
    from .output import write_atomic

    if target.exists() and not force:
        raise InputError(f"{target}: already exists; choose another name or pass --force")
    write_atomic(target, mapping_yaml(template).encode("utf-8"))
