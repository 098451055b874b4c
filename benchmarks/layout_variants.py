"""Held-out evaluation on layouts that are not in the dev corpus.

Generates deliberations (tests/support/variants.py) printed in every layout family — unruled
or partly ruled tables, /Rotate 90 and 270 annex pages, tables split across pages
(TOTAL alone on the next page, a row cut by the break, header not repeated), captions
and top-aligned cells, narrow columns and small fonts, every printed form of an
amount, scanned pages — with their truth files in the evaluation corpus's format;
ingests them into a scratch database and scores each family with the corpus scorer.

    .venv/bin/python benchmarks/layout_variants.py [--docs 2] [--jobs 1] [--keep DIR]
        [--families unruled,rotate270] [--no-ocr] [--from-dev ../shared/corpus/dev]

With ``--from-dev``, the documents are instead the dev corpus's own PDFs (read, never
copied into the repository) turned into other layouts page by page: ruling lines
removed (``dev_unruled``), landscape pages stored with /Rotate 270 (``dev_rotate270``),
the deliberation pages or the first annex page scanned (``dev_scan_deliberation``,
``dev_scan_annex``), both scanned roughly (150 dpi, 0.4° askew, speckled:
``dev_scan_rough``); their truth files are the dev ones.

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

from support.variants import FAMILIES, OCR_FAMILIES, build_variant, variant_spec  # noqa: E402

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
    parser.add_argument("--from-dev", type=Path, help="transform this corpus's PDFs instead")
    args = parser.parse_args()
    if args.from_dev:
        return _from_dev(args)
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


DEV_FAMILIES = ("dev_unruled", "dev_rotate270", "dev_scan_deliberation", "dev_scan_annex",
                "dev_scan_rough")  # fmt: skip
# A poor scan: 150 dpi, turned 0.4°, speckled.
_ROUGH = {"scan_dpi": 150, "scan_skew": 0.4, "scan_noise": 12.0}


def _from_dev(args: argparse.Namespace) -> int:
    import shutil

    import pypdfium2 as pdfium
    from support.pdfpost import transform_pdf

    families = args.families.split(",") if args.families else list(DEV_FAMILIES)
    if args.no_ocr:
        families = [f for f in families if "scan" not in f]
    with tempfile.TemporaryDirectory(prefix="dev-variants-") as tmp:
        work = args.keep or Path(tmp)
        corpus = work / "corpus"
        for truth_file in sorted(args.from_dev.rglob("*.truth.json"))[: args.docs or None]:
            truth = json.loads(truth_file.read_text(encoding="utf-8"))
            source = truth_file.with_name(truth_file.name.replace(".truth.json", ".pdf"))
            pdf = pdfium.PdfDocument(str(source))
            wide = [i + 1 for i in range(len(pdf)) if pdf[i].get_size()[0] > pdf[i].get_size()[1]]
            unrotated = [n for n in wide if pdf[n - 1].get_rotation() == 0]
            pdf.close()
            layout = truth.get("layout", {})
            for family in families:
                options = {
                    "dev_unruled": {"strip": range(1, truth["pages"] + 1)},
                    "dev_rotate270": {"rotate": dict.fromkeys(unrotated, 270)},
                    "dev_scan_deliberation": {"scan": layout.get("delib_pages", [])},
                    "dev_scan_annex": {"scan": layout.get("annexe4_pages", [])[:1]},
                    "dev_scan_rough": {
                        "scan": layout.get("delib_pages", []) + layout.get("annexe4_pages", [])[:1],
                        **_ROUGH,
                    },
                }[family]
                folder = corpus / family
                folder.mkdir(parents=True, exist_ok=True)
                target = folder / source.name
                shutil.copy(source, target)
                transform_pdf(target, **options)
                shutil.copy(truth_file, folder / truth_file.name)
        # One database per family: every family holds the same deliberation numbers.
        for family in families:
            db = work / f"{family}.db"
            db.unlink(missing_ok=True)
            ingest([corpus / family], db, work / "raw_pdfs", jobs=args.jobs)
            score = _score(args.scorer, db, corpus / family)
            weak = [f"{n}={t['f1']:.3f}" for n, t in score["tables"].items() if t["f1"] < 1]
            print(f"{family:22s} {score['overall']:.3f}  {' '.join(weak)}")
    return 0


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
