"""Summary tables: what the publication reads instead of aggregating every row.

At a million grant lines an aggregate view over ``grants`` or ``attendance`` takes
seconds; these tables hold the same answers, recomputed after each load for the keys a
change touched (:mod:`.summary`, :mod:`.dirty_keys`). :func:`refresh_summaries` runs at
the end of each document's load (:func:`delib_extract.db.entities.refresh_entities`) and
on every open; an edited definition rebuilds its table whole (:mod:`.derived`).
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlite_utils

from delib_extract.db.dirty_keys import dirty_key_triggers
from delib_extract.db.objects import Derived, index
from delib_extract.db.summary import DIRTY, Summary, dirty
from delib_extract.db.views import pdf_url, phase_of, programme_of

# A sitting's date as a key: '' for deliberations whose date was not read.
_DATE_KEYS = f"(d.date IN {dirty('date')} OR (d.date IS NULL AND '' IN {dirty('date')}))"
_YEAR_OF_DATE_KEYS = (
    f"(SELECT DISTINCT CASE WHEN key = '' THEN -1 ELSE CAST(substr(key, 1, 4) AS INTEGER) END "
    f"FROM {DIRTY} WHERE kind = 'date')"
)

GRANTS_DETAILED = Summary(
    table="grants_detailed",
    columns="deliberation_id TEXT, date TEXT, year INTEGER, deliberation_title TEXT, "
    "programme_id TEXT, programme TEXT, phase TEXT, row_index INTEGER, theme TEXT, "
    "operation TEXT, beneficiary_id TEXT, beneficiary_name TEXT, beneficiary TEXT, "
    "territory TEXT, territories TEXT, description TEXT, amount REAL, agreement TEXT, "
    "page INTEGER, pdf_url TEXT, PRIMARY KEY (deliberation_id, row_index)",
    select=f"""SELECT g.deliberation_id, d.date, d.year, d.title, pp.programme_id, p.name,
    d.phase, g.row_index, g.theme, g.operation, g.beneficiary_id, b.name, g.beneficiary,
    g.territory,
    (SELECT json_group_array(name) FROM (SELECT t.name FROM grant_territories gt
        JOIN territories t ON t.id = gt.territory_id
        WHERE gt.deliberation_id = g.deliberation_id AND gt.row_index = g.row_index
        ORDER BY gt.position)),
    g.description, g.amount, g.agreement, g.page, {pdf_url("g.page")}
FROM grants g
JOIN deliberations d ON d.id = g.deliberation_id
LEFT JOIN beneficiaries b ON b.id = g.beneficiary_id
LEFT JOIN programme_printings pp ON pp.printing = d.programme
LEFT JOIN programmes p ON p.id = pp.programme_id
LEFT JOIN documents doc ON doc.sha256 = d.document_sha256
WHERE {{keys}}""",
    keys={"keys": f"g.deliberation_id IN {dirty('deliberation')}"},
    stale_rows=f"deliberation_id IN {dirty('deliberation')}",
    indexes=(
        *("date", "year", "theme", "beneficiary_id", "beneficiary_name"),
        *("programme_id", "programme", "amount"),
    ),
    after=(
        # A beneficiary or a programme renamed (its best printing changed).
        "UPDATE grants_detailed SET beneficiary_name = (SELECT name FROM beneficiaries "
        f"WHERE id = beneficiary_id) WHERE beneficiary_id IN {dirty('beneficiary_name')}",
        "UPDATE grants_detailed SET programme = (SELECT name FROM programmes "
        f"WHERE id = programme_id) WHERE programme_id IN {dirty('programme_name')}",
    ),
)

BENEFICIARY_TOTALS = Summary(
    table="beneficiary_totals",
    columns="beneficiary_id TEXT PRIMARY KEY, name TEXT, grant_count INTEGER, "
    "deliberation_count INTEGER, total_amount REAL, first_date TEXT, last_date TEXT, years TEXT",
    select="""SELECT b.id, b.name, count(*), count(DISTINCT g.deliberation_id),
    round(sum(g.amount), 2), min(d.date), max(d.date),
    (SELECT group_concat(year, ', ') FROM (SELECT DISTINCT d2.year FROM grants g2
        JOIN deliberations d2 ON d2.id = g2.deliberation_id
        WHERE g2.beneficiary_id = b.id AND d2.year IS NOT NULL ORDER BY d2.year))
