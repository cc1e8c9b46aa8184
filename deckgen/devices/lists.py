"""Devices that list: numbered reasons with their proofs, a numbered list, the sources."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from ..geometry import Rect
from ..records import record
from .base import (
    GAP,
    LINE,
    LeftOut,
    Line,
    Look,
    Run,
    Shape,
    accent_bar,
    badge,
    below,
    callout,
    callout_height,
    inches,
    para,
    pt,
    text_shape,
)


@record
class Proof:
    """A reason's proof: a hero figure with its label, or only a qualitative label."""

    value: str | None
    label: str
    note: str | None = None  # "Example" under an example figure


@record
class ReasonRows:
    """Executive summary: numbered reasons, each beside its proof: a hero figure with what it
    measures, or the qualitative finding."""

    reasons: tuple[tuple[str, Proof | None], ...]
    inline: bool = False  # each proof as a line under its reason, not in a column

    #: Nothing: the proofs move under their reasons.
    LEFT_OUT: ClassVar[LeftOut | None] = None

    def compact(self) -> ReasonRows:
        """Each proof under its reason: a short area cannot give a proof a column."""
        return replace(self, inline=True)

    def shapes(self, area: Rect, look: Look) -> list[Shape]:
        out: list[Shape] = []
        rows = len(self.reasons)
        size = max(inches(0.35), int(inches(0.5) * look.scale))
        # A column of proofs needs a wide area (16:9); a narrow one (4:3) gets each proof as a
        # line under its reason.
        inline = self.inline or area.width < inches(10)
        proof_w = 0 if inline else int(area.width * 0.48)
        text_left = area.left + size + inches(0.25)
        text_w = area.width - proof_w - (text_left - area.left) - (0 if inline else GAP)
        row_h = area.height // rows
        hero_pt = look.hero(40)
        values = [p.value for _, p in self.reasons if p and p.value]
        hero_w = min(max((look.width(v, hero_pt, True) for v in values), default=0), proof_w)
        for n, (text, proof) in enumerate(self.reasons):
            top = area.top + n * row_h
            out.append(Shape(f"Rule {n + 1}", Rect(area.left, top, area.width, pt(1)), fill="rule"))
            inner = Rect(area.left, top + inches(0.08), area.width, row_h - inches(0.16))
            out.append(
                badge(f"Number {n + 1}", area.left, inner.top + (inner.height - size) // 2, n + 1,
                      look, size)
            )  # fmt: skip
            lines = [para(text, look.heading, bold=True)]
            if inline and proof is not None:
                runs: tuple[Run, ...] = (
                    (Run(f"{proof.value} ", look.heading, True, "accent"),) if proof.value else ()
                )
                runs += (Run(proof.label, look.small, False, "muted"),)
                if proof.note:
                    runs += (Run(f" · {proof.note}", look.small, True, "accent"),)
                lines.append(Line(runs, space_before=4))
            out.append(
                text_shape(
                    f"Reason {n + 1}",
                    Rect(text_left, inner.top, text_w, inner.height),
                    tuple(lines),
                    anchor="ctr",
                )
            )
            if proof is None or inline:
                continue
            proof_left = area.right - proof_w
            label = Rect(proof_left, inner.top, proof_w, inner.height)
            if proof.value:
                # The label beside the number where there is room, else under it.
                beside = proof_w - hero_w >= inches(2.4)
                hero_h = pt(hero_pt * LINE) + inches(0.05)
                hero_box = (
                    Rect(proof_left, inner.top, hero_w, inner.height)
                    if beside
                    else Rect(proof_left, inner.top, proof_w, hero_h)
                )
                out.append(
                    text_shape(
                        f"Big number {n + 1}",
                        hero_box,
                        (para(proof.value, hero_pt, bold=True, colour="accent"),),
                        anchor="ctr" if beside else "b",
                    )
                )
                gap = inches(0.15)
                label = (
                    Rect(hero_box.right + gap, inner.top, area.right - hero_box.right - gap,
                        inner.height)
                    if beside
                    else below(label, hero_box.bottom, inner.bottom - hero_box.bottom)
                )  # fmt: skip
            lines = [
                para(proof.label, look.small + (1 if proof.value else 2),
                     colour="muted" if proof.value else "accent", bold=not proof.value)
            ]  # fmt: skip
            if proof.note:
                lines.append(para(proof.note, look.small, bold=True, colour="accent"))
            out.append(
                text_shape(
                    f"Label {n + 1}", label, tuple(lines),
                    anchor="ctr" if label.top == inner.top else "t",
                )
            )  # fmt: skip
        return out


