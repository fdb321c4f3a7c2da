"""JSON API for questions from practice, with the same rules as the pages (anonymity included)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from bryggan.api.auth import WRITE
from bryggan.core import access
from bryggan.people.models import Organisation, User
from bryggan.questions import matching, queries, services
from bryggan.questions.access import (
    is_researcher,
    participant_of,
    person_of,
    question_for_user,
    round_for_user,
)
from bryggan.questions.models import MAX_RANKS, Group, Interest, Question, Round, Verdict
from bryggan.questions.models import Status as QStatus
from bryggan.taxonomy.models import PriorityArea, SubjectCode, Topic

router = Router(tags=["questions from practice"])


def _error(error: ValidationError) -> HttpError:
    if hasattr(error, "error_dict"):
        return HttpError(422, " ".join(m for msgs in error.message_dict.values() for m in msgs))
    return HttpError(422, " ".join(error.messages))


def _question(request: HttpRequest, pk: int) -> Question:
    try:
        return question_for_user(request.user, pk)
    except Http404 as error:
        raise HttpError(404, _("Not found.")) from error


def _coordinator(request: HttpRequest) -> None:
    if not access.is_coordinator(request.user):
        raise HttpError(403, _("Only R&D coordinators may do this."))


def _staff(request: HttpRequest) -> None:
    if not access.is_partnership_staff(request.user):
        raise HttpError(403, _("Only partnership staff may do this."))


# ---- schemas ------------------------------------------------------------------------------


class AskerOut(Schema):
    name: str | None = Field(None, description="Hidden (null) when the asker chose anonymity.")
    anonymous: bool
    you: bool
    asked_at: datetime
    title: str
    text: str


class QuestionOut(Schema):
    id: int
    title: str
    text: str
    status: str
    status_label: str
    visibility: str
    researchable_question: str
    population: str
    intervention: str
    comparison: str
    outcome: str
    target_group: str
    unit: str | None = None
    merged_into: int | None = None
    priority_areas: list[str]
    topics: list[str]
    people_asking: int
    created_at: datetime
    url: str


class QuestionDetailOut(QuestionOut):
    askers: list[AskerOut] = []
    evidence_check: dict[str, Any] | None = None


def question_out(question: Question, user: Any, *, detail: bool = False) -> dict[str, Any]:
    staff = access.is_partnership_staff(user)
    data: dict[str, Any] = {
        "id": question.pk,
        "title": question.title,
        "text": question.text,
        "status": question.status,
        "status_label": str(question.get_status_display()),
        "visibility": question.visibility,
        "researchable_question": question.researchable_question,
        "population": question.population,
        "intervention": question.intervention,
        "comparison": question.comparison,
        "outcome": question.outcome,
        "target_group": question.target_group,
        "unit": question.unit.slug if question.unit and staff else None,
        "merged_into": question.merged_into_id,
        "priority_areas": [a.slug for a in question.priority_areas.all()],
        "topics": [t.slug for t in question.topics.all()],
        "people_asking": question.submissions.count() + question.supporters.count(),
        "created_at": question.created_at,
        "url": question.get_absolute_url(),
    }
    if detail:
        askers = []
        if staff or access.is_coordinator(user):
            for row in queries.submissions_for(question, user):
                s = row["submission"]
                askers.append(
                    {
                        "name": row["name"],
                        "anonymous": s.anonymous,
                        "you": row["mine"],
                        "asked_at": s.created_at,
                        "title": s.title,
                        "text": s.text,
                    }
                )
        data["askers"] = askers
        check = question.evidence_checks.first()
        data["evidence_check"] = (
            {
                "verdict": check.verdict,
                "sources_searched": check.source_list,
                "search_terms": check.search_terms,
                "findings": check.findings,
                "references": check.reference_list,
                "answer": check.answer,
                "checked_at": check.checked_at,
            }
            if check
            else None
        )
    return data


class QuestionIn(Schema):
    title: str = Field(..., max_length=200)
    text: str = ""
    unit: str | None = None
    target_group: str = ""
    why_it_matters: str = ""
    anonymous: bool = False
    priority_areas: list[str] = []
    topics: list[str] = []


class PreviewIn(Schema):
    text: str = Field(..., min_length=1, max_length=8000)
    topics: list[str] = []
    priority_areas: list[str] = []


class SimilarOut(Schema):
    id: int
    title: str
    status: str
    score: float
    reasons: list[str]
    url: str


class EvidenceOut(Schema):
    title: str
    url: str
    kind: str
    reason: str


class PreviewOut(Schema):
    similar: list[SimilarOut]
    evidence: list[EvidenceOut]


class JoinIn(Schema):
    anonymous: bool = False
    note: str = ""


class MergeIn(Schema):
    into: int
    note: str = ""


class RefineIn(Schema):
    title: str
    text: str = ""
    researchable_question: str = ""
    population: str = ""
    intervention: str = ""
    comparison: str = ""
    outcome: str = ""
    priority_areas: list[str] = []
    topics: list[str] = []


class EvidenceCheckIn(Schema):
    sources_searched: str
    findings: str
    verdict: Verdict
    search_terms: str = ""
    references: str = ""
    answer: str = ""
    publish: bool = True
    evidence: list[dict[str, Any]] = Field(
        [], description='Records to link, e.g. {"kind": "monitoring.record", "id": 3}.'
    )


class StatusIn(Schema):
    status: QStatus
    note: str = ""


class RecordRef(Schema):
    kind: str
    id: int


class ExpertOut(Schema):
    person: str
    name: str
    url: str
    score: float
    reasons: list[str]
    roles: list[str]
    practitioner_researcher: bool


class InterestIn(Schema):
    note: str = ""


class InterestOut(Schema):
    id: int
    question: int = Field(..., alias="question_id")
    person: str = Field(..., alias="person.slug")
    state: str
    note: str


class RoundIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    opens_on: date
    closes_on: date
    groups: list[Group]


class RoundOut(Schema):
    slug: str
    title: str
    description: str
    opens_on: date
    closes_on: date
    groups: list[str]
    phase: str
    questions: list[int]
    url: str

    @staticmethod
    def resolve_questions(obj: Round) -> list[int]:
        return [e.question_id for e in obj.entries.order_by("pk")]

    @staticmethod
    def resolve_url(obj: Round) -> str:
        return obj.get_absolute_url()


class BallotIn(Schema):
    questions: list[int] = Field(
        ..., description="Question ids, the most important first (at most ten)."
    )


class ParticipantIn(Schema):
    email: str
    group: Group


class FinalIn(Schema):
    positions: dict[int, int] = Field(..., description="{question id: final position}")
    workshop_note: str = ""


def _tags(slugs: list[str], model: Any) -> Any:
    return model.objects.filter(slug__in=slugs)


# ---- questions ----------------------------------------------------------------------------


@router.get("/questions", response=list[QuestionOut])
@paginate
def question_list(
    request: HttpRequest,
    status: str | None = None,
    area: str | None = None,
    topic: str | None = None,
    open: bool = False,
    mine: bool = False,
):
    """Questions the caller may see (public ones for everyone; all current ones for staff)."""
    rows = Question.objects.visible_to(request.user).current()
    if mine:
        if not request.user.is_authenticated:
            raise HttpError(401, _("Log in to see your own questions."))
        rows = Question.objects.current().asked_or_joined_by(request.user)
    if open:
        rows = rows.open()
    if status:
        rows = rows.filter(status=status)
    if area:
        rows = rows.filter(priority_areas__slug=area)
    if topic:
        rows = rows.filter(topics__slug=topic)
    rows = rows.distinct().select_related("unit").prefetch_related("priority_areas", "topics")
    return [question_out(q, request.user) for q in rows.order_by("-created_at", "-pk")]


@router.post("/questions/preview", response=PreviewOut, auth=WRITE)
def question_preview(request: HttpRequest, payload: PreviewIn):
    """Similar questions and matching evidence for a draft (nothing is saved; client data is refused)."""
    _staff(request)
    try:
        services.validate_submission(title=payload.text[:200], text=payload.text)
    except ValidationError as error:
        raise _error(error) from error
    query = matching.query_for_text(
        payload.text,
        topic_ids=_tags(payload.topics, Topic).values_list("pk", flat=True),
        area_ids=_tags(payload.priority_areas, PriorityArea).values_list("pk", flat=True),
    )
    similar = matching.similar_questions(query, request.user, limit=5)
    return {
        "similar": [
            {
                "id": s.question.pk,
                "title": s.question.title,
                "status": s.question.status,
                "score": s.score,
                "reasons": s.reasons,
                "url": s.question.get_absolute_url(),
            }
            for s in similar
        ],
        "evidence": [
            {"title": e.title, "url": e.url, "kind": str(e.kind), "reason": e.reason}
            for e in matching.matching_evidence(query, request.user, limit=5)
        ],
    }


@router.get("/questions/{pk}", response=QuestionDetailOut)
def question_get(request: HttpRequest, pk: int):
    return question_out(_question(request, pk), request.user, detail=True)


@router.post("/questions", response={201: QuestionDetailOut}, auth=WRITE)
def question_create(request: HttpRequest, payload: QuestionIn):
    """Submit a question (partnership staff). Client data in the text is refused (422)."""
    _staff(request)
    unit = Organisation.objects.filter(slug=payload.unit).first() if payload.unit else None
    if payload.unit and unit is None:
        raise HttpError(422, _("Unknown unit."))
    try:
        question = services.question_submit(
            user=request.user,  # type: ignore[arg-type]
            title=payload.title,
            text=payload.text,
            unit=unit,
            target_group=payload.target_group,
            why_it_matters=payload.why_it_matters,
            anonymous=payload.anonymous,
            priority_areas=_tags(payload.priority_areas, PriorityArea),
            topics=_tags(payload.topics, Topic),
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, question_out(question, request.user, detail=True))


@router.post("/questions/{pk}/join", response={201: dict}, auth=WRITE)
def question_join(request: HttpRequest, pk: int, payload: JoinIn):
    """Join a question: "I have this question too"."""
    _staff(request)
    question = _question(request, pk)
    try:
        services.question_join(
            question=question,
            user=request.user,  # type: ignore[arg-type]
            anonymous=payload.anonymous,
            note=payload.note,
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, {"joined": True})


@router.post("/questions/{pk}/merge", response=QuestionDetailOut, auth=WRITE)
def question_merge(request: HttpRequest, pk: int, payload: MergeIn):
    """Merge a question into another (R&D coordinators); every submission is kept."""
    _coordinator(request)
    question = _question(request, pk)
    into = Question.objects.filter(pk=payload.into).first()
    if into is None:
        raise HttpError(422, _("There is no question with that number."))
    try:
        target = services.question_merge(
            question=question, into=into, user=request.user, note=payload.note
        )
    except ValidationError as error:
        raise _error(error) from error
    return question_out(target, request.user, detail=True)


@router.put("/questions/{pk}/refined", response=QuestionDetailOut, auth=WRITE)
def question_refine(request: HttpRequest, pk: int, payload: RefineIn):
    """Rephrase as a researchable question with optional PICO (R&D coordinators)."""
    _coordinator(request)
    question = _question(request, pk)
    data = payload.dict()
    try:
        services.question_refine(
            question=question,
            user=request.user,
            priority_areas=_tags(data.pop("priority_areas"), PriorityArea),
            topics=_tags(data.pop("topics"), Topic),
            **data,
        )
    except ValidationError as error:
        raise _error(error) from error
    return question_out(question, request.user, detail=True)


def _record(ref: dict[str, Any]) -> Any:
    from bryggan.cycle.registry import node_for

    try:
        model = apps.get_model(str(ref.get("kind")))
    except (LookupError, ValueError) as error:
        raise HttpError(422, _("Unknown kind of record.")) from error
    record = model._default_manager.filter(pk=ref.get("id")).first() if node_for(model) else None
    if record is None:
        raise HttpError(422, _("Not found."))
    return record


@router.post("/questions/{pk}/evidence-checks", response={201: QuestionDetailOut}, auth=WRITE)
def evidence_check_create(request: HttpRequest, pk: int, payload: EvidenceCheckIn):
    """Record an evidence check (R&D coordinators); the verdict becomes the status."""
    _coordinator(request)
    question = _question(request, pk)
    data = payload.dict()
    records = [_record(ref) for ref in data.pop("evidence")]
    try:
        services.evidence_check_record(
            question=question, user=request.user, evidence=records, **data
        )
    except ValidationError as error:
        raise _error(error) from error
    question.refresh_from_db()
    return Status(201, question_out(question, request.user, detail=True))


@router.post("/questions/{pk}/status", response=QuestionDetailOut, auth=WRITE)
def question_status(request: HttpRequest, pk: int, payload: StatusIn):
    """Change a question's status (R&D coordinators); the askers are e-mailed."""
    _coordinator(request)
    question = _question(request, pk)
    try:
        services.question_set_status(
            question=question, status=payload.status, note=payload.note, user=request.user
        )
    except ValidationError as error:
        raise _error(error) from error
    return question_out(question, request.user, detail=True)


