"""The visual device of each argument: native shapes laid out in a layout's free area.

A consulting deck gives each message the shape that carries it: the ask as a decision box,
numbers as heroes, a timeline, a contrast, pillars, phases. A device here is pure geometry and
text, without python-pptx: ``shapes(area, look)`` returns the shapes to draw in the area the
layout leaves for its body, and ``ooxml.add_drawn_shape`` writes each as an editable
PowerPoint shape in the template's theme colours and fonts. So a device takes the look of
whatever template it lands in, and the same content gives the same geometry in every build.

Boxes are generous estimates of the text they hold; the fitter measures every shape afterwards
with the real fonts and shrinks what does not fit, like any other text of the slide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from .geometry import Rect
from .roles import MIN_FONT_PT

EMU_PER_PT = 12700
INCH = 914400

#: Colour roles a shape may use; ``ooxml.drawn`` turns each into a theme colour reference, so
#: a template's theme (and a brand's accent) decides the actual colours.
Colour = Literal["text", "muted", "accent", "on_accent", "panel", "rule", "background"]
Align = Literal["l", "ctr", "r"]

#: Average advance of a character in em, generous for Calibri and Arial; for estimates only.
CHAR_EM = 0.53
LINE = 1.2  # line height in em, as the fitter measures


@dataclass(frozen=True)
class Run:
    """A run of text in one size, weight and colour."""

    text: str
    size: float
    bold: bool = False
    colour: Colour = "text"


@dataclass(frozen=True)
class Line:
    """A paragraph: runs, alignment and the space before it (pt)."""

    runs: tuple[Run, ...]
    align: Align = "l"
    space_before: float = 0.0
    bullet: bool = False  # a bullet, wrapped lines hanging under the text, not the bullet

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Shape:
    """One native shape: a DrawingML preset (``rect``, ``chevron``, ...) with optional fill,
    outline and text. ``name`` is what PowerPoint's selection pane shows and what ``check``
    and the fitter read a text shape's role from ("Big number 2" is a big number)."""

    name: str
    box: Rect
    geometry: str = "rect"
    fill: Colour | None = None
    line: Colour | None = None
    line_pt: float = 0.0
    lines: tuple[Line, ...] = ()
    anchor: Literal["t", "ctr", "b"] = "t"
    inset: tuple[int, int, int, int] = (0, 0, 0, 0)  # left, top, right, bottom (EMU)
    adjust: tuple[tuple[str, int], ...] = ()  # preset geometry adjustments (chevron depth)


@dataclass(frozen=True)
class Look:
    """What a device takes from its template: the body text size (devices scale with it) and
    which text colour reads on the accent colour (white on a dark accent, dark on a light one).
    ``scale`` shrinks every size when the area a template offers is small (see ``layout``)."""

    base_pt: float = 20.0
    on_accent: Literal["bg1", "tx1"] = "bg1"
    scale: float = 1.0
    #: The width of a text in points at a size, bold or not, in the template's font.
    measure: Callable[[str, float, bool], float] | None = field(default=None, compare=False)

    def width(self, text: str, size: float, bold: bool = False) -> int:
        """The room (EMU) a one-line text needs, with a margin for readers that measure
        symbols (€, ×) wider than the font draws them."""
        points = self.measure(text, size, bold) if self.measure else len(text) * 0.6 * size
        return int(points * HERO_MARGIN * EMU_PER_PT) + inches(0.1)

    def _sized(self, points: float) -> float:
        return max(MIN_FONT_PT, round(points * self.scale * 2) / 2)

    @property
    def body(self) -> float:
        """The size of running text in a device."""
        return self._sized(max(16.0, min(self.base_pt, 24.0) - 2))

    @property
    def heading(self) -> float:
        return self._sized(max(18.0, min(self.base_pt, 24.0)))

    @property
    def small(self) -> float:
        return self._sized(14.0)

    def hero(self, points: float, text: str | None = None, room: int | None = None) -> float:
        """A hero number's size: large, scaled down with everything else, and, given the
        ``text`` and its ``room`` (EMU), no larger than fits on one line there."""
        size = max(24.0, round(points * self.scale))
        while (
            text is not None
            and room is not None
            and size > 24
            and self.width(text, size, True) > room
        ):
            size -= 2
        return size


#: Room given to a hero number beyond its measured width: independent text-fit checkers
#: estimate symbols outside basic Latin (€, ×, no-break spaces) up to a third wider.
HERO_MARGIN = 1.35


def pt(points: float) -> int:
    return round(points * EMU_PER_PT)


def inches(value: float) -> int:
    return round(value * INCH)


def lines_needed(text: str, size: float, width: int) -> int:
    """Estimate how many lines ``text`` takes at ``size`` pt in ``width`` EMU (word wrap)."""
    per_line = max(1.0, width / (size * CHAR_EM * EMU_PER_PT))
    count, used = 1, 0.0
    for word in text.split():
        extra = len(word) + (1 if used else 0)
        if used and used + extra > per_line:
            count += 1
            used = float(len(word))
        else:
            used += extra
    return count


