"""The command line: a thin layer over the library.

Each command imports what it runs when it runs: ``--help``, ``--version`` and every
command's start-up stay clear of the PDF, database and OCR libraries they do not use.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from pathlib import Path

import click

from delib_extract import __version__
from delib_extract.errors import DelibExtractError
from delib_extract.ingest.batch import DEFAULT_ARCHIVE, DEFAULT_DB
from delib_extract.settings import DEFAULT_SETTINGS, Settings


def _import_sqlite_utils() -> None:
    """Import sqlite-utils with pandas and numpy hidden: it imports them, when they are
    installed, for type mappings of values this project never stores (numpy arrives
    with OCR, when a page needs it). A fifth of a second of every command's start-up."""
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment] - `import name` fails
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


class _Group(click.Group):
    """Turn the project's own errors into one line and a non-zero exit, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DelibExtractError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="delib-extract")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens (debug level).")
def main(verbose: bool) -> None:
    """Commission Permanente deliberation PDFs → SQLite → Datasette."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite database.",
)
archive_option = click.option(
    "--archive",
    "archive_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_ARCHIVE,
    show_default=True,
    help="Archive folder where originals are kept.",
)


LIMIT_OPTIONS = [
    click.option(
        "--time-limit",
        type=click.FloatRange(min=0),
        default=DEFAULT_SETTINGS.time_limit_s,
        show_default=True,
        help="Seconds allowed to read one document (then: failed, délai dépassé; 0: none).",
    ),
    click.option(
        "--memory-limit",
        type=click.IntRange(min=0),
        default=DEFAULT_SETTINGS.memory_limit_mb,
        show_default=True,
        help="MB of memory allowed to read one document (0: no limit).",
    ),
]


def limited_settings(time_limit: float, memory_limit: int) -> Settings:
    """The default settings with the limits given on the command line."""
    return dataclasses.replace(
        DEFAULT_SETTINGS, time_limit_s=time_limit, memory_limit_mb=memory_limit
    )


def limit_options(command):
    """--time-limit, --memory-limit: what one document may cost."""
    for option in reversed(LIMIT_OPTIONS):
        command = option(command)
    return command


def extraction_options(command):
    """--jobs, --executor, --scheduler, --progress: how documents are extracted."""
    for option in reversed(
        [
            click.option(
                "--jobs",
                "-j",
                type=click.IntRange(min=1),
                default=None,
                help="Extraction processes (default: the machine's cores).",
            ),
            click.option(
                "--executor",
                type=click.Choice(["process", "dask"]),
                default="process",
                show_default=True,
                help="Where to extract: local processes, or a Dask cluster.",
            ),
            click.option(
                "--scheduler",
                metavar="tcp://HOST:PORT",
                default=None,
                help="Dask scheduler address (with --executor dask).",
            ),
            click.option(
                "--progress/--no-progress",
                default=None,
                help="Progress bar with ETA on stderr (default: when it is a terminal).",
            ),
            *LIMIT_OPTIONS,
            click.option(
                "--wait",
                type=click.FloatRange(min=0),
                default=0,
                show_default=True,
                help="Seconds to wait for another command writing to the same database "
                "(0: stop at once with a message).",
            ),
        ]
    ):
        command = option(command)
    return command


def _extraction_kwargs(jobs, executor, scheduler, progress, time_limit, memory_limit, wait) -> dict:
    from delib_extract.ingest.progress import Progress

    _import_sqlite_utils()
    bar = Progress(enabled=progress)
    settings = limited_settings(time_limit, memory_limit)

    def show(name: str, result) -> None:
        if result.status != "ok":
            # A partial document's lost parts, before a note such as « aucune décision à lire ».
            lost = [
                c.message
                for c in result.all_checks()
                if c.kind == "extraction" and c.severity != "info"
            ]
            reason = "; ".join(lost) if result.status == "partial" and lost else result.error
            bar.message(f"{result.status}: {name}: {reason}")

    return {
        "jobs": jobs, "executor": executor, "scheduler": scheduler, "progress": show, "bar": bar,
        "settings": settings, "wait_s": wait,
    }  # fmt: skip


