"""Pages for questions from practice: intake with preview, the queue, rounds, matching, experts."""

from __future__ import annotations

import csv
from typing import Any, cast

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bryggan.core import access
from bryggan.core.forms import apply_validation_error
from bryggan.cycle.queries import linked
from bryggan.people.models import Affiliation, Person, User
from bryggan.people.services import person_save
from bryggan.questions import matching, queries, services
from bryggan.questions.access import (
    is_researcher,
    participant_of,
    person_of,
    question_for_coordinator,
    question_for_user,
    round_for_user,
)
from bryggan.questions.forms import (
    BallotForm,
    EvidenceCheckForm,
    ExpertSearchForm,
    FinalRankingForm,
    InterestForm,
    JoinForm,
    MergeForm,
    ParticipantForm,
    ProfileForm,
    QuestionFilterForm,
    QuestionForm,
    RefineForm,
    RoundForm,
    StatusForm,
)
from bryggan.questions.models import (
    TOP_N,
    Interest,
    Question,
    Round,
    Status,
)
from bryggan.taxonomy.models import Topic

PAGE_SIZE = 30


def current_user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _page(request: HttpRequest, rows: Any) -> tuple[Any, str]:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _filter(
    request: HttpRequest, rows: QuerySet[Question]
) -> tuple[QuestionFilterForm, QuerySet[Question]]:
    form = QuestionFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["area"]:
            rows = rows.filter(priority_areas=data["area"])
        if data["topic"]:
            rows = rows.filter(topics=data["topic"])
        if data["status"]:
            rows = rows.filter(status=data["status"])
        for word in data["q"].split()[:5]:
            rows = rows.filter(Q(title__icontains=word) | Q(researchable_question__icontains=word))
    return form, rows.distinct().prefetch_related("priority_areas")


# ---- overview and lists ---------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    answered = (
        Question.objects.visible_to(user)
        .filter(status=Status.ANSWERED)
        .order_by("-published_at")[:5]
    )
    rounds = Round.objects.visible_to(user).order_by("-opens_on")[:5]
    context: dict[str, Any] = {"answered": answered, "rounds": rounds}
    if access.is_partnership_staff(user):
        context["mine"] = Question.objects.current().asked_or_joined_by(user).count()
        context["open_count"] = Question.objects.visible_to(user).open().count()
        context["is_researcher"] = is_researcher(user)
    if access.is_coordinator(user):
        context["queue_count"] = Question.objects.filter(status=Status.NEW).count()
    return render(request, "questions/index.html", context)


@require_GET
def answered(request: HttpRequest) -> HttpResponse:
    form, rows = _filter(
        request, Question.objects.visible_to(request.user).filter(status=Status.ANSWERED)
    )
    page, query = _page(request, rows.order_by("-published_at", "-pk"))
    return render(request, "questions/answered.html", {"form": form, "page": page, "query": query})


@access.staff_required
@require_GET
def open_questions(request: HttpRequest) -> HttpResponse:
    """Open questions by area; researchers see those in their areas first."""
    user = current_user(request)
    person = person_of(user)
    rows: QuerySet[Question] = Question.objects.visible_to(user).open()
    mine_only = request.GET.get("mine") == "1"
    my_topics = list(person.topics.values_list("pk", flat=True)) if person else []
    if mine_only and my_topics:
        # Topics, not SSIF codes: a code such as 50402 Social work would match almost everything.
        rows = rows.filter(topics__in=my_topics)
    form, rows = _filter(request, rows)
    rows = rows.annotate(
        asked=Count("submissions", distinct=True) + Count("supporters", distinct=True)
    )
    page, query = _page(request, rows.order_by("-created_at", "-pk"))
    interested = (
        set(
            Interest.objects.filter(person=person, question__in=[q.pk for q in page]).values_list(
                "question_id", flat=True
            )
        )
        if person
        else set()
    )
    return render(
        request,
        "questions/open.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "mine_only": mine_only,
            "has_expertise": bool(my_topics),
            "is_researcher": is_researcher(user),
            "interested": interested,
        },
    )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The staff member's own questions (asked or joined) and how far each has come."""
    user = current_user(request)
    asked = Question.objects.filter(submissions__user=user).distinct()
    joined = Question.objects.filter(supporters__user=user).distinct()
    rows = []
    for question in (
        (asked | joined).distinct().select_related("merged_into").order_by("-created_at")
    ):
        rows.append(
            {"question": question, "progress": queries.progress(question.merged_into or question)}
        )
    interests = Interest.objects.filter(person__user=user).select_related("question")
    return render(request, "questions/mine.html", {"rows": rows, "interests": interests})


