"""Check the SCDL exports of the dev corpus against the criteria of issue #6.

    .venv/bin/delib-extract ingest ../shared/corpus/dev --db /tmp/exp/d.db \\
        --archive /tmp/exp/raw --jobs 1
    .venv/bin/python scripts/check_scdl_dev.py /tmp/exp/d.db ../shared/corpus/dev /tmp/exp

Writes /tmp/exp/mapping-dev.csv: every Annexe 4 structure of the truth files with
INVENTED identifiers (SIRET 00000…, RNA W00000…: plausible format, no real body),
a verification artefact that must never be published. Then:
1. both exports with examples/scdl-config.toml and that mapping: no missing value,
   zero validation errors against the project's schemas and ../shared/scdl/;
2. subventions without the mapping: every row is reported as lacking an identifier;
3. subventions with a mapping missing every third structure: the report lists
   exactly the rows of those structures.
Exits 1 when one check fails.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from delib_extract.export import run_export
from delib_extract.text.normalise import loose_key

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "examples" / "scdl-config.toml"


def luhn_digit(digits: str) -> str:
    """The digit that makes ``digits + it`` pass the Luhn check (as SIRETs do)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def structures(truth_dir: Path) -> dict[str, str]:
    """loose key → one printing of every Annexe 4 structure of the truth files."""
    found: dict[str, str] = {}
    for path in sorted(truth_dir.rglob("*.truth.json")):
        for line in json.loads(path.read_text(encoding="utf-8"))["annexe4"]:
            found.setdefault(loose_key(line["structure"]), line["structure"])
    return found


def write_mapping(names: dict[str, str], path: Path, skip: set[str] = frozenset()) -> None:
    lines = [
        "# Vérification de l'export SCDL du corpus dev : identifiants INVENTÉS (format",
        "# plausible, aucun organisme réel) — ne jamais publier.",
        "beneficiaire;siret;rna",
    ]
    for number, (key, name) in enumerate(sorted(names.items()), start=1):
        if key in skip:
            continue
        siret = f"00000{number:04d}0001"
        siret += luhn_digit(siret)
        rna = f"W{number:09d}"
        # One in seven an association known only by its RNA, one in five with both.
        ids = ("", rna) if number % 7 == 0 else (siret, rna if number % 5 == 0 else "")
        lines.append(f'"{name.replace(chr(34), chr(34) * 2)}";{ids[0]};{ids[1]}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def export(fmt: str, db: Path, mapping: Path | None, shared: Path) -> tuple:
    schema = shared / f"{fmt.removeprefix('scdl-')}-{'2.1.5' if 'delib' in fmt else '2.1.1'}"
    out = io.BytesIO()
    result = run_export(
        fmt, db, out, config_path=CONFIG, mapping_path=mapping, validate=True,
        schemas=(Path(f"{schema}.schema.json"),),
    )  # fmt: skip
    return result, out.getvalue()


def main(db: Path, truth_dir: Path, work: Path) -> int:
    shared = truth_dir.parent.parent / "scdl"
    names = structures(truth_dir)
    mapping = work / "mapping-dev.csv"
    write_mapping(names, mapping)
    failures = 0
    for fmt in ("scdl-deliberations", "scdl-subventions"):
        result, data = export(fmt, db, mapping, shared)
        print("\n".join(result.report_lines()))
        print(f"{fmt}: {len(data)} bytes, missing={len(result.scdl.issues)}, ok={result.ok}")
        failures += not result.ok
    result, _ = export("scdl-subventions", db, None, shared)
    lacking = {i.line for i in result.scdl.issues if i.field == "idBeneficiaire"}
    print(f"without mapping: {len(lacking)} of {result.rows} rows reported without identifier")
    failures += lacking != set(range(2, result.rows + 2))
    dropped = set(sorted(names)[::3])
    write_mapping(names, work / "mapping-partial.csv", skip=dropped)
    result, data = export("scdl-subventions", db, work / "mapping-partial.csv", shared)
    rows = list(_csv_rows(data))
    expected = {n for n, row in enumerate(rows, 2) if loose_key(row["nomBeneficiaire"]) in dropped}
    lacking = {i.line for i in result.scdl.issues if i.field == "idBeneficiaire"}
    print(
        f"partial mapping ({len(dropped)} of {len(names)} structures left out): "
        f"{len(lacking)} rows reported, {len(expected)} expected, identical={lacking == expected}"
    )
    failures += lacking != expected
    print("OK" if not failures else f"{failures} check(s) failed")
    return 1 if failures else 0


def _csv_rows(data: bytes):
    import csv

    return csv.DictReader(io.StringIO(data.decode("utf-8")))


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))
