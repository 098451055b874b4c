"""What the tests build and run against: generated PDFs (:mod:`.pdfgen`, :mod:`.pdfpost`,
:mod:`.variants`, :mod:`.hostile`), the fixture deliberations (:mod:`.fixtures_specs`),
a web site to fetch from (:mod:`.website`), a real Datasette server (:mod:`.siteserver`),
the SCDL settings (:mod:`.scdl_settings`) and a database's rows (:mod:`.dbstate`).

Importable from the tests (``tests/`` is on ``sys.path``: pytest's ``pythonpath``), from
the benchmarks and from the scripts (which put ``tests/`` on ``sys.path`` themselves).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository
ARTIFACTS = ROOT / "tests" / "artifacts"  # screenshots of the browser tests (git-ignored)
