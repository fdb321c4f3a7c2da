"""The JSON API: OpenAPI, public reads, personal tokens and the same permission rules as the pages."""

import pytest

from bryggan.api.models import ApiToken
from bryggan.core.models import Visibility
from bryggan.people.models import Organisation, Person

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_openapi_document_describes_the_api(anonymous):
    spec = anonymous.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "Bryggan API"
    assert "/api/v1/organisations" in spec["paths"]
    assert "/api/v1/people" in spec["paths"]


def test_anyone_reads_organisations(cast, anonymous):
    data = anonymous.get("/api/v1/organisations", {"parent": "testkoping-sf"}).json()
    assert {item["slug"] for item in data["items"]} == {"testkoping-bu", "testkoping-vux"}


def test_people_in_the_api_follow_the_same_visibility_as_pages(cast, anonymous, as_worker):
    Person.objects.filter(slug="researcher").update(visibility=Visibility.PUBLIC)
    public = {p["slug"] for p in anonymous.get("/api/v1/people").json()["items"]}
    assert public == {"researcher"}
    staff = {p["slug"] for p in as_worker.get("/api/v1/people").json()["items"]}
    assert {"worker", "manager", "researcher"} <= staff
    assert anonymous.get("/api/v1/people/worker").status_code == 404


def test_a_personal_token_created_on_the_page_works_until_revoked(cast, as_coordinator, anonymous):
    page = as_coordinator.post("/account/tokens/", {"name": "Skript"}).content.decode()
    token = ApiToken.objects.get(name="Skript")
    secret = page.split('<code class="secret">')[1].split("<")[0]
    assert secret.startswith("bry_") and token.key_hash != secret
    me = anonymous.get("/api/v1/me", **bearer(secret)).json()
    assert me["email"] == "coordinator@test.example" and "coordinator" in me["roles"]
    as_coordinator.post(f"/account/tokens/{token.pk}/revoke/")
    assert anonymous.get("/api/v1/me", **bearer(secret)).status_code == 401


def test_a_coordinator_creates_an_organisation_through_the_api(cast, anonymous):
    _token, secret = ApiToken.issue(user=cast.coordinator, name="t")
    response = anonymous.post(
        "/api/v1/organisations",
        {"name_sv": "Ny enhet", "kind": "unit", "parent": "testkoping-sf"},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 201
    assert Organisation.objects.get(name_sv="Ny enhet").parent == cast.department


def test_a_social_worker_may_not_create_organisations(cast, anonymous):
    _token, secret = ApiToken.issue(user=cast.worker, name="t")
    response = anonymous.post(
        "/api/v1/organisations",
        {"name_sv": "Ny enhet", "kind": "unit"},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(name_sv="Ny enhet").exists()


def test_writes_without_credentials_are_refused(cast, anonymous):
    response = anonymous.post(
        "/api/v1/organisations", {"name_sv": "X", "kind": "unit"}, content_type="application/json"
    )
    assert response.status_code == 401


def test_invalid_input_gets_translated_messages(cast, anonymous):
    _token, secret = ApiToken.issue(user=cast.coordinator, name="t")
    response = anonymous.post(
        "/api/v1/organisations", {"kind": "unit"}, content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"][-1] == "name_sv"
    assert detail[0]["msg"] == "Fältet måste fyllas i."


def test_an_invalid_tree_from_the_api_is_refused_with_a_message(cast, anonymous):
    _token, secret = ApiToken.issue(user=cast.coordinator, name="t")
    response = anonymous.post(
        "/api/v1/organisations",
        {"name_sv": "Fel", "kind": "unit", "parent": "testuni"},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 422
    assert not Organisation.objects.filter(name_sv="Fel").exists()
