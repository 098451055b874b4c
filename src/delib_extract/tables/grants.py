"""The répartition financière annex (Annexe 4 in the model): one grant per line.

Tables run over several pages; each theme's table closes each operation with a
TOTAL row and the theme with a second one. The merged OPERATION column (often
rotated) names the operation of the rows between two operation TOTALs. Themes
are not always printed in the table: they are the themes of the articles that
cite this annex, in order (or a ``THEMATIQUE n`` caption when there is one).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from delib_extract.ocr.repair import amounts_from_total
from delib_extract.pdf.layout import PageLayout, Word
from delib_extract.records import ArticleRecord, Grant, GrantTotal
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
from delib_extract.text.normalise import collapse, fold, join_wrapped
from delib_extract.vocab import TotalScope

GRANT_TABLE = TableSpec(
    name="grants",
    columns=(
        ColumnSpec("operation", r"^(?:operations?|dispositifs?|actions?)\b"),
        ColumnSpec("territory", r"territoire|secteur|canton|\bzone"),
        ColumnSpec("beneficiary", r"structure|beneficiaire|organisme|porteur|attributaire"),
        ColumnSpec("description", r"description|objet|intitule|complement|\baction\b"),
        ColumnSpec("requested", r"montant\s+(?:demande|sollicite)|\bcout\b|budget\s+previ"),
        ColumnSpec("amount", r"montant|subvention|\baide\b|attribu"),
        ColumnSpec("agreement", r"avenant|convention"),
    ),
    anchor="amount",
    anchor_test=amount_cell,
    min_labels=3,
    required=frozenset({"amount"}),
    group_key="operation",
    infer_unlabeled=(
        ("operation", "beneficiary", "territory"),
        ("beneficiary", "amount", "description"),
    ),
    vocabulary=FILLER_WORDS
    | {
        "retenu",
        "retenus",
        "retenue",
        "accorde",
        "accordee",
        "attribue",
        "propose",
        "proposee",
        "information",
        "d'information",
        "complement",
        "s",
        "(s)",
        "operation",
        "territoire",
        "territoires",
        "structure",
        "montant",
        "avenant",
        "convention",
    },
)
_CAPTION_RE = re.compile(r"th[ée]matique\s+(\d+)\s*[:\-–]?\s*(.*)", re.IGNORECASE)


@dataclass
class _Group:
    """Rows of one operation, possibly over several pages, with their label words."""

    rows: list[TableRow] = field(default_factory=list)
    labels: list[Word] = field(default_factory=list)
    total: TableRow | None = None


@dataclass
class _Theme:
    caption_number: int | None = None
    groups: list[_Group] = field(default_factory=lambda: [_Group()])
    total: TableRow | None = None


@dataclass(frozen=True)
class GrantsResult:
    grants: list[Grant]
    totals: list[GrantTotal]
    tables_found: int


def parse_grants(
    layouts: Sequence[PageLayout], articles: Sequence[ArticleRecord], annex: int | None
) -> GrantsResult:
    """All grant lines and TOTAL rows of the annex pages, in order."""
    tables = _read_all(layouts)
    themes = _themes(tables, layouts)
    names = _theme_names(articles, annex)
    grants: list[Grant] = []
    totals: list[GrantTotal] = []
    counter = 0
    for index, theme in enumerate(themes):
        number, name = _theme_identity(theme, index, names)
        for group in theme.groups:
            operation = _operation_label(group.labels)
            rows = _merge_continuations(group.rows)
            amounts = amounts_from_total(rows, group.total)
            for row, amount in zip(rows, amounts):
                counter += 1
                # amount: as read, or as the TOTAL row settles an OCR misreading
                grants.append(_grant(row, name, number, operation, counter, amount))
            if group.total is not None:
                counter += 1
                totals.append(
                    _total(group.total, TotalScope.OPERATION, name, number, operation, counter)
                )
        if theme.total is not None:
            counter += 1
            totals.append(_total(theme.total, TotalScope.THEME, name, number, None, counter))
    return GrantsResult(grants, totals, len(tables))


def _read_all(layouts: Sequence[PageLayout]) -> list[tuple[Table, int | None]]:
    """Tables of every page, each with the theme caption printed above it (if any)."""
    out: list[tuple[Table, int | None]] = []
    inherited = None
    for layout in layouts:
        for table in read_tables(layout, GRANT_TABLE, inherited):
            out.append((table, _caption_above(layout, table)))
            inherited = table.columns
    return out


def _caption_above(layout: PageLayout, table: Table) -> int | None:
    if not table.has_header:
        return None
    above = [w for w in layout.words if table.top - 40 < w.bottom <= table.top + 0.5]
    for line in reversed(group_lines(above)):
        match = _CAPTION_RE.search(line.text)
        if match:
            return int(match.group(1))
    return None


def _themes(tables: list[tuple[Table, int | None]], layouts: Sequence[PageLayout]) -> list[_Theme]:
    themes: list[_Theme] = []
    closed = True  # the last theme's TOTAL has been read
    previous_total = False  # the last row read was a TOTAL
    last_page = None
    for table, caption in tables:
        # A new header starts a theme after a theme TOTAL, under a caption, or when a
        # table ended on a TOTAL and another begins on the same page.
        fresh = table.has_header and (
            closed or caption is not None or (previous_total and table.page == last_page)
        )
        if fresh or not themes:
            themes.append(_Theme(caption_number=caption))
            closed = previous_total = False
        theme = themes[-1]
        for row in table.rows:
            if row.is_total:
                if previous_total:  # the second TOTAL in a row closes the theme
                    theme.total, closed, previous_total = row, True, False
                else:
                    theme.groups[-1].total = row
                    theme.groups.append(_Group())
                    previous_total = True
                continue
            if closed:  # rows after a theme TOTAL with no new header: a new theme
                themes.append(_Theme())
                theme, closed = themes[-1], False
            previous_total = False
            theme.groups[-1].rows.append(row)
        _attach_labels(theme, table)
        last_page = table.page
    for theme in themes:
        theme.groups = [g for g in theme.groups if g.rows or g.total is not None]
    return [t for t in themes if t.groups or t.total is not None]


def _has_grants(theme: _Theme) -> bool:
    return any(g.rows for g in theme.groups)


def _attach_labels(theme: _Theme, table: Table) -> None:
    """Give each label word of the merged column to the group whose rows it faces."""
    spans = []
    for group in theme.groups:
        rows = [r for r in group.rows if r.page == table.page]
        if rows:
            spans.append((min(r.top for r in rows), max(r.bottom for r in rows), group))
    for word in table.group_words:
        if fold(word.text) in {"operation", "operations"}:
            continue
        inside = [s for s in spans if s[0] - 2 <= word.yc <= s[1] + 2]
        if inside:
            inside[0][2].labels.append(word)
        elif spans:
            nearest = min(spans, key=lambda s: min(abs(s[0] - word.yc), abs(s[1] - word.yc)))
            nearest[2].labels.append(word)


def _operation_label(words: list[Word]) -> str | None:
    if not words:
        return None
    vertical = [w for w in words if w.angle]
    upright = [w for w in words if not w.angle]
    parts: list[str] = []
    if vertical:
        up = [w for w in vertical if w.angle == 90]
        down = [w for w in vertical if w.angle == 270]
        # Bottom-to-top text reads its lines left to right; top-to-bottom text, right to left.
        parts += _join_lines(sorted(up, key=lambda w: (round(w.x0), -w.bottom)))
        parts += _join_lines(sorted(down, key=lambda w: (-round(w.x0), w.top)))
    if upright:
        parts += [line.text for line in group_lines(upright)]
    return _dedupe_label(collapse(join_wrapped(parts))) or None


def _join_lines(words: list[Word]) -> list[str]:
    return [w.text for w in words]


def _dedupe_label(label: str) -> str:
    # A label repeated on both pages of a split table reads twice.
    half = len(label) // 2
    if len(label) % 2 == 1 and label[:half] == label[half + 1 :]:
        return label[:half]
    return label


def _merge_continuations(rows: list[TableRow]) -> list[TableRow]:
    """A row with neither amount nor beneficiary continues the previous one (a row
    that a page break cut in two)."""
    out: list[TableRow] = []
    for row in rows:
        has_amount = row.amount("amount") is not None
        if (out and not has_amount and not row.get("beneficiary")) or (
            out and not has_amount and row.page != out[-1].page and _is_first_on_page(row, rows)
        ):
            previous = out[-1]
            cells = dict(previous.cells)
            for key, value in row.cells.items():
                cells[key] = collapse(f"{cells.get(key, '')} {value}")
            out[-1] = TableRow(
                cells,
                previous.top,
                previous.bottom,
                previous.page,
                previous.is_total,
                previous.confidence,
            )
            continue
        out.append(row)
    return out


def _is_first_on_page(row: TableRow, rows: list[TableRow]) -> bool:
    same_page = [r for r in rows if r.page == row.page]
    return bool(same_page) and same_page[0] is row


def _theme_names(articles: Sequence[ArticleRecord], annex: int | None) -> list[tuple[int, str]]:
    cited = [a for a in articles if a.theme and (annex is None or a.distribution_annex == annex)]
    if not cited:
        cited = [a for a in articles if a.theme]
    return [(a.theme_number, a.theme) for a in cited if a.theme_number is not None and a.theme]


def _theme_identity(
    theme: _Theme, index: int, names: list[tuple[int, str]]
) -> tuple[int | None, str | None]:
    if theme.caption_number is not None:
        for number, name in names:
            if number == theme.caption_number:
                return number, name
        return theme.caption_number, None
    if index < len(names):
        return names[index]
    return None, None


def _grant(
    row: TableRow,
    theme: str | None,
    number: int | None,
    operation: str | None,
    index: int,
    amount: Decimal | None,
) -> Grant:
    amount_text = row.get("amount") or None
    return Grant(
        theme=theme,
        theme_number=number,
        operation=operation,
        territory=row.get("territory") or None,
        beneficiary=row.get("beneficiary") or None,
        description=row.get("description") or None,
        amount=amount,
        amount_text=amount_text,
        agreement=row.get("agreement") or None,
        page=row.page,
        row_index=index,
        ocr_confidence=row.confidence,
    )


def _total(
    row: TableRow,
    scope: TotalScope,
    theme: str | None,
    number: int | None,
    operation: str | None,
    index: int,
) -> GrantTotal:
    amount_text = row.get("amount") or None
    return GrantTotal(
        scope, theme, number, operation, row.amount("amount"), amount_text, row.page, index
    )


def distribution_annex(articles: Sequence[ArticleRecord]) -> int | None:
    """The annex the articles cite for the financial distribution (« annexe 4 »)."""
    cited = Counter(a.distribution_annex for a in articles if a.distribution_annex)
    return cited.most_common(1)[0][0] if cited else None


def grant_pages(context: TableContext) -> list[int]:
    """The annex the articles cite; without one, any page outside the decision and the
    report that prints the grants header (an amount and a beneficiary)."""
    sections, texts = context.sections, context.page_texts
    annex = distribution_annex(context.articles)
    if annex is not None and annex in sections.annexes:
        return sections.annexes[annex]
    return [
        n
        for n in sorted(texts)
        if n not in sections.deliberation
        and n not in sections.report
        and re.search(r"montant", fold(texts[n]))
        and re.search(r"structure|beneficiaire|organisme", fold(texts[n]))
    ]


def read_grants(layouts: Sequence[PageLayout], context: TableContext) -> TableRecords:
    found = parse_grants(layouts, context.articles, distribution_annex(context.articles))
    return TableRecords({"grants": found.grants, "grant_totals": found.totals})


KIND = TableKind("grants", grant_pages, read_grants)
