"""Demo for Insight: two years of arena history, annual reports for 2026 and activity plans.

Builds on the demo of the other apps. FoUrum gets a managers' network, research seminars and a
discussion group with staff from the county's municipalities; Towards a Social Services University
gets the seminars and managers' meetings of 2025 and early 2026. Everyone is fictional. Then the
2026 plans, the 2026 annual reports (with narrative and highlights, published) and the 2027 plans.
Safe to run twice: records have fixed keys and are updated in place.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone

from bryggan.arenas.models import Action, Attendance, Event, Membership, Registration, Series
from bryggan.cycle.services import link_add
from bryggan.governance.models import Partnership
from bryggan.insight import services
from bryggan.insight.models import ActivityPlan, ActivityReport, Goal, Highlight, PlannedItem
from bryggan.monitoring.models import Record
from bryggan.people.models import Affiliation, Organisation, Person, Role, User
from bryggan.taxonomy.models import PriorityArea

NAMESPACE = uuid.UUID("3c2b3e0e-7c3c-4f43-9d1f-6a1f0e0b2d26")
DEMO_YEAR = 2026
K = Event.Kind
OrgKind = Organisation.Kind

# Social services of some of FoUrum's municipalities: (municipality, department slug, units)
COUNTY = [
    ("nassjo", "Socialtjänsten i Nässjö", ["Barn och familj", "Vuxenstöd"]),
    ("varnamo", "Socialförvaltningen i Värnamo", ["Barn och unga", "Försörjningsstöd"]),
    ("vetlanda", "Socialtjänsten i Vetlanda", ["Barn och familj"]),
    ("eksjo", "Socialtjänsten i Eksjö", ["Individ- och familjeomsorg"]),
    ("gislaved", "Socialförvaltningen i Gislaved", ["Barn och unga", "Vuxna"]),
    ("tranas", "Socialtjänsten i Tranås", ["Barn och familj"]),
    ("vaggeryd", "Socialtjänsten i Vaggeryd", ["Individ- och familjeomsorg"]),
    ("habo", "Socialtjänsten i Habo", ["Barn och familj"]),
]
GIVEN = [
    "Karin",
    "Lars",
    "Sara",
    "Mikael",
    "Emma",
    "Anders",
    "Lina",
    "Jonas",
    "Maja",
    "Peter",
    "Hanna",
    "Olof",
    "Ida",
    "Fredrik",
    "Elsa",
    "Magnus",
    "Nora",
    "Tobias",
    "Alva",
    "Stefan",
    "Julia",
    "Daniel",
    "Klara",
    "Viktor",
]
FAMILY = [
    "Ek",
    "Berg",
    "Sjö",
    "Lind",
    "Holm",
    "Strand",
    "Dal",
    "Ås",
    "Ström",
    "Björklund",
    "Nord",
    "Vik",
    "Hed",
    "Åkerlund",
    "Grahn",
    "Falk",
    "Hägg",
    "Lööf",
    "Rask",
    "Wiklund",
    "Sten",
    "Blom",
    "Tall",
    "Mo",
]


def _uid(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, key)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _org(slug: str, name: str, kind: str, parent: Organisation) -> Organisation:
    org, _created = Organisation.objects.update_or_create(
        slug=slug, defaults={"name_sv": name, "kind": kind, "parent": parent}
    )
    return org


def _person(slug: str, given: str, family: str, title: str, roles: list[tuple]) -> Person:
    person, _created = Person.objects.update_or_create(
        slug=slug, defaults={"given_name": given, "family_name": family, "title": title}
    )
    for org, role, start, end in roles:
        Affiliation.objects.update_or_create(
            person=person,
            organisation=org,
            role=role,
            defaults={"title": title, "start": start, "end": end},
        )
    return person


def _county_people() -> list[Person]:
    """Fictional staff of the county's social services, two or three per municipality."""
    people = []
    n = 0
    for municipality_slug, department_name, units in COUNTY:
        municipality = Organisation.objects.get(slug=municipality_slug)
        department = _org(
            f"{municipality_slug}-socialtjanst", department_name, OrgKind.DEPARTMENT, municipality
        )
        for u, unit_name in enumerate(units):
            unit = _org(f"{municipality_slug}-enhet-{u + 1}", unit_name, OrgKind.UNIT, department)
            for role, title in (
                (Role.MANAGER, "Enhetschef"),
                (Role.SOCIAL_WORKER, "Socialsekreterare"),
            ):
                given, family = GIVEN[n % len(GIVEN)], FAMILY[(n * 7) % len(FAMILY)]
                people.append(
                    _person(
                        f"demo-lan-{n}",
                        given,
                        family,
                        title,
                        [(unit, role, date(2018 + n % 5, 1, 1), None)],
                    )
                )
                n += 1
    return people


