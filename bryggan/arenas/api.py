"""JSON API for learning arenas, with the same permission rules as the pages."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from bryggan.api.auth import WRITE
from bryggan.arenas import services
from bryggan.arenas.models import Audience, Event, Registration, Series
from bryggan.arenas.views import can_manage_event, can_manage_series, current_user
from bryggan.core import access
from bryggan.governance.models import Partnership
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


def _error(error: ValidationError) -> HttpError:
    if hasattr(error, "error_dict"):
        return HttpError(422, "; ".join(m for msgs in error.message_dict.values() for m in msgs))
    return HttpError(422, "; ".join(error.messages))


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
        raise HttpError(422, _("An event for members of a group must belong to a series or group."))
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
