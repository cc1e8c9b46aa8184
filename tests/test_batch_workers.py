"""deckgen's own worker processes: a killed worker is replaced and its rows tried again, and no
worker outlives the main process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import content_yaml, open_deck, title_of

from deckgen.batch import build_batch

SLIDES = """\
- kind: bullets
  headline: "Social Media für {{ audience.company }}"
  points: [Erstens]
"""

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else int(fields[1])


def _descendants(root: int) -> set[int]:
    """Every live process under root (the forkserver's workers are grandchildren)."""
    parents = {
        int(p.name): _parent_of(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit()
    }
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    return _parent_of(pid) is not None


#: Rows enough for two workers (processes.workers_for).
ROWS = 16


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "pitch.yaml"
    content.write_text(content_yaml(SLIDES), encoding="utf-8")
    clients = tmp_path / "clients.csv"
    rows = "".join(f"Firma {n}\n" for n in range(ROWS))
    clients.write_text("audience.company\n" + rows, encoding="utf-8")
    return content, clients


def test_a_killed_worker_is_replaced_and_every_row_is_built(project, tmp_path):
    content, clients = project
    killed: list[int] = []

    def kill_a_worker(stage: str, done: int, total: int) -> None:
        if stage == "build" and not killed:
            workers = sorted(p for p in _descendants(os.getpid()) if _parent_of(p) != os.getpid())
            killed.append(workers[0])
            os.kill(workers[0], signal.SIGKILL)

    out = tmp_path / "decks"
    report = build_batch(content, clients, output_dir=out, jobs=2, progress=kill_a_worker)
    assert killed
    assert [(r.status, r.error) for r in report.rows] == [("built", None)] * ROWS
    assert report.exit_code == 0
    for n in range(ROWS):
        deck = open_deck(out / f"firma-{n}.pptx")
        assert title_of(deck.slides[0]) == f"Social Media für Firma {n}"


MAIN = """\
import sys
from pathlib import Path
from deckgen.batch import build_batch

def started(stage, done, total):
    if stage == "build" and done == 1:
        Path(sys.argv[3]).write_text("building")

if __name__ == "__main__":
    build_batch(Path(sys.argv[1]), Path(sys.argv[2]), output_dir=Path(sys.argv[4]), jobs=2,
                progress=started)
"""


def test_workers_leave_when_the_main_process_is_killed(project, tmp_path):
    content, clients = project
    clients.write_text(
        "audience.company\n" + "".join(f"Firma {n}\n" for n in range(400)), encoding="utf-8"
    )
    script, flag = tmp_path / "main.py", tmp_path / "started"
    script.write_text(MAIN, encoding="utf-8")
    args = [sys.executable, str(script), str(content), str(clients), str(flag)]
    main = subprocess.Popen([*args, str(tmp_path / "decks")])
    try:
        while not flag.exists():
            assert main.poll() is None, "the batch ended before it built"
            time.sleep(0.1)
        workers = {p for p in _descendants(main.pid) if _parent_of(p) != main.pid}
        assert workers
    finally:
        main.kill()
        main.wait()
    deadline = time.monotonic() + 30  # a bound for a loaded machine; they leave within a second
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [p for p in workers if _alive(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []
