"""Resolving the text styles, body properties and colours a shape inherits from its layout,
master and theme: what fitting and checking measure with."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from lxml import etree

from .colours import _fill_colour, _Theme, _xfrm_box
from .opc import RT
from .samples import readable_sample, sample_rpr, sets_size
from .textformat import BodyStyle, Levels, LevelStyle, merge_body, merge_level
from .xml import qn

#: A shape's own (x, y, cx, cy).
Box = tuple[int, int, int, int]

# What a reader sees is the end of an inheritance chain: run, paragraph, the shape's list style,
# the layout's and the master's placeholder, the master's text styles, the presentation's
# defaults. python-pptx reports only what is written on the element itself, so measuring text
# (fit) and linting a deck (check) resolve the chain here.


def _lvl_ppr(lst_style: Any, level: int) -> list[Any]:
    """The level's paragraph properties of a list style, then its level-independent default."""
    if lst_style is None:
        return []
    found = [lst_style.find(qn(f"a:lvl{level + 1}pPr")), lst_style.find(qn("a:defPPr"))]
    return [el for el in found if el is not None]


class StyleReader:
    """Resolve inherited text styles, body properties and colours for a presentation's shapes.

    Masters, layouts and themes are read once and cached, so fitting a slide costs little.
    """

    def __init__(self, *, read_only: bool = False) -> None:
        #: Nothing changes the presentation while this reader reads it (``deckgen check``):
        #: each slide's shape boxes are read once, not again for every text on the slide.
        self.read_only = read_only
        self._tree_boxes: dict[int, _TreeBoxes] = {}
        self._themes: dict[int, _Theme] = {}
        # Every slide on a layout inherits from the same placeholders: look them up once.
        self._inherited: dict[tuple[Any, ...], list[Any]] = {}
        self._chains: dict[int, tuple[Any, Any | None, Any | None]] = {}
        # What a layout or master draws itself, topmost first, with its boxes: every text on
        # every slide on it asks what is drawn under it.
        self._drawings: dict[int, tuple[Any, list[tuple[Box | None, Any]]]] = {}
        self._plain_levels: dict[tuple[int, bytes, bytes], tuple[Any, Levels]] = {}

    def __len__(self) -> int:
        """How many parts, placeholders, styles and shape trees it keeps (for a caller that
        bounds its stores)."""
        kept = self._chains, self._inherited, self._themes, self._drawings, self._plain_levels
        return sum(len(store) for store in kept) + len(self._tree_boxes)

    # -- the chain

    def _parts(self, shape: Any) -> tuple[Any, Any | None, Any | None]:
        """(own part, layout part, master part) of the slide, layout or master holding shape."""
        part = shape.part
        found = self._chains.get(id(part))
        if found is None:
            tag = etree.QName(part._element).localname
            if tag == "sld":
                layout = part.part_related_by(RT.SLIDE_LAYOUT)
                found = (part, layout, layout.part_related_by(RT.SLIDE_MASTER))
            elif tag == "sldLayout":
                found = (part, part, part.part_related_by(RT.SLIDE_MASTER))
            else:
                found = (part, None, part)
            self._chains[id(part)] = found
        return found

    def theme(self, shape: Any) -> _Theme:
        master = self._parts(shape)[2]
        key = id(master)
        if key not in self._themes:
            self._themes[key] = _Theme(master)
        return self._themes[key]

    @staticmethod
    def _placeholder(element: Any) -> Any | None:
        return element.find(f"./*/{qn('p:nvPr')}/{qn('p:ph')}")

    def style_key(self, shape: Any, *, colours: bool = True) -> tuple[str, ...] | None:
        """A key that is the same for every slide placeholder that inherits the same text style
        from the same theme, layout placeholder and own list style, in any copy of a template;
        None for shapes that are not placeholders on a slide. Lets a caller resolve the style
        once per template instead of once per slide. Without ``colours`` the key ignores the
        theme's colours, for a caller that does not use ``LevelStyle.colour``."""
        ph = self._placeholder(shape._element)
        own, layout, _ = self._parts(shape)
        if ph is None or layout is None or layout is own:
            return None
        tx_body = shape._element.find(qn("p:txBody"))
        own_style = (
            b"".join(
                etree.tostring(el)
                for el in (tx_body.find(qn("a:bodyPr")), tx_body.find(qn("a:lstStyle")))
                if el is not None
            )
            if tx_body is not None
            else b""
        )
        return (
            self.theme(shape).digest if colours else self.theme(shape).fonts_digest,
            str(layout.partname),
            ph.get("type", "obj"),
            ph.get("idx", "0"),
            hashlib.sha1(own_style).hexdigest(),
        )

    def _inherited_shapes(self, shape: Any) -> list[Any]:
        """The layout and master placeholders a slide placeholder inherits from, nearest first."""
        ph = self._placeholder(shape._element)
        if ph is None:
            return []
        own, layout, master = self._parts(shape)
        ph_type, idx = ph.get("type", "obj"), ph.get("idx", "0")
        key = (id(own) if own is layout or own is master else 0, id(layout), id(master))
        key += (ph_type, idx)  # type: ignore[assignment]
        cached = self._inherited.get(key)
        if cached is not None:
            return cached
        found = self._inherited[key] = []
        if layout is not None and layout is not own:
            match = self._find_placeholder(layout._element, ph_type, idx)
            if match is not None:
                found.append(match)
                lay_ph = self._placeholder(match)
                ph_type = lay_ph.get("type", "obj") if lay_ph is not None else ph_type
        if master is not None and master is not own:
            master_type = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}.get(
                ph_type, ph_type
            )
            match = self._find_placeholder(master._element, master_type, None)
            if match is not None:
                found.append(match)
        return found

    def _find_placeholder(self, root: Any, ph_type: str, idx: str | None) -> Any | None:
        by_type = None
        for el in root.iter(qn("p:sp")):
            ph = self._placeholder(el)
            if ph is None:
                continue
            if idx is not None and ph.get("idx", "0") == idx and idx != "0":
                return el
            if ph.get("type", "obj") == ph_type and by_type is None:
                by_type = el
        return by_type

    def _master_style(self, shape: Any) -> list[Any]:
        """The master text style for this shape, then the presentation's default text style."""
        master: Any = self._parts(shape)[2]  # every slide, layout and master has a master
        styles = master._element.find(qn("p:txStyles"))
        ph = self._placeholder(shape._element)
        ph_type = ph.get("type", "obj") if ph is not None else None
        if ph_type in ("title", "ctrTitle"):
            name = "p:titleStyle"
        elif ph_type is not None and ph_type not in ("dt", "ftr", "sldNum"):
            name = "p:bodyStyle"
        else:
            name = "p:otherStyle"
        chain = []
        presentation = shape.part.package.presentation_part._element
        default = presentation.find(qn("p:defaultTextStyle"))
        if name == "p:otherStyle" and ph_type is None:
            chain.append(default)  # PowerPoint styles text boxes from the presentation default
        if styles is not None:
            chain.append(styles.find(qn(name)))
        chain.append(default)
        return chain

    def _list_styles(self, shape: Any) -> list[Any]:
        """Every list style that applies to shape, nearest first."""
        own = shape._element.find(f"./{qn('p:txBody')}/{qn('a:lstStyle')}")
        chain = [own]
        chain += [
            el.find(f"./{qn('p:txBody')}/{qn('a:lstStyle')}")
            for el in self._inherited_shapes(shape)
        ]
        return chain

    # -- what callers ask

    def levels(self, shape: Any) -> Levels:
        """The inherited style of each of the nine outline levels of a shape's text.

        A shape that is no placeholder (a text box, a device's panel) inherits from nothing but
        its master: its levels are kept by its master and its own list and font styles, which
        the many panels of a deck share."""
        font_ref = shape._element.find(f"./{qn('p:style')}/{qn('a:fontRef')}")
        if self._placeholder(shape._element) is not None:
            return self._levels(shape, font_ref)
        master = self._parts(shape)[2]
        own = shape._element.find(f"./{qn('p:txBody')}/{qn('a:lstStyle')}")
        key = (
            id(master),
            b"" if own is None else etree.tostring(own),
            b"" if font_ref is None else etree.tostring(font_ref),
        )
        found = self._plain_levels.get(key)
        if found is None:
            found = self._plain_levels[key] = (master, self._levels(shape, font_ref))
        return found[1]

    def _levels(self, shape: Any, font_ref: Any | None) -> Levels:
        theme = self.theme(shape)
        lists = self._list_styles(shape)
        tail = self._master_style(shape)

        def level(n: int) -> LevelStyle:
            near = [p for lst in lists for p in _lvl_ppr(lst, n)]
            far = [p for lst in tail for p in _lvl_ppr(lst, n)]
            sample = None if sets_size(near + far) else self.sample(shape, n)
            return merge_level(near, font_ref, far, theme, sample)

        return Levels(level)

    def sample_run(self, shape: Any, level: int) -> Any | None:
        """The run properties (``a:rPr``) of the sample text a title placeholder's level is
        styled like, or None when its list styles or the master's text styles size that level
        (LibreOffice's masters have none: see ``samples``)."""
        return None if self.sizes(shape, level) else self.sample(shape, level)

    def sizes(self, shape: Any, level: int) -> bool:
        """Whether a list style or the master's text styles size this level of the shape."""
        lists = self._list_styles(shape) + self._master_style(shape)
        return sets_size([p for lst in lists for p in _lvl_ppr(lst, level)])

    def sample(self, shape: Any, level: int) -> Any | None:
        """A title's sample run properties at a level, whatever else sizes it (``sample_run``)."""
        ph = self._placeholder(shape._element)
        if ph is None or ph.get("type") not in ("title", "ctrTitle"):
            # Titles only, for now: a body's size also sizes the devices drawn beside it, so
            # taking its sample would change every content slide's layout (not yet weighed).
            return None
        found = [sample_rpr(el, level) for el in self._inherited_shapes(shape)]
        samples = [rpr for rpr in found if rpr is not None]
        if len(samples) < 2:
            return samples[0] if samples else None
        theme, plain = self.theme(shape), self.default_text_colour(shape)
        return readable_sample(samples, self.background(shape), theme.colour, plain)

    def cell_levels(self, cell: Any, frame: Any) -> Levels:
        """The inherited style of a table cell's text: its own list style, then the defaults
        (table styles may colour and embolden text; their sizes are the defaults')."""
        theme = self.theme(frame)
        own = cell._tc.find(f"./{qn('a:txBody')}/{qn('a:lstStyle')}")
        presentation = frame.part.package.presentation_part._element
        master: Any = self._parts(frame)[2]
        styles = master._element.find(qn("p:txStyles"))
        tail = [presentation.find(qn("p:defaultTextStyle"))]
        if styles is not None:
            tail.append(styles.find(qn("p:otherStyle")))
        return Levels(
            lambda n: merge_level(
                _lvl_ppr(own, n), None, [p for lst in tail for p in _lvl_ppr(lst, n)], theme
            )
        )

    def body(self, shape: Any) -> BodyStyle:
        """The shape's insets, wrapping and autofit, inherited from its placeholders."""
        chain = [shape._element] + self._inherited_shapes(shape)
        body_prs = [el.find(f"./{qn('p:txBody')}/{qn('a:bodyPr')}") for el in chain]
        return merge_body(body_prs)

    def run_colour(self, run: Any, shape: Any) -> str | None:
        """The colour written on a run (python-pptx ``_Run``) or its paragraph, else None."""
        theme = self.theme(shape)
        for rpr in (
            run._r.find(qn("a:rPr")),
            run._r.getparent().find(f"./{qn('a:pPr')}/{qn('a:defRPr')}"),
        ):
            if rpr is None:
                continue
            solid = rpr.find(qn("a:solidFill"))
            if solid is not None and len(solid):
                return theme.colour(solid[0])
            if len(rpr) and rpr.find(qn("a:gradFill")) is not None:
                return None
        return None

    def background(self, shape: Any) -> str | None:
        """The colour text in shape is read against: the shape's own solid fill, else the
        slide's background; None when that is a gradient, picture or pattern."""
        theme = self.theme(shape)
        chain = [shape._element] + self._inherited_shapes(shape)
        for el in chain:
            fill = _fill_colour(el.find(qn("p:spPr")), theme)
            if fill is False:
                break
            if fill is not None:
                return fill
            if el.find(qn("p:spPr")) is not None and any(
                el.find(f"./{qn('p:spPr')}/{qn(t)}") is not None
                for t in ("a:gradFill", "a:blipFill", "a:pattFill", "a:grpFill")
            ):
                return None
        else:
            fill_ref = shape._element.find(f"./{qn('p:style')}/{qn('a:fillRef')}")
            if fill_ref is not None and fill_ref.get("idx", "0") != "0" and len(fill_ref):
                return theme.colour(fill_ref[0])
        behind = self._drawn_behind(shape, theme)
        if behind is not False:
            return behind
        return self.slide_background(shape)

    def _drawn_behind(self, shape: Any, theme: _Theme) -> str | None | Literal[False]:
        """The fill of the topmost shape drawn under the centre of shape: earlier shapes on its
        slide, then the layout's and the master's own drawings (a title bar, a side band).
        An RGB, None when that shape has no single colour (picture, gradient), False when
        nothing is drawn there."""
        box = _xfrm_box(shape._element)
        if box is None:
            return False
        cx, cy = box[0] + box[2] // 2, box[1] + box[3] // 2
        own, layout, master = self._parts(shape)
        layers: list[Iterable[tuple[Box | None, Any]]] = [self._drawn_before(shape._element)]
        hides_master = layout is not None and layout._element.get("showMasterSp") in ("0", "false")
        for part in (layout, None if hides_master else master):
            if part is not None and part is not own:
                layers.append(self._drawn_on(part))
        for layer in layers:
            for other, el in layer:
                if other is None or not (
                    other[0] <= cx <= other[0] + other[2] and other[1] <= cy <= other[1] + other[3]
                ):
                    continue
                if etree.QName(el).localname != "sp":
                    return None  # a picture, chart or group: no single colour to judge
                fill = _fill_colour(el.find(qn("p:spPr")), theme)
                if isinstance(fill, str):
                    return fill
                if self._has_special_fill(el):
                    return None
                # an outline or an unfilled box: what is under it still shows through
        return False

    def _drawn_before(self, element: Any) -> Iterable[tuple[Box | None, Any]]:
        """The shapes drawn before element in its shape tree, topmost first, with their boxes,
        read as the caller gets to them (once per tree where the presentation is
        ``read_only``)."""
        tree = element.getparent()
        if self.read_only:
            kept = self._tree_boxes.get(id(tree))
            if kept is None:
                kept = self._tree_boxes[id(tree)] = _TreeBoxes(tree)
            return kept.before(element)
        earlier = []
        for el in tree:
            if el is element:
                break
            earlier.append(el)
        return ((_xfrm_box(el), el) for el in reversed(earlier))

    def _drawn_on(self, part: Any) -> list[tuple[Box | None, Any]]:
        """The shapes a layout or master draws itself (not its placeholders), topmost first,
        each with its box; read once per part."""
        found = self._drawings.get(id(part))
        if found is None:
            tree = part._element.find(f"./{qn('p:cSld')}/{qn('p:spTree')}")
            drawn = [el for el in tree if self._placeholder(el) is None]
            found = self._drawings[id(part)] = (
                part,
                [(_xfrm_box(el), el) for el in reversed(drawn)],
            )
        return found[1]

    @staticmethod
    def _has_special_fill(el: Any) -> bool:
        return any(
            el.find(f"./{qn('p:spPr')}/{qn(t)}") is not None
            for t in ("a:gradFill", "a:blipFill", "a:pattFill", "a:grpFill")
        )

    def default_text_colour(self, shape: Any) -> str | None:
        """The colour of text nothing else colours: the theme's first text colour (tx1)."""
        theme = self.theme(shape)
        return theme.colours.get(theme.mapping.get("tx1", "dk1"))

    def cell_background(self, cell: Any, frame: Any) -> str | None:
        """A table cell's own solid fill; None when the table style decides (not resolved)."""
        fill = _fill_colour(cell._tc.find(qn("a:tcPr")), self.theme(frame))
        return fill if isinstance(fill, str) else None

    def slide_background(self, shape: Any) -> str | None:
        """The background colour of the slide holding shape (slide, else layout, else master)."""
        theme = self.theme(shape)
        own, layout, master = self._parts(shape)
        for part in (own, layout, master):
            if part is None:
                continue
            bg = part._element.find(f"./{qn('p:cSld')}/{qn('p:bg')}")
            if bg is None:
                continue
            bg_pr = bg.find(qn("p:bgPr"))
            if bg_pr is not None:
                fill = _fill_colour(bg_pr, theme)
                return fill if isinstance(fill, str) else None
            bg_ref = bg.find(qn("p:bgRef"))
            if bg_ref is not None and len(bg_ref):
                return theme.colour(bg_ref[0])
            return None
        return theme.colours.get(theme.mapping.get("bg1", "lt1"), "FFFFFF")


class _TreeBoxes:
    """The boxes of one shape tree's shapes, each read the first time a caller gets to it
    (the tree is held, so its id is not reused while kept)."""

    def __init__(self, tree: Any) -> None:
        self.tree = tree
        self.boxes: dict[int, Box | None] = {}

    def before(self, element: Any) -> Iterator[tuple[Box | None, Any]]:
        """The shapes before element, topmost first, with their boxes."""
        for index in range(self.tree.index(element) - 1, -1, -1):
            el = self.tree[index]
            if index not in self.boxes:
                self.boxes[index] = _xfrm_box(el)
            yield self.boxes[index], el
