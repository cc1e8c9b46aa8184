"""Running rows on executors: deckgen's process pool, replaced when a worker dies, and a
bounded window of tasks in flight on any executor."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .processes import process_pool
from .worker import _is_lost_worker, _TaskOverdue

if TYPE_CHECKING:  # imported where a pool runs: a batch in this process needs none
    import concurrent.futures as cf


class OwnPool:
    """deckgen's own process pool, replaced by a fresh one when a worker dies or a task runs
    past its bound."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.executor = process_pool(jobs)

    def renew(self) -> cf.Executor:
        """Replace the pool, its workers ended at once (one died, or one is stuck in a task);
        return the new one. The tasks in flight fail as a lost worker's."""
        self.kill()
        self.executor = process_pool(self.jobs)
        return self.executor

    def kill(self) -> None:
        """End every worker now, with the rows it is running, and shut the pool.

        A SIGINT sent to the main process alone (not a terminal's Ctrl-C to the whole group)
        reaches no worker, and shutting down waits for the tasks in flight; a row stuck in C code
        never returns. Python 3.14 ends the workers itself (kill_workers); before, the processes
        the executor holds (a private attribute) are killed, and where that is missing the
        shutdown waits as it did before.
        """
        executor = self.executor
        kill_workers = getattr(executor, "kill_workers", None)
        if kill_workers is not None:
            kill_workers()
            return
        _quiet_cancelled_futures_of_a_broken_pool()
        processes = getattr(executor, "_processes", None)
        for process in list(processes.values()) if isinstance(processes, dict) else []:
            with contextlib.suppress(OSError, ValueError):  # ended meanwhile, or closed
                if process.is_alive():  # asks first, so a reused pid is never signalled
                    process.kill()
        manager = getattr(executor, "_executor_manager_thread", None)  # shutdown drops it
        executor.shutdown(wait=False, cancel_futures=True)
        _forget_manager(manager)

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


#: Seconds a killed pool's manager thread is given to finish (it has nothing left to wait for).
MANAGER_END = 5.0


def _forget_manager(manager: threading.Thread | None) -> None:
    """Once a killed pool's manager thread has ended, take it off the list Python 3.11 wakes at
    exit (``concurrent.futures.process._threads_wakeups``, a private name; later Pythons check
    themselves). The thread closed its wake-up pipe as it ended, and waking it there printed
    "Exception ignored ... Bad file descriptor" after an interrupted batch's message."""
    if manager is None:
        return
    manager.join(MANAGER_END)
    if manager.is_alive():
        return  # still running: exit wakes it as before
    from concurrent.futures import process

    wakeups = getattr(process, "_threads_wakeups", None)
    if wakeups is not None:
        with contextlib.suppress(KeyError, TypeError):
            del wakeups[manager]


def _quiet_cancelled_futures_of_a_broken_pool() -> None:
    """Keep Python 3.11's pool from printing a traceback when its workers are killed.

    Its manager thread marks every pending future failed (``terminate_broken``) without
    asking whether it was cancelled first, as the rows in flight are on an interruption, and
    dies with InvalidStateError (later Pythons check). Only that thread's error is silenced.
    """
    previous = threading.excepthook
    if getattr(previous, "deckgen_quiet", False):
        return

    def hook(args: threading.ExceptHookArgs) -> None:
        from concurrent.futures import InvalidStateError

        manager = type(args.thread).__name__ == "_ExecutorManagerThread"
        if not (manager and isinstance(args.exc_value, InvalidStateError)):
            previous(args)

    hook.deckgen_quiet = True  # type: ignore[attr-defined]
    threading.excepthook = hook


Renew = Callable[[], "cf.Executor"]
Split = Callable[[Any], list[Any]]
#: Seconds an item's task may run before its worker is ended (None: no bound).
Bound = Callable[[Any], float | None]


@dataclass
class Workers:
    """Where rows run: on executor (None: in this process), at most window at a time; own
    when the pool is deckgen's, which is replaced when a worker dies or is stuck."""

    executor: cf.Executor | None
    window: int
    own: OwnPool | None = None

    def run(
        self,
        fn: Callable[[Any], Any],
        items: Iterable[Any],
        split: Split | None = None,
        bound: Bound | None = None,
    ) -> Iterator[tuple[Any, Any, BaseException | None]]:
        """Yield (item, result, error) for every item, as _run does; ``bound`` applies on
        deckgen's own pool only (another executor's workers are not ours to end)."""
        if self.own is None:
            return _run(fn, items, self.executor, self.window, split=split)
        own = self.own
        return _run(fn, items, own.executor, self.window, own.renew, split, bound=bound)

    def release(self) -> None:
        """Stop deckgen's own workers once no more rows are to run."""
        if self.own is not None:
            self.own.shutdown()

    def stop(self) -> None:
        """End deckgen's own workers now, rows in flight with them (interrupted)."""
        if self.own is not None:
            self.own.kill()


_END = object()


