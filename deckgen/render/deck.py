"""Rendering a deck: each slide built (or taken from the slides kept for its template), the
template's own text rendered for the deck, and the package written."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import ooxml
from ..cache import LRU
from ..colours import Shade
from ..content import CONTROL_CHARS, jinja_context
from ..engine import Engine, EngineError, engine_for
from ..errors import InputError, RenderError, TemplateError
from ..fit import Fitter
from ..fit.fitter import Compacted
from ..kinds import SlideContent
from ..kinds.builder import SlideBuilder
from ..models import Deck, Slide
from ..ooxml import assembly, opc
from ..ooxml.package import Packed
from ..template import LayoutInfo, Template, refuse_cramped
from . import disk
from .facts import accent_palette, language_tag, logo_file, zip_date
from .state import RENDERING, CompiledTemplate, KeptSlide, RenderState, compiled, state_for


def render_deck(
    deck: Deck,
    template: Template,
    client: Mapping[str, Any] | None = None,
    *,
    fitter: Fitter | None = None,
    keep_on_disk: bool = False,
) -> bytes:
    """Build the deck's slides from the template and return the .pptx bytes.

    Text is fitted to its boxes by ``fitter``; without one, text that cannot fit raises
    RenderError (a caller's fitter decides itself, see ``Fitter.finish``). Safe to call from
    several threads: renders are serialised (see ``state.RENDERING``). With ``keep_on_disk``,
    slides an earlier process kept on disk are taken from there and the slides built are kept
    for the next one (``disk``): a build's start-up, and a batch process's first deck.
    """
    with RENDERING:
        state = state_for(template)
        run = _DeckRun(
            deck, template, state, fitter or Fitter(cache=state.fit), client, keep_on_disk
        )
        parts = [run.slide_part(index) for index in range(len(deck.slides))]
        if fitter is None:  # before the costly save: text that does not fit is an error
            finish_fitting(run.fitter, deck, template)
        data = run.package(parts)
        if run.built:
            disk.write(run.built)
        return data


def finish_fitting(fitter: Fitter, deck: Deck, template: Template) -> list[str]:
    """``fitter.finish()``: its warnings, or RenderError for text that does not fit. Where
    content slides overflow because the template has no layout with room for any (a template
    of cover pages), one message says so instead of an overflow per placeholder; a deck whose
    text fits such a template builds."""
    try:
        return fitter.finish()
    except RenderError:
        refuse_cramped(template, (deck.slides[o.slide - 1].kind for o in fitter.overflows))
        raise


class TemplateText:
    """The template's own text (a footer's ``{{ audience.company }}``) rendered for one deck.

    Only the template's text is rendered here: content was rendered when it was loaded, and
    rendering it again would run tags a client's value happens to contain. The names a tag can
    use are made when first needed: most slides come ready from the slides kept.
    """

    def __init__(
        self, deck: Deck, client: Mapping[str, Any] | None, template: Path, engine: Engine
    ) -> None:
        self.deck, self.client, self.template, self.engine = deck, client, template, engine
        self.rendered: dict[str, str] = {}
        self.context: dict[str, Any] = {}

    def __call__(self, text: str) -> str:
        if text not in self.rendered:
            if not self.context:
                self.context.update(jinja_context(self.deck, self.client or {}))
            try:
                self.rendered[text] = self.engine.render(text, self.context)
            except EngineError as err:
                raise TemplateError(
                    f"{self.template}: a tag in the template's text: {err}"
                ) from err
            if bad := CONTROL_CHARS.search(self.rendered[text]):
                raise InputError(
                    f"{self.template}: a tag in the template's text, {text!r}, shows "
                    f"U+{ord(bad.group()):04X}, a control character a slide cannot show; "
                    "remove it from the value the tag shows"
                )
        return self.rendered[text]


SlidePart = tuple[assembly.BuiltSlide, Packed, "bytes | None"]


@dataclass
class _DeckRun:
    """One deck being rendered: what every step of it shares."""

    deck: Deck
    template: Template
    state: RenderState
    fitter: Fitter
    client: Mapping[str, Any] | None
    comp: CompiledTemplate = field(init=False)
    builder: SlideBuilder = field(init=False)
    text: TemplateText = field(init=False)
    lang: str = field(init=False)
    logo: Path | None = field(init=False)
    same: tuple[Any, ...] = field(init=False)
    keep_on_disk: bool = False
    built: list[tuple[dict[str, Any], KeptSlide]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        deck = self.deck
        engine = engine_for(deck.language, deck.currency)
        self.text = TemplateText(deck, self.client, self.template.path, engine)
        self.comp = compiled(self.template, self.keep_on_disk)
        self.builder = SlideBuilder(deck, engine)
        self.lang = language_tag(deck)
        self.logo = logo_file(deck)
        # A slide is the same whenever what it shows is the same: in a batch, most slides of
        # most clients are built once and reused; only footers, numbers and notes differ.
        # The brand's accent is in the theme, not on a slide; only the text colours it calls
        # for are (clients with accents alike share their slides).
        same: tuple[Any, ...] = (
            self.lang,
            deck.currency,
            deck.date,
            accent_palette(deck, self.template),
            tuple(sorted(self.fitter.floors.items())),
        )
        if self.logo is not None:
            stat = self.logo.stat()
            same += (str(self.logo), stat.st_mtime_ns, stat.st_size, deck.audience.company)
        self.same = same

    def slide_part(self, index: int) -> SlidePart:
        """The slide at ``index``: kept or built, its numbers and template text filled in, and
        its notes page."""
        model = self.deck.slides[index]
        info = self.template.layout_for(model.kind)
        content = self.builder.content(index)
        kept = self.kept_slide(index, model, info, content)
        body = kept.built.xml.fill_packed(self.text, index + 1)
        return kept.built, body, self.notes(content)

    def kept_slide(
        self, index: int, model: Slide, info: LayoutInfo, content: SlideContent
    ) -> KeptSlide:
        """The slide as kept for whatever shows the same, built now where none is; what does
        not fit on it and the fonts it lacks are this deck's too."""
        fitter = self.fitter
        key = (info.index, model.kind, content.key(), fitter.fonts, self.same)
        found = self.state.slides.get(key)
        disk_key = None
        if found is None and self.keep_on_disk:
            disk_key = self.disk_key(info, model, content)
            found = disk.read(disk_key) if disk_key else None
            if found is not None:
                self.state.slides.put(key, found)
        if found is not None:
            fitter.overflows.extend(o.on_slide(index) for o in found.overflows)
            fitter.compacted.extend(c.on_slide(index) for c in found.compacted)
            fitter.missing_fonts |= found.missing_fonts
            return found
        before, compacted_before = len(fitter.overflows), len(fitter.compacted)
        # The fonts this slide lacks, kept with it (not those of the slides before it).
        deck_fonts, fitter.missing_fonts = fitter.missing_fonts, set()
        try:
            built = _build_slide(
                self.comp,
                info,
                index,
                model,
                content,
                self.builder,
                fitter,
                self.deck,
                self.template,
                self.lang,
                self.logo,
            )
            missing = frozenset(fitter.missing_fonts)
        finally:
            fitter.missing_fonts |= deck_fonts
        made = KeptSlide(
            built,
            tuple(fitter.overflows[before:]),
            missing,
            tuple(fitter.compacted[compacted_before:]),
        )
        if disk_key is not None:
            self.built.append((disk_key, made))
        return self.state.slides.put(key, made)

    def disk_key(
        self, info: LayoutInfo, model: Slide, content: SlideContent
    ) -> dict[str, Any] | None:
        """The key the slide is kept under on disk, or None where it is not kept."""
        digest = self.state.template_digest(self.template)
        fonts = self.fitter.fonts.environment()
        return disk.slide_key(digest, fonts, (info, model.kind, content.key(), self.same))

    def notes(self, content: SlideContent) -> bytes | None:
        """The slide's notes page, made once per text and language."""
        if not content.notes:
            return None
        key = ("notes", content.notes, self.lang)
        found = self.state.xml.get(key)
        if found is None:
            found = self.state.xml.put(
                key, assembly.notes_xml(self.comp.notes, content.notes, self.lang)
            )
        return found

    def package(self, parts: list[SlidePart]) -> bytes:
        """The deck's package: the template's parts with their text rendered, the brand's
        accent in the theme, the deck's document properties, and the slides."""
        base, deck, xml = self.comp.base, self.deck, self.state.xml
        replaced = base.render_tagged(self.text)
        if deck.brand.accent:
            for theme in base.themes:
                key = ("theme", theme, deck.brand.accent)
                found = xml.get(key)
                if found is None:
                    found = xml.put(
                        key, ooxml.recoloured_theme(base.blobs[theme], "accent1", deck.brand.accent)
                    )
                replaced[theme] = found
        # The template's accent texts in the shade the accent (the brand's, else its own)
        # needs to read; most accents read as they are.
        shade = accent_palette(deck, self.template).accent_text
        if shade != ():
            self._shade_accent_text(replaced, shade)
        replaced[base.core] = _core_properties(base.blobs[base.core], deck, xml)
        out = io.BytesIO()
        opc.write_package(
            base.assemble(parts, replaced),
            base.package_rels,
            out,
            zip_date(deck),
            self.state.zip,
            base.packed,
        )
        return out.getvalue()

    def _shade_accent_text(self, replaced: dict[str, bytes | Packed], shade: Shade | None) -> None:
        """Give the template's own accent-coloured texts (a title page's kicker, say) the
        readable shade the devices' texts take, where the accent is too light. The
        shaded parts are stencils of the template's tags, made once per shade, so a deck only
        fills in its texts."""
        base, kept = self.comp.base, self.state.shaded
        parts = kept.get(shade)
        if parts is None:
            parts = kept[shade] = base.shaded_accent_text(shade)  # whole, for other threads
        for name, stencil in parts.items():
            replaced[name] = stencil.fill_packed(self.text)


