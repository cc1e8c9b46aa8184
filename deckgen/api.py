"""The library's front door: what the CLI calls and what Python users import."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DeckgenError, InputError
from .output import refuse_inputs, write_atomic
from .resources import data_dir, shipped_content, shipped_template

if TYPE_CHECKING:
    # Batch builds are part of the front door (the redundant aliases mark them as
    # re-exported), imported on first use below: a single build or validate needs none of
    # the batch machinery, and importing it cost a one-deck command a third of its time.
    from .batch import BatchReport as BatchReport
    from .batch import build_batch as build_batch
    from .batch import validate_clients as validate_clients
    from .export import Preview
    from .models import Deck
    from .watch import Run, StopEvent
else:
    _BATCH_NAMES = frozenset({"BatchReport", "build_batch"})

    def __getattr__(name: str) -> object:
        if name in _BATCH_NAMES:
            from . import batch

            return getattr(batch, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def validate_clients(*args: Any, **kwargs: Any) -> int:
        """batch.validate_clients, imported when called: `deckgen validate` imports this name
        even when no client table is given (type checkers see the real signature)."""
        from .batch import validate_clients

        return validate_clients(*args, **kwargs)


DEFAULT_OUTPUT_DIR = Path("out")
SHIPPED_LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote."""

    output: Path
    slides: int
    pdf: Path | None = None
    pdf_error: str | None = None  # why no PDF was made although asked for; the deck was written
    warnings: tuple[str, ...] = ()  # text kept overflowing (allow_overflow), fonts estimated
    notes: tuple[str, ...] = ()  # what the user should know about the template used


def resolve_content(content: Path | None, language: str | None) -> Path:
    """Return the content file to build: the given one, or the shipped deck in a language."""
    if language is not None and language not in SHIPPED_LANGUAGES:
        raise InputError(f"--lang {language}: the shipped deck comes in de and en")
    if content is None:
        return shipped_content(language or "de")
    if language is not None:
        raise InputError(
            "--lang chooses the language of the shipped deck; a content file sets its own "
            "(language: en), so leave --lang out when you give CONTENT"
        )
    return content


def default_output(content: Path) -> Path:
    """Return out/<content name>.pptx, e.g. out/social-maturity.de.pptx."""
    return DEFAULT_OUTPUT_DIR / (content.name.removesuffix(".yaml").removesuffix(".yml") + ".pptx")


def load(
    content: Path | None = None,
    *,
    language: str | None = None,
    overrides: Sequence[str] = (),
    client: Mapping[str, Any] | None = None,
) -> Deck:
    """Load and validate content (the shipped deck when content is None) without writing."""
    from .content import load_deck

    return load_deck(resolve_content(content, language), overrides=overrides, client=client)


def validate(
    content: Path,
    *,
    overrides: Sequence[str] = (),
    clients: Path | None = None,
    sheet: str | None = None,
    template: Path | None = None,
) -> tuple[Deck, int]:
    """Check a content file, and every row of a client table if one is given, writing nothing;
    return the deck and the number of client rows. With a table, the content is loaded with
    its first row's ``{{ client.<column> }}`` names, as a batch would: content naming a column
    is valid exactly when the batch accepts it."""
    from .engine.kept import save_kept_formats

    if clients is None:
        deck, rows = load(content, overrides=overrides), 0
    else:
        from .batch import checked_plan

        plan = checked_plan(content, clients, template=template, sheet=sheet, overrides=overrides)
        deck = load(content, overrides=overrides, client=plan.tasks[0].client)
        rows = len(plan.tasks)
    save_kept_formats()  # the next command formats these figures without Babel
    return deck, rows


