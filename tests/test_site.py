"""The publication over HTTP, as people use it: a real `delib-extract serve`."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.parse
from pathlib import Path

import pytest
from support import ROOT
from support.siteserver import get

pytestmark = pytest.mark.slow  # a real Datasette server

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
    "collectivite": "",  # every authority
    "nom": "",
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


# -- right answers (issue 15): each of these failed on the site before it --------------------
def _full(base: str, path: str, **params: str) -> dict:
    status, body, _ = get(f"{base}{path}.json?{urllib.parse.urlencode(params)}")
    assert status == 200, f"{path}: {status} {body[:300]!r}"
    return json.loads(body)


def test_dates_as_people_type_them(site_server: str) -> None:
    """« 01/01/2023 » in the territory question returned every year."""
    question = "/deliberations/montants_territoire_thematique"
    iso = _json(site_server, question, debut="2023-01-01", fin="2023-12-31")
    assert iso and iso != _json(site_server, question, debut="", fin="")  # other years exist
    assert _json(site_server, question, debut="01/01/2023", fin="31/12/2023") == iso
    assert _json(site_server, question, debut="2023", fin="2023") == iso
    assert _json(site_server, question, debut="1/1/23", fin="12/2023") == iso


@pytest.mark.parametrize(("name", "value"), [("debut", "32/13/2023"), ("fin", "hier"),
                                             ("annee", "deux mille")])  # fmt: skip
def test_a_date_not_understood_is_refused_with_a_message(site_server, name, value) -> None:
    query = "montants_territoire_thematique" if name != "annee" else "total_beneficiaire"
    params = {"debut": "", "fin": "", "beneficiaire": "siao", "annee": "", name: value}
    url = f"{site_server}/deliberations/{query}"
    status, body, _ = get(f"{url}.json?{urllib.parse.urlencode(params)}")
    assert status == 400 and f"« {value} »" in body.decode()  # the JSON and CSV refuse it
    status, body, _ = get(f"{url}?{urllib.parse.urlencode(params)}")
    html = body.decode()
    assert status == 200 and 'class="message-error"' in html and "&lt;td" not in html
    assert f"« {value} »" in html.replace("&#34;", '"') and "<tbody>" not in html  # no row


def _linked(site_db: Path, sql: str) -> int:
    with sqlite3.connect(site_db) as conn:
        return conn.execute(sql).fetchone()[0]


def test_the_territory_facet_counts_one_territory(site_server: str, site_db: Path) -> None:
    """« LENS - LIEVIN » and « Lens-Liévin » were two facet values, each a part of the
    territory's grants."""
    facets = _full(site_server, "/deliberations/grants")["facet_results"]
    territories = {v["label"]: v["count"] for v in facets["territoire"]["results"]}
    naming = _linked(site_db, "select count(*) from grant_territories "
                              "where territory_id = 'lenslievin'")  # fmt: skip
    assert territories["Lens-Liévin"] == naming > 1
    assert not {"LENS - LIEVIN", "Lens Liévin", "LENS-LIEVIN"} & set(territories)
    rows = _json(site_server, "/deliberations/grants", _territoire="lenslievin", _size="max")
    assert len(rows) == naming
    detailed = _full(site_server, "/deliberations/grants_detailed", _territoire="lenslievin")
    assert detailed["filtered_table_rows_count"] == naming


def test_the_programme_facet_counts_one_programme(site_server: str, site_db: Path) -> None:
    facets = _full(site_server, "/deliberations/deliberations")["facet_results"]
    programmes = {v["label"]: v for v in facets["programme"]["results"]}
    printed = _linked(site_db, "select count(distinct programme) from deliberations "
                               "where programme like '%2023%'")  # fmt: skip
    in_2023 = [v for label, v in programmes.items() if "2023" in label]
    assert len(in_2023) == 1 and in_2023[0]["count"] == _linked(
        site_db, "select count(*) from deliberations where programme like '%2023%'")  # fmt: skip
    assert printed >= 1
    chosen = _json(site_server, "/deliberations/deliberations", _programme=in_2023[0]["value"])
    assert len(chosen) == in_2023[0]["count"]


