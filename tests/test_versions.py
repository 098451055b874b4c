"""Two versions of one deliberation: the newest wins, whatever the order of ingestion."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from support import pdfgen
from support.dbstate import db_state

from delib_extract import ingest
from delib_extract.ingest.batch import rebuild

OLD, NEW = 1_700_464_000, 1_701_424_000  # 2023-11-20, 2023-12-01


@pytest.fixture(scope="module")
def two_versions(pdf_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("versions")
    old = shutil.copyfile(pdf_dir / "seed_like.pdf", folder / "cp-2023-499.pdf")
    spec = pdfgen.sample_spec(
        objet="APPEL À PROJET DES POLITIQUES D'INCLUSION DURABLE 2023 - PHASE 6 RECTIFIÉE"
    )
    new = pdfgen.build_pdf(spec, folder / "cp-2023-499-rectifiee.pdf")
    os.utime(old, (OLD, OLD))
    os.utime(new, (NEW, NEW))
    return Path(old), Path(new)


def _ingest_in_order(files: list[Path], work: Path) -> Path:
    for path in files:
        report = ingest([path], work / "d.db", work / "raw", jobs=1)
        assert report.failed == 0
    return work / "d.db"


@pytest.mark.slow  # four ingests
def test_newest_version_wins_in_any_order(two_versions: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = two_versions
    forward = _ingest_in_order([old, new], tmp_path / "forward")
    backward = _ingest_in_order([new, old], tmp_path / "backward")
    state = db_state(forward, volatile={"ingested_at", "seconds", "retrieved_at", "path"})
    assert state == db_state(backward, volatile={"ingested_at", "seconds", "retrieved_at", "path"})
    with sqlite3.connect(backward) as db:
        title, holder = db.execute("select title, document_sha256 from deliberations").fetchone()
        versions = dict(db.execute("select original_name, superseded_by from documents"))
        attached = db.execute(
            "select distinct document_sha256 from checks where deliberation_id is not null"
        ).fetchall()
        pages = db.execute("select count(distinct document_sha256) from pages").fetchone()[0]
    assert title.endswith("RECTIFIÉE")
    assert versions == {"cp-2023-499.pdf": holder, "cp-2023-499-rectifiee.pdf": None}
    assert attached in ([], [(holder,)])  # only the current version's checks are attached
    assert pages == 2  # the old version's text stays searchable


@pytest.mark.slow  # three ingests
def test_forced_reingest_of_the_old_version_does_not_take_over(
    two_versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = two_versions
    db = _ingest_in_order([old, new], tmp_path)
    before = db_state(db)
    ingest([old], db, tmp_path / "raw", jobs=1, force=True)
    assert db_state(db) == before


@pytest.mark.slow  # ingests, then a rebuild
def test_rebuild_recreates_the_same_database(
    two_versions: tuple[Path, Path], pdf_dir: Path, tmp_path: Path
) -> None:
    old, new = two_versions
    db = _ingest_in_order([pdf_dir, old, new], tmp_path)
    (tmp_path / "d.db-wal").write_bytes(b"stale")  # a leftover must not survive the swap
    before = db_state(db)
    report = rebuild(db, tmp_path / "raw", jobs=2)
    assert (report.ok, report.failed) == (4, 0)  # seed_like.pdf is the old version
    assert db_state(db) == before
    assert not (tmp_path / "d.db.rebuild").exists()


def test_rebuild_without_archive_is_one_clear_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from delib_extract.cli import main

    result = CliRunner().invoke(
        main, ["rebuild", "--db", str(tmp_path / "d.db"), "--archive", str(tmp_path / "nope")]
    )
    assert result.exit_code == 2
    assert result.output.startswith("Error: archive introuvable")
    assert not (tmp_path / "d.db").exists()


def test_migration_adds_provenance_to_a_database_loaded_before(built_db: Path, tmp_path: Path):
    from delib_extract.db.load import open_db
    from delib_extract.db.schema import LATEST

    copy = tmp_path / "deliberations.db"
    with sqlite3.connect(built_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("DROP TABLE fetches")
        for column in ("retrieved_at", "etag", "last_modified", "version_at", "deliberation_id",
                       "superseded_by"):  # fmt: skip
            target.execute(f"DROP INDEX IF EXISTS idx_documents_{column}")
            target.execute(f"ALTER TABLE documents DROP COLUMN {column}")
        target.execute("DROP INDEX IF EXISTS idx_documents_source_url")
        target.execute("PRAGMA user_version = 4")  # before the provenance columns came
    db = open_db(copy)
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert {"version_at", "superseded_by"} <= set(db["documents"].columns_dict)
    assert db["fetches"].count == 0 and db["documents"].count == 3
    db.close()
