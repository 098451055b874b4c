"""Derived objects (views, label tables, summary tables and their triggers) are written
by the current code on every open, and the summaries always equal a full computation."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from delib_extract.db.derived import refresh_derived
from delib_extract.db.load import open_db
from delib_extract.db.programmes import programme_clusters
from delib_extract.db.summaries import SUMMARIES, refresh_summaries


def _summaries_match(db: sqlite_utils.Database) -> dict[str, bool]:
    """Each summary table against its SELECT over every row."""
    found = {}
    for summary in SUMMARIES:
        stored = sorted(map(repr, db.execute(f"select * from [{summary.table}]").fetchall()))
        full = sorted(map(repr, db.execute(summary.full_select()).fetchall()))
        found[summary.table] = stored == full and bool(full)
    return found


def _copy(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def test_summaries_equal_a_full_computation_after_ingest(site_db: Path) -> None:
    db = sqlite_utils.Database(sqlite3.connect(f"file:{site_db}?mode=ro", uri=True))
    assert _summaries_match(db) == {s.table: True for s in SUMMARIES}
    assert db.execute("select count(*) from summary_dirty").fetchone()[0] == 0


def test_summaries_follow_a_deletion_and_a_change(site_db: Path, tmp_path: Path) -> None:
    db = open_db(_copy(site_db, tmp_path / "d.db"))
    with db.atomic():  # as a re-ingest does: the children, then the deliberation
        for table in ("grants", "attendance", "votes", "citations"):
            db.execute(f"delete from [{table}] where deliberation_id = '2023-612'")
        db.execute("delete from deliberations where id = '2023-612'")
        db.execute("update grants set amount = amount + 1 where deliberation_id = '2023-499'")
        db.execute("update attendance set status = 'excused' where member_id like 'jean-claude%'")
    assert db.execute("select count(*) from summary_dirty").fetchone()[0] > 0
    refresh_summaries(db)
    assert all(_summaries_match(db).values()), _summaries_match(db)
    gone = "select 1 from grants_detailed where deliberation_id = '2023-612'"
    assert not db.execute(gone).fetchall()


def test_a_sitting_counts_once_per_member_present_wins(tmp_path: Path) -> None:
    """Present at one deliberation of a sitting and excused at another: one sitting,
    present (the aggregate view counted it as present and as excused)."""
    path = tmp_path / "d.db"
    db = open_db(path)
    db["members"].insert({"id": "jean-dupont", "full_name": "Jean DUPONT"})
    for number, status in (("2023-1", "present"), ("2023-2", "excused"), ("2023-3", "excused")):
        date = "2023-03-06" if number != "2023-3" else "2023-04-03"
        db["deliberations"].insert({"id": number, "date": date, "year": 2023,
                                    "meeting_id": f"CP-{date}"})  # fmt: skip
        db["attendance"].insert({"deliberation_id": number, "member_id": "jean-dupont",
                                 "status": status})  # fmt: skip
    db.close()
    db = open_db(path)  # the next open brings the summaries up to date
    record = db.execute(
        "select sittings_present, sittings_excused, deliberations_present, deliberations_excused "
        "from member_records where member_id = 'jean-dupont'"
    ).fetchone()
    assert record == (1, 1, 1, 2)
    statuses = dict(db.execute("select meeting_id, sitting_status from member_sittings").fetchall())
    assert statuses == {"CP-2023-03-06": "present", "CP-2023-04-03": "excused"}


def test_an_edited_view_reaches_an_existing_database(built_db: Path, tmp_path: Path) -> None:
    """A database written by older code: views as they were then, no record of them."""
    path = _copy(built_db, tmp_path / "old.db")
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "drop table derived_objects; drop view vote_results; drop table member_records;"
            "create view vote_results as select 1 as old;"
            "create view member_records as select 'old' as member_id;"
        )
    db = open_db(path)
    assert "votes_for" in db["vote_results"].columns_dict
    assert db["member_records"].exists()  # a view once, a summary table now
    assert db.execute("select count(*) from member_records").fetchone()[0] > 1
    changes = db.conn.total_changes
    assert refresh_derived(db) == []
    assert db.conn.total_changes == changes  # nothing to do, nothing written


def test_labels_are_rewritten_when_the_code_changes_them(built_db: Path, tmp_path: Path) -> None:
    path = _copy(built_db, tmp_path / "old.db")
    with sqlite3.connect(path) as conn:
        conn.execute("update check_kinds set label = 'ancien libellé'")
        conn.execute("update derived_objects set digest = 'ancienne' where name = 'check_kinds'")
    db = open_db(path)
    labels = {row[0] for row in db.execute("select label from check_kinds")}
    assert "ancien libellé" not in labels and "Lignes ≠ TOTAL de l'opération" in labels
    assert db.execute(
        "select label from code_labels where column_name = 'position' and code = 'against'"
    ).fetchone() == ("contre",)


@pytest.mark.slow  # a Python process for each module
@pytest.mark.parametrize(
    "module",
    ["delib_extract.db.schema", "delib_extract.export.views", "delib_extract.export",
     "delib_extract.db.derived", "delib_extract.export.run", "delib_extract.db.summaries"],
)  # fmt: skip
def test_no_import_cycle(module: str) -> None:
    """Each module imports first in a fresh interpreter (no import hidden in a function)."""
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()[-600:]


def test_programmes_whatever_the_printing() -> None:
    printings = {
        "APPEL À PROJET DES POLITIQUES D'INCLUSION DURABLE 2023": 3,
        "POLITIQUES D'INCLUSION DURABLE - APPEL À PROJETS 2023": 1,
        "Appels à projets des politiques d’inclusion durable 2023": 2,
        "APPEL À PROJETS 2023 DE LA DIRECTION DES POLITIQUES D'INCLUSION DURABLE": 1,
        "APPEL À PROJETS DES POLITIQUES D'INCLUSION DURABLE 2024": 1,
        "APPEL À PROJETS 2023": 1,  # too few words to stand for the others
        "Plan vélo 2023": 1,
    }
    clusters = programme_clusters(printings)
    keys = {printing: key for printing, (key, _) in clusters.items()}
    same = {keys[p] for p in list(printings)[:4]}
    assert len(same) == 1
    assert len(set(keys.values())) == 4
    assert clusters["APPEL À PROJETS 2023 DE LA DIRECTION DES POLITIQUES D'INCLUSION DURABLE"][
        1
    ] == ("Appels à projets des politiques d’inclusion durable 2023")
    # The key does not depend on the order in which printings come.
    reordered = programme_clusters(dict(reversed(list(printings.items()))))
    assert {p: k for p, (k, _) in reordered.items()} == keys


def test_an_upsert_of_a_row_already_noted_is_no_error(tmp_path: Path) -> None:
    """In a trigger, the conflict clause of the statement that fired it wins: the notes
    of dirty keys must not rely on their own."""
    db = open_db(tmp_path / "d.db")
    with db.atomic():
        for name in ("Jean DUPONT", "Jean DUPONT", "Jean DUPONT"):
            db["members"].upsert({"id": "jean-dupont", "full_name": name}, pk="id")
    assert db.execute("select kind, key from summary_dirty").fetchall() == [
        ("member", "jean-dupont")
    ]


def test_a_rebuilt_table_gets_its_indexes_back(built_db: Path, tmp_path: Path) -> None:
    path = _copy(built_db, tmp_path / "old.db")
    with sqlite3.connect(path) as conn:  # the summary computed otherwise by older code
        conn.execute("update derived_objects set digest = 'autre' where name = 'grants_detailed'")
    open_db(path).close()
    db = sqlite_utils.Database(path)
    from delib_extract.db.derived import derived_objects, stale_objects

    assert stale_objects(db, derived_objects()) == set()
    assert "idx_grants_detailed_year" in {i.name for i in db["grants_detailed"].indexes}
