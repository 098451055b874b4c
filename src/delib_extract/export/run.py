"""One export, start to end: what ``delib-extract export`` does, callable from Python."""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from delib_extract.db.load import open_db
from delib_extract.db.lock import database_lock
from delib_extract.export import EXPORT_FORMATS
from delib_extract.export.config import ConfigError, load_config
from delib_extract.export.mapping import load_mapping
from delib_extract.export.scdl import ScdlExport, build_scdl
from delib_extract.export.summary import scdl_lines, validation_lines
from delib_extract.export.tables import RAW_FORMATS, check_table, write_table
from delib_extract.export.validate import SchemaError, load_schema, validate_csv
from delib_extract.export.views import store_settings

# Without --config: the Pas-de-Calais's (examples/scdl-config.toml, shipped in the package).
DEFAULT_CONFIG = Path(__file__).parent / "defaults" / "scdl-config.toml"
DEFAULT_SOURCE = "par défaut, celle du Département du Pas-de-Calais (--config pour la vôtre)"


@dataclass
class ExportResult:
    format: str
    rows: int
    scdl: ScdlExport | None = None
    validations: list[tuple[str, list[SchemaError]]] = field(default_factory=list)
    config_source: str = ""

    @property
    def ok(self) -> bool:
        """Nothing required is missing and every validation passed."""
        issues = self.scdl.issues if self.scdl else []
        return not issues and not any(errors for _, errors in self.validations)

    def report_lines(self, report: Path | None = None) -> list[str]:
        """A summary for the terminal (``report``: where the missing values are listed)."""
        lines = [f"{self.format} : {self.rows} ligne(s)"]
        if self.scdl:
            lines += scdl_lines(self.scdl, self.rows, self.config_source, report)
        for label, errors in self.validations:
            lines += validation_lines(label, errors)
        return lines

    def issues_csv(self) -> bytes:
        """The missing values, one a line (ligne, rang, champ, raison), for a spreadsheet."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["ligne", "rang", "champ", "raison"])
        for issue in self.scdl.issues if self.scdl else []:
            writer.writerow([issue.line, issue.row, issue.field, issue.reason])
        return buffer.getvalue().encode("utf-8")


def _opened(out: BinaryIO | str | Path) -> contextlib.AbstractContextManager[BinaryIO]:
    if isinstance(out, (str, Path)):
        return open(out, "wb")
    return contextlib.nullcontext(out)


def run_export(
    format_name: str,
    db_path: str | Path,
    out: BinaryIO | str | Path,
    *,
    config_path: str | Path | None = None,
    mapping_path: str | Path | None = None,
    table: str | None = None,
    validate: bool = False,
    schemas: tuple[str | Path, ...] = (),
    store: bool = False,
) -> ExportResult:
    """Write one export to ``out`` (a binary stream, or a path opened only once the
    inputs are known to be good) and say what is missing or invalid in it.

    SCDL formats are validated against the project's copy of their Table Schema
    when ``validate`` is set, and against each of ``schemas`` in any case.
    ``store`` records the configuration and the mapping given (each replacing the one
    recorded before) in the database, so its ``scdl_*`` views serve the same rows.
    """
    if format_name not in EXPORT_FORMATS:
        raise ConfigError(f"format inconnu : {format_name} ({', '.join(EXPORT_FORMATS)})")
    if not Path(db_path).exists():
        raise ConfigError(f"base introuvable : {db_path} (lancez d'abord `delib-extract ingest`)")
    if format_name in RAW_FORMATS:
        if validate or schemas or config_path or mapping_path or store:
            raise ConfigError(
                "--config, --mapping, --validate, --schema et --store : SCDL seulement"
            )
        return _export_table(format_name, db_path, out, table)
    config = load_config(config_path or DEFAULT_CONFIG)
    source = str(config_path) if config_path else DEFAULT_SOURCE
    identifiers = load_mapping(mapping_path)
    checks = {str(path): load_schema(path) for path in schemas}  # a bad file fails first
    db = open_db(db_path)
    try:
        if store:  # a write: the database's one writer at a time, as for ingest
            stored_config = config if config_path else None
            with database_lock(db_path, 0.0, "export --store"):
                store_settings(db, stored_config, identifiers if mapping_path else None)
        export = build_scdl(db, format_name, config, identifiers)
    finally:
        db.close()
    data = export.to_csv()
    with _opened(out) as stream:
        stream.write(data)
    if validate:
        own = export.format.schema_path
        checks = {f"schéma du projet {own.name}": load_schema(own), **checks}
    validations = [(label, validate_csv(data, schema)) for label, schema in checks.items()]
    return ExportResult(format_name, len(export.rows), export, validations, source)


def _export_table(
    format_name: str, db_path: str | Path, out: BinaryIO | str | Path, table: str | None
) -> ExportResult:
    if not table:
        raise ConfigError(f"le format {format_name} demande --table NOM")
    db = open_db(db_path)
    try:
        check_table(db, table)
        with _opened(out) as stream:
            return ExportResult(format_name, write_table(db, table, format_name, stream))
    finally:
        db.close()
