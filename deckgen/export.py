"""PDF and PNG through LibreOffice headless and poppler: optional tools, clear when absent.

LibreOffice takes a second or more to start and a fraction of a second per deck, so no deck
gets a start of its own: a conversion hands all its decks to one LibreOffice process, or a
large batch to a few side by side (one per CPU, each converting a share of the decks).
"""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import MissingToolError, OutputError
from .output import write_atomic

if TYPE_CHECKING:
    from PIL.Image import Image

    from .check import Finding

INSTALL_COMMAND = "sudo apt-get install libreoffice-impress poppler-utils fonts-crosextra-carlito"
INSTALL_HINT = (
    f"install LibreOffice Impress and poppler: `{INSTALL_COMMAND}` (Debian/Ubuntu) or "
    "`brew install --cask libreoffice && brew install poppler` (macOS)"
)
#: LibreOffice is given this long to start, plus PER_DECK_S for every deck it converts.
TIMEOUT_S = 300
PER_DECK_S = 30
#: Parallel LibreOffice processes for a batch: each needs a CPU and some 200 MB of memory.
MAX_PROCESSES = 4
DECKS_PER_PROCESS = 8

#: Where installers put LibreOffice when it is not on PATH (macOS app bundle, Windows).
_SOFFICE_PLACES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def soffice(making: str = "PDF") -> str:
    """Return the LibreOffice executable; raise MissingToolError with the install command,
    saying that no ``making`` (PDF, preview) was made."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in _SOFFICE_PLACES:
        if os.path.isfile(place):
            return place
    raise MissingToolError(f"LibreOffice is not installed, so no {making} was made; {INSTALL_HINT}")


def pdftoppm(making: str = "PNG") -> str:
    """Return poppler's pdftoppm; raise MissingToolError with the install command."""
    found = shutil.which("pdftoppm")
    if not found:
        raise MissingToolError(
            f"pdftoppm is not installed, so no {making} was made; {INSTALL_HINT}"
        )
    return found


@dataclass
class PdfBatch:
    """What one LibreOffice run made: the PDF of each deck, and why the others failed."""

    pdfs: dict[Path, Path] = field(default_factory=dict)
    failed: dict[Path, str] = field(default_factory=dict)


