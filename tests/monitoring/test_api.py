"""The monitoring JSON API follows the same permission rules as the pages."""

import pytest

from bryggan.api.models import ApiToken
from bryggan.monitoring import services
from bryggan.monitoring.models import HarvestRun, Source, Subscription
from bryggan.monitoring.normalise import Item
from bryggan.taxonomy.models import PriorityArea

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    _token, secret = ApiToken.issue(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def area(db) -> PriorityArea:
    return PriorityArea.objects.create(
        slug="missbruk-och-beroende", name_sv="Missbruk och beroende"
    )


def test_coordinators_add_sources_and_start_harvests_through_the_api(cast, anonymous) -> None:
    headers = bearer(cast.coordinator)
    response = anonymous.post(
        "/api/v1/monitoring/sources",
        {
            "name": "DiVA",
            "kind": "oai",
            "url": "https://diva.example.org/oai",
            "metadata_prefix": "swepub_mods",
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201
    assert response.json()["has_api_key"] is False
    source_id = response.json()["id"]
    response = anonymous.post(f"/api/v1/monitoring/sources/{source_id}/harvest", **headers)
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    again = anonymous.post(f"/api/v1/monitoring/sources/{source_id}/harvest", **headers)
    assert again.status_code == 409
    runs = anonymous.get("/api/v1/monitoring/runs", **headers).json()
    assert runs["count"] == 1


def test_a_source_without_its_address_is_refused_with_a_reason(cast, anonymous) -> None:
    response = anonymous.post(
        "/api/v1/monitoring/sources",
        {"name": "DiVA", "kind": "oai"},
        content_type="application/json",
        **bearer(cast.coordinator),
    )
    assert response.status_code == 422
    assert "url" in response.json()["detail"]
    assert not Source.objects.exists()


def test_social_workers_may_not_configure_sources(cast, anonymous) -> None:
    headers = bearer(cast.worker)
    assert anonymous.get("/api/v1/monitoring/sources", **headers).status_code == 403
    assert anonymous.get("/api/v1/monitoring/sources").status_code == 401


def test_records_are_for_staff_and_area_feeds_are_public(cast, anonymous, area) -> None:
    services.watchlist_save(area=area, terms_en="tramadol")
    source = Source.objects.create(name="T", kind="feed", url="https://t.example.org")
    services.records_import(
        source=source, items=[Item(external_id="1", title="Tramadol and youth", year=2026)]
    )
    services.records_match()
    assert anonymous.get("/api/v1/monitoring/records").status_code == 403
    records = anonymous.get("/api/v1/monitoring/records", **bearer(cast.worker)).json()
    assert records["items"][0]["sources"] == ["T"]
    feed = anonymous.get(f"/api/v1/monitoring/areas/{area.slug}/feed").json()
    assert feed["items"][0]["reasons"] == ["term: tramadol"]
    assert feed["items"][0]["record"]["title"] == "Tramadol and youth"


def test_coordinators_replace_an_area_watchlist(cast, anonymous, area) -> None:
    url = f"/api/v1/monitoring/areas/{area.slug}/watchlist"
    payload = {
        "terms_sv": ["missbruk"],
        "terms_en": ["addiction"],
        "subject_codes": ["30309"],
        "authors": [],
    }
    denied = anonymous.put(url, payload, content_type="application/json", **bearer(cast.worker))
    assert denied.status_code == 403
    response = anonymous.put(
        url, payload, content_type="application/json", **bearer(cast.coordinator)
    )
    assert response.status_code == 200
    assert anonymous.get(url).json() == payload


def test_users_manage_their_own_subscriptions(cast, anonymous, area) -> None:
    headers = bearer(cast.worker)
    response = anonymous.post(
        "/api/v1/monitoring/subscriptions",
        {"area": area.slug, "frequency": "monthly"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201
    subscription_id = response.json()["id"]
    assert (
        anonymous.get("/api/v1/monitoring/subscriptions", **headers).json()[0]["frequency"]
        == "monthly"
    )
    other = bearer(cast.manager)
    assert (
        anonymous.delete(f"/api/v1/monitoring/subscriptions/{subscription_id}", **other).status_code
        == 404
    )
    assert (
        anonymous.delete(
            f"/api/v1/monitoring/subscriptions/{subscription_id}", **headers
        ).status_code
        == 204
    )
    assert not Subscription.objects.exists()


def test_a_failed_run_is_resumed_through_the_api(cast, anonymous) -> None:
    source = Source.objects.create(
        name="X", kind="oai", url="https://x.example.org", metadata_prefix="oai_dc"
    )
    run = HarvestRun.objects.create(source=source, status=HarvestRun.Status.FAILED, cursor="tok")
    response = anonymous.post(
        f"/api/v1/monitoring/runs/{run.pk}/resume", **bearer(cast.coordinator)
    )
    assert response.status_code == 202
    assert response.json()["cursor"] == "tok"
