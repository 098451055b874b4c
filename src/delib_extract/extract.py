"""The extraction pipeline: one PDF in, one :class:`~delib_extract.records.Extraction` out.

    PDF → pages (text layer, OCR where none) → sections → heading, attendance,
    recusals, citations, articles, vote (text) → budget and grant tables (geometry
    of the pages that hold them) → completeness and consistency checks

Never raises for a bad file: the Extraction says ``failed`` with a one-line reason.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import re
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from delib_extract import audit
from delib_extract.errors import UnreadablePdfError
from delib_extract.ocr.pages import (
    mark_ocr_rows,
    ocr_caveat,
    page_text,
    run_ocr,
    words_text,
)
from delib_extract.ocr.repair import reconcile_budget_lines
from delib_extract.parse.articles import decision_start, parse_articles
from delib_extract.parse.attendance import merge_recusals, parse_attendance, parse_recusals
from delib_extract.parse.citations import parse_citations
from delib_extract.parse.classify import classify
from delib_extract.parse.heading import parse_heading
from delib_extract.parse.proxies import parse_proxies
from delib_extract.parse.sections import Sections, looks_like_cp_deliberation, split_sections
from delib_extract.parse.votes import parse_vote
from delib_extract.pdf import failures
from delib_extract.pdf.layout import PageLayout
from delib_extract.pdf.source import PDFMINER, PdfSource
from delib_extract.records import (
    AttendanceRecord,
    Check,
    DeliberationInfo,
    Extraction,
    PageText,
    Sitting,
)
from delib_extract.settings import DEFAULT_SETTINGS, Settings
from delib_extract.tables.budget import parse_budget_tables
from delib_extract.tables.grants import parse_grants
from delib_extract.text.doctext import DocText
from delib_extract.text.names import Person, parse_person
from delib_extract.text.normalise import fold
from delib_extract.vocab import (
    BudgetKind,
    CheckKind,
    DocumentKind,
    DocumentStatus,
    PageMethod,
    Severity,
)

log = logging.getLogger(__name__)
_REPORT_NUMBER_RE = re.compile(r"RAPPORT\s+N\s*[°ºo]\s*(\d+)", re.IGNORECASE)
_SIGNATURE_NAME_RE = re.compile(
    r"LE\s+PR[ÉE]SIDENT\s+DU\s+CONSEIL\s+D[ÉE]PARTEMENTAL,?\s*\n+\s*([^\n]+)", re.IGNORECASE
)


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_pdf(
    path: str | Path, settings: Settings = DEFAULT_SETTINGS, *, ocr: bool = True
) -> Extraction:
    """Read one PDF. Bad input gives a ``failed`` Extraction with a reason, never raises;
    pages that cannot be read cost those pages only (the document is ``partial``)."""
    started = time.perf_counter()
    try:
        sha = file_sha256(path)
    except OSError as exc:
        return failed(f"fichier illisible : {exc.strerror or exc}")
    try:
        with PdfSource(path, settings) as source:
            result = _extract(source, sha, settings, ocr)
            _record_damage(result, source)
    except UnreadablePdfError as exc:
        result = failed(str(exc), sha)
    except Exception as exc:  # a PDF the libraries choke on must not stop a batch
        log.debug("extraction of %s failed", path, exc_info=True)
        reason = _out_of_memory(exc, settings)
        result = failed(reason or f"erreur d'extraction : {type(exc).__name__} : {exc}"[:500], sha)
    result.doc_type = classify([p.text for p in result.pages], result.kind, result.status)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def failed(reason: str, sha256: str = "") -> Extraction:
    """A document whose extraction failed, and why (one French sentence): the one way
    such an Extraction is built, here and by the executors and limits of ingest/."""
    return Extraction(
        sha256=sha256,
        page_count=0,
        status=DocumentStatus.FAILED,
        kind=DocumentKind.UNREADABLE,
        error=reason,
    )


def memory_exceeded(settings: Settings) -> str:
    cap = settings.memory_limit_mb
    return "mémoire dépassée" + (f" (limite de {cap} Mo par document)" if cap else "")


def _out_of_memory(exc: Exception, settings: Settings) -> str | None:
    """The reason, when the failure is the memory limit of limits.py: Python's MemoryError,
    the system refusing memory, or a module imported late that cannot be mapped."""
    if not (
        isinstance(exc, MemoryError)
        or getattr(exc, "errno", None) == errno.ENOMEM
        or (isinstance(exc, ImportError) and "failed to map segment" in str(exc))
    ):
        return None
    return memory_exceeded(settings)


def _record_damage(result: Extraction, source: PdfSource) -> None:
    """What the source could not read, as ``extraction`` checks: a lost page or a lost
    end of file makes the document ``partial``; its other pages are kept."""
    checks = []
    if source.engine == PDFMINER:
        checks.append(
            _damage(
                f"Lu par pdfminer : PDFium ne le lit pas ({source.refused}).",
                Severity.INFO,
            )
        )
    if source.damage == failures.TRUNCATED:
        checks.append(
            _damage(
                f"{failures.sentence(source.damage)} Seules les pages d'avant la coupure sont lues."
            )
        )
    lost = source.page_errors
    checks += [_damage(failures.sentence(lost[n]), page=n) for n in sorted(lost)]
    result.pages = [  # (a page whose tables only were lost keeps its text)
        PageText(p.page_number, "", PageMethod.NONE, note=lost[p.page_number])
        if p.page_number in lost and not p.text
        else p
        for p in result.pages
    ]
    result.checks += checks
    if any(c.severity == Severity.ERROR for c in checks) and result.status == DocumentStatus.OK:
        result.status = DocumentStatus.PARTIAL


def _damage(message: str, severity: Severity = Severity.ERROR, page: int | None = None) -> Check:
    return Check(kind=CheckKind.EXTRACTION, severity=severity, message=message, page=page)


def _extract(source: PdfSource, sha: str, settings: Settings, ocr: bool) -> Extraction:
    if source.page_count == 0:
        raise UnreadablePdfError("PDF sans aucune page")
    if source.page_count > settings.max_pages:
        raise UnreadablePdfError(
            f"{source.page_count} pages, au-delà de la limite de {settings.max_pages}"
        )
    raws = list(source.raw_pages())
    ocr_results, ocr_notes = run_ocr(source, raws, settings, ocr)
    pages = [page_text(raw, ocr_results.get(raw.page_number), ocr_notes) for raw in raws]
    result = Extraction(sha, source.page_count, DocumentStatus.OK, DocumentKind.OTHER, pages=pages)
    texts = [(p.page_number, p.text) for p in pages]
    if not looks_like_cp_deliberation(DocText.from_pages(texts[:4]).text):
        result.error = _not_deliberation_reason(pages)
        return result
    result.kind = DocumentKind.CP_DELIBERATION
    sections = split_sections(texts)
    _read_text(result, texts, sections)

    def layout(page_number: int) -> PageLayout:
        found = ocr_results.get(page_number)
        return found.layout if found else source.layout(page_number)

    # On a scanned page, the words of the sparse OCR pass may name a table header that
    # the prose pass garbled: both say where the tables are.
    table_texts = [
        (n, f"{t}\n{words_text(ocr_results[n])}" if n in ocr_results else t) for n, t in texts
    ]
    ocr_checks = _read_tables(result, table_texts, sections, layout)
    mark_ocr_rows(result)
    audited = ocr_caveat(audit.check_extraction(result, settings), result.pages, settings)
    result.checks = _completeness(result, sections) + ocr_checks + audited
    if any(c.kind == "extraction" and c.severity == Severity.ERROR for c in result.checks):
        result.status = DocumentStatus.PARTIAL
    return result


# -- pages -------------------------------------------------------------------------------


def _not_deliberation_reason(pages: list[PageText]) -> str:
    if not any(p.text.strip() for p in pages):
        return "aucun texte lisible (page scannée sans OCR)"
    return "pas une délibération de Commission Permanente (aucun numéro « (N°AAAA-NNN) »)"


# -- text --------------------------------------------------------------------------------


def _read_text(result: Extraction, texts: list[tuple[int, str]], sections: Sections) -> None:
    delib = DocText.from_pages([t for t in texts if t[0] in sections.deliberation])
    heading = parse_heading(delib)
    decide = decision_start(delib) or len(delib.text)
    attendance = parse_attendance(delib, end=heading.title_offset)
    preamble = delib.slice(heading.number_offset, decide)
    recusals = parse_recusals(preamble)
    result.attendance = merge_recusals(attendance, recusals)
    result.proxies = parse_proxies(delib.slice(0, heading.title_offset))
    result.citations = parse_citations(preamble)
    result.articles = parse_articles(delib, decide)
    vote_from = _last_article_offset(delib, decide)
    vote = parse_vote(delib, vote_from)
    result.votes = vote.records
    president = _resolve_person(heading.president, attendance, delib.text)
    secretary = _resolve_person(heading.secretary, attendance, None)
    result.sitting = Sitting(
        heading.body, heading.date, _name(president), _name(secretary), heading.page
    )
    result.deliberation = DeliberationInfo(
        number=heading.number or "",
        title=heading.title,
        programme=heading.programme,
        phase=heading.phase,
        report_number=_report_number(texts, sections),
        adopted=vote.adopted,
        unanimous=vote.unanimous,
        vote_text=vote.text,
        page_start=sections.deliberation[0] if sections.deliberation else 1,
        page_end=sections.deliberation[-1] if sections.deliberation else 1,
    )


def _last_article_offset(delib: DocText, decide: int) -> int:
    matches = list(re.finditer(r"(?:^|\n)\s*Article\s+\d+", delib.text[decide:]))
    return decide + matches[-1].start() if matches else decide


def _resolve_person(
    person: Person | None, attendance: list[AttendanceRecord], text: str | None
) -> Person | None:
    """Prefer the attendance list's printing of a name printed in capitals in the heading."""
    if person is None:
        return None
    key = fold(f"{person.first_name} {person.last_name}")
    for record in attendance:
        if fold(record.person.full_name) == key:
            return record.person
    if text and person.first_name.isupper():
        signed = _SIGNATURE_NAME_RE.search(text)
        if signed:
            candidate = parse_person(signed.group(1))
            if candidate and fold(candidate.full_name) == key:
                return candidate
        return Person(person.civility, person.first_name.title(), person.last_name)
    return person


