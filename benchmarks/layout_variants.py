"""Held-out evaluation on layouts that are not in the dev corpus.

Generates deliberations (tests/variants.py) printed in every layout family — unruled
or partly ruled tables, /Rotate 90 and 270 annex pages, tables split across pages
(TOTAL alone on the next page, a row cut by the break, header not repeated), captions
and top-aligned cells, narrow columns and small fonts, every printed form of an
amount, scanned pages — with their truth files in the evaluation corpus's format;
ingests them into a scratch database and scores each family with the corpus scorer.

    .venv/bin/python benchmarks/layout_variants.py [--docs 2] [--jobs 1] [--keep DIR]
        [--families unruled,rotate270] [--no-ocr]

Prints one line per family (overall F1, and the tables below 1.000), then the overall
score of the text-layer families and of the OCR families, each counted on its own.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from variants import FAMILIES, OCR_FAMILIES, build_variant, variant_spec  # noqa: E402

from delib_extract import ingest  # noqa: E402

DEFAULT_SCORER = ROOT.parent.parent / "shared" / "corpus" / "score.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2, help="documents per family")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--families", help="comma-separated subset of the families")
    parser.add_argument("--no-ocr", action="store_true", help="skip the scanned families")
    parser.add_argument("--keep", type=Path, help="write the corpus and database here")
    parser.add_argument("--scorer", type=Path, default=_scorer())
    args = parser.parse_args()
    families = args.families.split(",") if args.families else list(FAMILIES)
    if args.no_ocr:
        families = [f for f in families if f not in OCR_FAMILIES]
    with tempfile.TemporaryDirectory(prefix="layout-variants-") as tmp:
        work = args.keep or Path(tmp)
        corpus = work / "corpus"
        started = time.perf_counter()
        for number, family in enumerate(families):
            folder = corpus / family
            folder.mkdir(parents=True, exist_ok=True)
            for doc in range(args.docs):
                spec = variant_spec(100 * number + doc, grants=14 + 4 * doc)
                build_variant(spec, family, folder)
        built = time.perf_counter() - started
        db = work / "variants.db"
        db.unlink(missing_ok=True)
        report = ingest([corpus], db, work / "raw_pdfs", jobs=args.jobs)
        ingested = time.perf_counter() - started - built
        print(
            f"{len(families) * args.docs} documents: built in {built:.1f} s, "
            f"ingested in {ingested:.1f} s ({report.ok} ok, {report.partial} partial, "
            f"{report.failed} failed)"
        )
        return _report(args.scorer, db, corpus, families)


def _scorer() -> Path:
    for candidate in (DEFAULT_SCORER, Path("/work/shared/corpus/score.py")):
        if candidate.exists():
            return candidate
    return DEFAULT_SCORER


def _score(scorer: Path, db: Path, truth: Path) -> dict:
    out = truth / "score.json"
    subprocess.run(
        [sys.executable, str(scorer), str(db), str(truth), "--json", str(out)],
        check=False,
        capture_output=True,
    )
    return json.loads(out.read_text())


def _report(scorer: Path, db: Path, corpus: Path, families: list[str]) -> int:
    print(f"{'family':18s} {'F1':>6s}  tables below 1.000 (anomalies: none printed)")
    for family in families:
        score = _score(scorer, db, corpus / family)
        weak = [
            f"{name}={t['f1']:.3f}"
            for name, t in score["tables"].items()
            if t["f1"] < 1 and name != "anomalies"
        ]
        print(f"{family:18s} {score['overall']:.3f}  {' '.join(weak)}")
    text = [f for f in families if f not in OCR_FAMILIES]
    scanned = [f for f in families if f in OCR_FAMILIES]
    for label, group in (("text layer", text), ("scanned (OCR)", scanned), ("all", families)):
        if group:
            print(f"overall {label:14s} {_pooled(scorer, db, corpus, group):.3f}")
    return 0


def _pooled(scorer: Path, db: Path, corpus: Path, families: list[str]) -> float:
    """One score over several families: the scorer run on a folder of links."""
    pooled = corpus / ("_pool-" + "-".join(sorted(families)))[:120]
    pooled.mkdir(exist_ok=True)
    for family in families:
        for truth in (corpus / family).glob("*.truth.json"):
            link = pooled / truth.name
            if not link.exists():
                link.symlink_to(truth)
    return _score(scorer, db, pooled)["overall"]


if __name__ == "__main__":
    raise SystemExit(main())
