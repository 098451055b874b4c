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
    body: str
    date: str | None
    president: str | None
    secretary: str | None
    page: int


@dataclass(frozen=True)
class DeliberationInfo:
    number: str
    title: str | None
    programme: str | None
    phase: str | None
    report_number: str | None
    adopted: bool | None
    unanimous: bool
    vote_text: str | None
    page_start: int
    page_end: int


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
    """A proxy ("pouvoir") printed with the attendance lists: one more vote to count."""

    holder: str  # who votes for the absent member, as printed
    text: str  # the phrase it was read from
    page: int


@dataclass(frozen=True)
class VoteRecord:
    position: VotePosition
    count: int | None
    groups: tuple[str, ...]
    page: int


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
class Extraction:
    """Everything read from one PDF. Built by :func:`delib_extract.extract.extract_pdf`."""

    sha256: str
    page_count: int
    status: DocumentStatus
    kind: DocumentKind
    error: str | None = None
    pages: list[PageText] = field(default_factory=list)
    sitting: Sitting | None = None
    deliberation: DeliberationInfo | None = None
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
    seconds: float = 0.0
    doc_type: DocType = DocType.UNREADABLE  # what the document is (classify.py)


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
