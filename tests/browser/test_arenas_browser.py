"""Register for a seminar, move up from the waiting list, check the arena pages with axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bryggan.arenas.models import Action, Event, Membership, Series
from bryggan.people.models import Person
from tests.browser.conftest import axe_violations, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seminar(cast, **fields):
    start = timezone.now() + timedelta(days=5)
    defaults = {
        "kind": Event.Kind.RESEARCH_SEMINAR,
        "title": "Unga och tramadol",
        "start": start,
        "end": start + timedelta(hours=2),
        "visibility": "internal",
        "place": "Sal 1",
        "created_by": cast.coordinator,
    }
    return Event.objects.create(**{**defaults, **fields})


def test_register_then_move_up_from_the_waiting_list(cast, page, browser, live_server):
    event = _seminar(cast, capacity=1)
    other = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    login(other, "manager@test.example", PASSWORD)
    other.goto(f"/arenor/{event.pk}/")
    other.click("main form button[type=submit]")
    assert other.locator(".messages").count() == 1

    login(page, "worker@test.example", PASSWORD)
    page.goto(f"/arenor/{event.pk}/")
    page.click("#registration-heading ~ form button[type=submit]")
    assert "väntelista" in page.locator("#registration-heading").locator("..").inner_text().lower()
    assert axe_violations(page) == []

    other.goto(f"/arenor/{event.pk}/")
    other.click("#registration-heading ~ form button[type=submit]")
    page.goto(f"/arenor/{event.pk}/")
    assert "Du är anmäld." in page.locator("#registration-heading").locator("..").inner_text()
    other.context.close()


def test_list_detail_and_group_pages_have_no_axe_violations(cast, page):
    series = Series.objects.create(
        slug="grupp",
        kind=Series.Kind.DISCUSSION_GROUP,
        title="Diskussionsgruppen",
        visibility="internal",
    )
    Membership.objects.create(series=series, person=Person.objects.get(user=cast.worker))
    Membership.objects.create(
        series=series, person=Person.objects.get(user=cast.researcher), role="researcher"
    )
    past = _seminar(
        cast,
        series=series,
        start=timezone.now() - timedelta(days=20),
        minutes="<p>Vi läste <strong>rapporten</strong></p>",
        decisions="Pröva samtalsmallen",
    )
    Action.objects.create(
        event=past,
        title="Pröva samtalsmallen",
        owner=Person.objects.get(user=cast.worker),
        unit=cast.unit,
    )
    event = _seminar(
        cast, series=series, capacity=10, registration_deadline=timezone.now() + timedelta(days=2)
    )
    login(page, "coordinator@test.example", PASSWORD)
    for url in (
        "/arenor/",
        f"/arenor/{event.pk}/",
        f"/arenor/{past.pk}/",
        f"/arenor/grupper/{series.slug}/",
        "/arenor/grupper/",
        "/arenor/manad/",
        "/arenor/mina/",
        f"/arenor/{event.pk}/narvaro/",
        "/arenor/ny/",
        f"/arenor/grupper/{series.slug}/tillfallen/",
        f"/arenor/{event.pk}/material/?q=rapport",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url


def test_the_month_table_scrolls_on_its_own_on_a_phone(cast, page):
    # A long word in a title makes the seven-column month table wider than a phone.
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    _seminar(
        cast,
        title="Kunskapsstyrningsutvecklingsseminarium",
        start=start,
        end=start + timedelta(hours=1),
    )
    page.set_viewport_size({"width": 390, "height": 800})
    login(page, "coordinator@test.example", PASSWORD)
    page.goto("/arenor/manad/")
    region = page.locator("main .table-scroll[role=region]").first
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("aria-label")
    assert region.locator("table").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
