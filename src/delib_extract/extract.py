"""The extraction pipeline: one PDF in, one :class:`~delib_extract.records.Extraction` out.

    PDF → pages (text layer, OCR where none) → document type → the council template
    that reads it (sitting, decisions: heading, attendance, proxies, vote, articles…)
    → each decision's tables (geometry of the pages that hold them, by table kind)
    → consistency audit and completeness checks

Never raises for a bad file: the Extraction says ``failed`` with a one-line reason.
"""

from __future__ import annotations

import errno
import logging
import time
from collections.abc import Callable
from pathlib import Path

from delib_extract import audit
from delib_extract.digest import file_sha256
from delib_extract.errors import UnreadablePdfError
from delib_extract.ocr.pages import mark_ocr_rows, ocr_caveat, page_text, run_ocr, words_text
from delib_extract.parse.classify import classify
from delib_extract.pdf import failures
from delib_extract.pdf.layout import PageLayout
from delib_extract.pdf.source import PDFMINER, PdfSource
from delib_extract.records import Check, Extraction, PageText
from delib_extract.settings import DEFAULT_SETTINGS, Settings
from delib_extract.tables import TABLE_KINDS, TableContext
from delib_extract.templates import Reading, Template, pick_template
from delib_extract.vocab import (
    TYPE_LABELS,
    CheckKind,
    DocType,
    DocumentKind,
    DocumentStatus,
    PageMethod,
    Severity,
)

log = logging.getLogger(__name__)


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
    result = Extraction(
        sha256=sha,
        page_count=source.page_count,
        status=DocumentStatus.OK,
        kind=DocumentKind.OTHER,
        pages=pages,
    )

    def tables(reading: Reading, template: Template) -> None:
        texts = [(p.page_number, p.text) for p in pages]
        page_texts = _table_texts(texts, ocr_results)
        _read_tables(result, reading, template, page_texts, source, ocr_results)

    return _read_document(result, settings, tables)


def extract_text(
    pages: list[PageText], sha256: str = "", settings: Settings = DEFAULT_SETTINGS
) -> Extraction:
    """Read page texts already extracted (a database's ``pages``): the same steps as
    :func:`extract_pdf` after the text layer and OCR — document type, template, sitting
    and decisions, audit — without the PDF, so without the tables (they are read from
    the pages' geometry). For re-reading a corpus with new templates in seconds."""
    result = Extraction(
        sha256=sha256,
        page_count=len(pages),
        status=DocumentStatus.OK,
        kind=DocumentKind.OTHER,
        pages=list(pages),
    )
    return _read_document(result, settings, None)


def _read_document(
    result: Extraction,
    settings: Settings,
    tables: Callable[[Reading, Template], None] | None,
) -> Extraction:
    """Document type → template → sitting and decisions → tables → audit, on the pages
    of ``result``."""
    pages = result.pages
    texts = [(p.page_number, p.text) for p in pages]
    doc_type = classify([text for _, text in texts])
    template = pick_template(texts, doc_type)
    result.doc_type = doc_type
    if template is None:
        result.error = _not_deliberation_reason(pages, doc_type)
        return result
    scanned = frozenset(p.page_number for p in pages if p.method == PageMethod.OCR)
    reading = template.read(texts, doc_type, scanned)
    result.doc_type = template.doc_type or doc_type
    result.kind, result.template = template.kind, template.name
    result.sitting, result.decisions = reading.sitting, reading.decisions
    if tables is not None:
        tables(reading, template)
    mark_ocr_rows(result)
    for decision in result.decisions:
        audited = audit.check_decision(decision, settings)
        decision.checks += ocr_caveat(audited, pages, settings)
    completeness = template.completeness(result, reading) if template.completeness else []
    result.checks = completeness + reading.checks
    if any(
        c.kind == CheckKind.EXTRACTION and c.severity == Severity.ERROR for c in result.all_checks()
    ):
        result.status = DocumentStatus.PARTIAL
    return result


def _not_deliberation_reason(pages: list[PageText], doc_type: DocType) -> str:
    if not any(p.text.strip() for p in pages):
        return "aucun texte lisible (page scannée sans OCR)"
    return f"aucune décision à lire : {TYPE_LABELS[doc_type][0].lower()}"


def _table_texts(texts: list[tuple[int, str]], ocr_results: dict) -> dict[int, str]:
    """On a scanned page, the words of the sparse OCR pass may name a table header that
    the prose pass garbled: both say where the tables are."""
    return {n: f"{t}\n{words_text(ocr_results[n])}" if n in ocr_results else t for n, t in texts}


def _read_tables(
    result: Extraction,
    reading: Reading,
    template: Template,
    page_texts: dict[int, str],
    source: PdfSource,
    ocr_results: dict,
) -> None:
    """Each decision's tables, kind by kind, from the geometry of the pages that hold them."""

    def layout(page_number: int) -> PageLayout:
        found = ocr_results.get(page_number)
        return found.layout if found else source.layout(page_number)

    for decision, sections in zip(result.decisions, reading.sections):
        context = TableContext(page_texts, sections, decision.articles)
        for name in template.table_kinds:
            kind = TABLE_KINDS[name]
            pages = kind.pages(context)
            if not pages:
                continue
            found = kind.read([layout(n) for n in pages], context)
            for field_name, records in found.records.items():
                setattr(decision, field_name, records)
            decision.checks += found.checks
