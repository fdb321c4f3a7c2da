"""A small follow-up world: an instrument, a plan over two units, subjects with answers."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from bryggan.followup import services
from bryggan.followup.models import (
    FollowupPlan,
    InstrumentVersion,
    Occasion,
    PlanGrant,
    PlanUnit,
)

DICTIONARY = """variable,type,label,choices,min,max,required,reverse,items,method,min_answered,higher_is_better,important_change
mood1,likert,Jag känner mig glad,"1, Aldrig | 2, Sällan | 3, Ibland | 4, Ofta | 5, Alltid",,,yes,,,,,,
mood2,likert,Jag känner mig ledsen,"1, Aldrig | 2, Sällan | 3, Ibland | 4, Ofta | 5, Alltid",,,,yes,,,,,
mood3,likert,Jag har någon att prata med,"1, Aldrig | 2, Sällan | 3, Ibland | 4, Ofta | 5, Alltid",,,,,,,,,
sleep,numeric,Timmar sömn en vanlig natt,,0,14,,,,,,,
school,yesno,Går i skolan,,,,,,,,,,
living,single,Bor med,"1, Båda föräldrarna | 2, En förälder | 3, Annat",,,,,,,,,
support,multiple,Stöd just nu,"1, Skolkurator | 2, BUP | 3, Annan",,,,,,,,,
started,date,Datum för första träffen,,,,,,,,,,
note,text,Kort kommentar,,,,,,,,,,
wellbeing,subscale,Välmående,,,,,,mood1 mood2 mood3,mean,2,yes,
"""


@dataclass
class World:
    plan: FollowupPlan
    version: InstrumentVersion
    baseline: Occasion
    later: Occasion
    unit: PlanUnit
    other: PlanUnit


def answers(mood: int = 3, **extra):
    base = {
        "mood1": str(mood),
        "mood2": str(6 - mood),
        "mood3": "4",
        "sleep": "8,5",
        "school": "ja",
        "living": "2",
        "support": "1;2",
        "started": "2025-01-15",
        "note": "",
    }
    base.update(extra)
    return base


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path) -> None:
    """Keep uploads and exports of the tests out of var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(cast) -> World:
    instrument = services.instrument_save(
        user=cast.coordinator,
        name="Barns välmående (demo)",
        description="",
        licence="own",
        licence_note="Skrivet för testerna.",
    )
    version = instrument.versions.get()
    services.dictionary_import(version=version, text=DICTIONARY)
    start = timezone.localdate() - timedelta(days=400)
    plan = services.plan_save(
        user=cast.coordinator,
        title="Stödgrupp för barn",
        kind="support_group",
        intervention="Stödgrupp",
        target_group="Barn 7–12 år",
        question="Mår barnen bättre efter gruppen?",
        description="",
        start=start,
        end=None,
        owner=None,
        report_period=FollowupPlan.ReportPeriod.YEAR,
        suppression_minimum=5,
        aggregated_exports_only=False,
        status=FollowupPlan.Status.ACTIVE,
    )
    unit = services.unit_add(plan=plan, organisation=cast.unit, code="BU")
    other = services.unit_add(plan=plan, organisation=cast.other_unit, code="VUX")
    baseline = services.occasion_save(
        plan=plan, versions=[version], key="baseline", label="Start", months=0
    )
    later = services.occasion_save(
        plan=plan, versions=[version], key="3m", label="3 månader", months=3
    )
    services.grant_save(
        plan=plan,
        user=cast.researcher,
        level=PlanGrant.Level.RECORDS,
        can_export=True,
        note="Dnr 2025-00001",
    )
    return World(plan, version, baseline, later, unit, other)


def enrol(world: World, unit: PlanUnit, count: int, *, on: date | None = None):
    on = on or world.plan.start + timedelta(days=10)
    return services.subjects_create(plan=world.plan, unit=unit, count=count, enrolled_on=on)


def measure(world: World, subject, occasion: Occasion, **kw):
    return services.measurement_save(
        subject=subject,
        occasion=occasion,
        version=world.version,
        measured_on=world.plan.start + timedelta(days=20),
        raw=answers(**kw),
    )


@pytest.fixture
def filled(world):
    """Twelve subjects in BU and eight in VUX, all measured twice (moods rise by one)."""
    for unit, count in ((world.unit, 12), (world.other, 8)):
        for n, subject in enumerate(enrol(world, unit, count)):
            mood = 1 + n % 4
            measure(world, subject, world.baseline, mood=mood)
            measure(world, subject, world.later, mood=mood + 1)
    return world
