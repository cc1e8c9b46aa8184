"""What rendering keeps from a template for every deck built from it: the render state, one per
template, made on first use and owned by the renderer."""

from __future__ import annotations

import copy
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import ooxml
from ..cache import LRU
from ..fit import FitCache, Overflow
from ..fit.fitter import Compacted
from ..ooxml import assembly
from ..ooxml.opc import ZipCache, serialize
from ..ooxml.stencil import Stencil
from ..ooxml.xml import parse
from ..records import record
from ..template import Template

MAX_CACHED_CHARTS = 64
MAX_CACHED_SLIDES = 256
MAX_CACHED_XML = 512
MAX_CACHED_FITS = 4096

#: Rendering shares python-pptx objects and caches on each template's render state (its
#: scratch copy, stencils, styles, fitted shapes) and the process's fonts: one deck renders at a
#: time in a process, so any Executor, threads included, gives the decks a sequential run gives.
#: Processes (``--jobs``) still render in parallel; threads gained nothing under the GIL.
RENDERING = threading.RLock()


class CompiledTemplate:
    """What rendering needs from a template, worked out once and reused for every deck.

    ``base`` is the template ready to take a deck's slides, serialised once, and ``notes`` a
    blank notes page as python-pptx makes it from the notes master. Both are plain data, kept
    on disk for the next process (``disk.read_base``): a deck whose slides are all kept is
    put together without python-pptx.

    Slides are built with python-pptx in ``scratch``, a second copy of the template made when
    the first slide is built, on one slide per layout that is reset each time: filled, fitted
    and kept as bytes (``assembly.BuiltSlide``). Each layout's skeleton (placeholders with
    their boxes and text styles pinned, footer and slide number copied from the layout) is
    made once; a slide starts as a copy of it.
    """

    def __init__(
        self,
        template: Template,
        fresh: Callable[[], Any],
        kept: tuple[assembly.Base, bytes] | None = None,
    ) -> None:
        self._fresh = fresh
        self._scratch: Any = None
        # The scratch copy's, filled when it is made (``scratch``).
        self.layouts: list[Any] = []
        self.template_parts: dict[int, str] = {}
        self.skeletons: dict[int, Any] = {}
        self.benches: dict[int, Any] = {}
        if kept is not None:
            self.base, notes = kept
            self.notes = parse(notes)
            return
        base = fresh()
        if template.keep_slides:
            ooxml.name_notes_by_slide(base)  # so the deck's notes pages cannot take their names
        else:
            ooxml.drop_slides(base)
        self.base = assembly.Base.of_presentation(base)
        # A blank notes page as python-pptx makes it from the notes master.
        slide = self.scratch.slides.add_slide(self.layouts[0])
        self.notes = ooxml.notes_skeleton(slide)
        ooxml.remove_slide(self.scratch, slide)

    @property
    def scratch(self) -> Any:
        """The python-pptx copy of the template slides are built on, made on first use."""
        if self._scratch is None:
            scratch = self._fresh()
            ooxml.drop_slides(scratch)
            self.layouts = _layouts(scratch)
            # What a built slide may refer to without owning it: the template's own parts.
            self.template_parts = {
                id(p): str(p.partname) for p in scratch.part.package.iter_parts()
            }
            # ``skeletons``, and ``benches``: one slide per layout in scratch, reset for every
            # slide built on that layout; both filled as slides are built.
            self._scratch = scratch
        return self._scratch

    def kept_form(self) -> tuple[assembly.Base, bytes]:
        """The base and the notes page's bytes, as ``disk.write_base`` keeps them."""
        return self.base, serialize(self.notes)

    def skeleton(self, index: int) -> Any:
        """The shape tree a slide on layout ``index`` starts from, made on first use."""
        self.scratch  # noqa: B018  (made first: the layouts and skeletons are its)
        if index not in self.skeletons:
            layout = self.layouts[index]
            slide = self.scratch.slides.add_slide(layout)
            layout_shapes = {ph.placeholder_format.idx: ph for ph in layout.placeholders}
            reader = ooxml.StyleReader()
            for shape in slide.placeholders:
                # Readers resolve inherited boxes and text styles differently (by idx, or by
                # type); writing the layout's values on the slide makes every reader agree.
                shape.left, shape.top, shape.width, shape.height = (
                    shape.left,
                    shape.top,
                    shape.width,
                    shape.height,
                )
                source = layout_shapes.get(shape.placeholder_format.idx)
                if source is not None:
                    ooxml.pin_text_style(shape, source, reader)
                    shape.name = source.name  # the designer's name ("Titel 1"), not python-pptx's
            ooxml.copy_footer_placeholders(slide, layout)
            self.skeletons[index] = ooxml.shape_tree(slide)
            ooxml.remove_slide(self.scratch, slide)
        return self.skeletons[index]