@router.post("/questions/{pk}/outcomes", response={201: dict}, auth=WRITE)
def question_outcome(request: HttpRequest, pk: int, payload: RecordRef):
    """Link what came out of the question (project, plan, seminar, episode, digest)."""
    _coordinator(request)
    question = _question(request, pk)
    try:
        services.question_link_outcome(
            question=question, record=_record(payload.dict()), user=request.user
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, {"linked": True, "status": question.status})


@router.get("/questions/{pk}/timeline", response=list[dict[str, Any]])
def question_timeline(request: HttpRequest, pk: int):
    """The question's path in the order of the knowledge cycle."""
    question = _question(request, pk)
    return [
        {
            "stage": s["stage"],
            "stage_label": str(s["stage_label"]),
            "title": str(s["title"]),
            "note": str(s["note"]),
            "when": s["when"].isoformat() if s["when"] else None,
            "url": s["url"],
        }
        for s in queries.timeline(question, request.user)
    ]


@router.get("/questions/{pk}/experts", response=list[ExpertOut])
def question_experts(request: HttpRequest, pk: int, limit: int = 5):
    """Researchers and practitioner-researchers whose expertise fits, with why (partnership staff)."""
    _staff(request)
    question = _question(request, pk)
    found = matching.suggest_experts(
        matching.query_for_question(question), request.user, limit=min(limit, 50)
    )
    return [
        {
            "person": s.person.slug,
            "name": s.person.full_name,
            "url": s.person.get_absolute_url(),
            "score": s.score,
            "reasons": s.reasons,
            "roles": s.roles,
            "practitioner_researcher": s.practitioner_researcher,
        }
        for s in found
    ]