def build_deck(
    content: Path | None = None,
    *,
    language: str | None = None,
    template: Path | None = None,
    output: Path | None = None,
    overrides: Sequence[str] = (),
    client: Mapping[str, Any] | None = None,
    pdf: bool = False,
    allow_overflow: bool = False,
    mapping: Path | None = None,
    keep_template_slides: bool = False,
) -> BuildResult:
    """Build one deck; read and validate everything first, write last and atomically.

    ``mapping`` is a layout mapping file (default: ``<template>.deckgen.yaml`` if present);
    ``keep_template_slides`` keeps the template's own slides after the built ones.
    Raise a DeckgenError subclass for bad input; no file is written or replaced then. Text
    that does not fit its box even at its role's smallest size is a RenderError naming slide,
    placeholder, content field and lines over; ``allow_overflow`` keeps it and warns instead.
    With ``pdf``, a PDF is written beside the deck; when that fails (LibreOffice missing), the
    deck is still written and ``pdf_error`` says why and what to install.
    """
    from .content import load_deck
    from .engine.kept import save_kept_formats
    from .fit import Fitter, default_fonts
    from .render import finish_fitting, fit_cache, render_deck
    from .template import load_template

    source = resolve_content(content, language)
    deck = load_deck(source, overrides=overrides, client=client)
    tmpl = load_template(template or shipped_template(), mapping, keep_slides=keep_template_slides)
    own = source.resolve().parent != shipped_content(deck.language).resolve().parent
    fitter = Fitter(
        allow_overflow=allow_overflow,
        locate=_locator(source),
        cache=fit_cache(tmpl),
        advise=lambda o: tmpl.overflow_advice(deck.slides[o.slide - 1].kind, own_content=own),
    )
    target = output or default_output(source)
    if target.suffix.lower() != ".pptx":
        raise InputError(f"{target}: the output must be a .pptx file")
    logo = Path(deck.brand.logo) if deck.brand.logo else None
    inputs = {"content file": source, "template": template, "mapping file": mapping}
    refuse_inputs(target, inputs | {"logo": logo})
    data = render_deck(deck, tmpl, client, fitter=fitter, keep_on_disk=True)
    warnings = tuple(finish_fitting(fitter, deck, tmpl))
    write_atomic(target, data)
    default_fonts().save_kept()  # the next build starts with these fonts measured
    save_kept_formats()  # and its figures formatted
    pdf_path: Path | None = None
    pdf_error: str | None = None
    if pdf:
        from .export import convert_to_pdf

        try:
            pdf_path = convert_to_pdf([target])[0]
        except DeckgenError as err:  # the deck is written; the PDF is what failed
            pdf_error = str(err)
    notes = tuple(tmpl.notes_for((s.kind for s in deck.slides), logo=bool(deck.brand.logo)))
    return BuildResult(
        output=target,
        slides=len(deck.slides),
        pdf=pdf_path,
        pdf_error=pdf_error,
        warnings=warnings,
        notes=notes,
    )


@dataclass(frozen=True)
class Inspection:
    """What inspecting a template found: the report ``deckgen inspect`` prints, and the
    mapping file written, if one was asked for."""

    report: str
    mapping_written: Path | None = None


def inspect_template(
    template: Path,
    *,
    mapping: Path | None = None,
    write_mapping: Path | None = None,
    force: bool = False,
) -> Inspection:
    """Read a template and describe it: its layouts, the role of each placeholder, the layout
    each slide kind gets and why, what it lacks. With ``write_mapping``, also write the current
    choices as an editable mapping file there (never over an existing file unless ``force``).
    Raise TemplateError for a template that cannot be used, InputError for a mapping file that
    exists."""
    from .template import describe, load_template
    from .template import write_mapping as write_mapping_file

    tmpl = load_template(template, mapping)
    if write_mapping is not None:
        write_mapping_file(tmpl, write_mapping, force=force)
    return Inspection(describe(tmpl), write_mapping)


def watch_build(
    content: Path | None = None,
    *,
    on_build: Callable[[Run[BuildResult]], None],
    stop: StopEvent | None = None,
    language: str | None = None,
    template: Path | None = None,
    output: Path | None = None,
    overrides: Sequence[str] = (),
    pdf: bool = False,
    allow_overflow: bool = False,
    mapping: Path | None = None,
    keep_template_slides: bool = False,
) -> None:
    """Build as build_deck does, then again whenever a file the build reads is saved.

    Watched are the content file, the logo it names (or --set names), and a template given
    with ``template`` and its mapping (``mapping``, else the ``.deckgen.yaml`` beside it, which
    may appear later); the shipped template does not change while deckgen runs. ``on_build``
    gets each Run: what changed, the BuildResult or the DeckgenError, and the seconds it took.
    A failed build writes nothing, so the last good deck stays. Runs until ``stop`` is set or
    Ctrl-C (KeyboardInterrupt); raise InputError at once for arguments no edit can fix.
    """
    from .watch import rerun_on_change

    source = resolve_content(content, language)

    def build() -> BuildResult:
        return build_deck(
            content, language=language, template=template, output=output, overrides=overrides,
            pdf=pdf, allow_overflow=allow_overflow, mapping=mapping,
            keep_template_slides=keep_template_slides,
        )  # fmt: skip

    def inputs() -> list[Path]:
        return build_inputs(source, template=template, mapping=mapping, overrides=overrides)

    rerun_on_change(build, inputs, on_build, stop=stop)


