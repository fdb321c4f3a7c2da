"""Every app's records in the one search box: found by their words, with each app's own access rules.

The records below all carry the word "kunskapsbro". For every member of the shared cast the test
of access compares what search finds with what the pages themselves open (status 200), so search
never shows more or less than the app's own access helpers allow.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from bryggan.followup.models import Instrument
from bryggan.governance.models import Body, Decision, Meeting, Membership, Partnership
from bryggan.library.models import Digest, Publication
from bryggan.library.services import publication_withdraw
from bryggan.people.models import Person
from bryggan.podcast import services as podcast_services
from bryggan.podcast.models import Episode, EpisodeCredit, Show
from bryggan.portfolio.models import Participation, PhdStudent, Project, Supervision
from bryggan.questions import services as question_services
from bryggan.questions.models import Participant, Question, Round
from bryggan.search.models import SearchDocument
from bryggan.taxonomy.models import PriorityArea, Topic
from tests.conftest import client_for
from tests.library.conftest import make_publication
from tests.search.test_search_page import titles

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
WORD = "kunskapsbro"
TRANSCRIPT = (
    "WEBVTT\n\n"
    "1\n00:00:00.000 --> 00:00:02.000\n<v Anna Forsberg>Välkommen till podden.\n\n"
    "2\n00:00:02.000 --> 00:00:04.000\n<v Karin Lundgren>Vi pratar om ensamkommande "
    "ungdomars boendeplaceringar.\n"
)


def person(user) -> Person:
    return Person.objects.get(user=user)


def found(client, q: str, **filters) -> dict[str, str]:
    """Return {url: kind} of everything the client's search finds (one page of 50)."""
    data = client.get("/api/v1/search", {"q": q, "page_size": 50, **filters}).json()
    return {r["url"]: r["kind"] for r in data["results"]}


def facet(client, q: str, name: str) -> dict[str, int]:
    data = client.get("/api/v1/search", {"q": q, "page_size": 50}).json()
    return {f["value"]: f["count"] for f in data["facets"][name]}


@dataclass
class Records:
    topic: Topic
    area: PriorityArea
    public_publication: Publication
    restricted_publication: Publication
    withdrawn_publication: Publication
    public_digest: Digest
    show: Show
    released_episode: Episode
    draft_episode: Episode
    restricted_project: Project
    phd: PhdStudent
    anonymous_question: Question
    published_question: Question
    public_round: Round
    public_decision: Decision
    member_decision: Decision
    instrument: Instrument


def _meeting(body: Body) -> Meeting:
    start = datetime(2025, 2, 3, 10, tzinfo=STOCKHOLM)
    return Meeting.objects.create(body=body, start=start, end=start + timedelta(hours=2))


def _decision(body: Body, number: int, visibility: str = "public") -> Decision:
    return Decision.objects.create(
        body=body,
        meeting=_meeting(body),
        year=2025,
        number=number,
        reference=f"{body.prefix} 2025:{number}",
        decided_on=date(2025, 2, 3),
        title=f"Beslut {number} om {WORD}",
        text="Styrgruppen beslutar om gemensam uppföljning.",
        visibility=visibility,
    )


def _body(partnership: Partnership, slug: str, visibility: str = "public") -> Body:
    return Body.objects.create(
        partnership=partnership,
        slug=slug,
        name_sv=f"Styrgrupp {slug}",
        kind=Body.Kind.STEERING_GROUP,
        prefix="SG",
        established=date(2020, 1, 1),
        visibility=visibility,
    )


def _partnership(slug: str, visibility: str) -> Partnership:
    return Partnership.objects.create(
        slug=slug,
        name_sv=f"Samverkan {slug} för {WORD}",
        kind=Partnership.Kind.REGIONAL,
        description="Kommuner och högskola i samverkan.",
        visibility=visibility,
    )


def _seat(body: Body, user, role: str = Membership.Role.MEMBER) -> None:
    Membership.objects.create(body=body, person=person(user), role=role, start=date(2020, 1, 1))


