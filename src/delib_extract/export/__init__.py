"""Open-data exports: SCDL Délibérations 2.1.5 and Subventions 2.1.1, raw tables as CSV/JSON.

from delib_extract.export import run_export
with open("subventions.csv", "wb") as out:
    result = run_export("scdl-subventions", "db/deliberations.db", out,
                        config_path="examples/scdl-config.toml", validate=True)
print("\\n".join(result.report_lines()))
"""

from __future__ import annotations

from delib_extract.export.config import ConfigError, ExportConfig, load_config
from delib_extract.export.mapping import Identifier, load_mapping
from delib_extract.export.run import EXPORT_FORMATS, ExportResult, run_export
from delib_extract.export.scdl import FORMATS, Issue, ScdlExport, build_scdl
from delib_extract.export.validate import SchemaError, load_schema, validate_csv

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
