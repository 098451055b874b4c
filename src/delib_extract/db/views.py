"""SQL views for the publication: what people want to read joined together.

Every view that shows extracted rows carries ``pdf_url``, the archived PDF served by
the site at ``/raw_pdfs/<documents.path>#page=N`` (rendered as a link by the site
plugin). Views are plain SQL, (re)written on every open by :mod:`.derived` when their
text changes. What would aggregate every row (totals per beneficiary, territory,
member; the grants joined to their deliberation) is a summary table instead
(:mod:`.summaries`): a view over a million grant lines answers in seconds.
"""

from __future__ import annotations

from delib_extract.db.objects import Derived, view


def pdf_url(page: str) -> str:
    """The archived PDF at a page, for a query joining the document as ``doc``."""
    return f"'/raw_pdfs/' || doc.path || '#page=' || coalesce({page}, 1)"


def programme_of(title: str) -> str:
    """The programme a cited title names: ``… 2023 – Phase 2`` → ``… 2023``."""
    cut = f"instr(lower({title}), 'phase')"
    return f"CASE WHEN {cut} > 1 THEN rtrim(substr({title}, 1, {cut} - 1), ' –-') END"


def phase_of(title: str) -> str:
    cut = f"instr(lower({title}), 'phase')"
    return f"CASE WHEN {cut} > 0 THEN trim(substr({title}, {cut} + 5)) END"


def _pdf_url_of(sha256: str, page: str) -> str:
    """The archived PDF at a page, looked up from the document's hash."""
    path = f"(SELECT path FROM documents WHERE sha256 = {sha256})"
    return f"'/raw_pdfs/' || {path} || '#page=' || coalesce({page}, 1)"


def _of_deliberation(column: str) -> str:
    return f"(SELECT {column} FROM deliberations WHERE id = a.deliberation_id)"


def _vote(position: str, column: str) -> str:
    return f"(SELECT {column} FROM votes WHERE deliberation_id = d.id AND position = '{position}')"


_VOTE_PAGE = f"coalesce({_vote('for', 'page')}, {_vote('against', 'page')}, " + (
    f"{_vote('abstention', 'page')}, d.page_end)"
)

# What a view adds to its rows are scalar subqueries looked up through keys, not joins:
# SQLite counts a view's rows without computing them (Datasette counts every page it
# shows), and computes the values of the rows shown only: fast at millions of rows.
VIEWS: dict[str, str] = {
    "attendance_detailed": f"""
SELECT a.member_id, (SELECT full_name FROM members WHERE id = a.member_id) AS full_name,
    {_of_deliberation("meeting_id")} AS meeting_id, {_of_deliberation("date")} AS date,
    a.deliberation_id, {_of_deliberation("title")} AS deliberation_title, a.status,
    a.recusal, a.printed_name, coalesce(a.recusal_page, a.page) AS page,
    {_pdf_url_of(_of_deliberation("document_sha256"), "coalesce(a.recusal_page, a.page)")}
        AS pdf_url
FROM attendance a
""",
    "vote_results": f"""
SELECT d.id AS deliberation_id, d.date, d.title, d.adopted, d.unanimous,
    {_vote("for", "count")} AS votes_for,
    coalesce({_vote("for", "groups")}, '[]') AS groups_for,
    {_vote("against", "count")} AS votes_against,
    coalesce({_vote("against", "groups")}, '[]') AS groups_against,
    {_vote("abstention", "count")} AS abstentions,
    coalesce({_vote("abstention", "groups")}, '[]') AS groups_abstention,
    {_VOTE_PAGE} AS page, {_pdf_url_of("d.document_sha256", _VOTE_PAGE)} AS pdf_url
FROM deliberations d
""",
    # Each member's sittings per year, from the summary (a sitting counted once).
    "member_years": """
SELECT s.member_id, m.full_name, s.year,
    sum(s.meeting_id <> '' AND s.sitting_status = 'present') AS sittings_present,
    sum(s.meeting_id <> '' AND s.sitting_status = 'excused') AS sittings_excused,
    sum(s.meeting_id <> '' AND s.sitting_status = 'absent') AS sittings_absent,
    sum(s.meeting_id <> '') AS sittings,
    sum(s.deliberation_count) AS deliberation_count, sum(s.recusal_count) AS recusal_count
FROM member_sittings s
JOIN members m ON m.id = s.member_id
GROUP BY s.member_id, s.year
""",
}

VIEW_OBJECTS: tuple[Derived, ...] = tuple(view(name, sql) for name, sql in VIEWS.items())
