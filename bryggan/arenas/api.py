"""JSON API for learning arenas, with the same permission rules as the pages.

Every write goes through bryggan.arenas.services and every protected object through the access
rules the pages use (bryggan.arenas.views), so a caller can do here exactly what the pages allow.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from bryggan.api.auth import WRITE
from bryggan.api.errors import service_errors
from bryggan.arenas import services
from bryggan.arenas.models import (
    MAX_SESSIONS,
    Action,
    Attendance,
    Audience,
    CalendarToken,
    Event,
    Membership,
    Registration,
    Series,
    Takeaway,
)
from bryggan.arenas.views import (
    can_manage_event,
    can_manage_series,
    current_user,
    is_participant,
    materials_for,
)
from bryggan.core import access
from bryggan.governance.models import Partnership
from bryggan.library.models import Publication
from bryggan.people.models import Organisation, Person
from bryggan.taxonomy.models import PriorityArea, Topic

router = Router(tags=["learning arenas"])


class EventOut(Schema):
    id: int
    uid: str = Field(..., alias="ical_uid")
    kind: str
    title: str
    description: str
    start: datetime
    end: datetime
    place: str
    online_url: str
    audience: str = Field(..., alias="visibility")
    capacity: int | None
    places_left: int | None
    registration_deadline: datetime | None
    status: str
    sequence: int
    series: str | None = Field(None, alias="series.slug")
    url: str = Field(..., alias="get_absolute_url")
    organisations: list[str]
    priority_areas: list[str]
    topics: list[str]

    @staticmethod
    def resolve_organisations(obj: Event) -> list[str]:
        return [o.slug for o in obj.organisations.all()]

    @staticmethod
    def resolve_priority_areas(obj: Event) -> list[str]:
        return [a.slug for a in obj.priority_areas.all()]

    @staticmethod
    def resolve_topics(obj: Event) -> list[str]:
        return [t.slug for t in obj.topics.all()]


class EventIn(Schema):
    kind: Event.Kind
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    start: datetime
    end: datetime
    place: str = Field("", max_length=300)
    online_url: str = ""
    audience: Audience = Audience.INTERNAL
    capacity: int | None = Field(None, ge=1)
    registration_deadline: datetime | None = None
    series: str | None = None
    partnership: str | None = None
    organisations: list[str] = []
    priority_areas: list[str] = []
    topics: list[str] = []
    speakers: list[str] = []
    external_speakers: list[str] = []


class SeriesOut(Schema):
    slug: str
    kind: str
    title: str
    description: str
    audience: str = Field(..., alias="visibility")
    url: str = Field(..., alias="get_absolute_url")
    members: list[str]
    organisations: list[str]

    @staticmethod
    def resolve_members(obj: Series) -> list[str]:
        return [m.person.slug for m in obj.memberships.all()]

    @staticmethod
    def resolve_organisations(obj: Series) -> list[str]:
        return [o.slug for o in obj.organisations.all()]


class RegistrationOut(Schema):
    event: int = Field(..., alias="event_id")
    status: str
    queued_at: datetime


def _aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _error(error: ValidationError) -> Exception:
    """A service's refusal as a 422: per field like schema errors, else one translated message."""
    if not hasattr(error, "error_dict"):
        return HttpError(422, "; ".join(error.messages))
    return service_errors(error)


def _event_out(pk: int) -> Event:
    """An event read back from the database, as every response shows it (times in UTC)."""
    return (
        Event.objects.select_related("series")
        .prefetch_related("organisations", "priority_areas", "topics")
        .get(pk=pk)
    )


def _visible_event(request: HttpRequest, pk: int) -> Event:
    event = get_object_or_404(Event, pk=pk)
    if can_manage_event(request.user, event) or access.can_view(request.user, event):
        return event
    raise HttpError(404, _("Not found."))


