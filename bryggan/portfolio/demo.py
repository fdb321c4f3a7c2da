"""Demo portfolio: the Forte-funded Jönköping project, projects on the demo research areas, a joint
application that was not funded, FoUrum staff on loan from two municipalities, practitioner PhD
students in FYS, and field placements and teaching for the last two terms.

Every person is fictional; amounts and reference numbers are made up for the demo. Safe to run
twice: rows are found by slug or natural key and updated in place.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from bryggan.arenas.demo import DEMO_NAMESPACE
from bryggan.arenas.models import Event
from bryggan.core.models import Visibility
from bryggan.cycle.services import link_add
from bryggan.governance.models import Partnership
from bryggan.people.models import Affiliation, Organisation, Person, Role
from bryggan.portfolio.models import (
    EducationActivity,
    EvaluationPoint,
    Funding,
    Milestone,
    Participation,
    PhdStudent,
    Project,
    StaffLoan,
    StatusChange,
    Supervision,
)
from bryggan.taxonomy.models import PriorityArea, Topic

P = Project.Status
R = Participation.Role
EDU = EducationActivity.Kind

# Fictional people the portfolio needs beyond those of the people demo:
# slug, given, family, title, [(organisation, role, title, start)]
PEOPLE = [
    (
        "lena-hakansson",
        "Lena",
        "Håkansson",
        "Utvecklingsledare",
        [("varnamo", Role.OTHER, "Utvecklingsledare, utlånad till FoUrum", date(2015, 2, 1))],
    ),
    (
        "jonas-berg",
        "Jonas",
        "Berg",
        "Socialsekreterare",
        [
            (
                "nassjo",
                Role.SOCIAL_WORKER,
                "Socialsekreterare, utlånad till FoUrum",
                date(2012, 8, 15),
            )
        ],
    ),
    (
        "marie-olofsson",
        "Marie",
        "Olofsson",
        "FoU-ledare, fil.dr i socialt arbete",
        [("lund-socialforvaltningen", Role.RD_LEADER, "FoU-ledare", date(2023, 6, 1))],
    ),
    (
        "tobias-ek",
        "Tobias",
        "Ek",
        "Praktikdoktorand",
        [
            ("lund-barn-och-familj", Role.SOCIAL_WORKER, "Socialsekreterare", date(2016, 1, 10)),
            ("forskarskolan-fys", Role.PHD_STUDENT, "Doktorand", date(2024, 9, 1)),
        ],
    ),
    (
        "hanna-lindqvist",
        "Hanna",
        "Lindqvist",
        "Universitetslektor",
        [("socialhogskolan", Role.RESEARCHER, "Universitetslektor", date(2021, 8, 15))],
    ),
]

FUNDERS = [
    (
        "allmanna-arvsfonden",
        "Allmänna arvsfonden",
        "The Swedish Inheritance Fund",
        "Arvsfonden",
    ),
]

PROJECTS: list[dict[str, Any]] = [
    {
        "slug": "mot-ett-socialtjanstens-universitet",
        "title": "Mot ett socialtjänstens universitet",
        "short_title": "Socialtjänstens universitet",
        "kind": Project.Kind.RESEARCH,
        "start": date(2024, 4, 1),
        "end": date(2026, 12, 31),
        "visibility": Visibility.PUBLIC,
        "partnership": "socialtjanstens-universitet",
        "summary": "Jönköpings kommuns socialförvaltning, Hälsohögskolan i Jönköping och "
        "Socialhögskolan i Lund prövar hur en socialtjänst kan bli en plats som lockar både "
        "medarbetare och forskare. Fyra delar: forskningspodd, forskning i förvaltningen, "
        "forskningsseminarier där chefsmöten blir en lärarena, och från referensgrupp till "
        "styrgrupp.",
        "evaluation_plan": "Forskarna och förvaltningen går igenom varje del två gånger per år: "
        "lyssnarsiffror och enkäter för podden, dokumentation och uppföljning i förvaltningen, "
        "deltagande och beslut från chefsmötena. Resultaten tas upp i styrgruppen.",
        "organisations": ["jonkoping-socialforvaltningen", "hhj", "socialhogskolan"],
        "areas": ["kunskapsstyrning", "samverkan-forskning-praktik", "barn-och-unga"],
        "topics": ["samverkan-forskning-praktik", "kunskapsstyrning-socialtjanst"],
        "history": [
            (P.IDEA, date(2022, 10, 3), "Idé från referensgruppen."),
            (P.APPLICATION, date(2023, 3, 15), "Ansökan inskickad till Forte."),
            (P.ONGOING, date(2024, 4, 1), "Beviljad av Forte för 2024–2026."),
        ],
        "participants": [
            ("maria-ekdahl", R.PROJECT_LEADER, "hhj-socialt-arbete", date(2024, 4, 1)),
            ("ingrid-bjork", R.RESEARCHER, "hhj-socialt-arbete", date(2024, 4, 1)),
            ("karin-lundgren", R.RESEARCHER, "socialhogskolan", date(2024, 4, 1)),
            ("anna-forsberg", R.RD_LEADER, "jonkoping-socialforvaltningen", date(2024, 4, 1)),
            (
                "johan-almgren",
                R.PRACTITIONER_RESEARCHER,
                "jonkoping-socialforvaltningen",
                date(2024, 9, 1),
            ),
        ],
        "funding": [
            ("forte", "Forte demo-dnr 2023-00001", 2024, "1150000", Funding.Status.GRANTED),
            ("forte", "Forte demo-dnr 2023-00001", 2025, "1600000", Funding.Status.GRANTED),
            ("forte", "Forte demo-dnr 2023-00001", 2026, "1450000", Funding.Status.GRANTED),
        ],
        "evaluation": [
            (
                "Forskningspodden: lyssnarenkät",
                date(2025, 3, 20),
                date(2025, 3, 20),
                "ingrid-bjork",
                "Medarbetarna lyssnar helst på avsnitt om 20 minuter; fler vill ha praktiknära fall.",
            ),
            (
                "Chefsmöten som lärarena: intervjuer med chefer",
                date(2025, 10, 14),
                date(2025, 10, 16),
                "maria-ekdahl",
                "Forskningsinslagen uppskattas; uppföljningen av beslut behöver bli tydligare.",
            ),
            ("Slututvärdering med styrgruppen", date(2026, 12, 10), None, "maria-ekdahl", ""),
        ],
        "events": ["sem-1", "sem-2", "sem-3", "sem-4"],
    },
    {
        "slug": "unga-och-tramadol",
        "title": "Unga och tramadol – socialtjänstens tidiga insatser",
        "short_title": "Unga och tramadol",
        "kind": Project.Kind.RESEARCH,
        "start": date(2023, 9, 1),
        "end": date(2026, 6, 30),
        "visibility": Visibility.PUBLIC,
        "partnership": "lund-samverkan",
        "summary": "En intervjustudie med unga och med socialsekreterare om ungas användning "
        "av tramadol och hur socialtjänsten kan upptäcka och stödja tidigt.",
        "evaluation_plan": "Preliminära resultat diskuteras i diskussionsgruppen om unga och "
        "missbruk varje termin.",
        "organisations": ["socialhogskolan", "lund-ungdomsenheten"],
        "areas": ["missbruk-och-beroende", "barn-och-unga"],
        "topics": ["unga-och-tramadol", "kvalitativa-intervjuer"],
        "history": [
            (P.APPLICATION, date(2023, 2, 1), "Ansökan till Forte."),
            (P.ONGOING, date(2023, 9, 1), ""),
        ],
        "participants": [
            ("karin-lundgren", R.PROJECT_LEADER, "socialhogskolan", date(2023, 9, 1)),
            ("fatima-karlsson", R.PRACTITIONER_RESEARCHER, "lund-ungdomsenheten", date(2023, 9, 1)),
            ("linnea-sandberg", R.PRACTITIONER_RESEARCHER, "lund-vuxenenheten", date(2024, 1, 15)),
        ],
        "funding": [
            ("forte", "Forte demo-dnr 2023-00417", 2023, "350000", Funding.Status.GRANTED),
            ("forte", "Forte demo-dnr 2023-00417", 2024, "900000", Funding.Status.GRANTED),
            ("forte", "Forte demo-dnr 2023-00417", 2025, "900000", Funding.Status.GRANTED),
            ("forte", "Forte demo-dnr 2023-00417", 2026, "450000", Funding.Status.GRANTED),
        ],
        "evaluation": [],
        "events": ["sem-3"],
    },
    {
        "slug": "stodgrupper-for-barn",
        "title": "Stödgrupper för barn i familjer med missbruk – en utvärdering",
        "short_title": "Stödgrupper för barn",
        "kind": Project.Kind.EVALUATION,
        "start": date(2024, 9, 1),
        "end": date(2026, 8, 31),
        "visibility": Visibility.PUBLIC,
        "partnership": "socialtjanstens-universitet",
        "summary": "Enheten för familjestöd utvärderar sina stödgrupper för barn tillsammans med "
        "forskare vid Hälsohögskolan: vilka barn nås, vad barn och föräldrar säger, och vad "
        "som händer efter gruppen.",
        "evaluation_plan": "Utvärderingen löper fortlöpande: forskaren och gruppledarna träffas "
        "efter varje gruppomgång, går igenom enkäter och justerar upplägget.",
        "organisations": ["jonkoping-familjestod", "hhj"],
        "areas": ["barn-och-unga"],
        "topics": ["stodgrupper-for-barn", "utvardering"],
        "history": [
            (P.IDEA, date(2024, 2, 10), "Fråga från gruppledarna."),
            (P.ONGOING, date(2024, 9, 1), ""),
        ],
        "participants": [
            ("maria-ekdahl", R.PROJECT_LEADER, "hhj-socialt-arbete", date(2024, 9, 1)),
            (
                "emma-johansson",
                R.PRACTITIONER_RESEARCHER,
                "jonkoping-familjestod",
                date(2024, 9, 1),
            ),
            (
                "elin-bergqvist",
                R.PRACTITIONER_RESEARCHER,
                "jonkoping-barn-och-unga",
                date(2025, 1, 1),
            ),
        ],
        "funding": [
            (
                "allmanna-arvsfonden",
                "Arvsfonden demo 2024-17",
                2024,
                "200000",
                Funding.Status.GRANTED,
            ),
            (
                "allmanna-arvsfonden",
                "Arvsfonden demo 2024-17",
                2025,
                "450000",
                Funding.Status.GRANTED,
            ),
            (
                "allmanna-arvsfonden",
                "Arvsfonden demo 2024-17",
                2026,
                "300000",
                Funding.Status.GRANTED,
            ),
        ],
        "evaluation": [
            (
                "Gruppomgång 1: enkäter och gruppledarsamtal",
                date(2024, 12, 12),
                date(2024, 12, 12),
                "maria-ekdahl",
                "Barnen uppskattar att träffa andra i samma situation; fler föräldramöten behövs.",
            ),
            (
                "Gruppomgång 2",
                date(2025, 6, 10),
                date(2025, 6, 12),
                "maria-ekdahl",
                "Två föräldraträffar infördes; deltagandet ökade.",
            ),
            ("Gruppomgång 3", date(2025, 12, 11), date(2025, 12, 11), "maria-ekdahl", ""),
            ("Gruppomgång 4 och slutrapport", date(2026, 6, 11), None, "maria-ekdahl", ""),
        ],
        "events": ["sem-1"],
    },
    {
        "slug": "existentiella-utmaningar-hvb",
        "title": "Existentiella utmaningar för unga på HVB",
        "short_title": "Unga på HVB",
        "kind": Project.Kind.RESEARCH,
        "start": date(2022, 9, 1),
        "end": date(2027, 9, 30),
        "visibility": Visibility.PUBLIC,
        "partnership": "lund-samverkan",
        "summary": "Hur unga som bor på hem för vård eller boende (HVB) talar om mening, "
        "ensamhet och framtid, och hur personalen kan möta existentiella frågor. "
        "Doktorandprojekt i forskarskolan FYS.",
        "evaluation_plan": "",
        "organisations": ["socialhogskolan", "lund-ungdomsenheten", "jonkoping-hvb-ungdom"],
        "areas": ["placerade-barn-och-unga"],
        "topics": ["existentiella-fragor-hvb", "kvalitativa-intervjuer"],
        "history": [(P.ONGOING, date(2022, 9, 1), "Start i forskarskolan FYS.")],
        "participants": [
            ("ahmed-svensson", R.PROJECT_LEADER, "socialhogskolan", date(2022, 9, 1)),
            ("sofia-engstrom", R.PHD_STUDENT, "lund-ungdomsenheten", date(2022, 9, 1)),
            (
                "david-lindstrom",
                R.PRACTITIONER_RESEARCHER,
                "jonkoping-hvb-ungdom",
                date(2024, 2, 1),
            ),
        ],
        "funding": [],
        "evaluation": [],
        "events": [],
    },
    {
        "slug": "kunskapsstyrning-i-lanet",
        "title": "Kunskapsstyrning i länets socialtjänster",
        "short_title": "Kunskapsstyrning i länet",
        "kind": Project.Kind.DEVELOPMENT,
        "start": date(2024, 1, 1),
        "end": date(2026, 12, 31),
        "visibility": Visibility.PUBLIC,
        "partnership": "fourum",
        "summary": "Ett utvecklingsprojekt inom FoUrum där länets 13 kommuner tar fram "
        "gemensamma rutiner för att använda nationella riktlinjer och systematisk uppföljning. "
        "Leds av medarbetare som kommunerna lånar ut.",
        "evaluation_plan": "En forskare vid Hälsohögskolan följer projektet och återkopplar till "
        "styrgruppen varje halvår.",
        "organisations": ["fourum-socialt-valfard"],
        "areas": ["kunskapsstyrning"],
        "topics": ["kunskapsstyrning-socialtjanst", "systematisk-uppfoljning"],
        "history": [
            (P.IDEA, date(2023, 5, 10), "Uppdrag från styrgruppen."),
            (P.ONGOING, date(2024, 1, 1), ""),
        ],
        "participants": [
            ("lena-hakansson", R.PROJECT_LEADER, "varnamo", date(2024, 1, 1)),
            ("jonas-berg", R.PRACTITIONER_RESEARCHER, "nassjo", date(2024, 3, 1)),
            ("per-gustafsson", R.RD_LEADER, "fourum-socialt-valfard", date(2024, 1, 1)),
            ("ingrid-bjork", R.RESEARCHER, "hhj-socialt-arbete", date(2024, 1, 1)),
        ],
        "funding": [],
        "evaluation": [
            (
                "Halvårsavstämning med styrgruppen",
                date(2025, 6, 5),
                date(2025, 6, 5),
                "ingrid-bjork",
                "Rutinerna används i nio av tretton kommuner.",
            ),
            (
                "Halvårsavstämning med styrgruppen",
                date(2025, 12, 4),
                date(2025, 12, 4),
                "ingrid-bjork",
                "",
            ),
        ],
        "events": ["sem-2"],
    },
    {
        "slug": "uppfoljning-ekonomiskt-bistand",
        "title": "Systematisk uppföljning i ekonomiskt bistånd",
        "short_title": "Uppföljning i ekonomiskt bistånd",
        "kind": Project.Kind.DEVELOPMENT,
        "start": date(2025, 1, 1),
        "end": date(2025, 12, 31),
        "visibility": Visibility.INTERNAL,
        "partnership": "fourum",
        "summary": "Fyra kommuner prövar en gemensam modell för att följa upp insatser mot "
        "egen försörjning.",
        "evaluation_plan": "",
        "organisations": ["fourum-socialt-valfard"],
        "areas": ["ekonomiskt-bistand-och-arbete"],
        "topics": ["systematisk-uppfoljning"],
        "history": [
            (P.ONGOING, date(2025, 1, 1), ""),
            (P.COMPLETED, date(2025, 12, 31), "Slutrapport till styrgruppen."),
        ],
        "participants": [
            ("jonas-berg", R.PROJECT_LEADER, "nassjo", date(2025, 1, 1)),
            ("per-gustafsson", R.RD_LEADER, "fourum-socialt-valfard", date(2025, 1, 1)),
        ],
        "funding": [],
        "evaluation": [],
        "events": [],
    },
    {
        "slug": "samverkan-i-sma-kommuner",
        "title": "Samverkan mellan forskning och praktik i små kommuner",
        "short_title": "Samverkan i små kommuner",
        "kind": Project.Kind.JOINT_APPLICATION,
        "start": date(2025, 9, 1),
        "end": date(2027, 8, 31),
        "visibility": Visibility.INTERNAL,
        "partnership": "fourum",
        "summary": "Gemensam ansökan från FoUrum, Hälsohögskolan och fyra av länets mindre "
        "kommuner om ett projekt om hur små kommuner kan bygga forskningssamverkan.",
        "evaluation_plan": "",
        "organisations": ["fourum-socialt-valfard", "hhj", "aneby", "mullsjo", "habo", "gnosjo"],
        "areas": ["samverkan-forskning-praktik"],
        "topics": ["samverkan-forskning-praktik"],
        "history": [
            (P.IDEA, date(2024, 9, 12), "Idé från nätverket för socialchefer."),
            (P.APPLICATION, date(2025, 2, 28), "Ansökan inskickad till Forte."),
            (P.NOT_FUNDED, date(2025, 6, 19), "Forte beviljade inte ansökan. Omarbetas."),
        ],
        "participants": [
            ("per-gustafsson", R.PROJECT_LEADER, "fourum-socialt-valfard", None),
            ("ingrid-bjork", R.RESEARCHER, "hhj-socialt-arbete", None),
        ],
        "funding": [
            ("forte", "Forte demo-ansökan 2025-00077", 2025, "400000", Funding.Status.DECLINED),
            ("forte", "Forte demo-ansökan 2025-00077", 2026, "1200000", Funding.Status.DECLINED),
            ("forte", "Forte demo-ansökan 2025-00077", 2027, "800000", Funding.Status.DECLINED),
        ],
        "evaluation": [],
        "events": [],
    },
    {
        "slug": "digitala-diskussionsgrupper",
        "title": "Digitala diskussionsgrupper för små enheter",
        "short_title": "",
        "kind": Project.Kind.DEVELOPMENT,
        "start": None,
        "end": None,
        "visibility": Visibility.INTERNAL,
        "partnership": "lund-samverkan",
        "summary": "Idé: diskussionsgrupper på distans för enheter som är för små för en egen grupp.",
        "evaluation_plan": "",
        "organisations": ["lund-socialforvaltningen"],
        "areas": ["samverkan-forskning-praktik"],
        "topics": [],
        "history": [(P.IDEA, date(2026, 10, 1), "")],
        "participants": [("marie-olofsson", R.RD_LEADER, "lund-socialforvaltningen", None)],
        "funding": [],
        "evaluation": [],
        "events": [],
    },
]

LOANS = [
    (
        "varnamo",
        "lena-hakansson",
        "kunskapsstyrning-i-lanet",
        50,
        date(2024, 1, 1),
        date(2026, 12, 31),
    ),
    ("nassjo", "jonas-berg", "kunskapsstyrning-i-lanet", 40, date(2024, 3, 1), date(2026, 6, 30)),
    (
        "nassjo",
        "jonas-berg",
        "uppfoljning-ekonomiskt-bistand",
        30,
        date(2025, 1, 1),
        date(2025, 12, 31),
    ),
]

PHD_STUDENTS: list[dict[str, Any]] = [
    {
        "person": "sofia-engstrom",
        "topic": "Existentiella utmaningar för unga på HVB",
        "employer": "lund-ungdomsenheten",
        "project": "existentiella-utmaningar-hvb",
        "supervisors": [("ahmed-svensson", "main"), ("karin-lundgren", "co")],
        "milestones": {
            "start": (date(2022, 9, 1), date(2022, 9, 1)),
            "half_time": (date(2024, 10, 15), date(2024, 10, 15)),
            "final_seminar": (date(2027, 2, 10), None),
            "defence": (date(2027, 9, 24), None),
        },
        "after": PhdStudent.AfterDefence.UNDECIDED,
        "role_after": "",
        "areas": ["placerade-barn-och-unga"],
        "topics": ["existentiella-fragor-hvb"],
    },
    {
        "person": "marie-olofsson",
        "topic": "Att samverka kring unga med missbruk: socialtjänst, skola och vård",
        "employer": "lund-socialforvaltningen",
        "project": None,
        "supervisors": [("karin-lundgren", "main")],
        "milestones": {
            "start": (date(2018, 9, 1), date(2018, 9, 1)),
            "half_time": (date(2020, 11, 12), date(2020, 11, 12)),
            "final_seminar": (date(2022, 11, 30), date(2022, 11, 30)),
            "defence": (date(2023, 5, 26), date(2023, 5, 26)),
        },
        "after": PhdStudent.AfterDefence.STAYS,
        "role_after": "FoU-ledare, socialförvaltningen i Lund",
        "areas": ["missbruk-och-beroende", "barn-och-unga"],
        "topics": ["unga-och-tramadol"],
    },
    {
        "person": "hanna-lindqvist",
        "topic": "Beslut om placering: socialsekreterares bedömningar i praktiken",
        "employer": "lund-barn-och-familj",
        "project": None,
        "supervisors": [("karin-lundgren", "co"), ("ahmed-svensson", "main")],
        "milestones": {
            "start": (date(2016, 9, 1), date(2016, 9, 1)),
            "half_time": (date(2018, 12, 5), date(2018, 12, 5)),
            "final_seminar": (date(2020, 12, 2), date(2021, 1, 20)),
            "defence": (date(2021, 5, 28), date(2021, 6, 4)),
        },
        "after": PhdStudent.AfterDefence.ACADEMIA,
        "role_after": "Universitetslektor, Socialhögskolan",
        "areas": ["placerade-barn-och-unga"],
        "topics": [],
    },
    {
        "person": "tobias-ek",
        "topic": "Föräldraskapsstöd i socialtjänstens öppenvård",
        "employer": "lund-barn-och-familj",
        "project": None,
        "supervisors": [("karin-lundgren", "main"), ("ahmed-svensson", "co")],
        "milestones": {
            "start": (date(2024, 9, 1), date(2024, 9, 1)),
            "half_time": (date(2027, 3, 18), None),
            "final_seminar": (None, None),
            "defence": (None, None),
        },
        "after": PhdStudent.AfterDefence.UNDECIDED,
        "role_after": "",
        "areas": ["barn-och-unga"],
        "topics": ["foraldraskapsstod"],
    },
]

VFU_STUDENTS = [
    "Alva Nordin",
    "Hugo Strand",
    "Ella Lindberg",
    "Leo Sjöberg",
    "Maja Ekholm",
    "Noah Dahlin",
]


def _terms(today: date) -> list[tuple[int, int]]:
    """The current term and the one before it (spring = 1, autumn = 2)."""
    season = 2 if today.month >= 8 else 1
    current = (today.year, season)
    previous = (today.year, 1) if season == 2 else (today.year - 1, 2)
    return [previous, current]


def _org(slug: str | None) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first() if slug else None


def _person(slug: str | None) -> Person | None:
    return Person.objects.filter(slug=slug).first() if slug else None


def seed_people() -> None:
    for slug, name, en, short in FUNDERS:
        Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name_sv": name,
                "name_en": en,
                "short_name": short,
                "kind": Organisation.Kind.FUNDER,
            },
        )
    for slug, given, family, title, affiliations in PEOPLE:
        person, _created = Person.objects.update_or_create(
            slug=slug,
            defaults={
                "given_name": given,
                "family_name": family,
                "title": title,
                "visibility": Visibility.PUBLIC,
            },
        )
        for org_slug, role, aff_title, start in affiliations:
            Affiliation.objects.update_or_create(
                person=person,
                organisation=Organisation.objects.get(slug=org_slug),
                role=role,
                defaults={"title": aff_title, "start": start},
            )


def seed_projects() -> dict[str, Project]:
    projects = {}
    for spec in PROJECTS:
        history = spec["history"]
        project, _created = Project.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "short_title": spec["short_title"],
                "kind": spec["kind"],
                "status": history[-1][0],
                "summary": spec["summary"],
                "start": spec["start"],
                "end": spec["end"],
                "visibility": spec["visibility"],
                "partnership": Partnership.objects.filter(slug=spec["partnership"]).first(),
                "evaluation_plan": spec["evaluation_plan"],
            },
        )
        project.organisations.set(Organisation.objects.filter(slug__in=spec["organisations"]))
        project.priority_areas.set(PriorityArea.objects.filter(slug__in=spec["areas"]))
        project.topics.set(Topic.objects.filter(slug__in=spec["topics"]))
        previous = ""
        for status, on, note in history:
            StatusChange.objects.update_or_create(
                project=project,
                status=status,
                on=on,
                defaults={"previous": previous, "note": note},
            )
            previous = status
        for person_slug, role, org_slug, start in spec["participants"]:
            person = _person(person_slug)
            if person is None:
                continue
            Participation.objects.update_or_create(
                project=project,
                person=person,
                role=role,
                defaults={"organisation": _org(org_slug), "start": start},
            )
        for funder, grant, year, amount, status in spec["funding"]:
            Funding.objects.update_or_create(
                project=project,
                funder=Organisation.objects.get(slug=funder),
                year=year,
                defaults={"grant": grant, "amount": Decimal(amount), "status": status},
            )
        for title, planned, held, researcher, outcome in spec["evaluation"]:
            EvaluationPoint.objects.update_or_create(
                project=project,
                title=title,
                planned=planned,
                defaults={"held": held, "researcher": _person(researcher), "outcome": outcome},
            )
        keys = [uuid.uuid5(DEMO_NAMESPACE, key) for key in spec["events"]]
        project.events.set(Event.objects.filter(uid__in=keys))
        projects[project.slug] = project
    return projects


def seed_loans() -> None:
    for municipality, person, project, share, start, end in LOANS:
        StaffLoan.objects.update_or_create(
            municipality=Organisation.objects.get(slug=municipality),
            person=Person.objects.get(slug=person),
            project=Project.objects.get(slug=project),
            start=start,
            defaults={"share": share, "end": end},
        )


def seed_phd_students() -> None:
    university = Organisation.objects.get(slug="lunds-universitet")
    school = Organisation.objects.get(slug="forskarskolan-fys")
    for spec in PHD_STUDENTS:
        person = _person(spec["person"])
        if person is None:
            continue
        phd, _created = PhdStudent.objects.update_or_create(
            slug=spec["person"],
            defaults={
                "person": person,
                "programme": "Forskarutbildning i socialt arbete",
                "research_school": school,
                "university": university,
                "employer": _org(spec["employer"]),
                "topic": spec["topic"],
                "project": Project.objects.filter(slug=spec["project"]).first()
                if spec["project"]
                else None,
                "after_defence": spec["after"],
                "role_after": spec["role_after"],
                "visibility": Visibility.PUBLIC,
            },
        )
        phd.priority_areas.set(PriorityArea.objects.filter(slug__in=spec["areas"]))
        phd.topics.set(Topic.objects.filter(slug__in=spec["topics"]))
        for supervisor, role in spec["supervisors"]:
            Supervision.objects.update_or_create(
                phd_student=phd, person=Person.objects.get(slug=supervisor), defaults={"role": role}
            )
        for kind, (planned, actual) in spec["milestones"].items():
            Milestone.objects.update_or_create(
                phd_student=phd, kind=kind, defaults={"planned": planned, "actual": actual}
            )


def seed_education() -> None:
    lund_uni = _org("socialhogskolan")
    hhj = _org("hhj")
    for n, (year, season) in enumerate(_terms(timezone.localdate())):
        rows = [
            (
                EDU.FIELD_PLACEMENT,
                "lund-ungdomsenheten",
                None,
                VFU_STUDENTS[3 * n],
                "fatima-karlsson",
                lund_uni,
                "Socionomprogrammet, termin 5",
                None,
            ),
            (
                EDU.FIELD_PLACEMENT,
                "lund-barn-och-familj",
                None,
                VFU_STUDENTS[3 * n + 1],
                "oskar-nystrom",
                lund_uni,
                "Socionomprogrammet, termin 5",
                None,
            ),
            (
                EDU.FIELD_PLACEMENT,
                "jonkoping-barn-och-unga",
                None,
                VFU_STUDENTS[3 * n + 2],
                "elin-bergqvist",
                hhj,
                "Socionomprogrammet, VFU",
                None,
            ),
            (
                EDU.TEACHING,
                "lund-ungdomsenheten",
                "fatima-karlsson",
                "",
                None,
                lund_uni,
                "Socialt arbete med barn och unga",
                Decimal(12 + 4 * n),
            ),
            (
                EDU.TEACHING,
                "jonkoping-familjestod",
                "emma-johansson",
                "",
                None,
                hhj,
                "Familjebehandling i socialtjänsten",
                Decimal(8),
            ),
            (
                EDU.RESEARCHER_PLACEMENT,
                "lund-ungdomsenheten",
                "ahmed-svensson" if n else "karin-lundgren",
                "",
                None,
                lund_uni,
                "",
                None,
            ),
        ]
        if n == 1:
            rows.append(
                (
                    EDU.MASTERS,
                    "lund-barn-och-familj",
                    "oskar-nystrom",
                    "",
                    None,
                    lund_uni,
                    "Masterprogram i socialt arbete",
                    None,
                )
            )
        for kind, unit, person, student, supervisor, university, course, hours in rows:
            # A placement is found by its supervisor, everything else by the person.
            who: dict[str, Any] = (
                {"supervisor": _person(supervisor)} if student else {"person": _person(person)}
            )
            EducationActivity.objects.update_or_create(
                kind=kind,
                year=year,
                season=season,
                unit=Organisation.objects.get(slug=unit),
                **who,
                defaults={
                    "student_name": student,
                    "university": university,
                    "course": course,
                    "hours": hours,
                },
            )


def seed() -> None:
    seed_people()
    projects = seed_projects()
    seed_loans()
    seed_phd_students()
    seed_education()
    # A sub-study linked in the knowledge cycle to the project it belongs to.
    link_add(a=projects["mot-ett-socialtjanstens-universitet"], b=projects["stodgrupper-for-barn"])
    link_add(a=projects["kunskapsstyrning-i-lanet"], b=projects["samverkan-i-sma-kommuner"])
