"""Scanned pages in the pipeline: which pages are OCR'd (in a thread pool, while PDFium
renders the next page in this thread), what text and method each page gets, and the
OCR marks on the rows read from them."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from delib_extract.ocr.tesseract import (
    OcrResult,
    OcrUnavailable,
    check_tesseract,
    ocr_page,
)
from delib_extract.pdf.source import PdfSource, RawPage
from delib_extract.records import Check, Extraction, PageText
from delib_extract.settings import Settings
from delib_extract.vocab import PageMethod, Severity


def run_ocr(
    source: PdfSource, raws: Sequence[RawPage], settings: Settings, enabled: bool
) -> tuple[dict[int, OcrResult], dict[int, str]]:
    wanted = [raw.page_number for raw in raws if raw.needs_ocr]
    notes: dict[int, str] = {}
    if not wanted:
        return {}, notes
    if not enabled:
        return {}, {n: "OCR désactivé" for n in wanted}
    try:
        check_tesseract(settings.ocr_language)
    except OcrUnavailable as exc:
        return {}, {n: f"OCR impossible: {exc}" for n in wanted}
    skipped = wanted[settings.ocr_max_pages :]
    notes.update({n: "OCR non fait: limite de pages atteinte" for n in skipped})
    results: dict[int, OcrResult] = {}
    # PDFium renders in this thread (it is not thread-safe); Tesseract runs in others.
    with ThreadPoolExecutor(max_workers=settings.ocr_workers) as pool:
        pending: list[tuple[int, Future[OcrResult]]] = []
        for number in wanted[: settings.ocr_max_pages]:
            image = source.render(number, settings.ocr_dpi)
            pending.append(
                (
                    number,
                    pool.submit(
                        ocr_page,
                        image,
                        number,
                        settings.ocr_dpi,
                        settings.ocr_language,
                        settings.ocr_timeout_s,
                    ),
                )
            )
            del image
            while len(pending) > 2 * settings.ocr_workers:
                _collect(pending.pop(0), results, notes)
        for item in pending:
            _collect(item, results, notes)
    return results, notes


def _collect(item: tuple[int, Future[OcrResult]], results: dict, notes: dict) -> None:
    number, future = item
    try:
        results[number] = future.result()
    except OcrUnavailable as exc:
        notes[number] = f"OCR impossible: {exc}"


def page_text(raw: RawPage, ocr: OcrResult | None, notes: dict[int, str]) -> PageText:
    if ocr is not None:
        # A stamp printed over a scan is kept after the OCR'd text.
        text = ocr.text if not raw.text.strip() else f"{ocr.text}\n{raw.text}"
        return PageText(raw.page_number, text, PageMethod.OCR, ocr.confidence)
    if raw.needs_ocr and not raw.text.strip():
        return PageText(raw.page_number, "", PageMethod.NONE, note=notes.get(raw.page_number))
    return PageText(raw.page_number, raw.text, PageMethod.TEXT, note=notes.get(raw.page_number))


def words_text(ocr: OcrResult) -> str:
    return " ".join(w.text for w in ocr.layout.words)


def mark_ocr_rows(result: Extraction) -> None:
    """Attendance read on an OCR'd page carries that page's OCR confidence."""
    confidence = {p.page_number: p.ocr_confidence for p in result.pages if p.method == "ocr"}
    if not confidence:
        return
    for decision in result.decisions:
        decision.attendance = [
            dataclasses.replace(a, ocr_confidence=confidence[a.page]) if a.page in confidence else a
            for a in decision.attendance
        ]


def ocr_caveat(checks: list[Check], pages: Sequence[PageText], settings: Settings) -> list[Check]:
    """A sum that does not match on a page poorly read by OCR is more likely a misread
    digit than an error of the document: a warning that says so, not an error."""
    ocr_pages = {
        p.page_number
        for p in pages
        if p.method == "ocr" and (p.ocr_confidence or 0) < settings.ocr_trusted_confidence
    }
    out = []
    for check in checks:
        if check.page in ocr_pages and check.severity == Severity.ERROR:
            check = dataclasses.replace(
                check,
                severity=Severity.WARNING,
                message=f"{check.message} Page lue par OCR : un chiffre mal lu est possible.",
            )
        out.append(check)
    return out
