"""Only regular files are read, bounded; files a client table names stay in its folder.

A named pipe blocks a read forever and /dev/zero never ends, so the cases that read one run
the console script in a child process with a timeout and 1 GB of address space: without the
guards the child is stopped and the test fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import content_yaml
from PIL import Image

from deckgen.batch import build_batch, validate_clients
from deckgen.errors import InputError
from deckgen.inputs import read_input
from deckgen.resources import shipped_template

SLIDES = """\
- kind: bullets
  headline: "Social Media für {{ audience.company }}"
  points: [Erstens]
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def deckgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the console script, bounded in time and memory."""
    return subprocess.run(
        [sys.executable, "-m", "deckgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limit_memory,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "pitch.yaml").write_text(content_yaml(SLIDES), encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")
    os.mkfifo(tmp_path / "pipe.csv")
    os.mkfifo(tmp_path / "pipe.pptx")
    os.mkfifo(tmp_path / "pipe.png")
    os.symlink("/dev/zero", tmp_path / "zero.csv")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["validate", "pipe.yaml"],
            "pipe.yaml: is a named pipe (FIFO), not a file; give the content file itself",
        ),
        (
            ["validate", "/dev/zero"],
            "/dev/zero: is a device, not a file; give the content file itself",
        ),
        (
            ["build", "pitch.yaml", "-t", "pipe.pptx", "-o", "out.pptx"],
            "pipe.pptx: is a named pipe (FIFO), not a file; give the template file itself",
        ),
        (
            ["inspect", "/dev/zero"],
            "/dev/zero: is a device, not a file; give the template file itself",
        ),
        (
            ["check", "/dev/zero"],
            "/dev/zero: is a device, not a file; give the deck itself",
        ),
        (
            ["build", "pitch.yaml", "--set", "brand.logo=pipe.png", "-o", "out.pptx"],
            "--set brand.logo: brand.logo: pipe.png: is a named pipe (FIFO), not a file; "
            "give the logo file itself",
        ),
        (
            ["validate", "pitch.yaml", "--clients", "pipe.csv"],
            "pipe.csv: is a named pipe (FIFO), not a file; give the client table itself",
        ),
        # Read for a kept template description's key, and by a batch's early start of its
        # workers: neither may wait on a pipe or read a device before the refusal.
        (
            ["inspect", str(shipped_template()), "--mapping", "pipe.yaml"],
            "pipe.yaml: is a named pipe (FIFO), not a file; give the layout mapping file itself",
        ),
        (
            ["build", "pitch.yaml", "--mapping", "/dev/zero", "-o", "out.pptx"],
            "/dev/zero: is a device, not a file; give the layout mapping file itself",
        ),
        (
            ["batch", "pitch.yaml", "pipe.csv", "-j", "2"],
            "pipe.csv: is a named pipe (FIFO), not a file; give the client table itself",
        ),
        (
            ["batch", "pitch.yaml", "zero.csv", "-j", "2"],
            "zero.csv: is a device, not a file; give the client table itself",
        ),
    ],
)
def test_a_pipe_or_device_is_refused_before_it_is_read(folder, args, message):
    done = deckgen(*args, cwd=folder)
    assert (done.returncode, done.stderr) == (2, f"error: {message}\n")
    assert not (folder / "out.pptx").exists()


def test_pipes_named_by_a_client_table_fail_their_rows_and_the_others_build(folder):
    (folder / "clients.csv").write_text(
        "audience.company,content,template,logo\n"
        "A GmbH,,,\n"
        "B GmbH,pipe.yaml,,\n"
        "C GmbH,,pipe.pptx,\n"
        "D GmbH,,,pipe.png\n",
        encoding="utf-8",
    )
    done = deckgen("batch", "pitch.yaml", "clients.csv", "-o", "decks", "--jobs", "1", cwd=folder)
    assert done.returncode == 1, done.stderr
    report = json.loads((folder / "decks/report.json").read_text(encoding="utf-8"))
    assert [(r["status"], r["error"]) for r in report["rows"]] == [
        ("built", None),
        (
            "failed",
            "clients.csv:3: content: pipe.yaml: is a named pipe (FIFO), not a "
            "file; give the content file itself",
        ),
        (
            "failed",
            "clients.csv:4: template: pipe.pptx: is a named pipe (FIFO), not a "
            "file; give the template file itself",
        ),
        (
            "failed",
            "clients.csv:5: logo: pipe.png: is a named pipe (FIFO), not a file; "
            "give the logo file itself",
        ),
    ]


def test_a_file_over_the_bound_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(10**12)  # sparse: a terabyte that takes no disk
    with pytest.raises(InputError) as err:
        read_input(big, "content file", 1_000_000)
    assert str(err.value) == (
        f"{big}: the content file is 1,000,000,000,000 bytes, more than the 1,000,000 deckgen "
        "reads; is it the right file?"
    )


@pytest.fixture
def table_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A table's folder with a content file and logo inside, and private files outside it."""
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    content = data / "pitch.yaml"
    content.write_text(content_yaml(SLIDES), encoding="utf-8")
    (data / "sub/en.yaml").write_text(content_yaml(SLIDES, language="en"), encoding="utf-8")
    Image.new("RGB", (40, 20), "navy").save(data / "sub/logo.png")
    private = tmp_path / "private"
    private.mkdir()
    (private / "keys.yaml").write_text("secret_api_key: hunter2\n", encoding="utf-8")
    Image.new("RGB", (40, 20), "red").save(private / "photo.png")
    (data / "link.yaml").symlink_to(private / "keys.yaml")
    (data / "inside.png").symlink_to(data / "sub/logo.png")
    return data, content


