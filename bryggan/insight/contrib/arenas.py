"""What learning arenas contribute to Insight.

Sessions held, attendance, the units and people reached, and the actions decided in arenas. For a
partnership the arenas are its own events; for an organisation (with everything under it) they are
the events it organised and the events its staff were present at, counted by the affiliation a
person had on the day of the event.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
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
UNIT = Organisation.Kind.UNIT
CHUNK = 5000  # ids per IN list (SQLite allows a limited number of parameters)

Span = tuple[int | None, int | None]  # first and last day (ordinals) of an affiliation


@dataclass
class Facts:
    """The rows behind every arena figure of one scope over a window of time, loaded once.

    Rows are kept in parallel lists sorted by day (date ordinals), so that the rows of any period
    are one slice found by bisection: a dashboard asks for the period, the previous one, the same
    period a year earlier and every month, and none of these scans the rows again.
    """

    window: Period
    event_days: list[int]
    event_ids: list[int]
    event_kinds: list[str]
    present_days: list[int]
    present_people: list[int]
    present_events: list[int]
    action_days: list[int]
    action_ids: list[int]
    action_status: list[str]
    action_due: list[int | None]
    action_units: list[int | None]
    affiliations: dict[int, list[tuple[int, int | None, int | None]]]
    constant: dict[int, tuple[int, ...]] = field(default_factory=dict)
    on_day: dict[tuple[int, int], tuple[int, ...]] = field(default_factory=dict)

    def span(self, days: list[int], period: Period) -> tuple[int, int]:
        return (
            bisect_left(days, period.start.toordinal()),
            bisect_left(days, period.end.toordinal()),
        )

    def organisations(self, person: int, day: int) -> tuple[int, ...]:
        """The organisations a person was affiliated with on a day (memoised)."""
        if person in self.constant:
            return self.constant[person]
        key = (person, day)
        found = self.on_day.get(key)
        if found is None:
            found = tuple(
                sorted(
                    {
                        org
                        for org, start, end in self.affiliations.get(person, [])
                        if (start is None or start <= day) and (end is None or end >= day)
                    }
                )
            )
            self.on_day[key] = found
        return found


def _held() -> QuerySet[Event]:
    """Sessions that took place: not cancelled and already started."""
    return Event.objects.exclude(status=Event.Status.CANCELLED).filter(start__lt=timezone.now())


def _in_window(queryset: QuerySet, window: Period) -> QuerySet:
    return queryset.filter(start__gte=window.start_at, start__lt=window.end_at)


def _ordinal(moment: Any, tz: Any = None) -> int:
    return moment.astimezone(tz or timezone.get_current_timezone()).date().toordinal()


def _ord(day: date | None) -> int | None:
    return day.toordinal() if day else None


def _affiliations(
    persons: Iterable[int], organisations: frozenset[int] | None, window: Period
) -> tuple[dict[int, list[tuple[int, int | None, int | None]]], dict[int, tuple[int, ...]]]:
    """Affiliations per person, and the organisations of people whose affiliations do not change
    within the window (most people: they need no lookup per day)."""
    found: dict[int, list[tuple[int, int | None, int | None]]] = defaultdict(list)
    ids = sorted(set(persons))
    for chunk in range(0, len(ids), CHUNK):
        rows = Affiliation.objects.filter(person_id__in=ids[chunk : chunk + CHUNK])
        if organisations is not None:
            rows = rows.filter(organisation_id__in=organisations)
        for person_id, org_id, start, end in rows.values_list(
            "person_id", "organisation_id", "start", "end"
        ):
            found[person_id].append((org_id, _ord(start), _ord(end)))
    first, last = window.start.toordinal(), window.end.toordinal() - 1
    constant = {}
    for person, spans in found.items():
        if all(
            (start is None or start <= first or start > last)
            and (end is None or end >= last or end < first)
            for _org, start, end in spans
        ):
            constant[person] = tuple(
                sorted(
                    {
                        org
                        for org, start, end in spans
                        if (start is None or start <= first) and (end is None or end >= first)
                    }
                )
            )
    return found, constant


def _load(scope: Scope, window: Period) -> Facts:
    held = _in_window(_held(), window)
    tz = timezone.get_current_timezone()
    events: dict[int, tuple[int, str]] = {}
    present: list[tuple[int, int, int]] = []
    actions: list[tuple[int, int, str, int | None, int | None]]
    if scope.kind == "partnership":
        events_qs = held.filter(partnership=scope.obj)
        for pk, start, kind in events_qs.values_list("pk", "start", "kind"):
            events[pk] = (_ordinal(start, tz), kind)
        marks = Attendance.objects.filter(status=Attendance.Status.PRESENT, event__in=events_qs)
        for event_id, person_id in marks.values_list("event_id", "person_id"):
            present.append((events[event_id][0], person_id, event_id))
        affiliations, constant = _affiliations((p[1] for p in present), None, window)
        # The actions' sessions are among the events already loaded: no dates to convert again.
        actions = [
            (events[event_id][0], pk, status, _ord(due), unit)
            for pk, event_id, status, due, unit in Action.objects.filter(
                event__in=events_qs
            ).values_list("pk", "event_id", "status", "due", "unit_id")
        ]
    else:
        inside = scope.organisation_ids
        for pk, start, kind in (
            held.filter(organisations__in=inside).distinct().values_list("pk", "start", "kind")
        ):
            events[pk] = (_ordinal(start, tz), kind)
        marks = Attendance.objects.filter(
            status=Attendance.Status.PRESENT,
            event__in=held,
            person__affiliations__organisation_id__in=inside,
        ).distinct()
        rows = list(marks.values_list("event_id", "person_id", "event__start", "event__kind"))
        affiliations, constant = _affiliations((r[1] for r in rows), inside, window)
        probe = Facts(window, [], [], [], [], [], [], [], [], [], [], [], affiliations, constant)
        for event_id, person_id, start, kind in rows:
            day = _ordinal(start, tz)
            if probe.organisations(person_id, day):  # staff of the organisation on the day
                present.append((day, person_id, event_id))
                events.setdefault(event_id, (day, kind))
        actions = [
            (_ordinal(start, tz), pk, status, _ord(due), unit)
            for pk, start, status, due, unit in Action.objects.filter(event__in=held)
            .filter(Q(unit_id__in=inside) | Q(event__organisations__in=inside))
            .distinct()
            .values_list("pk", "event__start", "status", "due", "unit_id")
        ]
    ordered_events = sorted((day, pk, kind) for pk, (day, kind) in events.items())
    present.sort(key=itemgetter(0))
    actions.sort(key=itemgetter(0, 1))
    return Facts(
        window=window,
        event_days=[e[0] for e in ordered_events],
        event_ids=[e[1] for e in ordered_events],
        event_kinds=[e[2] for e in ordered_events],
        present_days=[p[0] for p in present],
        present_people=[p[1] for p in present],
        present_events=[p[2] for p in present],
        action_days=[a[0] for a in actions],
        action_ids=[a[1] for a in actions],
        action_status=[a[2] for a in actions],
        action_due=[a[3] for a in actions],
        action_units=[a[4] for a in actions],
        affiliations=affiliations,
        constant=constant,
    )


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
        f = facts(scope, periods)
        result = []
        for p in periods:
            lo, hi = f.span(f.event_days, p)
            if kinds is None:
                result.append(hi - lo)
            else:
                result.append(sum(1 for kind in f.event_kinds[lo:hi] if kind in kinds))
        return result

    return series


def _attendance(scope: Scope, periods: list[Period]) -> list[int]:
    f = facts(scope, periods)
    return [hi - lo for lo, hi in (f.span(f.present_days, p) for p in periods)]


def _people(scope: Scope, periods: list[Period]) -> list[int]:
    f = facts(scope, periods)
    return [
        len(set(f.present_people[lo:hi])) for lo, hi in (f.span(f.present_days, p) for p in periods)
    ]


def _present_organisations(f: Facts, period: Period) -> list[tuple[int, tuple[int, ...]]]:
    """(person, organisations) of the people present in the period: once for people whose
    affiliations did not change during it, once per day present for the others."""
    lo, hi = f.span(f.present_days, period)
    constant = f.constant
    result = [(p, constant[p]) for p in set(f.present_people[lo:hi]) if p in constant]
    seen: set[tuple[int, int]] = set()
    for person, day in zip(f.present_people[lo:hi], f.present_days[lo:hi], strict=True):
        if person not in constant and (person, day) not in seen:
            seen.add((person, day))
            result.append((person, f.organisations(person, day)))
    return result


def _unit_set(scope: Scope, f: Facts, period: Period) -> set[int]:
    nodes = scope.tree.nodes
    units: set[int] = set()
    seen: set[tuple[int, ...]] = set()
    for _person, orgs in _present_organisations(f, period):
        if orgs in seen:
            continue
        seen.add(orgs)
        units.update(o for o in orgs if o in nodes and nodes[o].kind == UNIT)
    return units


def _units(scope: Scope, periods: list[Period]) -> list[int]:
    f = facts(scope, periods)
    return [len(_unit_set(scope, f, p)) for p in periods]


Condition = Callable[[str, int | None, int], bool]


def _actions(condition: Condition):
    def series(scope: Scope, periods: list[Period]) -> list[int]:
        f = facts(scope, periods)
        today = timezone.localdate().toordinal()
        result = []
        for p in periods:
            lo, hi = f.span(f.action_days, p)
            result.append(
                sum(
                    1
                    for i in range(lo, hi)
                    if condition(f.action_status[i], f.action_due[i], today)
                )
            )
        return result

    return series


def _single(series):
    return lambda scope, period: series(scope, [period])[0]


def _any(status: str, due: int | None, today: int) -> bool:
    return True


def _done(status: str, due: int | None, today: int) -> bool:
    return status == Action.Status.DONE


def _overdue(status: str, due: int | None, today: int) -> bool:
    return status not in CLOSED and due is not None and due < today


# ---- how a figure splits over organisations (the parties of a report) --------------------------


def _sessions_by_organisation(scope: Scope, period: Period) -> list[tuple[Any, int | None]]:
    f = facts(scope, [period])
    lo, hi = f.span(f.event_days, period)
    ids = f.event_ids[lo:hi]
    organisers = Event.organisations.through.objects.filter(event_id__in=ids).values_list(
        "event_id", "organisation_id"
    )
    return list(organisers) if ids else []


def _attendance_by_organisation(scope: Scope, period: Period) -> list[tuple[Any, int | None]]:
    f = facts(scope, [period])
    lo, hi = f.span(f.present_days, period)
    pairs: list[tuple[Any, int | None]] = []
    for i in range(lo, hi):
        mark = (f.present_events[i], f.present_people[i])
        orgs = f.organisations(f.present_people[i], f.present_days[i])
        pairs.extend((mark, org) for org in orgs)
    return pairs


def _people_by_organisation(scope: Scope, period: Period) -> list[tuple[Any, int | None]]:
    return [
        (person, org)
        for person, orgs in _present_organisations(facts(scope, [period]), period)
        for org in orgs
    ]


def _units_by_organisation(scope: Scope, period: Period) -> list[tuple[Any, int | None]]:
    return [(unit, unit) for unit in _unit_set(scope, facts(scope, [period]), period)]


def _actions_by_organisation(condition: Condition):
    def pairs(scope: Scope, period: Period) -> list[tuple[Any, int | None]]:
        f = facts(scope, [period])
        today = timezone.localdate().toordinal()
        lo, hi = f.span(f.action_days, period)
        return [
            (f.action_ids[i], f.action_units[i])
            for i in range(lo, hi)
            if condition(f.action_status[i], f.action_due[i], today)
        ]

    return pairs


# ---- records behind the figures ---------------------------------------------------------------


def _event_ids(scope: Scope, period: Period, kinds: frozenset[str] | None = None) -> list[int]:
    f = facts(scope, [period])
    lo, hi = f.span(f.event_days, period)
    return [f.event_ids[i] for i in range(lo, hi) if kinds is None or f.event_kinds[i] in kinds]


def _session_records(kinds: frozenset[str] | None):
    def records(scope: Scope, period: Period, user: Any) -> QuerySet:
        return (
            Event.objects.filter(pk__in=_event_ids(scope, period, kinds))
            .visible_to(user)
            .order_by("start", "pk")
        )

    return records


def _attended_records(scope: Scope, period: Period, user: Any) -> QuerySet:
    f = facts(scope, [period])
    lo, hi = f.span(f.present_days, period)
    ids = set(f.present_events[lo:hi])
    return Event.objects.filter(pk__in=ids).visible_to(user).order_by("start", "pk")


def _people_records(scope: Scope, period: Period, user: Any) -> QuerySet:
    f = facts(scope, [period])
    lo, hi = f.span(f.present_days, period)
    return Person.objects.filter(pk__in=set(f.present_people[lo:hi])).visible_to(user)


def _unit_records(scope: Scope, period: Period, user: Any) -> QuerySet:
    return Organisation.objects.filter(pk__in=_unit_set(scope, facts(scope, [period]), period))


def _action_records(condition: Condition):
    def records(scope: Scope, period: Period, user: Any) -> QuerySet:
        f = facts(scope, [period])
        today = timezone.localdate().toordinal()
        lo, hi = f.span(f.action_days, period)
        ids = [
            f.action_ids[i]
            for i in range(lo, hi)
            if condition(f.action_status[i], f.action_due[i], today)
        ]
        return (
            Action.objects.filter(pk__in=ids, event__in=Event.objects.visible_to(user))
            .select_related("event", "unit")
            .order_by("event__start", "pk")
        )

    return records


# ---- reach ------------------------------------------------------------------------------------


def _reach_pairs(scope: Scope, period: Period) -> list[tuple[int, int | None]]:
    pairs: list[tuple[int, int | None]] = []
    for person, orgs in _present_organisations(facts(scope, [period]), period):
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
            breakdown=_sessions_by_organisation if kinds is None else None,
        )
    register_figure(
        "arenas.attendance",
        label=_("Attendance (people present)"),
        group="arenas",
        unit="people",
        compute=_single(_attendance),
        series=_attendance,
        records=_attended_records,
        breakdown=_attendance_by_organisation,
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
        breakdown=_people_by_organisation,
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
        breakdown=_units_by_organisation,
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
            breakdown=_actions_by_organisation(condition),
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
