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

from deckgen.batch import MANIFEST_NAME, build_batch, pool, processes, worker, workers_for
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
        (12, 2, 1),  # a handful of rows: the second worker's warm-up costs more than it saves
        (13, 2, 2),
        (1000, 2, 2),
        (1000, 1, 1),
        (30, 8, 3),  # never more workers than there are rows for
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


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The preloads the workers' server was started with by start_early (none started)."""
    calls: list[list[str]] = []
    preload: list[str] = []
    import multiprocessing.forkserver

    monkeypatch.setattr(processes, "_forkserver_here", lambda: True)
    monkeypatch.setattr(multiprocessing.forkserver, "set_forkserver_preload", preload.extend)
    monkeypatch.setattr(multiprocessing.forkserver, "ensure_running", lambda: calls.append(preload))
    return calls


def _table(tmp_path: Path, rows: int, suffix: str = ".csv", *, last_newline: bool = True) -> Path:
    path = tmp_path / f"clients{suffix}"
    text = "audience.company\n" + "".join(f"C{i} GmbH\n" for i in range(rows))
    path.write_text(text if last_newline else text.removesuffix("\n"))
    return path


@pytest.mark.parametrize(
    ("rows", "jobs", "suffix", "early"),
    [
        (40, 2, ".csv", True),  # two workers to come: their server starts now
        (40, None, ".csv", True),  # every CPU (two in this case)
        (processes.MIN_ROWS_PER_WORKER, 2, ".csv", False),  # built in this process
        (40, 1, ".csv", False),  # one job: no workers
        (3, 2, ".xlsx", True),  # not counted: taken to be large
        (processes.MIN_ROWS_PER_WORKER + 1, 2, ".csv", True),  # its last row without "\n"
    ],
)
def test_the_workers_server_starts_early_only_for_a_batch_that_gets_workers(
    tmp_path, monkeypatch, started, rows, jobs, suffix, early
):
    monkeypatch.setattr(processes, "default_jobs", lambda: 2)
    last_newline = rows != processes.MIN_ROWS_PER_WORKER + 1
    processes.start_early(jobs, _table(tmp_path, rows, suffix, last_newline=last_newline))
    assert started == ([processes.PRELOAD] if early else [])
    if suffix == ".csv":  # the guess agrees with the batch's own choice
        assert (workers_for(rows, jobs or 2) > 1) == early


def test_a_table_that_cannot_be_read_starts_nothing(tmp_path, started):
    processes.start_early(2, tmp_path / "missing.csv")
    assert started == []


def test_the_batch_command_starts_the_workers_server_before_its_own_imports(tmp_path):
    """Run in a new interpreter: the server's start is asked for before deckgen imports its
    content code (Pydantic's models), so both import side by side."""
    import subprocess
    import sys

    (tmp_path / "pitch.yaml").write_text(content_yaml(SLIDES), encoding="utf-8")
    _table(tmp_path, 2 * processes.MIN_ROWS_PER_WORKER)
    script = """\
import sys, multiprocessing.forkserver as fs
seen = []
def ensure_running():
    seen.append("deckgen.models" in sys.modules)
    raise SystemExit(f"started, models imported: {seen[0]}")
fs.ensure_running = ensure_running
sys.argv = ["deckgen", "batch", "pitch.yaml", "clients.csv", "-j", "2", "-q"]
from deckgen.cli import main
main()
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    if not processes._forkserver_here():
        pytest.skip("no forkserver on this platform")
    assert "started, models imported: False" in done.stderr, done.stderr


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
