"""Pictures on a built slide: the box each of its images is shown in, so an image far larger
than that (a logo straight from the brand portal) is scaled down before it goes into decks."""

from __future__ import annotations

from typing import Any

from .xml import qn

_R_EMBED = qn("r:embed")


def shown_boxes(slide: Any) -> dict[int, tuple[int, int]]:
    """Return (width, height) in EMU of the largest box each image part of the slide is shown
    in, by the part's id; an image shown cropped, or anywhere but as a whole picture (a
    background, a fill), is left out: its pixels cannot be judged by one box."""
    boxes: dict[int, tuple[int, int]] = {}
    unscalable: set[str] = set()
    root = slide._element
    for blip in root.iter(qn("a:blip")):
        r_id = blip.get(_R_EMBED)
        if r_id is None:
            continue
        fill = blip.getparent()
        pic = fill.getparent() if fill is not None else None
        ext = pic.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:ext')}") if pic is not None else None
        crop = fill.find(qn("a:srcRect")) if fill is not None else None
        cropped = crop is not None and any(v not in ("", "0") for v in crop.attrib.values())
        if pic is None or pic.tag != qn("p:pic") or ext is None or cropped:
            unscalable.add(r_id)
            continue
        part = slide.part.related_part(r_id)
        width, height = int(ext.get("cx", "0")), int(ext.get("cy", "0"))
        old = boxes.get(id(part), (0, 0))
        boxes[id(part)] = (max(old[0], width), max(old[1], height))
    for r_id in unscalable:
        boxes.pop(id(slide.part.related_part(r_id)), None)
    return boxes