def test_files_a_client_table_names_must_be_in_its_folder(table_folder):
    data, content = table_folder
    clients = data / "clients.csv"
    clients.write_text(
        "audience.company,content,logo\n"
        "A GmbH,sub/en.yaml,sub/logo.png\n"
        "B GmbH,,inside.png\n"
        f"C GmbH,{data.parent / 'private/keys.yaml'},\n"
        "D GmbH,../private/keys.yaml,\n"
        "E GmbH,link.yaml,\n"
        "F GmbH,,../private/photo.png\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        validate_clients(content, clients)
    outside = f"outside the table's folder {data}; put the file there (or in a folder under it)"
    assert str(err.value).splitlines() == [
        f"{clients}:4: content: {data.parent / 'private/keys.yaml'}: {outside}",
        f"{clients}:5: content: ../private/keys.yaml: {outside}",
        f"{clients}:6: content: link.yaml: {outside}",
        f"{clients}:7: logo: ../private/photo.png: {outside}",
    ]
    # Nothing of the private file reaches a message: not its keys, not its values.
    assert "secret_api_key" not in str(err.value) and "hunter2" not in str(err.value)


def test_a_rows_own_content_file_cannot_bring_a_logo_from_elsewhere(table_folder):
    data, content = table_folder
    (data / "own.yaml").write_text(
        content_yaml(SLIDES).replace("slides:", "brand: {logo: ../private/photo.png}\nslides:"),
        encoding="utf-8",
    )
    clients = data / "clients.csv"
    clients.write_text("audience.company,content\nA GmbH,own.yaml\n", encoding="utf-8")
    report = build_batch(content, clients, output_dir=data / "decks", jobs=1)
    assert [r.error for r in report.rows] == [
        f"{clients}:2: content: brand.logo: outside the table's folder {data}; put the file "
        "there (or in a folder under it)"
    ]


def test_files_elsewhere_are_read_when_allowed_explicitly(table_folder):
    data, content = table_folder
    clients = data / "clients.csv"
    clients.write_text("audience.company,logo\nA GmbH,../private/photo.png\n", encoding="utf-8")
    assert validate_clients(content, clients, outside_files=True) == 1