def _research_trained() -> None:
    """Practitioner PhD students and research-trained staff in Jönköping and at FoUrum."""
    hhj = Organisation.objects.get(slug="hhj-socialt-arbete")
    fourum = Organisation.objects.get(slug="fourum-socialt-valfard")
    family_unit = Organisation.objects.get(slug="jonkoping-familjestod")
    department = Organisation.objects.get(slug="jonkoping-socialforvaltningen")
    varnamo = Organisation.objects.get(slug="varnamo-enhet-1")
    _person(
        "lena-holmqvist",
        "Lena",
        "Holmqvist",
        "Socialsekreterare och doktorand",
        [
            (family_unit, Role.SOCIAL_WORKER, date(2015, 8, 1), None),
            (hhj, Role.PHD_STUDENT, date(2023, 9, 1), None),
        ],
    )
    _person(
        "tomas-ekberg",
        "Tomas",
        "Ekberg",
        "Utvecklingsledare, fil. dr",
        [(department, Role.RESEARCHER, date(2020, 1, 1), None)],
    )
    _person(
        "annika-strom",
        "Annika",
        "Ström",
        "FoU-ledare och doktorand",
        [
            (fourum, Role.RD_LEADER, date(2022, 1, 1), None),
            (hhj, Role.PHD_STUDENT, date(2022, 9, 1), None),
        ],
    )
    # Research-trained, but left social services for the university during the year.
    _person(
        "martin-lund",
        "Martin",
        "Lund",
        "Socialsekreterare, fil. dr",
        [
            (varnamo, Role.SOCIAL_WORKER, date(2016, 1, 1), date(2026, 6, 30)),
            (hhj, Role.RESEARCHER, date(2021, 1, 1), None),
        ],
    )


def _series(
    slug: str, partnership: Partnership, areas: list[str], orgs: list[str], **fields: Any
) -> Series:
    series, _created = Series.objects.update_or_create(
        slug=slug, defaults={"partnership": partnership, **fields}
    )
    series.priority_areas.set(PriorityArea.objects.filter(slug__in=areas))
    series.organisations.set(Organisation.objects.filter(slug__in=orgs))
    return series


def _event(
    key: str,
    *,
    series: Series | None,
    partnership: Partnership,
    start: datetime,
    areas: list[str],
    orgs: list[str],
    hours: float = 2,
    **fields: Any,
) -> Event:
    event, _created = Event.objects.update_or_create(
        uid=_uid(key),
        defaults={
            "series": series,
            "partnership": partnership,
            "start": start,
            "end": start + timedelta(hours=hours),
            **fields,
        },
    )
    event.priority_areas.set(PriorityArea.objects.filter(slug__in=areas))
    event.organisations.set(Organisation.objects.filter(slug__in=orgs))
    return event


def _present(event: Event, people: list[Person]) -> None:
    for person in people:
        Attendance.objects.update_or_create(
            event=event, person=person, defaults={"status": Attendance.Status.PRESENT}
        )


