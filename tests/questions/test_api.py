"""The JSON API: the same rules as the pages, including the guard and anonymity."""

import pytest

from bryggan.questions.models import Question, Status, Submission
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_staff_submit_through_the_api_and_client_data_is_refused(cast, as_worker, taxonomy):
    refused = as_worker.post(
        "/api/v1/questions",
        {"title": "Hur gör vi?", "text": "Gäller 811218-9876"},
        content_type=JSON,
    )
    assert refused.status_code == 422 and "personnummer" in refused.json()["detail"]
    assert not Question.objects.exists()
    created = as_worker.post(
        "/api/v1/questions",
        {
            "title": "Hur stödjer vi unga som använder tramadol?",
            "anonymous": True,
            "priority_areas": ["missbruk"],
            "unit": cast.unit.slug,
        },
        content_type=JSON,
    )
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "new" and body["priority_areas"] == ["missbruk"]
    assert body["askers"][0]["you"] and body["askers"][0]["name"] == "Wilma Arbetare"


def test_empty_or_long_titles_are_refused_in_the_api(cast, as_worker):
    assert (
        as_worker.post("/api/v1/questions", {"title": "  "}, content_type=JSON).status_code == 422
    )
    assert (
        as_worker.post("/api/v1/questions", {"title": "x" * 201}, content_type=JSON).status_code
        == 422
    )
    assert not Submission.objects.exists()


def test_outsiders_and_anonymous_callers_cannot_submit(cast, as_outsider, anonymous):
    assert (
        as_outsider.post("/api/v1/questions", {"title": "Fråga"}, content_type=JSON).status_code
        == 403
    )
    assert (
        anonymous.post("/api/v1/questions", {"title": "Fråga"}, content_type=JSON).status_code
        == 401
    )


def test_the_preview_finds_similar_questions_without_saving(cast, as_worker, as_manager):
    as_worker.post(
        "/api/v1/questions",
        {"title": "Hur stödjer vi unga som använder tramadol?"},
        content_type=JSON,
    )
    response = as_manager.post(
        "/api/v1/questions/preview",
        {"text": "Vilket stöd finns för unga som använder tramadol?"},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["similar"][0]["title"] == "Hur stödjer vi unga som använder tramadol?"
    assert Question.objects.count() == 1
    bad = as_manager.post(
        "/api/v1/questions/preview", {"text": "Ring 036-10 50 00"}, content_type=JSON
    )
    assert bad.status_code == 422 and "telefonnummer" in bad.json()["detail"]


def test_lists_show_the_public_only_what_is_published(cast, as_worker, anonymous):
    as_worker.post("/api/v1/questions", {"title": "Intern fråga om tramadol"}, content_type=JSON)
    Question.objects.create(title="Besvarad fråga", status=Status.ANSWERED, visibility="public")
    public = [q["title"] for q in anonymous.get("/api/v1/questions").json()["items"]]
    assert public == ["Besvarad fråga"]
    staff = [q["title"] for q in as_worker.get("/api/v1/questions").json()["items"]]
    assert sorted(staff) == ["Besvarad fråga", "Intern fråga om tramadol"]
    mine = [q["title"] for q in as_worker.get("/api/v1/questions?mine=true").json()["items"]]
    assert mine == ["Intern fråga om tramadol"]


def test_merge_join_and_evidence_check_through_the_api(cast, as_worker, as_manager, as_coordinator):
    first = as_worker.post(
        "/api/v1/questions",
        {"title": "Hur stödjer vi unga som använder tramadol?"},
        content_type=JSON,
    ).json()["id"]
    second = as_manager.post(
        "/api/v1/questions", {"title": "Stöd till unga med tramadol?"}, content_type=JSON
    ).json()["id"]
    assert (
        as_worker.post(
            f"/api/v1/questions/{second}/merge", {"into": first}, content_type=JSON
        ).status_code
        == 403
    )
    itself = as_coordinator.post(
        f"/api/v1/questions/{first}/merge", {"into": first}, content_type=JSON
    )
    assert itself.status_code == 422 and "sig själv" in itself.json()["detail"]
    merged = as_coordinator.post(
        f"/api/v1/questions/{second}/merge", {"into": first}, content_type=JSON
    )
    assert merged.status_code == 200 and len(merged.json()["askers"]) == 2
    joined = client_for(cast.researcher).post(
        f"/api/v1/questions/{first}/join", {"anonymous": True}, content_type=JSON
    )
    assert joined.status_code == 201
    again = client_for(cast.researcher).post(
        f"/api/v1/questions/{first}/join", {}, content_type=JSON
    )
    assert again.status_code == 422
    check = as_coordinator.post(
        f"/api/v1/questions/{first}/evidence-checks",
        {"sources_searched": "SBU", "findings": "Inget", "verdict": "unanswered"},
        content_type=JSON,
    )
    assert check.status_code == 201 and check.json()["status"] == "unanswered"
    assert check.json()["evidence_check"]["sources_searched"] == ["SBU"]


def test_researchers_register_interest_through_the_api(
    cast, as_worker, as_researcher, as_coordinator
):
    pk = as_worker.post(
        "/api/v1/questions",
        {"title": "Hur stödjer vi unga som använder tramadol?"},
        content_type=JSON,
    ).json()["id"]
    assert (
        as_worker.post(f"/api/v1/questions/{pk}/interest", {}, content_type=JSON).status_code == 403
    )
    created = as_researcher.post(
        f"/api/v1/questions/{pk}/interest", {"note": "Gärna"}, content_type=JSON
    )
    assert created.status_code == 201 and created.json()["person"] == "researcher"
    connected = as_coordinator.post(
        f"/api/v1/questions/{pk}/interests/{created.json()['id']}/connect"
    )
    assert connected.json()["state"] == "connected"
