"""The placeholder roles: what each is called in templates, how a placeholder is matched to
it, where its text goes when a layout lacks it, how small fitting may shrink it, and what
``deckgen check`` makes of it. Adding a role means adding it here.

A role is what a text or picture plays on a slide (title, body, "Big number", the source line).
Templates name their placeholders in their own language, so a role lists the names it answers
to; PowerPoint's placeholder types give the rest.
"""

from __future__ import annotations

import re
from collections.abc import Container
from typing import Any

from . import ooxml
from .records import record

#: The smallest text deckgen writes and ``deckgen check`` accepts: nothing is fitted, drawn or
#: sized below it, so a deck the build fitted passes check.
MIN_FONT_PT = 12.0


@record
class Role:
    """One placeholder role.

    ``names`` are the placeholder names (lower case, without PowerPoint's trailing number) that
    give a text placeholder this role, in the languages users' templates are made in; ``types``
    the python-pptx placeholder types that have it. ``label`` is how a missing role is named to
    the user. ``fallback`` is the role whose placeholder takes its text where a layout lacks
    one. ``floor_pt`` is how small fitting may shrink its text (None: ``MIN_FONT_PT``).
    ``by_role`` marks text a slide kind gives by role, placed in the order of this registry;
    ``bulleted`` the body roles whose text is bulleted; ``furniture`` what the master puts on
    every slide (the template fills it, deckgen never fits it); ``statistic`` whether check's
    unsourced-statistic rule reads its text (a source line is where figures are sourced).
    """

    name: str
    label: str | None = None
    names: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    fallback: str | None = None
    floor_pt: float | None = None
    by_role: bool = False
    bulleted: bool = False
    furniture: bool = False
    statistic: bool = True


#: Every role; the roles with ``by_role`` stand in reading order (an ask before the body,
#: each heading before its side).
ROLES: dict[str, Role] = {
    role.name: role
    for role in (
        Role("title", "title", types=("TITLE", "CENTER_TITLE"), floor_pt=24),
        Role(
            "ask",
            "Ask",
            names=("ask", "the ask", "forderung", "kernaussage"),
            fallback="body",
            floor_pt=16,
            by_role=True,
        ),
        Role(
            "big_number",
            "Big number",
            names=("big number", "große zahl", "kennzahl", "number", "zahl", "数値"),
            fallback="body",
            floor_pt=40,
            by_role=True,
        ),
        Role(
            "caption",
            "Caption",
            names=("caption", "beschriftung", "unterschrift", "キャプション"),
            fallback="body",
            floor_pt=14,
            by_role=True,
        ),
        Role(
            "quote",
            "Quote",
            names=("quote", "zitat", "引用"),
            fallback="body",
            floor_pt=18,
            by_role=True,
        ),
        Role(
            "attribution",
            "Attribution",
            names=("attribution", "urheber", "autor"),
            fallback="quote",
            floor_pt=14,
            by_role=True,
        ),
        Role(
            "subtitle", "subtitle", types=("SUBTITLE",), fallback="body", floor_pt=16, by_role=True
        ),
        Role(
            "presenter",
            "Presenter",
            names=("presenter", "referent", "vortragender", "発表者"),
            fallback="subtitle",
            floor_pt=MIN_FONT_PT,
            by_role=True,
        ),
        Role(
            "left_heading",
            "Left heading",
            names=("left heading", "überschrift links"),
            fallback="body",
            floor_pt=14,
            by_role=True,
        ),
        Role("body", "body", types=("BODY", "OBJECT"), floor_pt=14, by_role=True, bulleted=True),
        Role(
            "right_heading",
            "Right heading",
            names=("right heading", "überschrift rechts"),
            fallback="body2",
            floor_pt=14,
            by_role=True,
        ),
        Role("body2", "second body", fallback="body", by_role=True, bulleted=True),
        Role(
            "source",
            "Source",
            names=("source", "sources", "quelle", "quellen", "quellenangabe", "出典", "ソース"),
            floor_pt=MIN_FONT_PT,
            statistic=False,
        ),
        # deckgen's tag marking example figures or a proposal, beside the source line.
        Role("example", names=("example",), floor_pt=MIN_FONT_PT, statistic=False),
        Role("chart", "chart", types=("CHART",)),
        Role("table", "table", types=("TABLE",)),
        Role("picture", types=("PICTURE",)),
        Role("logo", "Logo", names=("logo", "client logo", "kundenlogo", "firmenlogo", "ロゴ")),
        Role("footer", "footer", types=("FOOTER",), furniture=True, statistic=False),
        Role(
            "slide_number",
            "slide number",
            types=("SLIDE_NUMBER",),
            furniture=True,
            statistic=False,
        ),
        Role("date", "date", types=("DATE",), furniture=True, statistic=False),
    )
}

