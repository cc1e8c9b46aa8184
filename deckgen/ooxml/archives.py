"""Zip archives that are not decks: a workbook's declared size before it is opened, and the
plain archive a batch's decks are downloaded in. Here so that only ``deckgen/ooxml/`` opens
zip files (see docs/architecture.md)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

#: What a damaged zip raises; callers name it in their own message.
BadZip = zipfile.BadZipFile


def declared_size(blob: bytes) -> int:
    """Return how many bytes the members of the zip in blob say they unpack to, without
    unpacking any (Python's zip reader never inflates a member past its declared size, so
    this bounds what reading it can cost). Raise ``BadZip`` or ``ValueError`` when blob is
    not a readable zip."""
    with zipfile.ZipFile(io.BytesIO(blob)) as package:
        return sum(info.file_size for info in package.infolist())


def write_bundle(target: Path, members: Iterable[tuple[Path, str]]) -> None:
    """Write the files of members, each as its name, into a stored (uncompressed) zip at
    target: decks are zips already, so compressing them again costs time and saves nothing."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as bundle:
        for path, name in members:
            bundle.write(path, name)