def _name(person: Person | None) -> str | None:
    return person.full_name if person else None


def _report_number(texts: list[tuple[int, str]], sections: Sections) -> str | None:
    for number, text in texts:
        if number in sections.report or not sections.report:
            match = _REPORT_NUMBER_RE.search(text)
            if match:
                return match.group(1)
    return None


# -- tables ------------------------------------------------------------------------------


def _read_tables(
    result: Extraction, texts: list[tuple[int, str]], sections: Sections, layout
) -> list[Check]:
    """Budget and grant tables; returns the doubts about values read by OCR."""
    page_texts = dict(texts)
    budget_pages = [
        n
        for n in sections.deliberation + sections.report
        if re.search(r"imputation|code\s+op", fold(page_texts[n]))
    ]
    budget = parse_budget_tables(
        [layout(n) for n in budget_pages], result.articles, page_texts, sections.report
    )
    result.budget_lines, checks = reconcile_budget_lines(budget.lines, budget.report_lines)
    result.report_lines = budget.report_lines
    annex = _distribution_annex(result)
    grant_pages = _grant_pages(sections, annex, page_texts)
    if grant_pages:
        grants = parse_grants([layout(n) for n in grant_pages], result.articles, annex)
        result.grants = grants.grants
        result.grant_totals = grants.totals
    return checks


