"""The extraction pool: every task's result comes back once, a worker that dies costs
only its own task, and stopping the pool never hangs (multiprocessing.Pool could, when a
worker died holding its shared queue's lock)."""

from __future__ import annotations

import faulthandler
import os
import signal
import threading
import time

import pytest

from delib_extract.ingest.limits import address_space
from delib_extract.ingest.workerpool import Death, WorkerPool

pytestmark = pytest.mark.slow  # forked workers, killed


def _work(kind: str, value: int) -> tuple[int, int]:
    if kind == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "raise":
        raise ValueError(f"mauvais document {value}")
    if kind == "sleep":
        time.sleep(value)
    if kind == "grow":  # take `value` MB, give the pool time to see it, then crash
        block = bytearray(value << 20)
        time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGABRT)
        del block
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


def test_a_task_past_its_deadline_is_killed_and_the_next_one_runs() -> None:
    def action() -> dict:
        with WorkerPool(_work, 1, task_timeout_s=1.0, on_death=lambda death: death) as pool:
            pool.submit("slow", ("sleep", 60))
            pool.submit("next", ("ok", 4))
            return {key: (ok, value) for key, ok, value in pool.results()}

    started = time.monotonic()
    results = _finishes(action, seconds=30)
    assert time.monotonic() - started < 20
    ok, death = results["slow"]
    assert not ok and isinstance(death, Death)
    assert death.timed_out and death.exitcode == -signal.SIGKILL and death.seconds >= 1.0
    assert results["next"][0] and results["next"][1][0] == 8


def test_a_death_says_how_the_worker_ended_and_how_much_it_grew() -> None:
    def action() -> dict:
        with WorkerPool(
            _work, 2, size_of=address_space, on_death=lambda death: death,
            initializer=faulthandler.disable,  # the abort is expected: no dump
        ) as pool:  # fmt: skip
            pool.submit("killed", ("die", 1))
            pool.submit("grown", ("grow", 300))
            return {key: value for key, _, value in pool.results()}

    deaths = _finishes(action)
    assert deaths["killed"].exitcode == -signal.SIGKILL and not deaths["killed"].timed_out
    grown = deaths["grown"]
    assert grown.exitcode == -signal.SIGABRT and not grown.timed_out
    assert grown.peak_size - grown.start_size >= 250 << 20


def test_keep_worker_false_retires_the_worker_that_returned_the_value() -> None:
    def action() -> list:
        keep = lambda value: value[0] != 2  # noqa: E731 - the task of value 1 spoils its worker
        with WorkerPool(_work, 1, max_tasks=50, keep_worker=keep) as pool:
            for n in range(4):
                pool.submit(f"t{n}", ("ok", n))
            return [value[1] for _, _, value in sorted(pool.results())]

    pids = _finishes(action)
    assert pids[0] == pids[1] != pids[2] == pids[3]
