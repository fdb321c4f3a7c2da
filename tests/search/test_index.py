"""The index follows the records: edits, tags, deletions, bulk writes, rebuilds and the demo."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from bryggan.arenas import services as arena_services
from bryggan.arenas.models import Event, Series
from bryggan.monitoring.models import Match, Record, Watchlist
from bryggan.people.models import Affiliation, Person, Role
from bryggan.search import registry, services
from bryggan.search.models import SearchDocument, SearchGrant
from bryggan.search.registry import Document
from tests.search.conftest import make_event
from tests.search.test_search_page import titles

pytestmark = pytest.mark.django_db


def test_an_edited_event_is_found_by_its_new_words_only(cast, as_coordinator, anonymous):
    event = make_event("Seminarium om tramadol")
    start = timezone.localtime(event.start)
    response = as_coordinator.post(
        f"/arenor/{event.pk}/andra/",
        {
            "kind": "research_seminar",
            "title": "Seminarium om existentiella frågor",
            "description": "",
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "",
            "online_url": "",
            "visibility": "public",
            "capacity": "",
            "registration_deadline": "",
            "external_speakers": "",
        },
    )
    assert response.status_code == 302
    assert titles(anonymous.get("/sok/", {"q": "existentiella"})) == [
        "Seminarium om existentiella frågor"
    ]
    assert titles(anonymous.get("/sok/", {"q": "tramadol"})) == []


def test_changing_the_audience_hides_the_event_at_once(cast, anonymous):
    event = make_event("Seminarium om hemlöshet")
    assert titles(anonymous.get("/sok/", {"q": "hemlöshet"}))
    event.visibility = "internal"
    event.save()
    assert titles(anonymous.get("/sok/", {"q": "hemlöshet"})) == []


def test_tags_added_later_appear_as_facets(world, anonymous):
    event = make_event("Seminarium om familjehemsvård")
    html = anonymous.get("/sok/", {"q": "familjehemsvård"}).content.decode()
    assert 'count">(2)' in html  # both events carry the words; one is tagged
    event.topics.add(world.topic)
    html = anonymous.get("/sok/", {"q": "familjehemsvård", "topic": "familjehem"}).content.decode()
    assert html.count('class="search-hit"') == 2


def test_a_deleted_event_leaves_the_index(world, anonymous):
    world.public_event.delete()
    assert titles(anonymous.get("/sok/", {"q": "placering"})) == []
    assert not SearchDocument.objects.filter(key__startswith="arenas.event:").exclude(
        key__in=[f"arenas.event:{e.pk}" for e in Event.objects.all()]
    )


def test_renaming_a_series_updates_its_events(cast, anonymous):
    series = Series.objects.create(
        slug="s", kind=Series.Kind.SEMINAR_SERIES, title="Gamla serien", visibility="public"
    )
    make_event("Träff ett", series=series)
    series.title = "Forskningscirkeln Vätternrundan"
    series.save()
    assert set(titles(anonymous.get("/sok/", {"q": "vätternrundan"}))) == {
        "Forskningscirkeln Vätternrundan",
        "Träff ett",
    }


def test_a_new_affiliation_is_found_on_the_person(cast, as_worker):
    person = Person.objects.get(user=cast.researcher)
    Affiliation.objects.create(person=person, organisation=cast.other_unit, role=Role.TEACHER)
    assert "Rut Forskare" in titles(as_worker.get("/sok/", {"q": "vuxenenheten"}))


def test_sessions_made_in_bulk_are_caught_up(cast, anonymous):
    series = Series.objects.create(
        slug="s", kind=Series.Kind.SEMINAR_SERIES, title="Serie", visibility="public"
    )
    services.index_rebuild()
    arena_services.series_generate_sessions(
        series=series,
        rule="FREQ=WEEKLY;COUNT=3",
        first_start=timezone.now() + timedelta(days=1),
        duration=timedelta(hours=1),
        kind=Event.Kind.GROUP_SESSION,
        title="Läsecirkel om kunskapsstyrning",
    )
    # bulk_create sends no signals: the periodic catch-up indexes what it wrote.
    services.index_catch_up()
    assert len(titles(anonymous.get("/sok/", {"q": "läsecirkel"}))) == 3


def test_harvested_research_is_found_with_its_priority_areas(world, anonymous):
    record = Record.objects.create(
        title="Kinship foster care and placement stability",
        abstract="A register study of placements of children in kinship foster care.",
        year=2023,
        language="en",
        dedup_key="kinship-2023",
    )
    watchlist = Watchlist.objects.create(area=world.area, terms_en="kinship care")
    Match.objects.bulk_create([Match(watchlist=watchlist, record=record, reasons=["term"])])
    Record.objects.filter(pk=record.pk).update(matched_at=timezone.now())
    services.index_catch_up()
    response = anonymous.get("/sok/", {"q": "kinship", "area": "placerade-barn"})
    assert titles(response) == ["Kinship foster care and placement stability"]
    html = response.content.decode()
    assert "Ny forskning" in html and 'lang="en"' in html


def test_the_first_catch_up_of_a_fresh_installation_builds_the_index(world):
    SearchDocument.objects.all().delete()
    from bryggan.core.models import SiteState

    SiteState.objects.filter(key=services.CATCH_UP_KEY).delete()
    services.index_catch_up()
    assert SearchDocument.objects.filter(kind="event").count() == 3


def test_the_rebuild_command_indexes_every_kind(world):
    out = StringIO()
    call_command("search_rebuild", stdout=out)
    text = out.getvalue()
    assert "event: 3" in text and "series: 1" in text and "person: 5" in text
    assert SearchDocument.objects.filter(kind="event").count() == 3
    group_event = SearchDocument.objects.get(key=f"arenas.event:{world.group_event.pk}")
    assert set(
        SearchGrant.objects.filter(document=group_event).values_list("principal", flat=True)
    ) == {
        f"arenas.series:{world.group.pk}",
        "role:coordinator",
    }


@pytest.fixture
def saved_registry():
    saved = (dict(registry._KINDS), dict(registry._LABELS), dict(registry._DEPENDENTS))
    yield
    for live, copy in zip(
        (registry._KINDS, registry._LABELS, registry._DEPENDENTS), saved, strict=True
    ):
        live.clear()
        live.update(copy)


def test_a_registered_kind_may_keep_objects_out_of_the_index(cast, anonymous, saved_registry):
    registry.register(
        Event,
        kind="event",
        label="Event",
        document=lambda e: None if e.is_cancelled else Document(title=e.title, url="/"),
    )
    make_event("Inställt seminarium", status=Event.Status.CANCELLED)
    make_event("Planerat seminarium")
    assert titles(anonymous.get("/sok/", {"q": "seminarium"})) == ["Planerat seminarium"]


def test_the_demo_is_searchable(db):
    from bryggan.core.demo import seed_all

    seed_all()
    from django.test import Client

    client = Client()
    results = client.get("/api/v1/search", {"q": "tramadol"}).json()
    kinds = {r["kind"] for r in results["results"]}
    assert {"event", "research"} <= kinds
    # Every app's demo records are in the index, and a visitor finds the public ones.
    indexed = set(SearchDocument.objects.values_list("kind", flat=True))
    assert {
        "publication",
        "digest",
        "podcast",
        "episode",
        "project",
        "question",
        "partnership",
        "decision",
        "instrument",
    } <= indexed
    public = set(SearchDocument.objects.filter(visibility="public").values_list("kind", flat=True))
    for kind in sorted(public & {"publication", "digest", "episode", "project", "question"}):
        document = SearchDocument.objects.filter(kind=kind, visibility="public").first()
        word = max(document.title.split(), key=len).strip(".,:;?!()\"'")
        found = client.get("/api/v1/search", {"q": word, "kind": kind, "page_size": 50}).json()
        assert document.url in {r["url"] for r in found["results"]}, (kind, word)