def text_height(lines: tuple[Line, ...], width: int, inset: tuple[int, int, int, int]) -> int:
    """Estimate the height of a box for ``lines`` ``width`` wide, insets included, with the
    room to spare that text of several lines keeps (see ``SPARE``)."""
    inner = width - inset[0] - inset[2]
    total = 0.0
    count = 0
    for line in lines:
        size = max((r.size for r in line.runs), default=MIN_FONT_PT)
        wrapped = lines_needed(line.text, size, inner)
        count += wrapped
        total += line.space_before + wrapped * size * LINE
    spare = 1.15 if count > 1 else 1.0  # a little more than 1 / SPARE, for rounding
    return pt(total * spare) + inset[1] + inset[3]


#: The share of its box text of several lines may fill: other renderers and checkers set
#: lines a little taller, above all where a template's font is missing and substituted.
SPARE = 0.9


def para(text: str, size: float, *, bold: bool = False, colour: Colour = "text", **kw) -> Line:
    return Line((Run(text, size, bold, colour),), **kw)


def columns(area: Rect, count: int, gap: int) -> list[Rect]:
    """Split ``area`` into ``count`` columns of equal width with ``gap`` between them."""
    width = (area.width - gap * (count - 1)) // count
    return [Rect(area.left + n * (width + gap), area.top, width, area.height) for n in range(count)]


def below(box: Rect, top: int, height: int | None = None) -> Rect:
    """The part of ``box`` from ``top`` down (``height`` tall, else to its bottom)."""
    return Rect(box.left, top, box.width, box.bottom - top if height is None else height)


PAD = inches(0.2)
GAP = inches(0.3)
RULE = inches(0.06)
PANEL_INSET = (inches(0.25), inches(0.18), inches(0.25), inches(0.18))


def text_shape(
    name: str,
    box: Rect,
    lines: tuple[Line, ...],
    *,
    anchor: Literal["t", "ctr", "b"] = "t",
    inset: tuple[int, int, int, int] = (0, 0, 0, 0),
    fill: Colour | None = None,
    line: Colour | None = None,
    line_pt: float = 0.0,
    geometry: str = "rect",
) -> Shape:
    return Shape(name, box, geometry, fill, line, line_pt, lines, anchor, inset)


def accent_bar(name: str, left: int, top: int, width: int, height: int = RULE) -> Shape:
    return Shape(name, Rect(left, top, width, height), fill="accent")


def badge(name: str, left: int, top: int, number: int, look: Look, size: int) -> Shape:
    """A numbered circle: list order, never mistaken for a figure."""
    return text_shape(
        name,
        Rect(left, top, size, size),
        (para(str(number), look.heading, bold=True, colour="on_accent", align="ctr"),),
        anchor="ctr",
        fill="accent",
        geometry="ellipse",
    )


def callout(name: str, area: Rect, lines: tuple[Line, ...], look: Look) -> list[Shape]:
    """A panel with an accent bar on its left: evidence, a conclusion, a proposal."""
    bar = inches(0.08)
    panel = text_shape(
        name,
        Rect(area.left + bar, area.top, area.width - bar, area.height),
        lines,
        anchor="ctr",
        inset=PANEL_INSET,
        fill="panel",
    )
    return [accent_bar(f"{name} bar", area.left, area.top, bar, area.height), panel]


def callout_height(lines: tuple[Line, ...], width: int) -> int:
    return text_height(lines, width - inches(0.08), PANEL_INSET) + inches(0.2)


# --------------------------------------------------------------------------- the devices


@dataclass(frozen=True)
class Proof:
    """A reason's proof: a hero figure with its label, or only a qualitative label."""

    value: str | None
    label: str
    note: str | None = None  # "Example" under an example figure


@dataclass(frozen=True)
class ReasonRows:
    """Executive summary: numbered reasons, each beside its proof: a hero figure with what it
    measures, or the qualitative finding."""

    reasons: tuple[tuple[str, Proof | None], ...]
    inline: bool = False  # each proof as a line under its reason, not in a column

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


@dataclass(frozen=True)
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

    def compact(self) -> NumberedList:
        """The topics alone, for an area too short for their takeaways."""
        return replace(self, items=tuple((topic, None) for topic, _ in self.items))


@dataclass(frozen=True)
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

    def compact(self) -> Contrast:
        """The two questions and the evidence, without the points under the questions."""
        return replace(self, old_points=(), new_points=())


@dataclass(frozen=True)
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

    def compact(self) -> Timeline:
        """The stations and the lead between them, without the takeaways under them."""
        return replace(self, points=())


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
                )
            )
        return out

    def compact(self) -> PillarRow:
        """The pillars' names without their sentences, for a short area."""
        return replace(self, pillars=tuple((name, "") for name, _ in self.pillars))


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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

    def compact(self) -> SourceList:
        """Each source with its first detail (its author, or where it was read) only."""
        return replace(self, entries=tuple((h, d[:1]) for h, d in self.entries))


