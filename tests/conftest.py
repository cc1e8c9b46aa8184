"""Shared fixtures: decks built once per session, and small inline content for unit tests."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import textwrap
from pathlib import Path

import pytest
from pptx import Presentation

from deckgen.api import build_deck

# A CI that starts the suite as a background job without job control starts it with SIGINT
# ignored, and every process a test starts inherits that: the tests of Ctrl-C could then
# interrupt nothing. Any handler here is reset to the default in the processes tests start.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# The suite never writes to the user's cache folder. Set for the whole process (and the
# deckgen processes tests start), not as a fixture: the font cache is also saved at exit.
os.environ["DECKGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="deckgen-test-cache-")


@pytest.fixture(autouse=True)
def _no_slides_kept_from_other_tests():
    """Each test starts without slides, templates' bases or descriptions kept on disk
    (render/disk.py, template/kept.py): what an earlier test built would otherwise come ready
    to a test that watches it being built, fitted or described. Font metrics and formatted
    figures stay: they are the same whoever measured or formatted them."""
    for kind in ("slides", "bases", "templates"):
        shutil.rmtree(Path(os.environ["DECKGEN_CACHE_DIR"]) / kind, ignore_errors=True)


MINIMAL = """\
title: Test deck
language: {language}
date: 2026-12-01
audience: {{company: Acme GmbH, ceo_name: Dr. Jane Doe}}
presenter: {{name: Max Muster, role: Head of Marketing}}
sources:
  - {{id: edelman, publisher: Edelman, title: Trust Barometer}}
slides:
{slides}
"""


def content_yaml(slides: str, language: str = "de") -> str:
    """Return a small valid content file whose slides are the given YAML list items."""
    return MINIMAL.format(language=language, slides=textwrap.indent(textwrap.dedent(slides), "  "))


@pytest.fixture
def write_content(tmp_path: Path):
    """Write inline content YAML to a file in tmp_path and return its path."""

    def write(slides: str, language: str = "de", name: str = "pitch.yaml") -> Path:
        path = tmp_path / name
        path.write_text(content_yaml(slides, language), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def shipped_decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build both shipped decks once; tests reopen them as a CEO would see them."""
    out = tmp_path_factory.mktemp("decks")
    return {
        lang: build_deck(language=lang, output=out / f"social-maturity.{lang}.pptx").output
        for lang in ("de", "en")
    }


def slide_texts(slide) -> list[str]:
    """Return the text of every paragraph of every shape on a slide, in shape order."""
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.extend(p.text for p in shape.text_frame.paragraphs if p.text)
        if shape.has_table:
            texts.extend(c.text for row in shape.table.rows for c in row.cells)
    return texts


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def open_deck(path: Path):
    return Presentation(str(path))
