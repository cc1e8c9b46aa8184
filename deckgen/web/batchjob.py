"""A batch run from the page: a client table checked row by row, then one deck per client
built off the request thread with progress, offered as one zip and the report.

The table is a file in the server's workspace under a name of deckgen's choosing, so files its
rows name (``content``, ``template``, ``logo`` columns) must lie in that private folder: an
uploaded table cannot bring any file of the user's into a deck.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..batch import build_batch, check_batch, plan_batch
from ..clients import CSV_SUFFIXES, EXCEL_SUFFIXES, MAX_TABLE_BYTES
from ..errors import DeckgenError
from ..ooxml.archives import write_bundle
from ..records import record

#: Client tables the page takes, by suffix; the file is stored as ``clients<suffix>``.
TABLE_SUFFIXES = CSV_SUFFIXES + EXCEL_SUFFIXES
MAX_UPLOAD = MAX_TABLE_BYTES


@record
class RowView:
    """One client row as the page lists it."""

    row: int
    client: str
    problems: tuple[str, ...]


@dataclass
class BatchJob:
    """One uploaded (or given) client table and what became of it."""

    folder: Path
    table: Path
    display: str  # the table's name as the user knows it
    uploaded: bool = True  # stored in the workspace, not a file of the user's
    rows: list[RowView] = field(default_factory=list)
    error: str | None = None  # the table or content as a whole could not be used
    state: str = "checked"  # checked, building, done, failed
    done: int = 0
    total: int = 0
    built: int = 0
    failed: int = 0
    _thread: threading.Thread | None = None
    _replace: dict[str, str] = field(default_factory=dict)

    def words(self, text: str) -> str:
        """Name the user's files in a message, not the workspace's copies."""
        for own, theirs in self._replace.items():
            text = text.replace(own, theirs)
        return text

    def check(self, content: Path, content_name: str, template: Path | None) -> None:
        """Check every row with the library's batch checks; the verdicts go to ``rows``."""
        self._replace = {str(self.table): self.display, str(content): content_name}
        if self.uploaded:  # its folder is the server's: files a row names cannot be there
            self._replace[str(self.table.parent)] = "(an uploaded table has no folder of yours)"
        try:
            plan = plan_batch(content, self.table, template=template)
            checks = check_batch(plan, None, 1)
        except DeckgenError as err:
            self.error = self.words(str(err))
            self.rows = []
            return
        self.error = None
        cells = {row.number: row.values for row in plan.table.rows}
        self.rows = [
            RowView(
                task.row,
                # A failed row has no validated company: the table's own cell names the client.
                checks[task.row].company or str(cells[task.row].get("audience.company", "")),
                tuple(self.words(p) for p in checks[task.row].problems),
            )
            for task in plan.tasks
        ]

    def start(self, content: Path, template: Path | None) -> None:
        """Build every valid row's deck in a thread of its own; return at once."""
        if self._thread is not None and self._thread.is_alive():
            return
        self.state, self.done, self.total = "building", 0, len(self.rows)
        self._thread = threading.Thread(
            target=self._build, args=(content, template), name="deckgen-batch", daemon=True
        )
        self._thread.start()

    def _progress(self, stage: str, done: int, total: int) -> None:
        if stage == "build":
            self.done, self.total = done, total

    def _build(self, content: Path, template: Path | None) -> None:
        decks = self.folder / "decks"
        try:
            report = build_batch(
                content,
                self.table,
                output_dir=decks,
                template=template,
                jobs=1,
                force=True,
                progress=self._progress,
                report=self.folder / "build-report.json",
            )
        except DeckgenError as err:
            self.error, self.state = self.words(str(err)), "failed"
            return
        data = report.to_dict()
        data["content"], data["clients"], data["output_dir"] = (
            self._replace.get(data["content"], data["content"]),
            self.display,
            "decks",
        )
        for row in data["rows"]:
            row["output"] = Path(row["output"]).name if row["output"] else None
            row["error"] = self.words(row["error"]) if row["error"] else None
        (self.folder / "report.json").write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        members = [(Path(r.output), Path(r.output).name) for r in report.rows if r.output]
        write_bundle(
            self.folder / "decks.zip", [*members, (self.folder / "report.json", "report.json")]
        )
        self.built, self.failed = report.built + report.skipped, report.failed
        self.done = self.total
        self.state = "done"

    def file(self, name: str) -> Path | None:
        """Return the zip or the report once built (the only files a batch offers)."""
        if self.state != "done" or name not in ("decks.zip", "report.json"):
            return None
        return self.folder / name