#: Roles deckgen neither fills nor minds: the master's furniture, copied as the template has it.
FURNITURE = tuple(r.name for r in ROLES.values() if r.furniture)
#: The headings of a layout's left and right columns (PowerPoint's Comparison layout).
HEADINGS = ("left_heading", "right_heading")
#: Text a slide kind gives by role, in reading order: several roles sharing one placeholder.
READING_ORDER = tuple(r.name for r in ROLES.values() if r.by_role)
#: Roles whose text check's unsourced-statistic rule does not read: source line, tag, footer.
NO_STATISTICS = frozenset(r.name for r in ROLES.values() if not r.statistic)
#: The smallest size fitting may shrink each role's text to: a title stays a title, body text
#: stays readable from the back of a boardroom; other text (and roles not listed) MIN_FONT_PT.
FLOORS_PT: dict[str, float] = {
    r.name: float(r.floor_pt) for r in ROLES.values() if r.floor_pt is not None
}
_BY_TYPE = {t: r.name for r in ROLES.values() for t in r.types}


def label(role: str) -> str:
    """How a role is named to the user ("Big number"); a role without a label by its name."""
    found = ROLES.get(role)
    return found.label if found is not None and found.label else role


def text_target(role: str, has: Container[str]) -> str | None:
    """The role whose placeholder takes ``role``'s text among the roles a layout ``has``:
    itself, else the nearest fallback it has, else the body; None where it has no body."""
    target = role
    while target not in has:
        found = ROLES.get(target)
        if found is None or found.fallback is None:
            return "body" if "body" in has else None
        target = found.fallback
    return target


def named_role(name: str) -> str | None:
    """The role a placeholder or text box of this name plays ("Quelle 3" -> source), if any."""
    return next((r.name for r in ROLES.values() if name in r.names), None)


def placeholder_role(placeholder: Any) -> str:
    """Return the role of a layout placeholder: a named extra role, else one by its type.

    Vertical text (East Asian layouts) and media placeholders get roles deckgen never fills.
    """
    name = re.sub(r"\s*\d+$", "", placeholder.name or "").strip().lower()
    ph_type = placeholder.placeholder_format.type
    type_name = getattr(ph_type, "name", str(ph_type))
    if ooxml.is_vertical(placeholder) or type_name.startswith("VERTICAL"):
        return "vertical"
    for role in ROLES.values():
        # A name only says what a text (or, for a logo, picture) placeholder is for: a slide
        # number a designer renamed "Number" stays a slide number.
        takes = ("PICTURE",) if role.name == "logo" else ("BODY", "OBJECT")
        if name in role.names and type_name in takes:
            return role.name
    return _BY_TYPE.get(type_name, "other")


def shape_role(shape: Any, source: Any | None = None) -> str:
    """The role a shape's text plays (title, body, source, ...), as the template defines it:
    a placeholder's role comes from its layout placeholder ``source``, which carries the
    designer's name ("Source", "Big number"); a text box's from its own name ("text" when its
    name is none of a role's)."""
    if shape.is_placeholder:
        return placeholder_role(source if source is not None else shape)
    name = " ".join((shape.name or "").split()).rstrip("0123456789 ").lower()
    return named_role(name) or "text"
