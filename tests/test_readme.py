"""The README's deckgen commands run as tests, in order, so the docs cannot rot."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from typer.testing import CliRunner

from deckgen.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
#: Commands that need LibreOffice and poppler; CI installs them, elsewhere they are skipped.
NEEDS_RENDERER = ("--pdf", "deckgen preview")


def readme_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh|console)\n(.*?)```", text, re.S)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            for part in line.split("&&"):
                if part.strip().startswith("deckgen "):
                    commands.append(part.strip())
    return commands


def test_the_readme_shows_the_quick_start_first():
    first_screen = "\n".join(README.read_text(encoding="utf-8").splitlines()[:25])
    assert "pip install . && deckgen build" in first_screen
    assert 'pip install ".[test,dask]" && python -m pytest -q' in first_screen


def test_readme_commands_run_in_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = readme_commands()
    assert len(commands) >= 6
    renderer = shutil.which("soffice") and shutil.which("pdftoppm")
    for command in commands:
        if not renderer and any(need in command for need in NEEDS_RENDERER):
            continue
        words, _, redirect = command.partition(" > ")
        result = CliRunner().invoke(app, shlex.split(words)[1:])
        assert result.exit_code == 0, (command, result.output)
        if redirect:
            Path(redirect.strip()).write_text(result.stdout, encoding="utf-8")
    assert Path("out/social-maturity.de.pptx").exists()
    assert Path("out/social-maturity.en.pptx").exists()
    assert Path("acme.pptx").exists()
    assert Path("deckgen.schema.json").read_text(encoding="utf-8").startswith("{")
