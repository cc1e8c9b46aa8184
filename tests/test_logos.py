"""Logos: bounded in bytes and pixels before anything decodes them, refused with one paragraph
when damaged or cut short, and scaled down to the box the slide shows them in; the same rule
for build, batch and check."""

from __future__ import annotations

import io
import random
import struct
import warnings
import zlib
from pathlib import Path

import pytest
from conftest import content_yaml
from fixtures import make_templates as mt
from PIL import Image
from pptx import Presentation
from pptx.shapes.picture import Picture
from pptx.util import Inches
from typer.testing import CliRunner

from deckgen import images
from deckgen.api import build_deck
from deckgen.batch import build_batch
from deckgen.check import check_deck
from deckgen.cli import app
from deckgen.errors import InputError

#: The logo placeholder of the test template: 1.5 x 0.6 inches.
BOX_IN = (1.5, 0.6)


def noisy_png(path: Path, size: tuple[int, int]) -> Path:
    """A PNG that does not compress to nothing (a logo with a photo in it)."""
    rng = random.Random(4)
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    image.save(path, format="PNG")
    return path


def claimed_png(path: Path, width: int, height: int) -> Path:
    """A small file whose header claims width x height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * (width * 3 + 1) * 4)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    return path


def cut_short(src: Path, dst: Path) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: len(data) // 2])
    return dst


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """PowerPoint's default template with a Logo picture placeholder on every layout."""
    prs = mt.office()
    for layout in mt.layouts(prs):
        mt.picture_placeholder(layout, "Logo", 40, (11.5, 0.2, *BOX_IN))
    return mt.save(prs, tmp_path_factory.mktemp("logo") / "logo.pptx")


def build(template: Path, out: Path, logo: Path):
    return CliRunner().invoke(
        app,
        [
            "build",
            "--lang",
            "en",
            "-t",
            str(template),
            "-o",
            str(out),
            "--set",
            f"brand.logo={logo}",
        ],
    )


def logo_picture(deck: Path):
    prs = Presentation(str(deck))
    (picture,) = [s for s in prs.slides[0].shapes if isinstance(s, Picture)]
    return picture


def test_a_large_logo_is_scaled_down_to_its_box_the_same_way_every_time(tmp_path, template):
    logo = noisy_png(tmp_path / "riesig.png", (4000, 1000))
    first, second = tmp_path / "a.pptx", tmp_path / "b.pptx"
    assert build(template, first, logo).exit_code == 0
    assert build(template, second, logo).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    picture = logo_picture(first)
    shown = picture.width / 914400  # inches: the box's width, the logo being wider than tall
    assert shown == pytest.approx(BOX_IN[0], rel=0.01)
    with Image.open(io.BytesIO(picture.image.blob)) as image:
        assert image.format == "PNG"
        # Twice 150 dpi of what the slide shows, the proportions kept.
        assert image.size == (450, 113)
    assert len(picture.image.blob) < logo.stat().st_size / 20


def test_a_small_logo_keeps_its_own_bytes(tmp_path, template):
    logo = noisy_png(tmp_path / "klein.png", (300, 100))
    out = tmp_path / "d.pptx"
    assert build(template, out, logo).exit_code == 0
    assert logo_picture(out).image.blob == logo.read_bytes()


def test_a_large_jpeg_logo_stays_a_jpeg(tmp_path, template):
    logo = tmp_path / "foto.jpg"
    noisy_png(tmp_path / "x.png", (3000, 1200))
    Image.open(tmp_path / "x.png").save(logo, format="JPEG", quality=95)
    out = tmp_path / "d.pptx"
    assert build(template, out, logo).exit_code == 0
    with Image.open(io.BytesIO(logo_picture(out).image.blob)) as image:
        assert image.format == "JPEG" and image.size == (450, 180)


def test_a_logo_of_too_many_pixels_is_refused_before_it_is_decoded(tmp_path, template):
    logo = claimed_png(tmp_path / "bombe.png", 12000, 12000)  # 144 megapixels, 60 KB
    out = tmp_path / "d.pptx"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Pillow's DecompressionBombWarning would fail here
        result = build(template, out, logo)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: --set brand.logo: brand.logo: {logo}: the image is 12,000 x 12,000 pixels "
        "(144 megapixels), more than the 25 megapixels deckgen reads; save it smaller (a logo "
        "needs at most 2,000 pixels across)\n"
    ) or result.stderr == (
        f"error: brand.logo: {logo}: the image is 12,000 x 12,000 pixels (144 megapixels), "
        "more than the 25 megapixels deckgen reads; save it smaller (a logo needs at most "
        "2,000 pixels across)\n"
    )
    assert "DecompressionBomb" not in result.output
    assert not out.exists()


