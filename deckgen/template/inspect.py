"""The inspect report: a template's file, theme, layouts with their placeholders' roles, the
layout each slide kind gets and why, what it lacks, and notes."""

from __future__ import annotations

import textwrap
import unicodedata

from ..kinds import KINDS
from ..roles import label, text_target
from .choice import join_words, role_name
from .files import count
from .model import Choice, LayoutInfo, MasterInfo, Template
from .room import cramped_note

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
        details.append(f"deckgen draws the {join_words(drawn)}")
    return "; ".join(details)


def describe(template: Template) -> str:
    """Return the inspect report: the file, its theme, its layouts with the role of each
    placeholder, the layout each slide kind gets and why, what the template lacks, and notes."""
    t = template
    lines = [
        f"{t.path}: {t.format}, {_aspect(t.slide_width, t.slide_height)}, "
        f"{count(len(t.masters), 'master')}, {count(len(t.layouts), 'layout')}, "
        f"{count(t.slide_count, 'slide') if t.slide_count else 'no slides'}"
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
                f"{p.name} = {by_idx.get(p.idx, 'unused ' + role_name(p)).replace('_', ' ')}"
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
                    item,
                    REPORT_WIDTH,
                    initial_indent="  ",
                    subsequent_indent="    ",
                    break_on_hyphens=False,  # never "--allow-" at a line's end
                )
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    """Return how many columns text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _missing(t: Template) -> list[str]:
    """Say what the template lacks that slide kinds would use, and what deckgen does instead."""
    cramped = cramped_note(t)
    out = [cramped] if cramped else []
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
