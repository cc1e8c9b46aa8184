"""A batch as it grows: decks forced to disk before the manifest lists them, few workers for few
rows, rows sent in chunks (a lost chunk's rows tried alone), and kept checks bounded."""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
from multiprocessing import active_children
from pathlib import Path
from typing import Any

import pytest
from conftest import content_yaml, open_deck, title_of

from deckgen.batch import MANIFEST_NAME, build_batch, pool, worker, workers_for
from deckgen.batch import kept as kept_checks

SLIDES = """\
- kind: bullets
  headline: "Social Media für {{ audience.company }}"
  points: [Erstens]
"""


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A one-slide content file and a table of three companies."""
    (tmp_path / "pitch.yaml").write_text(content_yaml(SLIDES), encoding="utf-8")
    table = "audience.company\n" + "".join(f"{c} GmbH\n" for c in "ABC")
    (tmp_path / "clients.csv").write_text(table, encoding="utf-8")
    return tmp_path / "pitch.yaml", tmp_path / "clients.csv"


def _fd_path(fd: int) -> str:
    return os.readlink(f"/proc/self/fd/{fd}")


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="names an fd through /proc")
def test_decks_reach_the_disk_before_the_manifest_that_lists_them(project, tmp_path, monkeypatch):
    content, clients = project
    out = tmp_path / "decks"
    synced: list[str] = []
    real = os.fsync

    def record(fd: int) -> None:
        synced.append(_fd_path(fd))
        real(fd)

    monkeypatch.setattr(os, "fsync", record)
    report = build_batch(content, clients, output_dir=out, jobs=1)
    assert report.built == 3
    decks = [str(out / name) for name in ("a-gmbh.pptx", "b-gmbh.pptx", "c-gmbh.pptx")]
    # Each deck once, at the end (not once as written and again), then the folder, then the
    # manifest (its temporary file, renamed over it), then the folder for that rename.
    manifest = [
        i for i, path in enumerate(synced) if Path(path).name.startswith(f".{MANIFEST_NAME}.")
    ]
    assert sorted(synced[:3]) == decks
    assert synced[3] == str(out)
    assert manifest == [4]
    assert synced[5] == str(out)
    listed = [json.loads(line)["file"] for line in (out / MANIFEST_NAME).read_text().splitlines()]
    assert listed == ["a-gmbh.pptx", "b-gmbh.pptx", "c-gmbh.pptx"]
    assert title_of(open_deck(out / "b-gmbh.pptx").slides[0]) == "Social Media für B GmbH"


def test_a_rerun_that_builds_nothing_forces_no_deck(project, tmp_path, monkeypatch):
    content, clients = project
    out = tmp_path / "decks"
    build_batch(content, clients, output_dir=out, jobs=1)
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    report = build_batch(content, clients, output_dir=out, jobs=1)
    assert [r.status for r in report.rows] == ["skipped"] * 3
    assert len(synced) == 3  # the manifest, its folder and the report; no deck


@pytest.mark.parametrize(
    ("rows", "jobs", "workers"),
    [
        (1, 2, 1),
        (8, 2, 1),  # a handful of rows: the second worker's warm-up costs more than it saves
        (9, 2, 2),
        (1000, 2, 2),
        (1000, 1, 1),
        (20, 8, 3),  # never more workers than there are rows for
        (0, 4, 1),
    ],
)
def test_few_rows_get_few_workers(rows, jobs, workers):
    assert workers_for(rows, jobs) == workers


def test_a_small_batch_with_two_jobs_runs_in_this_process(project, tmp_path):
    content, clients = project
    children: list[int] = []

    def look(stage: str, done: int, total: int) -> None:
        children.extend(p.pid for p in active_children())

    report = build_batch(content, clients, output_dir=tmp_path / "decks", jobs=2, progress=look)
    assert report.built == 3
    assert children == []


class _Lossy(cf.Executor):
    """Runs items at once; a chunk holding "boom" loses its worker, as a SIGKILL would."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        future: cf.Future[Any] = cf.Future()
        if "boom" in args[0]:
            future.set_exception(cf.BrokenExecutor("a worker died"))
        else:
            future.set_result(fn(*args))
        return future


def test_only_the_row_that_kills_its_worker_fails_not_its_chunk():
    lossy = _Lossy()
    chunks = [["a", "b"], ["c", "boom", "d"], ["e"]]
    results = list(pool._run(_upper, chunks, lossy, 4, lambda: lossy, pool._singles))
    done = {
        tuple(item): (result, type(err).__name__ if err else None) for item, result, err in results
    }
    assert done == {
        ("a", "b"): (["A", "B"], None),
        ("e",): (["E"], None),
        ("c",): (["C"], None),
        ("d",): (["D"], None),
        ("boom",): (None, "BrokenExecutor"),
    }


def _upper(chunk: list[str]) -> list[str]:
    return [item.upper() for item in chunk]


def test_checked_rows_past_the_bound_in_bytes_are_validated_again(project, tmp_path, monkeypatch):
    """Past KEPT_BYTES a row is validated again to build: memory stays flat, decks the same."""
    content, clients = project
    calls: list[int] = []
    prepare = worker._prepare
    monkeypatch.setattr(worker, "_prepare", lambda task: calls.append(task.row) or prepare(task))
    build_batch(content, clients, output_dir=tmp_path / "kept", jobs=1)
    assert sorted(calls) == [2, 3, 4]
    monkeypatch.setattr(kept_checks, "KEPT_BYTES", 1)  # any row is larger
    calls.clear()
    build_batch(content, clients, output_dir=tmp_path / "bounded", jobs=1)
    assert sorted(calls) == [2, 2, 3, 3, 4, 4]
    for name in ("a-gmbh.pptx", "b-gmbh.pptx", "c-gmbh.pptx"):
        kept, bounded = tmp_path / "kept" / name, tmp_path / "bounded" / name
        assert kept.read_bytes() == bounded.read_bytes()