FROM beneficiaries b
JOIN grants g ON g.beneficiary_id = b.id
JOIN deliberations d ON d.id = g.deliberation_id
WHERE {keys}
GROUP BY b.id""",
    keys={"keys": f"b.id IN {dirty('beneficiary')}"},
    stale_rows=f"beneficiary_id IN {dirty('beneficiary')}",
    indexes=("total_amount", "name"),
)

BENEFICIARY_YEARS = Summary(
    table="beneficiary_years",
    columns="beneficiary_id TEXT, year INTEGER, grant_count INTEGER, "
    "deliberation_count INTEGER, total_amount REAL",
    select="""SELECT g.beneficiary_id, d.year, count(*), count(DISTINCT g.deliberation_id),
    round(sum(g.amount), 2)
FROM grants g
JOIN deliberations d ON d.id = g.deliberation_id
WHERE g.beneficiary_id IS NOT NULL AND {keys}
GROUP BY g.beneficiary_id, d.year""",
    keys={"keys": f"g.beneficiary_id IN {dirty('beneficiary')}"},
    stale_rows=f"beneficiary_id IN {dirty('beneficiary')}",
    indexes=("beneficiary_id, year", "year"),
)

THEME_DATES = Summary(
    table="theme_dates",
    columns="date TEXT, year INTEGER, theme TEXT, grant_count INTEGER, "
    "deliberation_count INTEGER, amount REAL",
    select="""SELECT d.date, d.year, g.theme, count(*), count(DISTINCT g.deliberation_id),
    round(sum(g.amount), 2)
FROM deliberations d
JOIN grants g ON g.deliberation_id = d.id
WHERE {keys}
GROUP BY d.date, g.theme""",
    keys={"keys": _DATE_KEYS},
    stale_rows=f"coalesce(date, '') IN {dirty('date')}",
    indexes=("date", "year"),
)

TERRITORY_THEME_DATES = Summary(
    table="territory_theme_dates",
    columns="territory_id TEXT, territory TEXT, theme TEXT, date TEXT, year INTEGER, "
    "grant_count INTEGER, own_amount REAL, shared_amount REAL",
    select="""SELECT t.id, t.name, g.theme, d.date, d.year, count(*),
    round(sum(CASE WHEN gt.shared_with = 0 THEN g.amount ELSE 0.0 END), 2),
    round(sum(CASE WHEN gt.shared_with > 0 THEN g.amount ELSE 0.0 END), 2)
FROM deliberations d
JOIN grants g ON g.deliberation_id = d.id
JOIN grant_territories gt ON gt.deliberation_id = g.deliberation_id AND gt.row_index = g.row_index
JOIN territories t ON t.id = gt.territory_id
WHERE {keys}
GROUP BY t.id, g.theme, d.date""",
    keys={"keys": _DATE_KEYS},
    stale_rows=f"coalesce(date, '') IN {dirty('date')}",
    indexes=("date", "year"),
)

TERRITORY_THEME_TOTALS = Summary(
    table="territory_theme_totals",
    columns="territory_id TEXT, territory TEXT, year INTEGER, theme TEXT, "
    "grant_count INTEGER, own_amount REAL, shared_amount REAL",
    select="""SELECT territory_id, territory, year, theme, sum(grant_count),
    round(sum(own_amount), 2), round(sum(shared_amount), 2)
