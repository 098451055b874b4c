"""delib-extract: Commission Permanente deliberation PDFs → open data.

from delib_extract import extract_pdf, ingest
result = extract_pdf("raw_pdfs/cp-2023-11-20-2023-499.pdf")
report = ingest(["raw_pdfs"], "db/deliberations.db")
"""

from __future__ import annotations

import sys
import types
from importlib import import_module

__version__ = "0.1.0"
# Bumped whenever extraction output changes: documents loaded by another version are
# re-extracted by the next ingest.
EXTRACTOR_VERSION = "0.4.0"

# Imported when first asked for: `delib-extract --help` needs none of them (the PDF,
# database and OCR libraries cost half a second of start-up).
_EXPORTS = {
    "IngestReport": "delib_extract.ingest.batch",
    "extract_pdf": "delib_extract.extract",
    "fetch": "delib_extract.fetch.run",
    "ingest": "delib_extract.ingest.batch",
    "load_extraction": "delib_extract.db.load",
    "open_db": "delib_extract.db.load",
    "rebuild": "delib_extract.ingest.batch",
}

__all__ = ["EXTRACTOR_VERSION", "__version__", *_EXPORTS]


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


class _Package(types.ModuleType):
    """``ingest`` and ``fetch`` name both a subpackage and the function exported here:
    importing the subpackage binds its name on this package, which would hide the
    function once a submodule was imported. The function keeps the name."""

    @property
    def ingest(self) -> object:
        return __getattr__("ingest")

    @ingest.setter
    def ingest(self, value: object) -> None:
        pass  # the import system binding the subpackage (it stays in sys.modules)

    @property
    def fetch(self) -> object:
        return __getattr__("fetch")

    @fetch.setter
    def fetch(self, value: object) -> None:
        pass


sys.modules[__name__].__class__ = _Package
