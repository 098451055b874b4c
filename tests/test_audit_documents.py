"""The audit end to end: deliberations printed with deliberate inconsistencies (reportlab,
tests/support/pdfgen.py), read by the real pipeline, stored, listed by ``delib-extract check`` and
published by a real Datasette over HTTP."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.dbstate import loaded_db
from support.pdfgen import _grant, build_pdf, person, sample_spec
from support.siteserver import running_site

from delib_extract import extract_pdf
from delib_extract.cli import main
from delib_extract.records import Extraction

EPDEF = "Etablissement Public Départemental de l'Enfance et de la Famille (EPDEF)"


def _seed_anomalies() -> dict:
    """The two inconsistencies of the real n°2023-499: the EPDEF lines (60 000 € +
    13 846 € printed, 13 846,05 € counted) vs their TOTAL, and the report's revenue Solde."""
    spec = sample_spec(numero="2023-901")
    spec["annexe4"] += [
        _grant(2, "Accueil pour tous- Crèche AVIP", "Tous territoires", EPDEF,
               "Intermédiation entre les familles et les crèches", "60 000 €", "Convention type"),
        {**_grant(2, "Accueil pour tous- Crèche AVIP", "Lens Liévin", EPDEF,
                  "Crèche AVIP Madeleine Brès", "13 846 €", "Convention type"),
         "montant": 13846.05},
    ]  # fmt: skip
    spec["imputations"][0]["montant"] = 74991.90 + 73846.05
    spec["rapport"] = {
        "numero": "40",
        "recettes": [
            {"code_operation": "C02-428N01", "imputation": "74713/93428",
             "libelle": "Fonds d'appui à la lutte contre la pauvreté et l'accès à l'emploi",
             "inscrit": 7536157, "proposition": 40000, "solde": 7576137},
        ],
    }  # fmt: skip
    # A proxy printed: 8 present − 3 recused + 1 proxy = 6 votes.
    spec["pouvoirs"] = [(person("M.", "Pierre", "GEORGET"), person("M.", "Daniel", "MACIEJASZ"))]
    spec["vote"] = {**spec["vote"], "pour": 5}
    return spec


SPECS: dict[str, dict] = {
    "seed_anomalies": _seed_anomalies(),
    # Article 2 votes less than its theme's TOTAL and Article 8 line; Article 8 charges theme 3
    # one euro too much; Article 1 accepts 45 000 € where Article 7 books 40 000 €.
    "decision": sample_spec(
        numero="2023-902",
        article_amounts={2: 74991.00},
        recette_article=45000,
        imputations=[
            {**sample_spec()["imputations"][0]},
            {**sample_spec()["imputations"][1], "montant": 26450.0},
        ],
    ),
    # An operation TOTAL and a theme TOTAL printed wrong.
    "annex": sample_spec(
        numero="2023-903",
        operation_totals={"Accompagner autrement": 47100.00},
        theme_totals={3: 26000.00},
    ),
    # A member both present and excused, "Adopté" with more votes against, a duplicated line.
    "people": sample_spec(
        numero="2023-904",
        presents=[*sample_spec()["presents"], person("M.", "Pierre", "GEORGET")],
        vote={**sample_spec()["vote"], "pour": 2, "contre": 5, "abstention": 0},
        annexe4=[*sample_spec()["annexe4"], sample_spec()["annexe4"][-1]],
        imputations=[
            sample_spec()["imputations"][0],
            {**sample_spec()["imputations"][1], "montant": 52898.0},
        ],
    ),
    # The report's expense table: a Proposition that is not Article 8's amount, a Solde and
    # an AE that do not match.
    "report": sample_spec(
        numero="2023-905",
        rapport={
            "numero": "41",
            "depenses": {
                "C01-444H02": {"proposition": 74991.00, "solde": 3574100.00},
                "C02-428B04": {"solde": 1408896.00, "ae": 2870690.00},
            },
        },
    ),
}


@pytest.fixture(scope="module")
def anomaly_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("anomalies")
    for name, spec in SPECS.items():
        build_pdf(spec, folder / f"{name}.pdf")
    return folder


@pytest.fixture(scope="module")
def extracted(anomaly_pdfs: Path) -> dict[str, Extraction]:
    return {name: extract_pdf(anomaly_pdfs / f"{name}.pdf") for name in SPECS}


def errors(result: Extraction) -> set[tuple[str, float | None, float | None]]:
    return {(c.kind, c.expected, c.found) for c in result.all_checks() if c.severity == "error"}


def warnings(result: Extraction) -> list[str]:
    return [c.kind for c in result.all_checks() if c.severity == "warning"]


def test_both_anomalies_of_the_real_document(extracted: dict[str, Extraction]) -> None:
    result = extracted["seed_anomalies"]
    assert result.status == "ok"
    assert errors(result) == {
        ("grant_sum", 73846.0, 73846.05),
        ("report_balance", 7576157.0, 7576137.0),
    }
    messages = " ".join(c.message for c in result.all_checks())
    for figure in ("73 846,00 €", "73 846,05 €", "7 576 157,00 €", "7 576 137,00 €"):
        assert figure in messages
    assert "arrondi d'affichage" in messages