def _fourum(people: list[Person]) -> list[Event]:
    fourum = Partnership.objects.get(slug="fourum")
    network = _series(
        "fourum-chefsnatverk-ifo",
        fourum,
        ["barn-och-unga", "missbruk-och-beroende", "kunskapsstyrning"],
        ["fourum-socialt-valfard"],
        kind=Series.Kind.MANAGERS_MEETINGS,
        title="Chefsnätverket för individ- och familjeomsorg",
        description="Länets enhetschefer inom individ- och familjeomsorgen träffas varannan månad. "
        "Varje träff har ett forskningsinslag och en uppföljning av vad kommunerna har prövat.",
        visibility="internal",
    )
    seminars = _series(
        "fourum-forskningsseminarier",
        fourum,
        ["barn-och-unga", "ekonomiskt-bistand-och-arbete"],
        ["fourum-socialt-valfard", "hhj"],
        kind=Series.Kind.SEMINAR_SERIES,
        title="FoUrums forskningsseminarier",
        description="Öppna seminarier där forskare presenterar studier som rör länets socialtjänst.",
        visibility="public",
    )
    group = _series(
        "fourum-diskussionsgrupp-bistand",
        fourum,
        ["ekonomiskt-bistand-och-arbete"],
        ["fourum-socialt-valfard"],
        kind=Series.Kind.DISCUSSION_GROUP,
        title="Diskussionsgruppen Ekonomiskt bistånd och arbete",
        description="Handläggare från flera kommuner läser forskning om vägar från bistånd till arbete.",
        visibility="internal",
    )
    managers = [p for p in people if p.title == "Enhetschef"]
    workers = [p for p in people if p.title != "Enhetschef"]
    events: list[Event] = []
    # The managers' network every second month in 2025 and 2026; more municipalities take part in 2026.
    for year in (2025, 2026):
        for n, month in enumerate((2, 4, 6, 9, 11)):
            day = date(year, month, 14)
            event = _event(
                f"fourum-natverk-{year}-{month}",
                series=network,
                partnership=fourum,
                start=_at(day, 9),
                hours=3,
                areas=["kunskapsstyrning"],
                orgs=["fourum-socialt-valfard"],
                kind=K.MANAGERS_MEETING,
                title=f"Chefsnätverket {day:%Y-%m}",
                place="FoUrum, Jönköping",
                visibility="internal",
            )
            share = 0.5 if year == 2025 else 0.85
            attending = managers[: max(2, round(len(managers) * share)) - n % 2]
            _present(event, attending)
            events.append(event)
    seminar_specs = [
        (date(2025, 3, 20), "Barn som anhöriga i socialtjänstens utredningar", ["barn-och-unga"]),
        (
            date(2025, 10, 9),
            "Vägar från försörjningsstöd till arbete",
            ["ekonomiskt-bistand-och-arbete"],
        ),
        (
            date(2026, 2, 12),
            "Barns delaktighet i utredningar – vad säger forskningen?",
            ["barn-och-unga"],
        ),
        (
            date(2026, 5, 7),
            "Arbetsmarknadsinsatser som fungerar",
            ["ekonomiskt-bistand-och-arbete"],
        ),
        (
            date(2026, 10, 1),
            "Unga och tramadol: vad kan socialtjänsten göra?",
            ["barn-och-unga", "missbruk-och-beroende"],
        ),
    ]
    for n, (day, title, areas) in enumerate(seminar_specs):
        event = _event(
            f"fourum-seminarium-{day.isoformat()}",
            series=seminars,
            partnership=fourum,
            start=_at(day, 13),
            areas=areas,
            orgs=["fourum-socialt-valfard", "hhj"],
            kind=K.RESEARCH_SEMINAR,
            title=title,
            place="Hälsohögskolan, Jönköping, och digitalt",
            visibility="public",
            description="Ett öppet forskningsseminarium för länets socialtjänst.",
        )
        _present(event, workers[n % 3 :: 2] + managers[:3])
        events.append(event)
    for month in range(2, 12):
        day = date(2026, month, 21)
        event = _event(
            f"fourum-bistand-{month}",
            series=group,
            partnership=fourum,
            start=_at(day, 14),
            hours=1.5,
            areas=["ekonomiskt-bistand-och-arbete"],
            orgs=["fourum-socialt-valfard"],
            kind=K.GROUP_SESSION,
            title=f"Ekonomiskt bistånd och arbete – träff {month - 1}",
            place="Digitalt",
            visibility="internal",
        )
        _present(event, workers[month % 4 :: 3])
        events.append(event)
    for person in managers[:6]:
        Membership.objects.update_or_create(series=network, person=person)
    actions = [
        (
            "fourum-natverk-2025-4",
            "Införa en gemensam checklista för barnsamtal",
            "nassjo-enhet-1",
            date(2025, 9, 1),
            Action.Status.DONE,
        ),
        (
            "fourum-natverk-2025-9",
            "Pröva strukturerad uppföljning av placeringar",
            "varnamo-enhet-1",
            date(2026, 2, 1),
            Action.Status.DONE,
        ),
        (
            "fourum-natverk-2026-2",
            "Låta brukarrådet läsa utredningsmallen",
            "vetlanda-enhet-1",
            date(2026, 6, 1),
            Action.Status.DONE,
        ),
        (
            "fourum-natverk-2026-4",
            "Gemensam introduktion för nya socialsekreterare i länet",
            "eksjo-enhet-1",
            date(2026, 9, 1),
            Action.Status.IN_PROGRESS,
        ),
        (
            "fourum-natverk-2026-6",
            "Pröva arbetsmarknadscoacher i försörjningsstödet",
            "varnamo-enhet-2",
            date(2026, 10, 1),
            Action.Status.PLANNED,
        ),
        (
            "fourum-natverk-2026-9",
            "Följa upp barns delaktighet med tre frågor",
            "gislaved-enhet-1",
            date(2027, 3, 1),
            Action.Status.PLANNED,
        ),
    ]
    for key, title, unit, due, status in actions:
        event = Event.objects.get(uid=_uid(key))
        Action.objects.update_or_create(
            event=event,
            title=title,
            defaults={
                "unit": Organisation.objects.get(slug=unit),
                "due": due,
                "status": status,
                "owner": managers[0],
            },
        )
    return events