@router.get("/events", response=list[EventOut])
@paginate
def event_list(
    request: HttpRequest,
    kind: str | None = None,
    organisation: str | None = None,
    area: str | None = None,
    topic: str | None = None,
    series: str | None = None,
    past: bool = False,
):
    """List the events the caller may see: upcoming first, or past ones with past=true."""
    rows = Event.objects.visible_to(request.user)
    rows = rows.past() if past else rows.upcoming()
    if kind:
        rows = rows.filter(kind=kind)
    if organisation:
        rows = rows.filter(organisations__slug=organisation)
    if area:
        rows = rows.filter(priority_areas__slug=area)
    if topic:
        rows = rows.filter(topics__slug=topic)
    if series:
        rows = rows.filter(series__slug=series)
    return rows.select_related("series").prefetch_related(
        "organisations", "priority_areas", "topics"
    )


@router.get("/events/{pk}", response=EventOut)
def event_get(request: HttpRequest, pk: int):
    return _visible_event(request, pk)


@router.post("/events", response={201: EventOut}, auth=WRITE)
def event_create(request: HttpRequest, payload: EventIn):
    """Create an event (R&D coordinators and platform staff)."""
    if not access.is_coordinator(request.user):
        raise HttpError(403, _("Only R&D coordinators may create events."))
    data = payload.dict()
    fields = {
        "kind": data["kind"],
        "title": data["title"],
        "description": data["description"],
        "start": _aware(data["start"]),
        "end": _aware(data["end"]),
        "place": data["place"],
        "online_url": data["online_url"],
        "visibility": data["audience"],
        "capacity": data["capacity"],
        "registration_deadline": _aware(data["registration_deadline"])
        if data["registration_deadline"]
        else None,
        "external_speakers": "\n".join(data["external_speakers"]),
        "series": get_object_or_404(Series, slug=data["series"]) if data["series"] else None,
        "partnership": get_object_or_404(Partnership, slug=data["partnership"])
        if data["partnership"]
        else None,
    }
    if fields["visibility"] == Audience.RESTRICTED and fields["series"] is None:
        raise _error(
            ValidationError(
                {"series": _("An event for members of a group must belong to a series or group.")}
            )
        )
    try:
        event = services.event_save(
            created_by=current_user(request),
            organisations=Organisation.objects.filter(slug__in=data["organisations"]),
            priority_areas=PriorityArea.objects.filter(slug__in=data["priority_areas"]),
            topics=Topic.objects.filter(slug__in=data["topics"]),
            speakers=Person.objects.filter(slug__in=data["speakers"]),
            **fields,
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, event)


@router.post("/events/{pk}/cancel", response=EventOut, auth=WRITE)
def event_cancel(request: HttpRequest, pk: int):
    """Cancel an event (its organisers)."""
    event = _visible_event(request, pk)
    if not can_manage_event(request.user, event):
        raise HttpError(403, _("Only the organisers may cancel this event."))
    try:
        return services.event_cancel(event=event)
    except ValidationError as error:
        raise _error(error) from error


@router.get("/events/{pk}/registration", response=RegistrationOut, auth=WRITE)
def registration_get(request: HttpRequest, pk: int):
    """The caller's own registration for an event."""
    event = _visible_event(request, pk)
    return get_object_or_404(Registration, event=event, user=current_user(request))


@router.post("/events/{pk}/registration", response={201: RegistrationOut}, auth=WRITE)
def registration_create(request: HttpRequest, pk: int):
    """Register the caller; a full event puts them on the waiting list."""
    event = _visible_event(request, pk)
    try:
        return Status(201, services.event_register(event=event, user=current_user(request)))
    except ValidationError as error:
        raise _error(error) from error


@router.delete("/events/{pk}/registration", response=RegistrationOut, auth=WRITE)
def registration_delete(request: HttpRequest, pk: int):
    """Cancel the caller's registration; the first on the waiting list moves up."""
    event = _visible_event(request, pk)
    try:
        return services.registration_cancel(event=event, user=current_user(request))
    except ValidationError as error:
        raise _error(error) from error