@router.post("/questions/{pk}/interest", response={201: InterestOut}, auth=WRITE)
def interest_create(request: HttpRequest, pk: int, payload: InterestIn):
    """Say "I am interested" (researchers)."""
    question = _question(request, pk)
    person = person_of(request.user)
    if person is None or not is_researcher(request.user):
        raise HttpError(403, _("Only researchers can say they are interested."))
    try:
        return Status(
            201, services.interest_add(question=question, person=person, note=payload.note)
        )
    except ValidationError as error:
        raise _error(error) from error


@router.delete("/questions/{pk}/interest", response={204: None}, auth=WRITE)
def interest_delete(request: HttpRequest, pk: int):
    question = _question(request, pk)
    person = person_of(request.user)
    if person is None:
        raise HttpError(403, _("Only researchers can say they are interested."))
    try:
        services.interest_withdraw(question=question, person=person)
    except ValidationError as error:
        raise _error(error) from error
    return Status(204, None)


@router.post("/questions/{pk}/interests/{interest_id}/connect", response=InterestOut, auth=WRITE)
def interest_connect(request: HttpRequest, pk: int, interest_id: int):
    """Connect an interested researcher with the askers (R&D coordinators)."""
    _coordinator(request)
    question = _question(request, pk)
    row = get_object_or_404(Interest, pk=interest_id, question=question)
    try:
        return services.interest_connect(interest=row, user=request.user)
    except ValidationError as error:
        raise _error(error) from error


