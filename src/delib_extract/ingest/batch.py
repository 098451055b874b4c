"""Ingestion: archive the PDFs, extract them (in parallel), load them (one writer).

Incremental: a document already loaded by this extractor version is not extracted
again (its hash is its identity); ``force`` re-extracts everything.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from delib_extract import EXTRACTOR_VERSION
from delib_extract.db.diskerrors import is_storage_failure, storage_error
from delib_extract.db.lock import database_lock
from delib_extract.errors import ArchiveError
from delib_extract.ingest.archive import Archive, ArchivedFile
from delib_extract.ingest.intake import archive_files
from delib_extract.ingest.progress import Progress
from delib_extract.settings import DEFAULT_SETTINGS, Settings
from delib_extract.vocab import DocumentKind, DocumentStatus

# The database, extraction and fetch modules (sqlite-utils, PDFium, the parsers) are
# imported where a batch uses them: the command line reads this module's defaults at
# start-up, before it knows which command runs.
if TYPE_CHECKING:
    import sqlite_utils

    from delib_extract.db.load import DocumentMeta
    from delib_extract.records import Extraction

DEFAULT_DB = Path("db/deliberations.db")
DEFAULT_ARCHIVE = Path("raw_pdfs")


@dataclass
class IngestReport:
    ok: int = 0
    partial: int = 0
    failed: int = 0
    other: int = 0  # readable PDFs that are not CP deliberations
    unchanged: int = 0  # already loaded by this extractor version
    refused: int = 0  # files that could not even be read into the archive
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)

    @property
    def total(self) -> int:
        return self.ok + self.partial + self.failed + self.unchanged

    def add(self, name: str, result: Extraction) -> None:
        if result.status == DocumentStatus.FAILED:
            self.failed += 1
            self.problems.append((name, result.error or "échec"))
            return
        if result.kind == DocumentKind.OTHER:
            self.other += 1
        if result.status == DocumentStatus.PARTIAL:
            self.partial += 1
            missing = [c.message for c in result.all_checks() if c.kind == "extraction"]
            self.problems.append((name, "; ".join(missing)[:300] or "incomplet"))
        else:
            self.ok += 1

    def summary(self) -> str:
        text = (
            f"{self.total} document(s): {self.ok} ok, {self.partial} partial, {self.failed} failed"
        )
        if self.other:
            text += f" ({self.other} with no decision to read: agenda, act, annex…)"
        if self.unchanged:
            text += f"; {self.unchanged} unchanged, skipped"
        if self.refused:
            text += f"; {self.refused} file(s) refused (not archived)"
        return text

    def refuse(self, name: str, reason: str) -> None:
        self.refused += 1
        self.problems.append((name, reason))


def ingest(
    paths: Iterable[str | Path] | None = None,
    db_path: str | Path = DEFAULT_DB,
    archive_dir: str | Path = DEFAULT_ARCHIVE,
    *,
    jobs: int | None = None,
    force: bool = False,
    settings: Settings = DEFAULT_SETTINGS,
    progress: Callable[[str, Extraction], None] | None = None,
    executor: str = "process",
    scheduler: str | None = None,
    bar: Progress | None = None,
    wait_s: float = 0.0,
    locked: bool = False,
) -> IngestReport:
    """Archive every PDF under ``paths`` (default: the archive itself) and load it.

    ``progress`` is called after each document is loaded; ``bar`` draws a progress
    bar; ``executor="dask"`` with ``scheduler="tcp://host:port"`` extracts on a
    Dask cluster. Extraction runs in parallel, each document within the time and
    memory limits of ``settings``; one writer (this process) loads.

    One writer per database: another ``ingest``/``rebuild``/``fetch`` on it makes this
    one wait ``wait_s`` seconds, then raise DatabaseBusyError (``locked``: the caller
    already holds the lock). A full disk raises StorageError; what was loaded stays.
    """
    options = dict(jobs=jobs, force=force, settings=settings, progress=progress,
                   executor=executor, scheduler=scheduler, bar=bar)  # fmt: skip
    if locked:
        return _ingest(paths, Path(db_path), archive_dir, **options)
    with database_lock(db_path, wait_s, "ingest"):
        return _ingest(paths, Path(db_path), archive_dir, **options)


def _ingest(
    paths: Iterable[str | Path] | None, db_path: Path, archive_dir: str | Path, *,
    jobs: int | None, force: bool, settings: Settings,
    progress: Callable[[str, Extraction], None] | None, executor: str,
    scheduler: str | None, bar: Progress | None,
) -> IngestReport:  # fmt: skip
    from delib_extract.db.load import open_db
    from delib_extract.ingest.executors import run_jobs

    archive = Archive(archive_dir)
    report = IngestReport()
    entries = archive_files(archive, list(paths) if paths else [archive.root], report.refuse)
    try:
        db = open_db(db_path)
    except sqlite3.Error as exc:
        raise storage_error(exc, db_path) from exc
    try:
        todo = entries if force else _not_loaded(db, entries)
        report.unchanged = len(entries) - len(todo)
        work = _jobs(archive, todo)
        results = run_jobs(work, settings, executor=executor, workers=jobs, scheduler=scheduler)
        with contextlib.closing(results):  # a stop on a full disk stops the workers too
            _load_all(db, db_path, results, todo, report, progress, bar)
    finally:
        with contextlib.suppress(sqlite3.Error):
            db.close()
    return report


def _jobs(archive: Archive, todo: list[ArchivedFile]) -> list[tuple[str, str]]:
    # Largest first: no worker is left alone with a long document at the end.
    ordered = sorted(todo, key=lambda e: e.size, reverse=True)
    return [(e.sha256, str(archive.root / e.path)) for e in ordered]


def _load_all(
    db: sqlite_utils.Database,
    db_path: Path,
    results: Iterable[tuple[str, Extraction]],
    todo: list[ArchivedFile],
    report: IngestReport,
    progress: Callable[[str, Extraction], None] | None,
    bar: Progress | None,
) -> None:
    """The single writer: each extraction is loaded, in its own transaction, as it comes."""
    by_sha = {e.sha256: e for e in todo}
    loaded = 0
    if bar:
        bar.start(len(todo))
    try:
        for sha, result in results:
            entry = by_sha.pop(sha)  # nothing of a loaded document is kept in memory
            try:
                result = _load_one(db, entry, result)
            except (sqlite3.Error, OSError) as exc:
                raise storage_error(exc, db_path, loaded) from exc
            loaded += 1
            report.add(entry.path, result)
            if bar:
                bar.advance(result.page_count)
            if progress:
                progress(entry.path, result)
    finally:
        if bar:
            bar.close()


def _load_one(db: sqlite_utils.Database, entry: ArchivedFile, result: Extraction) -> Extraction:
    """Load one extraction; one that the database refuses (a value SQLite cannot hold, a
    bug) is recorded as a failed document instead, so that it costs only itself."""
    from delib_extract.db.load import load_extraction
    from delib_extract.ingest.limits import failed

    try:
        load_extraction(db, result, document_meta(entry, result), EXTRACTOR_VERSION)
        return result
    except (sqlite3.Error, ValueError, TypeError, OverflowError) as exc:
        if is_storage_failure(exc):
            raise
        reason = f"chargement impossible: {type(exc).__name__}: {exc}"[:500]
    refused = failed(reason, entry.sha256)
    refused.page_count = result.page_count
    load_extraction(db, refused, document_meta(entry, refused), EXTRACTOR_VERSION)
    return refused


def document_meta(entry: ArchivedFile, result: Extraction) -> DocumentMeta:
    from delib_extract.db.load import DocumentMeta

    result.sha256 = entry.sha256  # a job that crashed does not know its document
    return DocumentMeta(
        entry.sha256, entry.path, entry.original_name, entry.size, entry.source_url,
        entry.retrieved_at, entry.etag, entry.last_modified, entry.version_at,
    )  # fmt: skip


def _not_loaded(db: sqlite_utils.Database, entries: list[ArchivedFile]) -> list[ArchivedFile]:
    done = {
        row[0]
        for row in db.execute(
            "select sha256 from documents where extractor_version = ?", [EXTRACTOR_VERSION]
        ).fetchall()
    }
    return [e for e in entries if e.sha256 not in done]


def rebuild(
    db_path: str | Path = DEFAULT_DB, archive_dir: str | Path = DEFAULT_ARCHIVE, **options
) -> IngestReport:
    """A fresh database from the archive alone, swapped in for ``db_path`` when done.

    Until the swap, readers of the old database see it whole; a rebuild that fails
    leaves it untouched.
    """
    from delib_extract.fetch.log import record_archive_sources

    archive_dir, db_path = Path(archive_dir), Path(db_path)
    if not archive_dir.is_dir():
        raise ArchiveError(f"archive introuvable: {archive_dir}")
    with database_lock(db_path, options.pop("wait_s", 0.0), "rebuild"):
        fresh = db_path.with_name(db_path.name + ".rebuild")
        _remove_db_files(fresh)
        report = ingest(None, fresh, archive_dir, force=True, locked=True, **options)
        try:
            record_archive_sources(fresh, Archive(archive_dir))
        except sqlite3.Error as exc:
            raise storage_error(exc, fresh) from exc
        _remove_db_files(db_path, main=False)  # a stale -wal must not be replayed on the new
        os.replace(fresh, db_path)
    return report


def _remove_db_files(path: Path, main: bool = True) -> None:
    for suffix in ("", "-wal", "-shm") if main else ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
