"""Governance pages in Chromium: record a decision and close an action, and check axe-core."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from bryggan.governance import services
from bryggan.governance.models import Agreement, Body, Decision, Partnership, Party
from bryggan.people.models import Person
from tests.browser.conftest import axe_violations, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _setup(cast):
    partnership = Partnership.objects.create(
        slug="test",
        short_name="Test",
        name_sv="Testsamverkan",
        kind="regional",
        visibility="public",
    )
    for org in (cast.municipality, cast.university):
        party = Party.objects.create(
            partnership=partnership, organisation=org, role="owner", mission="Uppdrag"
        )
        services.funding_set(
            partnership=partnership, party=party, year=timezone.localdate().year, amount=100000
        )
    reference = services.body_save(
        partnership=partnership,
        kind="reference_group",
        name_sv="Referensgruppen",
        established=date(2024, 1, 1),
        visibility="public",
    )
    worker = Person.objects.get(user=cast.worker)
    services.membership_add(body=reference, person=worker, role="chair", start=date(2024, 1, 1))
    start = timezone.now() - timedelta(days=60)
    old = services.meeting_save(
        body=reference, start=start, end=start + timedelta(hours=2), visibility="public"
    )
    services.decision_add(meeting=old, title="Bli styrgrupp")
    services.action_add(meeting=old, title="Skriv arbetsordning", owner=worker, visibility="public")
    steering = services.body_transform(
        body=reference,
        kind="steering_group",
        name_sv="Styrgruppen",
        on=timezone.localdate() - timedelta(days=30),
    )
    start = timezone.now() - timedelta(hours=1)  # the meeting is going on
    meeting = services.meeting_save(
        body=steering,
        start=start,
        end=start + timedelta(hours=2),
        visibility="public",
        place="Stadshuset",
    )
    services.agenda_item_add(meeting=meeting, title="Budget", kind="decision")
    agreement = services.agreement_save(
        partnership=partnership,
        parties=partnership.parties.all(),
        title="Avtalet",
        start=date(2024, 1, 1),
        notice_date=timezone.localdate() + timedelta(days=60),
    )
    return partnership, steering, meeting, agreement


def test_record_a_decision_and_close_an_action(cast, page):
    _partnership, steering, meeting, _agreement = _setup(cast)
    login(page, "coordinator@test.example", PASSWORD)
    page.goto(f"/styrning/moten/{meeting.pk}/")
    assert "Skriv arbetsordning" in page.locator("#agenda-heading").locator("..").inner_text()
    page.fill("#decision-title", "Budgeten antas")
    page.locator("section[aria-labelledby=decisions-heading] button[type=submit]").click()
    assert page.locator(".messages").count() == 1
    assert (
        Decision.objects.filter(body=steering, title="Budgeten antas")
        .get()
        .reference.startswith("SG ")
    )
    assert axe_violations(page) == []
    page.select_option("select[id$=-status-agenda]", "done")
    page.locator("form[action^='/styrning/atgarder/'] button[type=submit]").first.click()
    assert "Skriv arbetsordning" not in page.locator("#agenda-heading").locator("..").inner_text()


def test_governance_pages_have_no_axe_violations(cast, page):
    _partnership, steering, meeting, agreement = _setup(cast)
    decision = Decision.objects.first()
    login(page, "coordinator@test.example", PASSWORD)
    reference = Body.objects.get(name_sv="Referensgruppen")
    for url in (
        "/samverkan/test/",
        "/samverkan/test/basfinansiering/",
        "/styrning/",
        "/styrning/beslut/",
        steering.get_absolute_url(),
        reference.get_absolute_url(),
        f"/styrning/organ/{steering.slug}/beslut/",
        f"/styrning/organ/{steering.slug}/ombilda/",
        f"/styrning/organ/{reference.slug}/ta-bort/",
        meeting.get_absolute_url(),
        f"/styrning/moten/{meeting.pk}/protokoll/",
        decision.get_absolute_url(),
        agreement.get_absolute_url(),
        f"/styrning/avtal/{agreement.pk}/andra/",
        "/samverkan/test/organ/nytt/",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url
    page.context.clear_cookies()
    for url in ("/samverkan/test/", steering.get_absolute_url(), meeting.get_absolute_url()):
        page.goto(url)
        assert axe_violations(page) == [], url
    assert Agreement.objects.count() == 1
