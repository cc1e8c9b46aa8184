"""What one server holds: the session, its preview builder, the batch and the guard."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from .batchjob import BatchJob
from .preview import Builder, Job
from .security import Guard
from .session import Session


@dataclass
class State:
    """Everything one server holds: the session, its builder, the batch, the guard."""

    session: Session
    builder: Builder
    guard: Guard
    batch: BatchJob | None = None
    template_report: str | None = None
    template_error: str | None = None
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def job(self) -> Job:
        return Job(self.session.build_text(), (), self.session.template, self.session.name)

    def rebuild(self) -> None:
        """Ask for a preview of the draft when it validates; an invalid one is not built."""
        if self.session.check().valid:
            self.builder.request(self.job())

    def store(self, kind: str, name: str, data: bytes) -> Path:
        """Write an upload as name in a folder of its own under the workspace's kind folder:
        every upload keeps its file, and no name in it comes from the request."""
        folder = self.session.workspace / kind / str(next(self.counter))
        folder.mkdir(parents=True)
        path = folder / name
        path.write_bytes(data)
        return path

    def draft_file(self) -> Path:
        """Write the draft where a batch reads it: the workspace, under the content's name."""
        folder = self.session.workspace / "batch-content" / str(next(self.counter))
        folder.mkdir(parents=True)
        path = folder / self.session.content.name
        path.write_text(self.session.build_text(), encoding="utf-8")
        return path
