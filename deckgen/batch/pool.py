"""Running work on executors: the process pool, and a bounded window of tasks in flight."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from .worker import _is_lost_worker

#: What the forkserver imports once, so that each worker it forks starts warm.
PRELOAD = ["deckgen.batch.worker", "deckgen.render"]


def default_jobs() -> int:
    """Return the CPUs this process may use (a container's share, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _process_pool(jobs: int) -> cf.ProcessPoolExecutor:
    """A pool whose workers start from a fresh server process (forkserver where there is one).

    Forking the main process would copy its threads' locks (Rich's refresh thread); spawning
    re-imports everything per worker. The forkserver imports deckgen once and forks from it.
    """
    ctx: multiprocessing.context.BaseContext
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
    else:
        ctx = multiprocessing.get_context("spawn")
    return cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)


def _run(
    fn: Callable[[Any], Any], items: list[Any], executor: cf.Executor | None, window: int
) -> Iterator[tuple[Any, Any, BaseException | None]]:
    """Yield (item, result, error) as they finish; at most window tasks in flight.

    The window keeps memory flat for any number of rows; without an executor, run inline.
    """
    if executor is None:
        for item in items:
            try:
                result = fn(item)
            except Exception as err:  # one row's failure, whatever it is, is that row's
                yield item, None, err
            else:
                yield item, result, None
        return
    todo = iter(items)
    pending: dict[cf.Future[Any], Any] = {}
    broken: BaseException | None = None

    def fill() -> None:
        nonlocal broken
        while broken is None and len(pending) < window:
            item = next(todo, None)
            if item is None:
                return
            try:
                pending[executor.submit(fn, item)] = item
            except (cf.BrokenExecutor, RuntimeError) as err:
                broken = err
                yield_later.append((item, None, err))

    yield_later: list[tuple[Any, Any, BaseException | None]] = []
    try:
        fill()
        while pending:
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                item = pending.pop(future)
                try:
                    error = future.exception()
                except cf.CancelledError as cancelled:
                    error = cancelled
                # A lost worker breaks a process pool for every later row; any other error
                # is the one item's.
                if error is not None and _is_lost_worker(error):
                    broken = broken or error
                yield item, None if error else future.result(), error
            fill()
        yield from yield_later
        if broken is not None:
            for item in todo:
                yield item, None, broken
    finally:
        for future in pending:
            future.cancel()


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
