"""What extraction produces: frozen records, each with the 1-based page it was read on."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from delib_extract.text.names import Person
from delib_extract.vocab import (
    AttendanceStatus,
    BudgetKind,
    DocType,
    DocumentKind,
    DocumentStatus,
    PageMethod,
    Recusal,
    Severity,
    TotalScope,
    VotePosition,
)


@dataclass(frozen=True)
class PageText:
    page_number: int
    text: str
    method: PageMethod
    ocr_confidence: float | None = None
    note: str | None = None  # why a page has no text (OCR skipped, failed...)


@dataclass(frozen=True)
class Sitting:
    """The sitting (séance) a document reports, and the authority that sat."""

    body: str | None  # the assembly as printed: "Commission Permanente", "conseil municipal"
    date: str | None
    president: str | None
    secretary: str | None
    page: int
    authority: str | None = None  # the collectivité as printed: "Ville de Montpellier"


@dataclass(frozen=True)
class DeliberationInfo:
    """One decision: a deliberation, or a point of minutes that shows a vote or an outcome."""

    number: str | None  # as printed, spaces around / and - removed; None: a point of minutes
    title: str | None
    programme: str | None = None
    phase: str | None = None
    report_number: str | None = None
    adopted: bool | None = None  # as printed (a result word, or counts), None when not stated
    unanimous: bool | None = None  # "à l'unanimité" printed; False for a split vote
    vote_text: str | None = None
    page_start: int = 1
    page_end: int = 1
    actes_id: str | None = None  # the @ctes / préfecture identifier printed on the act
    # "Membres en exercice : 29 — présents : 27 — votants : 28", None when not printed
    members_in_office: int | None = None
    members_present: int | None = None
    voters: int | None = None


@dataclass(frozen=True)
class AttendanceRecord:
    person: Person
    status: AttendanceStatus | None
    page: int
    recusal: Recusal | None = None
    recusal_page: int | None = None
    ocr_confidence: float | None = None  # read on a scanned page: its OCR confidence


@dataclass(frozen=True)
class RecusalRecord:
    person: Person
    recusal: Recusal
    advisory: bool  # "invité sans voix délibérative"
    page: int


@dataclass(frozen=True)
class ProxyRecord:
    """A proxy ("pouvoir", "procuration", "représenté par") printed with the attendance
    lists: one more vote to count."""

    holder: str | None  # who votes for the absent member, as printed (None: not printed)
    text: str  # the phrase it was read from
    page: int
    giver: str | None = None  # the absent member, as printed (None: not printed)


@dataclass(frozen=True)
class VoteRecord:
    position: VotePosition
    count: int | None
    groups: tuple[str, ...]
    page: int
    names: tuple[str, ...] = ()  # members named for this position, as printed


@dataclass(frozen=True)
class ArticleRecord:
    number: int
    text: str
    page: int
    theme_number: int | None = None
    theme: str | None = None
    amount: Decimal | None = None  # the total the article votes, when it states one
    annexes: tuple[int, ...] = ()  # annexes the article cites
    distribution_annex: int | None = None  # "répartition financière proposée en annexe N"
    budget_kind: BudgetKind | None = None  # the article introduces a budget table
    revenue: bool = False  # "percevoir la recette de …"
    # Articles whose money this one's budget table carries ("en application des articles
    # 2, 3 et 4", "la recette visée à l'article 1").
    applies: tuple[int, ...] = ()


@dataclass(frozen=True)
class BudgetLine:
    kind: BudgetKind
    printed_article: int | None
    section: str | None
    operation_code: str | None
    budget_code: str | None
    label: str | None
    commitment_authority: Decimal | None
    amount: Decimal | None
    page: int
    row_index: int
    ocr_confidence: float | None = None


@dataclass(frozen=True)
class ReportLine:
    """A line of the president's report budget tables (Inscrit/Disponible/Proposition/Solde)."""

    kind: BudgetKind
    operation_code: str | None
    budget_code: str | None
    label: str | None
    commitment_authority: Decimal | None
    registered: Decimal | None  # "Inscrit"
    available: Decimal | None  # "Disponible"
    proposed: Decimal | None  # "Proposition"
    balance: Decimal | None  # "Solde"
    page: int
    row_index: int


@dataclass(frozen=True)
class Grant:
    theme: str | None
    theme_number: int | None
    operation: str | None
    territory: str | None
    beneficiary: str | None
    description: str | None
    amount: Decimal | None
    amount_text: str | None
    agreement: str | None
    page: int
    row_index: int
    ocr_confidence: float | None = None


@dataclass(frozen=True)
class GrantTotal:
    scope: TotalScope
    theme: str | None
    theme_number: int | None
    operation: str | None
    amount: Decimal | None
    amount_text: str | None
    page: int
    row_index: int  # position among the table's rows (grants and totals share the count)


@dataclass(frozen=True)
class Citation:
    cited_number: str | None
    cited_date: str | None
    cited_body: str | None
    cited_title: str | None
    text: str
    page: int


@dataclass(frozen=True)
class Check:
    kind: str
    severity: Severity
    message: str
    expected: float | None = None
    found: float | None = None
    page: int | None = None


@dataclass
class Decision:
    """One decision of a document and everything read with it: its attendance, its vote,
    and, for a CP deliberation, its articles, budget tables, grants and citations."""

    info: DeliberationInfo
    attendance: list[AttendanceRecord] = field(default_factory=list)
    votes: list[VoteRecord] = field(default_factory=list)
    proxies: list[ProxyRecord] = field(default_factory=list)
    articles: list[ArticleRecord] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    report_lines: list[ReportLine] = field(default_factory=list)
    grants: list[Grant] = field(default_factory=list)
    grant_totals: list[GrantTotal] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything read from one PDF. Built by :func:`delib_extract.extract.extract_pdf`.

    A single deliberation gives one decision; minutes give one per point that shows a
    vote or an outcome; an agenda, an act or an order gives none."""

    sha256: str
    page_count: int
    status: DocumentStatus
    kind: DocumentKind
    error: str | None = None
    pages: list[PageText] = field(default_factory=list)
    sitting: Sitting | None = None
    decisions: list[Decision] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)  # about the document as a whole
    seconds: float = 0.0
    doc_type: DocType = DocType.UNREADABLE  # what the document is (parse/classify.py)
    template: str | None = None  # the council template that read it (templates/)

    def all_checks(self) -> list[Check]:
        return [*self.checks, *(c for d in self.decisions for c in d.checks)]


def to_jsonable(value: object) -> object:
    """Records → plain JSON values (Decimal as a string, exact; enums as their value)."""
    import dataclasses
    from enum import Enum

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, Person):
            out["member_id"] = value.member_id
        return out
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value
