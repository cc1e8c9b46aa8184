"""The command line: exit codes, messages on stderr, no tracebacks, and the real console script."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys

import pytest
from conftest import content_yaml, open_deck, title_of
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


def test_init_writes_a_gitignore_for_what_deckgen_makes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "my-pitch")
    assert result.exit_code == 0
    assert result.stdout == (
        "wrote my-pitch/pitch.yaml\n"
        "wrote my-pitch/clients.csv\n"
        "wrote my-pitch/.gitignore\n"
        'next: deckgen build my-pitch/pitch.yaml --set audience.company="Your client"\n'
    )
    assert (tmp_path / "my-pitch/.gitignore").read_text(encoding="utf-8") == (
        "# Made by deckgen from this folder's files; rebuild instead of committing.\n"
        "out/\ndecks/\npreview/\n*.pdf\n"
    )


def test_init_in_a_repository_adds_only_the_lines_its_gitignore_lacks(tmp_path):
    (tmp_path / ".gitignore").write_text(".venv/\nout/", encoding="utf-8")
    assert run("init", str(tmp_path)).exit_code == 0
    expected = (
        ".venv/\nout/\n\n"
        "# Made by deckgen from this folder's files; rebuild instead of committing.\n"
        "decks/\npreview/\n*.pdf\n"
    )
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == expected
    result = run("init", str(tmp_path), "--force")
    assert result.exit_code == 0
    assert ".gitignore" not in result.stdout
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == expected


def test_a_one_slide_deck_is_one_slide(tmp_path, write_content):
    content = write_content('- kind: title\n  headline: "Hallo"\n')
    result = run("build", str(content), "-o", str(tmp_path / "d.pptx"))
    assert result.stdout == f"wrote {tmp_path / 'd.pptx'} (1 slide)\n"


def batch_files(tmp_path, companies: int):
    (tmp_path / "pitch.yaml").write_text(
        content_yaml('- kind: title\n  headline: "Für {{ audience.company }}"\n'), encoding="utf-8"
    )
    rows = "".join(f"Firma {n:02}\n" for n in range(1, companies + 1))
    (tmp_path / "clients.csv").write_text("audience.company\n" + rows, encoding="utf-8")


def test_a_small_batch_lists_its_decks_and_their_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    batch_files(tmp_path, 2)
    args = ("batch", "pitch.yaml", "clients.csv", "-o", "decks/", "-j", "1")
    first = run(*args).stdout.splitlines()
    assert first[-4:] == [
        "2 decks in decks/:",
        "  firma-01.pptx",
        "  firma-02.pptx",
        "report: decks/report.json",
    ]
    (tmp_path / "clients.csv").write_text("audience.company\nFirma 01\nFirma 03\n", "utf-8")
    again = run(*args).stdout.splitlines()
    assert again[-4:-1] == ["2 decks in decks/:", "  firma-01.pptx (up to date)", "  firma-03.pptx"]


def test_a_large_batch_names_its_folder_and_verbose_lists_every_deck(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    batch_files(tmp_path, 11)
    result = run("batch", "pitch.yaml", "clients.csv", "-j", "1")
    assert result.stdout.splitlines()[-2:] == [
        "11 decks in decks/ (--verbose lists them)",
        "report: decks/report.json",
    ]
    verbose = run("batch", "pitch.yaml", "clients.csv", "-j", "1", "--verbose")
    lines = verbose.stdout.splitlines()
    assert lines[-13:-11] == ["11 decks in decks/:", "  firma-01.pptx (row 2, up to date)"]
    assert lines[-2:] == ["  firma-11.pptx (row 12, up to date)", "report: decks/report.json"]


def test_a_quiet_batch_prints_only_its_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    batch_files(tmp_path, 1)
    result = run("batch", "pitch.yaml", "clients.csv", "-j", "1", "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert (tmp_path / "decks/firma-01.pptx").exists()
    (tmp_path / "clients.csv").write_text("audience.company,brand.accent\nX,red\n", "utf-8")
    failed = run("batch", "pitch.yaml", "clients.csv", "-j", "1", "--quiet")
    assert (failed.exit_code, failed.stdout) == (1, "")
    assert failed.stderr.startswith("error:\nclients.csv:2: brand.accent: ")


def test_quiet_and_verbose_together_are_a_usage_error():
    result = run("batch", "pitch.yaml", "clients.csv", "-q", "-v")
    assert result.exit_code == 2
    assert result.stderr == "error: --quiet and --verbose exclude each other; choose one\n"


def test_shell_completion_installs_the_way_typer_offers_it(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "SHELL": "/bin/bash"}
    code = "from deckgen.cli import app; app(prog_name='deckgen')"
    program = f"{shlex.quote(sys.executable)} -c {shlex.quote(code)}"
    # "; true" keeps bash as the parent process, the shell that Typer detects and installs for.
    install = subprocess.run(
        ["bash", "-c", f"{program} --install-completion; true"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    script = home / ".bash_completions/deckgen.sh"
    assert install.stdout.startswith(f"bash completion installed in {script}\n")
    assert f"source '{script}'" in (home / ".bashrc").read_text(encoding="utf-8")
    complete = subprocess.run(
        ["bash", "-c", program],
        capture_output=True, text=True, timeout=60,
        env={**env, "COMP_WORDS": "deckgen batch --ve", "COMP_CWORD": "2",
             "_DECKGEN_COMPLETE": "complete_bash"},
    )  # fmt: skip
    assert complete.stdout.split() == ["--verbose"]
