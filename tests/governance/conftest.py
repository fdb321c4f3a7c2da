"""Fixtures for governance tests: a partnership, a steering group with members, meetings."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from bryggan.governance import services
from bryggan.governance.models import Body, Meeting, Membership, Partnership, Party
from bryggan.people.models import Person

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)


def person(user) -> Person:
    return Person.objects.get(user=user)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def partnership(cast) -> Partnership:
    partnership = Partnership.objects.create(
        slug="test",
        short_name="Test",
        name_sv="Testsamverkan",
        kind=Partnership.Kind.REGIONAL,
        visibility="public",
        start=date(2020, 1, 1),
    )
    Party.objects.create(
        partnership=partnership,
        organisation=cast.municipality,
        role=Party.Role.OWNER,
        mission="Stöd i uppföljning",
        joined=date(2020, 1, 1),
    )
    Party.objects.create(
        partnership=partnership,
        organisation=cast.university,
        role=Party.Role.ACADEMIC,
        mission="Forskare i styrgruppen",
        joined=date(2020, 1, 1),
    )
    return partnership


@pytest.fixture
def body(cast, partnership) -> Body:
    """A public steering group: the manager is its secretary, the worker a member."""
    body = services.body_save(
        partnership=partnership,
        kind=Body.Kind.STEERING_GROUP,
        name_sv="Styrgruppen",
        established=date(2020, 1, 1),
        visibility="public",
    )
    services.membership_add(
        body=body,
        person=person(cast.manager),
        role=Membership.Role.SECRETARY,
        start=date(2020, 1, 1),
    )
    services.membership_add(
        body=body, person=person(cast.worker), role=Membership.Role.MEMBER, start=date(2020, 1, 1)
    )
    return body


@pytest.fixture
def make_meeting(cast):
    def make(body: Body, *, days: int = -7, **fields) -> Meeting:
        start = fields.pop("start", timezone.now() + timedelta(days=days))
        fields.setdefault("visibility", body.visibility)
        return services.meeting_save(
            body=body, start=start, end=start + timedelta(hours=2), **fields
        )

    return make
