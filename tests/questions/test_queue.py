"""The coordinator's queue: merge, refine, evidence check, status, publishing, notifications."""

import pytest
from django.core import mail

from bryggan.monitoring.models import Record
from bryggan.questions.models import Question, Status, Submission, Supporter
from tests.conftest import client_for
from tests.questions.conftest import ask, latest

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_questions(cast, as_worker, as_manager):
    ask(
        as_worker, "Hur stödjer vi unga som använder tramadol?", text="Fler unga använder tramadol."
    )
    first = latest()
    ask(as_manager, "Vilket stöd finns för ungdomar med tramadol?", anonymous="on")
    second = latest()
    return first, second


def test_the_coordinator_merges_a_duplicate_keeping_every_submission(
    cast, as_coordinator, two_questions, django_capture_on_commit_callbacks
):
    first, second = two_questions
    client_for(cast.researcher).post(f"/fragor/{second.pk}/ansluta/", {})
    with django_capture_on_commit_callbacks(execute=True):
        response = as_coordinator.post(f"/fragor/{second.pk}/sla-ihop/", {"into": first.pk})
    assert response.status_code == 302 and response.url == first.get_absolute_url()
    second.refresh_from_db()
    assert second.status == Status.MERGED and second.merged_into == first
    assert Submission.objects.filter(question=first).count() == 2
    assert Submission.objects.get(user=cast.manager).first_question == second
    assert Supporter.objects.get(user=cast.researcher).question == first
    assert {m.to[0] for m in mail.outbox} == {"manager@test.example", "researcher@test.example"}
    # The merged question's page leads to the indicative one.
    assert as_coordinator.get(second.get_absolute_url()).url == first.get_absolute_url()


def test_merging_into_itself_or_into_a_merged_question_is_refused(
    cast, as_coordinator, two_questions
):
    first, second = two_questions
    itself = as_coordinator.post(f"/fragor/{first.pk}/sla-ihop/", {"into": first.pk})
    assert itself.status_code == 400 and "inte slås ihop med sig själv" in itself.content.decode()
    as_coordinator.post(f"/fragor/{second.pk}/sla-ihop/", {"into": first.pk})
    ask(client_for(cast.worker), "Vad vet vi om tramadol hos unga i HVB?")
    third = latest()
    into_merged = as_coordinator.post(f"/fragor/{third.pk}/sla-ihop/", {"into": second.pk})
    assert (
        into_merged.status_code == 400 and "har själv slagits ihop" in into_merged.content.decode()
    )
    again = as_coordinator.post(f"/fragor/{second.pk}/sla-ihop/", {"into": third.pk})
    assert again.status_code == 400 and "redan slagits ihop" in again.content.decode()
    missing = as_coordinator.post(f"/fragor/{third.pk}/sla-ihop/", {"into": 999999})
    assert missing.status_code == 400 and "ingen fråga med det numret" in missing.content.decode()
    third.refresh_from_db()
    assert third.status == Status.NEW


def test_only_coordinators_work_the_queue(cast, as_worker, two_questions):
    first, second = two_questions
    assert as_worker.get("/fragor/ko/").status_code == 403
    assert as_worker.post(f"/fragor/{second.pk}/sla-ihop/", {"into": first.pk}).status_code == 403
    assert as_worker.get(f"/fragor/{first.pk}/evidens/").status_code == 403


def test_refining_as_a_researchable_question_with_pico(
    cast, as_coordinator, two_questions, taxonomy
):
    first, _second = two_questions
    response = as_coordinator.post(
        f"/fragor/{first.pk}/omformulera/",
        {
            "title": "Stöd till unga som använder tramadol",
            "researchable_question": "Vilka insatser minskar tramadolbruk bland unga 13–20 år?",
            "population": "Unga 13–20 år som använder tramadol",
            "intervention": "Psykosocialt stöd",
            "outcome": "Minskat bruk",
            "topics": [taxonomy["tramadol"].pk],
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Status.REFINING and first.population.startswith("Unga")
    page = client_for(cast.worker).get(first.get_absolute_url()).content.decode()
    assert "Som forskningsbar fråga" in page and "Psykosocialt stöd" in page
    refused = as_coordinator.post(
        f"/fragor/{first.pk}/omformulera/", {"title": "x", "population": "pojken Ali 12 år"}
    )
    assert refused.status_code == 400 and "klientuppgifter" in refused.content.decode()


def test_an_answered_question_is_published_and_the_answer_goes_to_the_askers(
    cast, as_coordinator, anonymous, two_questions, django_capture_on_commit_callbacks
):
    first, _second = two_questions
    as_coordinator.post(f"/fragor/{first.pk}/ansluta/", {})
    record = Record.objects.create(
        title="Tramadol use among adolescents: a review",
        dedup_key="x",
        keywords=["tramadol", "unga"],
    )
    page = as_coordinator.get(f"/fragor/{first.pk}/evidens/")
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = as_coordinator.post(
            f"/fragor/{first.pk}/evidens/",
            {
                "sources_searched": "SBU\nSocialstyrelsen",
                "findings": "En översikt besvarar frågan.",
                "verdict": "answered",
                "answer": "Forskningen visar att tidiga samtal hjälper.",
                "publish": "on",
                "evidence": [f"monitoring.record:{record.pk}"],
            },
        )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Status.ANSWERED and first.visibility == "public"
    public = anonymous.get(first.get_absolute_url()).content.decode()
    assert "tidiga samtal" in public and "Wilma" not in public
    assert record.title in public  # the evidence is linked in the knowledge cycle
    assert first.title in anonymous.get("/fragor/besvarade/").content.decode()
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["coordinator@test.example", "worker@test.example"]
    assert "tidiga samtal" in mail.outbox[0].body


def test_an_evidence_check_needs_sources_findings_and_an_answer(
    cast, as_coordinator, two_questions
):
    first, _second = two_questions
    response = as_coordinator.post(
        f"/fragor/{first.pk}/evidens/", {"verdict": "answered", "findings": "Något"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ange vilka källor" in page
    no_answer = as_coordinator.post(
        f"/fragor/{first.pk}/evidens/",
        {"verdict": "answered", "findings": "Något", "sources_searched": "SBU"},
    )
    assert no_answer.status_code == 400 and "får inte vara tomt" in no_answer.content.decode()
    first.refresh_from_db()
    assert first.status == Status.NEW and not first.evidence_checks.exists()


def test_status_changes_are_mailed_to_everyone_who_asked_or_joined(
    cast, as_coordinator, two_questions, django_capture_on_commit_callbacks
):
    first, _second = two_questions
    client_for(cast.researcher).post(f"/fragor/{first.pk}/ansluta/", {})
    with django_capture_on_commit_callbacks(execute=True):
        as_coordinator.post(
            f"/fragor/{first.pk}/status/",
            {"status": "unanswered", "note": "Ingen forskning finns."},
        )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "researcher@test.example",
        "worker@test.example",
    ]
    assert "Obesvarad" in mail.outbox[0].subject and "Ingen forskning finns." in mail.outbox[0].body
    same = as_coordinator.post(f"/fragor/{first.pk}/status/", {"status": "unanswered"}, follow=True)
    assert "redan den här statusen" in same.content.decode()


def test_internal_questions_are_hidden_from_outsiders_and_the_public(
    cast, as_outsider, anonymous, two_questions
):
    first, _second = two_questions
    assert as_outsider.get(first.get_absolute_url()).status_code == 404
    assert anonymous.get(first.get_absolute_url()).status_code == 404
    assert anonymous.get(f"/api/v1/questions/{first.pk}").status_code == 404
    assert Question.objects.count() == 2
