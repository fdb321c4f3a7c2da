"""The demo: Jönköping seminars and managers' meetings, two Lund groups with follow-up."""

import pytest
from django.core.management import call_command
from django.test import Client

from bryggan.arenas.models import Action, Event, Material, Series
from bryggan.people.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_is_idempotent_and_shows_groups_that_bring_units_together(
    django_capture_on_commit_callbacks,
):
    # The library report is attached when the whole demo is committed.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    counts = (
        Event.objects.count(),
        Series.objects.count(),
        Action.objects.count(),
        Material.objects.count(),
    )
    call_command("seed_demo")
    assert (
        Event.objects.count(),
        Series.objects.count(),
        Action.objects.count(),
        Material.objects.count(),
    ) == counts
    material = Material.objects.get(publication__title="Kunskapsstyrning i socialtjänsten")
    seminar = material.event
    assert seminar.series.slug == "forskningsseminarier-jonkoping"
    visitor = Client()
    page = visitor.get(seminar.get_absolute_url()).content.decode()
    assert material.publication.get_absolute_url() in page and "Ingrid Björk" in page
    assert seminar.title in visitor.get(material.publication.get_absolute_url()).content.decode()
    groups = Series.objects.filter(
        kind=Series.Kind.DISCUSSION_GROUP, partnership__slug="lund-samverkan"
    )
    assert groups.count() == 2
    seminars = Event.objects.filter(
        kind=Event.Kind.RESEARCH_SEMINAR, partnership__slug="socialtjanstens-universitet"
    )
    assert seminars.filter(organisations__slug="hhj").exists()
    assert Event.objects.filter(kind=Event.Kind.MANAGERS_MEETING).count() >= 3
    assert Action.objects.open().filter(event__series__in=groups).exists()
    client = Client()
    client.force_login(User.objects.get(email="lund.worker@example.org"))
    page = client.get(
        groups.get(slug="diskussionsgrupp-unga-och-missbruk").get_absolute_url()
    ).content.decode()
    for unit in ("Ungdomsenheten", "Barn och familj", "Vuxenenheten", "Socialhögskolan"):
        assert unit in page
    assert "Anna Forsberg" not in page
