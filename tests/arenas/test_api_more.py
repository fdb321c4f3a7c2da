"""The rest of the arenas API: every capability of the pages, with the pages' permission rules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bryggan.arenas.models import (
    Action,
    Attendance,
    CalendarToken,
    Event,
    Material,
    Membership,
    Registration,
    Takeaway,
)

from .conftest import local, make_report

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _errors(response) -> dict[str, str]:
    """Map each field of a 422 to its message."""
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    return {str(e["loc"][-1]): e["msg"] for e in detail}


# ---- series and sessions ------------------------------------------------------------------------


def test_a_coordinator_creates_a_series_and_generates_its_sessions(cast, as_coordinator, as_worker):
    payload = {
        "kind": "discussion_group",
        "title": "Läsgruppen",
        "audience": "internal",
        "organisations": [cast.unit.slug, cast.school.slug],
    }
    assert as_worker.post("/api/v1/series", payload, content_type=JSON).status_code == 403
    created = as_coordinator.post("/api/v1/series", payload, content_type=JSON)
    assert created.status_code == 201
    slug = created.json()["slug"]
    assert sorted(created.json()["organisations"]) == ["testkoping-bu", "testuni-hhs"]
    sessions = as_coordinator.post(
        f"/api/v1/series/{slug}/sessions",
        {
            "first_start": "2031-03-11T14:00:00+01:00",
            "frequency": "monthly",
            "count": 3,
            "place": "Rum 1",
        },
        content_type=JSON,
    )
    assert sessions.status_code == 201
    starts = [e["start"] for e in sessions.json()]
    # Across the change to summer time the sessions keep 14:00 Swedish time.
    assert starts == [
        "2031-03-11T13:00:00Z",
        "2031-04-11T12:00:00Z",
        "2031-05-11T12:00:00Z",
    ]
    assert {e["title"] for e in sessions.json()} == {"Läsgruppen"}
    assert Event.objects.filter(series__slug=slug).count() == 3


def test_it_refuses_a_rule_with_too_many_sessions_and_creates_none(cast, as_coordinator, group):
    url = f"/api/v1/series/{group.slug}/sessions"
    start = "2031-01-01T09:00:00+01:00"
    too_many = as_coordinator.post(
        url, {"first_start": start, "frequency": "weekly", "count": 500}, content_type=JSON
    )
    assert "fler än 200 träffar" in _errors(too_many)["count"]
    endless = as_coordinator.post(
        url, {"first_start": start, "rule": "FREQ=DAILY"}, content_type=JSON
    )
    assert "fler än 200 träffar" in _errors(endless)["rule"]
    nonsense = as_coordinator.post(
        url, {"first_start": start, "rule": "FREQ=SOMETIMES"}, content_type=JSON
    )
    assert "rule" in _errors(nonsense)
    open_ended = as_coordinator.post(
        url, {"first_start": start, "frequency": "weekly"}, content_type=JSON
    )
    assert _errors(open_ended)["count"] == "Ange antal träffar eller ett sista datum."
    assert not Event.objects.exists()


def test_the_api_speaks_english_when_the_caller_chose_english(cast, as_coordinator, group):
    as_coordinator.cookies["bryggan_language"] = "en"
    response = as_coordinator.post(
        f"/api/v1/series/{group.slug}/sessions",
        {"first_start": "2031-01-01T09:00:00+01:00", "frequency": "weekly", "count": 201},
        content_type=JSON,
    )
    assert "more than 200 sessions" in _errors(response)["count"]


def test_only_organisers_generate_sessions_and_hidden_groups_stay_hidden(
    cast, as_worker, as_manager, group
):
    payload = {"first_start": "2031-01-01T09:00:00+01:00", "frequency": "weekly", "count": 2}
    # A member who is not a facilitator may not; someone outside the group does not see it.
    assert (
        as_worker.post(f"/api/v1/series/{group.slug}/sessions", payload, content_type=JSON)
    ).status_code == 403
    assert (
        as_manager.post(f"/api/v1/series/{group.slug}/sessions", payload, content_type=JSON)
    ).status_code == 404
    Membership.objects.filter(person__user=cast.worker).update(role=Membership.Role.FACILITATOR)
    assert (
        as_worker.post(f"/api/v1/series/{group.slug}/sessions", payload, content_type=JSON)
    ).status_code == 201


def test_an_organiser_moves_one_session_without_touching_the_others(
    cast, as_coordinator, as_worker, as_manager, make_event, group
):
    first = make_event(series=group, visibility="restricted", start=local(2031, 2, 3, 14))
    second = make_event(series=group, visibility="restricted", start=local(2031, 3, 3, 14))
    moved = as_coordinator.patch(
        f"/api/v1/events/{second.pk}",
        {"start": "2031-03-10T15:00:00+01:00", "end": "2031-03-10T17:00:00+01:00"},
        content_type=JSON,
    )
    assert moved.status_code == 200
    assert moved.json()["start"] == "2031-03-10T14:00:00Z" and moved.json()["sequence"] == 1
    first.refresh_from_db()
    assert first.start == local(2031, 2, 3, 14) and first.sequence == 0
    assert (
        as_worker.patch(
            f"/api/v1/events/{second.pk}", {"place": "Annat rum"}, content_type=JSON
        ).status_code
        == 403
    )
    assert (
        as_manager.patch(
            f"/api/v1/events/{second.pk}", {"place": "Annat rum"}, content_type=JSON
        ).status_code
        == 404
    )


def test_it_refuses_a_deadline_after_the_start_when_moving_and_changes_nothing(
    cast, as_coordinator, make_event
):
    event = make_event(start=local(2031, 5, 5, 13))
    response = as_coordinator.patch(
        f"/api/v1/events/{event.pk}",
        {"registration_deadline": "2031-05-06T12:00:00+02:00"},
        content_type=JSON,
    )
    assert _errors(response)["registration_deadline"] == (
        "Sista anmälningsdag måste vara innan evenemanget börjar."
    )
    backwards = as_coordinator.patch(
        f"/api/v1/events/{event.pk}", {"end": "2031-05-05T12:00:00+02:00"}, content_type=JSON
    )
    assert "end" in _errors(backwards)
    event.refresh_from_db()
    assert event.registration_deadline is None and event.sequence == 0
    assert event.end == local(2031, 5, 5, 15)


# ---- attendance ---------------------------------------------------------------------------------


def test_the_organiser_marks_attendance_and_people_read_their_own_history(
    cast, as_coordinator, as_worker, as_researcher, make_event, group
):
    event = make_event(series=group, visibility="restricted", title="Träff 1")
    url = f"/api/v1/events/{event.pk}/attendance"
    rows = as_coordinator.get(url).json()
    assert {r["person"] for r in rows} == {"worker", "researcher"}
    assert {r["status"] for r in rows} == {None}
    marked = as_coordinator.put(
        url,
        {
            "marks": [
                {"person": "worker", "status": "present"},
                {"person": "researcher", "status": "excused"},
            ]
        },
        content_type=JSON,
    )
    assert {r["person"]: r["status"] for r in marked.json()} == {
        "worker": "present",
        "researcher": "excused",
    }
    history = as_worker.get("/api/v1/arenas/my/attendance").json()["items"]
    assert [(h["title"], h["status"]) for h in history] == [("Träff 1", "present")]
    assert as_researcher.get("/api/v1/arenas/my/attendance").json()["items"][0]["status"] == (
        "excused"
    )
    # Members read their own history, not the organiser's list.
    assert as_worker.get(url).status_code == 403
    assert as_worker.put(url, {"marks": []}, content_type=JSON).status_code == 403


def test_it_refuses_attendance_for_people_outside_the_session_and_saves_nothing(
    cast, as_coordinator, as_manager, make_event, group
):
    event = make_event(series=group, visibility="restricted")
    url = f"/api/v1/events/{event.pk}/attendance"
    response = as_coordinator.put(
        url,
        {
            "marks": [
                {"person": "worker", "status": "present"},
                {"person": "manager", "status": "present"},
            ]
        },
        content_type=JSON,
    )
    assert _errors(response)["marks"] == (
        "Närvaro kan bara markeras för anmälda och gruppens medlemmar."
    )
    bad_status = as_coordinator.put(
        url, {"marks": [{"person": "worker", "status": "asleep"}]}, content_type=JSON
    )
    assert _errors(bad_status)["status"].startswith("Välj ett av")
    assert not Attendance.objects.exists()
    assert as_manager.get(url).status_code == 404


# ---- minutes and decisions ----------------------------------------------------------------------


def test_organisers_write_minutes_that_are_sanitised_as_on_the_page(
    cast, as_coordinator, as_worker, anonymous, make_event
):
    event = make_event()
    url = f"/api/v1/events/{event.pk}/minutes"
    written = as_coordinator.put(
        url,
        {
            "minutes": '<p onclick="steal()">Vi läste <strong>rapporten</strong>.</p><script>x()</script>',
            "decisions": ["Pröva samtalsstödet", "  ", "Följ upp i maj"],
        },
        content_type=JSON,
    )
    assert written.status_code == 200
    assert written.json() == {
        "minutes": "<p>Vi läste <strong>rapporten</strong>.</p>",
        "decisions": ["Pröva samtalsstödet", "Följ upp i maj"],
    }
    assert as_worker.get(url).json()["decisions"] == ["Pröva samtalsstödet", "Följ upp i maj"]
    assert as_worker.put(url, {"minutes": "x"}, content_type=JSON).status_code == 403
    assert anonymous.get(url).status_code == 404
    event.refresh_from_db()
    assert "script" not in event.minutes


# ---- takeaways and actions ----------------------------------------------------------------------


def test_participants_keep_the_learning_log_and_follow_up_actions(
    cast, as_worker, as_manager, as_coordinator, make_event, group
):
    now = timezone.now()
    earlier = make_event(
        series=group, visibility="restricted", start=now - timedelta(days=30), title="Träff 1"
    )
    later = make_event(series=group, visibility="restricted", start=now + timedelta(days=1))
    takeaway = as_worker.post(
        f"/api/v1/events/{earlier.pk}/takeaways",
        {"text": "Fråga ungdomarna oftare."},
        content_type=JSON,
    )
    assert takeaway.status_code == 201 and takeaway.json()["author"] == "worker"
    assert [t["text"] for t in as_worker.get(f"/api/v1/events/{earlier.pk}/takeaways").json()] == [
        "Fråga ungdomarna oftare."
    ]
    created = as_worker.post(
        f"/api/v1/events/{earlier.pk}/actions",
        {
            "title": "Pröva gemensamt samtalsstöd",
            "owner": "worker",
            "unit": cast.unit.slug,
            "due": "2031-06-01",
        },
        content_type=JSON,
    )
    assert created.status_code == 201
    action = created.json()
    assert action["owner"] == "worker" and action["unit"] == "testkoping-bu" and action["is_open"]
    # Open actions come back on the agenda of the next session and in the group's list.
    assert [a["id"] for a in as_worker.get(f"/api/v1/events/{later.pk}/agenda").json()] == [
        action["id"]
    ]
    assert [
        a["id"] for a in as_worker.get(f"/api/v1/series/{group.slug}/actions").json()["items"]
    ] == [action["id"]]
    done = as_worker.patch(
        f"/api/v1/arenas/actions/{action['id']}",
        {"status": "done", "note": "Införs i rutinen."},
        content_type=JSON,
    )
    assert done.json()["status"] == "done" and done.json()["note"] == "Införs i rutinen."
    assert as_worker.get(f"/api/v1/events/{later.pk}/agenda").json() == []
    assert as_worker.get(f"/api/v1/series/{group.slug}/actions").json()["items"] == []
    every = as_worker.get(f"/api/v1/series/{group.slug}/actions", {"include_closed": "true"})
    assert len(every.json()["items"]) == 1
    # Someone outside the group sees none of it.
    assert as_manager.get(f"/api/v1/events/{earlier.pk}/actions").status_code == 404
    assert (
        as_manager.patch(
            f"/api/v1/arenas/actions/{action['id']}", {"status": "dropped"}, content_type=JSON
        ).status_code
        == 404
    )
    assert Action.objects.get().status == "done"


def test_staff_who_are_not_participants_may_read_but_not_write_the_log(
    cast, as_manager, make_event
):
    event = make_event()
    assert as_manager.get(f"/api/v1/events/{event.pk}/takeaways").json() == []
    assert (
        as_manager.post(
            f"/api/v1/events/{event.pk}/takeaways", {"text": "Nej"}, content_type=JSON
        ).status_code
        == 403
    )
    assert (
        as_manager.post(
            f"/api/v1/events/{event.pk}/actions", {"title": "Nej"}, content_type=JSON
        ).status_code
        == 403
    )
    assert not Takeaway.objects.exists() and not Action.objects.exists()


def test_it_refuses_an_empty_takeaway_and_an_unknown_owner(cast, as_worker, make_event, group):
    event = make_event(series=group, visibility="restricted")
    blank = as_worker.post(
        f"/api/v1/events/{event.pk}/takeaways", {"text": "   "}, content_type=JSON
    )
    assert "text" in _errors(blank)
    unknown = as_worker.post(
        f"/api/v1/events/{event.pk}/actions",
        {"title": "Pröva", "owner": "nobody-here"},
        content_type=JSON,
    )
    assert _errors(unknown)["owner"] == "Okända person: nobody-here."
    bad_status = as_worker.post(
        f"/api/v1/events/{event.pk}/actions", {"title": ""}, content_type=JSON
    )
    assert "title" in _errors(bad_status)
    assert not Takeaway.objects.exists() and not Action.objects.exists()


# ---- materials ----------------------------------------------------------------------------------


def test_organisers_add_links_and_library_publications_through_the_api(
    cast, as_coordinator, as_worker, anonymous, make_event, report
):
    event = make_event(visibility="public")
    url = f"/api/v1/events/{event.pk}/materials"
    link = as_coordinator.post(
        url, {"title": "Bilderna", "url": "https://example.org/bilder.pdf"}, content_type=JSON
    )
    assert link.status_code == 201 and link.json()["kind"] == "link"
    publication = as_coordinator.post(url, {"publication": report.pk}, content_type=JSON)
    assert publication.status_code == 201
    listed = anonymous.get(url).json()
    assert [m["kind"] for m in listed] == ["link", "publication"]
    assert listed[1]["publication"] == {
        "id": report.pk,
        "title": "Kunskapsstyrning i socialtjänsten: Hur tretton kommuner använder forskning",
        "authors": ["Ingrid Björk", "Marcus Ekholm"],
        "year": 2024,
        "url": report.get_absolute_url(),
    }
    assert listed[1]["url"] == report.get_absolute_url()
    assert as_worker.post(url, {"publication": report.pk}, content_type=JSON).status_code == 403


def test_it_refuses_bad_materials_and_saves_nothing(cast, as_coordinator, make_event, report):
    event = make_event()
    url = f"/api/v1/events/{event.pk}/materials"
    assert "url" in _errors(
        as_coordinator.post(url, {"title": "Fel", "url": "inte en länk"}, content_type=JSON)
    )
    both = as_coordinator.post(
        url,
        {"title": "Båda", "url": "https://example.org/a.pdf", "publication": report.pk},
        content_type=JSON,
    )
    assert "url" in _errors(both)
    assert "url" in _errors(as_coordinator.post(url, {"title": "Inget"}, content_type=JSON))
    hidden = make_report(title="Hemlig", visibility="restricted")
    assert "publication" in _errors(
        as_coordinator.post(url, {"publication": hidden.pk}, content_type=JSON)
    )
    assert not Material.objects.exists()


# ---- memberships --------------------------------------------------------------------------------


def test_coordinators_and_facilitators_manage_the_members_of_a_group(
    cast, as_coordinator, as_worker, as_manager, group
):
    url = f"/api/v1/series/{group.slug}/members"
    assert {m["person"]: m["role"] for m in as_worker.get(url).json()} == {
        "worker": "member",
        "researcher": "researcher",
    }
    assert as_manager.get(url).status_code == 404
    assert as_worker.post(url, {"person": "manager"}, content_type=JSON).status_code == 403
    added = as_coordinator.post(
        url, {"person": "manager", "role": "facilitator"}, content_type=JSON
    )
    assert added.status_code == 201 and added.json()["role"] == "facilitator"
    # The new facilitator now sees the group and may remove members.
    assert as_manager.delete(f"{url}/worker").status_code == 204
    assert sorted(m["person"] for m in as_manager.get(url).json()) == ["manager", "researcher"]
    assert "person" in _errors(as_manager.post(url, {"person": "ingen"}, content_type=JSON))
    assert as_manager.delete(f"{url}/worker").status_code == 404


# ---- my events, my groups and the calendar link -------------------------------------------------


def test_my_events_and_my_groups(cast, as_worker, anonymous, make_event, group):
    coming = make_event(title="Kommande")
    make_event(title="Inte anmäld")
    gone = make_event(title="Förra veckan", start=timezone.now() - timedelta(days=7))
    as_worker.post(f"/api/v1/events/{coming.pk}/registration")
    Registration.objects.create(event=gone, user=cast.worker, status="confirmed")
    mine = as_worker.get("/api/v1/arenas/my/events").json()["items"]
    assert [(r["event"]["title"], r["status"]) for r in mine] == [("Kommande", "confirmed")]
    past = as_worker.get("/api/v1/arenas/my/events", {"past": "true"}).json()["items"]
    assert [r["event"]["title"] for r in past] == ["Förra veckan"]
    groups = as_worker.get("/api/v1/arenas/my/groups").json()
    assert [(g["series"], g["role"]) for g in groups] == [(group.slug, "member")]
    assert anonymous.get("/api/v1/arenas/my/events").status_code == 401
    assert anonymous.get("/api/v1/arenas/my/groups").status_code == 401


def test_the_personal_calendar_link_is_made_and_revoked_through_the_api(
    cast, as_worker, anonymous, make_event
):
    event = make_event(title="I min kalender")
    as_worker.post(f"/api/v1/events/{event.pk}/registration")
    assert as_worker.get("/api/v1/arenas/my/calendar").status_code == 404
    made = as_worker.post("/api/v1/arenas/my/calendar")
    assert made.status_code == 201
    feed = made.json()["feed_url"].removeprefix("http://testserver")
    assert "I min kalender" in anonymous.get(feed).content.decode()
    renewed = as_worker.post("/api/v1/arenas/my/calendar").json()["feed_url"]
    assert anonymous.get(feed).status_code == 404
    assert as_worker.delete("/api/v1/arenas/my/calendar").status_code == 204
    assert anonymous.get(renewed.removeprefix("http://testserver")).status_code == 404
    assert not CalendarToken.objects.exists()
    assert anonymous.post("/api/v1/arenas/my/calendar").status_code == 401


def test_the_openapi_document_lists_the_arenas_paths(anonymous):
    paths = anonymous.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/events/{pk}/attendance",
        "/api/v1/events/{pk}/minutes",
        "/api/v1/events/{pk}/takeaways",
        "/api/v1/events/{pk}/actions",
        "/api/v1/events/{pk}/agenda",
        "/api/v1/events/{pk}/materials",
        "/api/v1/arenas/actions/{pk}",
        "/api/v1/series/{slug}/actions",
        "/api/v1/series/{slug}/sessions",
        "/api/v1/series/{slug}/members",
        "/api/v1/series/{slug}/members/{person}",
        "/api/v1/arenas/my/events",
        "/api/v1/arenas/my/groups",
        "/api/v1/arenas/my/attendance",
        "/api/v1/arenas/my/calendar",
    ):
        assert path in paths, path
    assert "patch" in paths["/api/v1/events/{pk}"] and "post" in paths["/api/v1/series"]
