"""Interrupting a batch: Ctrl-C during its PDF conversion stops it at once, keeps its decks,
writes its report, and says it was interrupted (not that every conversion failed); a SIGINT to
the main process alone ends deckgen's workers at once, rows in flight with them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import content_yaml

SLIDES = """\
- kind: bullets
  headline: "Social Media für {{ audience.company }}"
  points: [Erstens]
"""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="process groups and sh")


def test_ctrl_c_during_the_pdf_conversion_is_reported_as_interrupted(tmp_path):
    content = tmp_path / "pitch.yaml"
    content.write_text(content_yaml(SLIDES), encoding="utf-8")
    clients = tmp_path / "clients.csv"
    clients.write_text("audience.company\nA GmbH\nB GmbH\nC GmbH\n", encoding="utf-8")
    bin_dir, started = tmp_path / "bin", tmp_path / "converting"
    bin_dir.mkdir()
    soffice = bin_dir / "soffice"  # a LibreOffice that converts until it is stopped
    soffice.write_text(f'#!/bin/sh\ntouch "{started}"\nexec sleep 300\n', encoding="utf-8")
    soffice.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    out = tmp_path / "decks"
    args = ["batch", str(content), str(clients), "-o", str(out), "-j", "2", "--pdf"]
    batch = subprocess.Popen(
        [sys.executable, "-m", "deckgen", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own group, as a terminal's Ctrl-C reaches it
    )
    try:
        while not started.exists():
            assert batch.poll() is None, batch.communicate()
            time.sleep(0.1)
        os.killpg(batch.pid, signal.SIGINT)
        stdout, stderr = batch.communicate(timeout=60)
    finally:
        if batch.poll() is None:
            os.killpg(batch.pid, signal.SIGKILL)
            batch.wait()
    report = out / "report.json"
    assert (batch.returncode, stderr) == (
        130,
        f"error: interrupted while converting to PDF: the decks are built and listed in "
        f"{report}; rerun the same command to make the PDFs\n",
    )
    saved = json.loads(report.read_text(encoding="utf-8"))
    assert saved["summary"]["built"] == 3
    assert saved["pdf_error"] == (
        "interrupted (Ctrl-C) while converting to PDF; rerun to make the PDFs"
    )
    assert sorted(p.name for p in out.glob("*.pptx")) == [
        "a-gmbh.pptx",
        "b-gmbh.pptx",
        "c-gmbh.pptx",
    ]


#: A content string that formats 8,000 amounts: about a second of its render budget, so that
#: every row takes a while to check and a worker's chunk of rows a minute.
SLOW = """\
- kind: bullets
  headline: "Social Media für {{ audience.company }}"
  points:
    - "{% for c in 'ab' * 4000 %}{% if (loop.index * 7.25) | currency == '' %}{% endif %}\\
      {% endfor %}Erstens"
"""


def _children(pid: int) -> list[int]:
    """Return the processes whose parent is pid (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """True while pid runs (a zombie, ended but not yet reaped, is not alive)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_sigint_to_the_main_process_alone_ends_its_workers_at_once(tmp_path):
    content = tmp_path / "pitch.yaml"
    content.write_text(content_yaml(SLOW), encoding="utf-8")
    clients = tmp_path / "clients.csv"
    names = "\n".join(f"Kunde {n} GmbH" for n in range(640))
    clients.write_text(f"audience.company\n{names}\n", encoding="utf-8")
    out = tmp_path / "decks"
    args = ["batch", str(content), str(clients), "-o", str(out), "-j", "2"]
    batch = subprocess.Popen(
        [sys.executable, "-m", "deckgen", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # no terminal's Ctrl-C: the signal reaches the main process only
    )
    workers: list[int] = []
    try:
        # Workers are the forkserver's children; each checks a chunk of 64 rows (most of a minute).
        while len(workers) < 2 or min(_cpu_seconds(w) for w in workers) < 1.5:
            assert batch.poll() is None, batch.communicate()
            time.sleep(0.2)
            workers = [w for child in _children(batch.pid) for w in _children(child)]
        os.kill(batch.pid, signal.SIGINT)
        stdout, stderr = batch.communicate(timeout=30)  # generous: it takes about a second
    finally:
        if batch.poll() is None:
            os.killpg(batch.pid, signal.SIGKILL)
            batch.wait()
    assert (batch.returncode, stderr) == (
        130,
        "error: interrupted: the finished decks are kept; rerun the same command to build "
        "the rest\n",
    )
    assert [w for w in workers if _alive(w)] == []


def test_a_killed_pools_manager_thread_prints_no_traceback_for_cancelled_futures():
    """Python 3.11's manager thread of a broken pool sets an exception on futures the
    interruption cancelled, and dies with InvalidStateError; any other thread error still
    reaches the hook that prints it."""
    import concurrent.futures as cf
    import threading

    from deckgen.batch import pool

    class _ExecutorManagerThread(threading.Thread):  # named as CPython names it
        def run(self) -> None:
            raise cf.InvalidStateError("cancelled")

    class Other(threading.Thread):
        def run(self) -> None:
            raise cf.InvalidStateError("not the pool's")

    previous, seen = threading.excepthook, []
    threading.excepthook = lambda args: seen.append(str(args.exc_value))
    try:
        pool._quiet_cancelled_futures_of_a_broken_pool()
        for thread in (_ExecutorManagerThread(), Other()):
            thread.start()
            thread.join()
    finally:
        threading.excepthook = previous
    assert seen == ["not the pool's"]


def test_a_killed_pool_leaves_no_manager_thread_for_exit_to_wake():
    """Python 3.11 wakes every pool's manager thread at exit through a pipe the thread closed
    as it ended; for a pool killed on an interruption that printed "Exception ignored ... Bad
    file descriptor" after the batch's message, depending on timing (OwnPool.kill)."""
    from concurrent.futures import process

    from deckgen.batch.pool import OwnPool

    own = OwnPool(1)
    future = own.executor.submit(time.sleep, 30)
    deadline = time.monotonic() + 30
    while not future.running() and time.monotonic() < deadline:
        time.sleep(0.05)
    manager = own.executor._executor_manager_thread
    assert manager is not None and manager in process._threads_wakeups
    own.kill()
    assert not manager.is_alive()
    assert manager not in process._threads_wakeups
