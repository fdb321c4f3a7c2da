"""The JSON API for events, series and registration, with the pages' permission rules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bryggan.arenas.models import Event, Registration

pytestmark = pytest.mark.django_db


def test_the_api_lists_only_events_the_caller_may_see(cast, anonymous, as_worker, make_event):
    make_event(title="Öppet", visibility="public")
    make_event(title="Internt", visibility="internal")
    public = [e["title"] for e in anonymous.get("/api/v1/events").json()["items"]]
    staff = [e["title"] for e in as_worker.get("/api/v1/events").json()["items"]]
    assert public == ["Öppet"] and sorted(staff) == ["Internt", "Öppet"]


def test_the_api_hides_restricted_events_and_groups(cast, as_manager, as_worker, make_event, group):
    event = make_event(series=group, visibility="restricted")
    assert as_manager.get(f"/api/v1/events/{event.pk}").status_code == 404
    assert as_worker.get(f"/api/v1/events/{event.pk}").json()["series"] == group.slug
    assert as_manager.get(f"/api/v1/series/{group.slug}").status_code == 404
    assert sorted(as_worker.get(f"/api/v1/series/{group.slug}").json()["members"]) == [
        "researcher",
        "worker",
    ]


def test_registration_through_the_api_uses_the_waiting_list(
    cast, as_worker, as_manager, make_event
):
    event = make_event(capacity=1)
    assert as_worker.post(f"/api/v1/events/{event.pk}/registration").json()["status"] == "confirmed"
    assert (
        as_manager.post(f"/api/v1/events/{event.pk}/registration").json()["status"] == "waitlisted"
    )
    again = as_worker.post(f"/api/v1/events/{event.pk}/registration")
    assert again.status_code == 422
    assert (
        "already registered" in again.json()["detail"] or "redan anmäld" in again.json()["detail"]
    )
    assert (
        as_worker.delete(f"/api/v1/events/{event.pk}/registration").json()["status"] == "cancelled"
    )
    assert as_manager.get(f"/api/v1/events/{event.pk}/registration").json()["status"] == "confirmed"


def test_anonymous_callers_cannot_register(cast, anonymous, make_event):
    event = make_event(visibility="public")
    assert anonymous.post(f"/api/v1/events/{event.pk}/registration").status_code == 401
    assert not Registration.objects.exists()


def test_coordinators_create_events_through_the_api(cast, as_coordinator, as_worker):
    payload = {
        "kind": "research_seminar",
        "title": "API-seminarium",
        "start": "2030-05-05T13:00:00+02:00",
        "end": "2030-05-05T15:00:00+02:00",
        "audience": "public",
        "capacity": 30,
        "organisations": [cast.school.slug],
    }
    assert (
        as_worker.post("/api/v1/events", payload, content_type="application/json").status_code
        == 403
    )
    response = as_coordinator.post("/api/v1/events", payload, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["organisations"] == ["testuni-hhs"] and response.json()["uid"].endswith(
        "@bryggan"
    )


def test_the_api_refuses_bad_event_input_and_saves_nothing(cast, as_coordinator):
    start = timezone.now() + timedelta(days=3)
    payload = {
        "kind": "workshop",
        "title": "Fel",
        "start": start.isoformat(),
        "end": (start - timedelta(hours=1)).isoformat(),
    }
    response = as_coordinator.post("/api/v1/events", payload, content_type="application/json")
    assert response.status_code == 422
    payload["end"] = (start + timedelta(hours=1)).isoformat()
    payload["registration_deadline"] = (start + timedelta(minutes=5)).isoformat()
    assert (
        as_coordinator.post("/api/v1/events", payload, content_type="application/json").status_code
        == 422
    )
    assert not Event.objects.exists()


def test_organisers_cancel_through_the_api(cast, as_coordinator, as_worker, make_event):
    event = make_event()
    assert as_worker.post(f"/api/v1/events/{event.pk}/cancel").status_code == 403
    response = as_coordinator.post(f"/api/v1/events/{event.pk}/cancel")
    assert response.json()["status"] == "cancelled" and response.json()["sequence"] == 1
