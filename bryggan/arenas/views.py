"""Pages of the learning arenas: lists, events, groups, registration, follow-up, feeds."""

from __future__ import annotations

import calendar
import json
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bryggan.arenas import services
from bryggan.arenas.forms import (
    ATTENDANCE_CHOICES,
    ActionForm,
    ActionStatusForm,
    CaseForm,
    EventFilterForm,
    EventForm,
    MaterialForm,
    MembershipForm,
    MinutesForm,
    ReadingItemForm,
    SeriesForm,
    SessionsForm,
    TakeawayForm,
)
from bryggan.arenas.ical import build_calendar
from bryggan.arenas.models import (
    Action,
    Attendance,
    CalendarToken,
    Event,
    Material,
    Membership,
    Registration,
    Series,
)
from bryggan.core import access
from bryggan.core.cache import public_page
from bryggan.core.forms import apply_validation_error
from bryggan.library.models import Authorship, Publication
from bryggan.people.models import Affiliation, Person, User

PAGE_SIZE = 30


def current_user(request: HttpRequest) -> User:
    """Return the logged-in user of a view that requires login."""
    return cast(User, request.user)


# ---- access helpers -------------------------------------------------------------------------


def can_manage_event(user: Any, event: Event) -> bool:
    """Coordinators, the event's creator and facilitators of its series organise an event."""
    if not user.is_authenticated:
        return False
    if access.is_coordinator(user):
        return True
    if event.created_by_id == user.pk:
        return True
    if event.series_id is None:
        return False
    return Membership.objects.filter(
        series_id=event.series_id, person__user=user, role=Membership.Role.FACILITATOR
    ).exists()


def can_manage_series(user: Any, series: Series) -> bool:
    if not user.is_authenticated:
        return False
    if access.is_coordinator(user):
        return True
    return series.memberships.filter(person__user=user, role=Membership.Role.FACILITATOR).exists()


def event_for_user(request: HttpRequest, pk: int) -> Event:
    """Fetch an event the user may see, or raise 404."""
    event = get_object_or_404(Event.objects.select_related("series", "partnership"), pk=pk)
    if can_manage_event(request.user, event):
        return event
    access.check_view(request, event)
    return event


def event_for_organiser(request: HttpRequest, pk: int) -> Event:
    """Fetch an event the user organises, or raise 404/403."""
    event = get_object_or_404(Event.objects.select_related("series"), pk=pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    return event


def is_participant(user: Any, event: Event) -> bool:
    """Organisers, people registered for the event and members of its group write its log."""
    if not user.is_authenticated:
        return False
    if can_manage_event(user, event):
        return True
    if Registration.objects.filter(
        event=event, user=user, status=Registration.Status.CONFIRMED
    ).exists():
        return True
    if event.series_id is None:
        return False
    return Membership.objects.filter(series_id=event.series_id, person__user=user).exists()


def event_for_participant(request: HttpRequest, pk: int) -> tuple[Event, Person | None]:
    """Fetch an event whose learning log the user may write in (organisers, registered, members)."""
    event = event_for_user(request, pk)
    if not is_participant(request.user, event):
        raise PermissionDenied
    return event, Person.objects.filter(user=current_user(request)).first()


def series_for_user(request: HttpRequest, slug: str) -> Series:
    series = get_object_or_404(Series.objects.select_related("partnership"), slug=slug)
    if can_manage_series(request.user, series):
        return series
    access.check_view(request, series)
    return series


def series_for_organiser(request: HttpRequest, slug: str) -> Series:
    series = get_object_or_404(Series, slug=slug)
    if not can_manage_series(request.user, series):
        raise PermissionDenied
    return series


# ---- lists ----------------------------------------------------------------------------------


def _listing(
    request: HttpRequest, events: QuerySet[Event]
) -> tuple[EventFilterForm, QuerySet[Event]]:
    form = EventFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if data["organisation"]:
            events = events.filter(organisations=data["organisation"])
        if data["area"]:
            events = events.filter(priority_areas=data["area"])
        if data["topic"]:
            events = events.filter(topics=data["topic"])
    events = events.select_related("series").prefetch_related("organisations")
    return form, events


def _page(request: HttpRequest, events: QuerySet[Event]) -> tuple[Any, str]:
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@public_page
@require_GET
def upcoming(request: HttpRequest) -> HttpResponse:
    form, events = _listing(request, Event.objects.visible_to(request.user).upcoming())
    page, query = _page(request, events)
    return render(
        request,
        "arenas/event_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "past": False,
            "feed_url": reverse("arenas:public_feed"),
        },
    )


