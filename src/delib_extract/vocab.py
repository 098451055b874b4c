"""Controlled vocabularies, in one place. Values are what the database stores."""

from __future__ import annotations

from enum import Enum


class StrEnum(str, Enum):
    def __str__(self) -> str:
        return self.value


class DocumentStatus(StrEnum):
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"


class DocumentKind(StrEnum):
    CP_DELIBERATION = "cp_deliberation"
    COUNCIL = "council"  # another council's deliberation or minutes (templates/council.py)
    OTHER = "other"  # a readable PDF that is not a Commission Permanente deliberation
    UNREADABLE = "unreadable"


class DocType(StrEnum):
    """What a document is, read from its text (:mod:`delib_extract.parse.classify`); French
    labels in the ``document_types`` table."""

    CP_DELIBERATION = "cp_deliberation"  # the documents this tool is for
    DELIBERATION = "deliberation"  # another assembly's (conseil municipal, communautaire…)
    MINUTES = "minutes"  # procès-verbal, compte rendu of a sitting
    AGENDA = "agenda"  # ordre du jour, list of the deliberations of a sitting
    PREFECTURE_ACT = "prefecture_act"  # arrêté préfectoral, recueil des actes administratifs
    ORDER = "order"  # arrêté of a mayor or a president
    OTHER = "other"  # annex, regulation, anything else, or no readable text
    UNREADABLE = "unreadable"  # the file could not be read at all


# doc_type → (French label, description): the ``document_types`` table, the messages
TYPE_LABELS: dict[DocType, tuple[str, str]] = {
    DocType.CP_DELIBERATION: (
        "Délibération de Commission Permanente",
        "Délibération de la Commission Permanente du Conseil départemental : le document "
        "dont l'outil extrait présences, votes, budget et subventions.",
    ),
    DocType.DELIBERATION: (
        "Autre délibération",
        "Délibération d'une autre assemblée (conseil municipal, communautaire…), lue par "
        "le modèle général : séance, présences, procurations, vote et résultat.",
    ),
    DocType.MINUTES: (
        "Procès-verbal, compte rendu",
        "Procès-verbal ou compte rendu d'une séance : ses présences et procurations, une "
        "décision par point qui montre un vote ou un résultat.",
    ),
    DocType.AGENDA: (
        "Ordre du jour",
        "Ordre du jour d'une séance, ou liste des délibérations votées.",
    ),
    DocType.PREFECTURE_ACT: (
        "Acte préfectoral",
        "Arrêté préfectoral, recueil des actes administratifs (RAA).",
    ),
    DocType.ORDER: ("Arrêté", "Arrêté d'un maire ou d'un président."),
    DocType.OTHER: (
        "Autre document",
        "Annexe, règlement, ou tout autre document ; aussi un document sans texte lisible.",
    ),
    DocType.UNREADABLE: (
        "Illisible",
        "Fichier vide, qui n'est pas un PDF, chiffré, endommagé, ou dont la lecture a "
        "dépassé les limites de temps ou de mémoire (voir la colonne error).",
    ),
}


class PageMethod(StrEnum):
    TEXT = "text"
    OCR = "ocr"
    NONE = "none"  # no text layer and OCR unavailable or failed


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    EXCUSED = "excused"
    ADVISORY_PRESENT = "advisory_present"
    ADVISORY_EXCUSED = "advisory_excused"
    ABSENT = "absent"  # listed as absent, not excused


class Recusal(StrEnum):
    DEBATE_AND_VOTE = "debate_and_vote"
    DEBATE = "debate"
    VOTE = "vote"  # "ne prend pas part au vote"


class VotePosition(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTENTION = "abstention"


class BudgetKind(StrEnum):
    REVENUE = "revenue"
    EXPENSE = "expense"


class TotalScope(StrEnum):
    OPERATION = "operation"
    THEME = "theme"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class CheckKind(StrEnum):
    """What a `checks` row found; French labels in :mod:`delib_extract.audit.kinds`."""

    EXTRACTION = "extraction"  # the tool could not read something: not the document's fault
    GRANT_SUM = "grant_sum"
    THEME_SUM = "theme_sum"
    GRANT_DUPLICATE = "grant_duplicate"
    GRANT_INCOMPLETE = "grant_incomplete"
    THEME_ARTICLE = "theme_article"
    EXPENSE_LINE = "expense_line"
    REVENUE_LINE = "revenue_line"
    REPORT_BALANCE = "report_balance"
    REPORT_PROPOSAL = "report_proposal"
    REPORT_AE = "report_ae"
    REPORT_OVERDRAFT = "report_overdraft"
    REPORT_UNMATCHED = "report_unmatched"
    VOTE_COUNT = "vote_count"
    VOTE_RECUSAL = "vote_recusal"
    VOTE_OUTCOME = "vote_outcome"
    VOTE_UNANIMITY = "vote_unanimity"
    ATTENDANCE_CONFLICT = "attendance_conflict"
    RECUSAL_ABSENT = "recusal_absent"


# Canonical article numbers of the budget tables in the CP model deliberation:
# Article 7 holds revenue, Article 8 expense.  The number actually printed is kept
# separately (budget_lines.printed_article).
CANONICAL_ARTICLE = {BudgetKind.REVENUE: 7, BudgetKind.EXPENSE: 8}


class FetchStatus(StrEnum):
    """Outcome of the last request for a URL (table ``fetches``)."""

    DOWNLOADED = "downloaded"  # new bytes, archived
    UNCHANGED = "unchanged"  # downloaded again, the same bytes as already archived
    NOT_MODIFIED = "not_modified"  # the server answered 304 to a conditional request
    FAILED = "failed"  # see `error`
