"""The database schema (the data contract of ../shared/SCHEMA.md, extended), as
migrations applied in order. ``PRAGMA user_version`` records the last one applied.

Migrations are frozen: they create tables and columns and move data, as they did the
day they were written. Views, label tables, summary tables and their triggers are
derived objects, written by the current code after the migrations on every open
(:func:`delib_extract.db.derived.refresh_derived`).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from delib_extract.db.derived import refresh_derived
from delib_extract.db.doctypes import classify_stored
from delib_extract.db.entities import create_entity_tables, refresh_all_entities
from delib_extract.db.periods import add_period_columns

FTS_TOKENIZE = "unicode61 remove_diacritics 2"  # French: accents ignored, no stemming

TABLES: dict[str, dict] = {
    "documents": {
        "columns": {
            "sha256": str, "path": str, "original_name": str, "source_url": str,
            "size": int, "page_count": int, "ingested_at": str, "extractor_version": str,
            "status": str, "kind": str, "error": str, "seconds": float,
        },
        "pk": "sha256",
    },
    "pages": {
        "columns": {
            "document_sha256": str, "page_number": int, "text": str, "method": str,
            "ocr_confidence": float, "note": str,
        },
        "pk": ("document_sha256", "page_number"),
    },
    "meetings": {
        "columns": {"id": str, "body": str, "date": str, "president": str, "secretary": str},
        "pk": "id",
    },
    "deliberations": {
        "columns": {
            "id": str, "meeting_id": str, "body": str, "date": str, "year": int, "title": str,
            "programme": str, "phase": str, "report_number": str, "president": str,
            "secretary": str, "adopted": int, "unanimous": int, "vote_text": str,
            "document_sha256": str, "page_start": int, "page_end": int,
        },
        "pk": "id",
    },
    "members": {
        "columns": {
            "id": str, "civility": str, "first_name": str, "last_name": str, "full_name": str,
        },
        "pk": "id",
    },
    "attendance": {
        "columns": {
            "deliberation_id": str, "member_id": str, "status": str, "recusal": str,
            "page": int, "recusal_page": int, "printed_name": str,
        },
        "pk": ("deliberation_id", "member_id"),
    },
    "votes": {
        "columns": {
            "deliberation_id": str, "position": str, "count": int, "groups": str, "page": int,
        },
        "pk": ("deliberation_id", "position"),
    },
    "articles": {
        "columns": {
            "deliberation_id": str, "number": int, "text": str, "theme_number": int,
            "theme": str, "amount": float, "distribution_annex": int, "budget_kind": str,
            "page": int,
        },
        "pk": ("deliberation_id", "number"),
    },
    "budget_lines": {
        "columns": {
            "deliberation_id": str, "row_index": int, "article": int, "printed_article": int,
            "kind": str, "section": str, "operation_code": str, "budget_code": str,
            "label": str, "commitment_authority": float, "amount": float, "page": int,
            "ocr_confidence": float,
        },
        "pk": ("deliberation_id", "row_index"),
    },
    "report_lines": {
        "columns": {
            "deliberation_id": str, "row_index": int, "kind": str, "operation_code": str,
            "budget_code": str, "label": str, "commitment_authority": float,
            "registered": float, "available": float, "proposed": float, "balance": float,
            "page": int,
        },
        "pk": ("deliberation_id", "row_index"),
    },
    "grants": {
        "columns": {
            "deliberation_id": str, "row_index": int, "theme_number": int, "theme": str,
            "operation": str, "territory": str, "beneficiary": str, "description": str,
            "amount": float, "amount_text": str, "agreement": str, "page": int,
            "ocr_confidence": float,
        },
        "pk": ("deliberation_id", "row_index"),
    },
    "grant_totals": {
        "columns": {
            "deliberation_id": str, "row_index": int, "scope": str, "theme_number": int,
            "theme": str, "operation": str, "amount": float, "amount_text": str, "page": int,
        },
        "pk": ("deliberation_id", "row_index"),
    },
    "citations": {
        "columns": {
            "deliberation_id": str, "position": int, "cited_number": str, "cited_date": str,
            "cited_body": str, "cited_title": str, "text": str, "page": int,
        },
        "pk": ("deliberation_id", "position"),
    },
    "checks": {
        "columns": {
            "id": int, "document_sha256": str, "deliberation_id": str, "kind": str,
            "severity": str, "message": str, "expected": float, "found": float, "page": int,
        },
        "pk": "id",
    },
}  # fmt: skip

FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "pages": [("document_sha256", "documents", "sha256")],
    "deliberations": [("meeting_id", "meetings", "id"), ("document_sha256", "documents", "sha256")],
    "attendance": [("deliberation_id", "deliberations", "id"), ("member_id", "members", "id")],
    **{
        name: [("deliberation_id", "deliberations", "id")]
        for name in (
            "votes",
            "articles",
            "budget_lines",
            "report_lines",
            "grants",
            "grant_totals",
            "citations",
        )
    },
    "checks": [("document_sha256", "documents", "sha256")],
}

INDEXES: dict[str, list[list[str]]] = {
    "deliberations": [["date"], ["document_sha256"], ["programme"]],
    "attendance": [["member_id"], ["status"]],
    "grants": [["beneficiary"], ["territory"], ["theme"]],
    "checks": [["deliberation_id"], ["document_sha256"], ["kind", "severity"]],
    "citations": [["cited_number"]],
}

FTS: dict[str, list[str]] = {
    "pages": ["text"],
    "deliberations": ["title", "programme"],
    "grants": ["beneficiary", "description", "operation", "territory"],
}


def _v1_initial(db: sqlite_utils.Database) -> None:
    for name, spec in TABLES.items():
        db[name].create(
            spec["columns"],
            pk=spec["pk"],
            foreign_keys=FOREIGN_KEYS.get(name, []),
            if_not_exists=True,
        )
    for name, indexes in INDEXES.items():
        for columns in indexes:
            db[name].create_index(columns, if_not_exists=True)
    for name, columns in FTS.items():
        db[name].enable_fts(columns, tokenize=FTS_TOKENIZE, create_triggers=True, replace=True)


def _v2_check_kinds(db: sqlite_utils.Database) -> None:
    """``check_kinds``: a French label for each ``checks.kind`` (shown in Datasette facets;
    its rows are a derived object)."""
    db["check_kinds"].create({"kind": str, "label": str, "description": str}, pk="kind",
                             if_not_exists=True)  # fmt: skip
    db["checks"].add_foreign_key("kind", "check_kinds", "kind", ignore=True)


def _v3_publication(db: sqlite_utils.Database) -> None:
    """Beneficiaries and territories as entities (the publication's views are derived
    objects)."""
    create_entity_tables(db)
    db["beneficiaries"].enable_fts(
        ["name"], tokenize=FTS_TOKENIZE, create_triggers=True, replace=True
    )
    refresh_all_entities(db)


def _v4_scdl_exports(db: sqlite_utils.Database) -> None:
    """Issue #6: grants' operation period and the tables of what the PDFs do not say
    (``export --store`` fills them; the SCDL views are derived objects)."""
    add_period_columns(db)
    db["export_settings"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
    db["export_matter_rules"].create(
        {"position": int, "pattern": str, "code": str, "name": str}, pk="position",
        if_not_exists=True,
    )  # fmt: skip
    db["beneficiary_identifiers"].create(
        {"key": str, "name": str, "siret": str, "rna": str}, pk="key", if_not_exists=True
    )


def _v5_versions_and_fetches(db: sqlite_utils.Database) -> None:
    """Archive provenance and versions in ``documents``; one ``fetches`` row per URL."""
    documents = db["documents"]
    for column in (
        "retrieved_at", "etag", "last_modified", "version_at", "deliberation_id", "superseded_by",
    ):  # fmt: skip
        if column not in documents.columns_dict:
            documents.add_column(column, str)
    for columns in (["source_url"], ["deliberation_id"], ["superseded_by"]):
        documents.create_index(columns, if_not_exists=True)
    db["fetches"].create(
        {
            "url": str, "listing_url": str, "status": str, "http_status": int, "error": str,
            "sha256": str, "etag": str, "last_modified": str, "checked_at": str,
        },
        pk="url",
        if_not_exists=True,
    )  # fmt: skip


def _v6_attendance_ocr(db: sqlite_utils.Database) -> None:
    # Attendance read on a scanned page keeps the page's OCR confidence (NULL: text layer).
    if "ocr_confidence" not in db["attendance"].columns_dict:
        db["attendance"].add_column("ocr_confidence", float)


def _v7_document_types(db: sqlite_utils.Database) -> None:
    """Issue #8: what each document is (``documents.doc_type``, labels in
    ``document_types``), classified from the stored pages for documents loaded before."""
    db["document_types"].create({"doc_type": str, "label": str, "description": str},
                                pk="doc_type", if_not_exists=True)  # fmt: skip
    if "doc_type" not in db["documents"].columns_dict:
        db["documents"].add_column("doc_type", str)
    db["documents"].create_index(["doc_type"], if_not_exists=True)
    db["documents"].add_foreign_key("doc_type", "document_types", "doc_type", ignore=True)
    classify_stored(db)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_initial,
    _v2_check_kinds,
    _v3_publication,
    _v4_scdl_exports,
    _v5_versions_and_fetches,
    _v6_attendance_ocr,
    _v7_document_types,
]


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the database to the current schema, then its derived objects to the
    current code; returns the version reached."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for number, migration in enumerate(MIGRATIONS, start=1):
        if number > version:
            with db.atomic():
                migration(db)
                db.execute(f"PRAGMA user_version = {number}")
    refresh_derived(db)
    return len(MIGRATIONS)
