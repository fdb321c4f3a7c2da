"""Pages of the R&D portfolio: projects, staff on loan, PhD students, collaboration with education."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bryggan.core import access
from bryggan.core.cache import cached_fragment, public_page
from bryggan.core.forms import apply_validation_error
from bryggan.people.models import User
from bryggan.portfolio import queries, services
from bryggan.portfolio.access import (
    can_manage_phd,
    can_manage_project,
    phd_for_manager,
    phd_for_user,
    project_for_manager,
    project_for_user,
)
from bryggan.portfolio.forms import (
    EducationActivityForm,
    EducationFilterForm,
    EvaluationPointForm,
    EvaluationRecordForm,
    EventLinkForm,
    FundingForm,
    LoanFilterForm,
    LoanForm,
    MilestonesForm,
    ParticipantEndForm,
    ParticipantForm,
    PhdStudentForm,
    ProjectFilterForm,
    ProjectForm,
    StatusForm,
    SupervisorForm,
)
from bryggan.portfolio.models import (
    EducationActivity,
    EvaluationPoint,
    Funding,
    Milestone,
    Participation,
    PhdStudent,
    StaffLoan,
)

PAGE_SIZE = 30


def current_user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    heading: str,
    back: Any,
    status: int = 200,
    intro: str = "",
) -> HttpResponse:
    if isinstance(back, str):
        back_url, back_label = back, _("Collaboration with education")
    else:
        back_url, back_label = back.get_absolute_url(), str(back)
    return render(
        request,
        "portfolio/simple_form.html",
        {
            "form": form,
            "heading": heading,
            "back_url": back_url,
            "back_label": back_label,
            "intro": intro,
        },
        status=status,
    )


# ---- projects -------------------------------------------------------------------------------


@require_GET
@public_page
def project_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.copy()
    page_number = query.pop("page", [""])[-1]

    def build() -> str:
        form = ProjectFilterForm(request.GET or None)
        projects: Any = queries.visible_projects(request.user).active()
        if form.is_valid():
            projects = queries.project_filter(projects, **form.cleaned_data)
        page = Paginator(queries.with_list_data(projects), PAGE_SIZE).get_page(page_number)
        context = {
            "form": form,
            "page": page,
            "rows": queries.annotate_rows(page, request.user),
            "query": query.urlencode(),
        }
        return mark_safe(render_to_string("portfolio/_project_list_body.html", context))

    # Everyone who may see the same projects gets the same list: its HTML is kept until any
    # content changes (core.cache bumps the version on every write).
    key = f"portfolio-list:{queries.audience_key(request.user)}:{request.GET.urlencode()}"
    return render(
        request,
        "portfolio/project_list.html",
        {"body": cached_fragment(key, build), "can_create": access.is_coordinator(request.user)},
    )


@require_GET
@public_page
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    project = project_for_user(user, slug)
    participations = list(
        project.participations.filter(archived=False).select_related("person", "organisation")
    )
    shown_people = {p.pk for p in access.filter_visible([p.person for p in participations], user)}
    if user.is_authenticated:
        shown_people |= {p.person_id for p in participations if p.person.user_id == user.pk}
    participants = sorted(
        (p for p in participations if p.person_id in shown_people),
        key=lambda p: (p.role_order, p.person.family_name, p.person.given_name),
    )
    fundings = list(project.fundings.filter(archived=False).select_related("funder"))
    events = list(
        project.events.visible_to(user).order_by("start")  # type: ignore[attr-defined]
    )
    staff = access.is_partnership_staff(user)
    manage = can_manage_project(user, project)
    loans = (
        list(project.staff_loans.filter(archived=False).select_related("municipality", "person"))
        if staff
        else []
    )
    return render(
        request,
        "portfolio/project_detail.html",
        {
            "project": project,
            "participants": participants,
            "hidden_participants": len(participations) - len(participants),
            "fundings": fundings,
            "funding": queries.funding_summary(fundings),
            "loans": loans,
            "show_loans": staff,
            "evaluation_points": project.evaluation_points.filter(archived=False).select_related(
                "researcher"
            ),
            "history": project.status_changes.all(),
            "events": events,
            "phd_students": PhdStudent.objects.active()
            .filter(project=project)
            .visible_to(user)
            .select_related("person"),
            "cycle": queries.cycle_path(project, user, events),
            "organisations": project.organisations.all(),
            "areas": project.priority_areas.all(),
            "topics": project.topics.all(),
            "manage": manage,
            "is_coordinator": access.is_coordinator(user),
            "today": timezone.localdate(),
        },
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_save(user=current_user(request), **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The project was created. Now add participants."))
            return redirect(project)
    return render(request, "portfolio/project_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_manager(request.user, slug)
    initial: dict[str, Any] = {
        name: getattr(project, name)
        for name in (
            "title",
            "short_title",
            "kind",
            "summary",
            "start",
            "end",
            "visibility",
            "partnership",
            "evaluation_plan",
        )
    }
    initial |= {
        "organisations": project.organisations.all(),
        "priority_areas": project.priority_areas.all(),
        "topics": project.topics.all(),
    }
    form = ProjectForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_save(project=project, user=current_user(request), **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The project was saved."))
            return redirect(project)
    return render(request, "portfolio/project_form.html", {"form": form, "project": project})


@login_required
@require_http_methods(["GET", "POST"])
def project_status(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_manager(request.user, slug)
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_status_change(
                project=project, user=current_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The status was changed and kept in the history."))
            return redirect(project)
    return _form_page(
        request,
        form,
        heading=_("Change the status"),
        back=project,
        status=400 if form.errors else 200,
        intro=_("Current status: %(status)s.") % {"status": project.get_status_display()},
    )


@access.coordinator_required
@require_POST
def project_archive(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_user(request.user, slug)
    archive = request.POST.get("action") != "restore"
    services.project_archive(project=project, archived=archive)
    if archive:
        messages.success(request, _("The project was archived; it is kept with all its history."))
    else:
        messages.success(request, _("The project is back in the portfolio."))
    return redirect(project)


@login_required
@require_http_methods(["GET", "POST"])
def participant_add(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_manager(request.user, slug)
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_add(project=project, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The participant was added."))
            return redirect(project)
    return _form_page(
        request,
        form,
        heading=_("Add a participant"),
        back=project,
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """End a participation on a date, or take it off the page (archived, never deleted)."""
    project = project_for_manager(request.user, slug)
    participation = get_object_or_404(
        Participation.objects.select_related("person"), pk=pk, project=project
    )
    if request.method == "POST" and request.POST.get("action") == "archive":
        services.participation_archive(participation=participation)
        messages.success(
            request,
            _("%(person)s was taken off the project; the record is kept.")
            % {"person": participation.person.full_name},
        )
        return redirect(project)
    form = ParticipantEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_end(participation=participation, on=form.cleaned_data["on"])
        except ValidationError as error:
            form.add_error("on", error.messages[0])
        else:
            messages.success(request, _("The participation was ended."))
            return redirect(project)
    return render(
        request,
        "portfolio/participant_end.html",
        {"form": form, "project": project, "participation": participation},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def funding_add(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_manager(request.user, slug)
    form = FundingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.funding_add(project=project, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The funding was added."))
            return redirect(project)
    return _form_page(
        request,
        form,
        heading=_("Add funding"),
        back=project,
        status=400 if form.errors else 200,
        intro=_("One row per funder, grant and year."),
    )


@login_required
@require_POST
def funding_archive(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_for_manager(request.user, slug)
    funding = get_object_or_404(Funding, pk=pk, project=project)
    services.funding_archive(funding=funding)
    messages.success(request, _("The funding row was archived; it no longer counts in totals."))
    return redirect(project)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_add(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_manager(request.user, slug)
    form = EvaluationPointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_point_add(project=project, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The evaluation point was added."))
            return redirect(project)
    return _form_page(
        request,
        form,
        heading=_("Plan an evaluation point"),
        back=project,
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_for_manager(request.user, slug)
    point = get_object_or_404(EvaluationPoint, pk=pk, project=project)
    form = EvaluationRecordForm(
        request.POST or None, initial={"held": point.held, "outcome": point.outcome}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_point_record(point=point, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The evaluation was recorded."))
            return redirect(project)
    return _form_page(
        request,
        form,
        heading=_("Record the evaluation: %(title)s") % {"title": point.title},
        back=project,
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_link(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_manager(request.user, slug)
    if request.method == "POST" and request.POST.get("action") == "remove":
        event = get_object_or_404(project.events.all(), pk=request.POST.get("event") or 0)
        services.project_event_unlink(project=project, event=event)
        messages.success(request, _("The event is no longer an output of the project."))
        return redirect(project)
    form = EventLinkForm(request.POST or None, project=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.project_event_link(project=project, event=form.cleaned_data["event"])
        messages.success(request, _("The event was added to the project's outputs."))
        return redirect(project)
    return _form_page(
        request,
        form,
        heading=_("Add a seminar or other event as an output"),
        back=project,
        status=400 if form.errors else 200,
    )


# ---- staff on loan --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def loan_add(request: HttpRequest, slug: str) -> HttpResponse:
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    project = project_for_user(request.user, slug)
    form = LoanForm(request.POST or None, initial={"start": project.start, "end": project.end})
    if request.method == "POST" and form.is_valid():
        try:
            services.loan_add(project=project, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The staff loan was added."))
            return redirect(project)
    return _form_page(
        request,
        form,
        heading=_("Staff on loan to %(project)s") % {"project": project.title},
        back=project,
        status=400 if form.errors else 200,
        intro=_("A person can be lent for at most full time (100%) at any one time."),
    )


@access.coordinator_required
@require_POST
def loan_archive(request: HttpRequest, pk: int) -> HttpResponse:
    loan = get_object_or_404(StaffLoan.objects.select_related("project"), pk=pk)
    project_for_user(request.user, loan.project.slug)
    services.loan_archive(loan=loan)
    messages.success(request, _("The loan was archived; it no longer counts in the totals."))
    return redirect(loan.project)


@access.staff_required
@require_GET
def loans(request: HttpRequest) -> HttpResponse:
    form = LoanFilterForm(request.GET or None)
    year = municipality = None
    if form.is_valid():
        year = form.cleaned_data["year"]
        municipality = form.cleaned_data["municipality"]
    visible = queries.visible_projects(request.user)
    totals = queries.loan_totals(
        request.user, years=[year] if year else None, projects=visible, municipality=municipality
    )
    rows = (
        StaffLoan.objects.filter(archived=False, project__in=visible)
        .select_related("municipality", "person", "project")
        .order_by("municipality__name_sv", "start")
    )
    if year:
        rows = rows.filter(start__year__lte=year, end__year__gte=year)
    if municipality:
        rows = rows.filter(municipality=municipality)
    return render(
        request, "portfolio/loans.html", {"form": form, "totals": totals, "loans": rows[:500]}
    )


# ---- practitioner PhD students --------------------------------------------------------------


@require_GET
@public_page
def research_schools(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portfolio/research_schools.html",
        {
            "schools": queries.research_schools(request.user),
            "can_create": access.is_coordinator(request.user),
        },
    )


@require_GET
@public_page
def retention(request: HttpRequest) -> HttpResponse:
    return render(request, "portfolio/retention.html", {"r": queries.retention(request.user)})


@require_GET
@public_page
def phd_detail(request: HttpRequest, slug: str) -> HttpResponse:
    phd = phd_for_user(request.user, slug)
    queries.milestone_table([phd])
    project = phd.project
    if project is not None and not access.can_view(request.user, project):
        project = None
    return render(
        request,
        "portfolio/phd_detail.html",
        {
            "phd": phd,
            "supervisions": phd.supervisions.select_related("person"),
            "project": project,
            "manage": can_manage_phd(request.user, phd),
            "is_coordinator": access.is_coordinator(request.user),
            "supervisor_form": SupervisorForm(),
            "areas": phd.priority_areas.all(),
            "topics": phd.topics.all(),
        },
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def phd_create(request: HttpRequest) -> HttpResponse:
    form = PhdStudentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            phd = services.phd_student_save(**form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The PhD student was added. Now plan the milestones."))
            return redirect("portfolio:milestones", slug=phd.slug)
    return render(request, "portfolio/phd_form.html", {"form": form})


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def phd_edit(request: HttpRequest, slug: str) -> HttpResponse:
    phd = phd_for_user(request.user, slug)
    initial: dict[str, Any] = {
        name: getattr(phd, name)
        for name in (
            "person",
            "topic",
            "programme",
            "research_school",
            "university",
            "employer",
            "project",
            "after_defence",
            "role_after",
            "visibility",
        )
    }
    initial |= {"priority_areas": phd.priority_areas.all(), "topics": phd.topics.all()}
    form = PhdStudentForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.phd_student_save(phd=phd, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The PhD student's details were saved."))
            return redirect(phd)
    return render(request, "portfolio/phd_form.html", {"form": form, "phd": phd})


@login_required
@require_http_methods(["GET", "POST"])
def milestones(request: HttpRequest, slug: str) -> HttpResponse:
    phd = phd_for_manager(request.user, slug)
    existing = list(phd.milestones.all())
    form = MilestonesForm(request.POST or None, milestones=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestones_save(phd=phd, dates=form.dates())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The milestones were saved."))
            return redirect(phd)
    return render(
        request,
        "portfolio/milestones_form.html",
        {"form": form, "phd": phd, "kinds": Milestone.Kind},
        status=400 if form.errors else 200,
    )


@access.coordinator_required
@require_POST
def supervisor_add(request: HttpRequest, slug: str) -> HttpResponse:
    phd = phd_for_user(request.user, slug)
    form = SupervisorForm(request.POST)
    if form.is_valid():
        try:
            services.supervision_add(phd=phd, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The supervisor was added."))
            return redirect(phd)
    return _form_page(request, form, heading=_("Add a supervisor"), back=phd, status=400)


# ---- collaboration with education -----------------------------------------------------------


@access.staff_required
@require_GET
def education(request: HttpRequest) -> HttpResponse:
    form = EducationFilterForm(request.GET or None)
    activities = EducationActivity.objects.active()
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            activities = activities.filter(kind=data["kind"])
        if data["unit"]:
            activities = activities.filter(unit=data["unit"])
        if data["year"]:
            activities = activities.filter(year=data["year"])
    rows = activities.select_related("unit", "person", "supervisor", "university")
    return render(
        request,
        "portfolio/education.html",
        {
            "form": form,
            "counts": queries.education_counts(activities),
            "activities": rows[:500],
            "can_add": access.is_coordinator(request.user),
        },
    )


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def education_add(request: HttpRequest) -> HttpResponse:
    form = EducationActivityForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        try:
            services.education_activity_add(**form.activity_fields())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The collaboration with education was recorded."))
            return redirect("portfolio:education")
    return _form_page(
        request,
        form,
        heading=_("Record collaboration with education"),
        back=reverse("portfolio:education"),
        status=400 if form.errors else 200,
    )


@access.coordinator_required
@require_POST
def education_archive(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(EducationActivity, pk=pk)
    services.education_activity_archive(activity=activity)
    messages.success(request, _("The row was archived; it no longer counts."))
    return redirect("portfolio:education")