@access.coordinator_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The coordinator's queue: new questions first, then those being refined, then the rest."""
    rows: QuerySet[Question] = Question.objects.current()
    status = request.GET.get("status", "")
    if status in Status.values:
        rows = rows.filter(status=status)
    else:
        rows = rows.filter(status__in=[Status.NEW, Status.REFINING])
    form, rows = _filter(request, rows)
    rows = rows.annotate(
        asked=Count("submissions", distinct=True) + Count("supporters", distinct=True),
        interest_count=Count("interests", distinct=True),
    ).select_related("unit")
    page, query = _page(request, rows.order_by("status", "created_at", "pk"))
    counts = dict(
        Question.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return render(
        request,
        "questions/queue.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "status": status,
            "counts": [(s, label, counts.get(s, 0)) for s, label in Status.choices],
        },
    )


# ---- intake ---------------------------------------------------------------------------------


def _preview(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    text = " ".join([data["title"], data["text"], data["target_group"]])
    query = matching.query_for_text(
        text,
        topic_ids=[t.pk for t in data["topics"]],
        area_ids=[a.pk for a in data["priority_areas"]],
        unit_id=data["unit"].pk if data["unit"] else None,
    )
    return {
        "similar": matching.similar_questions(query, request.user, limit=5),
        "evidence": matching.matching_evidence(query, request.user, limit=5),
        "previewed": True,
    }


@access.staff_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    """Submit a question: the first POST shows similar questions and evidence; the second sends."""
    form = QuestionForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "previewed": False}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.validate_submission(
                title=data["title"],
                text=data["text"],
                target_group=data["target_group"],
                why_it_matters=data["why_it_matters"],
            )
            if request.POST.get("action") != "send":
                context.update(_preview(request, data))
            else:
                question = services.question_submit(user=current_user(request), **data)
                messages.success(
                    request,
                    _(
                        "Thank you! Your question was sent to the R&D coordinator. You will get an e-mail when its status changes."
                    ),
                )
                return redirect(question)
        except ValidationError as error:
            apply_validation_error(form, error)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "questions/ask.html", context, status=status)


# ---- one question ---------------------------------------------------------------------------


def _evidence_choices(question: Question, user: Any) -> list[tuple[str, Any]]:
    query = matching.query_for_question(question)
    found = matching.matching_evidence(query, user, limit=8)
    return [
        (f"{s.record._meta.label_lower}:{s.record.pk}", s) for s in found if s.record is not None
    ]