def _layouts(prs: Any) -> list[Any]:
    return [lay for master in prs.slide_masters for lay in master.slide_layouts]


@record
class KeptSlide:
    """A slide built once and kept for every deck that shows the same: its bytes, the text on
    it that does not fit (as on the deck it was built for), the fonts it lacks and what its
    device's compact form leaves out: every deck it is reused for warns as its first did."""

    built: assembly.BuiltSlide
    overflows: tuple[Overflow, ...]
    missing_fonts: frozenset[str]
    compacted: tuple[Compacted, ...]


@dataclass
class RenderState:
    """Everything rendering keeps from one template between decks, each store bounded.

    ``compiled`` is the template ready to build slides on (made on first use from ``blob``);
    ``slides`` the slides built, keyed by what they show; ``charts`` the chart stencils;
    ``xml`` notes, themes and document properties made for a deck; ``styles`` the styles the
    renderer reads (frame text sizes, device looks, busy backgrounds) and ``frame_sizes`` what
    it read; ``zip`` the compressed package members; ``fit`` what the fitter keeps; ``digest``
    what its slides are kept on disk under (``disk``).
    """

    blob: bytes
    compiled: CompiledTemplate | None = None
    slides: LRU[KeptSlide] = field(default_factory=lambda: LRU(MAX_CACHED_SLIDES))
    charts: LRU[ooxml.ChartStencil] = field(default_factory=lambda: LRU(MAX_CACHED_CHARTS))
    xml: LRU[bytes] = field(default_factory=lambda: LRU(MAX_CACHED_XML))
    styles: ooxml.StyleReader = field(default_factory=ooxml.StyleReader)
    frame_sizes: dict[tuple[str, int], tuple[float, float]] = field(default_factory=dict)
    zip: ZipCache = field(default_factory=ZipCache)
    fit: FitCache = field(default_factory=FitCache)
    digest: str | None = None
    #: The masters and layouts with text in the accent colour, by shade, as stencils of the
    #: template's tags (``deck._shade_accent_text``); a handful of shades per template.
    shaded: dict[Any, dict[str, Stencil]] = field(default_factory=dict)
    #: What ``fill`` reads of a layout that no deck changes (whether it draws behind a box,
    #: whether a placeholder stands on a picture, its body text size), by what was asked, the
    #: layout index and the box or placeholder: a few answers per layout.
    layout_facts: dict[tuple[str, int, Any], Any] = field(default_factory=dict)
    #: Whether a device's text shape fits its box, by the fonts, its text, box size and insets
    #: (``fill._fits``): a device tries several scales for each client, mostly with the same texts.
    fits: LRU[bool] = field(default_factory=lambda: LRU(MAX_CACHED_FITS))
    _pristine: Any = field(default=None, repr=False)

    def template_digest(self, template: Template) -> str:
        """What the template's slides and base are kept on disk under (``disk``)."""
        if self.digest is None:
            from .disk import template_digest

            self.digest = template_digest(template.blob, template.keep_slides)
        return self.digest

    def fresh_copy(self) -> Any:
        """Return a new python-pptx Presentation of the template (its slides still in it).

        The package is read once; each call copies that untouched first Presentation, which
        costs less than half of reading it again. The copy is independent: python-pptx holds
        each part's XML by its root element only (a deep copy of a root copies the whole part)
        until something asks for slides or shapes, which nothing does on the kept original.
        """
        if self._pristine is None:
            self._pristine = ooxml.presentation_of(self.blob)
        return copy.deepcopy(self._pristine)


_STATES: weakref.WeakKeyDictionary[Template, RenderState] = weakref.WeakKeyDictionary()


def state_for(template: Template) -> RenderState:
    """Return the template's render state, made on first use; it lives as long as the template."""
    with RENDERING:
        found = _STATES.get(template)
        if found is None:
            found = _STATES[template] = RenderState(template.blob)
        return found


def compiled(template: Template, keep_on_disk: bool = False) -> CompiledTemplate:
    """Return the template's compiled form, made on first use: with ``keep_on_disk``, from
    what an earlier process kept on disk where it can, and kept there for the next one."""
    state = state_for(template)
    if state.compiled is None and not keep_on_disk:
        state.compiled = CompiledTemplate(template, state.fresh_copy)
    elif state.compiled is None:
        from . import disk

        key = disk.base_key(state.template_digest(template))
        kept = disk.read_base(key)
        state.compiled = CompiledTemplate(template, state.fresh_copy, kept)
        if kept is None:
            disk.write_base(key, state.compiled.kept_form())
    return state.compiled


def fit_cache(template: Template) -> FitCache:
    """What fitting keeps for every deck built from the template (a Fitter's ``cache``)."""
    return state_for(template).fit
