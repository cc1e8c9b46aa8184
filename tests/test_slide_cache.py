"""Slides kept on disk between builds (render/disk.py): a second `deckgen build` in a new
process takes its slides from the cache instead of building them, and the deck is the same
bytes cold, warm, after an edit and after the cache was damaged (issue 11)."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import content_yaml
from fixtures import make_templates as mt

from deckgen import diskcache
from deckgen.render import disk

#: Builds a deck in a new process and prints how many slides it had to build itself.
BUILD = """
import sys
from pathlib import Path
import deckgen.render.deck as deck
built = []
real = deck._build_slide
def counting(*args, **kwargs):
    built.append(args[3].kind)
    return real(*args, **kwargs)
deck._build_slide = counting
from deckgen.api import build_deck
args = sys.argv[1:]
build_deck(
    Path(args[0]) if args[0] != "-" else None,
    language="de" if args[0] == "-" else None,
    template=Path(args[1]) if args[1] != "-" else None,
    output=Path(args[2]),
)
print(",".join(built))
"""


def build(cache: Path, out: Path, content: Path | None = None, template: Path | None = None):
    """Build in a new process with its own cache; return the deck's bytes and the slide kinds
    it built itself (the others came from the cache)."""
    env = {**os.environ, diskcache.CACHE_ENV: str(cache)}
    args = [str(content or "-"), str(template or "-"), str(out)]
    done = subprocess.run(
        [sys.executable, "-c", BUILD, *args], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    built = done.stdout.strip()
    return out.read_bytes(), built.split(",") if built else []


def slide_entries(cache: Path) -> list[Path]:
    return sorted((cache / disk.KIND).glob("*.json"))


def a_template(kind: str | None, folder: Path) -> Path | None:
    """None (the shipped one), konzern, or konzern as a .potx, which deckgen rewrites into a
    plain presentation package when it reads it."""
    if kind is None:
        return None
    tmpl = mt.konzern(folder / "konzern.pptx")
    if kind == "potx":
        tmpl = mt.with_content_type(tmpl, folder / "konzern.potx", mt.POTX)
    return tmpl


@pytest.mark.parametrize("template", [None, "konzern", "potx"])
def test_a_second_build_takes_every_slide_from_disk_and_writes_the_same_bytes(tmp_path, template):
    tmpl = a_template(template, tmp_path)
    cache = tmp_path / "cache"
    cold, built_cold = build(cache, tmp_path / "cold.pptx", template=tmpl)
    assert len(built_cold) >= 14  # the shipped deck: every slide built the first time
    assert len(slide_entries(cache)) == len(built_cold)
    warm, built_warm = build(cache, tmp_path / "warm.pptx", template=tmpl)
    assert built_warm == []
    assert warm == cold


def test_an_edited_slide_is_built_again_and_the_others_come_from_disk(tmp_path):
    cache = tmp_path / "cache"
    content = tmp_path / "pitch.yaml"
    slides = """\
- kind: bullets
  headline: "Erstens ist es wichtig"
  points: [Eins, Zwei]
- kind: bullets
  headline: "Zweitens ist es dringend"
  points: [Drei, Vier]
