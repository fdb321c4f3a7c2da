"""Asking a question: the preview with similar questions, joining, and refusing bad input."""

import pytest
from django.core import mail

from bryggan.questions.models import Question, Status, Submission, Supporter
from tests.conftest import client_for
from tests.questions.conftest import ask, latest

pytestmark = pytest.mark.django_db


def test_a_worker_asks_a_question_after_the_preview(cast, as_worker, taxonomy):
    preview = ask(
        as_worker,
        "Hur stödjer vi unga som använder tramadol?",
        send=False,
        unit=cast.unit.pk,
        priority_areas=[taxonomy["area"].pk],
    )
    assert preview.status_code == 200
    assert "Skicka min fråga" in preview.content.decode()
    assert not Question.objects.exists()
    response = ask(
        as_worker,
        "Hur stödjer vi unga som använder tramadol?",
        unit=cast.unit.pk,
        priority_areas=[taxonomy["area"].pk],
    )
    question = latest()
    assert response.status_code == 302 and response.url == question.get_absolute_url()
    assert question.status == Status.NEW and question.visibility == "internal"
    assert list(question.priority_areas.all()) == [taxonomy["area"]]
    assert question.submissions.get().user == cast.worker


def test_the_preview_shows_a_similar_question_and_the_asker_can_join_it(
    cast, as_worker, as_manager, taxonomy
):
    ask(
        as_worker,
        "Hur stödjer vi unga som använder tramadol?",
        text="Allt fler unga i Lund använder tramadol.",
    )
    first = latest()
    preview = ask(as_manager, "Vilket stöd hjälper ungdomar som använder tramadol?", send=False)
    page = preview.content.decode()
    assert first.title in page and "Jag har också den här frågan" in page
    response = as_manager.post(f"/fragor/{first.pk}/ansluta/", {"note": "", "anonymous": ""})
    assert response.status_code == 302
    assert Supporter.objects.get(question=first).user == cast.manager
    assert Question.objects.count() == 1


def test_joining_twice_or_your_own_question_is_refused(cast, as_worker, as_manager, taxonomy):
    ask(as_worker, "Hur stödjer vi unga som använder tramadol?")
    question = latest()
    as_manager.post(f"/fragor/{question.pk}/ansluta/", {})
    again = as_manager.post(f"/fragor/{question.pk}/ansluta/", {}, follow=True)
    assert "redan anslutit" in again.content.decode()
    own = as_worker.post(f"/fragor/{question.pk}/ansluta/", {}, follow=True)
    assert "ställde själv" in own.content.decode()
    assert Supporter.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("Gäller 640823-3234 och hennes mamma", "personnummer"),
        ("Klienten Anna, 14 år, vill inte gå till skolan", "namn"),
        ("Ring pappan på 070-123 45 67", "telefonnummer"),
    ],
)
def test_client_data_is_refused_and_nothing_is_saved(cast, as_worker, text, where):
    response = ask(as_worker, "Hur gör vi här?", text=text, target_group="Unga")
    page = response.content.decode()
    assert response.status_code == 400
    assert "får inte innehålla klientuppgifter" in page and where in page
    assert "I egna ord" in page  # says in which field
    assert "Unga" in page  # what the user typed is kept
    assert not Question.objects.exists() and not Submission.objects.exists()


def test_an_identity_number_in_the_preview_is_refused_too(cast, as_worker):
    response = ask(as_worker, "Vad gäller för 19121212-1212?", send=False)
    assert response.status_code == 400 and "personnummer" in response.content.decode()
    assert "Skicka min fråga" not in response.content.decode()


def test_empty_and_very_long_questions_are_refused(cast, as_worker):
    empty = ask(as_worker, "   ")
    assert empty.status_code == 400 and "Skriv din fråga" in empty.content.decode()
    long = ask(as_worker, "Hur " + "x" * 300)
    assert long.status_code == 400 and "för lång" in long.content.decode()
    too_much = ask(as_worker, "Hur gör vi?", text="ord " * 1500)
    assert too_much.status_code == 400 and "högst 4000" in too_much.content.decode()
    assert not Question.objects.exists()


def test_outsiders_and_anonymous_visitors_cannot_ask(cast, as_outsider, anonymous):
    assert as_outsider.get("/fragor/ny/").status_code == 403
    assert anonymous.get("/fragor/ny/").status_code == 302


def test_an_anonymous_question_hides_the_asker_from_other_staff_but_not_the_coordinator(
    cast, as_worker, as_manager, as_coordinator
):
    ask(as_worker, "Hur stödjer vi unga som använder tramadol?", anonymous="on")
    question = latest()
    other = as_manager.get(question.get_absolute_url()).content.decode()
    assert "Wilma" not in other and "Anonym" in other
    own = as_worker.get(question.get_absolute_url()).content.decode()
    assert "Wilma Arbetare" in own
    coordinator = as_coordinator.get(question.get_absolute_url()).content.decode()
    assert "Wilma Arbetare" in coordinator
    api_other = as_manager.get(f"/api/v1/questions/{question.pk}").json()
    assert api_other["askers"][0]["name"] is None and api_other["askers"][0]["anonymous"]
    assert "worker" not in str(api_other)
    api_coordinator = as_coordinator.get(f"/api/v1/questions/{question.pk}").json()
    assert api_coordinator["askers"][0]["name"] == "Wilma Arbetare"


def test_my_questions_shows_progress(cast, as_worker, as_manager):
    ask(as_worker, "Hur stödjer vi unga som använder tramadol?")
    question = latest()
    as_manager.post(f"/fragor/{question.pk}/ansluta/", {})
    for client in (as_worker, as_manager):
        page = client.get("/fragor/mina/").content.decode()
        assert question.title in page and "Mottagen" in page
    assert question.title not in client_for(cast.researcher).get("/fragor/mina/").content.decode()
    assert not mail.outbox


def test_a_question_sent_after_a_preview_is_found_by_the_next_preview(cast, as_worker, as_manager):
    # The first preview counts "tramadol" as unknown; sending the question must not leave that stale.
    ask(as_worker, "Hur stödjer vi unga som använder tramadol?")
    preview = ask(as_manager, "Vilket stöd finns för unga som använder tramadol?", send=False)
    assert "Hur stödjer vi unga som använder tramadol?" in preview.content.decode()
