"""Where extraction runs: in this process, in a local process pool, or on a Dask cluster.

Each executor takes ``(key, path)`` jobs and yields ``(key, Extraction)`` as soon as
each finishes, in any order. At most a small window of jobs is in flight, so memory
does not grow with the number of documents however slow the single writer is.

Under time and memory limits (the default), local documents are read by pool workers
that hold the limits themselves — one process for many documents (a process forked
for each one made the extraction cost a quarter more: fresh memory, cold caches);
the pool kills a worker whose document passes its deadline and says what ended one
that died (:func:`~delib_extract.ingest.limits.worker_outcome`). A worker is replaced
after a failed document and after ``MAX_TASKS_PER_CHILD``.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from delib_extract.errors import DelibExtractError
from delib_extract.extract import extract_pdf, failed
from delib_extract.ingest.limits import (
    address_space,
    die_with_parent,
    extract_limited,
    limit_worker,
    limits_enabled,
    worker_outcome,
)
from delib_extract.ingest.workerpool import Death, WorkerPool
from delib_extract.records import Extraction
from delib_extract.settings import Settings
from delib_extract.vocab import DocumentStatus

Job = tuple[str, str]  # (key, path of the PDF)
Results = Iterator[tuple[str, Extraction]]
# A worker process is replaced after this many documents: whatever a PDF library
# leaks, it cannot pile up.
MAX_TASKS_PER_CHILD = 20
# PDFium is not thread-safe: a Dask worker started with several threads extracts
# one document at a time (start workers with --nthreads 1 and use more of them).
_PDF_LOCK = threading.Lock()


def extract_job(path: str, settings: Settings) -> Extraction:
    """The unit of work: one PDF in, one Extraction out (never raises for a bad PDF),
    within the settings' time and memory limits (see :mod:`.limits`)."""
    return extract_limited(path, settings)


def _keyed_job(key: str, path: str, settings: Settings) -> tuple[str, Extraction]:
    return key, extract_job(path, settings)


def _bytes_job(key: str, data: bytes, settings: Settings) -> tuple[str, Extraction]:
    # A cluster worker may not see the archive: the PDF travels with the job.
    with tempfile.TemporaryDirectory(prefix="delib-") as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        with _PDF_LOCK:
            return key, extract_job(str(path), settings)


def failed_extraction(error: BaseException) -> Extraction:
    """What a job that crashed (rather than reporting a bad PDF) is recorded as."""
    return failed(f"erreur d'exécution: {type(error).__name__}: {error}"[:500])


def run_serial(jobs: Iterable[Job], settings: Settings, workers: int = 1) -> Results:
    """In this process: only without limits (with them, a pool of one worker)."""
    for key, path in jobs:
        yield _keyed_job(key, path, settings)


def _worker_job(key: str, path: str, settings: Settings) -> tuple[str, Extraction]:
    # In a pool worker that holds the limits itself (or needs none): no process of its own.
    return key, extract_pdf(path, settings)


def _worker_death(settings: Settings, death: Death) -> Extraction:
    result = worker_outcome(
        death.exitcode, settings, death.start_size, death.peak_size, death.timed_out
    )
    result.seconds = round(death.seconds, 3)
    return result


def _read_well(value: tuple[str, Extraction]) -> bool:
    # After a failed document (a MemoryError caught, a library in a bad state), a fresh worker.
    return value[1].status != DocumentStatus.FAILED


def run_pool(jobs: Iterable[Job], settings: Settings, workers: int) -> Results:
    """A local pool of processes (PDFium is not thread-safe, pdfminer holds the GIL),
    each with a pipe of its own (:mod:`.workerpool`): a worker that dies costs its one
    document, recorded as failed, never the batch."""
    limited = limits_enabled(settings)
    watched = limited and settings.memory_limit_mb > 0
    with WorkerPool(
        _worker_job,
        workers,
        max_tasks=MAX_TASKS_PER_CHILD,
        initializer=partial(limit_worker, settings) if limited else die_with_parent,
        task_timeout_s=settings.time_limit_s if limited else 0.0,
        size_of=address_space if watched else None,
        on_death=partial(_worker_death, settings) if limited else None,
        keep_worker=_read_well,
    ) as pool:

        def submit(job: Job) -> None:
            key, path = job
            pool.submit(key, (key, path, settings))

        def next_result() -> tuple[str, Extraction]:
            key, ok, value = pool.next_result()
            if ok:
                return value
            if isinstance(value, Extraction):
                return key, value
            if value is None:
                value = RuntimeError("le processus d'extraction s'est arrêté (tué ou planté)")
            return key, failed_extraction(value)

        yield from _windowed(jobs, submit, next_result, 2 * workers)


def run_dask(jobs: Iterable[Job], settings: Settings, workers: int, scheduler: str) -> Results:
    """Extraction on a Dask distributed cluster; the results come back to this process."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise DelibExtractError(
            "--executor dask demande Dask : pip install 'delib-extract[dask]'"
        ) from exc
    try:
        client = Client(scheduler, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DelibExtractError(f"ordonnanceur Dask injoignable: {scheduler} ({exc})") from exc
    with client:
        window = max(2, 2 * sum(client.nthreads().values()))
        finished = as_completed(loop=client.loop)
        keys: dict[str, str] = {}  # Dask's task key → our key

        def submit(job: Job) -> None:
            key, path = job
            future = client.submit(_bytes_job, key, Path(path).read_bytes(), settings, pure=False)
            keys[future.key] = key
            finished.add(future)

        def next_result() -> tuple[str, Extraction]:
            future = next(finished)
            key = keys.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:  # a task that crashed on a worker: one failed document
                result = (key, failed_extraction(exc))
            future.release()
            return result

        yield from _windowed(jobs, submit, next_result, window)


def _windowed(
    jobs: Iterable[Job], submit: Callable[[Job], None], next_result: Callable[[], tuple], size: int
) -> Results:
    """Keep ``size`` jobs in flight; yield each result as it comes back."""
    pending = iter(jobs)
    in_flight = 0
    for job in pending:
        submit(job)
        in_flight += 1
        if in_flight >= size:
            break
    while in_flight:
        yield next_result()
        in_flight -= 1
        job = next(pending, None)
        if job is not None:
            submit(job)
            in_flight += 1


EXECUTORS = ("process", "dask")


def run_jobs(
    jobs: list[Job],
    settings: Settings,
    *,
    executor: str = "process",
    workers: int | None = None,
    scheduler: str | None = None,
) -> Results:
    """Run the jobs on the chosen executor (``process``: local, the default)."""
    if executor == "dask":
        if not scheduler:
            raise DelibExtractError("--executor dask demande --scheduler tcp://HÔTE:PORT")
        return run_dask(jobs, settings, workers or 1, scheduler)
    if executor != "process":
        raise DelibExtractError(f"exécuteur inconnu: {executor} (choix: {', '.join(EXECUTORS)})")
    workers = max(1, workers or os.cpu_count() or 1)
    if not jobs or ((workers == 1 or len(jobs) <= 1) and not limits_enabled(settings)):
        return run_serial(jobs, settings)
    return run_pool(jobs, settings, min(workers, len(jobs)))