FROM territory_theme_dates
WHERE {keys}
GROUP BY territory_id, year, theme""",
    keys={"keys": f"coalesce(year, -1) IN {_YEAR_OF_DATE_KEYS}"},
    stale_rows=f"coalesce(year, -1) IN {_YEAR_OF_DATE_KEYS}",
    indexes=("territory", "year", "theme"),
    reads=(TERRITORY_THEME_DATES,),
)

_MEMBERS_OF_DIRTY_SITTINGS = (
    f"INSERT OR IGNORE INTO {DIRTY} SELECT 'member', member_id FROM member_sittings "
    f"WHERE meeting_id IN {dirty('meeting')}"
)
# A member's sitting: present when present at any of its deliberations (present wins
# over excused), else excused, else absent.
_PRESENT = "a.status IN ('present', 'advisory_present')"
_EXCUSED = "a.status IN ('excused', 'advisory_excused')"
MEMBER_SITTINGS = Summary(
    table="member_sittings",
    columns="member_id TEXT, meeting_id TEXT, date TEXT, year INTEGER, sitting_status TEXT, "
    "advisory INTEGER, deliberation_count INTEGER, deliberations_present INTEGER, "
    "deliberations_excused INTEGER, recusal_count INTEGER",
    select=f"""SELECT a.member_id, coalesce(d.meeting_id, ''), min(d.date), min(d.year),
    CASE WHEN max({_PRESENT}) THEN 'present' WHEN max({_EXCUSED}) THEN 'excused'
        WHEN max(a.status = 'absent') THEN 'absent' END,
    min(coalesce(a.status, '') LIKE 'advisory%'), count(*), sum({_PRESENT}), sum({_EXCUSED}),
    sum(a.recusal IS NOT NULL)
FROM deliberations d
JOIN attendance a ON a.deliberation_id = d.id
WHERE {{keys}}
GROUP BY a.member_id, coalesce(d.meeting_id, '')""",
    keys={
        "keys": f"(d.meeting_id IN {dirty('meeting')} OR "
        f"(d.meeting_id IS NULL AND '' IN {dirty('meeting')}))"
    },
    stale_rows=f"meeting_id IN {dirty('meeting')}",
    indexes=("member_id, date", "meeting_id", "year"),
    # The members of the sittings replaced, before and after: their records change.
    before=(_MEMBERS_OF_DIRTY_SITTINGS,),
    after=(_MEMBERS_OF_DIRTY_SITTINGS,),
)

MEMBER_RECORDS = Summary(
    table="member_records",
    columns="member_id TEXT PRIMARY KEY, full_name TEXT, civility TEXT, "
    "sittings_present INTEGER, sittings_excused INTEGER, deliberation_count INTEGER, "
    "deliberations_present INTEGER, deliberations_excused INTEGER, recusal_count INTEGER, "
    "recused_on TEXT, authority TEXT, sittings_absent INTEGER",
    select="""SELECT m.id, m.full_name, m.civility,
    sum(s.meeting_id <> '' AND s.sitting_status = 'present'),
    sum(s.meeting_id <> '' AND s.sitting_status = 'excused'),
    sum(s.deliberation_count), sum(s.deliberations_present), sum(s.deliberations_excused),
    sum(s.recusal_count),
    (SELECT group_concat(deliberation_id, ', ') FROM (SELECT deliberation_id FROM attendance
        WHERE member_id = m.id AND recusal IS NOT NULL ORDER BY deliberation_id DESC LIMIT 50)),
    m.authority, sum(s.meeting_id <> '' AND s.sitting_status = 'absent')
FROM members m
JOIN member_sittings s ON s.member_id = m.id
WHERE {keys}
GROUP BY m.id""",
    keys={"keys": f"m.id IN {dirty('member')}"},
    stale_rows=f"member_id IN {dirty('member')}",
    indexes=("full_name",),
    reads=(MEMBER_SITTINGS,),
)

_CITED_PROGRAMME = programme_of("c.cited_title")
# Rows of loaded deliberations are keyed by their number, rows of cited ones by the
# number cited: a load recomputes its own rows, not its whole programme's.
PROGRAMME_PHASES = Summary(
    table="programme_phases",
    columns="programme_id TEXT, programme TEXT, phase TEXT, deliberation_id TEXT, date TEXT, "
    "title TEXT, source TEXT, cited_by TEXT, page INTEGER, pdf_url TEXT",
    select=f"""SELECT pp.programme_id, p.name, d.phase, d.id, d.date, d.title, 'chargée', NULL,
    d.page_start, {pdf_url("d.page_start")}
FROM deliberations d
JOIN programme_printings pp ON pp.printing = d.programme
JOIN programmes p ON p.id = pp.programme_id
LEFT JOIN documents doc ON doc.sha256 = d.document_sha256
WHERE {{loaded}}
UNION ALL
SELECT pp.programme_id, p.name, max({phase_of("c.cited_title")}),
    c.cited_number, max(c.cited_date), max(c.cited_title), 'citée',
    group_concat(DISTINCT c.deliberation_id), min(c.page), min({pdf_url("c.page")})
