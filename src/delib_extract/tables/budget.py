"""Budget tables: the deliberation's Article 7 (revenue) / Article 8 (expense) lines and
the report's tables (Inscrit / Disponible / Proposition / Solde)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from delib_extract.ocr.repair import reconcile_budget_lines
from delib_extract.pdf.layout import PageLayout
from delib_extract.records import ArticleRecord, BudgetLine, ReportLine
from delib_extract.tables.kinds import TableContext, TableKind, TableRecords
from delib_extract.tables.reader.read import (
    ColumnSpec,
    Table,
    TableRow,
    TableSpec,
    read_tables,
)
from delib_extract.tables.reader.spec import FILLER_WORDS
from delib_extract.text.normalise import collapse, fold
from delib_extract.vocab import BudgetKind

OPERATION_CODE_RE = re.compile(r"\b[A-Z]\d{2}\s*-\s*[0-9A-Z]{3,}\b")
BUDGET_CODE_RE = re.compile(r"\b\d{3,6}\s*/\s*\d{2,6}\b")


# What OCR makes of a code (``CO02-428C02``, ``C0l-444H02``): still a code cell.
_LOOSE_CODE_RE = re.compile(r"\b[A-Z][A-Z|]?[0-9OIL|]{2,3}\s*[-–]\s*[0-9A-Z]{3,}\b")


def _code_cell(text: str) -> bool:
    upper = text.upper()
    return OPERATION_CODE_RE.search(upper) is not None or _LOOSE_CODE_RE.search(upper) is not None


BUDGET_TABLE = TableSpec(
    name="budget",
    columns=(
        ColumnSpec("section", r"^section"),
        ColumnSpec("operation_code", r"\bcode\b"),
        ColumnSpec("budget_code", r"imputation|\bnature\b|chapitre"),
        ColumnSpec("label", r"libelle|intitule"),
        ColumnSpec("commitment_authority", r"^a\.?\s?e\.?\b|autorisation"),
        ColumnSpec("available", r"disponible"),
        ColumnSpec("proposed", r"proposition"),
        ColumnSpec("registered", r"\binscrit"),
        ColumnSpec("balance", r"\bsolde"),
        ColumnSpec("amount", r"depense|recette|montant|credit"),
    ),
    anchor="operation_code",
    anchor_test=_code_cell,
    min_labels=3,
    required=frozenset({"operation_code"}),
    vocabulary=FILLER_WORDS
    | {
        "operation",
        "l'operation",
        "operations",
        "budgetaire",
        "budgetaires",
        "d'inscription",
        "inscription",
        "cp",
        "ae",
        "ap",
        "credits",
        "credit",
        "code",
        "imputation",
        "libelle",
        "section",
        "inscrit",
        "disponible",
        "proposition",
        "solde",
        "depense",
        "recette",
        "montant",
    },
)
_REPORT_KEYS = {"available", "proposed", "registered", "balance"}


@dataclass(frozen=True)
class BudgetTables:
    lines: list[BudgetLine]
    report_lines: list[ReportLine]
    tables_found: int


def parse_budget_tables(
    layouts: Sequence[PageLayout],
    articles: Sequence[ArticleRecord],
    page_texts: dict[int, str],
    report_pages: Sequence[int] = (),
) -> BudgetTables:
    lines: list[BudgetLine] = []
    report: list[ReportLine] = []
    found = 0
    inherited = None
    for layout in layouts:
        for table in read_tables(layout, BUDGET_TABLE, inherited):
            found += 1
            inherited = table.columns
            keys = {c.key for c in table.columns}
            in_report = layout.page_number in report_pages or bool(keys & _REPORT_KEYS)
            kind = _kind(table, keys, page_texts.get(layout.page_number, ""))
            for row in table.rows:
                if not _code_cell(row.get("operation_code")):
                    continue
                if in_report:
                    report.append(_report_line(row, kind, len(report) + 1))
                else:
                    article = _printed_article(articles, kind)
                    lines.append(_budget_line(row, kind, article, len(lines) + 1))
    return BudgetTables(lines, report, found)


def _kind(table: Table, keys: set[str | None], page_text: str) -> BudgetKind:
    amount = table.column("amount")
    label = fold(amount.label) if amount else ""
    if "recette" in label or "registered" in keys:
        return BudgetKind.REVENUE
    if "depense" in label or "available" in keys or "commitment_authority" in keys:
        return BudgetKind.EXPENSE
    folded = fold(page_text)
    return (
        BudgetKind.REVENUE
        if "recette" in folded and "depense" not in folded
        else (BudgetKind.EXPENSE)
    )


def _printed_article(articles: Sequence[ArticleRecord], kind: BudgetKind) -> int | None:
    return next((a.number for a in articles if a.budget_kind == kind), None)


def _code(row: TableRow, key: str, pattern: re.Pattern[str]) -> str | None:
    text = row.get(key)
    match = pattern.search(text.upper() if key == "operation_code" else text)
    return re.sub(r"\s+", "", match.group(0)) if match else (collapse(text) or None)


def _budget_line(row: TableRow, kind: BudgetKind, article: int | None, index: int) -> BudgetLine:
    return BudgetLine(
        kind=kind,
        printed_article=article,
        section=collapse(_unwrap(row.get("section"))) or None,
        operation_code=_code(row, "operation_code", OPERATION_CODE_RE),
        budget_code=_code(row, "budget_code", BUDGET_CODE_RE),
        label=collapse(row.get("label")) or None,
        commitment_authority=row.amount("commitment_authority"),
        amount=row.amount("amount"),
        page=row.page,
        row_index=index,
        ocr_confidence=row.confidence,
    )


def _report_line(row: TableRow, kind: BudgetKind, index: int) -> ReportLine:
    return ReportLine(
        kind=kind,
        operation_code=_code(row, "operation_code", OPERATION_CODE_RE),
        budget_code=_code(row, "budget_code", BUDGET_CODE_RE),
        label=collapse(row.get("label")) or None,
        commitment_authority=row.amount("commitment_authority"),
        registered=row.amount("registered"),
        available=row.amount("available"),
        proposed=row.amount("proposed"),
        balance=row.amount("balance"),
        page=row.page,
        row_index=index,
    )


def _unwrap(text: str) -> str:
    # "Fonctionnemen t": a word cut by a narrow cell.
    return re.sub(r"(\w{4,}) (\w)\b", r"\1\2", text)


def budget_pages(context: TableContext) -> list[int]:
    """The decision's and the report's pages that print a budget table's header."""
    sections = context.sections
    return [
        n
        for n in sections.deliberation + sections.report
        if re.search(r"imputation|code\s+op", fold(context.page_texts[n]))
    ]


def read_budget(layouts: Sequence[PageLayout], context: TableContext) -> TableRecords:
    found = parse_budget_tables(
        layouts, context.articles, context.page_texts, context.sections.report
    )
    # What OCR read is validated, and repaired from the report where it can be.
    lines, checks = reconcile_budget_lines(found.lines, found.report_lines)
    return TableRecords({"budget_lines": lines, "report_lines": found.report_lines}, checks)


KIND = TableKind("budget", budget_pages, read_budget)