@require_GET
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    question = question_for_user(user, pk)
    if question.is_merged and question.merged_into_id:
        messages.info(
            request,
            _("This question was merged into the one below; every submission is kept there."),
        )
        return redirect("questions:question", pk=question.merged_into_id)
    staff = access.is_partnership_staff(user)
    coordinator = access.is_coordinator(user)
    person = person_of(user)
    context: dict[str, Any] = {
        "question": question,
        "staff": staff,
        "coordinator": coordinator,
        "check": question.evidence_checks.first(),
        "timeline": queries.timeline(question, user),
        "merged": question.merged_questions.all() if staff else [],
    }
    if staff or coordinator:
        submissions = queries.submissions_for(question, user)
        supporters = queries.supporters_for(question, user)
        context |= {
            "submissions": submissions,
            "supporters": supporters,
            "is_asker": any(s["mine"] for s in submissions),
            "has_joined": any(s["mine"] for s in supporters),
            "join_form": JoinForm(),
            "interests": question.interests.select_related("person"),
            "my_interest": question.interests.filter(person=person).first() if person else None,
            "may_be_interested": bool(person) and is_researcher(user) and question.is_open,
            "interest_form": InterestForm(),
            "experts": matching.suggest_experts(
                matching.query_for_question(question), user, limit=5
            ),
            "similar": matching.similar_questions(
                matching.query_for_question(question), user, limit=5
            ),
        }
    if coordinator:
        context["status_form"] = StatusForm(initial={"status": question.status})
    return render(request, "questions/question_detail.html", context)


