"""deckgen batch as a library: overrides, client variables, messages, names, skipping, reports."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import signal
import string
import struct
import subprocess
import sys
import tempfile
import textwrap
import zlib
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import active_children
from pathlib import Path

import pytest
from conftest import content_yaml, open_deck, slide_texts, title_of
from PIL import Image

from deckgen import batch, diskcache
from deckgen.batch import (
    BatchInterrupted,
    RowTask,
    assign_names,
    build_batch,
    safe_stem,
    validate_clients,
)
from deckgen.batch import names as names_module
from deckgen.batch.names import WINDOWS_RESERVED
from deckgen.errors import InputError
from deckgen.resources import shipped_content

SLIDES = """\
- kind: title
  headline: "Social Media für {{ audience.company }}"
  subtitle: "Region {{ client.region }}"
- kind: cost_of_inaction
  headline: "Wir riskieren {{ slide.revenue_at_risk_total | currency }}"
  customers: 2000
  share_lost: 0.02
  customer_lifetime_value: 25000
  years: 3
"""


def chart_values(prs) -> list[float]:
    return [
        v
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_chart
        for series in shape.chart.plots[0].series
        for v in series.values
    ]


@pytest.fixture
def project(tmp_path: Path):
    """A content file and a function writing a client table beside it."""
    content = tmp_path / "pitch.yaml"
    content.write_text(content_yaml(SLIDES), encoding="utf-8")

    def table(text: str, name: str = "clients.csv") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return content, table


HEADER = "audience.company,region,slides.cost_of_inaction.customers\n"


def test_rows_override_fields_and_fill_client_variables(project, tmp_path):
    content, table = project
    clients = table(HEADER + "Müller & Söhne GmbH,Nord,1800\nNordlicht AG,Süd,\n")
    report = build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1)
    assert [(r.row, r.status, r.output) for r in report.rows] == [
        (2, "built", str(tmp_path / "decks/mueller-soehne-gmbh.pptx")),
        (3, "built", str(tmp_path / "decks/nordlicht-ag.pptx")),
    ]
    mueller = open_deck(tmp_path / "decks/mueller-soehne-gmbh.pptx")
    assert title_of(mueller.slides[0]) == "Social Media für Müller & Söhne GmbH"
    assert "Region Nord" in slide_texts(mueller.slides[0])
    # 1800 customers x 2% = 36 lost a year x 25,000 € = 900,000 € a year, cumulated.
    assert chart_values(mueller) == [900_000.0, 1_800_000.0, 2_700_000.0]
    assert title_of(mueller.slides[1]) == "Wir riskieren 2.700.000\u00a0€"
    nordlicht = open_deck(tmp_path / "decks/nordlicht-ag.pptx")
    assert title_of(nordlicht.slides[0]) == "Social Media für Nordlicht AG"
    # An empty cell keeps the content's value (2000 customers).
    assert chart_values(nordlicht) == [1_000_000.0, 2_000_000.0, 3_000_000.0]


def test_a_one_job_batch_validates_each_row_once_and_builds_the_same_decks(
    project, tmp_path, monkeypatch
):
    """The check keeps each valid row's deck for its build, in a folder removed afterwards."""
    from deckgen.batch import kept as kept_checks
    from deckgen.batch import worker

    content, table = project
    clients = table(HEADER + "Alpha AG,Nord,1800\nBeta AG,Süd,900\nGamma AG,West,zwölf\n")
    calls: list[int] = []
    prepare = worker._prepare
    monkeypatch.setattr(worker, "_prepare", lambda task: calls.append(task.row) or prepare(task))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    kept = build_batch(content, clients, output_dir=tmp_path / "kept", jobs=1)
    assert sorted(calls) == [2, 3, 4]  # checked once each, Gamma failing; none again to build
    assert list(tmp_path.glob("deckgen-kept-*")) == []
    monkeypatch.setattr(kept_checks, "KEPT_BYTES", 0)
    again = build_batch(content, clients, output_dir=tmp_path / "again", jobs=1)
    assert sorted(calls) == [2, 2, 2, 3, 3, 3, 4, 4]  # nothing kept: valid rows checked, built
    assert [r.status for r in kept.rows] == [r.status for r in again.rows]
    for name in ("alpha-ag.pptx", "beta-ag.pptx"):
        assert (tmp_path / "kept" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()


def test_a_bad_value_is_reported_with_table_row_and_column(project, tmp_path, monkeypatch):
    content, table = project
    table(HEADER + "A GmbH,Nord,1800\nB GmbH,Nord,zwölf\nC GmbH,Nord,-5\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as err:
        validate_clients(content, Path("clients.csv"))
    assert str(err.value).splitlines() == [
        "clients.csv:3: slides.cost_of_inaction.customers: 'zwölf' is not a number",
        "clients.csv:4: slides.cost_of_inaction.customers: input should be greater than 0",
    ]


def test_every_row_problem_is_reported_at_once(project, tmp_path, monkeypatch):
    content, table = project
    table(
        "audience.company,slides.cost_of_inaction.years,slides.cost_of_inaction.share_lost,"
        "slides.nope.customers,region\n"
        "A GmbH,20,0.5,,Nord\n"
        "B GmbH,,2,,Nord\n"
        "C GmbH,,,12,Nord\n"
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as err:
        validate_clients(content, Path("clients.csv"))
    assert str(err.value).splitlines() == [
        "clients.csv:2: slides.cost_of_inaction.years: input should be less than or equal to 10",
        "clients.csv:3: slides.cost_of_inaction.share_lost: "
        "input should be less than or equal to 1",
        "clients.csv:4: slides.nope.customers: no slide has id or kind 'nope'",
    ]


def test_a_content_limit_broken_by_a_client_value_names_row_and_content_line(
    project, tmp_path, monkeypatch
):
    content, table = project
    table("audience.company,region\n" + "Sehr Lange Firmenbezeichnung " * 4 + "GmbH,Nord\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as err:
        validate_clients(Path("pitch.yaml"), Path("clients.csv"))
    assert str(err.value) == (
        "clients.csv:2: pitch.yaml:10: slides[0].headline: at most 90 characters, got 137; "
        "shorten it or split the slide"
    )


def test_a_misspelt_field_column_is_bad_input_with_a_suggestion(project, tmp_path, monkeypatch):
    content, table = project
    table("audiance.company,region\nAcme,Nord\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as err:
        build_batch(content, Path("clients.csv"), output_dir=tmp_path / "decks", jobs=1)
    assert (
        str(err.value) == "clients.csv:1: audiance.company: unknown field; did you mean 'audience'?"
    )
    assert not (tmp_path / "decks").exists()


def test_content_template_and_logo_columns_are_resolved_against_the_table(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "en.yaml").write_text(content_yaml(SLIDES, language="en"), encoding="utf-8")
    Image.new("RGB", (40, 20), "navy").save(data / "acme.png")
    (data / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    content = tmp_path / "pitch.yaml"
    content.write_text(content_yaml(SLIDES), encoding="utf-8")
    clients = data / "clients.csv"
    clients.write_text(
        "audience.company,region,content,logo,template\n"
        "Acme Ltd,North,en.yaml,acme.png,\n"
        "Beta,Nord,missing.yaml,,\n"
        "Gamma,Nord,,gone.png,\n"
        "Delta,Nord,,,corporate.potx\n"
        "Epsilon,Nord,,broken.png,\n",
        encoding="utf-8",
    )
    report = build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1)
    assert [r.status for r in report.rows] == ["built", "failed", "failed", "failed", "failed"]
    acme = open_deck(tmp_path / "decks/acme-ltd.pptx")
    assert (
        title_of(acme.slides[1]) == "Wir riskieren €3,000,000"
    )  # English formats: the English content
    assert [r.error for r in report.rows[1:]] == [
        f"{clients}:3: content: {data / 'missing.yaml'}: no such content file; check the path",
        f"{clients}:4: logo: {data / 'gone.png'}: no such logo file; check the path",
        f"{clients}:5: template: {data / 'corporate.potx'}: no such template file; check the path",
        f"{clients}:6: logo: {data / 'broken.png'}: not an image PowerPoint can show; "
        "use a PNG or JPEG",
    ]


@pytest.mark.parametrize(
    ("company", "stem"),
    [
        ("Müller & Söhne GmbH", "mueller-soehne-gmbh"),
        ("../../x", "x"),
        ("/etc/passwd", "etc-passwd"),
        ("C:\\Windows\\System32", "c-windows-system32"),
        ("a\x00b", "a-b"),
        ("CON", "con-deck"),
        ("lpt1", "lpt1-deck"),
        ("北京公司", "bei-jing-gong-si"),
        ("", "row-7"),
        ("...", "row-7"),
    ],
)
def test_any_client_name_becomes_a_safe_ascii_file_name(company, stem):
    assert safe_stem(company, "row-7") == stem


def test_a_300_character_name_is_cut_at_a_word_boundary():
    stem = safe_stem("Firma " * 50, "x")
    assert len(stem) <= 100 and stem.startswith("firma-firma") and not stem.endswith("-")


def test_plain_ascii_names_are_named_as_slugify_names_them():
    """safe_stem names plain ASCII words without python-slugify (its import is a one-row
    batch's cost): every such name, up to the length limit, must come out as slugify makes it;
    any other name still goes through slugify."""
    from slugify import slugify

    from deckgen.batch.names import GERMAN, MAX_STEM

    rng = random.Random(11)
    alphabet = string.ascii_letters + string.digits + "  "
    names = ["A", "Acme GmbH", "Kunde 00042 GmbH", "x" * MAX_STEM, "ab " * 33 + "c", "CON"]
    for _ in range(3000):
        names.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 110))))
    plain = 0
    for name in names:
        expected = slugify(name, replacements=GERMAN, max_length=MAX_STEM, word_boundary=True)
        expected = expected + "-deck" if expected in WINDOWS_RESERVED else expected
        assert safe_stem(name, "row-7") == (expected or "row-7"), name
        plain += bool(names_module._PLAIN.match(name)) and len(name) <= MAX_STEM
    assert plain > 500  # the fast path was tried, not only slugify's


def test_duplicate_names_get_stable_suffixes_in_table_order():
    def task(row: int, company: str) -> RowTask:
        return RowTask(row, f"c.csv:{row}", "c.yaml", "t.pptx", (), {"audience.company": company})

    tasks = [task(2, "Acme"), task(3, "ACME"), task(4, "acme-2"), task(5, "Beta"), task(6, "Acme")]
    names = assign_names("{company}", tasks, {})
    assert names == {
        2: "acme.pptx",
        3: "acme-2.pptx",
        4: "acme-2-2.pptx",
        5: "beta.pptx",
        6: "acme-3.pptx",
    }
    assert assign_names("{company}", tasks, {}) == names
    assert assign_names("{row}-{company}", tasks[:1], {})[2] == "2-acme.pptx"


def test_hostile_names_never_leave_the_output_folder(project, tmp_path):
    content, table = project
    codes = ["../../evil", "/abs/path", "NUL", "x" * 300, "a\\b:c*?", "../../evil", ""]
    clients = table("audience.company,region,code\n" + "".join(f'Acme,Nord,"{c}"\n' for c in codes))
    out = tmp_path / "out" / "decks"
    report = build_batch(content, clients, output_dir=out, jobs=1, name="{code}")
    assert report.failed == 0
    assert [Path(r.output).name for r in report.rows] == [
        "evil.pptx",
        "abs-path.pptx",
        "nul-deck.pptx",
        "x" * 100 + ".pptx",
        "a-b-c.pptx",
        "evil-2.pptx",
        "row-8.pptx",
    ]
    assert sorted(tmp_path.rglob("*.pptx")) == sorted(out.glob("*.pptx"))
    assert len(list(out.glob("*.pptx"))) == len(codes)


def test_unchanged_decks_are_skipped_and_changed_rows_rebuilt(project, tmp_path):
    content, table = project
    clients = table(HEADER + "A GmbH,Nord,1800\nB GmbH,Süd,1900\n")
    out = tmp_path / "decks"
    first = build_batch(content, clients, output_dir=out, jobs=1)
    assert [r.status for r in first.rows] == ["built", "built"]
    again = build_batch(content, clients, output_dir=out, jobs=1)
    assert [r.status for r in again.rows] == ["skipped", "skipped"]
    assert again.exit_code == 0
    table(HEADER + "A GmbH,Nord,1800\nB GmbH,Süd,2500\n")
    unchanged = out / "a-gmbh.pptx"
    before, stamp = unchanged.read_bytes(), unchanged.stat().st_mtime_ns
    changed = build_batch(content, clients, output_dir=out, jobs=1)
    assert [r.status for r in changed.rows] == ["skipped", "built"]
    assert unchanged.stat().st_mtime_ns == stamp and unchanged.read_bytes() == before
    # 2500 customers x 2% x 25,000 €: the new value, so row B's deck was rebuilt.
    assert chart_values(open_deck(out / "b-gmbh.pptx"))[0] == 1_250_000.0
    content.write_text(content.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = build_batch(content, clients, output_dir=out, jobs=1)
    assert [r.status for r in edited.rows] == ["built", "built"]
    forced = build_batch(content, clients, output_dir=out, jobs=1, force=True)
    assert [r.status for r in forced.rows] == ["built", "built"]


def test_failed_rows_are_reported_and_the_rest_built_and_reopened(project, tmp_path):
    content, table = project
    clients = table(HEADER + "A GmbH,Nord,1800\nB GmbH,Süd,zwölf\nC GmbH,West,4000\n")
    out = tmp_path / "decks"
    report = build_batch(content, clients, output_dir=out, jobs=2)
    assert (report.built, report.skipped, report.failed, report.exit_code) == (2, 0, 1, 1)
    assert sorted(p.name for p in out.glob("*.pptx")) == ["a-gmbh.pptx", "c-gmbh.pptx"]
    c = open_deck(out / "c-gmbh.pptx")
    assert title_of(c.slides[0]) == "Social Media für C GmbH"
    assert chart_values(c) == [2_000_000.0, 4_000_000.0, 6_000_000.0]


def test_strict_builds_nothing_when_a_row_is_bad(project, tmp_path):
    content, table = project
    clients = table(HEADER + "A GmbH,Nord,1800\nB GmbH,Süd,zwölf\n")
    with pytest.raises(InputError) as err:
        build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1, strict=True)
    assert str(err.value) == (
        "--strict: no deck was built; fix these rows first\n"
        f"{clients}:3: slides.cost_of_inaction.customers: 'zwölf' is not a number"
    )
    assert not (tmp_path / "decks").exists()


def test_a_plan_makes_each_rows_task_when_asked_and_keeps_none(project, tmp_path):
    # A 100,000-row table must not be held again as 100,000 tasks (about 0.8 kB each) for the
    # whole batch: the plan makes a row's task when a worker needs it, the same every time.
    import gc

    from deckgen.batch import plan_batch

    content, table = project
    rows = "".join(f"Kunde {n} GmbH,Nord,{1000 + n}\n" for n in range(200))
    clients = table(HEADER + rows)
    plan = plan_batch(content, clients)
    gc.collect()
    mine = [o for o in gc.get_objects() if isinstance(o, RowTask) and str(clients) in o.origin]
    assert not mine
    assert len(plan.tasks) == 200
    first = plan.tasks[0]
    assert first == plan.tasks[0] and first is not plan.tasks[0]
    assert first.client["audience.company"] == "Kunde 0 GmbH" and first.origin.endswith(":2")
    assert ("slides.cost_of_inaction.customers", "slides.cost_of_inaction.customers", "1000") in (
        first.overrides
    )
    assert [t.row for t in plan.tasks][-3:] == [199, 200, 201]
    assert plan.tasks[198:] == list(plan.tasks)[198:]
    kept = plan.tasks.keeping("/tmp/kept")
    assert (kept[5].kept, plan.tasks[5].kept) == ("/tmp/kept", "")
    assert kept[5] == dataclasses.replace(plan.tasks[5], kept="/tmp/kept")


def test_a_file_a_cell_names_is_judged_once_however_often_its_task_is_made(
    project, tmp_path, monkeypatch
):
    # A batch asks for each row's task several times (inputs, check, names, build): a table's
    # one logo is followed once, and a link changed between asks does not change the task.
    from deckgen.batch import plan, plan_batch

    content, table = project
    (tmp_path / "logo.png").write_bytes(b"inside")
    (tmp_path / "link.png").symlink_to(tmp_path / "logo.png")
    calls = []
    real = plan._inside
    monkeypatch.setattr(plan, "_inside", lambda *args: calls.append(args) or real(*args))
    rows = "".join(f"K{n} GmbH,Nord,1000,{'link' if n == 0 else 'logo'}.png\n" for n in range(50))
    made = plan_batch(content, table(HEADER.rstrip() + ",logo\n" + rows))
    first = list(made.tasks)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    outside.write_bytes(b"outside")
    (tmp_path / "link.png").unlink()
    (tmp_path / "link.png").symlink_to(outside)
    assert list(made.tasks) == first and list(made.tasks.keeping("k"))[0].problems == ()
    assert len(calls) == 2  # logo.png and link.png, once each


def test_the_report_file_is_the_reports_indented_json(project, tmp_path):
    # Written a row at a time (BatchReport.json_pieces), it must read as one json.dumps would
    # have written it: a failed row's multi-line error, a built row's warnings, no rows at all.
    from deckgen.batch import BatchReport, RowReport

    content, table = project
    clients = table(HEADER + "Müller & Söhne,Nord,1800\nB GmbH,Süd,zwölf\n")
    report = build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1)
    text = (tmp_path / "decks/report.json").read_text(encoding="utf-8")
    assert text == json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
    assert "Müller" in text
    # U+2028 and U+2029 stay unescaped with ensure_ascii=False and are line breaks to Python.
    warned = RowReport(2, "Ä\u2028B", "built", "a.pptx", 0.5, warnings=("line\nbreak", "ü\u2029"))
    for rows in ([warned, *report.rows], [warned], []):
        other = BatchReport("c.yaml", "t.csv", "out", rows, 1.0, pdf_error="no LibreOffice")
        pieces = b"".join(other.json_pieces()).decode("utf-8")
        assert pieces == json.dumps(other.to_dict(), indent=2, ensure_ascii=False) + "\n"
        assert json.loads(pieces)["rows"] == other.to_dict()["rows"]


