"""Filling one slide: each role's text into the layout's placeholder for it (or the nearest
role it has), a device, chart or table in its area, plates where the background is busy, the
example tag, the source line and the logo."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Container
from dataclasses import replace
from pathlib import Path
from typing import Any

from pptx.util import Emu, Pt

from .. import devices, fit, ooxml
from ..engine import engine_for
from ..errors import InputError
from ..geometry import Rect
from ..kinds import Para, SlideContent
from ..models import Deck
from ..roles import FURNITURE, MIN_FONT_PT, READING_ORDER, ROLES, text_target
from ..template import LayoutInfo, Template
from .charts import add_chart
from .facts import accent_palette
from .state import state_for
from .tables import add_table


def _target_roles(content: SlideContent, has: Container[str]) -> dict[str, list[Para]]:
    """Send each role's text to the placeholder role the layout has, in reading order."""
    out: dict[str, list[Para]] = {}
    for role in sorted(content.texts, key=lambda r: READING_ORDER.index(r)):
        paras = content.texts[role]
        if not paras:
            continue
        target = text_target(role, has)
        if target is None:
            continue
        if ROLES[target].bulleted and not ROLES[role].bulleted:
            # A heading, caption or quote sharing a bulleted body keeps its own look.
            paras = [replace(p, bullet=False) for p in paras]
        out.setdefault(target, []).extend(paras)
    return out


def _add_source_box(slide: Any, where: Rect, text: str) -> None:
    box = slide.shapes.add_textbox(where.left, where.top, where.width, where.height)
    box.name = "Source"
    tf = box.text_frame
    tf.word_wrap = True
    run = tf.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(MIN_FONT_PT)