def build_inputs(
    content: Path,
    *,
    template: Path | None = None,
    mapping: Path | None = None,
    overrides: Sequence[str] = (),
) -> list[Path]:
    """Return the user's files a build of content reads: the content file, its logo, the
    template and its mapping (the shipped template is not the user's and is left out).

    The logo is read from the file as written, so it is known while the content is invalid;
    a ``brand.logo`` override wins. Files may not exist (yet).
    """
    from .content import file_logo, parse_override, read_content
    from .template import mapping_beside

    files = [content]
    logo: str | None = None
    for text in overrides:
        try:
            field, value = parse_override(text)
        except DeckgenError:
            continue  # the build reports it
        if field == "brand.logo" and isinstance(value, str):
            logo = value
    if logo is None:
        try:
            logo = file_logo(read_content(content))
        except DeckgenError:
            logo = None  # unreadable content: the build reports it
    if logo:
        files.append(Path(logo))
    if template is not None:
        files.append(template)
    if mapping is not None:
        files.append(mapping)
    elif template is not None:
        files.append(mapping_beside(template))
    return files


def watch_preview(
    deck: Path,
    output: Path,
    *,
    on_preview: Callable[[Run[Preview]], None],
    stop: StopEvent | None = None,
    dpi: int = 96,
) -> None:
    """Render the deck's preview as export.preview_deck does, then again whenever the deck is
    written (by ``deckgen build --watch``, say), until ``stop`` is set or Ctrl-C."""
    from .export import preview_deck
    from .watch import rerun_on_change

    rerun_on_change(
        lambda: preview_deck(deck, output, dpi=dpi), lambda: [deck], on_preview, stop=stop
    )


def _locator(source: Path) -> Callable[[tuple[str | int, ...]], tuple[str, int | None]]:
    """Where a content field is written (file, line), read only when a message needs it."""

    def locate(path: tuple[str | int, ...]) -> tuple[str, int | None]:
        from .content import read_content

        try:
            return read_content(source).locate(path)
        except DeckgenError:
            return str(source), None

    return locate


def content_schema() -> dict[str, Any]:
    """Return the JSON Schema of content files, for editor autocompletion."""
    from .models import Deck

    schema = Deck.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "deckgen content"
    return schema


def content_schema_json() -> str:
    """Return the JSON Schema as stable, readable text.

    Kept on disk under deckgen's code and Pydantic's package files: building the content
    model's 42 classes is most of what ``deckgen schema`` did, and the text only changes with
    the code.
    """
    from . import diskcache

    key = {"code": diskcache.installed_code(("pydantic", "pydantic_core"))}
    kept = diskcache.read_entry(SCHEMA_KIND, key)
    if isinstance(kept, str):
        return kept
    text = json.dumps(content_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    diskcache.write_entry(SCHEMA_KIND, key, text)
    return text


#: The disk cache's folder for the content schema (one entry per code state).
SCHEMA_KIND = "schema"


#: What init keeps out of git: what deckgen writes in a project folder (builds, batches,
#: previews, PDFs) is made from the project's files.
GITIGNORE_HEADER = "# Made by deckgen from this folder's files; rebuild instead of committing."
GITIGNORE_LINES = ("out/", "decks/", "preview/", "*.pdf")


def init_project(directory: Path, *, language: str = "de", force: bool = False) -> list[Path]:
    """Write an editable starter content file, a sample client table and a .gitignore into
    directory (created if missing); return the files written, the content file first.

    Refuse to overwrite the content file or client table unless force is set; then nothing is
    written. An existing .gitignore (the folder is already a repository) keeps its lines and
    gets only those of deckgen's it lacks, as ``cargo init`` does.
    """
    if language not in SHIPPED_LANGUAGES:
        raise InputError(f"--lang {language}: the starter deck comes in de and en")
    starters = {
        directory / "pitch.yaml": shipped_content(language),
        directory / "clients.csv": data_dir("content") / "clients.sample.csv",
    }
    existing = [str(p) for p in starters if p.exists()]
    if existing and not force:
        raise InputError(
            f"{', '.join(existing)}: already exists; choose another folder or pass --force"
        )
    gitignore = directory / ".gitignore"
    ignored = _read_text(gitignore) if gitignore.exists() else ""
    for target, source in starters.items():
        try:
            data = source.read_bytes()
        except OSError as err:  # reading our own shipped files
            raise DeckgenError(f"{source}: shipped file missing ({err.strerror})") from err
        write_atomic(target, data)
    written = list(starters)
    missing = [line for line in GITIGNORE_LINES if line not in ignored.splitlines()]
    if missing:
        block = "\n".join([GITIGNORE_HEADER, *missing]) + "\n"
        if ignored:
            block = ignored + ("" if ignored.endswith("\n") else "\n") + "\n" + block
        write_atomic(gitignore, block.encode())
        written.append(gitignore)
    return written


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise InputError(f"{path}: cannot read it to add deckgen's lines: {err.strerror}") from err
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text; add deckgen's lines yourself") from err
