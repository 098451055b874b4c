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
    path_with_format,
    tilde_encode,
    urlsafe_components,
)
from datasette.utils.asgi import Request, asgi_send_file, asgi_send_html

from delib_extract.db.entities import key_matches_words, matches_words
from delib_extract.db.labels import code_label, column_label
from delib_extract.site import cells, pages
from delib_extract.site.csvstream import respond_error, stream_csv
from delib_extract.site.display import date_fr, euros, nombre
from delib_extract.site.facets import FACET_CLASSES, entity_filters
from delib_extract.site.params import ParameterError, parameter_errors, period_bound, year
from delib_extract.site.publicfiles import archived_pdf
from delib_extract.site.search import search_results
from delib_extract.site.serve import DATABASE

_READ_METHODS = {"GET", "HEAD", "OPTIONS"}
_CSV = re.compile(rf"^/{DATABASE}/([^/]+)\.csv$")
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
    root = dict(datasette.static_mounts).get(cells.PDF_PREFIX.strip("/"))
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
        lien_pdf=cells.pdf_href, colonne=column_label,
    )  # fmt: skip
    env.globals["libelle"] = lambda column, value: code_label(column, value) or value

    def title(database: str, table: str | None = None) -> str:
        """The French title of a database (or of one of its tables) in the metadata."""
        found = datasette.metadata("title", database=database, table=table)
        return found or table or database

    env.globals["titre"] = lambda database, table=None: title(DATABASE, table) if (
        database == DATABASE) else database  # fmt: skip


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    return cells.render(row, value, column, table, database, datasette)


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
        return lambda: search_results(datasette, (request.args.get("q") or "").strip())
    if template == "index.html":
        return lambda: pages.home_page(datasette)
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
