"""Records to search for: events, series and people with known words, audiences and tags."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bryggan.arenas.models import Event, Membership, Series
from bryggan.people.models import Person
from bryggan.taxonomy.models import PriorityArea, Topic

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass
class World:
    topic: Topic
    area: PriorityArea
    group: Series
    public_event: Event
    internal_event: Event
    group_event: Event


def make_event(title: str, *, year: int = 2025, visibility: str = "public", **fields) -> Event:
    start = datetime(year, 3, 12, 13, 0, tzinfo=STOCKHOLM)
    return Event.objects.create(
        kind=fields.pop("kind", Event.Kind.RESEARCH_SEMINAR),
        title=title,
        start=start,
        end=start + timedelta(hours=2),
        visibility=visibility,
        **fields,
    )


@pytest.fixture
def world(cast) -> World:
    topic = Topic.objects.create(
        slug="familjehem", name_sv="Familjehemsvård", name_en="Foster care"
    )
    area = PriorityArea.objects.create(
        slug="placerade-barn", name_sv="Placerade barn och unga", name_en="Children in care"
    )
    group = Series.objects.create(
        slug="lund-grupp",
        kind=Series.Kind.DISCUSSION_GROUP,
        title="Diskussionsgrupp om hemlighetsstämplade ärenden",
        description="Gruppen läser forskning om sekretess.",
        visibility="restricted",
    )
    Membership.objects.create(series=group, person=Person.objects.get(user=cast.researcher))
    public_event = make_event(
        "Placering av barn i familjehem",
        description="Vad säger forskningen om placeringen av barn? Ett seminarium för alla.",
        year=2024,
        place="Hälsohögskolan",
    )
    public_event.topics.add(topic)
    public_event.priority_areas.add(area)
    internal_event = make_event(
        "Internt chefsmöte om placeringar",
        kind=Event.Kind.MANAGERS_MEETING,
        description="Cheferna går igenom placeringarna under året.",
        visibility="internal",
    )
    group_event = make_event(
        "Gruppträff om placeringsbeslut",
        kind=Event.Kind.GROUP_SESSION,
        description="Hemlig träff i gruppen om placeringar.",
        visibility="restricted",
        series=group,
    )
    return World(topic, area, group, public_event, internal_event, group_event)
