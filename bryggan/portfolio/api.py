"""JSON API of the R&D portfolio under /api/v1/portfolio/, with the same rules as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from bryggan.api.auth import WRITE
from bryggan.arenas.models import Event
from bryggan.core import access
from bryggan.core.models import Visibility
from bryggan.cycle.queries import linked
from bryggan.governance.models import Partnership
from bryggan.people.models import Organisation, Person
from bryggan.portfolio import queries, services
from bryggan.portfolio.access import (
    can_manage_phd,
    can_manage_project,
    phd_for_user,
    project_for_user,
)
from bryggan.portfolio.models import (
    EducationActivity,
    Funding,
    Milestone,
    Participation,
    PhdStudent,
    Project,
    StaffLoan,
)
from bryggan.taxonomy.models import PriorityArea, Topic

router = Router(tags=["R&D portfolio"])


# ---- schemas --------------------------------------------------------------------------------


class ProjectOut(Schema):
    slug: str
    title: str
    short_title: str
    kind: str
    status: str
    start: date | None
    end: date | None
    audience: str = Field(..., alias="visibility")
    partnership: str | None = Field(None, alias="partnership.slug")
    priority_areas: list[str]
    funders: list[str]
    archived: bool
    url: str = Field(..., alias="get_absolute_url")

    @staticmethod
    def resolve_priority_areas(obj: Project) -> list[str]:
        return [a.slug for a in obj.priority_areas.all()]

    @staticmethod
    def resolve_funders(obj: Project) -> list[str]:
        fundings = getattr(obj, "active_fundings", None)
        if fundings is None:
            fundings = obj.fundings.filter(archived=False).select_related("funder")
        return sorted({f.funder.slug for f in fundings})


class ParticipantOut(Schema):
    id: int
    person: str
    name: str
    role: str
    organisation: str | None
    start: date | None
    end: date | None


class FundingOut(Schema):
    id: int
    funder: str
    funder_name: str
    grant: str
    year: int
    amount: float
    status: str


class LoanOut(Schema):
    id: int
    municipality: str = Field(..., alias="municipality.slug")
    person: str = Field(..., alias="person.slug")
    name: str = Field(..., alias="person.full_name")
    project: str = Field(..., alias="project.slug")
    share: int
    start: date
    end: date
    note: str


class StatusChangeOut(Schema):
    previous: str
    status: str
    on: date
    note: str


class EvaluationPointOut(Schema):
    id: int
    title: str
    planned: date
    held: date | None
    researcher: str | None
    outcome: str


class LinkOut(Schema):
    stage: str
    kind: str
    id: int
    title: str
    url: str


class ProjectDetailOut(Schema):
    slug: str
    title: str
    short_title: str
    kind: str
    status: str
    summary: str
    start: date | None
    end: date | None
    audience: str
    partnership: str | None
    organisations: list[str]
    priority_areas: list[str]
    topics: list[str]
    evaluation_plan: str
    participants: list[ParticipantOut]
    hidden_participants: int
    funding: list[FundingOut]
    granted_total: float
    loans: list[LoanOut]
    evaluation_points: list[EvaluationPointOut]
    status_history: list[StatusChangeOut]
    events: list[int]
    links: list[LinkOut]
    archived: bool
    url: str


class ProjectIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    short_title: str = Field("", max_length=80)
    kind: Project.Kind
    status: Project.Status
    summary: str = ""
    start: date | None = None
    end: date | None = None
    audience: Visibility = Visibility.INTERNAL
    partnership: str | None = None
    organisations: list[str] = []
    priority_areas: list[str] = []
    topics: list[str] = []
    evaluation_plan: str = ""
    status_on: date | None = None
    status_note: str = ""


class ProjectPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=300)
    short_title: str | None = Field(None, max_length=80)
    kind: Project.Kind | None = None
    summary: str | None = None
    start: date | None = None
    end: date | None = None
    audience: Visibility | None = None
    partnership: str | None = None
    organisations: list[str] | None = None
    priority_areas: list[str] | None = None
    topics: list[str] | None = None
    evaluation_plan: str | None = None


class StatusIn(Schema):
    status: Project.Status
    on: date | None = None
    note: str = ""


class ParticipantIn(Schema):
    person: str
    role: Participation.Role
    organisation: str | None = None
    start: date | None = None
    end: date | None = None


class FundingIn(Schema):
    funder: str
    year: int = Field(..., ge=1990, le=2100)
    amount: Decimal
    grant: str = Field("", max_length=120)
    status: Funding.Status = Funding.Status.GRANTED


class EvaluationPointIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    planned: date
    researcher: str | None = None
    held: date | None = None
    outcome: str = ""


class EventLinkIn(Schema):
    event: int


class LoanIn(Schema):
    municipality: str
    person: str
    project: str
    share: int
    start: date
    end: date
    note: str = Field("", max_length=300)


class LoanTotalOut(Schema):
    municipality: str
    year: int
    fte: float
    people: int


class MilestoneOut(Schema):
    kind: str
    planned: date | None
    actual: date | None
    note: str


class SupervisorOut(Schema):
    person: str = Field(..., alias="person.slug")
    name: str = Field(..., alias="person.full_name")
    role: str


class PhdOut(Schema):
    slug: str
    person: str = Field(..., alias="person.slug")
    name: str = Field(..., alias="person.full_name")
    topic: str
    programme: str
    research_school: str | None = Field(None, alias="research_school.slug")
    university: str = Field(..., alias="university.slug")
    employer: str | None = Field(None, alias="employer.slug")
    project: str | None
    after_defence: str
    role_after: str
    audience: str = Field(..., alias="visibility")
    supervisors: list[SupervisorOut]
    milestones: list[MilestoneOut]
    url: str = Field(..., alias="get_absolute_url")

    @staticmethod
    def resolve_project(obj: PhdStudent, context: Any) -> str | None:
        project = obj.project
        if project is None or not access.can_view(context["request"].user, project):
            return None
        return project.slug

    @staticmethod
    def resolve_supervisors(obj: PhdStudent) -> list:
        return list(obj.supervisions.all())

    @staticmethod
    def resolve_milestones(obj: PhdStudent) -> list:
        by_kind = {m.kind: m for m in obj.milestones.all()}
        return [by_kind[k] for k in Milestone.ORDER if k in by_kind]


class PhdIn(Schema):
    person: str
    topic: str = Field(..., min_length=1, max_length=300)
    programme: str = Field(..., min_length=1, max_length=200)
    research_school: str | None = None
    university: str
    employer: str | None = None
    project: str | None = None
    after_defence: PhdStudent.AfterDefence = PhdStudent.AfterDefence.UNDECIDED
    role_after: str = Field("", max_length=200)
    audience: Visibility = Visibility.PUBLIC
    priority_areas: list[str] = []
    topics: list[str] = []
    start_planned: date | None = None


class PhdPatch(Schema):
    topic: str | None = Field(None, min_length=1, max_length=300)
    after_defence: PhdStudent.AfterDefence | None = None
    role_after: str | None = Field(None, max_length=200)
    audience: Visibility | None = None


class MilestoneIn(Schema):
    kind: Milestone.Kind
    planned: date | None = None
    actual: date | None = None
    note: str = Field("", max_length=300)


class RetentionOut(Schema):
    defended: int
    retained: int
    rate: int | None
    by_outcome: dict[str, int]


class EducationOut(Schema):
    id: int
    kind: str
    year: int
    season: int
    term: str = Field(..., alias="term_label")
    unit: str = Field(..., alias="unit.slug")
    person: str | None = Field(None, alias="person.slug")
    student_name: str
    supervisor: str | None = Field(None, alias="supervisor.slug")
    university: str | None = Field(None, alias="university.slug")
    course: str
    hours: float | None
    start: date | None
    end: date | None
    note: str


class EducationIn(Schema):
    kind: EducationActivity.Kind
    year: int
    season: EducationActivity.Season
    unit: str
    person: str | None = None
    student_name: str = Field("", max_length=200)
    supervisor: str | None = None
    university: str | None = None
    course: str = Field("", max_length=200)
    hours: Decimal | None = None
    start: date | None = None
    end: date | None = None
    note: str = Field("", max_length=300)


class EducationCountOut(Schema):
    unit: str
    year: int
    season: int
    field_placement: int
    teaching: int
    hours: float
    researcher_placement: int
    masters: int


# ---- helpers --------------------------------------------------------------------------------


def _error(error: ValidationError) -> HttpError:
    if hasattr(error, "error_dict"):
        return HttpError(422, "; ".join(m for msgs in error.message_dict.values() for m in msgs))
    return HttpError(422, "; ".join(error.messages))


def _lookup(model: Any, slug: str | None, what: str) -> Any:
    if not slug:
        return None
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise HttpError(422, _("Unknown %(what)s: %(slug)s") % {"what": what, "slug": slug})
    return found


def _person(slug: str | None) -> Person | None:
    return _lookup(Person, slug, _("person"))


def _org(slug: str | None) -> Organisation | None:
    return _lookup(Organisation, slug, _("organisation"))


def _project(request: HttpRequest, slug: str, *, manage: bool = False) -> Project:
    try:
        project = project_for_user(request.user, slug)
    except Http404 as error:
        raise HttpError(404, _("Not found.")) from error
    if manage and not can_manage_project(request.user, project):
        raise HttpError(403, _("Only R&D coordinators and the project's leaders may change it."))
    return project


def _phd(request: HttpRequest, slug: str) -> PhdStudent:
    try:
        return phd_for_user(request.user, slug)
    except Http404 as error:
        raise HttpError(404, _("Not found.")) from error


def _require_coordinator(request: HttpRequest) -> None:
    if not access.is_coordinator(request.user):
        raise HttpError(403, _("Only R&D coordinators may do this."))


def _require_staff(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise HttpError(401, _("Log in or send a valid API token (Authorization: Bearer …)."))
    if not access.is_partnership_staff(request.user):
        raise HttpError(403, _("Only partnership staff may see this."))


def _detail(project: Project, user: Any) -> dict[str, Any]:
    participations = list(
        project.participations.filter(archived=False).select_related("person", "organisation")
    )
    shown = {p.pk for p in access.filter_visible([p.person for p in participations], user)}
    if user.is_authenticated:
        shown |= {p.person_id for p in participations if p.person.user_id == user.pk}
    fundings = list(project.fundings.filter(archived=False).select_related("funder"))
    loans = (
        list(project.staff_loans.filter(archived=False).select_related("municipality", "person"))
        if access.is_partnership_staff(user)
        else []
    )
    return {
        "slug": project.slug,
        "title": project.title,
        "short_title": project.short_title,
        "kind": project.kind,
        "status": project.status,
        "summary": project.summary,
        "start": project.start,
        "end": project.end,
        "audience": project.visibility,
        "partnership": project.partnership.slug if project.partnership else None,
        "organisations": [o.slug for o in project.organisations.all()],
        "priority_areas": [a.slug for a in project.priority_areas.all()],
        "topics": [t.slug for t in project.topics.all()],
        "evaluation_plan": project.evaluation_plan,
        "participants": [
            {
                "id": p.pk,
                "person": p.person.slug,
                "name": p.person.full_name,
                "role": p.role,
                "organisation": p.organisation.slug if p.organisation else None,
                "start": p.start,
                "end": p.end,
            }
            for p in participations
            if p.person_id in shown
        ],
        "hidden_participants": len([p for p in participations if p.person_id not in shown]),
        "funding": [
            {
                "id": f.pk,
                "funder": f.funder.slug,
                "funder_name": f.funder.name,
                "grant": f.grant,
                "year": f.year,
                "amount": float(f.amount),
                "status": f.status,
            }
            for f in fundings
        ],
        "granted_total": float(queries.funding_summary(fundings)["granted"]),
        "loans": loans,
        "evaluation_points": [
            {
                "id": e.pk,
                "title": e.title,
                "planned": e.planned,
                "held": e.held,
                "researcher": e.researcher.slug if e.researcher else None,
                "outcome": e.outcome,
            }
            for e in project.evaluation_points.filter(archived=False).select_related("researcher")
        ],
        "status_history": list(project.status_changes.all()),
        "events": list(
            project.events.visible_to(user).values_list("pk", flat=True)  # type: ignore[attr-defined]
        ),
        "links": [
            {
                "stage": g["stage"],
                "kind": r._meta.label_lower,
                "id": r.pk,
                "title": str(r),
                "url": r.get_absolute_url(),
            }
            for g in linked(project, user)
            for r in g["records"]
        ],
        "archived": project.archived,
        "url": project.get_absolute_url(),
    }


# ---- projects -------------------------------------------------------------------------------


@router.get("/portfolio/projects", response=list[ProjectOut])
@paginate
def project_list(
    request: HttpRequest,
    status: str = "",
    kind: str = "",
    area: str = "",
    funder: str = "",
    partnership: str = "",
    q: str = "",
    archived: bool = False,
):
    """List the projects and applications the caller may see, with the filters of the list page."""
    area_obj = PriorityArea.objects.filter(slug=area).first() if area else None
    funder_obj = Organisation.objects.filter(slug=funder).first() if funder else None
    partnership_obj = Partnership.objects.filter(slug=partnership).first() if partnership else None
    if (
        (area and area_obj is None)
        or (funder and funder_obj is None)
        or (partnership and partnership_obj is None)
    ):
        return Project.objects.none()
    projects = queries.project_filter(
        queries.visible_projects(request.user).filter(archived=archived),
        status=status,
        kind=kind,
        area=area_obj,
        funder=funder_obj,
        partnership=partnership_obj,
        q=q,
    )
    return queries.with_list_data(projects)


@router.get("/portfolio/projects/{slug}", response=ProjectDetailOut)
def project_get(request: HttpRequest, slug: str):
    """A project with its participants, funding, evaluation, outputs and history."""
    return _detail(_project(request, slug), request.user)


@router.post("/portfolio/projects", response={201: ProjectDetailOut}, auth=WRITE)
def project_create(request: HttpRequest, payload: ProjectIn):
    """Create a project or joint application (R&D coordinators)."""
    _require_coordinator(request)
    data = payload.dict()
    try:
        project = services.project_save(
            user=request.user,  # type: ignore[arg-type]
            status=data["status"],
            status_note=data["status_note"],
            status_on=data["status_on"],
            organisations=Organisation.objects.filter(slug__in=data["organisations"]),
            priority_areas=PriorityArea.objects.filter(slug__in=data["priority_areas"]),
            topics=Topic.objects.filter(slug__in=data["topics"]),
            title=data["title"],
            short_title=data["short_title"],
            kind=data["kind"],
            summary=data["summary"],
            start=data["start"],
            end=data["end"],
            visibility=data["audience"],
            partnership=_lookup(Partnership, data["partnership"], _("partnership")),
            evaluation_plan=data["evaluation_plan"],
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, _detail(project, request.user))


@router.patch("/portfolio/projects/{slug}", response=ProjectDetailOut, auth=WRITE)
def project_update(request: HttpRequest, slug: str, payload: ProjectPatch):
    """Change a project's details (coordinators and the project's leaders)."""
    project = _project(request, slug, manage=True)
    data = payload.dict(exclude_unset=True)
    fields: dict[str, Any] = {}
    for name in ("title", "short_title", "kind", "summary", "start", "end", "evaluation_plan"):
        if name in data:
            fields[name] = data[name] if data[name] is not None or name in ("start", "end") else ""
    if "audience" in data and data["audience"] is not None:
        fields["visibility"] = data["audience"]
    if "partnership" in data:
        fields["partnership"] = _lookup(Partnership, data["partnership"], _("partnership"))
    tags: dict[str, Any] = {}
    if data.get("organisations") is not None:
        tags["organisations"] = Organisation.objects.filter(slug__in=data["organisations"])
    if data.get("priority_areas") is not None:
        tags["priority_areas"] = PriorityArea.objects.filter(slug__in=data["priority_areas"])
    if data.get("topics") is not None:
        tags["topics"] = Topic.objects.filter(slug__in=data["topics"])
    try:
        services.project_save(project=project, user=request.user, **tags, **fields)  # type: ignore[arg-type]
    except ValidationError as error:
        raise _error(error) from error
    return _detail(Project.objects.get(pk=project.pk), request.user)


@router.post("/portfolio/projects/{slug}/status", response=ProjectDetailOut, auth=WRITE)
def project_status(request: HttpRequest, slug: str, payload: StatusIn):
    """Move a project to a new status; the step is kept in its history."""
    project = _project(request, slug, manage=True)
    try:
        services.project_status_change(
            project=project,
            status=payload.status,
            on=payload.on,
            note=payload.note,
            user=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        raise _error(error) from error
    return _detail(Project.objects.get(pk=project.pk), request.user)


@router.post("/portfolio/projects/{slug}/archive", response=ProjectDetailOut, auth=WRITE)
def project_archive(request: HttpRequest, slug: str, restore: bool = False):
    """Archive a project (or restore it with restore=true); nothing is deleted."""
    _require_coordinator(request)
    project = _project(request, slug)
    services.project_archive(project=project, archived=not restore)
    return _detail(project, request.user)


@router.post("/portfolio/projects/{slug}/participants", response={201: ParticipantOut}, auth=WRITE)
def participant_add(request: HttpRequest, slug: str, payload: ParticipantIn):
    project = _project(request, slug, manage=True)
    person = _person(payload.person)
    try:
        p = services.participation_add(
            project=project,
            person=person,  # type: ignore[arg-type]
            role=payload.role,
            organisation=_org(payload.organisation),
            start=payload.start,
            end=payload.end,
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(
        201,
        {
            "id": p.pk,
            "person": p.person.slug,
            "name": p.person.full_name,
            "role": p.role,
            "organisation": p.organisation.slug if p.organisation else None,
            "start": p.start,
            "end": p.end,
        },
    )


@router.post("/portfolio/projects/{slug}/participants/{pk}/archive", response=dict, auth=WRITE)
def participant_archive(request: HttpRequest, slug: str, pk: int):
    """Take a participant off the project (archived, never deleted)."""
    project = _project(request, slug, manage=True)
    participation = Participation.objects.filter(project=project, pk=pk).first()
    if participation is None:
        raise HttpError(404, _("Not found."))
    services.participation_archive(participation=participation)
    return {"archived": True}


@router.post("/portfolio/projects/{slug}/funding", response={201: FundingOut}, auth=WRITE)
def funding_add(request: HttpRequest, slug: str, payload: FundingIn):
    """Record an amount from a funder for one year (negative amounts are refused)."""
    project = _project(request, slug, manage=True)
    funder = _org(payload.funder)
    try:
        f = services.funding_add(
            project=project,
            funder=funder,  # type: ignore[arg-type]
            year=payload.year,
            amount=payload.amount,
            grant=payload.grant,
            status=payload.status,
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(
        201,
        {
            "id": f.pk,
            "funder": f.funder.slug,
            "funder_name": f.funder.name,
            "grant": f.grant,
            "year": f.year,
            "amount": float(f.amount),
            "status": f.status,
        },
    )


@router.post("/portfolio/projects/{slug}/funding/{pk}/archive", response=dict, auth=WRITE)
def funding_archive(request: HttpRequest, slug: str, pk: int):
    project = _project(request, slug, manage=True)
    funding = Funding.objects.filter(project=project, pk=pk).first()
    if funding is None:
        raise HttpError(404, _("Not found."))
    services.funding_archive(funding=funding)
    return {"archived": True}


@router.post(
    "/portfolio/projects/{slug}/evaluation-points",
    response={201: EvaluationPointOut},
    auth=WRITE,
)
def evaluation_point_add(request: HttpRequest, slug: str, payload: EvaluationPointIn):
    project = _project(request, slug, manage=True)
    try:
        e = services.evaluation_point_add(
            project=project,
            title=payload.title,
            planned=payload.planned,
            held=payload.held,
            researcher=_person(payload.researcher),
            outcome=payload.outcome,
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(
        201,
        {
            "id": e.pk,
            "title": e.title,
            "planned": e.planned,
            "held": e.held,
            "researcher": e.researcher.slug if e.researcher else None,
            "outcome": e.outcome,
        },
    )


@router.post("/portfolio/projects/{slug}/events", response={201: dict}, auth=WRITE)
def event_link(request: HttpRequest, slug: str, payload: EventLinkIn):
    """Record an event of the learning arenas as an output of the project."""
    project = _project(request, slug, manage=True)
    event = Event.objects.visible_to(request.user).filter(pk=payload.event).first()
    if event is None:
        raise HttpError(422, _("Unknown event: %(id)s") % {"id": payload.event})
    services.project_event_link(project=project, event=event)
    return Status(201, {"linked": True})


@router.delete("/portfolio/projects/{slug}/events/{event_id}", response=dict, auth=WRITE)
def event_unlink(request: HttpRequest, slug: str, event_id: int):
    project = _project(request, slug, manage=True)
    event = project.events.filter(pk=event_id).first()
    if event is None:
        raise HttpError(404, _("Not found."))
    services.project_event_unlink(project=project, event=event)
    return {"linked": False}


# ---- staff on loan --------------------------------------------------------------------------


def _loans(request: HttpRequest):
    return StaffLoan.objects.filter(
        archived=False, project__in=queries.visible_projects(request.user)
    ).select_related("municipality", "person", "project")


@router.get("/portfolio/loans", response=list[LoanOut])
@paginate
def loan_list(request: HttpRequest, year: int | None = None, municipality: str = ""):
    """Staff on loan to projects the caller may see (partnership staff)."""
    _require_staff(request)
    rows = _loans(request)
    if year:
        rows = rows.filter(start__year__lte=year, end__year__gte=year)
    if municipality:
        rows = rows.filter(municipality__slug=municipality)
    return rows.order_by("municipality__name_sv", "start", "pk")


@router.get("/portfolio/loans/totals", response=list[LoanTotalOut])
def loan_total_list(request: HttpRequest, year: int | None = None):
    """Full-time equivalents lent per municipality and year (partnership staff)."""
    _require_staff(request)
    totals = queries.loan_totals(request.user, years=[year] if year else None)
    return [
        {
            "municipality": row["municipality"].slug,
            "year": cell["year"],
            "fte": float(cell["fte"]),
            "people": cell["people"],
        }
        for row in totals["rows"]
        for cell in row["cells"]
        if cell["fte"] is not None
    ]


@router.post("/portfolio/loans", response={201: LoanOut}, auth=WRITE)
def loan_create(request: HttpRequest, payload: LoanIn):
    """Lend a person to a project; refused when it takes them over 100% on any day."""
    _require_coordinator(request)
    project = _project(request, payload.project)
    try:
        loan = services.loan_add(
            municipality=_org(payload.municipality),  # type: ignore[arg-type]
            person=_person(payload.person),  # type: ignore[arg-type]
            project=project,
            share=payload.share,
            start=payload.start,
            end=payload.end,
            note=payload.note,
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, loan)


@router.post("/portfolio/loans/{pk}/archive", response=LoanOut, auth=WRITE)
def loan_archive(request: HttpRequest, pk: int):
    _require_coordinator(request)
    loan = _loans(request).filter(pk=pk).first()
    if loan is None:
        raise HttpError(404, _("Not found."))
    return services.loan_archive(loan=loan)


# ---- PhD students ---------------------------------------------------------------------------


def _phds():
    return PhdStudent.objects.select_related(
        "person", "research_school", "university", "employer", "project"
    ).prefetch_related("supervisions__person", "milestones")


@router.get("/portfolio/phd-students", response=list[PhdOut])
@paginate
def phd_list(request: HttpRequest, research_school: str = ""):
    """Practitioner PhD students the caller may see."""
    rows = _phds().active().visible_to(request.user)
    if research_school:
        rows = rows.filter(research_school__slug=research_school)
    return rows


@router.get("/portfolio/phd-students/retention", response=RetentionOut)
def phd_retention(request: HttpRequest):
    """Of those who defended, how many stayed in social services."""
    r = queries.retention(request.user)
    return {
        "defended": len(r["defended"]),
        "retained": len(r["retained"]),
        "rate": r["rate"],
        "by_outcome": {
            value: next(o["count"] for o in r["by_outcome"] if o["label"] == label)
            for value, label in PhdStudent.AfterDefence.choices
        },
    }


@router.get("/portfolio/phd-students/{slug}", response=PhdOut)
def phd_get(request: HttpRequest, slug: str):
    _phd(request, slug)
    return _phds().get(slug=slug)


@router.post("/portfolio/phd-students", response={201: PhdOut}, auth=WRITE)
def phd_create(request: HttpRequest, payload: PhdIn):
    """Add a practitioner PhD student with the four milestones (R&D coordinators)."""
    _require_coordinator(request)
    project = _project(request, payload.project) if payload.project else None
    try:
        phd = services.phd_student_save(
            person=_person(payload.person),
            topic=payload.topic,
            programme=payload.programme,
            research_school=_org(payload.research_school),
            university=_org(payload.university),
            employer=_org(payload.employer),
            project=project,
            after_defence=payload.after_defence,
            role_after=payload.role_after,
            visibility=payload.audience,
            priority_areas=PriorityArea.objects.filter(slug__in=payload.priority_areas),
            topics=Topic.objects.filter(slug__in=payload.topics),
            start_planned=payload.start_planned,
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, _phds().get(pk=phd.pk))


@router.patch("/portfolio/phd-students/{slug}", response=PhdOut, auth=WRITE)
def phd_update(request: HttpRequest, slug: str, payload: PhdPatch):
    """Change the topic, what happened after the defence, or who may see it (coordinators)."""
    _require_coordinator(request)
    phd = _phd(request, slug)
    data = payload.dict(exclude_unset=True)
    fields = {k: v for k, v in data.items() if k != "audience" and v is not None}
    if data.get("audience"):
        fields["visibility"] = data["audience"]
    try:
        services.phd_student_save(phd=phd, **fields)
    except ValidationError as error:
        raise _error(error) from error
    return _phds().get(pk=phd.pk)


@router.put("/portfolio/phd-students/{slug}/milestones", response=list[MilestoneOut], auth=WRITE)
def milestones_put(request: HttpRequest, slug: str, payload: list[MilestoneIn]):
    """Set planned and actual dates of milestones (coordinators, the student, supervisors)."""
    phd = _phd(request, slug)
    if not can_manage_phd(request.user, phd):
        raise HttpError(
            403, _("Only coordinators, the PhD student and the supervisors may do this.")
        )
    dates: dict[str, dict[str, Any]] = {
        str(m.kind): {"planned": m.planned, "actual": m.actual, "note": m.note} for m in payload
    }
    try:
        saved = services.milestones_save(phd=phd, dates=dates)
    except ValidationError as error:
        raise _error(error) from error
    return saved


# ---- collaboration with education -----------------------------------------------------------


@router.get("/portfolio/education", response=list[EducationOut])
@paginate
def education_list(request: HttpRequest, kind: str = "", unit: str = "", year: int | None = None):
    """Field placements, teaching, researchers on placement and master's recruitment (staff)."""
    _require_staff(request)
    rows = EducationActivity.objects.active().select_related(
        "unit", "person", "supervisor", "university"
    )
    if kind:
        rows = rows.filter(kind=kind)
    if unit:
        rows = rows.filter(unit__slug=unit)
    if year:
        rows = rows.filter(year=year)
    return rows


