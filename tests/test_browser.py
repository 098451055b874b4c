"""The publication in a real browser: Debian's headless Chromium driven by Playwright.

Each page must render without a console error; screenshots go to tests/artifacts/
(look at them). Skipped only where Chromium or Playwright is missing:
``scripts/test.sh`` installs both (WITH_BROWSER=1).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from support import ARTIFACTS

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.slow,  # headless Chromium over a real Datasette server
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium not installed"),
]
ARGS = [
    "--no-sandbox", "--disable-gpu", "--headless", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=fr-FR",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, f"console errors: {errors}"


def test_home_page(page, site_server: str) -> None:
    page.goto(site_server + "/", wait_until="networkidle")
    assert page.locator("h2", has_text="Les questions les plus posées").is_visible()
    assert page.get_by_role("heading", name="Combien une structure a-t-elle reçu ?").is_visible()


def test_how_much_did_a_structure_receive_in_a_year(page, site_server: str) -> None:
    """The journey of the issue: from the home page, in a few clicks."""
    page.goto(site_server + "/", wait_until="networkidle")
    page.fill("#beneficiaire", "mission locale de l'artois")
    page.select_option("#annee-total", "2023")
    page.click("#q-total-beneficiaire input[type=submit]")
    page.wait_for_load_state("networkidle")
    table = page.locator("table.rows-and-columns")
    assert "Mission locale de l’Artois" in table.inner_text()
    # 47 000 € (2023-499) + 12 500 € (2023-612); digits grouped by a narrow no-break space.
    assert "59\u202f500,00\u00a0€" in table.inner_text()
    page.locator("table.rows-and-columns td a", has_text="détail").click()
    page.wait_for_load_state("networkidle")  # the grants behind the total, with their PDF page
    assert "/deliberations/grants_detailed" in page.url
    assert page.locator("table.rows-and-columns a.pdf-link").count() >= 2


def test_table_with_pdf_links(page, site_server: str) -> None:
    page.goto(site_server + "/deliberations/grants_detailed", wait_until="networkidle")
    assert page.locator("h1", has_text="Subventions détaillées").is_visible()
    assert page.locator("h3", has_text="lignes, triées par date").is_visible()  # in French
    link = page.locator("a.pdf-link").first
    href = link.get_attribute("href")
    assert href and ".pdf#page=" in href
    response = page.request.get(site_server + href.split("#")[0])
    assert response.ok and response.body().startswith(b"%PDF")


def test_canned_query_with_a_parameter(page, site_server: str) -> None:
    page.goto(site_server + "/deliberations/bilan_elu", wait_until="networkidle")
    page.fill("input[name=elu]", "HINGREZ-CEREDA")
    page.click("form.sql input[type=submit]")
    page.wait_for_load_state("networkidle")
    text = page.locator("table.rows-and-columns").inner_text()
    assert "Mireille HINGREZ-CÉRÉDA" in text
    assert "n'a pris part ni au débat ni au vote" in text


def test_search_without_accents(page, site_server: str) -> None:
    page.goto(site_server + "/", wait_until="networkidle")
    page.fill("#recherche-q", "lievin")
    page.press("#recherche-q", "Enter")
    page.wait_for_load_state("networkidle")
    assert page.locator("mark", has_text="Liévin").count() >= 1


def test_chart_page(page, site_server: str) -> None:
    page.goto(site_server + "/-/dashboards/graphiques", wait_until="networkidle")
    # Vega draws each chart as an <svg class="marks">: territory, theme, year, attendance.
    page.wait_for_function("document.querySelectorAll('svg.marks').length >= 4", timeout=30000)
    assert page.locator("svg.marks .mark-rect path").count() >= 4  # bars were drawn
    assert page.locator("input[type=submit][value=Appliquer]").count() == 1


def test_page_of_a_deliberation(page, site_server: str) -> None:
    page.goto(site_server + "/deliberations/deliberations/2023-499", wait_until="networkidle")
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("h1", has_text="Délibération n°2023-499").is_visible()
    # The vote drawn as a bar: one segment per position that has votes (4 for, 1 abstention).
    assert page.locator("svg.vote-bar rect").count() == 2
    assert page.locator("table.groupes tbody tr").count() >= 3
    recused = page.locator(".presences li", has_text="HINGREZ-CÉRÉDA")
    assert "n'a pris part ni au débat ni au vote" in recused.first.inner_text()
    grants_total = page.locator("#subventions tr.total td.euros").inner_text()
    assert grants_total.endswith("€") and "\u202f" in grants_total
    href = page.locator("a.pdf-link").first.get_attribute("href")
    response = page.request.get(site_server + href.split("#")[0])
    assert response.ok and response.body().startswith(b"%PDF")


def test_page_of_a_member(page, site_server: str) -> None:
    page.goto(site_server + "/deliberations/members/mireille-hingrez-cereda",
              wait_until="networkidle")  # fmt: skip
    assert page.locator("figure.graphique svg rect").count() >= 2  # one bar a year at least
    assert page.locator("#retraits li").count() >= 1


def test_page_of_a_beneficiary(page, site_server: str) -> None:
    page.goto(site_server + "/deliberations/beneficiaries/missionlocaledelartois",
              wait_until="networkidle")  # fmt: skip
    assert page.locator("h1", has_text="Mission locale de l’Artois").is_visible()
    assert page.locator("#subventions tbody tr").count() >= 2
    page.locator("#subventions a", has_text="n°2023-612").click()  # to the deliberation
    page.wait_for_load_state("networkidle")
    assert page.locator("h1", has_text="Délibération n°2023-612").is_visible()


def test_facet_counts_never_wrap(page, site_server: str) -> None:
    """A count once wrapped as « 15 / 2 » in a narrow facet column."""
    page.set_viewport_size({"width": 700, "height": 900})
    page.goto(site_server + "/deliberations/grants", wait_until="networkidle")
    counts = page.locator(".facet-count")
    assert counts.count() >= 10
    lines = page.evaluate(
        "[...document.querySelectorAll('.facet-count')].map(e => e.getClientRects().length)"
    )
    assert set(lines) == {1}
    facet = page.locator(".facet-info", has_text="territoire").first
    assert "Lens-Liévin" in facet.inner_text() and "LENS - LIEVIN" not in facet.inner_text()


def test_french_chrome_of_a_table(page, site_server: str) -> None:
    page.goto(site_server + "/deliberations/grants", wait_until="networkidle")
    text = page.locator("section.content").inner_text()
    assert "Télécharger" in text and "Appliquer" in page.content()
    page.locator("th .dropdown-menu-icon").first.click()
    assert page.locator(".dropdown-menu a", has_text="Trier par ordre croissant").is_visible()
