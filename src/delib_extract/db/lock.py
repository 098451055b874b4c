"""One writer per database: a lock file beside it (``deliberations.db.lock``).

``ingest``, ``rebuild`` and ``fetch`` hold it while they write. A second command on
the same database stops at once with a message naming the holder
(:class:`~delib_extract.errors.DatabaseBusyError`), or waits for it with ``wait_s``:
two cron jobs that overlap either serialize or one of them stops; neither corrupts nor
duplicates anything.

POSIX record locks (``fcntl.lockf``), not ``flock``: they are not inherited by the
processes the writer forks (extraction children, pool workers), so a killed writer's
lock is released by the kernel at once, even while one of its children is still
finishing a page. Such locks are per process: a set of the paths held here makes a
second holder in the same process (another thread) wait or stop as well.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from delib_extract.errors import DatabaseBusyError

_HELD: set[str] = set()
_HELD_GUARD = threading.Lock()
_RETRY_S = 0.2
_HOLDER_WAIT_S = 1.0


def lock_path(db_path: str | Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


@contextlib.contextmanager
def database_lock(db_path: str | Path, wait_s: float = 0.0, what: str = "") -> Iterator[Path]:
    """Hold the database's writer lock; raises DatabaseBusyError after ``wait_s`` seconds."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = str(path.resolve())
    deadline = time.monotonic() + wait_s
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held until the end
    try:
        while not _try_lock(handle, key):
            if time.monotonic() >= deadline:
                raise DatabaseBusyError(_busy_message(db_path, handle, wait_s))
            time.sleep(_RETRY_S)
        try:
            _describe(handle, what)
            yield path
        finally:
            with _HELD_GUARD:
                _HELD.discard(key)
            fcntl.lockf(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def _try_lock(handle, key: str) -> bool:
    with _HELD_GUARD:
        if key in _HELD:
            return False
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # EACCES or EAGAIN: another process holds it
            return False
        _HELD.add(key)
        return True


def _describe(handle, what: str) -> None:
    """Who holds the lock, for the message a second command prints."""
    started = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}, {what or ' '.join(sys.argv[:2])}, depuis {started}\n")
    handle.flush()


def _busy_message(db_path: str | Path, handle, wait_s: float) -> str:
    holder = _holder(handle)
    waited = f" après {wait_s:g} s d'attente" if wait_s else ""
    return (
        f"base occupée{waited} : une autre commande écrit déjà dans {db_path} ({holder}) ; "
        "relancez quand elle aura fini, ou attendez-la avec --wait SECONDES"
    )


def _holder(handle) -> str:
    """The holder's line; it is written just after the lock is taken, so a command that
    arrives in that instant reads an empty file: look again for a moment before giving up."""
    deadline = time.monotonic() + _HOLDER_WAIT_S
    while True:
        handle.seek(0)
        line = handle.readline()
        if line.endswith("\n"):  # a whole line: the holder has finished writing it
            return line.strip()
        if time.monotonic() >= deadline:
            return line.strip() or "détenteur inconnu"
        time.sleep(0.02)
