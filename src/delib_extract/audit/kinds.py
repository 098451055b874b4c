"""What each kind of finding means, in French, for the people who read the database
(the ``check_kinds`` table: Datasette shows these labels in the facets of ``checks``)."""

from __future__ import annotations

from delib_extract.vocab import CheckKind

# kind → (label, what it compares)
KIND_LABELS: dict[CheckKind, tuple[str, str]] = {
    CheckKind.EXTRACTION: (
        "Lecture impossible",
        "L'outil n'a pas pu lire une section ou une valeur : ce n'est pas une erreur du "
        "document, un contrôle n'a pas pu être fait.",
    ),
    CheckKind.GRANT_SUM: (
        "Lignes ≠ TOTAL de l'opération",
        "Répartition financière : la somme des lignes d'une opération diffère du TOTAL "
        "imprimé pour cette opération.",
    ),
    CheckKind.THEME_SUM: (
        "Opérations ≠ TOTAL de la thématique",
        "Répartition financière : la somme des TOTAUX des opérations d'une thématique "
        "diffère du TOTAL imprimé pour la thématique.",
    ),
    CheckKind.GRANT_DUPLICATE: (
        "Ligne en double",
        "Répartition financière : la même structure, la même action et le même montant "
        "apparaissent deux fois (doublon possible).",
    ),
    CheckKind.GRANT_INCOMPLETE: (
        "Ligne incomplète",
        "Répartition financière : une ligne sans structure bénéficiaire ou sans montant.",
    ),
    CheckKind.THEME_ARTICLE: (
        "Article ≠ TOTAL de la thématique",
        "Le montant que l'article vote pour une thématique diffère du TOTAL de cette "
        "thématique dans la répartition financière.",
    ),
    CheckKind.EXPENSE_LINE: (
        "Articles ≠ dépenses imputées",
        "Les montants votés par les articles diffèrent des lignes du tableau des dépenses "
        "(article 8 du modèle).",
    ),
    CheckKind.REVENUE_LINE: (
        "Recette autorisée ≠ recette imputée",
        "La recette que l'article autorise à percevoir diffère de la ligne du tableau des "
        "recettes (article 7 du modèle).",
    ),
    CheckKind.REPORT_BALANCE: (
        "Solde du rapport faux",
        "Tableaux du rapport : Inscrit + Proposition ≠ Solde (recettes) ou Disponible − "
        "Proposition ≠ Solde (dépenses).",
    ),
    CheckKind.REPORT_PROPOSAL: (
        "Rapport ≠ délibération",
        "La Proposition du rapport diffère du montant de la même ligne dans la délibération.",
    ),
    CheckKind.REPORT_AE: (
        "AE du rapport ≠ AE de la délibération",
        "L'autorisation d'engagement d'une ligne diffère entre le rapport et la délibération.",
    ),
    CheckKind.REPORT_OVERDRAFT: (
        "Proposition au-delà du disponible",
        "Tableau des dépenses du rapport : la proposition dépasse le montant disponible.",
    ),
    CheckKind.REPORT_UNMATCHED: (
        "Ligne absente du rapport ou de la délibération",
        "Une opération budgétaire figure dans le rapport mais pas dans la délibération, ou "
        "l'inverse.",
    ),
    CheckKind.VOTE_COUNT: (
        "Voix ≠ membres présents",
        "Le nombre de voix diffère des membres présents moins ceux qui n'ont pas pris part "
        "au vote (plus les pouvoirs) ; un groupe peut voter pour ses absents.",
    ),
    CheckKind.VOTE_RECUSAL: (
        "Élus intéressés comptés dans le vote",
        "Le nombre de voix égale tous les présents, y compris les élus intéressés à "
        "l'affaire qui n'ont pris part ni au débat ni au vote.",
    ),
    CheckKind.VOTE_OUTCOME: (
        "Issue du vote contraire aux voix",
        "Délibération déclarée adoptée avec plus de voix contre que pour, ou l'inverse.",
    ),
    CheckKind.VOTE_UNANIMITY: (
        "Unanimité avec des voix contre",
        "Le vote est dit à l'unanimité mais compte des voix contre.",
    ),
    CheckKind.ATTENDANCE_CONFLICT: (
        "Présent et excusé",
        "Un même élu figure parmi les présents et parmi les excusés.",
    ),
    CheckKind.RECUSAL_ABSENT: (
        "Élu intéressé absent des présents",
        "Un élu déclaré intéressé à l'affaire ne figure pas parmi les présents.",
    ),
}


def kind_rows() -> list[dict[str, str]]:
    """Rows of the ``check_kinds`` table, (re)written on every open when a label changes
    (:mod:`delib_extract.db.derived`): adding a kind = a label here."""
    return [
        {"kind": str(kind), "label": label, "description": description}
        for kind, (label, description) in KIND_LABELS.items()
    ]
