"""Shared fixtures: PDFs built by tests/support/pdfgen.py, a database ingested from them,
and a real Datasette server over it.

Two lanes: ``pytest -m "not slow"`` (parsers, the table reader, extraction of generated
PDFs, the database, exports: seconds) and the whole suite (``./scripts/test.sh``), which
adds the tests marked ``slow``: real servers and browsers, forked extractions killed by
their limits, process pools, Dask, OCR, crashes and locks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import pdfgen
from support.dbstate import loaded_db


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
    """A folder of generated deliberations (the fixtures of tests/support/fixtures_specs.py)."""
    from support.fixtures_specs import SPECS

    folder = tmp_path_factory.mktemp("pdfs")
    for name, spec in SPECS.items():
        pdfgen.build_pdf(spec, folder / f"{name}.pdf")
    return folder


@pytest.fixture(scope="session")
def sample_pdf(pdf_dir: Path) -> Path:
    return pdf_dir / "seed_like.pdf"


@pytest.fixture(scope="session")
def built_db(pdf_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return loaded_db([pdf_dir], tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def site_db(pdf_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture deliberations plus one printing the same structures and territories
    differently (tests/support/siteserver.py), as the publication is tested on."""
    from support.siteserver import VARIANT_SPEC
    from support.website import Site

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
    # Two other councils' deliberations: their authority, split vote with names, proxies.
    from support.council_fixtures import DOCUMENTS
    from support.council_pdfgen import build_council_pdf
    from support.scdl_settings import store_settings  # the SCDL views filled, as published

    council = work / "council"
    council.mkdir()
    for name in ("council_split_vote", "council_header_block"):
        build_council_pdf(DOCUMENTS[name], council / f"{name}.pdf")
    store_settings(loaded_db([pdf_dir, council], work), work)
    return work / "deliberations.db"


@pytest.fixture(scope="session")
def site_server(site_db: Path):
    """A real Datasette server (``delib-extract serve``) over ``site_db``."""
    from support.siteserver import running_site

    with running_site(site_db, site_db.parent / "raw_pdfs") as base:
        yield base
