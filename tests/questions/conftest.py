"""Helpers for question tests: a small taxonomy and a way to ask through the pages."""

from datetime import date

import pytest

from bryggan.people.models import Affiliation, Person, Role
from bryggan.questions.models import Question
from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic


@pytest.fixture
def taxonomy(db):
    code = SubjectCode.objects.get(code="50402")
    area = PriorityArea.objects.create(slug="missbruk", name_sv="Missbruk och beroende")
    other_area = PriorityArea.objects.create(slug="barn", name_sv="Barn och unga")
    tramadol = Topic.objects.create(
        slug="unga-och-tramadol", name_sv="Unga och tramadol", name_en="Young people and tramadol"
    )
    tramadol.subject_codes.add(code)
    groups = Topic.objects.create(slug="stodgrupper", name_sv="Stödgrupper för barn")
    interviews = Topic.objects.create(
        slug="intervjuer", name_sv="Kvalitativa intervjuer", kind=Topic.Kind.METHOD
    )
    return {
        "code": code,
        "area": area,
        "other_area": other_area,
        "tramadol": tramadol,
        "groups": groups,
        "interviews": interviews,
    }


def ask(client, title, *, send=True, **fields):
    """Submit a question through the two-step form; return the response of the last step."""
    data = {"title": title, "text": "", "target_group": "", "why_it_matters": "", **fields}
    preview = client.post("/fragor/ny/", {**data, "action": "preview"})
    if not send:
        return preview
    return client.post("/fragor/ny/", {**data, "action": "send"})


def latest() -> Question:
    return Question.objects.order_by("-pk").first()


@pytest.fixture
def phd(cast):
    """A practitioner-researcher: a social worker in the unit who is also a PhD student."""
    person = Person.objects.get(user=cast.manager)
    Affiliation.objects.create(
        person=person, organisation=cast.school, role=Role.PHD_STUDENT, start=date(2021, 1, 1)
    )
    return person
