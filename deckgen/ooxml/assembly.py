"""A deck as a package put together from prepared parts, instead of from python-pptx objects.

Decks built from one template share almost every part: masters, layouts, theme, media, and
most slides from client to client. python-pptx would open the whole template, add every slide
and serialise every part again for each deck. Here the template's parts are serialised once
(``Base``); a slide is built once with python-pptx and kept as its XML and the parts only it
uses (``BuiltSlide``); a deck is then the base, its slides, their notes and the few parts
that change per deck, named and related in one deterministic pass and written as a zip.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from typing import Any, cast

from lxml import etree

from ..cache import LRU
from ..colours import Shade
from ..records import record
from .opc import CT, RT, PartData, Rel, packed_parts, serialize
from .package import Packed
from .slides import set_paragraphs
from .stencil import Stencil, template_text_stencil
from .tags import holds_tags
from .theme import shade_accent_text
from .xml import parse, qn

_NUMBER = re.compile(r"\d+(?=\.[^./]+$)")


@record
class BuiltSlide:
    """A filled and fitted slide, kept as bytes so any number of decks can reuse it.

    ``xml`` has slots in its footer, date and slide-number shapes: those carry the template's
    own text, which each deck renders with its own values and numbers. ``owned`` are the parts
    only this slide uses (charts and their workbooks, pictures), their names only a pattern
    until the deck numbers them.
    """

    xml: Stencil
    rels: tuple[Rel, ...]
    owned: tuple[PartData, ...]


def _rels_of(part: Any, owned: dict[int, int], shared: dict[int, str]) -> tuple[Rel, ...]:
    rels = []
    for rel in part.rels.values():
        if rel.is_external:
            rels.append(Rel(rel.rId, rel.reltype, rel.target_ref, True))
            continue
        target = rel.target_part
        if id(target) in owned:
            rels.append(Rel(rel.rId, rel.reltype, f"#{owned[id(target)]}"))
        elif id(target) in shared:
            rels.append(Rel(rel.rId, rel.reltype, shared[id(target)]))
    return tuple(rels)


def capture_slide(slide: Any, shared: dict[int, str]) -> BuiltSlide:
    """Return a built slide as bytes; parts it relates to other than the template's own
    (``shared``: the template's parts by id, with their names) become its own, whatever
    their names (which only give the pattern to number them by).

    Its notes page is not captured: each deck adds notes. The slide's template text is
    marked for the stencil, so the slide is not fit to use until it is reset.
    """
    from .pictures import shown_boxes
    from .slides import footer_shapes

    # The slide's footers are marked in place: a built slide is reset before its next use.
    xml = template_text_stencil(slide._element, footer_shapes(slide))
    found: list[Any] = []
    index: dict[int, int] = {}

    def collect(part: Any) -> None:
        for rel in part.rels.values():
            if rel.is_external or rel.reltype == RT.NOTES_SLIDE:
                continue
            target = rel.target_part
            if id(target) in shared or id(target) in index:
                continue
            index[id(target)] = len(found)
            found.append(target)
            collect(target)

    collect(slide.part)
    boxes = shown_boxes(slide)
    owned = [
        PartData(str(t.partname), t.content_type, _shown(t, boxes), _rels_of(t, index, shared))
        for t in found
    ]
    rels = tuple(
        rel for rel in _rels_of(slide.part, index, shared) if rel.reltype != RT.NOTES_SLIDE
    )
    return BuiltSlide(xml, rels, tuple(owned))


def _shown(part: Any, boxes: dict[int, tuple[int, int]]) -> bytes:
    """A picture's bytes scaled down to the box the slide shows it in (a logo of 6000 pixels
    in a 2-inch box), else the part's bytes as they are."""
    box = boxes.get(id(part))
    if box is None:
        return cast(bytes, part.blob)
    from ..images import scaled_down  # Pillow, only for a slide with a picture

    return scaled_down(part.blob, *box) or cast(bytes, part.blob)


