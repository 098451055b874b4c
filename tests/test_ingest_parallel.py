"""Parallel and incremental ingestion: a process pool, a Dask cluster, a progress bar."""

from __future__ import annotations

import importlib
import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from support.dbstate import db_state

from delib_extract import ingest
from delib_extract.errors import DelibExtractError
from delib_extract.ingest.executors import _windowed
from delib_extract.ingest.progress import Progress, format_duration


@pytest.fixture(scope="module")
def serial_state(pdf_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("serial")
    assert ingest([pdf_dir], work / "d.db", work / "raw", jobs=1).ok == 3
    return db_state(work / "d.db")


@pytest.mark.slow  # a process pool
def test_process_pool_loads_the_same_rows(
    pdf_dir: Path, serial_state: dict, tmp_path: Path
) -> None:
    report = ingest([pdf_dir], tmp_path / "d.db", tmp_path / "raw", jobs=2)
    assert (report.ok, report.failed) == (3, 0)
    assert db_state(tmp_path / "d.db") == serial_state


@pytest.mark.slow  # four ingests of the fixtures
def test_incremental_force_and_new_extractor_version(
    pdf_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, raw = tmp_path / "d.db", tmp_path / "raw"
    ingest([pdf_dir / "seed_like.pdf", pdf_dir / "unanimous.pdf"], db, raw, jobs=1)
    first = db_state(db, volatile=set())
    again = ingest(None, db, raw, jobs=1)  # the archive itself, unchanged
    assert (again.unchanged, again.ok) == (2, 0)
    assert db_state(db, volatile=set()) == first  # not even ingested_at moved
    forced = ingest(None, db, raw, jobs=1, force=True)
    assert (forced.unchanged, forced.ok) == (0, 2)
    module = importlib.import_module("delib_extract.ingest.batch")  # not the function of that name
    monkeypatch.setattr(module, "EXTRACTOR_VERSION", "99.0.0")
    upgraded = ingest(None, db, raw, jobs=1)
    assert (upgraded.unchanged, upgraded.ok) == (0, 2)
    assert db_state(db)["deliberations"] == first["deliberations"]


@pytest.mark.slow  # a Dask LocalCluster
def test_dask_cluster_loads_the_same_rows(
    pdf_dir: Path, serial_state: dict, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        report = ingest(
            [pdf_dir], tmp_path / "d.db", tmp_path / "raw",
            executor="dask", scheduler=cluster.scheduler_address,
        )  # fmt: skip
    assert (report.ok, report.failed) == (3, 0)
    assert db_state(tmp_path / "d.db") == serial_state


def test_dask_needs_a_scheduler(pdf_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(DelibExtractError, match="--scheduler"):
        ingest([pdf_dir], tmp_path / "d.db", tmp_path / "raw", executor="dask")


def test_progress_bar_text() -> None:
    stream = io.StringIO()
    bar = Progress(stream, enabled=True)
    bar.start(4)
    bar._started -= 10  # ten seconds ago
    bar.advance(pages=30)
    assert bar.render(now=bar._started + 10) == (
        "[######..................] 1/4  25% 3.0 pages/s ETA 0:30"
    )
    assert format_duration(3725) == "1:02:05"
    quiet = io.StringIO()
    Progress(quiet).start(3)  # not a terminal: nothing drawn
    assert quiet.getvalue() == ""


@pytest.mark.slow  # an ingest on a pseudo-terminal
def test_progress_bar_on_a_real_terminal(sample_pdf: Path, tmp_path: Path) -> None:
    master, slave = pty.openpty()
    command = [sys.executable, "-m", "delib_extract", "ingest", str(sample_pdf), "--jobs", "1",
               "--db", str(tmp_path / "d.db"), "--archive", str(tmp_path / "raw")]  # fmt: skip
    process = subprocess.run(command, stderr=slave, stdout=subprocess.PIPE, timeout=300)
    os.close(slave)
    drawn = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    os.close(master)
    assert process.returncode == 0
    assert b"1/1 100%" in drawn and b"ETA" in drawn and b"\r" in drawn
    assert b"ETA" not in process.stdout  # the summary on stdout stays clean


def test_only_a_window_of_jobs_is_in_flight() -> None:
    pending: list[tuple[str, str]] = []
    peak = 0

    def submit(job: tuple[str, str]) -> None:
        nonlocal peak
        pending.append(job)
        peak = max(peak, len(pending))

    jobs = [(str(n), f"{n}.pdf") for n in range(50)]
    done = [key for key, _ in _windowed(jobs, submit, lambda: pending.pop(0), 4)]
    assert done == [key for key, _ in jobs] and peak == 4
