"""Loading extractions into SQLite, through sqlite-utils, one transaction per document.

Re-loading a document first deletes every row it produced (and every row of the
deliberation it carries, whichever document produced them), so re-ingesting the
same bytes — or a corrected version of the same deliberation — never duplicates.
When a newer version of the deliberation is already loaded, the older document is
recorded (``documents``, ``pages``) but does not replace it (see :mod:`.versions`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from delib_extract.db.entities import refresh_entities
from delib_extract.db.periods import refresh_periods
from delib_extract.db.schema import migrate
from delib_extract.db.versions import newer_holder, refresh_superseded, version_key
from delib_extract.records import Extraction
from delib_extract.text.amounts import to_float
from delib_extract.text.dates import utc_iso as now_iso
from delib_extract.text.names import Person
from delib_extract.text.normalise import accent_count as _accents
from delib_extract.vocab import CANONICAL_ARTICLE

CHILD_TABLES = (
    "attendance", "votes", "articles", "budget_lines", "report_lines", "grants",
    "grant_totals", "citations",
)  # fmt: skip


@dataclass(frozen=True)
class DocumentMeta:
    """Where a document comes from; written to ``documents`` beside what was extracted."""

    sha256: str
    path: str  # relative to the archive folder
    original_name: str
    size: int
    source_url: str | None = None
    retrieved_at: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    version_at: str | None = None  # orders the versions of a document (see versions.py)


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating and migrating if needed) the database."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA busy_timeout = 30000")
    db.enable_wal()
    # WAL + FULL: each document's commit is on disk when it returns, so a power cut
    # loses no loaded document (NORMAL would survive a crash of the process, not of the
    # machine). One fsync per document is nothing beside its extraction.
    db.execute("PRAGMA synchronous = FULL")
    migrate(db)
    return db


def load_extraction(
    db: sqlite_utils.Database, result: Extraction, meta: DocumentMeta, extractor_version: str
) -> None:
    """Replace everything this document (and its deliberation) produced, atomically."""
    number = result.deliberation.number if result.deliberation else None
    with db.atomic():
        key = version_key(str(result.status), meta.version_at, meta.retrieved_at, meta.sha256)
        newer = newer_holder(db, number, key)
        _delete_document(db, meta.sha256, None if newer else number)
        db["documents"].upsert(_document_row(result, meta, extractor_version), pk="sha256")
        db["pages"].insert_all(
            (
                {
                    "document_sha256": meta.sha256, "page_number": p.page_number,
                    "text": p.text, "method": str(p.method),
                    "ocr_confidence": p.ocr_confidence, "note": p.note,
                }
                for p in result.pages
            ),
            pk=("document_sha256", "page_number"),
        )  # fmt: skip
        delib_id = None if newer else _load_deliberation(db, result, meta.sha256)
        if newer:  # members are known whatever the order in which versions come
            for record in result.attendance:
                _upsert_member(db, record.person)
        else:
            refresh_entities(db, delib_id)  # beneficiaries and territories of its grants
            refresh_periods(db, delib_id)  # "opération du … au …" of its grant lines
        db["checks"].insert_all(
            (
                {
                    "document_sha256": meta.sha256, "deliberation_id": delib_id,
                    "kind": c.kind, "severity": str(c.severity), "message": c.message,
                    "expected": c.expected, "found": c.found, "page": c.page,
                }
                for c in result.checks
            ),
            pk="id",
        )  # fmt: skip
        refresh_superseded(db, meta.sha256)


def _document_row(result: Extraction, meta: DocumentMeta, version: str) -> dict:
    return {
        "sha256": meta.sha256,
        "path": meta.path,
        "original_name": meta.original_name,
        "source_url": meta.source_url,
        "size": meta.size,
        "page_count": result.page_count,
        "ingested_at": now_iso(),
        "extractor_version": version,
        "status": str(result.status),
        "kind": str(result.kind),
        "doc_type": str(result.doc_type),
        "error": result.error,
        "seconds": result.seconds,
        "retrieved_at": meta.retrieved_at,
        "etag": meta.etag,
        "last_modified": meta.last_modified,
        "version_at": meta.version_at,
        "deliberation_id": result.deliberation.number if result.deliberation else None,
    }


def _delete_document(db: sqlite_utils.Database, sha256: str, number: str | None) -> None:
    ids = {
        row["id"]
        for row in db.query("select id from deliberations where document_sha256 = ?", [sha256])
    }
    if number:
        ids.add(number)
    for delib_id in ids:
        for table in CHILD_TABLES:
            db.execute(f"delete from [{table}] where deliberation_id = ?", [delib_id])
        # The replaced version's own checks stay, attached to its document only.
        db.execute("update checks set deliberation_id = null where deliberation_id = ?", [delib_id])
        db.execute("delete from deliberations where id = ?", [delib_id])
    db.execute("delete from checks where document_sha256 = ?", [sha256])
    db.execute("delete from pages where document_sha256 = ?", [sha256])


def _load_deliberation(db: sqlite_utils.Database, result: Extraction, sha256: str) -> str | None:
    info, sitting = result.deliberation, result.sitting
    if info is None or not info.number or sitting is None:
        return None
    meeting_id = _meeting_id(sitting.body, sitting.date)
    if meeting_id:
        db["meetings"].upsert(
            {"id": meeting_id, "body": sitting.body, "date": sitting.date,
             "president": sitting.president, "secretary": sitting.secretary},
            pk="id",
        )  # fmt: skip
    delib_id = info.number
    db["deliberations"].insert(
        {
            "id": delib_id, "meeting_id": meeting_id, "body": sitting.body, "date": sitting.date,
            "year": int(sitting.date[:4]) if sitting.date else None, "title": info.title,
            "programme": info.programme, "phase": info.phase,
            "report_number": info.report_number, "president": sitting.president,
            "secretary": sitting.secretary,
            "adopted": None if info.adopted is None else int(info.adopted),
            "unanimous": int(info.unanimous), "vote_text": info.vote_text,
            "document_sha256": sha256, "page_start": info.page_start, "page_end": info.page_end,
        },
        pk="id",
    )  # fmt: skip
    _load_people(db, result, delib_id)
    _load_children(db, result, delib_id)
    return delib_id


def _meeting_id(body: str, date: str | None) -> str | None:
    if not date:
        return None
    prefix = "CP" if body == "Commission Permanente" else "CD"
    return f"{prefix}-{date}"


def _load_people(db: sqlite_utils.Database, result: Extraction, delib_id: str) -> None:
    rows = {}
    for record in result.attendance:
        person = record.person
        _upsert_member(db, person)
        rows[person.member_id] = {
            "deliberation_id": delib_id, "member_id": person.member_id,
            "status": str(record.status) if record.status else None,
            "recusal": str(record.recusal) if record.recusal else None,
            "page": record.page, "recusal_page": record.recusal_page,
            "ocr_confidence": record.ocr_confidence,
            "printed_name": f"{person.civility or ''} {person.full_name}".strip(),
        }  # fmt: skip
    db["attendance"].insert_all(rows.values(), pk=("deliberation_id", "member_id"), replace=True)


def _upsert_member(db: sqlite_utils.Database, person: Person) -> None:
    """One row per person; the printing with the most accents wins (CÉRÉDA > CEREDA)."""
    row = {
        "id": person.member_id, "civility": person.civility,
        "first_name": person.first_name, "last_name": person.last_name,
        "full_name": person.full_name,
    }  # fmt: skip
    existing = db.execute(
        "select first_name, last_name, civility from members where id = ?", [person.member_id]
    ).fetchone()
    if existing:
        old = f"{existing[0]} {existing[1]}"
        if _accents(old) >= _accents(person.full_name):
            if existing[2] or not person.civility:
                return
            row.update(
                first_name=existing[0],
                last_name=existing[1],
                full_name=f"{existing[0]} {existing[1]}",
            )
    db["members"].upsert(row, pk="id")


def _load_children(db: sqlite_utils.Database, result: Extraction, delib_id: str) -> None:
    db["votes"].insert_all(
        ({"deliberation_id": delib_id, "position": str(v.position), "count": v.count,
          "groups": json.dumps(list(v.groups), ensure_ascii=False), "page": v.page}
         for v in result.votes),
        pk=("deliberation_id", "position"), replace=True,
    )  # fmt: skip
    db["articles"].insert_all(
        ({"deliberation_id": delib_id, "number": a.number, "text": a.text,
          "theme_number": a.theme_number, "theme": a.theme, "amount": to_float(a.amount),
          "distribution_annex": a.distribution_annex,
          "budget_kind": str(a.budget_kind) if a.budget_kind else None, "page": a.page}
         for a in result.articles),
        pk=("deliberation_id", "number"), replace=True,
    )  # fmt: skip
    db["budget_lines"].insert_all(
        ({"deliberation_id": delib_id, "row_index": b.row_index,
          "article": CANONICAL_ARTICLE[b.kind], "printed_article": b.printed_article,
          "kind": str(b.kind), "section": b.section, "operation_code": b.operation_code,
          "budget_code": b.budget_code, "label": b.label,
          "commitment_authority": to_float(b.commitment_authority),
          "amount": to_float(b.amount), "page": b.page, "ocr_confidence": b.ocr_confidence}
         for b in result.budget_lines),
        pk=("deliberation_id", "row_index"),
    )  # fmt: skip
    db["report_lines"].insert_all(
        ({"deliberation_id": delib_id, "row_index": r.row_index, "kind": str(r.kind),
          "operation_code": r.operation_code, "budget_code": r.budget_code, "label": r.label,
          "commitment_authority": to_float(r.commitment_authority),
          "registered": to_float(r.registered), "available": to_float(r.available),
          "proposed": to_float(r.proposed), "balance": to_float(r.balance), "page": r.page}
         for r in result.report_lines),
        pk=("deliberation_id", "row_index"),
    )  # fmt: skip
    db["grants"].insert_all(
        ({"deliberation_id": delib_id, "row_index": g.row_index, "theme_number": g.theme_number,
          "theme": g.theme, "operation": g.operation, "territory": g.territory,
          "beneficiary": g.beneficiary, "description": g.description,
          "amount": to_float(g.amount), "amount_text": g.amount_text, "agreement": g.agreement,
          "page": g.page, "ocr_confidence": g.ocr_confidence}
         for g in result.grants),
        pk=("deliberation_id", "row_index"),
    )  # fmt: skip
    db["grant_totals"].insert_all(
        ({"deliberation_id": delib_id, "row_index": t.row_index, "scope": str(t.scope),
          "theme_number": t.theme_number, "theme": t.theme, "operation": t.operation,
          "amount": to_float(t.amount), "amount_text": t.amount_text, "page": t.page}
         for t in result.grant_totals),
        pk=("deliberation_id", "row_index"),
    )  # fmt: skip
    db["citations"].insert_all(
        ({"deliberation_id": delib_id, "position": i, "cited_number": c.cited_number,
          "cited_date": c.cited_date, "cited_body": c.cited_body, "cited_title": c.cited_title,
          "text": c.text, "page": c.page}
         for i, c in enumerate(result.citations, start=1)),
        pk=("deliberation_id", "position"),
    )  # fmt: skip
