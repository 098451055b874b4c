"""What the pages people read show: a deliberation, a member, a beneficiary.

Each function reads one entity's rows through indexes and summary tables (a few
milliseconds at a million grant lines) and returns plain data for its template;
the charts' geometry is computed here (:func:`vote_bar`, :func:`year_bars`), the
templates only draw it. Tables added later (``proxies``, ``votes.names`` of the
any-council issue) are shown when they exist.
"""

from __future__ import annotations

import json
from collections import defaultdict

from delib_extract.db.labels import POSITION_LABELS, RECUSAL_LABELS, STATUS_LABELS
from delib_extract.site.display import euros
from delib_extract.site.serve import DATABASE

POSITIONS = ("for", "against", "abstention")
# Who was there, in the order of the attendance lists.
STATUS_ORDER = ("present", "advisory_present", "excused", "advisory_excused", "absent")


def vote_bar(counts: dict[str, int | None]) -> list[dict]:
    """Segments of a bar of the vote (as NosDéputés draws a scrutin): each position with
    its count, its share and where it starts, in percent of the votes cast."""
    cast = sum(c or 0 for c in counts.values())
    segments, start = [], 0.0
    for position in POSITIONS:
        count = counts.get(position) or 0
        if cast and count:
            width = 100.0 * count / cast
            segments.append({"position": position, "label": POSITION_LABELS[position],
                             "count": count, "start": round(start, 3),
                             "width": round(width, 3)})  # fmt: skip
            start += width
    return segments


def year_bars(rows: list[dict], parts: tuple[str, ...]) -> list[dict]:
    """Stacked bars, one a year: each part's height in percent of the highest bar."""
    highest = max((sum(row[p] or 0 for p in parts) for row in rows), default=0)
    bars = []
    for row in rows:
        stacked, bottom = [], 0.0
        for part in parts:
            height = 100.0 * (row[part] or 0) / highest if highest else 0.0
            stacked.append({"part": part, "value": row[part] or 0, "bottom": round(bottom, 3),
                            "height": round(height, 3)})  # fmt: skip
            bottom += height
        bars.append({"year": row["year"], "parts": stacked})
    return bars


async def _rows(db, sql: str, params=()) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, list(params))).rows]


async def _has(db, table: str, column: str | None = None) -> bool:
    if not await db.table_exists(table):
        return False
    return column is None or column in await db.table_columns(table)


_DELIBERATION = """SELECT d.*, doc.path AS pdf_path, doc.source_url, p.id AS programme_key,
    p.name AS programme_name
FROM deliberations d
LEFT JOIN documents doc ON doc.sha256 = d.document_sha256
LEFT JOIN programme_printings pp ON pp.printing = d.programme
LEFT JOIN programmes p ON p.id = pp.programme_id
WHERE d.id = ?"""
_OF_DELIBERATION = {
    "budget_lines": "SELECT * FROM budget_lines WHERE deliberation_id = ? ORDER BY row_index",
    "grants": "SELECT * FROM grants_detailed WHERE deliberation_id = ? ORDER BY row_index",
    "citations": """SELECT c.*, d.id AS loaded FROM citations c
        LEFT JOIN deliberations d ON d.id = c.cited_number
        WHERE c.deliberation_id = ? ORDER BY c.position""",
    "cited_by": """SELECT c.deliberation_id, d.date, d.title FROM citations c
        JOIN deliberations d ON d.id = c.deliberation_id
        WHERE c.cited_number = ? ORDER BY d.date LIMIT 100""",
    "checks": """SELECT c.*, k.label AS kind_label FROM checks c
        LEFT JOIN check_kinds k ON k.kind = c.kind
        WHERE c.deliberation_id = ? ORDER BY c.severity, c.page""",
}
# A programme has a few phases; lists are cut at 100 all the same (with a link to all).
_PHASES = """SELECT * FROM programme_phases WHERE programme_id = ? AND deliberation_id <> ?
ORDER BY date, deliberation_id LIMIT 100"""


async def deliberation_page(db, delib_id: str) -> dict:
    """Everything one deliberation says, for its page."""
    found = await _rows(db, _DELIBERATION, [delib_id])
    if not found:
        return {}
    delib = found[0]
    votes = await _votes(db, delib_id)
    page = {
        "delib": delib,
        "votes": votes,
        "vote_bar": vote_bar({v["position"]: v["count"] for v in votes}),
        "vote_groups": _groups(votes),
        "attendance": await _attendance(db, delib_id),
        "proxies": await _proxies(db, "deliberation_id = ?", [delib_id]),
        "phases": await _rows(db, _PHASES, [delib["programme_key"], delib_id]),
    }
    for name, sql in _OF_DELIBERATION.items():
        page[name] = await _rows(db, sql, [delib_id])
    return page


