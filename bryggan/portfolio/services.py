"""Writes for the R&D portfolio: projects, status, participants, funding, evaluation, loans,
PhD students and collaboration with education.

Each function checks everything first and writes inside one transaction, so a refused change
leaves nothing half-saved. Rows are archived, never deleted, so the history stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bryggan.arenas.models import Event
from bryggan.lib.periods import overlaps, peak_load
from bryggan.people.models import Organisation, Person, User
from bryggan.people.services import unique_slug
from bryggan.portfolio.models import (
    EducationActivity,
    EvaluationPoint,
    Funding,
    Milestone,
    Participation,
    PhdStudent,
    Project,
    StaffLoan,
    StatusChange,
    Supervision,
)

K = Organisation.Kind
# Page addresses that a project or PhD student slug must not take.
RESERVED_SLUGS = {"ny", "utlanad-personal", "utlan", "forskarutbildade"}


def _slug(model: Any, text: str) -> str:
    slug = unique_slug(model, text)
    return unique_slug(model, f"{text} 2") if slug in RESERVED_SLUGS else slug


def _day(value: date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "…"


def _period_text(start: date | None, end: date | None) -> str:
    return f"{_day(start)} – {_day(end)}"


def check_period(start: date | None, end: date | None, *, field: str = "end") -> None:
    """Refuse a period that ends before it starts."""
    if start and end and end < start:
        raise ValidationError(
            {
                field: _("The period ends (%(end)s) before it starts (%(start)s).")
                % {"end": _day(end), "start": _day(start)}
            }
        )


def _check_kind(org: Organisation | None, kinds: set[str], field: str, message: str) -> None:
    if org is not None and org.kind not in kinds:
        raise ValidationError({field: message})


# ---- projects -------------------------------------------------------------------------------


PROJECT_FIELDS = {
    "title",
    "short_title",
    "kind",
    "summary",
    "start",
    "end",
    "visibility",
    "partnership",
    "evaluation_plan",
}


@transaction.atomic
def project_save(
    *,
    project: Project | None = None,
    user: User | None = None,
    organisations: Iterable[Organisation] | None = None,
    priority_areas: Iterable[Any] | None = None,
    topics: Iterable[Any] | None = None,
    status: str | None = None,
    status_note: str = "",
    status_on: date | None = None,
    **fields: Any,
) -> Project:
    """Create a project (its first status goes into the history) or change its details."""
    unknown = set(fields) - PROJECT_FIELDS
    if unknown:
        raise TypeError(f"Unknown project fields: {', '.join(sorted(unknown))}")
    creating = project is None
    if project is None:
        if not status:
            raise ValidationError({"status": _("Choose a status.")})
        project = Project(created_by=user, status=status)
    for name, value in fields.items():
        setattr(project, name, value)
    check_period(project.start, project.end)
    if creating:
        project.slug = _slug(Project, project.short_title or project.title)
    project.full_clean(exclude=["slug"] if not creating else None)
    if creating:
        project.save()
        StatusChange.objects.create(
            project=project,
            status=project.status,
            on=status_on or timezone.localdate(),
            note=status_note,
            changed_by=user,
        )
    else:
        project.save(update_fields=[*fields, "updated_at"])
        if status and status != project.status:
            project_status_change(
                project=project, status=status, on=status_on, note=status_note, user=user
            )
    if organisations is not None:
        project.organisations.set(organisations)
    if priority_areas is not None:
        project.priority_areas.set(priority_areas)
    if topics is not None:
        project.topics.set(topics)
    return project


@transaction.atomic
def project_status_change(
    *,
    project: Project,
    status: str,
    on: date | None = None,
    note: str = "",
    user: User | None = None,
) -> StatusChange:
    """Move a project to a new status and keep the step in its history."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if status not in Project.Status.values:
        raise ValidationError({"status": _("Choose one of the statuses in the list.")})
    if status == project.status:
        raise ValidationError(
            {
                "status": _("The project already has the status “%(status)s”.")
                % {"status": project.get_status_display()}
            }
        )
    on = on or timezone.localdate()
    last = project.status_changes.order_by("-on", "-created_at").first()
    if last is not None and on < last.on:
        raise ValidationError(
            {
                "on": _("The date cannot be before the latest status change (%(day)s).")
                % {"day": _day(last.on)}
            }
        )
    change = StatusChange.objects.create(
        project=project,
        previous=project.status,
        status=status,
        on=on,
        note=note,
        changed_by=user,
    )
    project.status = status
    project.save(update_fields=["status", "updated_at"])
    return change


