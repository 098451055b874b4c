"""Crash safety: an ingest killed with SIGKILL, a full disk, a write error. The database
always passes ``PRAGMA integrity_check``, holds no half-loaded document, and the next
run completes the rest."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from support import hostile
from support.dbstate import db_state

from delib_extract import ingest
from delib_extract.cli import main

pytestmark = pytest.mark.slow  # an ingest killed with SIGKILL, full disks

HEAVY_DOCUMENTS = 4  # non-CP documents of many long pages: their load takes a while
HEAVY_PAGES = 50


@pytest.fixture(scope="module")
def crash_dir(pdf_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash")
    for pdf in pdf_dir.glob("*.pdf"):
        shutil.copy(pdf, folder / pdf.name)
    words = " ".join(f"mot{n}" for n in range(25))
    for index in range(HEAVY_DOCUMENTS):
        lines = [f"Recueil {index}, ligne {n} : {words}" for n in range(40)]
        stream = hostile.text_stream(lines, size=6, top=820)
        pdf = hostile.raw_pdf([stream], [0] * HEAVY_PAGES)
        (folder / f"recueil-{index}.pdf").write_bytes(pdf)
    return folder


@pytest.fixture(scope="module")
def clean(crash_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, int]:
    """What an uninterrupted ingest of the folder gives, and the database's size."""
    work = tmp_path_factory.mktemp("clean")
    report = ingest([crash_dir], work / "d.db", work / "raw", jobs=1)
    assert (report.ok, report.failed) == (3 + HEAVY_DOCUMENTS, 0)
    with sqlite3.connect(work / "d.db") as db:
        db.execute("pragma wal_checkpoint(truncate)")
    return db_state(work / "d.db"), (work / "d.db").stat().st_size


def _command(folder: Path, db: Path, raw: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "delib_extract", "ingest", str(folder), "--db", str(db),
            "--archive", str(raw), "--no-progress", *extra]  # fmt: skip


