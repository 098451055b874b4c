"""The general reader on whole documents built by tests/council_pdfgen.py: one per family
of phrasings (tests/council_fixtures.py), read through the real pipeline (PDFium text
layer, Tesseract for the scanned one), compared with what was printed and with reviewed
golden files (tests/golden/council_*.json; regenerate with ``--update-golden``)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from support.council_fixtures import ACTES, DOCUMENTS, SCANNED
from support.council_pdfgen import build_council_pdf

from delib_extract import extract_pdf, ingest
from delib_extract.ocr.tesseract import check_tesseract
from delib_extract.records import Extraction, to_jsonable

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def council_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("council")
    for name, pages in DOCUMENTS.items():
        build_council_pdf(pages, folder / f"{name}.pdf")
    return folder


@pytest.fixture(scope="module")
def read(council_dir: Path) -> dict[str, Extraction]:
    return {name: extract_pdf(council_dir / f"{name}.pdf") for name in DOCUMENTS}


def _comparable(result: Extraction) -> dict:
    data = to_jsonable(result)
    for volatile in ("sha256", "seconds"):
        data.pop(volatile)
    data["pages"] = [
        {"page_number": p["page_number"], "method": p["method"]} for p in data["pages"]
    ]
    return data


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_council_documents_match_golden(name: str, read: dict, update_golden: bool) -> None:
    got = _comparable(read[name])
    path = GOLDEN / f"{name}.json"
    if update_golden or not path.exists():
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not update_golden:
            pytest.fail(f"golden file created, review it: {path}")
    assert got == json.loads(path.read_text(encoding="utf-8"))


def _statuses(decision) -> dict[str, str]:
    return {a.person.full_name: str(a.status) for a in decision.attendance if a.status}


def _votes(decision) -> dict[str, tuple[int | None, tuple[str, ...]]]:
    return {str(v.position): (v.count, v.names) for v in decision.votes}


def test_a_deliberation_with_its_header_block(read: dict) -> None:
    result = read["council_header_block"]
    assert (result.doc_type, result.kind, result.template, result.status) == (
        "deliberation", "council", "conseil", "ok"
    )  # fmt: skip
    sitting = result.sitting
    assert (sitting.authority, sitting.body, sitting.date) == (
        "COMMUNE DE SAINT-AUBIN-DES-LANDES", "conseil municipal", "2024-03-14"
    )  # fmt: skip
    assert (sitting.president, sitting.secretary) == ("Hélène VARIN-COSTE", "Sabine DUVERGER")
    [decision] = result.decisions
    info = decision.info
    assert (info.number, info.actes_id) == ("2024-015", ACTES)
    assert info.title.startswith("Acquisition d'une parcelle boisée") and info.title.endswith(
        "sentier de promenade"
    )
    assert (info.members_in_office, info.members_present, info.voters) == (15, 11, 13)
    # « à l'unanimité » printed after « après en avoir délibéré »; the syndicate's
    # unanimity quoted in a « Considérant » is not this vote, and no count is derived.
    assert (info.adopted, info.unanimous, decision.votes) == (True, True, [])
    statuses = _statuses(decision)
    assert len([s for s in statuses.values() if s == "present"]) == 11
    assert {n: s for n, s in statuses.items() if s != "present"} == {
        "Fabrice TALLEC": "excused", "Laure BESNARD": "excused", "Henri QUÉMÉRÉ": "excused",
        "Lucas PIOU": "absent",
    }  # fmt: skip
    assert [(p.giver, p.holder) for p in decision.proxies] == [
        ("Fabrice TALLEC", "Hélène VARIN-COSTE"), ("Laure BESNARD", "Bruno LAFFONT")
    ]  # fmt: skip
    assert statuses["Claire DE LA MOTTE"] == "present"


def test_a_split_vote_with_names_and_surnames_first(read: dict) -> None:
    result = read["council_split_vote"]
    assert result.sitting.date == "2024-02-12"  # « L'an deux mille vingt-quatre, le douze février »
    [decision] = result.decisions
    assert (decision.info.number, decision.info.title) == (
        "DE2024-007", "Tarifs du port de plaisance pour l'année 2024"
    )  # fmt: skip
    assert (decision.info.adopted, decision.info.unanimous) == (True, False)
    assert _votes(decision) == {
        "for": (16, ()),
        "against": (3, ("Jean RIVOAL", "Élise QUINIOU", "Alain VIGOUROUX")),
        "abstention": (1, ("Loïc PRIGENT",)),
    }
    people = {a.person.full_name: (a.person.first_name, a.person.last_name)
              for a in decision.attendance}  # fmt: skip
    assert people["Anne LE BRIS"] == ("Anne", "LE BRIS")  # « LE BRIS Anne », reordered
    assert (decision.info.members_in_office, decision.info.members_present,
            decision.info.voters) == (23, 17, 20)  # fmt: skip
    assert ("Martine FLOCH", "Denis CARADEC") in [(p.giver, p.holder) for p in decision.proxies]


def test_a_register_with_its_number_above_the_lists(read: dict) -> None:
    [decision] = read["council_register"].decisions
    assert decision.info.number == "2024/88"
    assert (
        decision.info.title
        == "Commission communale des impôts directs Désignation des commissaires"
    )
    assert (decision.info.adopted, decision.info.unanimous) == (True, None)
    assert decision.info.actes_id.endswith("-20240409-0000012345-DE")
    # the empty « Absents : » list does not take the title for a name
    assert set(_statuses(decision).values()) == {"present"}
    assert [(p.giver, p.holder) for p in decision.proxies] == [
        ("Zoé RAFFIN", None), ("Bastien SÉVERAC", None)
    ]  # fmt: skip
    assert read["council_register"].sitting.president == "Rémi FAUCHERAND"


def test_minutes_of_a_small_commune(read: dict) -> None:
    result = read["council_minutes_points"]
    assert result.doc_type == "minutes"
    got = [
        (d.info.title, d.info.number, {k: v[0] for k, v in _votes(d).items()}, d.info.adopted)
        for d in result.decisions
    ]
    assert got == [
        ("Travaux de voirie chemin des Saules", None, {"for": 12}, None),
        ("Vote du budget de fonctionnement", None, {"for": 13}, None),
        ("Vote du budget d'investissement", None, {"for": 10, "abstention": 3}, None),
        ("Location du logement communal", None, {"for": 9, "against": 3, "abstention": 1},
         None),
        ("Achat d'un défibrillateur", None, {}, False),
    ]  # fmt: skip
    first = result.decisions[0]
    assert _statuses(first)["Océane"] == "absent"
    assert [(p.giver, p.holder) for p in first.proxies] == [("Mathilde", "Sylvie"),
                                                           ("Rémy", "Julien")]  # fmt: skip
    # the sitting's attendance and proxies are on every decision
    assert all(d.attendance == first.attendance for d in result.decisions)


def test_minutes_with_numbered_deliberations(read: dict) -> None:
    result = read["council_minutes_numbered"]
    assert result.sitting.secretary == "Jeanne ORTALO ; Kevin PUECH"
    numbers = [(d.info.number, d.info.title) for d in result.decisions]
    assert numbers == [
        ("D2024-21", "approbation du procès-verbal de la séance du 8 février 2024"),
        ("D2024-22", "Subvention exceptionnelle au comité des fêtes pour l'organisation de la "
                     "fête de la Saint-Jean"),
        ("D2024-23", "Modification du tableau des emplois"),
    ]  # fmt: skip
    second = result.decisions[1]
    assert _votes(second)["against"] == (1, ("Olivier VERDIER",))
    recused = [a.person.full_name for a in second.attendance if a.recusal == "vote"]
    assert recused == ["Brigitte FAURE"]
    assert second.info.members_present == 15  # « (15 présents ; 3 pouvoirs) »


def test_an_intercommunality(read: dict) -> None:
    result = read["council_intercommunality"]
    assert (result.sitting.body, result.sitting.secretary) == ("conseil communautaire",
                                                               "Anne CARRIÈRE")  # fmt: skip
    [decision] = result.decisions
    assert (decision.info.number, decision.info.title) == (
        "2023-145", "ADHÉSION AU SYNDICAT MIXTE DE LA FIBRE"
    )  # fmt: skip
    assert (decision.info.members_in_office, decision.info.members_present,
            decision.info.voters) == (33, 28, 31)  # fmt: skip
    assert (decision.info.adopted, decision.info.unanimous) == (True, True)
    assert [n for n, s in _statuses(decision).items() if s == "present"] == [
        "Patrick LEMOINE", "Sophie ARNAUD", "Luc BESSON", "Anne CARRIÈRE", "Hugo DELORME"
    ]  # fmt: skip
    assert [(p.giver, p.holder) for p in decision.proxies] == [
        ("Jean FERRAND", "Luc BESSON"), ("Irène GAUDIN", "Sophie ARNAUD")
    ]  # fmt: skip


def test_minutes_listing_surnames(read: dict) -> None:
    result = read["council_minutes_surnames"]
    got = [(d.info.number, d.info.title, d.info.adopted, d.info.unanimous, _votes(d))
           for d in result.decisions]  # fmt: skip
    assert got == [
        (None, "Approbation du procès-verbal de la séance précédente", True, True, {}),
        (None, "Tarifs de la cantine scolaire", True, False,
         {"for": (6, ()), "abstention": (1, ("PETIT",))}),
    ]  # fmt: skip
    assert _statuses(result.decisions[0]) == {
        "DUPONT": "present", "MARTIN": "present", "PETIT": "present", "DURAND": "present",
        "LEROY": "present", "GIRARD": "present", "BERNARD": "excused", "THOMAS": "excused",
    }  # fmt: skip
    assert result.sitting.secretary == "LEROY"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Extraction:
    try:
        check_tesseract("fra")
    except Exception:  # scripts/setup.sh installs it: CI always has it
        pytest.skip("Tesseract (fra) not installed")
    pages, scan = SCANNED["council_minutes_scanned"]
    path = build_council_pdf(pages, tmp_path_factory.mktemp("scan") / "pv.pdf", scan=scan, size=12)
    return extract_pdf(path)


@pytest.mark.slow  # Tesseract
def test_scanned_minutes_read_by_ocr(scanned: Extraction) -> None:
    assert [p.method for p in scanned.pages] == ["ocr", "ocr"]
    assert scanned.doc_type == "minutes"
    assert (scanned.sitting.date, scanned.sitting.president, scanned.sitting.secretary) == (
        "2023-09-19", "Serge ROUMANILLE", "Agnès DURAND"
    )  # fmt: skip
    assert [(d.info.title, d.info.unanimous, d.info.adopted) for d in scanned.decisions] == [
        ("Nomination du secrétaire", True, True),
        ("Travaux de réfection du lavoir", True, True),
        ("Adhésion au service de médecine préventive", True, True),
    ]
    attendance = scanned.decisions[0].attendance
    assert _statuses(scanned.decisions[0]) == {
        "Serge ROUMANILLE": "present", "Josiane BERTRAND": "present", "Michel CASTAN": "present",
        "Agnès DURAND": "present", "Robert ESPARON": "present", "Claire FABRE": "present",
        "Henri GAUTIER": "absent",
    }  # fmt: skip
    assert all(a.ocr_confidence for a in attendance)  # read on a scanned page


def test_an_incomplete_decision_is_kept_with_what_is_missing(tmp_path: Path) -> None:
    pages = [[
        "Commune de Lorval", "Extrait du registre des délibérations du conseil municipal",
        "Séance du 3 juin 2024", "Présents : Jean ARNOULD, Marie BRETON, Paul CHARRIER",
        "Délibération n° 2024-031", "Vu le code général des collectivités territoriales,",
        "La suite de la délibération est illisible.",
    ]]  # fmt: skip
    result = extract_pdf(build_council_pdf(pages, tmp_path / "incomplete.pdf"))
    [decision] = result.decisions
    assert (decision.info.number, decision.info.adopted, decision.info.unanimous) == (
        "2024-031", None, None
    )  # fmt: skip
    messages = [c.message for c in decision.checks if c.kind == "extraction"]
    assert any("résultat du vote introuvable" in m for m in messages)
    assert result.status == "ok"  # a warning: what was read stays usable
    nothing = [["Conseil municipal", "Délibération", "Texte sans numéro ni objet ni vote."]]
    unread = extract_pdf(build_council_pdf(nothing, tmp_path / "nothing.pdf"))
    assert unread.decisions and unread.status == "partial"  # neither number nor title


def test_numbers_printed_in_the_points_titles(tmp_path: Path) -> None:
    pages = [[
        "Commune de Trévoux-les-Bois", "Compte rendu du conseil municipal du 2 février 2024",
        "Présents : Jean ARNOULD, Marie BRETON, Paul CHARRIER, Lise DAVID",
        "1. Budget primitif 2024 (délibération n° 2024-001)", "Adopté à l'unanimité.",
        "2. Subvention au club de football (délibération n° 2024-002)",
        "Adopté par 3 voix pour et 1 contre.",
        "3. DCM n° 2024-003 : Tarifs de location de la salle", "Adopté à l'unanimité.",
    ]]  # fmt: skip
    result = extract_pdf(build_council_pdf(pages, tmp_path / "cr.pdf"))
    assert [(d.info.number, d.info.title) for d in result.decisions] == [
        ("2024-001", "Budget primitif 2024"),
        ("2024-002", "Subvention au club de football"),
        ("2024-003", "Tarifs de location de la salle"),
    ]
    assert _votes(result.decisions[1]) == {"for": (3, ()), "against": (1, ())}


def test_an_extract_of_two_deliberations_gives_both(tmp_path: Path) -> None:
    pages = [[
        "Commune de Lorval", "Extrait du registre des délibérations du conseil municipal",
        "Séance du 3 juin 2024", "Présents : Jean ARNOULD, Marie BRETON, Paul CHARRIER, Lise DAVID",
        "Délibération n° 2024-031 : Tarifs de la cantine",
        "Le conseil municipal, après en avoir délibéré, à l'unanimité, fixe les tarifs.",
        "Délibération n° 2024-032 : Vente d'un chemin rural",
        "Le conseil municipal, après en avoir délibéré, par 3 voix pour et 1 contre, approuve "
        "la vente.",
    ]]  # fmt: skip
    result = extract_pdf(build_council_pdf(pages, tmp_path / "deux.pdf"))
    assert result.doc_type == "deliberation"
    assert [(d.info.number, d.info.unanimous, _votes(d)) for d in result.decisions] == [
        ("2024-031", True, {}),
        ("2024-032", False, {"for": (3, ()), "against": (1, ())}),
    ]


def test_an_agenda_gives_no_decision(tmp_path: Path) -> None:
    pages = [["Commune de Lorval", "Conseil municipal du 12 juin 2024", "ORDRE DU JOUR",
              "1. Approbation du procès-verbal", "2. Tarifs de la cantine scolaire : adoption",
              "3. Questions diverses"]]  # fmt: skip
    result = extract_pdf(build_council_pdf(pages, tmp_path / "odj.pdf"))
    assert (result.doc_type, result.decisions, result.kind) == ("agenda", [], "other")


def test_council_documents_loaded(council_dir: Path, tmp_path: Path) -> None:
    """Through the real loader: one row per decision, proxies, names of a side,
    absences and recusals, members per authority."""
    db_path = tmp_path / "council.db"
    report = ingest([council_dir], db_path, tmp_path / "raw", jobs=1)
    assert (report.failed, report.partial, report.other) == (0, 0, 0)
    with sqlite3.connect(db_path) as db:
        count = db.execute("select count(*) from deliberations").fetchone()[0]
        assert count == 1 + 1 + 1 + 5 + 3 + 1 + 2
        names = db.execute(
            "select v.names from votes v join deliberations d on d.id = v.deliberation_id "
            "where d.number = 'DE2024-007' and v.position = 'against'"
        ).fetchone()[0]
        assert json.loads(names) == ["Jean RIVOAL", "Élise QUINIOU", "Alain VIGOUROUX"]
        proxies = db.execute(
            "select giver, holder, giver_member_id is not null from proxies p join "
            "deliberations d on d.id = p.deliberation_id where d.number = '2024/88'"
        ).fetchall()
        assert proxies == [("Zoé RAFFIN", None, 1), ("Bastien SÉVERAC", None, 1)]
        recusal = db.execute(
            "select m.full_name from attendance a join members m on m.id = a.member_id "
            "where a.recusal = 'vote'"
        ).fetchall()
        assert recusal == [("Brigitte FAURE",)]
        absent = db.execute("select count(*) from attendance where status = 'absent'").fetchone()
        assert absent[0] > 0
        authorities = db.execute("select count(distinct authority) from members").fetchone()[0]
        assert authorities >= 4
        meeting = db.execute(
            "select authority, body, date, president from meetings where date = '2024-03-14'"
        ).fetchone()
        assert meeting == ("COMMUNE DE SAINT-AUBIN-DES-LANDES", "conseil municipal",
                           "2024-03-14", "Hélène VARIN-COSTE")  # fmt: skip
