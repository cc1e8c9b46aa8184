"""Reading a PowerPoint template and mapping slide kinds to its layouts.

A template is an ordinary .pptx/.potx a designer made. Layouts are chosen by an explicit mapping
stored beside the template (``<name>.deckgen.yaml``) when there is one, else by layout type and
placeholder structure, never by English layout name or position alone, so a German, Japanese
or reordered corporate template works. Placeholders are known by role: their type, and for the
extra roles a template may offer (Source, Big number, ...) their name.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, TemplateError

MAX_TEMPLATE_BYTES = 200_000_000
PRESENTATION_TYPES = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
)

# Extra roles a layout can offer through a named placeholder; names in the languages our users'
# templates are made in. Matching ignores case and PowerPoint's trailing numbers ("Source 3").
NAMED_ROLES: dict[str, tuple[str, ...]] = {
    "source": ("source", "sources", "quelle", "quellen", "出典"),
    "big_number": ("big number", "große zahl", "kennzahl", "number"),
    "caption": ("caption", "beschriftung", "unterschrift"),
    "ask": ("ask", "the ask", "forderung", "kernaussage"),
    "quote": ("quote", "zitat"),
    "attribution": ("attribution", "urheber", "autor"),
    "left_heading": ("left heading", "überschrift links"),
    "right_heading": ("right heading", "überschrift rechts"),
    "presenter": ("presenter", "referent", "vortragender"),
}

TYPE_ROLES = {
    "TITLE": "title",
    "CENTER_TITLE": "title",
    "SUBTITLE": "subtitle",
    "CHART": "chart",
    "TABLE": "table",
    "PICTURE": "picture",
    "FOOTER": "footer",
    "SLIDE_NUMBER": "slide_number",
    "DATE": "date",
}

# What each slide kind needs from a layout: preferred layout types (ST_SlideLayoutType) and the
# roles it must have. The fallback picks the layout that has the roles, preferring the types.
KIND_NEEDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "title": (("title",), ("title",)),
    "executive_summary": (("cust", "obj"), ("title", "body")),
    "agenda": (("obj", "tx"), ("title", "body")),
    "section": (("secHead",), ("title",)),
    "statement": (("titleOnly", "secHead"), ("title",)),
    "bullets": (("obj", "tx"), ("title", "body")),
    "big_number": (("cust", "obj"), ("title", "body")),
    "chart": (("chartAndTx", "txAndChart", "chart"), ("title",)),
    "table": (("tbl", "titleOnly"), ("title",)),
    "quote": (("cust", "obj"), ("title",)),
    "comparison": (("twoTxTwoObj", "twoObj", "twoColTx"), ("title", "body")),
    "sources": (("obj", "tx"), ("title", "body")),
    "closing": (("titleOnly", "secHead", "title"), ("title",)),
    "risk_reframe": (("twoTxTwoObj", "twoObj", "twoColTx"), ("title", "body")),
    "information_advantage": (("obj", "tx"), ("title", "body")),
    "cost_of_inaction": (("chartAndTx", "txAndChart", "chart"), ("title",)),
    "employee_advocacy": (("chartAndTx", "txAndChart", "chart"), ("title",)),
    "executive_visibility": (("obj", "tx"), ("title", "body")),
    "transformation_roadmap": (("tbl", "titleOnly"), ("title",)),
    "market_trend": (("obj", "tx"), ("title", "body")),
    "call_to_action": (("twoTxTwoObj", "twoObj", "twoColTx"), ("title", "body")),
}


@dataclass(frozen=True)
class Box:
    """A placeholder's position in EMU."""

    left: int
    top: int
    width: int
    height: int


@dataclass
class LayoutInfo:
    """One layout, with the role of each of its placeholders."""

    index: int
    name: str
    type: str
    roles: dict[str, int] = field(default_factory=dict)
    boxes: dict[str, Box] = field(default_factory=dict)


@dataclass
class Template:
    """A template read into memory once; each build opens a fresh Presentation from it."""

    path: Path
    blob: bytes
    layouts: list[LayoutInfo]
    mapping: dict[str, str]
    mapping_file: Path | None
    slide_width: int
    slide_height: int
    # Work derived from the template once and reused by every deck built from it.
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def open(self) -> Any:
        """Return a new python-pptx Presentation of this template, without its slides."""
        from pptx import Presentation

        return Presentation(io.BytesIO(self.blob))

    def layout_for(self, kind: str) -> LayoutInfo:
        """Return the layout for a slide kind: the mapping's choice, else the best structure."""
        name = self.mapping.get(kind)
        if name is not None:
            for info in self.layouts:
                if info.name == name:
                    return info
        preferred, needed = KIND_NEEDS[kind]
        candidates = [lay for lay in self.layouts if all(r in lay.roles for r in needed)]
        if not candidates:
            candidates = [lay for lay in self.layouts if "title" in lay.roles] or self.layouts
        return min(candidates, key=lambda lay: _rank(lay, kind, preferred))