@pytest.fixture
def records(cast, settings) -> Records:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    topic = Topic.objects.create(slug="boende", name_sv="Boende", name_en="Housing")
    area = PriorityArea.objects.create(
        slug="ensamkommande", name_sv="Ensamkommande barn", name_en="Unaccompanied minors"
    )
    # ---- library
    public_publication = make_publication(
        title="Placering av ensamkommande barn",
        abstract_sv=f"En studie om placering i familjehem och {WORD}.",
        abstract_en="A study of placement in foster care.",
        journal="Socialvetenskaplig tidskrift",
        doi="10.1234/svt.2024.7",
        year=2023,
        topics=[topic],
        priority_areas=[area],
    )
    make_publication(title=f"Intern rapport om {WORD}", visibility="internal", year=2022)
    restricted_publication = make_publication(
        title=f"Utkast om {WORD}",
        visibility="restricted",
        authors=[
            {"family_name": "Forskare", "given_name": "Rut", "person": person(cast.researcher)}
        ],
    )
    withdrawn_publication = make_publication(title=f"Indragen rapport om {WORD}", year=2021)
    publication_withdraw(publication=withdrawn_publication, reason="Fel i data.")
    public_digest = Digest.objects.create(
        title="Forskning i korthet om boende",
        slug="boende",
        summary=f"**Sammanfattning** om {WORD} och stödboende.",
        practice="Det här betyder att socialtjänsten bör följa upp *boendeformer*.",
        visibility="public",
        published_on=date(2024, 5, 1),
        language="sv",
    )
    restricted_digest = Digest.objects.create(
        title=f"Internt utkast om {WORD}",
        slug="utkast",
        summary="Text.",
        practice="Text.",
        visibility="restricted",
    )
    restricted_digest.writers.add(person(cast.worker))
    # ---- podcast
    show = Show.objects.create(
        slug="podden",
        title=f"Podden om {WORD}",
        description="Samtal om forskning.",
        visibility="public",
        podcast_guid="9b0b8b53-8ad3-5f5c-9a7c-5a2b0b6d1a11",
    )
    released_episode = podcast_services.episode_save(
        show=show, title="Avsnitt ett", description=f"Om {WORD}."
    )
    podcast_services.episode_transcript_set(episode=released_episode, data=TRANSCRIPT.encode())
    released_episode.refresh_from_db()
    released_episode.status = Episode.Status.PUBLISHED
    released_episode.publish_at = timezone.now() - timedelta(days=1)
    released_episode.save()
    EpisodeCredit.objects.create(episode=released_episode, name="Greta Gästsson", role="guest")
    draft_episode = podcast_services.episode_save(
        show=show, title="Avsnitt två (utkast)", description=f"Om {WORD} igen."
    )
    hidden_show = Show.objects.create(
        slug="hemlig",
        title="Ledningens podd",
        description=f"Internt om {WORD}.",
        visibility="restricted",
        podcast_guid="9b0b8b53-8ad3-5f5c-9a7c-5a2b0b6d1a12",
    )
    hidden_episode = podcast_services.episode_save(
        show=hidden_show, title="Ledningens avsnitt", description=f"Om {WORD}."
    )
    Episode.objects.filter(pk=hidden_episode.pk).update(
        status=Episode.Status.PUBLISHED, publish_at=timezone.now() - timedelta(days=1)
    )
    hidden_episode.refresh_from_db()
    hidden_episode.save()
    # ---- portfolio
    Project.objects.create(
        slug="oppet",
        title=f"Öppet projekt om {WORD}",
        kind=Project.Kind.RESEARCH,
        status=Project.Status.ONGOING,
        summary="Om boende.",
        visibility="public",
        start=date(2024, 1, 1),
    )
    Project.objects.create(
        slug="internt",
        title=f"Internt projekt om {WORD}",
        kind=Project.Kind.DEVELOPMENT,
        status=Project.Status.IDEA,
        visibility="internal",
    )
    restricted_project = Project.objects.create(
        slug="slutet",
        title=f"Slutet projekt om {WORD}",
        kind=Project.Kind.EVALUATION,
        status=Project.Status.APPLICATION,
        visibility="restricted",
    )
    Participation.objects.create(
        project=restricted_project,
        person=person(cast.worker),
        role=Participation.Role.PRACTITIONER_RESEARCHER,
    )
    phd = PhdStudent.objects.create(
        slug="max",
        person=person(cast.manager),
        programme="Forskarutbildning i socialt arbete",
        university=cast.university,
        topic=f"Ledarskap och {WORD}",
        visibility="restricted",
    )
    Supervision.objects.create(phd_student=phd, person=person(cast.researcher))
    # ---- questions
    anonymous_question = question_services.question_submit(
        user=cast.worker,
        title=f"Hur fungerar {WORD} för familjehem?",
        text="Vi undrar över stödet till familjehemmen.",
        anonymous=True,
    )
    published_question = question_services.question_submit(
        user=cast.manager, title=f"Vad vet vi om {WORD} i hemtjänsten?"
    )
    question_services.question_publish(question=published_question)
    private_question = Question.objects.create(
        title=f"Känslig fråga om {WORD}", visibility="restricted"
    )
    question_services.question_join(question=private_question, user=cast.outsider)
    public_round = Round.objects.create(
        title=f"Topp 10 om {WORD}",
        slug="topp",
        opens_on=date(2024, 1, 1),
        closes_on=date(2024, 2, 1),
        published_at=timezone.now(),
    )
    closed_round = Round.objects.create(
        title=f"Pågående omgång om {WORD}",
        slug="pagaende",
        opens_on=date(2024, 1, 1),
        closes_on=date(2024, 2, 1),
    )
    Participant.objects.create(round=closed_round, user=cast.outsider, group="service_users")
    # ---- governance
    open_partnership = _partnership("oppen", "public")
    open_body = _body(open_partnership, "sg-oppen")
    public_decision = _decision(open_body, 1)
    _decision(open_body, 2, visibility="internal")
    member_body = _body(open_partnership, "sg-slutet", visibility="restricted")
    _seat(member_body, cast.researcher)
    _seat(member_body, cast.outsider, role=Membership.Role.SECRETARY)
    member_decision = _decision(member_body, 1)
    closed_partnership = _partnership("sluten", "restricted")
    _seat(_body(closed_partnership, "sg-sluten"), cast.manager)
    _decision(closed_partnership.bodies.get(), 1)
    staff_partnership = _partnership("intern", "internal")
    staff_body = _body(staff_partnership, "sg-intern", visibility="restricted")
    _seat(staff_body, cast.worker)
    staff_outsider_body = _body(staff_partnership, "sg-intern-2", visibility="restricted")
    _seat(staff_outsider_body, cast.outsider)  # a member, but not partnership staff
    _decision(staff_body, 1)
    _decision(staff_outsider_body, 1)
    # ---- follow-up
    instrument = Instrument.objects.create(
        slug="asi",
        name="Addiction Severity Index",
        description=f"Ett instrument för {WORD}.",
        licence="open",
    )
    return Records(
        topic,
        area,
        public_publication,
        restricted_publication,
        withdrawn_publication,
        public_digest,
        show,
        released_episode,
        draft_episode,
        restricted_project,
        phd,
        anonymous_question,
        published_question,
        public_round,
        public_decision,
        member_decision,
        instrument,
    )


