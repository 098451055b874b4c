"""Ingestion: archive the PDFs, extract them (in parallel), load them (one writer)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import EXTRACTOR_VERSION
from .archive import Archive, ArchivedFile, iter_pdfs
from .extract import extract_pdf
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


def _extract_job(job: tuple[str, str, Settings]) -> tuple[str, Extraction]:
    sha, path, settings = job
    return sha, extract_pdf(path, settings)


def ingest(
    paths: Iterable[str | Path] | None = None,
    db_path: str | Path = DEFAULT_DB,
    archive_dir: str | Path = DEFAULT_ARCHIVE,
    *,
    jobs: int | None = None,
    force: bool = False,
    settings: Settings = DEFAULT_SETTINGS,
    progress: Callable[[str, Extraction], None] | None = None,
) -> IngestReport:
    """Archive every PDF under ``paths`` (default: the archive itself) and load it."""
    archive = Archive(archive_dir)
    entries = _archive_all(archive, list(paths) if paths else [archive.root])
    db = open_db(db_path)
    report = IngestReport()
    done = {
        row["sha256"]
        for row in db.query(
            "select sha256 from documents where extractor_version = ?", [EXTRACTOR_VERSION]
        )
    }
    todo = [e for e in entries if force or e.sha256 not in done]
    report.unchanged = len(entries) - len(todo)
    by_sha = {e.sha256: e for e in todo}
    for sha, result in _extract_all(archive, todo, jobs, settings):
        entry = by_sha[sha]
        result.sha256 = sha
        meta = DocumentMeta(sha, entry.path, entry.original_name, entry.size, entry.source_url)
        load_extraction(db, result, meta, EXTRACTOR_VERSION)
        report.add(entry.path, result)
        if progress:
            progress(entry.path, result)
    db.close()
    return report


def _archive_all(archive: Archive, paths: list[str | Path]) -> list[ArchivedFile]:
    seen: dict[str, ArchivedFile] = {}
    for path in iter_pdfs(paths):
        entry = archive.add(path)
        seen.setdefault(entry.sha256, entry)
    return list(seen.values())


def _extract_all(
    archive: Archive, entries: list[ArchivedFile], jobs: int | None, settings: Settings
) -> Iterator[tuple[str, Extraction]]:
    work = [(e.sha256, str(archive.root / e.path), settings) for e in entries]
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(work) <= 1:
        yield from map(_extract_job, work)
        return
    # Processes, not threads: PDFium is not thread-safe and pdfminer holds the GIL.
    # multiprocessing.Pool(maxtasksperchild) recycles workers (memory stays flat);
    # ProcessPoolExecutor(max_tasks_per_child) hangs on CPython 3.11 (gh-115634).
    context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    with context.Pool(processes=jobs, maxtasksperchild=20) as pool:
        yield from pool.imap_unordered(_extract_job, work, chunksize=1)
