"""Beneficiaries and territories as entities: one key whatever the printing."""

from __future__ import annotations

import pytest
import sqlite_utils

from delib_extract.db.entities import (
    beneficiary_key,
    best_printing,
    matches_words,
    refresh_entities,
    split_territories,
)
from delib_extract.db.schema import migrate


@pytest.mark.parametrize(
    "printed",
    [
        "MISSION LOCALE DE L'ARTOIS",
        "Mission locale de l’Artois",
        "Mission  Locale de l'Artois ",
        "MISSION LOCALE DE L ARTOIS",
        "mission locale de l'artois",
    ],
)
def test_one_structure_one_key(printed: str) -> None:
    assert beneficiary_key(printed) == "missionlocaledelartois"


def test_different_structures_keep_different_keys() -> None:
    assert beneficiary_key("MISSION LOCALE DE L'ARTOIS") != beneficiary_key("ADEFI MISSION LOCALE")
    assert beneficiary_key("") is None and beneficiary_key(None) is None


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Lens Liévin", ["Lens-Liévin"]),
        ("LENS - LIEVIN", ["Lens-Liévin"]),
        ("Lens-Liévin", ["Lens-Liévin"]),
        ("Hénin Carvin", ["Hénin-Carvin"]),
        ("ARRAGEOIS, ARTOIS, LENS-LIEVIN", ["Arrageois", "Artois", "Lens-Liévin"]),
        ("BOULONNAIS MONTREUILLOIS AUDOMAROIS", ["Boulonnais", "Montreuillois", "Audomarois"]),
        ("TERNOIS LENS - LIEVIN MONTREUILLOIS", ["Ternois", "Lens-Liévin", "Montreuillois"]),
        ("DEPARTEMENT", ["Département"]),
        ("Artois, ARTOIS", ["Artois"]),
        ("Artois Pays de Bray", ["Artois", "Pays De Bray"]),  # unknown words kept together
        ("", []),
        (None, []),
    ],
)
def test_territories_are_split_and_named_once(cell: str | None, names: list[str]) -> None:
    assert [name for _, name in split_territories(cell)] == names


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("MISSION LOCALE DE L'ARTOIS", "mission locale de l'artois", True),
        ("MISSION LOCALE DE L'ARTOIS", "Mission locale Artois", True),
        ("Mission locale de l’Artois", "MISSION LOCALE DE L'ARTOIS", True),
        ("ADIL 62", "adil62", True),
        ("ADEFI MISSION LOCALE", "mission locale artois", False),
        ("Lens-Liévin", "lievin", True),
        ("Mireille HINGREZ-CÉRÉDA", "hingrez cereda", True),
        ("anything", "", True),
        (None, "x", False),
    ],
)
def test_matches_words(text: str | None, query: str, expected: bool) -> None:
    assert matches_words(text, query) is expected


def test_best_printing_prefers_accents_and_mixed_case() -> None:
    printings = ["MISSION LOCALE DE L'ARTOIS"] * 3 + ["Mission locale de l’Artois"]
    assert best_printing(printings) == "Mission locale de l’Artois"
    assert best_printing(["CCAS DE LENS", "CCAS DE LENS", "Ccas de Lens"]) == "Ccas de Lens"
    assert best_printing([]) == ""


def _grant(delib: str, row: int, beneficiary: str, territory: str, amount: float) -> dict:
    return {"deliberation_id": delib, "row_index": row, "beneficiary": beneficiary,
            "territory": territory, "amount": amount}  # fmt: skip


@pytest.fixture
def db() -> sqlite_utils.Database:
    database = sqlite_utils.Database(memory=True)
    migrate(database)
    for delib in ("2023-1", "2023-2"):
        database["deliberations"].insert({"id": delib, "year": 2023})
    return database


def test_refresh_links_grants_to_one_beneficiary_and_territories(db) -> None:
    db["grants"].insert_all([
        _grant("2023-1", 1, "MISSION LOCALE DE L'ARTOIS", "ARTOIS, LENS - LIEVIN", 100.0),
        _grant("2023-1", 2, "SIAO 62", "Lens Liévin", 50.0),
    ])  # fmt: skip
    refresh_entities(db, "2023-1")
    db["grants"].insert(_grant("2023-2", 1, "Mission locale de l’Artois", "Artois", 20.0))
    refresh_entities(db, "2023-2")

    ids = {row["beneficiary_id"] for row in db.query("select * from grants")}
    assert ids == {"missionlocaledelartois", "siao62"}
    assert db["beneficiaries"].get("missionlocaledelartois")["name"] == (
        "Mission locale de l’Artois"
    )
    links = {
        (r["deliberation_id"], r["row_index"], r["territory_id"], r["shared_with"])
        for r in db.query("select * from grant_territories")
    }
    assert links == {
        ("2023-1", 1, "artois", 1), ("2023-1", 1, "lenslievin", 1),
        ("2023-1", 2, "lenslievin", 0), ("2023-2", 1, "artois", 0),
    }  # fmt: skip
    totals = {r["name"]: r["total_amount"] for r in db.query("select * from beneficiary_totals")}
    assert totals == {"Mission locale de l’Artois": 120.0, "SIAO 62": 50.0}
    # The printed cells stay as printed: they are the contract.
    assert db["grants"].get(("2023-1", 1))["territory"] == "ARTOIS, LENS - LIEVIN"


def test_refresh_after_a_deliberation_goes_drops_what_nothing_names(db) -> None:
    db["grants"].insert(_grant("2023-1", 1, "SIAO 62", "Calaisis", 10.0))
    refresh_entities(db, "2023-1")
    db.execute("delete from grants where deliberation_id = '2023-1'")
    refresh_entities(db, None)
    assert db["beneficiaries"].count == 0
    assert db["territories"].count == 0
    assert db["grant_territories"].count == 0


def test_grants_stay_searchable_after_the_migration(db) -> None:
    db["grants"].insert(_grant("2023-1", 1, "CCAS DE LIÉVIN", "Lens-Liévin", 10.0))
    found = list(db.query("select rowid from grants_fts where grants_fts match 'lievin'"))
    assert found, "the grants_fts triggers were lost"


def test_migrating_a_database_with_grants_builds_the_entities() -> None:
    from delib_extract.db.schema import ensure_tables

    database = sqlite_utils.Database(memory=True)
    ensure_tables(database)  # a database made before the publication's migration (3)
    database.execute("PRAGMA user_version = 2")
    database["deliberations"].insert({"id": "2023-1", "year": 2023})
    database["grants"].insert(_grant("2023-1", 1, "Udaf 62", "LENS - LIEVIN, Artois", 5.0))
    migrate(database)
    assert database["grants"].get(("2023-1", 1))["beneficiary_id"] == "udaf62"
    assert database["grant_territories"].count == 2
    found = database.execute("select count(*) from grants_fts where grants_fts match 'lievin'")
    assert found.fetchone()[0] == 1
