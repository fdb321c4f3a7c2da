"""The JSON API follows the same rules as the pages."""

from datetime import timedelta

from bryggan.followup.models import Measurement, Subject
from bryggan.lib.suppression import SUPPRESSED
from tests.conftest import client_for
from tests.followup.conftest import answers, enrol


def test_plans_are_listed_by_role(world, cast):
    for user, count in [(cast.worker, 1), (cast.researcher, 1), (cast.outsider, 0)]:
        data = client_for(user).get("/api/v1/followup/plans").json()
        assert len(data) == count
    assert client_for(None).get("/api/v1/followup/plans").json() == []


def test_a_plan_says_what_the_caller_may_do(world, cast):
    data = client_for(cast.worker).get(f"/api/v1/followup/plans/{world.plan.slug}").json()
    assert data["access"]["entry_units"] == ["BU"]
    assert data["access"]["export"] is False
    assert [o["key"] for o in data["occasions"]] == ["baseline", "3m"]
    assert (
        client_for(cast.outsider).get(f"/api/v1/followup/plans/{world.plan.slug}").status_code
        == 404
    )


def test_unit_staff_create_codes_and_enter_answers(world, cast):
    client = client_for(cast.worker)
    base = f"/api/v1/followup/plans/{world.plan.slug}"
    response = client.post(
        f"{base}/subjects",
        {
            "unit": "BU",
            "count": 2,
            "enrolled_on": (world.plan.start + timedelta(days=3)).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    code = response.json()[0]["code"]
    assert (
        client.post(
            f"{base}/subjects",
            {"unit": "VUX", "count": 1, "enrolled_on": world.plan.start.isoformat()},
            content_type="application/json",
        ).status_code
        == 404
    )
    url = f"{base}/subjects/{code}/measurements/baseline/{world.version.pk}"
    payload = {
        "measured_on": (world.plan.start + timedelta(days=5)).isoformat(),
        "answers": answers(),
    }
    response = client.put(url, payload, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["answers"]["support"] == [1, 2]
    bad = {**payload, "answers": answers(sleep="99")}
    response = client.put(url, bad, content_type="application/json")
    assert response.status_code == 422 and "99" in response.json()["detail"]


def test_the_api_refuses_an_identity_number_and_does_not_echo_it(world, cast):
    (subject,) = enrol(world, world.unit, 1)
    client = client_for(cast.worker)
    url = f"/api/v1/followup/plans/{world.plan.slug}/subjects/{subject.code}/measurements/baseline/{world.version.pk}"
    payload = {
        "measured_on": world.plan.start.isoformat(),
        "answers": answers(note="pnr 6408233234"),
    }
    response = client.put(url, payload, content_type="application/json")
    assert response.status_code == 422
    assert "********34" in response.json()["detail"]
    assert "6408233234" not in response.content.decode()
    assert not Measurement.objects.exists()


def test_records_of_another_unit_are_hidden(world, cast):
    (foreign,) = enrol(world, world.other, 1)
    client = client_for(cast.worker)
    url = f"/api/v1/followup/plans/{world.plan.slug}/subjects/{foreign.code}/measurements"
    assert client.get(url).status_code == 404
    assert client_for(cast.researcher).get(url).status_code == 200
    codes = [
        s["code"] for s in client.get(f"/api/v1/followup/plans/{world.plan.slug}/subjects").json()
    ]
    assert foreign.code not in codes
    assert (
        client_for(cast.coordinator)
        .get(f"/api/v1/followup/plans/{world.plan.slug}/subjects")
        .status_code
        == 403
    )


def test_the_report_marks_suppressed_figures(filled, cast):
    data = client_for(cast.manager).get(f"/api/v1/followup/plans/{filled.plan.slug}/report").json()
    figures = [c["n"] for r in data["items"] for c in r["distribution"]]
    assert SUPPRESSED in figures
    assert (
        client_for(cast.outsider)
        .get(f"/api/v1/followup/plans/{filled.plan.slug}/report")
        .status_code
        == 404
    )
    assert (
        client_for(cast.manager)
        .get(f"/api/v1/followup/plans/{filled.plan.slug}/report?unit=VUX")
        .status_code
        == 404
    )


def test_exports_through_the_api(filled, cast):
    client = client_for(cast.researcher)
    url = f"/api/v1/followup/plans/{filled.plan.slug}/exports"
    response = client.post(
        url, {"scope": "records", "format": "csv"}, content_type="application/json"
    )
    assert response.status_code == 422
    response = client.post(
        url,
        {"scope": "records", "format": "sav", "purpose": "Forskning, Dnr 2025-00001"},
        content_type="application/json",
    )
    assert response.status_code == 201
    job = response.json()
    assert job["status"] == "succeeded" and job["download"]
    assert client.get(job["download"]).status_code == 200
    assert (
        client_for(cast.worker)
        .post(url, {"scope": "aggregated", "format": "csv"}, content_type="application/json")
        .status_code
        == 403
    )
    assert Subject.objects.count() == 20
