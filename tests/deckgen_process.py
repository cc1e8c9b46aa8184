"""deckgen in a process of its own, for what needs one: a --watch that Ctrl-C ends, and shell
completion, which Typer installs for the shell that started deckgen."""

from __future__ import annotations

import os
import queue
import shlex
import signal
import subprocess
import sys
import threading
from pathlib import Path

#: Only a hung test waits this long; a healthy step takes seconds.
HUNG = 180
#: The command line as the console script runs it, without depending on it being installed.
PROGRAM = "from deckgen.cli import app; app(prog_name='deckgen')"


def deckgen_argv(*args: str) -> list[str]:
    """Return the argv that runs `deckgen ARGS` with this interpreter."""
    return [sys.executable, "-c", PROGRAM, *args]


def deckgen_in_bash(args: str) -> str:
    """Return a bash command line that runs `deckgen ARGS` with bash as its parent process."""
    program = " ".join(shlex.quote(word) for word in deckgen_argv())
    return f"{program} {args}; true"  # "; true": bash stays the parent instead of exec'ing


class Watching:
    """`deckgen ... --watch` (or serve) in a process: read its output line by line, end it
    with Ctrl-C."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            deckgen_argv(*args),
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, *starts: str) -> list[str]:
        """Return the next lines, one per start, each asserted to begin with it."""
        lines = []
        for start in starts:
            line = self.lines.get(timeout=HUNG)
            assert line.startswith(start), (line, start)
            lines.append(line)
        return lines

    def interrupt(self) -> int:
        """Press Ctrl-C; return the exit code."""
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=HUNG)

    def __enter__(self) -> Watching:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