@public_page
@require_GET
def past(request: HttpRequest) -> HttpResponse:
    form, events = _listing(request, Event.objects.visible_to(request.user).past())
    page, query = _page(request, events)
    return render(
        request,
        "arenas/event_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "past": True,
            "feed_url": reverse("arenas:public_feed"),
        },
    )


@public_page
@require_GET
def month(request: HttpRequest, year: int | None = None, month: int | None = None) -> HttpResponse:
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise Http404
    tz = timezone.get_current_timezone()
    first = date(year, month, 1)
    after = (first + timedelta(days=32)).replace(day=1)
    events = list(
        Event.objects.visible_to(request.user)
        .filter(
            start__gte=datetime.combine(first, time.min, tzinfo=tz),
            start__lt=datetime.combine(after, time.min, tzinfo=tz),
        )
        .order_by("start")
    )
    by_day: dict[int, list[Event]] = {}
    for event in events:
        by_day.setdefault(timezone.localtime(event.start).day, []).append(event)
    weeks = [
        [{"day": d, "events": by_day.get(d, [])} if d else None for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
    ]
    previous = (first - timedelta(days=1)).replace(day=1)
    return render(
        request,
        "arenas/month.html",
        {
            "first": first,
            "weeks": weeks,
            "previous": previous,
            "next": after,
            "events": events,
            "weekdays": [date(2024, 1, d) for d in range(1, 8)],
            "feed_url": reverse("arenas:public_feed"),
        },
    )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    registrations = (
        Registration.objects.filter(user=current_user(request))
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
        .order_by("event__start")
    )
    now = timezone.now()
    coming = [r for r in registrations if r.event.end >= now]
    history = (
        Attendance.objects.filter(person__user=current_user(request))
        .select_related("event", "event__series")
        .order_by("-event__start")
    )
    token = CalendarToken.objects.filter(user=current_user(request)).first()
    feed = (
        request.build_absolute_uri(reverse("arenas:personal_feed", args=[token.token]))
        if token
        else None
    )
    return render(
        request,
        "arenas/mine.html",
        {"coming": coming, "history": history, "feed": feed, "token": token},
    )


@login_required
@require_POST
def calendar_token(request: HttpRequest) -> HttpResponse:
    if request.POST.get("action") == "revoke":
        services.calendar_token_revoke(user=current_user(request))
        messages.success(request, _("Your calendar link was revoked; it no longer works."))
    else:
        services.calendar_token_rotate(user=current_user(request))
        messages.success(
            request, _("You have a new calendar link; any earlier link no longer works.")
        )
    return redirect("arenas:mine")


# ---- event pages ----------------------------------------------------------------------------


def _json_ld(event: Event, speakers: list[Person]) -> str:
    status = (
        "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled"
    )
    if event.place and event.online_url:
        mode = "https://schema.org/MixedEventAttendanceMode"
    elif event.online_url:
        mode = "https://schema.org/OnlineEventAttendanceMode"
    else:
        mode = "https://schema.org/OfflineEventAttendanceMode"
    locations: list[dict[str, Any]] = []
    if event.place:
        locations.append({"@type": "Place", "name": event.place, "address": event.place})
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "startDate": timezone.localtime(event.start).isoformat(),
        "endDate": timezone.localtime(event.end).isoformat(),
        "eventStatus": status,
        "eventAttendanceMode": mode,
        "url": f"{settings.SITE_URL}{event.get_absolute_url()}",
        "performer": [{"@type": "Person", "name": p.full_name} for p in speakers]
        + [{"@type": "Person", "name": name} for name in event.external_speaker_names],
        "organizer": [{"@type": "Organization", "name": o.name} for o in event.organisations.all()],
    }
    if locations:
        data["location"] = locations if len(locations) > 1 else locations[0]
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
    text = json.dumps(data, ensure_ascii=False)
    # Keep the JSON inert inside <script>: no "</script>" or HTML comment can break out.
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@public_page
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for_user(request, pk)
    speakers = list(event.speakers.all())
    registration = None
    person = None
    if request.user.is_authenticated:
        registration = Registration.objects.filter(event=event, user=current_user(request)).first()
        person = Person.objects.filter(user=current_user(request)).first()
    manage = can_manage_event(request.user, event)
    waiting_position = None
    if registration and registration.status == Registration.Status.WAITLISTED:
        waiting_position = Registration.objects.filter(
            event=event,
            status=Registration.Status.WAITLISTED,
            queued_at__lte=registration.queued_at,
        ).count()
    is_member = bool(
        person
        and event.series_id
        and Membership.objects.filter(series_id=event.series_id, person=person).exists()
    )
    participant = (
        manage
        or is_member
        or bool(registration and registration.status == Registration.Status.CONFIRMED)
    )
    context = {
        "event": event,
        "speakers": speakers,
        "registration": registration,
        "manage": manage,
        "waiting_position": waiting_position,
        "participant": participant,
        "materials": materials_for(event, request.user),
        "open_actions": services.open_actions_for(event),
        "actions": event.actions.select_related("owner", "unit"),
        "takeaways": event.takeaways.select_related("author"),
        "json_ld": _json_ld(event, speakers),
        "feed_url": reverse("arenas:event_feed", args=[event.pk]),
        "series_feed_url": reverse("arenas:series_feed", args=[event.series.slug])
        if event.series
        else None,
        "takeaway_form": TakeawayForm(),
        "action_form": ActionForm(),
        "material_form": MaterialForm(),
        "status_choices": Action.Status.choices,
    }
    if manage:
        context["waiting"] = Registration.objects.filter(
            event=event, status=Registration.Status.WAITLISTED
        ).select_related("user")
        context["registered"] = Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).select_related("user", "user__person")
    return render(request, "arenas/event_detail.html", context)


