"""People, their affiliations and expertise; visibility and the ORCID check."""

from datetime import date

import pytest

from bryggan.core.models import Visibility
from bryggan.lib.orcid import normalise_orcid
from bryggan.people.models import Affiliation, Person
from bryggan.taxonomy.models import Topic

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"),
        ("0000-0002-1694-233X", "0000-0002-1694-233X"),
        ("0000000218250097", "0000-0002-1825-0097"),
        ("0000-0002-1825-0098", None),
        ("0000-0002-1825-009", None),
        ("abcd-0002-1825-0097", None),
    ],
)
def test_orcid_check_digit(value, expected):
    assert normalise_orcid(value) == expected


def test_internal_profiles_are_hidden_from_the_public_and_from_outsiders(
    cast, anonymous, as_outsider, as_manager
):
    assert anonymous.get("/personer/worker/").status_code == 404
    assert as_outsider.get("/personer/worker/").status_code == 404
    assert as_manager.get("/personer/worker/").status_code == 200
    assert "Wilma" not in anonymous.get("/personer/").content.decode()


def test_public_profiles_are_open_to_everyone(cast, anonymous):
    Person.objects.filter(slug="researcher").update(visibility=Visibility.PUBLIC)
    page = anonymous.get("/personer/researcher/").content.decode()
    assert "Rut Forskare" in page
    assert "Forskare" in page and "Hälsohögskolan" in page


def test_a_person_page_lists_affiliations_with_role_organisation_and_period(cast, as_worker):
    page = as_worker.get("/personer/manager/").content.decode()
    assert "Chef" in page and "Barn och unga" in page and "2020-01-01" in page


def test_people_can_be_filtered_by_expertise(cast, as_worker):
    topic = Topic.objects.create(name_sv="Stödgrupper", slug="stodgrupper")
    Person.objects.get(slug="researcher").topics.add(topic)
    page = as_worker.get("/personer/", {"topic": topic.pk}).content.decode()
    assert "Rut Forskare" in page and "Max Chef" not in page


def test_a_coordinator_adds_a_person_with_a_valid_orcid(cast, as_coordinator):
    response = as_coordinator.post(
        "/personer/ny/",
        {
            "given_name": "Greta",
            "family_name": "Gren",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(given_name="Greta").orcid == "0000-0002-1825-0097"


def test_an_orcid_with_a_wrong_check_digit_is_refused_and_the_form_keeps_the_input(
    cast, as_coordinator
):
    response = as_coordinator.post(
        "/personer/ny/",
        {
            "given_name": "Greta",
            "family_name": "Gren",
            "orcid": "0000-0002-1825-0098",
            "visibility": "public",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "inte ett giltigt ORCID" in page
    assert 'value="Greta"' in page
    assert not Person.objects.filter(given_name="Greta").exists()


def test_people_edit_their_own_profile_but_not_others(cast, as_worker):
    form = {
        "given_name": "Wilma",
        "family_name": "Arbetare",
        "title": "Socionom",
        "visibility": "internal",
    }
    assert as_worker.post("/personer/worker/andra/", form).status_code == 302
    assert Person.objects.get(slug="worker").title == "Socionom"
    assert as_worker.post("/personer/manager/andra/", form).status_code == 403


def test_a_coordinator_adds_and_ends_an_affiliation_which_stays_as_history(cast, as_coordinator):
    response = as_coordinator.post(
        "/personer/worker/anknytning/",
        {"organisation": cast.other_unit.pk, "role": "social_worker", "start": "2024-01-01"},
    )
    assert response.status_code == 302
    affiliation = Affiliation.objects.get(person__slug="worker", organisation=cast.other_unit)
    as_coordinator.post(f"/personer/worker/anknytning/{affiliation.pk}/avsluta/")
    affiliation.refresh_from_db()
    assert affiliation.end is not None
    assert "Vuxenenheten" in as_coordinator.get("/personer/worker/").content.decode()


def test_an_affiliation_ending_before_it_starts_is_refused(cast, as_coordinator):
    response = as_coordinator.post(
        "/personer/worker/anknytning/",
        {
            "organisation": cast.other_unit.pk,
            "role": "manager",
            "start": "2024-05-01",
            "end": "2024-01-01",
        },
    )
    assert response.status_code == 400
    assert "kan inte sluta innan" in response.content.decode()
    assert not Affiliation.objects.filter(person__slug="worker", role="manager").exists()


def test_roles_come_from_current_affiliations_only(cast, as_worker):
    person = Person.objects.get(slug="outsider")
    Affiliation.objects.create(
        person=person,
        organisation=cast.unit,
        role="social_worker",
        start=date(2010, 1, 1),
        end=date(2011, 1, 1),
    )
    from tests.conftest import client_for

    assert client_for(cast.outsider).get("/personer/worker/").status_code == 404
