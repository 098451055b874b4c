"""Re-read an ingested corpus with the current templates, in seconds: no PDF, no OCR.

    .venv/bin/python benchmarks/reparse_text.py SOURCE.db OUT.db \
        [--score TRUTH_DIR PDF_DIR] [--show N] [--only SUBSTRING]

OCR takes most of an ingest's time (about two minutes for the 153 PDFs of the real
corpus). This script takes a database already ingested (any schema version: it is
opened read-only and only ``documents`` and ``pages`` are read), re-reads each
document's stored page texts with :func:`delib_extract.extract.extract_text` (document
type → council template → sitting and decisions → audit; the tables, which need the
pages' geometry, are not read) and loads the results into a new database with the
project's loader. With ``--score`` it then runs ``score_real.py`` on it.

It prints the documents read, the CPU seconds spent reading and loading, and their ratio
(reading is what a template change costs; loading is the fixed part).
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from delib_extract import EXTRACTOR_VERSION
from delib_extract.db.load import DocumentMeta, load_extraction, open_db
from delib_extract.extract import extract_text
from delib_extract.records import Extraction, PageText
from delib_extract.vocab import DocType, DocumentKind, DocumentStatus, PageMethod

ROOT = Path(__file__).resolve().parents[1]
SCORER = next(
    (p for p in (ROOT.parent / "shared/corpus/score_real.py",
                 ROOT.parents[1] / "shared/corpus/score_real.py") if p.exists()),
    ROOT.parent / "shared/corpus/score_real.py",
)  # fmt: skip


def _documents(source: sqlite3.Connection, only: str | None) -> list[dict]:
    rows = [dict(r) for r in source.execute("select * from documents order by path")]
    return [r for r in rows if not only or only in (r.get("original_name") or r.get("path"))]


def _pages(source: sqlite3.Connection, sha256: str) -> list[PageText]:
    rows = source.execute(
        "select * from pages where document_sha256 = ? order by page_number", [sha256]
    )
    pages = []
    for row in map(dict, rows):
        method = PageMethod(row.get("method") or PageMethod.TEXT)
        pages.append(
            PageText(row["page_number"], row.get("text") or "", method,
                     row.get("ocr_confidence"), row.get("note"))
        )  # fmt: skip
    return pages


def _meta(row: dict) -> DocumentMeta:
    return DocumentMeta(
        sha256=row["sha256"],
        path=row.get("path") or row["sha256"],
        original_name=row.get("original_name") or row.get("path") or "",
        size=row.get("size") or 0,
        source_url=row.get("source_url"),
        retrieved_at=row.get("retrieved_at"),
        etag=row.get("etag"),
        last_modified=row.get("last_modified"),
        version_at=row.get("version_at"),
    )


def reread(row: dict, pages: list[PageText]) -> Extraction:
    """The extraction of one stored document, from its stored page texts."""
    if row.get("status") == DocumentStatus.FAILED:  # nothing was read: nothing to re-read
        failed = Extraction(
            row["sha256"], row.get("page_count") or 0, DocumentStatus.FAILED,
            DocumentKind.UNREADABLE, error=row.get("error"), pages=pages,
        )  # fmt: skip
        failed.doc_type = DocType.UNREADABLE
        return failed
    return extract_text(pages, row["sha256"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="an ingested database (read-only)")
    parser.add_argument("out", type=Path, help="the new database (replaced)")
    parser.add_argument("--score", nargs=2, type=Path, metavar=("TRUTH_DIR", "PDF_DIR"))
    parser.add_argument("--show", type=int, default=0, help="misses per table (with --score)")
    parser.add_argument("--only", help="only documents whose name contains this")
    args = parser.parse_args()
    if args.out.resolve() == args.source.resolve():
        parser.error("the new database must not be the source")
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{args.out}{suffix}").unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{args.source}?mode=ro", uri=True)
    source.row_factory = sqlite3.Row
    db = open_db(args.out)
    read_cpu = load_cpu = 0.0
    documents = _documents(source, args.only)
    for row in documents:
        pages = _pages(source, row["sha256"])
        started = time.process_time()
        result = reread(row, pages)
        read_cpu += time.process_time() - started
        started = time.process_time()
        load_extraction(db, result, _meta(row), EXTRACTOR_VERSION)
        load_cpu += time.process_time() - started
    db.close()
    decisions = sqlite3.connect(args.out).execute("select count(*) from deliberations").fetchone()
    print(
        f"{len(documents)} documents re-read, {decisions[0]} decisions: reading {read_cpu:.2f} s "
        f"CPU, loading {load_cpu:.2f} s CPU (reading/loading = "
        f"{read_cpu / load_cpu if load_cpu else 0:.2f})"
    )
    if args.score:
        command = [sys.executable, str(SCORER), str(args.out), *map(str, args.score)]
        return subprocess.call([*command, "--show", str(args.show)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
