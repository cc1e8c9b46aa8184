"""build --watch and preview --watch: a save runs the job again, a bad edit keeps the last deck.

The watchers run in a thread (ended by a stop event) or a subprocess (ended by Ctrl-C). Nothing
here measures time: every wait is for an event, with a timeout that only ends a hung test.
"""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path

import pytest
from conftest import content_yaml, open_deck, title_of
from deckgen_process import HUNG, Watching
from pptx import Presentation

from deckgen.api import build_inputs, watch_build, watch_preview
from deckgen.errors import ContentError, InputError
from deckgen.watch import Run, rerun_on_change


def title_slide(headline: str) -> str:
    return f'- kind: title\n  headline: "{headline}"\n'


def save(path: Path, text: str) -> None:
    """Save as editors do: write a new file beside it, then rename it over the old one."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class Watcher:
    """A watch in a thread: its runs arrive in a queue, stop() ends it."""

    def __init__(self, start) -> None:
        self.runs: queue.Queue[Run] = queue.Queue()
        self.stop_event = threading.Event()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(start,), daemon=True)
        self.thread.start()

    def _run(self, start) -> None:
        try:
            start(self.runs.put, self.stop_event)
        except BaseException as err:  # shown by next_run instead of dying in the thread
            self.failure = err
            self.runs.put(None)

    def next_run(self) -> Run:
        run = self.runs.get(timeout=HUNG)
        assert run is not None, f"the watch ended: {self.failure!r}"
        return run

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(timeout=HUNG)
        assert not self.thread.is_alive()
        assert self.failure is None


def test_an_edit_builds_a_new_deck_a_bad_one_keeps_the_last_and_a_fix_builds_again(tmp_path):
    content = tmp_path / "pitch.yaml"
    deck = tmp_path / "deck.pptx"
    content.write_text(content_yaml(title_slide("First")), encoding="utf-8")
    watcher = Watcher(
        lambda on_build, stop: watch_build(content, output=deck, on_build=on_build, stop=stop)
    )
    try:
        first = watcher.next_run()
        assert (first.changed, first.error, first.result.output) == ((), None, deck)
        assert first.watching == (content,)
        assert title_of(open_deck(deck).slides[0]) == "First"

        save(content, content_yaml(title_slide("Second")))
        second = watcher.next_run()
        assert (second.changed, second.error) == ((content,), None)
        assert title_of(open_deck(deck).slides[0]) == "Second"

        save(content, content_yaml(title_slide("Third")).replace("language: de", "language: fr"))
        broken = watcher.next_run()
        assert broken.result is None
        assert isinstance(broken.error, ContentError)
        assert str(broken.error) == f"{content}:2: language: input should be 'de' or 'en'"
        assert title_of(open_deck(deck).slides[0]) == "Second"

        save(content, content_yaml(title_slide("Fourth")))
        fixed = watcher.next_run()
        assert (fixed.changed, fixed.error) == ((content,), None)
        assert title_of(open_deck(deck).slides[0]) == "Fourth"
    finally:
        watcher.stop()


def test_a_file_named_by_a_run_and_a_file_that_appears_later_are_watched(tmp_path):
    content, logo, mapping = tmp_path / "a.yaml", tmp_path / "logo.png", tmp_path / "m.yaml"
    content.write_text("1", encoding="utf-8")
    inputs = [content, mapping]  # the mapping does not exist yet

    def job() -> str:
        if logo not in inputs:
            inputs.append(logo)  # as an edit naming a logo makes the build read it
        return content.read_text(encoding="utf-8")

    watcher = Watcher(lambda on_run, stop: rerun_on_change(job, lambda: inputs, on_run, stop=stop))
    try:
        assert watcher.next_run().watching == (content, mapping, logo)
        save(logo, "png")
        assert watcher.next_run().changed == (logo,)
        save(mapping, "title: Title Slide")
        assert watcher.next_run().changed == (mapping,)
        save(content, "2")
        assert (watcher.next_run().result, content.exists()) == ("2", True)
    finally:
        watcher.stop()


def test_a_written_deck_renders_its_preview_again(tmp_path, monkeypatch):
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"first")
    rendered = []

    def fake_preview(path: Path, outdir: Path, *, dpi: int) -> str:
        rendered.append((path.read_bytes(), outdir, dpi))
        return "preview"

    monkeypatch.setattr("deckgen.export.preview_deck", fake_preview)
    watcher = Watcher(
        lambda on_preview, stop: watch_preview(
            deck, tmp_path / "png", dpi=50, on_preview=on_preview, stop=stop
        )
    )
    try:
        assert watcher.next_run().result == "preview"
        save(deck, "second")
        assert watcher.next_run().changed == (deck,)
        assert rendered == [(b"first", tmp_path / "png", 50), (b"second", tmp_path / "png", 50)]
    finally:
        watcher.stop()


def test_build_inputs_are_the_content_its_logo_the_template_and_its_mapping(tmp_path):
    content = tmp_path / "pitch.yaml"
    content.write_text("title: [unclosed\nbrand: {logo: logo.png}\n", encoding="utf-8")
    assert build_inputs(content) == [content]
    content.write_text("language: fr\nbrand: {logo: img/logo.png}\n", encoding="utf-8")
    template = tmp_path / "corporate.potx"
    assert build_inputs(content, template=template) == [
        content,
        tmp_path / "img/logo.png",
        template,
        tmp_path / "corporate.deckgen.yaml",
    ]
    assert build_inputs(
        content, mapping=Path("m.yaml"), overrides=["brand.logo=other.png", "x"]
    ) == [content, Path("other.png"), Path("m.yaml")]


def test_a_watch_with_no_folder_to_watch_is_refused(tmp_path):
    with pytest.raises(InputError) as err:
        rerun_on_change(lambda: None, lambda: [tmp_path / "gone/x.yaml"], lambda run: None)
    assert (
        str(err.value)
        == f"{tmp_path / 'gone/x.yaml'}: nothing to watch, as no folder of these exists"
    )


def test_build_watch_on_the_command_line_reports_each_save_and_ends_cleanly_on_ctrl_c(tmp_path):
    content = tmp_path / "pitch.yaml"
    content.write_text(content_yaml(title_slide("First")), encoding="utf-8")
    with Watching(["build", "pitch.yaml", "-o", "deck.pptx", "--watch"], tmp_path) as watch:
        watch.expect(
            "wrote deck.pptx (1 slide) in ", "watching pitch.yaml for changes (Ctrl-C stops)"
        )
        save(content, content_yaml(title_slide("Second")))
        watch.expect("changed: pitch.yaml", "wrote deck.pptx (1 slide) in ")
        assert title_of(open_deck(tmp_path / "deck.pptx").slides[0]) == "Second"
        save(content, content_yaml(title_slide("x")).replace("language: de", "language: fr"))
        watch.expect(
            "changed: pitch.yaml",
            "error: pitch.yaml:2: language: input should be 'de' or 'en'",
            "note: deck.pptx is the last good one, kept as it was",
        )
        assert title_of(open_deck(tmp_path / "deck.pptx").slides[0]) == "Second"
        assert watch.interrupt() == 0
        watch.expect("stopped watching")
        assert watch.lines.empty()


def test_saving_the_templates_mapping_rebuilds_the_deck_in_the_mapped_layout(tmp_path):
    template, mapping = tmp_path / "corporate.pptx", tmp_path / "corporate.deckgen.yaml"
    Presentation().save(template)
    content, deck = tmp_path / "pitch.yaml", tmp_path / "deck.pptx"
    content.write_text(content_yaml(title_slide("First")), encoding="utf-8")
    watcher = Watcher(
        lambda on_build, stop: watch_build(
            content, template=template, output=deck, on_build=on_build, stop=stop
        )
    )
    try:
        first = watcher.next_run()
        assert (first.error, first.watching) == (None, (content, template, mapping))
        assert open_deck(deck).slides[0].slide_layout.name == "Title Slide"
        save(mapping, "layouts:\n  title: Title Only\n")
        mapped = watcher.next_run()
        assert (mapped.changed, mapped.error) == ((mapping,), None)
        assert open_deck(deck).slides[0].slide_layout.name == "Title Only"
    finally:
        watcher.stop()