def overflows(shape: Shape) -> bool:
    """Whether a shape's text looks too tall for its box (an estimate, see ``text_height``)."""
    return bool(shape.lines) and text_height(shape.lines, shape.box.width, shape.inset) > (
        shape.box.height
    )


SCALES = (1.0, 0.9, 0.8, 0.7, 0.6)


def layout(
    device: Device,
    area: Rect,
    look: Look,
    fits: Callable[[Shape], bool] | None = None,
    lead: tuple[str, ...] = (),
) -> list[Shape]:
    """The device's shapes in ``area`` at the largest scale at which all its text fits (by
    ``fits``, the fitter's measurement; else an estimate): a corporate template's small body
    area gets a smaller device rather than text the fitter would have to squeeze. ``lead`` is
    text the layout had no place for (an ask), drawn as a call-out above the device and scaled
    with it. Where even
    the smallest does not fit, a device's ``compact()`` form (without its supporting points or
    notes, never its figures or citations) is tried the same way; what still does not fit is
    left to the fitter to report."""
    fits = fits or (lambda shape: not overflows(shape))
    variants = [device]
    compact = getattr(device, "compact", None)
    if compact is not None:
        variants.append(compact())

    def drawn(variant: Device, scale: float) -> list[Shape]:
        scaled = replace(look, scale=scale)
        rest, shapes = lead_callout(lead, area, scaled) if lead else (area, [])
        return shapes + variant.shapes(rest, scaled)

    for variant in variants:
        for scale in SCALES:
            shapes = drawn(variant, scale)
            if all(fits(s) for s in shapes if s.lines) and not collide(shapes, area):
                return shapes
    return drawn(variants[0], SCALES[-1])


def _text_area(shape: Shape) -> tuple[int, int, int, int]:
    left, top, right, bottom = shape.inset
    box = shape.box
    return (box.left + left, box.top + top, box.right - right, box.bottom - bottom)


def collide(shapes: list[Shape], area: Rect) -> bool:
    """Whether two text areas of a device overlap, or one leaves the area: what a short area
    does to a device whose parts are stacked (a timeline's text over its call-out)."""
    texts = [_text_area(s) for s in shapes if s.lines]
    margin = pt(2)
    for n, a in enumerate(texts):
        if a[3] > area.bottom + margin or a[1] < area.top - margin:
            return True
        for b in texts[n + 1 :]:
            if min(a[2], b[2]) - max(a[0], b[0]) > margin and (
                min(a[3], b[3]) - max(a[1], b[1]) > margin
            ):
                return True
    return False


def plate(box: Rect, number: int) -> Shape:
    """A background-coloured plate a little larger than ``box``, for content on a photo."""
    margin = inches(0.1)
    return Shape(
        f"Plate {number}",
        Rect(box.left - margin, box.top - margin, box.width + 2 * margin, box.height + 2 * margin),
        fill="background",
    )


def lead_callout(texts: tuple[str, ...], area: Rect, look: Look) -> tuple[Rect, list[Shape]]:
    """Text above a device (an ask where the layout has no Ask placeholder) as a call-out;
    return the area left for the device and the call-out's shapes."""
    lines = tuple(para(t, look.heading, bold=n == 0, space_before=4 if n else 0)
                  for n, t in enumerate(texts))  # fmt: skip
    height = callout_height(lines, area.width)
    shapes = callout("Ask", below(area, area.top, height), lines, look)
    top = area.top + height + GAP
    return below(area, top), shapes


#: The example tag is set at the smallest size, like the source line beside it.
MARKER_PT = MIN_FONT_PT


def marker_tag(text: str, band: Rect, look: Look) -> Shape:
    """A tag at the right end of the source band: "Example figures · replace with your own",
    shortened to what comes before its " · " where the band leaves the source line too little
    room."""
    inset = inches(0.1)
    if look.width(text, MARKER_PT, True) + 2 * inset > band.width * 2 // 5:
        text = text.split(" · ")[0]  # "Example figures" alone where the band is narrow
    width = min(look.width(text, MARKER_PT, True) + 2 * inset, band.width // 2)
    height = min(band.height, inches(0.32))
    return text_shape(
        "Example",
        Rect(band.right - width, band.top + (band.height - height) // 2, width, height),
        (para(text, MARKER_PT, bold=True, colour="accent", align="ctr"),),
        anchor="ctr",
        inset=(inset, 0, inset, 0),
        line="accent",
        line_pt=1.0,
        geometry="roundRect",
    )


Device = (
    ReasonRows
    | NumberedList
    | Contrast
    | Timeline
    | HeroNumbers
    | HeroWithCalculation
    | PillarRow
    | TrendArrows
    | Phases
    | DecisionBox
    | SourceList
)