def _event_initial(event: Event) -> dict[str, Any]:
    initial = {
        name: getattr(event, name)
        for name in EventForm.base_fields
        if name not in ("speakers", "organisations", "priority_areas", "topics")
    }
    initial["start"] = timezone.localtime(event.start)
    initial["end"] = timezone.localtime(event.end)
    if event.registration_deadline:
        initial["registration_deadline"] = timezone.localtime(event.registration_deadline)
    initial["speakers"] = event.speakers.all()
    initial["organisations"] = event.organisations.all()
    initial["priority_areas"] = event.priority_areas.all()
    initial["topics"] = event.topics.all()
    return initial


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None, initial={"series": request.GET.get("series")})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_save(created_by=current_user(request), **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The event was created."))
            return redirect(event)
    return render(request, "arenas/event_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for_organiser(request, pk)
    form = EventForm(request.POST or None, initial=_event_initial(event))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_save(event=event, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The event was saved."))
            return redirect(event)
    return render(request, "arenas/event_form.html", {"form": form, "event": event})


@login_required
@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for_organiser(request, pk)
    try:
        services.event_cancel(event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event was cancelled. Registered people have been told."))
    return redirect(event)


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for_user(request, pk)
    try:
        registration = services.event_register(event=event, user=current_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(
                request, _("You are registered. A confirmation has been sent by e-mail.")
            )
        else:
            messages.success(
                request,
                _(
                    "The event is full: you are on the waiting list and will be told "
                    "if a place frees up."
                ),
            )
    return redirect(event)


@login_required
@require_POST
def unregister(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for_user(request, pk)
    try:
        services.registration_cancel(event=event, user=current_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration was cancelled."))
    return redirect(event)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for_organiser(request, pk)
    people = services.attendance_candidates(event)
    marks = dict(Attendance.objects.filter(event=event).values_list("person_id", "status"))
    if request.method == "POST":
        submitted = {p.pk: request.POST.get(f"person-{p.pk}", "") for p in people}
        try:
            services.attendance_mark(event=event, marks=submitted)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Attendance was saved."))
            return redirect("arenas:attendance", pk=event.pk)
        marks = submitted
    rows = [{"person": p, "status": marks.get(p.pk, "")} for p in people]
    return render(
        request,
        "arenas/attendance.html",
        {"event": event, "rows": rows, "choices": ATTENDANCE_CHOICES},
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for_organiser(request, pk)
    form = MinutesForm(
        request.POST or None, initial={"minutes": event.minutes, "decisions": event.decisions}
    )
    if request.method == "POST" and form.is_valid():
        services.minutes_save(event=event, **form.cleaned_data)
        messages.success(request, _("The minutes were saved."))
        return redirect(event)
    return render(request, "arenas/minutes_form.html", {"form": form, "event": event})


@login_required
@require_POST
def takeaway_add(request: HttpRequest, pk: int) -> HttpResponse:
    event, person = event_for_participant(request, pk)
    form = TakeawayForm(request.POST)
    if form.is_valid():
        services.takeaway_add(event=event, author=person, text=form.cleaned_data["text"])
        messages.success(request, _("The takeaway was added to the learning log."))
        return redirect(event)
    return render(
        request,
        "arenas/simple_form.html",
        {"form": form, "event": event, "heading": _("Add a takeaway")},
        status=400,
    )


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    event, _person = event_for_participant(request, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            services.action_add(event=event, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The action was added; it stays on the agenda until it is done.")
            )
            return redirect(event)
    return render(
        request,
        "arenas/simple_form.html",
        {"form": form, "event": event, "heading": _("Add an action")},
        status=400,
    )


@login_required
@require_POST
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("event", "owner"), pk=pk)
    event, _person = event_for_participant(request, action.event_id)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_update(action=action, **form.cleaned_data)
        messages.success(request, _("The action was updated."))
    else:
        messages.error(request, _("Choose a valid status."))
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(event)


def publication_search(user: Any, query: str, limit: int = 20) -> list[Publication]:
    """Published library publications the user may see whose title holds every word of `query`."""
    words = query.split()[:8]
    if not words:
        return []
    rows = Publication.objects.published().visible_to(user)
    for word in words:
        rows = rows.filter(Q(title__icontains=word) | Q(subtitle__icontains=word))
    return list(rows.prefetch_related(_authorships()).order_by("-year", "title")[:limit])


def _authorships() -> Prefetch:
    return Prefetch(
        "authorships", queryset=Authorship.objects.order_by("position"), to_attr="author_list"
    )


def materials_for(event: Event, user: Any) -> list[Material]:
    """The event's materials, with library publications only for those who may see them."""
    return list(
        event.materials.visible_to(user)
        .select_related("publication")
        .prefetch_related(
            Prefetch(
                "publication__authorships",
                queryset=Authorship.objects.order_by("position"),
                to_attr="author_list",
            )
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a file or link, or find a publication in the library by title and add it."""
    event = event_for_organiser(request, pk)
    query = request.GET.get("q", "").strip()[:200]
    form = MaterialForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.material_add(event=event, user=current_user(request), **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The material was added."))
                return redirect(event)
        status = 400
    return render(
        request,
        "arenas/material_form.html",
        {
            "form": form,
            "event": event,
            "q": query,
            "results": publication_search(request.user, query),
            "searched": bool(query),
        },
        status=status,
    )


# ---- series and discussion groups -----------------------------------------------------------


@public_page
@require_GET
def series_list(request: HttpRequest) -> HttpResponse:
    rows = Series.objects.visible_to(request.user).prefetch_related("organisations")
    return render(request, "arenas/series_list.html", {"rows": rows})


@login_required
@require_GET
def my_groups(request: HttpRequest) -> HttpResponse:
    memberships = Membership.objects.filter(person__user=current_user(request)).select_related(
        "series"
    )
    return render(request, "arenas/my_groups.html", {"memberships": memberships})


@public_page
@require_GET
def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    series = series_for_user(request, slug)
    memberships = list(series.memberships.select_related("person").order_by("person__family_name"))
    person_ids = [m.person_id for m in memberships]
    affiliations = (
        Affiliation.objects.current()
        .filter(person_id__in=person_ids)
        .select_related("organisation", "organisation__parent")
    )
    by_person: dict[int, list[Affiliation]] = {}
    organisations: dict[int, dict[str, Any]] = {}
    for a in affiliations:
        by_person.setdefault(a.person_id, []).append(a)
        entry = organisations.setdefault(
            a.organisation_id, {"org": a.organisation, "people": set()}
        )
        entry["people"].add(a.person_id)
    for m in memberships:
        m.current_affiliations = by_person.get(m.person_id, [])  # type: ignore[attr-defined]
    brought_together = sorted(
        ({"org": e["org"], "count": len(e["people"])} for e in organisations.values()),
        key=lambda e: (-e["count"], e["org"].name),
    )
    events = (
        Event.objects.filter(series=series).visible_to(request.user)
        if not can_manage_series(request.user, series)
        else Event.objects.filter(series=series)
    )
    events = events.select_related("series").prefetch_related("organisations")
    coming = list(events.upcoming()[:12])
    earlier = list(events.past()[:12])
    open_actions = (
        Action.objects.open()
        .filter(event__series=series)
        .select_related("owner", "unit", "event")
        .order_by("due")
    )
    manage = can_manage_series(request.user, series)
    return render(
        request,
        "arenas/series_detail.html",
        {
            "series": series,
            "memberships": memberships,
            "brought_together": brought_together,
            "units": [e for e in brought_together if e["org"].kind == "unit"],
            "coming": coming,
            "earlier": earlier,
            "open_actions": open_actions,
            "manage": manage,
            "reading_list": series.reading_list.all(),
            "cases": series.cases.select_related("brought_by"),
            "feed_url": reverse("arenas:series_feed", args=[series.slug]),
            "membership_form": MembershipForm() if manage else None,
            "reading_form": ReadingItemForm() if manage else None,
            "case_form": CaseForm() if manage or _is_member(request, series) else None,
            "status_choices": Action.Status.choices,
        },
    )


def _is_member(request: HttpRequest, series: Series) -> bool:
    return (
        request.user.is_authenticated
        and series.memberships.filter(person__user=current_user(request)).exists()
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def series_create(request: HttpRequest) -> HttpResponse:
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.series_save(**form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The series was created. Now add sessions and members."))
            return redirect(series)
    return render(request, "arenas/series_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def series_edit(request: HttpRequest, slug: str) -> HttpResponse:
    series = series_for_organiser(request, slug)
    initial = {
        name: getattr(series, name)
        for name in ("kind", "title", "description", "visibility", "partnership")
    }
    initial |= {
        "organisations": series.organisations.all(),
        "priority_areas": series.priority_areas.all(),
        "topics": series.topics.all(),
    }
    form = SeriesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.series_save(series=series, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The series was saved."))
            return redirect(series)
    return render(request, "arenas/series_form.html", {"form": form, "series": series})


@login_required
@require_http_methods(["GET", "POST"])
def sessions_generate(request: HttpRequest, slug: str) -> HttpResponse:
    series = series_for_organiser(request, slug)
    form = SessionsForm(request.POST or None, initial={"title": series.title})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rule = services.build_rule(
            frequency=data["frequency"],
            count=data["count"],
            until=data["until"],
            custom=data["rule"],
        )
        try:
            events = services.series_generate_sessions(
                series=series,
                rule=rule,
                first_start=data["first_start"],
                duration=timedelta(minutes=data["duration"]),
                created_by=current_user(request),
                kind=data["kind"],
                title=data["title"],
                place=data["place"],
                online_url=data["online_url"],
                capacity=data["capacity"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "rule" in error.error_dict and not data["rule"]:
                error = ValidationError({"count": error.error_dict["rule"]})
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("%(count)d sessions were created.") % {"count": len(events)}
            )
            return redirect(series)
    return render(request, "arenas/sessions_form.html", {"form": form, "series": series})


@login_required
@require_POST
def membership_add(request: HttpRequest, slug: str) -> HttpResponse:
    series = series_for_organiser(request, slug)
    form = MembershipForm(request.POST)
    if form.is_valid():
        services.membership_add(series=series, **form.cleaned_data)
        messages.success(request, _("The member was added."))
        return redirect(series)
    return render(
        request,
        "arenas/simple_form.html",
        {"form": form, "series": series, "heading": _("Add a member")},
        status=400,
    )


@login_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, person: str) -> HttpResponse:
    series = series_for_organiser(request, slug)
    services.membership_remove(series=series, person=get_object_or_404(Person, slug=person))
    messages.success(request, _("The member was removed."))
    return redirect(series)


@login_required
@require_POST
def reading_add(request: HttpRequest, slug: str) -> HttpResponse:
    series = series_for_organiser(request, slug)
    form = ReadingItemForm(request.POST)
    if form.is_valid():
        services.reading_item_add(series=series, **form.cleaned_data)
        messages.success(request, _("The text was added to the reading list."))
        return redirect(series)
    return render(
        request,
        "arenas/simple_form.html",
        {"form": form, "series": series, "heading": _("Add to the reading list")},
        status=400,
    )


@login_required
@require_POST
def case_add(request: HttpRequest, slug: str) -> HttpResponse:
    series = series_for_user(request, slug)
    if not (can_manage_series(request.user, series) or _is_member(request, series)):
        raise PermissionDenied
    form = CaseForm(request.POST)
    if form.is_valid():
        person = Person.objects.filter(user=current_user(request)).first()
        services.case_add(series=series, brought_by=person, **form.cleaned_data)
        messages.success(request, _("The case was added."))
        return redirect(series)
    return render(
        request,
        "arenas/simple_form.html",
        {"form": form, "series": series, "heading": _("Bring a case")},
        status=400,
    )


# ---- calendar feeds -------------------------------------------------------------------------


def _ics(events: Any, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(
        build_calendar(events, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public_page
@require_GET
def event_feed(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_for_user(request, pk)
    return _ics([event], event.title, f"event-{event.pk}.ics")


@public_page
@require_GET
def series_feed(request: HttpRequest, slug: str) -> HttpResponse:
    series = series_for_user(request, slug)
    events = Event.objects.filter(series=series)
    if not can_manage_series(request.user, series):
        events = events.visible_to(request.user)
    return _ics(events.order_by("start"), series.title, f"{series.slug}.ics")


@public_page
@require_GET
def public_feed(request: HttpRequest) -> HttpResponse:
    since = timezone.now() - timedelta(days=90)
    events = Event.objects.filter(visibility="public", end__gte=since).order_by("start")[:2000]
    return _ics(events, _("Bryggan: public events"), "bryggan.ics")


@require_GET
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    row = CalendarToken.objects.filter(token=token).select_related("user").first()
    if row is None:
        raise Http404
    events = Event.objects.filter(
        registrations__user=row.user, registrations__status=Registration.Status.CONFIRMED
    ).order_by("start")
    return _ics(events, _("Bryggan: my events"), "my-events.ics")
