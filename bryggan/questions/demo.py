"""Demo questions from practice: a dozen questions from Jönköping and Lund units, one merged, one
prioritisation round with a published Top 10, evidence checks, researchers' interest.

Every person is fictional (see bryggan/people/demo.py). Safe to run twice: questions are found
again by their title, the round by its slug, and the other apps' records by their natural keys
(slug or title). The demo runs in INSTALLED_APPS order, after the library, portfolio, arenas and
podcast: the question about the Lund discussion groups is answered by the library's report (with
the digest written back to the askers), the tramadol question became the tramadol project, and
the question about support groups runs the whole cycle — project → follow-up plan (linked to the
project by the followup demo, which runs later) → seminar → podcast episode and digest → an
action tried in practice. A record whose app is not installed is left out.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from bryggan.arenas.models import Event
from bryggan.core.demo import DEMO_PASSWORD
from bryggan.core.models import Visibility
from bryggan.cycle.services import link_add
from bryggan.monitoring.models import Record
from bryggan.people.models import Organisation, Person, User
from bryggan.questions import queries, services
from bryggan.questions.models import (
    EvidenceCheck,
    Interest,
    Participant,
    Question,
    Ranking,
    Round,
    RoundEntry,
    Status,
    StatusChange,
    Submission,
    Supporter,
)
from bryggan.taxonomy.models import PriorityArea, Topic

ROUND_SLUG = "prioritering-2025-jonkoping-lund"
ANSWERED_BY_REPORT = (
    "Vad ger diskussionsgrupper mellan socialsekreterare och forskare för praktiken?"
)
BECAME_PROJECT = "Hur kan vi tidigt upptäcka och stödja unga som använder tramadol?"
WHOLE_CYCLE = "Vilka effekter har stödgrupper för barn som lever med missbruk i familjen?"
# Natural keys of the other apps' demo records.
LUND_REPORT = "Diskussionsgrupper som mötesplats mellan forskning och praktik"
LUND_DIGEST = "diskussionsgrupper-gor-forskning-till-vardag"
TRAMADOL_PROJECT = "unga-och-tramadol"
TRAMADOL_DIGEST = "unga-och-tramadol-vad-socialsekreterare-behover-veta"
TRAMADOL_ACTION = "Pröva gemensamt samtalsstöd vid överlämning"
GROUPS_PROJECT = "stodgrupper-for-barn"
GROUPS_PLAN = "stodgrupper-for-barn-jonkoping"
GROUPS_SEMINAR = "Stödgrupper för barn i familjer med missbruk"
GROUPS_EPISODE = "Stödgrupper för barn"
GROUPS_DIGEST = "stodgrupper-hjalper-barn-satta-ord"
GROUPS_ACTION = "Välj en insats för barn och unga att följa upp"


@dataclass
class Spec:
    title: str
    asker: str
    unit: str
    days_ago: int
    areas: list[str]
    topics: list[str] = field(default_factory=list)
    text: str = ""
    target_group: str = ""
    why: str = ""
    anonymous: bool = False
    joined: list[str] = field(default_factory=list)


QUESTIONS = [
    Spec(
        "Vilka effekter har stödgrupper för barn som lever med missbruk i familjen?",
        "worker@example.org",
        "jonkoping-barn-och-unga",
        160,
        ["barn-och-unga"],
        ["stodgrupper-for-barn", "barn-7-12"],
        "Vi erbjuder stödgrupper men vet inte om barnen mår bättre efteråt eller vilka som har mest nytta av dem.",
        "Barn 7–12 år",
        "Vi behöver veta om insatsen ska finnas kvar och hur den bör utformas.",
        joined=["jkp.worker2@example.org"],
    ),
    Spec(
        BECAME_PROJECT,
        "lund.worker@example.org",
        "lund-ungdomsenheten",
        150,
        ["missbruk-och-beroende", "barn-och-unga"],
        ["unga-och-tramadol", "ungdomar-13-20"],
        "Allt fler ungdomar berättar att de använder tramadol. Vi saknar kunskap om tidiga tecken och om vilket stöd som hjälper.",
        "Ungdomar 13–20 år",
        "Bruket sprids snabbt och skolor och föräldrar vänder sig till oss.",
        joined=["manager@example.org"],
    ),
    Spec(
        "Vilket stöd hjälper ungdomar som använder tramadol att sluta?",
        "lund.worker3@example.org",
        "lund-vuxenenheten",
        140,
        ["missbruk-och-beroende"],
        ["unga-och-tramadol"],
        "Unga vuxna som kommer till oss har ofta använt tramadol länge. Vad fungerar för att sluta?",
        "Unga vuxna",
        anonymous=True,
    ),
    Spec(
        "Hur kan personal på HVB möta ungas existentiella frågor?",
        "jkp.hvb@example.org",
        "jonkoping-hvb-ungdom",
        130,
        ["placerade-barn-och-unga"],
        ["existentiella-fragor-hvb"],
        "Ungdomarna frågar om mening, skuld och framtid. Personalen känner sig osäker på hur de ska svara.",
        "Ungdomar placerade på HVB",
        "Frågorna påverkar hur ungdomarna mår och hur de tar emot behandlingen.",
    ),
    Spec(
        "Hur kan chefsmöten användas för att föra in forskning i verksamheten?",
        "manager@example.org",
        "jonkoping-barn-och-unga",
        120,
        ["kunskapsstyrning"],
        ["kunskapsstyrning-socialtjanst"],
        "Vi har chefsmöten varje månad men forskning tar sällan plats där.",
        "Enhetschefer",
        "Kunskapsbaserad socialtjänst kräver att chefer driver lärandet.",
    ),
    Spec(
        "Vilka former av föräldraskapsstöd fungerar för föräldrar till tonåringar?",
        "jkp.worker2@example.org",
        "jonkoping-familjestod",
        110,
        ["barn-och-unga"],
        ["foraldraskapsstod", "foraldrar"],
        "Många föräldrar till tonåringar söker stöd hos oss. Vilka program har stöd i forskningen?",
        "Föräldrar till barn 13–17 år",
    ),
    Spec(
        "Hur påverkar långa utredningstider barn och familjer?",
        "lund.worker2@example.org",
        "lund-barn-och-familj",
        100,
        ["barn-och-unga"],
        [],
        "Utredningar drar ofta ut på tiden. Vi undrar vad väntan betyder för barnen och för familjens förtroende.",
        "Barn och familjer under utredning",
    ),
    Spec(
        "Hur kan vi följa upp insatser systematiskt utan att det tar för mycket tid?",
        "lund.manager@example.org",
        "lund-ungdomsenheten",
        95,
        ["kunskapsstyrning"],
        ["systematisk-uppfoljning"],
        "Vi vill följa upp våra insatser men personalen har redan mycket dokumentation.",
        "Socialsekreterare och chefer",
    ),
    Spec(
        "Vad gör skillnad för unga i familjehem när de måste byta skola?",
        "worker@example.org",
        "jonkoping-barn-och-unga",
        90,
        ["placerade-barn-och-unga"],
        ["ungdomar-13-20"],
        "Placerade unga byter ofta skola. Vad hjälper dem att klara skolan?",
        "Unga i familjehem",
        anonymous=True,
    ),
    Spec(
        ANSWERED_BY_REPORT,
        "lund.worker2@example.org",
        "lund-barn-och-familj",
        85,
        ["samverkan-forskning-praktik"],
        ["samverkan-forskning-praktik"],
        "Jag har deltagit i en diskussionsgrupp i två år och undrar vad det har gett verksamheten.",
        "Socialsekreterare",
    ),
    Spec(
        "Hur når vi hushåll med långvarigt ekonomiskt bistånd med arbetsinriktade insatser?",
        "jkp.worker2@example.org",
        "jonkoping-familjestod",
        6,
        ["ekonomiskt-bistand-och-arbete"],
        [],
        "Hushåll som haft bistånd länge deltar sällan i arbetsinriktade insatser.",
        "Vuxna med långvarigt ekonomiskt bistånd",
    ),
    Spec(
        "Hur kan vi samverka bättre med psykiatrin kring unga vuxna med missbruk?",
        "lund.worker3@example.org",
        "lund-vuxenenheten",
        20,
        ["missbruk-och-beroende"],
        [],
        "Unga vuxna med både missbruk och psykisk ohälsa faller mellan stolarna.",
        "Unga vuxna 18–25 år",
    ),
    Spec(
        "Hur arbetar andra kommuner med barn som anhöriga?",
        "lund.worker@example.org",
        "lund-ungdomsenheten",
        2,
        ["barn-och-unga"],
        ["stodgrupper-for-barn"],
        "Barn som anhöriga till föräldrar med missbruk: hur gör andra kommuner?",
    ),
]

SERVICE_USER_REPRESENTATIVES = [
    ("brukarradet.lund@example.org", "Tove", "Ahlqvist"),
    ("brukarorganisation.jkp@example.org", "Ronja", "Mattsson"),
]


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _ask(spec: Spec) -> Question:
    now = timezone.now()
    asked = now - timedelta(days=spec.days_ago)
    unit = Organisation.objects.filter(slug=spec.unit).first()
    user = _user(spec.asker)
    # Found again through the original submission: merging moves submissions, not their first question.
    first = Submission.objects.filter(title=spec.title).select_related("first_question").first()
    question = first.first_question if first else None
    if question is None:
        question = Question.objects.create(title=spec.title, created_at=asked)
        Submission.objects.create(
            question=question, first_question=question, title=spec.title, created_at=asked
        )
        StatusChange.objects.create(
            question=question, status=Status.NEW, changed_at=asked, changed_by=user
        )
    fields = {
        "text": spec.text,
        "unit": unit,
        "target_group": spec.target_group,
        "why_it_matters": spec.why,
    }
    if not question.is_merged:
        Question.objects.filter(pk=question.pk).update(**fields)
    Submission.objects.filter(first_question=question, title=spec.title).update(
        user=user, anonymous=spec.anonymous, **fields
    )
    question.refresh_from_db()
    question.priority_areas.set(PriorityArea.objects.filter(slug__in=spec.areas))
    question.topics.set(Topic.objects.filter(slug__in=spec.topics))
    for n, email in enumerate(spec.joined):
        joiner = _user(email)
        if joiner is not None:
            Supporter.objects.get_or_create(
                question=question,
                user=joiner,
                defaults={"created_at": asked + timedelta(days=n + 3)},
            )
    return question


def _status(question: Question, status: str, days_ago: int, note: str = "", by: Any = None) -> None:
    when = timezone.now() - timedelta(days=days_ago)
    StatusChange.objects.get_or_create(
        question=question,
        status=status,
        defaults={"changed_at": when, "note": note, "changed_by": by},
    )
    Question.objects.filter(pk=question.pk).update(status=status)
    question.status = status


def _check(question: Question, days_ago: int, by: Any, **fields: Any) -> None:
    when = timezone.now() - timedelta(days=days_ago)
    EvidenceCheck.objects.update_or_create(
        question=question, defaults={"checked_at": when, "checked_by": by, **fields}
    )
    _status(question, fields["verdict"], days_ago, by=by)
    if fields["verdict"] == Status.ANSWERED:
        Question.objects.filter(pk=question.pk).update(
            visibility=Visibility.PUBLIC, published_at=when
        )


def _link(question: Question, model: type[Model], **lookup: Any) -> None:
    record = model._default_manager.filter(**lookup).first()  # type: ignore[attr-defined]
    if record is not None:
        link_add(a=question, b=record)


def _record(label: str, **lookup: Any) -> Model | None:
    """Another app's demo record by its natural key; None when the app is not installed."""
    app_label, model_name = label.split(".")
    if not apps.is_installed(f"bryggan.{app_label}"):
        return None
    model = apps.get_model(app_label, model_name)
    return model._default_manager.filter(**lookup).order_by("pk").first()


