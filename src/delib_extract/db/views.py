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


VIEWS: dict[str, str] = {
    # LEFT JOINs on primary keys: counting the view counts `attendance` alone (SQLite
    # leaves such joins out), which keeps its page fast at millions of rows.
    "attendance_detailed": f"""
SELECT a.member_id, m.full_name, d.meeting_id, d.date, a.deliberation_id,
    d.title AS deliberation_title, a.status, a.recusal, a.printed_name,
    coalesce(a.recusal_page, a.page) AS page,
    {pdf_url("coalesce(a.recusal_page, a.page)")} AS pdf_url
FROM attendance a
LEFT JOIN members m ON m.id = a.member_id
LEFT JOIN deliberations d ON d.id = a.deliberation_id
LEFT JOIN documents doc ON doc.sha256 = d.document_sha256
""",
    "vote_results": f"""
SELECT d.id AS deliberation_id, d.date, d.title, d.adopted, d.unanimous,
    f.count AS votes_for, coalesce(f.groups, '[]') AS groups_for,
    c.count AS votes_against, coalesce(c.groups, '[]') AS groups_against,
    a.count AS abstentions, coalesce(a.groups, '[]') AS groups_abstention,
    coalesce(f.page, c.page, a.page, d.page_end) AS page,
    {pdf_url("coalesce(f.page, c.page, a.page, d.page_end)")} AS pdf_url
FROM deliberations d
LEFT JOIN votes f ON f.deliberation_id = d.id AND f.position = 'for'
LEFT JOIN votes c ON c.deliberation_id = d.id AND c.position = 'against'
LEFT JOIN votes a ON a.deliberation_id = d.id AND a.position = 'abstention'
LEFT JOIN documents doc ON doc.sha256 = d.document_sha256
""",
    # Each member's sittings per year, from the summary (a sitting counted once).
    "member_years": """
SELECT s.member_id, m.full_name, s.year,
    sum(s.meeting_id <> '' AND s.sitting_status = 'present') AS sittings_present,
    sum(s.meeting_id <> '' AND s.sitting_status = 'excused') AS sittings_excused,
    sum(s.meeting_id <> '') AS sittings,
    sum(s.deliberation_count) AS deliberation_count, sum(s.recusal_count) AS recusal_count
FROM member_sittings s
JOIN members m ON m.id = s.member_id
GROUP BY s.member_id, s.year
""",
}

VIEW_OBJECTS: tuple[Derived, ...] = tuple(view(name, sql) for name, sql in VIEWS.items())
