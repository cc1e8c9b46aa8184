"""How a batch's worker processes start: how many, from what, and as early as possible.

Workers fork from a server process that imports deckgen's rendering once (the forkserver).
Starting that server is most of what a parallel batch costs before its first row (about 0.8 s
of imports), so the command line starts it before it imports anything itself
(``start_early``): the two import side by side. This module imports only the standard library,
so that starting early is early, and multiprocessing only for a batch that runs on workers (a
small one runs in this process).
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import concurrent.futures as cf
    import multiprocessing.context

#: What the forkserver imports once, so that each worker it forks starts warm.
PRELOAD = ["deckgen.batch.worker", "deckgen.render"]


def default_jobs() -> int:
    """Return the CPUs this process may use (a container's share, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


#: Rows each worker process should have to build before another one is started: a worker
#: prepares the template again, and its server's imports are not all hidden behind this
#: process's, so a second worker for a handful of rows makes the batch slower, not faster.
#: Measured (`benchmarks/batch.py --pairs`, two cores): two jobs about even with one at 12 rows,
#: 5-10 % faster at 16-24, 20 % at 48.
MIN_ROWS_PER_WORKER = 12


def workers_for(rows: int, jobs: int) -> int:
    """Return how many worker processes to run rows on with at most jobs: one per
    MIN_ROWS_PER_WORKER rows begun, so a small batch runs in this process (1) and never
    slower than with one job."""
    return max(1, min(jobs, -(-rows // MIN_ROWS_PER_WORKER)))


def _forkserver_here() -> bool:
    import multiprocessing

    return sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods()


def process_pool(jobs: int) -> cf.ProcessPoolExecutor:
    """A pool whose workers start from a fresh server process (forkserver where there is one).

    Forking the main process would copy its threads' locks (Rich's refresh thread); spawning
    re-imports everything per worker. The forkserver imports deckgen once and forks from it.
    Each worker leaves when the main process is gone (see _start_worker).
    """
    import concurrent.futures as cf
    import multiprocessing

    ctx: multiprocessing.context.BaseContext
    if _forkserver_here():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
    else:
        ctx = multiprocessing.get_context("spawn")
    return cf.ProcessPoolExecutor(
        max_workers=jobs, mp_context=ctx, initializer=_start_worker, initargs=(os.getpid(),)
    )


def start_early(jobs: int | None, clients: Path) -> None:
    """Start the forkserver now if the batch will run on workers, so that its imports run
    beside this process's own instead of after them (about 0.7 s of a batch on two cores).

    Whether it will is guessed before the table is read: not with one job, not for a .csv
    table of at most MIN_ROWS_PER_WORKER rows (counted by its lines); any other table is taken
    to be large enough. A wrong guess costs only the server's imports on another core; a
    server that cannot start now is started (or its error reported) by the pool as before.
    """
    if workers_for(MIN_ROWS_PER_WORKER + 1, jobs or default_jobs()) < 2:
        return
    if clients.suffix.lower() == ".csv" and _rows_at_most(clients, MIN_ROWS_PER_WORKER):
        return
    if not _forkserver_here():
        return
    import multiprocessing.forkserver

    multiprocessing.forkserver.set_forkserver_preload(PRELOAD)
    with contextlib.suppress(OSError):
        multiprocessing.forkserver.ensure_running()


#: A .csv table larger than this has more rows than MIN_ROWS_PER_WORKER (however long its
#: cells); only a smaller one is read to count them.
SMALL_TABLE_BYTES = 64 * 1024


def _rows_at_most(path: Path, rows: int) -> bool:
    """Whether a .csv table has at most ``rows`` rows under its header, by its lines. A file
    that is not a plain readable file counts as small: the batch refuses it with its own
    message, and nothing here may wait on a pipe or read a device."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return True
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return True
        if info.st_size > SMALL_TABLE_BYTES:
            return False
        data = os.read(fd, SMALL_TABLE_BYTES + 1)
    except OSError:
        return True
    finally:
        os.close(fd)
    lines = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    return lines - 1 <= rows


#: How often a worker looks whether the main process is still there, in seconds.
MAIN_POLL = 0.5


def _start_worker(main: int) -> None:
    """Worker start: end quietly on Ctrl-C, and as soon as the main process is gone.

    Ctrl-C reaches every process of the terminal's group; the main process reports the
    interruption and keeps what is finished (a worker's half-written deck is a temporary file
    the next run removes), so a worker ends at once without printing a traceback.
    A worker waits on a queue whose writing end it holds itself, and the forkserver lives as
    long as its workers do, so a SIGKILLed main process left them waiting for ever (issue 14).
    A daemon thread looks every MAIN_POLL seconds whether the main process is still there.
    """
    signal.signal(signal.SIGINT, _leave)
    if os.name != "posix":  # there signal 0 is CTRL_C_EVENT, not a question
        return

    def watch() -> None:
        while True:
            time.sleep(MAIN_POLL)
            try:
                os.kill(main, 0)  # signal 0 only asks whether the process is there (and ours)
            except OSError:
                os._exit(1)

    threading.Thread(target=watch, name="deckgen-main-watch", daemon=True).start()


def _leave(signum: int, frame: object) -> None:
    os._exit(128 + signum)
