"""The shipped decks in eight differently designed real templates: LibreOffice's own Impress
templates, saved as .pptx by LibreOffice. Their layouts are as other programs write them
(placeholders without idx, bodies reaching into the footer, colour bands and pictures behind
the text), so they show whether the deck looks right in a template deckgen never saw."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from deckgen.api import build_deck
from deckgen.check import check_deck, is_problem

GALLERY = Path("/usr/lib/libreoffice/share/template/common/presnt")
DESIGNS = (
    "Beehive",
    "Focus",
    "Grey_Elegant",
    "Inspiration",
    "Metropolis",
    "Pencil",
    "Piano",
    "Vivid",
)

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        shutil.which("soffice") is None or not GALLERY.is_dir(),
        reason="needs LibreOffice Impress and its templates (libreoffice-impress)",
    ),
]


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("libreoffice")
    for name in DESIGNS:
        shutil.copy(GALLERY / f"{name}.otp", folder)
    profile = folder / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pptx",
            *(f"{name}.otp" for name in DESIGNS),
        ],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {name: folder / f"{name}.pptx" for name in DESIGNS}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("design", DESIGNS)
def test_the_shipped_deck_builds_and_reads_cleanly_in_a_real_template(
    templates, tmp_path, design, lang
):
    out = build_deck(language=lang, template=templates[design], output=tmp_path / "d.pptx").output
    problems = [f for f in check_deck(out) if is_problem(f)]
    # What deckgen put on the slides fits, stays on the slide and is printed over nothing;
    # the only problems left are the templates' own title styles (LibreOffice exports some
    # titles in the colour of the band behind them).
    assert {f.rule for f in problems} <= {"contrast"}, [str(f) for f in problems][:5]
    assert all((f.shape or "").startswith("PlaceHolder") for f in problems)
