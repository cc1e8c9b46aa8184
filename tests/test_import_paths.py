"""Each command imports only what its work needs (issue 11: start-up of single commands).

Every case runs the command line in a fresh interpreter, as a user's shell does, and asserts
which heavy modules it never imported. A module imported "just in case" at the top of a
module on the command's path shows up here, however fast the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

from deckgen.resources import shipped_content

#: Run deckgen's command line with argv[2:], then write the imported module names to argv[1].
RUN_CLI = """\
import json, sys
out, sys.argv = sys.argv[1], ["deckgen", *sys.argv[2:]]
from deckgen.cli import main
try:
    main()
except SystemExit as stop:
    code = stop.code or 0
else:
    code = 0
with open(out, "w") as f:
    json.dump({"code": code, "modules": sorted(sys.modules)}, f)
"""

#: What no single command but a batch, an .xlsx client table or the web server needs.
NEVER = ("deckgen.batch", "deckgen.clients", "openpyxl", "starlette", "uvicorn", "multiprocessing")
#: What reading or writing a .pptx needs.
PPTX = ("pptx", "lxml", "PIL", "xlsxwriter", "deckgen.ooxml", "deckgen.template")
#: What rendering content strings needs.
CONTENT = ("jinja2", "babel", "yaml", "deckgen.engine", "deckgen.content")


def imported(tmp_path: Path, *args: str) -> set[str]:
    """Run `deckgen ARGS` in a new interpreter; return the top modules and deckgen's modules
    it imported."""
    record = tmp_path / "modules.json"
    env = os.environ | {"DECKGEN_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", RUN_CLI, str(record), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(record.read_text())
    assert result["code"] in (0, 1), done.stderr  # check exits 1 for findings
    return set(result["modules"])


def assert_absent(modules: set[str], absent: tuple[str, ...]) -> None:
    assert sorted(name for name in absent if name in modules) == []


def test_help_imports_no_library(tmp_path: Path) -> None:
    modules = imported(tmp_path, "--help")
    assert_absent(modules, NEVER + PPTX + CONTENT + ("pydantic", "deckgen.models", "deckgen.api"))


def test_schema_imports_only_the_models_and_then_nothing(tmp_path: Path) -> None:
    modules = imported(tmp_path, "schema")
    assert "deckgen.models" in modules  # the case ran the command, not just the parser
    assert_absent(modules, NEVER + PPTX + CONTENT)
    # The same code again: the schema comes from the disk cache, without the model classes
    # (Typer itself imports Pydantic).
    modules = imported(tmp_path, "schema")
    assert "deckgen.api" in modules
    assert_absent(modules, NEVER + PPTX + CONTENT + ("deckgen.models",))


def test_validate_of_the_shipped_content_never_reads_a_template(tmp_path: Path) -> None:
    modules = imported(tmp_path, "validate", str(shipped_content("de")))
    assert "deckgen.content" in modules
    assert_absent(modules, NEVER + PPTX + ("deckgen.render", "deckgen.fit"))


def test_check_reads_the_deck_but_renders_nothing(tmp_path: Path) -> None:
    deck = tmp_path / "plain.pptx"
    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = "Quarterly review"
    presentation.save(str(deck))
    modules = imported(tmp_path, "check", str(deck))
    assert "deckgen.check" in modules
    assert_absent(modules, NEVER + CONTENT + ("deckgen.render", "deckgen.template"))
    # Nor Pydantic: the command's values are plain ones (deckgen.cli_values).
    assert_absent(modules, ("pydantic", "typer._adapters"))


@pytest.mark.parametrize("args", [(), ("project",)])
def test_init_imports_no_pydantic(tmp_path: Path, args: tuple[str, ...]) -> None:
    """init's folder, typed or its default, is a plain value (deckgen.cli_values)."""
    modules = imported(tmp_path, "init", *args)
    assert (tmp_path / (args[0] if args else ".")).is_dir()
    assert_absent(modules, ("pydantic", "typer._adapters"))


