"""Publishing the database with Datasette."""

from __future__ import annotations

import sys
from pathlib import Path

from delib_extract.errors import DelibExtractError

DEFAULT_METADATA = Path("metadata.json")
SITE = Path(__file__).parent  # the publication's templates and plugin


def datasette_args(
    db_path: str | Path,
    *,
    metadata: str | Path | None = DEFAULT_METADATA,
    archive_dir: str | Path | None = Path("raw_pdfs"),
    host: str = "127.0.0.1",
    port: int = 8001,
    sql_time_limit_ms: int = 3000,
) -> list[str]:
    """The ``datasette`` command line: the database immutable (read-only, never
    written), the archived PDFs served under ``/raw_pdfs/``, a SQL time limit, the
    French templates and the site plugin (search, PDF links) of ``site/``."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise DelibExtractError(
            f"base introuvable: {db_path} (lancez d'abord `delib-extract ingest`)"
        )
    args = [sys.executable, "-m", "datasette", "serve", "-i", str(db_path),
            "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", str(sql_time_limit_ms),
            "--setting", "default_page_size", "50",
            "--setting", "allow_download", "off",
            "--template-dir", str(SITE / "templates"),
            "--plugins-dir", str(SITE / "plugins")]  # fmt: skip
    if metadata is not None:
        metadata = Path(metadata)
        if not metadata.exists():
            raise DelibExtractError(f"métadonnées introuvables: {metadata}")
        args += ["--metadata", str(metadata)]
    if archive_dir is not None and Path(archive_dir).is_dir():
        args += ["--static", f"raw_pdfs:{Path(archive_dir).resolve()}"]
    return args
