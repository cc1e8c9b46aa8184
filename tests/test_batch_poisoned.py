"""A batch with three poisoned rows (a Jinja bomb cell, a FIFO logo, a row that raises while
rendered) builds every other deck and reports the three, each with its message; the same
project as benchmarks/poisoned_batch.py, which runs it at 10,000 rows."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from conftest import open_deck, title_of

from deckgen import render
from deckgen.batch import build_batch

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "poisoned_batch.py"


@pytest.fixture
def bench():
    spec = importlib.util.spec_from_file_location("poisoned_batch", BENCHMARK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(sys.platform == "win32", reason="makes a FIFO")
def test_three_poisoned_rows_fail_alone_and_every_other_deck_is_built(bench, tmp_path, monkeypatch):
    content, clients = bench.poisoned_project(tmp_path, 30)
    monkeypatch.setattr(render, "render_deck", bench.poisoned(render.render_deck))
    out = tmp_path / "decks"
    report = build_batch(content, clients, output_dir=out, jobs=1)
    assert (report.built, report.failed) == (27, 3)
    failed = {r.row: r.error for r in report.rows if r.status == "failed"}
    assert failed == {
        9: f"{clients}:9: {content}:9: slides[0].subtitle: the client value 'note' "
        "('{% set a = 10**64 %}{% set a = a * a %}…') holds a template tag; client values are "
        "shown as written, never run: take the braces out of the cell",
        17: f"{clients}:17: logo: {tmp_path / 'logo.png'}: is a named pipe (FIFO), not a file; "
        "give the logo file itself",
        24: f"{clients}:24: deckgen failed on this row (ZeroDivisionError: a bug on this row); "
        "the other rows are not affected; please report this with the row",
    }
    assert len(list(out.glob("*.pptx"))) == 27
    deck = open_deck(out / "kunde-00001-gmbh.pptx")
    assert title_of(deck.slides[0]) == "Social Media für Kunde 00001\u00a0GmbH"
    saved = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert saved["summary"]["built"] == 27 and saved["summary"]["failed"] == 3
