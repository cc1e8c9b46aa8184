"""A template's description kept on disk (template/kept.py): the next process reads it
instead of describing every layout again, and it is the same description, so the same deck.
What is damaged, foreign or from another mapping file is described again, never trusted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures import make_templates as mt

from deckgen import diskcache
from deckgen.template import files, kept
from deckgen.template.model import Template

#: Loads a template in a new process; prints whether its layouts were described and the
#: layout each slide kind got.
LOAD = """
import sys
from pathlib import Path
import deckgen.template.files as files
described = []
real = files.describe_layouts
def counting(*args):
    described.append(1)
    return real(*args)
files.describe_layouts = counting
template = files.load_template(Path(sys.argv[1]))
print(len(described), *(f"{k}={c.layout.ref}" for k, c in sorted(template.choices.items())))
"""


def load_in_new_process(cache: Path, template: Path) -> tuple[int, list[str]]:
    env = {**os.environ, diskcache.CACHE_ENV: str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", LOAD, str(template)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    count, *choices = done.stdout.split()
    return int(count), choices


def fields(template: Template) -> dict[str, object]:
    return {name: getattr(template, name) for name in (*kept.FIELDS, "blob", "format")}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(diskcache.CACHE_ENV, str(folder))
    return folder


def entries(cache: Path) -> list[Path]:
    return sorted((cache / kept.KIND).glob("*.json"))


def test_the_next_process_reads_the_description_instead_of_describing(tmp_path, cache):
    template = mt.konzern(tmp_path / "konzern.pptx")
    described, choices = load_in_new_process(cache, template)
    assert described == 1
    assert len(entries(cache)) == 1
    again, choices_again = load_in_new_process(cache, template)
    assert again == 0
    assert choices_again == choices
    assert "title=Titelfolie" in choices  # the German layout names, as inspect shows them


@pytest.mark.parametrize("keep_slides", [False, True])
def test_a_kept_description_is_the_description(tmp_path, cache, keep_slides):
    template = mt.konzern(tmp_path / "konzern.pptx")
    cold = files._read_template(template, keep_slides=keep_slides)
    assert len(entries(cache)) == 1
    warm = files._read_template(template, keep_slides=keep_slides)
    assert fields(warm) == fields(cold)
    assert warm.notes == cold.notes and warm.mapping_file == cold.mapping_file


def test_another_mapping_file_is_described_again(tmp_path, cache):
    template = mt.konzern(tmp_path / "konzern.pptx")
    mapping = tmp_path / "konzern.deckgen.yaml"
    first = files._read_template(template)
    mapping.write_text("layouts:\n  title: Titel und Inhalt\n", encoding="utf-8")
    mapped = files._read_template(template)
    assert mapped.choices["title"].layout.ref == "Titel und Inhalt"
    assert first.choices["title"].layout.ref != "Titel und Inhalt"
    assert len(entries(cache)) == 2
    mapping.write_text("layouts:\n  title: Titelfolie\n", encoding="utf-8")
    assert files._read_template(template).choices["title"].layout.ref == "Titelfolie"


def test_a_damaged_or_foreign_description_is_described_again(tmp_path, cache, monkeypatch):
    template = mt.konzern(tmp_path / "konzern.pptx")
    cold = files._read_template(template)
    [entry] = entries(cache)
    entry.write_bytes(entry.read_bytes().replace(b"Titelfolie", b"Titelseite"))
    assert fields(files._read_template(template)) == fields(cold)
    # An entry whose checksum holds but whose values are not what this code writes.
    found_key = kept.key(cold.blob, None, False)
    assert found_key is not None
    diskcache.write_entry(kept.KIND, found_key, {"layouts": [{"index": "one"}]})
    assert kept.read(found_key) is None
    assert fields(files._read_template(template)) == fields(cold)


def test_a_refused_mapping_is_never_kept(tmp_path, cache):
    from deckgen.errors import TemplateError

    template = mt.konzern(tmp_path / "konzern.pptx")
    (tmp_path / "konzern.deckgen.yaml").write_text("layouts:\n  title: Nope\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(TemplateError, match="no layout named 'Nope'"):
            files._read_template(template)
    assert entries(cache) == []


def test_a_mapping_saved_while_the_template_is_described_is_not_kept_under_the_old_text(
    tmp_path, cache, monkeypatch
):
    """The mapping is read once, for the key and the description alike: an edit saved in
    between (an editor during `build --watch`) must not keep one text's layouts under the
    other text's key."""
    template = mt.konzern(tmp_path / "konzern.pptx")
    mapping = tmp_path / "konzern.deckgen.yaml"
    first, second = "Titel und Inhalt", "Titelfolie"
    mapping.write_text(f"layouts:\n  title: {first}\n", encoding="utf-8")
    real = files.describe_layouts

    def saved_meanwhile(*args):
        mapping.write_text(f"layouts:\n  title: {second}\n", encoding="utf-8")
        return real(*args)

    monkeypatch.setattr(files, "describe_layouts", saved_meanwhile)
    assert files._read_template(template).choices["title"].layout.ref == first
    monkeypatch.setattr(files, "describe_layouts", real)
    assert files._read_template(template).choices["title"].layout.ref == second
    mapping.write_text(f"layouts:\n  title: {first}\n", encoding="utf-8")
    assert files._read_template(template).choices["title"].layout.ref == first


def test_a_template_whose_mapping_name_is_too_long_has_no_mapping(tmp_path, cache):
    """`<name>.deckgen.yaml` can be longer than the file system allows where the template's
    own name is not: there is no such mapping, not an OSError."""
    template = mt.konzern(tmp_path / ("k" * 245 + ".pptx"))
    assert files._read_template(template).mapping_file is None


def test_a_batch_digests_a_template_whose_mapping_name_is_too_long(tmp_path):
    """The batch's row digest looks for the same mapping file, the same way."""
    from deckgen.batch.manifest import _file_digest

    template = mt.konzern(tmp_path / ("k" * 245 + ".pptx"))
    assert len(_file_digest(str(template), {})) == 64
