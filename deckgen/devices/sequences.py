"""Devices that set two states or steps in order: a contrast, a timeline, phases."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from ..geometry import Rect
from ..records import record
from ..roles import MIN_FONT_PT
from .base import (
    GAP,
    LINE,
    Colour,
    LeftOut,
    Line,
    Look,
    Shape,
    below,
    callout,
    callout_height,
    inches,
    para,
    pt,
    text_height,
    text_shape,
)


@record
class Contrast:
    """Risk reframe: the old question against the new one, the evidence as a call-out."""

    old_label: str
    old_question: str
    old_points: tuple[str, ...]
    new_label: str
    new_question: str
    new_points: tuple[str, ...]
    evidence_label: str
    evidence: str

    def shapes(self, area: Rect, look: Look) -> list[Shape]:
        evidence = (
            para(self.evidence_label.upper(), look.small, bold=True, colour="accent"),
            para(self.evidence, look.heading, bold=True, space_before=4),
        )
        call_h = callout_height(evidence, area.width)
        arrow_w = inches(0.6)
        panels_h = area.height - call_h - GAP
        left_w = (area.width - arrow_w - 2 * inches(0.15)) // 2
        left = Rect(area.left, area.top, left_w, panels_h)
        right = Rect(area.right - left_w, area.top, left_w, panels_h)

        def panel(
            name: str, box: Rect, label: str, question: str, points: tuple[str, ...], new: bool
        ) -> Shape:
            lines = [
                para(label.upper(), look.small, bold=True, colour="accent" if new else "muted"),
                para(question, look.heading + 4, bold=True, colour="text", space_before=8),
            ]
            lines += [
                para(p, look.body, colour="text" if new else "muted", space_before=10, bullet=True)
                for p in points
            ]
            return text_shape(
                name,
                box,
                tuple(lines),
                inset=(inches(0.3), inches(0.25), inches(0.3), inches(0.25)),
                anchor="ctr",
                fill="background" if new else "panel",
                line="accent" if new else None,
                line_pt=2.25 if new else 0.0,
            )

        arrow_h = inches(0.7)
        arrow = Shape(
            "Arrow",
            Rect(left.right + inches(0.15), area.top + (panels_h - arrow_h) // 2, arrow_w, arrow_h),
            "rightArrow",
            fill="accent",
        )
        out = [
            panel("Old question", left, self.old_label, self.old_question, self.old_points, False),
            arrow,
            panel("New question", right, self.new_label, self.new_question, self.new_points, True),
        ]
        out += callout("Evidence", below(area, area.bottom - call_h), evidence, look)
        return out

    LEFT_OUT: ClassVar[LeftOut | None] = LeftOut(
        "the points under the old and the new question", "points"
    )

    def compact(self) -> Contrast:
        """The two questions and the evidence, without the points under the questions."""
        return replace(self, old_points=(), new_points=())


@record
class Timeline:
    """Where news breaks first: stations on a time arrow, the lead between the first two marked
    above it, each station's text under it, the takeaways in a call-out."""

    steps: tuple[tuple[str, str | None, bool], ...]  # name, text, highlighted
    advantage: str | None
    time_label: str
    points: tuple[str, ...]

    def shapes(self, area: Rect, look: Look) -> list[Shape]:
        out: list[Shape] = []
        count = len(self.steps)
        bottom = area.bottom
        if self.points:
            lines = tuple(
                para(p, look.body + 1, bold=n == 0, space_before=6 if n else 0)
                for n, p in enumerate(self.points)
            )
            height = callout_height(lines, area.width)
            out += callout("Takeaways", below(area, area.bottom - height), lines, look)
            bottom = area.bottom - height - GAP
        dot = int(inches(0.42) * look.scale)
        axis_h = int(inches(0.24) * look.scale)
        arrow_h = int(inches(0.62) * look.scale)
        name_h = pt((look.heading + 4) * LINE) + inches(0.05)
        text_h = text_height(
            tuple(para(t or "", look.body) for _, t, _ in self.steps), (area.width // count),
            (0, 0, 0, 0),
        )  # fmt: skip
        block = arrow_h + inches(0.25) + dot + inches(0.2) + name_h + text_h
        top = area.top + max(0, (bottom - area.top - block) // 2)
        axis_top = top + arrow_h + inches(0.25) + (dot - axis_h) // 2
        out.append(
            Shape("Time axis", Rect(area.left, axis_top, area.width, axis_h), "rightArrow",
                  fill="rule")
        )  # fmt: skip
        slot = (area.width - inches(1.0)) // count
        centres = [area.left + inches(0.3) + n * slot for n in range(count)]
        for n, (name, text, highlight) in enumerate(self.steps):
            centre = centres[n]
            colour: Colour = "accent" if highlight else "muted"
            dot_top = top + arrow_h + inches(0.25)
            out.append(
                Shape(f"Station {n + 1} dot", Rect(centre - dot // 2, dot_top, dot, dot),
                      "ellipse", fill=colour)
            )  # fmt: skip
            station = [para(name, look.heading + 4, bold=True, colour=colour)]
            if text:
                station.append(para(text, look.body, space_before=6))
            left = centre - dot // 2
            out.append(
                text_shape(
                    f"Station {n + 1}",
                    Rect(left, dot_top + dot + inches(0.2), slot - GAP, name_h + text_h),
                    tuple(station),
                )
            )
        if self.advantage and count >= 2:
            span = Rect(centres[0], top, centres[1] - centres[0], arrow_h)
            inset = (inches(0.2), 0, inches(0.6), 0)
            label = para(self.advantage, look.body, bold=True, colour="on_accent", align="ctr")
            if look.width(self.advantage, look.body, True) <= span.width - inset[0] - inset[2]:
                out.append(
                    text_shape("Advantage", span, (label,), anchor="ctr", fill="accent",
                               geometry="rightArrow", inset=inset)
                )  # fmt: skip
            else:  # too narrow to hold its label: the arrow, and the label beside it above
                out.append(Shape("Advantage arrow", span, "rightArrow", fill="accent"))
                out.append(
                    text_shape(
                        "Advantage",
                        Rect(span.right + inches(0.1), top,
                            area.right - span.right - inches(0.1), arrow_h),
                        (replace(label, runs=(replace(label.runs[0], colour="accent"),),
                                 align="l"),),
                        anchor="ctr",
                    )
                )  # fmt: skip
        out.append(
            text_shape(
                "Time label",
                Rect(area.right - inches(2.0), axis_top - inches(0.4), inches(2.0), inches(0.35)),
                (para(self.time_label, look.small, colour="muted", align="r"),),
                anchor="b",
            )
        )
        return out

    LEFT_OUT: ClassVar[LeftOut | None] = LeftOut(
        "the takeaways under the timeline", "stations or takeaways"
    )

    def compact(self) -> Timeline:
        """The stations and the lead between them, without the takeaways under them."""
        return replace(self, points=())


@record
class Phases:
    """A roadmap: numbered chevrons as the time axis, each phase's name and time under its
    chevron, and its goals in a panel below. The chevrons hold only their number: a preset
    shape's text area is narrower than its box, which renderers and the fitter would judge
    differently for longer text."""

    phases: tuple[tuple[str, str, tuple[str, ...]], ...]  # name, timeframe, goals

    def shapes(self, area: Rect, look: Look) -> list[Shape]:
        out: list[Shape] = []
        count = len(self.phases)
        overlap = inches(0.1)
        width = (area.width + overlap * (count - 1)) // count
        chevron_h = inches(0.55)
        notch = chevron_h * 2 // 5  # the chevrons' depth, adj 40000 of their height

        def head(name: str, when: str) -> tuple[Line, ...]:
            return (
                para(name, look.heading + 2, bold=True, colour="accent"),
                para(when, look.small, colour="muted", space_before=2),
            )

        head_h = max(
            text_height(head(name, when), width - overlap, (0, 0, 0, 0))
            for name, when, _ in self.phases
        )
        for n, (name, when, goals) in enumerate(self.phases):
            left = area.left + n * (width - overlap)
            column = width - overlap - inches(0.08)
            out.append(
                Shape(
                    f"Phase {n + 1}",
                    Rect(left, area.top, width, chevron_h),
                    "homePlate" if n == 0 else "chevron",
                    fill="accent",
                    lines=(para(str(n + 1), look.heading, bold=True, colour="on_accent",
                                align="ctr"),),
                    anchor="ctr",
                    # The text stays clear of the notches, where the next chevron begins.
                    inset=(notch if n else inches(0.1), 0, notch, 0),
                    adjust=(("adj", 40000),),
                )
            )  # fmt: skip
            top = area.top + chevron_h + inches(0.15)
            out.append(
                text_shape(f"Phase {n + 1} name", Rect(left, top, column, head_h),
                           head(name, when))
            )  # fmt: skip
            top += head_h + inches(0.1)
            lines = tuple(
                para(g, max(MIN_FONT_PT, look.body - 1), space_before=6 if k else 0, bullet=True)
                for k, g in enumerate(goals)
            )
            out.append(
                text_shape(
                    f"Phase {n + 1} goals",
                    Rect(left, top, column, area.bottom - top),
                    lines,
                    inset=(inches(0.15), inches(0.15), inches(0.1), inches(0.1)),
                    fill="panel",
                )
            )
        return out
