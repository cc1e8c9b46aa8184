"""A device drawn in its compact form (devices/place.layout) leaves supporting text out: every
build of that slide says so, also one that takes the slide ready from the slides kept in the
process or on disk, and the deck is the same either way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
from conftest import content_yaml, open_deck
from pptx import Presentation
from pptx.util import Inches
from test_slide_cache import BUILD as COUNTING

from deckgen import devices, diskcache
from deckgen.geometry import Rect
from deckgen.ooxml.xml import qn
from deckgen.render import disk
from deckgen.resources import shipped_template

PILLARS = """\
- kind: pillars
  headline: "Drei Säulen tragen den Plan"
  pillars:
    - name: Bindung
      text: "Aktiv genutzt, stärken soziale Medien die Bindung der Kunden"
    - name: Umsatz
      text: "Dort präsent sein, wo Kunden sprechen, statt sie der Konkurrenz zu überlassen"
    - name: Talente
      text: "Mitarbeitende gewinnen und als Botschafter der Marke sichtbar machen"
"""

BULLETS = """\
- kind: bullets
  headline: "Vorab das Wichtigste"
  points: [Eins, Zwei]
"""

NAMES = ["Bindung", "Umsatz", "Talente"]


def left_out(content: Path, line: int, slide: int) -> str:
    return (
        f"{content}:{line}: slides[{slide - 1}]: slide {slide}: the pillars' descriptions are "
        "left out, as the body area of layout 'Title and Content' is too small for them at any "
        "size; shorten them, use fewer pillars, or pick a template or layout with a larger body "
        "area"
    )


def low_body_template(path: Path) -> Path:
    """The shipped template with a body an inch high on the layout pillars are given (by the
    mapping file beside it): room for the pillars' names, not for their descriptions."""
    prs = Presentation(str(shipped_template()))
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    body = next(p for p in layout.placeholders if p.placeholder_format.idx == 1)
    body.height = Inches(1.2)
    prs.save(str(path))
    path.with_suffix(".deckgen.yaml").write_text("layouts:\n  pillars: Title and Content\n")
    return path


def pillar_texts(deck: Path, index: int) -> list[str]:
    slide = open_deck(deck).slides[index]
    return [
        s.text_frame.text
        for s in slide.shapes
        if s.name.startswith("Pillar") and s.has_text_frame and s.text_frame.text
    ]


@pytest.fixture
def built(monkeypatch):
    """The kinds of the slides built (not taken from the slides kept) from now on."""
    import deckgen.render.deck as deck

    kinds: list[str] = []
    real = deck._build_slide

    def counting(*args, **kwargs):
        kinds.append(args[3].kind)
        return real(*args, **kwargs)

    monkeypatch.setattr(deck, "_build_slide", counting)
    return kinds


def test_a_device_in_its_compact_form_is_warned_of_on_every_build(
    tmp_path, monkeypatch, built
) -> None:
    from deckgen.api import build_deck

    template = low_body_template(tmp_path / "low.pptx")
    monkeypatch.setenv(diskcache.CACHE_ENV, str(tmp_path / "cache"))
    first = tmp_path / "first.yaml"
    first.write_text(content_yaml(PILLARS), encoding="utf-8")
    cold = build_deck(first, template=template, output=tmp_path / "cold.pptx")
    assert built == ["pillars"]
    assert pillar_texts(cold.output, 0) == NAMES  # the names alone: what the warning says
    assert cold.warnings == (left_out(first, 9, 1),)

    # The same slide second in another deck, taken ready from the process (no disk to read):
    # the warning names this deck's slide and line.
    monkeypatch.setenv(diskcache.CACHE_ENV, str(tmp_path / "empty"))
    second = tmp_path / "second.yaml"
    second.write_text(content_yaml(BULLETS + PILLARS), encoding="utf-8")
    warm = build_deck(second, template=template, output=tmp_path / "warm.pptx")
    assert built == ["pillars", "bullets"]
    assert warm.warnings == (left_out(second, 12, 2),)
    assert pillar_texts(warm.output, 1) == NAMES


