"""Calendar feeds (RFC 5545), parsed back with icalendar and recurring-ical-events."""

from datetime import date, timedelta

import pytest
import recurring_ical_events
from icalendar import Calendar

from bryggan.arenas.models import CalendarToken
from tests.arenas.conftest import local
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"\r\n" in response.content
    return Calendar.from_ical(response.content)


def test_one_event_feed_has_the_required_properties_and_a_stockholm_timezone(
    cast, anonymous, make_event
):
    event = make_event(visibility="public", start=local(2030, 7, 1, 10, 0), place="Sal 1")
    cal = _parse(anonymous.get(f"/arenor/{event.pk}/kalender.ics"))
    assert cal["VERSION"] == "2.0" and "Bryggan" in str(cal["PRODID"])
    [vevent] = cal.walk("VEVENT")
    for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "STATUS"):
        assert prop in vevent
    assert vevent["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert vevent.decoded("DTSTART") == local(2030, 7, 1, 10, 0)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    assert str(vevent["STATUS"]) == "CONFIRMED"


def test_changes_raise_the_sequence_and_cancellation_sends_status_cancelled(
    cast, anonymous, as_coordinator, make_event
):
    event = make_event(visibility="public")
    before = _parse(anonymous.get(f"/arenor/{event.pk}/kalender.ics")).walk("VEVENT")[0]
    as_coordinator.post(f"/arenor/{event.pk}/stall-in/")
    after = _parse(anonymous.get(f"/arenor/{event.pk}/kalender.ics")).walk("VEVENT")[0]
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert str(after["STATUS"]) == "CANCELLED"


def test_the_series_feed_expands_across_daylight_saving_without_shifting_local_times(
    cast, as_coordinator, as_worker, group
):
    as_coordinator.post(
        f"/arenor/grupper/{group.slug}/tillfallen/",
        {
            "kind": "group_session",
            "title": "Gruppträff",
            "first_start": "2030-01-15T17:30",
            "duration": "90",
            "frequency": "monthly",
            "count": "12",
            "until": "",
            "rule": "",
            "place": "",
            "online_url": "",
            "capacity": "",
        },
    )
    cal = _parse(as_worker.get(f"/arenor/grupper/{group.slug}/kalender.ics"))
    occurrences = recurring_ical_events.of(cal).between(date(2030, 1, 1), date(2031, 1, 1))
    assert len(occurrences) == 12
    assert {(o.decoded("DTSTART").hour, o.decoded("DTSTART").minute) for o in occurrences} == {
        (17, 30)
    }
    assert len({str(o["UID"]) for o in occurrences}) == 12


def test_the_series_feed_of_a_restricted_group_is_hidden_from_non_members(cast, as_manager, group):
    assert as_manager.get(f"/arenor/grupper/{group.slug}/kalender.ics").status_code == 404


def test_the_public_feed_holds_only_public_events(cast, anonymous, make_event):
    make_event(title="Öppet", visibility="public")
    make_event(title="Internt", visibility="internal")
    summaries = [
        str(e["SUMMARY"]) for e in _parse(anonymous.get("/arenor/kalender.ics")).walk("VEVENT")
    ]
    assert summaries == ["Öppet"]


def test_the_personal_feed_lists_my_events_until_the_link_is_revoked(cast, as_worker, make_event):
    event = make_event(title="Mitt seminarium")
    make_event(title="Annat seminarium")
    as_worker.post(f"/arenor/{event.pk}/anmalan/")
    as_worker.post("/arenor/mina/kalenderlank/", {"action": "rotate"})
    token = CalendarToken.objects.get(user=cast.worker).token
    anonymous = client_for(None)
    url = f"/arenor/kalender/{token}.ics"
    assert [str(e["SUMMARY"]) for e in _parse(anonymous.get(url)).walk("VEVENT")] == [
        "Mitt seminarium"
    ]
    assert url in as_worker.get("/arenor/mina/").content.decode()
    as_worker.post("/arenor/mina/kalenderlank/", {"action": "rotate"})
    assert anonymous.get(url).status_code == 404
    new = CalendarToken.objects.get(user=cast.worker).token
    as_worker.post("/arenor/mina/kalenderlank/", {"action": "revoke"})
    assert anonymous.get(f"/arenor/kalender/{new}.ics").status_code == 404


def test_pages_with_events_link_their_feed(cast, as_worker, make_event, group):
    event = make_event()
    for url in (
        "/arenor/",
        f"/arenor/{event.pk}/",
        f"/arenor/grupper/{group.slug}/",
        "/arenor/manad/",
    ):
        assert '<link rel="alternate" type="text/calendar"' in as_worker.get(url).content.decode()


def test_reminders_go_out_the_day_before_once(cast, as_worker, make_event):
    from django.core import mail
    from django.utils import timezone

    from bryggan.arenas.tasks import send_reminders

    tomorrow = timezone.localtime() + timedelta(days=1)
    event = make_event(start=tomorrow.replace(hour=12, minute=0))
    later = make_event(start=tomorrow + timedelta(days=3))
    as_worker.post(f"/arenor/{event.pk}/anmalan/")
    as_worker.post(f"/arenor/{later.pk}/anmalan/")
    mail.outbox.clear()
    assert send_reminders.call() == 1
    assert send_reminders.call() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments


def test_the_reminder_task_is_scheduled(cast):
    from bryggan.core import schedule

    assert "arenas.send_reminders" in {job.name for job in schedule.jobs()}
