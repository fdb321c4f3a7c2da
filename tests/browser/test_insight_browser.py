"""Insight in real Chromium: the dashboard, the report and the plan pass axe-core, without JavaScript too."""

import pytest

from bryggan.cycle.services import link_add
from bryggan.monitoring.models import Record
from tests.browser.conftest import axe_violations, login
from tests.conftest import PASSWORD
from tests.insight.conftest import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(cast):
    return build_world(cast)


def test_insight_pages_have_no_axe_violations(cast, world, page):
    y = world.year
    link_add(a=Record.objects.get(title="Studie 0"), b=world.events["Seminarium mars"])
    login(page, "coordinator@test.example", PASSWORD)
    page.goto("/verksamhetsberattelser/")
    page.select_option("#report-partnership", "testsamverkan")
    page.fill("#id_year", str(y))
    page.click("text=Starta eller öppna verksamhetsberättelsen")
    page.fill("#id_introduction", "Ett år med <strong>många</strong> seminarier.")
    page.click("main form.stacked button[type=submit] >> nth=0")
    page.goto(f"/verksamhetsberattelser/testsamverkan/{y}/redigera/")
    assert axe_violations(page) == []
    page.goto(f"/verksamhetsberattelser/testsamverkan/{y}/")
    page.click("main form.actions button[value=publish]")
    query = f"?start={y}-01-01&end={y}-12-31"
    for url in (
        "/insikt/",
        "/insikt/samverkan/testsamverkan/" + query,
        f"/insikt/samverkan/testsamverkan/?start={y}-03-01&end={y}-03-31",
        "/insikt/samverkan/testsamverkan/?start=2001-01-01&end=2001-12-31",
        "/insikt/samverkan/testsamverkan/?start=2026-05-01&end=2026-01-01",
        "/insikt/organisationer/testkoping-bu/" + query,
        "/insikt/samverkan/testsamverkan/underlag/arenas.sessions_held/" + query,
        "/insikt/samverkan/testsamverkan/karta/arenas.event/barn/" + query,
        "/insikt/samverkan/testsamverkan/kretslopp/",
        f"/insikt/kretslopp/arenas.event/{world.events['Seminarium mars'].pk}/",
        "/verksamhetsberattelser/",
        f"/verksamhetsberattelser/testsamverkan/{y}/",
        "/oppna-data/",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url


def test_the_published_report_passes_axe_for_the_public_in_both_languages(
    cast, world, page, browser, live_server
):
    y = world.year
    coordinator = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    login(coordinator, "coordinator@test.example", PASSWORD)
    coordinator.goto("/verksamhetsberattelser/")
    coordinator.select_option("#report-partnership", "testsamverkan")
    coordinator.fill("#id_year", str(y))
    coordinator.click("text=Starta eller öppna verksamhetsberättelsen")
    coordinator.goto(f"/verksamhetsberattelser/testsamverkan/{y}/")
    coordinator.click("main form.actions button[value=publish]")
    coordinator.goto("/verksamhetsberattelser/")
    coordinator.select_option("#plan-partnership", "testsamverkan")
    coordinator.fill("#id_plan-year", str(y + 1))
    coordinator.click("text=Starta eller öppna verksamhetsplanen")
    coordinator.fill("#id_title", "Seminarier varje kvartal")
    coordinator.click("text=Lägg till aktiviteten")
    assert axe_violations(coordinator) == []
    coordinator.click("text=Publicera verksamhetsplanen")
    coordinator.context.close()
    for url in (
        f"/verksamhetsberattelser/testsamverkan/{y}/",
        f"/verksamhetsberattelser/testsamverkan/{y}/?lang=en",
        f"/verksamhetsplaner/testsamverkan/{y + 1}/",
    ):
        page.goto(url)
        assert page.locator("svg.chart").count() >= 1 or "verksamhetsplaner" in url
        assert axe_violations(page) == [], url


def test_the_period_form_works_without_javascript(cast, world, browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    login(page, "worker@test.example", PASSWORD)
    page.goto("/insikt/samverkan/testsamverkan/")
    page.fill("#id_start", f"{world.year}-03-01")
    page.fill("#id_end", f"{world.year}-03-31")
    page.click("form.period-form button[type=submit]")
    assert f"start={world.year}-03-01" in page.url
    assert page.locator("svg.chart").count() >= 1
    page.fill("#id_start", f"{world.year}-05-01")
    page.fill("#id_end", f"{world.year}-04-01")
    page.click("form.period-form button[type=submit]")
    assert page.locator("[role=alert]").count() >= 1
    context.close()
