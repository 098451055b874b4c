"""Consistency audit: every total and every vote of a document checked against the rest.

A CP deliberation states the same money several times (grant lines, operation and theme
TOTALs, the articles, the Article 7/8 tables, the report's tables) and its vote should
square with who was there. Each audit below is a pure function of the extracted records;
each finding is a :class:`~delib_extract.records.Check`:

- ``error``: the document contradicts itself (two different figures for one amount);
- ``warning``: unusual but possible (votes that do not match the attendance, a duplicated
  grant line), or ``kind = extraction``: the tool could not read a value it needed.

Amounts are compared as Decimal, within ``Settings.audit_tolerance_cents``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from delib_extract.audit.budget import check_decision_money
from delib_extract.audit.money import check_grant_table
from delib_extract.audit.report import check_report_tables
from delib_extract.audit.votes import check_votes
from delib_extract.records import Check, Decision
from delib_extract.settings import DEFAULT_SETTINGS, Settings

Audit = Callable[[Decision, Decimal], list[Check]]

# One entry per part of the document checked; add an audit here.
AUDITS: tuple[Audit, ...] = (
    check_grant_table,
    check_decision_money,
    check_report_tables,
    check_votes,
)


def check_decision(decision: Decision, settings: Settings = DEFAULT_SETTINGS) -> list[Check]:
    """Every consistency check that applies to one extracted decision."""
    tolerance = Decimal(settings.audit_tolerance_cents) / 100
    return [check for audit in AUDITS for check in audit(decision, tolerance)]


__all__ = ["AUDITS", "check_decision"]
