"""The README, followed literally: every bash and Python block, in order, in an empty folder, each
step's result checked, so the docs cannot rot.

A step without a check fails the test, so a new command in the README comes with one. What is
not run is listed in SKIPPED with the reason.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conftest import open_deck, title_of
from deckgen_process import HUNG, Watching, deckgen_in_bash
from typer.testing import CliRunner

from deckgen import __version__
from deckgen.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
#: Commands that need LibreOffice and poppler; CI installs them, elsewhere they are skipped.
NEEDS_RENDERER = ("--pdf", "deckgen preview")
#: What the walk-through does not run, and why.
SKIPPED = {
    "pip install": "installing: the test runs in the installed environment",
    "python -m pytest": "the test suite itself",
    "ruff ": "lints the repository, not the walk-through's folder",
    "python benchmarks/": "benchmarks take minutes and assert nothing",
}
#: The README's Dask example names a cluster; the test runs it on a local one, as the README's
#: comment says one does.
CLUSTER = 'Client("tcp://scheduler:8786")'
LOCAL_CLUSTER = 'Client(n_workers=1, threads_per_worker=1, dashboard_address=":0")'


@dataclass(frozen=True)
class Step:
    """One command of a bash block, or a whole Python block."""

    kind: str  # "bash" or "python"
    text: str


def readme_steps() -> list[Step]:
    """Return the README's steps in order: each command of a bash block (comments dropped,
    `a && b` as two steps), each Python block whole."""
    steps = []
    text = README.read_text(encoding="utf-8")
    for kind, block in re.findall(r"```(bash|python)\n(.*?)```", text, re.S):
        if kind == "python":
            steps.append(Step("python", block))
            continue
        for line in block.splitlines():
            for command in line.split("  #", 1)[0].split("&&"):
                if command.strip():
                    steps.append(Step("bash", command.strip()))
    return steps


@dataclass
class Outcome:
    """What a step printed."""

    stdout: str


def run_deckgen(command: str) -> Outcome:
    words, _, redirect = command.partition(" > ")
    result = CliRunner().invoke(app, shlex.split(words)[1:], catch_exceptions=False)
    assert result.exit_code == 0, (command, result.output)
    if redirect:
        Path(redirect.strip()).write_text(result.stdout, encoding="utf-8")
    return Outcome(result.stdout)


def run_watch(command: str) -> Outcome:
    """Run a --watch command as a user does: see it build, save the file it watches, see it
    build again, press Ctrl-C."""
    args = shlex.split(command)[1:]
    with Watching(args, Path.cwd()) as watch:
        if args[0] == "build":
            watch.expect("wrote out/pitch.pptx (15 slides) in ", "watching my-pitch/pitch.yaml")
            content = Path("my-pitch/pitch.yaml")
            content.write_text(content.read_text(encoding="utf-8") + "# edited\n", "utf-8")
            watch.expect("changed: my-pitch/pitch.yaml", "wrote out/pitch.pptx (15 slides) in ")
        else:
            watch.expect("wrote 15 slide images to preview", "wrote preview/pitch-contact-sheet")
            watch.expect("watching out/pitch.pptx")
        assert watch.interrupt() == 0
        return Outcome("\n".join(watch.expect("stopped watching")))


def run_serve(command: str) -> Outcome:
    """Run `deckgen serve` as a user does: it prints its address and opens a browser (here
    BROWSER=true, which opens nothing); fetch the page; press Ctrl-C."""
    with Watching(shlex.split(command)[1:], Path.cwd(), env={"BROWSER": "true"}) as serve:
        (started,) = serve.expect("deckgen serve: editing ")
        serve.expect("press Ctrl-C to stop")
        page = fetch(started.split(" at ", 1)[1])
        assert serve.interrupt() == 0
        serve.expect("stopped")
    return Outcome(page)


def fetch(url: str) -> str:
    """Return the page at url, asking again until the server that printed it accepts."""
    deadline = time.monotonic() + HUNG
    while True:
        try:
            with urllib.request.urlopen(url, timeout=HUNG) as response:
                return response.read().decode("utf-8")
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def run_in_bash(command: str, home: Path) -> Outcome:
    """Run a shell command; deckgen's own (shell completion) with HOME in the test's folder, so
    the developer's ~/.bashrc is left alone."""
    if command.startswith("deckgen "):
        command = deckgen_in_bash(command.removeprefix("deckgen "))
    proc = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        timeout=HUNG,
        env={**os.environ, "HOME": str(home)},
    )
    assert proc.returncode == 0, (command, proc.stderr)
    return Outcome(proc.stdout)


