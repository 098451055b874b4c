"""The exports end to end: PDFs built by pdfgen → ingest → SCDL files, views, Datasette."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from support import ROOT, pdfgen
from support.scdl_settings import CONFIG, MAPPING
from support.siteserver import running_site

from delib_extract import ingest
from delib_extract.cli import main
from delib_extract.export import load_schema, run_export, validate_csv
from delib_extract.export.scdl import SCHEMAS_DIR as SCHEMAS

SHARED_SCDL = next(
    (p for p in (ROOT.parent.parent / "shared" / "scdl", ROOT.parent / "shared" / "scdl")
     if p.is_dir()),
    None,
)  # fmt: skip
LONG_DESCRIPTION = (
    "Renforcement des moyens des équipes mobiles de prévention des expulsions locatives "
    "pour des interventions dès le commandement de payer, en lien avec les bailleurs "
    "sociaux, les travailleurs sociaux du Département et les communes du territoire, "
    "afin de prévenir les expulsions des ménages en difficulté"
)
# A deliberation with what the fixtures lack: a long-form period, no period, an objet
# over 256 characters, names spelled otherwise than in the mapping file.
EXTRA_SPEC = pdfgen.sample_spec(
    numero="2024-300",
    date="2024-03-18",
    objet="APPEL À PROJETS DES POLITIQUES D'INCLUSION DURABLE 2024 - PHASE 2",
    recettes=[],
    citations=[],
    annexe4=[
        pdfgen._grant(2, "Accueil pour tous", "Arrageois", "Association Les Petits-Pas",
                      "Du 1er juillet 2024 au 31 décembre 2024", "13 846,00 €", "Convention type"),
        pdfgen._grant(2, "Accueil pour tous", "Artois", "CCAS d'Arras",
                      "39 accompagnements", "7 500,50 €", "Convention type"),
        pdfgen._grant(3, "Equipes mobiles de prévention des expulsions", "Ternois",
                      "ADIL 62", LONG_DESCRIPTION, "60 000,00 €", "Convention type"),
    ],
    imputations=[{"code_operation": "C02-428B04", "imputation": "6568/93428",
                  "libelle": "Politique inclusive en faveur du logement", "ae": 2870691.0,
                  "montant": 81346.5}],
    rapport={"numero": "22"},
)  # fmt: skip


@pytest.fixture(scope="module")
def export_db(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixtures' database plus EXTRA_SPEC, in a copy of its own."""
    work = tmp_path_factory.mktemp("export")
    with sqlite3.connect(built_db) as source, sqlite3.connect(work / "deliberations.db") as copy:
        source.backup(copy)
    pdfgen.build_pdf(EXTRA_SPEC, work / "extra.pdf")
    report = ingest([work / "extra.pdf"], work / "deliberations.db", work / "raw", jobs=1)
    assert report.ok == 1, report.problems
    return work / "deliberations.db"


