"""Loading a Deck: read, override, validate, render strings, validate again; every problem
located and reported at once.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ContentError, Problem
from ..models import Deck
from ..tagtext import has_tags
from .messages import _message, _unknown_source, normalise_loc
from .overrides import apply_override, parse_override
from .reading import RawContent, read_content
from .strings import render_strings


def file_logo(raw: RawContent) -> str | None:
    """Return the logo the content file itself names, resolved beside the file (as its reader
    expects), or None when it names none."""
    brand = raw.data.get("brand")
    source = Path(raw.file)
    if not (isinstance(brand, dict) and isinstance(brand.get("logo"), str)):
        return None
    if not source.is_file():
        return None
    logo = Path(brand["logo"])
    return str(logo if logo.is_absolute() else source.parent / logo)


def files_beside(raw: RawContent) -> None:
    """Make a logo named in a content file relative to that file; paths given with --set or a
    client table keep their own base."""
    found = file_logo(raw) if ("brand", "logo") not in raw.origins else None
    if found is not None:
        raw.data["brand"]["logo"] = found


def load_deck(
    path: Path | None = None,
    *,
    raw: RawContent | None = None,
    overrides: Sequence[str] = (),
    client: Mapping[str, Any] | None = None,
) -> Deck:
    """Read, override, validate and render content into a Deck ready to build.

    Raise ContentError listing every problem at once; nothing is written by loading.
    """
    if raw is None:
        if path is None:
            raise ValueError("load_deck needs a path or raw content")
        raw = read_content(path)
    else:
        raw = copy.deepcopy(raw)
    files_beside(raw)
    for text in overrides:
        dotted, value = parse_override(text)
        apply_override(raw, dotted, value, (f"--set {dotted}", None))
    return validate(raw, client or {})


def validate(raw: RawContent, client: Mapping[str, Any]) -> Deck:
    """Validate types, render every string, then validate the rendered text's limits."""
    first = _validate(raw, raw.data, rendered=False)
    problems = [
        raw.problem(path, _unknown_source(sid, first)) for path, sid in first.unknown_source_refs()
    ]
    if bad_logo := logo_problem(first.brand.logo):
        problems.append(raw.problem(("brand", "logo"), bad_logo))
    if problems:
        raise ContentError(problems)
    rendered, problems = render_strings(raw, first, client)
    try:
        deck = _validate(raw, rendered, rendered=True)
    except ContentError as err:
        # A string that failed to render is reported once, for its tag, not for its length.
        failed = {p.field for p in problems}
        problems += [p for p in err.problems if p.field not in failed]
    if problems:
        raise ContentError(problems)
    return deck


def logo_problem(logo: str | None) -> str | None:
    """Return why an existing logo file cannot go on a slide (a pipe, a device, over
    MAX_LOGO_BYTES, not a picture, too many pixels, damaged: images.logo_problem, the rule
    build, batch and check apply), or None; a missing one is the renderer's to name."""
    if not logo or has_tags(logo) or not os.path.lexists(logo):
        return None
    from ..images import logo_problem as picture_problem

    return picture_problem(Path(logo))


def _validate(raw: RawContent, data: dict[str, Any], *, rendered: bool) -> Deck:
    try:
        return Deck.model_validate(data, context={"rendered": rendered})
    except ValidationError as err:
        raise ContentError(_problems(raw, data, err)) from None


def _problems(raw: RawContent, data: Any, err: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    for e in err.errors(include_url=False):
        path = normalise_loc(data, e["loc"])
        problems.append(raw.problem(path, _message(e, path, data)))
    return problems
