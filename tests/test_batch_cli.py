"""deckgen batch and validate --clients on the command line: output, messages, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import content_yaml
from typer.testing import CliRunner

from deckgen.cli import app

SLIDES = """\
- kind: title
  headline: "Social Media für {{ audience.company }}"
- kind: cost_of_inaction
  headline: "Wir riskieren {{ slide.revenue_at_risk_total | currency }}"
  customers: 2000
  share_lost: 0.02
  customer_lifetime_value: 25000
"""


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pitch.yaml").write_text(content_yaml(SLIDES), encoding="utf-8")

    def table(*rows: str) -> str:
        text = "audience.company;slides.cost_of_inaction.customers\n" + "".join(
            r + "\n" for r in rows
        )
        (tmp_path / "clients.csv").write_text(text, encoding="utf-8")
        return "clients.csv"

    return table


def test_batch_builds_every_row_and_exits_0(files, tmp_path):
    files("Acme GmbH;1.800", "Beta AG;900")
    result = run("batch", "pitch.yaml", "clients.csv", "-o", "decks", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "decks").glob("*.pptx")) == [
        "acme-gmbh.pptx",
        "beta-ag.pptx",
    ]
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "deckgen batch: clients.csv -> decks"
    assert "built" in lines[2] and "up to date (skipped)" in lines[2] and "failed" in lines[2]
    assert lines[4].split("│")[1:4] == ["     2 ", "                    0 ", "      0 "]
    assert lines[-1] == "report: decks/report.json"
    assert result.stderr == ""


def test_batch_prints_paths_that_look_like_markup_as_they_are(files, tmp_path):
    files("Acme GmbH;1.800")
    result = run("batch", "pitch.yaml", "clients.csv", "-o", "[bold]decks", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].strip() == "deckgen batch: clients.csv -> [bold]decks"


def test_a_rerun_skips_up_to_date_decks_and_force_rebuilds(files):
    files("Acme GmbH;1800")
    assert run("batch", "pitch.yaml", "clients.csv", "-j", "1").exit_code == 0
    again = run("batch", "pitch.yaml", "clients.csv", "-j", "1")
    assert (
        json.loads(Path("decks/report.json").read_text(encoding="utf-8"))["summary"]["skipped"] == 1
    )
    assert again.exit_code == 0
    run("batch", "pitch.yaml", "clients.csv", "-j", "1", "--force")
    assert (
        json.loads(Path("decks/report.json").read_text(encoding="utf-8"))["summary"]["built"] == 1
    )


def test_some_bad_rows_exit_1_with_located_errors_and_the_rest_built(files, tmp_path):
    files("Acme GmbH;1800", "Beta AG;zwölf", "Gamma KG;700")
    result = run("batch", "pitch.yaml", "clients.csv", "-j", "1", "--report", "run.json")
    assert result.exit_code == 1
    assert result.stderr == (
        "error:\nclients.csv:3: slides.cost_of_inaction.customers: 'zwölf' is not a number\n"
    )
    assert sorted(p.name for p in (tmp_path / "decks").glob("*.pptx")) == [
        "acme-gmbh.pptx",
        "gamma-kg.pptx",
    ]
    assert result.stdout.splitlines()[-1] == "report: run.json"
    assert [
        r["status"] for r in json.loads(Path("run.json").read_text(encoding="utf-8"))["rows"]
    ] == [
        "built",
        "failed",
        "built",
    ]


def test_strict_exits_2_and_writes_nothing(files, tmp_path):
    files("Acme GmbH;1800", "Beta AG;zwölf")
    result = run("batch", "pitch.yaml", "clients.csv", "--strict", "-j", "1")
    assert result.exit_code == 2
    assert result.stderr == (
        "error:\n--strict: no deck was built; fix these rows first\n"
        "clients.csv:3: slides.cost_of_inaction.customers: 'zwölf' is not a number\n"
    )
    assert not (tmp_path / "decks").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("pitch.yaml", "nope.csv"), "error: nope.csv: no such client table; check the path\n"),
        (("nope.yaml", "clients.csv"), "error: nope.yaml: no such content file; check the path\n"),
        (
            ("pitch.yaml", "clients.csv", "--name", "{regoin}"),
            "error: --name '{regoin}': unknown field {regoin}; use {company}, {row} or a column: "
            "audience.company, slides.cost_of_inaction.customers\n",
        ),
    ],
)
def test_bad_input_exits_2_before_anything_is_built(files, tmp_path, args, message):
    files("Acme GmbH;1800")
    result = run("batch", *args, "-j", "1")
    assert result.exit_code == 2
    assert result.stderr == message
    assert "Traceback" not in result.output
    assert not (tmp_path / "decks").exists()


def test_validate_clients_checks_every_row_and_writes_nothing(files, tmp_path):
    files("Acme GmbH;1800", "Beta AG;900")
    result = run("validate", "pitch.yaml", "--clients", "clients.csv")
    assert result.exit_code == 0
    assert (
        result.stdout == "pitch.yaml: ok (2 slides, language de)\nclients.csv: ok (2 client rows)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clients.csv", "pitch.yaml"]


def test_validate_clients_lists_every_bad_row_and_exits_2(files):
    files("Acme GmbH;1800", "Beta AG;zwölf", "Gamma KG;-1")
    result = run("validate", "pitch.yaml", "--clients", "clients.csv")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error:",
        "clients.csv:3: slides.cost_of_inaction.customers: 'zwölf' is not a number",
        "clients.csv:4: slides.cost_of_inaction.customers: input should be greater than 0",
    ]


def test_pdf_without_libreoffice_keeps_the_decks_and_says_what_to_install(
    files, tmp_path, monkeypatch
):
    files("Acme GmbH;1800")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("batch", "pitch.yaml", "clients.csv", "-j", "1", "--pdf")
    assert result.exit_code == 1
    assert (tmp_path / "decks/acme-gmbh.pptx").exists()
    assert result.stderr.startswith(
        "error: LibreOffice is not installed, so no PDF was made; install LibreOffice Impress"
    )


def test_batch_help_lists_the_options():
    result = run("batch", "--help")
    assert result.exit_code == 0
    for option in ("--output", "--template", "--sheet", "--name", "--jobs", "--strict", "--force"):
        assert option in result.stdout
    for option in ("--pdf", "--report"):
        assert option in result.stdout


def test_the_installed_console_script_runs_a_parallel_batch(files, tmp_path):
    files("Acme GmbH;1800", "Beta AG;zwölf", "Gamma KG;700")
    exe = shutil.which("deckgen")
    if exe is None:
        pytest.skip("the deckgen console script is not on PATH (pip install .)")
    proc = subprocess.run(
        [exe, "batch", "pitch.yaml", "clients.csv", "-o", "decks", "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == (
        "error:\nclients.csv:3: slides.cost_of_inaction.customers: 'zwölf' is not a number\n"
    )
    assert sorted(p.name for p in (tmp_path / "decks").glob("*.pptx")) == [
        "acme-gmbh.pptx",
        "gamma-kg.pptx",
    ]


def test_batch_reads_a_named_excel_sheet(files, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["not", "this"])
    sheet = workbook.create_sheet("DACH")
    sheet.append(["audience.company", "slides.cost_of_inaction.customers"])
    sheet.append(["Acme GmbH", 1800])
    sheet.append(["Beta AG", "zwölf"])
    workbook.save(tmp_path / "clients.xlsx")
    result = run("batch", "pitch.yaml", "clients.xlsx", "--sheet", "DACH", "-j", "1")
    assert result.exit_code == 1
    assert result.stderr == (
        "error:\nclients.xlsx:3: slides.cost_of_inaction.customers: 'zwölf' is not a number\n"
    )
    assert [p.name for p in (tmp_path / "decks").glob("*.pptx")] == ["acme-gmbh.pptx"]
