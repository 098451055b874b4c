"""Attendance, recusals, votes, heading, citations and articles on the real wording."""

from __future__ import annotations

from decimal import Decimal

import pytest

from delib_extract.parse.articles import decision_start, parse_articles
from delib_extract.parse.attendance import merge_recusals, parse_attendance, parse_recusals
from delib_extract.parse.citations import parse_citations
from delib_extract.parse.heading import parse_heading
from delib_extract.parse.votes import parse_vote
from delib_extract.text.doctext import DocText
from delib_extract.vocab import AttendanceStatus, BudgetKind, Recusal, VotePosition

HEAD = """DEPARTEMENT DU PAS-DE-CALAIS
DELIBERATION DE LA COMMISSION PERMANENTE
DU CONSEIL DEPARTEMENTAL
REUNION DU 20 NOVEMBRE 2023
PRESIDENCE DE MONSIEUR JEAN-CLAUDE LEROY
Secrétaire : Mme Maryse DELASSUS
Étaient présents : M. Jean-Claude LEROY, Mme Mireille HINGREZ-CÉRÉDA, M. Daniel
MACIEJASZ, Mme Bénédicte MESSEANNE\ufffeGROBELNY, M.  Sébastien  CHOCHOIS,
Mme Maryse  DELASSUS, M.
Jean-Louis COTTIGNY.
Excusé(s) : M. Pierre GEORGET, Mme Stéphanie RIGAUX.
Assistant  également  sans  voix  délibérative :  M.  Bertrand
PETIT, M. Jean-Marc TELLIER.
Excusé(s) sans voix délibérative : M. Michel DAGBERT.
APPEL À PROJET DES POLITIQUES D'INCLUSION DURABLE 2023 - PHASE 6
(N°2023-499)
La Commission Permanente du Conseil départemental du Pas-de-Calais,
Vu la délibération n°2023-259 de la Commission Permanente du 12/06/2023 « Appels à
projets des politiques d’inclusion durable 2023 – Phase 2 » ;
Vu le rapport du Président du Conseil départemental, ci-annexé ;
Mesdames  Mireille
HINGREZ-CEREDA et Maryse DELASSUS ainsi que Messieurs Daniel MACIEJASZ et Sébastien
CHOCHOIS, intéressés à l'affaire, n'ont pris part ni au
débat ni au vote.
1/4
Monsieur Bertrand PETIT, intéressé à l’affaire et invité sans voix délibérative, n’a pas
pris part au débat.
Après en avoir délibéré,
DECIDE :
Article 1 :
D’autoriser le Département à percevoir la recette de 40 000 euros correspondant à la
participation de l’État.
Article 2 :
De valider le financement des opérations de la thématique 2 « Développement des
compétences et accès à l’emploi » reprises en annexe 1, pour un montant total de
148 174,95 €, ainsi que la répartition financière proposée en annexe 4 à la présente
délibération.
Article 3 :
Les dépenses versées en application de l'article 2 de la présente délibération
sont imputées sur le budget départemental comme suit :
Dans les conditions de vote ci-dessous :
Pour : 31 voix (Groupe Socialiste, Républicain et Citoyen ; Groupe Communiste et
Républicain ; Non\ufffeinscrit)
Contre : 0 voix
Abstention : 13 voix (Groupe Union pour le Pas-de-Calais)
(Adopté)
"""


@pytest.fixture()
def doc() -> DocText:
    from delib_extract.text.normalise import clean_pdf_text

    pages = clean_pdf_text(HEAD).split("1/4\n")
    return DocText.from_pages([(1, pages[0]), (2, pages[1])])


def test_heading(doc: DocText) -> None:
    heading = parse_heading(doc)
    assert heading.number == "2023-499"
    assert heading.date == "2023-11-20"
    assert heading.body == "Commission Permanente"
    assert heading.title == "APPEL À PROJET DES POLITIQUES D'INCLUSION DURABLE 2023 - PHASE 6"
    assert (heading.programme, heading.phase) == (
        "APPEL À PROJET DES POLITIQUES D'INCLUSION DURABLE 2023",
        "6",
    )
    assert heading.secretary.full_name == "Maryse DELASSUS"


def test_attendance_lists(doc: DocText) -> None:
    heading = parse_heading(doc)
    records = parse_attendance(doc, end=heading.title_offset)
    by_status: dict[AttendanceStatus, list[str]] = {}
    for record in records:
        by_status.setdefault(record.status, []).append(record.person.full_name)
    assert by_status[AttendanceStatus.PRESENT] == [
        "Jean-Claude LEROY",
        "Mireille HINGREZ-CÉRÉDA",
        "Daniel MACIEJASZ",
        "Bénédicte MESSEANNE-GROBELNY",
        "Sébastien CHOCHOIS",
        "Maryse DELASSUS",
        "Jean-Louis COTTIGNY",
    ]
    assert by_status[AttendanceStatus.EXCUSED] == ["Pierre GEORGET", "Stéphanie RIGAUX"]
    assert by_status[AttendanceStatus.ADVISORY_PRESENT] == ["Bertrand PETIT", "Jean-Marc TELLIER"]
    assert by_status[AttendanceStatus.ADVISORY_EXCUSED] == ["Michel DAGBERT"]
    assert all(r.page == 1 for r in records)