def _chain(*records: Model | None, note: str = "") -> None:
    """Link each record to the next one that exists (a missing app leaves a gap, not a break)."""
    present = [r for r in records if r is not None]
    for a, b in itertools.pairwise(present):
        link_add(a=a, b=b, note=note)


def _became_project(question: Question, project: Model | None, days_ago: int, by: Any) -> None:
    if project is None:
        return
    link_add(a=question, b=project, note="Blev ett projekt")
    _status(
        question,
        Status.IN_RESEARCH,
        days_ago,
        note=f"Blev projektet ”{project}”.",
        by=by,
    )


def link_other_apps(coordinator: Any, questions: dict[str, Question]) -> None:
    """Link the questions to the library, portfolio, arenas and podcast records that answer them."""
    answered = questions[ANSWERED_BY_REPORT]
    report = _record("library.Publication", title=LUND_REPORT)
    if report is not None:
        link_add(a=answered, b=report, note="Evidens")
    digest = _record("library.Digest", slug=LUND_DIGEST)
    if digest is not None:
        link_add(a=answered, b=digest, note="Svar till frågeställarna")

    tramadol = questions[BECAME_PROJECT]
    project = _record("portfolio.Project", slug=TRAMADOL_PROJECT)
    _became_project(tramadol, project, 20, coordinator)
    _chain(
        project,
        _record("library.Digest", slug=TRAMADOL_DIGEST),
        _record("arenas.Action", title__startswith=TRAMADOL_ACTION),
    )

    groups = questions[WHOLE_CYCLE]
    project = _record("portfolio.Project", slug=GROUPS_PROJECT)
    _became_project(groups, project, 25, coordinator)
    seminar = _record("arenas.Event", title=GROUPS_SEMINAR)
    # The follow-up plan is seeded after this app; its demo links it to the project.
    _chain(project, seminar)
    _chain(seminar, _record("podcast.Episode", title=GROUPS_EPISODE))
    digest = _record("library.Digest", slug=GROUPS_DIGEST)
    _chain(seminar, digest, _record("arenas.Action", title__startswith=GROUPS_ACTION))


