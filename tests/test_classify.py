"""What a document is: classified from its text, recorded, faceted in Datasette; a
document that is not a CP deliberation keeps its pages searchable and gets no rows."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, hostile

from delib_extract import ingest
from delib_extract.db.doctypes import classify_stored
from delib_extract.db.load import open_db
from delib_extract.db.schema import MIGRATIONS, _v7_document_types
from delib_extract.parse.classify import classify
from delib_extract.vocab import TYPE_LABELS, DocType

STAMP = "Envoyé en préfecture le 21/10/2024\nReçu en préfecture le 21/10/2024\n"

# Heads written like those of the real documents of ../shared/corpus/real.
HEADS = {
    DocType.DELIBERATION: [
        "Direction du Secrétariat Général\nExtrait du registre des\ndélibérations du Conseil"
        " Municipal\nn° 2014 / 137\nPrésents : Fabien ABERT, Luc ALBERNHE",
        "DELIBERATION du CONSEIL MUNICIPAL\nSéance du lundi 1 février 2016\nN° 2016.02.16",
        # A scanned one: the @ctes stamp, then the OCR'd body with no title.
        STAMP + "ID : 029-200054724-20241016-DE2024_110-DE\nMembres en exercice : 29\n"
        "Le conseil municipal s'est réuni en séance ordinaire.\nEtaient présents : M. A B\n"
        "Après en avoir délibéré, le conseil municipal décide",
        "Nombre de membres\nqui ont pris part à la\ndélibération :\n23\n"
        "DELIBERATION N° 2023-45\nLe conseil communautaire, après en avoir délibéré",
    ],
    DocType.MINUTES: [
        "PROCES-VERBAL DU CONSEIL MUNICIPAL\nSéance du jeudi 13 décembre 2018\nPrésents : A B\n"
        "Délibération D2018-01 : adoptée. Ordre du jour suivant",
        "Page 1 sur 19 COMPTE RENDU DE LA SEANCE DU CONSEIL MUNICIPAL DU 9 JUILLET 2013",
        "CR du conseil municipal 7 octobre 2022\nPrésents : Jean-Pierre JEANROY",
        "Conseil municipal du 4 juin 2021\nPrésents : Jean-Pierre, Yves\nOrdre du jour :\n1.",
        STAMP + "PROCES VEH riviéie\nSéance du 31 mars 2023",  # OCR'd « PROCES VERBAL »
        "Corapte rendu comeil municipal du 25 mars 2022",  # OCR'd « Compte rendu »
    ],
    DocType.AGENDA: [
        "HOTEL DE VILLE MAIRIE ANNEXE\n12, QUAI JEAN JAURES\nCONSEIL MUNICIPAL DU 17 SEPTEMBRE"
        " 2025\nORDRE DU JOUR\n1. Approbation du procès-verbal de la séance",
        "Liste des délibérations votées\nLe 16 MAI 2025\nApprobation du procès-verbal",
    ],
    DocType.PREFECTURE_ACT: [
        "PRÉFET DE L'AUBE\nRECUEIL DES ACTES ADMINISTRATIFS\nSPÉCIAL N°070",
        "Préfecture des Alpes-de-Haute-Provence\n04-2025-05-12-00002\nAP 2025-132-003",
        "En PRÉFET : DU FINISTÈRE\nARRÊTÉ PRÉFECTORAL DU 11 JUIL. 2024",
        "03_DDFIP_Direction Départementale des Finances Publiques\n03-2025-01-02-00001",
    ],
    DocType.ORDER: [
        STAMP + "ID : 029-200054724-20240723-DG2024_001-AI\nArrêté du maire n° DG2024-001 "
        "portant délégation\nVu la délibération du conseil municipal n°2020-073",
    ],
    DocType.OTHER: [
        "Commune d'Audierne\nBILAN DE LA CONCERTATION – annexe à la délibération du 11 déc",
        "CAMPAGNE DE RAVALEMENT INCITATIVE\nRÈGLEMENT DES AIDES\nDE2025-060 : Annexe",
        "Recette de la tarte aux pommes\nPréparation : 20 minutes",
        "",
    ],
}


@pytest.mark.parametrize(
    ("expected", "text"),
    [(doc_type, text) for doc_type, texts in HEADS.items() for text in texts],
)
def test_classify_the_heads_of_real_documents(expected: DocType, text: str) -> None:
    assert classify([text]) == expected


def test_only_extraction_makes_a_cp_deliberation() -> None:
    head = "COMMISSION PERMANENTE\nREUNION DU 20 NOVEMBRE 2023\n(N°2023-499)"
    assert classify([head], "cp_deliberation") == DocType.CP_DELIBERATION
    assert classify([head], "other") != DocType.CP_DELIBERATION
    assert classify([head], "cp_deliberation", "failed") == DocType.UNREADABLE
    assert set(TYPE_LABELS) == set(DocType)  # every type has its French label


def _minutes_pdf() -> bytes:
    lines = [
        "PROCÈS-VERBAL DU CONSEIL MUNICIPAL", "Séance du 12 mars 2024",
        "Étaient présents : M. Jean DUPONT, Mme Zoé MARTIN.", "Excusés : M. Paul DURAND.",
        "Délibération n° 2024-01 : subvention de 1 500,00 € à l'association Les Amis.",
        "Pour : 12 voix ; Contre : 0 voix. Adopté à l'unanimité.",
    ]  # fmt: skip
    return hostile.raw_pdf([hostile.text_stream(lines)])


@pytest.fixture(scope="module")
def mixed_db(sample_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("mixed")
    minutes = hostile.write(work, "pv-2024-03-12.pdf", _minutes_pdf())
    report = ingest([minutes, sample_pdf], work / "deliberations.db", work / "raw", jobs=1)
    assert (report.ok, report.other) == (2, 0)
    return work / "deliberations.db"  # the name metadata.json describes


def test_minutes_are_classified_searchable_and_read_by_the_council_template(
    mixed_db: Path,
) -> None:
    with sqlite3.connect(mixed_db) as db:
        types = dict(db.execute("select original_name, doc_type from documents"))
        assert types == {"pv-2024-03-12.pdf": "minutes", "seed_like.pdf": "cp_deliberation"}
        minutes = db.execute("select sha256 from documents where doc_type = 'minutes'").fetchone()[
            0
        ]
        found = db.execute(
            "select p.document_sha256 from pages_fts join pages p on p.rowid = pages_fts.rowid "
            "where pages_fts match 'dupont'"
        ).fetchall()
        assert found == [(minutes,)]
        # The general reader (templates/council.py) reads its decision, vote and lists.
        row = db.execute(
            "select number, adopted, unanimous, template from deliberations d "
            "join documents o on o.sha256 = d.document_sha256 where o.sha256 = ?",
            [minutes],
        ).fetchone()
        assert row == ("2024-01", 1, 1, "conseil")
        statuses = dict(
            db.execute(
                "select m.last_name, a.status from attendance a join members m on m.id = "
                "a.member_id join deliberations d on d.id = a.deliberation_id "
                "where d.document_sha256 = ?",
                [minutes],
            )
        )
        assert statuses == {"DUPONT": "present", "MARTIN": "present", "DURAND": "excused"}


def test_documents_loaded_before_are_classified_by_the_migration(
    mixed_db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "old.db"
    with sqlite3.connect(mixed_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as db:
        db.execute("update documents set doc_type = null")
        before = 6  # the version just before it
        assert MIGRATIONS[before + 1] is _v7_document_types
        db.execute(f"pragma user_version = {before}")
    open_db(copy).close()  # migrates
    with sqlite3.connect(copy) as db:
        assert dict(db.execute("select original_name, doc_type from documents")) == {
            "pv-2024-03-12.pdf": "minutes", "seed_like.pdf": "cp_deliberation",
        }  # fmt: skip
    assert classify_stored(open_db(copy)) == 0  # nothing left to classify


@pytest.mark.slow  # Datasette in a subprocess
def test_datasette_facets_documents_by_type_with_french_labels(mixed_db: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "datasette", "-i", str(mixed_db),
         "--metadata", str(ROOT / "metadata.json"),
         "--get", "/deliberations/documents.json?_facet=doc_type"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    facet = json.loads(done.stdout)["facet_results"]["doc_type"]["results"]
    labels = {item["value"]: item["label"] for item in facet}
    assert labels == {
        "minutes": "Procès-verbal, compte rendu",
        "cp_deliberation": "Délibération de Commission Permanente",
    }
