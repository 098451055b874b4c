"""The database as the site reads it: read-only, and always the current file.

Datasette's ``immutable`` mode hashes the file once and never looks again: after
tonight's ``ingest`` the site showed yesterday's rows, and after ``rebuild`` (a new
file swapped in) the old one until a restart. :class:`LiveDatabase` opens every
connection ``mode=ro`` with ``PRAGMA query_only`` (SQLite refuses any write, whatever
the SQL), never opens a write connection, and reconnects when the path names another
file than the one a connection has open (``rebuild``'s swap). WAL lets it read while
``ingest`` writes: each query sees the last committed document.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
import urllib.parse
from pathlib import Path

from datasette.database import Database

from delib_extract.errors import DelibExtractError


class ReadOnlySite(DelibExtractError):
    """Something asked the site's database for a write."""


def file_identity(path: str | Path) -> tuple[int, int] | None:
    """Which file a path names now (device, inode); None while it is missing."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


class LiveDatabase(Database):
    def __init__(self, ds, path: str | Path) -> None:
        super().__init__(ds, path=str(Path(path).resolve()), is_mutable=True)
        self._local = threading.local()

    def connect(self, write: bool = False) -> sqlite3.Connection:
        if write:
            raise ReadOnlySite("le site est en lecture seule")
        uri = f"file:{urllib.parse.quote(self.path)}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only = 1")
        return conn

    async def execute_write_fn(self, fn, block: bool = True):
        raise ReadOnlySite("le site est en lecture seule")

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, to the file the path names now."""
        now = file_identity(self.path)
        conn = getattr(self._local, "conn", None)
        if conn is not None and (now is None or now == self._local.identity):
            return conn
        if conn is not None:
            conn.close()
        conn = self.connect()
        self.ds._prepare_connection(conn, self.name)
        self._local.conn, self._local.identity = conn, now
        return conn

    async def execute_fn(self, fn):
        if self.ds.executor is None:  # Datasette without threads
            return fn(self._connection())
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.ds.executor, lambda: fn(self._connection()))
