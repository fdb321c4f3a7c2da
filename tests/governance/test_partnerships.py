"""Partnerships: parties with their mission, priority areas, base funding with totals, the overview."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bryggan.governance import services
from bryggan.governance.models import BaseFunding, Partnership, Party
from bryggan.people.models import Organisation
from bryggan.taxonomy.models import PriorityArea
from tests.governance.conftest import person

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _fund(partnership, org, year, amount):
    party = Party.objects.get(partnership=partnership, organisation=org)
    return services.funding_set(partnership=partnership, party=party, year=year, amount=amount)


def test_the_overview_shows_parties_bodies_meetings_actions_and_funding(
    cast, anonymous, partnership, body, make_meeting
):
    _fund(partnership, cast.municipality, YEAR, 500_000)
    _fund(partnership, cast.university, YEAR, 250_000)
    _fund(partnership, cast.municipality, YEAR - 1, 400_000)
    past = make_meeting(body, days=-10)
    services.action_add(
        meeting=past, title="Skriva verksamhetsplan", owner=person(cast.worker), visibility="public"
    )
    make_meeting(body, days=10, title="Nästa styrgruppsmöte")
    page = anonymous.get("/samverkan/test/").content.decode()
    for text in (
        "Testköpings kommun",
        "Stöd i uppföljning",
        "Styrgruppen",
        "Nästa styrgruppsmöte",
        "Skriva verksamhetsplan",
        "750\xa0000",  # total for the year
        "400\xa0000",  # last year
    ):
        assert text in page, text


def test_funding_totals_per_year_on_the_funding_page(cast, anonymous, partnership):
    _fund(partnership, cast.municipality, 2025, 100_000)
    _fund(partnership, cast.university, 2025, 50_000)
    _fund(partnership, cast.municipality, 2026, 120_000)
    table = anonymous.get("/api/v1/partnerships/test/funding").json()
    assert table["years"] == [2025, 2026]
    assert table["totals"] == {"2025": 150_000, "2026": 120_000}
    page = anonymous.get("/samverkan/test/basfinansiering/").content.decode()
    assert "150\xa0000" in page and "120\xa0000" in page


def test_a_coordinator_records_and_corrects_base_funding(cast, as_coordinator, partnership):
    party = Party.objects.get(organisation=cast.municipality)
    url = "/samverkan/test/basfinansiering/"
    data = {"party": party.pk, "year": 2026, "amount": 300000, "note": ""}
    assert as_coordinator.post(url, data).status_code == 302
    assert as_coordinator.post(url, {**data, "amount": 320000}).status_code == 302
    assert list(BaseFunding.objects.values_list("year", "amount")) == [(2026, 320000)]


def test_a_funding_year_without_a_party_is_refused_and_nothing_is_saved(
    cast, as_coordinator, partnership
):
    response = as_coordinator.post(
        "/samverkan/test/basfinansiering/", {"party": "", "year": 2026, "amount": 1000}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "hör alltid till en part i samverkan" in page
    assert 'value="1000"' in page  # what the user typed is kept
    assert not BaseFunding.objects.exists()


def test_funding_is_refused_for_a_year_the_organisation_was_not_a_party(
    cast, as_coordinator, partnership
):
    party = Party.objects.get(organisation=cast.university)
    party.left = date(2023, 6, 30)
    party.save()
    response = as_coordinator.post(
        "/samverkan/test/basfinansiering/", {"party": party.pk, "year": 2025, "amount": 1000}
    )
    assert response.status_code == 400
    assert "2025" in response.content.decode()
    assert not BaseFunding.objects.exists()


def test_funding_cannot_be_booked_on_another_partnerships_party(cast, partnership):
    other = Partnership.objects.create(slug="annan", name_sv="Annan", kind="project")
    stranger = Party.objects.create(partnership=other, organisation=cast.school, role="academic")
    with pytest.raises(Exception) as error:
        services.funding_set(partnership=partnership, party=stranger, year=2026, amount=5)
    assert "party" in error.value.message_dict  # type: ignore[attr-defined]
    assert not BaseFunding.objects.exists()


def test_only_coordinators_record_funding_and_parties(cast, anonymous, as_worker, partnership):
    party = Party.objects.get(organisation=cast.municipality)
    data = {"party": party.pk, "year": 2026, "amount": 1}
    assert as_worker.post("/samverkan/test/basfinansiering/", data).status_code == 403
    assert anonymous.post("/samverkan/test/basfinansiering/", data).status_code == 302
    assert as_worker.get("/samverkan/test/parter/ny/").status_code == 403
    assert not BaseFunding.objects.exists()


def test_a_party_with_the_mission_it_defined(cast, as_coordinator, partnership):
    org = Organisation.objects.create(name_sv="Grannkommunen", slug="granne", kind="municipality")
    response = as_coordinator.post(
        "/samverkan/test/parter/ny/",
        {
            "organisation": org.pk,
            "role": "owner",
            "mission": "Stöd till familjehem",
            "joined": "2024-01-01",
        },
    )
    assert response.status_code == 302
    party = Party.objects.get(organisation=org)
    assert party.mission == "Stöd till familjehem"
    assert "Stöd till familjehem" in as_coordinator.get("/samverkan/test/").content.decode()


def test_bad_party_input_keeps_what_was_typed(cast, as_coordinator, partnership):
    response = as_coordinator.post(
        "/samverkan/test/parter/ny/",
        {
            "organisation": cast.municipality.pk,
            "role": "owner",
            "mission": "Mitt uppdrag",
            "joined": "2024-01-01",
            "left": "2023-01-01",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Mitt uppdrag" in page
    assert Party.objects.filter(partnership=partnership).count() == 2


def test_a_partys_period_cannot_drop_funding_already_recorded(cast, partnership):
    _fund(partnership, cast.municipality, 2025, 1000)
    party = Party.objects.get(organisation=cast.municipality)
    with pytest.raises(Exception) as error:
        services.party_save(
            partnership=partnership,
            party=party,
            organisation=party.organisation,
            role=party.role,
            joined=party.joined,
            left=date(2024, 12, 31),
        )
    assert "2025" in str(error.value)
    party.refresh_from_db()
    assert party.left is None


def test_coordinators_set_the_priority_areas(cast, as_coordinator, partnership):
    area = PriorityArea.objects.create(slug="barn", name_sv="Barn och unga")
    response = as_coordinator.post("/samverkan/test/omraden/", {"priority_areas": [area.pk]})
    assert response.status_code == 302
    assert list(partnership.priority_areas.all()) == [area]


def test_the_overview_makes_the_same_number_of_queries_for_many_parties(
    cast, as_coordinator, partnership, body, make_meeting
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert as_coordinator.get("/samverkan/test/").status_code == 200
        return len(captured)

    few = queries()
    for n in range(30):
        org = Organisation.objects.create(name_sv=f"Kommun {n}", slug=f"k{n}", kind="municipality")
        party = Party.objects.create(partnership=partnership, organisation=org, role="owner")
        services.funding_set(partnership=partnership, party=party, year=YEAR, amount=n)
        meeting = make_meeting(body, days=-n - 1)
        services.action_add(meeting=meeting, title=f"Åtgärd {n}", owner=person(cast.worker))
    assert queries() == few


def test_internal_partnerships_and_their_funding_are_hidden_from_outsiders(
    cast, anonymous, as_worker, partnership
):
    partnership.visibility = "internal"
    partnership.save()
    assert anonymous.get("/samverkan/test/").status_code == 404
    assert anonymous.get("/samverkan/test/basfinansiering/").status_code == 404
    assert anonymous.get("/api/v1/partnerships/test/funding").status_code == 404
    assert as_worker.get("/samverkan/test/").status_code == 200
