"""Calendar output (RFC 5545) for events, with Europe/Stockholm times and a VTIMEZONE."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as VEvent

from bryggan.arenas.models import Event

PRODID = "-//Bryggan//Learning arenas//SV"


def build_calendar(events: Iterable[Event], *, name: str, method: str | None = None) -> bytes:
    """Return an iCalendar document with one VEVENT per event."""
    tz = ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        item = VEvent()
        item.add("uid", event.ical_uid)
        item.add("dtstamp", event.updated_at.astimezone(UTC))
        item.add("last-modified", event.updated_at.astimezone(UTC))
        item.add("created", event.created_at.astimezone(UTC))
        item.add("sequence", event.sequence)
        item.add("dtstart", event.start.astimezone(tz))
        item.add("dtend", event.end.astimezone(tz))
        item.add("summary", event.title)
        if event.description:
            item.add("description", event.description)
        location = ", ".join(part for part in (event.place, event.online_url) if part)
        if location:
            item.add("location", location)
        item.add("url", f"{settings.SITE_URL}{event.get_absolute_url()}")
        item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
        item.add("categories", [event.get_kind_display()])
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()
