"""The demo: a dozen questions, one merged, a published round, and the path of a question through the cycle."""

import pytest
from django.core.management import call_command
from django.test import Client

from bryggan.cycle.queries import linked_of
from bryggan.library.models import Digest, Publication
from bryggan.people.models import User
from bryggan.portfolio.models import Project
from bryggan.questions.demo import ANSWERED_BY_REPORT, BECAME_PROJECT, WHOLE_CYCLE
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


def test_the_demo_runs_a_question_through_the_whole_knowledge_cycle(client):
    call_command("seed_demo")
    call_command("seed_demo")  # twice: links and statuses are not duplicated
    question = Question.objects.get(title=WHOLE_CYCLE)
    assert question.status == Status.IN_RESEARCH
    client.force_login(User.objects.get(email="worker@example.org"))
    page = client.get(question.get_absolute_url()).content.decode()
    path = [
        "Stödgrupper för barn i familjer med missbruk – en utvärdering",  # the project
        "Stödgrupper för barn i Jönköping",  # the follow-up plan
        "/arenor/",  # the seminar
        "Stödgrupper hjälper barn att sätta ord på sin situation",  # the digest
        "/podd/",  # the podcast episode
        "Välj en insats för barn och unga att följa upp",  # the action tried in practice
    ]
    timeline = page[page.index('id="timeline-heading"') :]
    # In the order of the cycle (the digest of 2024 before the episode, both dissemination).
    positions = [timeline.find(step) for step in path]
    assert -1 not in positions, [s for s, p in zip(path, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    assert question.history.filter(status=Status.IN_RESEARCH).count() == 1


def test_the_demo_answers_a_question_with_the_library_report_and_its_digest():
    call_command("seed_demo")
    answered = Question.objects.get(title=ANSWERED_BY_REPORT)
    assert answered.status == Status.ANSWERED
    report = Publication.objects.get(title__startswith="Diskussionsgrupper som mötesplats")
    assert report in linked_of(answered, Publication)
    digest = Digest.objects.get(slug="diskussionsgrupper-gor-forskning-till-vardag")
    assert digest in linked_of(answered, Digest)
    page = Client().get(answered.get_absolute_url()).content.decode()
    assert report.get_absolute_url() in page and digest.get_absolute_url() in page
    became = Question.objects.get(title=BECAME_PROJECT)
    assert became.status == Status.IN_RESEARCH
    assert linked_of(became, Project).filter(slug="unga-och-tramadol").exists()