"""
    content.write_text(content_yaml(slides), encoding="utf-8")
    first, built = build(cache, tmp_path / "a.pptx", content)
    assert built == ["bullets", "bullets"]
    content.write_text(content_yaml(slides.replace("Vier", "Fünf")), encoding="utf-8")
    edited, built = build(cache, tmp_path / "b.pptx", content)
    assert built == ["bullets"]  # only the slide whose text changed
    fresh, _ = build(tmp_path / "empty", tmp_path / "c.pptx", content)
    assert edited == fresh != first


def test_a_damaged_or_foreign_entry_is_built_again_not_trusted(tmp_path):
    cache = tmp_path / "cache"
    cold, built = build(cache, tmp_path / "cold.pptx")
    entries = slide_entries(cache)
    damaged, swapped = entries[0], entries[1:3]
    data = bytearray(damaged.read_bytes())
    data[-10] ^= 0x01  # one bit of the body: its checksum no longer holds
    damaged.write_bytes(bytes(data))
    a, b = (p.read_bytes() for p in swapped)  # each names the other's key now
    swapped[0].write_bytes(b)
    swapped[1].write_bytes(a)
    again, rebuilt = build(cache, tmp_path / "again.pptx")
    assert again == cold
    assert len(rebuilt) == 3
    _, none = build(cache, tmp_path / "third.pptx")
    assert none == []  # the three were kept anew


def test_another_template_or_deckgen_version_misses(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    konzern = mt.konzern(tmp_path / "konzern.pptx")
    build(cache, tmp_path / "a.pptx", template=konzern)
    changed = tmp_path / "changed.pptx"
    changed.write_bytes(konzern.read_bytes() + b"\0")  # one byte more: another template
    _, built = build(cache, tmp_path / "b.pptx", template=changed)
    assert len(built) >= 14
    monkeypatch.setattr(diskcache, "__version__", "99.0")
    monkeypatch.setenv(diskcache.CACHE_ENV, str(cache))
    key = json.loads(slide_entries(cache)[0].read_bytes().split(b"\n")[0])["key"]
    assert disk.read(key) is None  # written by 0.1.0, read by "99.0"


def test_the_cache_stays_within_its_bounds(tmp_path):
    script = "import deckgen.render.disk as d; d.MAX_SLIDES = 5\n" + BUILD
    env = {**os.environ, diskcache.CACHE_ENV: str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", script, "-", "-", str(tmp_path / "a.pptx")],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.split(",")) >= 14  # every slide built, only the newest 5 kept
    assert len(slide_entries(tmp_path / "cache")) == 5


def test_keys_hold_only_values_with_a_fixed_written_form():
    assert disk.canonical((1, "1")) != disk.canonical([1, "1"])
    assert disk.canonical({"a": 1.5}) == disk.canonical({"a": 1.5})
    with pytest.raises(disk.NotData):
        disk.canonical(object())  # its repr holds an address another process may reuse
    assert disk.slide_key("t", {"fonts": 1}, (object(),)) is None
    assert disk.slide_key("t", None, ("title",)) is None  # fonts that are not the process's


def test_a_client_with_a_light_accent_gets_the_deck_its_own_build_gives(tmp_path):
    """The text colour on a device's accent follows the brand's accent: a slide kept from a
    client with a dark accent must not be reused for one with a light accent."""
    from deckgen.api import build_batch, build_deck
    from deckgen.resources import shipped_content

    clients = tmp_path / "clients.csv"
    clients.write_text(
        "audience.company,brand.accent\nDark GmbH,#102040\nLight GmbH,#F0F060\n", encoding="utf-8"
    )
    report = build_batch(shipped_content("de"), clients, output_dir=tmp_path / "out", jobs=1)
    assert (report.built, report.failed) == (2, 0)
    alone = build_deck(
        language="de",
        output=tmp_path / "light.pptx",
        overrides=["audience.company=Light GmbH", "brand.accent=#F0F060"],
    )
    assert (tmp_path / "out" / "light-gmbh.pptx").read_bytes() == alone.output.read_bytes()


def _stored_packed(value):
    """Store the first part the slide owns compressed, as a Packed part is kept."""
    import base64
    import zlib

    part = value["owned"][0]
    content = base64.b64decode(part["blob"])
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = packer.compress(content) + packer.flush()
    part["blob"] = {
        "crc": zlib.crc32(content),
        "data": base64.b64encode(data).decode("ascii"),
        "size": len(content),
    }


def _change(name, by):
    def change(value):
        value["owned"][0]["blob"][name] += by

    return change


ALTERATIONS = {
    "a deflated piece that is another piece": lambda v: v.__setitem__("head", v["after"][-1][2]),
    "a piece deflated after another slot text": lambda v: v["after"][0].__setitem__(1, "b3RoZXI="),
    "a deflated piece numbered beyond the stencil": lambda v: v["after"][0].__setitem__(0, 9),
    "slots kept as text, not a list": lambda v: v.__setitem__("slots", "ab"),
    "a packed part whose CRC is not its content's": _change("crc", 1),
    "a packed part one byte longer than it says": _change("size", -1),
}


def _kept_with_a_part(cache: Path):
    """The key and value of a kept slide that owns a part (the chart's slide)."""
    for entry in slide_entries(cache):
        header, body = entry.read_bytes().split(b"\n", 1)
        value = json.loads(body)
        if value["owned"]:
            return json.loads(header)["key"], value
    raise AssertionError("no kept slide owns a part")


@pytest.mark.parametrize("alteration", ALTERATIONS)
def test_a_kept_slide_that_is_not_what_it_says_is_not_used(tmp_path, monkeypatch, alteration):
    """Checksummed anew after the change, so only the content is wrong."""
    monkeypatch.setenv(diskcache.CACHE_ENV, str(tmp_path / "cache"))
    build(tmp_path / "cache", tmp_path / "a.pptx")
    key, value = _kept_with_a_part(tmp_path / "cache")
    _stored_packed(value)  # kept compressed, as it is: still used
    diskcache.write_entry(disk.KIND, key, value)
    assert disk.read(key) is not None
    ALTERATIONS[alteration](value)
    diskcache.write_entry(disk.KIND, key, value)
    assert disk.read(key) is None


def test_decks_are_deflated_close_to_an_ordinary_deflate_of_their_parts(shipped_decks):
    """Members are deflated at zlib's default level; slides, masters and layouts are deflated
    in pieces around the footer and slide number, each piece with what precedes it as its
    dictionary (see ooxml/stencil.py), so the pieces cost under 5 % of the size."""
    import zipfile
    import zlib

    with zipfile.ZipFile(shipped_decks["de"]) as deck:
        written = ordinary = 0
        for member in deck.infolist():
            data = deck.read(member)
            written += member.compress_size
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            ordinary += len(packer.compress(data) + packer.flush())
    assert written <= 1.05 * ordinary


def test_a_batch_s_first_deck_takes_the_slides_a_build_kept(tmp_path):
    cache = tmp_path / "cache"
    content = tmp_path / "pitch.yaml"
    content.write_text(
        content_yaml(
            '- kind: bullets\n  headline: "Für {{ audience.company }}"\n  points: [Eins]\n'
        ),
        encoding="utf-8",
    )
    built_alone, built = build(cache, tmp_path / "alone.pptx", content)
    assert built == ["bullets"]
    clients = tmp_path / "clients.csv"
    clients.write_text("audience.company\nAcme GmbH\nOther AG\n", encoding="utf-8")
    script = BUILD.split("from deckgen.api")[0] + (
        "from deckgen.api import build_batch\n"
        "report = build_batch(Path(sys.argv[1]), Path(sys.argv[2]), output_dir=Path(sys.argv[3]))\n"
        "assert (report.built, report.failed) == (2, 0), report\n"
        "print(','.join(built))\n"
    )
    env = {**os.environ, diskcache.CACHE_ENV: str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(content), str(clients), str(tmp_path / "out")],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["bullets"]  # Acme's slide came from disk, Other's was built
    assert (tmp_path / "out" / "acme-gmbh.pptx").read_bytes() == built_alone


@pytest.mark.parametrize("rewritten", ["potx", "duplicate placeholder idx"])
def test_a_template_read_again_later_is_the_same_bytes(tmp_path, monkeypatch, rewritten):
    """A template deckgen rewrites when reading it (a .potx made a plain package; layouts whose
    placeholders share an idx, as LibreOffice writes them) gives the same bytes at any time:
    the slides kept on disk are found by them. Zip members written with the date of now
    missed every kept slide of such a template."""
    import time

    from deckgen.template.files import _read_template

    source = mt.konzern(tmp_path / "konzern.pptx")
    if rewritten == "potx":
        path = mt.with_content_type(source, tmp_path / "konzern.potx", mt.POTX)
    else:

        def shared_idx(name: str, data: bytes):
            if name.startswith("ppt/slideLayouts/slideLayout") and name.endswith(".xml"):
                return data.replace(b'idx="1"', b'idx="0"')
            return data if name else None

        path = mt.rewrite(source, tmp_path / "shared.pptx", shared_idx)
    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.0)
    first = _read_template(path).blob
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.0)
    again = _read_template(path).blob
    assert first == again
    assert first != path.read_bytes()  # the package was rewritten, not taken as it is


