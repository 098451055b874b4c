"""One search over every full-text index of the site, with highlighted excerpts
(``/-/search?q=…``, the French template of datasette-search-all). The tokenizer ignores
accents: ``lievin`` finds ``Liévin``."""

from __future__ import annotations

import re
import urllib.parse

from datasette.utils import escape_fts, escape_sqlite, path_from_row_pks
from markupsafe import Markup, escape

from delib_extract.site.serve import DATABASE


async def search_results(datasette, q: str) -> dict:
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
