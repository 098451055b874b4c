"""Datasette plugin of the publication (loaded by ``delib-extract serve``): read-only
requests, the archived PDFs, CSV exports never cut, the SQL functions of the canned
queries, facets on entities, French cells and labels, and the data of the pages
people read (home, search, a deliberation, a member, a beneficiary)."""

from __future__ import annotations

import json
import re
import urllib.parse

from datasette import hookimpl
from datasette.utils import (
    escape_fts,
    escape_sqlite,
    path_from_row_pks,
    path_with_format,
    tilde_encode,
    urlsafe_components,
)
from datasette.utils.asgi import Request, asgi_send_file, asgi_send_html
from markupsafe import Markup, escape

from delib_extract.db.entities import key_matches_words, matches_words
from delib_extract.db.labels import code_label, column_label
from delib_extract.site import pages
from delib_extract.site.csvstream import respond_error, stream_csv
from delib_extract.site.display import date_fr, euros, nombre
from delib_extract.site.facets import FACET_CLASSES, entity_filters
from delib_extract.site.params import ParameterError, parameter_errors, period_bound, year
from delib_extract.site.publicfiles import archived_pdf
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
_PATHS: dict[str, str | None] = {}  # document hash → archived path: never changes
_READ_METHODS = {"GET", "HEAD", "OPTIONS"}
_CSV = re.compile(rf"^/{DATABASE}/([^/]+)\.csv$")
_ENTITY_PAGE = re.compile(rf"^/{DATABASE}/(deliberations|members|beneficiaries|programmes)/[^/?]+$")
_QUERY_DATA = re.compile(rf"^/{DATABASE}/([^/]+)\.(json|csv|atom)$")


