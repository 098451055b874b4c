"""Tunables, in one place, with their defaults and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    # --- pages without a usable text layer -------------------------------------------
    # A page needs OCR when an image covers at least this share of it and its text
    # layer holds fewer characters than `ocr_max_chars` (a stamp or a page number
    # printed over a scan still leaves the page unreadable).
    ocr_image_coverage: float = 0.5
    ocr_max_chars: int = 200
    ocr_dpi: int = 300
    ocr_language: str = "fra"
    ocr_timeout_s: float = 120.0
    ocr_workers: int = 2  # Tesseract processes per document
    ocr_max_pages: int = 300  # beyond this, the remaining scanned pages are left unread
    # Below this mean word confidence (0-100), a sum that does not match on an OCR'd page
    # is more likely a misread digit than the document's error: a warning, not an error.
    ocr_trusted_confidence: float = 85.0

    # --- geometry --------------------------------------------------------------------
    # Who reads the glyphs and ruling lines of table pages: "pdfium" (C, several times
    # faster) or "pdfplumber" (pdfminer, the reference; the tests check both agree).
    geometry_engine: str = "pdfium"
    word_x_tolerance: float = 1.5  # gap (pt) above which two glyphs are two words
    word_y_tolerance: float = 2.5
    rule_min_length: float = 4.0  # shorter drawn segments are ignored

    # --- consistency audit -----------------------------------------------------------
    # Two amounts that differ by at most this many cents are taken as equal. 0: the
    # documents print cents, and even a one-cent gap is the document contradicting itself.
    audit_tolerance_cents: int = 0

    # --- limits ----------------------------------------------------------------------
    max_pages: int = 3000  # documents longer than this are recorded as failed
    max_text_chars_per_page: int = 200_000
    # Each document is read in a process of its own (ingest/limits.py), killed after this many
    # seconds (« délai dépassé ») and whose address space cannot exceed this many MB
    # (« mémoire dépassée »): a PDF that inflates to gigabytes or never ends costs one
    # failed document, not the batch. 0 disables a limit. OCR runs at 1-2 s a page, and
    # the extraction of an ordinary CP deliberation takes 100-400 MB.
    time_limit_s: float = 900.0
    memory_limit_mb: int = 2048

    def __post_init__(self) -> None:
        if self.geometry_engine not in ("pdfium", "pdfplumber"):
            raise ValueError(
                f"geometry_engine: 'pdfium' or 'pdfplumber', not {self.geometry_engine!r}"
            )
        if self.time_limit_s < 0 or self.memory_limit_mb < 0:
            raise ValueError("time_limit_s and memory_limit_mb cannot be negative (0: no limit)")


DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True)
class FetchSettings:
    """How `delib-extract fetch` behaves towards a web server."""

    timeout_s: float = 30.0  # for connecting and for each read
    retries: int = 3  # after the first attempt, for network errors, 429 and 5xx
    backoff_s: float = 2.0  # wait before the first retry, doubled after each one
    max_backoff_s: float = 60.0  # a Retry-After longer than this is cut to it
    delay_s: float = 1.0  # polite pause between two requests to the same host
    max_bytes: int = 200 * 1024 * 1024  # a larger download is refused
    max_listing_pages: int = 1000  # pagination of a listing stops there
    user_agent: str = "delib-extract (open data; +https://github.com/delib-extract/delib-extract)"

    def __post_init__(self) -> None:
        if self.timeout_s <= 0 or self.max_bytes <= 0 or self.max_listing_pages <= 0:
            raise ValueError("timeout_s, max_bytes and max_listing_pages must be positive")
        if self.retries < 0 or self.backoff_s < 0 or self.delay_s < 0:
            raise ValueError("retries, backoff_s and delay_s cannot be negative")


DEFAULT_FETCH_SETTINGS = FetchSettings()
