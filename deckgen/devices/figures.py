"""Devices around figures: hero numbers, a calculation, pillars, trend arrows, the ask
as a decision box."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from ..geometry import Rect
from ..records import record
from .base import (
    EMU_PER_PT,
    GAP,
    LINE,
    RULE,
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
    columns,
    inches,
    para,
    pt,
    text_height,
    text_shape,
)


@record
class HeroNumbers:
    """Numbers as heroes (8×, 25×), each with what it measures; an example under them."""

    numbers: tuple[tuple[str, str], ...]  # value, label
    example_title: str | None = None
    example_lines: tuple[str, ...] = ()
    points: tuple[str, ...] = ()

    def shapes(self, area: Rect, look: Look) -> list[Shape]:
        out: list[Shape] = []
        has_example = bool(self.example_lines)
        # The example band takes two fifths of a tall area, less of a short one.
        lower = min(inches(1.9), area.height * 2 // 5) if (has_example or self.points) else 0
        heroes = Rect(area.left, area.top, area.width, area.height - lower - (GAP if lower else 0))
        hero_h = min(inches(1.35), heroes.height // 2)
        for n, (box, (value, label)) in enumerate(
            zip(columns(heroes, len(self.numbers), GAP), self.numbers, strict=True)
        ):
            size = min(look.hero(80, value, box.width), hero_h / EMU_PER_PT / LINE)
            out.append(accent_bar(f"Hero {n + 1} bar", box.left, box.top, box.width))
            out.append(
                text_shape(
                    f"Big number {n + 1}",
                    Rect(box.left, box.top + RULE, box.width, hero_h),
                    (para(value, size, bold=True, colour="accent"),),
                    anchor="b",
                )
            )
            out.append(
                text_shape(
                    f"Label {n + 1}",
                    below(box, box.top + RULE + hero_h + inches(0.1)),
                    (para(label, look.body, colour="text"),),
                )
            )
        if not lower:
            return out
        band = below(area, area.bottom - lower)
        parts = columns(band, 2, GAP) if has_example and self.points else [band]
        if has_example:
            lines = [para(self.example_title or "", look.small, bold=True, colour="accent")]
            lines += [para(t, look.body, space_before=4) for t in self.example_lines]
            out += callout("Example", parts[0], tuple(lines), look)
        if self.points:
            lines = [
                para(p, look.body, bold=n == 0, space_before=6 if n else 0, bullet=True)
                for n, p in enumerate(self.points)
            ]
            out.append(text_shape("Takeaways", parts[-1], tuple(lines), anchor="ctr"))
        return out


@record
class HeroWithCalculation:
    """Beside a chart: the total as a hero, what it is, and how it was calculated."""

    value: str
    label: str
    steps: tuple[str, ...]
    points: tuple[str, ...]

    def shapes(self, area: Rect, look: Look) -> list[Shape]:
        hero_h = inches(1.1)
        out = [
            accent_bar("Hero bar", area.left, area.top, area.width),
            text_shape(
                "Big number",
                Rect(area.left, area.top + inches(0.1), area.width, hero_h),
                (
                    para(
                        self.value,
                        look.hero(54, self.value, area.width),
                        bold=True,
                        colour="accent",
                    ),
                ),
                anchor="b",
            ),
        ]
        lines = [para(self.label, look.body, colour="muted")]
        lines += [
            para(s, look.small + 2, space_before=10 if n == 0 else 3)
            for n, s in enumerate(self.steps)
        ]
        lines += [para(p, look.body, bold=True, space_before=14) for p in self.points]
        out.append(
            text_shape("Calculation", below(area, area.top + hero_h + inches(0.2)), tuple(lines))
        )
        return out


@record
class PillarRow:
    """Two to four pillars under a lead sentence, with a conclusion or proposal under them."""

    lead: str | None
    pillars: tuple[tuple[str, str], ...]
    closing_label: str | None
    closing: str | None

    def shapes(self, area: Rect, look: Look) -> list[Shape]:
        out: list[Shape] = []
        top = area.top
        if self.lead:
            lead = (para(self.lead, look.heading + 2),)
            height = text_height(lead, area.width, (0, 0, 0, 0)) + inches(0.05)
            out.append(text_shape("Lead", Rect(area.left, top, area.width, height), lead))
            top += height + GAP
        bottom = area.bottom
        if self.closing:
            lines: tuple[Line, ...] = (
                Line(
                    ((Run(f"{self.closing_label}: ", look.body, True, "accent"),)
                     if self.closing_label else ())
                    + (Run(self.closing, look.body),)
                ),
            )  # fmt: skip
            height = callout_height(lines, area.width)
            out += callout("Conclusion", below(area, area.bottom - height), lines, look)
            bottom = area.bottom - height - GAP
        row = Rect(area.left, top, area.width, bottom - top)
        for n, (box, (name, text)) in enumerate(
            zip(columns(row, len(self.pillars), GAP), self.pillars, strict=True)
        ):
            out.append(accent_bar(f"Pillar {n + 1} bar", box.left, box.top, box.width))
            out.append(
                text_shape(
                    f"Pillar {n + 1}",
                    below(box, box.top + RULE),
                    (para(name, look.heading + 6, bold=True, colour="accent"),)
                    + ((para(text, look.body, space_before=10),) if text else ()),
                    inset=(inches(0.25), inches(0.25), inches(0.25), inches(0.2)),
                    fill="panel",
                    # A name alone (the compact form) stands in the middle of its panel, a
                    # tile, rather than over an empty panel.
                    anchor="t" if text else "ctr",
                )
            )
        return out

    LEFT_OUT: ClassVar[LeftOut | None] = LeftOut("the pillars' descriptions", "pillars")

    def compact(self) -> PillarRow:
        """The pillars' names without their sentences, for a short area."""
        return replace(self, pillars=tuple((name, "") for name, _ in self.pillars))


