"""What a batch reports: one RowReport per client row, the BatchReport, and Ctrl-C."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..errors import DeckgenError

REPORT_NAME = "report.json"


@dataclass(frozen=True, slots=True)
class RowReport:
    """What happened to one client row: built, skipped (up to date) or failed, and why."""

    row: int
    client: str
    status: str
    output: str | None = None
    error: str | None = None
    seconds: float = 0.0
    pdf: str | None = None
    warnings: tuple[str, ...] = ()  # what the build warned of (Fitter.finish)


@dataclass
class BatchReport:
    """The outcome of a batch, row by row; the CLI renders it, report.json stores it."""

    content: str
    clients: str
    output_dir: str
    rows: list[RowReport]
    seconds: float
    pdf_error: str | None = None
    report_file: str | None = None

    def count(self, status: str) -> int:
        """Return how many rows ended with status (built, skipped, failed)."""
        return sum(1 for r in self.rows if r.status == status)

    @property
    def built(self) -> int:
        return self.count("built")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def exit_code(self) -> int:
        """0 when every row has its deck (and PDF, if asked), else 1."""
        return 1 if self.failed or self.pdf_error else 0

    def to_dict(self) -> dict[str, Any]:
        """Return the report as report.json holds it."""
        return {**self._head(), "rows": [_row_dict(r) for r in self.rows]}

    def json_pieces(self) -> Iterator[bytes]:
        """Yield report.json's text (``to_dict`` as indented JSON) a row at a time, so that a
        batch of thousands of rows never holds the whole text, nor every row as a dict."""
        encoder = json.JSONEncoder(indent=2, ensure_ascii=False)
        empty = encoder.encode({**self._head(), "rows": []})
        if not self.rows:
            yield (empty + "\n").encode("utf-8")
            return
        yield (empty.removesuffix("[]\n}") + "[\n").encode("utf-8")
        for i, row in enumerate(self.rows):
            # Indented at "\n" only: a text may hold U+2028, which splitlines() breaks at.
            text = "    " + encoder.encode(_row_dict(row)).replace("\n", "\n    ")
            yield (("" if i == 0 else ",\n") + text).encode("utf-8")
        yield b"\n  ]\n}\n"

    def _head(self) -> dict[str, Any]:
        return {
            "deckgen": __version__,
            "content": self.content,
            "clients": self.clients,
            "output_dir": self.output_dir,
            "summary": {
                "rows": len(self.rows),
                "built": self.built,
                "skipped": self.skipped,
                "failed": self.failed,
                "seconds": round(self.seconds, 3),
            },
            "pdf_error": self.pdf_error,
        }


def _row_dict(r: RowReport) -> dict[str, Any]:
    return {**dataclasses.asdict(r), "seconds": round(r.seconds, 4), "warnings": list(r.warnings)}


class BatchInterrupted(DeckgenError):
    """The user pressed Ctrl-C; finished decks are kept and a rerun continues."""

    exit_code = 130
