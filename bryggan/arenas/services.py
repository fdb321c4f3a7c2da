"""Writes for learning arenas: events, series, registrations, attendance, minutes and actions.

Every function validates first and writes inside one transaction, so a refused change leaves
nothing half-saved. Messages are translated; callers show them next to the form.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import nh3
from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import URLValidator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bryggan.arenas.ical import build_calendar
from bryggan.arenas.models import (
    MAX_EVENT_DAYS,
    MAX_SESSIONS,
    Action,
    Attendance,
    CalendarToken,
    Case,
    Event,
    Material,
    Membership,
    ReadingItem,
    Registration,
    Series,
    Takeaway,
)
from bryggan.cycle.services import link_add
from bryggan.library.models import Publication
from bryggan.people.models import Organisation, Person, User
from bryggan.people.services import unique_slug

# Changes to these fields are what calendar clients must pick up, so they raise SEQUENCE.
CALENDAR_FIELDS = ("title", "description", "start", "end", "place", "online_url", "status")
MINUTES_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "a", "blockquote"}


def sanitise_html(text: str) -> str:
    """Keep the harmless formatting of rich text and drop scripts, styles and event handlers."""
    return nh3.clean(
        text, tags=MINUTES_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"}
    )


def _check_event_times(start: datetime, end: datetime, deadline: datetime | None) -> None:
    errors: dict[str, str] = {}
    if end <= start:
        errors["end"] = _("The event must end after it starts.")
    elif end - start > timedelta(days=MAX_EVENT_DAYS):
        errors["end"] = _(
            "One event can last at most %(days)d days; make a series of sessions instead."
        ) % {"days": MAX_EVENT_DAYS}
    if deadline is not None and deadline > start:
        errors["registration_deadline"] = _(
            "The registration deadline must be before the event starts."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_save(
    *,
    event: Event | None = None,
    created_by: User | None = None,
    speakers: Iterable[Person] = (),
    organisations: Iterable[Organisation] = (),
    priority_areas: Iterable[Any] = (),
    topics: Iterable[Any] = (),
    **fields: Any,
) -> Event:
    """Create or change an event; changes people must see raise its calendar SEQUENCE."""
    creating = event is None
    if event is None:
        event = Event(created_by=created_by)
    else:
        event = Event.objects.select_for_update().get(pk=event.pk)
    before = {name: getattr(event, name) for name in CALENDAR_FIELDS}
    for name, value in fields.items():
        setattr(event, name, value)
    _check_event_times(event.start, event.end, event.registration_deadline)
    if not creating and event.capacity is not None and event.capacity < event.confirmed_count:
        raise ValidationError(
            {
                "capacity": _(
                    "The capacity cannot be lower than the %(count)d people already registered."
                )
                % {"count": event.confirmed_count}
            }
        )
    if creating:
        event.save()
    else:
        if any(getattr(event, name) != value for name, value in before.items()):
            event.sequence += 1
        event.save()
    event.speakers.set(speakers)
    event.organisations.set(organisations)
    event.priority_areas.set(priority_areas)
    event.topics.set(topics)
    if not creating:
        _promote_waiting(event)
    return event


@transaction.atomic
def event_cancel(*, event: Event) -> Event:
    """Cancel one session; registrants are told and calendars get STATUS:CANCELLED."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError(_("The event is already cancelled."))
    event.status = Event.Status.CANCELLED
    event.sequence += 1
    event.save(update_fields=["status", "sequence", "updated_at"])
    users = list(
        User.objects.filter(
            arena_registrations__event=event,
            arena_registrations__status__in=[
                Registration.Status.CONFIRMED,
                Registration.Status.WAITLISTED,
            ],
        )
    )
    transaction.on_commit(lambda: _send_many(users, event, "cancelled"))
    return event


def build_rule(*, frequency: str, count: int | None, until: date | None, custom: str = "") -> str:
    """Return an RRULE for a form's choice of frequency, number of sessions or last date."""
    if custom:
        return custom.strip().removeprefix("RRULE:")
    parts = {
        "weekly": "FREQ=WEEKLY",
        "biweekly": "FREQ=WEEKLY;INTERVAL=2",
        "monthly": "FREQ=MONTHLY",
    }[frequency]
    if count:
        parts += f";COUNT={count}"
    if until:
        parts += f";UNTIL={until:%Y%m%d}T235959"
    return parts


def session_starts(rule: str, first_start: datetime) -> list[datetime]:
    """Expand an RRULE into aware start times that keep their local wall-clock time across DST."""
    tz = ZoneInfo(settings.TIME_ZONE)
    local_first = timezone.localtime(first_start, tz).replace(tzinfo=None)
    try:
        expanded = rrulestr(rule, dtstart=local_first, ignoretz=True)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            {"rule": _("The recurrence rule is not valid: %(error)s") % {"error": error}}
        ) from error
    # The rule runs in local wall-clock time; each session gets the UTC offset of its own day.
    starts = [moment.replace(tzinfo=tz) for moment in itertools.islice(expanded, MAX_SESSIONS + 1)]
    if len(starts) > MAX_SESSIONS:
        raise ValidationError(
            {
                "rule": _(
                    "The rule would make more than %(max)d sessions. "
                    "Give a number of sessions or an "
                    "earlier last date."
                )
                % {"max": MAX_SESSIONS}
            }
        )
    if not starts:
        raise ValidationError({"rule": _("The rule makes no sessions.")})
    return starts


