"""Rendering under any concurrent.futures.Executor, threads included: the decks are the ones a
sequential run gives, byte for byte (issue 14: eight threads used to abort or segfault)."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import content_yaml

from deckgen import BatchReport, build_batch

COMPANIES = [f"Firma {n} GmbH" for n in range(16)]

THREADED = """
from concurrent.futures import ThreadPoolExecutor

from deckgen.api import load
from deckgen.render import render_deck
from deckgen.resources import shipped_template
from deckgen.template import load_template

decks = [
    load(language="de", overrides=[
        f"audience.company=Firma {n} GmbH",
        f"audience.ceo_name=Dr. Name {n}",
        f"slides.cost_of_inaction.customers={1000 + n}",
    ])
    for n in range(24)
]
template = load_template(shipped_template())
with ThreadPoolExecutor(8) as pool:
    threaded = list(pool.map(lambda d: render_deck(d, template), decks))
sequential = [render_deck(d, template) for d in decks]
print("same" if threaded == sequential and len(set(threaded)) == len(decks) else "different")
"""


def test_eight_threads_render_the_decks_a_sequential_run_renders():
    """In a child process: shared python-pptx state used to crash the interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", THREADED], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "same"


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A one-slide content file and a table of COMPANIES."""
    content = tmp_path / "pitch.yaml"
    content.write_text(
        content_yaml('- kind: title\n  headline: "Social Media für {{ audience.company }}"\n'),
        encoding="utf-8",
    )
    clients = tmp_path / "clients.csv"
    clients.write_text("audience.company\n" + "\n".join(COMPANIES) + "\n", encoding="utf-8")
    return content, clients


def assert_same_as_sequential(project: tuple[Path, Path], out: Path, report: BatchReport) -> None:
    """Every deck in out is byte for byte the deck a one-job batch builds."""
    content, clients = project
    assert (report.built, report.failed) == (len(COMPANIES), 0)
    sequential = build_batch(content, clients, output_dir=out.parent / "sequential", jobs=1)
    assert sequential.built == len(COMPANIES)
    for row in sequential.rows:
        name = Path(row.output).name
        assert (out / name).read_bytes() == Path(row.output).read_bytes(), name


def test_a_batch_on_a_thread_pool_builds_the_decks_a_sequential_run_builds(tmp_path, project):
    with ThreadPoolExecutor(8) as pool:
        report = build_batch(*project, output_dir=tmp_path / "threads", executor=pool)
    assert_same_as_sequential(project, tmp_path / "threads", report)


def test_a_dask_cluster_with_four_threads_per_worker_builds_the_sequential_decks(tmp_path, project):
    distributed = pytest.importorskip("distributed", reason="needs pip install deckgen[dask]")
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=4, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        report = build_batch(*project, output_dir=tmp_path / "dask", executor=client.get_executor())
    assert_same_as_sequential(project, tmp_path / "dask", report)