def test_a_sitting_counts_once_per_member(site_server: str, site_db: Path) -> None:
    """Pierre GEORGET is excused for n°2023-499 and present for n°2023-612, at the same
    sitting: one sitting, present (the per-member view counted it twice)."""
    with sqlite3.connect(site_db) as conn:
        sittings = dict(conn.execute(
            "select a.member_id, count(distinct d.meeting_id) from attendance a "
            "join deliberations d on d.id = a.deliberation_id group by a.member_id"
        ).fetchall())  # fmt: skip
    records = _json(site_server, "/deliberations/member_records", _size="max")
    for record in records:
        shown = record["sittings_present"] + record["sittings_excused"] + record["sittings_absent"]
        assert shown == sittings[record["member_id"]], record["member_id"]
    sitting = _json(site_server, "/deliberations/member_sittings", member_id="pierre-georget",
                    meeting_id="CP-2023-11-20")  # fmt: skip
    assert [(s["sitting_status"], s["deliberations_present"], s["deliberations_excused"])
            for s in sitting] == [("present", 1, 1)]  # fmt: skip
    chart = METADATA["plugins"]["datasette-dashboards"]["graphiques"]["charts"]["presence"]
    rows = _json(site_server, "/deliberations", sql=re.sub(r"\[\[.*?\]\]", "", chart["query"]))
    per_member: dict[str, int] = {}
    for row in rows:
        per_member[row["elu"]] = per_member.get(row["elu"], 0) + row["seances"]
    assert max(per_member.values()) <= max(sittings.values())


def test_french_numbers_in_the_feed(site_server: str) -> None:
    """The grants feed printed « 61609,40 € »."""
    _, body, _ = get(f"{site_server}/deliberations/dernieres_subventions.atom")
    titles = re.findall(r"<title>([^<]*€)</title>", body.decode())
    assert titles and all(re.search(r"\d{1,3}(\u202f\d{3})*,\d\d\u00a0€$", t) for t in titles)
    assert any("\u202f" in t for t in titles)  # amounts of a thousand and more: grouped


@pytest.mark.parametrize(
    "path", ["/", "/deliberations", "/deliberations/grants", "/deliberations/total_beneficiaire",
             "/deliberations/deliberations/2023-499", "/a-propos", "/-/search?q=lievin",
             "/deliberations/nimporte_quoi"],
)  # fmt: skip
def test_pages_are_french(site_server: str, path: str) -> None:
    _, body, _ = get(site_server + path)
    html = body.decode()
    assert '<html lang="fr">' in html
    for english in (
        "This data as",
        " rows",
        "Advanced export",
        "Suggested facets",
        "Next page",
        "View and edit SQL",
        "Links from other tables",
        ">home<",
        "Custom SQL",
    ):
        assert english not in html, (path, english)


def test_codes_are_shown_as_french_labels(site_server: str) -> None:
    _, body, _ = get(f"{site_server}/deliberations/attendance")
    html = body.decode()
    assert ">présent<" in html and "n&#39;a pris part ni au débat ni au vote" in html
    assert ">present<" not in html and ">debate_and_vote<" not in html
    _, body, _ = get(f"{site_server}/deliberations/member_sittings")
    assert re.search(r"facet-sitting_status.*?>présent</a>", body.decode(), re.S)


def test_the_about_link_is_a_page_of_the_site(site_server: str) -> None:
    assert METADATA["about_url"] == "/a-propos"
    status, body, _ = get(f"{site_server}/a-propos")
    assert status == 200 and "<h1>À propos de ces données</h1>" in body.decode()


# -- the pages people read -----------------------------------------------------------------
def test_the_page_of_a_deliberation(site_server: str) -> None:
    status, body, _ = get(f"{site_server}/deliberations/deliberations/2023-499")
    html = body.decode().replace("&#39;", "'")
    assert status == 200 and "<h1>Délibération n°2023-499</h1>" in html
    assert "20 novembre 2023" in html and "adoptée" in html
    assert html.count('class="vote-bar"') == 1 and "<strong>Pour</strong> : 4 voix" in html
    assert "Groupe Rassemblement National" in html  # the groups' table
    assert "Mireille HINGREZ-CÉRÉDA</a> — <em>n'a pris part ni au débat ni au vote" in html
    assert "/deliberations/members/mireille-hingrez-cereda" in html
    assert "Excusé (2)" in html or "Excusé (1)" in html
    assert "Lignes budgétaires" in html and "Total des dépenses" in html
    assert re.search(r"Subventions \(\d+\)", html) and 'class="total"' in html
    assert "/deliberations/beneficiaries/missionlocaledelartois" in html
    assert "Citée par" in html and "/deliberations/deliberations/2023-612" in html
    assert re.search(r'href="/raw_pdfs/[^"]+\.pdf#page=\d+"', html)
    assert "Contrôles de cohérence" in html


def test_the_page_of_a_member(site_server: str) -> None:
    status, body, _ = get(f"{site_server}/deliberations/members/mireille-hingrez-cereda")
    html = body.decode().replace("&#39;", "'")
    assert status == 200 and "Présence par année" in html and "<svg" in html
    assert "Retraits : intéressée à l'affaire" in html and "n°2023-499" in html
    assert "Séance par séance" in html


