"""Concurrent runs on one database: the second waits (--wait) or stops with a clear
message; never a corrupted database, never a duplicate."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.dbstate import db_state
from support.scdl_settings import write_settings

from delib_extract import fetch, ingest, rebuild
from delib_extract.cli import main
from delib_extract.db.lock import database_lock, lock_path
from delib_extract.errors import DatabaseBusyError


def _ingest_command(folder: Path, db: Path, raw: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "delib_extract", "ingest", str(folder), "--db", str(db),
            "--archive", str(raw), "--jobs", "1", "--no-progress", *extra]  # fmt: skip


def _together(*commands: list[str]) -> list[subprocess.CompletedProcess]:
    """Start every command at the same moment; wait for all."""
    processes = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    return [subprocess.CompletedProcess(p.args, p.wait(300), *p.communicate()) for p in processes]


@pytest.fixture(scope="module")
def serial_state(built_db: Path) -> dict:
    """The fixtures ingested once, alone (conftest)."""
    return db_state(built_db)


@pytest.mark.slow  # two ingest processes at once
def test_two_ingests_at_once_one_stops_with_a_message(
    pdf_dir: Path, serial_state: dict, tmp_path: Path
) -> None:
    db = tmp_path / "d.db"
    runs = _together(
        _ingest_command(pdf_dir, db, tmp_path / "raw-a"),
        _ingest_command(pdf_dir, db, tmp_path / "raw-b"),
    )
    codes = sorted(run.returncode for run in runs)
    assert codes == [0, 2], [(r.returncode, r.stderr) for r in runs]
    stopped = next(run for run in runs if run.returncode == 2)
    assert "Traceback" not in stopped.stderr
    busy = f"Error: base occupée : une autre commande écrit déjà dans {db}"
    assert stopped.stderr.startswith(busy)
    assert "(pid " in stopped.stderr and "ingest" in stopped.stderr
    assert db_state(db) == serial_state


@pytest.mark.slow  # two ingest processes at once
def test_two_ingests_at_once_with_wait_serialize(
    pdf_dir: Path, serial_state: dict, tmp_path: Path
) -> None:
    db = tmp_path / "d.db"
    runs = _together(
        _ingest_command(pdf_dir, db, tmp_path / "raw", "--wait", "120"),
        _ingest_command(pdf_dir, db, tmp_path / "raw", "--wait", "120"),
    )
    assert [run.returncode for run in runs] == [0, 0], [run.stderr for run in runs]
    summaries = sorted(run.stdout.strip() for run in runs)
    assert summaries == [
        "3 document(s): 0 ok, 0 partial, 0 failed; 3 unchanged, skipped",  # the second
        "3 document(s): 3 ok, 0 partial, 0 failed",
    ]
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    assert db_state(db) == serial_state  # nothing twice


@pytest.mark.slow  # commands racing for the lock
def test_the_lock_guards_rebuild_fetch_and_a_second_thread(pdf_dir: Path, tmp_path: Path) -> None:
    db, raw = tmp_path / "d.db", tmp_path / "raw"
    ingest([pdf_dir / "seed_like.pdf"], db, raw, jobs=1)
    with database_lock(db, what="test"):
        assert lock_path(db).read_text().startswith("pid ")
        for attempt in (
            lambda: ingest(None, db, raw, jobs=1),
            lambda: rebuild(db, raw, jobs=1),
            lambda: fetch(["http://127.0.0.1:9/x.pdf"], db_path=db, archive_dir=raw),
        ):
            with pytest.raises(DatabaseBusyError, match="base occupée"):
                attempt()
        started = time.monotonic()
        with pytest.raises(DatabaseBusyError, match=r"après 0\.5 s d'attente"):
            ingest(None, db, raw, jobs=1, wait_s=0.5)
        assert time.monotonic() - started >= 0.5
        result = CliRunner().invoke(main, ["rebuild", "--db", str(db), "--archive", str(raw)])
        assert result.exit_code == 2 and result.output.startswith("Error: base occupée")
        config, _mapping = write_settings(tmp_path)
        result = CliRunner().invoke(main, ["export", "scdl-subventions", "--db", str(db),
                                           "--config", str(config), "--store"])  # fmt: skip
        assert result.exit_code == 2 and result.output.startswith("Error: base occupée")
    # Released: a waiting thread gets it as soon as the holder lets go.
    order: list[str] = []
    with database_lock(db):
        waiter = threading.Thread(
            target=lambda: order.append(str(ingest(None, db, raw, jobs=1, wait_s=30).unchanged))
        )
        waiter.start()
        time.sleep(0.5)
        order.append("released")
    waiter.join(60)
    assert order == ["released", "1"]


def test_a_file_that_is_not_a_database(tmp_path: Path, sample_pdf: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("pas une base\n" * 100)
    result = CliRunner().invoke(
        main, ["ingest", str(sample_pdf), "--db", str(db), "--archive", str(tmp_path / "raw")]
    )
    assert result.exit_code == 2
    assert result.output == f"Error: {db} n'est pas une base SQLite (file is not a database)\n"


@pytest.mark.slow  # a holder in another process
def test_the_message_names_a_holder_that_is_still_writing_its_line(tmp_path: Path) -> None:
    """The holder writes who it is just after taking the lock: a command arriving in that
    instant must still name it, not print « détenteur inconnu » (a race seen in CI)."""
    db = tmp_path / "d.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import fcntl, sys, time\n"
            "f = open(sys.argv[1], 'a+')\n"
            "fcntl.lockf(f, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "time.sleep(0.4)\n"
            "f.write('pid 1234, ingest, depuis maintenant\\n'); f.flush()\n"
            "time.sleep(30)\n"
        ), str(lock_path(db))],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseBusyError) as busy, database_lock(db):
            pass
        assert "(pid 1234, ingest, depuis maintenant)" in str(busy.value)
    finally:
        holder.kill()
        holder.wait()