#: Builds a deck in a new process; prints the kinds of the slides it built and its warnings.
BUILD = COUNTING.split("from deckgen.api")[0] + (
    "import json\n"
    "from deckgen.api import build_deck\n"
    "result = build_deck(Path(sys.argv[1]), template=Path(sys.argv[2]), output=Path(sys.argv[3]))\n"
    'print(json.dumps({"built": built, "warnings": result.warnings}))\n'
)


def build_apart(cache: Path, content: Path, template: Path, out: Path) -> dict:
    env = {**os.environ, diskcache.CACHE_ENV: str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(content), str(template), str(out)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_slide_kept_on_disk_warns_as_when_it_was_built(tmp_path) -> None:
    template = low_body_template(tmp_path / "low.pptx")
    content = tmp_path / "pitch.yaml"
    content.write_text(content_yaml(BULLETS + PILLARS), encoding="utf-8")
    cache = tmp_path / "cache"
    cold = build_apart(cache, content, template, tmp_path / "cold.pptx")
    assert cold == {"built": ["bullets", "pillars"], "warnings": [left_out(content, 12, 2)]}
    warm = build_apart(cache, content, template, tmp_path / "warm.pptx")
    assert warm == {"built": [], "warnings": [left_out(content, 12, 2)]}
    assert (tmp_path / "warm.pptx").read_bytes() == (tmp_path / "cold.pptx").read_bytes()


def test_a_kept_slide_without_the_record_of_what_it_left_out_is_built_again(
    tmp_path, monkeypatch
) -> None:
    """An entry as older code wrote it (its checksum right) cannot say whether its device left
    anything out: it reads as missing, and the slide is built again and warned of."""
    template = low_body_template(tmp_path / "low.pptx")
    content = tmp_path / "pitch.yaml"
    content.write_text(content_yaml(BULLETS + PILLARS), encoding="utf-8")
    cache = tmp_path / "cache"
    build_apart(cache, content, template, tmp_path / "cold.pptx")
    monkeypatch.setenv(diskcache.CACHE_ENV, str(cache))
    for entry in sorted((cache / disk.KIND).glob("*.json")):
        header, body = entry.read_bytes().split(b"\n", 1)
        key, value = json.loads(header)["key"], json.loads(body)
        assert disk.read(key) is not None
        del value["compacted"]
        diskcache.write_entry(disk.KIND, key, value)
        assert disk.read(key) is None
    again = build_apart(cache, content, template, tmp_path / "again.pptx")
    assert again == {"built": ["bullets", "pillars"], "warnings": [left_out(content, 12, 2)]}


def test_a_roomy_body_shows_the_whole_device_without_a_warning(tmp_path) -> None:
    from deckgen.api import build_deck

    content = tmp_path / "pitch.yaml"
    content.write_text(content_yaml(PILLARS), encoding="utf-8")
    result = build_deck(content, output=tmp_path / "deck.pptx")
    assert result.warnings == ()
    texts = pillar_texts(result.output, 0)
    assert [t.split("\n")[0] for t in texts] == NAMES
    assert all("\n" in t for t in texts)  # each name with its description


def test_build_prints_the_warning_and_batch_rows_carry_it(tmp_path) -> None:
    from typer.testing import CliRunner

    from deckgen.api import build_batch
    from deckgen.cli import app

    template = low_body_template(tmp_path / "low.pptx")
    content = tmp_path / "pitch.yaml"
    content.write_text(content_yaml(PILLARS), encoding="utf-8")
    args = ["build", str(content), "-t", str(template), "-o", str(tmp_path / "deck.pptx")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"warning: {left_out(content, 9, 1)}\n" in result.stderr

    clients = tmp_path / "clients.csv"
    clients.write_text("audience.company\nA GmbH\nB AG\n", encoding="utf-8")
    report = build_batch(content, clients, output_dir=tmp_path / "a", template=template, jobs=1)
    assert [r.warnings for r in report.rows] == [(left_out(content, 9, 1),)] * 2
    args = ["batch", str(content), str(clients), "-t", str(template), "-o", str(tmp_path / "b")]
    result = CliRunner().invoke(app, [*args, "-j", "1"])
    assert result.exit_code == 0, result.output
    # Once for the rows that share it, not once a row.
    assert result.stderr.count("warning:") == 1
    assert f"warning: clients.csv: rows 2, 3: {left_out(content, 9, 1)}\n" in result.stderr


#: Each device with a compact form that leaves text out, and the height of an area six inches
#: wide that has room for its compact form only.
DEVICES = {
    "pillars": (devices.PillarRow(None, (("Eins", "Ein Satz dazu " * 6),) * 3, None, None), 1.1),
    "contrast": (
        devices.Contrast(
            "Alt", "Die alte Frage?", ("Ein Punkt " * 5,) * 3,
            "Neu", "Die neue Frage?", ("Ein Punkt " * 5,) * 3, "Beleg", "Ein Beleg",
        ),
        3.1,
    ),
    "timeline": (
        devices.Timeline(
            (("Eins", "Text", True), ("Zwei", "Text", False)), None, "Zeit", ("Ein Punkt",) * 4
        ),
        2.3,
    ),
    "numbered list": (devices.NumberedList((("Thema", "Eine Aussage " * 6),) * 3), 1.1),
    "sources": (devices.SourceList((("Quelle", ("Autor", "Titel " * 10, "Gelesen")),) * 3), 2.1),
}  # fmt: skip


def area(height: float) -> Rect:
    return Rect(0, 0, Inches(6), Inches(height))


@pytest.mark.parametrize("name", DEVICES)
def test_what_a_compact_form_leaves_out_is_noted(name) -> None:
    device, height = DEVICES[name]
    _, left_out = devices.lay_out(device, area(height), devices.Look())
    assert left_out == type(device).LEFT_OUT
    _, left_out = devices.lay_out(device, Rect(0, 0, Inches(30), Inches(30)), devices.Look())
    assert left_out is None  # room for the whole device


def test_every_compact_form_says_what_it_leaves_out() -> None:
    with_compact = [cls for cls in get_args(devices.Device) if hasattr(cls, "compact")]
    assert len(with_compact) == 6
    assert all("LEFT_OUT" in vars(cls) for cls in with_compact)


def test_the_web_preview_shows_the_warning_under_the_content_s_name(tmp_path) -> None:
    """The page for marketers shows what the build said next to the preview; a warning names
    the content file the user edits, not the draft deckgen builds from."""
    from deckgen.web.preview import Builder, Job

    template = low_body_template(tmp_path / "low.pptx")
    builder = Builder(tmp_path / "workspace", images=False)
    job = Job(text=content_yaml(PILLARS), overrides=(), template=template, name="pitch.yaml")
    builder.build(job)
    said = builder._notes[job.key]
    assert any(
        "pitch.yaml:" in note and "the pillars' descriptions are left out" in note for note in said
    ), said
    assert not any("draft" in note for note in said), said


def test_pillars_without_descriptions_stand_in_the_middle_of_their_panels(tmp_path) -> None:
    """A name alone at the top of a tall panel looked like a panel whose text was lost."""
    from deckgen.api import build_deck

    template = low_body_template(tmp_path / "low.pptx")
    content = tmp_path / "pitch.yaml"
    content.write_text(content_yaml(PILLARS), encoding="utf-8")
    deck = build_deck(content, template=template, output=tmp_path / "d.pptx").output
    slide = open_deck(deck).slides[0]
    pillars = [
        s
        for s in slide.shapes
        if s.name.startswith("Pillar") and s.has_text_frame and s.text_frame.text
    ]
    assert [p.text_frame.text for p in pillars] == NAMES
    anchors = {
        p._element.find(f"./{qn('p:txBody')}/{qn('a:bodyPr')}").get("anchor") for p in pillars
    }
    assert anchors == {"ctr"}
