"""The extraction pool: every task's result comes back once, a worker that dies costs
only its own task, and stopping the pool never hangs (multiprocessing.Pool could, when a
worker died holding its shared queue's lock)."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from delib_extract.ingest.workerpool import WorkerPool

pytestmark = pytest.mark.slow  # forked workers, killed


def _work(kind: str, value: int) -> tuple[int, int]:
    if kind == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "raise":
        raise ValueError(f"mauvais document {value}")
    return value * 2, os.getpid()


def _finishes(action, seconds: float = 60.0):
    """Run ``action`` in a thread: a hang fails the test instead of blocking the suite."""
    box: dict = {}
    thread = threading.Thread(target=lambda: box.update(value=action()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the pool hung"
    return box["value"]


def _run(tasks: list[tuple[str, int]], workers: int = 2, max_tasks: int = 3) -> dict:
    def action() -> dict:
        with WorkerPool(_work, workers, max_tasks=max_tasks) as pool:
            for index, task in enumerate(tasks):
                pool.submit(f"t{index}", task)
            return {key: (ok, value) for key, ok, value in pool.results()}

    return _finishes(action)


def test_every_result_once_and_workers_replaced_after_their_quota() -> None:
    results = _run([("ok", n) for n in range(20)], workers=2, max_tasks=3)
    assert sorted(results) == sorted(f"t{n}" for n in range(20))
    assert all(ok for ok, _ in results.values())
    assert [results[f"t{n}"][1][0] for n in range(20)] == [2 * n for n in range(20)]
    pids = {value[1] for _, value in results.values()}
    assert len(pids) >= 20 // 3  # no process did more than its quota


def test_a_worker_that_dies_costs_only_its_task() -> None:
    tasks = [("ok", 1), ("die", 2), ("ok", 3), ("raise", 4), ("die", 5), ("ok", 6)]
    results = _run(tasks)
    assert results["t1"] == (False, None)
    assert results["t4"] == (False, None)
    ok, error = results["t3"]
    assert not ok and isinstance(error, ValueError) and "mauvais document 4" in str(error)
    assert [results[k][1][0] for k in ("t0", "t2", "t5")] == [2, 6, 12]


def test_an_idle_worker_killed_from_outside_does_not_hang_the_pool() -> None:
    def action() -> list:
        with WorkerPool(_work, 2, max_tasks=50) as pool:
            pool.submit("first", ("ok", 1))
            first = list(pool.results())
            for worker in pool._workers:  # the OOM killer, an operator's kill -9…
                os.kill(worker.process.pid, signal.SIGKILL)
            time.sleep(0.2)
            for n in range(4):
                pool.submit(f"after{n}", ("ok", n))
            return first + sorted(pool.results())

    results = _finishes(action)
    assert [(key, ok, value[0]) for key, ok, value in results] == [
        ("first", True, 2), ("after0", True, 0), ("after1", True, 2),
        ("after2", True, 4), ("after3", True, 6),
    ]  # fmt: skip


def test_leaving_early_stops_the_busy_workers() -> None:
    def action() -> list:
        with WorkerPool(time.sleep, 2) as pool:
            pool.submit("long", (120,))
            processes = [w.process for w in pool._workers]
        return processes

    processes = _finishes(action, seconds=30)
    assert not any(p.is_alive() for p in processes)


@pytest.mark.parametrize("workers", [1, 3])
def test_no_task_no_result(workers: int) -> None:
    assert _run([], workers=workers) == {}
