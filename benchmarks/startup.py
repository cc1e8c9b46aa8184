"""Benchmark what a user feels: whole `deckgen` processes against anchors, run side by side.

    python benchmarks/startup.py [--rounds 7]

Every command runs as its own process, in pairs (A B A B ...) so both sides of a ratio see
the same machine load; the ratio reported is the median of the pairs' ratios. Anchors:
- the import floor: `python -c "import typer, pydantic, jinja2, pptx"`, what any CLI on this
  stack pays before doing anything;
- a plain python-pptx fill script (benchmarks/anchors/pptx_fill.py) that opens a 12-slide
  template with tags, replaces them, sets a chart's data and notes, and saves;
- PptxGenJS building a 12-slide deck from scratch (benchmarks/anchors/pptxgenjs), where
  Node.js and `npm install` in that folder are available; skipped with a message otherwise;
- pandoc turning 12 Markdown slides into a .pptx, where pandoc is installed.
Also printed, with no target: each command's stack floor, what it cannot avoid importing on this
stack as the command line loads it (`build`: Typer, PyYAML and Pydantic with deckgen's content
model; `check`: Typer and python-pptx), against the anchor its target names. What is left of
the anchor's time is all a command has for its own modules and work (docs/decisions.md, "What
the stack leaves").
Targets (issue 11): `deckgen build` at most 1.0x the fill script and 1.3x the import floor;
`validate`, `schema`, `--help` and `check` at most 1.0x the floor; `batch` of one row at most
1.2x `build`, and a batch's fixed cost (a one-row batch less the per-deck cost, measured as
the slope to a 41-row batch) under 0.5x a build; also printed: that fixed cost beyond a
build's, which pays the same start-up. Figures only: the tests assert behaviour, never timing.

deckgen runs as an installed deckgen would: its modules compiled to bytecode once (as pip does
at install; PYTHONDONTWRITEBYTECODE, set in some shells, would compile them in every run) and
its cache folder warm from the run before (fonts measured, slides kept: a build that follows
another of the same content). "build, empty cache" is a first build on a machine; "-t corporate"
builds with a template like the ones marketers bring (tests/fixtures/make_templates.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
DECKGEN = [PYTHON, "-m", "deckgen"]


#: What `deckgen build` cannot avoid importing, loaded as its command line loads it (Pydantic's
#: plugins and the collector off: ``cli_start``): Typer, PyYAML, Pydantic and the content model.
BUILD_STACK = (
    "import typer\n"
    "from deckgen.cli_start import command_start\n"
    "with command_start():\n"
    "    import yaml, deckgen.models"
)
#: What `deckgen check` cannot avoid importing: Typer, and python-pptx to open the deck.
CHECK_STACK = "import typer, pptx"


#: The environment of every command: set in main, with the bytecode and cache folders.
ENV: dict[str, str] = {}


def run(command: list[str], cwd: Path) -> float:
    """Seconds the command takes as a whole process; a failing command stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # check exits 1 when it finds problems
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return seconds


#: `deckgen ARGS` with DECKGEN_CACHE_DIR set to the first argument.
COLD = (
    "import os, sys; os.environ['DECKGEN_CACHE_DIR'] = sys.argv.pop(1); "
    "from deckgen.cli import main; main()"
)

#: The pandoc anchor's deck: 12 slides with a title and three bullets each.
SLIDES_MD = "".join(
    f"# Slide {n} for Muster AG\n\n- Dr. Anna Beispiel decides\n- 3.000.000 € at risk\n"
    "- 8× the engagement\n\n::: notes\nWhat to say on this slide.\n:::\n\n"
    for n in range(1, 13)
)


def paired(a: list[str], b: list[str], rounds: int, cwd: Path) -> tuple[float, float, float]:
    """Median seconds of a and of b, and the median of the ratios a/b of each pair."""
    run(a, cwd), run(b, cwd)  # warm the disk cache and .pyc files
    times_a, times_b, ratios = [], [], []
    for _ in range(rounds):
        ta, tb = run(a, cwd), run(b, cwd)
        times_a.append(ta)
        times_b.append(tb)
        ratios.append(ta / tb)
    return statistics.median(times_a), statistics.median(times_b), statistics.median(ratios)


