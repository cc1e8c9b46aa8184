"""Benchmark deckgen build: milliseconds per deck, with and without fitting, against the floor.

    python benchmarks/build.py [--decks 30] [--lang de]

Builds the shipped deck N times in one process (as a batch worker does) and prints medians:
- the floor: python-pptx opening the template and saving it unchanged, the least any
  python-pptx deck builder pays;
- build_deck as users call it: load and validate the content, read the template, render, fit,
  write; and render_deck alone with content and template read once, as a batch worker runs;
- each with text fitting switched off, and so what fitting costs per deck.
The first build of a process pays for font loading and caches; it is reported on its own.
Figures only: the tests assert behaviour, never timing.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from pptx import Presentation

from deckgen import fit
from deckgen.api import build_deck
from deckgen.content import load_deck
from deckgen.render import render_deck
from deckgen.resources import shipped_content, shipped_template
from deckgen.template import load_template


def timed(n: int, run: Callable[[], object]) -> list[float]:
    """Milliseconds of each of n runs."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decks", type=int, default=30, help="builds per measurement")
    parser.add_argument("--lang", default="de", choices=("de", "en"))
    args = parser.parse_args()

    blob = shipped_template().read_bytes()

    def floor() -> None:
        Presentation(io.BytesIO(blob)).save(io.BytesIO())

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp, "deck.pptx")

        def build() -> None:
            build_deck(language=args.lang, output=target)

        deck = load_deck(shipped_content(args.lang))
        template = load_template(shipped_template())

        def render() -> None:
            render_deck(deck, template)

        first = timed(1, build)[0]
        results: dict[str, list[float]] = {}
        # Fitting off: every slide's fit is skipped, everything else stays the same. Rounds
        # alternate, so drift in the machine's load hits both alike.
        for _ in range(2):
            for name, run in (("build", build), ("render", render)):
                results.setdefault(f"{name} fit", []).extend(timed(args.decks, run))
                with mock.patch.object(fit.Fitter, "fit_slide", lambda *a, **k: None):
                    results.setdefault(f"{name} off", []).extend(timed(args.decks, run))
        base = timed(args.decks, floor)

    m = {name: statistics.median(times) for name, times in results.items()}
    print(f"shipped deck ({args.lang}), median of {2 * args.decks} runs in one process")
    print(f"  floor (python-pptx open + save)        {statistics.median(base):7.1f} ms")
    print(f"  build_deck without fitting             {m['build off']:7.1f} ms")
    print(f"  build_deck with fitting                {m['build fit']:7.1f} ms")
    print(f"  render_deck without fitting (batch)    {m['render off']:7.1f} ms")
    print(f"  render_deck with fitting (batch)       {m['render fit']:7.1f} ms")
    cost = m["render fit"] - m["render off"]
    print(f"  cost of fitting                        {cost:7.1f} ms per deck")
    print(f"  first build of the process             {first:7.1f} ms (fonts and caches loaded)")


if __name__ == "__main__":
    main()
