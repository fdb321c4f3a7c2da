"""Calendar feeds (RFC 5545) of a body's meetings and of one meeting."""

import pytest
from icalendar import Calendar

from bryggan.governance import services
from tests.governance.conftest import local

pytestmark = pytest.mark.django_db


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"\r\n" in response.content
    return Calendar.from_ical(response.content)


def test_a_meeting_feed_has_the_required_properties_in_stockholm_time(
    cast, anonymous, body, make_meeting
):
    meeting = make_meeting(body, start=local(2030, 3, 12, 9, 30), place="Stadshuset")
    cal = _parse(anonymous.get(f"/styrning/moten/{meeting.pk}/kalender.ics"))
    assert cal["VERSION"] == "2.0" and "Bryggan" in str(cal["PRODID"])
    [event] = cal.walk("VEVENT")
    for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "STATUS", "SUMMARY"):
        assert prop in event
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("DTSTART") == local(2030, 3, 12, 9, 30)
    assert "Stadshuset" in str(event["LOCATION"])
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Stockholm"]


def test_the_body_feed_lists_what_the_caller_may_see(
    cast, anonymous, as_worker, body, make_meeting
):
    make_meeting(body, title="Öppet möte", visibility="public")
    make_meeting(body, title="Slutet möte", visibility="restricted", days=3)
    url = f"/styrning/organ/{body.slug}/kalender.ics"
    assert [str(e["SUMMARY"]) for e in _parse(anonymous.get(url)).walk("VEVENT")] == ["Öppet möte"]
    assert sorted(str(e["SUMMARY"]) for e in _parse(as_worker.get(url)).walk("VEVENT")) == [
        "Slutet möte",
        "Öppet möte",
    ]


def test_moving_or_cancelling_a_meeting_raises_the_sequence_and_keeps_the_uid(
    cast, anonymous, body, make_meeting
):
    meeting = make_meeting(body, days=5)
    url = f"/styrning/moten/{meeting.pk}/kalender.ics"
    before = _parse(anonymous.get(url)).walk("VEVENT")[0]
    services.meeting_save(meeting=meeting, place="Nytt rum")
    services.meeting_cancel(meeting=meeting)
    after = _parse(anonymous.get(url)).walk("VEVENT")[0]
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 2
    assert str(after["STATUS"]) == "CANCELLED"


def test_body_and_meeting_pages_link_their_feeds(cast, anonymous, body, make_meeting):
    meeting = make_meeting(body)
    for url in (body.get_absolute_url(), meeting.get_absolute_url()):
        assert '<link rel="alternate" type="text/calendar"' in anonymous.get(url).content.decode()