def test_a_batch_in_this_process_leaves_its_fonts_kept(project, tmp_path, monkeypatch):
    # Only a worker stops keeping measurements after its first deck: a one-job batch (and the
    # web page's) shares the process's font book with the builds that come after it.
    from deckgen.batch import worker
    from deckgen.fit.fonts import default_fonts

    monkeypatch.setattr(worker, "_first_deck_done", False)
    content, table = project
    build_batch(content, table(HEADER + "A GmbH,Nord,1800\n"), output_dir=tmp_path / "d", jobs=1)
    assert worker._first_deck_done
    assert not default_fonts()._closed


def test_the_report_file_has_one_entry_per_row(project, tmp_path):
    content, table = project
    clients = table(HEADER + "A GmbH,Nord,1800\nB GmbH,Süd,zwölf\n")
    report = build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1)
    saved = json.loads((tmp_path / "decks/report.json").read_text(encoding="utf-8"))
    assert saved == report.to_dict()
    assert saved["summary"] == {
        "rows": 2,
        "built": 1,
        "skipped": 0,
        "failed": 1,
        "seconds": saved["summary"]["seconds"],
    }
    first, second = saved["rows"]
    assert first["row"] == 2 and first["status"] == "built" and first["error"] is None
    assert first["output"] == str(tmp_path / "decks/a-gmbh.pptx") and first["seconds"] > 0
    assert second == {
        "row": 3,
        "client": "B GmbH",
        "status": "failed",
        "output": None,
        "error": f"{clients}:3: slides.cost_of_inaction.customers: 'zwölf' is not a number",
        "seconds": 0.0,
        "pdf": None,
        "warnings": [],
    }
    other = tmp_path / "elsewhere/run.json"
    build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1, report=other)
    assert json.loads(other.read_text(encoding="utf-8"))["summary"]["skipped"] == 1