def test_a_truncated_logo_is_refused_by_build(tmp_path, template):
    logo = cut_short(noisy_png(tmp_path / "ganz.png", (400, 300)), tmp_path / "halb.png")
    out = tmp_path / "d.pptx"
    result = build(template, out, logo)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"brand.logo: {logo}: the PNG image is damaged or cut short (its data ends early or "
        "does not decode); save or copy the file again\n"
    )
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert not out.exists()


def test_build_deck_raises_input_error_for_a_truncated_logo(tmp_path, template):
    logo = cut_short(noisy_png(tmp_path / "ganz.png", (400, 300)), tmp_path / "halb.png")
    with pytest.raises(InputError, match="damaged or cut short"):
        build_deck(
            language="en",
            template=template,
            output=tmp_path / "d.pptx",
            overrides=[f"brand.logo={logo}"],
        )


def test_batch_fails_the_row_of_a_logo_over_the_pixel_bound(tmp_path, template, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Image.new("L", (6000, 4500)).save(tmp_path / "gross.png")  # 27 megapixels
    noisy_png(tmp_path / "gut.png", (300, 100))
    (tmp_path / "pitch.yaml").write_text(
        "title: T\nlanguage: en\ndate: 2026-12-01\n"
        "audience: {company: Acme, ceo_name: Jane Doe}\n"
        "presenter: {name: Max, role: CMO}\n"
        "slides:\n  - {kind: title, headline: Hello}\n",
        encoding="utf-8",
    )
    (tmp_path / "clients.csv").write_text(
        "audience.company,logo\nAcme,gross.png\nBeta,gut.png\n", encoding="utf-8"
    )
    report = build_batch(
        Path("pitch.yaml"),
        Path("clients.csv"),
        output_dir=tmp_path / "d",
        template=template,
        jobs=1,
    )
    assert [r.status for r in report.rows] == ["failed", "built"]
    assert "6,000 x 4,500 pixels (27 megapixels), more than the 25 megapixels" in (
        report.rows[0].error or ""
    )


def test_check_flags_a_truncated_picture_in_a_deck(tmp_path):
    whole = noisy_png(tmp_path / "ganz.png", (400, 300))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    picture = slide.shapes.add_picture(str(whole), Inches(1), Inches(1))
    picture.name = "Foto"
    deck = tmp_path / "deck.pptx"
    prs.save(str(deck))
    assert not [f for f in check_deck(deck) if f.rule == "broken-picture"]
    # The picture's part cut short inside the deck, as a failed copy leaves it.
    import zipfile

    cut = tmp_path / "kaputt.pptx"
    with zipfile.ZipFile(deck) as src, zipfile.ZipFile(cut, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(
                info, data[: len(data) // 2] if info.filename.startswith("ppt/media/") else data
            )
    found = [f for f in check_deck(cut) if f.rule == "broken-picture"]
    assert [(f.slide, f.shape, f.message) for f in found] == [
        (
            1,
            "Foto",
            "picture: the PNG image is damaged or cut short (its data ends early or does not "
            "decode); save or copy the file again",
        )
    ]


def test_the_pixel_bound_is_checked_on_the_header_alone(tmp_path):
    bomb = claimed_png(tmp_path / "b.png", 100_000, 100_000)  # 10 gigapixels
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "10,000 megapixels" in (images.logo_problem(bomb) or "")


def test_a_scaled_logo_keeps_its_colour_profile(tmp_path):
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = io.BytesIO()
    Image.open(noisy_png(tmp_path / "x.png", (2000, 800))).save(
        source, format="JPEG", icc_profile=profile
    )
    small = images.scaled_down(source.getvalue(), Inches(1), Inches(0.4))
    assert small is not None
    with Image.open(io.BytesIO(small)) as image:
        assert image.size == (300, 120)
        assert image.info.get("icc_profile") == profile


def test_validate_refuses_a_truncated_logo_as_build_does(tmp_path):
    """One rule for every command: `deckgen validate` says of a damaged logo what build says,
    before anything is built."""
    logo = cut_short(noisy_png(tmp_path / "ganz.png", (400, 300)), tmp_path / "halb.png")
    content = tmp_path / "pitch.yaml"
    content.write_text(content_yaml("- {kind: bullets, headline: Eins, points: [a]}"), "utf-8")
    result = CliRunner().invoke(app, ["validate", str(content), "--set", f"brand.logo={logo}"])
    assert result.exit_code == 2
    assert "the PNG image is damaged or cut short" in result.stderr
    assert "Traceback" not in result.output
