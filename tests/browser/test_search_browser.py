"""Search in a real browser: the page passes axe-core, suggestions work by keyboard, and all of it
works without JavaScript."""

import pytest

from tests.browser.conftest import axe_violations, login
from tests.conftest import PASSWORD
from tests.search.conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seminars(cast):
    from bryggan.taxonomy.models import PriorityArea

    area = PriorityArea.objects.create(slug="placerade-barn", name_sv="Placerade barn och unga")
    first = make_event(
        "Placering av barn i familjehem",
        description="Vad säger forskningen om placeringen av barn?",
        year=2024,
    )
    first.priority_areas.add(area)
    make_event("Placeringar och skolgång", description="Skolan för placerade barn.", year=2023)
    make_event("Internt möte om placeringar", visibility="internal")
    return first


def test_the_search_page_has_no_axe_violations(seminars, page):
    page.goto("/sok/?q=placeringar")
    assert page.locator(".search-hit").count() == 2
    assert page.locator(".search-hit mark").first.inner_text().lower().startswith("placering")
    assert axe_violations(page) == []
    page.click(".search-facets a:has-text('2024')")
    assert page.locator(".search-hit").count() == 1
    assert axe_violations(page) == []
    page.goto("/sok/")
    assert axe_violations(page) == []


def test_suggestions_are_chosen_with_the_keyboard(seminars, page):
    page.goto("/")
    box = page.locator("#header-q")
    box.fill("placering av")
    listbox = page.locator("[role=listbox]:visible")
    listbox.wait_for()
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    assert listbox.locator("[role=option]").count() == 1
    assert "1 förslag" in page.locator(".header-search [role=status]").inner_text()
    assert axe_violations(page) == []
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant")
    box.press("Enter")
    page.wait_for_url(f"**/arenor/{seminars.pk}/")


def test_pressing_enter_without_choosing_searches(seminars, page):
    page.goto("/")
    page.fill("#header-q", "placeringar")
    page.locator("[role=listbox]:visible").wait_for()
    page.press("#header-q", "Escape")
    page.press("#header-q", "Enter")
    page.wait_for_url("**/sok/?q=placeringar")
    assert page.locator(".search-hit").count() == 2


def test_staff_find_internal_content(seminars, page):
    login(page, "worker@test.example", PASSWORD)
    page.goto("/sok/?q=placeringar")
    assert page.locator(".search-hit").count() == 3


def test_search_works_without_javascript(seminars, browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/")
    page.fill("#header-q", "placeringar")
    page.press("#header-q", "Enter")
    page.wait_for_url("**/sok/?q=placeringar")
    assert page.locator(".search-hit").count() == 2
    page.select_option("#search-sort", "newest")
    page.click(".search-sort button")
    assert page.locator(".search-hit-title").first.inner_text() == "Placering av barn i familjehem"
    context.close()
