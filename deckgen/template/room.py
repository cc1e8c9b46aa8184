"""Whether a template has room for content slides at all: the least body a full bullet slide
needs, the template's largest body, and the one refusal when none is large enough.

Some templates (LibreOffice's Midnightblue) have only cover-page layouts: every body is a strip
under a big title. Built on one, every content slide overflows, and the user reads one overflow
per placeholder instead of the one thing to fix: the template.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ..errors import NoContentLayout
from ..fit.layout import BODY_INDENTS_EMU, EMU_PER_INCH, EMU_PER_PT, LINE_HEIGHT_EM, TextArea
from ..geometry import Rect
from ..kinds import KINDS
from ..models.fields import MAX_BULLET_CHARS, MAX_BULLETS
from ..records import record
from ..roles import FLOORS_PT
from .choice import join_words, title_over_body
from .model import Template

#: Sentence-case text averages 0.40 em in Carlito, the narrowest of the fonts the fitter was
#: measured with (see ``fit.fonts.FALLBACK_EM``): no bullet is expected to be narrower, so a
#: template is refused only where even the narrowest text cannot fit.
NARROWEST_EM = 0.40


#: The kinds whose message goes into a body placeholder: the slides a cramped body refuses.
CONTENT_KINDS = tuple(k for k, kind in KINDS.items() if "body" in kind.needs.required)


def needed_height(width: int) -> int:
    """Return the least height (EMU) a body ``width`` EMU wide needs for a full bullet slide.

    A full bullet slide is the most the content model accepts: MAX_BULLETS bullets of
    MAX_BULLET_CHARS characters. Even set at the body's floor (the smallest size fitting may
    shrink body text to), in the narrowest font, with the default insets and the bullet's
    hanging indent, each bullet takes ``ceil(its width / the line's width)`` lines of
    LINE_HEIGHT_EM times the floor. So a body lower than this cannot hold slides validation lets
    through, whatever the fitter does; one this high may still overflow with longer words or a
    wider font, which the fitter reports slide by slide.

    A full bullet is 616 pt (8.6 in) wide: a body 9 in wide or more sets it on one line (5 lines,
    1.3 in high), one from 4.7 to 9 in wide on two (2.4 in). Midnightblue's bodies, 6.9 × 1.8 in,
    are refused; the lowest of the templates that build (LibreOffice's Beehive, 9.9 × 3.6 in)
    have almost three times the height they need.
    """
    floor_pt = FLOORS_PT["body"]
    area = TextArea(width, 0)
    line = area.text_width - BODY_INDENTS_EMU[0]
    bullet = MAX_BULLET_CHARS * NARROWEST_EM * floor_pt * EMU_PER_PT
    # A box no wider than its insets sets a character a line (fit.layout does the same).
    lines = MAX_BULLETS * (math.ceil(bullet / line) if line > 0 else MAX_BULLET_CHARS)
    height = round(lines * LINE_HEIGHT_EM * floor_pt * EMU_PER_PT)
    return height + area.top_inset + area.bottom_inset


@record
class Body:
    """A layout's body placeholder and the height a full bullet slide needs at its width."""

    layout: str
    box: Rect
    needed: int

    @property
    def fits(self) -> bool:
        return self.box.height >= self.needed


def cramped(template: Template) -> Body | None:
    """Return the template's largest body when no layout's body holds a full bullet slide.

    None when one does, and when no layout has a body placeholder: deckgen then draws the body
    in the master's text area. A body with the title printed over it does not count: deckgen
    draws that layout's title and body itself (``choice.fit_layout``).
    """
    bodies = [
        Body(lay.ref, lay.boxes["body"], needed_height(lay.boxes["body"].width))
        for lay in template.layouts
        if "body" in lay.boxes and not title_over_body(lay.boxes)
    ]
    if not bodies or any(body.fits for body in bodies):
        return None
    return max(bodies, key=lambda b: b.box.area)  # the first of equal ones


def _size(box: Rect) -> str:
    inches = f"{box.width / EMU_PER_INCH:.1f} × {box.height / EMU_PER_INCH:.1f} in"
    return f"{inches} ({box.width / 360000:.1f} × {box.height / 360000:.1f} cm)"


def _why(body: Body) -> str:
    return (
        f"no layout has a body area large enough for content slides: the largest, in layout "
        f"{body.layout!r}, is {_size(body.box)}, and a slide of {MAX_BULLETS} bullets as long "
        f"as the content allows ({MAX_BULLET_CHARS} characters) needs at least "
        f"{body.needed / EMU_PER_INCH:.1f} in of height at that width, even at "
        f"{FLOORS_PT['body']:g} pt, the smallest size for body text"
    )


ADVICE = (
    'add a "Title and Content" layout whose content placeholder fills the slide below the '
    "title to the template in PowerPoint (View > Slide Master > Insert Layout), or use "
    "another template"
)


def cramped_note(template: Template) -> str | None:
    """Return what ``deckgen inspect`` says of a template without room for content slides:
    why, the slide kinds that still fit, and what to do; None when it has room."""
    body = cramped(template)
    if body is None:
        return None
    others = [k for k in KINDS if k not in CONTENT_KINDS]
    return (
        f"{_why(body)}, so content slides (every kind but {join_words(others)}) fit only with "
        f"a few short points. {ADVICE[0].upper()}{ADVICE[1:]}."
    )


def refuse_cramped(template: Template, kinds: Iterable[str]) -> None:
    """Raise NoContentLayout when the template has no room for content slides and ``kinds``
    (the kinds of a deck's slides whose text does not fit) include one: the template, not the
    text, is what to change."""
    body = cramped(template)
    content = [k for k in dict.fromkeys(kinds) if k in CONTENT_KINDS]
    if body is None or not content:
        return
    raise NoContentLayout(
        f"{template.path}: {_why(body)}, so the deck's {join_words(content)} slides do not fit. "
        f"{ADVICE[0].upper()}{ADVICE[1:]}, or build with --allow-overflow to keep the "
        "overflowing text."
    )
