"""Grant attribution tables of other authorities: « Attributions de subventions », one
line per beneficiary (an optional code, the structure, the kind of grant, the project,
the amount), each table closed by a « Total » row, under a numbered caption that names
its theme (« 2) Attributions de subventions dans le cadre de l'action internationale »).

Lines go to ``grants`` (the caption is the theme, the project the description) and
each Total to ``grant_totals`` at the theme's scope, so the audit adds them up exactly
as it does the Commission Permanente's Annexe 4.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from delib_extract.pdf.layout import PageLayout
from delib_extract.records import Grant, GrantTotal
from delib_extract.tables.kinds import TableContext, TableKind, TableRecords
from delib_extract.tables.reader.read import (
    ColumnSpec,
    Table,
    TableRow,
    TableSpec,
    group_lines,
    read_tables,
)
from delib_extract.tables.reader.spec import FILLER_WORDS, amount_cell
from delib_extract.text.normalise import collapse, fold
from delib_extract.vocab import TotalScope

ATTRIBUTION_TABLE = TableSpec(
    name="attributions",
    columns=(
        # « N° » alone, not the first letters of « Nom du projet »
        ColumnSpec("code", r"^(?:code|n\s*[°o](?![a-z])|num(?:ero)?\b|id\b)"),
        ColumnSpec(
            "beneficiary",
            r"structure|beneficiaire|organisme|association|tiers|porteur|attributaire|raison",
        ),
        ColumnSpec("nature", r"^(?:nature|type)\b"),
        ColumnSpec("theme", r"^(?:thematique|domaine|secteur)\b"),
        ColumnSpec("description", r"projet|objet|description|intitule|action|manifestation"),
        ColumnSpec("amount", r"montant|subvention|somme|\baide\b|attribu"),
    ),
    anchor="amount",
    anchor_test=amount_cell,
    min_labels=3,
    required=frozenset({"amount", "beneficiary"}),
    vocabulary=FILLER_WORDS
    | {"attribue", "attribuee", "propose", "proposee", "vote", "votee", "accorde", "accordee"},
)
# « 1) Attributions de subventions dans le cadre de … : », « 2. Sport », « A - Culture »
_CAPTION_RE = re.compile(r"^\s*(?:(\d{1,2})\s*[).°-]|[A-Z]\s*[).-])\s*(\S.{2,})$")
# How far above a table's header its caption may stand (points): a line or two of space.
_CAPTION_REACH = 60.0


@dataclass
class _Theme:
    number: int | None
    name: str | None
    rows: list[TableRow] = field(default_factory=list)


def attribution_pages(context: TableContext) -> list[int]:
    """The pages that print an attribution table's header (a beneficiary and an amount
    column named on one short line), and the pages after each that go on with its rows
    without repeating the header (lines ending with an amount)."""
    sections = context.sections
    taken = set(sections.report) | {n for pages in sections.annexes.values() for n in pages}
    own = sections.deliberation or sorted(context.page_texts)  # the decision's pages
    found: list[int] = []
    for n in own:
        text = context.page_texts.get(n)
        if text is None or n in taken:
            continue
        lines = text.split("\n")
        continues = bool(found) and found[-1] == n - 1 and _amount_lines(lines) >= 3
        if continues or any(_is_header_line(fold(line)) for line in lines):
            found.append(n)
    return found


_BENEFICIARY_WORD = re.compile(
    r"\b(?:structures?|beneficiaires?|associations?|organismes?|tiers)\b"
)
_AMOUNT_WORD = re.compile(r"\b(?:montants?|subventions?)\b")
# A line that ends with an amount as a table prints it: « 2 000 € », « 1 500,00 ».
_ENDS_WITH_AMOUNT = re.compile(r"\d(?:,\d{2})?\s*(?:€|eur(?:os)?)\s*$|\d,\d{2}\s*$", re.I)
_HEADER_MAX_WORDS = 15  # a header names its columns; a sentence that says both is prose


def _is_header_line(folded: str) -> bool:
    return (
        len(folded.split()) <= _HEADER_MAX_WORDS
        and _BENEFICIARY_WORD.search(folded) is not None
        and _AMOUNT_WORD.search(folded) is not None
    )


def _amount_lines(lines: list[str]) -> int:
    return sum(1 for line in lines if _ENDS_WITH_AMOUNT.search(line.strip()))


def read_attributions(layouts: Sequence[PageLayout], context: TableContext) -> TableRecords:
    themes = _themes(layouts)
    grants: list[Grant] = []
    totals: list[GrantTotal] = []
    index = 0
    for theme in themes:
        for row in theme.rows:
            index += 1
            if row.is_total:
                totals.append(_total(row, theme, index))
            elif row.get("beneficiary") or row.get("amount"):
                grants.append(_grant(row, theme, index))
    return TableRecords({"grants": grants, "grant_totals": totals})


def _themes(layouts: Sequence[PageLayout]) -> list[_Theme]:
    """The tables in reading order, grouped by the caption printed above each header (a
    table continued on the next page keeps its theme)."""
    themes: list[_Theme] = []
    inherited = None
    previous: PageLayout | None = None
    for layout in layouts:
        tables = read_tables(layout, ATTRIBUTION_TABLE, inherited)
        for table in tables:
            inherited = table.columns
            number, name = _caption_above(layout, table, previous)
            # A header, or a caption over rows that continue a table, opens a theme.
            if table.has_header or name is not None or not themes:
                themes.append(_Theme(number, name))
            themes[-1].rows += _filled_down(table.rows)
        if not tables:
            inherited = None  # a page without the table: what follows does not continue it
        previous = layout
    return [t for t in themes if t.rows]


def _filled_down(rows: list[TableRow]) -> list[TableRow]:
    """Lines under one structure printed once in a cell merged down the rows (no code,
    no structure of their own) are that structure's: the one above them, or — for the
    first lines of a table, the merged cell's text being centred — the one below."""
    named = [i for i, r in enumerate(rows) if _names(r)]
    out: list[TableRow] = []
    for index, row in enumerate(rows):
        if row.is_total or _names(row):
            out.append(row)
            continue
        source = next((i for i in reversed(named) if i < index), None)
        if source is None or any(r.is_total for r in rows[source:index]):
            source = next((i for i in named if i > index), None)
            if source is None or any(r.is_total for r in rows[index:source]):
                out.append(row)
                continue
        donor = rows[source]
        cells = {**row.cells, "beneficiary": donor.get("beneficiary"), "code": donor.get("code")}
        out.append(TableRow(cells, row.top, row.bottom, row.page, False, row.confidence))
    return out