def _every_url() -> set[str]:
    urls = set()
    for model in (
        Publication,
        Digest,
        Show,
        Episode,
        Project,
        PhdStudent,
        Question,
        Round,
        Partnership,
        Decision,
        Instrument,
    ):
        manager = model._default_manager
        if model is Episode:
            manager = Episode.objects.select_related("show")
        urls |= {obj.get_absolute_url() for obj in manager.all()}
    return urls


@pytest.mark.parametrize(
    "who", [None, "outsider", "worker", "manager", "researcher", "coordinator", "admin"]
)
def test_search_finds_exactly_what_the_pages_open(records, cast, who):
    client = client_for(getattr(cast, who) if who else None)
    opened = {url for url in _every_url() if client.get(url).status_code == 200}
    searched = set(found(client, WORD))
    assert searched == opened
    assert records.public_publication.get_absolute_url() in searched  # the test is not vacuous


def test_each_kind_is_a_facet_and_found_with_its_label(records, as_admin):
    kinds = facet(as_admin, WORD, "kind")
    assert {
        "publication",
        "digest",
        "podcast",
        "episode",
        "project",
        "phd",
        "question",
        "question_round",
        "partnership",
        "decision",
        "instrument",
    } <= set(kinds)
    only_episodes = titles(as_admin.get("/sok/", {"q": WORD, "kind": "episode"}))
    assert set(only_episodes) == {"Avsnitt ett", "Avsnitt två (utkast)", "Ledningens avsnitt"}
    labels = {
        f["value"]: f["label"]
        for f in as_admin.get(
            "/api/v1/search", {"q": WORD}, headers={"accept-language": "sv"}
        ).json()["facets"]["kind"]
    }
    assert labels["publication"] == "Publikation" and labels["phd"] == "Praktikdoktorand"


