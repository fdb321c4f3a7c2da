"""Helpers for portfolio tests: a funder, a partnership and projects made through the services."""

from datetime import date

import pytest

from bryggan.governance.models import Partnership
from bryggan.people.models import Organisation, Person
from bryggan.portfolio import services
from bryggan.portfolio.models import Project
from bryggan.taxonomy.models import PriorityArea


@pytest.fixture
def forte(cast) -> Organisation:
    return Organisation.objects.create(name_sv="Forte", slug="forte", kind=Organisation.Kind.FUNDER)


@pytest.fixture
def partnership(cast) -> Partnership:
    return Partnership.objects.create(
        name_sv="Testsamverkan", slug="testsamverkan", kind="collaboration", visibility="public"
    )


@pytest.fixture
def area(cast) -> PriorityArea:
    return PriorityArea.objects.create(name_sv="Barn och unga", slug="barn-och-unga")


@pytest.fixture
def person_of():
    def get(user) -> Person:
        return Person.objects.get(user=user)

    return get


@pytest.fixture
def make_project(cast):
    def make(**fields) -> Project:
        defaults = {
            "title": "Stödgrupper för barn",
            "kind": Project.Kind.EVALUATION,
            "status": Project.Status.ONGOING,
            "start": date(2024, 1, 1),
            "end": date(2026, 12, 31),
            "visibility": "public",
        }
        defaults.update(fields)
        return services.project_save(user=cast.coordinator, **defaults)

    return make
