"""The checks a batch keeps for its builds: each valid row's validated deck, pickled into a
private folder the batch makes, and taken back by whichever process builds the row.

A process pool cannot choose the worker a build chunk goes to, so a deck kept in the memory
of the worker that checked it was validated again by the other one (half the rows of a
two-job batch). On disk, every process of the batch's machine finds it, and no process grows
with the table. At most KEPT_BYTES per process and batch (about 2,000 rows of the shipped
deck, 15 kB each); a row past it, one built where the folder is not (another machine of a
cluster), and a file that cannot be read are validated again: a kept check is only a saving.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass

from ..models import Deck
from .plan import RowTask

KEPT_BYTES = 32_000_000

#: The name of a batch's folder of kept checks starts with this and its process id.
_PREFIX = "deckgen-kept-"


@dataclass
class _Kept:
    """What this process has kept in the current batch's folder."""

    folder: str = ""
    size: int = 0


_kept = _Kept()


def _make_folder() -> str:
    """Make the batch's private folder (mode 0700), "" where none can be made: rows are then
    validated again. build_batch removes it when the batch ends; a killed batch cannot, so
    the next batch removes the folders of batches whose process is gone."""
    try:
        _remove_orphaned(tempfile.gettempdir())
        return tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-")
    except OSError:
        return ""


def _remove_orphaned(root: str) -> None:
    """Remove the folders of kept checks whose batch's process is gone (killed)."""
    if os.name != "posix":  # there signal 0 is CTRL_C_EVENT, not a question
        return
    for name in os.listdir(root):
        pid = name.removeprefix(_PREFIX).partition("-")[0]
        if not (name.startswith(_PREFIX) and pid.isdigit()):
            continue
        try:
            os.kill(int(pid), 0)  # signal 0 only asks whether the process is there
        except ProcessLookupError:
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)
        except (OSError, OverflowError):  # there (another user's), or no process id at all
            continue


def _keep(task: RowTask, deck: Deck) -> None:
    """Keep a checked row's deck for its build, where the batch has a folder and room."""
    if not task.kept:
        return
    if _kept.folder != task.kept:
        _kept.folder, _kept.size = task.kept, 0  # a new batch
    blob = pickle.dumps(deck, protocol=pickle.HIGHEST_PROTOCOL)
    if _kept.size + len(blob) > KEPT_BYTES:
        return
    try:
        # Renamed into place whole: a worker killed while writing leaves no half a pickle.
        fd, tmp = tempfile.mkstemp(dir=task.kept, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(tmp, _path_of(task))
    except OSError:  # no such folder here (another machine), or a full disk: validate again
        return
    _kept.size += len(blob)


def _path_of(task: RowTask) -> str:
    return os.path.join(task.kept, f"{task.row}.pickle")


def _take(task: RowTask) -> Deck | None:
    """The deck the row's check kept (removed from the folder), or None: validate again."""
    if not task.kept:
        return None
    path = _path_of(task)
    try:
        with open(path, "rb") as handle:
            blob = handle.read()
        os.unlink(path)
    except OSError:
        return None
    try:
        deck: Deck = pickle.loads(blob)  # written by _keep() in this batch's private folder
    except Exception:  # a damaged file is only a check lost
        return None
    return deck
