"""The JSON API follows the same rules as the pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from bryggan.governance import services
from bryggan.governance.models import BaseFunding, Body, Membership
from tests.governance.conftest import local

pytestmark = pytest.mark.django_db


def test_the_overview_through_the_api(cast, anonymous, partnership, body, make_meeting):
    party = partnership.parties.get(organisation=cast.municipality)
    year = timezone.localdate().year
    services.funding_set(partnership=partnership, party=party, year=year, amount=1000)
    make_meeting(body, days=5, title="Nästa möte")
    data = anonymous.get("/api/v1/partnerships/test/overview").json()
    assert data["figures"]["funding_total"] == 1000 and data["figures"]["parties"] == 2
    assert [b["slug"] for b in data["bodies"]] == [body.slug]
    assert [m["title"] for m in data["upcoming_meetings"]] == ["Nästa möte"]
    assert {p["organisation"]: p["base_funding"] for p in data["parties"]} == {
        "testkoping": 1000,
        "testuni": None,
    }


def test_funding_without_a_party_answers_422_and_saves_nothing(cast, as_coordinator, partnership):
    response = as_coordinator.put(
        "/api/v1/partnerships/test/funding",
        {"year": 2026, "amount": 1000},
        content_type="application/json",
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "party"
    assert not BaseFunding.objects.exists()
    ok = as_coordinator.put(
        "/api/v1/partnerships/test/funding",
        {"organisation": "testkoping", "year": 2026, "amount": 1000},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["amount"] == 1000


def test_writes_need_a_coordinator_and_a_login(cast, anonymous, as_worker, partnership):
    payload = {"organisation": "testkoping", "year": 2026, "amount": 1}
    url = "/api/v1/partnerships/test/funding"
    assert anonymous.put(url, payload, content_type="application/json").status_code == 401
    assert as_worker.put(url, payload, content_type="application/json").status_code == 403
    body = {"kind": "steering_group", "name_sv": "X", "established": "2024-01-01"}
    assert (
        as_worker.post(
            "/api/v1/partnerships/test/bodies", body, content_type="application/json"
        ).status_code
        == 403
    )
    assert not Body.objects.exists()


def test_members_decisions_and_actions_through_the_api(
    cast, as_coordinator, as_manager, as_worker, body
):
    # an overlapping seat with the same role is refused
    seat = {"person": "worker", "role": "member", "start": "2024-01-01"}
    response = as_coordinator.post(
        f"/api/v1/bodies/{body.slug}/members", seat, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "start"
    assert Membership.objects.filter(body=body, person__user=cast.worker).count() == 1
    # the secretary plans a meeting, records a decision and gives the worker an action
    start = timezone.now() - timedelta(hours=3)
    meeting = as_manager.post(
        f"/api/v1/bodies/{body.slug}/meetings",
        {
            "start": start.isoformat(),
            "end": (start + timedelta(hours=2)).isoformat(),
            "audience": "public",
        },
        content_type="application/json",
    ).json()
    decision = as_manager.post(
        f"/api/v1/meetings/{meeting['id']}/decisions",
        {"title": "Budget"},
        content_type="application/json",
    )
    assert decision.status_code == 201
    assert decision.json()["reference"] == f"SG {timezone.localtime(start).year}:1"
    action = as_manager.post(
        f"/api/v1/meetings/{meeting['id']}/actions",
        {
            "title": "Skicka budgeten",
            "owner": "worker",
            "due": (date.today() + timedelta(days=9)).isoformat(),
        },
        content_type="application/json",
    ).json()
    assert (
        as_worker.get("/api/v1/actions?mine=true").json()["items"][0]["title"] == "Skicka budgeten"
    )
    done = as_worker.patch(
        f"/api/v1/actions/{action['id']}", {"status": "done"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["closed_at"]
    detail = as_worker.get(f"/api/v1/meetings/{meeting['id']}").json()
    assert [d["reference"] for d in detail["decisions"]] == [decision.json()["reference"]]
    # an action without an owner is refused
    missing = as_manager.post(
        f"/api/v1/meetings/{meeting['id']}/actions",
        {"title": "Ingen ägare"},
        content_type="application/json",
    )
    assert missing.status_code == 422


def test_the_decision_log_through_the_api_hides_what_the_caller_may_not_see(
    cast, anonymous, as_worker, body, make_meeting
):
    meeting = make_meeting(body, start=local(2026, 2, 3, 9, 0))
    services.decision_add(meeting=meeting, title="Öppet", visibility="public")
    services.decision_add(meeting=meeting, title="Slutet", visibility="restricted")
    assert [d["title"] for d in anonymous.get("/api/v1/decisions").json()["items"]] == ["Öppet"]
    assert [d["title"] for d in as_worker.get("/api/v1/decisions?q=SG 2026:2").json()["items"]] == [
        "Slutet"
    ]


def test_deleting_a_body_with_history_answers_409(cast, as_coordinator, body):
    response = as_coordinator.delete(f"/api/v1/bodies/{body.slug}")
    detail = response.json()["detail"].lower()
    assert response.status_code == 409 and "arkivera det i stället" in detail
    assert Body.objects.filter(pk=body.pk).exists()


def test_a_transformation_through_the_api(cast, as_coordinator, body):
    response = as_coordinator.post(
        f"/api/v1/bodies/{body.slug}/transform",
        {"kind": "political_forum", "name_sv": "Politiskt forum", "on": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert (
        as_coordinator.get(f"/api/v1/bodies/{body.slug}").json()["succeeded_by"]
        == response.json()["slug"]
    )
    history = as_coordinator.get(f"/api/v1/bodies/{response.json()['slug']}/history").json()
    assert any("Politiskt forum" in entry["text"] for entry in history)


def test_restricted_bodies_are_404_in_the_api(cast, anonymous, as_researcher, as_worker, body):
    body.visibility = "restricted"
    body.save()
    assert anonymous.get(f"/api/v1/bodies/{body.slug}").status_code == 404
    assert as_researcher.get(f"/api/v1/bodies/{body.slug}").status_code == 404
    assert as_worker.get(f"/api/v1/bodies/{body.slug}").status_code == 200
    assert [b["slug"] for b in as_researcher.get("/api/v1/bodies").json()] == []
