"""The SCDL shapes in SQL: the ``scdl_*`` views, and the very same query for ``export``.

One SELECT per format reads the extracted tables and three small tables holding
what the PDFs do not say: ``export_settings`` (the configuration file's values),
``export_matter_rules`` and ``beneficiary_identifiers`` (the mapping file). The
views read those tables as ``export --store`` last filled them. The ``export``
command runs the same SELECT with its own configuration in their place — common
table expressions of the same names shadow the tables — so it never writes to the
database unless asked to.

Plain SQL only — no application function — so the views read the same in Datasette,
in a ``sqlite3`` shell or in any tool. What needs Python is read at load time into
columns (``grants.operation_start`` / ``operation_end``: :mod:`delib_extract.db.periods`;
``grants.beneficiary_id``: :mod:`delib_extract.db.entities`).

The views are derived objects: a SELECT changed here reaches every database the next
time it is opened (:mod:`delib_extract.db.derived`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields

import sqlite_utils

from delib_extract.db.objects import Derived, view
from delib_extract.export.config import ExportConfig
from delib_extract.export.mapping import Identifier

SETTING_NAMES = tuple(
    f.name for f in fields(ExportConfig) if f.name not in ("matter_rules", "source")
)

# The same three, from the export's own files (JSON parameters), shadowing the tables.
_INJECTED = (
    "export_settings(key, value) AS (SELECT json_extract(value, '$[0]'), "
    "json_extract(value, '$[1]') FROM json_each(:settings))",
    "export_matter_rules(position, pattern, code, name) AS (SELECT key + 1, "
    "json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') "
    "FROM json_each(:rules))",
    "beneficiary_identifiers(key, name, siret, rna) AS (SELECT json_extract(value, '$[0]'), "
    "json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') "
    "FROM json_each(:identifiers))",
)


def _conf(name: str) -> str:
    """One value of the configuration (a scalar subquery, evaluated for the rows shown:
    the views stay plain SELECTs that SQLite can count without computing them)."""
    assert name in SETTING_NAMES, name
    return f"(SELECT value FROM export_settings WHERE key = '{name}')"


# Rejected deliberations (adopted = 0) decided nothing: SCDL lists adopted acts only.
_ADOPTED = "coalesce(d.adopted, 1) <> 0"
# An SCDL file is one collectivité's publication: a database that also holds other
# authorities' deliberations exports those of the configured one (its name as printed,
# case aside; not those whose authority was not read), or all of them when no name is
# configured.
_OWN = (
    f"coalesce({_conf('collectivity_name')} IS NULL "
    f"OR lower(d.authority) = lower({_conf('collectivity_name')}), 0)"
)


@dataclass(frozen=True)
class ScdlQuery:
    view: str
    columns: tuple[tuple[str, str], ...]  # (SCDL name, SQL expression)
    provenance: tuple[tuple[str, str], ...]  # extra columns for the export's report
    source: str  # FROM … WHERE …
    order: str  # the export's ORDER BY (a view has none: SQLite could not count it flat)

    def sql(self, *, injected: bool = False, provenance: bool = False) -> str:
        """The export's SELECT (with its own settings in place of the tables when
        ``injected``), in order."""
        return self._select(injected, provenance) + f"\nORDER BY {self.order}"

    def view_sql(self) -> str:
        return self._select(False, False)

    def _select(self, injected: bool, provenance: bool) -> str:
        columns = self.columns + (self.provenance if provenance else ())
        select = ",\n  ".join(f'{expression} AS "{name}"' for name, expression in columns)
        ctes = "WITH " + ",\n".join(_INJECTED) + "\n" if injected else ""
        return f"{ctes}SELECT\n  {select}\n{self.source}"


# Every value the SELECTs add to a row is a scalar subquery looked up through keys, not a
# join nor an aggregate over every row: SQLite counts a view's rows without computing
# them, and computes a page's values for that page only (fast at a million lines).
_BUDGETED = (
    "(EXISTS (SELECT 1 FROM budget_lines WHERE deliberation_id = d.id) "
    "OR EXISTS (SELECT 1 FROM grants WHERE deliberation_id = d.id))"
)


def _vote(position: str) -> str:
    return f"(SELECT count FROM votes WHERE deliberation_id = d.id AND position = '{position}')"


# First matter rule whose words occur, in order, in the title (the full-text index
# ignores accents and case), else the default matter.
_MATTER_RULE = (
    "(SELECT r2.position FROM export_matter_rules r2 WHERE EXISTS (SELECT 1 FROM "
    "deliberations_fts f WHERE f.rowid = d.rowid AND deliberations_fts MATCH "
    "'\"' || replace(r2.pattern, '\"', '\"\"') || '\"') ORDER BY r2.position LIMIT 1)"
)


def _rule(column: str) -> str:
    return f"(SELECT {column} FROM export_matter_rules WHERE position = {_MATTER_RULE})"


def _document(column: str, sha256: str) -> str:
    return f"(SELECT {column} FROM documents WHERE sha256 = {sha256})"


DELIBERATIONS = ScdlQuery(
    view="scdl_deliberations",
    columns=(
        ("COLL_NOM", _conf("collectivity_name")),
        ("COLL_SIRET", _conf("collectivity_siret")),
        ("DELIB_ID", "d.id"),
        ("DELIB_DATE", "d.date"),
        ("DELIB_MATIERE_CODE", f"coalesce({_rule('code')}, {_conf('matter_code')})"),
        (
            "DELIB_MATIERE_NOM",
            f"CASE WHEN {_rule('code')} IS NULL THEN {_conf('matter_name')} "
            f"ELSE {_rule('name')} END",
        ),
        ("DELIB_OBJET", "d.title"),
        ("BUDGET_ANNEE", f"CASE WHEN {_BUDGETED} THEN substr(d.date, 1, 4) END"),
        ("BUDGET_NOM", f"CASE WHEN {_BUDGETED} THEN {_conf('budget_name')} END"),
        ("PREF_ID", _conf("prefecture_id")),
        ("PREF_DATE", "NULL"),  # the PDFs carry no prefecture stamp
        # Members with a deliberative voice listed (present or excused); those present,
        # less those who took part neither in the debate nor in the vote. No attendance
        # read: empty, never 0.
        (
            "VOTE_EFFECTIF",
            "(SELECT nullif(sum(status IN ('present', 'excused')), 0) FROM attendance "
            "WHERE deliberation_id = d.id)",
        ),
        (
            "VOTE_REEL",
            "(SELECT nullif(sum(status = 'present' AND coalesce(recusal, '') <> "
            "'debate_and_vote'), 0) FROM attendance WHERE deliberation_id = d.id)",
        ),
        ("VOTE_POUR", _vote("for")),
        ("VOTE_CONTRE", _vote("against")),
        ("VOTE_ABSTENTION", _vote("abstention")),
        # Where the PDF was downloaded from.
        ("DELIB_URL", f"nullif({_document('source_url', 'd.document_sha256')}, '')"),
    ),
    provenance=(("_page", "d.page_start"), ("_document", _document("path", "d.document_sha256"))),
    source=f"FROM deliberations d\nWHERE {_ADOPTED} AND {_OWN}",
    order="d.id",  # as the site shows the view: by number (the year comes first)
)

_DATE = "(SELECT date FROM deliberations WHERE id = g.deliberation_id)"
_PERIOD_FALLBACK = (
    f"CASE WHEN {_conf('default_payment_period')} = 'exercice' "
    f"THEN substr({_DATE}, 1, 4) || '-01-01/' || substr({_DATE}, 1, 4) || '-12-31' END"
)
# Exact cents from integer arithmetic (the REAL holds the printed value rounded to the
# cent): 22991.9 → 2299190 → "22991.90"; never a float's decimal expansion.
_CENTS = "CAST(round(g.amount * 100) AS INTEGER)"
_AMOUNT = (
    f"CASE WHEN g.amount IS NOT NULL THEN (CASE WHEN {_CENTS} < 0 THEN '-' ELSE '' END) "
    f"|| (abs({_CENTS}) / 100) || '.' || substr('0' || (abs({_CENTS}) % 100), -2) END"
)
# "opération : description" (either alone; once when they read the same); beyond 256
# characters, cut after the last whole word of the first 255 (rtrim by every character
# the text holds but the space) and "…".
_JOINED = (
    "CASE WHEN g.operation IS NOT NULL AND g.description IS NOT NULL "
    "AND lower(g.operation) <> lower(g.description) "
    "THEN g.operation || ' : ' || g.description ELSE coalesce(g.operation, g.description) END"
)
_HEAD = f"substr({_JOINED}, 1, 255)"
_OBJET = (
    f"CASE WHEN length({_JOINED}) <= 256 THEN {_JOINED} "
    f"WHEN instr(substr({_JOINED}, 129, 127), ' ') > 0 "
    f"THEN rtrim(rtrim({_HEAD}, replace({_HEAD}, ' ', '')), ' ,;:-') || '…' "
    f"ELSE {_HEAD} || '…' END"
)


def _identifier(column: str) -> str:
    return f"(SELECT {column} FROM beneficiary_identifiers WHERE key = g.beneficiary_id)"


SUBVENTIONS = ScdlQuery(
    view="scdl_subventions",
    columns=(
        ("nomAttribuant", _conf("collectivity_name")),
        ("idAttribuant", _conf("collectivity_siret")),
        ("dateConvention", f"CASE {_conf('convention_date')} WHEN 'deliberation' THEN {_DATE} END"),
        ("referenceDecision", "g.deliberation_id"),
        ("nomBeneficiaire", "g.beneficiary"),
        ("idBeneficiaire", _identifier("siret")),
        ("rnaBeneficiaire", _identifier("rna")),
        ("objet", _OBJET),
        ("montant", _AMOUNT),
        ("nature", _conf("aid_nature")),
        ("conditionsVersement", _conf("payment_conditions")),
        (
            "datesPeriodeVersement",
            f"coalesce(g.operation_start || '/' || g.operation_end, {_PERIOD_FALLBACK})",
        ),
        ("idRAE", "NULL"),  # aids to companies only; none in these deliberations
        ("notificationUE", _conf("eu_notification")),
        # One Annexe 4 line, one structure: it receives the whole amount.
        ("pourcentageSubvention", "'1.00'"),
        ("dispositifAide", _conf("aid_scheme")),
    ),
    provenance=(
        ("_deliberation", "g.deliberation_id"),
        ("_row_index", "g.row_index"),
        ("_page", "g.page"),
        ("_date", _DATE),
        (
            "_period_rule",
            "CASE WHEN g.operation_start IS NOT NULL THEN 'description' "
            f"WHEN {_PERIOD_FALLBACK} IS NOT NULL THEN {_conf('default_payment_period')} END",
        ),
    ),
    # Counted from the grants alone: the deliberations left out (rejected, another
    # authority's) are a set looked up, small in a collectivité's own database.
    source="FROM grants g\n"
    "WHERE g.deliberation_id NOT IN (SELECT d.id FROM deliberations d "
    f"WHERE d.adopted = 0 OR NOT {_OWN})",
    order="g.deliberation_id, g.row_index",
)

QUERIES = {"scdl-deliberations": DELIBERATIONS, "scdl-subventions": SUBVENTIONS}


# The views, written on every open when their SELECT changes (db/derived.py). They read
# the settings tables made by migration 4 and ``grants.beneficiary_id`` (migration 3).
SCDL_OBJECTS: tuple[Derived, ...] = tuple(view(q.view, q.view_sql()) for q in QUERIES.values())


def query_params(config: ExportConfig, identifiers: Mapping[str, Identifier]) -> dict[str, str]:
    """The JSON parameters of :meth:`ScdlQuery.sql` ``(injected=True)``."""
    return {
        "settings": json.dumps(sorted(config.settings().items()), ensure_ascii=False),
        "rules": json.dumps(
            [[r.pattern, r.code, r.name] for r in config.matter_rules], ensure_ascii=False
        ),
        "identifiers": json.dumps(
            [[i.key, i.name, i.siret, i.rna] for i in identifiers.values()], ensure_ascii=False
        ),
    }


def store_settings(
    db: sqlite_utils.Database,
    config: ExportConfig | None,
    identifiers: Mapping[str, Identifier] | None,
) -> None:
    """Record a configuration and/or a mapping (None: keep the one recorded before),
    so that the views serve what ``export`` wrote."""
    with db.atomic():
        if config is not None:
            db.execute("DELETE FROM export_settings")
            db.execute("DELETE FROM export_matter_rules")
            db["export_settings"].insert_all(
                ({"key": k, "value": v} for k, v in config.settings().items()), pk="key"
            )
            db["export_matter_rules"].insert_all(
                (
                    {"position": n, "pattern": r.pattern, "code": r.code, "name": r.name}
                    for n, r in enumerate(config.matter_rules, start=1)
                ),
                pk="position",
            )  # fmt: skip
        if identifiers is not None:
            db.execute("DELETE FROM beneficiary_identifiers")
            db["beneficiary_identifiers"].insert_all(
                ({"key": i.key, "name": i.name, "siret": i.siret, "rna": i.rna}
                 for i in identifiers.values()),
                pk="key",
            )  # fmt: skip
