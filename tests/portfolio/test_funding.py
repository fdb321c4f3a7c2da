"""Funding: funders of the kind funder, amounts per year and grant, no negative amounts."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from bryggan.portfolio import services
from bryggan.portfolio.models import Funding

pytestmark = pytest.mark.django_db


def _post(client, project, **fields):
    data = {"year": 2025, "amount": "100000", "grant": "Dnr 1", "status": "granted"} | fields
    return client.post(f"/projekt/{project.slug}/finansiering/", data)


def test_amounts_per_funder_grant_and_year_are_added_and_totalled(
    cast, as_coordinator, make_project, forte
):
    project = make_project()
    for year, amount in ((2024, "1150000"), (2025, "1600000")):
        assert (
            _post(as_coordinator, project, funder=forte.pk, year=year, amount=amount).status_code
            == 302
        )
    _post(as_coordinator, project, funder=forte.pk, year=2026, amount="900000", status="applied")
    assert Funding.objects.count() == 3
    page = as_coordinator.get(project.get_absolute_url()).content.decode()
    assert "2\xa0750\xa0000" in page  # granted
    assert "900\xa0000" in page and "Sökt, ännu inte beslutat" in page


def test_an_amount_below_zero_is_refused_with_a_clear_message(
    cast, as_coordinator, make_project, forte
):
    project = make_project()
    response = _post(as_coordinator, project, funder=forte.pk, amount="-5")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Beloppet kan inte vara mindre än noll." in page and 'value="-5"' in page
    with pytest.raises(ValidationError, match="noll"):
        services.funding_add(project=project, funder=forte, year=2025, amount=Decimal("-1"))
    assert not Funding.objects.exists()


def test_a_year_outside_the_project_period_is_refused(cast, as_coordinator, make_project, forte):
    project = make_project(start=date(2024, 4, 1), end=date(2026, 12, 31))
    response = _post(as_coordinator, project, funder=forte.pk, year=2030)
    assert "Året 2030 ligger utanför projektets period (2024–2026)." in response.content.decode()
    assert not Funding.objects.exists()


def test_only_funders_can_fund(cast, as_coordinator, make_project, forte):
    project = make_project()
    response = _post(as_coordinator, project, funder=cast.municipality.pk)
    assert response.status_code == 400  # not even offered in the list
    assert not Funding.objects.exists()


def test_archived_funding_stays_but_no_longer_counts(cast, as_coordinator, make_project, forte):
    project = make_project()
    row = services.funding_add(project=project, funder=forte, year=2025, amount=Decimal(7777))
    as_coordinator.post(f"/projekt/{project.slug}/finansiering/{row.pk}/arkivera/")
    row.refresh_from_db()
    assert row.archived
    assert "7\xa0777" not in as_coordinator.get(project.get_absolute_url()).content.decode()
