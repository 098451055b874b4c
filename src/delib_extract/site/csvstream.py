"""Every row of a table, a view or a canned query as CSV, streamed: never cut.

Datasette streams a view's CSV by ``OFFSET`` — each page reads again every row before
it: the SCDL grants of a million lines did not finish in three minutes —, a canned
query's not at all (its first 1 000 rows), and a table sorted on a column holding
equal values stopped after its first pages. The site answers
``/deliberations/<name>.csv?_stream=on`` itself: one SELECT with the page's filters
(those of the query string, the entities', the search), sort and labels, read in
batches by a thread from a read-only connection of its own, for as long as it takes.
A failure midway breaks the connection (the client sees an error): it never ends the
file as if it were complete. A query string asking for more than that is left to
Datasette.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re

from datasette.filters import Filters
from datasette.utils import escape_fts, escape_sqlite

from delib_extract.site.facets import entity_filters
from delib_extract.site.params import parameter_errors

BATCH = 2000
# Query-string arguments this module reads, or that do not change the rows of a CSV.
_UNDERSTOOD = {"_stream", "_dl", "_size", "_nofacet", "_nocount", "_labels", "_sort", "_sort_desc",
               "_search", "_facet", "_territoire", "_programme"}  # fmt: skip
_NAMED = re.compile(r"(?<![:\w]):(\w+)")


def canned_sql(query: dict, args) -> tuple[str, dict[str, str]]:
    """A canned query's SQL and the parameters it names, from the query string."""
    names = dict.fromkeys(_NAMED.findall(query["sql"]))
    return query["sql"], {name: args.get(name, "") for name in names}


async def relation_sql(datasette, db, name: str, request) -> tuple[str, dict] | None:
    """``select`` from a table or a view with the page's filters, search, labels and sort;
    None when the query string asks for more than that (Datasette answers it then)."""
    args = request.args
    if {k for k in args if k.startswith("_") and "__" not in k} - _UNDERSTOOD:
        return None
    pairs = [(k, v) for k in args if not k.startswith("_") or "__" in k for v in args.getlist(k)]
    wheres, params = Filters(sorted(pairs)).build_where_clauses(name)
    entities = await entity_filters(request, name, db)
    if entities:
        wheres, params = [*wheres, *entities.where_clauses], {**params, **entities.params}
    fts = await db.fts_table(name) if args.get("_search") else None
    if fts:
        wheres.append(f"rowid in (select rowid from {escape_sqlite(fts)} "
                      f"where {escape_sqlite(fts)} match :_search)")  # fmt: skip
        params["_search"] = escape_fts(args["_search"])
    columns, joins = await _labels(db, name) if args.get("_labels") else ("t.*", "")
    sql = f"select {columns} from {escape_sqlite(name)} t{joins}"
    if wheres:
        sql += " where " + " and ".join(wheres)
    return sql + _order(datasette, db.name, name, args, await db.table_columns(name)), params


async def _labels(db, table: str) -> tuple[str, str]:
    """``<column>_label`` beside each foreign key, as Datasette's ``_labels`` adds it."""
    columns, joins = ["t.*"], []
    for number, key in enumerate(await db.foreign_keys_for_table(table)):
        label = await db.label_column_for_table(key["other_table"])
        if label:
            alias = f"l{number}"
            joins.append(f" left join {escape_sqlite(key['other_table'])} {alias} on "
                         f"{alias}.{escape_sqlite(key['other_column'])} = "
                         f"t.{escape_sqlite(key['column'])}")  # fmt: skip
            columns.append(f"{alias}.{escape_sqlite(label)} as "
                           f"{escape_sqlite(key['column'] + '_label')}")  # fmt: skip
    return ", ".join(columns), "".join(joins)


def _order(datasette, database: str, name: str, args, columns: list[str]) -> str:
    """The page's sort, else the one metadata.json gives the table."""
    described = datasette.table_metadata(database, name)
    sort = args.get("_sort") or (None if args.get("_sort_desc") else described.get("sort"))
    sort_desc = args.get("_sort_desc") or (None if sort else described.get("sort_desc"))
    column = sort or sort_desc
    if column not in columns:
        return ""
    return f" order by t.{escape_sqlite(column)}{' desc' if sort_desc and not sort else ''}"


async def respond_error(send, status: int, message: str) -> None:
    body = message.encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
    ]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


async def stream_csv(datasette, database: str, name: str, request, send) -> bool:
    """Answer ``name.csv?_stream=on`` for a table, a view or a canned query; False when
    ``name`` is none of them or the query string asks for more (Datasette answers)."""
    db = datasette.get_database(database)
    queries = (datasette.metadata(database=database) or {}).get("queries", {})
    if name in queries:
        sql, params = canned_sql(queries[name], request.args)
        errors = parameter_errors(params)
        if errors:
            await respond_error(send, 400, "\n".join(errors) + "\n")
            return True
    elif name in await db.view_names() or await db.table_exists(name):
        found = await relation_sql(datasette, db, name, request)
        if found is None:
            return False
        sql, params = found
    else:
        return False
    await _send_rows(datasette, db, name, sql, params, request, send)
    return True


async def _send_rows(datasette, db, name, sql, params, request, send) -> None:
    loop = asyncio.get_running_loop()
    conn = db.connect()  # its own read-only connection: no time limit, no shared thread
    datasette._prepare_connection(conn, db.name)
    try:
        cursor = await loop.run_in_executor(None, lambda: conn.execute(sql, params))
        headers = [(b"content-type", b"text/plain; charset=utf-8")]
        if request.args.get("_dl"):
            headers = [(b"content-type", b"text/csv; charset=utf-8"), (
                b"content-disposition", f'attachment; filename="{name}.csv"'.encode())]  # fmt: skip
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "more_body": True,
                    "body": _csv([[d[0] for d in cursor.description]])})  # fmt: skip
        while rows := await loop.run_in_executor(None, cursor.fetchmany, BATCH):
            await send({"type": "http.response.body", "body": _csv(rows), "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    finally:
        conn.close()


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow("" if value is None else value for value in row)
    return buffer.getvalue().encode("utf-8")
