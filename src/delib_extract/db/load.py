"""Loading extractions into SQLite, through sqlite-utils, one transaction per document.

Each row comes from its table's declaration (:mod:`.tables`). Re-loading a document
first deletes every row it produced (and every row of the deliberations it carries,
whichever document produced them), so re-ingesting the same bytes — or a corrected
version of the same deliberation — never duplicates. When a newer version of a
deliberation is already loaded, the older document is recorded (``documents``,
``pages``) but does not replace it (see :mod:`.versions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from delib_extract.db.entities import refresh_entities
from delib_extract.db.periods import refresh_periods
from delib_extract.db.schema import migrate
from delib_extract.db.tables import (
    ATTENDANCE,
    CHECKS,
    DECISION_CHILDREN,
    DELIBERATIONS,
    DOCUMENTS,
    MEETINGS,
    MEMBERS,
    PAGES,
)
from delib_extract.db.versions import newer_holder, refresh_superseded, version_key
from delib_extract.records import Decision, Extraction, Sitting
from delib_extract.text.dates import utc_iso
from delib_extract.text.names import Person, parse_person
from delib_extract.text.normalise import accent_count, slug
from delib_extract.vocab import CANONICAL_ARTICLE

# The Pas-de-Calais CP's rows keep the ids they had before other authorities came in
# (deliberations by number, members by name, meetings CP-date): links people saved
# stay valid.
LEGACY_AUTHORITIES = frozenset({"departement-du-pas-de-calais"})
_SIREN_RE = re.compile(r"\d{3}-(\d{9})-")
_ACT_RE = re.compile(r"\d{3}-\d{9}-(\d{8}-[^-]+)-")  # date and reference of an @ctes id


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
    """Replace everything this document (and its deliberations) produced, atomically."""
    authority = authority_key(result)
    ids = [decision_id(result, d, n, authority) for n, d in enumerate(result.decisions, start=1)]
    sitting = result.sitting
    with db.atomic():
        key = version_key(str(result.status), meta.version_at, meta.retrieved_at, meta.sha256)
        # A deliberation already loaded from a newer version of it stays as it is.
        newer = {i for i in ids if newer_holder(db, i, key)}
        _delete_document(db, meta.sha256, [i for i in ids if i not in newer])
        context = {
            "meta": meta, "now": utc_iso(), "extractor_version": extractor_version,
            "document_sha256": meta.sha256, "sitting": sitting,
            "document_deliberation": ids[0] if len(ids) == 1 else None,
        }  # fmt: skip
        db["documents"].upsert(DOCUMENTS.row(result, context), pk="sha256")
        db["pages"].insert_all(
            (PAGES.row(p, context) for p in result.pages), pk=("document_sha256", "page_number")
        )
        meeting_id = _meeting_id(result, authority)
        for decision, delib_id in zip(result.decisions, ids):
            if delib_id in newer:  # members are known whatever the order versions come in
                for record in decision.attendance:
                    _upsert_member(db, record.person, authority, sitting)
                continue
            context_of = {**context, "deliberation_id": delib_id}
            _load_decision(db, decision, context_of, authority, meeting_id)
            refresh_entities(db, delib_id)  # beneficiaries and territories of its grants
            refresh_periods(db, delib_id)  # "opération du … au …" of its grant lines
        # The checks of a decision loaded keep its id (a newer version holds the others).
        loaded = [None if i in newer else i for i in ids]
        # A document of one decision: its findings are that decision's.
        whole = loaded[0] if len(loaded) == 1 else None
        checks = [(c, whole) for c in result.checks]
        checks += [(c, i) for d, i in zip(result.decisions, loaded) for c in d.checks]
        db["checks"].insert_all(
            (CHECKS.row(c, {**context, "deliberation_id": i}) for c, i in checks), pk="id"
        )
        refresh_superseded(db, meta.sha256)


def authority_key(result: Extraction) -> str:
    """The key members, meetings and deliberations of a document are scoped by: the
    authority as printed, else the SIREN of its @ctes identifier, else the document."""
    sitting = result.sitting
    if sitting is not None and sitting.authority:
        return slug(sitting.authority)
    for decision in result.decisions:
        siren = _SIREN_RE.match(decision.info.actes_id or "")
        if siren:
            return f"siren-{siren.group(1)}"
    return f"document-{result.sha256[:12]}"


def decision_id(result: Extraction, decision: Decision, position: int, authority: str) -> str:
    """Unique across authorities and documents (``authority``: :func:`authority_key`): the
    number for the Pas-de-Calais CP (as it always was), else the authority and the number,
    else the document and the rank."""
    number = decision.info.number
    if authority in LEGACY_AUTHORITIES and number:
        return number
    if number:
        # A council may print one number on two acts (Montpellier's n° 2014/137 on three),
        # never one @ctes identifier: with it, two acts stay two deliberations.
        act = _ACT_RE.match(decision.info.actes_id or "")
        return f"{authority}--{slug(number)}" + (f"--{slug(act.group(1))}" if act else "")
    return f"{authority}--{result.sha256[:10]}-{position}"


def member_key(person: Person, authority: str) -> str:
    """One member per person per authority (two councils may each have a Jean Martin)."""
    if authority in LEGACY_AUTHORITIES:
        return person.member_id
    return f"{authority}--{person.member_id}"


def _meeting_id(result: Extraction, authority: str) -> str | None:
    sitting = result.sitting
    if sitting is None or not sitting.date:
        return None
    if authority in LEGACY_AUTHORITIES:
        prefix = "CP" if sitting.body == "Commission Permanente" else "CD"
        return f"{prefix}-{sitting.date}"
    return f"{authority}--{slug(sitting.body) or 'seance'}--{sitting.date}"


def _delete_document(db: sqlite_utils.Database, sha256: str, ids: list[str]) -> None:
    """Every row this document produced, and every row of the deliberations it carries
    (whichever version of them produced those)."""
    doomed = {
        row["id"]
        for row in db.query("select id from deliberations where document_sha256 = ?", [sha256])
    }
    doomed.update(ids)
    for delib_id in doomed:
        for table in DECISION_CHILDREN:
            db.execute(f"delete from [{table}] where deliberation_id = ?", [delib_id])
        # The replaced version's own checks stay, attached to its document only.
        db.execute("update checks set deliberation_id = null where deliberation_id = ?", [delib_id])
        db.execute("delete from deliberations where id = ?", [delib_id])
    db.execute("delete from checks where document_sha256 = ?", [sha256])
    db.execute("delete from pages where document_sha256 = ?", [sha256])


def _load_decision(
    db: sqlite_utils.Database,
    decision: Decision,
    context: dict,
    authority: str,
    meeting_id: str | None,
) -> None:
    sitting = context["sitting"]
    if meeting_id:
        db["meetings"].upsert(MEETINGS.row(sitting, {"meeting_id": meeting_id}), pk="id")
    date = sitting.date if sitting else None
    context = {
        **context, "meeting_id": meeting_id, "year": int(date[:4]) if date else None,
        "canonical_article": CANONICAL_ARTICLE,
        "member_of": lambda name: _member_of(name, authority),
    }  # fmt: skip
    db["deliberations"].insert(DELIBERATIONS.row(decision, context), pk="id")
    attendance = {}
    for record in decision.attendance:
        member = _upsert_member(db, record.person, authority, sitting)
        attendance[member] = ATTENDANCE.row(record, {**context, "member_id": member})
    if attendance:
        db["attendance"].insert_all(
            attendance.values(), pk=("deliberation_id", "member_id"), replace=True
        )
    for name, table in DECISION_CHILDREN.items():
        records = getattr(decision, name)
        if name == "attendance" or not records:  # (an empty insert still reads the schema)
            continue
        rows = (table.row(r, {**context, "position": n}) for n, r in enumerate(records, start=1))
        db[name].insert_all(rows, pk=table.pk, replace=True)


def _member_of(name: str | None, authority: str) -> str | None:
    person = parse_person(name) if name else None
    return member_key(person, authority) if person and person.last_name else None


def _upsert_member(
    db: sqlite_utils.Database, person: Person, authority: str, sitting: Sitting | None
) -> str:
    """One row per person and authority; the printing with the most accents wins
    (CÉRÉDA > CEREDA). Returns the member's id."""
    key = member_key(person, authority)
    context = {"member_id": key, "authority": sitting.authority if sitting else None}
    row = MEMBERS.row(person, context)
    existing = db.execute(
        "select first_name, last_name, civility from members where id = ?", [key]
    ).fetchone()
    if existing:
        old = f"{existing[0]} {existing[1]}"
        if accent_count(old) >= accent_count(person.full_name):
            if existing[2] or not person.civility:
                return key
            row.update(first_name=existing[0], last_name=existing[1], full_name=old)
    db["members"].upsert(row, pk="id")
    return key
