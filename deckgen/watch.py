"""Doing a job again whenever one of its input files is saved: `build --watch`, `preview --watch`.

File events come from watchfiles (the operating system's own notifications through Rust's
notify: inotify, FSEvents, ReadDirectoryChangesW; polling only where there are none, as on
WSL's Windows drives). Folders are watched, not files: editors save by writing a new file and
renaming it over the old one, which ends a watch on the old file, and a file that does not
exist yet (a mapping beside the template) can only be seen arriving through its folder.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from .errors import DeckgenError, InputError
from .records import record

R = TypeVar("R")

#: How long watchfiles waits for an event before handing control back with none (ms). Its
#: first such return says the watch is in place: the first run starts only then, so a file
#: saved during that run is seen and runs the job again.
POLL_MS = 200


class StopEvent(Protocol):
    """Anything with ``is_set()``, e.g. ``threading.Event``: set, the watch ends."""

    def is_set(self) -> bool: ...


@record
class Run(Generic[R]):
    """One run of a watched job.

    ``changed`` names the saved files that started it (empty for the first run), as the job's
    inputs name them; ``result`` is what the job returned, or ``error`` the DeckgenError that
    stopped it; ``watching`` lists the files watched from now on.
    """

    changed: tuple[Path, ...]
    result: R | None
    error: DeckgenError | None
    seconds: float
    watching: tuple[Path, ...]


def rerun_on_change(
    job: Callable[[], R],
    inputs: Callable[[], Iterable[Path]],
    on_run: Callable[[Run[R]], None],
    *,
    stop: StopEvent | None = None,
) -> None:
    """Run job, then again each time a file that inputs() names is saved, until stop is set.

    inputs() is asked again after every run, so a logo an edit names is watched from then on.
    A DeckgenError from the job is reported in its Run and the watch goes on (the user fixes
    the file and saves again); any other exception is a bug and ends the watch. Ctrl-C raises
    KeyboardInterrupt, as anywhere else. Files in a folder that does not exist are not
    watched; if no folder exists at all, raise InputError.
    """
    import watchfiles

    # Resolved path -> the path as inputs() gives it, for reporting. The filter reads the
    # current contents, so a new input in an already watched folder needs no new watch.
    watched: dict[Path, Path] = {}
    watched.update(_resolved(inputs()))
    first = True
    while True:
        folders = _folders(watched)
        events = watchfiles.watch(
            *folders,
            watch_filter=lambda _change, path: Path(path) in watched,
            rust_timeout=POLL_MS,
            yield_on_timeout=True,
            stop_event=stop,
            recursive=False,
        )
        for changes in events:
            if not changes and not first:
                continue
            first = False
            changed = tuple(
                sorted({watched[Path(path)] for _, path in changes if Path(path) in watched})
            )
            started = time.perf_counter()
            try:
                result, error = job(), None
            except DeckgenError as err:
                result, error = None, err
            seconds = time.perf_counter() - started
            watched.clear()
            watched.update(_resolved(inputs()))
            on_run(Run(changed, result, error, seconds, tuple(watched.values())))
            if _folders(watched) != folders:
                # An input moved to another folder: watch the new set of folders (a save in
                # the moment between the two watches is not seen).
                break
        else:
            return  # stop was set


def _resolved(paths: Iterable[Path]) -> dict[Path, Path]:
    return {path.resolve(): path for path in paths}


def _folders(watched: dict[Path, Path]) -> list[Path]:
    folders = sorted({path.parent for path in watched if path.parent.is_dir()})
    if not folders:
        names = ", ".join(str(path) for path in watched.values())
        raise InputError(f"{names}: nothing to watch, as no folder of these exists")
    return folders