#: Builds a deck in a new process; prints how many times it made the template's base with
#: python-pptx, then the slide kinds it built itself.
BUILD_BASE = """
import sys
from pathlib import Path
import deckgen.render.deck as deck
from deckgen.ooxml import assembly
made, built = [], []
real_base, real_build = assembly.Base.of_presentation.__func__, deck._build_slide
assembly.Base.of_presentation = classmethod(lambda cls, prs: made.append(1) or real_base(cls, prs))
deck._build_slide = lambda *a, **k: built.append(a[3].kind) or real_build(*a, **k)
from deckgen.api import build_deck
content, template, out, keep = sys.argv[1:]
build_deck(
    Path(content) if content != "-" else None,
    language="de" if content == "-" else None,
    template=Path(template) if template != "-" else None,
    output=Path(out),
    keep_template_slides=keep == "keep",
)
print(len(made), ",".join(built))
"""


def build_base(cache: Path, out: Path, content=None, template=None, keep=False):
    """Build in a new process; return the deck's bytes, the times the base was made and the
    slides built."""
    env = {**os.environ, diskcache.CACHE_ENV: str(cache)}
    args = [str(content or "-"), str(template or "-"), str(out), "keep" if keep else "drop"]
    done = subprocess.run(
        [sys.executable, "-c", BUILD_BASE, *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    made, _, built = done.stdout.strip().partition(" ")
    return out.read_bytes(), int(made), built.split(",") if built else []


def with_own_slide(src: Path, dst: Path) -> Path:
    """The template with a slide of its own, a tag in its text and notes."""
    from pptx import Presentation

    prs = Presentation(str(src))
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    box = slide.shapes.add_textbox(0, 0, 3_000_000, 500_000)
    box.text_frame.text = "Anhang für {{ audience.company }}"
    slide.notes_slide.notes_text_frame.text = "Notiz"
    prs.save(str(dst))
    return dst


@pytest.mark.parametrize("template", [None, "konzern", "potx", "own slides kept"])
def test_a_second_build_takes_the_template_s_base_from_disk_and_writes_the_same_bytes(
    tmp_path, template
):
    keep = template == "own slides kept"
    tmpl = a_template("konzern" if keep else template, tmp_path)
    if keep:  # a template with a slide of its own, tagged, kept after the deck's
        tmpl = with_own_slide(tmpl, tmp_path / "with-slide.pptx")
    cache = tmp_path / "cache"
    cold, made, built = build_base(cache, tmp_path / "cold.pptx", template=tmpl, keep=keep)
    assert made == 1 and len(built) >= 14
    assert len(list((cache / disk.BASE_KIND).glob("*.json"))) == 1
    warm, made, built = build_base(cache, tmp_path / "warm.pptx", template=tmpl, keep=keep)
    assert (made, built) == (0, [])
    assert warm == cold
    # Another slide is built on the base read from disk, with python-pptx's copy made then.
    content = tmp_path / "pitch.yaml"
    content.write_text(
        content_yaml("- kind: bullets\n  headline: Neu\n  points: [Eins, Zwei]\n"),
        encoding="utf-8",
    )
    edited, made, built = build_base(
        cache, tmp_path / "edited.pptx", content, template=tmpl, keep=keep
    )
    assert (made, built) == (0, ["bullets"])
    fresh, made, _ = build_base(
        tmp_path / "empty", tmp_path / "fresh.pptx", content, template=tmpl, keep=keep
    )
    assert made == 1 and edited == fresh


def test_a_damaged_or_foreign_base_is_made_again_not_trusted(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    cold, _, _ = build_base(cache, tmp_path / "cold.pptx")
    (entry,) = (cache / disk.BASE_KIND).glob("*.json")
    head, body = entry.read_bytes().split(b"\n", 1)
    key = json.loads(head)["key"]
    monkeypatch.setenv(diskcache.CACHE_ENV, str(cache))
    assert disk.read_base(key) is not None
    value = json.loads(body)
    broken = [
        value | {"presentation": 7},  # a name that is not text
        value | {"notes": "not base64!"},
        value | {"parts": [value["parts"][0] | {"rels": [["rId1", "t"]]}]},
        value | {"tagged": [[n, s | {"slots": s["slots"] + ["x"]}] for n, s in value["tagged"]]},
        value | {"tagged": [[n, s | {"head": value["notes"]}] for n, s in value["tagged"]]},
        # Decodes, but is not a base a deck can be made of:
        value | {"notes": base64.b64encode(b"<not xml").decode()},
        value | {"presentation_root": base64.b64encode(b"<p:presentation").decode()},
        value | {"parts": [p for p in value["parts"] if p["name"] != value["core"]]},
        value | {"themes": ["/ppt/theme/nowhere.xml"]},
    ]
    for wrong in broken:
        diskcache.write_entries(disk.BASE_KIND, [(key, wrong)])
        assert disk.read_base(key) is None
    again, made, built = build_base(cache, tmp_path / "again.pptx")
    assert again == cold and made == 1 and built == []
    # Kept anew: the next build takes it.
    _, made, _ = build_base(cache, tmp_path / "third.pptx")
    assert made == 0


def test_an_edit_of_the_speaker_notes_alone_builds_no_slide(tmp_path):
    """Notes pages are made per deck from the kept notes page: editing what to say changes no
    slide, and the deck is what a cold build of the edited content writes."""
    cache = tmp_path / "cache"
    content = tmp_path / "pitch.yaml"
    slides = """\
- kind: bullets
  headline: "Erstens ist es wichtig"
  points: [Eins, Zwei]
  notes: Was ich sage.
"""
    content.write_text(content_yaml(slides), encoding="utf-8")
    first, built = build(cache, tmp_path / "a.pptx", content)
    assert built == ["bullets"]
    content.write_text(content_yaml(slides.replace("Was ich", "Was ich jetzt")), encoding="utf-8")
    edited, built = build(cache, tmp_path / "b.pptx", content)
    assert built == []
    fresh, _ = build(tmp_path / "empty", tmp_path / "c.pptx", content)
    assert edited == fresh != first


def test_a_base_over_the_cache_s_entry_limit_is_not_encoded(tmp_path, monkeypatch):
    """A template of large pictures is prepared in every process, as before; its base is not
    encoded only to be dropped."""
    from deckgen.ooxml.assembly import Base
    from deckgen.ooxml.opc import PartData

    monkeypatch.setenv(diskcache.CACHE_ENV, str(tmp_path / "cache"))
    names = dict(presentation="/p.xml", notes_master="/p.xml", core="/p.xml")
    big = PartData("/p.xml", "application/xml", b"x" * 3000)
    base = Base(parts=[big], tagged={}, package_rels=(), presentation_rels=(),
                presentation_root=b"<p/>", themes=[], **names)  # fmt: skip
    monkeypatch.setattr(diskcache, "MAX_ENTRY_BYTES", 2000)
    monkeypatch.setattr(disk, "_bytes", lambda data: pytest.fail("encoded"))
    disk.write_base({"template": "t", "setting": "s"}, (base, b"<notes/>"))
    assert not (tmp_path / "cache" / disk.BASE_KIND).exists()