@main.command("ingest")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@db_option
@archive_option
@extraction_options
@click.option("--force", is_flag=True, help="Re-extract documents already loaded.")
def ingest_command(
    paths: tuple[Path, ...], db_path: Path, archive_dir: Path, force: bool, **extraction
) -> None:
    """Archive and extract PDFs (files or folders, recursive; default: the archive).

    Documents already loaded by this extractor version are skipped (--force: not)."""
    from delib_extract.ingest.batch import ingest

    options = _extraction_kwargs(**extraction)
    report = ingest(paths or None, db_path, archive_dir, force=force, **options)
    click.echo(report.summary())
    sys.exit(1 if report.failed or report.refused else 0)


@main.command("rebuild")
@db_option
@archive_option
@extraction_options
def rebuild_command(db_path: Path, archive_dir: Path, **extraction) -> None:
    """Recreate the database from the archive alone (swapped in when complete)."""
    from delib_extract.ingest.batch import rebuild

    report = rebuild(db_path, archive_dir, **_extraction_kwargs(**extraction))
    click.echo(report.summary())
    sys.exit(1 if report.failed or report.refused else 0)


@main.command("fetch")
@click.argument("urls", nargs=-1)
@click.option(
    "--listing", "listings", multiple=True, metavar="URL",
    help="A page listing PDFs: download every PDF it links to, following its pagination.",
)  # fmt: skip
@db_option
@archive_option
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between two requests to the same host.")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Network timeout, in seconds.")  # fmt: skip
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
              help="Retries (with back-off) after a network error, a 429 or a 5xx.")  # fmt: skip
@click.option("--max-size", type=click.IntRange(min=1), default=200, show_default=True,
              help="Largest accepted PDF, in MB.")  # fmt: skip
@click.option("--no-ingest", is_flag=True, help="Only download into the archive.")
@extraction_options
def fetch_command(
    urls: tuple[str, ...],
    listings: tuple[str, ...],
    db_path: Path,
    archive_dir: Path,
    delay: float,
    timeout: float,
    retries: int,
    max_size: int,
    no_ingest: bool,
    **extraction,
) -> None:
    """Download PDFs (URLs, or the PDFs of --listing pages) into the archive, then ingest.

    Conditional and resumable: an unchanged file is not downloaded again, a changed
    one is kept as a new version, an interrupted download is resumed next time."""
    _import_sqlite_utils()
    from delib_extract.fetch.run import fetch
    from delib_extract.settings import FetchSettings

    if not urls and not listings:
        raise click.UsageError("give at least one URL or --listing URL")
    settings = FetchSettings(
        timeout_s=timeout, retries=retries, delay_s=delay, max_bytes=max_size * 1024 * 1024
    )
    options = _extraction_kwargs(**extraction)
    options["extraction"] = options.pop("settings")  # `settings` is fetch's own

    def show(url: str, status, error: str | None) -> None:
        if error:
            options["bar"].message(f"{status}: {url}: {error}")

    report = fetch(
        urls, listings, db_path, archive_dir, settings=settings,
        ingest_after=not no_ingest, on_url=show, **options,
    )  # fmt: skip
    click.echo(report.summary())
    failed = report.failed or (report.ingest is not None and report.ingest.failed)
    sys.exit(1 if failed else 0)


@main.command("extract")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--pages/--no-pages", default=False, help="Include every page's text.")
@click.option("--no-ocr", is_flag=True, help="Do not OCR pages without a text layer.")
@limit_options
def extract_command(
    pdf: Path, pages: bool, no_ocr: bool, time_limit: float, memory_limit: int
) -> None:
    """Extract one PDF and print what was read, as JSON (nothing is stored)."""
    import json

    from delib_extract.ingest.limits import extract_limited
    from delib_extract.records import to_jsonable

    # Within the same limits as ingest: a hostile PDF stops with a reason, not the shell.
    result = extract_limited(str(pdf), limited_settings(time_limit, memory_limit), ocr=not no_ocr)
    data = to_jsonable(result)
    if not pages:
        data.pop("pages", None)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    sys.exit(1 if result.status == "failed" else 0)


