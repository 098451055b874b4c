"""Fetching deliberation PDFs from the web into the archive, then ingesting them.

URLs (given, or found on listing pages and their pagination) → download
(conditional, resumable, checked) → archive (a changed file is a new version,
the old one is kept) → ``fetches`` row per URL → ingest (incremental)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from delib_extract.db.diskerrors import storage_error
from delib_extract.db.load import open_db
from delib_extract.db.lock import database_lock
from delib_extract.fetch.download import Download, download
from delib_extract.fetch.http import HttpClient, PermanentError, TransientError
from delib_extract.fetch.listing import parse_listing, same_site
from delib_extract.fetch.log import known_validators, record_fetch
from delib_extract.ingest.archive import Archive
from delib_extract.ingest.batch import DEFAULT_ARCHIVE, DEFAULT_DB, IngestReport, ingest
from delib_extract.settings import DEFAULT_FETCH_SETTINGS, DEFAULT_SETTINGS, FetchSettings, Settings
from delib_extract.vocab import FetchStatus

PARTIAL_DIR = ".partial"  # inside the archive: same file system, so a move is atomic
_MAX_LISTING_BYTES = 20 * 1024 * 1024


@dataclass
class FetchReport:
    downloaded: int = 0  # new bytes archived (a new document or a new version)
    unchanged: int = 0  # same bytes as already archived
    not_modified: int = 0  # 304
    failed: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    ingest: IngestReport | None = None

    def summary(self) -> str:
        text = (
            f"{self.downloaded + self.unchanged + self.not_modified + self.failed} URL(s): "
            f"{self.downloaded} downloaded, {self.unchanged} unchanged, "
            f"{self.not_modified} not modified, {self.failed} failed"
        )
        return text + (f"\n{self.ingest.summary()}" if self.ingest else "")


def fetch(
    urls: Iterable[str] = (),
    listings: Iterable[str] = (),
    db_path: str | Path = DEFAULT_DB,
    archive_dir: str | Path = DEFAULT_ARCHIVE,
    *,
    settings: FetchSettings = DEFAULT_FETCH_SETTINGS,
    client: HttpClient | None = None,
    ingest_after: bool = True,
    on_url: Callable[[str, FetchStatus, str | None], None] | None = None,
    extraction: Settings = DEFAULT_SETTINGS,
    wait_s: float = 0.0,
    **ingest_options,
) -> FetchReport:
    """Download ``urls`` and every PDF linked from ``listings`` into the archive, then ingest.

    ``on_url(url, status, error)`` is called after each URL; ``extraction`` (limits…)
    and ``ingest_options`` go to :func:`~delib_extract.ingest.batch.ingest` (jobs, executor,
    progress...). Holds the database's writer lock throughout (``wait_s``: see ingest).
    """
    with database_lock(db_path, wait_s, "fetch"):
        try:
            return _fetch(
                urls, listings, db_path, archive_dir, settings=settings, client=client,
                ingest_after=ingest_after, on_url=on_url, extraction=extraction,
                **ingest_options,
            )  # fmt: skip
        except sqlite3.Error as exc:  # the `fetches` table on a full disk
            raise storage_error(exc, db_path) from exc


def _fetch(
    urls: Iterable[str], listings: Iterable[str], db_path: str | Path,
    archive_dir: str | Path, *, settings: FetchSettings, client: HttpClient | None,
    ingest_after: bool, on_url: Callable[[str, FetchStatus, str | None], None] | None,
    extraction: Settings, **ingest_options,
) -> FetchReport:  # fmt: skip
    archive = Archive(archive_dir)
    client = client or HttpClient(settings)
    report = FetchReport()
    to_ingest: list[Path] = []
    db = open_db(db_path)
    try:
        for url, listing_url in _targets(client, list(urls), list(listings), report, db):
            outcome = _fetch_one(db, archive, client, url, listing_url)
            _count(report, outcome)
            if outcome.status != FetchStatus.FAILED:
                to_ingest += [archive.root / e.path for e in archive.versions_of(url)]
            if on_url:
                on_url(url, outcome.status, outcome.error)
    finally:
        db.close()
    if ingest_after and to_ingest:
        report.ingest = ingest(
            to_ingest, db_path, archive_dir, settings=extraction, locked=True, **ingest_options
        )
    return report


def _fetch_one(
    db: sqlite_utils.Database, archive: Archive, client: HttpClient, url: str, listing: str | None
) -> Download:
    etag, last_modified = known_validators(db, archive, url)
    outcome = download(client, url, archive.root / PARTIAL_DIR, etag, last_modified)
    if outcome.status != FetchStatus.DOWNLOADED:
        record_fetch(db, outcome, listing_url=listing)
        return outcome
    before = len(archive)
    entry = archive.add(
        outcome.path, source_url=url, original_name=outcome.filename,
        retrieved_at=outcome.retrieved_at, etag=outcome.etag,
        last_modified=outcome.last_modified, move=True,
    )  # fmt: skip
    status = FetchStatus.DOWNLOADED if len(archive) > before else FetchStatus.UNCHANGED
    record_fetch(db, outcome, listing_url=listing, sha256=entry.sha256, status=status)
    return Download(url, status, http_status=outcome.http_status)


def _count(report: FetchReport, outcome: Download) -> None:
    name = str(outcome.status)
    setattr(report, name, getattr(report, name) + 1)
    if outcome.status == FetchStatus.FAILED:
        report.problems.append((outcome.url, outcome.error or "échec"))


def _targets(
    client: HttpClient,
    urls: list[str],
    listings: list[str],
    report: FetchReport,
    db: sqlite_utils.Database,
) -> Iterator[tuple[str, str | None]]:
    """Each URL to download once, with the listing page it was found on."""
    seen: set[str] = set()
    for url in urls:
        if url not in seen:
            seen.add(url)
            yield url, None
    for listing in listings:
        for url, page in crawl(client, listing, report, db):
            if url not in seen:
                seen.add(url)
                yield url, page


def crawl(
    client: HttpClient, start: str, report: FetchReport, db: sqlite_utils.Database
) -> Iterator[tuple[str, str]]:
    """PDF links of a listing page and of its next pages (same host, each page once)."""
    queue, visited = [start], set()
    while queue and len(visited) < client.settings.max_listing_pages:
        page = queue.pop(0)
        if page in visited:
            continue
        visited.add(page)
        try:
            html = _read_page(client, page)
        except (TransientError, PermanentError) as exc:
            failed = Download(page, FetchStatus.FAILED, http_status=exc.http_status, error=str(exc))
            _count(report, failed)
            record_fetch(db, failed, listing_url=start)
            continue
        listing = parse_listing(html, page)
        for url in listing.pdfs:
            yield url, page
        queue += [u for u in listing.next_pages if same_site(u, start) and u not in visited]


def _read_page(client: HttpClient, url: str) -> str:
    def attempt() -> str:
        try:
            with client.open(url, {"Accept": "text/html,*/*;q=0.5"}) as response:
                body = response.read(_MAX_LISTING_BYTES)
                charset = response.headers.get_content_charset() or "utf-8"
        except OSError as exc:  # a timeout while reading the body
            raise TransientError(f"réseau: {exc}") from exc
        return body.decode(charset, errors="replace")

    return client.retrying(attempt)
