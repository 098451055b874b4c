"""Start-up: the package and the command line import the PDF, database and OCR
libraries only when a command needs them (``--help`` costs no more than click), and
the package's exports keep their names whatever was imported before."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ["pypdfium2", "pdfplumber", "sqlite_utils", "pandas", "numpy", "PIL", "datasette"]


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)  # fmt: skip
    return done.stdout.strip()


def test_help_and_version_import_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from delib_extract.cli import main\n"
        "for arguments in (['--help'], ['--version'], ['ingest', '--help']):\n"
        "    try:\n"
        "        main(arguments)\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print([name for name in {HEAVY!r} if name in sys.modules])\n"
    )
    assert _run(code).splitlines()[-1] == "[]"


def test_ingest_imports_neither_pandas_nor_numpy(sample_pdf, tmp_path) -> None:
    """sqlite-utils would import both when installed; OCR imports numpy only for a scan."""
    code = (
        "import sys\n"
        "from delib_extract.cli import main\n"
        f"try:\n    main(['ingest', {str(sample_pdf)!r}, '--db', {str(tmp_path / 'd.db')!r},"
        f" '--archive', {str(tmp_path / 'raw')!r}, '--jobs', '1'])\n"
        "except SystemExit:\n    pass\n"
        "print([name for name in ('pandas', 'numpy') if name in sys.modules])\n"
    )
    assert _run(code).splitlines()[-1] == "[]"


def test_exports_keep_their_names_after_their_subpackages_are_imported() -> None:
    code = (
        "import delib_extract.ingest.limits, delib_extract.fetch.http\n"
        "import delib_extract\n"
        "from delib_extract import IngestReport, extract_pdf, fetch, ingest, rebuild\n"
        "print(callable(ingest) and ingest.__module__, fetch.__module__,\n"
        "      delib_extract.ingest is ingest, extract_pdf.__module__)\n"
    )
    assert _run(code) == (
        "delib_extract.ingest.batch delib_extract.fetch.run True delib_extract.extract"
    )