@record
class NumberedList:
    """Agenda as a storyline: numbered rows that fill the slide, each topic beside the
    takeaway its slide will state, so the agenda already tells the argument."""

    items: tuple[tuple[str, str | None], ...]  # topic, takeaway

    def shapes(self, area: Rect, look: Look) -> list[Shape]:
        out: list[Shape] = []
        count = max(1, len(self.items))
        row_h = min(area.height // count, inches(0.9))
        number_w = inches(0.8)
        topic_w = int((area.width - number_w) * 0.36)
        for n, (topic, takeaway) in enumerate(self.items):
            top = area.top + n * row_h
            if n:
                out.append(Shape(f"Rule {n}", Rect(area.left, top, area.width, pt(1)), fill="rule"))
            out.append(
                text_shape(
                    f"Number {n + 1}",
                    Rect(area.left, top, number_w, row_h),
                    (para(f"{n + 1:02d}", look.heading + 4, bold=True, colour="accent"),),
                    anchor="ctr",
                )
            )
            width = topic_w if takeaway else area.width - number_w
            out.append(
                text_shape(
                    f"Topic {n + 1}",
                    Rect(area.left + number_w, top, width, row_h),
                    (para(topic, look.heading, bold=bool(takeaway)),),
                    anchor="ctr",
                )
            )
            if takeaway:
                left = area.left + number_w + topic_w + inches(0.2)
                out.append(
                    text_shape(
                        f"Takeaway {n + 1}",
                        Rect(left, top, area.right - left, row_h),
                        (para(takeaway, look.small + 1, colour="muted"),),
                        anchor="ctr",
                    )
                )
        return out

    LEFT_OUT: ClassVar[LeftOut | None] = LeftOut(
        "the takeaways beside the topics (the headlines of the slides listed)", "topics"
    )

    def compact(self) -> NumberedList:
        """The topics alone, for an area too short for their takeaways."""
        return replace(self, items=tuple((topic, None) for topic, _ in self.items))


@record
class SourceList:
    """The sources slide: each source a row with what the deck takes from it; a closing line
    says what is not from a source."""

    entries: tuple[tuple[str, tuple[str, ...]], ...]  # heading, detail lines
    closing: str | None = None

    def shapes(self, area: Rect, look: Look) -> list[Shape]:
        out: list[Shape] = []
        bottom = area.bottom
        if self.closing:
            lines = (para(self.closing, look.small + 2, colour="text"),)
            height = callout_height(lines, area.width)
            out += callout("Examples", below(area, area.bottom - height), lines, look)
            bottom -= height + GAP
        count = max(1, len(self.entries))
        row_h = min((bottom - area.top) // count, inches(1.6))
        for n, (heading, details) in enumerate(self.entries):
            top = area.top + n * row_h
            out.append(accent_bar(f"Reference {n + 1} bar", area.left, top + inches(0.1),
                                  inches(0.08), row_h - inches(0.2)))  # fmt: skip
            entry = [para(heading, look.body, bold=True)]
            entry += [para(d, look.small, colour="muted", space_before=3) for d in details]
            out.append(
                text_shape(
                    f"Reference {n + 1}",
                    Rect(area.left + inches(0.3), top, area.width - inches(0.3), row_h),
                    tuple(entry),
                    anchor="ctr",
                )
            )
        return out

    LEFT_OUT: ClassVar[LeftOut | None] = LeftOut(
        "the sources' details after the first line of each", "sources"
    )

    def compact(self) -> SourceList:
        """Each source with its first detail (its author, or where it was read) only."""
        return replace(self, entries=tuple((h, d[:1]) for h, d in self.entries))
