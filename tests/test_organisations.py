"""The organisation tree, organisation pages and editing them in the app."""

import pytest

from bryggan.people.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_tree_nests_units_under_departments_under_municipalities(cast, anonymous):
    page = anonymous.get("/organisationer/").content.decode()
    municipality = page.index("Testköpings kommun")
    department = page.index("Socialförvaltningen", municipality)
    unit = page.index("Barn och unga", department)
    assert municipality < department < unit
    assert page.index("Testuniversitetet") < page.index("Hälsohögskolan")


def test_an_organisation_page_shows_its_parts_and_ancestors(cast, anonymous):
    page = anonymous.get("/organisationer/testkoping-sf/").content.decode()
    assert "Testköpings kommun" in page  # breadcrumb
    assert "Barn och unga" in page and "Vuxenenheten" in page


def test_staff_see_who_works_in_a_unit_but_the_public_does_not(cast, anonymous, as_worker):
    assert "Wilma Arbetare" in as_worker.get("/organisationer/testkoping-bu/").content.decode()
    assert "Wilma Arbetare" not in anonymous.get("/organisationer/testkoping-bu/").content.decode()


def test_a_coordinator_adds_a_unit(cast, as_coordinator):
    response = as_coordinator.post(
        "/organisationer/ny/",
        {"name_sv": "Familjestöd", "kind": "unit", "parent": cast.department.pk},
    )
    assert response.status_code == 302
    unit = Organisation.objects.get(name_sv="Familjestöd")
    assert unit.parent == cast.department
    assert response["Location"] == unit.get_absolute_url()


def test_the_tree_refuses_a_unit_directly_under_a_university_and_keeps_the_input(
    cast, as_coordinator
):
    response = as_coordinator.post(
        "/organisationer/ny/",
        {"name_sv": "Felplacerad enhet", "kind": "unit", "parent": cast.university.pk},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "kan inte vara del av" in page
    assert 'value="Felplacerad enhet"' in page
    assert not Organisation.objects.filter(name_sv="Felplacerad enhet").exists()


def test_an_organisation_cannot_become_part_of_its_own_part(cast, as_coordinator):
    response = as_coordinator.post(
        f"/organisationer/{cast.department.slug}/andra/",
        {"name_sv": "Socialförvaltningen", "kind": "department", "parent": cast.unit.pk},
    )
    assert response.status_code == 200
    cast.department.refresh_from_db()
    assert cast.department.parent == cast.municipality


def test_only_coordinators_edit_organisations(cast, as_worker, anonymous):
    assert as_worker.get("/organisationer/ny/").status_code == 403
    assert anonymous.get("/organisationer/ny/").status_code == 302
    assert (
        as_worker.post("/organisationer/ny/", {"name_sv": "X", "kind": "funder"}).status_code == 403
    )
    assert not Organisation.objects.filter(name_sv="X").exists()