# ---- prioritisation rounds ----------------------------------------------------------------


def _round(request: HttpRequest, slug: str) -> Round:
    try:
        return round_for_user(request.user, slug)
    except Http404 as error:
        raise HttpError(404, _("Not found.")) from error


@router.get("/question-rounds", response=list[RoundOut])
def round_list(request: HttpRequest):
    return list(Round.objects.visible_to(request.user))


@router.get("/question-rounds/{slug}", response=RoundOut)
def round_get(request: HttpRequest, slug: str):
    return _round(request, slug)


@router.post("/question-rounds", response={201: RoundOut}, auth=WRITE)
def round_create(request: HttpRequest, payload: RoundIn):
    _coordinator(request)
    try:
        return Status(201, services.round_save(user=request.user, **payload.dict()))
    except ValidationError as error:
        raise _error(error) from error


@router.post("/question-rounds/{slug}/questions", response=RoundOut, auth=WRITE)
def round_add(request: HttpRequest, slug: str, payload: BallotIn):
    """Put questions on the round's list (R&D coordinators)."""
    _coordinator(request)
    round_ = _round(request, slug)
    try:
        services.round_add_questions(
            round=round_, questions=Question.objects.filter(pk__in=payload.questions)
        )
    except ValidationError as error:
        raise _error(error) from error
    return round_


