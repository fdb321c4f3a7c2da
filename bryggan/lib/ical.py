"""Calendar documents (RFC 5545) from plain data: one VEVENT per item, local times with a VTIMEZONE.

Knows nothing of Django models: callers turn their records into `CalendarItem`s. Every event gets
UID, DTSTAMP, SEQUENCE and STATUS; times carry TZID of the given zone; the icalendar library writes
CRLF line ends and folds long lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as VEvent


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    start: datetime
    end: datetime
    summary: str
    changed: datetime
    created: datetime
    sequence: int = 0
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    categories: list[str] = field(default_factory=list)


def build_calendar(
    items: Iterable[CalendarItem],
    *,
    name: str,
    prodid: str,
    timezone: str,
    method: str | None = None,
) -> bytes:
    """Return an iCalendar document with one VEVENT per item, times in `timezone`."""
    tz = ZoneInfo(timezone)
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone)
    for item in items:
        event = VEvent()
        event.add("uid", item.uid)
        event.add("dtstamp", item.changed.astimezone(UTC))
        event.add("last-modified", item.changed.astimezone(UTC))
        event.add("created", item.created.astimezone(UTC))
        event.add("sequence", item.sequence)
        event.add("dtstart", item.start.astimezone(tz))
        event.add("dtend", item.end.astimezone(tz))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.categories:
            event.add("categories", item.categories)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
