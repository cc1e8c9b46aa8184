"""Benchmark PDF export: seconds per deck when a batch converts in one LibreOffice process.

    python benchmarks/pdf.py [--decks 50]

Builds N personalised copies of the shipped deck, then converts them all with
export.convert_batch (one LibreOffice start for the batch) and, for comparison, one deck on its
own (a LibreOffice start for one deck). Prints seconds per deck amortised over the batch against
the 0.25 s target. Needs LibreOffice; figures only, the tests assert behaviour.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from deckgen.api import build_deck
from deckgen.errors import MissingToolError
from deckgen.export import convert_batch, soffice

TARGET_S = 0.25


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

        start = time.perf_counter()
        batch = convert_batch(decks, Path(tmp, "pdf"))
        seconds = time.perf_counter() - start
    if one.failed or batch.failed:
        print("failed:", *one.failed.values(), *batch.failed.values(), sep="\n  ")
        return 1
    per_deck = seconds / args.decks
    verdict = "meets" if per_deck < TARGET_S else "misses"
    print(f"{args.decks} personalised copies of the shipped German deck (14 slides each)")
    print(f"  one deck alone (LibreOffice start included) {single:6.2f} s")
    print(f"  {args.decks} decks in one LibreOffice process      {seconds:6.2f} s")
    print(f"  per deck, amortised                         {per_deck:6.3f} s")
    print(f"  target {TARGET_S} s per deck: {verdict} it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