def _ssu_history() -> list[Event]:
    ssu = Partnership.objects.get(slug="socialtjanstens-universitet")
    seminars = Series.objects.filter(slug="forskningsseminarier-jonkoping").first()
    managers = Series.objects.filter(slug="chefsmoten-jonkoping").first()
    staff = list(
        Person.objects.filter(
            slug__in=[
                "elin-bergqvist",
                "johan-almgren",
                "emma-johansson",
                "david-lindstrom",
                "lena-holmqvist",
                "tomas-ekberg",
                "anna-forsberg",
            ]
        )
    )
    researchers = list(Person.objects.filter(slug__in=["maria-ekdahl", "ingrid-bjork"]))
    events = []
    specs = [
        (date(2025, 3, 13), "Barns röster i utredningar", K.RESEARCH_SEMINAR, ["barn-och-unga"]),
        (
            date(2025, 5, 22),
            "Att följa upp insatser systematiskt",
            K.RESEARCH_SEMINAR,
            ["kunskapsstyrning"],
        ),
        (
            date(2025, 10, 16),
            "HVB och ungas existentiella frågor",
            K.RESEARCH_SEMINAR,
            ["placerade-barn-och-unga"],
        ),
        (
            date(2026, 2, 19),
            "Forskningscirkel: läsa och värdera en studie",
            K.WORKSHOP,
            ["samverkan-forskning-praktik"],
        ),
        (
            date(2026, 4, 23),
            "Familjehemsplacerade barns skolgång",
            K.RESEARCH_SEMINAR,
            ["placerade-barn-och-unga"],
        ),
        (date(2026, 9, 10), "Evidensbaserad praktik i vardagen", K.LECTURE, ["kunskapsstyrning"]),
    ]
    for n, (day, title, kind, areas) in enumerate(specs):
        event = _event(
            f"ssu-{day.isoformat()}",
            series=seminars,
            partnership=ssu,
            start=_at(day, 13),
            areas=areas,
            orgs=["jonkoping-socialforvaltningen", "hhj"],
            kind=kind,
            title=title,
            place="Hälsohögskolan, Jönköping",
            visibility="public",
            description="Forskningsseminarium inom Mot ett socialtjänstens universitet.",
        )
        event.speakers.set(researchers[n % 2 : n % 2 + 1])
        _present(event, staff[: 3 + n % 4] + researchers[:1])
        events.append(event)
    for year, months in ((2025, (3, 6, 9, 12)), (2026, (2, 5, 8))):
        for month in months:
            day = date(year, month, 5)
            event = _event(
                f"ssu-chef-{year}-{month}",
                series=managers,
                partnership=ssu,
                start=_at(day, 8, 30),
                hours=3,
                areas=["kunskapsstyrning"],
                orgs=["jonkoping-socialforvaltningen"],
                kind=K.MANAGERS_MEETING,
                title=f"Chefsmöte med forskningsinslag {day:%Y-%m}",
                place="Stadshuset, Jönköping",
                visibility="internal",
            )
            _present(
                event,
                [p for p in staff if p.slug in ("johan-almgren", "anna-forsberg", "tomas-ekberg")],
            )
            events.append(event)
    for key, title, unit, due, status in [
        (
            "ssu-chef-2025-6",
            "Använda samtalsmallen för barnsamtal i alla utredningar",
            "jonkoping-barn-och-unga",
            date(2025, 12, 1),
            Action.Status.DONE,
        ),
        (
            "ssu-chef-2026-2",
            "Mäta väntetid till första insats",
            "jonkoping-familjestod",
            date(2026, 6, 1),
            Action.Status.DONE,
        ),
        (
            "ssu-chef-2026-5",
            "Skriva in forskningscirklar i kompetensplanen",
            "jonkoping-socialforvaltningen",
            date(2026, 10, 1),
            Action.Status.IN_PROGRESS,
        ),
    ]:
        Action.objects.update_or_create(
            event=Event.objects.get(uid=_uid(key)),
            title=title,
            defaults={
                "unit": Organisation.objects.get(slug=unit),
                "due": due,
                "status": status,
                "owner": Person.objects.filter(slug="johan-almgren").first(),
            },
        )
    return events