@access.staff_required
@require_POST
def join(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_for_user(request.user, pk)
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            services.question_join(
                question=question, user=current_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("You have joined the question. You will get an e-mail when its status changes."),
            )
    return redirect(question.merged_into or question if question.is_merged else question)


@access.staff_required
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_for_user(request.user, pk)
    try:
        services.question_leave(question=question, user=current_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You no longer follow this question."))
    return redirect(question)


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_for_coordinator(request.user, pk)
    form = MergeForm(request.POST or None, initial={"into": request.GET.get("into")})
    if request.method == "POST" and form.is_valid():
        into = Question.objects.filter(pk=form.cleaned_data["into"]).first()
        if into is None:
            form.add_error("into", _("There is no question with that number."))
        else:
            try:
                target = services.question_merge(
                    question=question, into=into, user=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request, _("The questions were merged; every original submission is kept.")
                )
                return redirect(target)
    similar = matching.similar_questions(
        matching.query_for_question(question), request.user, limit=8, threshold=0.1
    )
    status = 400 if form.errors else 200
    return render(
        request,
        "questions/merge.html",
        {"form": form, "question": question, "similar": similar},
        status=status,
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def refine(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_for_coordinator(request.user, pk)
    initial = {
        name: getattr(question, name)
        for name in RefineForm.base_fields
        if name not in ("priority_areas", "topics")
    }
    initial |= {"priority_areas": question.priority_areas.all(), "topics": question.topics.all()}
    form = RefineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_refine(question=question, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The question was saved."))
            return redirect(question)
    status = 400 if form.errors else 200
    return render(
        request, "questions/refine.html", {"form": form, "question": question}, status=status
    )


def _record_for(key: str) -> Model | None:
    try:
        label, pk = key.rsplit(":", 1)
        model = apps.get_model(label)
        return model._default_manager.filter(pk=int(pk)).first()
    except (ValueError, LookupError):
        return None


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def evidence_check(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_for_coordinator(request.user, pk)
    choices = _evidence_choices(question, request.user)
    form = EvidenceCheckForm(request.POST or None)
    form.fields["evidence"].choices = [(key, s.title) for key, s in choices]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        records = [r for r in (_record_for(k) for k in data.pop("evidence")) if r is not None]
        try:
            services.evidence_check_record(
                question=question, user=request.user, evidence=records, **data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The evidence check was recorded and the askers were told.")
            )
            return redirect(question)
    status = 400 if form.errors else 200
    return render(
        request,
        "questions/evidence_form.html",
        {
            "form": form,
            "question": question,
            "suggestions": choices,
            "linked": linked(question, request.user),
        },
        status=status,
    )


@access.coordinator_required
@require_POST
def set_status(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_for_coordinator(request.user, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect(question)
    try:
        services.question_set_status(question=question, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The status was changed and the askers were told."))
    return redirect(question)


@access.coordinator_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_for_coordinator(request.user, pk)
    public = request.POST.get("public") == "1"
    services.question_publish(question=question, public=public)
    messages.success(
        request, _("The question is public.") if public else _("The question is internal again.")
    )
    return redirect(question)


@access.staff_required
@require_POST
def interest(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_for_user(request.user, pk)
    person = person_of(request.user)
    if person is None or not is_researcher(request.user):
        raise PermissionDenied
    try:
        if request.POST.get("action") == "withdraw":
            services.interest_withdraw(question=question, person=person)
            messages.success(request, _("Your interest was withdrawn."))
        else:
            form = InterestForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            services.interest_add(question=question, person=person, note=note)
            messages.success(
                request,
                _("The R&D coordinator now knows that you are interested and will connect you."),
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(question)


@access.coordinator_required
@require_POST
def connect(request: HttpRequest, pk: int, interest_pk: int) -> HttpResponse:
    question = question_for_coordinator(request.user, pk)
    row = get_object_or_404(
        Interest.objects.select_related("person__user", "question"),
        pk=interest_pk,
        question=question,
    )
    try:
        services.interest_connect(interest=row, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The researcher and the askers were told by e-mail."))
    return redirect(question)


# ---- prioritisation rounds ------------------------------------------------------------------


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    rows = Round.objects.visible_to(request.user).annotate(n=Count("entries"))
    return render(request, "questions/round_list.html", {"rows": rows})


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_save(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The round was created. Now put questions on its list."))
            return redirect(round_)
    return render(
        request, "questions/round_form.html", {"form": form}, status=400 if form.errors else 200
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = round_for_user(request.user, slug)
    initial = {
        n: getattr(round_, n) for n in ("title", "description", "opens_on", "closes_on", "groups")
    }
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_save(round=round_, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The round was saved."))
            return redirect(round_)
    return render(
        request,
        "questions/round_form.html",
        {"form": form, "round": round_},
        status=400 if form.errors else 200,
    )


def _candidates(round_: Round) -> QuerySet[Question]:
    return (
        Question.objects.filter(
            status__in=[Status.UNANSWERED, Status.PARTLY_ANSWERED, Status.REFINING, Status.NEW]
        )
        .exclude(round_entries__round=round_)
        .order_by("status", "-created_at")
    )


@require_GET
def round_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    round_ = round_for_user(user, slug)
    coordinator = access.is_coordinator(user)
    participant = participant_of(user, round_)
    context: dict[str, Any] = {
        "round": round_,
        "coordinator": coordinator,
        "participant": participant,
        "entries": round_.entries.select_related("question").order_by("pk"),
        "may_join": (
            participant is None
            and access.is_partnership_staff(user)
            and round_.is_voting_open()
            and services.group_for(user) in round_.groups
        ),
    }
    if round_.published_at or coordinator:
        results = queries.round_results(round_)
        context["results"] = results
        context["final"] = queries.final_order(results)
        context["top"] = [
            r for r in context["final"] if r["final_position"] and r["final_position"] <= TOP_N
        ]
    if coordinator:
        context["candidates"] = _candidates(round_)[:200]
        context["participant_form"] = ParticipantForm()
        context["participants"] = round_.participants.select_related("user__person")
    return render(request, "questions/round_detail.html", context)


@access.coordinator_required
@require_POST
def round_questions(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = round_for_user(request.user, slug)
    try:
        if request.POST.get("remove"):
            question = get_object_or_404(Question, pk=request.POST["remove"])
            services.round_remove_question(round=round_, question=question)
            messages.success(request, _("The question was taken off the list."))
        else:
            ids = [int(v) for v in request.POST.getlist("questions") if v.isdigit()]
            added = services.round_add_questions(
                round=round_, questions=Question.objects.filter(pk__in=ids)
            )
            messages.success(request, _("%(n)d questions were put on the list.") % {"n": added})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(round_)


@access.coordinator_required
@require_POST
def round_participant(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = round_for_user(request.user, slug)
    form = ParticipantForm(request.POST)
    if form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if user is None:
            messages.error(request, _("There is no account with that e-mail address."))
        else:
            try:
                services.participant_add(round=round_, user=user, group=form.cleaned_data["group"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The participant was added."))
    else:
        messages.error(request, _("Give an e-mail address and a group."))
    return redirect(round_)


@access.staff_required
@require_POST
def round_join(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = round_for_user(request.user, slug)
    try:
        services.round_join(round=round_, user=current_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(round_)
    messages.success(request, _("You take part in the round. Rank up to ten questions."))
    return redirect("questions:ballot", slug=round_.slug)


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = round_for_user(request.user, slug)
    participant = participant_of(request.user, round_)
    if participant is None:
        raise PermissionDenied
    questions = [e.question for e in round_.entries.select_related("question").order_by("pk")]
    initial = {f"rank_{r.rank}": str(r.question_id) for r in participant.rankings.all()}
    form = BallotForm(request.POST or None, initial=initial, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.ranking_submit(
                round=round_, user=current_user(request), question_ids=form.ranked()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Your ranking was saved. You can change it until voting closes.")
            )
            return redirect(round_)
    status = 400 if form.errors else 200
    return render(
        request,
        "questions/ballot.html",
        {"form": form, "round": round_, "participant": participant, "questions": questions},
        status=status,
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def round_final(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = round_for_user(request.user, slug)
    results = queries.round_results(round_)
    questions = [r["question"] for r in results.rows]
    initial: dict[str, Any] = {
        f"position_{r['question'].pk}": r["final_position"]
        or (r["row"].position if not round_.final_recorded_at else None)
        for r in results.rows
    }
    initial["workshop_note"] = round_.workshop_note
    form = FinalRankingForm(request.POST or None, initial=initial, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_record_final(
                round=round_,
                positions=form.positions(),
                workshop_note=form.cleaned_data["workshop_note"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The final ranking was recorded. Publish it when it is ready.")
            )
            return redirect(round_)
    status = 400 if form.errors else 200
    return render(
        request,
        "questions/round_final.html",
        {"form": form, "round": round_, "results": results},
        status=status,
    )


@access.coordinator_required
@require_POST
def round_publish(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = round_for_user(request.user, slug)
    try:
        services.round_publish(round=round_, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The Top 10 was published with the full list and its data."))
    return redirect(round_)


def csv_rows(results: queries.Results) -> list[list[Any]]:
    """The round's full list and data, one row per question (like the JLA spreadsheet)."""
    header = [
        _("Final position"),
        _("Interim position"),
        _("Question number"),
        _("Question"),
        _("Researchable question"),
        _("Population (P)"),
        _("Intervention (I)"),
        _("Comparison (C)"),
        _("Outcome (O)"),
        _("Status"),
        _("Priority areas"),
        _("People who asked or joined"),
    ]
    for _g, label in results.groups:
        header += [
            _("%(group)s: points") % {"group": label},
            _("%(group)s: ballots ranking it") % {"group": label},
            _("%(group)s: mean points per ballot") % {"group": label},
        ]
    header += [_("Total points"), _("First places"), _("Combined score")]
    rows: list[list[Any]] = [header]
    for r in queries.final_order(results):
        q = r["question"]
        row = [
            r["final_position"] or "",
            r["row"].position,
            q.pk,
            q.title,
            q.researchable_question,
            q.population,
            q.intervention,
            q.comparison,
            q.outcome,
            q.get_status_display(),
            "; ".join(a.name for a in q.priority_areas.all()),
            q.submissions.count() + q.supporters.count(),
        ]
        for cell in r["cells"]:
            row += [cell.points, cell.ballots, f"{float(cell.mean):.2f}"]
        row += [r["row"].total, r["row"].first_places, f"{float(r['row'].combined):.2f}"]
        rows.append(row)
    rows.append([])
    rows.append(
        [_("Ballots per group")]
        + [f"{label}: {results.counts.get(g, 0)}" for g, label in results.groups]
    )
    return rows


@require_GET
def round_csv(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = round_for_user(request.user, slug)
    if not (round_.published_at or access.is_coordinator(request.user)):
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{round_.slug}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    for row in csv_rows(queries.round_results(round_)):
        writer.writerow(row)
    return response


# ---- expert finder and own profile ----------------------------------------------------------


def expert_search(
    data: dict[str, Any], user: Any, *, limit: int = 30
) -> list[matching.ExpertSuggestion]:
    """Find people by topic, method, SSIF code, area and words (shared by the page and the API)."""
    topic_ids = [t.pk for t in (data.get("topic"), data.get("method")) if t]
    area_ids = [data["area"].pk] if data.get("area") else []
    text = data.get("q") or ""
    query = matching.query_for_text(text, topic_ids=topic_ids, area_ids=area_ids, loose=True)
    if data.get("code"):
        query = matching.MatchQuery(
            **{**query.__dict__, "subject_codes": query.subject_codes | {data["code"].code}}
        )
    eligible = bool(data.get("researchers_only"))
    found = matching.suggest_experts(query, user, limit=limit, eligible_only=eligible)
    if text and not (topic_ids or area_ids or data.get("code")):
        # Words alone also find people by name, title or presentation.
        named = Person.objects.visible_to(user)
        for word in text.split()[:5]:
            named = named.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(title__icontains=word)
                | Q(bio__icontains=word)
            )
        known = {s.person.pk for s in found}
        extra = [p for p in named[:limit] if p.pk not in known]
        roles = matching._roles_by_person([p.pk for p in extra])
        for person in extra:
            held = roles.get(person.pk, set())
            if eligible and not held & matching.RESEARCH_ROLES:
                continue
            found.append(
                matching.ExpertSuggestion(
                    person=person, score=0.0, reasons=[_("Name, title or presentation matches")]
                )
            )
    return found[:limit]


@access.staff_required
@require_GET
def experts(request: HttpRequest) -> HttpResponse:
    form = ExpertSearchForm(request.GET or None)
    results: list[matching.ExpertSuggestion] = []
    searched = False
    if form.is_valid() and any(
        form.cleaned_data.get(k) for k in ("q", "topic", "method", "code", "area")
    ):
        searched = True
        results = expert_search(form.cleaned_data, request.user)
    ids = [s.person.pk for s in results]
    items = matching.profile_items(ids, request.user)
    affiliations: dict[int, list[Affiliation]] = {}
    for a in Affiliation.objects.current().filter(person_id__in=ids).select_related("organisation"):
        affiliations.setdefault(a.person_id, []).append(a)
    rows = [
        {
            "s": s,
            "items": items.get(s.person.pk, []),
            "affiliations": affiliations.get(s.person.pk, []),
        }
        for s in results
    ]
    return render(
        request, "questions/experts.html", {"form": form, "rows": rows, "searched": searched}
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request: HttpRequest) -> HttpResponse:
    """Edit your own expertise, methods, SSIF codes and ORCID iD (your profile is yours to edit)."""
    user = current_user(request)
    person = person_of(user)
    if person is not None:
        topics = person.topics.all()
        initial = {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "title": person.title,
            "orcid": person.orcid,
            "bio": person.bio,
            "topics": topics.exclude(kind=Topic.Kind.METHOD),
            "methods": topics.filter(kind=Topic.Kind.METHOD),
            "subject_codes": person.subject_codes.all(),
            "visibility": person.visibility,
        }
    else:
        initial = {
            "given_name": user.first_name,
            "family_name": user.last_name,
            "visibility": "internal",
        }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = [*data.pop("topics"), *data.pop("methods")]
        try:
            person = person_save(person=person, topics=chosen, **data)
            if person.user_id is None:
                person.user = user
                person.save(update_fields=["user"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("questions:my_profile")
    status = 400 if form.errors else 200
    return render(
        request, "questions/my_profile.html", {"form": form, "person": person}, status=status
    )