def test_ctrl_c_keeps_finished_decks_and_a_rerun_continues(project, tmp_path):
    content, table = project
    clients = table(HEADER + "".join(f"Firma {n},Nord,{1000 + n}\n" for n in range(5)))
    out = tmp_path / "decks"

    def interrupt(stage: str, done: int, total: int) -> None:
        if stage == "build" and done == 2:
            raise KeyboardInterrupt

    with pytest.raises(BatchInterrupted) as err:
        build_batch(content, clients, output_dir=out, jobs=1, progress=interrupt)
    assert err.value.exit_code == 130
    assert sorted(p.name for p in out.iterdir()) == [
        ".deckgen-batch.jsonl",
        ".deckgen-batch.lock",
        "firma-0.pptx",
        "firma-1.pptx",
    ]
    rerun = build_batch(content, clients, output_dir=out, jobs=1)
    assert [r.status for r in rerun.rows] == ["skipped"] * 2 + ["built"] * 3


def test_a_killed_worker_leaves_only_complete_decks_and_a_rerun_completes(project, tmp_path):
    content, table = project
    clients = table(HEADER + "".join(f"Firma {n},Nord,{1000 + n}\n" for n in range(16)))
    out = tmp_path / "decks"
    killed: list[int] = []

    def kill_a_worker(stage: str, done: int, total: int) -> None:
        if stage == "build" and not killed:
            victim = active_children()[0]
            killed.append(victim.pid)
            os.kill(victim.pid, signal.SIGKILL)

    with ProcessPoolExecutor(2) as pool:
        report = build_batch(
            content, clients, output_dir=out, executor=pool, jobs=2, progress=kill_a_worker
        )
    assert killed and report.failed > 0 and report.exit_code == 1
    lost = [r for r in report.rows if r.status == "failed"]
    assert all("the worker process stopped" in r.error for r in lost)
    # A deck the surviving worker finished while the pool broke is complete too, but unreported.
    decks = sorted(out.glob("*.pptx"))
    assert report.built <= len(decks) < 16
    for deck in decks:
        assert title_of(open_deck(deck).slides[0]).startswith("Social Media für Firma")
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    rerun = build_batch(content, clients, output_dir=out, jobs=2)
    assert rerun.failed == 0 and rerun.built == len(lost)
    assert len(list(out.glob("*.pptx"))) == 16


