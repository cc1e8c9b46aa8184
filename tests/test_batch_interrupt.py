"""Ctrl-C during a batch's PDF conversion: the batch stops at once, keeps its decks, writes
its report, and says it was interrupted (not that every conversion failed)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

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