def test_check_of_a_clean_deck_prints_its_line_without_rich(tmp_path: Path) -> None:
    deck = tmp_path / "clean.pptx"
    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[5])  # title only
    slide.shapes.title.text = "Quarterly review"
    presentation.save(str(deck))
    modules = imported(tmp_path, "check", str(deck))
    assert "deckgen.check" in modules
    assert_absent(modules, ("rich",))  # nothing to report: one line, no table


def test_build_needs_no_batch_machinery(tmp_path: Path) -> None:
    modules = imported(tmp_path, "build", "-o", "deck.pptx")
    assert (tmp_path / "deck.pptx").is_file()
    assert_absent(modules, NEVER)


def test_a_build_whose_slides_are_all_kept_imports_no_python_pptx(tmp_path: Path) -> None:
    """The second build of the same content takes its slides and the template's base from the
    disk cache (render/disk.py), and its figures formatted (engine/kept.py): it reads and
    writes the package without python-pptx, Pillow's imaging, Babel or the slide builders,
    and renders its strings without Jinja (all of them only name values). The first, which
    builds the slides, needs them."""
    first = imported(tmp_path, "build", "-o", "first.pptx")
    assert "pptx" in first and "deckgen.render.fill" in first
    again = imported(tmp_path, "build", "-o", "again.pptx")
    assert (tmp_path / "again.pptx").read_bytes() == (tmp_path / "first.pptx").read_bytes()
    assert_absent(again, NEVER + ("pptx", "xlsxwriter", "PIL.Image", "babel", "jinja2"))
    assert_absent(again, ("deckgen.render.fill", "deckgen.render.charts", "deckgen.ooxml.layouts"))


def test_a_batch_not_run_in_a_terminal_shows_no_progress_bar(tmp_path: Path) -> None:
    """Rich's progress bar is drawn only on a terminal; a script's batch does not import it."""
    (tmp_path / "clients.csv").write_text("audience.company\nAcme GmbH\n", encoding="utf-8")
    content = str(shipped_content("en"))
    modules = imported(tmp_path, "batch", content, "clients.csv", "-o", "decks", "-j", "1")
    assert (tmp_path / "decks" / "acme-gmbh.pptx").is_file()
    assert_absent(modules, ("rich.progress", "rich.live"))


def test_a_batch_too_small_for_workers_imports_no_multiprocessing(tmp_path: Path) -> None:
    """A table of a few rows runs in this process (batch.processes.workers_for): deciding so,
    and keeping the first deck's fonts and figures, needs no multiprocessing nor
    concurrent.futures; nor do its strings need Jinja, nor a plain ASCII company's file name
    python-slugify."""
    (tmp_path / "clients.csv").write_text("audience.company\nAcme GmbH\n", encoding="utf-8")
    content = str(shipped_content("de"))
    modules = imported(tmp_path, "batch", content, "clients.csv", "-o", "decks", "-q")
    assert (tmp_path / "decks" / "acme-gmbh.pptx").is_file()
    assert_absent(modules, ("multiprocessing", "concurrent.futures", "jinja2", "slugify"))


@pytest.mark.parametrize("name", ["BatchReport", "build_batch"])
def test_batch_names_still_come_from_the_front_door(name: str) -> None:
    from deckgen import api, batch

    assert getattr(api, name) is getattr(batch, name)


def test_validate_clients_from_the_front_door_checks_every_row(tmp_path: Path) -> None:
    from deckgen.api import validate_clients
    from deckgen.errors import InputError

    table = tmp_path / "clients.csv"
    table.write_text("audience.company\nAcme GmbH\nMuster AG\n", encoding="utf-8")
    assert validate_clients(shipped_content("en"), table) == 2
    table.write_text(
        "audience.company,slides.cost_of_inaction.customers\nAcme GmbH,many\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"clients.csv:2"):
        validate_clients(shipped_content("en"), table)