def run_python(code: str) -> Outcome:
    if CLUSTER in code:
        code = code.replace(CLUSTER, LOCAL_CLUSTER)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {"__name__": "__main__"})  # noqa: S102
    return Outcome(out.getvalue())


def title(path: str) -> str:
    return title_of(open_deck(Path(path)).slides[0])


def lines(outcome: Outcome) -> list[str]:
    return outcome.stdout.splitlines()


# What each step must have done, by its text (Python blocks by their first distinctive line).
CHECKS: dict[str, Callable[[Outcome], object]] = {
    "deckgen build": lambda o: o.stdout == "wrote out/social-maturity.de.pptx (15 slides)\n",
    "deckgen build --lang en": lambda o: "Example Corp" in title("out/social-maturity.en.pptx"),
    "deckgen init my-pitch/": lambda o: (
        sorted(p.name for p in Path("my-pitch").iterdir())
        == [".gitignore", "clients.csv", "pitch.yaml"]
    ),
    "deckgen build my-pitch/pitch.yaml": lambda o: (
        o.stdout == "wrote out/pitch.pptx (15 slides)\n" and not Path("my-pitch/out").exists()
    ),
    'deckgen build my-pitch/pitch.yaml --set audience.company="Acme GmbH" -o acme.pptx': (
        lambda o: "Acme GmbH" in title("acme.pptx")
    ),
    "deckgen validate my-pitch/pitch.yaml": lambda o: (
        o.stdout == "my-pitch/pitch.yaml: ok (15 slides, language de)\n"
    ),
    "deckgen schema > deckgen.schema.json": lambda o: (
        json.loads(Path("deckgen.schema.json").read_text(encoding="utf-8"))["title"]
        == "deckgen content"
    ),
    "deckgen batch my-pitch/pitch.yaml my-pitch/clients.csv -o decks/": lambda o: (
        lines(o)[-4:]
        == [
            "2 decks in decks/:",
            "  mueller-soehne-gmbh.pptx",
            "  nordlicht-logistik-ag.pptx",
            "report: decks/report.json",
        ]
    ),
    "deckgen check out/pitch.pptx": lambda o: re.fullmatch(
        r"out/pitch.pptx: (no problems found|0 problems, \d+ warnings?)", lines(o)[-1]
    ),
    "deckgen preview out/pitch.pptx -o preview/": lambda o: (
        Path("preview/pitch-contact-sheet.png").exists() and Path("preview/pitch-15.png").exists()
    ),
    "deckgen build my-pitch/pitch.yaml --watch": lambda o: (
        Path("my-pitch/pitch.yaml").read_text(encoding="utf-8").endswith("# edited\n")
    ),
    "deckgen preview out/pitch.pptx -o preview/ --watch": lambda o: o.stdout == "stopped watching",
    "deckgen --install-completion": lambda o: (
        o.stdout.startswith("bash completion installed in ")
        and "deckgen.sh" in Path("home/.bashrc").read_text(encoding="utf-8")
    ),
    "deckgen --version": lambda o: o.stdout == f"deckgen {__version__}\n",
    "python -c \"from pptx import Presentation; Presentation().save('my-pitch/corporate.pptx')\"": (
        lambda o: open_deck(Path("my-pitch/corporate.pptx")).slide_layouts[0].name == "Title Slide"
    ),
    "deckgen inspect my-pitch/corporate.pptx": lambda o: "Title and Content" in o.stdout,
    "deckgen inspect my-pitch/corporate.pptx --write-mapping my-pitch/corporate.deckgen.yaml": (
        lambda o: lines(o)[-1] == "wrote my-pitch/corporate.deckgen.yaml"
    ),
    "deckgen build my-pitch/pitch.yaml -t my-pitch/corporate.pptx -o out/pitch-corporate.pptx": (
        # python-pptx's blank template is 4:3, the shipped one 16:9
        lambda o: open_deck(Path("out/pitch-corporate.pptx")).slide_width == 9144000
    ),
    "deckgen build --lang en --pdf": lambda o: Path("out/social-maturity.en.pdf").exists(),
    "deckgen check out/social-maturity.en.pptx --json > check.json": lambda o: (
        json.loads(Path("check.json").read_text(encoding="utf-8"))["deck"]
        == "out/social-maturity.en.pptx"
    ),
    "deckgen preview out/social-maturity.en.pptx -o preview/": lambda o: Path(
        "preview/social-maturity.en-contact-sheet.png"
    ).exists(),
    "deckgen validate my-pitch/pitch.yaml --clients my-pitch/clients.csv": lambda o: (
        lines(o)[-1] == "my-pitch/clients.csv: ok (2 client rows)"
    ),
    'deckgen batch my-pitch/pitch.yaml my-pitch/clients.csv -o decks/by-row/ --jobs 2 --name "{row}-{company}"': (  # noqa: E501
        lambda o: (
            sorted(p.name for p in Path("decks/by-row").glob("*.pptx"))
            == ["2-mueller-soehne-gmbh.pptx", "3-nordlicht-logistik-ag.pptx"]
        )
    ),
    "deckgen serve my-pitch/pitch.yaml": lambda o: "<html" in o.stdout.lower(),
    "from dask.distributed import Client": lambda o: (
        # built, skipped, failed: the --watch step edited the content after the batch
        o.stdout == "2 0 0\n" and len(list(Path("decks").glob("*.pptx"))) == 2
    ),
    "from deckgen import build_deck, load": lambda o: (
        lines(o) == ["Muster AG 15", "out/beta.pptx 15"]
        and "Beta AG" in title("out/beta.pptx")
        and "Acme GmbH" in title("acme.pptx")  # the earlier step's deck is left alone
    ),
}


