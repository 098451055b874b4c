"""Validation of an export against a Table Schema, with frictionless (imported lazily)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from delib_extract.export.config import ConfigError


@dataclass(frozen=True)
class SchemaError:
    line: int | None  # line of the CSV file (header = 1); None for file-level errors
    field: str | None
    kind: str  # frictionless error type: constraint-error, type-error, missing-label…
    message: str


def load_schema(path: str | Path) -> dict:
    """A Table Schema descriptor (JSON file); one clear error when it is not one."""
    path = Path(path)
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"schéma illisible : {path} ({exc})") from None
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise ConfigError(f"{path} : ce n'est pas un Table Schema (pas de « fields »)")
    return schema


def validate_csv(data: bytes, schema: dict) -> list[SchemaError]:
    """Every error frictionless finds in UTF-8 CSV ``data`` against ``schema``."""
    from frictionless import Resource, Schema  # ~0.5 s to import: only when validating

    resource = Resource(data=data, format="csv", encoding="utf-8", schema=Schema(schema))
    report = resource.validate(limit_errors=100_000)
    errors = [
        SchemaError(line, field, kind, message)
        for line, field, kind, message in report.flatten(
            ["rowNumber", "fieldName", "type", "message"]
        )
    ]
    errors += [SchemaError(None, None, e.type, e.message) for e in report.errors]
    return errors