def _interest(
    question: Question, person_slug: str, note: str, *, connected_days_ago: int | None, by: Any
) -> None:
    person = Person.objects.filter(slug=person_slug).first()
    if person is None:
        return
    defaults: dict[str, Any] = {"note": note}
    if connected_days_ago is not None:
        defaults |= {
            "state": Interest.State.CONNECTED,
            "connected_at": timezone.now() - timedelta(days=connected_days_ago),
            "connected_by": by,
        }
    Interest.objects.update_or_create(question=question, person=person, defaults=defaults)


def _round(coordinator: Any, entries: list[Question]) -> Round:
    today = timezone.localdate()
    round_, _created = Round.objects.update_or_create(
        slug=ROUND_SLUG,
        defaults={
            "title": "Prioritering 2025: frågor från socialtjänsten i Jönköping och Lund",
            "description": "Medarbetare, chefer, forskare och brukarrepresentanter rangordnade de obesvarade "
            "frågorna. En slutworkshop i Jönköping enades om listan.",
            "opens_on": today - timedelta(days=75),
            "closes_on": today - timedelta(days=45),
            "groups": ["staff", "managers", "researchers", "service_users"],
            "created_by": coordinator,
        },
    )
    for question in entries:
        RoundEntry.objects.get_or_create(round=round_, question=question)
    for email, given, family in SERVICE_USER_REPRESENTATIVES:
        user = _user(email)
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, first_name=given, last_name=family
            )
        Person.objects.get_or_create(
            user=user,
            defaults={
                "given_name": given,
                "family_name": family,
                "slug": email.split("@")[0].replace(".", "-"),
            },
        )
    q = entries
    # (email, group, ballot: indexes into entries, most important first)
    ballots = [
        ("worker@example.org", "staff", [0, 2, 4, 1, 3]),
        ("lund.worker@example.org", "staff", [0, 1, 5, 2]),
        ("lund.worker2@example.org", "staff", [3, 0, 1, 6, 2]),
        ("jkp.hvb@example.org", "staff", [1, 0, 4]),
        ("manager@example.org", "managers", [5, 0, 1, 3]),
        ("lund.manager@example.org", "managers", [5, 3, 0]),
        ("researcher@example.org", "researchers", [2, 1, 0, 6]),
        ("lund.researcher@example.org", "researchers", [0, 1, 3]),
        ("lund.researcher2@example.org", "researchers", [1, 4, 0]),
        ("brukarradet.lund@example.org", "service_users", [1, 0, 3, 4]),
        ("brukarorganisation.jkp@example.org", "service_users", [4, 1, 0]),
    ]
    voted = timezone.now() - timedelta(days=50)
    for email, group, order in ballots:
        user = _user(email)
        if user is None:
            continue
        participant, _created = Participant.objects.update_or_create(
            round=round_, user=user, defaults={"group": group, "voted_at": voted}
        )
        participant.rankings.all().delete()
        Ranking.objects.bulk_create(
            [
                Ranking(participant=participant, question=q[i], rank=n)
                for n, i in enumerate(order, 1)
            ]
        )
    results = queries.round_results(round_)
    interim = [r["question"].pk for r in results.rows]
    # The workshop moved the HVB question up one place after the service users' representatives spoke.
    hvb = next(x.pk for x in q if x.title.startswith("Hur kan personal på HVB"))
    if hvb in interim and interim.index(hvb) > 0:
        i = interim.index(hvb)
        interim[i - 1], interim[i] = interim[i], interim[i - 1]
    RoundEntry.objects.filter(round=round_).update(final_position=None)
    for position, pk in enumerate(interim, 1):
        RoundEntry.objects.filter(round=round_, question_id=pk).update(final_position=position)
    published = timezone.now() - timedelta(days=30)
    Round.objects.filter(pk=round_.pk).update(
        final_recorded_at=published - timedelta(days=5),
        published_at=published,
        workshop_note="Workshop i Jönköping med tolv deltagare från alla fyra grupperna. "
        "Brukarrepresentanterna lyfte vikten av ungas egna röster, och frågan om HVB flyttades upp.",
    )
    for entry in RoundEntry.objects.filter(round=round_).select_related("question"):
        question = entry.question
        Question.objects.filter(pk=question.pk).update(
            visibility=Visibility.PUBLIC, published_at=published
        )
        if question.status in (
            Status.UNANSWERED,
            Status.PARTLY_ANSWERED,
            Status.REFINING,
            Status.NEW,
        ):
            _status(
                question,
                Status.PRIORITISED,
                30,
                note=f"Nummer {entry.final_position} på topp 10 i ”{round_.title}”.",
                by=coordinator,
            )
    return round_