def test_the_shipped_sample_table_builds_against_the_shipped_deck(tmp_path):
    sample = Path(__file__).resolve().parent.parent / "content/clients.sample.csv"
    report = build_batch(shipped_content("de"), sample, output_dir=tmp_path, jobs=1)
    assert report.exit_code == 0
    prs = open_deck(tmp_path / "mueller-soehne-gmbh.pptx")
    assert "Müller & Söhne GmbH" in title_of(prs.slides[0])


def test_german_excel_numbers_reach_fields_and_client_variables(tmp_path):
    content = tmp_path / "pitch.yaml"
    content.write_text(
        content_yaml(
            '- kind: title\n  headline: "{{ audience.company }}: {{ client.umsatz | currency }}"\n'
            "- kind: cost_of_inaction\n  headline: Kosten\n  customers: 10\n"
            "  share_lost: 0.5\n  customer_lifetime_value: 100\n  years: 1\n"
        ),
        encoding="utf-8",
    )
    clients = tmp_path / "kunden.csv"
    clients.write_text(
        "audience.company;umsatz;slides.cost_of_inaction.share_lost;"
        "slides.cost_of_inaction.customer_lifetime_value\n"
        "Acme GmbH;1.234.567,8;0,1;2.500,5\n",
        encoding="utf-8",
    )
    build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1)
    prs = open_deck(tmp_path / "decks/acme-gmbh.pptx")
    assert title_of(prs.slides[0]) == "Acme GmbH: 1.234.568\u00a0€"
    assert chart_values(prs) == [2500.5]  # 10 customers x 10% x 2.500,5 €


