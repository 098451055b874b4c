"""Publishing the database with Datasette, from any directory, whatever the file's name.

Everything the site needs ships in this package: the metadata (French titles and
descriptions, canned queries, charts; ``metadata.json`` at the repository root is
its editable source, kept equal by a test), the templates and the plugin. The
database is always published as ``/deliberations/``, so the metadata, the canned
queries' links and the plugin apply to ``cp.db`` as to ``deliberations.db``, and a
link to the site does not change with the file's name.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from delib_extract.errors import DelibExtractError

SITE = Path(__file__).parent  # the publication's templates, plugin and metadata
PACKAGED_METADATA = SITE / "metadata.json"
DATABASE = "deliberations"  # the site's name for the database, whatever the file
SETTINGS = {
    "sql_time_limit_ms": 3000,
    "default_page_size": 50,
    "allow_download": False,  # the database file is not served
    "max_csv_mb": 0,  # a CSV export is never cut
    "suggest_facets": False,  # each suggestion scans every row: seconds at a million
    "facet_time_limit_ms": 1000,
}


def load_metadata(path: str | Path | None = None) -> dict:
    """The site's metadata: the packaged one, or the file given."""
    path = Path(path) if path is not None else PACKAGED_METADATA
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise DelibExtractError(f"métadonnées introuvables: {path}") from None
    except ValueError as exc:
        raise DelibExtractError(f"métadonnées illisibles: {path} ({exc})") from None


def build_site(
    db_path: str | Path,
    *,
    archive_dir: str | Path | None = None,
    metadata: str | Path | None = None,
    sql_time_limit_ms: int = 3000,
):
    """The Datasette application of the site (``datasette.app()`` is the ASGI app)."""
    from datasette.app import Datasette

    from delib_extract.site.live import LiveDatabase

    db_path = Path(db_path)
    if not db_path.is_file():
        raise DelibExtractError(
            f"base introuvable: {db_path} (lancez d'abord `delib-extract ingest`)"
        )
    mounts = []
    if archive_dir is not None and Path(archive_dir).is_dir():
        mounts.append(("raw_pdfs", str(Path(archive_dir).resolve())))
    datasette = Datasette(
        [],
        metadata=load_metadata(metadata),
        template_dir=str(SITE / "templates"),
        plugins_dir=str(SITE / "plugins"),
        static_mounts=mounts,
        settings={**SETTINGS, "sql_time_limit_ms": sql_time_limit_ms},
    )
    datasette.remove_database("_memory")  # Datasette adds it when given no file
    datasette.add_database(LiveDatabase(datasette, db_path), name=DATABASE)
    return datasette


def outdated(db_path: str | Path) -> bool:
    """Whether the database lacks a migration or a derived object of this version (the
    site never writes: the next ``ingest`` brings it up to date)."""
    import sqlite3

    import sqlite_utils

    from delib_extract.db.derived import derived_objects, stale_objects
    from delib_extract.db.schema import MIGRATIONS

    conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
    try:
        db = sqlite_utils.Database(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        return version < len(MIGRATIONS) or bool(stale_objects(db, derived_objects()))
    except sqlite3.Error:
        return True
    finally:
        conn.close()


def serve(
    db_path: str | Path,
    *,
    archive_dir: str | Path | None = None,
    metadata: str | Path | None = None,
    host: str = "127.0.0.1",
    port: int = 8001,
) -> None:
    """Serve the site until interrupted (what ``delib-extract serve`` runs); says where
    on stderr."""
    import uvicorn

    datasette = build_site(db_path, archive_dir=archive_dir, metadata=metadata)
    if outdated(db_path):
        print(f"la base {db_path} a été écrite par une version antérieure : des pages du site "
              f"lui manquent ; `delib-extract ingest --db {db_path}` la met à jour",
              file=sys.stderr)  # fmt: skip
    if archive_dir is not None and not Path(archive_dir).is_dir():
        print(f"archive introuvable: {archive_dir} : les liens vers les PDF ne répondront pas",
              file=sys.stderr)  # fmt: skip
    print(f"Datasette: http://{host}:{port}/", file=sys.stderr, flush=True)
    asyncio.run(datasette.invoke_startup())
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")
