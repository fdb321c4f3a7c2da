"""The JSON API follows the same rules as the pages."""

from __future__ import annotations

import json

import pytest

from bryggan.insight.models import ActivityPlan, ActivityReport
from tests.conftest import client_for


def put(client, url, data):
    return client.put(url, json.dumps(data), content_type="application/json")


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_figure_catalogue_is_public(anonymous):
    data = anonymous.get("/api/v1/insight/figures").json()
    sessions = next(f for f in data if f["key"] == "arenas.sessions_held")
    assert sessions["group"] == "arenas"
    assert sessions["unit"] == "count"
    assert sessions["label"]["en"] == "Arena sessions held"
    assert set(sessions["scopes"]) == {"partnership", "organisation", "unit"}


def test_coordinator_writes_publishes_and_the_public_reads(world, cast, anonymous):
    coordinator = client_for(cast.coordinator)
    y = world.year
    url = f"/api/v1/insight/reports/testsamverkan/{y}"
    response = put(
        coordinator,
        url,
        {
            "introduction": "<p>Hej<script>x()</script></p>",
            "areas": {"barn": "Om barn"},
            "parties": {"testkoping-sf": "Förvaltningen"},
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["cleaned"] != []
    report = ActivityReport.objects.get(year=y)
    assert report.introduction == "<p>Hej</p>"
    assert report.sections.get(area=world.area).text == "<p>Om barn</p>"
    assert put(coordinator, url, {"areas": {"annat": "x"}}).status_code == 422
    assert anonymous.get(url).status_code == 404
    assert client_for(cast.worker).get(url).status_code == 200
    highlight = post(coordinator, url + "/highlights", {"title": "Ett seminarium", "text": "Bra"})
    assert highlight.status_code == 201
    assert post(coordinator, url + "/highlights", {"title": ""}).status_code == 422
    assert post(coordinator, url + "/publish").json()["status"] == "published"
    public = anonymous.get(url).json()
    figures = {r["key"]: r for g in public["content"]["groups"] for r in g["rows"]}
    assert figures["arenas.sessions_held"]["current"]["value"] == 5
    assert public["content"]["highlights"][0]["title"] == "Ett seminarium"
    listing = anonymous.get("/api/v1/insight/reports").json()
    assert [(r["partnership"], r["year"]) for r in listing] == [("testsamverkan", y)]
    deleted = coordinator.delete(url + f"/highlights/{highlight.json()['id']}")
    assert deleted.status_code == 204
    assert post(coordinator, url + "/unpublish").json()["status"] == "draft"


@pytest.mark.parametrize("who", ["worker", "researcher", "outsider"])
def test_only_coordinators_write(world, cast, who):
    client = client_for(getattr(cast, who))
    y = world.year
    assert put(client, f"/api/v1/insight/reports/testsamverkan/{y}", {}).status_code == 403
    assert put(client, f"/api/v1/insight/plans/testsamverkan/{y}", {}).status_code == 403


def test_writes_need_a_login(world, anonymous):
    assert (
        put(anonymous, f"/api/v1/insight/reports/testsamverkan/{world.year}", {}).status_code == 401
    )


def test_a_report_for_a_future_year_is_refused(world, cast):
    response = put(client_for(cast.coordinator), "/api/v1/insight/reports/testsamverkan/2199", {})
    assert response.status_code == 422


def test_plans_through_the_api(world, cast, anonymous):
    coordinator = client_for(cast.coordinator)
    y = world.year + 1
    url = f"/api/v1/insight/plans/testsamverkan/{y}"
    assert put(coordinator, url, {"introduction": "Planen"}).status_code == 200
    assert post(coordinator, url + "/publish").status_code == 422  # nothing planned yet
    item = post(
        coordinator, url + "/items", {"kind": "arena", "title": "Seminarier", "area": "barn"}
    )
    assert item.status_code == 201
    assert item.json()["area"] == "barn"
    assert (
        post(
            coordinator, url + "/items", {"kind": "arena", "title": "X", "area": "nej"}
        ).status_code
        == 422
    )
    assert post(coordinator, url + "/items", {"kind": "party", "title": "X"}).status_code == 422
    goal = post(
        coordinator,
        url + "/goals",
        {"text": "Tio arenor", "indicator": "arenas.sessions_held", "target": 10},
    )
    assert goal.status_code == 201
    bad = post(coordinator, url + "/goals", {"text": "Mål", "indicator": "finns.inte"})
    assert bad.status_code == 422
    assert "finns.inte" in bad.json()["detail"]
    followed = coordinator.patch(
        url + f"/items/{item.json()['id']}",
        json.dumps({"outcome": "done", "note": "Klart"}),
        content_type="application/json",
    )
    assert followed.json()["outcome"] == "done"
    assert anonymous.get(url).status_code == 404
    assert post(coordinator, url + "/publish").status_code == 200
    plan = anonymous.get(url).json()
    assert [i["title"] for i in plan["items"]] == ["Seminarier"]
    assert plan["goals"][0]["indicator"] == "arenas.sessions_held"
    assert [p["year"] for p in anonymous.get("/api/v1/insight/plans").json()] == [y]
    assert coordinator.delete(url + f"/goals/{goal.json()['id']}").status_code == 204
    assert coordinator.delete(url + f"/items/{item.json()['id']}").status_code == 204
    assert post(coordinator, url + "/unpublish").json()["status"] == "draft"
    assert ActivityPlan.objects.get(year=y).items.count() == 0


def test_dashboard_period_rules_in_the_api(world, cast):
    client = client_for(cast.worker)
    base = "/api/v1/insight/dashboards/partnerships/testsamverkan"
    assert client.get(base + "?start=2026-01-01").status_code == 422
    assert client.get(base + "?start=2026-13-01&end=2026-12-31").status_code == 422
    data = client.get(base).json()
    assert data["period"]["label"] == data["period"]["start"][:4]