#: The deck's docProps/app.xml. A template's own names the program and version that saved
#: it (an Office 2007 AppVersion makes some readers open the deck in a compatibility mode)
#: and lists its slides' titles; none of that is true of the deck deckgen writes.
APP_PROPERTIES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'docPropsVTypes"><Application>deckgen</Application></Properties>'
)


class Base:
    """A template made ready for decks: every part serialised once, in package order.

    Made from a python-pptx Presentation (``of_presentation``), or from what one made before,
    kept on disk (``render.disk``): a base holds only bytes, names and stencils, so a build
    whose slides are all kept needs no python-pptx. Parts whose text holds Jinja tags
    (masters, layouts, kept slides and their notes) are kept as stencils with a slot per tag
    text, which each deck fills with what the tags render to.
    """

    def __init__(
        self,
        *,
        parts: Sequence[PartData],
        tagged: dict[str, Stencil],
        package_rels: tuple[Rel, ...],
        presentation: str,
        presentation_rels: tuple[Rel, ...],
        presentation_root: bytes,
        themes: Sequence[str],
        notes_master: str,
        core: str,
    ) -> None:
        self.parts = list(parts)
        self.tagged = tagged
        self.package_rels = package_rels
        self.presentation = presentation
        self.presentation_rels = presentation_rels
        #: presentation.xml without the deck's slides, which ``presentation_xml`` adds.
        self.presentation_root = presentation_root
        self.themes = list(themes)
        self.notes_master = notes_master
        self.core = core
        # The template's own parts are bytes; only built slides carry members packed already.
        self.blobs = {p.partname: cast(bytes, p.blob) for p in self.parts}
        self.packed = packed_parts(self.parts)
        self._pres_xml: LRU[bytes] = LRU(16)

    @classmethod
    def of_presentation(cls, prs: Any) -> Base:
        """The base of a python-pptx Presentation of the template with its slides dropped (or
        kept, to follow the deck); a notes master and core properties are made where the file
        has none."""
        from .charts import fix_chart_axis_ids
        from .viewprops import add_view_properties

        pres = prs.part
        package = pres.package
        notes_master = str(pres.notes_master_part.partname)  # made if the file has none
        add_view_properties(pres)
        core = str(package.core_properties.partname)  # likewise
        parts: list[PartData] = []
        tagged: dict[str, Stencil] = {}
        for part in package.iter_parts():
            name = str(part.partname)
            if "/charts/chart" in name and hasattr(part, "_element"):
                fix_chart_axis_ids(part)  # a template's own charts, if python-pptx made them
            element = getattr(part, "_element", None)
            if element is not None and part.content_type in _TEXT_PARTS and holds_tags(element):
                tagged[name] = template_text_stencil(copy.deepcopy(element))
            blob = APP_PROPERTIES if part.content_type == CT.OFC_EXTENDED_PROPERTIES else part.blob
            parts.append(PartData(name, part.content_type, blob, _absolute(part._rels)))
        return cls(
            parts=parts,
            tagged=tagged,
            package_rels=_absolute(package._rels),
            presentation=str(pres.partname),
            presentation_rels=_absolute(pres._rels),
            presentation_root=serialize(pres._element),
            themes=sorted(
                {str(m.part.part_related_by(RT.THEME).partname) for m in prs.slide_masters}
            ),
            notes_master=notes_master,
            core=core,
        )

    def check_whole(self, notes: bytes) -> None:
        """Raise ValueError unless the parts a deck takes from this base by name are in it and
        its XML (presentation.xml, the notes page ``notes``) parses: a base read back from
        disk is used whole or not at all."""
        named = {self.core, self.presentation, self.notes_master, *self.themes}
        if not named <= self.blobs.keys():
            raise ValueError("a base names a part it does not hold")
        try:
            parse(notes), parse(self.presentation_root)
        except etree.XMLSyntaxError as err:
            raise ValueError(f"a base's XML does not parse: {err}") from err

    def presentation_xml(self, r_ids: Sequence[str]) -> bytes:
        """presentation.xml listing the deck's slides (by relationship id) before kept ones."""
        key = tuple(r_ids)
        found = self._pres_xml.get(key)
        if found is None:
            root = parse(self.presentation_root)
            id_list = _slide_id_list(root)
            kept = list(id_list)
            ids = _free_slide_ids({int(el.get("id")) for el in kept}, len(r_ids))
            for el in kept:
                id_list.remove(el)
            for slide_id, r_id in zip(ids, r_ids, strict=True):
                el = etree.SubElement(id_list, qn("p:sldId"), id=str(slide_id))
                el.set(qn("r:id"), r_id)
            for el in kept:
                id_list.append(el)
            found = self._pres_xml.put(key, serialize(root))
        return found

    def assemble(
        self,
        slides: Sequence[tuple[BuiltSlide, bytes | Packed, bytes | None]],
        replaced: dict[str, bytes | Packed],
    ) -> list[PartData]:
        """Return the deck's parts: the base's (``replaced`` where a deck changes them), then
        each slide (its XML with the slots filled), its notes page and the parts it owns."""
        names = _Names(set(self.blobs))
        pres_rels = {r.r_id for r in self.presentation_rels}
        new: list[PartData] = []
        slide_rels: list[Rel] = []
        media: dict[tuple[str, bytes | Packed], str] = {}
        for built, body, notes in slides:
            slide_name = names.take("/ppt/slides/slide%d.xml")
            owned_names: list[str] = []
            owned: list[tuple[int, PartData]] = []
            for n, part in enumerate(built.owned):
                key = (part.content_type, part.blob)
                shared = part.content_type.startswith("image/")
                if shared and key in media:
                    owned_names.append(media[key])
                    continue
                owned_names.append(names.take(_name_pattern(part.partname)))
                owned.append((n, part))
                if shared:
                    media[key] = owned_names[-1]
            rels = list(_resolve(built.rels, owned_names))
            notes_part = []
            if notes is not None:
                notes_name = names.take("/ppt/notesSlides/notesSlide%d.xml")
                rels.append(Rel(_free_r_id({r.r_id for r in rels}), RT.NOTES_SLIDE, notes_name))
                back = (
                    Rel("rId1", RT.NOTES_MASTER, self.notes_master),
                    Rel("rId2", RT.SLIDE, slide_name),
                )
                notes_part.append(PartData(notes_name, CT.PML_NOTES_SLIDE, notes, back))
            new.append(PartData(slide_name, CT.PML_SLIDE, body, tuple(rels)))
            new.extend(notes_part)
            for n, part in owned:
                rels_ = _resolve(part.rels, owned_names)
                new.append(PartData(owned_names[n], part.content_type, part.blob, rels_))
            r_id = _free_r_id(pres_rels)
            pres_rels.add(r_id)
            slide_rels.append(Rel(r_id, RT.SLIDE, slide_name))
        out = []
        for part in self.parts:
            if part.partname == self.presentation:
                blob = self.presentation_xml([r.r_id for r in slide_rels])
                part = PartData(
                    part.partname, part.content_type, blob, part.rels + tuple(slide_rels)
                )
            elif part.partname in replaced:
                part = PartData(
                    part.partname, part.content_type, replaced[part.partname], part.rels
                )
            out.append(part)
        return out + new

    def shaded_accent_text(self, shade: Shade | None) -> dict[str, Stencil]:
        """The masters and layouts with text in plain ``accent1``, that text in ``shade``
        (``theme.shade_accent_text``), as stencils of their tags, by part name."""
        found = {}
        for part in self.parts:
            if part.content_type not in (CT.PML_SLIDE_LAYOUT, CT.PML_SLIDE_MASTER):
                continue
            root = parse(cast(bytes, part.blob))
            if shade_accent_text(root, shade):
                found[part.partname] = template_text_stencil(root)
        return found

    def render_tagged(self, render: Callable[[str], str]) -> dict[str, bytes | Packed]:
        """Return the tagged parts with their tags rendered, by part name, compressed."""
        return {name: found.fill_packed(render) for name, found in self.tagged.items()}


