"""SQL views for the publication: what people want to read joined together.

Every view that shows extracted rows carries ``pdf_url``, the archived PDF served by
Datasette at ``/raw_pdfs/<documents.path>#page=N`` (rendered as a link by the site
plugin). Views are plain SQL over the contract tables, so they never need refreshing.
"""

from __future__ import annotations

import sqlite_utils


def _pdf_url(page: str) -> str:
    return f"'/raw_pdfs/' || doc.path || '#page=' || coalesce({page}, 1)"


def _programme_of(title: str) -> str:
    """The programme a cited title names: ``… 2023 – Phase 2`` → ``… 2023``."""
    cut = f"instr(lower({title}), 'phase')"
    return f"case when {cut} > 1 then rtrim(substr({title}, 1, {cut} - 1), ' –-') end"


def _phase_of(title: str) -> str:
    cut = f"instr(lower({title}), 'phase')"
    return f"case when {cut} > 0 then trim(substr({title}, {cut} + 5)) end"


VIEWS: dict[str, str] = {
    "grants_detailed": f"""
select g.deliberation_id, d.date, d.year, d.title as deliberation_title, d.programme,
    d.phase, g.row_index, g.theme, g.operation, g.beneficiary_id,
    b.name as beneficiary_name, g.beneficiary, g.territory,
    (select json_group_array(name) from (select t.name from grant_territories gt
        join territories t on t.id = gt.territory_id
        where gt.deliberation_id = g.deliberation_id and gt.row_index = g.row_index
        order by gt.position)) as territories,
    g.description, g.amount,
    g.agreement, g.page, {_pdf_url("g.page")} as pdf_url
from grants g
join deliberations d on d.id = g.deliberation_id
left join beneficiaries b on b.id = g.beneficiary_id
left join documents doc on doc.sha256 = d.document_sha256
""",
    "beneficiary_totals": """
select b.id as beneficiary_id, b.name, count(*) as grant_count,
    count(distinct g.deliberation_id) as deliberation_count,
    round(sum(g.amount), 2) as total_amount,
    min(d.date) as first_date, max(d.date) as last_date,
    (select group_concat(year, ', ') from (select distinct d2.year from grants g2
        join deliberations d2 on d2.id = g2.deliberation_id
        where g2.beneficiary_id = b.id order by d2.year)) as years
from beneficiaries b
join grants g on g.beneficiary_id = b.id
join deliberations d on d.id = g.deliberation_id
group by b.id
""",
    "territory_theme_totals": """
select t.id as territory_id, t.name as territory, d.year, g.theme,
    count(*) as grant_count,
    sum(case when gt.shared_with = 0 then g.amount else 0.0 end) as own_amount,
    sum(case when gt.shared_with > 0 then g.amount else 0.0 end) as shared_amount
from grant_territories gt
join territories t on t.id = gt.territory_id
join grants g on g.deliberation_id = gt.deliberation_id and g.row_index = gt.row_index
join deliberations d on d.id = g.deliberation_id
group by t.id, d.year, g.theme
""",
    "attendance_detailed": f"""
select a.member_id, m.full_name, d.meeting_id, d.date, a.deliberation_id,
    d.title as deliberation_title, a.status, a.recusal, a.printed_name,
    coalesce(a.recusal_page, a.page) as page,
    {_pdf_url("coalesce(a.recusal_page, a.page)")} as pdf_url
from attendance a
join members m on m.id = a.member_id
join deliberations d on d.id = a.deliberation_id
left join documents doc on doc.sha256 = d.document_sha256
""",
    "member_records": """
select m.id as member_id, m.full_name, m.civility,
    count(distinct case when a.status in ('present', 'advisory_present')
        then d.meeting_id end) as sittings_present,
    count(distinct case when a.status in ('excused', 'advisory_excused')
        then d.meeting_id end) as sittings_excused,
    count(*) as deliberation_count,
    sum(a.status in ('present', 'advisory_present')) as deliberations_present,
    sum(a.status in ('excused', 'advisory_excused')) as deliberations_excused,
    sum(a.recusal is not null) as recusal_count,
    group_concat(case when a.recusal is not null then a.deliberation_id end, ', ')
        as recused_on
from members m
join attendance a on a.member_id = m.id
join deliberations d on d.id = a.deliberation_id
group by m.id
""",
    "vote_results": f"""
select d.id as deliberation_id, d.date, d.title, d.adopted, d.unanimous,
    f.count as votes_for, coalesce(f.groups, '[]') as groups_for,
    c.count as votes_against, coalesce(c.groups, '[]') as groups_against,
    a.count as abstentions, coalesce(a.groups, '[]') as groups_abstention,
    coalesce(f.page, c.page, a.page, d.page_end) as page,
    {_pdf_url("coalesce(f.page, c.page, a.page, d.page_end)")} as pdf_url
from deliberations d
left join votes f on f.deliberation_id = d.id and f.position = 'for'
left join votes c on c.deliberation_id = d.id and c.position = 'against'
left join votes a on a.deliberation_id = d.id and a.position = 'abstention'
left join documents doc on doc.sha256 = d.document_sha256
""",
    "programme_phases": f"""
select d.programme, d.phase, d.id as deliberation_id, d.date, d.title,
    'chargée' as source, null as cited_by, d.page_start as page,
    {_pdf_url("d.page_start")} as pdf_url
from deliberations d
left join documents doc on doc.sha256 = d.document_sha256
where d.programme is not null
union all
select {_programme_of("c.cited_title")}, {_phase_of("c.cited_title")}, c.cited_number,
    c.cited_date, c.cited_title, 'citée', group_concat(distinct c.deliberation_id),
    min(c.page), min({_pdf_url("c.page")})
from citations c
join deliberations citing on citing.id = c.deliberation_id
left join documents doc on doc.sha256 = citing.document_sha256
where c.cited_title like '%phase%'
    and c.cited_number not in (select id from deliberations)
group by c.cited_number
""",
}


def create_views(db: sqlite_utils.Database) -> None:
    """(Re)create every view of the publication."""
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)