def test_recusals_share_the_civility_of_their_list(doc: DocText) -> None:
    recusals = parse_recusals(doc)
    found = [(r.person.civility, r.person.full_name, r.recusal, r.advisory) for r in recusals]
    assert found == [
        ("Mme", "Mireille HINGREZ-CEREDA", Recusal.DEBATE_AND_VOTE, False),
        ("Mme", "Maryse DELASSUS", Recusal.DEBATE_AND_VOTE, False),
        ("M.", "Daniel MACIEJASZ", Recusal.DEBATE_AND_VOTE, False),
        ("M.", "Sébastien CHOCHOIS", Recusal.DEBATE_AND_VOTE, False),
        ("M.", "Bertrand PETIT", Recusal.DEBATE, True),
    ]
    assert recusals[-1].page == 2


def test_recusals_land_on_attendance_whatever_the_accents(doc: DocText) -> None:
    heading = parse_heading(doc)
    merged = merge_recusals(parse_attendance(doc, end=heading.title_offset), parse_recusals(doc))
    recused = {r.person.last_name: r.recusal for r in merged if r.recusal}
    assert recused == {
        "HINGREZ-CÉRÉDA": Recusal.DEBATE_AND_VOTE,
        "MACIEJASZ": Recusal.DEBATE_AND_VOTE,
        "CHOCHOIS": Recusal.DEBATE_AND_VOTE,
        "DELASSUS": Recusal.DEBATE_AND_VOTE,
        "PETIT": Recusal.DEBATE,
    }
    assert len(merged) == 12  # nobody added twice


def test_vote_counts_and_groups(doc: DocText) -> None:
    vote = parse_vote(doc, decision_start(doc))
    assert vote.adopted is True and vote.unanimous is False
    counts = {v.position: (v.count, v.groups) for v in vote.records}
    assert counts[VotePosition.FOR] == (
        31,
        (
            "Groupe Socialiste, Républicain et Citoyen",
            "Groupe Communiste et Républicain",
            "Non-inscrit",
        ),
    )
    assert counts[VotePosition.AGAINST] == (0, ())
    assert counts[VotePosition.ABSTENTION] == (13, ("Groupe Union pour le Pas-de-Calais",))


@pytest.mark.parametrize(
    ("text", "adopted", "unanimous", "counts"),
    [
        (
            "Article 5 :\nblabla.\nAdopté à l’unanimité\n",
            True,
            True,
            {"for": None, "against": 0, "abstention": 0},
        ),
        (
            "Dans les conditions de vote ci-dessous :\nPour : 47 voix (Non-inscrit)\n"
            "Contre : 0 voix\nAbstention : 0 voix\n(Adopté à l’unanimité)\n",
            True,
            True,
            {"for": 47, "against": 0, "abstention": 0},
        ),
        (
            "Dans les conditions de vote ci-dessous :\nPour : 12 voix\nContre : 32 voix (Groupe "
            "Rassemblement National)\nAbstention : 0 voix\n(Rejeté)\n",
            False,
            False,
            {"for": 12, "against": 32, "abstention": 0},
        ),
        (
            "Article 4 :\nselon le modèle type adopté par délibération du 12 juin 2023.\n"
            "Pour : 3 voix\nContre : 1 voix\nAbstention : 0 voix\n",
            True,
            False,
            {"for": 3, "against": 1, "abstention": 0},
        ),
    ],
)
def test_vote_forms(text: str, adopted: bool, unanimous: bool, counts: dict) -> None:
    vote = parse_vote(DocText.from_pages([(3, text)]))
    assert (vote.adopted, vote.unanimous) == (adopted, unanimous)
    assert {str(v.position): v.count for v in vote.records} == counts


def test_citations_link_to_earlier_phases(doc: DocText) -> None:
    (citation,) = parse_citations(doc)
    assert citation.cited_number == "2023-259"
    assert citation.cited_date == "2023-06-12"
    assert citation.cited_body == "Commission Permanente"
    assert (
        citation.cited_title == "Appels à projets des politiques d’inclusion durable 2023 – Phase 2"
    )


def test_articles(doc: DocText) -> None:
    articles = parse_articles(doc, decision_start(doc))
    assert [a.number for a in articles] == [1, 2, 3]
    assert articles[0].revenue and articles[0].amount == Decimal("40000")
    assert (articles[1].theme_number, articles[1].theme) == (
        2,
        "Développement des compétences et accès à l’emploi",
    )
    assert articles[1].amount == Decimal("148174.95")
    assert articles[1].distribution_annex == 4
    assert articles[2].budget_kind == BudgetKind.EXPENSE