def _cycle_links(events: list[Event]) -> None:
    """Put a few records in the knowledge cycle: new research → seminar, seminar → partnership."""
    coordinator = User.objects.filter(email="coordinator@example.org").first()
    pairs = [
        ("Support groups for children", "Stödgrupper för barn"),
        ("Tramadol use among young people", "Unga och tramadol: vad kan socialtjänsten göra?"),
        ("From economic assistance to work", "Arbetsmarknadsinsatser som fungerar"),
        ("Existential questions of young people", "HVB och ungas existentiella frågor"),
    ]
    for record_title, event_title in pairs:
        record = Record.objects.filter(title__startswith=record_title).first()
        event = Event.objects.filter(title__startswith=event_title).order_by("start").first()
        if record and event:
            link_add(a=record, b=event, user=coordinator)
            if event.partnership:
                link_add(a=event, b=event.partnership, user=coordinator)


def _plan(
    slug: str, year: int, introduction: str, items: list[tuple], goals: list[tuple]
) -> ActivityPlan:
    partnership = Partnership.objects.get(slug=slug)
    plan = services.plan_create(partnership=partnership, year=year)
    services.plan_save(plan=plan, introduction=introduction)
    for n, (kind, title, when, area, outcome, note) in enumerate(items):
        PlannedItem.objects.update_or_create(
            plan=plan,
            title=title,
            defaults={
                "kind": kind,
                "when": when,
                "area": PriorityArea.objects.filter(slug=area).first(),
                "outcome": outcome,
                "outcome_note": note,
                "order": n,
            },
        )
    for n, (text, indicator, target) in enumerate(goals):
        Goal.objects.update_or_create(
            plan=plan, text=text, defaults={"indicator": indicator, "target": target, "order": n}
        )
    coordinator = User.objects.get(email="coordinator@example.org")
    return services.plan_publish(plan=plan, user=coordinator)


