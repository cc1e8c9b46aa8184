"""PDF and PNG through LibreOffice headless and poppler: optional tools, clear when absent."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import MissingToolError, OutputError

INSTALL_HINT = (
    "install LibreOffice Impress and poppler, e.g. "
    "`sudo apt-get install libreoffice-impress poppler-utils` (Debian/Ubuntu) or "
    "`brew install --cask libreoffice && brew install poppler` (macOS)"
)
TIMEOUT_S = 600


def soffice() -> str:
    """Return the LibreOffice executable; raise MissingToolError with the install command."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise MissingToolError(f"LibreOffice is not installed, so no PDF was made; {INSTALL_HINT}")


def convert_to_pdf(decks: Sequence[Path], outdir: Path | None = None) -> list[Path]:
    """Convert decks to PDF beside them (or into outdir) with one LibreOffice process.

    One start for all decks: LibreOffice takes seconds to start and milliseconds per deck.
    """
    exe = soffice()
    if not decks:
        return []
    with tempfile.TemporaryDirectory(prefix="deckgen-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        work = Path(tmp, "out")
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
        cmd += ["--convert-to", "pdf", "--outdir", str(work), *map(str, decks)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as err:
            raise OutputError(f"LibreOffice did not finish within {TIMEOUT_S} s") from err
        results = []
        for deck in decks:
            made = work / (deck.stem + ".pdf")
            if not made.exists():
                raise OutputError(f"{deck}: LibreOffice could not convert this deck to PDF")
            target = (outdir or deck.parent) / made.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(made, target)
            results.append(target)
    return results


def pdf_to_png(pdf: Path, outdir: Path, *, dpi: int = 60) -> list[Path]:
    """Render each PDF page to PNG with pdftoppm; return the files in page order."""
    exe = shutil.which("pdftoppm")
    if not exe:
        raise MissingToolError(f"pdftoppm is not installed, so no PNG was made; {INSTALL_HINT}")
    outdir.mkdir(parents=True, exist_ok=True)
    prefix = outdir / pdf.stem
    subprocess.run(
        [exe, "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True, timeout=TIMEOUT_S
    )
    return sorted(outdir.glob(pdf.stem + "-*.png"))
