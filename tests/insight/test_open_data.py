"""Open data: the published figures as CSV and JSON, with stable documented columns."""

from __future__ import annotations

import csv
import io
import json

import pytest
from frictionless import Package, Resource, Schema

from bryggan.insight.opendata import FIELDS, table_schema
from tests.conftest import client_for


@pytest.fixture
def published(world, cast):
    coordinator = client_for(cast.coordinator)
    coordinator.post(
        "/verksamhetsberattelser/ny/", {"partnership": "testsamverkan", "year": world.year}
    )
    coordinator.post(
        f"/verksamhetsberattelser/testsamverkan/{world.year}/publicera/", {"action": "publish"}
    )
    # A draft report is not open data.
    coordinator.post(
        "/verksamhetsberattelser/ny/", {"partnership": "annan-samverkan", "year": world.year}
    )


def test_csv_has_the_documented_columns_and_only_published_reports(world, published, anonymous):
    response = anonymous.get("/oppna-data/siffror.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == FIELDS
    assert {r["partnership"] for r in rows} == {"testsamverkan"}
    sessions = next(r for r in rows if r["figure"] == "arenas.sessions_held")
    assert sessions["value"] == "5"
    assert sessions["previous_year_value"] == "1"
    assert sessions["suppressed"] == "false"
    assert sessions["year"] == str(world.year)
    assert sessions["period_start"] == f"{world.year}-01-01"


def test_json_has_the_same_rows(world, published, anonymous):
    data = anonymous.get("/oppna-data/siffror.json").json()
    csv_rows = list(
        csv.DictReader(io.StringIO(anonymous.get("/oppna-data/siffror.csv").content.decode()))
    )
    assert len(data["figures"]) == len(csv_rows)
    assert set(data["figures"][0]) == set(FIELDS)
    per_report = anonymous.get(
        f"/verksamhetsberattelser/testsamverkan/{world.year}/siffror.json"
    ).json()
    assert per_report["figures"] == data["figures"]
    assert (
        anonymous.get(
            f"/verksamhetsberattelser/annan-samverkan/{world.year}/siffror.csv"
        ).status_code
        == 404
    )
    api = anonymous.get("/api/v1/insight/open-data/figures").json()
    assert api == data["figures"]


def test_the_csv_validates_against_its_table_schema(world, published, anonymous, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_bytes(anonymous.get("/oppna-data/siffror.csv").content)
    resource = Resource(
        path="figures.csv", basepath=str(tmp_path), schema=Schema.from_descriptor(table_schema())
    )
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads(anonymous.get("/oppna-data/datapackage.json").content)
    assert package["resources"][0]["schema"]["fields"][0]["name"] == "partnership"
    assert Package.from_descriptor({**package, "resources": []}) is not None


def test_the_open_data_page_documents_every_column(world, published, anonymous):
    html = anonymous.get("/oppna-data/").content.decode()
    for name in FIELDS:
        assert f"<code>{name}</code>" in html
    assert "arenas.sessions_held" in html