def test_a_content_problem_shared_by_every_row_is_one_bad_input_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("pitch.yaml").write_text(
        content_yaml("- kind: title\n  headline: Hallo\n  colour: red\n"), encoding="utf-8"
    )
    Path("clients.csv").write_text("audience.company\nAcme\nBeta\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_batch(Path("pitch.yaml"), Path("clients.csv"), output_dir=Path("decks"), jobs=1)
    assert str(err.value) == (
        "pitch.yaml:11: slides[0].colour: unknown field; "
        "allowed: id, headline, topic, notes, sources, example, proposal, kind, subtitle"
    )
    assert not Path("decks").exists()


def test_a_logo_beside_the_content_file_is_found_and_a_logo_column_beside_the_table(
    tmp_path, monkeypatch
):
    pitch, data, elsewhere = tmp_path / "pitch", tmp_path / "data", tmp_path / "cwd"
    for folder in (pitch, data, elsewhere):
        folder.mkdir()
    Image.new("RGB", (40, 20), "navy").save(pitch / "logo.png")
    Image.new("RGB", (40, 20), "teal").save(data / "own.png")
    content = pitch / "pitch.yaml"
    content.write_text(content_yaml(SLIDES) + "brand: {logo: logo.png}\n", encoding="utf-8")
    clients = data / "clients.csv"
    clients.write_text("audience.company,region,logo\nA GmbH,Nord,\nB GmbH,Süd,own.png\n")
    monkeypatch.chdir(elsewhere)  # neither logo is relative to the working folder
    report = build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1)
    assert [(r.status, r.error) for r in report.rows] == [("built", None), ("built", None)]