def _name_pattern(partname: str) -> str:
    """A part's name with its number as ``%d`` (``/ppt/charts/chart3.xml`` ->
    ``/ppt/charts/chart%d.xml``); a name without one gets it before the extension."""
    escaped = partname.replace("%", "%%")
    pattern = _NUMBER.sub("%d", escaped, count=1)
    if "%d" in pattern:
        return pattern
    stem, dot, ext = escaped.rpartition(".")
    return f"{stem}%d.{ext}" if dot and "/" not in ext else f"{escaped}%d"


def _resolve(rels: tuple[Rel, ...], owned_names: list[str]) -> tuple[Rel, ...]:
    return tuple(
        Rel(r.r_id, r.reltype, owned_names[int(r.target[1:])], r.external)
        if r.target.startswith("#") and not r.external
        else r
        for r in rels
    )


def _free_slide_ids(used: set[int], count: int) -> list[int]:
    """Slide ids for new slides, as python-pptx gives them: after the highest in use, or,
    where that would pass the schema's limit (2147483647), the lowest free ones from 256."""
    start = max(used | {255}) + 1
    if start + count <= MAX_SLIDE_ID + 1:
        return list(range(start, start + count))
    free = (n for n in range(256, MAX_SLIDE_ID + 1) if n not in used)
    return [next(free) for _ in range(count)]


