"""The portfolio's JSON API follows the same rules as the pages."""

from datetime import date

import pytest

from bryggan.portfolio import services
from bryggan.portfolio.models import Funding, Participation, Project, StaffLoan

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_the_list_shows_what_the_caller_may_see_with_filters(
    cast, anonymous, as_worker, make_project, forte
):
    funded = make_project(title="Öppet")
    services.funding_add(project=funded, funder=forte, year=2025, amount=10)
    make_project(title="Internt", visibility="internal", status="application")
    assert [p["title"] for p in anonymous.get("/api/v1/portfolio/projects").json()["items"]] == [
        "Öppet"
    ]
    staff = as_worker.get("/api/v1/portfolio/projects").json()
    assert staff["count"] == 2
    only = as_worker.get("/api/v1/portfolio/projects?status=application").json()["items"]
    assert [p["title"] for p in only] == ["Internt"]
    by_funder = as_worker.get("/api/v1/portfolio/projects?funder=forte").json()["items"]
    assert [(p["title"], p["funders"]) for p in by_funder] == [("Öppet", ["forte"])]
    assert as_worker.get("/api/v1/portfolio/projects?funder=okand").json()["count"] == 0


def test_coordinators_create_projects_others_get_403(cast, as_coordinator, as_worker, anonymous):
    payload = {
        "title": "Unga och tramadol",
        "kind": "research",
        "status": "application",
        "start": "2025-01-01",
        "end": "2027-12-31",
    }
    assert (
        anonymous.post("/api/v1/portfolio/projects", payload, content_type=JSON).status_code == 401
    )
    assert (
        as_worker.post("/api/v1/portfolio/projects", payload, content_type=JSON).status_code == 403
    )
    response = as_coordinator.post("/api/v1/portfolio/projects", payload, content_type=JSON)
    assert response.status_code == 201
    body = response.json()
    assert body["audience"] == "internal" and body["status_history"][0]["status"] == "application"


def test_bad_input_gets_422_with_a_clear_message_and_nothing_is_saved(cast, as_coordinator):
    payload = {
        "title": "Baklänges",
        "kind": "research",
        "status": "idea",
        "start": "2026-05-01",
        "end": "2026-01-01",
    }
    response = as_coordinator.post("/api/v1/portfolio/projects", payload, content_type=JSON)
    assert response.status_code == 422
    assert (
        "Perioden slutar (2026-01-01) innan den börjar (2026-05-01)." in response.json()["detail"]
    )
    wrong_kind = as_coordinator.post(
        "/api/v1/portfolio/projects", payload | {"kind": "nonsense"}, content_type=JSON
    )
    assert wrong_kind.status_code == 422
    assert not Project.objects.exists()


def test_participants_funding_and_status_through_the_api(
    cast, as_coordinator, make_project, forte, person_of
):
    project = make_project()
    base = f"/api/v1/portfolio/projects/{project.slug}"
    worker = person_of(cast.worker)
    ok = as_coordinator.post(
        f"{base}/participants",
        {"person": worker.slug, "role": "project_leader", "start": "2024-01-01"},
        content_type=JSON,
    )
    assert ok.status_code == 201
    twice = as_coordinator.post(
        f"{base}/participants",
        {"person": worker.slug, "role": "project_leader", "start": "2025-01-01"},
        content_type=JSON,
    )
    assert twice.status_code == 422 and "överlappar" in twice.json()["detail"]
    negative = as_coordinator.post(
        f"{base}/funding", {"funder": "forte", "year": 2025, "amount": "-1"}, content_type=JSON
    )
    assert negative.status_code == 422
    assert "Beloppet kan inte vara mindre än noll." in negative.json()["detail"]
    granted = as_coordinator.post(
        f"{base}/funding", {"funder": "forte", "year": 2025, "amount": "1600000"}, content_type=JSON
    )
    assert granted.status_code == 201
    status = as_coordinator.post(
        f"{base}/status", {"status": "completed", "on": "2026-12-31"}, content_type=JSON
    )
    detail = status.json()
    assert detail["status"] == "completed" and detail["granted_total"] == 1600000.0
    assert [p["person"] for p in detail["participants"]] == [worker.slug]
    assert Participation.objects.count() == 1 and Funding.objects.count() == 1