@record
class TrendArrows:
    """Which way the market moves: an arrow per trend, the conclusion as a call-out."""

    trends: tuple[tuple[bool, str, str | None], ...]  # up, label, text
    conclusion: str | None
    points: tuple[str, ...]

    def shapes(self, area: Rect, look: Look) -> list[Shape]:
        out: list[Shape] = []
        bottom = area.bottom
        extra: tuple[Line, ...] = ()
        if self.conclusion or self.points:
            texts = ([self.conclusion] if self.conclusion else []) + list(self.points)
            extra = tuple(
                para(t, look.body, bold=n == 0 and bool(self.conclusion),
                     space_before=6 if n else 0)
                for n, t in enumerate(texts)
            )  # fmt: skip
            height = callout_height(extra, area.width)
            out += callout("Conclusion", below(area, area.bottom - height), extra, look)
            bottom = area.bottom - height - GAP
        row = Rect(area.left, area.top, area.width, bottom - area.top)
        arrow_w = inches(1.0)
        for n, (box, (up, label, text)) in enumerate(
            zip(columns(row, len(self.trends), GAP), self.trends, strict=True)
        ):
            arrow_h = min(box.height, inches(2.2))
            out.append(
                Shape(
                    f"Trend {n + 1} arrow",
                    Rect(box.left, box.top + (box.height - arrow_h) // 2, arrow_w, arrow_h),
                    "upArrow" if up else "downArrow",
                    fill="accent" if up else "muted",
                )
            )
            lines = [para(label, look.heading + 2, bold=True, colour="accent" if up else "text")]
            if text:
                lines.append(para(text, look.body, space_before=8))
            out.append(
                text_shape(
                    f"Trend {n + 1}",
                    Rect(box.left + arrow_w + inches(0.25), box.top,
                        box.width - arrow_w - inches(0.25), box.height),
                    tuple(lines),
                    anchor="ctr",
                )
            )  # fmt: skip
        return out


@record
class DecisionBox:
    """The ask: the decision with budget, timeline and owner in a box, the first steps as a
    numbered list beside it."""

    label: str
    decision: str
    facts: tuple[tuple[str, str], ...]  # label, value
    steps_label: str
    steps: tuple[str, ...]

    def shapes(self, area: Rect, look: Look) -> list[Shape]:
        left, right = columns(area, 2, inches(0.5))
        lines = [
            para(self.label.upper(), look.small, bold=True, colour="on_accent"),
            para(self.decision, look.heading + 2, bold=True, colour="on_accent", space_before=6),
        ]
        for label, value in self.facts:
            lines.append(
                Line(
                    (Run(f"{label}: ", look.body, False, "on_accent"),
                     Run(value, look.body, True, "on_accent")),
                    space_before=12,
                )
            )  # fmt: skip
        out = [
            text_shape(
                "Decision",
                left,
                tuple(lines),
                fill="accent",
                inset=(inches(0.35), inches(0.3), inches(0.35), inches(0.3)),
                anchor="ctr",
            )
        ]
        heading_h = inches(0.5)
        out.append(
            text_shape(
                "Steps heading",
                Rect(right.left, right.top, right.width, heading_h),
                (para(self.steps_label.upper(), look.small, bold=True, colour="accent"),),
                anchor="b",
            )
        )
        count = max(1, len(self.steps))
        step_h = (right.height - heading_h - inches(0.15)) // count
        size = inches(0.5)
        for n, step in enumerate(self.steps):
            top = right.top + heading_h + inches(0.15) + n * step_h
            out.append(Shape(f"Step {n + 1} rule", Rect(right.left, top, right.width, pt(1)),
                             fill="rule"))  # fmt: skip
            out.append(
                badge(f"Step {n + 1} number", right.left, top + inches(0.15), n + 1, look, size)
            )
            out.append(
                text_shape(
                    f"Step {n + 1}",
                    Rect(right.left + size + inches(0.25), top + inches(0.1),
                        right.width - size - inches(0.25), step_h - inches(0.1)),
                    (para(step, look.body + 1),),
                    anchor="t",
                    inset=(0, inches(0.08), 0, 0),
                )
            )  # fmt: skip
        return out
