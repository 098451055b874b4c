"""Versions of one document: which archived file a deliberation points to.

Two archived files are versions of one document when they came from the same URL or
carry the same deliberation number. The newest wins, whatever the order in which
they were ingested: a readable file before one that failed, then the latest
``version_at`` (HTTP ``Last-Modified``, else the local file's modification time,
else the retrieval time), then the latest retrieval, then the hash (a stable tie).
Older versions stay in ``documents`` (and their pages stay searchable) with
``superseded_by`` naming the version that replaced them.
"""

from __future__ import annotations

import sqlite_utils

_GROUP_SQL = """
select sha256, status, version_at, retrieved_at from documents
where (source_url is not null and source_url = :url)
   or (deliberation_id is not null and deliberation_id = :number)
   or sha256 = :sha
"""


def version_key(
    status: str | None, version_at: str | None, retrieved_at: str | None, sha256: str
) -> tuple:
    """Sort key of a version: the greatest is the current one."""
    return (status != "failed", version_at or "", retrieved_at or "", sha256)


def newer_holder(db: sqlite_utils.Database, number: str | None, key: tuple) -> str | None:
    """The document holding deliberation ``number`` when it is newer than ``key``."""
    if not number:
        return None
    row = db.execute(
        "select d.sha256, d.status, d.version_at, d.retrieved_at from deliberations l "
        "join documents d on d.sha256 = l.document_sha256 where l.id = ?",
        [number],
    ).fetchone()
    if row is None or row[0] == key[-1]:
        return None
    return row[0] if version_key(*row[1:], row[0]) > key else None


def refresh_superseded(db: sqlite_utils.Database, sha256: str) -> None:
    """Mark every other version of this document as superseded by the newest one."""
    url, number = db.execute(
        "select source_url, deliberation_id from documents where sha256 = ?", [sha256]
    ).fetchone()
    group = db.execute(_GROUP_SQL, {"url": url, "number": number, "sha": sha256}).fetchall()
    newest = max(group, key=lambda r: version_key(r[1], r[2], r[3], r[0]))[0]
    for row in group:
        db.execute(
            "update documents set superseded_by = ? where sha256 = ?",
            [None if row[0] == newest else newest, row[0]],
        )