def test_project_leaders_may_patch_their_project(
    cast, as_worker, as_manager, make_project, person_of
):
    project = make_project()
    services.participation_add(
        project=project, person=person_of(cast.worker), role=Participation.Role.PROJECT_LEADER
    )
    url = f"/api/v1/portfolio/projects/{project.slug}"
    assert as_manager.patch(url, {"title": "Ny"}, content_type=JSON).status_code == 403
    response = as_worker.patch(url, {"title": "Ny titel", "end": "2027-06-30"}, content_type=JSON)
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.title == "Ny titel" and project.end == date(2027, 6, 30)
    assert project.start == date(2024, 1, 1)


def test_loans_through_the_api_refuse_over_100_percent(
    cast, as_coordinator, as_worker, make_project, person_of
):
    from bryggan.people.models import Organisation

    Organisation.objects.create(name_sv="Nässjö kommun", slug="nassjo", kind="municipality")
    project = make_project()
    payload = {
        "municipality": "nassjo",
        "person": person_of(cast.worker).slug,
        "project": project.slug,
        "share": 70,
        "start": "2024-01-01",
        "end": "2024-12-31",
    }
    assert as_worker.post("/api/v1/portfolio/loans", payload, content_type=JSON).status_code == 403
    assert (
        as_coordinator.post("/api/v1/portfolio/loans", payload, content_type=JSON).status_code
        == 201
    )
    again = as_coordinator.post("/api/v1/portfolio/loans", payload, content_type=JSON)
    assert again.status_code == 422 and "140 %" in again.json()["detail"]
    assert StaffLoan.objects.count() == 1
    totals = as_worker.get("/api/v1/portfolio/loans/totals").json()
    assert totals == [{"municipality": "nassjo", "year": 2024, "fte": 0.7, "people": 1}]
    assert len(as_worker.get("/api/v1/portfolio/loans").json()["items"]) == 1


def test_hidden_projects_are_404_in_the_api(cast, as_manager, anonymous, make_project):
    project = make_project(visibility="restricted")
    assert as_manager.get(f"/api/v1/portfolio/projects/{project.slug}").status_code == 404
    assert (
        anonymous.post(
            f"/api/v1/portfolio/projects/{project.slug}/status",
            {"status": "idea"},
            content_type=JSON,
        ).status_code
        == 401
    )
    assert (
        as_manager.post(
            f"/api/v1/portfolio/projects/{project.slug}/status",
            {"status": "idea"},
            content_type=JSON,
        ).status_code
        == 404
    )


def test_phd_milestones_through_the_api(cast, as_worker, as_manager, person_of):
    from bryggan.people.models import Organisation

    phd = services.phd_student_save(
        person=person_of(cast.worker),
        programme="Forskarutbildning",
        university=cast.university,
        topic="Unga på HVB",
        visibility="internal",
    )
    url = f"/api/v1/portfolio/phd-students/{phd.slug}/milestones"
    wrong = as_worker.put(
        url,
        [
            {"kind": "start", "planned": "2024-09-01"},
            {"kind": "half_time", "planned": "2023-01-01"},
        ],
        content_type=JSON,
    )
    assert wrong.status_code == 422
    assert as_manager.put(url, [], content_type=JSON).status_code == 403
    ok = as_worker.put(
        url,
        [{"kind": "start", "planned": "2024-09-01", "actual": "2024-09-01"}],
        content_type=JSON,
    )
    assert ok.status_code == 200 and ok.json()[0] == {
        "kind": "start",
        "planned": "2024-09-01",
        "actual": "2024-09-01",
        "note": "",
    }
    assert Organisation.objects.filter(kind="research_school").count() == 0
