"""Benchmark a long batch with three poisoned rows: every other row is built, memory stays flat.

    python benchmarks/poisoned_batch.py [ROWS]   # default 10000

Writes a client table of ROWS rows in a temporary folder, three of them poisoned:
- a Jinja bomb (repeated squaring) in a client cell that the content shows with
  ``{{ client.note }}``: a cell is data, and a tag in it fails its row;
- a logo column naming a FIFO beside the table: only regular files are read;
- a row whose rendering raises (a bug, as deckgen would meet one): the row fails alone.
Then runs build_batch on one process per CPU and prints decks built, failed rows with their
messages, the time, and the peak resident memory of the main process and of the largest worker.
Figures only: tests/test_batch_poisoned.py asserts the outcome on a small table.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from deckgen import render
from deckgen.batch import BatchReport, build_batch, default_jobs

#: The company whose deck raises while it is rendered.
RAISES = "Fehler GmbH"
BOMB = "{% set a = 10**64 %}{% set a = a * a %}{% set a = a * a %}{% set a = a * a %}{{ a }}"
CONTENT = """\
title: Pitch
language: de
date: 2026-12-01
audience: {company: Platzhalter GmbH, ceo_name: Dr. A. Muster}
presenter: {name: Max Muster, role: Head of Marketing}
slides:
  - kind: title
    headline: "Social Media für {{ audience.company }}"
    subtitle: "{{ client.note }}"
"""


def poisoned_project(folder: Path, rows: int) -> tuple[Path, Path]:
    """Write the content file, a FIFO and a table of rows clients (three poisoned); return
    the content file and the table."""
    content = folder / "pitch.yaml"
    content.write_text(CONTENT, encoding="utf-8")
    os.mkfifo(folder / "logo.png")
    lines = ["audience.company,note,logo"]
    poisoned = {rows // 4: f'Bombe GmbH,"{BOMB}",', rows // 2: "Pipe GmbH,Nord,logo.png"}
    poisoned[3 * rows // 4] = f"{RAISES},Süd,"
    for n in range(rows):
        lines.append(poisoned.get(n, f"Kunde {n:05d} GmbH,Region {n % 7},"))
    clients = folder / "clients.csv"
    clients.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return content, clients


def poisoned(real: Callable[..., bytes]) -> Callable[..., bytes]:
    """Return render_deck raising for RAISES, as a bug in deckgen would on one row's data."""

    def render_deck(deck: Any, *args: Any, **kwargs: Any) -> bytes:
        if deck.audience.company == RAISES:
            raise ZeroDivisionError("a bug on this row")
        return real(deck, *args, **kwargs)

    return render_deck


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports kB


def run(rows: int, jobs: int) -> BatchReport:
    """Build the poisoned batch on jobs processes forked after the poison (any platform with
    fork), or in this process with one job."""
    with tempfile.TemporaryDirectory(prefix="deckgen-poisoned-") as tmp:
        content, clients = poisoned_project(Path(tmp), rows)
        render.render_deck = poisoned(render.render_deck)  # type: ignore[assignment]
        out = Path(tmp) / "decks"
        if jobs == 1:
            return build_batch(content, clients, output_dir=out, jobs=1)
        context = multiprocessing.get_context("fork")  # the workers inherit the poison
        with cf.ProcessPoolExecutor(jobs, mp_context=context) as pool:
            return build_batch(content, clients, output_dir=out, executor=pool, jobs=jobs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    args = parser.parse_args()
    start = time.perf_counter()
    report = run(args.rows, args.jobs)
    seconds = time.perf_counter() - start
    print(f"rows: {len(report.rows)}, jobs: {args.jobs}, time: {seconds:.1f} s")
    print(f"decks built: {report.built}")
    print(f"failed rows: {report.failed}")
    for row in report.rows:
        if row.status == "failed":
            print(f"  row {row.row}: {row.error}")
    print(f"peak RSS: main {peak_mb(resource.RUSAGE_SELF):.0f} MB, ", end="")
    print(f"largest worker {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    sys.exit(0 if report.built == args.rows - 3 and report.failed == 3 else 1)


if __name__ == "__main__":
    main()