def test_a_publication_is_found_by_an_inflected_word_and_its_facets(records, anonymous):
    # "placeringar" finds "placering" (Swedish stemming), and the English abstract is searched.
    url = records.public_publication.get_absolute_url()
    assert url in found(anonymous, "placeringar")
    assert url in found(anonymous, "foster care")
    assert url in found(anonymous, "Socialvetenskaplig")  # the journal
    assert url in found(anonymous, "Lundgren")  # an author
    assert url in found(anonymous, "placering", year=2023, topic="boende", area="ensamkommande")
    assert url not in found(anonymous, "placering", year=2022)
    assert facet(anonymous, "placering", "language") == {"sv": 1}


def test_a_withdrawn_publication_is_not_found(records, as_coordinator):
    assert records.withdrawn_publication.get_absolute_url() not in found(as_coordinator, WORD)


def test_an_edited_publication_is_found_by_its_new_words_only(records, anonymous):
    from bryggan.library.services import publication_save

    publication_save(
        publication=records.public_publication,
        authors=[{"family_name": "Lundgren", "given_name": "Karin"}],
        kind="report",
        title="Hemlöshet bland unga vuxna",
        abstract_sv="",
        abstract_en="",
        year=2023,
        language="sv",
        visibility="public",
    )
    assert titles(anonymous.get("/sok/", {"q": "hemlöshet"})) == ["Hemlöshet bland unga vuxna"]
    assert records.public_publication.get_absolute_url() not in found(anonymous, "placering")


def test_a_deleted_or_withdrawn_publication_leaves_the_index(records, as_coordinator):
    draft = make_publication(title="Opublicerat utkast om hemlöshet", visibility="internal")
    assert draft.get_absolute_url() in found(as_coordinator, "hemlöshet")
    response = as_coordinator.post(f"/bibliotek/{draft.pk}/radera/")
    assert response.status_code == 302
    assert not Publication.objects.filter(pk=draft.pk).exists()
    assert found(as_coordinator, "hemlöshet") == {}
    # A harvested publication is withdrawn instead: its tombstone is not found either.
    url = records.public_publication.get_absolute_url()
    response = as_coordinator.post(f"{url}dra-tillbaka/", {"reason": "Dubblett."})
    assert response.status_code == 302
    assert url not in found(as_coordinator, "placering")


def test_a_digest_is_found_by_what_it_means_for_practice(records, anonymous):
    url = records.public_digest.get_absolute_url()
    assert url in found(anonymous, "boendeformer")
    records.public_digest.practice = "Inget om det längre."
    records.public_digest.save()
    assert url not in found(anonymous, "boendeformer")
    records.public_digest.delete()
    assert url not in found(anonymous, WORD)


def test_an_episode_is_found_by_a_word_only_its_transcript_has(records, anonymous):
    url = records.released_episode.get_absolute_url()
    assert found(anonymous, "boendeplaceringar") == {url: "episode"}
    assert url in found(anonymous, "Gästsson")  # a guest


def test_a_draft_episode_is_for_coordinators_until_published(records, cast, anonymous):
    url = records.draft_episode.get_absolute_url()
    assert url not in found(anonymous, WORD)
    assert url in found(client_for(cast.coordinator), WORD)
    Episode.objects.filter(pk=records.draft_episode.pk).update(
        status=Episode.Status.PUBLISHED, publish_at=timezone.now() + timedelta(hours=1)
    )
    records.draft_episode.refresh_from_db()
    records.draft_episode.save()
    assert url not in found(anonymous, WORD)  # scheduled: not yet
    # Its time comes without a write; the periodic catch-up indexes it by its publication time.
    from bryggan.search import services

    services.index_rebuild()
    Episode.objects.filter(pk=records.draft_episode.pk).update(
        publish_at=timezone.now() - timedelta(minutes=1)
    )
    services.index_catch_up()
    assert url in found(anonymous, WORD)


