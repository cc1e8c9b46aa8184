"""What deckgen keeps on disk between processes: font metrics, fontconfig's answers, the
content schema.

The cache may only save time: decks are the same bytes cold and warm, and an entry that was
damaged, written for another key or by another version is ignored and computed again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import ImageFont

from deckgen import api, diskcache
from deckgen.fit import fonts as fonts_module
from deckgen.fit.fonts import FontBook


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(diskcache.CACHE_ENV, str(folder))
    return folder


def entries(cache: Path, kind: str) -> list[Path]:
    return sorted((cache / kind).glob("*.json"))


# --------------------------------------------------------------------------- the store


def test_a_stored_value_reads_back(cache: Path) -> None:
    diskcache.write_entry("things", {"name": "a", "size": 3}, {"widths": {"x": 0.5}})
    assert diskcache.read_entry("things", {"name": "a", "size": 3}) == {"widths": {"x": 0.5}}
    assert diskcache.read_entry("things", {"name": "a", "size": 4}) is None
    assert oct(cache.stat().st_mode & 0o777) == "0o700"  # the user's alone


def test_a_damaged_entry_reads_as_missing(cache: Path) -> None:
    diskcache.write_entry("things", {"name": "a"}, {"width": 0.5})
    [entry] = entries(cache, "things")
    entry.write_bytes(entry.read_bytes().replace(b"0.5", b"0.6"))  # still valid JSON
    assert diskcache.read_entry("things", {"name": "a"}) is None
    entry.write_bytes(entry.read_bytes()[:-3])  # torn by a crash
    assert diskcache.read_entry("things", {"name": "a"}) is None
    entry.write_bytes(b"\x00garbage")
    assert diskcache.read_entry("things", {"name": "a"}) is None


def test_an_entry_for_another_key_or_version_reads_as_missing(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    diskcache.write_entry("things", {"name": "a"}, 1)
    diskcache.write_entry("things", {"name": "b"}, 2)
    first, second = entries(cache, "things")
    shutil.copy(first, second)  # a's entry where b's is looked for
    values = {diskcache.read_entry("things", {"name": n}) for n in "ab"}
    assert values == {1, None}
    monkeypatch.setattr(diskcache, "__version__", "99.0")
    assert diskcache.read_entry("things", {"name": "a"}) is None


def test_the_store_keeps_a_bounded_number_of_entries(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diskcache, "MAX_ENTRIES", 3)
    for n in range(6):
        diskcache.write_entry("things", {"n": n}, n)
        os.utime(entries(cache, "things")[0], ns=(n, n))  # older ones have older times
    assert len(entries(cache, "things")) == 3


def test_an_unwritable_cache_costs_only_time(cache: Path) -> None:
    cache.write_text("a file where the folder should be")
    diskcache.write_entry("things", {"name": "a"}, 1)
    assert diskcache.read_entry("things", {"name": "a"}) is None


def test_a_value_or_key_without_a_json_form_is_not_kept_and_fails_nothing(cache: Path) -> None:
    """A formatted figure can hold a lone surrogate (a tag's own text): keeping it costs only
    speed, so it is not kept, and the command goes on."""
    diskcache.write_entry("kind", {"k": 1}, {"text": "\ud800"})
    diskcache.write_entry("kind", {"k": "\ud800"}, "value")
    diskcache.write_entry("kind", {"k": 2}, {"not json": object()})
    assert diskcache.read_entry("kind", {"k": 1}) is None
    assert diskcache.read_entry("kind", {"k": "\ud800"}) is None
    assert diskcache.read_entry("kind", {"k": 2}) is None
    diskcache.write_entry("kind", {"k": 1}, {"text": "ok"})
    assert diskcache.read_entry("kind", {"k": 1}) == {"text": "ok"}


def test_the_cache_is_under_the_user_cache_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(diskcache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    if sys.platform.startswith("linux"):
        assert diskcache.cache_dir() == Path("/somewhere/cache/deckgen")
    monkeypatch.setenv(diskcache.CACHE_ENV, "/elsewhere")
    assert diskcache.cache_dir() == Path("/elsewhere")


# --------------------------------------------------------------------------- font metrics

WORDS = ("Kundenbindung", "Vertrauen schafft Umsatz", "Muster AG", "fi", "tt", "ti")


def carlito(book: FontBook) -> None:
    if book.find("Carlito") is None:
        pytest.skip("the Carlito font (fonts-crosextra-carlito) is not installed")


def test_widths_are_measured_once_per_font_file(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = FontBook(keep=True)
    carlito(first)
    measured = [first.font("Carlito", 20).width_pt(w) for w in WORDS]
    joined = [first.font("Carlito", 20).joins(w) for w in WORDS]
    first.save_kept()
    assert entries(cache, "font-metrics")

    def no_shaping(*args: object, **kwargs: object) -> float:
        raise AssertionError("measured again")

    monkeypatch.setattr(ImageFont.FreeTypeFont, "getlength", no_shaping)
    monkeypatch.setattr(ImageFont.FreeTypeFont, "getmask2", no_shaping)  # ligature pictures
    second = FontBook(keep=True)
    assert [second.font("Carlito", 20).width_pt(w) for w in WORDS] == measured
    assert [second.font("Carlito", 20).joins(w) for w in WORDS] == joined


def test_damaged_metrics_are_measured_again_and_kept_anew(cache: Path) -> None:
    first = FontBook(keep=True)
    carlito(first)
    measured = [first.font("Carlito", 20).width_pt(w) for w in WORDS]
    first.save_kept()
    [entry] = entries(cache, "font-metrics")
    entry.write_bytes(entry.read_bytes()[:200])
    second = FontBook(keep=True)
    assert [second.font("Carlito", 20).width_pt(w) for w in WORDS] == measured
    second.save_kept()
    value = diskcache.read_entry("font-metrics", second._faces[second.find("Carlito")].kept.key)
    assert len(value["widths"]) == len(WORDS)


def test_metrics_kept_by_other_code_are_measured_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = FontBook(keep=True)
    carlito(first)
    first.font("Carlito", 20).width_pt("Vertrauen")
    first.save_kept()
    monkeypatch.setattr(diskcache, "code_digest", lambda module: "an edited fonts.py")
    second = FontBook(keep=True)
    second.font("Carlito", 20).width_pt("Vertrauen")
    assert second._faces[second.find("Carlito")].kept.widths == {}


def test_after_the_last_save_a_book_measures_but_keeps_nothing_new(cache: Path) -> None:
    # A batch worker stores its first deck's widths, then measures one-off client names for
    # thousands of decks: those must not pile up in its memory, nor reach the disk.
    first = FontBook(keep=True)
    carlito(first)
    first.font("Carlito", 20).width_pt("Vertrauen")
    first.save_kept(last=True)
    kept = first._faces[first.find("Carlito")].kept
    later = [first.font("Carlito", 20).width_pt(f"Kunde {n} GmbH") for n in range(50)]
    first.font("Carlito", 20).joins("fi")  # a ligature looked up after the last save
    assert (kept.new_widths, kept.new_joins) == ({}, {})
    faces = len(first._faces)
    bold = first.font("Carlito", 20, bold=True)  # another file, read after the last save
    bold.width_pt("Kunde 1 GmbH")
    assert len(first._faces) == faces + 1
    assert first._faces[bold.path, 0].kept.new_widths == {}
    first.save_kept()
    second = FontBook(keep=True)
    second.font("Carlito", 20).width_pt("Vertrauen")
    assert len(second._faces[second.find("Carlito")].kept.widths) == 1
    assert [second.font("Carlito", 20).width_pt(f"Kunde {n} GmbH") for n in range(50)] == later


def test_a_book_without_keep_leaves_no_trace(cache: Path) -> None:
    book = FontBook()
    carlito(book)
    book.font("Carlito", 20).width_pt("Vertrauen")
    book.save_kept()
    assert not cache.exists()


# --------------------------------------------------------------------------- fontconfig's answers

needs_fc_match = pytest.mark.skipif(shutil.which("fc-match") is None, reason="needs fc-match")


@needs_fc_match
def test_fc_match_is_asked_once_for_the_same_fonts(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text(Path("/etc/fonts/fonts.conf").read_text())
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    first = FontBook(keep=True)
    answers = [first.find("Calibri"), first.find("Deckgen Imaginary Sans")]
    first.save_kept()
    calls: list[object] = []

    def fc_match(*args: object, **kwargs: object) -> None:
        calls.append(args)
        raise subprocess.SubprocessError("not asked in this test")

    monkeypatch.setattr(fonts_module.subprocess, "run", fc_match)
    assert [FontBook(keep=True).find(f) for f in ("Calibri", "Deckgen Imaginary Sans")] == answers
    assert calls == []
    os.utime(config, ns=(1, 1))  # fontconfig's configuration changed: ask again
    FontBook(keep=True).find("Calibri")
    assert calls  # Calibri, then its substitute Carlito


# --------------------------------------------------------------------------- whole builds


def build(tmp_path: Path, name: str) -> bytes:
    """Build the shipped deck in a new process, as a user's next `deckgen build` would."""
    output = tmp_path / name
    subprocess.run(
        [sys.executable, "-m", "deckgen", "build", "-o", str(output)],
        cwd=tmp_path,
        env=os.environ | {diskcache.CACHE_ENV: str(tmp_path / "cache")},
        check=True,
        capture_output=True,
        timeout=300,
    )
    return output.read_bytes()


def test_a_deck_is_the_same_bytes_with_a_cold_and_a_warm_cache(cache: Path, tmp_path: Path) -> None:
    cold = build(tmp_path, "cold.pptx")
    assert entries(cache, "font-metrics")
    assert build(tmp_path, "warm.pptx") == cold
    for entry in entries(cache, "font-metrics"):
        entry.write_bytes(entry.read_bytes()[:-10])  # damaged: measured again
    assert build(tmp_path, "damaged.pptx") == cold


def test_a_check_keeps_what_it_measured_for_the_next(cache: Path, tmp_path: Path) -> None:
    from pptx import Presentation

    deck = tmp_path / "plain.pptx"
    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = "Quarterly review"
    presentation.save(str(deck))
    subprocess.run(
        [sys.executable, "-m", "deckgen", "check", str(deck)],
        env=os.environ | {diskcache.CACHE_ENV: str(cache)},
        capture_output=True,
        timeout=300,
    )
    if FontBook().find("Calibri") is None:
        pytest.skip("no font for Calibri (fonts-crosextra-carlito) to measure with")
    assert entries(cache, "font-metrics")


def test_batch_workers_keep_what_they_measured_for_the_next(cache: Path, tmp_path: Path) -> None:
    """Forked workers run no exit handlers: a batch whose decks are all built in workers
    still leaves the fonts measured for the next process."""
    subprocess.run(
        [sys.executable, "-m", "deckgen", "init", "p"], cwd=tmp_path, check=True, timeout=120
    )
    subprocess.run(
        [sys.executable, "-m", "deckgen", "batch", "p/pitch.yaml", "p/clients.csv", "-j", "2"],
        cwd=tmp_path,
        env=os.environ | {diskcache.CACHE_ENV: str(cache)},
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert len(list((tmp_path / "decks").glob("*.pptx"))) == 2
    if FontBook().find("Calibri") is None:
        pytest.skip("no font for Calibri (fonts-crosextra-carlito) to measure with")
    assert entries(cache, "font-metrics")


# --------------------------------------------------------------------------- the content schema


def fresh_schema() -> str:
    return json.dumps(api.content_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def test_the_schema_is_kept_and_read_back_the_same(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = api.content_schema_json()
    assert first == fresh_schema()
    assert len(entries(cache, api.SCHEMA_KIND)) == 1

    def built() -> None:
        raise AssertionError("the kept schema was built again")

    monkeypatch.setattr(api, "content_schema", built)
    assert api.content_schema_json() == first


def test_a_damaged_schema_is_built_again(cache: Path) -> None:
    api.content_schema_json()
    [entry] = entries(cache, api.SCHEMA_KIND)
    entry.write_bytes(entry.read_bytes().replace(b"deckgen content", b"deckgen contest"))
    assert api.content_schema_json() == fresh_schema()


def test_the_schema_kept_by_other_code_is_built_again(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.content_schema_json()
    [entry] = entries(cache, api.SCHEMA_KIND)
    entry.write_text(entry.read_text().replace("deckgen content", "old title"))  # as if kept by
    monkeypatch.setattr(  # another edit of the models: its code state differs from ours
        diskcache, "installed_code", lambda libraries: [["models.py", 1, 2], libraries]
    )
    assert api.content_schema_json() == fresh_schema()
    assert len(entries(cache, api.SCHEMA_KIND)) == 2


def test_the_code_state_names_every_module_and_the_libraries() -> None:
    files, found = diskcache.installed_code(("pydantic",))
    names = {name for name, _size, _mtime in files}
    assert {"api.py", os.path.join("models", "slides.py")} <= names
    assert found[0] == sys.version
    assert found[1][0] == "pydantic" and found[1][2] > 0


def test_fonts_are_keyed_by_the_versions_pillow_reports() -> None:
    """Kept widths and slides are keyed by Pillow's, FreeType's and raqm's versions, read
    without Pillow's imaging modules (a build of kept slides measures nothing): the same
    values ``PIL.features`` reports."""
    import PIL
    from PIL import features

    from deckgen.fit.fontstore import pillow_versions

    assert pillow_versions() == {
        "pillow": PIL.__version__,
        "freetype": features.version("freetype2"),
        "raqm": features.version("raqm"),
    }
