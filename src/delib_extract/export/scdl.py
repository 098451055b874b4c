"""SCDL exports: the rows in the national formats, and what is still missing from them.

The rows come from :mod:`.views` (the same SELECT as the database's views). Each
required value still empty — the PDF did not say it, the configuration or the
mapping file does not give it — becomes an :class:`Issue` naming the row, the
field and why: nothing is filled in by guess.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import sqlite_utils

from delib_extract.export.config import ExportConfig
from delib_extract.export.mapping import Identifier
from delib_extract.export.views import DELIBERATIONS, SUBVENTIONS, ScdlQuery, query_params

SCHEMAS_DIR = Path(__file__).parent / "schemas"


@dataclass(frozen=True)
class Issue:
    line: int  # line of the CSV file (the header is line 1), as validators count
    row: str  # which deliberation or grant line, for people
    field: str
    reason: str
    general: bool = False  # the same cause for every row (the configuration lacks it)


@dataclass(frozen=True)
class ScdlFormat:
    name: str
    query: ScdlQuery
    schema_file: str
    describe: Callable[[Mapping], str]  # the row, for people
    reason: Callable[[str, Mapping, ExportConfig], str]  # why a required value is empty
    check: Callable[[Mapping, ScdlExport], list[str]]  # format's own rules: missing fields
    rejected: Callable[[int], str | None]  # note on a rejected deliberation (its grants)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.query.columns)

    @property
    def schema_path(self) -> Path:
        return SCHEMAS_DIR / self.schema_file

    @property
    def required(self) -> tuple[str, ...]:
        return _required(self.schema_path)


@lru_cache
def _required(path: Path) -> tuple[str, ...]:
    schema = json.loads(path.read_text(encoding="utf-8"))
    return tuple(f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required"))


@dataclass
class ScdlExport:
    format: ScdlFormat
    rows: list[dict] = field(default_factory=list)  # SCDL columns only, in order
    issues: list[Issue] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # left out, and why
    warnings: dict[str, list[str]] = field(default_factory=dict)  # worth a look → rows
    derived: Counter = field(default_factory=Counter)  # "field: rule" → rows

    def to_csv(self) -> bytes:
        """UTF-8 CSV, header first; empty cells for missing values."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(self.format.columns)
        for row in self.rows:
            writer.writerow("" if row[c] is None else row[c] for c in self.format.columns)
        return buffer.getvalue().encode("utf-8")


_CONFIG_KEY = {
    "COLL_NOM": "[collectivite] nom", "nomAttribuant": "[collectivite] nom",
    "COLL_SIRET": "[collectivite] siret", "idAttribuant": "[collectivite] siret",
    "DELIB_MATIERE_CODE": "[deliberations] matiere_code",
    "DELIB_MATIERE_NOM": "[deliberations] matiere_nom",
    "nature": "[subventions] nature",
    "conditionsVersement": "[subventions] conditions_versement",
    "notificationUE": "[subventions] notification_ue",
}  # fmt: skip


def _config_reason(name: str, config: ExportConfig) -> str:
    if config == ExportConfig():
        return f"pas de configuration (--config) : {_CONFIG_KEY[name]}"
    return f"absent de la configuration {config.source} : {_CONFIG_KEY[name]}"


def _general(name: str, config: ExportConfig) -> bool:
    return name in _CONFIG_KEY or (name == "dateConvention" and config.convention_date is None)


def _deliberation_reason(name: str, record: Mapping, config: ExportConfig) -> str:
    if name in _CONFIG_KEY:
        return _config_reason(name, config)
    what = {"DELIB_DATE": "date de la séance", "DELIB_OBJET": "objet"}.get(name, name)
    return f"{what} non lu(e) dans le PDF ({record['_document']}, p. {record['_page']})"