def _series():
    return Series.objects.prefetch_related("memberships__person", "organisations")


@router.get("/series", response=list[SeriesOut])
@paginate
def series_list(request: HttpRequest, kind: str | None = None):
    """List the series and discussion groups the caller may see."""
    rows = _series().filter(pk__in=Series.objects.visible_to(request.user))
    if kind:
        rows = rows.filter(kind=kind)
    return rows


@router.get("/series/{slug}", response=SeriesOut)
def series_get(request: HttpRequest, slug: str):
    series = get_object_or_404(_series(), slug=slug)
    if can_manage_series(request.user, series) or access.can_view(request.user, series):
        return series
    raise HttpError(404, _("Not found."))


# ---- access -----------------------------------------------------------------------------------


def _organised_event(request: HttpRequest, pk: int) -> Event:
    """An event the caller organises: 404 when hidden, 403 when seen but not organised."""
    event = _visible_event(request, pk)
    if not can_manage_event(request.user, event):
        raise HttpError(403, _("Only the organisers of this event may do this."))
    return event


def _participant_event(request: HttpRequest, pk: int) -> Event:
    """An event whose learning log the caller writes in (organisers, registered, members)."""
    event = _visible_event(request, pk)
    if not is_participant(request.user, event):
        raise HttpError(
            403,
            _("Only organisers, registered people and members of the group write in the log."),
        )
    return event


def _visible_series(request: HttpRequest, slug: str) -> Series:
    series = get_object_or_404(Series, slug=slug)
    if can_manage_series(request.user, series) or access.can_view(request.user, series):
        return series
    raise HttpError(404, _("Not found."))


def _organised_series(request: HttpRequest, slug: str) -> Series:
    series = _visible_series(request, slug)
    if not can_manage_series(request.user, series):
        raise HttpError(403, _("Only coordinators and the group's facilitators may do this."))
    return series


def _field(name: str, message: str) -> Exception:
    return _error(ValidationError({name: message}))


def _check_url(name: str, value: str) -> None:
    if not value:
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as error:
        raise _field(name, error.messages[0]) from error


def _by_slug(model: Any, name: str, slugs: list[str], label: str) -> list[Any]:
    found = list(model.objects.filter(slug__in=slugs))
    missing = set(slugs) - {obj.slug for obj in found}
    if missing:
        raise _field(
            name,
            _("Unknown %(what)s: %(values)s.")
            % {"what": label, "values": ", ".join(sorted(missing))},
        )
    return found


def _one_by_slug(model: Any, name: str, slug: str | None, label: str) -> Any:
    return _by_slug(model, name, [slug], label)[0] if slug else None


# ---- moving one session -----------------------------------------------------------------------


class EventChange(Schema):
    """Fields to change; leave out what stays. Changes people must see raise SEQUENCE."""

    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    place: str | None = Field(None, max_length=300)
    online_url: str | None = None
    capacity: int | None = Field(None, ge=1)
    registration_deadline: datetime | None = None


