"""Spreading independent work over forked processes, for the commands that read every file.

Checking 10,000 entries is CPU-bound Python: one process uses one core. `map_forked` splits a
list into interleaved slices, computes the first slice in this process and each other slice in a
forked child that sends its results back through a pipe as one pickle. Forking (not spawning)
means a child starts with everything this process has loaded (modules, taxonomy, file list), so
nothing is imported again and only the results travel.

`Forked` runs one computation in a forked child while this process goes on, and reads its result
when first asked: the build uses it to compute the explorer's data and some of the pages on the
second core. `Meet` lets this process and one forked child share a list of items from its two
ends, so that neither waits for the other however unequal the items are.

Forking is only done where it is known to be safe: on Linux, when this process runs a single
thread (forking a threaded process can copy a lock some other thread holds), and unless
`ATLAS_NO_FORK` is set. Elsewhere (macOS, Windows, `atlas serve`'s threads) the work runs in
this process, with the same results. A child that fails or dies makes `map_forked` raise
`WorkerFailed` after every child has been reaped: never a hang, never a partial result.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import select
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items per process, forking and moving the results costs more than it saves.
# Checking entries on an idle 2-core machine, one process against two: 50 files 14.5 / 15.8 ms,
# 100 files 23.3 / 22.0 ms, 200 files 42.5 / 34.2 ms, 1,600 files 306 / 206 ms.
MIN_ITEMS_PER_WORKER = 100


class WorkerFailed(RuntimeError):
    """A forked worker exited without delivering its results."""


def can_fork() -> bool:
    """Whether forking workers is safe here (see the module's docstring)."""
    return (
        sys.platform == "linux"
        and hasattr(os, "fork")
        and not os.environ.get("ATLAS_NO_FORK")
        and threading.active_count() == 1
    )


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - Linux has sched_getaffinity


def workers_for(items: int) -> int:
    """How many processes pay off for `items` items: one per core, each with enough work."""
    if not can_fork():
        return 1
    return max(1, min(cores(), items // MIN_ITEMS_PER_WORKER))


def map_forked(func: Callable[[Sequence[T]], list[R]], items: Sequence[T], workers: int) -> list[R]:
    """`func(items)`, computed by up to `workers` processes, in the order of `items`.

    `func` takes a slice of the items and returns one result per item; it must be a pure
    function of its items (and of what this process already holds), and its results picklable.
    With one worker, or where forking is not safe (`can_fork`), it is simply called once.
    """
    workers = min(workers, len(items))
    if workers <= 1 or not can_fork():
        return func(items)
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    # Memory pages are shared with the children until someone writes to them; the cycle
    # collector writes into every object it scans, so it would copy the whole heap into each
    # process (measured at 10,000 entries: a quarter more CPU time in each). Frozen objects
    # are not scanned; they are unfrozen once the children are done.
    gc.freeze()
    try:
        for index in range(1, workers):
            children.append(_fork(func, items[index::workers]))
        slices = [func(items[0::workers])]
        for index, (pid, read) in enumerate(children):
            children[index] = (0, -1)  # `_collect` reaps it, whatever happens
            slices.append(_collect(pid, read))
    finally:
        gc.unfreeze()
        for pid, read in children:
            _stop(pid, read)
    merged: list[R] = [None] * len(items)  # type: ignore[list-item]
    for index, part in enumerate(slices):
        merged[index::workers] = part
    return merged


class Forked(Generic[R]):
    """`compute()` run in a forked child from now on; its result is read when first asked for.

    Only start one where `can_fork()` is true. `result` raises `WorkerFailed` if the child fails
    or dies; `stop` ends a child whose result will not be read (after a failure elsewhere).
    """

    def __init__(self, compute: Callable[[], R]) -> None:
        self._pid, self._read = _fork(lambda _: compute(), ())
        self._owner = os.getpid()  # forked children of this process cannot read the result
        self._value: R | None = None
        self._done = False

    def result(self) -> R:
        """The child's result, waiting for the child the first time."""
        if not self._done:
            pid, self._pid = self._pid, 0
            self._value = _collect(pid, self._read)
            self._done = True
        return self._value  # type: ignore[return-value]

    def ready(self) -> bool:
        """Whether `result` would not wait for the computation: the child has started sending
        its result (or has died). Always false in another process (one forked since)."""
        if os.getpid() != self._owner:
            return False
        return self._done or bool(select.select([self._read], [], [], 0)[0])

    def stop(self) -> None:
        """End and reap the child, if its result was never read."""
        if self._pid:
            _stop(self._pid, self._read)
            self._pid = 0


class Meet:
    """Items 0..n-1 shared by this process, from the front, and one forked child, from the
    back: each claims an item just before working on it, so the two meet wherever the work
    is split evenly, however unequal the items' costs (a static split of a build's pages,
    weighed by their length, left one process twice the other's work).

    `tail` is for when this process, after its own items, passes over each of the child's at
    a cost of its own (`tail` times the cost of doing one): it leaves the child the rest
    once that is about what its pass will take, so that the pass overlaps the child's last
    items instead of following them.

    Create it before forking. This process calls `mine(i)` for i = 0, 1, 2, ... in order (asked
    again, it answers the same); the child calls `next_back()` until it gives None. Every item is
    claimed exactly once.
    """

    # The lock is held for a few microseconds; not getting it for this long means the other
    # process died holding it: an error rather than a hang.
    PATIENCE = 60.0

    def __init__(self, count: int, tail: float = 0.0) -> None:
        # [front, back]: this process has claimed items < front, the child items >= back.
        self._ends = multiprocessing.get_context("fork").Array("q", [0, count])
        self._count = count
        self._tail = tail

    def mine(self, index: int) -> bool:
        """Called by this process before item `index`: whether it is this process's to do
        (else the child has done it, or is doing it, or will do it)."""
        with self._locked():
            if index < self._ends[0]:  # asked again: claimed already
                return True
            # Once this is false, it stays false: `back` only decreases.
            if index + self._tail * (self._count - index) < self._ends[1]:
                self._ends[0] = index + 1
                return True
            return False

    def next_back(self) -> int | None:
        """Called by the child: the last unclaimed item, now its, or None once they met."""
        with self._locked():
            index = self._ends[1] - 1
            if index < self._ends[0]:
                return None
            self._ends[1] = index
            return index

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        lock = self._ends.get_lock()
        if not lock.acquire(timeout=self.PATIENCE):
            raise WorkerFailed("a forked process sharing the work stopped while claiming an item")
        try:
            yield
        finally:
            lock.release()


def _fork(func: Callable[[Sequence[T]], object], part: Sequence[T]) -> tuple[int, int]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running any clean-up of ours
        code = 1
        try:
            if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent reports it
            os.close(read)
            result = func(part)
            with os.fdopen(write, "wb") as out:
                pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _collect(pid: int, read: int) -> Any:
    """The child's results once it has exited with success, else `WorkerFailed`."""
    try:
        with os.fdopen(read, "rb") as source:
            data = source.read()
    except BaseException:
        _stop(pid, -1)
        raise
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0 or not data:
        how = f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
        raise WorkerFailed(
            f"a worker process {how} before sending its results; "
            "set ATLAS_NO_FORK=1 to do the work in one process"
        )
    # Unpickling makes a million small objects that all survive: with the cycle collector on,
    # it would scan them again and again (several times slower); safe here, as only this
    # thread runs (`can_fork`).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


def _stop(pid: int, read: int) -> None:
    """End and reap a child whose results will not be read (this process failed first)."""
    if pid:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)
    if read >= 0:
        with contextlib.suppress(OSError):
            os.close(read)
