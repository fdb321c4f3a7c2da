"""Demo arenas: Jönköping's research seminars and managers' meetings, two Lund groups.

Everything is fictional and safe to run twice: events get fixed UIDs derived from a demo key and are
updated in place. Dates are placed around today so that there is always something coming up.

The seminar on knowledge governance has FoUrum's report from the library as its material. The
library's demo runs after this one (it links its publications to these events), so the material
is attached once the whole demo is committed (transaction.on_commit), and again directly on any
later run; both ways are idempotent.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from bryggan.arenas.models import (
    Action,
    Attendance,
    Case,
    Event,
    Material,
    Membership,
    ReadingItem,
    Registration,
    Series,
    Takeaway,
)
from bryggan.arenas.services import material_add, sanitise_html
from bryggan.governance.models import Partnership
from bryggan.people.models import Organisation, Person, User
from bryggan.taxonomy.models import PriorityArea, Topic

DEMO_NAMESPACE = uuid.UUID("6f1d8a52-4d1e-4b8e-9a55-1c1f0a7e2b10")
K = Event.Kind
# The seminar "Kunskapsstyrning i socialtjänsten – vad säger forskningen?" and its report.
REPORT_SEMINAR = "sem-2"
REPORT_TITLE = "Kunskapsstyrning i socialtjänsten"


def _at(day: Any, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _series(
    slug: str, *, orgs: list[str], areas: list[str], topics: list[str], **fields: Any
) -> Series:
    series, _created = Series.objects.update_or_create(slug=slug, defaults=fields)
    series.organisations.set(Organisation.objects.filter(slug__in=orgs))
    series.priority_areas.set(PriorityArea.objects.filter(slug__in=areas))
    series.topics.set(Topic.objects.filter(slug__in=topics))
    return series


def _event(
    key: str,
    *,
    series: Series | None,
    speakers: Sequence[str] = (),
    orgs: Sequence[str] = (),
    areas: Sequence[str] = (),
    topics: Sequence[str] = (),
    **fields: Any,
) -> Event:
    fields.setdefault("end", fields["start"] + timedelta(hours=2))
    if series is not None:
        fields.setdefault("partnership", series.partnership)
        fields.setdefault("visibility", series.visibility)
    event, _created = Event.objects.update_or_create(
        uid=uuid.uuid5(DEMO_NAMESPACE, key), defaults={"series": series, **fields}
    )
    event.speakers.set(Person.objects.filter(slug__in=speakers))
    event.organisations.set(
        Organisation.objects.filter(
            slug__in=orgs or ([o.slug for o in series.organisations.all()] if series else [])
        )
    )
    event.priority_areas.set(PriorityArea.objects.filter(slug__in=areas))
    event.topics.set(Topic.objects.filter(slug__in=topics))
    return event


def _members(series: Series, people: list[tuple[str, str]]) -> None:
    for slug, role in people:
        person = Person.objects.filter(slug=slug).first()
        if person:
            Membership.objects.update_or_create(
                series=series, person=person, defaults={"role": role}
            )


def _register(event: Event, emails: list[str], waiting: Sequence[str] = ()) -> None:
    now = timezone.now()
    for n, email in enumerate([*emails, *waiting]):
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        status = (
            Registration.Status.WAITLISTED if email in waiting else Registration.Status.CONFIRMED
        )
        Registration.objects.update_or_create(
            event=event,
            user=user,
            defaults={"status": status, "queued_at": now - timedelta(days=10, minutes=-n)},
        )


def _monthly_sessions(
    series: Series, key: str, *, first: Any, count: int, title: str, place: str, hour: int = 15
) -> list[Event]:
    events = []
    for n in range(count):
        day = first + relativedelta(months=n)
        events.append(
            _event(
                f"{key}-{n}",
                series=series,
                kind=K.GROUP_SESSION,
                title=f"{title} – träff {n + 1}",
                start=_at(day, hour),
                end=_at(day, hour) + timedelta(minutes=90),
                place=place,
            )
        )
    return events


def _follow_up(
    event: Event,
    *,
    present: list[str],
    excused: list[str],
    minutes: str,
    decisions: str,
    takeaways: list[tuple[str, str]],
    actions: list[dict[str, Any]],
) -> None:
    for slug in present + excused:
        person = Person.objects.filter(slug=slug).first()
        if person:
            Attendance.objects.update_or_create(
                event=event,
                person=person,
                defaults={
                    "status": Attendance.Status.PRESENT
                    if slug in present
                    else Attendance.Status.EXCUSED
                },
            )
    event.minutes = sanitise_html(minutes)
    event.decisions = decisions
    event.save(update_fields=["minutes", "decisions"])
    for author, text in takeaways:
        Takeaway.objects.get_or_create(
            event=event, text=text, defaults={"author": Person.objects.filter(slug=author).first()}
        )
    for spec in actions:
        Action.objects.update_or_create(
            event=event,
            title=spec["title"],
            defaults={
                "owner": Person.objects.filter(slug=spec["owner"]).first(),
                "unit": Organisation.objects.filter(slug=spec["unit"]).first(),
                "due": spec["due"],
                "status": spec.get("status", Action.Status.PLANNED),
            },
        )


def seed() -> None:
    today = timezone.localdate()
    ssu = Partnership.objects.filter(slug="socialtjanstens-universitet").first()
    lund = Partnership.objects.filter(slug="lund-samverkan").first()

    # Jönköping: research seminars (public) and managers' meetings as a learning arena (staff).
    seminars = _series(
        "forskningsseminarier-jonkoping",
        kind=Series.Kind.SEMINAR_SERIES,
        visibility="public",
        partnership=ssu,
        title="Forskningsseminarier – Mot ett socialtjänstens universitet",
        description="Öppna forskningsseminarier där forskare från Hälsohögskolan och medarbetare i "
        "socialförvaltningen möts kring ny forskning.",
        orgs=["jonkoping-socialforvaltningen", "hhj"],
        areas=["barn-och-unga", "kunskapsstyrning"],
        topics=["samverkan-forskning-praktik"],
    )
    _members(
        seminars,
        [
            ("anna-forsberg", Membership.Role.FACILITATOR),
            ("maria-ekdahl", Membership.Role.RESEARCHER),
        ],
    )
    seminar_specs = [
        (
            "sem-1",
            -40,
            "Stödgrupper för barn i familjer med missbruk",
            ["maria-ekdahl"],
            ["stodgrupper-for-barn"],
        ),
        (
            "sem-2",
            -12,
            "Kunskapsstyrning i socialtjänsten – vad säger forskningen?",
            ["ingrid-bjork"],
            ["kunskapsstyrning-socialtjanst"],
        ),
        (
            "sem-3",
            9,
            "Unga och tramadol: resultat från en intervjustudie",
            ["karin-lundgren"],
            ["unga-och-tramadol"],
        ),
        ("sem-4", 37, "Föräldraskapsstöd som fungerar", ["maria-ekdahl"], ["foraldraskapsstod"]),
    ]
    for key, offset, title, speakers, topics in seminar_specs:
        event = _event(
            key,
            series=seminars,
            kind=K.RESEARCH_SEMINAR,
            title=title,
            speakers=speakers,
            topics=topics,
            areas=["barn-och-unga"],
            start=_at(today + timedelta(days=offset), 13),
            place="Hälsohögskolan, Barnarpsgatan 39, Jönköping",
            online_url="https://meet.example.org/bryggan-seminarium",
            capacity=60,
            registration_deadline=_at(today + timedelta(days=offset - 2), 12),
            description="Ett forskningsseminarium i samarbete mellan socialförvaltningen och "
            "Hälsohögskolan. Efter presentationen diskuterar vi vad resultaten betyder "
            "för vårt arbete.",
        )
        if offset > 0:
            _register(
                event, ["worker@example.org", "manager@example.org", "jkp.worker2@example.org"]
            )
    workshop = _event(
        "workshop-lasa-forskning",
        series=None,
        kind=K.WORKSHOP,
        visibility="internal",
        partnership=ssu,
        title="Verkstad: att läsa en forskningsartikel",
        start=_at(today + timedelta(days=16), 9),
        place="Socialförvaltningen, Jönköping, rum Vättern",
        capacity=3,
        registration_deadline=_at(today + timedelta(days=14), 12),
        orgs=["jonkoping-socialforvaltningen", "hhj"],
        speakers=["ingrid-bjork"],
        description="En praktisk verkstad i små grupper: hur man läser och värderar en "
        "forskningsartikel. Få platser – väntelista när det är fullt.",
    )
    _register(
        workshop,
        ["worker@example.org", "jkp.worker2@example.org", "jkp.hvb@example.org"],
        waiting=["manager@example.org"],
    )

    managers = _series(
        "chefsmoten-jonkoping",
        kind=Series.Kind.MANAGERS_MEETINGS,
        visibility="internal",
        partnership=ssu,
        title="Chefsmöten som lärarena",
        description="Socialförvaltningens chefsmöten där en del av varje möte ägnas åt forskning "
        "och åt att "
        "följa upp vad vi har bestämt att pröva i verksamheten.",
        orgs=["jonkoping-socialforvaltningen"],
        areas=["kunskapsstyrning"],
        topics=["kunskapsstyrning-socialtjanst"],
    )
    _members(
        managers,
        [
            ("johan-almgren", Membership.Role.MEMBER),
            ("anna-forsberg", Membership.Role.FACILITATOR),
            ("maria-ekdahl", Membership.Role.RESEARCHER),
        ],
    )
    first = (today - relativedelta(months=2)).replace(day=5)
    meetings = []
    for n in range(6):
        day = first + relativedelta(months=n)
        meetings.append(
            _event(
                f"chef-{n}",
                series=managers,
                kind=K.MANAGERS_MEETING,
                title=f"Chefsmöte med forskningsinslag {n + 1}",
                start=_at(day, 8, 30),
                end=_at(day, 11, 30),
                place="Stadshuset, Jönköping",
            )
        )
    _follow_up(
        meetings[1],
        present=["johan-almgren", "anna-forsberg", "maria-ekdahl"],
        excused=[],
        minutes="<p>Maria Ekdahl presenterade <strong>systematisk uppföljning av insatser "
        "för barn</strong>. "
        "Cheferna diskuterade hur uppföljningen kan bli en del av det vanliga arbetet.</p>",
        decisions="Varje enhet väljer en insats att följa upp systematiskt\n"
        "Uppföljningen tas upp på nästa chefsmöte",
        takeaways=[
            ("johan-almgren", "Vi behöver enkla mått som går att samla in i det dagliga arbetet.")
        ],
        actions=[
            {
                "title": "Välj en insats för barn och unga att följa upp "
                "med före- och eftermätning",
                "owner": "johan-almgren",
                "unit": "jonkoping-barn-och-unga",
                "due": today + timedelta(days=30),
            }
        ],
    )

    # Lund: two discussion groups meeting monthly, with members from several units and researchers.
    group_specs: list[dict[str, Any]] = [
        {
            "slug": "diskussionsgrupp-unga-och-missbruk",
            "title": "Diskussionsgruppen Unga och missbruk",
            "description": "Socialsekreterare från flera enheter och forskare från "
            "Socialhögskolan läser aktuell "
            "forskning om unga och missbruk och tar upp fall från praktiken.",
            "visibility": "internal",
            "areas": ["missbruk-och-beroende"],
            "topics": ["unga-och-tramadol"],
            "members": [
                ("karin-lundgren", Membership.Role.FACILITATOR),
                ("fatima-karlsson", Membership.Role.MEMBER),
                ("oskar-nystrom", Membership.Role.MEMBER),
                ("linnea-sandberg", Membership.Role.MEMBER),
                ("sofia-engstrom", Membership.Role.RESEARCHER),
            ],
            "place": "Socialhögskolan, Bredgatan 26, Lund",
            "hour": 14,
            "reading": [
                (
                    "Unga och tramadol – en kunskapsöversikt",
                    "https://example.org/rapporter/tramadol",
                ),
                ("Motiverande samtal med ungdomar", ""),
            ],
            "cases": [
                (
                    "En 16-åring som köper tabletter via sociala medier",
                    Case.Source.PRACTICE,
                    "Avidentifierat fall: hur samverkar vi med skolan och hälso- och sjukvården?",
                    "fatima-karlsson",
                ),
                (
                    "Intervjustudie: ungas egna berättelser om tramadol",
                    Case.Source.RESEARCH,
                    "Karin Lundgren berättar om studien och vad unga själva säger hjälper.",
                    "karin-lundgren",
                ),
            ],
            "follow_up": {
                "present": ["karin-lundgren", "fatima-karlsson", "oskar-nystrom", "sofia-engstrom"],
                "excused": ["linnea-sandberg"],
                "minutes": "<p>Vi läste kunskapsöversikten om unga och tramadol. "
                "Fatima tog upp ett fall från "
                "Ungdomsenheten.</p><ul><li>Ungdomsenheten och Vuxenenheten arbetar olika med "
                "unga vuxna 18–20 år.</li><li>Skolan behöver vara med tidigare.</li></ul>",
                "decisions": "Pröva ett gemensamt samtalsstöd för unga vuxna "
                "mellan Ungdomsenheten och Vuxenenheten",
                "takeaways": [
                    (
                        "oskar-nystrom",
                        "Det var nyttigt att höra hur Ungdomsenheten gör överlämningar.",
                    ),
                    ("fatima-karlsson", "Vi ska fråga ungdomarna oftare om vad som hjälper."),
                ],
                "actions": [
                    {
                        "title": "Pröva gemensamt samtalsstöd vid överlämning "
                        "från Ungdomsenheten till Vuxenenheten",
                        "owner": "fatima-karlsson",
                        "unit": "lund-ungdomsenheten",
                        "due": today + timedelta(days=45),
                        "status": Action.Status.IN_PROGRESS,
                    },
                    {
                        "title": "Bjuda in elevhälsan till nästa träff",
                        "owner": "oskar-nystrom",
                        "unit": "lund-barn-och-familj",
                        "due": today + timedelta(days=20),
                    },
                ],
            },
        },
        {
            "slug": "diskussionsgrupp-placerade-barn",
            "title": "Diskussionsgruppen Placerade barn och unga",
            "description": "En grupp för medarbetare som möter placerade barn och unga. "
            "Forskare presenterar "
            "studier om existentiella frågor hos unga på HVB.",
            "visibility": "restricted",
            "areas": ["placerade-barn-och-unga"],
            "topics": ["existentiella-fragor-hvb"],
            "members": [
                ("ahmed-svensson", Membership.Role.FACILITATOR),
                ("sofia-engstrom", Membership.Role.RESEARCHER),
                ("oskar-nystrom", Membership.Role.MEMBER),
                ("fatima-karlsson", Membership.Role.MEMBER),
                ("linnea-sandberg", Membership.Role.MEMBER),
                ("henrik-wallin", Membership.Role.MEMBER),
            ],
            "place": "Socialförvaltningen i Lund, Kyrkogatan 1",
            "hour": 9,
            "reading": [
                (
                    "Existentiella frågor hos unga på HVB – en intervjustudie",
                    "https://example.org/hvb",
                )
            ],
            "cases": [
                (
                    "Meningsfullhet i vardagen på ett HVB",
                    Case.Source.RESEARCH,
                    "Sofia Engström presenterar sitt avhandlingsarbete.",
                    "sofia-engstrom",
                )
            ],
            "follow_up": {
                "present": ["ahmed-svensson", "sofia-engstrom", "oskar-nystrom", "henrik-wallin"],
                "excused": ["fatima-karlsson"],
                "minutes": "<p>Sofia presenterade preliminära resultat. "
                "Gruppen diskuterade hur samtal om "
                "existentiella frågor kan få plats i uppföljningen av placeringar.</p>",
                "decisions": "Pröva frågor om mening och framtid vid uppföljningssamtal",
                "takeaways": [
                    ("henrik-wallin", "Existentiella frågor behöver ett eget utrymme i samtalen.")
                ],
                "actions": [
                    {
                        "title": "Lägga till två frågor om mening och framtid "
                        "i uppföljningssamtalen",
                        "owner": "oskar-nystrom",
                        "unit": "lund-barn-och-familj",
                        "due": today + timedelta(days=60),
                    },
                ],
            },
        },
    ]
    for spec in group_specs:
        group = _series(
            spec["slug"],
            kind=Series.Kind.DISCUSSION_GROUP,
            visibility=spec["visibility"],
            partnership=lund,
            title=spec["title"],
            description=spec["description"],
            orgs=["lund-socialforvaltningen", "socialhogskolan"],
            areas=spec["areas"],
            topics=spec["topics"],
        )
        _members(group, spec["members"])
        for title, url in spec["reading"]:
            ReadingItem.objects.update_or_create(series=group, title=title, defaults={"url": url})
        for title, source, summary, by in spec["cases"]:
            Case.objects.update_or_create(
                series=group,
                title=title,
                defaults={
                    "source": source,
                    "summary": summary,
                    "brought_by": Person.objects.filter(slug=by).first(),
                },
            )
        sessions = _monthly_sessions(
            group,
            spec["slug"],
            first=(today - relativedelta(months=3)).replace(day=12),
            count=10,
            title=spec["title"].removeprefix("Diskussionsgruppen "),
            place=spec["place"],
            hour=spec["hour"],
        )
        past = [s for s in sessions if s.end < timezone.now()]
        _follow_up(past[-1], **spec["follow_up"])

    # Keep the cached place counts true to the registrations.
    confirmed = Count(
        "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
    )
    for event in Event.objects.annotate(n=confirmed):
        if event.confirmed_count != event.n:
            Event.objects.filter(pk=event.pk).update(confirmed_count=event.n)

    attach_library_report()
    transaction.on_commit(attach_library_report)


def attach_library_report() -> None:
    """Make the library's report the material of the Jönköping seminar, once both exist."""
    from bryggan.library.models import Publication

    event = Event.objects.filter(uid=uuid.uuid5(DEMO_NAMESPACE, REPORT_SEMINAR)).first()
    report = Publication.objects.published().filter(title=REPORT_TITLE).first()
    if event is None or report is None:
        return
    if Material.objects.filter(event=event, publication=report).exists():
        return
    material_add(
        event=event,
        publication=report,
        user=User.objects.filter(email="coordinator@example.org").first(),
    )
