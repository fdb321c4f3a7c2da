"""Each figure equals a count made independently from the seeded data (through the JSON API)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Q
from django.utils import timezone

from bryggan.arenas.models import Action, Attendance, Event
from bryggan.monitoring.models import Record
from bryggan.people.models import Affiliation, Organisation, Role
from tests.conftest import client_for

SEMINARS = {Event.Kind.RESEARCH_SEMINAR, Event.Kind.LECTURE, Event.Kind.WORKSHOP}


def dashboard(client, path: str, year: int) -> dict:
    response = client.get(f"/api/v1/insight/dashboards/{path}?start={year}-01-01&end={year}-12-31")
    assert response.status_code == 200, response.content
    return response.json()


def values(data: dict, which: str = "current") -> dict:
    return {row["key"]: row[which]["value"] for row in data["figures"]}


# ---- independent counts ---------------------------------------------------------------------


def held_events(year: int, **filters):
    return (
        Event.objects.filter(start__year=year, start__lt=timezone.now(), **filters)
        .exclude(status=Event.Status.CANCELLED)
        .distinct()
    )


def present_marks(events):
    return Attendance.objects.filter(event__in=events, status=Attendance.Status.PRESENT)


def orgs_on(person_id: int, day: date) -> set[int]:
    return set(
        Affiliation.objects.current(day)
        .filter(person_id=person_id)
        .values_list("organisation_id", flat=True)
    )


def staff_marks(year: int, organisations: set[int]) -> list[Attendance]:
    """Present marks of people who on the day of the session belonged to `organisations`."""
    marks = present_marks(held_events(year)).select_related("event")
    return [
        m
        for m in marks
        if orgs_on(m.person_id, timezone.localtime(m.event.start).date()) & organisations
    ]


def subtree(org: Organisation) -> set[int]:
    found, todo = {org.pk}, [org.pk]
    while todo:
        children = list(
            Organisation.objects.filter(parent_id=todo.pop()).values_list("pk", flat=True)
        )
        found |= set(children)
        todo += children
    return found


def research_trained(
    practice: set[int], day: date, roles=(Role.RESEARCHER, Role.PHD_STUDENT)
) -> set[int]:
    current = Affiliation.objects.current(day)
    return {
        a.person_id
        for a in current.filter(organisation_id__in=practice)
        if current.filter(person_id=a.person_id, role__in=roles).exists()
    }


# ---- partnership ----------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(cast):
    return client_for(cast.coordinator)


def test_arena_figures_of_a_partnership_equal_independent_counts(world, coordinator_client):
    y = world.year
    got = values(dashboard(coordinator_client, "partnerships/testsamverkan", y))
    events = held_events(y, partnership=world.partnership)
    marks = present_marks(events).select_related("event")
    units = {
        org
        for m in marks
        for org in orgs_on(m.person_id, timezone.localtime(m.event.start).date())
        if Organisation.objects.get(pk=org).kind == Organisation.Kind.UNIT
    }
    actions = Action.objects.filter(event__in=events)
    today = timezone.localdate()
    expected = {
        "arenas.sessions_held": events.count(),
        "arenas.seminars_held": events.filter(kind__in=SEMINARS).count(),
        "arenas.managers_meetings_held": events.filter(kind=Event.Kind.MANAGERS_MEETING).count(),
        "arenas.group_sessions_held": events.filter(kind=Event.Kind.GROUP_SESSION).count(),
        "arenas.attendance": marks.count(),
        "arenas.people_reached": len({m.person_id for m in marks}),
        "arenas.units_reached": len(units),
        "arenas.actions_decided": actions.count(),
        "arenas.actions_done": actions.filter(status=Action.Status.DONE).count(),
        "arenas.actions_overdue": actions.exclude(status__in=["done", "dropped"])
        .filter(due__lt=today)
        .count(),
    }
    assert {k: got[k] for k in expected} == expected
    # The same numbers worked out by hand from the fixture: no cancelled or future session, the
    # mover counted in Annanstad's unit in March and in our other unit in September.
    assert expected == {
        "arenas.sessions_held": 5,
        "arenas.seminars_held": 2,
        "arenas.managers_meetings_held": 1,
        "arenas.group_sessions_held": 2,
        "arenas.attendance": 10,
        "arenas.people_reached": 6,
        "arenas.units_reached": 3,
        "arenas.actions_decided": 4,
        "arenas.actions_done": 1,
        "arenas.actions_overdue": 1,
    }


def test_previous_period_and_year_earlier(world, coordinator_client):
    y = world.year
    data = dashboard(coordinator_client, "partnerships/testsamverkan", y)
    previous = values(data, "previous")
    earlier = values(data, "year_earlier")
    events = held_events(y - 1, partnership=world.partnership)
    assert (
        previous["arenas.sessions_held"] == earlier["arenas.sessions_held"] == events.count() == 1
    )
    assert previous["arenas.attendance"] == present_marks(events).count() == 2
    row = next(r for r in data["figures"] if r["key"] == "arenas.sessions_held")
    assert row["delta_previous"] == "+4"
    # A quarter compares with the quarter before and the same quarter a year earlier.
    quarter = coordinator_client.get(
        f"/api/v1/insight/dashboards/partnerships/testsamverkan?start={y}-01-01&end={y}-03-31"
    ).json()
    assert quarter["previous"]["start"] == f"{y - 1}-10-01"
    assert quarter["year_earlier"]["start"] == f"{y - 1}-01-01"
    assert values(quarter)["arenas.sessions_held"] == 1


def test_new_research_counts_each_matched_record_once(world, coordinator_client):
    y = world.year
    got = values(dashboard(coordinator_client, "partnerships/testsamverkan", y))
    expected = (
        Record.objects.filter(
            first_seen_at__year=y,
            matches__watchlist__area__in=world.partnership.priority_areas.all(),
        )
        .distinct()
        .count()
    )
    assert got["monitoring.new_records"] == expected == 3


def test_research_trained_staff_and_who_remained(world, cast, coordinator_client):
    y = world.year
    got = values(dashboard(coordinator_client, "partnerships/testsamverkan", y))
    practice = subtree(cast.department)
    at_end = research_trained(practice, date(y, 12, 31))
    at_start = research_trained(practice, date(y, 1, 1))
    assert got["people.research_trained"] == len(at_end) == 1
    assert (
        got["people.phd_students"]
        == len(research_trained(practice, date(y, 12, 31), (Role.PHD_STUDENT,)))
        == 1
    )
    assert got["people.research_trained_retained"] == len(at_start & at_end) == 1
    assert len(at_start) == 2  # the leaver counted on the first day only


# ---- organisation and unit ------------------------------------------------------------------


def test_organisation_figures_cover_its_subtree_by_affiliation_on_the_day(
    world, cast, coordinator_client
):
    y = world.year
    got = values(dashboard(coordinator_client, "organisations/testkoping-sf", y))
    inside = subtree(cast.department)
    marks = staff_marks(y, inside)
    organised = set(held_events(y, organisations__in=inside).values_list("pk", flat=True))
    sessions = organised | {m.event_id for m in marks}
    actions = (
        Action.objects.filter(event__in=held_events(y))
        .filter(Q(unit_id__in=inside) | Q(event__organisations__in=inside))
        .distinct()
    )
    units = {
        org
        for m in marks
        for org in orgs_on(m.person_id, timezone.localtime(m.event.start).date()) & inside
        if Organisation.objects.get(pk=org).kind == Organisation.Kind.UNIT
    }
    expected = {
        "arenas.sessions_held": len(sessions),
        "arenas.attendance": len(marks),
        "arenas.people_reached": len({m.person_id for m in marks}),
        "arenas.units_reached": len(units),
        "arenas.actions_decided": actions.count(),
        "arenas.actions_done": actions.filter(status=Action.Status.DONE).count(),
    }
    assert {k: got[k] for k in expected} == expected
    assert expected == {
        "arenas.sessions_held": 5,
        "arenas.attendance": 8,
        "arenas.people_reached": 4,
        "arenas.units_reached": 2,
        "arenas.actions_decided": 4,
        "arenas.actions_done": 2,
    }


def test_unit_dashboard_counts_only_the_units_staff(world, cast, coordinator_client):
    y = world.year
    data = dashboard(coordinator_client, "organisations/testkoping-bu", y)
    assert data["scope"]["kind"] == "unit"
    got = values(data)
    marks = staff_marks(y, {cast.unit.pk})
    assert got["arenas.attendance"] == len(marks) == 7
    assert got["arenas.people_reached"] == len({m.person_id for m in marks}) == 3


# ---- trends, reach, gap map -----------------------------------------------------------------


def test_monthly_trend_adds_up_to_the_year(world, coordinator_client):
    data = dashboard(coordinator_client, "partnerships/testsamverkan", world.year)
    totals = values(data)
    for trend in data["trends"]:
        assert len(trend["points"]) == 12
        assert sum(p["value"] for p in trend["points"]) == totals[trend["key"]], trend["key"]
    sessions = next(t for t in data["trends"] if t["key"] == "arenas.sessions_held")
    assert [p["value"] for p in sessions["points"]] == [0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0]


def test_reach_per_municipality(world, coordinator_client):
    data = dashboard(coordinator_client, "partnerships/testsamverkan", world.year)
    reach = data["reach"][0]
    by_name = {row["name"]["en"]: row["value"] for row in reach["rows"]}
    # Testköping: worker, manager, phd, mover (September); Annanstad: mover (March); the
    # university: the researcher and the PhD student (also at the school); the guest has none.
    assert by_name == {
        "Testköpings kommun": 4,
        "Annanstads kommun": 1,
        "Testuniversitetet": 2,
        "No organisation registered": 1,
    }
    assert reach["total"] == 6


def test_gap_map_counts_records_per_area_and_kind(world, coordinator_client):
    data = dashboard(coordinator_client, "partnerships/testsamverkan", world.year)
    gap = data["gap_map"]
    kinds = [k["key"] for k in gap["kinds"]]
    cells = {
        (row["area"], kind): cell["value"]
        for row in gap["rows"]
        for kind, cell in zip(kinds, row["cells"], strict=True)
    }
    assert cells[("barn", "arenas.event")] == 2  # March seminar and the workshop; not cancelled
    assert cells[("missbruk", "arenas.event")] == 2  # the May group session and the workshop
    assert cells[("missbruk", "arenas.series")] == 1
    assert cells[("barn", "monitoring.record")] == 2
    assert cells[("missbruk", "monitoring.record")] == 2
    assert {row["area"] for row in gap["rows"]} == {"barn", "missbruk"}
