"""Open-data exports: SCDL Délibérations 2.1.5 and Subventions 2.1.1, raw tables as CSV/JSON.

from delib_extract.export import run_export
with open("subventions.csv", "wb") as out:
    result = run_export("scdl-subventions", "db/deliberations.db", out,
                        config_path="examples/scdl-config.toml", validate=True)
print("\\n".join(result.report_lines()))

The SCDL views (:mod:`.views`) are objects of the database, written by
:mod:`delib_extract.db.derived` whenever a database is opened; :mod:`.run` opens
databases. So this package does not import :mod:`.run` until ``run_export`` is asked
for: importing the views never has to import the database layer back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from delib_extract.export.config import ConfigError, ExportConfig, load_config
from delib_extract.export.mapping import Identifier, load_mapping
from delib_extract.export.scdl import FORMATS, Issue, ScdlExport, build_scdl
from delib_extract.export.tables import RAW_FORMATS
from delib_extract.export.validate import SchemaError, load_schema, validate_csv

if TYPE_CHECKING:
    from delib_extract.export.run import ExportResult, run_export

EXPORT_FORMATS = (*FORMATS, *RAW_FORMATS)

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "ConfigError",
    "ExportConfig",
    "ExportResult",
    "Identifier",
    "Issue",
    "ScdlExport",
    "SchemaError",
    "build_scdl",
    "load_config",
    "load_mapping",
    "load_schema",
    "run_export",
    "validate_csv",
]


def __getattr__(name: str):
    if name in ("ExportResult", "run_export"):
        from delib_extract.export import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
