"""``validate --clients`` gives the batch's verdict: it accepts every table batch builds (content
naming ``{{ client.<column> }}``) and refuses what batch refuses, with the same messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import content_yaml
from typer.testing import CliRunner

from deckgen.api import validate_clients
from deckgen.batch import build_batch
from deckgen.cli import app
from deckgen.clients import read_clients
from deckgen.errors import InputError

SLIDES = """\
- kind: title
  headline: "{{ audience.company }} in {{ client.region }}"
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pitch.yaml").write_text(content_yaml(SLIDES), encoding="utf-8")

    def table(text: str) -> str:
        (tmp_path / "clients.csv").write_text(text, encoding="utf-8")
        return "clients.csv"

    return table


def test_client_variables_name_every_column_of_a_row(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("audience.company;region;umsatz\nAcme GmbH;;1.800\n", encoding="utf-8")
    table = read_clients(path)
    assert table.variables(table.rows[0]) == {
        "audience.company": "Acme GmbH",
        "region": "",
        "umsatz": "1800",
    }


def test_a_client_column_in_content_passes_validate_as_it_passes_batch(project, tmp_path):
    project("audience.company,region\nAcme GmbH,Nord\nBeta AG,Süd\n")
    assert validate_clients(Path("pitch.yaml"), Path("clients.csv")) == 2
    report = build_batch(Path("pitch.yaml"), Path("clients.csv"), output_dir=tmp_path / "d", jobs=1)
    assert [r.status for r in report.rows] == ["built", "built"]


def test_a_missing_client_column_is_refused_by_validate_and_fails_in_batch(project, tmp_path):
    project("audience.company\nAcme GmbH\n")
    with pytest.raises(InputError) as refused:
        validate_clients(Path("pitch.yaml"), Path("clients.csv"))
    report = build_batch(Path("pitch.yaml"), Path("clients.csv"), output_dir=tmp_path / "d", jobs=1)
    assert [r.status for r in report.rows] == ["failed"]
    assert "no field 'region' in this {{ }} tag" in str(refused.value)
    assert report.rows[0].error == str(refused.value)


def test_validate_clients_on_the_command_line_accepts_client_columns(project):
    project("audience.company,region\nAcme GmbH,Nord\nBeta AG,Süd\n")
    result = CliRunner().invoke(app, ["validate", "pitch.yaml", "--clients", "clients.csv"])
    assert result.stderr == ""
    assert result.exit_code == 0
    assert result.stdout == (
        "pitch.yaml: ok (1 slides, language de)\nclients.csv: ok (2 client rows)\n"
    )


def test_validate_clients_on_the_command_line_refuses_a_missing_column(project):
    project("audience.company\nAcme GmbH\n")
    result = CliRunner().invoke(app, ["validate", "pitch.yaml", "--clients", "clients.csv"])
    assert result.exit_code == 2
    assert "no field 'region' in this {{ }} tag" in result.stderr
    assert "Traceback" not in result.output
