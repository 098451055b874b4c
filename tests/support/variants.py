"""Layout variants of the CP deliberation, for the held-out evaluation and the tests.

:func:`variant_spec` makes a deliberation whose Annexe 4 is long enough to run over
several pages, with the contents that trouble readers (beneficiary names over three
or four lines, multi-territory cells, every printed form of an amount);
:data:`FAMILIES` names the ways of printing it (:class:`pdfgen.PdfLayout` options);
:func:`truth_of` writes what extraction must give back, in the evaluation corpus's
``*.truth.json`` format, so ``../shared/corpus/score.py`` scores it.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

from support.pdfgen import PdfLayout, _grant, build_pdf, euros, page_roles, person, sample_spec

FAMILIES: dict[str, dict] = {
    "ruled": {},
    "unruled": {"annex_rules": "none", "budget_rules": "none"},
    "unruled_plain": {"annex_rules": "none", "budget_rules": "none", "shading": False},
    "header_rules": {"annex_rules": "header", "budget_rules": "header"},
    "horizontal_rules": {"annex_rules": "horizontal", "budget_rules": "horizontal"},
    "rotate90": {"annex_rotate": 90},
    "rotate270": {"annex_rotate": 270, "annex_rules": "none"},
    "total_alone": {"annex_break": "total_alone", "repeat_header": False},
    "row_cut": {"annex_break": "row_cut"},
    "captions_top": {"captions": True, "valign": "TOP", "hyphen_wrap": True},
    "narrow": {
        "annex_widths": (40, 70, 120, 300, 80, 110),
        "cell_font_size": 6.5,
        "margin_mm": 6,
        "amount_style": "dots",
    },
    "amounts": {
        "amount_style": "nnbsp",
        "annex_rules": "none",
        "hyphen_wrap": True,
        "captions": True,
    },
    "tight_unruled": {
        "annex_rules": "none",
        "budget_rules": "none",
        "padding": 1.5,
        "blank_territory_header": True,
        "total_shading": True,
    },
    "tight_ruled": {"padding": 1.5, "blank_territory_header": True, "total_shading": True},
    "scan_deliberation": {"scan": ("deliberation",)},
    "scan_annex": {"scan": ("annex",), "annex_rules": "none"},
}
OCR_FAMILIES = {"scan_deliberation", "scan_annex"}

_OPERATIONS = [
    "Actions d'insertion innovantes",
    "Accompagner autrement",
    "Référents de parcours RSA",
    "Lutte contre la précarité énergétique",
    "Coach jeunesse",
    "Plateformes mobilité",
]
_TERRITORIES = [
    "Arrageois",
    "Artois",
    "Audomarois",
    "Boulonnais",
    "Calaisis",
    "Hénin-Carvin",
    "Lens-Liévin",
    "Montreuillois",
    "Ternois",
    "DEPARTEMENT",
    "ARRAGEOIS, ARTOIS, LENS-LIEVIN, HENIN-CARVIN",
    "BOULONNAIS MONTREUILLOIS AUDOMAROIS",
]
_BENEFICIARIES = [
    "CIAS DE FAUQUEMBERGUES",
    "CCAS DE PONT A VENDIN",
    "MISSION LOCALE DE L'ARTOIS",
    "SIAO 62",
    "LE CAP",
    "Alefpa",
    "UNION DEPARTEMENTALE DES ASSOCIATIONS FAMILIALES DU PAS-DE-CALAIS (UDAF 62) - "
    "SERVICE DES MESURES D'ACCOMPAGNEMENT SOCIAL PERSONNALISE",
    "GROUPEMENT D'EMPLOYEURS POUR L'INSERTION ET LA QUALIFICATION DES METIERS DU "
    "BATIMENT, DES TRAVAUX PUBLICS ET DE L'ENVIRONNEMENT DU LITTORAL COTE D'OPALE",
    "CENTRE INTERCOMMUNAL D'ACTION SOCIALE DE LA COMMUNAUTE DE COMMUNES DES SEPT "
    "VALLEES - SERVICE SOLIDARITE, INSERTION ET ACCOMPAGNEMENT DES PUBLICS FRAGILES",
    "ASSOCIATION INTERMEDIAIRE DE ARQUES",
    "Régie De Quartier De Lillers",
    "E2C CÔTE D'OPALE",
]
_DESCRIPTIONS = [
    "Accompagnement de {n} participants - opération du 01/10/23 au 30/06/24",
    "Actions collectives de prévention des impayés de loyer",
    "{n} mesures d'accompagnement - période du 01/12/23 au 30/11/24",
    "Renforcement des moyens des équipes mobiles de prévention des expulsions locatives "
    "pour des interventions dès le commandement de payer",
]
_AGREEMENTS = ["Convention type", "Avenant n°1", "Convention pluriannuelle", "Avenant n°2"]


def _printed(value: Decimal, form: int) -> str:
    """Every printed form of an amount, in turn."""
    plain = euros(value, sign=False)
    whole = plain[:-3] if plain.endswith(",00") else plain
    forms = [
        f"{plain} €",
        plain,
        whole,
        plain.replace(" ", "."),
        f"€ {whole}",
        f"{plain.replace(' ', chr(0xA0))} €",
        plain.replace(" ", "\u202f"),
    ]
    return forms[form % len(forms)]


def variant_spec(index: int, grants: int = 16) -> dict:
    """A deliberation numbered ``2030-<100+index>`` with ``grants`` Annexe 4 lines."""
    rng = random.Random(index)
    themes = [
        {"numero": 2, "nom": "Développement des compétences et accès à l’emploi", "annexe": 1},
        {"numero": 3, "nom": "Accès au logement et accompagnement budgétaire", "annexe": 2},
    ]
    lines = []
    for position in range(grants):
        theme = 2 if position < grants * 0.6 else 3
        operation = _OPERATIONS[(position // 4) % 3 + (0 if theme == 2 else 3)]
        cents = Decimal(rng.randrange(100_000, 120_000_000)) / 100
        if position % 3 == 0:
            cents = cents.quantize(Decimal(1))
        amount = _printed(cents, position + index)
        description = rng.choice(_DESCRIPTIONS).format(n=rng.randrange(5, 60))
        lines.append(
            _grant(
                theme,
                operation,
                _TERRITORIES[(position * 7 + index) % len(_TERRITORIES)],
                _BENEFICIARIES[(position * 5 + index) % len(_BENEFICIARIES)],
                description,
                amount,
                rng.choice(_AGREEMENTS),
            )
        )
    return sample_spec(
        numero=f"2030-{100 + index}",
        date=f"2030-{1 + index % 12:02d}-{10 + index % 15:02d}",
        presents=[
            *sample_spec()["presents"],
            person("M.", "René", "HOCQ"),
            person("Mme", "Caroline", "MATRAT"),
        ],
        themes=themes,
        annexe4=lines,
        imputations=[
            _expense_line(lines, 2, "C01-444H02", "6568/93444", "Appui au parcours intégré"),
            _expense_line(lines, 3, "C02-428B04", "6574/93428", "Politique inclusive"),
        ],
    )


def _expense_line(lines: list[dict], theme: int, code: str, imputation: str, label: str) -> dict:
    """The Article 8 line that pays one theme (its total; AE large enough that the
    report's Disponible, AE/2, covers it)."""
    total = sum(
        (Decimal(str(g["montant"])) for g in lines if g["thematique_num"] == theme), Decimal(0)
    )
    commitment = (total * 3 / 1000).quantize(Decimal(1)) * 1000 + 1000
    return {"code_operation": code, "imputation": imputation, "libelle": f"{label} 2021-2027",
            "ae": float(commitment), "montant": float(total)}  # fmt: skip


def build_variant(spec: dict, family: str, folder: Path) -> Path:
    """The PDF of ``spec`` printed as ``family``, and its truth file beside it."""
    layout = PdfLayout(**FAMILIES[family])
    path = build_pdf(spec, folder / f"{family}-{spec['numero']}.pdf", layout=layout)
    truth_of(spec, path, family)
    return path


def truth_of(spec: dict, pdf: Path, family: str) -> Path:
    """``<pdf>.truth.json`` in the evaluation corpus's format."""
    roles = page_roles(pdf)
    layout = FAMILIES[family]
    scanned = []
    for item in layout.get("scan", ()):
        scanned += roles[item] if item == "deliberation" else roles[item][:1]
    truth = {
        key: spec.get(key, [])
        for key in ("presents", "excuses", "sans_voix_presents", "sans_voix_excuses")
    }
    truth.update(
        numero=spec["numero"],
        date=spec["date"],
        instance="Commission Permanente",
        objet=spec["objet"],
        president=spec["president"],
        secretaire=spec["secretaire"],
        non_participants=spec.get("non_participants", []),
        non_participants_debat=spec.get("non_participants_debat", []),
        vote=spec["vote"],
        recettes=spec.get("recettes", []),
        imputations=spec.get("imputations", []),
        annexe4=spec["annexe4"],
        totaux=[],
        anomalies=[],
        rapport=spec.get("rapport"),
        quirks=[family],
        scanned_pages=sorted(scanned),
        layout={
            "annexe4_pages": roles["annex"],
            "annexe4_rules": layout.get("annex_rules", "grid") != "none",
            "annexe4_captions": bool(layout.get("captions")),
            "rotated_pages": roles["annex"] if layout.get("annex_rotate") else [],
            "family": family,
        },
    )
    path = pdf.with_name(pdf.name.replace(".pdf", ".truth.json"))
    path.write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
