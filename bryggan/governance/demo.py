"""Demo partnerships and their governance (every person here is fictional).

- FoUrum: the 13 municipalities of Jönköping County as equal owners, each with the mission it
  defined and base funding for this year and last; a steering group of the heads of social
  services, a managers' network, a political forum, meetings, numbered decisions and actions.
- Towards a Social Services University (Jönköping): a reference group that became a steering
  group, with meetings, decisions and open actions that still return to the agenda.
- Lund: the collaboration agreement between Lund social services and the School of Social Work,
  with a signed document and a renewal date close enough for its reminder to be due.

Safe to run twice: records are found again by slug, fixed UID or title and updated in place.
Recent and coming meetings are placed around today so there is always something on the agenda.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify

from bryggan.core.models import Visibility
from bryggan.governance import services
from bryggan.governance.models import (
    ActionItem,
    AgendaItem,
    Agreement,
    Body,
    Decision,
    Meeting,
    MeetingDocument,
    Membership,
    Minutes,
    Partnership,
    Party,
)
from bryggan.people.demo import FOURUM_MUNICIPALITIES
from bryggan.people.models import Affiliation, Organisation, Person, Role
from bryggan.taxonomy.models import PriorityArea

R = Party.Role
DEMO_NAMESPACE = uuid.UUID("0b7f4a8e-3c55-4f7e-8d1e-6a2f9c4b7d21")

# The mission each owner municipality of FoUrum wrote down for the partnership.
FOURUM_MISSIONS = {
    "aneby": "Stöd att följa upp insatser för barn och unga i en liten kommun.",
    "eksjo": "Kunskapsstöd i arbetet mot missbruk och beroende.",
    "gislaved": "Gemensam uppföljning av ekonomiskt bistånd och vägar till arbete.",
    "gnosjo": "Kompetensutveckling för socialsekreterare och nätverk med andra kommuner.",
    "habo": "Stöd till familjehemsvård och placerade barn.",
    "jonkoping": "Forskningsanknytning av socialtjänsten och stöd till praktikdoktorander.",
    "mullsjo": "Tillgång till regionala utvecklingsprojekt trots få egna resurser.",
    "nassjo": "Systematisk uppföljning av insatser med brukarnas erfarenheter.",
    "savsjo": "Stöd i kunskapsstyrning och implementering av nationella riktlinjer.",
    "tranas": "Samverkan kring barn och unga mellan socialtjänst, skola och region.",
    "vaggeryd": "Förebyggande arbete med unga och riskbruk.",
    "vetlanda": "Uppföljning av ekonomiskt bistånd och arbetsmarknadsinsatser.",
    "varnamo": "Lärande chefsnätverk och stöd att leda utvecklingsarbete.",
}
# Approximate populations, rounded; base funding is a fixed sum per inhabitant.
POPULATION = {
    "aneby": 6900,
    "eksjo": 17700,
    "gislaved": 29800,
    "gnosjo": 9700,
    "habo": 12500,
    "jonkoping": 145000,
    "mullsjo": 7300,
    "nassjo": 31800,
    "savsjo": 11400,
    "tranas": 19400,
    "vaggeryd": 14400,
    "vetlanda": 27900,
    "varnamo": 34900,
}
PER_INHABITANT = {0: 8.25, 1: 8.0}  # this year, last year (SEK)

# Fictional heads of social services (socialchefer) and chairs of the social welfare committees.
HEADS = {
    "aneby": ("Karin", "Holmqvist"),
    "eksjo": ("Mats", "Lindahl"),
    "gislaved": ("Eva", "Strandberg"),
    "gnosjo": ("Peter", "Sjöholm"),
    "habo": ("Helena", "Nordin"),
    "jonkoping": ("Lars", "Ekström"),
    "mullsjo": ("Annika", "Berglöf"),
    "nassjo": ("Stefan", "Wikander"),
    "savsjo": ("Marie", "Lundell"),
    "tranas": ("Jonas", "Håkansson"),
    "vaggeryd": ("Camilla", "Öhman"),
    "vetlanda": ("Fredrik", "Axelsson"),
    "varnamo": ("Ulrika", "Hedlund"),
}
POLITICIANS = {
    "aneby": ("Bengt", "Ivarsson"),
    "eksjo": ("Sara", "Melin"),
    "gislaved": ("Göran", "Falk"),
    "gnosjo": ("Ingela", "Thorén"),
    "habo": ("Rolf", "Asplund"),
    "jonkoping": ("Lena", "Rydberg"),
    "mullsjo": ("Kent", "Wester"),
    "nassjo": ("Birgitta", "Alm"),
    "savsjo": ("Tomas", "Ek"),
    "tranas": ("Agneta", "Blom"),
    "vaggeryd": ("Hans", "Lundqvist"),
    "vetlanda": ("Pia", "Carlén"),
    "varnamo": ("Olof", "Svedberg"),
}
UNIT_MANAGERS = [
    ("nassjo", "Therese", "Mattsson"),
    ("varnamo", "Niklas", "Borg"),
    ("vetlanda", "Jenny", "Ståhl"),
    ("gislaved", "Anders", "Kvist"),
    ("tranas", "Malin", "Friberg"),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF with the given lines (demo documents, no dependencies)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = (
        "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(f"({escape(x)}) Tj T*" for x in lines) + " ET"
    )
    stream = content.encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


PARTNERSHIPS: list[dict[str, Any]] = [
    {
        "slug": "fourum",
        "short_name": "FoUrum",
        "kind": Partnership.Kind.REGIONAL,
        "start": date(2010, 1, 1),
        "name_sv": "FoUrum socialt välfärd",
        "name_en": "FoUrum social welfare",
        "description": "En regional stödstruktur som ägs av länets 13 kommuner som jämlika parter. Kommunerna "
        "formulerar uppdraget, betalar basfinansiering och lånar ut medarbetare som leder utvecklingsprojekt.",
        "areas": [
            "barn-och-unga",
            "missbruk-och-beroende",
            "kunskapsstyrning",
            "ekonomiskt-bistand-och-arbete",
        ],
        "parties": [
            (slug, R.OWNER, "Basfinansiering och gemensamt uppdrag")
            for slug, _n, _s in FOURUM_MUNICIPALITIES
        ]
        + [("region-jonkopings-lan", R.SUPPORT, "Värd för FoUrum")],
    },
    {
        "slug": "socialtjanstens-universitet",
        "short_name": "SSU",
        "kind": Partnership.Kind.COLLABORATION,
        "start": date(2024, 4, 1),
        "end": date(2026, 12, 31),
        "name_sv": "Mot ett socialtjänstens universitet",
        "name_en": "Towards a Social Services University",
        "description": "Jönköpings kommuns socialförvaltning tillsammans med Hälsohögskolan i Jönköping och "
        "Socialhögskolan i Lund, finansierat av Forte. Fyra delar: forskningspodd, forskning i förvaltningen, "
        "forskningsseminarium och från referensgrupp till styrgrupp.",
        "areas": [
            "barn-och-unga",
            "placerade-barn-och-unga",
            "kunskapsstyrning",
            "samverkan-forskning-praktik",
        ],
        "parties": [
            (
                "jonkoping-socialforvaltningen",
                R.PRACTICE,
                "Forskning i förvaltningen och chefsmöten som lärarena",
            ),
            ("hhj", R.ACADEMIC, "Forskningsseminarier och forskningspodd"),
            ("socialhogskolan", R.ACADEMIC, "Analys av strukturer för spridning av forskning"),
            ("forte", R.FUNDER, ""),
        ],
    },
    {
        "slug": "lund-samverkan",
        "short_name": "Lund",
        "kind": Partnership.Kind.COLLABORATION,
        "start": date(2017, 1, 1),
        "name_sv": "Kunskapsskapande socialtjänst i Lund",
        "name_en": "A knowledge-creating social service in Lund",
        "description": "Samverkansavtal mellan socialtjänsten i Lund och Socialhögskolan: diskussionsgrupper där "
        "socialsekreterare och forskare möts, praktikdoktorander i forskarskolan FYS, VFU och undervisning.",
        "areas": [
            "missbruk-och-beroende",
            "placerade-barn-och-unga",
            "samverkan-forskning-praktik",
        ],
        "parties": [
            ("lund-socialforvaltningen", R.PRACTICE, "Diskussionsgrupper och praktikdoktorander"),
            (
                "socialhogskolan",
                R.ACADEMIC,
                "Forskare i diskussionsgrupperna och forskarskolan FYS",
            ),
        ],
    },
]


def seed_partnerships() -> None:
    for template in PARTNERSHIPS:
        spec: dict[str, Any] = dict(template)
        areas, parties = spec.pop("areas"), spec.pop("parties")
        partnership, _created = Partnership.objects.update_or_create(
            slug=spec.pop("slug"), defaults={**spec, "visibility": Visibility.PUBLIC}
        )
        partnership.priority_areas.set(PriorityArea.objects.filter(slug__in=areas))
        for org_slug, role, mission in parties:
            Party.objects.update_or_create(
                partnership=partnership,
                organisation=Organisation.objects.get(slug=org_slug),
                defaults={"role": role, "mission": mission, "joined": partnership.start},
            )


# ---- people -------------------------------------------------------------------------------------


def _person(given: str, family: str, title: str, org_slug: str, role: str) -> Person:
    person, _created = Person.objects.update_or_create(
        slug=slugify(f"{given} {family}"),
        defaults={"given_name": given, "family_name": family, "title": title},
    )
    Affiliation.objects.update_or_create(
        person=person,
        organisation=Organisation.objects.get(slug=org_slug),
        role=role,
        defaults={"title": title, "start": date(2019, 1, 1)},
    )
    return person


def _existing(slug: str) -> Person:
    return Person.objects.get(slug=slug)


# ---- governance records -------------------------------------------------------------------------


def _body(slug: str, partnership: Partnership, **fields: Any) -> Body:
    body = Body.objects.filter(slug=slug).first()
    if body is None:
        body = services.body_save(partnership=partnership, **fields)
        Body.objects.filter(pk=body.pk).update(slug=slug)
        body.slug = slug
        return body
    for name, value in fields.items():
        setattr(body, name, value)
    body.save()
    return body


def _seat(
    body: Body,
    person: Person,
    role: str,
    start: date,
    *,
    end: date | None = None,
    represents: str | None = None,
) -> Membership:
    seat, _created = Membership.objects.update_or_create(
        body=body,
        person=person,
        role=role,
        start=start,
        defaults={
            "end": end,
            "represents": Organisation.objects.get(slug=represents) if represents else None,
        },
    )
    return seat


def _meeting(key: str, body: Body, start: datetime, **fields: Any) -> Meeting:
    fields.setdefault("end", start + timedelta(hours=2))
    fields.setdefault("visibility", body.visibility)
    meeting, _created = Meeting.objects.update_or_create(
        uid=uuid.uuid5(DEMO_NAMESPACE, key), defaults={"body": body, "start": start, **fields}
    )
    return meeting


def _agenda(meeting: Meeting, items: list[tuple[str, str]]) -> list[AgendaItem]:
    return [
        AgendaItem.objects.update_or_create(
            meeting=meeting, position=n, defaults={"title": title, "kind": kind}
        )[0]
        for n, (title, kind) in enumerate(items, start=1)
    ]


def _minutes(meeting: Meeting, text: str, visibility: str, approved: bool = True) -> Minutes:
    approved_on = timezone.localtime(meeting.start).date() + timedelta(days=7) if approved else None
    minutes, _created = Minutes.objects.update_or_create(
        meeting=meeting,
        defaults={
            "text": services.sanitise_html(text),
            "visibility": visibility,
            "approved_on": approved_on,
        },
    )
    return minutes


def _decision(meeting: Meeting, title: str, text: str = "", **fields: Any) -> Decision:
    found = meeting.decisions.filter(title=title).first()
    return found or services.decision_add(meeting=meeting, title=title, text=text, **fields)


def _action(
    meeting: Meeting,
    title: str,
    owner: Person,
    due: date | None,
    status: str = ActionItem.Status.OPEN,
    decision: Decision | None = None,
) -> ActionItem:
    closed = status in (ActionItem.Status.DONE, ActionItem.Status.DROPPED)
    action, _created = ActionItem.objects.update_or_create(
        meeting=meeting,
        title=title,
        defaults={
            "body": meeting.body,
            "owner": owner,
            "due": due,
            "status": status,
            "decision": decision,
            "visibility": meeting.visibility,
            "closed_at": meeting.end + timedelta(days=30) if closed else None,
        },
    )
    return action


def _demo_file(name: str, lines: list[str]) -> str:
    """Store a demo PDF once under a fixed name (a second seeding, or another database, reuses it)."""
    path = f"governance/demo/{name}.pdf"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(_pdf(lines)))
    return path


def _document(meeting: Meeting, title: str, lines: list[str], visibility: str) -> None:
    if not meeting.documents.filter(title=title).exists():
        MeetingDocument.objects.create(
            meeting=meeting,
            title=title,
            visibility=visibility,
            file=_demo_file(slugify(title), lines),
        )


# ---- the three model organisations --------------------------------------------------------------


def seed_fourum(today: date) -> None:
    fourum = Partnership.objects.get(slug="fourum")
    region = Organisation.objects.get(slug="region-jonkopings-lan")
    for slug, mission in FOURUM_MISSIONS.items():
        Party.objects.filter(partnership=fourum, organisation__slug=slug).update(mission=mission)
    for offset, per_inhabitant in PER_INHABITANT.items():
        year = today.year - offset
        for slug, population in POPULATION.items():
            party = Party.objects.get(partnership=fourum, organisation__slug=slug)
            services.funding_set(
                partnership=fourum,
                party=party,
                year=year,
                amount=int(round(population * per_inhabitant, -3)),
                note=f"{per_inhabitant:.2f} kr per invånare".replace(".", ","),
            )
        services.funding_set(
            partnership=fourum,
            party=Party.objects.get(partnership=fourum, organisation=region),
            year=year,
            amount=1_200_000,
            note="Värdskap och lokaler",
        )

    heads = {
        slug: _person(given, family, "Socialchef", slug, Role.MANAGER)
        for slug, (given, family) in HEADS.items()
    }
    secretary = _existing("per-gustafsson")
    steering = _body(
        "fourum-styrgrupp",
        fourum,
        kind=Body.Kind.STEERING_GROUP,
        name_sv="Styrgruppen för FoUrum",
        name_en="FoUrum steering group",
        prefix="SG",
        mandate="Länets socialchefer leder FoUrum: fastställer verksamhetsplan och budget, "
        "prioriterar utvecklingsprojekt och följer upp verksamheten.",
        established=date(2010, 1, 1),
        visibility=Visibility.PUBLIC,
    )
    for slug, person in heads.items():
        role = Membership.Role.CHAIR if slug == "varnamo" else Membership.Role.MEMBER
        _seat(steering, person, role, date(2023, 1, 1), represents=slug)
    _seat(steering, secretary, Membership.Role.SECRETARY, date(2021, 1, 1))

    network = _body(
        "fourum-chefsnatverk-barn-och-unga",
        fourum,
        kind=Body.Kind.MANAGERS_NETWORK,
        name_sv="Chefsnätverket barn och unga",
        name_en="Managers' network for children and young people",
        prefix="CN",
        mandate="Enhetschefer inom barn och unga i länet delar erfarenheter och tar fram "
        "gemensamma underlag till styrgruppen.",
        established=date(2015, 9, 1),
        visibility=Visibility.INTERNAL,
    )
    _seat(
        network,
        _existing("johan-almgren"),
        Membership.Role.CHAIR,
        date(2022, 1, 1),
        represents="jonkoping",
    )
    for slug, given, family in UNIT_MANAGERS:
        _seat(
            network,
            _person(given, family, "Enhetschef", slug, Role.MANAGER),
            Membership.Role.MEMBER,
            date(2022, 1, 1),
            represents=slug,
        )
    _seat(network, secretary, Membership.Role.SECRETARY, date(2022, 1, 1))

    forum = _body(
        "fourum-politiskt-forum",
        fourum,
        kind=Body.Kind.POLITICAL_FORUM,
        name_sv="Politiskt forum för social välfärd",
        name_en="Political forum for social welfare",
        prefix="PF",
        mandate="Socialnämndernas ordförande möts två gånger om året för att ta del av FoUrums "
        "arbete och ge inriktning inför verksamhetsplanen.",
        established=date(2012, 1, 1),
        visibility=Visibility.PUBLIC,
    )
    for slug, (given, family) in POLITICIANS.items():
        person = _person(given, family, "Ordförande i socialnämnden", slug, Role.OTHER)
        role = Membership.Role.CHAIR if slug == "jonkoping" else Membership.Role.MEMBER
        _seat(forum, person, role, date(2023, 1, 1), end=date(2026, 12, 31), represents=slug)

    # Steering group meetings: two behind us with decisions, one coming.
    spring = _meeting(
        "fourum-sg-1",
        steering,
        _at(today - timedelta(days=110), 9),
        place="FoUrum, Hamngatan 15, Jönköping",
        visibility=Visibility.PUBLIC,
    )
    _agenda(
        spring,
        [
            ("Verksamhetsberättelse för förra året", AgendaItem.Kind.DECISION),
            ("Prioriterade områden", AgendaItem.Kind.DECISION),
            ("Rapport från chefsnätverket barn och unga", AgendaItem.Kind.INFORMATION),
        ],
    )
    _minutes(
        spring,
        "<p>Ordföranden öppnade mötet. Alla 13 kommuner var företrädda.</p>"
        "<ul><li>Verksamhetsberättelsen godkändes.</li>"
        "<li>Ägarna fastställde fyra prioriterade områden.</li></ul>",
        Visibility.PUBLIC,
    )
    report = _decision(
        spring,
        "Verksamhetsberättelsen för förra året godkänns",
        "Styrgruppen godkänner verksamhetsberättelsen och lägger den till handlingarna.",
    )
    areas = _decision(
        spring,
        "Prioriterade områden fastställs",
        "Barn och unga, missbruk och beroende, kunskapsstyrning samt ekonomiskt bistånd och arbete.",
    )
    _action(
        spring,
        "Sprida verksamhetsberättelsen till alla socialnämnder",
        secretary,
        today - timedelta(days=80),
        ActionItem.Status.DONE,
        decision=report,
    )
    _action(
        spring,
        "Ta fram en projektplan per prioriterat område",
        secretary,
        today + timedelta(days=20),
        ActionItem.Status.IN_PROGRESS,
        decision=areas,
    )
    _document(
        spring,
        "Verksamhetsberättelse (utkast)",
        ["FoUrum socialt välfärd", "Verksamhetsberättelse – utkast (demo)"],
        Visibility.RESTRICTED,
    )
    autumn = _meeting(
        "fourum-sg-2",
        steering,
        _at(today - timedelta(days=40), 9),
        place="FoUrum, Hamngatan 15, Jönköping",
        visibility=Visibility.PUBLIC,
    )
    _agenda(
        autumn,
        [
            ("Basfinansiering för nästa år", AgendaItem.Kind.DECISION),
            ("Utlånad personal till utvecklingsprojekt", AgendaItem.Kind.DISCUSSION),
        ],
    )
    _minutes(
        autumn,
        "<p>Styrgruppen diskuterade basfinansieringen och behovet av utlånad personal.</p>",
        Visibility.PUBLIC,
        approved=False,
    )
    funding = _decision(
        autumn,
        "Basfinansieringen höjs till 8,25 kronor per invånare",
        "Höjningen täcker löneökningar och en ny FoU-ledare för missbruk och beroende.",
    )
    _action(
        autumn,
        "Meddela kommunernas ekonomer den nya basfinansieringen",
        heads["varnamo"],
        today - timedelta(days=10),
        decision=funding,
    )
    _action(
        autumn,
        "Inventera vilka kommuner som kan låna ut en medarbetare",
        heads["jonkoping"],
        today + timedelta(days=45),
    )
    coming = _meeting(
        "fourum-sg-3",
        steering,
        _at(today + timedelta(days=21), 9),
        place="FoUrum, Hamngatan 15, Jönköping",
        online_url="https://meet.example.org/fourum-styrgrupp",
        visibility=Visibility.PUBLIC,
    )
    _agenda(
        coming,
        [
            ("Verksamhetsplan för nästa år", AgendaItem.Kind.DECISION),
            ("Uppföljning av projektplaner", AgendaItem.Kind.DISCUSSION),
        ],
    )

    net = _meeting(
        "fourum-cn-1",
        network,
        _at(today - timedelta(days=30), 13),
        place="Nässjö stadshus",
        visibility=Visibility.INTERNAL,
    )
    _agenda(net, [("Erfarenheter av familjehemsrekrytering", AgendaItem.Kind.DISCUSSION)])
    _action(
        net,
        "Samla kommunernas rutiner för familjehemsrekrytering",
        _existing("johan-almgren"),
        today + timedelta(days=30),
    )
    _meeting(
        "fourum-cn-2",
        network,
        _at(today + timedelta(days=35), 13),
        place="Värnamo, Stadshuset",
        visibility=Visibility.INTERNAL,
    )
    _meeting(
        "fourum-pf-1",
        forum,
        _at(today - timedelta(days=70), 15),
        place="Regionens hus, Jönköping",
        visibility=Visibility.PUBLIC,
    )
    _meeting(
        "fourum-pf-2",
        forum,
        _at(today + timedelta(days=60), 15),
        place="Regionens hus, Jönköping",
        visibility=Visibility.PUBLIC,
    )

    agreement, _created = Agreement.objects.update_or_create(
        partnership=fourum,
        title="Samverkansavtal om FoUrum socialt välfärd 2024–2027",
        defaults={
            "scope": "Kommunerna äger FoUrum gemensamt som jämlika parter, betalar basfinansiering "
            "per invånare och utser var sin ledamot i styrgruppen. Regionen är värd.",
            "start": date(2024, 1, 1),
            "end": date(2027, 12, 31),
            "notice_date": date(2027, 6, 30),
            "reminder_days": 120,
            "signed_on": date(2023, 11, 20),
            "visibility": Visibility.PUBLIC,
        },
    )
    agreement.parties.set(fourum.parties.all())
    agreement.coordinators.set([secretary])


def seed_jonkoping(today: date) -> None:
    ssu = Partnership.objects.get(slug="socialtjanstens-universitet")
    coordinator = _existing("anna-forsberg")
    manager = _existing("johan-almgren")
    head = _person("Lars", "Ekström", "Socialchef", "jonkoping", Role.MANAGER)
    reference = _body(
        "ssu-referensgrupp",
        ssu,
        kind=Body.Kind.REFERENCE_GROUP,
        name_sv="Referensgruppen för Mot ett socialtjänstens universitet",
        name_en="Reference group of Towards a Social Services University",
        prefix="RG",
        mandate="Ger råd om forskningspodden, forskning i förvaltningen och forskningsseminarierna. "
        "Gruppen har inget eget beslutsmandat.",
        established=date(2024, 4, 15),
        visibility=Visibility.INTERNAL,
    )
    if reference.succeeded_by_id is None:
        for person, role in [
            (manager, Membership.Role.CHAIR),
            (coordinator, Membership.Role.SECRETARY),
            (_existing("maria-ekdahl"), Membership.Role.MEMBER),
            (_existing("ingrid-bjork"), Membership.Role.MEMBER),
            (_existing("karin-lundgren"), Membership.Role.MEMBER),
            (_existing("elin-bergqvist"), Membership.Role.MEMBER),
            (_existing("emma-johansson"), Membership.Role.DEPUTY),
        ]:
            _seat(reference, person, role, date(2024, 4, 15))
    meetings = [
        (
            "ssu-rg-1",
            date(2024, 5, 14),
            [
                (
                    "Referensgruppens arbetsformer fastställs",
                    "Gruppen möts fyra gånger om året; sekreteraren skriver minnesanteckningar.",
                )
            ],
        ),
        (
            "ssu-rg-2",
            date(2024, 10, 8),
            [
                (
                    "Forskningspodden startar med sex avsnitt",
                    "Första säsongen handlar om barn och unga och om kunskapsstyrning.",
                )
            ],
        ),
        (
            "ssu-rg-3",
            date(2025, 3, 11),
            [
                (
                    "Chefsmötena blir en lärarena",
                    "Varannan chefsträff inleds med en forskningsartikel som cheferna läst.",
                )
            ],
        ),
        (
            "ssu-rg-4",
            date(2025, 6, 10),
            [
                (
                    "Referensgruppen föreslås bli styrgrupp från hösten",
                    "Förvaltningsledningen och lärosätena ger gruppen beslutsmandat över "
                    "samverkans inriktning och resurser.",
                )
            ],
        ),
    ]
    rg_meetings = []
    for key, day, decisions in meetings:
        meeting = _meeting(
            key,
            reference,
            _at(day, 13),
            place="Socialförvaltningen, Jönköping, rum Vättern",
            visibility=Visibility.INTERNAL,
        )
        _agenda(meeting, [(title, AgendaItem.Kind.DECISION) for title, _text in decisions])
        _minutes(
            meeting,
            f"<p>Referensgruppen möttes den {day:%Y-%m-%d}.</p>"
            "<p>Diskussionen finns i minnesanteckningarna för gruppens medlemmar.</p>",
            Visibility.RESTRICTED,
        )
        for title, text in decisions:
            _decision(meeting, title, text, visibility=Visibility.INTERNAL)
        rg_meetings.append(meeting)
    _action(
        rg_meetings[1],
        "Ta fram en rutin för hur chefsmötena dokumenteras",
        coordinator,
        date(2025, 10, 31),
    )
    _action(
        rg_meetings[2],
        "Bjuda in Socialhögskolan till ett seminarium om spridning av forskning",
        _existing("karin-lundgren"),
        date(2025, 5, 31),
        ActionItem.Status.DONE,
    )

    steering = reference.succeeded_by
    if steering is None:
        steering = services.body_transform(
            body=reference,
            kind=Body.Kind.STEERING_GROUP,
            name_sv="Styrgruppen för Mot ett socialtjänstens universitet",
            name_en="Steering group of Towards a Social Services University",
            prefix="SG",
            on=date(2025, 9, 1),
            mandate="Beslutar om samverkans inriktning, resurser och prioriteringar mellan "
            "forskningspodden, forskning i förvaltningen och forskningsseminarierna.",
            note="Referensgruppen fick beslutsmandat enligt beslut RG 2025:2.",
        )
        Body.objects.filter(pk=steering.pk).update(slug="ssu-styrgrupp")
        steering.slug = "ssu-styrgrupp"
        Membership.objects.filter(body=steering, person=manager).update(role=Membership.Role.MEMBER)
        _seat(steering, head, Membership.Role.CHAIR, date(2025, 9, 1), represents="jonkoping")
        # The steering group is known to everyone; its meetings and papers are not.
        steering.visibility = Visibility.PUBLIC
        steering.save(update_fields=["visibility"])
    first = _meeting(
        "ssu-sg-1",
        steering,
        _at(date(2025, 10, 7), 13),
        place="Socialförvaltningen, Jönköping, rum Vättern",
        visibility=Visibility.INTERNAL,
    )
    _agenda(
        first,
        [
            ("Styrgruppens arbetsordning", AgendaItem.Kind.DECISION),
            ("Budget för forskningspodden", AgendaItem.Kind.DECISION),
        ],
    )
    _minutes(
        first,
        "<p>Styrgruppens första möte. Ordföranden hälsade alla välkomna.</p>"
        "<p>Arbetsordningen antogs och budgeten för podden beslutades.</p>",
        Visibility.RESTRICTED,
    )
    _decision(first, "Styrgruppens arbetsordning antas", visibility=Visibility.INTERNAL)
    podcast = _decision(
        first,
        "Forskningspodden får medel för ytterligare en säsong",
        visibility=Visibility.PUBLIC,
    )
    _action(
        first,
        "Planera avsnitt om unga och tramadol",
        _existing("maria-ekdahl"),
        today + timedelta(days=40),
        ActionItem.Status.IN_PROGRESS,
        decision=podcast,
    )
    recent = _meeting(
        "ssu-sg-2",
        steering,
        _at(today - timedelta(days=35), 13),
        place="Hälsohögskolan, Jönköping",
        visibility=Visibility.INTERNAL,
    )
    _agenda(
        recent,
        [
            ("Uppföljning av forskning i förvaltningen", AgendaItem.Kind.INFORMATION),
            ("Slutrapport till Forte", AgendaItem.Kind.DECISION),
        ],
    )
    _minutes(
        recent,
        "<p>Projektet går mot sitt slut. Styrgruppen gav uppdrag om slutrapporten.</p>",
        Visibility.RESTRICTED,
        approved=False,
    )
    report = _decision(
        recent,
        "Slutrapporten till Forte skrivs av projektledningen",
        "Ett utkast går till styrgruppen innan den lämnas in.",
        visibility=Visibility.INTERNAL,
    )
    _action(
        recent,
        "Skriva utkast till slutrapport till Forte",
        coordinator,
        today + timedelta(days=14),
        decision=report,
    )
    _action(
        recent,
        "Sammanställa chefsmötenas lärdomar",
        manager,
        today - timedelta(days=5),
    )
    _document(
        recent,
        "Lägesrapport forskning i förvaltningen",
        ["Mot ett socialtjänstens universitet", "Lägesrapport (demo)"],
        Visibility.RESTRICTED,
    )
    upcoming = _meeting(
        "ssu-sg-3",
        steering,
        _at(today + timedelta(days=14), 13),
        place="Socialförvaltningen, Jönköping, rum Vättern",
        online_url="https://meet.example.org/ssu-styrgrupp",
        visibility=Visibility.INTERNAL,
    )
    _agenda(
        upcoming,
        [
            ("Utkast till slutrapport", AgendaItem.Kind.DECISION),
            ("Hur samverkan fortsätter efter projekttiden", AgendaItem.Kind.DISCUSSION),
        ],
    )


def seed_lund(today: date) -> None:
    lund = Partnership.objects.get(slug="lund-samverkan")
    notice = today + timedelta(days=45)
    agreement, _created = Agreement.objects.update_or_create(
        partnership=lund,
        title="Samverkansavtal mellan socialförvaltningen i Lund och Socialhögskolan",
        defaults={
            "scope": "Diskussionsgrupper där socialsekreterare och forskare möts varje månad; "
            "praktikdoktorander i forskarskolan FYS; verksamhetsförlagd utbildning och "
            "socialsekreterare som undervisar på socionomprogrammet.",
            "start": date(2017, 1, 1),
            "end": date(notice.year + 1, 6, 30),
            "notice_date": notice,
            "reminder_days": 90,
            "signed_on": date(2016, 12, 12),
            "visibility": Visibility.INTERNAL,
        },
    )
    agreement.parties.set(lund.parties.all())
    agreement.coordinators.set([_existing("henrik-wallin"), _existing("karin-lundgren")])
    if not agreement.document:
        agreement.document = _demo_file(
            "samverkansavtal-lund-socialhogskolan",
            [
                "Samverkansavtal (demo)",
                "Socialförvaltningen i Lund och Socialhögskolan, Lunds universitet",
                "Undertecknat 2016-12-12",
            ],
        )
        agreement.save(update_fields=["document"])


def seed() -> None:
    today = timezone.localdate()
    seed_partnerships()
    seed_fourum(today)
    seed_jonkoping(today)
    seed_lund(today)