def decompression_bomb(path: Path, size: int = 20_000) -> Path:
    """Write a valid black-and-white PNG of size x size pixels: a few KB on disk."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    packer, row = zlib.compressobj(9), b"\0" * (1 + size // 8)
    pixels = b"".join(packer.compress(row) for _ in range(size)) + packer.flush()
    header = struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
    return path


def test_a_logo_with_too_many_pixels_fails_its_row_and_the_others_build(project, tmp_path):
    content, table = project
    bomb = decompression_bomb(tmp_path / "bomb.png")
    clients = table("audience.company,region,logo\nA GmbH,Nord,bomb.png\nB GmbH,Süd,\n")
    report = build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1)
    assert [r.status for r in report.rows] == ["failed", "built"]
    assert report.rows[0].error == (
        f"{clients}:2: logo: {bomb}: the image is 20,000 x 20,000 pixels (400 megapixels), "
        "more than the 25 megapixels deckgen reads; save it smaller (a logo needs at most "
        "2,000 pixels across)"
    )  # the words build and check use for the same file


def test_a_new_deckgen_code_rebuilds_up_to_date_decks(project, tmp_path, monkeypatch):
    content, table = project
    clients = table(HEADER + "A GmbH,Nord,1800\n")
    out = tmp_path / "decks"
    build_batch(content, clients, output_dir=out, jobs=1)
    assert build_batch(content, clients, output_dir=out, jobs=1).rows[0].status == "skipped"
    monkeypatch.setattr(batch.manifest, "code_fingerprint", lambda: "another deckgen")
    assert build_batch(content, clients, output_dir=out, jobs=1).rows[0].status == "built"


def test_the_code_fingerprint_covers_modules_in_subpackages(tmp_path):
    package = tmp_path / "deckgen"
    (package / "ooxml").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    module = package / "ooxml" / "slides.py"
    module.write_text("X = 1\n", encoding="utf-8")
    before = batch.source_fingerprint(package)
    assert batch.source_fingerprint(package) == before
    module.write_text("X = 2\n", encoding="utf-8")
    assert batch.source_fingerprint(package) != before
    assert "ooxml" in {p.parent.name for p in Path(batch.__file__).parent.parent.rglob("*.py")}


def test_a_shared_content_problem_is_reported_once_with_each_rows_own(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("pitch.yaml").write_text(
        content_yaml("- kind: title\n  headline: Hallo\n  colour: red\n"), encoding="utf-8"
    )
    Path("clients.csv").write_text("audience.company,date\nAcme,\nBeta,morgen\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_batch(Path("pitch.yaml"), Path("clients.csv"), output_dir=Path("decks"), jobs=1)
    assert str(err.value).splitlines() == [
        "pitch.yaml:11: slides[0].colour: unknown field; "
        "allowed: id, headline, topic, notes, sources, example, proposal, kind, subtitle",
        "clients.csv:3: date: input should be a valid date or datetime, input is too short",
    ]
    assert not Path("decks").exists()
    with pytest.raises(InputError) as checked:
        validate_clients(Path("pitch.yaml"), Path("clients.csv"))
    assert str(checked.value) == str(err.value)


def test_a_cell_holding_jinja_appears_literally_and_is_never_run(project, tmp_path):
    content, table = project
    clients = table('audience.company,region\n"{{ Acme }} AG",Nord\n"{{ \'%(a)s\' % {} }}",Süd\n')
    report = build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1)
    assert [r.status for r in report.rows] == ["built", "built"]
    deck = open_deck(Path(report.rows[0].output))
    assert title_of(deck.slides[0]) == "Social Media für {{ Acme }} AG"
    other = open_deck(Path(report.rows[1].output))
    assert title_of(other.slides[0]) == "Social Media für {{ '%(a)s' % {} }}"


def test_a_client_variable_holding_a_tag_fails_its_row_and_the_others_build(project, tmp_path):
    content, table = project
    clients = table(
        "audience.company,region,notes\n"
        "A GmbH,Nord,\n"
        "B GmbH,{{ audience.ceo_name }},\n"
        'C GmbH,West,"Hallo {{ first_name }}"\n'
    )
    report = build_batch(content, clients, output_dir=tmp_path / "decks", jobs=1)
    # A column no content string reads (notes) may hold anything, as CRM exports do.
    assert [r.status for r in report.rows] == ["built", "failed", "built"]
    assert report.rows[1].error == (
        f"{clients}:3: {content}:11: slides[0].subtitle: the client value 'region' "
        "('{{ audience.ceo_name }}') holds a template tag; client values are shown as written, "
        "never run: take the braces out of the cell"
    )
    assert sorted(p.name for p in (tmp_path / "decks").glob("*.pptx")) == [
        "a-gmbh.pptx",
        "c-gmbh.pptx",
    ]


def test_a_jinja_bomb_in_a_cell_cannot_hang_validate_clients(project, tmp_path):
    content, table = project
    bomb = "{% set a = 10**64 %}" + "{% set a = a * a %}" * 30 + "{{ a }}"
    table(f'audience.company,region\nA GmbH,"{bomb}"\n')
    check = "from pathlib import Path; from deckgen.batch import validate_clients as v; "
    check += "v(Path('pitch.yaml'), Path('clients.csv'))"
    done = subprocess.run(
        [sys.executable, "-c", check],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # Not run: a cell is shown as written, and one holding a tag is refused, naming the row.
    assert "InputError: clients.csv:2: pitch.yaml:11: slides[0].subtitle:" in done.stderr
    assert "holds a template tag" in done.stderr


def test_a_new_logo_beside_the_content_rebuilds_up_to_date_decks(project, tmp_path):
    content, table = project
    Image.new("RGB", (40, 20), "#0B5CAD").save(tmp_path / "logo.png")
    content.write_text(
        content.read_text(encoding="utf-8").replace("slides:", "brand: {logo: logo.png}\nslides:"),
        encoding="utf-8",
    )
    clients = table(HEADER + "A GmbH,Nord,1800\n")
    out = tmp_path / "decks"
    build_batch(content, clients, output_dir=out, jobs=1)
    assert build_batch(content, clients, output_dir=out, jobs=1).rows[0].status == "skipped"
    Image.new("RGB", (40, 20), "#1B7F5C").save(tmp_path / "logo.png")
    assert build_batch(content, clients, output_dir=out, jobs=1).rows[0].status == "built"


def test_the_code_fingerprint_is_kept_for_the_same_code_and_read_again_for_another(
    tmp_path, monkeypatch
):
    """A batch hashes deckgen's source once per state of its files: the hash is kept under
    their paths, sizes and times, and is the hash of the source itself."""
    monkeypatch.setenv(diskcache.CACHE_ENV, str(tmp_path / "cache"))
    package = Path(batch.__file__).parent.parent
    expected = batch.source_fingerprint(package)
    batch.manifest.code_fingerprint.cache_clear()
    assert batch.code_fingerprint() == expected
    (entry,) = (tmp_path / "cache" / batch.FINGERPRINT_KIND).glob("*.json")
    # The next process reads it; a foreign value is not trusted.
    batch.manifest.code_fingerprint.cache_clear()
    monkeypatch.setattr(batch.manifest, "source_fingerprint", lambda p: pytest.fail("hashed"))
    assert batch.code_fingerprint() == expected
    key = json.loads(entry.read_bytes().split(b"\n")[0])["key"]
    diskcache.write_entry(batch.FINGERPRINT_KIND, key, "not a hash")
    batch.manifest.code_fingerprint.cache_clear()
    monkeypatch.setattr(batch.manifest, "source_fingerprint", lambda p: "f" * 64)
    assert batch.code_fingerprint() == "f" * 64
    batch.manifest.code_fingerprint.cache_clear()
