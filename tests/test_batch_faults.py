"""A batch survives what one row does: any failure is that row's, inputs are never replaced,
and the record of built decks is never written through a link."""

from __future__ import annotations

import fcntl
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import content_yaml

from deckgen import render
from deckgen.batch import build_batch, pool, worker
from deckgen.errors import InputError, OutputError
from deckgen.resources import shipped_template

SLIDES = """\
- kind: bullets
  headline: "Social Media für {{ audience.company }}"
  points: [Erstens]
"""

BUG = (
    "deckgen failed on this row (ZeroDivisionError: a bug); the other rows are not affected; "
    "please report this with the row"
)


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "pitch.yaml"
    content.write_text(content_yaml(SLIDES), encoding="utf-8")
    clients = tmp_path / "clients.csv"
    clients.write_text("audience.company\nA GmbH\nB GmbH\nC GmbH\n", encoding="utf-8")
    return content, clients


def test_a_row_that_raises_while_rendering_fails_alone_and_the_report_is_written(
    project, tmp_path, monkeypatch
):
    content, clients = project
    real = render.render_deck

    def render_deck(deck, *args, **kwargs):
        if deck.audience.company == "B GmbH":
            raise ZeroDivisionError("a bug")
        return real(deck, *args, **kwargs)

    monkeypatch.setattr(render, "render_deck", render_deck)
    report = build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1)
    assert [(r.status, r.error) for r in report.rows] == [
        ("built", None),
        ("failed", f"{clients}:3: {BUG}"),
        ("built", None),
    ]
    saved = json.loads((tmp_path / "decks/report.json").read_text(encoding="utf-8"))
    assert saved["summary"]["failed"] == 1


def test_a_row_that_raises_while_checked_fails_alone(project, tmp_path, monkeypatch):
    content, clients = project
    real = worker.validate

    def validate(raw, client):
        if raw.data["audience"]["company"] == "A GmbH":
            raise ZeroDivisionError("a bug")
        return real(raw, client)

    monkeypatch.setattr(worker, "validate", validate)
    report = build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1)
    assert [(r.status, r.error) for r in report.rows] == [
        ("failed", f"{clients}:2: {BUG}"),
        ("built", None),
        ("built", None),
    ]


def test_an_error_raised_in_an_executor_is_that_items_not_the_runs():
    def work(n: int) -> int:
        return 10 // n

    with ThreadPoolExecutor(2) as executor:
        results = sorted(
            (item, result, type(err).__name__ if err else None)
            for item, result, err in pool._run(work, [5, 0, 2], executor, window=2)
        )
    assert results == [(0, None, "ZeroDivisionError"), (2, 5, None), (5, 2, None)]


def test_a_deck_never_replaces_the_template_it_is_built_from(project, tmp_path):
    content, _ = project
    template = tmp_path / "boardroom.pptx"
    shutil.copy(shipped_template(), template)
    before = template.read_bytes()
    clients = tmp_path / "clients.csv"
    clients.write_text("audience.company\nBoardroom\nA GmbH\n", encoding="utf-8")
    report = build_batch(content, clients, output_dir=tmp_path, template=template, jobs=1)
    assert [(r.status, r.error) for r in report.rows] == [
        (
            "failed",
            f"{clients}:2: the deck would replace {template}, which this batch reads or writes "
            "its report to; choose another -o or --name",
        ),
        ("built", None),
    ]
    assert template.read_bytes() == before


def test_the_report_never_replaces_the_client_table(project, tmp_path):
    content, clients = project
    before = clients.read_bytes()
    with pytest.raises(InputError) as err:
        build_batch(content, clients, output_dir=tmp_path / "decks", report=clients, jobs=1)
    assert str(err.value) == (
        f"{clients}: is a file this batch reads; the report would replace it: "
        "choose another --report"
    )
    assert clients.read_bytes() == before
    assert not (tmp_path / "decks").exists()


def test_the_record_of_built_decks_is_never_written_through_a_link(project, tmp_path):
    content, clients = project
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("keep me\n", encoding="utf-8")
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / ".deckgen-batch.jsonl").symlink_to(outside)
    with pytest.raises(OutputError) as err:
        build_batch(content, clients, output_dir=decks, jobs=1)
    assert str(err.value) == (
        f"{decks / '.deckgen-batch.jsonl'}: is a link or not a file; deckgen keeps its record "
        "of built decks only in a file of its own: remove it and run again"
    )
    assert outside.read_text(encoding="utf-8") == "keep me\n"


def test_a_second_batch_into_the_same_folder_is_refused_while_one_runs(project, tmp_path):
    content, clients = project
    decks = tmp_path / "decks"
    decks.mkdir()
    with open(decks / ".deckgen-batch.lock", "w") as running:  # the first batch holds it
        fcntl.flock(running, fcntl.LOCK_EX)
        with pytest.raises(OutputError) as err:
            build_batch(content, clients, output_dir=decks, jobs=1)
    assert str(err.value) == (
        f"{decks}: another deckgen batch is writing into this folder; let it finish or "
        "choose another -o"
    )
    assert not list(decks.glob("*.pptx"))
    # Once it has finished, the folder is free.
    assert build_batch(content, clients, output_dir=decks, jobs=1).built == 3
