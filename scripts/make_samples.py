"""Regenerate samples/*.pdf (the bundled demo documents) from tests/support/pdfgen.py specs.

.venv/bin/python scripts/make_samples.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support import pdfgen  # noqa: E402
from support.fixtures_specs import SPECS  # noqa: E402


def main() -> None:
    out = ROOT / "samples"
    out.mkdir(exist_ok=True)
    for spec in SPECS.values():
        name = f"cp-{spec['date']}-{spec['numero']}.pdf"
        pdfgen.build_pdf(spec, out / name)
        print(out / name)


if __name__ == "__main__":
    main()
