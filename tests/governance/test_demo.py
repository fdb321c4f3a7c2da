"""The demo: FoUrum's owners, bodies and funding; Jönköping's reference group that became a steering group; Lund's agreement."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from bryggan.governance.models import (
    ActionItem,
    Agreement,
    BaseFunding,
    Body,
    Decision,
    Meeting,
    Membership,
)
from bryggan.governance.services import agreements_due

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(
        model.objects.count()
        for model in (Body, Membership, Meeting, Decision, ActionItem, BaseFunding, Agreement)
    )


def test_the_demo_is_idempotent_and_holds_the_model_organisations():
    call_command("seed_demo")
    counts = _counts()
    call_command("seed_demo")
    assert _counts() == counts

    year = timezone.localdate().year
    fourum = {b.kind: b for b in Body.objects.filter(partnership__slug="fourum")}
    assert set(fourum) == {"steering_group", "managers_network", "political_forum"}
    heads = Membership.objects.current().filter(
        body=fourum["steering_group"], represents__kind="municipality"
    )
    assert heads.values("represents").distinct().count() == 13
    for y in (year, year - 1):
        assert (
            BaseFunding.objects.filter(
                party__partnership__slug="fourum", year=y, party__role="owner"
            ).count()
            == 13
        )

    reference = Body.objects.get(slug="ssu-referensgrupp")
    steering = reference.succeeded_by
    assert steering is not None and steering.kind == "steering_group"
    assert (
        Decision.objects.filter(body=reference).exists()
        and Decision.objects.filter(body=steering).exists()
    )
    assert ActionItem.objects.open().filter(body=reference).exists()  # still on the agenda
    assert steering.meetings.upcoming().exists()

    lund = Agreement.objects.get(partnership__slug="lund-samverkan")
    assert lund.document and lund.coordinators.count() == 2
    assert lund in agreements_due()
