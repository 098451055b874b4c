"""The table reader on page geometry built in Python (tests/support/pagebuild.py): no PDF.

A table kind of its own (structure, commune, montant) checks that the reader is generic:
columns from drawn rules or from the gutters of the body, rows from rules or from the
amounts, a cell wrapped over two lines, a name cut after its hyphen, a TOTAL row, the end
of the table at the next paragraph, a table continued on the next page, and the labels of
a merged column printed vertically.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from support.pagebuild import SIZE, grid, page, row, words

from delib_extract.pdf.layout import Word
from delib_extract.tables.reader.read import ColumnSpec, TableSpec, read_tables
from delib_extract.text.amounts import parse_amount

SPEC = TableSpec(
    name="aides",
    columns=(
        ColumnSpec("name", r"structure"),
        ColumnSpec("town", r"commune"),
        ColumnSpec("amount", r"montant"),
    ),
    anchor="amount",
    anchor_test=lambda text: parse_amount(text) is not None,
    required=frozenset({"amount"}),
)
NAME, TOWN, AMOUNT = 50.0, 250.0, 400.0  # x of each column's text
HEADER = row(100, [(NAME, "Nom de la structure"), (TOWN, "Commune"), (AMOUNT, "Montant")])
BODY = [
    *row(120, [(NAME, "Association Les Petits Pas"), (TOWN, "Arras"), (AMOUNT, "1 500,00 €")]),
    *row(134, [(NAME, "Centre social"), (TOWN, "LENS-"), (AMOUNT, "22 991,90 €")]),
    *words("LIEVIN", TOWN, 134 + SIZE + 2),
    *row(158, [(NAME, "Mission locale de"), (TOWN, "Béthune"), (AMOUNT, "800,00 €")]),
    *words("l'Artois", NAME, 158 + SIZE + 2),
    *row(184, [(NAME, "TOTAL"), (AMOUNT, "25 291,90 €")]),
]
PROSE = words(
    "Article 3 : la dépense correspondante sera imputée sur le budget départemental.", NAME, 200
)
EXPECTED = [
    {"name": "Association Les Petits Pas", "town": "Arras", "amount": "1 500,00 €"},
    {"name": "Centre social", "town": "LENS-LIEVIN", "amount": "22 991,90 €"},
    {"name": "Mission locale de l'Artois", "town": "Béthune", "amount": "800,00 €"},
    {"name": "TOTAL", "amount": "25 291,90 €"},
]
RULES = grid([45, 240, 390, 480], [96, 112, 130, 154, 180, 196])


def _cells(table) -> list[dict[str, str]]:
    return [r.cells for r in table.rows]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_rows_and_cells_with_or_without_rules(ruled: bool) -> None:
    layout = page([*HEADER, *BODY, *PROSE], RULES if ruled else [])
    (table,) = read_tables(layout, SPEC)
    assert _cells(table) == EXPECTED
    assert [r.is_total for r in table.rows] == [False, False, False, True]
    assert [r.amount("amount") for r in table.rows] == [
        Decimal("1500.00"), Decimal("22991.90"), Decimal("800.00"), Decimal("25291.90"),
    ]  # fmt: skip
    assert table.bottom < PROSE[0].top  # the paragraph after the table is not a row
    assert all(r.page == 1 and r.confidence is None for r in table.rows)


def test_columns_between_the_rules_when_drawn() -> None:
    (table,) = read_tables(page([*HEADER, *BODY], RULES), SPEC)
    assert [(c.key, c.x0, c.x1) for c in table.columns] == [
        ("name", 45, 240), ("town", 240, 390), ("amount", 390, 480),
    ]  # fmt: skip


def test_columns_in_the_gutters_when_not() -> None:
    (table,) = read_tables(page([*HEADER, *BODY]), SPEC)
    assert [c.key for c in table.columns] == ["name", "town", "amount"]
    by_key = {c.key: c for c in table.columns}
    widest_name = max(w.x1 for w in BODY + HEADER if w.x0 < TOWN)
    assert widest_name < by_key["name"].x1 == by_key["town"].x0 < TOWN
    assert max(w.x1 for w in BODY if TOWN <= w.x0 < AMOUNT) < by_key["amount"].x0 < AMOUNT


def test_no_header_no_table() -> None:
    assert read_tables(page([*BODY, *PROSE]), SPEC) == []


def test_a_table_continued_on_the_next_page() -> None:
    first_row = row(120, [(NAME, "Foyer rural"), (TOWN, "Hesdin"), (AMOUNT, "1 500,00 €")])
    (first,) = read_tables(page([*HEADER, *first_row]), SPEC)
    assert _cells(first) == [{"name": "Foyer rural", "town": "Hesdin", "amount": "1 500,00 €"}]
    next_page = page(
        [
            *row(60, [(NAME, "Centre social"), (TOWN, "Lens"), (AMOUNT, "120,00 €")]),
            *row(74, [(NAME, "TOTAL"), (AMOUNT, "1 620,00 €")]),
            *words(
                "Article 4 : la présente délibération peut faire l'objet d'un recours.", 50, 110
            ),
        ],
        number=2,
    )
    (continued,) = read_tables(next_page, SPEC, inherited=first.columns)
    assert not continued.has_header and continued.page == 2
    assert _cells(continued) == [
        {"name": "Centre social", "town": "Lens", "amount": "120,00 €"},
        {"name": "TOTAL", "amount": "1 620,00 €"},
    ]
    assert read_tables(next_page, SPEC) == []  # without the previous page's columns: nothing


def test_a_merged_column_printed_vertically_is_handed_back_as_group_labels() -> None:
    grouped = TableSpec(
        name="aides par opération",
        columns=(ColumnSpec("operation", r"^operation"), *SPEC.columns),
        anchor="amount",
        anchor_test=SPEC.anchor_test,
        required=frozenset({"amount"}),
        group_key="operation",
    )
    label = Word("INSERTION", 12, 118, 20, 190, angle=90)  # read bottom to top
    layout = page([*words("Opération", 5, 100), *HEADER, *BODY], vtexts=[label])
    (table,) = read_tables(layout, grouped)
    assert [c.key for c in table.columns] == ["operation", "name", "town", "amount"]
    assert table.group_words == [label]
    assert _cells(table) == EXPECTED  # the label is no row's cell


def test_two_tables_on_one_page() -> None:
    second = [
        *row(260, [(NAME, "Structure"), (TOWN, "Commune"), (AMOUNT, "Montant")]),
        *row(280, [(NAME, "Foyer rural"), (TOWN, "Hesdin"), (AMOUNT, "300,00 €")]),
    ]
    tables = read_tables(page([*HEADER, *BODY, *PROSE, *second]), SPEC)
    assert [_cells(t) for t in tables] == [
        EXPECTED,
        [{"name": "Foyer rural", "town": "Hesdin", "amount": "300,00 €"}],
    ]
