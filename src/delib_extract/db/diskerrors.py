"""Telling a failing disk or database from a bad document.

A bad document costs that document (recorded as failed); a full disk, an I/O error or
a file that is not a database stops the run with one line saying what to do, since
every later write would fail the same way. What was loaded before stays whole: each
document is one transaction.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from delib_extract.errors import StorageError

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
# SQLite primary result codes that are about the file, not the data.
_SQLITE_FULL, _SQLITE_STORAGE = 13, {5, 6, 8, 10, 11, 13, 14, 26}  # busy, locked, readonly,
# ioerr, corrupt, full, cantopen, notadb
_RESUME = "relancez la même commande : elle reprend où elle s'est arrêtée"


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF  # extended codes keep the primary low byte


def is_disk_full(exc: BaseException) -> bool:
    for item in _chain(exc):
        if isinstance(item, OSError) and item.errno in _FULL_ERRNOS:
            return True
        if isinstance(item, sqlite3.Error) and (
            _sqlite_code(item) == _SQLITE_FULL or "disk is full" in str(item)
        ):
            return True
    return False


def is_storage_failure(exc: BaseException) -> bool:
    """The file cannot be written or read: nothing that comes next would load either."""
    if is_disk_full(exc):
        return True
    if isinstance(exc, sqlite3.DatabaseError):
        code = _sqlite_code(exc)
        return code in _SQLITE_STORAGE if code is not None else "disk i/o" in str(exc).lower()
    return isinstance(exc, OSError)


def storage_error(
    exc: BaseException, target: str | Path, loaded: int | None = None
) -> StorageError:
    """One line for the user: what failed, where, what was kept, what to do."""
    kept = f" ; les {loaded} document(s) chargés avant sont intacts" if loaded else ""
    detail = getattr(exc, "strerror", None) or str(exc)
    if is_disk_full(exc):
        return StorageError(
            f"disque plein : écriture impossible dans {target} ({detail}){kept} ; "
            f"libérez de la place puis {_RESUME}"
        )
    if isinstance(exc, sqlite3.DatabaseError) and _sqlite_code(exc) == 26:
        return StorageError(f"{target} n'est pas une base SQLite ({detail})")
    return StorageError(f"écriture impossible dans {target} ({detail}){kept} ; {_RESUME}")
