"""Facets and filters on entities (one territory, one programme) instead of spellings.

A grant's territory cell says « LENS - LIEVIN », « Lens Liévin » or « Artois, Lens-Liévin »:
a facet on that column split one territory over its printings (25 grants for one
spelling, 65 for the territory). These facets count the rows of a table by the
entity each names (``grant_territories``, ``programme_printings``), show its name,
and filter with ``?_territoire=lenslievin``. Over a whole table they count the link
table directly (a million grant lines: one index scan).

Adding one (the authority of any council, say) = one :class:`Entity` in ``ENTITIES``,
and ``{"<type>": "<type>"}`` in a table's facets in metadata.json.
"""

from __future__ import annotations

from dataclasses import dataclass

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.filters import FilterArguments
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args


@dataclass(frozen=True)
class Link:
    """How the rows of one table name an entity."""

    rows_of: str  # WHERE condition for the rows naming :key
    counts: str  # value, count of the rows of ({sql}) per entity key
    whole_counts: str | None = None  # the same over the whole table, faster


@dataclass(frozen=True)
class Entity:
    type: str  # facet type, and the query-string parameter _<type>
    label: str  # what the facet is called
    table: str  # the entity table: id, name
    links: dict[str, Link]
    phrase: str  # human description of the filter: « … {name} »


_GRANT_TERRITORIES = Link(
    rows_of="(deliberation_id, row_index) IN (SELECT deliberation_id, row_index "
    "FROM grant_territories WHERE territory_id = :{key})",
    counts="SELECT gt.territory_id AS value, count(*) AS count FROM ({sql}) t "
    "JOIN grant_territories gt ON gt.deliberation_id = t.deliberation_id "
    "AND gt.row_index = t.row_index GROUP BY gt.territory_id",
    whole_counts="SELECT territory_id AS value, count(*) AS count FROM grant_territories "
    "GROUP BY territory_id",
)
ENTITIES: dict[str, Entity] = {
    "territoire": Entity(
        "territoire", "territoire", "territories",
        {"grants": _GRANT_TERRITORIES, "grants_detailed": _GRANT_TERRITORIES},
        "le territoire {name} est nommé (seul ou avec d'autres)",
    ),
    "programme": Entity(
        "programme", "programme", "programmes",
        {"deliberations": Link(
            rows_of="programme IN (SELECT printing FROM programme_printings "
            "WHERE programme_id = :{key})",
            counts="SELECT pp.programme_id AS value, count(*) AS count FROM ({sql}) t "
            "JOIN programme_printings pp ON pp.printing = t.programme GROUP BY pp.programme_id",
        )},
        "le programme est {name}",
    ),
}  # fmt: skip


def _unfiltered(sql: str, table: str, params) -> bool:
    return not params and sql.rstrip().endswith(f"from {escape_sqlite(table)}")


class EntityFacet(Facet):
    """One facet class per entity (Datasette finds facet classes by their ``type``)."""

    entity: Entity

    async def facet_results(self):
        link = self.entity.links.get(self.table or "")
        configs = self.get_configs()
        if link is None or not configs:
            return [], []
        counts = link.counts.format(sql=self.sql)
        if link.whole_counts and _unfiltered(self.sql, self.table, self.params):
            counts = link.whole_counts
        size = self.get_facet_size()
        sql = (
            f"SELECT f.value, e.name AS label, f.count FROM ({counts}) f "
            f"JOIN {escape_sqlite(self.entity.table)} e ON e.id = f.value "
            f"ORDER BY f.count DESC, e.name LIMIT {size + 1}"
        )
        try:
            rows = await self.ds.execute(
                self.database, sql, self.params, truncate=False,
                custom_time_limit=self.ds.setting("facet_time_limit_ms"),
            )  # fmt: skip
        except QueryInterrupted:
            return [], [self.entity.label]
        parameter = f"_{self.entity.type}"
        chosen = set(self.request.args.getlist(parameter))
        results = [self._value(row, parameter, chosen) for row in rows.rows[:size]]
        source = configs[0]["source"]
        return [
            {
                "name": self.entity.label,
                "type": self.type,
                "hideable": source != "metadata",
                "toggle_url": self.ds.urls.path(
                    path_with_removed_args(self.request, {f"_facet_{self.type}": self.type})
                ),
                "results": results,
                "truncated": len(rows.rows) > size,
            }
        ], []

    def _value(self, row, parameter: str, chosen: set[str]) -> dict:
        selected = row["value"] in chosen
        path = (path_with_removed_args if selected else path_with_added_args)(
            self.request, {parameter: row["value"]}
        )
        return {
            "value": row["value"], "label": row["label"], "count": row["count"],
            "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
            "selected": selected,
        }  # fmt: skip


FACET_CLASSES = [
    type(f"{name.title()}Facet", (EntityFacet,), {"type": name, "entity": entity})
    for name, entity in ENTITIES.items()
]


async def entity_filters(request, table: str, database) -> FilterArguments | None:
    """The WHERE clauses of ``?_territoire=…`` (and the other entities) for ``table``."""
    wheres, params, described = [], {}, []
    for entity in ENTITIES.values():
        link = entity.links.get(table)
        values = request.args.getlist(f"_{entity.type}") if link else []
        for number, value in enumerate(values):
            key = f"_{entity.type}_{number}"
            wheres.append(link.rows_of.format(key=key))
            params[key] = value
            found = await database.execute(
                f"SELECT name FROM {escape_sqlite(entity.table)} WHERE id = ?", [value]
            )
            name = found.first()[0] if found.first() else value
            described.append(entity.phrase.format(name=f"« {name} »"))
    if not wheres:
        return None
    return FilterArguments(wheres, params, described, {"delib_entity_filters": described})
