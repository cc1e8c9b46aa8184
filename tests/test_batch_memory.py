"""A whole `deckgen batch -j 2` with poisoned rows (a Jinja bomb cell, a FIFO logo, a title over
PowerPoint's 255 characters) runs with its main process and workers in 1 GiB of address space:
it finishes, reports the three rows and builds the others."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import content_yaml

SLIDES = """\
- kind: title
  headline: "Social Media für {{ audience.company }}"
  subtitle: "{{ client.note }}"
"""
BOMB = "{% set a = 10**64 %}{% set a = a * a %}{% set a = a * a %}{% set a = a * a %}{{ a }}"
ROWS = 24
POISONED = {5: f'Bombe GmbH,"{BOMB}",,', 11: "Pipe GmbH,Nord,logo.png,", 17: "Lang GmbH,Süd,,"}


def _limit_memory() -> None:
    # Inherited by the forkserver and every worker it starts.
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.skipif(sys.platform == "win32", reason="makes a FIFO; resource limits")
def test_a_poisoned_batch_on_two_workers_finishes_in_one_gib(tmp_path: Path) -> None:
    (tmp_path / "pitch.yaml").write_text(content_yaml(SLIDES), encoding="utf-8")
    os.mkfifo(tmp_path / "logo.png")
    lines = ["audience.company,note,logo,title"]
    for n in range(ROWS):
        lines.append(POISONED.get(n, f"Kunde {n:02d} GmbH,Region {n % 7},,"))
    lines[18] += "x" * 300  # the row of Lang GmbH: a title PowerPoint would refuse
    (tmp_path / "clients.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "deckgen", "batch", "pitch.yaml", "clients.csv", "-j", "2"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limit_memory,
    )
    assert done.returncode == 1, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    saved = json.loads((tmp_path / "decks" / "report.json").read_text(encoding="utf-8"))
    assert (saved["summary"]["built"], saved["summary"]["failed"]) == (ROWS - 3, 3)
    failed = {r["row"]: r["error"] for r in saved["rows"] if r["status"] == "failed"}
    assert failed == {
        7: "clients.csv:7: pitch.yaml:11: slides[0].subtitle: the client value 'note' "
        "('{% set a = 10**64 %}{% set a = a * a %}…') holds a template tag; client values are "
        "shown as written, never run: take the braces out of the cell",
        13: "clients.csv:13: logo: logo.png: is a named pipe (FIFO), not a file; give the logo "
        "file itself",
        19: "clients.csv:19: title: string should have at most 255 characters",
    }
    assert len(list((tmp_path / "decks").glob("*.pptx"))) == ROWS - 3
