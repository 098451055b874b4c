"""The site as installed: any database file from any directory, with the metadata
shipped in the package; live data (what ingest and rebuild write, without a restart);
never able to write."""

from __future__ import annotations

import asyncio
import csv
import filecmp
import io
import json
import re
import shutil
import sqlite3
import sys
import urllib.parse
from pathlib import Path

import pytest
from support import ROOT
from support.siteserver import get, running_site

from delib_extract import ingest, rebuild
from delib_extract.site.live import LiveDatabase, ReadOnlySite
from delib_extract.site.serve import PACKAGED_METADATA, SITE, build_site

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def _ids(base: str) -> set[str]:
    status, body, _ = get(f"{base}/deliberations/deliberations.json?_shape=array&_col=id")
    assert status == 200, body[:300]
    return {row["id"] for row in json.loads(body)}


def test_the_packaged_metadata_is_the_repository_one() -> None:
    assert filecmp.cmp(ROOT / "metadata.json", PACKAGED_METADATA, shallow=False), (
        "metadata.json (the editable source) and its packaged copy differ: "
        "cp metadata.json src/delib_extract/site/metadata.json"
    )


def test_every_file_the_site_needs_is_package_data() -> None:
    """What `serve` reads from the package is listed in pyproject's package-data."""
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["delib_extract"]
    package = SITE.parent
    needed = [p for p in SITE.rglob("*") if p.is_file() and p.suffix in (".json", ".html", ".py")]
    needed = [p for p in needed if p.parent != SITE or p.suffix != ".py"]  # modules: packaged
    missing = [str(p.relative_to(package)) for p in needed
               if not any(p.relative_to(package).match(g) for g in globs)]  # fmt: skip
    assert not missing, f"add to [tool.setuptools.package-data]: {missing}"


@pytest.mark.slow  # a real Datasette server
def test_any_database_name_from_any_directory(built_db: Path, tmp_path: Path) -> None:
    """`delib-extract serve --db other-name.db --archive pdfs`, run outside the repository."""
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    shutil.copy(built_db, elsewhere / "other-name.db")
    shutil.copytree(built_db.parent / "raw_pdfs", elsewhere / "pdfs")
    with running_site(Path("other-name.db"), Path("pdfs"), cwd=elsewhere) as base:
        _, html, _ = get(f"{base}/deliberations/grants")
        assert "<h1>Subventions</h1>" in html.decode()  # French title from the metadata
        _, html, _ = get(f"{base}/")
        assert 'action="/deliberations/total_beneficiaire"' in html.decode()  # home questions
        params = urllib.parse.urlencode({"beneficiaire": "siao 62", "annee": ""})
        status, body, _ = get(f"{base}/deliberations/total_beneficiaire.json?{params}")
        assert status == 200 and json.loads(body)["rows"], body[:300]  # canned queries
        _, html, _ = get(f"{base}/deliberations/grants")
        link = re.search(r'<a class="pdf-link" href="([^"#]+)', html.decode()).group(1)
        status, pdf, _ = get(base + link)
        assert status == 200 and pdf.startswith(b"%PDF")  # PDF links


@pytest.mark.slow  # a real Datasette server
def test_a_running_site_follows_ingest_and_rebuild(pdf_dir: Path, tmp_path: Path) -> None:
    db, archive = tmp_path / "cp.db", tmp_path / "raw"
    assert ingest([pdf_dir / "seed_like.pdf"], db, archive, jobs=1).failed == 0
    with running_site(db, archive) as base:
        assert _ids(base) == {"2023-499"}
        assert ingest([pdf_dir / "unanimous.pdf"], db, archive, jobs=1).failed == 0
        assert _ids(base) == {"2023-499", "2024-616"}  # no restart
        (archive / "seed_like.pdf").unlink()  # the rebuilt file will not have it
        rebuild(db, archive, jobs=1)
        assert _ids(base) == {"2024-616"}  # the new file, swapped in
        assert ingest([pdf_dir / "rejected.pdf"], db, archive, jobs=1).failed == 0
        assert _ids(base) == {"2024-616", "2022-506"}


@pytest.mark.slow  # a real Datasette server
def test_the_site_cannot_write(built_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    shutil.copy(built_db, path)
    datasette = build_site(path)
    database = datasette.get_database("deliberations")
    assert isinstance(database, LiveDatabase)
    with pytest.raises(ReadOnlySite):
        asyncio.run(database.execute_write("delete from grants"))

    def delete(conn: sqlite3.Connection) -> None:
        conn.execute("delete from grants")

    with pytest.raises(sqlite3.OperationalError, match=r"readonly|query_only"):
        asyncio.run(database.execute_fn(delete))
    assert sqlite3.connect(path).execute("select count(*) from grants").fetchone()[0] > 0


def _csv_rows(url: str) -> list[dict]:
    status, body, _ = get(url)
    assert status == 200, body[:300]
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


@pytest.mark.slow  # a real Datasette server
def test_csv_exports_are_never_cut(built_db: Path, tmp_path: Path) -> None:
    """A canned query's CSV stopped at 1 000 rows, a large export at 100 MB: every export
    of a table, a view or a canned query has every row."""
    from delib_extract.db.load import open_db

    path = tmp_path / "d.db"
    shutil.copy(built_db, path)
    db = open_db(path)
    with db.atomic():  # 1 500 more grant lines for SIAO 62, as if printed so
        db.execute(
            "with recursive n(value) as (select 1 union all select value + 1 from n "
            "where value < 1500) insert into grants (deliberation_id, row_index, theme, "
            "beneficiary, beneficiary_id, amount, page) select g.deliberation_id, 1000 + n.value, "
            "g.theme, g.beneficiary, g.beneficiary_id, n.value, g.page from n, (select * from "
            "grants where beneficiary = 'SIAO 62' limit 1) g"
        )
    db.close()
    open_db(path).close()  # summaries brought up to date
    with sqlite3.connect(path) as conn:
        siao = conn.execute("select count(*) from grants where beneficiary_id = 'siao62'")
        siao = siao.fetchone()[0]
        adopted = conn.execute("select count(*) from scdl_subventions").fetchone()[0]
        every = conn.execute("select count(*) from grants").fetchone()[0]
    assert siao > 1500
    with running_site(path, built_db.parent / "raw_pdfs") as base:
        assert json.loads(get(f"{base}/-/settings.json")[1])["max_csv_mb"] == 0
        query = urllib.parse.urlencode({"beneficiaire": "siao 62", "annee": "", "_stream": "on"})
        rows = _csv_rows(f"{base}/deliberations/subventions_beneficiaire.csv?{query}")
        assert len(rows) == siao
        assert len(_csv_rows(f"{base}/deliberations/scdl_subventions.csv?_stream=on")) == adopted
        assert len(_csv_rows(f"{base}/deliberations/grants_detailed.csv?_stream=on")) == every
        filtered = _csv_rows(f"{base}/deliberations/scdl_subventions.csv?_stream=on"
                             "&referenceDecision=2023-499")  # fmt: skip
        assert {r["referenceDecision"] for r in filtered} == {"2023-499"}


@pytest.mark.slow  # a real Datasette server
def test_a_database_of_an_earlier_version_is_named(built_db: Path, tmp_path: Path) -> None:
    from delib_extract.site.serve import outdated

    path = tmp_path / "d.db"
    shutil.copy(built_db, path)
    assert not outdated(path)
    with sqlite3.connect(path) as conn:
        conn.execute("drop table member_sittings")  # as a version without it left it
    assert outdated(path)
