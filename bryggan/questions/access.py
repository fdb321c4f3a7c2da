"""Who may see and do what with questions from practice (built on bryggan.core.access).

- Questions are internal to partnership staff until published (answered questions, and the
  questions of a published prioritisation round, are public).
- Who asked or joined is shown to other staff only when they did not choose to be anonymous;
  the asker themself and R&D coordinators always see it.
- Researchers (researcher, PhD student, teacher, R&D leader) say they are interested.
- R&D coordinators work the queue: merge, refine, check evidence, run rounds, connect.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bryggan.core import access
from bryggan.people.models import Person, Role
from bryggan.questions.models import Participant, Question, Round

RESEARCHER_ROLES = (Role.RESEARCHER, Role.PHD_STUDENT, Role.TEACHER, Role.RD_LEADER)


def is_researcher(user: Any) -> bool:
    return access.has_role(user, *RESEARCHER_ROLES)


def may_see_identity(user: Any, owner_id: int | None, anonymous: bool) -> bool:
    """Whether `user` may see who wrote a submission or joined a question."""
    if not anonymous:
        return True
    if access.is_coordinator(user):
        return True
    return bool(user.is_authenticated and owner_id == user.pk)


def question_for_user(user: Any, pk: int) -> Question:
    """Fetch a question the user may see, or raise 404 (hidden questions are not revealed)."""
    question = Question.objects.filter(pk=pk).select_related("unit", "merged_into").first()
    if question is None:
        raise Http404
    if access.can_view(user, question):
        return question
    if user.is_authenticated and Question.objects.filter(pk=pk).asked_or_joined_by(user).exists():
        return question
    raise Http404


def question_for_coordinator(user: Any, pk: int) -> Question:
    question = question_for_user(user, pk)
    if not access.is_coordinator(user):
        raise PermissionDenied
    return question


def person_of(user: Any) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def round_for_user(user: Any, slug: str) -> Round:
    round_ = Round.objects.visible_to(user).filter(slug=slug).first()
    if round_ is None:
        raise Http404
    return round_


def participant_of(user: Any, round_: Round) -> Participant | None:
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(round=round_, user=user).first()
