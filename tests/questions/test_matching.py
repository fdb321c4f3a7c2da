"""Matching: researchers whose expertise fits (with why), interest and connecting, experts, profiles."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from bryggan.arenas.models import Event, Membership, Series
from bryggan.cycle.registry import register
from bryggan.governance.models import Partnership
from bryggan.people.models import Person
from bryggan.questions import matching
from bryggan.questions.models import Interest, Question, Status
from tests.conftest import client_for
from tests.questions.conftest import ask, latest

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(cast, as_worker, taxonomy):
    ask(
        as_worker,
        "Hur stödjer vi unga som använder tramadol?",
        unit=cast.unit.pk,
        priority_areas=[taxonomy["area"].pk],
        topics=[taxonomy["tramadol"].pk],
    )
    return latest()


def test_the_researcher_with_the_seeded_expertise_is_suggested_with_reasons(
    cast, as_coordinator, question, taxonomy
):
    rut = Person.objects.get(user=cast.researcher)
    rut.topics.add(taxonomy["tramadol"])
    rut.subject_codes.add(taxonomy["code"])
    found = as_coordinator.get(f"/api/v1/questions/{question.pk}/experts").json()
    assert found[0]["person"] == rut.slug
    assert "Expertis inom ”Unga och tramadol”" in found[0]["reasons"]
    assert any(r.startswith("Forskningsämne 50402") for r in found[0]["reasons"])
    page = as_coordinator.get(question.get_absolute_url()).content.decode()
    assert "Föreslagna forskare" in page and "Rut Forskare" in page


def test_staff_without_a_research_role_are_not_suggested(cast, as_coordinator, question, taxonomy):
    Person.objects.get(user=cast.worker).topics.add(taxonomy["tramadol"])
    assert as_coordinator.get(f"/api/v1/questions/{question.pk}/experts").json() == []


def test_a_practitioner_researcher_is_found_through_arenas_and_affiliation(
    cast, as_coordinator, question, taxonomy, phd
):
    start = timezone.now() - timedelta(days=30)
    event = Event.objects.create(
        kind=Event.Kind.RESEARCH_SEMINAR,
        title="Unga och läkemedel",
        start=start,
        end=start + timedelta(hours=2),
        visibility="internal",
    )
    event.priority_areas.add(taxonomy["area"])
    event.speakers.add(phd)
    hidden = Series.objects.create(
        slug="hemlig",
        kind=Series.Kind.DISCUSSION_GROUP,
        title="Hemlig grupp",
        visibility="restricted",
    )
    hidden.priority_areas.add(taxonomy["area"])
    Membership.objects.create(series=hidden, person=phd, role=Membership.Role.RESEARCHER)
    found = matching.suggest_experts(matching.query_for_question(question), cast.coordinator)
    assert found[0].person == phd and found[0].practitioner_researcher
    reasons = " ".join(found[0].reasons)
    assert "Talade på ”Unga och läkemedel”" in reasons
    assert "Praktikerforskare i Testköpings kommun" in reasons
    assert "Hemlig grupp" not in reasons  # restricted groups never explain a suggestion


def test_topics_mentioned_in_the_text_are_used_when_none_are_chosen(cast, as_worker, taxonomy):
    ask(as_worker, "Vad vet vi om unga och tramadol i skolan?")
    question = latest()
    rut = Person.objects.get(user=cast.researcher)
    rut.topics.add(taxonomy["tramadol"])
    found = matching.suggest_experts(matching.query_for_question(question), cast.coordinator)
    assert found[0].person == rut


def test_researchers_say_they_are_interested_and_the_coordinator_connects_them(
    cast, as_researcher, as_coordinator, as_worker, question, django_capture_on_commit_callbacks
):
    page = as_researcher.get("/fragor/oppna/").content.decode()
    assert question.title in page and "Jag är intresserad" in page
    assert (
        as_researcher.post(
            f"/fragor/{question.pk}/intresse/", {"note": "Jag forskar om läkemedel."}
        ).status_code
        == 302
    )
    again = as_researcher.post(f"/fragor/{question.pk}/intresse/", {}, follow=True)
    assert "redan anmält intresse" in again.content.decode()
    assert as_worker.post(f"/fragor/{question.pk}/intresse/", {}).status_code == 403
    interest = Interest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        as_coordinator.post(f"/fragor/{question.pk}/intresse/{interest.pk}/koppla/")
    interest.refresh_from_db()
    assert interest.state == Interest.State.CONNECTED
    to = {m.to[0]: m.body for m in mail.outbox}
    assert set(to) == {"researcher@test.example", "worker@test.example"}
    assert "worker@test.example" in to["researcher@test.example"]
    suggested = as_coordinator.get(f"/api/v1/questions/{question.pk}/experts").json()
    assert "Har anmält intresse för den här frågan" in suggested[0]["reasons"]


def test_an_anonymous_asker_is_not_revealed_to_the_connected_researcher(
    cast, as_researcher, as_coordinator, taxonomy, django_capture_on_commit_callbacks
):
    ask(client_for(cast.worker), "Hur stödjer vi unga som använder tramadol?", anonymous="on")
    question = latest()
    as_researcher.post(f"/fragor/{question.pk}/intresse/", {})
    with django_capture_on_commit_callbacks(execute=True):
        as_coordinator.post(f"/fragor/{question.pk}/intresse/{Interest.objects.get().pk}/koppla/")
    body = next(m.body for m in mail.outbox if m.to == ["researcher@test.example"])
    assert "worker@test.example" not in body and "Wilma" not in body
    assert "1 person frågade anonymt" in body


def test_open_questions_in_my_areas(cast, as_researcher, question, taxonomy):
    other = Question.objects.create(
        title="Hur fungerar ekonomiskt bistånd?", status=Status.UNANSWERED
    )
    Person.objects.get(user=cast.researcher).topics.add(taxonomy["tramadol"])
    page = as_researcher.get("/fragor/oppna/?mine=1").content.decode()
    assert question.title in page and other.title not in page
    assert other.title in as_researcher.get("/fragor/oppna/").content.decode()


def test_the_expert_finder_searches_by_topic_code_method_and_area(
    cast, as_worker, question, taxonomy, phd
):
    rut = Person.objects.get(user=cast.researcher)
    rut.topics.add(taxonomy["interviews"])
    rut.subject_codes.add(taxonomy["code"])
    Interest.objects.create(question=question, person=rut)
    by_method = as_worker.get(f"/experter/?method={taxonomy['interviews'].pk}").content.decode()
    assert "Rut Forskare" in by_method and "Använder metoden ”Kvalitativa intervjuer”" in by_method
    assert question.title in by_method  # her open-question interests are listed
    by_code = as_worker.get(f"/experter/?code={taxonomy['code'].pk}").content.decode()
    assert "Rut Forskare" in by_code
    by_area = as_worker.get(f"/api/v1/experts?area={taxonomy['area'].slug}").json()
    assert rut.slug in [p["person"] for p in by_area]
    by_name = as_worker.get("/api/v1/experts?q=Forskare").json()
    assert [p["person"] for p in by_name] == [rut.slug]
    assert client_for(cast.outsider).get("/experter/").status_code == 403


def test_everyone_edits_their_own_profile(cast, as_researcher, taxonomy):
    response = as_researcher.post(
        "/experter/min-profil/",
        {
            "given_name": "Rut",
            "family_name": "Forskare",
            "orcid": "0000-0002-1825-0097",
            "topics": [taxonomy["tramadol"].pk],
            "methods": [taxonomy["interviews"].pk],
            "subject_codes": [taxonomy["code"].pk],
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    rut = Person.objects.get(user=cast.researcher)
    assert set(rut.topics.all()) == {taxonomy["tramadol"], taxonomy["interviews"]}
    assert rut.orcid == "0000-0002-1825-0097"
    bad = as_researcher.post(
        "/experter/min-profil/",
        {
            "given_name": "Rut",
            "family_name": "F",
            "orcid": "0000-0002-1825-0098",
            "visibility": "public",
        },
    )
    assert bad.status_code == 400 and "ORCID" in bad.content.decode()


def test_a_user_without_a_person_gets_one_from_my_profile(cast, db):
    from bryggan.people.models import User

    user = User.objects.create_user("ny@test.example", "x")
    client = client_for(user)
    assert (
        client.post(
            "/experter/min-profil/",
            {"given_name": "Ny", "family_name": "Person", "visibility": "internal"},
        ).status_code
        == 302
    )
    assert Person.objects.get(user=user).full_name == "Ny Person"


def test_a_question_that_became_a_project_shows_its_path(
    cast, as_coordinator, as_worker, question, django_capture_on_commit_callbacks
):
    # Partnerships stand in for a portfolio project here: the timeline follows the cycle's stages.
    register(Partnership, stage="project", search_fields=["name_sv"])
    try:
        project = Partnership.objects.create(
            name_sv="Projekt: unga och tramadol", slug="projekt-tramadol", visibility="internal"
        )
        start = timezone.now() + timedelta(days=10)
        seminar = Event.objects.create(
            kind=Event.Kind.RESEARCH_SEMINAR,
            title="Seminarium om resultaten",
            start=start,
            end=start + timedelta(hours=1),
            visibility="internal",
        )
        from bryggan.cycle.services import link_add

        link_add(a=project, b=seminar)
        with django_capture_on_commit_callbacks(execute=True):
            response = as_coordinator.post(
                f"/api/v1/questions/{question.pk}/outcomes",
                {"kind": "governance.partnership", "id": project.pk},
                content_type="application/json",
            )
        assert response.status_code == 201 and response.json()["status"] == Status.IN_RESEARCH
        timeline = as_worker.get(f"/api/v1/questions/{question.pk}/timeline").json()
        stages = [s["stage"] for s in timeline]
        assert stages.index("question") < stages.index("project") < stages.index("arena")
        assert any(s["title"] == "Seminarium om resultaten" for s in timeline)
        page = as_worker.get(question.get_absolute_url()).content.decode()
        assert "Frågans väg" in page and "Seminarium om resultaten" in page
        assert "Forskning pågår" in mail.outbox[0].subject
    finally:
        register(Partnership, stage="governance", search_fields=["name_sv", "name_en"])


def test_a_single_word_in_the_expert_finder_finds_people_through_topics(cast, as_worker, taxonomy):
    rut = Person.objects.get(user=cast.researcher)
    rut.topics.add(taxonomy["tramadol"])
    found = as_worker.get("/api/v1/experts?q=tramadol").json()
    assert [p["person"] for p in found] == [rut.slug]
    assert "Expertis inom ”Unga och tramadol”" in found[0]["reasons"][0]


def test_the_leader_of_a_project_in_the_field_is_suggested_because_of_the_project(
    cast, as_coordinator, question, taxonomy
):
    from bryggan.portfolio.models import Participation, Project

    project = Project.objects.create(
        slug="unga-tramadol",
        title="Unga och tramadol i Jönköpings län",
        kind=Project.Kind.RESEARCH,
        status=Project.Status.ONGOING,
        visibility="internal",
    )
    project.priority_areas.add(taxonomy["area"])
    rut = Person.objects.get(user=cast.researcher)
    Participation.objects.create(project=project, person=rut, role="project_leader")
    secret = Project.objects.create(
        slug="hemlig",
        title="Hemlig ansökan",
        kind=Project.Kind.RESEARCH,
        status=Project.Status.ONGOING,
        visibility="restricted",
    )
    secret.priority_areas.add(taxonomy["area"])
    found = as_coordinator.get(f"/api/v1/questions/{question.pk}/experts").json()
    assert found[0]["person"] == rut.slug
    assert "Projektledare i projektet ”Unga och tramadol i Jönköpings län”" in found[0]["reasons"]
    assert not any("Hemlig" in r for r in found[0]["reasons"])