def _run(
    fn: Callable[[Any], Any],
    items: Iterable[Any],
    executor: cf.Executor | None,
    window: int,
    renew: Renew | None = None,
    split: Split | None = None,
    *,
    bound: Bound | None = None,
) -> Iterator[tuple[Any, Any, BaseException | None]]:
    """Yield (item, result, error) as they finish; at most window tasks in flight.

    The window keeps memory flat for any number of rows; without an executor, run inline.
    A lost worker breaks a process pool for every item in flight. With ``renew`` (our own
    pool), the pool is replaced and each of those items tried once more, alone, so that an
    item whose worker dies again is known to be the cause and only it fails; ``split`` cuts
    a lost chunk of rows into the items tried again (one row each), so that only the row that
    kills its worker fails, not the rows sent with it. Without ``renew`` (an
    executor we did not make), every later item fails with the lost worker's error.
    With ``renew`` and ``bound``, a task still running ``bound(item)`` seconds after it was
    first seen running is stuck where nothing in its worker can stop it: the pool is replaced
    as for a lost worker, and an item stuck again alone fails with _TaskOverdue.
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
    import concurrent.futures as cf

    active: cf.Executor = executor
    fresh = iter(items)
    retry: list[Any] = []
    pending: dict[cf.Future[Any], tuple[Any, int, int]] = {}  # item, tries before, pool
    generation = 0
    broken: BaseException | None = None
    late: list[tuple[Any, Any, BaseException | None]] = []

    def fill() -> None:
        nonlocal broken
        while broken is None:
            if retry:
                if pending:
                    return
                item, tries = retry.pop(0), 1
            elif len(pending) >= window or any(t for _, t, _ in pending.values()):
                return
            else:
                item, tries = next(fresh, _END), 0
                if item is _END:
                    return
            try:
                pending[active.submit(fn, item)] = (item, tries, generation)
            except (cf.BrokenExecutor, RuntimeError) as err:
                broken = err
                late.append((item, None, err))

    watch = _Overdue(bound) if bound is not None and renew is not None else None
    try:
        fill()
        while pending:
            poll = OVERDUE_POLL if watch else None
            done, _ = cf.wait(pending, timeout=poll, return_when=cf.FIRST_COMPLETED)
            if watch and renew and watch.look(pending, generation):
                active = renew()
                generation += 1
            for future in done:
                item, tries, made_by = pending.pop(future)
                overdue = watch.ended(future) if watch else None
                try:
                    error = future.exception()
                except cf.CancelledError as cancelled:
                    error = cancelled
                if error is not None and _is_lost_worker(error):
                    if renew is None:
                        broken = broken or error
                    else:
                        if made_by == generation:
                            active = renew()
                            generation += 1
                        if not tries:
                            retry.extend(split(item) if split else [item])
                            continue
                        if overdue is not None:
                            error = _TaskOverdue(overdue)
                yield item, None if error else future.result(), error
            fill()
        yield from late
        if broken is not None:
            for item in fresh:
                yield item, None, broken
    finally:
        for future in pending:
            future.cancel()


#: How often the main process looks for a task past its bound, in seconds.
OVERDUE_POLL = 1.0


class _Overdue:
    """Which tasks of deckgen's own pool have run past their bound.

    A future turns running when the executor hands it to its queue for a worker, which is as
    near to its start as the main process can see; the bound allows for that wait.
    """

    def __init__(self, bound: Bound) -> None:
        self.bound = bound
        self.since: dict[cf.Future[Any], float] = {}
        self.late: dict[cf.Future[Any], float] = {}  # ended past their bound: that bound

    def look(self, pending: dict[cf.Future[Any], tuple[Any, int, int]], generation: int) -> bool:
        """Note when each task was first seen running; return True when one of the current
        pool's has run past its bound (the pool is then to be replaced)."""
        now = time.monotonic()
        found = False
        for future, (item, _, made_by) in pending.items():
            if made_by != generation or not future.running():
                continue
            seconds = self.bound(item)
            if seconds is not None and now - self.since.setdefault(future, now) > seconds:
                self.late[future] = seconds
                found = True
        return found

    def ended(self, future: cf.Future[Any]) -> float | None:
        """Forget a finished task; return the bound it ran past (None: it was not late)."""
        self.since.pop(future, None)
        return self.late.pop(future, None)


def _chunks(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    """Cut items into lists of size, each made when the pool asks for it: a batch's tasks
    exist only while they are sent or in flight (plan.RowTasks)."""
    return (list(items[i : i + size]) for i in range(0, len(items), size))


def _chunk_size(rows: int, window: int, largest: int) -> int:
    """Return how many rows to send a worker at once: enough that the main process hands out
    a few tasks per worker rather than one per row, few enough (largest) that every worker
    stays busy to the end."""
    return max(1, min(largest, rows // (window or 1)))


def _singles(chunk: list[Any]) -> list[list[Any]]:
    """Cut a chunk of rows into chunks of one row (a lost chunk's rows are tried alone)."""
    return [[item] for item in chunk]
