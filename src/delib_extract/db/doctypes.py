"""The ``document_types`` table (a French label for each ``documents.doc_type``, shown
by Datasette in the facets; rewritten on every open when a label changes), and the
classification of documents loaded before it."""

from __future__ import annotations

import sqlite_utils

from delib_extract.parse.classify import BODY_PAGES, classify
from delib_extract.vocab import TYPE_LABELS


def type_rows() -> list[dict[str, str]]:
    """Rows of the ``document_types`` table (written by :mod:`delib_extract.db.derived`)."""
    return [
        {"doc_type": str(doc_type), "label": label, "description": description}
        for doc_type, (label, description) in TYPE_LABELS.items()
    ]


def classify_stored(db: sqlite_utils.Database) -> int:
    """Classify the documents loaded without a type, from their stored pages."""
    todo = db.execute(
        "select sha256, kind, status from documents where doc_type is null"
    ).fetchall()
    for sha256, kind, status in todo:
        pages = [
            row[0] or ""
            for row in db.execute(
                "select text from pages where document_sha256 = ? and page_number <= ? "
                "order by page_number",
                [sha256, BODY_PAGES],
            )
        ]
        doc_type = classify(pages, kind or "other", status or "ok")
        db.execute("update documents set doc_type = ? where sha256 = ?", [str(doc_type), sha256])
    return len(todo)