def fill_slide(
    slide: Any,
    info: LayoutInfo,
    content: SlideContent,
    deck: Deck,
    template: Template,
    lang: str,
    logo: Path | None,
) -> devices.LeftOut | None:
    """Fill the layout's placeholders by role; draw what it has no placeholder for in the
    boxes the template worked out (info.own), in the master's own text styles. Return what
    the slide's device left out, where it had to be drawn in its compact form."""
    roles, own = info.roles, info.own
    left_out = None
    shapes = ooxml.placeholders_by_idx(slide)
    filled: set[int] = set()

    def fill(idx: int, paras: list[Para]) -> None:
        ooxml.set_paragraphs(shapes[idx], [p.as_tuple() for p in paras], lang)
        filled.add(idx)

    def draw(role: str, paras: list[Para]) -> None:
        box = own[role]
        ooxml.add_text_box(
            slide,
            box.xywh,
            [p.as_tuple() for p in paras],
            lang,
            "title" if role == "title" else "body",
            role.replace("_", " ").capitalize(),
        )

    if "title" in roles:
        fill(roles["title"], [Para(content.title)])
    elif "title" in own:
        draw("title", [Para(content.title)])
    targets = _target_roles(content, {**roles, **dict.fromkeys(own, -1)})
    lead: list[Para] = []
    if content.device is not None:
        # The device takes the body's area; text the layout has no place for but the body
        # (an ask on a template without an Ask placeholder) becomes a call-out above it.
        body = shapes.get(roles["body"]) if "body" in roles else None
        look = _look(template, _body_pt(slide, info, body, template))
        lead = targets.pop("body", [])
    for role, paras in targets.items():
        if role in roles:
            fill(roles[role], paras)
        else:
            draw(role, paras)
    # On a picture or gradient, content stands on plates of the background colour, so nothing
    # is read against a photo; the template's own title and footer are left as designed.
    anchor_role = "body" if "body" in roles else "title" if "title" in roles else None
    busy = anchor_role is not None and _busy(slide, info, roles[anchor_role], shapes, template)
    plates: list[Rect] = []
    if content.device is not None:
        area = info.boxes.get("body") or own.get("body") or info.boxes.get("title")
        assert area is not None  # a kind with a device has a body: the layout's or deckgen's
        # A little air under the title, whose rule or last line may sit on the area's edge.
        pad = min(devices.inches(0.15), area.height // 20)
        area = Rect(area.left, area.top + pad, area.width, area.height - pad)
        if content.source or content.marker:
            area = _above(area, info.boxes.get("source") or own["source"])
        area = _above(area, _footer_row(info, template))
        plates.append(area)
        lead_texts = tuple(p.text for p in lead)
        drawn, left_out = devices.lay_out(content.device, area, look, _fits(template), lead_texts)
        _draw_shapes(slide, drawn, lang, accent_palette(deck, template))
    for kind, spec in (("chart", content.chart), ("table", content.table)):
        if spec is None or (kind not in roles and kind not in own):
            continue
        placeholder = None
        if kind in roles:
            placeholder = ooxml.frame_placeholder(slide, shapes[roles[kind]], kind)
            filled.add(roles[kind])
        box = info.boxes.get(kind) or own[kind]
        if content.source or content.marker:
            box = _above(box, info.boxes.get("source") or own["source"])
        box = _above(box, _footer_row(info, template))  # a layout's frame may reach into it
        plates.append(box)
        if content.chart is not None and kind == "chart":
            add_chart(slide, placeholder, content.chart, deck, template, box)
        elif content.table is not None and kind == "table":
            add_table(slide, placeholder, content.table, box, template)
    source_band = info.boxes.get("source") or own["source"]
    if content.source or content.marker:
        plates.append(source_band)
    if plates and (busy or any(_decorated(slide, info, b, template) for b in plates)):
        footer = _footer_row(info, template)
        plated = [_clear_of(devices.plate(box, n), box, footer) for n, box in enumerate(plates, 1)]
        _draw_shapes(slide, plated, lang, accent_palette(deck, template), behind=True)
    if content.marker:
        source_band = _add_marker(slide, source_band, content.marker, lang, deck, template)
    if content.source:
        if "source" in roles:
            fill(roles["source"], [Para(content.source)])
            if content.marker:
                ooxml.set_box(shapes[roles["source"]], source_band.xywh)
        else:
            _add_source_box(slide, source_band, content.source)
    if logo is not None and "logo" in roles:
        _add_logo(slide, roles["logo"], logo, deck)
        filled.add(roles["logo"])
    if "date" in roles:
        # Date placeholders are small footer boxes: the medium form (01.12.2026, 1 Dec 2026).
        when = engine_for(deck.language, deck.currency).filters["date"](deck.date, "medium")
        fill(roles["date"], [Para(when, bullet=False)])
    keep = {roles.get("footer"), roles.get("slide_number")}
    for idx, element in shapes.items():
        if idx not in filled and idx not in keep:
            ooxml.remove_element(element)
    return left_out


def _footer_row(info: LayoutInfo, template: Template) -> Rect:
    """The band the layout's footer, date and slide number sit in (else its master's)."""
    tops = [p.box.top for p in info.placeholders if p.role in FURNITURE and p.box.height]
    top = min(tops) if tops else template.masters[info.master].footer_top
    return Rect(0, top, template.slide_width, max(template.slide_height - top, 1))


def _layout_fact(template: Template, key: tuple[str, int, Any], work: Callable[[], Any]) -> Any:
    """What ``work`` finds of a layout, worked out once per template: a layout's drawings,
    backgrounds and styles never change, and every slide of a batch on it asks again."""
    known = state_for(template).layout_facts
    if key not in known:
        known[key] = work()
    return known[key]


def _decorated(slide: Any, info: LayoutInfo, box: Rect, template: Template) -> bool:
    """``ooxml.decorated_behind``, once per layout and box."""
    key = ("decorated", info.index, box.xywh)
    return bool(_layout_fact(template, key, lambda: ooxml.decorated_behind(slide, box.xywh)))


def _clear_of(plate: devices.Shape, held: Rect, footer: Rect) -> devices.Shape:
    """A plate whose margin below what it holds (``held``) stops at the footer row: the
    template's footer text is often white on the busy background, and a white plate under it
    hid its top half (Metropolis's date and slide number). What the plate holds stays on it,
    also a source line a layout sets in the footer row."""
    box = plate.box
    bottom = max(footer.top, held.bottom)
    if box.bottom <= bottom:
        return plate
    return replace(plate, box=Rect(box.left, box.top, box.width, bottom - box.top))


def _above(area: Rect, band: Rect) -> Rect:
    """``area`` ending above the source band where a layout's body reaches into it, so the
    source line and the example tag never print over content; unchanged where it does not."""
    gap = devices.inches(0.05)
    if band.top >= area.bottom or band.bottom <= area.top or band.top - gap <= area.top:
        return area
    return Rect(area.left, area.top, area.width, band.top - gap - area.top)


def _body_pt(slide: Any, info: LayoutInfo, body: Any | None, template: Template) -> float | None:
    """The size of the body placeholder's first level (None without a body or a size)."""
    if body is None:
        return None

    def read() -> float | None:
        return state_for(template).styles.levels(ooxml.shape_of(slide, body))[0].size_pt

    return _layout_fact(template, ("body_pt", info.index, None), read)


def _look(template: Template, body_pt: float | None) -> devices.Look:
    """What a device takes from the template: its body text size, measured in its font."""
    base = body_pt or devices.Look().base_pt
    fonts, family = fit.fonts.default_fonts(), template.fonts[1] or "Calibri"

    def measure(text: str, size: float, bold: bool) -> float:
        return fonts.font(family, size, bold).width_pt(text)

    return devices.Look(base_pt=base, measure=measure)


def _fits(template: Template) -> Callable[[devices.Shape], bool]:
    """Whether a drawn shape's text fits its box, measured as the fitter will measure it: in
    the template's body font, with the process's fonts.

    The answer depends only on the shape's text, box size and insets: a device tries each of
    its scales, and most of its texts are the same for every client of a batch, so each is
    measured once per template (``RenderState.fits``)."""
    family = template.fonts[1] or "Calibri"
    fonts = fit.fonts.default_fonts()
    known = state_for(template).fits

    def fits(shape: devices.Shape) -> bool:
        # Keyed by a digest: the shape's lines as objects took about 1 kB an answer, and a
        # batch adds two or three answers a client until the store is full.
        said = repr((shape.lines, shape.box.width, shape.box.height, shape.inset))
        key = (fonts, hashlib.blake2b(said.encode("utf-8"), digest_size=16).digest())
        found = known.get(key)
        if found is None:
            found = known.put(key, _text_fits(shape, family, fonts))
        return found

    return fits


def _text_fits(shape: devices.Shape, family: str, fonts: fit.FontBook) -> bool:
    """Whether the shape's text fits its box in ``family`` (see ``_fits``)."""
    paragraphs = [
        fit.Paragraph(
            text=line.text,
            size_pt=max(r.size for r in line.runs),
            bold=all(r.bold for r in line.runs),
            space_before_pt=line.space_before,
            indent=ooxml.BULLET_INDENT if line.bullet else 0,
            family=family,
            spans=tuple(fit.Span(r.text, r.size, r.bold) for r in line.runs)
            if len(line.runs) > 1
            else (),
        )
        for line in shape.lines
    ]
    left, top, right, bottom = shape.inset
    box = fit.TextArea(shape.box.width, shape.box.height, left, right, top, bottom)
    measured = fit.measure(paragraphs, box, fonts, fit.WIDTH_MARGIN)
    if measured.overflow_lines or (
        measured.lines > 1 and measured.height > box.text_height * devices.SPARE
    ):
        return False
    # Every word on one line: a renderer splits a word too long for its box ("Befähi-gung").
    for p in paragraphs:
        room = (box.text_width - p.indent) / fit.EMU_PER_PT * (1 - fit.WIDTH_MARGIN)
        measurer = fonts.font(family, p.size_pt, p.bold)
        if any(measurer.width_pt(word) > room for word in p.text.split()):
            return False
    return True


def _draw_shapes(
    slide: Any,
    shapes: list[devices.Shape],
    lang: str,
    palette: ooxml.Palette,
    *,
    behind: bool = False,
) -> None:
    shape_id = ooxml.next_shape_id(slide)
    for n, shape in enumerate(reversed(shapes) if behind else shapes):
        ooxml.add_drawn_shape(slide, shape, shape_id + n, lang, palette, behind=behind)


def _busy(
    slide: Any, info: LayoutInfo, idx: int, shapes: dict[int, Any], template: Template
) -> bool:
    """Whether a placeholder's area shows a picture, gradient or pattern behind its text."""

    def read() -> bool:
        return state_for(template).styles.background(ooxml.shape_of(slide, shapes[idx])) is None

    return bool(_layout_fact(template, ("busy", info.index, idx), read))


def _add_marker(
    slide: Any, band: Rect, text: str, lang: str, deck: Deck, template: Template
) -> Rect:
    """Mark the slide's figures as examples (or its plan as a proposal) with a tag at the right
    of the source band, apart from the source line; return what is left of the band."""
    look = _look(template, None)
    tag = devices.marker_tag(text, band, look)
    _draw_shapes(slide, [tag], lang, accent_palette(deck, template))
    return Rect(band.left, band.top, max(0, tag.box.left - band.left - devices.GAP), band.height)


def _add_logo(slide: Any, idx: int, path: Path, deck: Deck) -> None:
    """Fit the logo inside its placeholder, centred, never stretched or cropped."""
    placeholder = slide.placeholders[idx]
    left, top, width, height = (
        placeholder.left,
        placeholder.top,
        placeholder.width,
        placeholder.height,
    )
    try:
        picture = placeholder.insert_picture(str(path))
    except Exception as err:  # python-pptx and Pillow raise many kinds for a bad image
        raise InputError(
            f"brand.logo: {path}: not an image PowerPoint can show; use a PNG or JPEG"
        ) from err
    picture.crop_left = picture.crop_right = picture.crop_top = picture.crop_bottom = 0
    pixels_w, pixels_h = picture.image.size
    scale = min(width / pixels_w, height / pixels_h)
    picture.width, picture.height = Emu(int(pixels_w * scale)), Emu(int(pixels_h * scale))
    picture.left = Emu(left + (width - picture.width) // 2)
    picture.top = Emu(top + (height - picture.height) // 2)
    ooxml.set_alt_text(picture, f"{deck.audience.company} logo")
