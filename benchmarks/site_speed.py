"""The site at a million grant lines: every page and canned query, timed over HTTP.

    .venv/bin/python benchmarks/site_speed.py [--corpus DIR] [--grants 1000000] [--work DIR]

1. Ingests the dev corpus (default ../shared/corpus/dev) and grows the database to
   ``--grants`` grant lines and a tenth as many deliberations: copies of its
   deliberations under other numbers, sittings spread over 26 years, beneficiaries
   printed with a number so that there are tens of thousands of them (attendance,
   votes, budget lines, citations and checks copied with their deliberation, each copy
   a document of its own pointing to the same PDF; pages are not copied). Derived
   objects are dropped first, so opening it builds them all from the rows (timed),
   then ``ANALYZE``.
2. Serves it with ``delib-extract serve`` and times each page (home, every table and
   view with its default facets, every canned query, searches, the pages of a
   deliberation, a member, a beneficiary, a programme): median of 3 after one warm-up.
   Then the streamed CSV of ``scdl_subventions`` (every row, timed to the end).
3. Baseline, same run, same database (SQLite, no HTTP): the aggregate views this
   version replaced with summary tables, against the tables.
4. The cost of loading one more document at that size, against the same load into
   the dev database.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
DEFAULT_CORPUS = next(
    (c for c in (ROOT.parent / "shared/corpus/dev", ROOT.parents[1] / "shared/corpus/dev")
     if c.is_dir()),
    ROOT.parent / "shared/corpus/dev",
)  # fmt: skip
LIMIT_MS = 500
SAMPLES = {
    "beneficiaire": "mission locale artois", "annee": "2023", "elu": "hingrez cereda",
    "debut": "01/01/2023", "fin": "31/12/2023", "programme": "inclusion durable 2023",
    "severity": "", "kind": "", "deliberation": "", "collectivite": "", "nom": "",
}  # fmt: skip
COPIED = ("attendance", "votes", "articles", "budget_lines", "report_lines", "grant_totals",
          "citations", "checks")  # fmt: skip


# -- 1. the database ------------------------------------------------------------------------
def build_dev(corpus: Path, work: Path) -> Path:
    from delib_extract import ingest

    db = work / "deliberations.db"
    report = ingest([corpus], db, work / "raw_pdfs", jobs=2)
    print(f"dev corpus: {report.summary()}")
    return db


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"pragma table_info([{table}])")]


def _drop_derived(conn: sqlite3.Connection) -> None:
    """Every derived object goes: the next open writes them all, from every row."""
    for name, kind in conn.execute("select name, type from derived_objects").fetchall():
        conn.execute(f"drop {kind} if exists [{name}]")
    conn.execute("drop table derived_objects")


def _copy(conn: sqlite3.Connection, table: str, replaced: dict[str, str], where: str) -> None:
    columns = [c for c in _columns(conn, table) if not (table == "checks" and c == "id")]
    values = ", ".join(replaced.get(c, f"t.[{c}]") for c in columns)
    conn.execute(
        f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) select {values} "
        f"from [{table}] t join temp.originals d0 on d0.id = t.deliberation_id "
        f"cross join temp.copies c where {where}"
    )


def grow(db: Path, grants: int) -> dict:
    """Copies of every deliberation until the database holds ``grants`` grant lines."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("pragma synchronous = off")
    n_delib, n_grants = conn.execute(
        "select (select count(*) from deliberations), (select count(*) from grants)"
    ).fetchone()
    grant_copies = max(0, -(-(grants - n_grants) // n_grants))
    copies = max(grant_copies, -(-(grants // 10 - n_delib) // n_delib))
    started = time.perf_counter()
    conn.execute("begin")
    _drop_derived(conn)
    conn.execute("create temp table originals as select * from deliberations")
    conn.execute("create temp table copies (k integer primary key)")
    conn.executemany("insert into temp.copies values (?)", [(k,) for k in range(1, copies + 1)])
    new_id, shifted = "d0.id || '-c' || c.k", "date(d0.date, '-' || (c.k % 26) || ' years')"
    document = "d0.document_sha256 || '-c' || c.k"  # each copy its document (same PDF file)
    conn.execute(
        "insert into deliberations select "
        + ", ".join({"id": new_id, "date": shifted, "year": f"cast(substr({shifted}, 1, 4) as int)",
                     "meeting_id": f"'CP-' || {shifted}", "document_sha256": document,
                     }.get(c, f"d0.[{c}]") for c in _columns(conn, "deliberations"))
        + " from temp.originals d0 cross join temp.copies c"
    )  # fmt: skip
    conn.execute(
        "insert into documents select "
        + ", ".join({"sha256": document, "deliberation_id": new_id, "source_url": "NULL"}.get(
            c, f"doc.[{c}]") for c in _columns(conn, "documents"))
        + " from temp.originals d0 join documents doc on doc.sha256 = d0.document_sha256 "
        "cross join temp.copies c"
    )  # fmt: skip
    conn.execute("insert or ignore into meetings (id, body, date) "
                 "select meeting_id, body, date from deliberations")  # fmt: skip
    for table in COPIED:  # a copy cites the copies of the same family
        cited = {"cited_number": "t.cited_number || '-c' || c.k"} if table == "citations" else {}
        if table == "checks":
            cited = {"document_sha256": "t.document_sha256 || '-c' || c.k"}
        _copy(conn, table, {"deliberation_id": new_id, **cited}, "1")
    beneficiary = {"beneficiary": "t.beneficiary || ' ' || (c.k % 200)",
                   "beneficiary_id": "t.beneficiary_id || (c.k % 200)"}  # fmt: skip
    _copy(conn, "grants", {"deliberation_id": new_id, **beneficiary}, f"c.k <= {grant_copies}")
    _copy(conn, "grant_territories", {"deliberation_id": new_id}, f"c.k <= {grant_copies}")
    conn.execute(
        "insert or ignore into beneficiaries (id, name) "
        "select beneficiary_id, beneficiary from grants where beneficiary_id is not null"
    )
    conn.execute("commit")
    grown = time.perf_counter() - started
    tables = ("grants", "deliberations", "attendance", "beneficiaries", "meetings")
    counts = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in tables}
    conn.close()
    return {"seconds": grown, **counts}


def open_and_analyze(db: Path) -> tuple[float, float]:
    from delib_extract.db.load import open_db

    started = time.perf_counter()
    open_db(db).close()  # every derived object written, from every row
    derived = time.perf_counter() - started
    started = time.perf_counter()
    with sqlite3.connect(db) as conn:
        conn.execute("analyze")
    return derived, time.perf_counter() - started


# -- 2. the pages -----------------------------------------------------------------------------
def pages(db: Path) -> list[tuple[str, str]]:
    """(label, path) of every page to time."""
    from delib_extract.site.serve import load_metadata

    conn = sqlite3.connect(db)
    names = [n for (n,) in conn.execute(
        "select name from sqlite_master where type in ('table', 'view') and name not like "
        "'sqlite_%' and sql not like '%VIRTUAL TABLE%' order by type desc, name")
        if not re.search(r"_fts(_\w+)?$", n)]  # fmt: skip
    found = [("accueil", "/")] + [(n, f"/deliberations/{n}") for n in names]
    for name, query in load_metadata()["databases"]["deliberations"]["queries"].items():
        params = {p: SAMPLES[p] for p in re.findall(r"(?<![:\w]):(\w+)", query["sql"])}
        found.append((f"requête {name}", f"/deliberations/{name}?{urllib.parse.urlencode(params)}"))
    found += [
        ("recherche partout « lievin »", "/-/search?q=lievin"),
        ("subventions, recherche « mission »", "/deliberations/grants?_search=mission"),
        ("délibérations, recherche « inclusion »",
         "/deliberations/deliberations?_search=inclusion"),
        ("graphiques", "/-/dashboards/graphiques"),
        ("une délibération", "/deliberations/deliberations/2023-499"),
    ]  # fmt: skip
    for label, table, sql in (
        ("un élu", "members", "select member_id from attendance group by 1 order by count(*) desc"),
        ("un bénéficiaire", "beneficiaries", "select beneficiary_id from beneficiary_totals "
         "order by grant_count desc"),
        ("un programme", "programmes", "select id from programmes"),
        ("un territoire", "territories", "select territory_id from grant_territories group by 1 "
         "order by count(*) desc"),
    ):  # fmt: skip
        key = conn.execute(sql + " limit 1").fetchone()[0]
        found.append((label, f"/deliberations/{table}/{urllib.parse.quote(key)}"))
    return found


def _time(url: str) -> tuple[int, float, int]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=300) as response:
            size = len(response.read())
            status = response.status
    except urllib.error.HTTPError as error:
        size, status = len(error.read()), error.code
    return status, (time.perf_counter() - started) * 1000, size


def time_pages(db: Path, archive: Path, repeat: int) -> list[tuple[str, int, float]]:
    from support.siteserver import running_site

    results = []
    with running_site(db, archive) as base:
        for label, path in pages(db):
            _time(base + path)  # warm-up: what a visitor after the first one sees
            runs = [_time(base + path) for _ in range(repeat)]
            median = statistics.median(ms for _, ms, _ in runs)
            results.append((label, runs[-1][0], median))
            print(f"  {median:8.0f} ms  {runs[-1][0]}  {'ok ' if median < LIMIT_MS else 'LENT'}"
                  f"  {label}", flush=True)  # fmt: skip
        started = time.perf_counter()
        csv_url = f"{base}/deliberations/scdl_subventions.csv?_stream=on"
        with urllib.request.urlopen(csv_url, timeout=3600) as response:
            lines = sum(1 for _ in response)
        print(f"  CSV scdl_subventions complet : {lines - 1} lignes en "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    return results


# -- 3. baseline: the aggregate views replaced --------------------------------------------
OLD_VIEWS = {
    "beneficiary_totals": """select b.id, b.name, count(*), count(distinct g.deliberation_id),
        round(sum(g.amount), 2) as total_amount, min(d.date), max(d.date)
        from beneficiaries b join grants g on g.beneficiary_id = b.id
        join deliberations d on d.id = g.deliberation_id group by b.id
        order by total_amount desc limit 51""",
    "territory_theme_totals": """select t.id, t.name, d.year, g.theme, count(*),
        sum(case when gt.shared_with = 0 then g.amount else 0.0 end),
        sum(case when gt.shared_with > 0 then g.amount else 0.0 end)
        from grant_territories gt join territories t on t.id = gt.territory_id
        join grants g on g.deliberation_id = gt.deliberation_id and g.row_index = gt.row_index
        join deliberations d on d.id = g.deliberation_id group by t.id, d.year, g.theme
        order by t.name limit 51""",
    "member_records": """select m.id, m.full_name,
        count(distinct case when a.status in ('present', 'advisory_present')
            then d.meeting_id end), count(*), sum(a.recusal is not null)
        from members m join attendance a on a.member_id = m.id
        join deliberations d on d.id = a.deliberation_id group by m.id
        order by m.full_name limit 51""",
    "grants_detailed": """select count(*) from grants g join deliberations d
        on d.id = g.deliberation_id left join beneficiaries b on b.id = g.beneficiary_id""",
}
NEW_TABLES = {
    "beneficiary_totals": "select * from beneficiary_totals order by total_amount desc limit 51",
    "territory_theme_totals": "select * from territory_theme_totals order by territory limit 51",
    "member_records": "select * from member_records order by full_name limit 51",
    "grants_detailed": "select count(*) from grants_detailed",
}


def baseline(db: Path) -> None:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for name, old in OLD_VIEWS.items():
        times = []
        for sql in (old, NEW_TABLES[name]):
            started = time.perf_counter()
            conn.execute(sql).fetchall()
            times.append((time.perf_counter() - started) * 1000)
        print(f"  {name:24} vue d'agrégat {times[0]:8.0f} ms   table de synthèse "
              f"{times[1]:6.1f} ms   {times[0] / max(times[1], 0.01):8.0f}x")  # fmt: skip


# -- 4. one more document -------------------------------------------------------------------
def one_load(db: Path, pdf: Path) -> tuple[float, float]:
    """Wall and CPU seconds of loading one extraction (replacing its deliberation)."""
    from delib_extract import EXTRACTOR_VERSION, extract_pdf, load_extraction, open_db
    from delib_extract.db.load import DocumentMeta

    result = extract_pdf(pdf)
    meta = DocumentMeta(result.sha256, pdf.name, pdf.name, pdf.stat().st_size)
    database = open_db(db)
    wall, cpu = time.perf_counter(), time.process_time()
    load_extraction(database, result, meta, EXTRACTOR_VERSION)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    database.close()
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--grants", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, help="keep the databases there")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        dev = build_dev(args.corpus, work / "dev")
        big = work / "big.db"
        with sqlite3.connect(dev) as source, sqlite3.connect(big) as target:
            source.backup(target)
        grown = grow(big, args.grants)
        print(f"agrandie en {grown.pop('seconds'):.0f} s : " + json.dumps(grown))
        derived, analyzed = open_and_analyze(big)
        print(f"objets dérivés écrits en {derived:.1f} s, ANALYZE en {analyzed:.1f} s")
        print(f"pages (médiane de {args.repeat}, limite {LIMIT_MS} ms) :")
        results = time_pages(big, work / "dev" / "raw_pdfs", args.repeat)
        slow = [label for label, _, ms in results if ms >= LIMIT_MS]
        failed = [label for label, status, _ in results if status != 200]
        slowest = max(ms for *_, ms in results)
        print(
            f"{len(results)} pages : la plus lente {slowest:.0f} ms ; {len(slow)} au-delà de "
            f"{LIMIT_MS} ms {slow} ; {len(failed)} en erreur {failed}"
        )
        print("référence (même base, SQLite) :")
        baseline(big)
        pdf = next(args.corpus.rglob("*.pdf"))
        small = one_load(dev, pdf)
        large = one_load(big, pdf)
        print(f"un document de plus : {large[0]:.2f} s ({large[1]:.2f} s CPU) à cette taille, "
              f"{small[0]:.2f} s ({small[1]:.2f} s CPU) dans la base du corpus : "
              f"{large[1] / max(small[1], 0.001):.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
