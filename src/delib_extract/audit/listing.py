"""The findings stored in a database, grouped by deliberation (``delib-extract check``)."""

from __future__ import annotations

import re
import sqlite3
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from delib_extract.errors import DelibExtractError
from delib_extract.vocab import Severity

_QUERY = """
select c.deliberation_id, c.kind, c.severity, c.message, c.page,
       d.title, d.date, doc.path
from checks c
left join deliberations d on d.id = c.deliberation_id
left join documents doc on doc.sha256 = c.document_sha256
where (:severity is null or c.severity = :severity)
  and (:kind is null or c.kind = :kind)
  and (:deliberation is null or c.deliberation_id = :deliberation)
order by coalesce(d.date, ''), coalesce(c.deliberation_id, doc.path), c.id
"""
_NUMBER_SPACE_RE = re.compile(r"(?<=\d) (?=\d{3}\b|€)|(?<=«) | (?=»)")
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1}


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str
    message: str
    page: int | None


@dataclass
class FindingGroup:
    """The findings of one deliberation (or of one document without a deliberation)."""

    deliberation_id: str | None
    title: str | None
    date: str | None
    document: str | None
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def read_findings(
    db_path: str | Path,
    *,
    severity: str | None = None,
    kind: str | None = None,
    deliberation: str | None = None,
) -> list[FindingGroup]:
    """Every stored finding matching the filters, errors first within each deliberation."""
    rows = _query(db_path, {"severity": severity, "kind": kind, "deliberation": deliberation})
    groups: dict[str, FindingGroup] = {}
    for row in rows:
        key = row["deliberation_id"] or f"document:{row['path']}"
        if key not in groups:
            groups[key] = FindingGroup(row["deliberation_id"], row["title"], row["date"],
                                       row["path"])  # fmt: skip
        groups[key].findings.append(
            Finding(row["kind"], row["severity"], row["message"], row["page"])
        )
    for group in groups.values():
        group.findings.sort(key=lambda f: (_SEVERITY_ORDER.get(f.severity, 2), f.page or 0))
    return list(groups.values())


def _query(db_path: str | Path, params: dict) -> list[dict]:
    path = Path(db_path)
    if not path.is_file():
        raise DelibExtractError(f"base introuvable: {path} (lancez d'abord `delib-extract ingest`)")
    try:
        db = sqlite_utils.Database(sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True))
        return list(db.query(_QUERY, params))
    except sqlite3.DatabaseError as exc:
        raise DelibExtractError(f"{path}: pas une base delib-extract lisible ({exc})") from None


def format_findings(groups: list[FindingGroup], width: int = 100) -> str:
    """Plain text: one block per deliberation, each finding a line then its message."""
    lines: list[str] = []
    for group in groups:
        name = group.deliberation_id or f"document {group.document}"
        lines.append("  ".join(p for p in (name, group.date, group.title) if p))
        for finding in group.findings:
            page = f"page {finding.page}" if finding.page else "page ?"
            lines.append(f"  {finding.severity} · {finding.kind} · {page}")
            lines.append(_wrap(finding.message, width, "    "))
        lines.append("")
    return "\n".join(lines)


def _wrap(text: str, width: int, indent: str) -> str:
    # Never break inside an amount ("7 576 137,00 €").
    glued = _NUMBER_SPACE_RE.sub("\u00a0", text)
    wrapped = textwrap.fill(glued, width, initial_indent=indent, subsequent_indent=indent)
    return wrapped.replace("\u00a0", " ")


def summary(groups: list[FindingGroup]) -> str:
    errors = sum(g.count(Severity.ERROR) for g in groups)
    warnings = sum(g.count(Severity.WARNING) for g in groups)
    return f"{errors} error(s), {warnings} warning(s) in {len(groups)} deliberation(s)"
