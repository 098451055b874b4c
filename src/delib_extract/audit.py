"""Consistency audit: the money and the votes of a document checked against each other.

Each finding is a :class:`~delib_extract.records.Check`; ``error`` means the document
contradicts itself, ``warning`` something unusual but possible. Amounts are compared
in cents (Decimal), never as floats.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .amounts import format_euros, to_float
from .records import Check, Extraction, Grant, GrantTotal
from .vocab import Severity, TotalScope


def check_extraction(result: Extraction) -> list[Check]:
    """Every consistency check that applies to an extracted CP deliberation."""
    return _grant_totals(result.grants, result.grant_totals)


def _mismatch(kind: str, what: str, expected: Decimal, found: Decimal, page: int) -> Check:
    message = (
        f"{what} : la somme des lignes fait {format_euros(expected)}, "
        f"le document imprime {format_euros(found)} (écart {format_euros(found - expected)})."
    )
    if abs(found - expected) < 1:
        message += " L'écart peut venir d'un montant affiché arrondi."
    return Check(kind, Severity.ERROR, message, to_float(expected), to_float(found), page)


def _grant_totals(grants: Sequence[Grant], totals: Sequence[GrantTotal]) -> list[Check]:
    checks = []
    by_position = sorted([*grants, *totals], key=lambda r: r.row_index)
    lines: list[Decimal] = []
    operation_totals: list[Decimal] = []
    for item in by_position:
        if isinstance(item, Grant):
            if item.amount is not None:
                lines.append(item.amount)
            continue
        if item.amount is None:
            lines, operation_totals = [], []
            continue
        if item.scope == TotalScope.OPERATION:
            if lines and sum(lines) != item.amount:
                checks.append(
                    _mismatch(
                        "grant_sum",
                        f"Opération « {item.operation or '?'} »",
                        sum(lines),
                        item.amount,
                        item.page,
                    )
                )
            operation_totals.append(item.amount)
            lines = []
        else:
            expected = sum(operation_totals) if operation_totals else sum(lines)
            if (operation_totals or lines) and expected != item.amount:
                checks.append(
                    _mismatch(
                        "theme_sum",
                        f"Thématique « {item.theme or '?'} »",
                        expected,
                        item.amount,
                        item.page,
                    )
                )
            lines, operation_totals = [], []
    return checks
