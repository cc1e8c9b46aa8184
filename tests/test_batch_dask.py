"""build_batch on a Dask cluster's executor: what a user who outgrows one machine does."""

from __future__ import annotations

import pytest
from conftest import content_yaml, open_deck, title_of

from deckgen import build_batch

distributed = pytest.importorskip(
    "distributed", reason="needs the extra: pip install deckgen[dask]"
)


def test_a_dask_cluster_executor_builds_the_batch(tmp_path):
    content = tmp_path / "pitch.yaml"
    content.write_text(
        content_yaml('- kind: title\n  headline: "Social Media für {{ audience.company }}"\n'),
        encoding="utf-8",
    )
    clients = tmp_path / "clients.csv"
    clients.write_text(
        "audience.company\n" + "".join(f"Firma {n}\n" for n in range(6)) + "\n",
        encoding="utf-8",
    )
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        report = build_batch(
            content, clients, output_dir=tmp_path / "decks", executor=client.get_executor()
        )
    assert (report.built, report.failed, report.exit_code) == (6, 0, 0)
    for n in range(6):
        deck = open_deck(tmp_path / f"decks/firma-{n}.pptx")
        assert title_of(deck.slides[0]) == f"Social Media für Firma {n}"
