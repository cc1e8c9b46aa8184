"""A row stuck where its timer cannot stop it (C code that never returns to Python, signals
blocked) on deckgen's own pool: the main process ends the worker once the task has run past
its bound, the other rows are built, and only the stuck row fails, saying it was stopped."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from deckgen.batch.plan import OVERDUE_GRACE, DeckOptions, RowTask, _chunk_bound
from deckgen.batch.pool import OwnPool, Workers, _singles
from deckgen.batch.worker import _lost, _TaskOverdue, _time_limit

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="blocks a POSIX signal")


def double_or_hang(chunk: list[int | str]) -> list[int]:
    """Double each number; a path instead is a row that hangs: it notes its worker's pid there,
    starts the row's timer, blocks its signal and sleeps, as C code that never returns to Python
    would. Module level, so that deckgen's workers import it by name."""
    out = []
    for item in chunk:
        if isinstance(item, str):
            with open(item, "a", encoding="utf-8") as pids:
                pids.write(f"{os.getpid()}\n")
            with _time_limit(0.2):
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
                time.sleep(600)
        else:
            out.append(2 * item)
    return out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    # A zombie (ended, not yet reaped by the forkserver) is not running.
    return not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def test_a_row_stuck_past_its_bound_fails_alone_and_its_worker_is_ended(tmp_path):
    pids = tmp_path / "stuck.pids"
    chunks: list[list[int | str]] = [[1, 2, 3], [4, str(pids), 6], [7, 8, 9], [10, 11, 12]]
    workers = Workers(None, 4, OwnPool(2))
    try:
        results = list(workers.run(double_or_hang, chunks, _singles, lambda chunk: 4.0))
    finally:
        workers.release()
    doubled: dict[int | str, int] = {}
    errors: dict[int | str, BaseException] = {}
    for chunk, result, error in results:
        if error is not None:
            errors.update((item, error) for item in chunk)
        else:
            doubled.update(zip(chunk, result, strict=True))
    assert doubled == {n: 2 * n for n in range(1, 13) if n != 5}
    assert list(errors) == [str(pids)]
    assert isinstance(errors[str(pids)], _TaskOverdue) and errors[str(pids)].seconds == 4.0
    stuck = [int(pid) for pid in pids.read_text().split()]
    assert len(stuck) == 2  # with its chunk, then alone
    assert [pid for pid in stuck if _alive(pid)] == []


def test_a_chunk_may_run_twice_its_rows_time_limits_and_a_grace():
    task = RowTask(1, "clients.csv:2", "pitch.yaml", "t.pptx", (), {}, options=DeckOptions())
    assert _chunk_bound([task] * 8) == 8 * 2 * 120 + OVERDUE_GRACE
    none = RowTask(
        1, "clients.csv:2", "pitch.yaml", "t.pptx", (), {}, options=DeckOptions(row_timeout=0)
    )
    assert _chunk_bound([none]) is None


def test_a_stuck_row_says_it_was_stopped_after_the_row_time_limit():
    task = RowTask(
        1, "clients.csv:2", "pitch.yaml", "t.pptx", (), {}, options=DeckOptions(row_timeout=30)
    )
    assert _lost(task, _TaskOverdue(90.0)) == (
        "clients.csv:2: stopped after 30 s, the time one row may take, by ending its worker "
        "process: the row did not return to Python, where the time limit stops it (a library's "
        "C code, or signals blocked); something in this row makes it hang: fix the row, or give "
        "it longer with --row-timeout"
    )