@router.get("/portfolio/education/counts", response=list[EducationCountOut])
def education_count_list(request: HttpRequest, year: int | None = None):
    """Counts per unit and term (partnership staff)."""
    _require_staff(request)
    activities = EducationActivity.objects.active()
    if year:
        activities = activities.filter(year=year)
    counts = queries.education_counts(activities)
    return [
        {
            "unit": row["unit"].slug,
            "year": term["year"],
            "season": term["season"],
            **{k: v for k, v in cell.items() if k != "hours"},
            "hours": float(cell["hours"]),
        }
        for row in counts["rows"]
        for term, cell in zip(counts["terms"], row["cells"], strict=True)
    ]


@router.post("/portfolio/education", response={201: EducationOut}, auth=WRITE)
def education_create(request: HttpRequest, payload: EducationIn):
    """Record collaboration with education (R&D coordinators)."""
    _require_coordinator(request)
    unit = _org(payload.unit)
    try:
        activity = services.education_activity_add(
            kind=payload.kind,
            year=payload.year,
            season=payload.season,
            unit=unit,
            person=_person(payload.person),
            student_name=payload.student_name,
            supervisor=_person(payload.supervisor),
            university=_org(payload.university),
            course=payload.course,
            hours=payload.hours,
            start=payload.start,
            end=payload.end,
            note=payload.note,
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, activity)


@router.post("/portfolio/education/{pk}/archive", response=EducationOut, auth=WRITE)
def education_archive(request: HttpRequest, pk: int):
    _require_coordinator(request)
    activity = EducationActivity.objects.filter(pk=pk).first()
    if activity is None:
        raise HttpError(404, _("Not found."))
    return services.education_activity_archive(activity=activity)
