"""Datasette plugin of the publication (loaded by ``delib-extract serve`` through
``--plugins-dir``): the SQL function the canned queries search with, PDF page links
and French amounts in every HTML table, and what the French home page needs."""

from __future__ import annotations

import re
import urllib.parse
from decimal import Decimal

from datasette import hookimpl
from datasette.utils import escape_fts, escape_sqlite, path_from_row_pks
from datasette.utils.asgi import asgi_send_file, asgi_send_html
from markupsafe import Markup, escape

from delib_extract.db.entities import matches_words
from delib_extract.site.publicfiles import archived_pdf
from delib_extract.site.serve import DATABASE
from delib_extract.text.amounts import format_euros

PDF_PREFIX = "/raw_pdfs/"
PAGE_COLUMNS = {"page", "recusal_page", "page_start", "page_end", "page_number"}
_AMOUNT_COLUMN = re.compile(
    r"amount|montant|^total|commitment_authority|registered|available|proposed|balance", re.I
)
_PATHS: dict[tuple[str, str], str | None] = {}  # immutable database: paths never change
_PATH_SQL = {
    "document_sha256": "select path from documents where sha256 = ?",
    "deliberation_id": "select doc.path from deliberations d "
    "join documents doc on doc.sha256 = d.document_sha256 where d.id = ?",
}


_READ_METHODS = {"GET", "HEAD", "OPTIONS"}


@hookimpl
def asgi_wrapper(datasette):
    """A read-only site: no method that could write gets past this point (Datasette
    0.65 would answer a POST to a table with a 500)."""

    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope.get("method", "GET") not in _READ_METHODS:
                body = b"405 : ce site est en lecture seule"
                await send({"type": "http.response.start", "status": 405, "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"allow", b"GET, HEAD, OPTIONS"),
                    (b"content-length", str(len(body)).encode()),
                ]})  # fmt: skip
                await send({"type": "http.response.body", "body": body})
                return
            await app(scope, receive, send)

        return read_only

    return wrap


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


@hookimpl
def prepare_connection(conn) -> None:
    # correspond(text, query): every word of query is in text, accents/case/punctuation aside.
    conn.create_function("correspond", 2, _correspond, deterministic=True)


def _correspond(text: str | None, query: str | None) -> int:
    return int(matches_words(text, query))


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if value is None or database != DATABASE:
        return None
    if isinstance(value, str) and value.startswith(PDF_PREFIX):
        path, _, page = value[len(PDF_PREFIX) :].partition("#page=")
        return _pdf_link(datasette, path, page or "1", f"PDF p. {page or 1}")
    if isinstance(value, str) and value.startswith(f"/{DATABASE}/"):
        # A link inside the publication (canned queries build them: "Détail").
        return Markup('<a href="{}">détail</a>').format(datasette.urls.path(value))
    if isinstance(value, float) and _AMOUNT_COLUMN.search(column):
        return Markup('<span class="euros">{}</span>').format(format_euros(Decimal(str(value))))
    if table and column in PAGE_COLUMNS and isinstance(value, int):
        return _page_link(row, value, datasette)
    return None


def _pdf_link(datasette, path: str, page: str, label: str) -> Markup:
    href = datasette.urls.path(f"{PDF_PREFIX}{urllib.parse.quote(path)}#page={page}")
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
    if (by, key) not in _PATHS:
        result = await datasette.get_database(DATABASE).execute(_PATH_SQL[by], [key])
        first = result.first()
        _PATHS[(by, key)] = first[0] if first else None
    return _PATHS[(by, key)]


# The plugins' few English words (menu, dashboard page) in French, and the long list
# of column descriptions folded away so that the rows come first.
_PAGE_SCRIPT = r"""
const descriptions = document.querySelector("dl.column-descriptions");
if (descriptions) {
  const details = document.createElement("details");
  details.innerHTML = "<summary>Que contient chaque colonne ?</summary>";
  descriptions.replaceWith(details);
  details.appendChild(descriptions);
}
const fr = {"home": "accueil", "dashboards": "graphiques", "Dashboards": "Graphiques",
  "Search all tables": "Chercher partout", "Apply": "Appliquer"};
document.querySelectorAll(".crumbs a, .nav-menu a, .dashboard-filters a").forEach((a) => {
  const label = a.textContent.trim();
  if (fr[label]) a.textContent = fr[label];
});
document.querySelectorAll("input[type=submit]").forEach((input) => {
  if (fr[input.value]) input.value = fr[input.value];
});
// Datasette's own words around the data (never inside a table of rows).
const phrases = [
  [/^(\s*[\d,]+) rows?\b/, "$1 lignes"],
  [/ sorted by (\S+) descending/, ", triées par $1 (décroissant)"],
  [/ sorted by (\S+)/, ", triées par $1"], [/^\s*This data as\s*$/, "Télécharger : "],
  [/^\s*View and edit SQL\s*$/, "Voir et modifier le SQL"],
  [/^\s*Suggested facets:\s*$/, "Facettes suggérées : "],
  [/^\s*Links from other tables\s*$/, "Lignes liées dans d'autres tables"],
  [/^\s*Advanced export\s*$/, "Export avancé"], [/^ from (\S+) in (\S+)\s*$/, " par $1 dans $2"],
];
const walker = document.createTreeWalker(document.querySelector("section.content") || document.body,
  NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const skip = "table.rows-and-columns, pre, textarea, .metadata-description";
  if (node.parentElement.closest(skip)) continue;
  const before = node.nodeValue.replace(/\s+/g, " ");
  let text = before;
  for (const [pattern, french] of phrases) text = text.replace(pattern, french);
  if (text !== before) node.nodeValue = text;
}
document.querySelectorAll("select option[value='']").forEach((o) => {
  if (!o.textContent.trim()) o.textContent = "toutes";
});
"""


@hookimpl
def extra_body_script():
    return _PAGE_SCRIPT


@hookimpl
def extra_template_vars(template, datasette, request):
    if template == "search_all.html":
        return lambda: _search_results(datasette, (request.args.get("q") or "").strip())
    if template != "index.html":
        return None

    async def inner():
        if DATABASE not in datasette.databases:
            return {}
        db = datasette.get_database(DATABASE)
        years = [row[0] for row in (await db.execute(
            "select distinct year from deliberations where year is not null order by year desc"
        )).rows]  # fmt: skip
        counts = (await db.execute(
            "select (select count(*) from deliberations), (select count(*) from grants), "
            "(select sum(amount) from grants), (select max(date) from deliberations)"
        )).first()  # fmt: skip
        metadata = datasette.metadata(database=DATABASE) or {}
        return {
            "delib_db": DATABASE,
            "delib_years": years,
            "delib_deliberations": counts[0],
            "delib_grants": counts[1],
            "delib_amount": format_euros(Decimal(str(counts[2] or 0))).replace(",00 €", " €"),
            "delib_last": counts[3],
            "delib_queries": metadata.get("queries", {}),
            "delib_tables": await _tables(datasette, db, metadata.get("tables", {})),
        }

    return inner


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