@pytest.fixture(scope="module")
def mapping(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mapping") / "beneficiaires.csv"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def export(db: Path, fmt: str, **options) -> tuple:
    out = io.BytesIO()
    result = run_export(fmt, db, out, **options)
    return result, out.getvalue()


def rows_of(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def shared_schema(fmt: str) -> tuple[Path, ...]:
    name = {"scdl-deliberations": "deliberations-2.1.5", "scdl-subventions": "subventions-2.1.1"}
    return (SHARED_SCDL / f"{name[fmt]}.schema.json",) if SHARED_SCDL else ()


@pytest.mark.parametrize("fmt", ["scdl-deliberations", "scdl-subventions"])
def test_complete_exports_validate_with_zero_errors(export_db: Path, mapping: Path, fmt: str):
    result, data = export(
        export_db, fmt, config_path=CONFIG, mapping_path=mapping, validate=True,
        schemas=shared_schema(fmt),
    )  # fmt: skip
    assert result.scdl.issues == []
    assert [(label, errors) for label, errors in result.validations if errors] == []
    assert len(result.validations) == 1 + bool(SHARED_SCDL)
    assert result.ok and result.rows == len(rows_of(data)) > 0
    data.decode("utf-8")  # UTF-8 throughout


def test_deliberations_rows(export_db: Path) -> None:
    result, data = export(export_db, "scdl-deliberations", config_path=CONFIG)
    rows = {row["DELIB_ID"]: row for row in rows_of(data)}
    assert set(rows) == {"2023-499", "2024-616", "2024-300"}  # 2022-506 was rejected
    assert any(note.startswith("2022-506 : rejetée") for note in result.scdl.excluded)
    seed = rows["2023-499"]
    assert seed["COLL_SIRET"] == "22620001200012" and seed["DELIB_DATE"] == "2023-11-20"
    assert (seed["DELIB_MATIERE_CODE"], seed["DELIB_MATIERE_NOM"]) == (
        "7.5", "finances locales/subventions")  # fmt: skip
    # 8 present + 2 excused; 8 present - 3 "n'ont pris part ni au débat ni au vote".
    assert [seed[k] for k in ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE",
                              "VOTE_ABSTENTION")] == ["10", "5", "4", "0", "1"]  # fmt: skip
    assert (seed["BUDGET_ANNEE"], seed["BUDGET_NOM"]) == ("2023", "Budget départemental")
    assert seed["DELIB_OBJET"] == "APPEL À PROJET DES POLITIQUES D'INCLUSION DURABLE 2023 - PHASE 6"
    unanimous = rows["2024-616"]
    assert unanimous["VOTE_POUR"] == "" and unanimous["VOTE_REEL"] == "4"  # only "unanimité"
    assert all(row["PREF_DATE"] == "" and row["DELIB_URL"] == "" for row in rows.values())


def test_subventions_rows(export_db: Path, mapping: Path) -> None:
    result, data = export(export_db, "scdl-subventions", config_path=CONFIG, mapping_path=mapping)
    rows = rows_of(data)
    assert {row["referenceDecision"] for row in rows} == {"2023-499", "2024-616", "2024-300"}
    assert len(rows) == 4 + 4 + 3
    text = data.decode("utf-8")
    assert ",22991.90," in text and ",26449.00," in text and ",7500.50," in text
    by_name = {(r["referenceDecision"], r["nomBeneficiaire"]): r for r in rows}
    cias = by_name["2023-499", "CIAS DE FAUQUEMBERGUES"]
    assert cias["datesPeriodeVersement"] == "2023-10-01/2024-06-30"
    assert cias["dateConvention"] == "2023-11-20" and cias["idBeneficiaire"] == "00000000100017"
    assert (cias["notificationUE"], cias["pourcentageSubvention"]) == ("non", "1.00")
    assert cias["objet"] == (
        "Actions d'insertion innovantes : Accompagnement de 20 participants - "
        "opération du 01/10/23 au 30/06/24"
    )
    petits = by_name["2024-300", "Association Les Petits-Pas"]
    assert (petits["idBeneficiaire"], petits["rnaBeneficiaire"]) == ("", "W000000005")
    assert petits["datesPeriodeVersement"] == "2024-07-01/2024-12-31"
    assert by_name["2024-300", "CCAS d'Arras"]["datesPeriodeVersement"] == "2024-01-01/2024-12-31"
    adil = by_name["2024-300", "ADIL 62"]
    assert len(adil["objet"]) <= 256 and adil["objet"].endswith("…")
    assert result.scdl.derived == {
        "datesPeriodeVersement : description": 7, "datesPeriodeVersement : exercice": 4
    }  # fmt: skip
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["dateConvention"]) for r in rows)


def test_report_lists_exactly_the_rows_without_identifier(export_db: Path, mapping: Path):
    partial = mapping.parent / "partial.csv"
    partial.write_text(
        "\n".join(
            line for line in MAPPING.splitlines() if "SIAO" not in line and "ARRAS" not in line
        ),
        encoding="utf-8",
    )
    result, data = export(
        export_db, "scdl-subventions", config_path=CONFIG, mapping_path=partial, validate=True
    )
    expected = {
        line for line, row in enumerate(rows_of(data), start=2)
        if row["nomBeneficiaire"] in ("SIAO 62", "CCAS d'Arras")
    }  # fmt: skip
    assert len(expected) == 3  # SIAO 62 twice (2023-499, 2024-616), CCAS d'Arras once
    assert {(i.line, i.field) for i in result.scdl.issues} == {
        (n, "idBeneficiaire") for n in expected
    }
    assert not result.ok
    assert result.validations[0][1] == []  # an identifier is optional in the Table Schema
    without, _ = export(export_db, "scdl-subventions", config_path=CONFIG)
    assert {i.line for i in without.scdl.issues} == set(range(2, without.rows + 2))
    assert {i.field for i in without.scdl.issues} == {"idBeneficiaire"}


