import pytest

from delib_extract.text.dates import parse_date, parse_long_date, parse_numeric_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("REUNION DU 20 NOVEMBRE 2023", "2023-11-20"),
        ("du 1er juillet 2023 au 31 décembre 2023", "2023-07-01"),
        ("le 1 er août 2024", "2024-08-01"),
        ("ARRAS, le 22 janvier 2024", "2024-01-22"),
        ("Decembre", None),
    ],
)
def test_long_dates(text: str, iso: str | None) -> None:
    assert parse_long_date(text) == iso


def test_numeric_dates() -> None:
    assert parse_numeric_date("en date du 01/07/2021") == "2021-07-01"
    assert parse_numeric_date("opération du 01/10/23 au 30/06/24") == "2023-10-01"
    assert parse_numeric_date("31/02/2023") is None


def test_whichever_comes_first() -> None:
    assert parse_date("Commission Permanente du 12/06/2023 « Phase 2 »") == "2023-06-12"
