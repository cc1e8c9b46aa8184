"""The command line: exit codes, messages on stderr, no tracebacks, and the real console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import open_deck, title_of
from typer.testing import CliRunner

from deckgen import __version__
from deckgen.cli import app

runner = CliRunner()


def run(*args: str, cwd=None):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_build_without_arguments_writes_the_german_deck(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote out/social-maturity.de.pptx (15 slides)\n"
    assert open_deck(tmp_path / "out/social-maturity.de.pptx").slides[0].shapes.title.text


def test_build_lang_en_writes_the_english_deck(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build", "--lang", "en")
    assert result.exit_code == 0
    prs = open_deck(tmp_path / "out/social-maturity.en.pptx")
    assert "Example Corp" in title_of(prs.slides[0])


def test_init_then_build_with_set(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("init", "my-pitch").exit_code == 0
    assert (tmp_path / "my-pitch/pitch.yaml").read_text(encoding="utf-8").startswith("# deckgen")
    assert (tmp_path / "my-pitch/clients.csv").exists()
    result = run(
        "build", "my-pitch/pitch.yaml", "--set", "audience.company=Acme GmbH", "-o", "acme.pptx"
    )
    assert result.exit_code == 0, result.output
    assert "Acme GmbH" in title_of(open_deck(tmp_path / "acme.pptx").slides[0])


def test_init_refuses_to_overwrite(tmp_path):
    assert run("init", str(tmp_path)).exit_code == 0
    result = run("init", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {tmp_path / 'pitch.yaml'}, {tmp_path / 'clients.csv'}: already exists; "
        "choose another folder or pass --force\n"
    )


def test_invalid_content_exits_2_with_located_messages_on_stderr(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nlanguage: fr\n", encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error:",
        f"{bad}:2: language: input should be 'de' or 'en'",
        f"{bad}:1: date: required field is missing; add it",
        f"{bad}:1: audience: required field is missing; add it",
        f"{bad}:1: presenter: required field is missing; add it",
        f"{bad}:1: slides: required field is missing; add it",
    ]
    assert "Traceback" not in result.output


def test_validate_reports_ok_without_writing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(__import__("deckgen.resources").resources.shipped_content("de"), "p.yaml")
    result = run("validate", "p.yaml")
    assert result.exit_code == 0
    assert result.stdout == "p.yaml: ok (15 slides, language de)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml"]


def test_bad_set_path_is_a_usage_error(tmp_path):
    result = run("build", "--set", "audience..company=x", "-o", str(tmp_path / "x.pptx"))
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --set audience..company: audience..company: 'audience..company' is not a field "
        "path like audience.company or slides[2].headline\n"
    )


def test_lang_with_a_content_file_is_refused(tmp_path):
    result = run("build", "x.yaml", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --lang chooses the language of the shipped deck")


def test_unknown_language_is_refused():
    result = run("build", "--lang", "fr")
    assert result.exit_code == 2
    assert result.stderr == "error: --lang fr: the shipped deck comes in de and en\n"


def test_schema_is_json_schema_of_the_content(tmp_path):
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "deckgen content"
    assert {"title", "language", "slides", "sources"} <= set(schema["properties"])
    assert "cost_of_inaction" in json.dumps(schema)


def test_version():
    assert run("--version").stdout == f"deckgen {__version__}\n"


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "100", "TERM": "dumb"})
    assert result.exit_code == 0
    for command in ("build", "validate", "schema", "init"):
        assert f" {command} " in result.stdout


@pytest.mark.parametrize("command", ["build", "validate", "schema", "init"])
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "Usage: " in result.stdout


def test_installed_console_script_builds_a_deck(tmp_path):
    exe = shutil.which("deckgen")
    if exe is None:
        pytest.skip("the deckgen console script is not on PATH (pip install . first)")
    proc = subprocess.run(
        [exe, "build", "--lang", "en", "-o", str(tmp_path / "d.pptx")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"wrote {tmp_path / 'd.pptx'} (15 slides)\n"


def test_installed_console_script_reports_bad_input_without_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "deckgen", "validate", str(bad)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {bad}:2: invalid YAML: ")
    assert "Traceback" not in proc.stderr