@transaction.atomic
def seed() -> None:
    coordinator = _user("coordinator@example.org")
    questions = {spec.title: _ask(spec) for spec in QUESTIONS}

    def q(prefix: str) -> Question:
        return next(v for k, v in questions.items() if k.startswith(prefix))

    # One duplicate merged into the indicative question about tramadol.
    duplicate, target = q("Vilket stöd hjälper ungdomar"), q("Hur kan vi tidigt upptäcka")
    if not duplicate.is_merged:
        Submission.objects.filter(question=duplicate).update(question=target)
        Question.objects.filter(pk=duplicate.pk).update(merged_into=target)
        _status(
            duplicate,
            Status.MERGED,
            135,
            note=f"Sammanslagen med ”{target.title}”.",
            by=coordinator,
        )
        duplicate.status = Status.MERGED

    target.researchable_question = "Vilka tidiga tecken och vilka psykosociala insatser minskar bruket av tramadol bland ungdomar 13–20 år?"
    target.population, target.intervention = (
        "Ungdomar 13–20 år som använder tramadol",
        "Tidig upptäckt och psykosocialt stöd",
    )
    target.comparison, target.outcome = "Sedvanligt stöd", "Minskat bruk, skolnärvaro"
    target.save(
        update_fields=[
            "researchable_question",
            "population",
            "intervention",
            "comparison",
            "outcome",
        ]
    )
    _status(target, Status.REFINING, 125, by=coordinator)
    _check(
        target,
        115,
        coordinator,
        sources_searched="SBU\nSocialstyrelsen\nCochrane Library\nSwePub",
        search_terms="tramadol, ungdomar, adolescents, opioid misuse",
        findings="Det finns studier om opioider bland unga men nästan inga om tramadol i en svensk socialtjänstkontext.",
        references="",
        verdict=Status.UNANSWERED,
        answer="",
    )
    _interest(
        target,
        "karin-lundgren",
        "Jag leder en intervjustudie om unga och tramadol.",
        connected_days_ago=25,
        by=coordinator,
    )
    _interest(
        target,
        "sofia-engstrom",
        "Jag arbetar på ungdomsenheten och är doktorand i FYS.",
        connected_days_ago=None,
        by=coordinator,
    )
    _link(target, Event, title__startswith="Unga och tramadol")
    _link(target, Record, doi="10.5555/bryggan.demo.2")

    groups = q("Vilka effekter har stödgrupper")
    _check(
        groups,
        140,
        coordinator,
        sources_searched="SBU\nCochrane Library\nSwePub\nOpenAlex",
        search_terms="stödgrupper, barn till föräldrar med missbruk, support groups children",
        findings="Några utvärderingar visar att barnen får ökad kunskap och känner sig mindre ensamma; effekter på längre sikt är osäkra.",
        references="Support groups for children of parents with addiction (Child & Family Social Work, 2026)",
        verdict=Status.PARTLY_ANSWERED,
        answer="Forskningen visar att stödgrupper ger barn kunskap och gemenskap, men vi vet lite om effekterna efter ett år. "
        "Frågan om långsiktiga effekter går vidare till prioritering.",
    )
    _link(groups, Record, doi="10.5555/bryggan.demo.6")

    hvb = q("Hur kan personal på HVB")
    _check(
        hvb,
        110,
        coordinator,
        sources_searched="SwePub\nOpenAlex\nSocialstyrelsen",
        search_terms="existentiella frågor, HVB, residential care, meaning",
        findings="En intervjustudie beskriver ungas frågor men inga studier prövar hur personal kan möta dem.",
        references="Existential questions of young people in residential care (HVB): an interview study",
        verdict=Status.UNANSWERED,
        answer="",
    )
    _link(hvb, Record, doi="10.5555/bryggan.demo.1")
    _interest(
        hvb,
        "ahmed-svensson",
        "Min forskning handlar om existentiella frågor hos placerade unga.",
        connected_days_ago=20,
        by=coordinator,
    )

    managers = q("Hur kan chefsmöten")
    _check(
        managers,
        100,
        coordinator,
        sources_searched="SwePub\nDiVA\nForte",
        search_terms="chefsmöten, lärande, kunskapsstyrning, managers' meetings",
        findings="Studier av lärande organisationer och av projektet Mot ett socialtjänstens universitet beskriver hur chefsmöten kan bli en lärarena.",
        references="Knowledge governance in Swedish social services: evidence-based practice in everyday casework",
        verdict=Status.ANSWERED,
        answer="Chefsmöten blir en arena för forskning när en kort forskningspresentation följs av ett samtal om vad den betyder "
        "för den egna enheten och ett beslut om vad man ska pröva. Se seminarieserien Chefsmöten som lärarena.",
    )
    _link(managers, Record, doi="10.5555/bryggan.demo.3")

    parenting = q("Vilka former av föräldraskapsstöd")
    _check(
        parenting,
        80,
        coordinator,
        sources_searched="SBU\nSocialstyrelsen (Metodguiden)\nCochrane Library",
        search_terms="föräldraskapsstöd, tonåringar, parenting programmes adolescents",
        findings="Systematiska översikter visar effekt av flera program för föräldrar till tonåringar, till exempel program som bygger på social inlärningsteori.",
        references="https://www.sbu.se\nhttps://www.socialstyrelsen.se/kunskapsstod/",
        verdict=Status.ANSWERED,
        answer="Det finns föräldraskapsprogram för föräldrar till tonåringar med stöd i forskningen. Välj ett program som är "
        "utvärderat för åldersgruppen och följ upp det systematiskt. Se också seminariet Föräldraskapsstöd som fungerar.",
    )
    _link(parenting, Event, title="Föräldraskapsstöd som fungerar")

    report_question = q(ANSWERED_BY_REPORT)
    _check(
        report_question,
        60,
        coordinator,
        sources_searched="Lunds kommuns rapporter\nSwePub\nDiVA",
        search_terms="diskussionsgrupper, forskning och praktik, Lund",
        findings="Projektet med diskussionsgrupper i Lund har utvärderats i en forskningsrapport.",
        references="Rapporten om diskussionsgrupperna i Lund (socialtjänsten och Socialhögskolan)",
        verdict=Status.ANSWERED,
        answer="Rapporten om diskussionsgrupperna i Lund visar att grupperna ger socialsekreterare tid att läsa och samtala om "
        "forskning, att de möter kollegor från andra enheter och jämför hur de hanterar ärenden, och att forskare får nya frågor från praktiken.",
    )
    _link(report_question, Record, doi="10.5555/bryggan.demo.4")

    for prefix in ("Hur påverkar långa", "Vad gör skillnad för unga", "Hur kan vi följa upp"):
        question = q(prefix)
        _status(question, Status.REFINING, 70, by=coordinator)
        _check(
            question,
            65,
            coordinator,
            sources_searched="SwePub\nSBU\nSocialstyrelsen",
            search_terms=question.title,
            findings="Inga studier besvarar frågan i en svensk kontext.",
            references="",
            verdict=Status.UNANSWERED,
            answer="",
        )
    psychiatry = q("Hur kan vi samverka bättre med psykiatrin")
    psychiatry.researchable_question = "Vilka former av samverkan mellan socialtjänst och psykiatri förbättrar stödet till unga vuxna med samsjuklighet?"
    psychiatry.population = "Unga vuxna 18–25 år med missbruk och psykisk ohälsa"
    psychiatry.save(update_fields=["researchable_question", "population"])
    _status(psychiatry, Status.REFINING, 15, by=coordinator)

    entries = [
        target,
        hvb,
        groups,
        q("Hur påverkar långa"),
        q("Vad gör skillnad för unga"),
        q("Hur kan vi följa upp"),
        psychiatry,
    ]
    _round(coordinator, entries)
    link_other_apps(coordinator, questions)
    for question in questions.values():
        services.question_reindex(question=question)