A, P, X = PlannedItem.Kind.ARENA, PlannedItem.Kind.PROJECT, PlannedItem.Kind.OTHER
DONE, PARTLY, LATER = (
    PlannedItem.Outcome.DONE,
    PlannedItem.Outcome.PARTLY,
    PlannedItem.Outcome.POSTPONED,
)


def _plans() -> None:
    _plan(
        "socialtjanstens-universitet",
        2026,
        "<p>Projektets sista år: forskningsseminarierna och chefsmötena ska bli en del av "
        "förvaltningens ordinarie arbete.</p>",
        [
            (
                A,
                "Forskningsseminarier varannan månad",
                "hela året",
                "barn-och-unga",
                DONE,
                "Fem seminarier och en verkstad.",
            ),
            (
                A,
                "Chefsmöten med forskningsinslag",
                "varje månad",
                "kunskapsstyrning",
                PARTLY,
                "Hösten blev glesare än planerat.",
            ),
            (
                P,
                "Forskning i förvaltningen: systematisk uppföljning av insatser för barn",
                "start i mars",
                "barn-och-unga",
                DONE,
                "",
            ),
            (
                X,
                "Forskningspodden: tio avsnitt",
                "hela året",
                "samverkan-forskning-praktik",
                LATER,
                "Flyttas till 2027.",
            ),
        ],
        [
            ("Minst åtta arenatillfällen under året", "arenas.sessions_held", 8),
            ("Nå minst tio medarbetare med arenorna", "arenas.people_reached", 10),
            ("Minst tre beslutade åtgärder genomförs", "arenas.actions_done", 3),
        ],
    )
    _plan(
        "fourum",
        2026,
        "<p>Ägarna har gett FoUrum i uppdrag att stärka chefernas lärande och att sprida "
        "forskning om barns delaktighet och vägar till arbete.</p>",
        [
            (A, "Chefsnätverket fem gånger", "feb–nov", "kunskapsstyrning", DONE, ""),
            (A, "Tre öppna forskningsseminarier", "vår och höst", "barn-och-unga", DONE, ""),
            (
                A,
                "Ny diskussionsgrupp om ekonomiskt bistånd",
                "från februari",
                "ekonomiskt-bistand-och-arbete",
                DONE,
                "",
            ),
            (
                P,
                "Barns delaktighet i utredningar – länsgemensam studie",
                "ansökan i maj",
                "barn-och-unga",
                PARTLY,
                "Ansökan skickad, beslut 2027.",
            ),
        ],
        [
            ("Minst 20 arenatillfällen", "arenas.sessions_held", 20),
            ("Minst åtta enheter i länet nås", "arenas.units_reached", 8),
            ("Hälften av åtgärderna genomförs", "arenas.actions_done", 3),
            (
                "Behålla de forskarutbildade i länets socialtjänst",
                "people.research_trained_retained",
                3,
            ),
        ],
    )


