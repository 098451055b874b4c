"""The ``document_types`` table (a French label for each ``documents.doc_type``, shown
by Datasette in the facets; rewritten on every open when a label changes), and the
classification of documents loaded before it."""

from __future__ import annotations

import sqlite_utils

from delib_extract.parse.classify import BODY_PAGES, classify
from delib_extract.vocab import DocType

# doc_type → (label, description)
TYPE_LABELS: dict[DocType, tuple[str, str]] = {
    DocType.CP_DELIBERATION: (
        "Délibération de Commission Permanente",
        "Délibération de la Commission Permanente du Conseil départemental : le document "
        "dont l'outil extrait présences, votes, budget et subventions.",
    ),
    DocType.DELIBERATION: (
        "Autre délibération",
        "Délibération d'une autre assemblée (conseil municipal, communautaire…) : pages "
        "consultables et cherchables, rien n'en est extrait.",
    ),
    DocType.MINUTES: (
        "Procès-verbal, compte rendu",
        "Procès-verbal ou compte rendu d'une séance.",
    ),
    DocType.AGENDA: (
        "Ordre du jour",
        "Ordre du jour d'une séance, ou liste des délibérations votées.",
    ),
    DocType.PREFECTURE_ACT: (
        "Acte préfectoral",
        "Arrêté préfectoral, recueil des actes administratifs (RAA).",
    ),
    DocType.ORDER: ("Arrêté", "Arrêté d'un maire ou d'un président."),
    DocType.OTHER: (
        "Autre document",
        "Annexe, règlement, ou tout autre document ; aussi un document sans texte lisible.",
    ),
    DocType.UNREADABLE: (
        "Illisible",
        "Fichier vide, qui n'est pas un PDF, chiffré, endommagé, ou dont la lecture a "
        "dépassé les limites de temps ou de mémoire (voir la colonne error).",
    ),
}


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