def test_a_printed_proxy_is_counted_with_the_votes(extracted: dict[str, Extraction]) -> None:
    result = extracted["seed_anomalies"]
    assert [p.holder for p in result.decisions[0].proxies] == ["M. Daniel MACIEJASZ"]
    excused = {a.person.last_name for a in result.decisions[0].attendance if a.status == "excused"}
    assert excused == {"GEORGET", "RIGAUX"}
    assert warnings(result) == []  # 5 + 0 + 1 votes = 8 present − 3 recused + 1 proxy


def test_articles_against_themes_and_budget_tables(extracted: dict[str, Extraction]) -> None:
    assert errors(extracted["decision"]) == {
        ("theme_article", 74991.0, 74991.9),
        ("expense_line", 74991.0, 74991.9),
        ("expense_line", 26449.0, 26450.0),
        ("revenue_line", 45000.0, 40000.0),
    }


def test_annex_totals(extracted: dict[str, Extraction]) -> None:
    assert errors(extracted["annex"]) == {
        ("grant_sum", 47000.0, 47100.0),
        # The theme TOTAL adds the printed operation TOTALs, so it now differs from Article 2.
        ("theme_article", 74991.9, 75091.9),
        ("theme_sum", 26449.0, 26000.0),
        ("theme_article", 26449.0, 26000.0),
    }


def test_votes_attendance_and_duplicates(extracted: dict[str, Extraction]) -> None:
    result = extracted["people"]
    assert {kind for kind, _, _ in errors(result)} == {"attendance_conflict", "vote_outcome"}
    assert sorted(warnings(result)) == ["grant_duplicate", "vote_count"]


def test_report_tables(extracted: dict[str, Extraction]) -> None:
    assert errors(extracted["report"]) == {
        ("report_proposal", 74991.9, 74991.0),
        ("report_balance", 1408896.5, 1408896.0),
        ("report_ae", 2870691.0, 2870690.0),
    }


# -- stored, listed, published -----------------------------------------------------------


@pytest.fixture(scope="module")
def audit_db(anomaly_pdfs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return loaded_db([anomaly_pdfs], tmp_path_factory.mktemp("audit-db"))


def test_check_command_groups_findings_and_strict_fails_on_errors(audit_db: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--db", str(audit_db)])
    assert result.exit_code == 0, result.output
    assert result.output.index("2023-901") < result.output.index("2023-905")
    assert "73 846,05 €" in result.output and "7 576 137,00 €" in result.output
    strict = CliRunner().invoke(main, ["check", "--db", str(audit_db), "--strict"])
    assert strict.exit_code == 1
    only = CliRunner().invoke(
        main, ["check", "--db", str(audit_db), "--deliberation", "2023-904", "--severity",
               "warning", "--strict"],
    )  # fmt: skip
    assert only.exit_code == 0, only.output
    assert "grant_duplicate" in only.output and "2023-901" not in only.output
    assert only.output.strip().endswith("0 error(s), 2 warning(s) in 1 deliberation(s)")


def test_check_command_on_consistent_documents_passes_strict(built_db: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--db", str(built_db), "--strict"])
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


def test_check_command_without_a_database_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert result.output.startswith("Error: base introuvable")
    assert not (tmp_path / "none.db").exists()


@pytest.fixture(scope="module")
def server(audit_db: Path) -> Iterator[str]:
    with running_site(audit_db, audit_db.parent / "raw_pdfs") as base:
        yield base


def _rows(url: str) -> list[dict]:
    with urllib.request.urlopen(url, timeout=20) as response:
        return json.loads(response.read())


@pytest.mark.slow  # a real Datasette server
def test_canned_query_lists_inconsistencies_with_filters(server: str) -> None:
    query = f"{server}/deliberations/incoherences.json?_shape=array&"
    rows = _rows(query + urllib.parse.urlencode({"deliberation": "2023-901", "severity": "error"}))
    assert {(r["kind"], r["attendu"], r["imprime"]) for r in rows} == {
        ("grant_sum", 73846.0, 73846.05),
        ("report_balance", 7576157.0, 7576137.0),
    }
    assert {r["nature"] for r in rows} == {"Lignes ≠ TOTAL de l'opération", "Solde du rapport faux"}
    assert all(r["pdf"].startswith("/raw_pdfs/") and "#page=" in r["pdf"] for r in rows)
    every = _rows(query)  # empty parameters: everything but the tool's own reading problems
    assert len(every) > len(rows)
    assert not [r for r in every if r["kind"] == "extraction"]
    assert {r["kind"] for r in _rows(query + "kind=vote_outcome")} == {"vote_outcome"}


@pytest.mark.slow  # a real Datasette server
def test_checks_facets_show_french_labels(server: str) -> None:
    url = f"{server}/deliberations/checks.json?_facet=kind&_facet=severity&_size=0"
    with urllib.request.urlopen(url, timeout=20) as response:
        facets = json.loads(response.read())["facet_results"]
    labels = {r["value"]: r["label"] for r in facets["kind"]["results"]}
    assert labels["grant_sum"] == "Lignes ≠ TOTAL de l'opération"
    assert {r["value"] for r in facets["severity"]["results"]} == {"error", "warning"}