@transaction.atomic
def project_archive(*, project: Project, archived: bool = True) -> Project:
    """Archive a project (or bring it back); it keeps all its history."""
    project.archived = archived
    project.save(update_fields=["archived", "updated_at"])
    return project


@transaction.atomic
def project_event_link(*, project: Project, event: Event) -> None:
    """Record an event of the learning arenas as an output of the project."""
    project.events.add(event)


@transaction.atomic
def project_event_unlink(*, project: Project, event: Event) -> None:
    project.events.remove(event)


# ---- participants ---------------------------------------------------------------------------


@transaction.atomic
def participation_add(
    *,
    project: Project,
    person: Person,
    role: str,
    organisation: Organisation | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Participation:
    """Add a participant; the same person cannot hold the same role twice in overlapping periods."""
    if role not in Participation.Role.values:
        raise ValidationError({"role": _("Choose one of the roles in the list.")})
    check_period(start, end)
    Person.objects.select_for_update().filter(pk=person.pk).first()
    same_role = Participation.objects.filter(
        project=project, person=person, role=role, archived=False
    )
    for other in same_role:
        if overlaps((start, end), (other.start, other.end)):
            raise ValidationError(
                {
                    "person": _(
                        "%(person)s is already %(role)s in this project for an overlapping "
                        "period (%(period)s)."
                    )
                    % {
                        "person": person.full_name,
                        "role": other.get_role_display().lower(),
                        "period": _period_text(other.start, other.end),
                    }
                }
            )
    participation = Participation(
        project=project,
        person=person,
        role=role,
        organisation=organisation,
        start=start,
        end=end,
    )
    participation.full_clean()
    participation.save()
    return participation


@transaction.atomic
def participation_end(*, participation: Participation, on: date) -> Participation:
    """End a participation on a day; it stays in the project's history."""
    check_period(participation.start, on)
    participation.end = on
    participation.save(update_fields=["end"])
    return participation


@transaction.atomic
def participation_archive(*, participation: Participation) -> Participation:
    """Take a participant off the project page without deleting the row (e.g. entered by mistake)."""
    participation.archived = True
    participation.save(update_fields=["archived"])
    return participation


# ---- funding --------------------------------------------------------------------------------


@transaction.atomic
def funding_add(
    *,
    project: Project,
    funder: Organisation,
    year: int,
    amount: Decimal,
    grant: str = "",
    status: str = Funding.Status.GRANTED,
) -> Funding:
    """Record an amount from a funder for one year (granted, applied for or declined)."""
    errors: dict[str, str] = {}
    if funder.kind != K.FUNDER:
        errors["funder"] = _("Choose an organisation of the kind funder (such as Forte).")
    if amount is None or Decimal(amount) < 0:
        errors["amount"] = _("The amount cannot be below zero.")
    first = project.start.year if project.start else None
    last = project.end.year if project.end else None
    if (first and year < first) or (last and year > last):
        errors["year"] = _("The year %(year)s is outside the project's period (%(period)s).") % {
            "year": year,
            "period": f"{first or '…'}–{last or '…'}",
        }
    if errors:
        raise ValidationError(errors)
    funding = Funding(
        project=project, funder=funder, year=year, amount=amount, grant=grant, status=status
    )
    funding.full_clean()
    funding.save()
    return funding


@transaction.atomic
def funding_archive(*, funding: Funding) -> Funding:
    funding.archived = True
    funding.save(update_fields=["archived"])
    return funding


# ---- continuous evaluation ------------------------------------------------------------------


@transaction.atomic
def evaluation_point_add(*, project: Project, **fields: Any) -> EvaluationPoint:
    point = EvaluationPoint(project=project, **fields)
    if point.held and point.held > timezone.localdate():
        raise ValidationError({"held": _("A meeting cannot have been held in the future.")})
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def evaluation_point_record(*, point: EvaluationPoint, held: date, outcome: str) -> EvaluationPoint:
    """Record that an evaluation point was held and what the project learned."""
    if held > timezone.localdate():
        raise ValidationError({"held": _("A meeting cannot have been held in the future.")})
    point.held, point.outcome = held, outcome
    point.save(update_fields=["held", "outcome"])
    return point


# ---- staff on loan --------------------------------------------------------------------------


@transaction.atomic
def loan_add(
    *,
    municipality: Organisation,
    person: Person,
    project: Project,
    share: int,
    start: date,
    end: date,
    note: str = "",
) -> StaffLoan:
    """Lend a person to a project; refuse when their loans would exceed full time on any day."""
    errors: dict[str, str] = {}
    if municipality.kind != K.MUNICIPALITY:
        errors["municipality"] = _("Only a municipality can lend staff.")
    if share is None or not 1 <= share <= 100:
        errors["share"] = _("The share of full time must be between 1 and 100%.")
    if errors:
        raise ValidationError(errors)
    check_period(start, end)
    # Lock the person so that two loans saved at once cannot both pass the 100% check.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    others = StaffLoan.objects.filter(person=person, archived=False).values_list(
        "start", "end", "share"
    )
    peak, day = peak_load([*others, (start, end, share)], (start, end))
    if peak > 100:
        raise ValidationError(
            {
                "share": _(
                    "This loan would take %(person)s to %(peak)d%% of full time on %(day)s; "
                    "a person can be lent for at most 100%% at any time."
                )
                % {"person": person.full_name, "peak": peak, "day": _day(day)}
            }
        )
    loan = StaffLoan(
        municipality=municipality,
        person=person,
        project=project,
        share=share,
        start=start,
        end=end,
        note=note,
    )
    loan.full_clean()
    loan.save()
    return loan


