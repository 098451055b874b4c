"""A small process pool in which each worker has a pipe of its own.

``multiprocessing.Pool`` shares one task queue between its workers, guarded by a lock
that an idle worker holds while it waits: a worker that dies at that moment (killed
by the kernel's OOM killer, by a signal, or retired by ``maxtasksperchild`` while its
creator thread exits) leaves the lock taken for ever, and ``Pool.terminate`` — hence
the end of every ``with Pool()`` block — hangs (CPython gh-74185 and friends). Seen
here on a 50-document benchmark. With one pipe per worker nothing is shared: a worker
that dies costs the one document it held, recorded as failed, and a new one takes
its place.

The pool can also hold each task to a deadline (the worker is killed when it passes)
and watch how much memory a worker takes while on a task, so that a caller can tell
what killed it (:class:`Death`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

Task = tuple[str, tuple]  # (key, arguments of the function)
_POLL_S = 0.05  # how often busy workers are looked at, when there is a deadline or a size


@dataclass(frozen=True)
class Death:
    """How a worker ended while on a task."""

    exitcode: int | None  # multiprocessing's: negative for the signal that killed it
    timed_out: bool  # killed by the pool: the task's deadline passed
    start_size: int  # the worker's address space (bytes) when it was given the task
    peak_size: int  # the largest seen while on it (0: not watched)
    seconds: float  # from the task's start to the worker's end


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process (of the chosen context)
    conn: Connection
    tasks_left: int  # before it must be replaced
    task: Task | None = None  # the one it is working on
    started: float = 0.0  # time.monotonic() when it was given its task
    deadline: float | None = None  # after which the task is abandoned
    start_size: int = 0
    peak_size: int = 0


def _serve(conn: Connection, function: Callable, initializer: Callable | None, tasks: int) -> None:
    """A worker: one task at a time from its pipe, until ``tasks`` are done or None."""
    if initializer is not None:
        initializer()
    for _ in range(tasks):
        try:
            arguments = conn.recv()
        except EOFError:  # the parent is gone
            break
        if arguments is None:
            break
        try:
            conn.send((True, function(*arguments)))
        except Exception as exc:
            try:
                conn.send((False, exc))
            except Exception:
                conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    conn.close()


class WorkerPool:
    """``workers`` processes running ``function``; each is replaced after
    ``max_tasks`` tasks (whatever a library leaks cannot pile up) or when it dies.

    ``submit(key, args)`` queues a task; ``results()`` yields ``(key, ok, value)`` as
    each finishes — ``ok`` False with the exception it raised, or, when its process
    died, with what ``on_death`` makes of the :class:`Death` (default: None). Use as a
    context manager: leaving stops every worker.

    ``task_timeout_s``: a task still running after that many seconds has its worker
    killed (a death with ``timed_out``). ``size_of(pid)``: the address space of a
    process, sampled while it works (a death then says how much it grew).
    ``keep_worker(value)``: False retires the worker that returned ``value``.
    """

    def __init__(
        self,
        function: Callable,
        workers: int,
        *,
        max_tasks: int = 20,
        initializer: Callable | None = None,
        task_timeout_s: float = 0.0,
        size_of: Callable[[int], int] | None = None,
        on_death: Callable[[Death], Any] | None = None,
        keep_worker: Callable[[Any], bool] | None = None,
    ):
        self._function = function
        self._initializer = initializer
        self._max_tasks = max(1, max_tasks)
        self._timeout = task_timeout_s
        self._size_of = size_of
        self._on_death = on_death
        self._keep_worker = keep_worker
        self._context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
        self._queue: deque[Task] = deque()
        self._workers = [self._start() for _ in range(max(1, workers))]

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> _Worker:
        parent_end, child_end = self._context.Pipe()
        process = self._context.Process(
            target=_serve,
            args=(child_end, self._function, self._initializer, self._max_tasks),
            daemon=True,
        )
        process.start()
        child_end.close()
        return _Worker(process, parent_end, self._max_tasks)

    def submit(self, key: str, arguments: tuple) -> None:
        self._queue.append((key, arguments))
        self._dispatch()

    def pending(self) -> int:
        return len(self._queue) + sum(1 for w in self._workers if w.task is not None)

    def _dispatch(self) -> None:
        """Hand queued tasks to idle workers, renewing those spent or dead."""
        for index in range(len(self._workers)):
            while self._queue and self._workers[index].task is None:
                worker = self._workers[index]
                if worker.tasks_left == 0 or not worker.process.is_alive():
                    worker = self._renew(index)
                task = self._queue.popleft()
                try:
                    worker.conn.send(task[1])
                except OSError:  # it died between the check and the send
                    self._queue.appendleft(task)
                    self._renew(index)
                    continue
                worker.task = task
                worker.tasks_left -= 1
                worker.started = time.monotonic()
                worker.deadline = worker.started + self._timeout if self._timeout else None
                worker.start_size = self._size_of(worker.process.pid) if self._size_of else 0
                worker.peak_size = worker.start_size

    def next_result(self) -> tuple[str, bool, Any]:
        """The next finished task (blocks); call only while ``pending()``."""
        busy = {w.conn: w for w in self._workers if w.task is not None}
        sentinels = {w.process.sentinel: w for w in busy.values()}
        watch = bool(self._timeout or self._size_of)
        while True:
            ready = wait([*busy, *sentinels], timeout=_POLL_S if watch else None)
            # Deadlines are looked at even while other workers keep finishing.
            late = self._look_at(busy.values()) if watch else None
            if late is not None:
                return self._died(late, timed_out=True)
            if ready:  # a result, or a process that died
                worker = busy.get(ready[0]) or sentinels[ready[0]]
                break
        try:
            ok, value = worker.conn.recv()
        except (EOFError, OSError):  # the process died with the task
            return self._died(worker, timed_out=False)
        key = worker.task[0]  # type: ignore[index] - busy workers hold a task
        worker.task = None
        if ok and self._keep_worker is not None and not self._keep_worker(value):
            worker.tasks_left = 0  # renewed before its next task
        self._dispatch()
        return key, ok, value

    def _look_at(self, busy: Iterable[_Worker]) -> _Worker | None:
        """Sample the busy workers' sizes; the first still working past its deadline
        (one whose result waits to be read finished in time, or died: not late)."""
        now = time.monotonic()
        late = None
        for worker in busy:
            if self._size_of:
                worker.peak_size = max(worker.peak_size, self._size_of(worker.process.pid))
            if (
                late is None
                and worker.deadline is not None
                and now >= worker.deadline
                and worker.process.is_alive()
                and not worker.conn.poll()
            ):
                late = worker
        return late

    def _died(self, worker: _Worker, timed_out: bool) -> tuple[str, bool, Any]:
        key = worker.task[0]  # type: ignore[index] - only busy workers die on a task
        index = self._workers.index(worker)
        if timed_out:
            worker.process.kill()
        self._retire(worker)
        seconds = time.monotonic() - worker.started
        death = Death(
            worker.process.exitcode, timed_out, worker.start_size, worker.peak_size, seconds
        )
        self._workers[index] = self._start()
        self._dispatch()
        return key, False, self._on_death(death) if self._on_death else None

    def _renew(self, index: int) -> _Worker:
        self._retire(self._workers[index])
        self._workers[index] = self._start()
        return self._workers[index]

    def _retire(self, worker: _Worker) -> None:
        worker.conn.close()
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()

    def close(self) -> None:
        """Stop every worker: ask, then kill what does not leave within a few seconds."""
        self._queue.clear()
        for worker in self._workers:
            if worker.task is None:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        for worker in self._workers:
            if worker.task is not None:  # left unfinished (the caller stopped early)
                worker.process.kill()
            self._retire(worker)
        self._workers = []

    def results(self) -> Iterator[tuple[str, bool, Any]]:
        while self.pending():
            yield self.next_result()