def _loaded(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def _kill_when_loaded(command: list[str], db: Path, documents: int) -> None:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _loaded(db) < documents and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the ingest ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    _no_process_left(db)


def _no_process_left(db: Path) -> None:
    """The killed writer's workers and extractions die with it (PR_SET_PDEATHSIG)."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        left = [p for p in psutil.process_iter(["cmdline"]) if str(db) in (p.info["cmdline"] or [])]
        if not left:
            return
        time.sleep(0.1)
    raise AssertionError(f"processes left running: {left}")


def assert_whole(db_path: Path, clean_state: dict) -> set[str]:
    """Integrity, and every loaded document exactly as in the clean run; its sha256s."""
    with sqlite3.connect(db_path) as db:
        assert db.execute("pragma integrity_check").fetchall() == [("ok",)]
        assert db.execute("pragma foreign_key_check").fetchall() == []
        loaded = {row[0] for row in db.execute("select sha256 from documents")}
        numbers = {row[0] for row in db.execute("select id from deliberations")}
    state = db_state(db_path)
    for table, rows in state.items():
        assert set(rows) <= set(clean_state[table]), table  # nothing else, nothing half-made
    # Each loaded document whole: its pages, and its deliberation's rows.
    assert len(state["pages"]) == sum(1 for r in clean_state["pages"] if r[0] in loaded)
    for table in ("attendance", "votes", "articles", "budget_lines", "grants", "citations"):
        expected = [r for r in clean_state[table] if r[0] in numbers]
        assert sorted(state[table], key=repr) == sorted(expected, key=repr), table
    return loaded


def test_sigkill_mid_run_then_the_next_run_completes(
    crash_dir: Path, clean: tuple[dict, int], tmp_path: Path
) -> None:
    clean_state, _ = clean
    db, raw = tmp_path / "d.db", tmp_path / "raw"
    _kill_when_loaded(_command(crash_dir, db, raw, "--jobs", "2"), db, 2)
    loaded = assert_whole(db, clean_state)
    assert 2 <= len(loaded) < 3 + HEAVY_DOCUMENTS
    report = ingest([crash_dir], db, raw, jobs=2)  # no lock left behind: it runs at once
    assert report.unchanged == len(loaded)
    assert report.ok == 3 + HEAVY_DOCUMENTS - len(loaded)
    assert db_state(db) == clean_state  # complete, nothing twice


@contextmanager
def small_filesystem(path: Path, size: int) -> Iterator[Path]:
    """A tmpfs of ``size`` bytes mounted on ``path`` (root only; skipped otherwise)."""
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _grow(path: Path, size: int) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(path)], check=True)


def _one_line_error(code: int, stderr: str, start: str) -> str:
    assert code == 2, stderr
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(start), stderr
    return lines[0]


def _cli_ingest(folder: Path, db: Path, raw: Path) -> tuple[int, str]:
    """`delib-extract ingest` in this process (what a user runs, without the start-up)."""
    result = CliRunner().invoke(main, _command(folder, db, raw, "--jobs", "1")[3:])
    assert not isinstance(result.exception, AssertionError | TypeError), result.exception
    return result.exit_code, result.stderr


def test_full_disk_under_the_database(
    crash_dir: Path, clean: tuple[dict, int], tmp_path: Path
) -> None:
    clean_state, size = clean
    with small_filesystem(tmp_path / "small", size // 2) as small:
        db, raw = small / "d.db", tmp_path / "raw"
        code, stderr = _cli_ingest(crash_dir, db, raw)
        full = f"Error: disque plein : écriture impossible dans {db}"
        line = _one_line_error(code, stderr, full)
        assert "chargés avant sont intacts" in line and "relancez" in line
        loaded = assert_whole(db, clean_state)
        assert 0 < len(loaded) < 3 + HEAVY_DOCUMENTS  # stopped half-way, cleanly
        _grow(small, size * 4)
        assert ingest([crash_dir], db, raw, jobs=2).failed == 0
        assert db_state(db) == clean_state


def test_full_disk_under_the_archive(
    crash_dir: Path, clean: tuple[dict, int], tmp_path: Path
) -> None:
    clean_state, _ = clean
    total = sum(p.stat().st_size for p in crash_dir.glob("*.pdf"))
    with small_filesystem(tmp_path / "small", total // 2) as small:
        db, raw = tmp_path / "d.db", small / "raw"
        code, stderr = _cli_ingest(crash_dir, db, raw)
        full = f"Error: disque plein : écriture impossible dans {raw}"
        line = _one_line_error(code, stderr, full)
        assert "No space left on device" in line
        assert not list(raw.glob(".incoming-*"))  # no half copy left behind
        _grow(small, total * 4)
        assert ingest([crash_dir], db, raw, jobs=2).failed == 0
        assert db_state(db) == clean_state


def test_a_write_error_stops_cleanly_then_the_next_run_completes(
    crash_dir: Path, clean: tuple[dict, int], tmp_path: Path
) -> None:
    """Without root: the kernel refuses writes past a file size (RLIMIT_FSIZE, EFBIG)."""
    clean_state, size = clean
    db, raw = tmp_path / "d.db", tmp_path / "raw"
    shutil.copytree(crash_dir, raw)  # the files are archived in place: only SQLite writes

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, resource.RLIM_INFINITY))

    done = subprocess.run(
        [*_command(raw, db, raw, "--jobs", "1")], capture_output=True, text=True,
        timeout=300, preexec_fn=limit,
    )  # fmt: skip
    line = _one_line_error(done.returncode, done.stderr, f"Error: écriture impossible dans {db}")
    assert "relancez la même commande" in line
    loaded = assert_whole(db, clean_state)
    assert 0 < len(loaded) < 3 + HEAVY_DOCUMENTS
    assert ingest(None, db, raw, jobs=2).failed == 0
    assert db_state(db) == clean_state
    # the complete database is larger than the limit was (its WAL counts: a checkpoint
    # may not have run yet)
    wal = db.with_name(db.name + "-wal")
    assert os.path.getsize(db) + (wal.stat().st_size if wal.exists() else 0) > size // 2
