"""Every row of a view or a canned query as CSV, streamed: an export is never cut.

Datasette streams a table's CSV page by page through its key (complete, once
``max_csv_mb`` is 0), but a view's by ``OFFSET`` — each page reads again every row
before it: the SCDL grants of a million lines did not finish in three minutes — and a
canned query's not at all (its first 1 000 rows). The site answers
``/deliberations/<view or query>.csv?_stream=on`` itself: one SELECT, with the page's
filters and sort, read in batches by a thread from a read-only connection of its own,
for as long as it takes. A failure midway breaks the connection (the client sees an
error), it never ends the file as if it were complete.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re

from datasette.filters import Filters
from datasette.utils import escape_sqlite

from delib_extract.site.params import parameter_errors

BATCH = 2000
# Query-string arguments that do not change which rows a CSV holds.
_HARMLESS = {"_stream", "_dl", "_size", "_nofacet", "_nocount", "_labels", "_sort", "_sort_desc"}
_NAMED = re.compile(r"(?<![:\w]):(\w+)")


def canned_sql(query: dict, args) -> tuple[str, dict[str, str]]:
    """A canned query's SQL and the parameters it names, from the query string."""
    names = dict.fromkeys(_NAMED.findall(query["sql"]))
    return query["sql"], {name: args.get(name, "") for name in names}


async def view_sql(db, view: str, args) -> tuple[str, dict] | None:
    """``select *`` from a view with the page's filters and sort; None when the query
    string asks for more than that (Datasette answers it then)."""
    special = {key for key in args if key.startswith("_") and "__" not in key}
    if special - _HARMLESS:
        return None
    columns = set(await db.table_columns(view))
    pairs = [(k, v) for k in args if not k.startswith("_") or "__" in k for v in args.getlist(k)]
    wheres, params = Filters(sorted(pairs)).build_where_clauses(view)
    sql = f"select * from {escape_sqlite(view)}"
    if wheres:
        sql += " where " + " and ".join(wheres)
    sort, sort_desc = args.get("_sort"), args.get("_sort_desc")
    if sort in columns or sort_desc in columns:
        sql += f" order by {escape_sqlite(sort or sort_desc)}{' desc' if sort_desc else ''}"
    return sql, params


async def respond_error(send, status: int, message: str) -> None:
    body = message.encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
    ]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


async def stream_csv(datasette, database: str, name: str, request, send) -> bool:
    """Answer ``name.csv?_stream=on`` when ``name`` is a view or a canned query; False
    when it is neither (Datasette answers)."""
    db = datasette.get_database(database)
    queries = (datasette.metadata(database=database) or {}).get("queries", {})
    if name in queries:
        sql, params = canned_sql(queries[name], request.args)
        errors = parameter_errors(params)
        if errors:
            await respond_error(send, 400, "\n".join(errors) + "\n")
            return True
    elif name in await db.view_names():
        found = await view_sql(db, name, request.args)
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