@transaction.atomic
def loan_archive(*, loan: StaffLoan) -> StaffLoan:
    """Take a loan out of the figures (entered by mistake or cancelled); the row is kept."""
    loan.archived = True
    loan.save(update_fields=["archived"])
    return loan


# ---- practitioner PhD students --------------------------------------------------------------


PHD_FIELDS = {
    "person",
    "programme",
    "research_school",
    "university",
    "employer",
    "topic",
    "project",
    "after_defence",
    "role_after",
    "visibility",
}


def _check_phd(phd: PhdStudent) -> None:
    _check_kind(
        phd.research_school,
        {K.RESEARCH_SCHOOL},
        "research_school",
        _("Choose an organisation of the kind research school."),
    )
    _check_kind(phd.university, {K.UNIVERSITY}, "university", _("Choose a university."))


@transaction.atomic
def phd_student_save(
    *,
    phd: PhdStudent | None = None,
    priority_areas: Iterable[Any] | None = None,
    topics: Iterable[Any] | None = None,
    start_planned: date | None = None,
    **fields: Any,
) -> PhdStudent:
    """Create or change a practitioner PhD student; a new one gets its four milestones."""
    unknown = set(fields) - PHD_FIELDS
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    creating = phd is None
    phd = phd or PhdStudent()
    for name, value in fields.items():
        setattr(phd, name, value)
    _check_phd(phd)
    if creating:
        phd.slug = _slug(PhdStudent, phd.person.full_name)
    phd.full_clean(exclude=None if creating else ["slug"])
    phd.save()
    if creating:
        Milestone.objects.bulk_create(
            Milestone(
                phd_student=phd,
                kind=kind,
                planned=start_planned if kind == Milestone.Kind.START else None,
            )
            for kind in Milestone.ORDER
        )
    if priority_areas is not None:
        phd.priority_areas.set(priority_areas)
    if topics is not None:
        phd.topics.set(topics)
    return phd