def _names(row: TableRow) -> bool:
    return bool(row.get("beneficiary") or row.get("code"))


def _caption_above(
    layout: PageLayout, table: Table, previous: PageLayout | None
) -> tuple[int | None, str | None]:
    """The caption printed above a table's header: on its page, or at the foot of the
    page before when the header opens the page."""
    top = table.top if table.has_header else min((r.top for r in table.rows), default=table.top)
    above = [w for w in layout.words if top - _CAPTION_REACH < w.bottom <= top + 0.5]
    lines = group_lines(above)
    if (
        table.has_header
        and previous is not None
        and not any(w.bottom <= top + 0.5 for w in layout.words)
    ):
        lines = group_lines(previous.words)[-3:]  # the header is the first thing on its page
    for line in reversed(lines):
        match = _CAPTION_RE.match(line.text)
        if match:
            number = int(match.group(1)) if match.group(1) else None
            return number, collapse(match.group(2)).rstrip(" :") or None
    return None, None


def _grant(row: TableRow, theme: _Theme, index: int) -> Grant:
    amount_text = collapse(row.get("amount")) or None
    return Grant(
        theme=collapse(row.get("theme")) or theme.name,
        theme_number=theme.number,
        operation=collapse(row.get("nature")) or None,
        territory=None,
        beneficiary=collapse(row.get("beneficiary")) or None,
        description=collapse(row.get("description")) or None,
        amount=row.amount("amount"),
        amount_text=amount_text,
        agreement=None,
        page=row.page,
        row_index=index,
        ocr_confidence=row.confidence,
    )


def _total(row: TableRow, theme: _Theme, index: int) -> GrantTotal:
    return GrantTotal(
        scope=TotalScope.THEME,
        theme=theme.name,
        theme_number=theme.number,
        operation=None,
        amount=row.amount("amount"),
        amount_text=collapse(row.get("amount")) or None,
        page=row.page,
        row_index=index,
    )


KIND = TableKind("attributions", attribution_pages, read_attributions)