def check_for(step: Step) -> Callable[[Outcome], object]:
    if step.kind == "bash":
        return CHECKS[step.text]
    (key,) = [key for key in CHECKS if key in step.text]
    return CHECKS[key]


def test_the_readme_shows_the_quick_start_first():
    first_screen = "\n".join(README.read_text(encoding="utf-8").splitlines()[:25])
    assert "pip install . && deckgen build" in first_screen
    assert 'pip install ".[test,dask]" && python -m pytest -q' in first_screen


def test_ci_runs_exactly_the_readmes_test_command():
    ci = (README.parent / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == 'pip install ".[test,dask]" && python -m pytest -q'


def test_every_readme_step_is_run_or_skipped_for_a_reason_and_has_a_check():
    for step in readme_steps():
        if not any(step.text.startswith(skip) for skip in SKIPPED):
            assert check_for(step), step


def test_the_readme_walk_through_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "home").mkdir()
    renderer = shutil.which("soffice") and shutil.which("pdftoppm")
    steps = [s for s in readme_steps() if not any(s.text.startswith(k) for k in SKIPPED)]
    assert len(steps) >= 20
    for step in steps:
        if not renderer and any(need in step.text for need in NEEDS_RENDERER):
            continue
        if step.text.startswith("deckgen serve") and not importlib.util.find_spec("uvicorn"):
            continue  # the serve extra is part of the test extra; skipped only without it
        if step.kind == "python":
            outcome = run_python(step.text)
        elif step.text.startswith("deckgen serve"):
            outcome = run_serve(step.text)
        elif "--watch" in step.text:
            outcome = run_watch(step.text)
        elif step.text.startswith("deckgen --install-completion") or not step.text.startswith(
            "deckgen "
        ):
            outcome = run_in_bash(step.text, tmp_path / "home")
        else:
            outcome = run_deckgen(step.text)
        assert check_for(step)(outcome), (step.text, outcome.stdout)
