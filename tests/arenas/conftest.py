"""Helpers for learning-arena tests: events relative to now, in Swedish time."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from bryggan.arenas.models import Event, Membership, Series
from bryggan.library import services as library_services
from bryggan.library.models import Publication
from bryggan.people.models import Person

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


@pytest.fixture
def make_event(cast):
    def make(**fields) -> Event:
        start = fields.pop("start", timezone.now() + timedelta(days=7))
        defaults = {
            "kind": Event.Kind.RESEARCH_SEMINAR,
            "title": "Unga och tramadol",
            "start": start,
            "end": start + timedelta(hours=2),
            "visibility": "internal",
            "created_by": cast.coordinator,
        }
        defaults.update(fields)
        return Event.objects.create(**defaults)

    return make


@pytest.fixture
def group(cast):
    series = Series.objects.create(
        slug="lund-grupp",
        kind=Series.Kind.DISCUSSION_GROUP,
        title="Diskussionsgruppen Unga",
        visibility="restricted",
    )
    Membership.objects.create(series=series, person=Person.objects.get(user=cast.worker))
    Membership.objects.create(
        series=series,
        person=Person.objects.get(user=cast.researcher),
        role=Membership.Role.RESEARCHER,
    )
    return series


def make_report(**fields) -> Publication:
    """A library report made through the library's service, with two authors."""
    defaults = {
        "kind": Publication.Kind.REPORT,
        "title": "Kunskapsstyrning i socialtjänsten",
        "subtitle": "Hur tretton kommuner använder forskning",
        "year": 2024,
        "language": "sv",
        "visibility": "public",
    }
    authors = fields.pop(
        "authors",
        [
            {"family_name": "Björk", "given_name": "Ingrid"},
            {"family_name": "Ekholm", "given_name": "Marcus"},
        ],
    )
    return library_services.publication_save(authors=authors, **{**defaults, **fields})


@pytest.fixture
def report(cast) -> Publication:
    return make_report()