@transaction.atomic
def supervision_add(*, phd: PhdStudent, person: Person, role: str) -> Supervision:
    if person.pk == phd.person_id:
        raise ValidationError({"person": _("A PhD student cannot supervise themselves.")})
    supervision, _created = Supervision.objects.update_or_create(
        phd_student=phd, person=person, defaults={"role": role}
    )
    return supervision


@transaction.atomic
def milestones_save(
    *, phd: PhdStudent, dates: dict[str, dict[str, Any]], today: date | None = None
) -> list[Milestone]:
    """Save planned and actual dates of the milestones; they must come in order."""
    today = today or timezone.localdate()
    existing = {m.kind: m for m in phd.milestones.all()}
    milestones = []
    for kind in Milestone.ORDER:
        milestone = existing.get(kind) or Milestone(phd_student=phd, kind=kind)
        given = dates.get(kind, {})
        for name in ("planned", "actual", "note"):
            if name in given:
                setattr(milestone, name, given[name] if name != "note" else given[name] or "")
        milestones.append(milestone)
    errors: dict[str, list[str]] = {}
    for name in ("planned", "actual"):
        previous: Milestone | None = None
        for milestone in milestones:
            value = getattr(milestone, name)
            if value is None:
                continue
            if previous is not None and value < getattr(previous, name):
                errors.setdefault(f"{milestone.kind}_{name}", []).append(
                    _(
                        "The date of the %(this)s cannot be before the date of the "
                        "%(previous)s (%(day)s)."
                    )
                    % {
                        "this": milestone.get_kind_display().lower(),
                        "previous": previous.get_kind_display().lower(),
                        "day": _day(getattr(previous, name)),
                    }
                )
            previous = milestone
    for milestone in milestones:
        if milestone.actual and milestone.actual > today:
            errors.setdefault(f"{milestone.kind}_actual", []).append(
                _("A milestone cannot have been held in the future; give a planned date instead.")
            )
    if errors:
        raise ValidationError(errors)
    for milestone in milestones:
        milestone.save()
    return milestones


# ---- collaboration with education -----------------------------------------------------------


REQUIRED_BY_KIND: dict[str, tuple[str, ...]] = {
    EducationActivity.Kind.FIELD_PLACEMENT: ("student_name", "supervisor"),
    EducationActivity.Kind.TEACHING: ("person", "course", "hours"),
    EducationActivity.Kind.RESEARCHER_PLACEMENT: ("person",),
    EducationActivity.Kind.MASTERS: ("person", "course"),
}


@transaction.atomic
def education_activity_add(**fields: Any) -> EducationActivity:
    """Record a field placement, teaching, a researcher on placement or a master's recruitment."""
    activity = EducationActivity(**fields)
    errors: dict[str, str] = {}
    for name in REQUIRED_BY_KIND.get(activity.kind, ()):
        if getattr(activity, name) in (None, ""):
            errors[name] = _("This is needed for: %(kind)s.") % {
                "kind": activity.get_kind_display()
            }
    if activity.student_name and any(ch.isdigit() for ch in activity.student_name):
        errors["student_name"] = _(
            "Write the student's name only: no identity numbers or other digits."
        )
    if activity.hours is not None and activity.hours <= 0:
        errors["hours"] = _("The hours must be more than zero.")
    if not 2000 <= (activity.year or 0) <= 2100:
        errors["year"] = _("Give a year between 2000 and 2100.")
    if activity.unit_id and activity.unit.kind not in (K.UNIT, K.DEPARTMENT):
        errors["unit"] = _("Choose a unit or department of the social services.")
    if errors:
        raise ValidationError(errors)
    check_period(activity.start, activity.end)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def education_activity_archive(*, activity: EducationActivity) -> EducationActivity:
    activity.archived = True
    activity.save(update_fields=["archived"])
    return activity
