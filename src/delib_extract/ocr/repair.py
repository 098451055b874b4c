"""Validating what OCR read in budget tables, and repairing it where the document
itself says what it should be.

OCR mangles codes (``C02-428C02`` → ``CO02-428C02``, ``7477/93444`` → ``7477193444``).
A code read by OCR is first checked against its pattern, after the usual confusions
(O for 0, l or I for 1) are undone. It is then checked against the president's report,
which prints the same budget lines (same code, same imputation, same amount proposed):
when exactly one report line has the same kind and amount, its codes — when valid —
are the reading kept. Whatever stays invalid is kept as read and reported in a
``checks`` row (kind ``extraction``, a warning: a value the tool could not read with
certainty), never silently.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from decimal import Decimal

from delib_extract.records import BudgetLine, Check, ReportLine
from delib_extract.tables.reader.spec import TableRow
from delib_extract.vocab import CheckKind, Severity

OPERATION_CODE_STRICT = re.compile(r"^[A-Z]\d{2}-[0-9A-Z]{3,}$")
BUDGET_CODE_STRICT = re.compile(r"^\d{3,6}/\d{2,6}$")
_DIGIT_FOR = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5"})


def repair_operation_code(text: str | None) -> str | None:
    """``co1-444H02`` → ``C01-444H02``: a letter, two digits, a hyphen, the rest
    upper-cased. None when the text does not look like a code at all."""
    if not text:
        return None
    match = re.match(r"\s*([A-Za-z])\s*([0-9OoDIl|]{2})\s*[-–]\s*([0-9A-Za-z]{3,})\s*$", text)
    if not match:
        return None
    letter, digits, rest = match.groups()
    return f"{letter.upper()}{digits.translate(_DIGIT_FOR)}-{rest.upper()}"


def repair_budget_code(text: str | None) -> str | None:
    """``6568 / 93428`` → ``6568/93428``; a code whose slash OCR read as a digit is
    not guessed (several cuts would be possible): None."""
    if not text:
        return None
    match = re.match(r"\s*([0-9OoIl|]{3,6})\s*/\s*([0-9OoIl|]{2,6})\s*$", text)
    if not match:
        return None
    return f"{match.group(1).translate(_DIGIT_FOR)}/{match.group(2).translate(_DIGIT_FOR)}"


def reconcile_budget_lines(
    lines: Sequence[BudgetLine], report: Sequence[ReportLine]
) -> tuple[list[BudgetLine], list[Check]]:
    """OCR'd lines validated (and repaired from the report where it can); checks for
    the values that stay doubtful."""
    out: list[BudgetLine] = []
    checks: list[Check] = []
    for line in lines:
        if line.ocr_confidence is None:
            out.append(line)
            continue
        fixed = _from_report(_repaired(line), report)
        out.append(fixed)
        checks += _doubts(fixed)
    return out, checks


def _repaired(line: BudgetLine) -> BudgetLine:
    return dataclasses.replace(
        line,
        operation_code=_valid(line.operation_code, OPERATION_CODE_STRICT)
        or repair_operation_code(line.operation_code)
        or line.operation_code,
        budget_code=_valid(line.budget_code, BUDGET_CODE_STRICT)
        or repair_budget_code(line.budget_code)
        or line.budget_code,
    )


def _valid(value: str | None, pattern: re.Pattern[str]) -> str | None:
    return value if value and pattern.match(value) else None


def _from_report(line: BudgetLine, report: Sequence[ReportLine]) -> BudgetLine:
    same = [
        r
        for r in report
        if r.kind == line.kind and line.amount is not None and r.proposed == line.amount
    ]
    if len(same) != 1:
        return line
    twin = same[0]
    changes: dict[str, object] = {}
    for field, pattern in (
        ("operation_code", OPERATION_CODE_STRICT),
        ("budget_code", BUDGET_CODE_STRICT),
    ):
        theirs = getattr(twin, field)
        if theirs and pattern.match(theirs) and getattr(line, field) != theirs:
            changes[field] = theirs
    if twin.commitment_authority is not None and line.commitment_authority is None:
        changes["commitment_authority"] = twin.commitment_authority
    return dataclasses.replace(line, **changes) if changes else line


def _doubts(line: BudgetLine) -> list[Check]:
    checks = []
    for field, pattern, what in (
        ("operation_code", OPERATION_CODE_STRICT, "code opération"),
        ("budget_code", BUDGET_CODE_STRICT, "imputation"),
    ):
        value = getattr(line, field)
        if not value or not pattern.match(value):
            checks.append(
                Check(
                    kind=CheckKind.EXTRACTION,
                    severity=Severity.WARNING,
                    message=f"Page scannée : {what} lu par OCR douteux (« {value or ''} »), "
                    "à vérifier sur le PDF.",
                    page=line.page,
                )
            )
    return checks


def amounts_from_total(rows: Sequence[TableRow], total: TableRow | None) -> list[Decimal | None]:
    """The amounts of an operation's lines, one of them settled by its TOTAL row when OCR
    misread its separators (``6 394,59`` read ``639459``): the line whose digits are
    exactly those of TOTAL minus the other lines takes that value. Nothing else is
    guessed: the digits must agree, only one line may be in doubt."""
    amounts = [r.amount("amount") for r in rows]
    target = total.amount("amount") if total is not None else None
    if target is None or (None not in amounts and sum(amounts) == target):  # type: ignore[arg-type]
        return amounts
    fixes = []
    for index, row in enumerate(rows):
        others = [a for j, a in enumerate(amounts) if j != index]
        if row.confidence is None or None in others:
            continue
        expected = target - sum(others)  # type: ignore[arg-type]
        if expected > 0 and _digits(row.get("amount")) in _digit_forms(expected):
            fixes.append((index, expected))
    if len(fixes) == 1:
        index, expected = fixes[0]
        amounts[index] = expected
    return amounts


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _digit_forms(value: Decimal) -> set[str]:
    """Digits of an amount printed with or without its cents (``26 449`` / ``26 449,00``)."""
    cents = _digits(f"{value:.2f}")
    return {cents, cents[:-2]} if cents.endswith("00") else {cents}
