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

The package's modules: ``files`` (a file read once and refused where it cannot be used),
``layouts`` (masters and the role of each placeholder), ``choice`` (a layout for every slide
kind), ``room`` (whether any layout has room for content slides), ``mapping`` (mapping files),
``inspect`` (the report) and ``model`` (what was read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_names

__all__ = [
    "MAX_TEMPLATE_BYTES",
    "Choice",
    "LayoutInfo",
    "MasterInfo",
    "Placeholder",
    "Template",
    "assign_roles",
    "choose_layouts",
    "cramped",
    "describe",
    "describe_layout",
    "describe_master",
    "fit_layout",
    "load_template",
    "mapping_beside",
    "mapping_file_beside",
    "mapping_yaml",
    "read_mapping",
    "read_package",
    "refuse_cramped",
    "write_mapping",
]

if TYPE_CHECKING:
    from ..ooxml.opening import MAX_TEMPLATE_BYTES
    from .choice import choose_layouts, fit_layout
    from .files import load_template, read_package
    from .inspect import describe
    from .layouts import assign_roles, describe_layout, describe_master
    from .mapping import (
        mapping_beside,
        mapping_file_beside,
        mapping_yaml,
        read_mapping,
        write_mapping,
    )
    from .model import Choice, LayoutInfo, MasterInfo, Placeholder, Template
    from .room import cramped, refuse_cramped

#: Where each name lives, imported on first use: importing the package costs nothing.
_HOMES = {
    "MAX_TEMPLATE_BYTES": ".ooxml.opening",
    "choose_layouts": "choice",
    "fit_layout": "choice",
    "load_template": "files",
    "read_package": "files",
    "describe": "inspect",
    "assign_roles": "layouts",
    "describe_layout": "layouts",
    "describe_master": "layouts",
    "mapping_beside": "mapping",
    "mapping_file_beside": "mapping",
    "mapping_yaml": "mapping",
    "read_mapping": "mapping",
    "write_mapping": "mapping",
    "Choice": "model",
    "LayoutInfo": "model",
    "MasterInfo": "model",
    "Placeholder": "model",
    "Template": "model",
    "cramped": "room",
    "refuse_cramped": "room",
}

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_names(__name__, _HOMES)