def test_missing_configuration_is_reported_with_its_reason(export_db: Path, tmp_path) -> None:
    empty = tmp_path / "vide.toml"
    empty.write_text("# rien\n", encoding="utf-8")
    result, _ = export(export_db, "scdl-subventions", config_path=empty)
    assert result.rows == 11 and not result.ok
    fields = {i.field for i in result.scdl.issues}
    assert fields == {"nomAttribuant", "idAttribuant", "dateConvention", "idBeneficiaire",
                      "nature", "conditionsVersement", "datesPeriodeVersement",
                      "notificationUE"}  # fmt: skip
    period = [i for i in result.scdl.issues if i.field == "datesPeriodeVersement"]
    assert len(period) == 4 and "periode_versement_par_defaut" in period[0].reason
    # Counted per field with its reason; row by row in the --report file only.
    lines = result.report_lines(tmp_path / "manquants.csv")
    assert f"  idAttribuant : 11 ligne(s) sur 11 — absent de la configuration {empty} : " \
           "[collectivite] siret" in lines  # fmt: skip
    assert (
        "  idBeneficiaire : 11 ligne(s) sur 11 — ni SIRET ni RNA : structure absente du "
        "fichier de correspondance (--mapping)" in lines
    )
    assert f"  liste ligne par ligne : {tmp_path / 'manquants.csv'}" in lines
    assert len(lines) <= 15 and not any(line.startswith("  ligne ") for line in lines)
    rows = {i.row for i in result.scdl.issues if i.field == "idBeneficiaire"}
    assert "2023-499 ligne 1 « CIAS DE FAUQUEMBERGUES »" in rows


def test_without_configuration_the_pas_de_calais_one_is_used(export_db: Path, tmp_path) -> None:
    """`export scdl-subventions --db D --out f.csv`: valid SCDL and a short summary (it
    printed a line per missing value, and the file failed the schema)."""
    out = tmp_path / "subventions.csv"
    result = CliRunner().invoke(
        main, ["export", "scdl-subventions", "--db", str(export_db), "--out", str(out)]
    )
    assert result.exit_code == 1  # identifiers are still missing: no --mapping
    lines = result.output.strip().splitlines()
    assert len(lines) <= 15, result.output
    assert any("configuration : par défaut" in line for line in lines)
    schema = load_schema(SCHEMAS / "scdl-subventions-2.1.1.json")
    assert validate_csv(out.read_bytes(), schema) == []
    rows = rows_of(out.read_bytes())
    assert {r["nomAttribuant"] for r in rows} == {"Département du Pas-de-Calais"}
    for fmt in ("scdl-deliberations",):
        out = tmp_path / f"{fmt}.csv"
        done = CliRunner().invoke(main, ["export", fmt, "--db", str(export_db), "--out", str(out)])
        assert done.exit_code == 0, done.output
        assert validate_csv(out.read_bytes(), load_schema(SCHEMAS / f"{fmt}-2.1.5.json")) == []


def test_the_packaged_configuration_is_the_example() -> None:
    from delib_extract.export.run import DEFAULT_CONFIG

    assert DEFAULT_CONFIG.read_bytes() == CONFIG.read_bytes(), (
        "cp examples/scdl-config.toml src/delib_extract/export/defaults/scdl-config.toml"
    )


def test_cli_exit_codes_and_report_file(export_db: Path, mapping: Path, tmp_path: Path) -> None:
    base = ["export", "scdl-subventions", "--db", str(export_db), "--config", str(CONFIG)]
    complete = CliRunner().invoke(
        main, [*base, "--mapping", str(mapping), "--validate", "--out", str(tmp_path / "s.csv")]
    )
    assert complete.exit_code == 0, complete.output
    assert "valeurs obligatoires manquantes : 0" in complete.output
    assert "validation (schéma du projet scdl-subventions-2.1.1.json) : 0 erreur(s)" in (
        complete.output
    )
    assert (tmp_path / "s.csv").read_text(encoding="utf-8").startswith("nomAttribuant,")
    incomplete = CliRunner().invoke(main, [*base, "--report", str(tmp_path / "r.csv")])
    assert incomplete.exit_code == 1
    report = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8")))
    assert len(report) == 11 and {r["champ"] for r in report} == {"idBeneficiaire"}


