"""Layout mapping files (``<template>.deckgen.yaml``): read, checked, and written from a
template's current choices."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content import load_yaml
from ..errors import Problem, TemplateError
from ..inputs import read_text_input
from ..kinds import KINDS
from ..yamllib import yaml

if TYPE_CHECKING:
    from .model import LayoutInfo, Template


MAX_MAPPING_BYTES = 1_000_000


def mapping_beside(template: Path) -> Path:
    """Return where a template's own layout mapping lives: ``<name>.deckgen.yaml`` beside it."""
    return template.with_name(template.name.rsplit(".", 1)[0] + ".deckgen.yaml")


def mapping_file_beside(template: Path) -> Path | None:
    """The template's own mapping file, where there is one: a name too long for the file
    system to look up (the template's name plus ``.deckgen.yaml``) has none."""
    beside = mapping_beside(template)
    try:
        return beside if beside.is_file() else None
    except OSError:
        return None


def read_mapping_text(path: Path) -> str:
    """The mapping file's text; TemplateError naming the file where it cannot be read."""
    return read_text_input(path, "layout mapping file", MAX_MAPPING_BYTES, TemplateError)


def read_mapping(
    path: Path, layouts: list[LayoutInfo], text: str | None = None
) -> tuple[dict[str, str], dict[str, int]]:
    """Read a slide-kind -> layout mapping and the line of each kind; unknown kinds or layouts
    are errors, reported all at once. ``text`` is the file's, where the caller read it.

    Layouts are named as ``deckgen inspect`` shows them: their name, with `` [2]`` for the
    second of several layouts of one name.
    """
    name = str(path)
    if text is None:
        text = read_mapping_text(path)
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


def write_mapping(template: Template, target: Path, *, force: bool = False) -> None:
    """Write the template's current mapping as an editable file; never overwrite one unless
    force is set (it may hold a designer's choices)."""
    from ..errors import InputError
    from ..output import write_atomic

    if target.exists() and not force:
        raise InputError(f"{target}: already exists; choose another name or pass --force")
    write_atomic(target, mapping_yaml(template).encode("utf-8"))
