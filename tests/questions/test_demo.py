"""The demo: a dozen questions, one merged, a published round; the lead's one call after merging."""

import pytest
from django.core.management import call_command
from django.test import Client

from bryggan.cycle.queries import linked_of
from bryggan.cycle.registry import register
from bryggan.governance.models import Partnership
from bryggan.monitoring.models import Record
from bryggan.people.models import User
from bryggan.questions.demo import ANSWERED_BY_REPORT, BECAME_PROJECT, link_after_merge
from bryggan.questions.models import Question, Ranking, Round, Status, Submission

pytestmark = pytest.mark.django_db


def test_the_demo_is_idempotent_and_has_a_published_round():
    call_command("seed_demo")
    counts = (Question.objects.count(), Submission.objects.count(), Ranking.objects.count())
    call_command("seed_demo")
    assert (Question.objects.count(), Submission.objects.count(), Ranking.objects.count()) == counts
    assert Question.objects.current().count() >= 12
    assert Question.objects.filter(status=Status.MERGED).count() == 1
    assert Question.objects.filter(status=Status.ANSWERED).exists()
    assert Submission.objects.filter(question__unit__slug__startswith="lund").exists()
    assert Submission.objects.filter(question__unit__slug__startswith="jonkoping").exists()
    round_ = Round.objects.get()
    assert round_.published_at is not None
    page = Client().get(round_.get_absolute_url()).content.decode()
    assert "Topp 10" in page
    client = Client()
    client.force_login(User.objects.get(email="lund.researcher@example.org"))
    assert client.get("/fragor/oppna/?mine=1").status_code == 200


def test_the_lead_links_the_report_and_the_project_in_one_call():
    call_command("seed_demo")
    register(Partnership, stage="project", search_fields=["name_sv"])
    try:
        report = Record.objects.first()
        project = Partnership.objects.first()
        link_after_merge(report=report, project=project)
        answered = Question.objects.get(title=ANSWERED_BY_REPORT)
        assert report in linked_of(answered, Record)
        became = Question.objects.get(title=BECAME_PROJECT)
        assert became.status == Status.IN_RESEARCH
        assert project in linked_of(became, Partnership)
    finally:
        register(Partnership, stage="governance", search_fields=["name_sv", "name_en"])