FROM citations c
JOIN programme_printings pp ON pp.printing = {_CITED_PROGRAMME}
JOIN programmes p ON p.id = pp.programme_id
JOIN deliberations citing ON citing.id = c.deliberation_id
LEFT JOIN documents doc ON doc.sha256 = citing.document_sha256
WHERE {{cited}} AND c.cited_number NOT IN (SELECT id FROM deliberations)
GROUP BY pp.programme_id, c.cited_number""",
    keys={
        "loaded": f"d.id IN {dirty('deliberation')}",
        "cited": f"c.cited_number IN {dirty('cited')}",
    },
    stale_rows=f"(source = 'chargée' AND deliberation_id IN {dirty('deliberation')}) "
    f"OR (source = 'citée' AND deliberation_id IN {dirty('cited')})",
    indexes=("programme_id", "programme", "date", "deliberation_id"),
    after=(
        "UPDATE programme_phases SET programme = (SELECT name FROM programmes "
        f"WHERE id = programme_id) WHERE programme_id IN {dirty('programme_name')}",
    ),
)

SUMMARIES: tuple[Summary, ...] = (
    GRANTS_DETAILED, BENEFICIARY_TOTALS, BENEFICIARY_YEARS, THEME_DATES,
    TERRITORY_THEME_DATES, TERRITORY_THEME_TOTALS, MEMBER_SITTINGS, MEMBER_RECORDS,
    PROGRAMME_PHASES,
)  # fmt: skip


def _objects() -> Iterator[Derived]:
    yield Derived(
        "table",
        DIRTY,
        (f"CREATE TABLE {DIRTY} (kind TEXT NOT NULL, key TEXT NOT NULL, "
         "PRIMARY KEY (kind, key)) WITHOUT ROWID",),
    )  # fmt: skip
    for summary in SUMMARIES:
        yield from summary.objects()
    yield from dirty_key_triggers()
    # What the site's pages and canned queries look up or sort by.
    for table, columns in (
        ("deliberations", "year"), ("deliberations", "meeting_id"), ("grants", "amount"),
        ("grants", "agreement"), ("votes", "position"), ("checks", "severity"),
        # The default facets of metadata.json: one index scan each.
        ("articles", "theme"), ("articles", "budget_kind"), ("budget_lines", "kind"),
        ("budget_lines", "section"), ("budget_lines", "operation_code"),
        ("grant_totals", "scope"), ("grant_totals", "theme"),
    ):  # fmt: skip
        yield index(table, columns)
    yield index("votes", "deliberation_id", "position IN ('against', 'abstention') AND count > 0",
                name="idx_votes_opposition")  # fmt: skip
    yield index("attendance", "member_id, deliberation_id", "recusal IS NOT NULL",
                name="idx_attendance_recusals")  # fmt: skip
    yield index("citations", programme_of("cited_title"), name="idx_citations_cited_programme")


SUMMARY_OBJECTS: tuple[Derived, ...] = tuple(_objects())


def refresh_summaries(db: sqlite_utils.Database) -> int:
    """Recompute the summary rows of every dirty key, then forget the keys; returns how
    many keys there were (0: nothing to do, nothing written)."""
    if not db[DIRTY].exists():
        return 0  # during the migrations: derived objects come after them
    count = db.execute(f"SELECT count(*) FROM {DIRTY}").fetchone()[0]
    if count:
        with db.atomic():
            for summary in SUMMARIES:  # in order: a summary may note keys for the next
                kinds = {row[0] for row in db.execute(f"SELECT DISTINCT kind FROM {DIRTY}")}
                summary.refresh(db, kinds)
            db.execute(f"DELETE FROM {DIRTY}")
            # Statistics for the query planner, kept current as the tables grow: SQLite
            # analyses the tables this connection used whose size changed much (sampling
            # 400 rows an index: milliseconds, even at a million grant lines).
            db.execute("PRAGMA analysis_limit = 400")
            db.execute("PRAGMA optimize")
    return count
