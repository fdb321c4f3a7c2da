"""The shared cast every test can use: one user per demo role plus an outsider."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client

from bryggan.people.models import Affiliation, Organisation, Person, Role, User

PASSWORD = "correct-horse-battery"


@dataclass
class Cast:
    worker: User
    manager: User
    researcher: User
    coordinator: User
    admin: User
    outsider: User
    municipality: Organisation
    department: Organisation
    unit: Organisation
    other_unit: Organisation
    university: Organisation
    school: Organisation


def _member(
    email: str, given: str, family: str, org: Organisation | None, role: str | None
) -> User:
    user = User.objects.create_user(email, PASSWORD)
    person = Person.objects.create(
        given_name=given, family_name=family, slug=email.split("@")[0], user=user
    )
    if org and role:
        Affiliation.objects.create(
            person=person, organisation=org, role=role, start=date(2020, 1, 1)
        )
    return user


@pytest.fixture(autouse=True)
def _fresh_state(settings) -> None:
    """Clear the cache (login rate limits live there) and hash passwords fast (tests only)."""
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db: None) -> Cast:
    K = Organisation.Kind
    municipality = Organisation.objects.create(
        name_sv="Testköpings kommun", slug="testkoping", kind=K.MUNICIPALITY
    )
    department = Organisation.objects.create(
        name_sv="Socialförvaltningen", slug="testkoping-sf", kind=K.DEPARTMENT, parent=municipality
    )
    unit = Organisation.objects.create(
        name_sv="Barn och unga", slug="testkoping-bu", kind=K.UNIT, parent=department
    )
    other_unit = Organisation.objects.create(
        name_sv="Vuxenenheten", slug="testkoping-vux", kind=K.UNIT, parent=department
    )
    university = Organisation.objects.create(
        name_sv="Testuniversitetet", slug="testuni", kind=K.UNIVERSITY
    )
    school = Organisation.objects.create(
        name_sv="Hälsohögskolan", slug="testuni-hhs", kind=K.SCHOOL, parent=university
    )
    admin = User.objects.create_superuser("admin@test.example", PASSWORD)
    return Cast(
        worker=_member("worker@test.example", "Wilma", "Arbetare", unit, Role.SOCIAL_WORKER),
        manager=_member("manager@test.example", "Max", "Chef", unit, Role.MANAGER),
        researcher=_member("researcher@test.example", "Rut", "Forskare", school, Role.RESEARCHER),
        coordinator=_member(
            "coordinator@test.example", "Cecilia", "Samordnare", department, Role.COORDINATOR
        ),
        admin=admin,
        outsider=_member("outsider@test.example", "Otto", "Utomstående", None, None),
        municipality=municipality,
        department=department,
        unit=unit,
        other_unit=other_unit,
        university=university,
        school=school,
    )


def client_for(user: User | None) -> Client:
    """Return a test client logged in as `user` (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_worker(cast: Cast) -> Client:
    return client_for(cast.worker)


@pytest.fixture
def as_coordinator(cast: Cast) -> Client:
    return client_for(cast.coordinator)


@pytest.fixture
def as_outsider(cast: Cast) -> Client:
    return client_for(cast.outsider)


@pytest.fixture
def as_researcher(cast: Cast) -> Client:
    return client_for(cast.researcher)


@pytest.fixture
def as_manager(cast: Cast) -> Client:
    return client_for(cast.manager)


@pytest.fixture
def as_admin(cast: Cast) -> Client:
    return client_for(cast.admin)


@pytest.fixture
def anonymous() -> Client:
    return Client()