def _next_plans() -> None:
    _plan(
        "fourum",
        2027,
        "<p>2027 fortsätter chefsnätverket och diskussionsgrupperna. Ett nytt prioriterat "
        "område, missbruk och beroende, får en egen seminarieserie.</p>",
        [
            (A, "Chefsnätverket fem gånger", "feb–nov", "kunskapsstyrning", "", ""),
            (A, "Seminarieserie om unga och missbruk", "hösten", "missbruk-och-beroende", "", ""),
            (
                P,
                "Barns delaktighet i utredningar (om ansökan beviljas)",
                "från mars",
                "barn-och-unga",
                "",
                "",
            ),
        ],
        [
            ("Minst 22 arenatillfällen", "arenas.sessions_held", 22),
            ("Minst tio enheter i länet nås", "arenas.units_reached", 10),
        ],
    )
    _plan(
        "socialtjanstens-universitet",
        2027,
        "<p>Forte-projektet avslutas 2026. Förvaltningen fortsätter seminarierna och "
        "chefsmötena i egen regi.</p>",
        [
            (A, "Forskningsseminarier fyra gånger om året", "kvartalsvis", "barn-och-unga", "", ""),
            (
                X,
                "Forskningspodden: tio avsnitt",
                "hela året",
                "samverkan-forskning-praktik",
                "",
                "",
            ),
        ],
        [("Minst sex arenatillfällen", "arenas.sessions_held", 6)],
    )


def _report(
    slug: str,
    introduction: str,
    outlook: str,
    areas: dict[str, str],
    parties: dict[str, str],
    highlights: list[tuple[str, str, str]],
) -> None:
    partnership = Partnership.objects.get(slug=slug)
    report = services.report_create(partnership=partnership, year=DEMO_YEAR)
    services.report_save(
        report=report,
        introduction=introduction,
        outlook=outlook,
        narrative_language="sv",
        area_texts={PriorityArea.objects.get(slug=k).pk: v for k, v in areas.items()},
        party_texts={Organisation.objects.get(slug=k).pk: v for k, v in parties.items()},
    )
    Highlight.objects.filter(report=report).delete()
    for n, (title, text, event_title) in enumerate(highlights):
        event = Event.objects.filter(partnership=partnership, title__startswith=event_title).first()
        Highlight.objects.create(
            report=report,
            title=title,
            text=f"<p>{text}</p>",
            record_type=ContentType.objects.get_for_model(Event) if event else None,
            record_id=event.pk if event else None,
            order=n,
        )
    coordinator = User.objects.get(email="coordinator@example.org")
    services.report_publish(report=ActivityReport.objects.get(pk=report.pk), user=coordinator)


def _reports() -> None:
    _report(
        "socialtjanstens-universitet",
        "<p>2026 var det sista året av <strong>Mot ett socialtjänstens universitet</strong>. "
        "Forskningsseminarierna och chefsmötena har blivit en del av hur socialförvaltningen "
        "arbetar, och fler medarbetare än förra året har mött forskningen.</p>"
        "<p>Siffrorna nedan räknas av Bryggan ur det som är registrerat: de visar vad som har "
        "gjorts och vilka som nåddes, inte effekten för de barn och familjer vi möter.</p>",
        "<p>Efter projekttiden fortsätter förvaltningen seminarierna i egen regi. Det som ännu "
        "saknas i kunskapskretsloppet är att följa upp om det vi prövar gör skillnad.</p>",
        {
            "barn-och-unga": "Seminariet om stödgrupper för barn ledde till att enheten för barn "
            "och unga prövar en gemensam samtalsmall.",
            "kunskapsstyrning": "Chefsmötena har fått ett fast forskningsinslag.",
        },
        {
            "jonkoping-socialforvaltningen": "Socialförvaltningen har stått för chefsmötena och "
            "lånat ut en utvecklingsledare till projektet.",
            "hhj": "Hälsohögskolan har lett forskningsseminarierna.",
        },
        [
            (
                "Stödgrupper för barn på agendan",
                "Seminariet samlade medarbetare från flera enheter och gav en åtgärd som nu prövas.",
                "Stödgrupper för barn",
            ),
            (
                "Verkstad i att läsa forskning",
                "Medarbetare övade på att läsa och värdera en studie tillsammans med forskare.",
                "Forskningscirkel",
            ),
        ],
    )
    _report(
        "fourum",
        "<p>FoUrum ägs av länets tretton kommuner. Under 2026 har chefsnätverket nått fler "
        "kommuner än året innan, och en ny diskussionsgrupp om ekonomiskt bistånd har startat.</p>",
        "<p>Inför 2027 vill ägarna att fler av de åtgärder som beslutas i nätverket följs upp "
        "systematiskt. Se verksamhetsplanen nedan.</p>",
        {
            "ekonomiskt-bistand-och-arbete": "Diskussionsgruppen har träffats varje månad sedan februari.",
            "barn-och-unga": "Två seminarier om barns delaktighet och om unga och tramadol.",
        },
        {
            "nassjo": "Nässjö har deltagit i alla nätverksträffar.",
            "varnamo": "Värnamo prövar arbetsmarknadscoacher efter diskussionsgruppens läsning.",
        },
        [
            (
                "Fler kommuner i chefsnätverket",
                "Nätverket har nått enheter i åtta av länets kommuner.",
                "Chefsnätverket 2026-11",
            ),
            (
                "Seminarium om unga och tramadol",
                "Ett öppet seminarium med forskare från Socialhögskolan i Lund.",
                "Unga och tramadol",
            ),
        ],
    )