def test_the_page_of_a_beneficiary(site_server: str) -> None:
    status, body, _ = get(f"{site_server}/deliberations/beneficiaries/missionlocaledelartois")
    html = body.decode()
    assert status == 200 and "<h1>Mission locale de l’Artois</h1>" in html
    assert "MISSION LOCALE DE L&#39;ARTOIS" in html  # the printings
    assert "Par année" in html and "Chaque subvention" in html
    assert html.count('class="pdf-link"') >= 2


# -- what the site shows, in memory --------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [("2023", "2023-01-01", "2023-12-31"), ("01/01/2023", "2023-01-01", "2023-01-01"),
     ("1/1/23", "2023-01-01", "2023-01-01"), ("2023-1-5", "2023-01-05", "2023-01-05"),
     ("03/2023", "2023-03-01", "2023-03-31"), ("2024-02", "2024-02-01", "2024-02-29"),
     (" 2023 ", "2023-01-01", "2023-12-31"), ("", None, None)],
)  # fmt: skip
def test_period_bounds_as_typed(typed: str, start, end) -> None:
    from delib_extract.site.params import period_bound

    assert (period_bound(typed), period_bound(typed, end=True)) == (start, end)


@pytest.mark.parametrize("typed", ["31/02/2023", "2023-13", "hier", "2023/01/01/01", "20233"])
def test_period_bounds_refused(typed: str) -> None:
    from delib_extract.site.params import ParameterError, period_bound

    with pytest.raises(ParameterError, match=f"« {re.escape(typed)} »"):
        period_bound(typed)


def test_french_display() -> None:
    from delib_extract.site.display import date_fr, euros, nombre

    assert euros(61609.4) == "61\u202f609,40\u00a0€" and euros(1038199.0, cents=False) == (
        "1\u202f038\u202f199\u00a0€"
    )
    assert euros(-0.5) == "-0,50\u00a0€" and euros(None) == ""
    assert nombre(152) == "152" and nombre(15234) == "15\u202f234" and nombre(None) == ""
    assert date_fr("2023-11-01") == "1er novembre 2023" and date_fr("2024-02-14") == (
        "14 février 2024"
    )
    assert date_fr("vers 2023") == "vers 2023"


def test_vote_bar_and_year_bars() -> None:
    from delib_extract.site.pages import vote_bar, year_bars

    bar = vote_bar({"for": 31, "against": 0, "abstention": 13})
    assert [(s["position"], s["count"]) for s in bar] == [("for", 31), ("abstention", 13)]
    assert bar[1]["start"] == pytest.approx(bar[0]["width"]) and sum(
        s["width"] for s in bar
    ) == pytest.approx(100)
    assert vote_bar({"for": None}) == []  # « à l'unanimité », no count printed
    bars = year_bars([{"year": 2022, "a": 8, "b": 0}, {"year": 2023, "a": 4, "b": 4}], ("a", "b"))
    assert [p["height"] for p in bars[0]["parts"]] == [100.0, 0.0]
    assert bars[1]["parts"][1]["bottom"] == 50.0


def test_the_questions_work_for_any_authority(site_server: str) -> None:
    """Who voted against, a member's attendance and the proxies, for another council."""
    votes = _json(site_server, "/deliberations/votes_contre", annee="", collectivite="kerhoel")
    (row,) = votes
    assert (row["Collectivité"], row["N°"], row["Contre"], row["Abstentions"]) == (
        "Ville de Port-Kerhoël", "DE2024-007", 3, 1,
    )  # fmt: skip
    assert row["Élus contre"] == "Jean RIVOAL ; Élise QUINIOU ; Alain VIGOUROUX"
    proxies = _json(site_server, "/deliberations/procurations", nom="", collectivite="aubin")
    assert {(r["Absent, donne pouvoir"], r["À"]) for r in proxies} == {
        ("Fabrice TALLEC", "Hélène VARIN-COSTE"), ("Laure BESNARD", "Bruno LAFFONT"),
    }  # fmt: skip
    status, page, _ = get(f"{site_server}{row['Fiche']}")
    text = page.decode()
    assert status == 200 and "Ville de Port-Kerhoël" in text and "Élise QUINIOU" in text
    member = _json(site_server, "/deliberations/bilan_elu", elu="piou", collectivite="")
    assert [(r["Collectivité"], r["Présence"]) for r in member] == [
        ("COMMUNE DE SAINT-AUBIN-DES-LANDES", "absent")  # as printed first
    ]


def test_deliberations_are_faceted_by_authority(site_server: str) -> None:
    status, body, _ = get(f"{site_server}/deliberations/deliberations.json?_facet=authority")
    assert status == 200
    facet = json.loads(body)["facet_results"]["authority"]["results"]
    counts = {r["value"]: r["count"] for r in facet}
    assert counts["Ville de Port-Kerhoël"] == 1
    assert counts["Département du Pas-de-Calais"] >= 3
