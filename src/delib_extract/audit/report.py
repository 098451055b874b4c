"""The president's report budget tables: each line's arithmetic (Inscrit + Proposition =
Solde for revenue, Disponible − Proposition = Solde for expense) and each line against the
decision's Article 7/8 line of the same operation code (the proposal, the AE)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from delib_extract.audit.findings import Figure, article_of, differs, mismatch, unreadable, warning
from delib_extract.records import BudgetLine, Check, Decision, ReportLine
from delib_extract.text.amounts import format_euros
from delib_extract.vocab import BudgetKind, CheckKind


def check_report_tables(decision: Decision, tolerance: Decimal) -> list[Check]:
    checks = [c for line in decision.report_lines for c in _arithmetic(line, tolerance)]
    for kind in BudgetKind:
        report = [r for r in decision.report_lines if r.kind == kind]
        voted = [b for b in decision.budget_lines if b.kind == kind]
        if report and voted:
            checks += _against_decision(report, voted, tolerance)
    return checks


def _where(line: ReportLine) -> str:
    table = "recettes" if line.kind == BudgetKind.REVENUE else "dépenses"
    return f"Rapport, tableau des {table}, ligne {line.operation_code or '?'}"


def _arithmetic(line: ReportLine, tolerance: Decimal) -> list[Check]:
    if line.proposed is None:
        if line.balance is not None or line.registered is not None or line.available is not None:
            return [unreadable(f"Proposition ({_where(line)})", line.page)]
        return []
    if line.balance is None:
        if line.registered is not None or line.available is not None:
            return [unreadable(f"Solde ({_where(line)})", line.page)]
        return []
    checks = []
    proposed = Figure(line.proposed)
    if line.registered is not None:
        expected = line.registered + line.proposed
        if differs(expected, line.balance, tolerance):
            words = (
                f"Inscrit {format_euros(line.registered)} + Proposition "
                f"{format_euros(line.proposed)} font"
            )
            checks.append(_balance(line, words, expected, [Figure(line.registered), proposed]))
    if line.available is not None:
        expected = line.available - line.proposed
        if differs(expected, line.balance, tolerance):
            words = (
                f"Disponible {format_euros(line.available)} − Proposition "
                f"{format_euros(line.proposed)} font"
            )
            checks.append(_balance(line, words, expected, [Figure(line.available), proposed]))
        if line.proposed > line.available:
            checks.append(_overdraft(line))
    return checks


def _balance(line: ReportLine, words: str, expected: Decimal, figures: list[Figure]) -> Check:
    assert line.balance is not None
    return mismatch(
        CheckKind.REPORT_BALANCE,
        _where(line),
        (words, expected),
        ("mais le Solde imprimé est", line.balance),
        line.page,
        [*figures, Figure(line.balance)],
    )


def _overdraft(line: ReportLine) -> Check:
    return warning(
        CheckKind.REPORT_OVERDRAFT,
        f"{_where(line)} : la Proposition ({format_euros(line.proposed)}) dépasse le "
        f"Disponible ({format_euros(line.available)}).",
        line.page,
        expected=line.available,
        found=line.proposed,
    )


def _against_decision(
    report: Sequence[ReportLine], decision: Sequence[BudgetLine], tolerance: Decimal
) -> list[Check]:
    """Pair lines by operation code (and imputation when a code appears twice)."""
    unpaired = list(decision)
    checks: list[Check] = []
    for line in report:
        match = _partner(line, unpaired)
        if match is None:
            checks.append(
                warning(
                    CheckKind.REPORT_UNMATCHED,
                    f"{_where(line)} : cette opération n'apparaît pas dans le tableau de "
                    f"l'article {article_of(decision[0])} de la délibération.",
                    line.page,
                    found=line.proposed,
                )
            )
            continue
        unpaired.remove(match)
        checks += _same_line(line, match, tolerance)
    for line in unpaired:
        checks.append(
            warning(
                CheckKind.REPORT_UNMATCHED,
                f"Article {article_of(line)}, ligne {line.operation_code or '?'} : cette opération "
                "n'apparaît pas dans les tableaux du rapport.",
                line.page,
                found=line.amount,
            )
        )
    return checks


def _partner(line: ReportLine, candidates: Sequence[BudgetLine]) -> BudgetLine | None:
    same_code = [b for b in candidates if b.operation_code == line.operation_code]
    exact = [b for b in same_code if b.budget_code == line.budget_code]
    return (exact or same_code or [None])[0]


def _same_line(line: ReportLine, decision: BudgetLine, tolerance: Decimal) -> list[Check]:
    checks = []
    article = f"l'article {article_of(decision)}"
    if (
        line.proposed is not None
        and decision.amount is not None
        and differs(decision.amount, line.proposed, tolerance)
    ):
        checks.append(
            mismatch(
                CheckKind.REPORT_PROPOSAL,
                _where(line),
                (f"{article} de la délibération porte", decision.amount),
                ("mais la Proposition du rapport est", line.proposed),
                line.page,
                [Figure(decision.amount), Figure(line.proposed)],
            )
        )
    first, second = decision.commitment_authority, line.commitment_authority
    if first is not None and second is not None and differs(first, second, tolerance):
        checks.append(
            mismatch(
                CheckKind.REPORT_AE,
                _where(line),
                (f"{article} de la délibération indique une autorisation d'engagement (AE) de",
                 first),
                ("mais le rapport indique", second),
                line.page,
            )
        )  # fmt: skip
    return checks
