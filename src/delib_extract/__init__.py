"""delib-extract: Commission Permanente deliberation PDFs → open data.

from delib_extract import extract_pdf, ingest
result = extract_pdf("raw_pdfs/cp-2023-11-20-2023-499.pdf")
report = ingest(["raw_pdfs"], "db/deliberations.db")
"""

from __future__ import annotations

__version__ = "0.1.0"
# Bumped whenever extraction output changes: documents loaded by another version are
# re-extracted by the next ingest.
EXTRACTOR_VERSION = "0.4.0"

from delib_extract.db.load import load_extraction, open_db  # noqa: E402
from delib_extract.extract import extract_pdf  # noqa: E402
from delib_extract.fetch.run import fetch  # noqa: E402
from delib_extract.ingest.batch import IngestReport, ingest, rebuild  # noqa: E402

__all__ = [
    "EXTRACTOR_VERSION",
    "IngestReport",
    "__version__",
    "extract_pdf",
    "fetch",
    "ingest",
    "load_extraction",
    "open_db",
    "rebuild",
]
