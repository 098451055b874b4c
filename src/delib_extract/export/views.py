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

_CONF = "conf AS (SELECT {} FROM export_settings)".format(
    ", ".join(f"max(CASE WHEN key = '{name}' THEN value END) AS {name}" for name in SETTING_NAMES)
)
# Rejected deliberations (adopted = 0) decided nothing: SCDL lists adopted acts only.
_ADOPTED = "coalesce(d.adopted, 1) <> 0"


@dataclass(frozen=True)
class ScdlQuery:
    view: str
    ctes: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]  # (SCDL name, SQL expression)
    provenance: tuple[tuple[str, str], ...]  # extra columns for the export's report
    source: str  # FROM … ORDER BY

    def sql(self, *, injected: bool = False, provenance: bool = False) -> str:
        columns = self.columns + (self.provenance if provenance else ())
        select = ",\n  ".join(f'{expression} AS "{name}"' for name, expression in columns)
        ctes = (*_INJECTED, *self.ctes) if injected else self.ctes
        return "WITH " + ",\n".join(ctes) + f"\nSELECT\n  {select}\n{self.source}"


DELIBERATIONS = ScdlQuery(
    view="scdl_deliberations",
    ctes=(
        _CONF,
        # VOTE_EFFECTIF: members with a deliberative voice listed (present or excused);
        # VOTE_REEL: those present, less those who took part neither in the debate nor
        # in the vote. No attendance read: empty, never 0.
        "attendance_counts AS (SELECT deliberation_id, "
        "nullif(sum(status IN ('present', 'excused')), 0) AS effectif, "
        "nullif(sum(status = 'present' AND coalesce(recusal, '') <> 'debate_and_vote'), 0) "
        "AS reel FROM attendance GROUP BY deliberation_id)",
        "vote_counts AS (SELECT deliberation_id, "
        "max(CASE WHEN position = 'for' THEN count END) AS pour, "
        "max(CASE WHEN position = 'against' THEN count END) AS contre, "
        "max(CASE WHEN position = 'abstention' THEN count END) AS abstention "
        "FROM votes GROUP BY deliberation_id)",
        # A budget impact: Article 7/8 lines or Annexe 4 grants.
        "budgeted AS (SELECT deliberation_id FROM budget_lines "
        "UNION SELECT deliberation_id FROM grants)",
        # First matter rule whose words occur, in order, in the title (the full-text
        # index ignores accents and case), else the default matter.
        "matter AS (SELECT d.id AS deliberation_id, (SELECT r.position FROM "
        "export_matter_rules r WHERE EXISTS (SELECT 1 FROM deliberations_fts f "
        "WHERE f.rowid = d.rowid AND deliberations_fts MATCH "
        "'\"' || replace(r.pattern, '\"', '\"\"') || '\"') "
        "ORDER BY r.position LIMIT 1) AS rule FROM deliberations d)",
    ),
    columns=(
        ("COLL_NOM", "conf.collectivity_name"),
        ("COLL_SIRET", "conf.collectivity_siret"),
        ("DELIB_ID", "d.id"),
        ("DELIB_DATE", "d.date"),
        ("DELIB_MATIERE_CODE", "CASE WHEN r.code IS NULL THEN conf.matter_code ELSE r.code END"),
        ("DELIB_MATIERE_NOM", "CASE WHEN r.code IS NULL THEN conf.matter_name ELSE r.name END"),
        ("DELIB_OBJET", "d.title"),
        ("BUDGET_ANNEE", "CASE WHEN b.deliberation_id IS NOT NULL THEN substr(d.date, 1, 4) END"),
        ("BUDGET_NOM", "CASE WHEN b.deliberation_id IS NOT NULL THEN conf.budget_name END"),
        ("PREF_ID", "conf.prefecture_id"),
        ("PREF_DATE", "NULL"),  # the PDFs carry no prefecture stamp
        ("VOTE_EFFECTIF", "a.effectif"),
        ("VOTE_REEL", "a.reel"),
        ("VOTE_POUR", "v.pour"),
        ("VOTE_CONTRE", "v.contre"),
        ("VOTE_ABSTENTION", "v.abstention"),
        ("DELIB_URL", "nullif(doc.source_url, '')"),  # where the PDF was downloaded from
    ),
    provenance=(("_page", "d.page_start"), ("_document", "doc.path")),
    source="""FROM deliberations d
CROSS JOIN conf
LEFT JOIN matter m ON m.deliberation_id = d.id
LEFT JOIN export_matter_rules r ON r.position = m.rule
LEFT JOIN attendance_counts a ON a.deliberation_id = d.id
LEFT JOIN vote_counts v ON v.deliberation_id = d.id
LEFT JOIN budgeted b ON b.deliberation_id = d.id
LEFT JOIN documents doc ON doc.sha256 = d.document_sha256
WHERE """
    + _ADOPTED
    + "\nORDER BY d.date, d.id",
)

_PERIOD_FALLBACK = (
    "CASE WHEN conf.default_payment_period = 'exercice' "
    "THEN substr(d.date, 1, 4) || '-01-01/' || substr(d.date, 1, 4) || '-12-31' END"
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

SUBVENTIONS = ScdlQuery(
    view="scdl_subventions",
    ctes=(_CONF,),
    columns=(
        ("nomAttribuant", "conf.collectivity_name"),
        ("idAttribuant", "conf.collectivity_siret"),
        ("dateConvention", "CASE conf.convention_date WHEN 'deliberation' THEN d.date END"),
        ("referenceDecision", "g.deliberation_id"),
        ("nomBeneficiaire", "g.beneficiary"),
        ("idBeneficiaire", "i.siret"),
        ("rnaBeneficiaire", "i.rna"),
        ("objet", _OBJET),
        ("montant", _AMOUNT),
        ("nature", "conf.aid_nature"),
        ("conditionsVersement", "conf.payment_conditions"),
        (
            "datesPeriodeVersement",
            f"coalesce(g.operation_start || '/' || g.operation_end, {_PERIOD_FALLBACK})",
        ),
        ("idRAE", "NULL"),  # aids to companies only; none in these deliberations
        ("notificationUE", "conf.eu_notification"),
        # One Annexe 4 line, one structure: it receives the whole amount.
        ("pourcentageSubvention", "'1.00'"),
        ("dispositifAide", "conf.aid_scheme"),
    ),
    provenance=(
        ("_deliberation", "g.deliberation_id"),
        ("_row_index", "g.row_index"),
        ("_page", "g.page"),
        ("_date", "d.date"),
        (
            "_period_rule",
            "CASE WHEN g.operation_start IS NOT NULL THEN 'description' "
            f"WHEN {_PERIOD_FALLBACK} IS NOT NULL THEN conf.default_payment_period END",
        ),
    ),
    source="""FROM grants g
JOIN deliberations d ON d.id = g.deliberation_id
CROSS JOIN conf
LEFT JOIN beneficiary_identifiers i ON i.key = g.beneficiary_id
WHERE """
    + _ADOPTED
    + "\nORDER BY d.date, g.deliberation_id, g.row_index",
)

QUERIES = {"scdl-deliberations": DELIBERATIONS, "scdl-subventions": SUBVENTIONS}


# The views, written on every open when their SELECT changes (db/derived.py). They read
# the settings tables made by migration 4 and ``grants.beneficiary_id`` (migration 3).
SCDL_OBJECTS: tuple[Derived, ...] = tuple(view(q.view, q.sql()) for q in QUERIES.values())


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
