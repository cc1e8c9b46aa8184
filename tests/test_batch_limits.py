"""A batch always ends with its report: a stuck row fails on its time limit, a report that
cannot be written leaves no stale one behind, and no unrecorded file is replaced."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import test_batch_faults
from conftest import open_deck, title_of
from typer.testing import CliRunner

from deckgen import render
from deckgen.batch import build_batch
from deckgen.cli import app

# The three-client project of the fault tests: A, B and C GmbH, one bullets slide each.
project = test_batch_faults.project


def _stuck_on(company: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = render.render_deck

    def render_deck(deck, *args, **kwargs):
        while deck.audience.company == company:
            time.sleep(0.05)  # a row that never ends
        return real(deck, *args, **kwargs)

    monkeypatch.setattr(render, "render_deck", render_deck)


def test_a_stuck_row_fails_on_its_time_limit_and_the_batch_goes_on(project, tmp_path, monkeypatch):
    content, clients = project
    _stuck_on("B GmbH", monkeypatch)
    out = tmp_path / "decks"
    report = build_batch(content, clients, output_dir=out, jobs=1, row_timeout=0.5)
    assert [(r.status, r.error) for r in report.rows] == [
        ("built", None),
        (
            "failed",
            f"{clients}:3: stopped after 0.5 s, the time one row may take; something in this "
            "row makes it too slow (a loop, a huge value): fix the row, or give it longer with "
            "--row-timeout",
        ),
        ("built", None),
    ]
    assert title_of(open_deck(out / "c-gmbh.pptx").slides[0]) == "Social Media für C GmbH"
    saved = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert saved["summary"] == {**saved["summary"], "built": 2, "failed": 1}


def test_the_row_timeout_option_reaches_the_batch(project, tmp_path, monkeypatch):
    content, clients = project
    _stuck_on("A GmbH", monkeypatch)
    out = tmp_path / "decks"
    args = ["batch", str(content), str(clients), "-o", str(out), "-j", "1", "--row-timeout", "0.5"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "stopped after 0.5 s" in result.output
    assert sorted(p.name for p in out.glob("*.pptx")) == ["b-gmbh.pptx", "c-gmbh.pptx"]


def test_a_report_that_cannot_be_written_leaves_no_earlier_one_behind(
    project, tmp_path, monkeypatch
):
    from deckgen.batch import run
    from deckgen.errors import OutputError

    content, clients = project
    out = tmp_path / "decks"
    build_batch(content, clients, output_dir=out, jobs=1)
    assert (out / "report.json").exists()
    real = run.write_atomic

    def disk_full(path: Path, data: bytes) -> None:
        if path.name != "report.json":
            return real(path, data)
        full = OSError(28, "No space left on device")
        raise OutputError(f"{path}: cannot write the deck: {full.strerror}") from full

    monkeypatch.setattr(run, "write_atomic", disk_full)
    with pytest.raises(OutputError) as raised:
        build_batch(content, clients, output_dir=out, jobs=1, force=True)
    assert str(raised.value) == (
        f"{out / 'report.json'}: cannot write the batch report (No space left on device); the "
        "previous run's report is removed; 3 decks were built and 0 rows failed; make room and "
        "run the same command again (decks that are up to date are skipped) for the report"
    )
    assert not (out / "report.json").exists()


def test_a_deck_the_batch_did_not_make_is_replaced_only_with_force(project, tmp_path):
    content, clients = project
    out = tmp_path / "decks"
    out.mkdir()
    mine = out / "b-gmbh.pptx"
    mine.write_bytes(b"the user's own deck")
    report = build_batch(content, clients, output_dir=out, jobs=1)
    assert [(r.status, r.error) for r in report.rows] == [
        ("built", None),
        (
            "failed",
            f"{clients}:3: {mine} is already there and no deckgen batch made it; move it away, "
            "or replace it with --force",
        ),
        ("built", None),
    ]
    assert mine.read_bytes() == b"the user's own deck"
    # The batch's own decks are replaced when their inputs change, without --force.
    clients.write_text("audience.company\nA GmbH\nB GmbH\nC GmbH\n\n", encoding="utf-8")
    content.write_text(content.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    again = build_batch(content, clients, output_dir=out, jobs=1)
    assert [r.status for r in again.rows] == ["built", "failed", "built"]
    forced = build_batch(content, clients, output_dir=out, jobs=1, force=True)
    assert [r.status for r in forced.rows] == ["built"] * 3
    assert title_of(open_deck(mine).slides[0]) == "Social Media für B GmbH"