@router.post("/question-rounds/{slug}/participants", response={201: dict}, auth=WRITE)
def round_participant(request: HttpRequest, slug: str, payload: ParticipantIn):
    _coordinator(request)
    round_ = _round(request, slug)
    user = User.objects.filter(email__iexact=payload.email).first()
    if user is None:
        raise HttpError(422, _("There is no account with that e-mail address."))
    try:
        participant = services.participant_add(round=round_, user=user, group=payload.group)
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, {"email": user.email, "group": participant.group})


@router.put("/question-rounds/{slug}/ranking", response=dict, auth=WRITE)
def round_rank(request: HttpRequest, slug: str, payload: BallotIn):
    """Replace the caller's ranking: question ids, most important first, at most ten."""
    round_ = _round(request, slug)
    if participant_of(request.user, round_) is None:
        raise HttpError(403, _("You do not take part in this round."))
    try:
        services.ranking_submit(round=round_, user=request.user, question_ids=payload.questions)  # type: ignore[arg-type]
    except ValidationError as error:
        raise _error(error) from error
    return {"ranked": payload.questions, "max": MAX_RANKS}


@router.get("/question-rounds/{slug}/results", response=dict)
def round_results(request: HttpRequest, slug: str):
    """Results per group and combined, with the final positions (public once published)."""
    round_ = _round(request, slug)
    if not (round_.published_at or access.is_coordinator(request.user)):
        raise HttpError(403, _("The results are published with the Top 10."))
    results = queries.round_results(round_)
    return {
        "published": round_.published_at is not None,
        "ballots": results.counts,
        "scoring": "rank r earns 11 - r points; group mean = points / ballots in the group; combined = mean of the group means",
        "rows": [
            {
                "question": r["question"].pk,
                "title": r["question"].title,
                "final_position": r["final_position"],
                "interim_position": r["row"].position,
                "groups": {
                    g: {"points": c.points, "ballots": c.ballots, "mean": round(float(c.mean), 4)}
                    for (g, _label), c in zip(results.groups, r["cells"], strict=True)
                },
                "total_points": r["row"].total,
                "first_places": r["row"].first_places,
                "combined": round(float(r["row"].combined), 4),
            }
            for r in queries.final_order(results)
        ],
    }


@router.put("/question-rounds/{slug}/final", response=RoundOut, auth=WRITE)
def round_final(request: HttpRequest, slug: str, payload: FinalIn):
    _coordinator(request)
    round_ = _round(request, slug)
    try:
        services.round_record_final(
            round=round_, positions=dict(payload.positions), workshop_note=payload.workshop_note
        )
    except ValidationError as error:
        raise _error(error) from error
    return round_


@router.post("/question-rounds/{slug}/publish", response=RoundOut, auth=WRITE)
def round_publish(request: HttpRequest, slug: str):
    _coordinator(request)
    round_ = _round(request, slug)
    try:
        return services.round_publish(round=round_, user=request.user)
    except ValidationError as error:
        raise _error(error) from error


# ---- expert finder ------------------------------------------------------------------------


@router.get("/experts", response=list[ExpertOut])
def expert_list(
    request: HttpRequest,
    q: str = "",
    topic: str | None = None,
    method: str | None = None,
    code: str | None = None,
    area: str | None = None,
    researchers_only: bool = False,
):
    """Find people by topic, method, SSIF code, priority area or words (partnership staff)."""
    _staff(request)
    from bryggan.questions.views import expert_search

    data = {
        "q": q,
        "topic": Topic.objects.filter(slug=topic).first() if topic else None,
        "method": Topic.objects.filter(slug=method).first() if method else None,
        "code": SubjectCode.objects.filter(code=code).first() if code else None,
        "area": PriorityArea.objects.filter(slug=area).first() if area else None,
        "researchers_only": researchers_only,
    }
    return [
        {
            "person": s.person.slug,
            "name": s.person.full_name,
            "url": s.person.get_absolute_url(),
            "score": s.score,
            "reasons": s.reasons,
            "roles": s.roles,
            "practitioner_researcher": s.practitioner_researcher,
        }
        for s in expert_search(data, request.user)
    ]
