"""Choosing a layout for every slide kind: the mapping's, else the best by structure; and where
deckgen draws what a layout has no placeholder for."""

from __future__ import annotations

from dataclasses import replace

from ..errors import Problem, TemplateError
from ..geometry import Rect
from ..kinds import KINDS, KindNeeds
from ..roles import FURNITURE, label
from .layouts import assign_roles
from .model import Choice, LayoutInfo, MasterInfo, Placeholder, Template

SOURCE_HEIGHT = 320040  # 0.35 in: one line of a 12 pt source


SOURCE_GAP = 45720  # 0.05 in


def fit_layout(layout: LayoutInfo, kind: str, master: MasterInfo) -> LayoutInfo:
    """Return the layout with its roles fitted to a slide kind.

    A chart or table goes into a chart/table placeholder, else into the largest content
    placeholder (PowerPoint's "Content" placeholder takes charts and tables), else deckgen draws
    it in the content area. When text and a frame must share one area, text takes the left
    40%. A missing title or body is drawn in the master's title or text area.
    """
    needs = KINDS[kind].needs
    roles, boxes = dict(layout.roles), dict(layout.boxes)
    if title_over_body(boxes):
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


def title_over_body(boxes: dict[str, Rect]) -> bool:
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
        if not title_over_body(lay.boxes) and lay.boxes["body"].area >= (
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
    what = join_words([label(r) for r in drawn])
    why = "it has no placeholder for it" if len(drawn) == 1 else "it has no placeholders for them"
    prefix = "fall back to" if how == "fallback" else "use"
    return (
        f"{prefix} layout {fitted.ref!r}; deckgen draws the {what} itself within the "
        f"master's margins, as {why}"
    )


def join_words(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _role_list(roles: list[str]) -> str:
    return " or ".join(label(r) for r in roles)


def _has(layout: LayoutInfo) -> str:
    if not layout.placeholders:
        return "no placeholders"
    return ", ".join(f"{p.name} ({role_name(p)})" for p in layout.placeholders)


def role_name(ph: Placeholder) -> str:
    return {"vertical": "vertical text", "other": ph.type.lower().replace("_", " ")}.get(
        ph.role, ph.role.replace("_", " ")
    )