@main.command("serve")
@db_option
@archive_option
@click.option(
    "--metadata",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Metadata file replacing the one shipped with the package.",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", "-p", type=int, default=8001, show_default=True)
def serve_command(
    db_path: Path, archive_dir: Path, metadata: Path | None, host: str, port: int
) -> None:
    """Browse the database in Datasette (read-only, always the current data)."""
    from delib_extract.site.serve import serve

    serve(db_path, archive_dir=archive_dir, metadata=metadata, host=host, port=port)


@main.command("check")
@db_option
@click.option("--strict", is_flag=True, help="Exit with 1 when any finding is an error.")
@click.option(
    "--severity", type=click.Choice(["error", "warning"]), default=None, help="Only these."
)
@click.option("--kind", default=None, help="Only this kind (grant_sum, vote_count, …).")
@click.option("--deliberation", default=None, help="Only this deliberation (2023-499).")
def check_command(
    db_path: Path, strict: bool, severity: str | None, kind: str | None, deliberation: str | None
) -> None:
    """Print the consistency findings stored at ingest, grouped by deliberation."""
    _import_sqlite_utils()
    from delib_extract.audit.listing import format_findings, read_findings, summary

    groups = read_findings(db_path, severity=severity, kind=kind, deliberation=deliberation)
    if groups:
        click.echo(format_findings(groups))
    click.echo(summary(groups))
    errors = sum(g.count("error") for g in groups)
    sys.exit(1 if strict and errors else 0)


class _ExportFormat(click.Choice):
    """The export formats, read from the export package only when a value is checked
    (that package imports the database and validation libraries)."""

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        from delib_extract.export import EXPORT_FORMATS

        return EXPORT_FORMATS

    @choices.setter
    def choices(self, value: tuple[str, ...]) -> None:
        pass  # click.Choice sets it in __init__


@main.command("export")
@click.argument("format_name", metavar="FORMAT", type=_ExportFormat())
@db_option
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output file (default: standard output).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="SCDL: what the PDFs do not say (default: the Pas-de-Calais's, "
    "examples/scdl-config.toml).",
)
@click.option(
    "--mapping",
    "mapping_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="scdl-subventions: beneficiary name → SIRET / RNA (CSV).",
)
@click.option("--table", help="csv / json: the table (or view) to export.")
@click.option("--validate", is_flag=True, help="SCDL: validate against the Table Schema.")
@click.option(
    "--schema",
    "schemas",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="SCDL: also validate against this Table Schema (repeatable).",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SCDL: write the missing values as CSV (ligne, rang, champ, raison).",
)
@click.option(
    "--store",
    is_flag=True,
    help="SCDL: record the --config / --mapping given in the database (scdl_* views).",
)
def export_command(
    format_name: str,
    db_path: Path,
    out: Path | None,
    config_path: Path | None,
    mapping_path: Path | None,
    table: str | None,
    validate: bool,
    schemas: tuple[Path, ...],
    report_path: Path | None,
    store: bool,
) -> None:
    """Export SCDL Délibérations / Subventions, or a table as CSV / JSON.

    Exits with 1 when a required value is missing or validation fails.
    """
    _import_sqlite_utils()
    from delib_extract.export import run_export

    options = dict(config_path=config_path, mapping_path=mapping_path, table=table,
                   validate=validate, schemas=schemas, store=store)  # fmt: skip
    result = run_export(format_name, db_path, out or sys.stdout.buffer, **options)
    if result.scdl is not None:
        click.echo("\n".join(result.report_lines(report_path)), err=True)
        if report_path is not None:
            report_path.write_bytes(result.issues_csv())
    sys.exit(0 if result.ok else 1)