def _subvention_reason(name: str, record: Mapping, config: ExportConfig) -> str:
    page = f"p. {record['_page']}"
    if name in _CONFIG_KEY:
        return _config_reason(name, config)
    if name == "dateConvention":
        if config.convention_date is None:
            return (
                "la date de signature n'est pas dans le PDF ; [subventions] date_convention = "
                '"deliberation" prend celle de la délibération'
            )
        return "date de la délibération non lue"
    if name == "datesPeriodeVersement":
        if config.default_payment_period and not record["_date"]:
            return "date de la délibération non lue"
        return (
            "pas de période « du … au … » dans la description, et pas de "
            "[subventions] periode_versement_par_defaut"
        )
    if name == "idBeneficiaire":
        return "ni SIRET ni RNA : structure absente du fichier de correspondance (--mapping)"
    what = {"nomBeneficiaire": "structure", "objet": "ni opération ni description",
            "montant": "montant"}.get(name, name)  # fmt: skip
    return f"{what} non lu(e) dans l'annexe ({page})"


OUTVOTED = (
    "plus de voix exprimées que VOTE_REEL (présents moins les élus intéressés) : "
    "un groupe peut voter pour ses absents (voir delib-extract check)"
)


def _check_deliberation(record: Mapping, export: ScdlExport) -> list[str]:
    cast = sum(record[c] or 0 for c in ("VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION"))
    if record["VOTE_REEL"] is not None and cast > record["VOTE_REEL"]:
        export.warnings.setdefault(OUTVOTED, []).append(record["DELIB_ID"])
    return []


def _check_subvention(record: Mapping, export: ScdlExport) -> list[str]:
    if record["_period_rule"]:
        export.derived[f"datesPeriodeVersement : {record['_period_rule']}"] += 1
    # SIRET, or the RNA of an association: one of them is needed (SCDL 2.1.1).
    return [] if record["idBeneficiaire"] or record["rnaBeneficiaire"] else ["idBeneficiaire"]


FORMATS: dict[str, ScdlFormat] = {
    "scdl-deliberations": ScdlFormat(
        "scdl-deliberations",
        DELIBERATIONS,
        "scdl-deliberations-2.1.5.json",
        describe=lambda r: str(r["DELIB_ID"]),
        reason=_deliberation_reason,
        check=_check_deliberation,
        rejected=lambda _: "rejetée (le SCDL recense les délibérations adoptées)",
    ),
    "scdl-subventions": ScdlFormat(
        "scdl-subventions",
        SUBVENTIONS,
        "scdl-subventions-2.1.1.json",
        describe=lambda r: (
            f"{r['_deliberation']} ligne {r['_row_index']} « {r['nomBeneficiaire']} »"
        ),
        reason=_subvention_reason,
        check=_check_subvention,
        rejected=lambda n: f"rejetée, ses {n} subventions non attribuées" if n else None,
    ),
}


def build_scdl(
    db: sqlite_utils.Database,
    format_name: str,
    config: ExportConfig,
    identifiers: Mapping[str, Identifier],
) -> ScdlExport:
    """Every row of one SCDL format, with the issues of the incomplete ones."""
    fmt = FORMATS[format_name]
    export = ScdlExport(fmt)
    sql = fmt.query.sql(injected=True, provenance=True)
    for line, record in enumerate(db.query(sql, query_params(config, identifiers)), start=2):
        row = {name: record[name] for name in fmt.columns}
        export.rows.append(row)
        missing = [name for name in fmt.required if row[name] in (None, "")]
        missing += fmt.check(record, export)
        export.issues += [
            Issue(line, fmt.describe(record), name, fmt.reason(name, record, config),
                  general=_general(name, config))
            for name in missing
        ]  # fmt: skip
    export.excluded = _rejected(db, fmt)
    return export


def _rejected(db: sqlite_utils.Database, fmt: ScdlFormat) -> list[str]:
    """Rejected deliberations decided nothing: named, never exported."""
    sql = (
        "SELECT d.id, count(g.row_index) AS grants FROM deliberations d "
        "LEFT JOIN grants g ON g.deliberation_id = d.id WHERE d.adopted = 0 "
        "GROUP BY d.id ORDER BY d.id"
    )
    notes = ((row["id"], fmt.rejected(row["grants"])) for row in db.query(sql))
    return [f"{number} : {note}" for number, note in notes if note]