def _build_slide(
    comp: CompiledTemplate,
    info: LayoutInfo,
    index: int,
    model: Slide,
    content: SlideContent,
    builder: SlideBuilder,
    fitter: Fitter,
    deck: Deck,
    template: Template,
    lang: str,
    logo: Path | None,
) -> assembly.BuiltSlide:
    """Fill and fit one slide on the scratch copy of the template and keep it as bytes."""
    from .fill import fill_slide  # python-pptx's: a deck whose slides are all kept needs none

    skeleton = comp.skeleton(info.index)
    bench = comp.benches.get(info.index)
    if bench is None:
        bench = comp.benches[info.index] = ooxml.add_slide(
            comp.scratch, comp.layouts[info.index], skeleton
        )
    slide = ooxml.reset_slide(bench, skeleton)
    left_out = fill_slide(slide, info, content, deck, template, lang, logo)
    if left_out is not None:
        fitter.compacted.append(Compacted(index + 1, info.ref, left_out.what, left_out.fewer))
    ooxml.set_language(slide, lang)
    _finish_slide(slide, index, model, content, builder, fitter)
    return assembly.capture_slide(slide, comp.template_parts)


def _finish_slide(
    slide: Any,
    index: int,
    model: Slide,
    content: SlideContent,
    builder: SlideBuilder,
    fitter: Fitter,
) -> None:
    """Once the slide's text is final: name the slide by its kind (so ``deckgen check`` knows
    which slides are deckgen's), describe its chart for screen readers, fit its text."""
    from .charts import chart_description

    ooxml.set_slide_name(slide, f"deckgen:{model.kind}")
    if content.chart is not None:
        ooxml.describe_charts(slide, chart_description(content.title, content.chart, builder.fmt))
    fitter.fit_slide(slide, index + 1, model)


#: The language tag text is marked with (spelling, hyphenation, number display), by deck language.


def _core_properties(blob: bytes, deck: Deck, cache: LRU[bytes]) -> bytes:
    """docProps/core.xml with the deck's title, author, company and date."""
    key = ("core", deck.title, deck.presenter.name, deck.audience.company, deck.date, deck.language)
    found = cache.get(key)
    if found is None:
        when = dt.datetime.combine(deck.date, dt.time(0, 0))
        found = cache.put(
            key,
            ooxml.core_properties(
                blob,
                title=deck.title,
                author=deck.presenter.name,
                subject=deck.audience.company,
                when=when,
                language=deck.language,
            ),
        )
    return found