def _distribution_annex(result: Extraction) -> int | None:
    cited = Counter(a.distribution_annex for a in result.articles if a.distribution_annex)
    return cited.most_common(1)[0][0] if cited else None


def _grant_pages(sections: Sections, annex: int | None, page_texts: dict[int, str]) -> list[int]:
    if annex is not None and annex in sections.annexes:
        return sections.annexes[annex]
    # No annex numbering found: any annex page that prints the grants header.
    return [
        n
        for n in sorted(page_texts)
        if n not in sections.deliberation
        and n not in sections.report
        and re.search(r"montant", fold(page_texts[n]))
        and re.search(r"structure|beneficiaire|organisme", fold(page_texts[n]))
    ]


# -- completeness ------------------------------------------------------------------------


def _missing(what: str, where: str, page: int | None = None) -> Check:
    return Check(
        kind="extraction",
        severity=Severity.ERROR,
        message=f"Section introuvable : {what} (cherchée {where}).",
        page=page,
    )


def _completeness(result: Extraction, sections: Sections) -> list[Check]:
    """Sections every CP deliberation has; missing ones make the document `partial`."""
    checks = []
    pages = _span(sections.deliberation)
    if not result.attendance:
        checks.append(
            _missing(
                "liste de présence (« Étaient présents : »)",
                f"dans l'en-tête de la délibération, {pages}",
                1,
            )
        )
    if not result.votes and (result.deliberation is None or result.deliberation.adopted is None):
        checks.append(
            _missing(
                "résultat du vote (« Pour : … voix », « Adopté »)", f"après les articles, {pages}"
            )
        )
    if result.sitting is None or result.sitting.date is None:
        checks.append(_missing("date de la réunion (« REUNION DU … »)", f"en tête, {pages}", 1))
    for kind, label in ((BudgetKind.EXPENSE, "dépenses"), (BudgetKind.REVENUE, "recettes")):
        announced = [a for a in result.articles if a.budget_kind == kind]
        if announced and not [b for b in result.budget_lines if b.kind == kind]:
            article = announced[0]
            checks.append(
                _missing(
                    f"tableau des {label} annoncé par l'article {article.number}",
                    f"page {article.page} et suivantes",
                    article.page,
                )
            )
    unread = [p for p in result.pages if p.method == PageMethod.NONE]
    if unread:
        checks.append(
            _missing(
                "texte des pages scannées " + ", ".join(str(p.page_number) for p in unread),
                f"par OCR ({unread[0].note or 'non fait'})",
                unread[0].page_number,
            )
        )
    annex = _distribution_annex(result)
    if annex is not None and not result.grants:
        where = sections.annexes.get(annex)
        checks.append(
            _missing(
                f"répartition financière (annexe {annex}) citée par les articles",
                _span(where)
                if where
                else f"dans les annexes (aucune page « Annexe {annex} » trouvée)",
                where[0] if where else None,
            )
        )
    return checks


def _span(pages: Sequence[int] | None) -> str:
    if not pages:
        return "dans le document"
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}-{pages[-1]}"