FRAME_ROLE = {
    "chart": "chart",
    "cost_of_inaction": "chart",
    "employee_advocacy": "chart",
    "table": "table",
    "transformation_roadmap": "table",
}


def _rank(layout: LayoutInfo, kind: str, preferred: tuple[str, ...]) -> tuple[int, ...]:
    frame = FRAME_ROLE.get(kind)
    lacks_frame = int(frame is not None and frame not in layout.roles)
    type_rank = preferred.index(layout.type) if layout.type in preferred else len(preferred)
    # Fewer roles means fewer empty placeholders to remove; the index keeps the choice stable.
    return (lacks_frame, type_rank, len(layout.roles), layout.index)


def placeholder_role(placeholder: Any) -> str:
    """Return the role of a layout placeholder: a named extra role, else one by its type."""
    name = re.sub(r"\s*\d+$", "", placeholder.name or "").strip().lower()
    for role, names in NAMED_ROLES.items():
        if name in names:
            return role
    ph_type = placeholder.placeholder_format.type
    type_name = getattr(ph_type, "name", str(ph_type))
    return TYPE_ROLES.get(type_name, "body")


def describe_layout(index: int, layout: Any) -> LayoutInfo:
    """Work out the roles of a layout's placeholders; body placeholders in reading order."""
    info = LayoutInfo(index=index, name=layout.name, type=layout._element.get("type", "cust"))
    bodies = []
    for ph in layout.placeholders:
        role = placeholder_role(ph)
        box = Box(ph.left or 0, ph.top or 0, ph.width or 0, ph.height or 0)
        if role == "body":
            bodies.append((box.left, box.top, ph.placeholder_format.idx, box))
            continue
        if role not in info.roles:
            info.roles[role] = ph.placeholder_format.idx
            info.boxes[role] = box
    for n, (_, _, idx, box) in enumerate(sorted(bodies)):
        role = "body" if n == 0 else f"body{n + 1}"
        info.roles[role] = idx
        info.boxes[role] = box
    return info


def load_template(path: Path) -> Template:
    """Read and check a template file; raise TemplateError saying what it is and what to do."""
    name = str(path)
    try:
        blob = path.read_bytes()
    except FileNotFoundError as err:
        raise TemplateError(f"{name}: no such template file; check the path") from err
    except OSError as err:
        raise TemplateError(f"{name}: cannot read the template: {err.strerror}") from err
    if len(blob) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"{name}: the template is larger than {MAX_TEMPLATE_BYTES:,} bytes")
    if not zipfile.is_zipfile(io.BytesIO(blob)):
        raise TemplateError(
            f"{name}: not a PowerPoint .pptx/.potx file (not a zip package); "
            "open it in PowerPoint and save it as .pptx"
        )
    try:
        from pptx import Presentation

        prs = Presentation(io.BytesIO(blob))
    except Exception as err:  # python-pptx raises many kinds; wrap them once, here
        raise TemplateError(f"{name}: cannot read the template: {err}") from err
    layouts = [
        describe_layout(i, layout)
        for i, layout in enumerate(
            lay for master in prs.slide_masters for lay in master.slide_layouts
        )
    ]
    mapping_file = path.with_name(path.name.rsplit(".", 1)[0] + ".deckgen.yaml")
    mapping = read_mapping(mapping_file, layouts) if mapping_file.exists() else {}
    return Template(
        path=path,
        blob=blob,
        layouts=layouts,
        mapping=mapping,
        mapping_file=mapping_file if mapping_file.exists() else None,
        slide_width=prs.slide_width,
        slide_height=prs.slide_height,
    )


def read_mapping(path: Path, layouts: list[LayoutInfo]) -> dict[str, str]:
    """Read a slide-kind -> layout-name mapping; unknown kinds or layouts are errors."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise TemplateError(f"{path}: cannot read the layout mapping: {err}") from err
    mapping = data.get("layouts") if isinstance(data, dict) else None
    if not isinstance(mapping, dict):
        raise TemplateError(f"{path}: expected 'layouts:' mapping slide kinds to layout names")
    names = {lay.name for lay in layouts}
    problems = []
    for kind, layout in mapping.items():
        if kind not in KIND_NEEDS:
            problems.append(Problem(str(path), None, f"layouts.{kind}", "unknown slide kind"))
        elif layout not in names:
            problems.append(
                Problem(
                    str(path),
                    None,
                    f"layouts.{kind}",
                    f"no layout named {layout!r}; the template has: {', '.join(sorted(names))}",
                )
            )
    if problems:
        raise TemplateError(problems)
    return {str(k): str(v) for k, v in mapping.items()}
