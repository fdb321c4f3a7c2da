"""Demo follow-up: support groups for children in two Jönköping units, and a parenting programme
in five FoUrum municipalities, each with generated answers at three occasions.

The two instruments are written for the demo (they copy no licensed instrument), and every
subject is a generated pseudonymous code. Data are generated with a fixed seed; a plan that
already has subjects is left as it is, so seeding twice changes nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.utils import timezone

from bryggan.cycle.services import link_add
from bryggan.followup import services
from bryggan.followup.models import (
    AuditEntry,
    FollowupPlan,
    Instrument,
    InstrumentVersion,
    Licence,
    Measurement,
    Occasion,
    PlanGrant,
    PlanUnit,
    Subject,
)
from bryggan.governance.models import Partnership
from bryggan.people.models import Organisation, User
from bryggan.taxonomy.models import PriorityArea, Topic

LIKERT = "1, Stämmer inte alls | 2, Stämmer lite | 3, Stämmer delvis | 4, Stämmer ganska bra | 5, Stämmer helt"
OFTEN = "0, Aldrig | 1, Sällan | 2, Ibland | 3, Ofta | 4, Nästan alltid"

CHILDREN = f"""variable,type,label,choices,min,max,required,reverse,items,method,min_answered,higher_is_better,important_change
glad,likert,Jag har varit glad den senaste veckan,"{LIKERT}",,,yes,,,,,,
somn,likert,Jag sover bra på nätterna,"{LIKERT}",,,,,,,,,
kompis,likert,Jag har någon kompis att vara med,"{LIKERT}",,,,,,,,,
prata,likert,Det finns en vuxen jag kan prata med,"{LIKERT}",,,,,,,,,
skolan,likert,Jag trivs i skolan,"{LIKERT}",,,,,,,,,
ensam,likert,Jag känner mig ensam,"{LIKERT}",,,,yes,,,,,
oro_hem,likert,Jag oroar mig för hur det är hemma,"{OFTEN}",,,,,,,,,
oro_skuld,likert,Jag tänker att det som händer hemma är mitt fel,"{OFTEN}",,,,,,,,,
oro_sova,likert,Oron gör att jag har svårt att somna,"{OFTEN}",,,,,,,,,
traffar,numeric,Antal gruppträffar barnet deltagit i,,0,15,,,,,,,
fullfoljt,yesno,Barnet har fullföljt gruppen,,,,,,,,,,
stod_nu,multiple,Annat stöd just nu,"1, Skolkurator | 2, BUP | 3, Elevhälsa | 4, Annat stöd | 5, Inget annat stöd",,,,,,,,,
valbefinnande,subscale,Välbefinnande,,,,,,glad somn kompis prata skolan ensam,mean,4,yes,
oro,subscale,Oro för familjen,,,,,,oro_hem oro_skuld oro_sova,sum,2,no,2
"""

PARENTS = f"""variable,type,label,choices,min,max,required,reverse,items,method,min_answered,higher_is_better,important_change
trygg,likert,Jag känner mig trygg i min roll som förälder,"{LIKERT}",,,yes,,,,,,
granser,likert,Jag kan sätta gränser utan att det blir bråk,"{LIKERT}",,,,,,,,,
beromma,likert,Jag hinner uppmärksamma när mitt barn gör något bra,"{LIKERT}",,,,,,,,,
lugn,likert,Jag kan hålla mig lugn när mitt barn blir argt,"{LIKERT}",,,,,,,,,
otillracklig,likert,Jag känner mig otillräcklig som förälder,"{LIKERT}",,,,yes,,,,,
brak_morgon,likert,Det blir bråk hemma på morgnarna,"{OFTEN}",,,,,,,,,
brak_laxor,likert,Det blir bråk om läxor eller skärmtid,"{OFTEN}",,,,,,,,,
skrik,likert,Vi vuxna höjer rösten mot barnet,"{OFTEN}",,,,,,,,,
barn_alder,numeric,Barnets ålder i år,,2,17,,,,,,,
traffar,numeric,Antal träffar i programmet,,0,12,,,,,,,
foraldraskap,subscale,Trygghet i föräldraskapet,,,,,,trygg granser beromma lugn otillracklig,sum,4,yes,
konflikter,subscale,Konflikter i vardagen,,,,,,brak_morgon brak_laxor skrik,mean,2,no,0.5
"""

RNG_SEED = 20240401


def _instrument(
    slug: str, name: str, description: str, dictionary: str, coordinator: User | None
) -> InstrumentVersion:
    instrument, _created = Instrument.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "description": description,
            "licence": Licence.OWN,
            "licence_note": "Skrivet för Bryggans demo. Fritt att använda och ändra; kopierar inget licensierat instrument.",
            "created_by": coordinator,
        },
    )
    version, _created = InstrumentVersion.objects.get_or_create(instrument=instrument, label="1")
    if not version.is_frozen and not version.measurements.exists():
        services.dictionary_import(version=version, text=dictionary)
    return version


def _plan(
    slug: str, owner: str, creator: User | None, **fields: object
) -> tuple[FollowupPlan, bool]:
    plan = FollowupPlan.objects.filter(slug=slug).first()
    created = plan is None
    if plan is None:
        plan = FollowupPlan(slug=slug, created_by=creator)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.owner = Organisation.objects.filter(slug=owner).first()
    plan.save()
    if creator is not None:
        PlanGrant.objects.update_or_create(
            plan=plan,
            user=creator,
            defaults={"level": PlanGrant.Level.MANAGE, "granted_by": creator},
        )
    return plan, created


def _units(plan: FollowupPlan, units: list[tuple[str, str]]) -> list[PlanUnit]:
    result = []
    for org_slug, code in units:
        organisation = Organisation.objects.get(slug=org_slug)
        unit, _created = PlanUnit.objects.get_or_create(
            plan=plan, organisation=organisation, defaults={"code": code}
        )
        result.append(unit)
    return result


def _occasions(
    plan: FollowupPlan, version: InstrumentVersion, spec: list[tuple[str, str, int]]
) -> list[Occasion]:
    result = []
    for position, (key, label, months) in enumerate(spec):
        occasion, _created = Occasion.objects.update_or_create(
            plan=plan, key=key, defaults={"label": label, "months": months, "position": position}
        )
        occasion.versions.set([version])
        result.append(occasion)
    return result


def _clip(value: float, low: int, high: int) -> int:
    return int(min(high, max(low, round(value))))


def _generate(
    plan: FollowupPlan,
    version: InstrumentVersion,
    units: list[PlanUnit],
    occasions: list[Occasion],
    *,
    per_unit: list[int],
    first: date,
    answer: object,
    rng: random.Random,
) -> None:
    """Enrol subjects over the period and give each the answers due by today (some drop out)."""
    today = timezone.localdate()
    last = today - timedelta(days=7)
    span = (last - first).days
    items, _subscales, _members = services.measures_of(version)
    taken: set[str] = set()
    rows = []
    for unit, count in zip(units, per_unit, strict=True):
        for _n in range(count):
            enrolled = first + timedelta(days=rng.randint(0, span))
            while True:
                code = f"{unit.code}-" + "".join(
                    rng.choice(services.CODE_ALPHABET) for _ in range(6)
                )
                if code not in taken:
                    taken.add(code)
                    break
            subject = Subject.objects.create(
                plan=plan,
                unit=unit,
                code=code,
                enrolled_on=enrolled,
                period=plan.period_of(enrolled),
            )
            level = rng.gauss(0, 1)  # how the subject is doing at the start
            gain = rng.gauss(0.45, 0.6) + (0.15 if unit is units[0] else 0.0)
            for step, occasion in enumerate(occasions):
                day = (
                    enrolled
                    + relativedelta(months=occasion.months or 0)
                    + timedelta(days=rng.randint(0, 12))
                )
                if day > today:
                    break
                if step and rng.random() < 0.12:  # attrition at follow-up
                    break
                raw = answer(rng, level + gain * min(step, 2) / 2, step)  # type: ignore[operator]
                values = [raw.get(item.code) for item in items]
                missing = {}
                if rng.random() < 0.04:
                    missing[items[1].code] = rng.choice([-8, -9])
                    values[1] = None
                rows.append(
                    Measurement(
                        plan=plan,
                        subject=subject,
                        unit=unit,
                        period=subject.period,
                        occasion=occasion,
                        version=version,
                        measured_on=day,
                        values=values,
                        missing=missing,
                    )
                )
    services.measurements_bulk_insert(rows)
    services._freeze(version)
    services.audit(
        plan=plan,
        user=plan.created_by,
        action=AuditEntry.Action.IMPORT,
        summary=f"Demodata: {len(rows)} mätningar för {len(taken)} deltagare",
    )
    cells = {(m.unit_id, m.period, m.occasion_id, m.version_id) for m in rows}
    services.release(plan=plan, cells=sorted(cells))


def _children(rng: random.Random, wellbeing: float, step: int) -> dict[str, object]:
    def likert(shift: float = 0.0) -> int:
        return _clip(3 + 0.8 * (wellbeing + shift) + rng.gauss(0, 0.8), 1, 5)

    def often() -> int:
        return _clip(2 - 0.7 * wellbeing + rng.gauss(0, 0.8), 0, 4)

    chosen = sorted(v for v in (1, 2, 3, 4) if rng.random() < 0.2) or [5]
    return {
        "glad": likert(),
        "somn": likert(-0.2),
        "kompis": likert(0.2),
        "prata": likert(0.4),
        "skolan": likert(-0.1),
        "ensam": 6 - likert(),
        "oro_hem": often(),
        "oro_skuld": often(),
        "oro_sova": often(),
        "traffar": None if step == 0 else rng.randint(5, 12),
        "fullfoljt": None if step == 0 else int(rng.random() < 0.85),
        "stod_nu": chosen,
    }


def _parents(rng: random.Random, security: float, step: int) -> dict[str, object]:
    def likert(shift: float = 0.0) -> int:
        return _clip(3 + 0.8 * (security + shift) + rng.gauss(0, 0.9), 1, 5)

    def often() -> int:
        return _clip(2 - 0.6 * security + rng.gauss(0, 0.9), 0, 4)

    return {
        "trygg": likert(0.2),
        "granser": likert(-0.2),
        "beromma": likert(),
        "lugn": likert(-0.1),
        "otillracklig": 6 - likert(),
        "brak_morgon": often(),
        "brak_laxor": often(),
        "skrik": often(),
        "barn_alder": rng.randint(3, 12),
        "traffar": 0 if step == 0 else rng.randint(4, 10),
    }


def seed() -> None:
    rng = random.Random(RNG_SEED)
    coordinator = User.objects.filter(email="coordinator@example.org").first()
    fourum = User.objects.filter(email="fourum@example.org").first()
    researcher = User.objects.filter(email="researcher@example.org").first()

    children = _instrument(
        "barns-vardag-demo",
        "Barns vardag och välmående (Bryggan-demo)",
        "Ett kort självskattningsformulär för barn 7–12 år i stödgrupp: välbefinnande och oro för familjen.",
        CHILDREN,
        coordinator,
    )
    parents = _instrument(
        "foraldraskap-i-vardagen-demo",
        "Föräldraskap i vardagen (Bryggan-demo)",
        "Föräldrars självskattning av trygghet i föräldraskapet och konflikter i vardagen.",
        PARENTS,
        fourum or coordinator,
    )

    plan, created = _plan(
        "stodgrupper-for-barn-jonkoping",
        "jonkoping-socialforvaltningen",
        coordinator,
        title="Stödgrupper för barn i Jönköping",
        kind=FollowupPlan.Kind.SUPPORT_GROUP,
        intervention="Stödgrupp för barn som lever med en förälder med missbruk eller psykisk ohälsa (tio träffar)",
        target_group="Barn 7–12 år",
        question="Mår barnen bättre och oroar de sig mindre ett halvår efter gruppen, och skiljer det sig mellan enheterna?",
        description="Del av Mot ett socialtjänstuniversitet: forskning i förvaltningen – systematisk dokumentation och uppföljning.",
        start=date(2024, 4, 1),
        end=date(2026, 12, 31),
        report_period=FollowupPlan.ReportPeriod.HALF_YEAR,
        suppression_minimum=5,
        aggregated_exports_only=False,
        status=FollowupPlan.Status.ACTIVE,
    )
    plan.priority_areas.set(PriorityArea.objects.filter(slug="barn-och-unga"))
    plan.topics.set(
        Topic.objects.filter(
            slug__in=["stodgrupper-for-barn", "systematisk-uppfoljning", "barn-7-12"]
        )
    )
    units = _units(plan, [("jonkoping-barn-och-unga", "JBU"), ("jonkoping-familjestod", "JFS")])
    occasions = _occasions(
        plan, children, [("start", "Start", 0), ("3m", "3 månader", 3), ("6m", "6 månader", 6)]
    )
    if researcher is not None:
        PlanGrant.objects.update_or_create(
            plan=plan,
            user=researcher,
            defaults={
                "level": PlanGrant.Level.RECORDS,
                "can_export": True,
                "note": "Utvärdering av stödgrupper, Etikprövningsmyndigheten Dnr 2024-00000-01 (fiktivt)",
                "granted_by": coordinator,
            },
        )
    if created or not plan.subjects.exists():
        _generate(
            plan,
            children,
            units,
            occasions,
            per_unit=[90, 66],
            first=date(2024, 4, 15),
            answer=_children,
            rng=rng,
        )
    partnership = Partnership.objects.filter(slug="socialtjanstens-universitet").first()
    if partnership is not None:
        link_add(a=plan, b=partnership, user=coordinator)
    # The plan follows up the portfolio's evaluation of the support groups (the knowledge cycle).
    if apps.is_installed("bryggan.portfolio"):
        project = apps.get_model("portfolio", "Project").objects.filter(slug="stodgrupper-for-barn")
        if project.exists():
            link_add(a=plan, b=project.get(), user=coordinator)

    plan, created = _plan(
        "foraldraskapsstod-fourum",
        "fourum-socialt-valfard",
        fourum or coordinator,
        title="Föräldraskapsstöd i FoUrum-kommunerna",
        kind=FollowupPlan.Kind.PARENTING,
        intervention="Föräldraskapsprogram i grupp för föräldrar till barn 3–12 år (åtta träffar)",
        target_group="Föräldrar till barn 3–12 år",
        question="Blir föräldrarna tryggare och minskar konflikterna i vardagen ett år efter programmet, i kommuner av olika storlek?",
        description="Gemensam uppföljning i fem av länets kommuner, samordnad av FoUrum socialt välfärd.",
        start=date(2024, 1, 1),
        end=None,
        report_period=FollowupPlan.ReportPeriod.YEAR,
        suppression_minimum=5,
        aggregated_exports_only=True,
        status=FollowupPlan.Status.ACTIVE,
    )
    plan.topics.set(
        Topic.objects.filter(slug__in=["foraldraskapsstod", "systematisk-uppfoljning", "foraldrar"])
    )
    units = _units(
        plan,
        [
            ("eksjo", "EKS"),
            ("nassjo", "NAS"),
            ("vetlanda", "VET"),
            ("varnamo", "VAR"),
            ("gislaved", "GIS"),
        ],
    )
    occasions = _occasions(
        plan, parents, [("start", "Start", 0), ("6m", "6 månader", 6), ("12m", "12 månader", 12)]
    )
    if researcher is not None:
        PlanGrant.objects.update_or_create(
            plan=plan,
            user=researcher,
            defaults={"level": PlanGrant.Level.REPORTS, "can_export": True, "granted_by": fourum},
        )
    if coordinator is not None:
        PlanGrant.objects.update_or_create(
            plan=plan,
            user=coordinator,
            defaults={"level": PlanGrant.Level.REPORTS, "granted_by": fourum},
        )
    if created or not plan.subjects.exists():
        _generate(
            plan,
            parents,
            units,
            occasions,
            per_unit=[34, 46, 30, 52, 28],
            first=date(2024, 1, 15),
            answer=_parents,
            rng=rng,
        )
    partnership = Partnership.objects.filter(slug="fourum").first()
    if partnership is not None:
        link_add(a=plan, b=partnership, user=fourum)