@hookimpl
def asgi_wrapper(datasette):
    """A read-only site (Datasette 0.65 would answer a POST to a table with a 500);
    CSV exports of views and canned queries streamed whole; the values typed in a
    canned query's form checked before its data are served."""

    def wrap(app):
        async def site(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            if scope.get("method", "GET") not in _READ_METHODS:
                return await _read_only(send)
            request = Request(scope, receive)
            if await _answered(datasette, request, send):
                return
            await app(scope, receive, send)

        return site

    return wrap


async def _read_only(send) -> None:
    body = b"405 : ce site est en lecture seule"
    await send({"type": "http.response.start", "status": 405, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"allow", b"GET, HEAD, OPTIONS"),
        (b"content-length", str(len(body)).encode()),
    ]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


async def _answered(datasette, request, send) -> bool:
    path = urllib.parse.unquote(request.path)
    data = _QUERY_DATA.match(path)
    queries = (datasette.metadata(database=DATABASE) or {}).get("queries", {})
    if data and data.group(1) in queries:
        errors = parameter_errors(_first_values(request.args))
        if errors:
            await respond_error(send, 400, "\n".join(errors) + "\n")
            return True
    csv = _CSV.match(path)
    if csv and request.args.get("_stream") and DATABASE in datasette.databases:
        return await stream_csv(datasette, DATABASE, csv.group(1), request, send)
    return False


@hookimpl
def register_routes(datasette):
    """The archived PDFs, served by name (accents and spaces included) and nothing else:
    this route comes before the ``--static raw_pdfs`` mount it replaces."""
    root = dict(datasette.static_mounts).get(PDF_PREFIX.strip("/"))
    if root is None:
        return []

    async def serve_pdf(request, send) -> None:
        found = archived_pdf(root, request.url_vars["path"])
        if found is None:
            await asgi_send_html(send, "404 : ce PDF n'est pas dans l'archive", 404)
            return
        await asgi_send_file(send, found, content_type="application/pdf")

    return [(r"^/raw_pdfs/(?P<path>.*)$", serve_pdf)]


def _or_null(read):
    """A reader of typed values as a SQL function: NULL for a value it refuses (the
    query finds nothing, and the page says why), never the value as typed."""

    def function(value):
        try:
            return read(value)
        except ParameterError:
            return None

    return function


# The charts' pages come from datasette-dashboards, in English: their few words in French
# (the charts themselves need JavaScript anyway).
_DASHBOARD_SCRIPT = r"""
const fr = {"home": "accueil", "dashboards": "graphiques", "Dashboards": "Graphiques",
  "Apply": "Appliquer", "Fullscreen": "Plein écran", "View and edit SQL": "Voir et modifier le SQL",
  "No dashboards found": "Aucun graphique"};
document.querySelectorAll(".crumbs a, h1, p, span.underlined, button").forEach((el) => {
  const text = el.textContent.trim();
  if (fr[text] && el.children.length === 0) el.textContent = fr[text];
});
document.querySelectorAll("input[type=submit]").forEach((input) => {
  if (fr[input.value]) input.value = fr[input.value];
});
document.querySelectorAll(".chart-tooltip").forEach((el) => {
  el.title = el.title.replace(/SQL query returning more than (\d+) rows/,
    "requête de plus de $1 lignes");
});
"""


@hookimpl
def extra_body_script(template):
    return _DASHBOARD_SCRIPT if template and template.startswith("dashboard_") else None


@hookimpl
def prepare_connection(conn) -> None:
    # correspond(text, query): every word of query is in text, accents/case/punctuation aside.
    conn.create_function("correspond", 2, _correspond, deterministic=True)
    # correspond_cle(key, query): the same on an entity's key, already folded (fast).
    conn.create_function("correspond_cle", 2, _key_matches, deterministic=True)
    # The bounds of a period and a year as people type them (01/01/2023, 2023, …).
    conn.create_function("debut_periode", 1, _or_null(period_bound), deterministic=True)
    conn.create_function(
        "fin_periode", 1, _or_null(lambda v: period_bound(v, end=True)), deterministic=True
    )
    conn.create_function("annee", 1, _or_null(year), deterministic=True)
    conn.create_function("montant_fr", 1, euros, deterministic=True)


def _correspond(text: str | None, query: str | None) -> int:
    return int(matches_words(text, query))


def _key_matches(key: str | None, query: str | None) -> int:
    return int(key_matches_words(key, query))


@hookimpl
def register_facet_classes():
    return FACET_CLASSES


@hookimpl
def filters_from_request(request, database, table, datasette):
    if database != DATABASE:
        return None

    async def inner():
        return await entity_filters(request, table, datasette.get_database(database))

    return inner


@hookimpl
def prepare_jinja2_environment(env, datasette) -> None:
    env.filters.update(
        euros=euros, nombre=nombre, date_fr=date_fr, from_json=json.loads, tilde=tilde_encode,
        lien_pdf=pdf_href, colonne=column_label,
    )  # fmt: skip
    env.globals["libelle"] = lambda column, value: code_label(column, value) or value

    def title(database: str, table: str | None = None) -> str:
        """The French title of a database (or of one of its tables) in the metadata."""
        found = datasette.metadata("title", database=database, table=table)
        return found or table or database

    env.globals["titre"] = lambda database, table=None: title(DATABASE, table) if (
        database == DATABASE) else database  # fmt: skip


def pdf_href(pdf_url: str) -> str:
    """``/raw_pdfs/<path>#page=N`` as stored, its path percent-encoded for a link."""
    path, _, page = pdf_url[len(PDF_PREFIX) :].partition("#page=")
    return f"{PDF_PREFIX}{urllib.parse.quote(path)}#page={page or 1}"


@hookimpl
def render_cell(row, value, column, table, database, datasette):
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


# -- data of the templates -----------------------------------------------------------------
_ROW_PAGES = {
    "deliberations": pages.deliberation_page,
    "members": pages.member_page,
    "beneficiaries": pages.beneficiary_page,
}


@hookimpl
def extra_template_vars(template, datasette, request, table, view_name):
    if request is None:
        return None
    if template == "search_all.html":
        return lambda: _search_results(datasette, (request.args.get("q") or "").strip())
    if template == "index.html":
        return lambda: _home(datasette)
    if template.startswith("pages/"):  # the site's own pages (/a-propos)
        return {"metadata": datasette.metadata() or {}}
    if view_name == "row" and table in _ROW_PAGES and request.url_vars.get("pks"):
        key = urlsafe_components(request.url_vars["pks"])[0]

        async def page():
            return {"page": await _ROW_PAGES[table](datasette.get_database(DATABASE), key)}

        return page
    if template.startswith("query"):
        every_row = path_with_format(request=request, format="csv", extra_qs={"_stream": "on"})
        return {
            "delib_errors": parameter_errors(_first_values(request.args)),
            "delib_csv_all": datasette.urls.path(every_row),
        }
    return None


def _first_values(args) -> dict[str, str]:
    return {key: args.get(key) for key in args}


async def _home(datasette) -> dict:
    if DATABASE not in datasette.databases:
        return {}
    db = datasette.get_database(DATABASE)
    years = [row[0] for row in (await db.execute(
        "select distinct year from deliberations where year is not null order by year desc"
    )).rows]  # fmt: skip
    counts = (await db.execute(
        "select (select count(*) from deliberations), (select count(*) from grants), "
        "(select sum(amount) from theme_dates), (select max(date) from deliberations)"
    )).first()  # fmt: skip
    metadata = datasette.metadata(database=DATABASE) or {}
    return {
        "delib_db": DATABASE,
        "delib_years": years,
        "delib_deliberations": counts[0],
        "delib_grants": counts[1],
        "delib_amount": euros(counts[2] or 0, cents=False),
        "delib_last": counts[3],
        "delib_queries": metadata.get("queries", {}),
        "delib_tables": await _tables(datasette, db, metadata.get("tables", {})),
    }


async def _tables(datasette, db, described: dict) -> list[dict]:
    """Views (what people want joined together), then visible tables, with their French
    title and description."""
    hidden = set(await db.hidden_table_names())
    names = await db.view_names() + [t for t in await db.table_names() if t not in hidden]
    return [
        {"name": name, "url": datasette.urls.table(DATABASE, name),
         "title": described.get(name, {}).get("title", name),
         "description": described.get(name, {}).get("description", "")}
        for name in names
        if not described.get(name, {}).get("hidden")
    ]  # fmt: skip


async def _search_results(datasette, q: str) -> dict:
    """Server-side search over every full-text index, with highlighted excerpts (the
    tokenizer ignores accents: ``lievin`` finds ``Liévin``)."""
    if not q or DATABASE not in datasette.databases:
        return {"delib_results": [], "delib_q": q}
    db = datasette.get_database(DATABASE)
    described = (datasette.metadata(database=DATABASE) or {}).get("tables", {})
    hidden = set(await db.hidden_table_names())
    results = []
    for table in await db.table_names():
        fts = None if table in hidden else await db.fts_table(table)
        if fts:
            found = await _search_table(datasette, db, table, fts, escape_fts(q))
            found["title"] = described.get(table, {}).get("title", table)
            results.append(found)
    results.sort(key=lambda r: -r["count"])
    return {"delib_results": results, "delib_q": q}


async def _search_table(datasette, db, table: str, fts: str, match: str) -> dict:
    pks = await db.primary_keys(table)
    label = await db.label_column_for_table(table)
    t, f = escape_sqlite(table), escape_sqlite(fts)
    count = (await db.execute(f"select count(*) from {f} where {f} match ?", [match])).first()[0]
    rows = (await db.execute(
        f"select t.rowid as rowid, t.*, snippet({f}, -1, ?, ?, '…', 14) as _snippet "
        f"from {f} join {t} t on t.rowid = {f}.rowid where {f} match ? order by rank limit 5",
        [_MARK_START, _MARK_END, match],
    )).rows  # fmt: skip
    url = datasette.urls.table(DATABASE, table)
    return {
        "table": table,
        "count": count,
        "url": f"{url}?_search={urllib.parse.quote(match)}",
        "rows": [
            {"url": datasette.urls.row(DATABASE, table, path_from_row_pks(row, pks, not pks)),
             "label": str(row[label]) if label else ", ".join(str(row[pk]) for pk in pks),
             "snippet": _highlight(row["_snippet"])}
            for row in rows
        ],
    }  # fmt: skip


# Where FTS5 marks the words found: characters no PDF text carries (private use), so that
# a page printing « [[ » is shown as it is.
_MARK_START, _MARK_END = "\ue000", "\ue001"


def _highlight(snippet: str | None) -> Markup:
    """The snippet escaped, the words found in <mark>: extracted text is never markup."""
    out = Markup("")
    for index, part in enumerate(re.split(f"[{_MARK_START}{_MARK_END}]", snippet or "")):
        out += Markup("<mark>{}</mark>").format(part) if index % 2 else escape(part)
    return out
