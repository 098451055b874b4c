"""The export's rules, inputs and validation, without a database: French inputs in, SCDL out."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import ROOT

from delib_extract.db.entities import beneficiary_key
from delib_extract.db.periods import operation_period
from delib_extract.export import ConfigError, load_config, load_mapping, load_schema, validate_csv
from delib_extract.export.scdl import FORMATS
from delib_extract.export.tables import amount_text
from delib_extract.export.views import _AMOUNT, _OBJET

SHARED_SCDL = ROOT.parent.parent / "shared" / "scdl"
if not SHARED_SCDL.is_dir():  # the worktree layout (/work/wt/NAME) or a clone beside shared/
    SHARED_SCDL = ROOT.parent / "shared" / "scdl"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Accompagnement de 20 participants - opération du 01/10/23 au 30/06/24",
         "2023-10-01/2024-06-30"),
        ("11 mesures d'accompagnement - période du 01/02/23 au 31/01/24", "2023-02-01/2024-01-31"),
        ("Du 1er juillet 2023 au 31 décembre 2023", "2023-07-01/2023-12-31"),
        ("1 poste du 1er octobre 2023 au 31 décembre 2024", "2023-10-01/2024-12-31"),
        ("du 1er juillet au 31 décembre 2023", "2023-07-01/2023-12-31"),
        ("du 1er novembre au 31 mars 2024", "2023-11-01/2024-03-31"),
        ("du 1 er juillet au 31 décembre 2023", "2023-07-01/2023-12-31"),
        ("DU 01.10.2023 AU 30.06.2024", "2023-10-01/2024-06-30"),
        ("du\u00a015 février 2024 au 14 août 2024", "2024-02-15/2024-08-14"),
        ("39 accompagnements", None),
        ("Auto-école sociale et accompagnement au permis B", None),
        ("du 31/02/23 au 01/03/23", None),  # no such day
        ("du 01/10/24 au 30/06/24", None),  # ends before it starts
        ("à compter du 1er janvier 2024", None),  # no end
        ("", None),
        (None, None),
    ],
)  # fmt: skip
def test_period_from_the_description(text: str | None, period: str | None) -> None:
    found = operation_period(text)
    assert (found and "/".join(found)) == period


def _sql(expression: str, **columns: object) -> object:
    """One SCDL column expression of export/views.py, over a one-row ``grants`` alias."""
    names = ", ".join(f"? AS {name}" for name in columns)
    with sqlite3.connect(":memory:") as conn:
        row = conn.execute(
            f"SELECT {expression} FROM (SELECT {names}) g", list(columns.values())
        ).fetchone()
    return row[0]


@given(st.decimals(min_value=-1, max_value=Decimal("9999999999.99"), places=2))
def test_amount_keeps_its_cents_through_the_stored_real(value: Decimal) -> None:
    stored = float(round(value, 2))  # what db/load.py writes (amounts.to_float)
    assert amount_text(stored) == f"{value:.2f}"  # raw table exports (Decimal)
    assert _sql(_AMOUNT, amount=stored) == f"{value:.2f}"  # the SCDL views (integer cents)


@pytest.mark.parametrize(
    ("stored", "text"),
    [(22991.9, "22991.90"), (26449.0, "26449.00"), (1038199.0, "1038199.00"),
     (73846.05, "73846.05"), (0.1 + 0.2, "0.30"), (5000, "5000.00"), (None, None)],
)  # fmt: skip
def test_amount_text(stored: float | None, text: str | None) -> None:
    assert amount_text(stored) == text
    assert _sql(_AMOUNT, amount=stored) == text


def objet(operation: str | None, description: str | None) -> str | None:
    return _sql(_OBJET, operation=operation, description=description)


def test_objet_joins_operation_and_description_within_256_characters() -> None:
    assert objet("Accompagner autrement", "22 participants") == (
        "Accompagner autrement : 22 participants"
    )
    assert objet(None, "Crèche AVIP") == "Crèche AVIP"
    assert objet("Coordonnateur ASE", "coordonnateur ase") == "Coordonnateur ASE"
    assert objet(None, None) is None
    full = "Équipes mobiles : " + "prévention des expulsions locatives, " * 11 + "fin"
    long = objet("Équipes mobiles", full.split(" : ", 1)[1])
    kept = long[:-1]
    assert len(long) <= 256 and long.endswith("…") and full.startswith(kept)
    assert full[len(kept)] in " ," and not kept.endswith((" ", ","))  # whole words only
    unbroken = objet(None, "x" * 300)
    assert unbroken == "x" * 255 + "…"
    # Characters, not bytes: 100 + 3 + 153 = 256 accented characters are kept whole.
    assert objet("É" * 100, "é" * 153) == "É" * 100 + " : " + "é" * 153


def test_beneficiary_key_ignores_accents_case_and_punctuation() -> None:
    """The mapping file's key is the publication's ``grants.beneficiary_id``."""
    assert beneficiary_key("CCAS de Pont-à-Vendin") == beneficiary_key("CCAS DE PONT A VENDIN")
    assert beneficiary_key("Mission locale de l’Artois") == beneficiary_key(
        "MISSION LOCALE DE L'ARTOIS"
    )
    assert beneficiary_key(" - ") is None


def test_example_config_loads() -> None:
    config = load_config(ROOT / "examples" / "scdl-config.toml")
    assert config.collectivity_siret == "22620001200012"
    assert config.settings()["eu_notification"] == "non"
    assert config.aid_nature == "aide en numéraire"
    assert load_mapping(ROOT / "examples" / "beneficiaires.csv") == {}


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[collectivite]\nsiret = "2262000120001"', "14 chiffres"),
        ('[collectivite]\nnom = 3', "chaîne"),
        ('[collectivite]\nville = "Arras"', "clé inconnue"),
        ('[deliberations]\nmatiere_code = "7.11"\nmatiere_nom = "x"', "ACTES"),
        ('[deliberations]\nmatiere_code = "7.5"', "vont ensemble"),
        ('[deliberations]\npref_id = "PREF62"', "pref_id"),
        ('[subventions]\nnature = "aide numéraire"', "nature"),
        ('[subventions]\ndate_convention = "2023-01-01"', "date_convention"),
        ('[subventions]\nnotification_ue = "peut-être"', "true ou false"),
        ('[[deliberations.matiere_par_objet]]\nobjet_contient = "x"\ncode = "8.2"', "il faut"),
        ("[collectivite\n", "TOML invalide"),
    ],
)  # fmt: skip
def test_config_mistakes_are_named(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_mapping_file_forms(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "\ufeff# commentaire\nNom du bénéficiaire;SIRET;RNA\n"
        "CCAS de Pont-à-Vendin;216 206 677 00011;\n"
        "# une autre remarque\n\n"
        "Association Les Petits Pas;;w123456789\n",
        encoding="utf-8",
    )
    found = load_mapping(path)
    assert found[beneficiary_key("CCAS DE PONT A VENDIN")].siret == "21620667700011"
    assert found[beneficiary_key("ASSOCIATION LES PETITS-PAS")].rna == "W123456789"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("beneficiaire,siret\nX,1234\n", "ligne 2 : SIRET « 1234 »"),
        ("beneficiaire,rna\nX,123456789\n", "RNA"),
        ("beneficiaire,siret\nX,\n", "sans SIRET ni RNA"),
        ("beneficiaire,siret\nCCAS A,00000000100017\nccas-a,00000000200016\n", "déjà"),
        ("nom;numero\nX;1\n", "en-tête"),
        ("# rien\n", "vide"),
    ],
)
def test_mapping_mistakes_are_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "m.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_mapping(path)


def _shared_schema(name: str) -> Path:
    path = SHARED_SCDL / name
    if not path.exists():
        pytest.skip(f"{path} absent")
    return path


@pytest.mark.parametrize(
    ("fmt", "shared"),
    [("scdl-deliberations", "deliberations-2.1.5.schema.json"),
     ("scdl-subventions", "subventions-2.1.1.schema.json")],
)  # fmt: skip
def test_schema_copies_agree_with_the_shared_ones(fmt: str, shared: str) -> None:
    """Same fields, order, types and constraints; ``%Y-%m-%d`` and ``default`` both mean ISO."""
    ours = load_schema(FORMATS[fmt].schema_path)
    theirs = json.loads(_shared_schema(shared).read_text(encoding="utf-8"))

    def essentials(schema: dict) -> list[tuple]:
        return [
            (f["name"], f["type"], {"%Y-%m-%d": "default"}.get(f.get("format"), f.get("format")),
             f.get("constraints", {}), f.get("trueValues"), f.get("falseValues"))
            for f in schema["fields"]
        ]  # fmt: skip

    assert essentials(ours) == essentials(theirs)
    assert FORMATS[fmt].columns == tuple(f["name"] for f in ours["fields"])
    assert ours["missingValues"] == theirs["missingValues"] == [""]


BAD_SUBVENTION = (
    "Département,2262000120001,2023-13-20,2023-499,CIAS,1234,W12,obj,22991.90,aide,unique,"
    "2023-10-01/2024-06,,yes,0,\n"
)


@pytest.mark.parametrize("schema_source", ["ours", "shared"])
def test_validation_finds_each_broken_value(schema_source: str) -> None:
    fmt = FORMATS["scdl-subventions"]
    path = (
        fmt.schema_path
        if schema_source == "ours"
        else _shared_schema("subventions-2.1.1.schema.json")
    )
    data = (",".join(fmt.columns) + "\n" + BAD_SUBVENTION).encode("utf-8")
    errors = validate_csv(data, load_schema(path))
    assert {(e.line, e.field) for e in errors} == {
        (2, name) for name in ("idAttribuant", "dateConvention", "idBeneficiaire",
                               "rnaBeneficiaire", "nature", "datesPeriodeVersement",
                               "notificationUE", "pourcentageSubvention")
    }  # fmt: skip
    assert not validate_csv((",".join(fmt.columns) + "\n").encode(), load_schema(path)), (
        "a header alone is valid"
    )
