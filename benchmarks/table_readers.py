"""Which library reads the CP tables best: rows read right against the truth, and speed.

On the dev corpus's Annexe 4 pages (grants: beneficiary + amount) and Article 7/8
tables (budget lines: operation code + imputation + amount), compares

* pdfplumber ``extract_tables()`` (lines strategy, its default);
* camelot lattice, default engine (``combined``: page rendered + OpenCV, plus vector rules);
* camelot lattice ``engine="vector"`` (the PDF's own ruling lines, no rendering);
* camelot stream (whitespace);
* our reader, ``delib_extract.tables.reader.read.read_tables`` (header semantics + geometry), on
  PDFium's geometry (``ours``, the default) and on pdfplumber's (``ours-pdfplumber``).

Each library's cells are mapped to fields the same generous way (the header row that
names STRUCTURE/MONTANT or Code/Imputation gives the column indexes, reused on the
continuation pages of a split table); TOTAL rows are left out. Rows are compared as
multisets per document, amounts to the cent.

    .venv/bin/python benchmarks/table_readers.py [--corpus ../shared/corpus/dev] [--docs N]
        [--readers ours,ours-pdfplumber,pdfplumber,camelot-vector,camelot-lattice,camelot-stream]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from delib_extract.pdf.source import PdfSource
from delib_extract.settings import Settings
from delib_extract.tables.budget import BUDGET_TABLE
from delib_extract.tables.grants import GRANT_TABLE
from delib_extract.tables.reader.read import TOTAL_RE, read_tables
from delib_extract.text.amounts import parse_amount
from delib_extract.text.normalise import fold

ROOT = Path(__file__).resolve().parent.parent
Cells = list[list[str]]  # one table: rows of cell texts


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", fold((text or "").replace("\n", " "))).strip()


def cents(text: str | None) -> int | None:
    value = parse_amount((text or "").replace("\n", " "))
    return None if value is None else round(value * 100)


# -- truth --------------------------------------------------------------------------------


def load_cases(corpus: Path, limit: int | None) -> list[dict]:
    cases = []
    for truth_file in sorted(corpus.rglob("*.truth.json"))[:limit]:
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        layout = truth.get("layout", {})
        budget_pages = [p for p in (layout.get("article8_page"), layout.get("recettes_page")) if p]
        cases.append(
            {
                "pdf": truth_file.with_name(truth_file.name.replace(".truth.json", ".pdf")),
                "grant_pages": layout.get("annexe4_pages", []),
                "budget_pages": sorted(set(budget_pages)),
                "grants": Counter(
                    (norm(g["structure"]), round(g["montant"] * 100)) for g in truth["annexe4"]
                ),
                "budget": Counter(
                    (norm(b["code_operation"]), norm(b["imputation"]), round(b["montant"] * 100))
                    for b in truth.get("imputations", []) + truth.get("recettes", [])
                ),
            }
        )
    return cases


# -- readers: PDF + pages → tables of cell texts -------------------------------------------


def read_pdfplumber(pdf: Path, pages: list[int]) -> list[Cells]:
    import pdfplumber

    out = []
    with pdfplumber.open(str(pdf)) as doc:
        for number in pages:
            page = doc.pages[number - 1]
            for table in page.extract_tables():
                out.append([[cell or "" for cell in row] for row in table])
            page.close()
    return out


def _camelot(flavor: str, **kwargs) -> Callable[[Path, list[int]], list[Cells]]:
    def read(pdf: Path, pages: list[int]) -> list[Cells]:
        import camelot

        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            tables = camelot.read_pdf(
                str(pdf), pages=",".join(map(str, pages)), flavor=flavor, **kwargs
            )
        return [[[str(c) for c in row] for row in t.df.values.tolist()] for t in tables]

    return read


def _ours(spec, engine: str = "pdfium") -> Callable[[Path, list[int]], list[Cells]]:
    keys = [c.key for c in spec.columns]
    settings = Settings(geometry_engine=engine)

    def read(pdf: Path, pages: list[int]) -> list[Cells]:
        out: list[Cells] = []
        inherited = None
        with PdfSource(pdf, settings) as source:
            for number in pages:
                for table in read_tables(source.layout(number), spec, inherited):
                    inherited = table.columns
                    header = [[_LABELS[spec.name].get(k, k) for k in keys]]
                    out.append(header + [[row.get(k) for k in keys] for row in table.rows])
        return out

    return read


# Header labels our reader's rows are given, so that they map like the others' cells.
_LABELS = {
    "grants": {"beneficiary": "STRUCTURE", "amount": "MONTANT RETENU"},
    "budget": {"operation_code": "Code", "budget_code": "Imputation", "amount": "Dépense"},
}


# -- cells → rows ------------------------------------------------------------------------


def _find(header: list[str], pattern: str, last: bool = False) -> int | None:
    hits = [i for i, cell in enumerate(header) if re.search(pattern, norm(cell))]
    return (hits[-1] if last else hits[0]) if hits else None


def grant_rows(tables: list[Cells]) -> Counter:
    rows: Counter = Counter()
    columns = None
    for table in tables:
        for row in table:
            beneficiary, amount = _find(row, r"^structure|beneficiaire"), _find(row, r"montant")
            if beneficiary is not None and amount is not None:
                columns = (beneficiary, amount)
                continue
            if columns is None or len(row) <= max(columns):
                continue
            if any(TOTAL_RE.match(norm(cell)) for cell in row):
                continue
            value = cents(row[columns[1]])
            if value is not None and norm(row[columns[0]]):
                rows[(norm(row[columns[0]]), value)] += 1
    return rows


def budget_rows(tables: list[Cells]) -> Counter:
    rows: Counter = Counter()
    for table in tables:
        columns = None
        for row in table:
            code, imputation = _find(row, r"\bcode\b"), _find(row, r"imputation")
            amount = _find(row, r"depense|recette|montant", last=True)
            if code is not None and imputation is not None and amount is not None:
                columns = (code, imputation, amount)
                continue
            if columns is None or len(row) <= max(columns):
                continue
            value = cents(row[columns[2]])
            key = (norm(row[columns[0]]).replace(" ", ""), norm(row[columns[1]]).replace(" ", ""))
            if value is not None and re.match(r"^[a-z]\d{2}-", key[0]):
                rows[(*key, value)] += 1
    return rows


# -- run ---------------------------------------------------------------------------------

READERS: dict[str, tuple[Callable, Callable]] = {
    "ours": (_ours(GRANT_TABLE), _ours(BUDGET_TABLE)),
    "ours-pdfplumber": (_ours(GRANT_TABLE, "pdfplumber"), _ours(BUDGET_TABLE, "pdfplumber")),
    "pdfplumber": (read_pdfplumber, read_pdfplumber),
    "camelot-vector": (_camelot("lattice", engine="vector"),) * 2,
    "camelot-lattice": (_camelot("lattice"),) * 2,
    "camelot-stream": (_camelot("stream"),) * 2,
}


def measure(name: str, cases: list[dict]) -> dict:
    grant_reader, budget_reader = READERS[name]
    with contextlib.suppress(Exception):  # imports and first-call set-up: not timed
        grant_reader(cases[0]["pdf"], cases[0]["grant_pages"][:1])
    tally = {"grants": [0, 0, 0], "budget": [0, 0, 0]}  # right, read, truth
    pages = 0
    started = time.perf_counter()
    for case in cases:
        for kind, reader, rows_of, truth, numbers in (
            ("grants", grant_reader, grant_rows, case["grants"], case["grant_pages"]),
            ("budget", budget_reader, budget_rows, case["budget"], case["budget_pages"]),
        ):
            if not numbers:
                continue
            pages += len(numbers)
            try:
                found = rows_of(reader(case["pdf"], numbers))
            except Exception:  # a reader that fails on a page reads nothing there
                found = Counter()
            tally[kind][0] += sum((found & truth).values())
            tally[kind][1] += sum(found.values())
            tally[kind][2] += sum(truth.values())
    seconds = time.perf_counter() - started
    return {"tally": tally, "pages": pages, "seconds": seconds}


def _f1(right: int, read: int, truth: int) -> float:
    precision = right / read if read else 0.0
    recall = right / truth if truth else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent.parent / "shared/corpus/dev")
    parser.add_argument("--docs", type=int, help="first N documents only")
    parser.add_argument("--readers", default=",".join(READERS))
    args = parser.parse_args()
    corpus = args.corpus if args.corpus.exists() else Path("/work/shared/corpus/dev")
    cases = load_cases(corpus, args.docs)
    results = {name: measure(name, cases) for name in args.readers.split(",")}
    base = results.get("ours") or next(iter(results.values()))
    print(f"{len(cases)} documents of {corpus}")
    print(
        f"{'reader':16s} {'grants right':>14s} {'F1':>6s} {'budget right':>13s} {'F1':>6s} "
        f"{'pages/s':>8s} {'speed vs ours':>13s}"
    )
    for name, result in results.items():
        g, b = result["tally"]["grants"], result["tally"]["budget"]
        speed = result["pages"] / result["seconds"] if result["seconds"] else 0.0
        base_speed = base["pages"] / base["seconds"] if base["seconds"] else 1.0
        print(
            f"{name:16s} {g[0]:6d}/{g[2]:<7d} {_f1(*g):6.3f} {b[0]:5d}/{b[2]:<7d} {_f1(*b):6.3f} "
            f"{speed:8.1f} {speed / base_speed:12.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
