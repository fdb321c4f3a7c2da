"""A partnership with two years of arena activity, research records and research-trained staff.

Dates lie in the last complete year (Y) and the year before (Y - 1), so that every session in them
has taken place whenever the tests run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from bryggan.arenas.models import Action, Attendance, Event, Membership, Series
from bryggan.governance.models import Partnership, Party
from bryggan.monitoring.models import Match, Record, Watchlist
from bryggan.people.models import Affiliation, Organisation, Person, Role
from bryggan.taxonomy.models import PriorityArea

STOCKHOLM = ZoneInfo("Europe/Stockholm")
K = Event.Kind


def at(day: date, hour: int = 13) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=STOCKHOLM)


@dataclass
class World:
    year: int
    partnership: Partnership
    other_partnership: Partnership
    area: PriorityArea
    second_area: PriorityArea
    outside_area: PriorityArea
    elsewhere: Organisation
    elsewhere_unit: Organisation
    people: dict[str, Person] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)


def _event(key: str, world: World, start: datetime, **fields) -> Event:
    defaults = {
        "kind": K.RESEARCH_SEMINAR,
        "title": key,
        "start": start,
        "end": start + timedelta(hours=2),
        "visibility": "public",
        "partnership": world.partnership,
    }
    defaults.update(fields)
    event = Event.objects.create(**defaults)
    world.events[key] = event
    return event


def _person(slug: str, *affiliations: tuple) -> Person:
    person = Person.objects.create(given_name=slug.title(), family_name="Testsson", slug=slug)
    for org, role, start, end in affiliations:
        Affiliation.objects.create(person=person, organisation=org, role=role, start=start, end=end)
    return person


@pytest.fixture
def world(cast) -> World:
    return build_world(cast)


def build_world(cast) -> World:
    """Seed the scenario (also used by the browser tests)."""
    year = timezone.localdate().year - 1
    area = PriorityArea.objects.create(slug="barn", name_sv="Barn och unga", name_en="Children")
    second = PriorityArea.objects.create(slug="missbruk", name_sv="Missbruk", name_en="Addiction")
    outside = PriorityArea.objects.create(slug="annat", name_sv="Annat område")
    partnership = Partnership.objects.create(
        slug="testsamverkan",
        name_sv="Testsamverkan",
        name_en="Test partnership",
        kind=Partnership.Kind.COLLABORATION,
        visibility="public",
    )
    partnership.priority_areas.set([area, second])
    Party.objects.create(partnership=partnership, organisation=cast.department, role="practice")
    Party.objects.create(partnership=partnership, organisation=cast.school, role="academic")
    other = Partnership.objects.create(
        slug="annan-samverkan", name_sv="Annan samverkan", kind="regional", visibility="public"
    )
    other.priority_areas.set([outside])
    OrgKind = Organisation.Kind
    elsewhere = Organisation.objects.create(
        name_sv="Annanstads kommun", slug="annanstad", kind=OrgKind.MUNICIPALITY
    )
    elsewhere_dept = Organisation.objects.create(
        name_sv="Socialtjänsten", slug="annanstad-st", kind=OrgKind.DEPARTMENT, parent=elsewhere
    )
    elsewhere_unit = Organisation.objects.create(
        name_sv="Familjeenheten", slug="annanstad-fam", kind=OrgKind.UNIT, parent=elsewhere_dept
    )
    w = World(
        year=year,
        partnership=partnership,
        other_partnership=other,
        area=area,
        second_area=second,
        outside_area=outside,
        elsewhere=elsewhere,
        elsewhere_unit=elsewhere_unit,
    )
    jan1 = date(year, 1, 1)
    mid = date(year, 7, 1)
    w.people = {
        "worker": Person.objects.get(user=cast.worker),
        "manager": Person.objects.get(user=cast.manager),
        "researcher": Person.objects.get(user=cast.researcher),
        # Moved from Annanstad to our other unit in the middle of the year.
        "mover": _person(
            "mover",
            (elsewhere_unit, Role.SOCIAL_WORKER, date(2015, 1, 1), mid - timedelta(days=1)),
            (cast.other_unit, Role.SOCIAL_WORKER, mid, None),
        ),
        "guest": _person("guest"),
        # A practitioner PhD student, and a research-trained social worker who leaves in May.
        "phd": _person(
            "phd",
            (cast.unit, Role.SOCIAL_WORKER, date(2016, 1, 1), None),
            (cast.school, Role.PHD_STUDENT, date(2020, 9, 1), None),
        ),
        "leaver": _person(
            "leaver",
            (cast.other_unit, Role.SOCIAL_WORKER, date(2016, 1, 1), date(year, 5, 31)),
            (cast.school, Role.RESEARCHER, date(2019, 1, 1), None),
        ),
        "elsewhere_phd": _person(
            "elsewhere-phd",
            (elsewhere_unit, Role.SOCIAL_WORKER, date(2016, 1, 1), None),
            (cast.school, Role.PHD_STUDENT, date(2020, 1, 1), None),
        ),
    }
    P = w.people
    group = Series.objects.create(
        slug="gruppen",
        kind=Series.Kind.DISCUSSION_GROUP,
        title="Gruppen",
        visibility="restricted",
        partnership=partnership,
    )
    group.priority_areas.set([second])
    Membership.objects.create(series=group, person=P["worker"])
    s1 = _event("Seminarium mars", w, at(date(year, 3, 10)), visibility="public")
    s1.priority_areas.set([area])
    s1.organisations.set([cast.department, cast.school])
    s2 = _event(
        "Chefsmöte april", w, at(date(year, 4, 2)), kind=K.MANAGERS_MEETING, visibility="internal"
    )
    s2.organisations.set([cast.department])
    g1 = _event(
        "Grupp maj",
        w,
        at(date(year, 5, 5)),
        kind=K.GROUP_SESSION,
        series=group,
        visibility="restricted",
    )
    g1.priority_areas.set([second])
    g2 = _event(
        "Grupp september",
        w,
        at(date(year, 9, 8)),
        kind=K.GROUP_SESSION,
        series=group,
        visibility="restricted",
    )
    s3 = _event("Verkstad oktober", w, at(date(year, 10, 20)), kind=K.WORKSHOP)
    s3.priority_areas.set([area, second])
    cancelled = _event("Inställt", w, at(date(year, 6, 1)), status=Event.Status.CANCELLED)
    cancelled.priority_areas.set([area])
    last_year = _event("Förra året", w, at(date(year - 1, 11, 3)))
    last_year.priority_areas.set([area])
    _event("Kommande", w, timezone.now() + timedelta(days=30))
    # An event of another partnership that our unit's staff attend (counts for the unit scope only).
    foreign = _event("Annan samverkans seminarium", w, at(date(year, 2, 14)), partnership=other)
    foreign.organisations.set([elsewhere])
    present, absent = Attendance.Status.PRESENT, Attendance.Status.ABSENT
    marks = [
        (s1, "worker", present),
        (s1, "manager", present),
        (s1, "researcher", present),
        (s1, "mover", present),  # in March the mover still belongs to Annanstad
        (s1, "guest", present),
        (s1, "phd", absent),
        (s2, "manager", present),
        (s2, "phd", present),
        (g1, "worker", present),
        (g1, "mover", Attendance.Status.EXCUSED),
        (g2, "worker", present),
        (g2, "mover", present),  # in September the mover belongs to our other unit
        (cancelled, "worker", present),
        (last_year, "worker", present),
        (last_year, "manager", present),
        (foreign, "worker", present),
        (foreign, "mover", present),
    ]
    for event, who, status in marks:
        Attendance.objects.create(event=event, person=P[who], status=status)
    for event, title, unit, status, due in [
        (s2, "Pröva samtalsmallen", cast.unit, Action.Status.DONE, date(year, 6, 1)),
        (s2, "Mäta väntetider", cast.other_unit, Action.Status.IN_PROGRESS, date(year, 8, 1)),
        (g1, "Bjuda in skolan", cast.unit, Action.Status.PLANNED, date(year + 5, 1, 1)),
        (g2, "Läsa rapporten", None, Action.Status.DROPPED, date(year, 10, 1)),
        (last_year, "Förra årets åtgärd", cast.unit, Action.Status.DONE, date(year, 2, 1)),
        (foreign, "Annans åtgärd", cast.other_unit, Action.Status.DONE, date(year, 5, 1)),
    ]:
        Action.objects.create(event=event, title=title, unit=unit, status=status, due=due)
    watch = Watchlist.objects.create(area=area, terms_sv="barn")
    watch_second = Watchlist.objects.create(area=second, terms_sv="missbruk")
    watch_outside = Watchlist.objects.create(area=outside, terms_sv="annat")
    for n, (seen, lists) in enumerate(
        [
            (date(year, 2, 1), [watch]),
            (date(year, 3, 1), [watch, watch_second]),  # one record, two areas: counted once
            (date(year, 11, 30), [watch_second]),
            (date(year - 1, 6, 1), [watch]),
            (date(year, 4, 1), [watch_outside]),
            (date(year, 4, 2), []),
        ]
    ):
        record = Record.objects.create(
            title=f"Studie {n}", dedup_key=f"k{n}", first_seen_at=at(seen, 10)
        )
        for watchlist in lists:
            Match.objects.create(watchlist=watchlist, record=record)
    del jan1
    return w