def pdf_jobs(decks: int) -> int:
    """How many LibreOffice processes convert ``decks``: one per CPU (at most four), but never
    fewer than DECKS_PER_PROCESS decks each, since every start costs about a second."""
    return max(1, min(os.cpu_count() or 1, MAX_PROCESSES, decks // DECKS_PER_PROCESS))


def convert_batch(
    decks: Sequence[Path], outdir: Path | None = None, *, jobs: int | None = None
) -> PdfBatch:
    """Convert decks to PDF beside them (or into outdir), one LibreOffice start for many decks.

    For batch builds: a deck that LibreOffice cannot convert is reported in ``failed`` and the
    others are still written. Each PDF is named after its deck and written atomically; decks
    with the same name in different folders do not collide. Large batches are split over
    ``jobs`` LibreOffice processes running side by side (default: ``pdf_jobs``). Raise
    MissingToolError (with the install command) only when LibreOffice is not installed.
    """
    exe = soffice()
    result = PdfBatch()
    if not decks:
        return result
    with tempfile.TemporaryDirectory(prefix="deckgen-pdf-") as tmp:
        inbox, outbox = Path(tmp, "in"), Path(tmp, "out")
        inbox.mkdir()
        # Copies under plain numbered names: no two decks share a PDF name in LibreOffice's one
        # output folder, and no user file name reaches the command line.
        staged: dict[Path, Path] = {}
        for n, deck in enumerate(decks):
            copy = inbox / f"deck-{n:05d}.pptx"
            try:
                shutil.copyfile(deck, copy)
            except OSError as err:
                result.failed[deck] = f"{deck}: cannot read the deck: {err.strerror}"
                continue
            staged[deck] = copy
        files = list(staged.values())
        count = max(1, min(jobs or pdf_jobs(len(files)), len(files)))
        _run_soffice(exe, Path(tmp), outbox, [files[k::count] for k in range(count)])
        for deck, copy in staged.items():
            made = outbox / (copy.stem + ".pdf")
            if not made.exists():
                result.failed[deck] = f"{deck}: LibreOffice could not convert this deck to PDF"
                continue
            target = (outdir or deck.parent) / (deck.stem + ".pdf")
            write_atomic(target, made.read_bytes())
            result.pdfs[deck] = target
    return result


#: The settings a private LibreOffice profile starts with. ``BlockUntrustedRefererLinks`` (Tools >
#: Options > Security > Options: "Block any links from documents not among the trusted
#: locations") keeps LibreOffice from fetching what a deck links to (a linked picture, a
#: tracking pixel): with no trusted locations in a fresh profile, no document is trusted.
#: LibreOffice has no switch that turns its network off; this is the one that stops a fetch.
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def private_profile(folder: Path) -> str:
    """Make a LibreOffice user profile in folder that follows no link a document carries;
    return its URL for ``-env:UserInstallation``."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, encoding="utf-8")
    return folder.as_uri()


def _run_soffice(exe: str, work: Path, outbox: Path, chunks: list[list[Path]]) -> None:
    """Run one LibreOffice process per chunk of files, side by side, and wait for all."""
    started: list[subprocess.Popen[bytes]] = []
    longest = max((len(chunk) for chunk in chunks), default=0)
    timeout = TIMEOUT_S + PER_DECK_S * longest
    try:
        for k, chunk in enumerate(chunks):
            if not chunk:
                continue
            # A private profile each: a LibreOffice the user has open (or another conversion)
            # would otherwise receive the job, and the call return before any PDF exists.
            profile = private_profile(work / f"profile-{k}")
            cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
            cmd += ["--convert-to", "pdf", "--outdir", str(outbox), *map(str, chunk)]
            started.append(
                subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            )
        for process in started:
            process.wait(timeout=timeout)
    except subprocess.TimeoutExpired as err:
        raise OutputError(f"LibreOffice did not finish within {timeout} s") from err
    except OSError as err:
        message = f"{exe}: cannot run LibreOffice ({err.strerror}); {INSTALL_HINT}"
        raise MissingToolError(message) from err
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()  # only our own, timed-out conversions
                process.wait()


def convert_to_pdf(decks: Sequence[Path], outdir: Path | None = None) -> list[Path]:
    """Convert decks to PDF beside them (or into outdir) with one LibreOffice process; return
    the PDFs in the order of decks.

    Raise MissingToolError when LibreOffice is missing, OutputError naming every deck that
    could not be converted (the others' PDFs are written all the same).
    """
    result = convert_batch(decks, outdir)
    if result.failed:
        raise OutputError("\n".join(result.failed.values()))
    return [result.pdfs[deck] for deck in decks]


def pdf_to_png(pdf: Path, outdir: Path, *, dpi: int = 60, prefix: str | None = None) -> list[Path]:
    """Render each PDF page to PNG with pdftoppm; return the files in page order.

    Files are named ``<prefix>-<page>.png`` (prefix: the PDF's name) and written atomically;
    earlier images with that prefix are removed first, so a shorter deck leaves no stale slides
    behind. Raise OutputError when outdir cannot be written.
    """
    exe = pdftoppm()
    stem = prefix or pdf.stem
    with tempfile.TemporaryDirectory(prefix="deckgen-png-") as tmp:
        try:
            subprocess.run(
                [exe, "-png", "-r", str(dpi), str(pdf), str(Path(tmp, "page"))],
                check=True,
                capture_output=True,
                timeout=TIMEOUT_S,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
            raise OutputError(f"{pdf}: pdftoppm could not render the PDF") from err
        # pdftoppm numbers pages page-1, or page-01 and on for ten pages or more.
        pages = sorted(
            (p for p in Path(tmp).glob("page-*.png") if p.stem.removeprefix("page-").isdigit()),
            key=lambda p: int(p.stem.removeprefix("page-")),
        )
        try:
            outdir.mkdir(parents=True, exist_ok=True)
            for old in outdir.glob(f"{_glob_escape(stem)}-*.png"):
                if old.stem.removeprefix(stem + "-").isdigit():
                    old.unlink()
        except OSError as err:
            raise OutputError(
                f"{outdir}: cannot write the slide images here: {err.strerror}"
            ) from err
        written = []
        for page in pages:
            target = outdir / f"{stem}-{page.stem.removeprefix('page-')}.png"
            write_atomic(target, page.read_bytes())
            written.append(target)
    return written


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


# --------------------------------------------------------------------------- previews

#: Width of one slide on the contact sheet, in pixels.
THUMB_WIDTH = 480
_GAP = 24
_LABEL = 28
_RED = (220, 38, 38)


@dataclass(frozen=True)
class Preview:
    """What ``preview_deck`` wrote, and the findings it outlined."""

    slides: list[Path]
    contact_sheet: Path
    findings: list[Finding]

    @property
    def outlined(self) -> int:
        """How many problem boxes are outlined in red on the contact sheet."""
        return sum(1 for f in self.findings if f.box is not None and f.slide is not None)


def preview_deck(deck: Path, outdir: Path, *, dpi: int = 96) -> Preview:
    """Render a deck to one PNG per slide and a contact sheet of all slides in outdir.

    The deck is checked first (``check_deck``), so unreadable input fails before LibreOffice
    starts; every shape a finding names is outlined in red on the contact sheet. Raise
    InputError for an unreadable deck, MissingToolError when LibreOffice or pdftoppm is missing.
    """
    from .check import check_deck

    findings = check_deck(deck)
    # Say what is missing, and whether the folder can take the images, before any slow work.
    soffice("preview")
    pdftoppm("preview")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(
            f"{outdir}: cannot create the preview folder here: {err.strerror or err}; choose "
            "another -o"
        ) from err
    with tempfile.TemporaryDirectory(prefix="deckgen-preview-") as tmp:
        (pdf,) = convert_to_pdf([deck], Path(tmp))
        slides = pdf_to_png(pdf, outdir, dpi=dpi, prefix=deck.stem)
    if not slides:
        raise OutputError(f"{deck}: LibreOffice rendered no slides")
    from .check import open_deck

    prs = open_deck(deck)
    sheet = contact_sheet(slides, findings, (int(prs.slide_width), int(prs.slide_height)))
    target = outdir / f"{deck.stem}-contact-sheet.png"
    png = io.BytesIO()
    sheet.save(png, format="PNG", optimize=True)  # encoded first: the last sheet stays whole
    write_atomic(target, png.getvalue())
    return Preview(slides=slides, contact_sheet=target, findings=findings)


def contact_sheet(
    slides: Sequence[Path], findings: Sequence[Finding], slide_size: tuple[int, int]
) -> Image:
    """One image of all slides in a grid, numbered, with the boxes of findings in red.

    ``slide_size`` is the slide's (width, height) in EMU, to place the boxes.
    """
    from PIL import Image, ImageDraw, ImageFont

    columns = min(len(slides), 4) if len(slides) <= 16 else math.ceil(math.sqrt(len(slides)))
    rows = math.ceil(len(slides) / columns)
    by_slide: dict[int, list[Finding]] = {}
    for finding in findings:
        if finding.slide is not None:
            by_slide.setdefault(finding.slide, []).append(finding)
    scale = THUMB_WIDTH / slide_size[0]
    thumbs = []
    for n, path in enumerate(slides, start=1):
        with Image.open(path) as image:
            height = round(image.height * THUMB_WIDTH / image.width)
            thumb = image.convert("RGB").resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS)
        # Drawn on the slide's own image, so a box reaching off the slide is cut at its edge.
        draw = ImageDraw.Draw(thumb)
        for finding in by_slide.get(n, []):
            if finding.box is not None:
                left, top, width, height = (round(v * scale) for v in finding.box)
                right, bottom = left + max(width, 2), top + max(height, 2)
                draw.rectangle((left, top, right, bottom), outline=_RED, width=3)
        thumbs.append(thumb)
    thumb_h = max(t.height for t in thumbs)
    cell_w, cell_h = THUMB_WIDTH + _GAP, thumb_h + _LABEL + _GAP
    sheet = Image.new("RGB", (columns * cell_w + _GAP, rows * cell_h + _GAP), (229, 231, 235))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=18)
    for n, thumb in enumerate(thumbs, start=1):
        x = _GAP + (n - 1) % columns * cell_w
        y = _GAP + (n - 1) // columns * cell_h
        sheet.paste(thumb, (x, y))
        label, colour = str(n), (55, 65, 81)
        problems = len(by_slide.get(n, []))
        if problems:
            label += f"  ·  {problems} problem{'s' if problems != 1 else ''}"
            colour = _RED
        draw.text((x, y + thumb.height + 4), label, fill=colour, font=font)
    return sheet


def open_in_viewer(path: Path) -> bool:
    """Open a file with the system's viewer; return False where there is none (a server)."""
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]  # noqa: S606 - the user asked for it
        return True
    if sys.platform != "darwin" and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return False  # no desktop session: xdg-open would fail or pick a text browser
    exe = shutil.which("open" if sys.platform == "darwin" else "xdg-open")
    if exe is None:
        return False
    try:
        subprocess.Popen([exe, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        return False
    return True