@pytest.mark.parametrize(
    "args",
    [
        ["scdl-subventions", "--config", "{bad}"],
        ["csv"],
        ["csv", "--table", "nope"],
        ["csv", "--table", "grants", "--validate"],
    ],
)
def test_cli_errors_are_one_line(export_db: Path, tmp_path: Path, args: list[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[collectivite]\nsiret = "123"\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    args = [a.replace("{bad}", str(bad)) for a in args]
    result = CliRunner().invoke(main, ["export", *args, "--db", str(export_db), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ") and "Traceback" not in result.output
    assert not out.exists()  # nothing written when the inputs are wrong


def test_export_help() -> None:
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0 and "scdl-subventions" in result.output


def test_raw_tables_as_csv_and_json(export_db: Path) -> None:
    result, data = export(export_db, "csv", table="grants")
    rows = rows_of(data)
    assert result.rows == len(rows) == 15
    assert {r["amount"] for r in rows if r["beneficiary"] == "CIAS DE FAUQUEMBERGUES"} == {
        "22991.90"
    }
    result, data = export(export_db, "json", table="grants")
    assert b'"amount": 22991.90,' in data and b'"amount": 26449.00,' in data
    parsed = json.loads(data)
    assert len(parsed) == 15 and {g["amount"] for g in parsed} >= {22991.9, 26449.0}
    assert any(g["territory"] == "Lens Liévin" for g in parsed)  # UTF-8, not \\u escapes
    assert "Lens Liévin".encode() in data
    _, empty = export(export_db, "json", table="beneficiary_identifiers")
    assert json.loads(empty) == []


def test_delib_url_is_the_pdfs_source_address(export_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "d.db"
    with sqlite3.connect(export_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute(
            "update documents set source_url = 'https://www.pasdecalais.fr/cp/2023-499.pdf' "
            "where sha256 = (select document_sha256 from deliberations where id = '2023-499')"
        )
    result, data = export(copy, "scdl-deliberations", config_path=CONFIG, validate=True)
    urls = {row["DELIB_ID"]: row["DELIB_URL"] for row in rows_of(data)}
    assert urls == {"2023-499": "https://www.pasdecalais.fr/cp/2023-499.pdf", "2024-616": "",
                    "2024-300": ""}  # fmt: skip
    assert result.ok


def test_matter_rules_by_title(export_db: Path, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        CONFIG.read_text(encoding="utf-8")
        + '\n[[deliberations.matiere_par_objet]]\nobjet_contient = "Inclusion durable 2024"\n'
        'code = "8.2"\nnom = "domaines de compétences par thèmes/aide sociale"\n',
        encoding="utf-8",
    )
    _, data = export(export_db, "scdl-deliberations", config_path=config)
    codes = {row["DELIB_ID"]: row["DELIB_MATIERE_CODE"] for row in rows_of(data)}
    assert codes == {"2023-499": "7.5", "2024-616": "8.2", "2024-300": "8.2"}


def test_views_serve_the_exported_rows_once_stored(export_db: Path, mapping: Path, tmp_path):
    copy = tmp_path / "deliberations.db"
    with sqlite3.connect(export_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    db = sqlite_utils.Database(copy)
    assert {r["nomAttribuant"] for r in db.query("select * from scdl_subventions")} == {None}
    _, exported = export(copy, "scdl-subventions", config_path=CONFIG, mapping_path=mapping,
                         store=True)  # fmt: skip
    _, view = export(copy, "csv", table="scdl_subventions")
    assert view == exported


@pytest.fixture(scope="module")
def stored_server(export_db: Path, mapping: Path, tmp_path_factory) -> Iterator[tuple[str, dict]]:
    """A real Datasette over the database after ``export --store``; the files exported."""
    work = tmp_path_factory.mktemp("served")
    db_path = work / "deliberations.db"
    with sqlite3.connect(export_db) as source, sqlite3.connect(db_path) as target:
        source.backup(target)
    exported = {
        fmt: export(db_path, fmt, config_path=CONFIG, mapping_path=mapping, store=True)[1]
        for fmt in ("scdl-deliberations", "scdl-subventions")
    }
    with running_site(db_path, work) as base:
        yield base, exported


@pytest.mark.slow  # a real Datasette server
@pytest.mark.parametrize("view", ["scdl_deliberations", "scdl_subventions"])
def test_datasette_serves_the_scdl_views_as_csv(stored_server, view: str) -> None:
    base, exported = stored_server
    with urllib.request.urlopen(f"{base}/deliberations/{view}.csv?_size=max", timeout=20) as r:
        served = r.read()
    assert r.status == 200
    expected = exported[view.replace("scdl_", "scdl-")]
    assert served.decode("utf-8").strip() == expected.decode("utf-8").strip()
    with urllib.request.urlopen(f"{base}/deliberations/{view}.json?_shape=array", timeout=20) as r:
        assert len(json.loads(r.read())) == len(rows_of(expected))


def test_views_and_settings_tables_are_described_in_french(export_db: Path) -> None:
    described = json.loads((ROOT / "metadata.json").read_text(encoding="utf-8"))
    tables = described["databases"]["deliberations"]["tables"]
    db = sqlite_utils.Database(export_db)
    names = [*db.view_names(), "export_settings", "export_matter_rules", "beneficiary_identifiers"]
    missing = []
    for name in names:
        info = tables.get(name, {})
        if not info.get("title") or not info.get("description"):
            missing.append(name)
        columns = db[name].columns
        missing += [f"{name}.{c.name}" for c in columns if not info.get("columns", {}).get(c.name)]
    assert {"scdl_deliberations", "scdl_subventions"} <= set(db.view_names())
    assert not missing, f"no French description for: {missing}"


def test_store_replaces_only_what_is_given(export_db: Path, mapping: Path, tmp_path: Path):
    copy = tmp_path / "deliberations.db"
    with sqlite3.connect(export_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    export(copy, "scdl-subventions", config_path=CONFIG, mapping_path=mapping, store=True)
    export(copy, "scdl-deliberations", config_path=CONFIG, store=True)  # no --mapping
    db = sqlite_utils.Database(copy)
    assert db["beneficiary_identifiers"].count == 7
    assert db["export_settings"].get("collectivity_siret")["value"] == "22620001200012"
    empty = tmp_path / "empty.csv"
    empty.write_text("beneficiaire,siret,rna\n", encoding="utf-8")
    export(copy, "scdl-subventions", mapping_path=empty, store=True)  # no --config
    assert db["beneficiary_identifiers"].count == 0 and db["export_settings"].count > 0


def test_more_votes_than_voters_is_flagged_not_changed(export_db: Path, tmp_path: Path):
    copy = tmp_path / "deliberations.db"
    with sqlite3.connect(export_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute(
            "update votes set count = 30 where deliberation_id = '2023-499' and position = 'for'"
        )
    result, data = export(copy, "scdl-deliberations", config_path=CONFIG)
    assert result.ok  # a warning, not a missing value
    assert list(result.scdl.warnings.values()) == [["2023-499"]]
    assert any(line.startswith("  à vérifier — plus de voix") for line in result.report_lines())
    seed = next(r for r in rows_of(data) if r["DELIB_ID"] == "2023-499")
    assert (seed["VOTE_POUR"], seed["VOTE_REEL"]) == ("30", "5")


def test_migration_fills_the_periods_of_a_database_loaded_before(export_db: Path, tmp_path):
    from delib_extract.db.load import open_db
    from delib_extract.db.schema import MIGRATIONS, _v4_scdl_exports

    scdl = 3  # the version just before it (later ones rerun)
    assert MIGRATIONS[scdl + 1] is _v4_scdl_exports
    copy = tmp_path / "deliberations.db"
    with sqlite3.connect(export_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        before = target.execute("PRAGMA user_version").fetchone()[0]
        target.executescript(
            "DROP VIEW scdl_deliberations; DROP VIEW scdl_subventions; "
            "DROP TABLE export_settings; DROP TABLE export_matter_rules; "
            "DROP TABLE beneficiary_identifiers; ALTER TABLE grants DROP COLUMN operation_start; "
            f"ALTER TABLE grants DROP COLUMN operation_end; PRAGMA user_version = {scdl};"
        )
    db = open_db(copy)
    assert db.execute("PRAGMA user_version").fetchone()[0] == before
    periods = dict(
        db.execute(
            "select beneficiary, operation_start || '/' || operation_end from grants "
            "where deliberation_id = '2024-300'"
        ).fetchall()
    )
    assert periods == {"Association Les Petits-Pas": "2024-07-01/2024-12-31",
                       "CCAS d'Arras": None, "ADIL 62": None}  # fmt: skip
    db.close()
    _, data = export(copy, "scdl-subventions", config_path=CONFIG)
    assert len(rows_of(data)) == 11


def test_an_scdl_file_is_one_collectivites(pdf_dir: Path, tmp_path: Path) -> None:
    """A database that also holds another council's deliberations exports the configured
    collectivité's only (the bundled configuration: the Pas-de-Calais)."""
    from support.council_fixtures import DOCUMENTS
    from support.council_pdfgen import build_council_pdf
    from support.dbstate import loaded_db

    other = tmp_path / "other"
    other.mkdir()
    build_council_pdf(DOCUMENTS["council_split_vote"], other / "port.pdf")
    db_path = loaded_db([pdf_dir, other], tmp_path)
    with sqlite3.connect(db_path) as db:
        kerhoel = db.execute(
            "select id from deliberations where authority = 'Ville de Port-Kerhoël'"
        ).fetchone()[0]
    _, data = export(db_path, "scdl-deliberations")
    ids = {row["DELIB_ID"] for row in rows_of(data)}
    assert kerhoel not in ids and "2023-499" in ids
