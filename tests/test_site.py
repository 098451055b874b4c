"""The publication over HTTP, as people use it: a real `delib-extract serve`."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.parse
from pathlib import Path

import pytest
from siteserver import ROOT, get

METADATA = json.loads((ROOT / "metadata.json").read_text(encoding="utf-8"))
QUERIES = METADATA["databases"]["deliberations"].get("queries", {})
# What a person would type in each canned query's form (accents and case their own way).
PARAM_SAMPLES = {
    "beneficiaire": "Mission locale de l'ARTOIS",
    "annee": "2023",
    "elu": "hingrez cereda",
    "debut": "2023-01-01",
    "fin": "2023-12-31",
    "programme": "inclusion durable 2023",
    "severity": "",  # incoherences (audit): empty = every finding
    "kind": "",
    "deliberation": "",
}


def _json(base: str, path: str, **params: str) -> list[dict]:
    query = urllib.parse.urlencode({**params, "_shape": "array"})
    status, body, _ = get(f"{base}{path}.json?{query}")
    assert status == 200, f"{path}: {status} {body[:300]!r}"
    return json.loads(body)


def _relations(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select name from sqlite_master where type in ('table', 'view') "
            "and name not like 'sqlite_%' and sql not like '%VIRTUAL TABLE%'"
        ).fetchall()
    # summary_dirty: the keys whose summaries are to recompute, empty once a load is done.
    return [
        name for (name,) in rows
        if not re.search(r"_fts(_\w+)?$", name) and name != "summary_dirty"
    ]  # fmt: skip


def test_every_table_and_view_answers_with_rows(site_server: str, site_db: Path) -> None:
    empty = []
    for name in _relations(site_db):
        status, _, _ = get(f"{site_server}/deliberations/{name}")  # the HTML page renders
        assert status == 200, name
        if not _json(site_server, f"/deliberations/{name}", _size="3"):
            empty.append(name)
    assert not empty, f"no rows in {empty}"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_answers_with_rows(site_server: str, name: str) -> None:
    params = re.findall(r"(?<![:\w]):(\w+)", QUERIES[name]["sql"])
    missing = sorted(set(params) - set(PARAM_SAMPLES))
    assert not missing, f"give {missing} a sample value in PARAM_SAMPLES"
    values = {p: PARAM_SAMPLES[p] for p in params}
    status, _, _ = get(f"{site_server}/deliberations/{name}?{urllib.parse.urlencode(values)}")
    assert status == 200
    assert _json(site_server, f"/deliberations/{name}", **values), f"{name}: no rows"
    assert QUERIES[name].get("title"), f"{name}: no French title"


def test_one_beneficiary_whatever_the_printing(site_server: str) -> None:
    rows = _json(site_server, "/deliberations/total_beneficiaire",
                 beneficiaire="mission locale artois", annee="2023")  # fmt: skip
    assert len(rows) == 1  # MISSION LOCALE DE L'ARTOIS and Mission locale de l’Artois
    assert rows[0]["Structure"] == "Mission locale de l’Artois"
    # 47 000 € in the fixture of 2023 + 12 500 € in the variant (2022 and 2024: other years).
    grants = _json(site_server, "/deliberations/subventions_beneficiaire",
                   beneficiaire="MISSION LOCALE DE L'ARTOIS", annee="2023")  # fmt: skip
    assert {g["Nom imprimé"] for g in grants} == {
        "MISSION LOCALE DE L'ARTOIS",
        "Mission locale de l’Artois",
    }
    assert rows[0]["Montant total"] == pytest.approx(sum(g["Montant"] for g in grants))
    assert rows[0]["Subventions"] == len(grants)


def test_territories_whatever_the_printing(site_server: str) -> None:
    names = {row["name"] for row in _json(site_server, "/deliberations/territories")}
    assert "Lens-Liévin" in names and not {"LENS - LIEVIN", "Lens Liévin"} & names
    shared = _json(site_server, "/deliberations/grants_detailed",
                   beneficiary_id="missionlocaledelartois", deliberation_id="2023-612")  # fmt: skip
    assert json.loads(shared[0]["territories"]) == ["Lens-Liévin", "Artois"]


def test_search_all_ignores_accents(site_server: str) -> None:
    status, body, _ = get(f"{site_server}/-/search?q=lievin")
    html = body.decode()
    assert status == 200
    assert "<mark>Liévin</mark>" in html  # typed without the accent, found with it
    assert re.search(r"Subventions : \d+ résultat", html)
    assert re.search(r"Pages : \d+ résultat", html)


def test_pdf_link_of_a_grant_returns_the_pdf(site_server: str) -> None:
    grant = _json(site_server, "/deliberations/grants_detailed", _size="1")[0]
    path, _, page = grant["pdf_url"].partition("#page=")
    assert page == str(grant["page"])
    status, body, content_type = get(f"{site_server}{path}")
    assert status == 200 and body.startswith(b"%PDF") and "pdf" in content_type
    # And in the HTML table of the raw grants, each row's page is a link to it.
    _, html, _ = get(f"{site_server}/deliberations/grants")
    links = re.findall(r'<a class="pdf-link" href="([^"]+)"', html.decode())
    assert links and all(re.search(r"\.pdf#page=\d+$", href) for href in links)
    status, body, _ = get(site_server + links[0].split("#")[0])
    assert status == 200 and body.startswith(b"%PDF")


@pytest.mark.parametrize("name", ["dernieres_deliberations", "dernieres_subventions"])
def test_atom_feeds(site_server: str, name: str) -> None:
    status, body, content_type = get(f"{site_server}/deliberations/{name}.atom")
    assert status == 200 and "xml" in content_type
    feed = body.decode()
    assert feed.count("<entry>") >= 3
    assert f"<title>{QUERIES[name]['title']}</title>" in feed


def test_dashboard_and_every_chart_query(site_server: str) -> None:
    dashboards = METADATA["plugins"]["datasette-dashboards"]
    for slug, dashboard in dashboards.items():
        status, body, _ = get(f"{site_server}/-/dashboards/{slug}")
        assert status == 200 and dashboard["title"] in body.decode().replace("&#39;", "'")
        for chart_name, chart in dashboard["charts"].items():
            sql = re.sub(r"\[\[.*?\]\]", "", chart["query"])  # no filter chosen: all years
            rows = _json(site_server, "/deliberations", sql=sql)
            assert rows, f"chart {chart_name}: no rows"
        one_year = re.sub(r"\[\[(.*?)\]\]", r"\1", dashboard["charts"]["annees"]["query"])
        assert [r["annee"] for r in _json(site_server, "/deliberations", sql=one_year,
                                           annee="2023")] == ["2023"]  # fmt: skip


def test_home_page_leads_to_the_questions(site_server: str) -> None:
    status, body, _ = get(f"{site_server}/")
    html = body.decode()
    assert status == 200
    assert 'action="/deliberations/total_beneficiaire"' in html
    assert 'action="/-/search"' in html
    for name in QUERIES:
        assert f'href="/deliberations/{name}"' in html, name


def test_metadata_describes_every_view_and_its_columns(site_db: Path) -> None:
    described = METADATA["databases"]["deliberations"]["tables"]
    missing = []
    with sqlite3.connect(site_db) as conn:
        for (view,) in conn.execute("select name from sqlite_master where type = 'view'"):
            info = described.get(view, {})
            if not info.get("title") or not info.get("description"):
                missing.append(view)
            columns = [row[1] for row in conn.execute(f"pragma table_info([{view}])")]
            missing += [f"{view}.{c}" for c in columns if not info.get("columns", {}).get(c)]
    assert not missing, f"no French description for: {missing}"
