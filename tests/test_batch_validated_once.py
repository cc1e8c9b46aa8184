"""A batch validates each row once, in whichever process it is checked and built."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import content_yaml, open_deck, title_of

from deckgen.batch import build_batch

SLIDES = '- kind: title\n  headline: "Social Media für {{ audience.company }}"\n'


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder a batch makes its temporary folders in, and one content file beside it."""
    (tmp_path / "pitch.yaml").write_text(content_yaml(SLIDES), encoding="utf-8")
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _count_validations(folder: str) -> None:
    """Worker start: leave a file in folder for every row this process validates."""
    from deckgen.batch import worker

    prepare = worker._prepare

    def counted(task: Any) -> Any:
        (Path(folder) / f"{task.row}-{uuid.uuid4().hex}").touch()
        return prepare(task)

    worker._prepare = counted


class _Alternating(cf.Executor):
    """Two worker processes, each task sent to the other one than the task before: with an
    odd number of rows to check, every row is built in the process that did not check it, as
    a process pool (which cannot choose the worker a task goes to) or a cluster may do."""

    def __init__(self, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
        spawn = multiprocessing.get_context("spawn")
        self.pools = [
            cf.ProcessPoolExecutor(1, mp_context=spawn, initializer=initializer, initargs=initargs)
            for _ in range(2)
        ]
        self.turn = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        self.turn = 1 - self.turn
        return self.pools[self.turn].submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        for pool in self.pools:
            pool.shutdown(wait, cancel_futures=cancel_futures)


def test_a_row_built_in_another_process_than_its_check_is_validated_once(tmp_path, temporary):
    content, clients = tmp_path / "pitch.yaml", tmp_path / "clients.csv"
    # Five rows checked (one task each), the last one invalid: four built, each in the other
    # process.
    clients.write_text(
        "audience.company\nAlpha AG\nBeta AG\nGamma AG\nDelta AG\n" + "x" * 300 + "\n",
        encoding="utf-8",
    )
    validations = tmp_path / "validations"
    validations.mkdir()
    with _Alternating(_count_validations, (str(validations),)) as executor:
        report = build_batch(content, clients, output_dir=tmp_path / "decks", executor=executor)
    assert [(r.row, r.status) for r in report.rows] == [
        (2, "built"),
        (3, "built"),
        (4, "built"),
        (5, "built"),
        (6, "failed"),
    ]
    assert report.rows[-1].error == (
        f"{clients}:6: audience.company: string should have at most 255 characters"
    )
    rows = sorted(int(path.name.split("-")[0]) for path in validations.iterdir())
    assert rows == [2, 3, 4, 5, 6]  # each checked once, and none validated again to build
    for company in ("Alpha", "Beta", "Gamma", "Delta"):
        deck = open_deck(tmp_path / "decks" / f"{company.lower()}-ag.pptx")
        assert title_of(deck.slides[0]) == f"Social Media für {company} AG"
    assert list(temporary.iterdir()) == []  # the batch's kept checks are removed with it


def test_the_kept_checks_of_a_killed_batch_are_removed_by_the_next_one(tmp_path, temporary):
    content, clients = tmp_path / "pitch.yaml", tmp_path / "clients.csv"
    clients.write_text("audience.company\nAlpha AG\n", encoding="utf-8")
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                           capture_output=True, text=True).stdout.strip()  # fmt: skip
    killed = temporary / f"deckgen-kept-{ended}-x1y2"
    killed.mkdir()
    (killed / "2.pickle").write_bytes(b"a validated deck")
    running = temporary / f"deckgen-kept-{os.getpid()}-x1y2"  # a batch still running
    running.mkdir()
    build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1)
    assert [path.name for path in temporary.iterdir()] == [running.name]


def test_a_damaged_kept_check_is_validated_again(tmp_path, temporary, monkeypatch):
    from deckgen.batch import kept as kept_checks

    def damaged(task: Any, deck: Any) -> None:
        Path(kept_checks._path_of(task)).write_bytes(b"not a pickle")

    monkeypatch.setattr(kept_checks, "_keep", damaged)
    content, clients = tmp_path / "pitch.yaml", tmp_path / "clients.csv"
    clients.write_text("audience.company\nAlpha AG\n", encoding="utf-8")
    report = build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1)
    assert [(r.row, r.status) for r in report.rows] == [(2, "built")]
    deck = open_deck(tmp_path / "decks" / "alpha-ag.pptx")
    assert title_of(deck.slides[0]) == "Social Media für Alpha AG"
