"""Ask a question with the preview step in a real browser, and check the question pages with axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bryggan.people.models import Person
from bryggan.questions.models import Question, Round, Status
from bryggan.taxonomy.models import PriorityArea, Topic
from tests.browser.conftest import axe_violations, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ask_see_a_similar_question_and_join_it(cast, page):
    existing = Question.objects.create(
        title="Hur stödjer vi unga som använder tramadol?", status=Status.UNANSWERED
    )
    from bryggan.questions.services import question_reindex

    question_reindex(question=existing)
    login(page, "worker@test.example", PASSWORD)
    page.goto("/fragor/ny/")
    assert axe_violations(page) == []
    page.fill("#id_title", "Vilket stöd hjälper unga som använder tramadol?")
    page.fill("#id_text", "Klienten Anna, 14 år, använder tramadol.")
    page.click("button[value=preview]")
    assert "klientuppgifter" in page.locator(".errorlist").first.inner_text()
    assert page.input_value("#id_title") == "Vilket stöd hjälper unga som använder tramadol?"
    page.fill("#id_text", "Allt fler unga i kommunen använder tramadol.")
    page.click("button[value=preview]")
    assert existing.title in page.locator("#similar-heading").locator("..").inner_text()
    assert axe_violations(page) == []
    page.click(".preview form button[type=submit]")
    assert existing.supporters.filter(user=cast.worker).exists()
    assert Question.objects.count() == 1


def test_question_round_and_expert_pages_have_no_axe_violations(cast, page, live_server):
    area = PriorityArea.objects.create(slug="missbruk", name_sv="Missbruk och beroende")
    topic = Topic.objects.create(slug="tramadol", name_sv="Unga och tramadol")
    question = Question.objects.create(
        title="Hur stödjer vi unga som använder tramadol?",
        status=Status.UNANSWERED,
        researchable_question="Vilka insatser minskar bruket?",
        population="Unga 13–20 år",
    )
    question.priority_areas.add(area)
    question.topics.add(topic)
    Person.objects.get(user=cast.researcher).topics.add(topic)
    today = timezone.localdate()
    round_ = Round.objects.create(
        title="Prioritering",
        slug="prio",
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=3),
        groups=["staff", "researchers"],
    )
    round_.entries.create(question=question)
    round_.participants.create(user=cast.coordinator, group="staff")
    login(page, "coordinator@test.example", PASSWORD)
    for url in (
        "/fragor/",
        "/fragor/ko/",
        f"/fragor/{question.pk}/",
        f"/fragor/{question.pk}/sla-ihop/",
        f"/fragor/{question.pk}/omformulera/",
        f"/fragor/{question.pk}/evidens/",
        "/fragor/oppna/",
        "/fragor/mina/",
        "/fragor/besvarade/",
        "/fragor/omgangar/",
        f"/fragor/omgangar/{round_.slug}/",
        f"/fragor/omgangar/{round_.slug}/rangordna/",
        "/fragor/omgangar/ny/",
        f"/experter/?topic={topic.pk}",
        "/experter/min-profil/",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url
