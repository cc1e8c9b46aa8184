"""Benchmark PDF export: seconds per deck when a batch is converted without a start per deck.

    python benchmarks/pdf.py [--decks 50]

Builds N personalised copies of the shipped deck and converts them with export.convert_batch:
once through a single LibreOffice process, once as convert_batch does by default (a process per
CPU, each converting a share of the decks), and one deck on its own for comparison (a start for
one deck). Prints seconds per deck amortised over the batch against the 0.25 s target. Needs
LibreOffice; figures only, the tests assert behaviour.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from deckgen.api import build_deck
from deckgen.errors import MissingToolError
from deckgen.export import convert_batch, pdf_jobs, soffice

TARGET_S = 0.25


def _children_cpu() -> float:
    """CPU seconds (user + system) of finished child processes: LibreOffice's work, whatever
    else the machine is doing."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decks", type=int, default=50, help="decks in the batch")
    args = parser.parse_args()
    try:
        soffice()
    except MissingToolError as err:
        print(err, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        decks = []
        for n in range(args.decks):
            company = f"Kunde {n:03d} GmbH"
            out = Path(tmp, "decks", f"kunde-{n:03d}.pptx")
            build_deck(language="de", output=out, overrides=[f"audience.company={company}"])
            decks.append(out)

        start = time.perf_counter()
        one = convert_batch(decks[:1], Path(tmp, "single"))
        single = time.perf_counter() - start

        start, cpu = time.perf_counter(), _children_cpu()
        serial = convert_batch(decks, Path(tmp, "serial"), jobs=1)
        one_process = time.perf_counter() - start
        cpu = _children_cpu() - cpu

        start = time.perf_counter()
        batch = convert_batch(decks, Path(tmp, "pdf"))
        seconds = time.perf_counter() - start
    failed = [*one.failed.values(), *serial.failed.values(), *batch.failed.values()]
    if failed:
        print("failed:", *failed, sep="\n  ")
        return 1
    jobs = pdf_jobs(args.decks)
    per_deck = seconds / args.decks
    verdict = "meets" if per_deck < TARGET_S else "misses"
    print(f"{args.decks} personalised copies of the shipped German deck (14 slides each)")
    print(f"  one deck alone (LibreOffice start included)  {single:6.2f} s")
    print(f"  {args.decks} decks, one LibreOffice process          {one_process:6.2f} s")
    print(f"    per deck, amortised                        {one_process / args.decks:6.3f} s")
    print(f"  {args.decks} decks, {jobs} processes side by side (default) {seconds:6.2f} s")
    print(f"    per deck, amortised                        {per_deck:6.3f} s")
    print(f"  LibreOffice CPU time per deck                {cpu / args.decks:6.3f} s")
    print(
        f"  target {TARGET_S} s per deck: {verdict} it (CPUs: {os.cpu_count()}, load now: "
        f"{os.getloadavg()[0]:.1f}; other work on the machine slows LibreOffice down)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
