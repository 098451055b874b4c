"""Each fixture PDF's extraction, compared with its reviewed JSON in tests/golden/.

Regenerate after an intended change with ``pytest tests/test_golden.py --update-golden``
and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.fixtures_specs import SPECS

from delib_extract import extract_pdf
from delib_extract.records import to_jsonable

GOLDEN = Path(__file__).parent / "golden"


def _comparable(pdf: Path) -> dict:
    data = to_jsonable(extract_pdf(pdf))
    for volatile in ("sha256", "seconds"):
        data.pop(volatile)
    # Every fixture is a CP deliberation; the classification has its own tests
    # (test_classify.py), and keeping it out of the golden files keeps them about records.
    assert data.pop("doc_type") == "cp_deliberation"
    data["pages"] = [
        {"page_number": p["page_number"], "method": p["method"]} for p in data["pages"]
    ]
    return data


@pytest.mark.parametrize("name", sorted(SPECS))
def test_extraction_matches_golden(name: str, pdf_dir: Path, update_golden: bool) -> None:
    got = _comparable(pdf_dir / f"{name}.pdf")
    path = GOLDEN / f"{name}.json"
    if update_golden or not path.exists():
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not update_golden:
            pytest.fail(f"golden file created, review it: {path}")
    assert got == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SPECS))
def test_extraction_matches_the_spec(name: str, pdf_dir: Path) -> None:
    """Independent of the golden files: what the PDF was built from comes back."""
    spec = SPECS[name]
    result = extract_pdf(pdf_dir / f"{name}.pdf")
    assert result.status == "ok", result.all_checks()
    assert result.decisions[0].info.number == spec["numero"]
    assert result.sitting.date == spec["date"]
    assert result.decisions[0].info.adopted is spec["vote"]["adopte"]
    presents = {(p["prenom"], p["nom"]) for p in spec["presents"]}
    got = {
        (a.person.first_name, a.person.last_name)
        for a in result.decisions[0].attendance
        if a.status == "present"
    }
    assert got == presents
    grants = [(g.beneficiary, float(g.amount), g.territory) for g in result.decisions[0].grants]
    assert grants == [(g["structure"], g["montant"], g["territoire"]) for g in spec["annexe4"]]
    expense = [
        (b.operation_code, b.budget_code, float(b.amount))
        for b in result.decisions[0].budget_lines
        if b.kind == "expense"
    ]
    assert expense == [
        (b["code_operation"], b["imputation"], b["montant"]) for b in spec["imputations"]
    ]


def test_grant_lines_add_up_to_their_totals(sample_pdf: Path) -> None:
    result = extract_pdf(sample_pdf)
    operation_totals = [t for t in result.decisions[0].grant_totals if t.scope == "operation"]
    for total in operation_totals:
        lines = [g.amount for g in result.decisions[0].grants if g.operation == total.operation]
        assert sum(lines) == total.amount
    assert not [c for c in result.all_checks() if c.severity == "error"]
