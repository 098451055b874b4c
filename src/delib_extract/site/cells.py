"""What a cell of a table page shows: PDF links, French amounts, numbers, dates and
labels of codes (Datasette's ``render_cell`` hook calls :func:`render`). Extracted text
is never markup: every Markup here is a literal template filled by ``format``, which
escapes."""

from __future__ import annotations

import re
import urllib.parse

from markupsafe import Markup

from delib_extract.db.labels import code_label
from delib_extract.site.display import date_fr, euros, nombre
from delib_extract.site.serve import DATABASE

PDF_PREFIX = "/raw_pdfs/"
PAGE_COLUMNS = {"page", "recusal_page", "page_start", "page_end", "page_number"}
_AMOUNT_COLUMN = re.compile(
    r"amount|montant|^total|commitment_authority|registered|available|proposed|balance", re.I
)
_COUNT_COLUMN = re.compile(r"count$|^(votes_for|votes_against|abstentions|size)$|^sittings|"
                           r"^deliberations_|^Subventions$|^Séances")  # fmt: skip
_DATE_COLUMN = re.compile(r"(^|_)date$|^Date$|^date_")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LABEL_TABLES = {"check_kinds", "document_types", "code_labels"}  # the labels themselves
_ENTITY_PAGE = re.compile(rf"^/{DATABASE}/(deliberations|members|beneficiaries|programmes)/[^/?]+$")
_PATHS: dict[str, str | None] = {}  # document hash → archived path: never changes


def pdf_href(pdf_url: str) -> str:
    """``/raw_pdfs/<path>#page=N`` as stored, its path percent-encoded for a link."""
    path, _, page = pdf_url[len(PDF_PREFIX) :].partition("#page=")
    return f"{PDF_PREFIX}{urllib.parse.quote(path)}#page={page or 1}"


def render(row, value, column: str, table: str | None, database: str, datasette):
    """What a cell shows, or None for Datasette's own display."""
    if value is None or database != DATABASE:
        return None
    if isinstance(value, str) and value.startswith(PDF_PREFIX):
        path, _, page = value[len(PDF_PREFIX) :].partition("#page=")
        return _pdf_link(datasette, path, page or "1", f"PDF p. {page or 1}")
    if isinstance(value, str) and value.startswith(f"/{DATABASE}/"):
        # A link inside the publication (canned queries build them): an entity's page, or
        # the rows behind a total.
        label = "fiche" if _ENTITY_PAGE.match(value) else "détail"
        return Markup('<a href="{}">{}</a>').format(datasette.urls.path(value), label)
    if isinstance(value, float) and _AMOUNT_COLUMN.search(column):
        return Markup('<span class="euros">{}</span>').format(euros(value))
    if table and column in PAGE_COLUMNS and isinstance(value, int):
        return _page_link(row, value, datasette)
    return _french(value, column, table)


def _french(value, column: str, table: str | None):
    """Codes as French labels, counts with their thousands, dates in words."""
    label = None if table in _LABEL_TABLES else code_label(column, value)
    if label is not None:
        return Markup('<span class="code" title="{}">{}</span>').format(value, label)
    if isinstance(value, int) and not isinstance(value, bool) and _COUNT_COLUMN.search(column):
        return Markup('<span class="nombre">{}</span>').format(nombre(value))
    if isinstance(value, str) and _DATE_COLUMN.search(column) and _ISO_DATE.match(value):
        return Markup('<time datetime="{}">{}</time>').format(value, date_fr(value))
    return None


def _pdf_link(datasette, path: str, page: str, label: str) -> Markup:
    href = datasette.urls.path(pdf_href(f"{PDF_PREFIX}{path}#page={page}"))
    return Markup('<a class="pdf-link" href="{}" title="Ouvrir le PDF à cette page">{}</a>').format(
        href, label
    )


def _page_link(row, page: int, datasette):
    keys = set(row.keys())
    # A row of `pages` or `deliberations` names its document; the others their deliberation.
    by = next((k for k in ("document_sha256", "deliberation_id") if k in keys and row[k]), None)
    if by is None:
        return None
    key = row[by]["value"] if isinstance(row[by], dict) else row[by]  # expanded foreign key

    async def inner():
        path = await _document_path(datasette, by, key)
        return _pdf_link(datasette, path, str(page), str(page)) if path else None

    return inner


async def _document_path(datasette, by: str, key: str) -> str | None:
    db = datasette.get_database(DATABASE)
    if by == "deliberation_id":  # the version a deliberation points to can change
        found = await db.execute("select document_sha256 from deliberations where id = ?", [key])
        key = found.first()[0] if found.first() else None
    if key and key not in _PATHS:
        found = await db.execute("select path from documents where sha256 = ?", [key])
        _PATHS[key] = found.first()[0] if found.first() else None
    return _PATHS.get(key) if key else None
