"""Shared fixtures: PDFs built by tests/pdfgen.py, a database ingested from them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import pdfgen

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).parent / "artifacts"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/*.json from the current extraction.",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of generated deliberations (the fixtures of tests/fixtures_specs.py)."""
    from fixtures_specs import SPECS

    folder = tmp_path_factory.mktemp("pdfs")
    for name, spec in SPECS.items():
        pdfgen.build_pdf(spec, folder / f"{name}.pdf")
    return folder


@pytest.fixture(scope="session")
def sample_pdf(pdf_dir: Path) -> Path:
    return pdf_dir / "seed_like.pdf"


@pytest.fixture(scope="session")
def built_db(pdf_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from delib_extract import ingest

    work = tmp_path_factory.mktemp("db")
    report = ingest([pdf_dir], work / "deliberations.db", work / "raw_pdfs", jobs=1)
    assert report.failed == 0, report.problems
    return work / "deliberations.db"


@pytest.fixture(scope="session")
def site_db(pdf_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture deliberations plus one printing the same structures and territories
    differently (tests/siteserver.py), as the publication is tested on."""
    from siteserver import VARIANT_SPEC
    from website import Site

    from delib_extract import ingest
    from delib_extract.fetch.run import fetch
    from delib_extract.settings import FetchSettings

    work = tmp_path_factory.mktemp("site")
    pdfgen.build_pdf(VARIANT_SPEC, work / "variant.pdf")
    with Site() as site:  # one document comes from the web, so `fetches` has a row
        site.pdf("/cp/variant.pdf", (work / "variant.pdf").read_bytes())
        fetched = fetch([site.url("/cp/variant.pdf")], db_path=work / "deliberations.db",
                        archive_dir=work / "raw_pdfs", settings=FetchSettings(delay_s=0),
                        jobs=1)  # fmt: skip
    assert fetched.downloaded == 1, fetched.problems
    report = ingest([pdf_dir], work / "deliberations.db", work / "raw_pdfs", jobs=1)
    assert report.failed == 0, report.problems
    from scdl_settings import store_settings  # the SCDL views filled, as published

    store_settings(work / "deliberations.db", work)
    return work / "deliberations.db"


@pytest.fixture(scope="session")
def site_server(site_db: Path):
    """A real Datasette server (``delib-extract serve``) over ``site_db``."""
    from siteserver import running_site

    with running_site(site_db, site_db.parent / "raw_pdfs") as base:
        yield base