async def _votes(db, delib_id: str) -> list[dict]:
    names = ", names" if await _has(db, "votes", "names") else ""
    votes = await _rows(db, f"SELECT position, count, groups, page{names} FROM votes "
                            "WHERE deliberation_id = ?", [delib_id])  # fmt: skip
    for vote in votes:
        vote["label"] = POSITION_LABELS.get(vote["position"], vote["position"])
        vote["groups"] = json.loads(vote["groups"] or "[]")
        vote["names"] = json.loads(vote.get("names") or "[]")
    return sorted(votes, key=lambda v: POSITIONS.index(v["position"]) if v["position"]
                  in POSITIONS else 9)  # fmt: skip


def _groups(votes: list[dict]) -> list[dict]:
    """Each political group named, and the positions it is named for."""
    positions: dict[str, list[str]] = defaultdict(list)
    for vote in votes:
        for group in vote["groups"]:
            positions[group].append(vote["position"])
    return [{"name": group, "positions": found} for group, found in positions.items()]


async def _attendance(db, delib_id: str) -> list[dict]:
    """The attendance lists: one entry per status, its members, their recusals."""
    rows = await _rows(db, "SELECT a.*, m.full_name FROM attendance a LEFT JOIN members m "
                           "ON m.id = a.member_id WHERE a.deliberation_id = ? "
                           "ORDER BY m.last_name, m.first_name", [delib_id])  # fmt: skip
    lists = []
    for status in (*STATUS_ORDER, None):
        members = [r for r in rows if r["status"] == status or (
            status is None and r["status"] not in STATUS_ORDER)]  # fmt: skip
        for member in members:
            member["recusal_label"] = RECUSAL_LABELS.get(member["recusal"] or "", "")
        if members:
            lists.append({"status": status, "label": STATUS_LABELS.get(status or "", "autre"),
                          "members": members})  # fmt: skip
    return lists


async def _proxies(db, where: str, params: list) -> list[dict]:
    if not await _has(db, "proxies"):
        return []  # the any-council issue adds the table
    return await _rows(db, f"SELECT * FROM proxies WHERE {where}", params)


_RECUSALS = """SELECT a.deliberation_id, a.recusal, d.date, d.title,
    coalesce(a.recusal_page, a.page) AS page, doc.path AS pdf_path
FROM attendance a
JOIN deliberations d ON d.id = a.deliberation_id
LEFT JOIN documents doc ON doc.sha256 = d.document_sha256
WHERE a.member_id = ? AND a.recusal IS NOT NULL
ORDER BY a.deliberation_id DESC LIMIT 200"""
_SITTINGS = "SELECT * FROM member_sittings WHERE member_id = ? ORDER BY date DESC LIMIT 200"


async def member_page(db, member_id: str) -> dict:
    """A member's attendance over time, recusals and proxies."""
    record = await _rows(db, "SELECT * FROM member_records WHERE member_id = ?", [member_id])
    years = await _rows(
        db, "SELECT * FROM member_years WHERE member_id = ? ORDER BY year", [member_id]
    )
    return {
        "record": record[0] if record else None,
        "years": years,
        "year_bars": year_bars(years, ("sittings_present", "sittings_excused", "sittings_absent")),
        "sittings": await _rows(db, _SITTINGS, [member_id]),
        "recusals": await _rows(db, _RECUSALS, [member_id]),
        "proxies_given": await _proxies(db, "giver_member_id = ?", [member_id]),
        "proxies_held": await _proxies(db, "holder_member_id = ?", [member_id]),
    }


_GRANTS_OF = """SELECT * FROM grants_detailed WHERE beneficiary_id = ?
ORDER BY date DESC, deliberation_id, row_index LIMIT 1000"""
_PRINTINGS = "SELECT DISTINCT beneficiary FROM grants WHERE beneficiary_id = ? ORDER BY 1"


async def beneficiary_page(db, beneficiary_id: str) -> dict:
    """Every grant of one beneficiary, with its deliberation, and the total per year."""
    key = [beneficiary_id]
    totals = await _rows(db, "SELECT * FROM beneficiary_totals WHERE beneficiary_id = ?", key)
    years = await _rows(
        db, "SELECT * FROM beneficiary_years WHERE beneficiary_id = ? ORDER BY year", key
    )
    return {
        "totals": totals[0] if totals else None,
        "years": years,
        "year_bars": year_bars(years, ("total_amount",)),
        "grants": await _rows(db, _GRANTS_OF, key),
        "printings": [row["beneficiary"] for row in await _rows(db, _PRINTINGS, key)],
    }


async def home_page(datasette) -> dict:
    """The home page's figures, years and lists of questions, tables and views."""
    if DATABASE not in datasette.databases:
        return {}
    db = datasette.get_database(DATABASE)
    years = [row[0] for row in (await db.execute(
        "select distinct year from deliberations where year is not null order by year desc"
    )).rows]  # fmt: skip
    authorities = [row[0] for row in (await db.execute(
        "select distinct authority from meetings where authority is not null order by authority"
    )).rows]  # fmt: skip
    counts = (await db.execute(
        "select (select count(*) from deliberations), (select count(*) from grants), "
        "(select sum(amount) from theme_dates), (select max(date) from deliberations)"
    )).first()  # fmt: skip
    metadata = datasette.metadata(database=DATABASE) or {}
    return {
        "delib_db": DATABASE,
        "delib_years": years,
        "delib_authorities": authorities,
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
