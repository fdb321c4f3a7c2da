"""Figures about clients are suppressed below the minimum, everywhere they are shown."""

from __future__ import annotations

import pytest

from bryggan.insight.figures import SUPPRESSED, suppress_value
from bryggan.insight.registry import Measure, register_figure, unregister
from tests.conftest import client_for


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, 0), (1, SUPPRESSED), (4, SUPPRESSED), (5, 5), (120, 120), (None, None)],
)
def test_counts_about_clients_below_the_minimum_are_hidden(value, shown, settings):
    settings.BRYGGAN_SUPPRESSION_MINIMUM = 5
    assert suppress_value(value, concerns_clients=True) == shown


def test_figures_not_about_clients_are_never_hidden():
    assert suppress_value(2, concerns_clients=False) == 2
    assert suppress_value(2.5, concerns_clients=False) == 2.5


def test_derived_values_follow_the_number_they_rest_on(settings):
    settings.BRYGGAN_SUPPRESSION_MINIMUM = 5
    assert suppress_value(Measure(75.0, base=4), concerns_clients=True) == SUPPRESSED
    assert suppress_value(Measure(75.0, base=8), concerns_clients=True) == 75.0
    assert suppress_value(Measure(None, base=0), concerns_clients=True) is None
    # A share without the number it rests on cannot be checked, so it is hidden.
    assert suppress_value(33.3, concerns_clients=True) == SUPPRESSED


def test_the_minimum_comes_from_the_settings(settings):
    settings.BRYGGAN_SUPPRESSION_MINIMUM = 10
    assert suppress_value(7, concerns_clients=True) == SUPPRESSED
    assert suppress_value(10, concerns_clients=True) == 10


@pytest.fixture
def client_figure(world):
    """A figure about clients (as follow-up will register): 3 this year, 12 the year before."""
    counts = {world.year: 3, world.year - 1: 12}

    def compute(scope, period):
        return counts.get(period.start.year, 0) if period.start.month == 1 else 0

    register_figure(
        "test.clients_followed_up",
        label="Clients followed up",
        group="followup",
        unit="people",
        compute=compute,
        records=lambda scope, period, user: [],
        concerns_clients=True,
    )
    register_figure(
        "test.share_improved",
        label="Share of clients who improved",
        group="followup",
        unit="percent",
        compute=lambda scope, period: Measure(66.7, base=counts.get(period.start.year, 0)),
        concerns_clients=True,
    )
    yield
    unregister("test.clients_followed_up")
    unregister("test.share_improved")


def test_dashboard_api_and_page_suppress_client_figures(world, cast, client_figure, settings):
    settings.BRYGGAN_SUPPRESSION_MINIMUM = 5
    client = client_for(cast.coordinator)
    y = world.year
    data = client.get(
        f"/api/v1/insight/dashboards/partnerships/testsamverkan?start={y}-01-01&end={y}-12-31"
    ).json()
    rows = {r["key"]: r for r in data["figures"]}
    row = rows["test.clients_followed_up"]
    assert row["current"] == {"value": SUPPRESSED, "suppressed": True, "text": SUPPRESSED}
    assert row["previous"]["value"] == 12
    assert row["delta_previous"] == SUPPRESSED  # a difference would give the hidden value away
    assert rows["test.share_improved"]["current"]["value"] == SUPPRESSED
    assert rows["test.share_improved"]["previous"]["text"] == "66,7 %"
    page = client.get(f"/insikt/samverkan/testsamverkan/?start={y}-01-01&end={y}-12-31")
    assert "Clients followed up" in page.content.decode()
    # The records behind a suppressed figure are not listed either.
    records = client.get(
        f"/insikt/samverkan/testsamverkan/underlag/test.clients_followed_up/?start={y}-01-01&end={y}-12-31"
    )
    assert records.status_code == 200
    assert b".." in records.content
    assert records.context["suppressed"] == 5


def test_published_report_and_open_data_keep_the_suppression(world, cast, client_figure, settings):
    settings.BRYGGAN_SUPPRESSION_MINIMUM = 5
    coordinator = client_for(cast.coordinator)
    y = world.year
    coordinator.post("/verksamhetsberattelser/ny/", {"partnership": "testsamverkan", "year": y})
    coordinator.post(f"/verksamhetsberattelser/testsamverkan/{y}/publicera/", {"action": "publish"})
    rows = client_for(None).get("/api/v1/insight/open-data/figures").json()
    row = next(r for r in rows if r["figure"] == "test.clients_followed_up")
    assert row["value"] is None
    assert row["suppressed"] is True
    assert row["previous_year_value"] == 12
    csv = client_for(None).get("/oppna-data/siffror.csv").content.decode()
    line = next(x for x in csv.splitlines() if "test.clients_followed_up" in x)
    assert ",,true,12,false,true," in line
