"""The styles LibreOffice's masters keep only in their sample text ("Click to edit the title
text format"): finding them, choosing the one that reads, and pinning them on a slide.

Such masters have no text styles; PowerPoint shows their text at 18 pt and LibreOffice at its
own 44 pt title size, while the designer saw the sample's. ``StyleReader`` reads the sample
where nothing else sizes a level; ``pin_sample_style`` writes it where every reader finds it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from lxml import etree

from ..colours import contrast_ratio
from .xml import element, qn


def sample_rpr(placeholder: Any, level: int) -> Any | None:
    """The sized run properties of a placeholder's sample text at an outline level ("Click to
    edit the title text format"): its paragraph's first run's, else the paragraph's end."""
    body = placeholder.find(qn("p:txBody"))
    if body is None:
        return None
    for para in body.iterfind(qn("a:p")):
        ppr = para.find(qn("a:pPr"))
        if int(ppr.get("lvl", "0") if ppr is not None else "0") != level:
            continue
        for rpr in (para.find(f"./{qn('a:r')}/{qn('a:rPr')}"), para.find(qn("a:endParaRPr"))):
            if rpr is not None and rpr.get("sz") is not None:
                return rpr
    return None


def sets_size(pprs: list[Any]) -> bool:
    return any(
        (rpr := ppr.find(qn("a:defRPr"))) is not None and rpr.get("sz") is not None for ppr in pprs
    )


def readable_sample(
    samples: list[Any],
    behind: str | None,
    colour_of: Callable[[Any], str | None],
    plain: str | None,
) -> Any:
    """Of a layout's and its master's sample (nearest first), the one that reads on what is
    behind the text: LibreOffice can give a layout the placeholders of another master than
    its own (Blue Curve's layouts carry a white title made for a band their master does not
    draw). The nearest wins a tie, and where the background is not one colour."""
    if behind is None:
        return samples[0]

    def contrast(rpr: Any) -> float:
        solid = rpr.find(qn("a:solidFill"))
        colour = colour_of(solid[0]) if solid is not None and len(solid) else plain
        return contrast_ratio(colour, behind) if colour else 1.0

    return max(samples, key=contrast)


#: What of a sample run's properties a slide is given: its size, weight, slant, colour and font.
_SAMPLE_ATTRS = ("sz", "b", "i")
_SAMPLE_CHILDREN = tuple(qn(t) for t in ("a:solidFill", "a:latin", "a:ea", "a:cs"))


#: The size PowerPoint gives text that nothing sizes, and the fitter measures it at.
UNSIZED_PT = 18


def pin_sample_style(shape: Any, tx_body: Any, reader: Any) -> None:
    """Write, level by level, the style of the master's sample text onto the slide's list style
    where nothing sizes the text but that sample (``StyleReader.sample_run``: LibreOffice's
    masters). PowerPoint would show such text at 18 pt and LibreOffice at its own 44 pt; on
    the slide, both show the template's size, and fitting shrinks from it. Where nothing sizes
    a level and there is no sample (a body: LibreOffice's own 32 pt), it is given 18 pt, the
    size PowerPoint shows and the fitter measures."""
    sized = [reader.sizes(shape, level) for level in range(9)]
    samples = [None if sized[n] else reader.sample(shape, n) for n in range(9)]
    unsized = [not sized[n] and samples[n] is None for n in range(9)]
    if not any(sample is not None for sample in samples) and not any(unsized):
        return
    for level, sample in enumerate(samples):
        if sample is None and not unsized[level]:
            continue
        def_rpr = level_run_defaults(tx_body, level)
        if sample is None:
            if def_rpr.get("sz") is None:
                def_rpr.set("sz", str(UNSIZED_PT * 100))
            continue
        for attr in _SAMPLE_ATTRS:
            if sample.get(attr) is not None and def_rpr.get(attr) is None:
                def_rpr.set(attr, sample.get(attr))
        if len(def_rpr):
            continue  # it has a colour or font of its own: leave them
        for child in sample:
            if child.tag in _SAMPLE_CHILDREN:
                def_rpr.append(copy.deepcopy(child))


def level_run_defaults(tx_body: Any, level: int) -> Any:
    """The run defaults (``a:defRPr``) of an outline level in a text body's own list style,
    made where missing, each element where the schema orders it."""
    lst_style = tx_body.find(qn("a:lstStyle"))
    if lst_style is None:
        lst_style = element("a:lstStyle")
        tx_body.insert(1 if tx_body.find(qn("a:bodyPr")) is not None else 0, lst_style)
    name = f"a:lvl{level + 1}pPr"
    ppr = lst_style.find(qn(name))
    if ppr is None:
        ppr = element(name)
        later = [el for el in lst_style if _list_order(el.tag) > level + 1]
        if later:
            later[0].addprevious(ppr)
        else:
            lst_style.append(ppr)
    def_rpr = ppr.find(qn("a:defRPr"))
    if def_rpr is None:
        def_rpr = element("a:defRPr")
        ext = ppr.find(qn("a:extLst"))
        if ext is not None:
            ext.addprevious(def_rpr)
        else:
            ppr.append(def_rpr)
    return def_rpr


def _list_order(tag: str) -> int:
    """Where a list style's child goes: defPPr 0, lvl1pPr..lvl9pPr 1-9, extLst 10."""
    name = etree.QName(tag).localname
    if name == "defPPr":
        return 0
    return int(name[3]) if name.startswith("lvl") else 10
