import datetime as dt

import pytest

from delib_extract.text.dates import (
    date_parts,
    iso_date,
    parse_date,
    parse_long_date,
    parse_numeric_date,
    utc_iso,
)


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


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("1er juillet", (None, 7, 1)),  # the year left to the caller (a period's start)
        ("31 DÉCEMBRE 2023", (2023, 12, 31)),
        ("01/10/23", (2023, 10, 1)),
        ("le 02.03.2024, puis le 4 mai 2024", (2024, 3, 2)),
        ("aucune date", None),
    ],
)
def test_date_parts(text: str, parts: tuple | None) -> None:
    assert date_parts(text) == parts


def test_iso_date_refuses_a_day_that_does_not_exist() -> None:
    assert iso_date(2024, 2, 29) == "2024-02-29"
    assert iso_date(2023, 2, 29) is None


def test_utc_instants_to_the_second() -> None:
    assert utc_iso(0) == "1970-01-01T00:00:00+00:00"
    assert utc_iso(1_700_000_000.75) == "2023-11-14T22:13:20+00:00"
    now = dt.datetime.fromisoformat(utc_iso())
    assert now.tzinfo == dt.timezone.utc and now.microsecond == 0
    assert abs((dt.datetime.now(dt.timezone.utc) - now).total_seconds()) < 5
