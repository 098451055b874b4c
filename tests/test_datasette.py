"""The publication, as people reach it: a real Datasette server over HTTP."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from support import ROOT
from support.siteserver import running_site


def _get(url: str) -> tuple[int, bytes, str]:
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.status, response.read(), response.headers.get("content-type", "")


@pytest.fixture(scope="module")
def server(built_db: Path) -> Iterator[str]:
    with running_site(built_db, built_db.parent / "raw_pdfs") as base:
        yield base


@pytest.mark.slow  # a real Datasette server
def test_rows_come_back_over_http(server: str) -> None:
    status, body, _ = _get(f"{server}/deliberations/deliberations.json?_shape=array")
    assert status == 200
    ids = {row["id"] for row in json.loads(body)}
    assert ids == {"2023-499", "2024-616", "2022-506"}
    _, body, _ = _get(f"{server}/deliberations/grants.json?_shape=array&beneficiary=SIAO%2062")
    assert {row["amount"] for row in json.loads(body)} == {26449.0}


@pytest.mark.slow  # a real Datasette server
def test_every_table_answers_with_rows(server: str, built_db: Path) -> None:
    db = sqlite_utils.Database(built_db)
    for table in (
        "documents",
        "pages",
        "deliberations",
        "members",
        "attendance",
        "votes",
        "budget_lines",
        "grants",
        "grant_totals",
        "citations",
    ):
        status, body, _ = _get(f"{server}/deliberations/{table}.json?_shape=array&_size=5")
        assert status == 200
        assert json.loads(body), f"{table} is empty"
    assert db["grants"].count > 0


@pytest.mark.slow  # a real Datasette server
def test_search_ignores_accents(server: str) -> None:
    _, body, _ = _get(f"{server}/deliberations/pages.json?_search=lievin&_shape=array")
    assert json.loads(body), "no page found for 'lievin'"


@pytest.mark.slow  # a real Datasette server
def test_archived_pdf_is_served(server: str, built_db: Path) -> None:
    path = (
        sqlite_utils.Database(built_db).execute("select path from documents limit 1").fetchone()[0]
    )
    status, body, _ = _get(f"{server}/raw_pdfs/{path}")
    assert status == 200 and body.startswith(b"%PDF")


@pytest.mark.slow  # a real Datasette server
def test_database_is_read_only(server: str) -> None:
    request = urllib.request.Request(
        f"{server}/deliberations/-/query.json?sql=delete+from+grants", method="GET"
    )
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=20)


def test_metadata_describes_every_table_and_column(built_db: Path) -> None:
    metadata = json.loads((ROOT / "metadata.json").read_text(encoding="utf-8"))
    described = metadata["databases"]["deliberations"]["tables"]
    db = sqlite_utils.Database(built_db)
    missing = []
    for table in db.tables:
        if table.name.endswith(
            ("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")
        ) or table.name.startswith(("_", "sqlite_")):  # sqlite_stat1: the planner's
            continue
        info = described.get(table.name)
        if not info or not info.get("title") or not info.get("description"):
            missing.append(table.name)
            continue
        missing += [
            f"{table.name}.{c.name}"
            for c in table.columns
            if not info.get("columns", {}).get(c.name)
        ]
    assert not missing, f"no French description for: {missing}"