@transaction.atomic
def series_generate_sessions(
    *,
    series: Series,
    rule: str,
    first_start: datetime,
    duration: timedelta,
    created_by: User | None = None,
    **fields: Any,
) -> list[Event]:
    """Create one event per occurrence of a rule; each can later be moved or cancelled alone."""
    if duration <= timedelta(0):
        raise ValidationError({"duration": _("The event must end after it starts.")})
    starts = session_starts(rule, first_start)
    events = []
    for start in starts:
        event = Event(
            series=series,
            start=start,
            end=start + duration,
            created_by=created_by,
            visibility=series.visibility,
            partnership=series.partnership,
            **fields,
        )
        events.append(event)
    Event.objects.bulk_create(events)
    organisations = list(series.organisations.all())
    areas = list(series.priority_areas.all())
    topics = list(series.topics.all())
    for event in events:
        event.organisations.set(organisations)
        event.priority_areas.set(areas)
        event.topics.set(topics)
    return events


@transaction.atomic
def series_save(
    *,
    series: Series | None = None,
    organisations: Iterable[Organisation] = (),
    priority_areas: Iterable[Any] = (),
    topics: Iterable[Any] = (),
    **fields: Any,
) -> Series:
    creating = series is None
    series = series or Series()
    for name, value in fields.items():
        setattr(series, name, value)
    if creating:
        series.slug = unique_slug(Series, fields["title"])
    series.full_clean()
    series.save()
    series.organisations.set(organisations)
    series.priority_areas.set(priority_areas)
    series.topics.set(topics)
    return series


@transaction.atomic
def membership_add(
    *, series: Series, person: Person, role: str = Membership.Role.MEMBER
) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        series=series, person=person, defaults={"role": role}
    )
    return membership


@transaction.atomic
def membership_remove(*, series: Series, person: Person) -> None:
    Membership.objects.filter(series=series, person=person).delete()