@router.patch("/events/{pk}", response=EventOut, auth=WRITE)
def event_change(request: HttpRequest, pk: int, payload: EventChange):
    """Move or change one session without touching the others of its series (its organisers)."""
    event = _organised_event(request, pk)
    fields = payload.dict(exclude_unset=True)
    for name in ("title", "description", "place", "online_url"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    _check_url("online_url", fields.get("online_url") or "")
    for name in ("start", "end", "registration_deadline"):
        if fields.get(name) is not None:
            fields[name] = _aware(fields[name])
    if fields.get("start") is None:
        fields.pop("start", None)
    if fields.get("end") is None:
        fields.pop("end", None)
    try:
        services.event_save(
            event=event,
            speakers=list(event.speakers.all()),
            organisations=list(event.organisations.all()),
            priority_areas=list(event.priority_areas.all()),
            topics=list(event.topics.all()),
            **fields,
        )
    except ValidationError as error:
        raise _error(error) from error
    return _event_out(event.pk)


# ---- attendance -------------------------------------------------------------------------------


class AttendanceRowOut(Schema):
    person: str
    name: str
    status: str | None


class AttendanceMark(Schema):
    person: str
    status: Attendance.Status | None = None


class AttendanceIn(Schema):
    marks: list[AttendanceMark]


class AttendanceHistoryOut(Schema):
    event: int = Field(..., alias="event_id")
    title: str = Field(..., alias="event.title")
    start: datetime = Field(..., alias="event.start")
    series: str | None = Field(None, alias="event.series.slug")
    status: str


def _attendance_rows(event: Event) -> list[dict[str, Any]]:
    marks = dict(Attendance.objects.filter(event=event).values_list("person_id", "status"))
    return [
        {"person": p.slug, "name": p.full_name, "status": marks.get(p.pk)}
        for p in services.attendance_candidates(event)
    ]


@router.get("/events/{pk}/attendance", response=list[AttendanceRowOut], auth=WRITE)
def attendance_get(request: HttpRequest, pk: int):
    """Registered people and group members with their attendance (the event's organisers)."""
    return _attendance_rows(_organised_event(request, pk))


@router.put("/events/{pk}/attendance", response=list[AttendanceRowOut], auth=WRITE)
def attendance_put(request: HttpRequest, pk: int, payload: AttendanceIn):
    """Mark people present, absent or excused; a null status clears a mark (organisers)."""
    event = _organised_event(request, pk)
    slugs = [mark.person for mark in payload.marks]
    people = {p.slug: p.pk for p in _by_slug(Person, "marks", slugs, _("person"))}
    marks = {people[mark.person]: mark.status or "" for mark in payload.marks}
    try:
        services.attendance_mark(event=event, marks=marks)
    except ValidationError as error:
        raise _field("marks", " ".join(error.messages)) from error
    return _attendance_rows(event)


# ---- minutes and decisions --------------------------------------------------------------------


class MinutesOut(Schema):
    minutes: str
    decisions: list[str] = Field(..., alias="decision_list")


class MinutesIn(Schema):
    minutes: str = ""
    decisions: list[str] = []


@router.get("/events/{pk}/minutes", response=MinutesOut)
def minutes_get(request: HttpRequest, pk: int):
    """The minutes (sanitised HTML) and decisions of a session."""
    return _visible_event(request, pk)


@router.put("/events/{pk}/minutes", response=MinutesOut, auth=WRITE)
def minutes_put(request: HttpRequest, pk: int, payload: MinutesIn):
    """Write the minutes (sanitised like the page) and decisions, one per item (organisers)."""
    event = _organised_event(request, pk)
    decisions = "\n".join(" ".join(line.split()) for line in payload.decisions if line.strip())
    return services.minutes_save(event=event, minutes=payload.minutes, decisions=decisions)


# ---- learning log: takeaways and actions ------------------------------------------------------


class TakeawayOut(Schema):
    id: int
    text: str
    author: str | None = Field(None, alias="author.slug")
    author_name: str | None = Field(None, alias="author.full_name")
    created_at: datetime


class TakeawayIn(Schema):
    text: str = Field(..., min_length=1)


class ActionOut(Schema):
    id: int
    event: int = Field(..., alias="event_id")
    title: str
    owner: str | None = Field(None, alias="owner.slug")
    unit: str | None = Field(None, alias="unit.slug")
    due: date | None
    status: str
    note: str
    is_open: bool


class ActionIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    owner: str | None = None
    unit: str | None = None
    due: date | None = None


class ActionChange(Schema):
    status: Action.Status
    note: str | None = None


@router.get("/events/{pk}/takeaways", response=list[TakeawayOut])
def takeaway_list(request: HttpRequest, pk: int):
    """The learning log of a session: what participants and the group took away."""
    event = _visible_event(request, pk)
    return Takeaway.objects.filter(event=event).select_related("author")


@router.post("/events/{pk}/takeaways", response={201: TakeawayOut}, auth=WRITE)
def takeaway_create(request: HttpRequest, pk: int, payload: TakeawayIn):
    """Add a takeaway (organisers, registered people and members of the group)."""
    event = _participant_event(request, pk)
    author = Person.objects.filter(user=current_user(request)).first()
    try:
        return Status(201, services.takeaway_add(event=event, author=author, text=payload.text))
    except ValidationError as error:
        raise _error(error) from error


def _actions():
    return Action.objects.select_related("owner", "unit")


@router.get("/events/{pk}/actions", response=list[ActionOut])
def action_list(request: HttpRequest, pk: int):
    """What the session decided to try in practice."""
    event = _visible_event(request, pk)
    return _actions().filter(event=event)


@router.get("/events/{pk}/agenda", response=list[ActionOut])
def agenda(request: HttpRequest, pk: int):
    """Open actions from earlier sessions of the series: they return until they are done."""
    return services.open_actions_for(_visible_event(request, pk))


@router.post("/events/{pk}/actions", response={201: ActionOut}, auth=WRITE)
def action_create(request: HttpRequest, pk: int, payload: ActionIn):
    """Record what we will try in practice (organisers, registered people and members)."""
    event = _participant_event(request, pk)
    try:
        action = services.action_add(
            event=event,
            title=payload.title,
            owner=_one_by_slug(Person, "owner", payload.owner, _("person")),
            unit=_one_by_slug(Organisation, "unit", payload.unit, _("organisation")),
            due=payload.due,
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, action)


@router.patch("/arenas/actions/{pk}", response=ActionOut, auth=WRITE)
def action_change(request: HttpRequest, pk: int, payload: ActionChange):
    """Follow up an action: its status and note (participants of the session that decided it)."""
    action = get_object_or_404(_actions(), pk=pk)
    _participant_event(request, action.event_id)
    note = action.note if payload.note is None else payload.note
    try:
        return services.action_update(action=action, status=payload.status, note=note)
    except ValidationError as error:
        raise _error(error) from error


@router.get("/series/{slug}/actions", response=list[ActionOut])
@paginate
def series_actions(request: HttpRequest, slug: str, include_closed: bool = False):
    """Actions of a series or group: open ones, or all with include_closed=true."""
    series = _visible_series(request, slug)
    rows = _actions().filter(event__series=series)
    if not include_closed:
        rows = rows.open()
    return rows.order_by("due", "pk")


# ---- materials --------------------------------------------------------------------------------


class PublicationRef(Schema):
    id: int
    title: str = Field(..., alias="full_title")
    authors: list[str]
    year: int
    url: str = Field(..., alias="get_absolute_url")

    @staticmethod
    def resolve_authors(obj: Publication) -> list[str]:
        rows = getattr(obj, "author_list", None)
        if rows is None:
            rows = obj.authorships.order_by("position")
        return [a.name for a in rows]


class MaterialOut(Schema):
    id: int
    kind: str
    title: str
    url: str = Field(..., alias="href")
    publication: PublicationRef | None = None
    added_at: datetime


class MaterialIn(Schema):
    title: str = Field("", max_length=300)
    url: str = ""
    publication: int | None = None


@router.get("/events/{pk}/materials", response=list[MaterialOut])
def material_list(request: HttpRequest, pk: int):
    """Files, links and library publications; a publication only for those who may see it."""
    return materials_for(_visible_event(request, pk), request.user)


@router.post("/events/{pk}/materials", response={201: MaterialOut}, auth=WRITE)
def material_create(request: HttpRequest, pk: int, payload: MaterialIn):
    """Add a link or a library publication to an event (organisers)."""
    event = _organised_event(request, pk)
    publication = None
    if payload.publication is not None:
        publication = (
            Publication.objects.published()
            .visible_to(request.user)
            .filter(pk=payload.publication)
            .first()
        )
        if publication is None:
            raise _field("publication", _("There is no such publication in the library."))
    try:
        material = services.material_add(
            event=event,
            title=payload.title,
            url=payload.url.strip(),
            publication=publication,
            user=current_user(request),
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, material)


# ---- series, sessions and members -------------------------------------------------------------


class SeriesIn(Schema):
    kind: Series.Kind
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    audience: Audience = Audience.INTERNAL
    partnership: str | None = None
    organisations: list[str] = []
    priority_areas: list[str] = []
    topics: list[str] = []


class SessionsIn(Schema):
    kind: Event.Kind = Event.Kind.GROUP_SESSION
    title: str = Field("", max_length=200)
    first_start: datetime
    duration: int = Field(90, ge=5, le=24 * 60, description="Length in minutes.")
    frequency: Literal["weekly", "biweekly", "monthly"] | None = None
    count: int | None = Field(None, ge=1, description=f"At most {MAX_SESSIONS} sessions.")
    until: date | None = None
    rule: str = Field("", max_length=300, description="An RRULE; overrides the choices above.")
    place: str = Field("", max_length=300)
    online_url: str = ""
    capacity: int | None = Field(None, ge=1)


class MemberOut(Schema):
    person: str = Field(..., alias="person.slug")
    name: str = Field(..., alias="person.full_name")
    role: str
    joined: date


class MemberIn(Schema):
    person: str
    role: Membership.Role = Membership.Role.MEMBER


@router.post("/series", response={201: SeriesOut}, auth=WRITE)
def series_create(request: HttpRequest, payload: SeriesIn):
    """Create a series or discussion group (R&D coordinators and platform staff)."""
    if not access.is_coordinator(request.user):
        raise HttpError(403, _("Only R&D coordinators may create series and groups."))
    try:
        series = services.series_save(
            kind=payload.kind,
            title=payload.title.strip(),
            description=payload.description,
            visibility=payload.audience,
            partnership=_one_by_slug(
                Partnership, "partnership", payload.partnership, _("partnership")
            ),
            organisations=_by_slug(
                Organisation, "organisations", payload.organisations, _("organisation")
            ),
            priority_areas=_by_slug(
                PriorityArea, "priority_areas", payload.priority_areas, _("priority area")
            ),
            topics=_by_slug(Topic, "topics", payload.topics, _("topic")),
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, get_object_or_404(_series(), pk=series.pk))


@router.post("/series/{slug}/sessions", response={201: list[EventOut]}, auth=WRITE)
def sessions_create(request: HttpRequest, slug: str, payload: SessionsIn):
    """Generate sessions from a recurrence rule: frequency with count or until, or an RRULE."""
    series = _organised_series(request, slug)
    custom = payload.rule.strip()
    if not custom and payload.frequency is None:
        raise _field("frequency", _("This field is required."))
    if not custom and not payload.count and not payload.until:
        raise _field("count", _("Give a number of sessions or a last date."))
    _check_url("online_url", payload.online_url)
    rule = services.build_rule(
        frequency=payload.frequency or "weekly",
        count=payload.count,
        until=payload.until,
        custom=custom,
    )
    try:
        events = services.series_generate_sessions(
            series=series,
            rule=rule,
            first_start=_aware(payload.first_start),
            duration=timedelta(minutes=payload.duration),
            created_by=current_user(request),
            kind=payload.kind,
            title=payload.title.strip() or series.title,
            place=payload.place,
            online_url=payload.online_url,
            capacity=payload.capacity,
        )
    except ValidationError as error:
        # As on the page: a rule built from the choices is about the number of sessions.
        if hasattr(error, "error_dict") and "rule" in error.error_dict and not custom:
            error = ValidationError({"count": error.error_dict["rule"]})
        raise _error(error) from error
    rows = Event.objects.filter(pk__in=[e.pk for e in events]).select_related("series")
    return Status(201, list(rows.prefetch_related("organisations", "priority_areas", "topics")))


@router.get("/series/{slug}/members", response=list[MemberOut])
def member_list(request: HttpRequest, slug: str):
    """Members of a series or discussion group, with their role."""
    series = _visible_series(request, slug)
    return series.memberships.select_related("person")


@router.post("/series/{slug}/members", response={201: MemberOut}, auth=WRITE)
def member_add(request: HttpRequest, slug: str, payload: MemberIn):
    """Add a member or change their role (coordinators and the group's facilitators)."""
    series = _organised_series(request, slug)
    person = _one_by_slug(Person, "person", payload.person, _("person"))
    return Status(201, services.membership_add(series=series, person=person, role=payload.role))


@router.delete("/series/{slug}/members/{person}", response={204: None}, auth=WRITE)
def member_remove(request: HttpRequest, slug: str, person: str):
    """Remove a member (coordinators and the group's facilitators)."""
    series = _organised_series(request, slug)
    member = get_object_or_404(Membership, series=series, person__slug=person)
    services.membership_remove(series=series, person=member.person)
    return Status(204, None)


# ---- my events, groups, attendance and calendar link ------------------------------------------


class MyEventOut(Schema):
    status: str
    queued_at: datetime
    event: EventOut


class MyGroupOut(Schema):
    series: str = Field(..., alias="series.slug")
    title: str = Field(..., alias="series.title")
    kind: str = Field(..., alias="series.kind")
    role: str
    joined: date
    url: str

    @staticmethod
    def resolve_url(obj: Membership) -> str:
        return obj.series.get_absolute_url()


class CalendarLinkOut(Schema):
    feed_url: str
    created_at: datetime


@router.get("/arenas/my/events", response=list[MyEventOut], auth=WRITE)
@paginate
def my_events(request: HttpRequest, past: bool = False):
    """The caller's registrations and waiting-list places: coming ones, or past with past=true."""
    now = timezone.now()
    rows = (
        Registration.objects.filter(user=current_user(request))
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event", "event__series")
        .prefetch_related("event__organisations", "event__priority_areas", "event__topics")
    )
    if past:
        return rows.filter(event__end__lt=now).order_by("-event__start", "-pk")
    return rows.filter(event__end__gte=now).order_by("event__start", "pk")


@router.get("/arenas/my/attendance", response=list[AttendanceHistoryOut], auth=WRITE)
@paginate
def my_attendance(request: HttpRequest):
    """The caller's own attendance history, latest session first."""
    return (
        Attendance.objects.filter(person__user=current_user(request))
        .select_related("event", "event__series")
        .order_by("-event__start", "-pk")
    )


@router.get("/arenas/my/groups", response=list[MyGroupOut], auth=WRITE)
def my_groups(request: HttpRequest):
    """The series and discussion groups the caller belongs to."""
    return Membership.objects.filter(person__user=current_user(request)).select_related("series")


def _calendar_link(request: HttpRequest, token: CalendarToken) -> dict[str, Any]:
    url = reverse("arenas:personal_feed", args=[token.token])
    return {"feed_url": request.build_absolute_uri(url), "created_at": token.created_at}


@router.get("/arenas/my/calendar", response=CalendarLinkOut, auth=WRITE)
def calendar_link_get(request: HttpRequest):
    """The caller's secret calendar feed URL, if they have made one."""
    token = get_object_or_404(CalendarToken, user=current_user(request))
    return _calendar_link(request, token)


@router.post("/arenas/my/calendar", response={201: CalendarLinkOut}, auth=WRITE)
def calendar_link_create(request: HttpRequest):
    """Make a new secret calendar feed URL; an earlier one stops working at once."""
    token = services.calendar_token_rotate(user=current_user(request))
    return Status(201, _calendar_link(request, token))


@router.delete("/arenas/my/calendar", response={204: None}, auth=WRITE)
def calendar_link_revoke(request: HttpRequest):
    """Revoke the caller's calendar feed URL."""
    services.calendar_token_revoke(user=current_user(request))
    return Status(204, None)