DISSEMINATION = [
    # (report, its day, priority areas, digest of it, the digest's day, what the digest says):
    # what the partnerships published in the demo year.
    (
        "Chefsnätverket som lärande arena: erfarenheter från länet",
        date(DEMO_YEAR, 3, 12),
        ["kunskapsstyrning"],
        "Chefsmöten som lärande arena – i korthet",
        date(DEMO_YEAR, 4, 2),
        "Chefer som läser en studie tillsammans före mötet prövar oftare något nytt i sin enhet.",
    ),
    (
        "Stödgrupper för barn i sex kommuner: uppföljning efter ett år",
        date(DEMO_YEAR, 9, 25),
        ["barn-och-unga"],
        "Stödgrupper för barn – vad uppföljningen visar",
        date(DEMO_YEAR, 10, 14),
        "Barnen i grupperna beskriver mindre oro efter ett år, särskilt de som deltog hela tiden.",
    ),
]


def _dissemination() -> None:
    """Reports and digests of the demo year, so that the reports show dissemination too."""
    from bryggan.library import services as library
    from bryggan.library.models import Digest, Publication

    coordinator = User.objects.filter(email="coordinator@example.org").first()
    for title, day, areas, digest_title, digest_day, summary in DISSEMINATION:
        tagged = list(PriorityArea.objects.filter(slug__in=areas))
        report = Publication.objects.filter(title=title).first()
        if report is None:
            report = library.publication_save(
                user=coordinator,
                kind=Publication.Kind.REPORT,
                title=title,
                year=day.year,
                date=day,
                language="sv",
                visibility="public",
                priority_areas=tagged,
                authors=[{"family_name": "FoU-enheten", "given_name": ""}],
            )
        if not Digest.objects.filter(title=digest_title).exists():
            library.digest_save(
                user=coordinator,
                title=digest_title,
                summary=summary,
                practice="Diskutera rapporten på nästa chefsmöte.",
                published_on=digest_day,
                visibility="public",
                publications=[report],
                priority_areas=tagged,
            )


def seed() -> None:
    people = _county_people()
    _research_trained()
    events = _fourum(people) + _ssu_history()
    # The cached place counts follow the registrations (none are added here, but keep them true).
    confirmed = Count(
        "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
    )
    for event in Event.objects.filter(pk__in=[e.pk for e in events]).annotate(n=confirmed):
        if event.confirmed_count != event.n:
            Event.objects.filter(pk=event.pk).update(confirmed_count=event.n)
    _cycle_links(events)
    _dissemination()
    _plans()
    _next_plans()
    _reports()
