"""Ingestion: archive the PDFs, extract them (in parallel), load them (one writer).

Incremental: a document already loaded by this extractor version is not extracted
again (its hash is its identity); ``force`` re-extracts everything.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from . import EXTRACTOR_VERSION
from .archive import Archive, ArchivedFile, iter_pdfs
from .errors import ArchiveError
from .executors import run_jobs
from .fetchlog import record_archive_sources
from .progress import Progress
from .records import Extraction
from .settings import DEFAULT_SETTINGS, Settings
from .store import DocumentMeta, load_extraction, open_db
from .vocab import DocumentKind, DocumentStatus

DEFAULT_DB = Path("db/deliberations.db")
DEFAULT_ARCHIVE = Path("raw_pdfs")


@dataclass
class IngestReport:
    ok: int = 0
    partial: int = 0
    failed: int = 0
    other: int = 0  # readable PDFs that are not CP deliberations
    unchanged: int = 0  # already loaded by this extractor version
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
            missing = [c.message for c in result.checks if c.kind == "extraction"]
            self.problems.append((name, "; ".join(missing)[:300] or "incomplet"))
        else:
            self.ok += 1

    def summary(self) -> str:
        text = (
            f"{self.total} document(s): {self.ok} ok, {self.partial} partial, {self.failed} failed"
        )
        if self.other:
            text += f" ({self.other} not a CP deliberation)"
        if self.unchanged:
            text += f"; {self.unchanged} unchanged, skipped"
        return text


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
) -> IngestReport:
    """Archive every PDF under ``paths`` (default: the archive itself) and load it.

    ``progress`` is called after each document is loaded; ``bar`` draws a progress
    bar; ``executor="dask"`` with ``scheduler="tcp://host:port"`` extracts on a
    Dask cluster. Extraction runs in parallel; one writer (this process) loads.
    """
    archive = Archive(archive_dir)
    entries = _archive_all(archive, list(paths) if paths else [archive.root])
    db = open_db(db_path)
    try:
        todo = entries if force else _not_loaded(db, entries)
        report = IngestReport(unchanged=len(entries) - len(todo))
        work = _jobs(archive, todo)
        results = run_jobs(work, settings, executor=executor, workers=jobs, scheduler=scheduler)
        _load_all(db, results, todo, report, progress, bar)
    finally:
        db.close()
    return report


def _jobs(archive: Archive, todo: list[ArchivedFile]) -> list[tuple[str, str]]:
    # Largest first: no worker is left alone with a long document at the end.
    ordered = sorted(todo, key=lambda e: e.size, reverse=True)
    return [(e.sha256, str(archive.root / e.path)) for e in ordered]


def _load_all(
    db: sqlite_utils.Database,
    results: Iterable[tuple[str, Extraction]],
    todo: list[ArchivedFile],
    report: IngestReport,
    progress: Callable[[str, Extraction], None] | None,
    bar: Progress | None,
) -> None:
    """The single writer: each extraction is loaded, in its own transaction, as it comes."""
    by_sha = {e.sha256: e for e in todo}
    if bar:
        bar.start(len(todo))
    try:
        for sha, result in results:
            entry = by_sha.pop(sha)  # nothing of a loaded document is kept in memory
            load_extraction(db, result, document_meta(entry, result), EXTRACTOR_VERSION)
            report.add(entry.path, result)
            if bar:
                bar.advance(result.page_count)
            if progress:
                progress(entry.path, result)
    finally:
        if bar:
            bar.close()


def document_meta(entry: ArchivedFile, result: Extraction) -> DocumentMeta:
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


def _archive_all(archive: Archive, paths: list[str | Path]) -> list[ArchivedFile]:
    seen: dict[str, ArchivedFile] = {}
    for path in iter_pdfs(paths):
        entry = archive.add(path)
        seen.setdefault(entry.sha256, entry)
    return list(seen.values())


def rebuild(
    db_path: str | Path = DEFAULT_DB, archive_dir: str | Path = DEFAULT_ARCHIVE, **options
) -> IngestReport:
    """A fresh database from the archive alone, swapped in for ``db_path`` when done.

    Until the swap, readers of the old database see it whole; a rebuild that fails
    leaves it untouched.
    """
    archive_dir, db_path = Path(archive_dir), Path(db_path)
    if not archive_dir.is_dir():
        raise ArchiveError(f"archive introuvable: {archive_dir}")
    fresh = db_path.with_name(db_path.name + ".rebuild")
    _remove_db_files(fresh)
    report = ingest(None, fresh, archive_dir, force=True, **options)
    record_archive_sources(fresh, Archive(archive_dir))
    _remove_db_files(db_path, main=False)  # a stale -wal must not be replayed on the new file
    os.replace(fresh, db_path)
    return report


def _remove_db_files(path: Path, main: bool = True) -> None:
    for suffix in ("", "-wal", "-shm") if main else ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
