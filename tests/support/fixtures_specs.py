"""The fixture deliberations: each a spec for tests/support/pdfgen.py and a golden file."""

from __future__ import annotations

from support.pdfgen import person, sample_spec

SPECS: dict[str, dict] = {
    # n°2023-499's wording: groups vote, recusals of both kinds, revenue and expense.
    "seed_like": sample_spec(),
    # "Adopté à l'unanimité" with no counts, no revenue table, no recusal.
    "unanimous": sample_spec(
        numero="2024-616",
        date="2024-01-22",
        objet="APPEL À PROJETS DES POLITIQUES D'INCLUSION DURABLE 2024 - PHASE 6",
        secretaire="Caroline MATRAT",
        presents=[
            person("M.", "Jean-Claude", "LEROY"),
            person("Mme", "Caroline", "MATRAT"),
            person("Mme", "Mireille", "HINGREZ-CEREDA"),
            person("M.", "René", "HOCQ"),
        ],
        non_participants=[],
        non_participants_debat=[],
        vote={
            "pour": None,
            "contre": 0,
            "abstention": 0,
            "adopte": True,
            "unanimite": True,
            "groupes": {},
        },
        recettes=[],
        citations=[],
        rapport={"numero": "65"},
    ),
    # Rejected, with votes against.
    "rejected": sample_spec(
        numero="2022-506",
        date="2022-09-05",
        objet="APPEL À PROJETS DES POLITIQUES D'INCLUSION DURABLE 2022 - PHASE 2",
        vote={
            "pour": 2,
            "contre": 5,
            "abstention": 0,
            "adopte": False,
            "unanimite": False,
            "groupes": {
                "pour": ["Non-inscrit"],
                "contre": ["Groupe Union pour le Pas-de-Calais", "Groupe Rassemblement National"],
                "abstention": [],
            },
        },
        rapport={"numero": "12"},
    ),
}
