"""French labels of the codes the database stores (``present``, ``against``, ``error``,
``1``/``0``…), for what people read: the site shows them in cells and facets, and the
``code_labels`` table gives them to SQL users (``join code_labels l on l.column_name =
'status' and l.code = a.status``).

Keyed by column name: a name means one vocabulary wherever it appears (``status`` of
a document, of an attendance row or of a download never share a code, and a code
shared by two of them reads the same in French).
"""

from __future__ import annotations

from delib_extract.audit.kinds import KIND_LABELS
from delib_extract.vocab import (
    TYPE_LABELS,
    AttendanceStatus,
    BudgetKind,
    DocumentKind,
    DocumentStatus,
    FetchStatus,
    PageMethod,
    Recusal,
    Severity,
    TotalScope,
    VotePosition,
)

STATUS_LABELS: dict[str, str] = {
    AttendanceStatus.PRESENT: "présent",
    AttendanceStatus.EXCUSED: "excusé",
    AttendanceStatus.ADVISORY_PRESENT: "présent sans voix délibérative",
    AttendanceStatus.ADVISORY_EXCUSED: "excusé (sans voix délibérative)",
    "absent": "absent",  # the any-council issue adds it to AttendanceStatus
    DocumentStatus.OK: "lu",
    DocumentStatus.PARTIAL: "lu en partie",
    DocumentStatus.FAILED: "échec",
    FetchStatus.DOWNLOADED: "téléchargé",
    FetchStatus.UNCHANGED: "inchangé",
    FetchStatus.NOT_MODIFIED: "non modifié (304)",
}
RECUSAL_LABELS: dict[str, str] = {
    Recusal.DEBATE_AND_VOTE: "n'a pris part ni au débat ni au vote",
    Recusal.DEBATE: "n'a pas pris part au débat",
    "vote": "n'a pas pris part au vote",  # the any-council issue adds it to Recusal
}
POSITION_LABELS: dict[str, str] = {
    VotePosition.FOR: "pour",
    VotePosition.AGAINST: "contre",
    VotePosition.ABSTENTION: "abstention",
}
BUDGET_KIND_LABELS: dict[str, str] = {BudgetKind.REVENUE: "recette", BudgetKind.EXPENSE: "dépense"}

CODE_LABELS: dict[str, dict[str, str]] = {
    "status": STATUS_LABELS,
    "sitting_status": STATUS_LABELS,
    "recusal": RECUSAL_LABELS,
    "position": POSITION_LABELS,
    "severity": {Severity.ERROR: "erreur", Severity.WARNING: "à vérifier", Severity.INFO: "info"},
    "kind": {
        **{str(kind): label for kind, (label, _) in KIND_LABELS.items()},
        **BUDGET_KIND_LABELS,
        DocumentKind.CP_DELIBERATION: "délibération de Commission Permanente",
        DocumentKind.OTHER: "autre document",
        DocumentKind.UNREADABLE: "illisible",
    },
    "budget_kind": BUDGET_KIND_LABELS,
    "doc_type": {str(doc_type): label for doc_type, (label, _) in TYPE_LABELS.items()},
    "method": {
        PageMethod.TEXT: "texte du PDF",
        PageMethod.OCR: "reconnaissance de caractères (OCR)",
        PageMethod.NONE: "non lue",
    },
    "scope": {TotalScope.OPERATION: "opération", TotalScope.THEME: "thématique"},
    "adopted": {"1": "adoptée", "0": "rejetée"},
    "unanimous": {"1": "à l'unanimité", "0": "non"},
    "advisory": {"1": "sans voix délibérative", "0": "avec voix délibérative"},
}


# Short French names of the columns people facet and sort by (their long descriptions
# are in metadata.json); a column not listed is shown by its name.
COLUMN_LABELS: dict[str, str] = {
    "theme": "thématique", "beneficiary_id": "bénéficiaire", "beneficiary_name": "bénéficiaire",
    "agreement": "convention", "year": "année", "adopted": "résultat", "unanimous": "unanimité",
    "programme": "programme", "status": "statut", "doc_type": "nature du document",
    "kind": "nature", "position": "position", "severity": "gravité", "sitting_status": "présence",
    "source": "origine", "method": "lecture", "cited_body": "assemblée citée", "scope": "total de",
    "budget_kind": "nature budgétaire", "section": "section", "operation_code": "opération",
    "territory": "territoire imprimé", "full_name": "élu", "meeting_id": "séance",
    "recusal": "retrait", "civility": "civilité", "amount": "montant", "date": "date",
    "total_amount": "montant total", "grant_count": "subventions", "name": "nom",
    "deliberation_id": "délibération", "member_id": "élu", "title": "objet",
}  # fmt: skip


def column_label(column: str) -> str:
    return COLUMN_LABELS.get(column, column)


def code_label(column: str, value: object) -> str | None:
    """The French label of ``value`` in ``column``, None when it is not a code."""
    labels = CODE_LABELS.get(column)
    if labels is None or value is None or isinstance(value, float):
        return None
    return labels.get(str(value))


def code_label_rows() -> list[dict[str, str]]:
    """Rows of the ``code_labels`` table."""
    return [
        {"column_name": column, "code": str(code), "label": label}
        for column, labels in CODE_LABELS.items()
        for code, label in labels.items()
    ]
