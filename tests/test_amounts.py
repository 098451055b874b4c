from decimal import Decimal

import pytest

from delib_extract.tables.reader.spec import TableRow
from delib_extract.text.amounts import find_amount, format_euros, parse_amount, read_ocr_amount


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("1 038 199,00 €", "1038199.00"),
        ("22 991,90 €", "22991.90"),
        ("22 991,90", "22991.90"),
        ("26 449", "26449"),
        ("1.038.199,00", "1038199.00"),
        ("13 846 €", "13846"),
        ("€ 1 000", "1000"),
        ("22\u00a0991,90\u00a0€", "22991.90"),  # no-break spaces
        ("22\u202f991,90 €", "22991.90"),  # narrow no-break space
        ("148 174.95 €", "148174.95"),  # the report's decimal point
        ("7 298 182,00", "7298182.00"),
        ("40 000 euros", "40000"),
    ],
)
def test_parse_amount_reads_every_printed_form(printed: str, value: str) -> None:
    assert parse_amount(printed) == Decimal(value)


@pytest.mark.parametrize("text", ["", "TOTAL", "2023-499", "01/10/23", "Convention type", None])
def test_parse_amount_refuses_what_is_not_an_amount(text: str | None) -> None:
    assert parse_amount(text) is None


def test_cents_are_exact_not_floats() -> None:
    lines = [parse_amount("60 000 €"), parse_amount("13 846 €")]
    assert sum(lines) == Decimal("73846")
    assert sum(lines) != parse_amount("73 846,05 €")


def test_find_amount_in_a_sentence() -> None:
    text = "pour un montant total de 148 174,95 €, ainsi que la répartition financière"
    assert find_amount(text) == Decimal("148174.95")
    assert find_amount("la recette de 40 000 euros correspondant") == Decimal("40000")


def test_format_euros_is_french() -> None:
    assert format_euros(Decimal("73846.05")) == "73 846,05 €"
    assert format_euros(Decimal("-20")) == "-20,00 €"


@pytest.mark.parametrize(
    ("read", "value"),
    [
        ("7516.00", "7516.00"),  # the decimal comma read as a dot, no thousands space
        ("74549.00 €", "74549.00"),
        ("31 245. 96 €", "31245.96"),  # a space read after the separator
        ("|12 048,00 €", "12048.00"),  # a rule's remnant at the edge
        ("12.048.00", "12048.00"),
        ("22 991,90 €", "22991.90"),  # what parse_amount reads, it reads the same
    ],
)
def test_ocr_reads_of_separators(read: str, value: str) -> None:
    assert read_ocr_amount(read) == Decimal(value)


@pytest.mark.parametrize("read", ["245.", "a7", "01/07/24", "TOTAL", "", None])
def test_ocr_garbage_is_no_amount(read: str | None) -> None:
    assert read_ocr_amount(read) is None


def test_a_lost_separator_is_not_guessed() -> None:
    # « 43 581,41 » read « 4358141 »: an integer, for the TOTAL row to settle.
    assert read_ocr_amount("4358141€") == Decimal("4358141")


def test_only_ocr_rows_are_read_leniently() -> None:
    printed = TableRow({"amount": "7516.00"}, 0, 10, 1)
    scanned = TableRow({"amount": "7516.00"}, 0, 10, 1, confidence=80.0)
    assert printed.amount("amount") is None
    assert scanned.amount("amount") == Decimal("7516.00")