def batch_fixed_cost(
    batch: list[str], build: list[str], rows: int, rounds: int, cwd: Path
) -> tuple[float, float, float]:
    """A batch's fixed cost (start, checking every row, workers, template preparation): a
    one-row and a ROWS-row batch run in turn with a build, the per-deck cost the slope between
    the two batches, the fixed cost the one-row batch less one deck. Returns the medians of
    the fixed cost, the per-deck cost and the build, in seconds."""
    one = [*batch, "clients-1.csv", "-o", "one", "--force"]
    many = [*batch, f"clients-{rows}.csv", "-o", "many", "--force"]
    for command in (one, many, build):
        run(command, cwd)  # warm
    fixed, per_deck, builds = [], [], []
    for _ in range(rounds):
        t_one, t_many, t_build = run(one, cwd), run(many, cwd), run(build, cwd)
        slope = (t_many - t_one) / (rows - 1)
        fixed.append(t_one - slope)
        per_deck.append(slope)
        builds.append(t_build)
    return statistics.median(fixed), statistics.median(per_deck), statistics.median(builds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="pairs per comparison")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE / "anchors"))
    from pptx_fill import make_template

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ENV.update(os.environ, PYTHONPYCACHEPREFIX=str(work / "bytecode"))
        ENV.update(DECKGEN_CACHE_DIR=str(work / "cache"))
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        template = make_template(work / "tagged.pptx")
        clients = work / "clients.csv"
        clients.write_text("audience.company\nAcme GmbH\n", encoding="utf-8")
        pitch = work / "pitch.yaml"
        subprocess.run([*DECKGEN, "init", str(work / "init")], check=True, capture_output=True)
        shutil.copy(work / "init" / "pitch.yaml", pitch)
        deck = work / "out" / "built.pptx"
        subprocess.run([*DECKGEN, "build", "-o", str(deck)], cwd=work, check=True)
        floor = [PYTHON, "-c", "import typer, pydantic, jinja2, pptx"]
        build = [*DECKGEN, "build", "-o", str(work / "out" / "d.pptx")]
        # A corporate template used before (tests/fixtures: German layout names, own fonts).
        sys.path.insert(0, str(HERE.parent / "tests" / "fixtures"))
        from make_templates import konzern

        corporate = konzern(work / "konzern.pptx")
        build_t = [*DECKGEN, "build", "-t", str(corporate), "-o", str(work / "out" / "k.pptx")]
        fill = [PYTHON, str(HERE / "anchors" / "pptx_fill.py"), str(template), "filled.pptx"]
        # A cache folder that cannot be made (under a file): every such build starts cold.
        cold = [PYTHON, "-c", COLD, str(pitch / "cache"), "build", "-o", str(work / "c.pptx")]
        none = float("nan")  # no target: a figure for the record
        anchors: list[tuple[str, list[str], list[str], float]] = [
            ("deckgen build / import floor", build, floor, 1.3),
            ("deckgen build, empty cache / import floor", cold, floor, none),
            ("deckgen build / python-pptx fill script", build, fill, 1.0),
            ("deckgen build -t corporate / fill script", build_t, fill, 1.0),
            ("build's stack floor / fill script", [PYTHON, "-c", BUILD_STACK], fill, none),
            ("deckgen validate / import floor", [*DECKGEN, "validate", str(pitch)], floor, 1.0),
            ("deckgen schema / import floor", [*DECKGEN, "schema"], floor, 1.0),
            ("deckgen --help / import floor", [*DECKGEN, "--help"], floor, 1.0),
            ("deckgen check / import floor", [*DECKGEN, "check", str(deck)], floor, 1.0),
            ("check's stack floor / import floor", [PYTHON, "-c", CHECK_STACK], floor, none),
            (
                "deckgen batch (1 row) / deckgen build",
                [*DECKGEN, "batch", str(pitch), str(clients), "-o", "decks", "--force"],
                build,
                1.2,
            ),
        ]
        node_anchor = HERE / "anchors" / "pptxgenjs"
        if shutil.which("node") and (node_anchor / "node_modules" / "pptxgenjs").is_dir():
            anchors.insert(
                2,
                (
                    "deckgen build / PptxGenJS (Node)",
                    build,
                    ["node", str(node_anchor / "deck.js"), str(work / "pg.pptx")],
                    float("nan"),
                ),
            )
        else:
            print(
                "skipped: PptxGenJS anchor (needs Node.js and `npm install` in "
                f"{node_anchor.relative_to(HERE.parent)})"
            )
        if shutil.which("pandoc"):
            slides = work / "slides.md"
            slides.write_text(SLIDES_MD, encoding="utf-8")
            pandoc = ["pandoc", str(slides), "-o", str(work / "pandoc.pptx")]
            anchors.insert(3, ("deckgen build / pandoc (Markdown)", build, pandoc, float("nan")))
        else:
            print("skipped: pandoc anchor (pandoc is not installed)")
        print(f"{'comparison':44} {'A s':>7} {'B s':>7} {'A/B':>6} {'target':>7}")
        for name, a, b, target in anchors:
            ta, tb, ratio = paired(a, b, args.rounds, work)
            goal = "" if target != target else f"<= {target:.1f}"  # NaN: no target set
            print(f"{name:44} {ta:7.3f} {tb:7.3f} {ratio:6.2f} {goal:>7}", flush=True)
        rows = 41
        for n in (1, rows):
            lines = ["audience.company"] + [f"Kunde {i} GmbH" for i in range(n)]
            (work / f"clients-{n}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        batch = [*DECKGEN, "batch", str(pitch)]
        fixed, per_deck, t_build = batch_fixed_cost(batch, build, rows, args.rounds, work)
        print(
            f"{'deckgen batch fixed cost / deckgen build':44} {fixed:7.3f} {t_build:7.3f} "
            f"{fixed / t_build:6.2f} {'<= 0.5':>7}"
        )
        print(
            f"  (beyond a build, which pays the same start: {fixed - t_build:+.3f} s, "
            f"{(fixed - t_build) / t_build:+.2f}x a build; a deck in a batch of {rows} rows: "
            f"{per_deck * 1000:.1f} ms; default --jobs)"
        )
        print(f"({args.rounds} pairs each, {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
