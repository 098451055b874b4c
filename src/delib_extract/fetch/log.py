"""The ``fetches`` table: what the last request for each URL gave.

It is both a record people can read (which URL failed, and why) and the memory of
the HTTP validators (ETag, Last-Modified) sent in the next conditional request.
A rebuilt database gets it back from the archive's manifest.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from delib_extract.db.load import open_db
from delib_extract.fetch.download import Download
from delib_extract.ingest.archive import Archive
from delib_extract.text.dates import utc_iso
from delib_extract.vocab import FetchStatus


def record_fetch(
    db: sqlite_utils.Database,
    outcome: Download,
    *,
    listing_url: str | None = None,
    sha256: str | None = None,
    status: FetchStatus | None = None,
) -> None:
    """Remember the outcome; a 304 or a failure keeps the last known good version."""
    row = {
        "url": outcome.url, "listing_url": listing_url,
        "status": str(status or outcome.status), "http_status": outcome.http_status,
        "error": outcome.error, "checked_at": utc_iso(),
    }  # fmt: skip
    if sha256:
        row.update(sha256=sha256, etag=outcome.etag, last_modified=outcome.last_modified)
    with db.atomic():
        if listing_url is None and db["fetches"].count_where("url = ?", [outcome.url]):
            row.pop("listing_url")  # a URL given alone keeps the listing it was found on
        db["fetches"].upsert(row, pk="url")


def known_validators(
    db: sqlite_utils.Database, archive: Archive, url: str
) -> tuple[str | None, str | None]:
    """ETag and Last-Modified of the version of ``url`` that the archive holds."""
    row = db.execute("select sha256, etag, last_modified from fetches where url = ?", [url])
    found = row.fetchone()
    if found and found[0] and archive.get(found[0]):
        return found[1], found[2]
    entry = archive.latest_for_url(url)
    return (entry.etag, entry.last_modified) if entry else (None, None)


def record_archive_sources(db_path: str | Path, archive: Archive) -> None:
    """Fill ``fetches`` from the manifest: the latest archived version of each URL."""
    urls = {e.source_url for e in archive.entries() if e.source_url}
    latest = {url: archive.latest_for_url(url) for url in sorted(urls)}
    db = open_db(db_path)
    try:
        with db.atomic():
            db["fetches"].upsert_all(
                (
                    {"url": url, "status": str(FetchStatus.DOWNLOADED), "sha256": e.sha256,
                     "etag": e.etag, "last_modified": e.last_modified,
                     "checked_at": e.retrieved_at}
                    for url, e in latest.items()
                    if e is not None
                ),
                pk="url",
            )  # fmt: skip
    finally:
        db.close()