MAX_SLIDE_ID = 2147483647


def _free_r_id(used: set[str]) -> str:
    n = 1
    while f"rId{n}" in used:
        n += 1
    return f"rId{n}"


class _Names:
    """Part names in use; a new part takes the first free number of its pattern."""

    def __init__(self, used: set[str]) -> None:
        self.used = {n.lower() for n in used}
        self.next: dict[str, int] = {}

    def take(self, pattern: str) -> str:
        n = self.next.get(pattern, 1)
        while (pattern % n).lower() in self.used:
            n += 1
        self.next[pattern] = n + 1
        name = pattern % n
        self.used.add(name.lower())
        return name


def _absolute(rels: Any) -> tuple[Rel, ...]:
    """A python-pptx relationship collection as Rels with absolute part names."""
    return tuple(
        Rel(r.rId, r.reltype, r.target_ref, True)
        if r.is_external
        else Rel(r.rId, r.reltype, str(r.target_part.partname))
        for r in rels.values()
    )


def _slide_id_list(root: Any) -> Any:
    """presentation.xml's ``p:sldIdLst``, added where python-pptx adds it when missing: before
    the slide size or notes size, else last."""
    found = root.find(qn("p:sldIdLst"))
    if found is None:
        after = [root.find(qn(tag)) for tag in ("p:sldSz", "p:notesSz")]
        following = next((el for el in after if el is not None), None)
        found = etree.SubElement(root, qn("p:sldIdLst"))
        if following is not None:
            following.addprevious(found)
    return found


_TEXT_PARTS = {
    CT.PML_SLIDE_MASTER,
    CT.PML_SLIDE_LAYOUT,
    CT.PML_SLIDE,
    CT.PML_NOTES_SLIDE,
}


def notes_xml(skeleton: Any, text: str, lang: str) -> bytes:
    """A notes page's XML: a copy of the blank page with text in its body placeholder."""
    element = copy.deepcopy(skeleton)
    for sp in element.iter(qn("p:sp")):
        ph = sp.find(f"./*/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is not None and ph.get("type") == "body":
            set_paragraphs(sp, [(line, 0, False) for line in text.split("\n\n")], lang)
            break
    return serialize(element)