def test_renaming_a_show_updates_its_episodes(records, anonymous):
    records.show.title = "Vardagspodden"
    records.show.save()
    assert records.released_episode.get_absolute_url() in found(anonymous, "vardagspodden")
    records.released_episode.delete()
    assert records.released_episode.get_absolute_url() not in found(anonymous, "vardagspodden")


def test_a_restricted_project_is_found_by_its_participants_only(records, cast):
    url = records.restricted_project.get_absolute_url()
    assert url in found(client_for(cast.worker), WORD)
    assert url not in found(client_for(cast.manager), WORD)
    Participation.objects.filter(project=records.restricted_project).update(archived=True)
    assert url not in found(client_for(cast.worker), WORD)


def test_an_edited_or_archived_project_updates_the_index(records, cast):
    as_worker = client_for(cast.worker)
    project = records.restricted_project
    project.summary = "Om digitala hembesök."
    project.save()
    assert project.get_absolute_url() in found(as_worker, "hembesök")
    project.archived = True
    project.save()
    assert project.get_absolute_url() not in found(as_worker, "hembesök")


def test_a_restricted_phd_record_is_for_the_student_and_supervisors(records, cast):
    url = records.phd.get_absolute_url()
    assert url in found(client_for(cast.manager), "ledarskap")
    assert url in found(client_for(cast.researcher), "ledarskap")
    assert url not in found(client_for(cast.worker), "ledarskap")
    records.phd.delete()
    assert url not in found(client_for(cast.manager), "ledarskap")


def test_an_anonymous_askers_name_is_never_searchable(records, cast):
    url = records.anonymous_question.get_absolute_url()
    as_manager = client_for(cast.manager)
    assert url in found(as_manager, "familjehem")
    for name in ("Wilma", "Arbetare", "worker@test.example"):
        assert url not in found(as_manager, name)
        assert url not in found(client_for(cast.coordinator), name)
    document = SearchDocument.objects.get(key=f"questions.question:{records.anonymous_question.pk}")
    assert "Wilma" not in f"{document.title} {document.body} {document.keywords}"


def test_a_question_becomes_public_when_published_and_leaves_when_merged(records, cast, anonymous):
    question = records.anonymous_question
    assert question.get_absolute_url() not in found(anonymous, "familjehem")
    question_services.question_publish(question=question)
    assert question.get_absolute_url() in found(anonymous, "familjehem")
    question_services.question_merge(question=question, into=records.published_question)
    assert question.get_absolute_url() not in found(client_for(cast.admin), "familjehem")


def test_a_refined_question_is_found_by_its_researchable_question(records, as_coordinator):
    question = records.published_question
    question.researchable_question = "Vilka effekter har trygghetslarm för äldre?"
    question.save()
    assert question.get_absolute_url() in found(as_coordinator, "trygghetslarmen")


def test_a_members_only_decision_follows_the_seats(records, cast):
    url = records.member_decision.get_absolute_url()
    as_researcher = client_for(cast.researcher)
    assert url in found(as_researcher, WORD)
    Membership.objects.filter(person=person(cast.researcher)).update(end=date(2021, 1, 1))
    as_researcher = client_for(cast.researcher)
    assert url not in found(as_researcher, WORD)


def test_a_decision_follows_its_body_and_partnership(records, anonymous):
    url = records.public_decision.get_absolute_url()
    assert url in found(anonymous, "uppföljning")
    body = records.public_decision.body
    body.visibility = "internal"
    body.save()
    assert url not in found(anonymous, "uppföljning")
    body.visibility = "public"
    body.save()
    partnership = body.partnership
    partnership.archived = True
    partnership.visibility = "restricted"
    partnership.save()
    assert url not in found(anonymous, "uppföljning")
    assert partnership.get_absolute_url() not in found(anonymous, WORD)


def test_an_instrument_is_for_partnership_staff(records, cast, anonymous):
    url = records.instrument.get_absolute_url()
    assert url in found(client_for(cast.worker), "addiction")
    assert url not in found(anonymous, "addiction")
    assert url not in found(client_for(cast.outsider), "addiction")
    records.instrument.name = "Alcohol Use Disorders Identification Test"
    records.instrument.save()
    assert url in found(client_for(cast.worker), "alcohol")
    assert url not in found(client_for(cast.worker), "addiction")
    records.instrument.delete()
    assert url not in found(client_for(cast.worker), "alcohol")
