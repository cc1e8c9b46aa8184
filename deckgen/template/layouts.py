"""Reading a template's masters and layouts: where each master puts titles, text and footers,
and the role of each layout placeholder (by name and type, unnamed text by its position)."""

from __future__ import annotations

from typing import Any

from .. import ooxml
from ..errors import TemplateError
from ..geometry import Rect
from ..roles import HEADINGS, placeholder_role
from .model import LayoutInfo, MasterInfo, Placeholder

#: Placeholders deckgen reads on one master or layout. PowerPoint's own have at most a dozen;
#: python-pptx finds what a slide's placeholder inherits by scanning its layout, so a build
#: costs placeholders squared per slide: 500 on a layout took 80 s, thousands would hang.
MAX_PLACEHOLDERS = 100


def _box(shape: Any) -> Rect:
    """The shape's box, 0 for an edge it has nowhere (a layout placeholder's missing edges are
    its master's, as python-pptx's ``left``... give them)."""
    left, top, width, height = ooxml.shape_edges(shape)
    return Rect(left or 0, top or 0, width or 0, height or 0)


def describe_layouts(name: str, blob: bytes, prs: Any) -> tuple[list[MasterInfo], list[LayoutInfo]]:
    """Describe every master and layout; wrap a python-pptx failure with the part's name."""
    masters: list[MasterInfo] = []
    layouts: list[LayoutInfo] = []
    width, height = prs.slide_width or 12192000, prs.slide_height or 6858000
    part = "ppt/presentation.xml"
    try:
        for m, master in enumerate(prs.slide_masters):
            part = str(master.part.partname).lstrip("/")
            _check_placeholders(name, f"slide master {master.name or ''!r}", part, master)
            masters.append(describe_master(master, width, height))
            for layout in master.slide_layouts:
                part = str(layout.part.partname).lstrip("/")
                _check_placeholders(name, f"layout {layout.name or ''!r}", part, layout)
                layouts.append(describe_layout(len(layouts), layout, m, part))
    except TemplateError:
        raise
    except Exception as err:  # python-pptx reads masters and layouts lazily
        raise TemplateError(ooxml.unreadable(name, blob, err, part)) from err
    counts: dict[str, int] = {}
    for info in layouts:
        counts[info.name] = counts.get(info.name, 0) + 1
    seen: dict[str, int] = {}
    for info in layouts:
        seen[info.name] = seen.get(info.name, 0) + 1
        info.ref = info.name if counts[info.name] == 1 else f"{info.name} [{seen[info.name]}]"
    return masters, layouts


def _check_placeholders(name: str, what: str, part: str, owner: Any) -> None:
    """Refuse a master or layout with more placeholders than MAX_PLACEHOLDERS."""
    count = len(owner.placeholders)
    if count > MAX_PLACEHOLDERS:
        raise TemplateError(
            f"{name}: its {what} ({part}) has {count:,} placeholders, more than the "
            f"{MAX_PLACEHOLDERS} deckgen reads on one layout (PowerPoint's own have at most a "
            "dozen); delete the extra placeholders in the slide master view (View > Slide "
            "Master) and save it again"
        )


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
