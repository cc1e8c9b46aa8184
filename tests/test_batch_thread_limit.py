"""Rows on another executor's threads (a ThreadPoolExecutor, Dask, the web page's thread), which
no timer signal reaches: a row past its time limit fails at the end of the stage it is in, and
its deck is not written."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import test_batch_faults

from deckgen import render
from deckgen.batch import build_batch

# The three-client project of the fault tests: A, B and C GmbH, one bullets slide each.
project = test_batch_faults.project


def test_a_row_past_its_time_limit_on_a_thread_fails_and_writes_no_deck(
    project, tmp_path, monkeypatch
):
    content, clients = project
    real = render.render_deck
    slow = {"B GmbH": 1.5}  # seconds; it ends, but no timer signal could stop it on a thread

    def render_deck(deck, *args, **kwargs):
        time.sleep(slow.get(deck.audience.company, 0))
        return real(deck, *args, **kwargs)

    monkeypatch.setattr(render, "render_deck", render_deck)
    out = tmp_path / "decks"
    with ThreadPoolExecutor(2) as pool:
        report = build_batch(content, clients, output_dir=out, executor=pool, row_timeout=0.5)
    assert [(r.status, r.error) for r in report.rows] == [
        ("built", None),
        (
            "failed",
            f"{clients.absolute()}:3: stopped after 0.5 s, the time one row may take; something "
            "in this row makes it too slow (a loop, a huge value): fix the row, or give it longer "
            "with --row-timeout",
        ),
        ("built", None),
    ]
    assert sorted(p.name for p in out.glob("*.pptx")) == ["a-gmbh.pptx", "c-gmbh.pptx"]