@transaction.atomic
def reading_item_add(*, series: Series, **fields: Any) -> ReadingItem:
    item = ReadingItem(series=series, **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def case_add(*, series: Series, **fields: Any) -> Case:
    case = Case(series=series, **fields)
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def event_register(*, event: Event, user: User) -> Registration:
    """Give the user a place, or a place in the waiting list when the event is full."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    now = timezone.now()
    if event.is_cancelled:
        raise ValidationError(_("The event is cancelled; registration is closed."))
    if event.end < now or event.start <= now:
        raise ValidationError(_("The event has already taken place; registration is closed."))
    if event.registration_deadline is not None and now > event.registration_deadline:
        raise ValidationError(_("The registration deadline has passed."))
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.status != Registration.Status.CANCELLED:
        if registration.status == Registration.Status.WAITLISTED:
            raise ValidationError(_("You are already on the waiting list for this event."))
        raise ValidationError(_("You are already registered for this event."))
    full = event.capacity is not None and event.confirmed_count >= event.capacity
    status = Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED
    if registration is None:
        registration = Registration.objects.create(
            event=event, user=user, status=status, queued_at=now
        )
    else:
        registration.status, registration.queued_at = status, now
        registration.save(update_fields=["status", "queued_at"])
    if status == Registration.Status.CONFIRMED:
        event.confirmed_count += 1
        event.save(update_fields=["confirmed_count"])
    template = "waitlisted" if full else "confirmed"
    transaction.on_commit(lambda: _send_many([user], event, template))
    return registration


@transaction.atomic
def registration_cancel(*, event: Event, user: User) -> Registration | None:
    """Cancel the user's place (or waiting-list place) and move the first in the waiting list up."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    registration = (
        Registration.objects.filter(event=event, user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is None:
        raise ValidationError(_("You are not registered for this event."))
    if event.start <= timezone.now():
        raise ValidationError(
            _("The event has already started; the registration can no longer be cancelled.")
        )
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    if was_confirmed:
        event.confirmed_count -= 1
        event.save(update_fields=["confirmed_count"])
        _promote_waiting(event)
    return registration


def _promote_waiting(event: Event) -> list[Registration]:
    """Move people from the waiting list into free places, first come first served (locked)."""
    if event.is_cancelled or event.start <= timezone.now():
        return []
    free = None if event.capacity is None else event.capacity - event.confirmed_count
    waiting = Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED
    ).select_related("user")
    promoted = list(waiting if free is None else waiting[: max(free, 0)])
    if not promoted:
        return []
    Registration.objects.filter(pk__in=[r.pk for r in promoted]).update(
        status=Registration.Status.CONFIRMED
    )
    event.confirmed_count += len(promoted)
    event.save(update_fields=["confirmed_count"])
    users = [r.user for r in promoted]
    transaction.on_commit(lambda: _send_many(users, event, "promoted"))
    return promoted


def attendance_candidates(event: Event) -> list[Person]:
    """People whose attendance the organiser can mark: registered people and the group's members."""
    registered = Person.objects.filter(
        user__arena_registrations__event=event,
        user__arena_registrations__status=Registration.Status.CONFIRMED,
    )
    members = (
        Person.objects.filter(arena_memberships__series_id=event.series_id)
        if event.series_id
        else Person.objects.none()
    )
    marked = Person.objects.filter(arena_attendance__event=event)
    return list((registered | members | marked).distinct().order_by("family_name", "given_name"))


@transaction.atomic
def attendance_mark(*, event: Event, marks: dict[int, str]) -> int:
    """Record present, absent or excused for each person id in `marks`; blank clears a mark."""
    allowed = {p.pk for p in attendance_candidates(event)}
    valid = set(Attendance.Status.values)
    for person_id, status in marks.items():
        if person_id not in allowed:
            raise ValidationError(
                _("Attendance can only be marked for registered people and group members.")
            )
        if status and status not in valid:
            raise ValidationError(_("Unknown attendance status."))
    changed = 0
    for person_id, status in marks.items():
        if status:
            Attendance.objects.update_or_create(
                event=event, person_id=person_id, defaults={"status": status}
            )
        else:
            Attendance.objects.filter(event=event, person_id=person_id).delete()
        changed += 1
    return changed


@transaction.atomic
def minutes_save(*, event: Event, minutes: str, decisions: str) -> Event:
    """Store the minutes as sanitised rich text and the decisions, one per line."""
    event.minutes = sanitise_html(minutes)
    event.decisions = decisions.strip()
    event.save(update_fields=["minutes", "decisions", "updated_at"])
    return event


@transaction.atomic
def takeaway_add(*, event: Event, author: Person | None, text: str) -> Takeaway:
    if not text.strip():
        raise ValidationError({"text": _("Write what you or the group take away.")})
    return Takeaway.objects.create(event=event, author=author, text=text.strip())


@transaction.atomic
def action_add(*, event: Event, **fields: Any) -> Action:
    action = Action(event=event, **fields)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_update(*, action: Action, status: str, note: str) -> Action:
    action.status, action.note = status, note
    action.full_clean()
    action.save(update_fields=["status", "note", "updated_at"])
    return action


@transaction.atomic
def material_add(
    *,
    event: Event,
    title: str = "",
    file: Any = None,
    url: str = "",
    publication: Publication | None = None,
    user: User | None = None,
) -> Material:
    """Add a file, a link or a library publication; a publication is also linked in the cycle."""
    sources = [source for source in (file, url, publication) if source]
    if not sources:
        raise ValidationError({"url": _("Upload a file, give a link or choose a publication.")})
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as error:
            raise ValidationError({"url": error.messages}) from error
    if len(sources) > 1:
        raise ValidationError(
            {"url": _("Give one material at a time: a file, a link or a publication.")}
        )
    if publication is not None:
        if Material.objects.filter(event=event, publication=publication).exists():
            raise ValidationError(
                {"publication": _("This publication is already among the materials.")}
            )
        title = title.strip() or publication.full_title[:300]
    if not title.strip():
        raise ValidationError({"title": _("Give the material a title.")})
    material = Material(event=event, title=title.strip()[:300], url=url, publication=publication)
    if file:
        material.file.save(file.name, file, save=False)
    material.save()
    if publication is not None:
        # The publication page then shows the seminar in its knowledge-cycle links.
        link_add(a=event, b=publication, user=user)
    return material


@transaction.atomic
def calendar_token_rotate(*, user: User) -> CalendarToken:
    """Give the user a new secret feed URL; the old one stops working at once."""
    token, _created = CalendarToken.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token


@transaction.atomic
def calendar_token_revoke(*, user: User) -> None:
    CalendarToken.objects.filter(user=user).delete()


def open_actions_for(event: Event) -> list[Action]:
    """Open actions from earlier sessions of the series: they return to every agenda until done."""
    if event.series_id is None:
        return []
    return list(
        Action.objects.open()
        .filter(event__series_id=event.series_id, event__start__lt=event.start)
        .select_related("owner", "unit", "event")
        .order_by("due", "pk")
    )


def _send_many(users: Iterable[User], event: Event, template: str) -> None:
    for user in users:
        send_event_mail(user=user, event=event, template=template)


def send_event_mail(*, user: User, event: Event, template: str) -> None:
    """Send one e-mail about an event; most carry the event as an .ics file."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"event": event, "user": user, "site_url": settings.SITE_URL}
        subject = render_to_string(f"arenas/mail/{template}_subject.txt", context).strip()
        body = render_to_string(f"arenas/mail/{template}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[user.email])
    if template in ("confirmed", "promoted", "reminder", "cancelled"):
        message.attach(
            "event.ics",
            build_calendar([event], name=event.title, method="PUBLISH"),
            "text/calendar; charset=utf-8",
        )
    message.send(fail_silently=True)
