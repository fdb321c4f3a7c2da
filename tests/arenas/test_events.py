"""Creating, editing, moving and cancelling events; series and recurring sessions; DST."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bryggan.arenas.models import Event, Registration, Series
from bryggan.people.models import Person
from tests.arenas.conftest import local
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "kind": "research_seminar",
        "title": "Stödgrupper för barn",
        "description": "Forskning möter praktik",
        "start": "2030-03-12T13:00",
        "end": "2030-03-12T15:00",
        "place": "Hälsohögskolan, sal Ga 116",
        "online_url": "",
        "visibility": "public",
        "capacity": "",
        "registration_deadline": "",
        "external_speakers": "Gästforskare Andersson",
    }
    data.update(overrides)
    return data


def test_a_coordinator_creates_an_event_in_swedish_time(cast, as_coordinator):
    speaker = Person.objects.get(user=cast.researcher)
    response = as_coordinator.post(
        "/arenor/ny/", {**_form(), "speakers": [speaker.pk], "organisations": [cast.school.pk]}
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/arenor/{event.pk}/"
    assert event.start == local(2030, 3, 12, 13, 0)
    page = client_for(None).get(f"/arenor/{event.pk}/").content.decode()
    assert (
        "Stödgrupper för barn" in page
        and "Rut Forskare" in page
        and "Gästforskare Andersson" in page
    )
    assert "13:00" in page


def test_social_workers_cannot_create_events(cast, as_worker):
    assert as_worker.post("/arenor/ny/", _form()).status_code == 403
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end": "2030-03-12T12:00"}, "must end after it starts"),
        ({"end": "2030-04-12T15:00"}, "at most 14 days"),
        ({"registration_deadline": "2030-03-13T12:00"}, "deadline must be before"),
        ({"start": "not a date"}, "Enter a valid date/time"),
        ({"visibility": "restricted"}, "must belong to a series"),
    ],
)
def test_it_refuses_bad_event_input_and_keeps_what_was_typed(
    cast, as_coordinator, overrides, message
):
    as_coordinator.cookies["bryggan_language"] = "en"
    response = as_coordinator.post("/arenor/ny/", _form(**overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Stödgrupper för barn" in page
    assert not Event.objects.exists()


def test_it_refuses_a_capacity_below_the_registrations(cast, as_coordinator, make_event):
    event = make_event(capacity=5)
    for user in (cast.worker, cast.manager):
        client_for(user).post(f"/arenor/{event.pk}/anmalan/")
    local_start = timezone.localtime(event.start).strftime("%Y-%m-%dT%H:%M")
    local_end = timezone.localtime(event.end).strftime("%Y-%m-%dT%H:%M")
    response = as_coordinator.post(
        f"/arenor/{event.pk}/andra/",
        _form(start=local_start, end=local_end, capacity="1", visibility="internal"),
    )
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.capacity == 5 and event.title == "Unga och tramadol"


def test_moving_one_session_raises_its_sequence_and_keeps_its_uid(cast, as_coordinator, make_event):
    event = make_event()
    uid = event.ical_uid
    response = as_coordinator.post(
        f"/arenor/{event.pk}/andra/",
        _form(start="2031-01-10T09:00", end="2031-01-10T11:00", visibility="internal"),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.sequence == 1 and event.ical_uid == uid and event.start == local(2031, 1, 10, 9, 0)


def test_cancelling_a_session_tells_registrants_and_closes_registration(
    cast, as_coordinator, make_event, django_capture_on_commit_callbacks
):
    from django.core import mail

    event = make_event()
    client_for(cast.worker).post(f"/arenor/{event.pk}/anmalan/")
    with django_capture_on_commit_callbacks(execute=True):
        as_coordinator.post(f"/arenor/{event.pk}/stall-in/")
    event.refresh_from_db()
    assert event.status == "cancelled" and event.sequence == 1
    assert [m.to for m in mail.outbox][-1] == [cast.worker.email]
    client_for(cast.manager).post(f"/arenor/{event.pk}/anmalan/")
    assert not Registration.objects.filter(event=event, user=cast.manager).exists()


def test_only_organisers_cancel_events(cast, as_worker, make_event):
    event = make_event()
    assert as_worker.post(f"/arenor/{event.pk}/stall-in/").status_code == 403
    event.refresh_from_db()
    assert event.status == "scheduled"


def _sessions(**overrides):
    data = {
        "kind": "group_session",
        "title": "Gruppträff",
        "first_start": "2030-01-15T17:30",
        "duration": "90",
        "frequency": "monthly",
        "count": "12",
        "until": "",
        "rule": "",
        "place": "Socialhögskolan",
        "online_url": "",
        "capacity": "",
    }
    data.update(overrides)
    return data


def test_monthly_sessions_keep_their_local_time_across_daylight_saving(cast, as_coordinator, group):
    response = as_coordinator.post(f"/arenor/grupper/{group.slug}/tillfallen/", _sessions())
    assert response.status_code == 302
    starts = [
        timezone.localtime(e.start) for e in Event.objects.filter(series=group).order_by("start")
    ]
    assert len(starts) == 12
    assert {(s.hour, s.minute) for s in starts} == {(17, 30)}
    offsets = {s.utcoffset() for s in starts}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
    assert all(e.visibility == "restricted" for e in Event.objects.filter(series=group))


def test_a_custom_rule_makes_the_second_tuesday_of_each_month(cast, as_coordinator, group):
    as_coordinator.post(
        f"/arenor/grupper/{group.slug}/tillfallen/",
        _sessions(rule="FREQ=MONTHLY;BYDAY=2TU;COUNT=3", count=""),
    )
    starts = [timezone.localtime(e.start) for e in Event.objects.filter(series=group)]
    assert [s.date().isoformat() for s in starts] == ["2030-02-12", "2030-03-12", "2030-04-09"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"count": "5000"},
        {"frequency": "weekly", "count": "", "until": "2040-01-01"},
        {"rule": "FREQ=DAILY", "count": ""},
        {"rule": "FREQ=SOMETIMES", "count": ""},
        {"count": "", "until": ""},
    ],
)
def test_it_refuses_a_recurrence_that_would_make_too_many_sessions(
    cast, as_coordinator, group, overrides
):
    response = as_coordinator.post(
        f"/arenor/grupper/{group.slug}/tillfallen/", _sessions(**overrides)
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Event.objects.exists()


def test_moving_one_generated_session_leaves_the_others(cast, as_coordinator, group):
    as_coordinator.post(f"/arenor/grupper/{group.slug}/tillfallen/", _sessions(count="3"))
    first, second, third = Event.objects.filter(series=group).order_by("start")
    as_coordinator.post(
        f"/arenor/{second.pk}/andra/",
        _form(
            start="2030-02-20T17:30",
            end="2030-02-20T19:00",
            visibility="restricted",
            series=str(group.pk),
            title="Gruppträff",
            kind="group_session",
        ),
    )
    as_coordinator.post(f"/arenor/{third.pk}/stall-in/")
    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert timezone.localtime(second.start).day == 20
    assert (
        timezone.localtime(first.start).day == 15
        and first.sequence == 0
        and first.status == "scheduled"
    )
    assert third.status == "cancelled"


def test_a_coordinator_creates_a_discussion_group(cast, as_coordinator):
    response = as_coordinator.post(
        "/arenor/grupper/ny/",
        {
            "kind": "discussion_group",
            "title": "Unga vuxna",
            "description": "",
            "visibility": "internal",
        },
    )
    series = Series.objects.get()
    assert response["Location"] == f"/arenor/grupper/{series.slug}/"


def test_the_upcoming_list_filters_by_kind_and_shows_only_what_the_visitor_may_see(
    cast, anonymous, as_worker, make_event
):
    make_event(title="Öppet seminarium", visibility="public")
    make_event(title="Internt chefsmöte", kind="managers_meeting", visibility="internal")
    make_event(
        title="Gammalt seminarium", visibility="public", start=timezone.now() - timedelta(days=30)
    )
    public = anonymous.get("/arenor/").content.decode()
    assert (
        "Öppet seminarium" in public
        and "Internt chefsmöte" not in public
        and "Gammalt" not in public
    )
    staff = as_worker.get("/arenor/", {"kind": "managers_meeting"}).content.decode()
    assert "Internt chefsmöte" in staff and "Öppet seminarium" not in staff
    assert "Gammalt seminarium" in anonymous.get("/arenor/tidigare/").content.decode()
    assert 'type="text/calendar"' in public


def test_the_list_filters_by_priority_area_topic_and_organisation(cast, as_worker, make_event):
    from bryggan.taxonomy.models import PriorityArea, Topic

    area = PriorityArea.objects.create(slug="barn", name_sv="Barn och unga")
    topic = Topic.objects.create(slug="tramadol", name_sv="Tramadol")
    tagged = make_event(title="Taggat")
    tagged.priority_areas.add(area), tagged.topics.add(topic), tagged.organisations.add(cast.unit)
    make_event(title="Otaggat")
    for params in ({"area": area.pk}, {"topic": topic.pk}, {"organisation": cast.unit.pk}):
        page = as_worker.get("/arenor/", params).content.decode()
        assert "Taggat" in page and "Otaggat" not in page


def test_bad_filter_values_do_not_break_the_list(cast, anonymous):
    assert anonymous.get("/arenor/", {"kind": "x", "area": "abc", "page": "zz"}).status_code == 200


def test_the_month_view_shows_the_events_of_the_month(cast, as_worker, make_event):
    make_event(title="Marsseminarium", start=local(2030, 3, 12, 13, 0))
    make_event(title="Aprilseminarium", start=local(2030, 4, 12, 13, 0))
    page = as_worker.get("/arenor/manad/2030/3/").content.decode()
    assert "Marsseminarium" in page and "Aprilseminarium" not in page
    assert as_worker.get("/arenor/manad/2030/13/").status_code == 404


def test_restricted_group_sessions_are_hidden_from_non_members(
    cast, as_worker, as_manager, group, make_event
):
    event = make_event(series=group, visibility="restricted", title="Gruppträff")
    assert as_worker.get(f"/arenor/{event.pk}/").status_code == 200
    assert as_manager.get(f"/arenor/{event.pk}/").status_code == 404
    assert "Gruppträff" not in as_manager.get("/arenor/").content.decode()
    assert as_manager.get(f"/arenor/grupper/{group.slug}/").status_code == 404


def test_event_pages_carry_schema_org_json_ld(cast, anonymous, make_event):
    import json
    import re

    event = make_event(
        visibility="public",
        place="Sal 1",
        online_url="https://meet.example.org/x",
        title="Seminarium </script><b>",
    )
    page = anonymous.get(f"/arenor/{event.pk}/").content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Event" and data["name"] == "Seminarium </script><b>"
    assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert data["startDate"].endswith(("+01:00", "+02:00"))


def test_an_event_under_way_is_still_upcoming_and_one_that_ended_is_past(
    cast, anonymous, make_event
):
    now = timezone.now()
    ongoing = make_event(
        title="Pågående utbildningsvecka",
        visibility="public",
        start=now - timedelta(days=6),
        end=now + timedelta(hours=3),
    )
    ended = make_event(
        title="Avslutat seminarium",
        visibility="public",
        start=now - timedelta(days=2),
        end=now - timedelta(days=1),
    )
    upcoming = anonymous.get("/arenor/").content.decode()
    past = anonymous.get("/arenor/tidigare/").content.decode()
    assert ongoing.title in upcoming and ongoing.title not in past
    assert ended.title in past and ended.title not in upcoming


def test_the_sitemap_lists_public_upcoming_events_and_groups_only(
    cast, anonymous, make_event, group
):
    public = make_event(title="Öppet seminarium", visibility="public")
    internal = make_event(title="Internt seminarium", visibility="internal")
    xml = anonymous.get("/sitemap.xml").content.decode()
    assert public.get_absolute_url() in xml
    assert internal.get_absolute_url() not in xml
    assert group.get_absolute_url() not in xml
