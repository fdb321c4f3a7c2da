"""What learning arenas contribute to Insight.

Sessions held, attendance, the units and people reached, and the actions decided in arenas. For a
partnership the arenas are its own events; for an organisation (with everything under it) they are
the events it organised and the events its staff were present at, counted by the affiliation a
person had on the day of the event.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bryggan.arenas.models import Action, Attendance, Event, Series
from bryggan.insight.periods import Period
from bryggan.insight.registry import (
    register_figure,
    register_knowledge_kind,
    register_reach,
)
from bryggan.insight.scopes import Scope
from bryggan.people.models import Affiliation, Organisation, Person

K = Event.Kind
SEMINAR_KINDS = frozenset({K.RESEARCH_SEMINAR, K.LECTURE, K.WORKSHOP})
CLOSED = (Action.Status.DONE, Action.Status.DROPPED)


@dataclass
class Facts:
    """The rows behind every arena figure of one scope over a window of time (loaded once)."""

    window: Period
    events: dict[int, tuple[date, str]]  # event id → (day, kind)
    present: list[tuple[int, int, date, tuple[int, ...]]]  # event, person, day, organisations
    actions: list[tuple[int, date, str, date | None]]  # action, day of the event, status, due


def _held() -> QuerySet[Event]:
    """Sessions that took place: not cancelled and already started."""
    return Event.objects.exclude(status=Event.Status.CANCELLED).filter(start__lt=timezone.now())


def _in_window(queryset: QuerySet, window: Period, prefix: str = "") -> QuerySet:
    return queryset.filter(
        **{f"{prefix}start__gte": window.start_at, f"{prefix}start__lt": window.end_at}
    )


def _day(moment: Any) -> date:
    return timezone.localtime(moment).date()


def _affiliations(persons: QuerySet, organisations: frozenset[int] | None) -> dict[int, list]:
    rows = Affiliation.objects.filter(person_id__in=persons)
    if organisations is not None:
        rows = rows.filter(organisation_id__in=organisations)
    found: dict[int, list] = defaultdict(list)
    for person_id, org_id, start, end in rows.values_list(
        "person_id", "organisation_id", "start", "end"
    ):
        found[person_id].append((org_id, start, end))
    return found


def _at(affiliations: list, day: date) -> tuple[int, ...]:
    return tuple(
        sorted(
            {
                org
                for org, start, end in affiliations
                if (start is None or start <= day) and (end is None or end >= day)
            }
        )
    )


def _load(scope: Scope, window: Period) -> Facts:
    held = _in_window(_held(), window)
    if scope.kind == "partnership":
        events_qs = held.filter(partnership=scope.obj)
        events = {
            pk: (_day(start), kind)
            for pk, start, kind in events_qs.values_list("pk", "start", "kind")
        }
        marks = Attendance.objects.filter(status=Attendance.Status.PRESENT, event__in=events_qs)
        affiliations = _affiliations(marks.values("person_id"), None)
        present = []
        for event_id, person_id in marks.values_list("event_id", "person_id"):
            day = events[event_id][0]
            present.append((event_id, person_id, day, _at(affiliations.get(person_id, []), day)))
        action_rows = Action.objects.filter(event__in=events_qs)
    else:
        inside = scope.organisation_ids
        organised = held.filter(organisations__in=inside).distinct()
        events = {
            pk: (_day(start), kind)
            for pk, start, kind in organised.values_list("pk", "start", "kind")
        }
        marks = Attendance.objects.filter(
            status=Attendance.Status.PRESENT,
            event__in=held,
            person__affiliations__organisation_id__in=inside,
        ).distinct()
        affiliations = _affiliations(marks.values("person_id"), inside)
        present = []
        for event_id, person_id, start, kind in marks.values_list(
            "event_id", "person_id", "event__start", "event__kind"
        ):
            day = _day(start)
            orgs = _at(affiliations.get(person_id, []), day)
            if orgs:  # staff of the organisation on the day of the event
                present.append((event_id, person_id, day, orgs))
                events.setdefault(event_id, (day, kind))
        action_rows = Action.objects.filter(event__in=held).filter(
            Q(unit_id__in=inside) | Q(event__organisations__in=inside)
        )
    actions = [
        (pk, _day(start), status, due)
        for pk, start, status, due in action_rows.distinct().values_list(
            "pk", "event__start", "status", "due"
        )
    ]
    return Facts(window=window, events=events, present=present, actions=actions)


def facts(scope: Scope, periods: list[Period]) -> Facts:
    """The arena rows covering `periods`, loaded once per scope and reused by every figure."""
    window = Period(min(p.start for p in periods), max(p.end for p in periods))
    loaded: Facts | None = scope.cache.get("arenas.facts")
    if loaded and loaded.window.start <= window.start and window.end <= loaded.window.end:
        return loaded
    if loaded:
        window = Period(min(window.start, loaded.window.start), max(window.end, loaded.window.end))
    result = _load(scope, window)
    scope.cache["arenas.facts"] = result
    return result


# ---- the figures ------------------------------------------------------------------------------


def _sessions(kinds: frozenset[str] | None):
    def series(scope: Scope, periods: list[Period]) -> list[int]:
        rows = facts(scope, periods).events.values()
        return [
            sum(1 for day, kind in rows if p.contains(day) and (kinds is None or kind in kinds))
            for p in periods
        ]

    return series


def _attendance(scope: Scope, periods: list[Period]) -> list[int]:
    rows = facts(scope, periods).present
    return [sum(1 for _e, _p, day, _o in rows if p.contains(day)) for p in periods]


def _people(scope: Scope, periods: list[Period]) -> list[int]:
    rows = facts(scope, periods).present
    return [len({person for _e, person, day, _o in rows if p.contains(day)}) for p in periods]


def _units(scope: Scope, periods: list[Period]) -> list[int]:
    rows = facts(scope, periods).present
    nodes = scope.tree.nodes
    result = []
    for p in periods:
        units = {
            org
            for _e, _p, day, orgs in rows
            if p.contains(day)
            for org in orgs
            if org in nodes and nodes[org].kind == Organisation.Kind.UNIT
        }
        result.append(len(units))
    return result


def _actions(condition):
    def series(scope: Scope, periods: list[Period]) -> list[int]:
        rows = facts(scope, periods).actions
        today = timezone.localdate()
        return [
            sum(1 for row in rows if p.contains(row[1]) and condition(row, today)) for p in periods
        ]

    return series


def _single(series):
    return lambda scope, period: series(scope, [period])[0]


# ---- records behind the figures ---------------------------------------------------------------


def _event_ids(scope: Scope, period: Period, kinds: frozenset[str] | None = None) -> list[int]:
    return [
        pk
        for pk, (day, kind) in facts(scope, [period]).events.items()
        if period.contains(day) and (kinds is None or kind in kinds)
    ]


def _session_records(kinds: frozenset[str] | None):
    def records(scope: Scope, period: Period, user: Any) -> QuerySet:
        return (
            Event.objects.filter(pk__in=_event_ids(scope, period, kinds))
            .visible_to(user)
            .order_by("start", "pk")
        )

    return records


def _attended_records(scope: Scope, period: Period, user: Any) -> QuerySet:
    ids = {e for e, _p, day, _o in facts(scope, [period]).present if period.contains(day)}
    return Event.objects.filter(pk__in=ids).visible_to(user).order_by("start", "pk")


def _people_records(scope: Scope, period: Period, user: Any) -> QuerySet:
    ids = {p for _e, p, day, _o in facts(scope, [period]).present if period.contains(day)}
    return Person.objects.filter(pk__in=ids).visible_to(user)


def _unit_records(scope: Scope, period: Period, user: Any) -> QuerySet:
    ids = {
        org
        for _e, _p, day, orgs in facts(scope, [period]).present
        if period.contains(day)
        for org in orgs
    }
    return Organisation.objects.filter(pk__in=ids, kind=Organisation.Kind.UNIT)


def _action_records(condition):
    def records(scope: Scope, period: Period, user: Any) -> QuerySet:
        today = timezone.localdate()
        ids = [
            row[0]
            for row in facts(scope, [period]).actions
            if period.contains(row[1]) and condition(row, today)
        ]
        return (
            Action.objects.filter(pk__in=ids, event__in=Event.objects.visible_to(user))
            .select_related("event", "unit")
            .order_by("event__start", "pk")
        )

    return records


def _any(row: tuple, today: date) -> bool:
    return True


def _done(row: tuple, today: date) -> bool:
    return row[2] == Action.Status.DONE


def _overdue(row: tuple, today: date) -> bool:
    return row[2] not in CLOSED and row[3] is not None and row[3] < today


# ---- reach ------------------------------------------------------------------------------------


def _reach_pairs(scope: Scope, period: Period) -> list[tuple[int, int | None]]:
    pairs: list[tuple[int, int | None]] = []
    for _event, person, day, orgs in facts(scope, [period]).present:
        if not period.contains(day):
            continue
        if orgs:
            pairs.extend((person, org) for org in orgs)
        else:
            pairs.append((person, None))
    return pairs


# ---- kinds of knowledge -----------------------------------------------------------------------


def _events_in_scope(queryset: QuerySet, scope: Scope) -> QuerySet:
    if scope.kind == "partnership":
        return queryset.filter(partnership=scope.obj)
    return queryset.filter(organisations__in=scope.organisation_ids).distinct()


def _series_in_period(queryset: QuerySet, period: Period) -> QuerySet:
    return queryset.filter(
        events__start__gte=period.start_at, events__start__lt=period.end_at
    ).distinct()


def register() -> None:
    sessions = [
        (
            "arenas.sessions_held",
            _("Arena sessions held"),
            None,
            10,
            True,
            _(
                "Seminars, managers' meetings, discussion-group sessions, lectures and workshops "
                "that took place in the period (cancelled sessions are not counted)."
            ),
        ),
        (
            "arenas.seminars_held",
            _("Research seminars, lectures and workshops held"),
            SEMINAR_KINDS,
            11,
            False,
            _("Sessions of the kinds research seminar, lecture or webinar, and workshop."),
        ),
        (
            "arenas.managers_meetings_held",
            _("Managers' meetings held as a learning arena"),
            frozenset({K.MANAGERS_MEETING}),
            12,
            False,
            _("Managers' meetings registered as arenas for research."),
        ),
        (
            "arenas.group_sessions_held",
            _("Discussion-group sessions held"),
            frozenset({K.GROUP_SESSION}),
            13,
            False,
            _("Meetings of discussion groups (journal clubs)."),
        ),
    ]
    for key, label, kinds, order, chart, description in sessions:
        series = _sessions(kinds)
        register_figure(
            key,
            label=label,
            group="arenas",
            unit="count",
            compute=_single(series),
            series=series,
            records=_session_records(kinds),
            description=description,
            order=order,
            trend_chart=chart,
        )
    register_figure(
        "arenas.attendance",
        label=_("Attendance (people present)"),
        group="arenas",
        unit="people",
        compute=_single(_attendance),
        series=_attendance,
        records=_attended_records,
        description=_(
            "Marks of 'present' made by organisers: one person at one session counts once. "
            "For an organisation, only its own staff on the day of the session."
        ),
        order=20,
        trend_chart=True,
    )
    register_figure(
        "arenas.people_reached",
        label=_("People reached by arenas"),
        group="arenas",
        unit="people",
        compute=_single(_people),
        series=_people,
        records=_people_records,
        description=_("Different people present at least once in the period."),
        order=21,
    )
    register_figure(
        "arenas.units_reached",
        label=_("Units reached by arenas"),
        group="arenas",
        unit="organisations",
        compute=_single(_units),
        series=_units,
        records=_unit_records,
        description=_(
            "Different units whose staff were present at least once, by each person's "
            "affiliation on the day of the session."
        ),
        order=22,
    )
    conditions = [
        (
            "arenas.actions_decided",
            _("Actions decided in arenas"),
            _any,
            30,
            _("What arenas decided to try in practice, dated by the session that decided it."),
        ),
        (
            "arenas.actions_done",
            _("Actions carried out"),
            _done,
            31,
            _("Of the actions decided in the period, those marked as done."),
        ),
        (
            "arenas.actions_overdue",
            _("Actions past their due date and still open"),
            _overdue,
            32,
            _("Of the actions decided in the period, those still open after their due date."),
        ),
    ]
    for key, label, condition, order, description in conditions:
        series = _actions(condition)
        register_figure(
            key,
            label=label,
            group="arenas",
            unit="count",
            compute=_single(series),
            series=series,
            records=_action_records(condition),
            description=description,
            order=order,
        )
    register_reach(
        "arenas.present", label=_("People present at arenas"), pairs=_reach_pairs, order=10
    )
    register_knowledge_kind(
        "arenas.event",
        label=_("Seminars and sessions"),
        model=Event,
        queryset=lambda: Event.objects.exclude(status=Event.Status.CANCELLED),
        date_field="start",
        in_scope=_events_in_scope,
        order=40,
    )
    register_knowledge_kind(
        "arenas.series",
        label=_("Series and discussion groups"),
        model=Series,
        in_scope=_events_in_scope,
        in_period=_series_in_period,
        order=41,
    )


register()
