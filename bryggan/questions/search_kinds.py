"""Questions from practice in the site search.

Access mirrors `question_for_user`: a question is seen by whoever `core.access.can_view` lets see it
(public once answered or published; partnership staff while internal) and always by the people who
asked or joined it. Who asked is never indexed: submissions and supporters, and the unit (shown to
staff only), stay out of the document, so no search reveals an anonymous asker.
Merged questions are left out; their page leads to the question they were merged into.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import Visibility
from bryggan.search.kinds import (
    both_languages,
    choice_labels,
    lines,
    model_label,
    names,
    staff_keys,
)
from bryggan.search.registry import Document
from bryggan.search.registry import register as register_kind

ASKER = "questions.question"  # + ":<pk>": held by those who asked or joined the question
PARTICIPANT = "questions.round"  # + ":<pk>": held by the participants of a round


def question_document(question: Any) -> Document | None:
    from bryggan.questions.models import Question, Status

    if question.status == Status.MERGED:
        return None
    visibility, allowed = question.visibility, [f"{ASKER}:{question.pk}"]
    if visibility == Visibility.INTERNAL:
        # Partnership staff, and the askers even without a current affiliation.
        visibility, allowed = Visibility.RESTRICTED, [*staff_keys(), *allowed]
    check = question.evidence_checks.all()[:1]
    answer = check[0] if check else None
    when = question.published_at or question.created_at
    return Document(
        title=question.title,
        url=question.get_absolute_url(),
        body=lines(
            question.text,
            question.researchable_question,
            answer.answer if answer else "",
            answer.findings if answer else "",
        ),
        keywords=lines(
            both_languages(Question._meta.verbose_name),
            choice_labels(Status, question.status),
            question.target_group,
            question.why_it_matters,
            question.population,
            question.intervention,
            question.comparison,
            question.outcome,
            names(question.topics.all()),
            names(question.priority_areas.all()),
        ),
        language="sv",
        year=when.year,
        date=when,
        topics=[t.pk for t in question.topics.all()],
        priority_areas=[a.pk for a in question.priority_areas.all()],
        visibility=visibility,
        allowed=allowed if visibility == Visibility.RESTRICTED else (),
    )


def round_document(round_: Any) -> Document:
    """A prioritisation round: public with its Top 10 once published, before that for staff and
    its participants (RoundQuerySet.visible_to)."""
    from bryggan.questions.models import Round

    published = round_.published_at is not None
    return Document(
        title=round_.title,
        url=round_.get_absolute_url(),
        body=lines(round_.description, round_.workshop_note if published else ""),
        keywords=lines(
            both_languages(Round._meta.verbose_name, _("Top 10")),
            " ".join(e.question.title for e in round_.entries.all()) if published else "",
        ),
        language="sv",
        year=round_.opens_on.year,
        date=round_.published_at or round_.created_at,
        visibility=Visibility.PUBLIC if published else Visibility.RESTRICTED,
        allowed=() if published else [*staff_keys(), f"{PARTICIPANT}:{round_.pk}"],
    )


def questions_principals(user: Any) -> list[str]:
    from bryggan.questions.models import Participant, Question

    asked = Question.objects.asked_or_joined_by(user).values_list("pk", flat=True)
    rounds = Participant.objects.filter(user=user).values_list("round_id", flat=True)
    return [f"{ASKER}:{pk}" for pk in asked] + [f"{PARTICIPANT}:{pk}" for pk in rounds]


def register() -> None:
    from bryggan.questions.models import EvidenceCheck, Question, Round, RoundEntry

    register_kind(
        Question,
        kind="question",
        label=model_label(Question),
        document=question_document,
        queryset=lambda: Question.objects.prefetch_related(
            "evidence_checks", "topics", "priority_areas"
        ),
        depends_on={EvidenceCheck: lambda check: [check.question]},
        changed_since=lambda moment: Q(updated_at__gte=moment),
        principals=questions_principals,
    )
    register_kind(
        Round,
        kind="question_round",
        label=model_label(Round),
        document=round_document,
        queryset=lambda: Round.objects.prefetch_related("entries__question"),
        depends_on={
            RoundEntry: lambda entry: [entry.round],
            Question: lambda question: Round.objects.filter(entries__question=question).distinct(),
        },
    )
