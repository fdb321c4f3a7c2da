"""JSON API for systematic follow-up, with the same permission rules as the pages.

Suppressed figures are the string ".." (as in the pages and the CSV exports); hidden plans,
subjects and measurements answer 404.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from bryggan.api.auth import WRITE
from bryggan.core import access as core_access
from bryggan.followup import access, exports, reports, services
from bryggan.followup.models import (
    AuditEntry,
    ExportJob,
    FollowupPlan,
    Instrument,
    InstrumentVersion,
    Measurement,
    Occasion,
    Subject,
)

router = Router(tags=["systematic follow-up"])


class ItemOut(Schema):
    code: str
    text: str
    kind: str
    min_value: float | None
    max_value: float | None
    value_labels: dict[int, str]
    required: bool
    reverse_coded: bool


class SubscaleOut(Schema):
    code: str
    label: str
    method: str
    items: list[str]
    min_answered: int
    higher_is_better: bool
    important_change: float | None


class VersionOut(Schema):
    id: int
    instrument: str
    label: str
    frozen: bool
    items: list[ItemOut]
    subscales: list[SubscaleOut]


class InstrumentOut(Schema):
    slug: str
    name: str
    description: str
    licence: str
    licence_note: str
    versions: list[str]

    @staticmethod
    def resolve_versions(obj: Instrument) -> list[str]:
        return [v.label for v in obj.versions.all()]


class UnitOut(Schema):
    code: str
    organisation: str


class OccasionOut(Schema):
    key: str
    label: str
    months: int | None
    versions: list[dict[str, Any]]


class AccessOut(Schema):
    manage: bool
    entry_units: list[str]
    report_units: list[str]
    record_units: list[str]
    export: bool
    export_records: bool


class PlanOut(Schema):
    slug: str
    title: str
    kind: str
    intervention: str
    target_group: str
    question: str
    start: date
    end: date | None
    status: str
    report_period: str
    suppression_minimum: int
    aggregated_exports_only: bool
    url: str
    units: list[UnitOut] = []
    occasions: list[OccasionOut] = []
    access: AccessOut | None = None


class SubjectOut(Schema):
    code: str
    unit: str
    enrolled_on: date
    period: str


class SubjectsIn(Schema):
    unit: str
    count: int = Field(..., ge=1, le=services.MAX_NEW_SUBJECTS)
    enrolled_on: date


class MeasurementOut(Schema):
    subject: str
    occasion: str
    version: int
    measured_on: date
    answers: dict[str, Any]
    missing: dict[str, int]
    in_reports: bool


class MeasurementIn(Schema):
    measured_on: date
    answers: dict[str, Any] = Field(
        ...,
        description="Item code → answer; a missing-value code (-7, -8, -9) instead of an answer.",
    )


class ExportIn(Schema):
    scope: ExportJob.Scope
    format: ExportJob.Format
    occasion: str | None = None
    version: int | None = None
    purpose: str = Field("", max_length=500)


class ExportOut(Schema):
    id: int
    scope: str
    format: str
    status: str
    rows: int
    size: int
    created_at: datetime
    download: str | None


class AuditOut(Schema):
    at: datetime
    plan: str | None
    user: str | None
    action: str
    summary: str
    detail: dict[str, Any]


def _hidden() -> HttpError:
    return HttpError(404, _("Not found."))


def _plan(request: HttpRequest, slug: str) -> FollowupPlan:
    plan = FollowupPlan.objects.filter(slug=slug).first()
    if plan is None or not access.can_see(request.user, plan):
        raise _hidden()
    return plan


def _error(error: ValidationError) -> HttpError:
    if hasattr(error, "error_dict"):
        return HttpError(
            422, "; ".join(f"{k}: {m}" for k, msgs in error.message_dict.items() for m in msgs)
        )
    return HttpError(422, "; ".join(error.messages))


def _version_out(version: InstrumentVersion) -> dict[str, Any]:
    items, subscales, members = services.measures_of(version)
    codes = {i.pk: i.code for i in items}
    return {
        "id": version.pk,
        "instrument": version.instrument.slug,
        "label": version.label,
        "frozen": version.is_frozen,
        "items": [
            {
                "code": i.code,
                "text": i.text,
                "kind": i.kind,
                "min_value": i.min_value,
                "max_value": i.max_value,
                "value_labels": i.value_labels,
                "required": i.required,
                "reverse_coded": i.reverse_coded,
            }
            for i in items
        ],
        "subscales": [
            {
                "code": s.code,
                "label": s.label,
                "method": s.method,
                "items": [codes[pk] for pk in members.get(s.pk, []) if pk in codes],
                "min_answered": s.min_answered,
                "higher_is_better": s.higher_is_better,
                "important_change": s.important_change,
            }
            for s in subscales
        ],
    }


def _plan_out(plan: FollowupPlan, user: Any, *, full: bool) -> dict[str, Any]:
    data = {
        name: getattr(plan, name)
        for name in (
            "slug",
            "title",
            "kind",
            "intervention",
            "target_group",
            "question",
            "start",
            "end",
            "status",
            "report_period",
            "suppression_minimum",
            "aggregated_exports_only",
        )
    }
    data["url"] = plan.get_absolute_url()
    if full:
        data["units"] = [
            {"code": u.code, "organisation": u.organisation.name}
            for u in plan.units.select_related("organisation")
        ]
        data["occasions"] = [
            {
                "key": o.key,
                "label": o.label,
                "months": o.months,
                "versions": [
                    {"id": v.pk, "instrument": v.instrument.slug, "label": v.label}
                    for v in o.versions.all()
                ],
            }
            for o in plan.occasions.prefetch_related("versions__instrument")
        ]
        data["access"] = {
            "manage": access.can_manage(user, plan),
            "entry_units": [u.code for u in access.entry_units(user, plan)],
            "report_units": [u.code for u in access.report_units(user, plan)],
            "record_units": [u.code for u in access.record_units(user, plan)],
            "export": access.can_export(user, plan),
            "export_records": access.can_export_records(user, plan),
        }
    return data


@router.get("/followup/instruments", response=list[InstrumentOut])
def instrument_list(request: HttpRequest):
    """The instrument library (partnership staff)."""
    if not core_access.is_partnership_staff(request.user):
        raise HttpError(403, _("The instrument library is for partnership staff."))
    return Instrument.objects.prefetch_related("versions")


@router.get("/followup/instruments/{slug}/versions/{label}", response=VersionOut)
def version_detail(request: HttpRequest, slug: str, label: str):
    """One instrument version with its items, value labels and subscales."""
    if not core_access.is_partnership_staff(request.user):
        raise HttpError(403, _("The instrument library is for partnership staff."))
    version = get_object_or_404(
        InstrumentVersion.objects.select_related("instrument"), instrument__slug=slug, label=label
    )
    return _version_out(version)


@router.get("/followup/plans", response=list[PlanOut])
def plan_list(request: HttpRequest):
    """The follow-up plans the caller takes part in."""
    return [
        _plan_out(p, request.user, full=False)
        for p in FollowupPlan.objects.visible_to(request.user)
    ]


@router.get("/followup/plans/{slug}", response=PlanOut)
def plan_detail(request: HttpRequest, slug: str):
    """A plan with its units, occasions and what the caller may do in it."""
    plan = _plan(request, slug)
    return _plan_out(plan, request.user, full=True)


@router.get("/followup/plans/{slug}/subjects", response=list[SubjectOut])
def subject_list(request: HttpRequest, slug: str, unit: str | None = None):
    """Subjects of the units whose records the caller may see."""
    plan = _plan(request, slug)
    units = access.record_units(request.user, plan)
    if not units:
        raise HttpError(403, _("You do not see record-level data of this plan."))
    if unit:
        units = [u for u in units if u.code == unit]
        if not units:
            raise _hidden()
    return [
        {"code": s.code, "unit": s.unit.code, "enrolled_on": s.enrolled_on, "period": s.period}
        for s in Subject.objects.filter(plan=plan, unit__in=units).select_related("unit")
    ]


@router.post("/followup/plans/{slug}/subjects", response={201: list[SubjectOut]}, auth=WRITE)
def subjects_create(request: HttpRequest, slug: str, payload: SubjectsIn):
    """Generate new pseudonymous subject codes for one of the caller's units."""
    plan = _plan(request, slug)
    unit = next((u for u in access.entry_units(request.user, plan) if u.code == payload.unit), None)
    if unit is None:
        raise _hidden()
    try:
        made = services.subjects_create(
            plan=plan,
            unit=unit,
            count=payload.count,
            enrolled_on=payload.enrolled_on,
            user=request.user,
        )
    except ValidationError as error:
        raise _error(error) from error
    return Status(
        201,
        [
            {"code": s.code, "unit": unit.code, "enrolled_on": s.enrolled_on, "period": s.period}
            for s in made
        ],
    )


def _subject(request: HttpRequest, plan: FollowupPlan, code: str, *, entry: bool) -> Subject:
    try:
        if entry:
            return access.subject_for_entry(request, plan, code)
        return access.subject_for_records(request, plan, code)
    except Http404 as error:
        raise _hidden() from error


def _measurement_out(m: Measurement) -> dict[str, Any]:
    items, _subs, _members = services.measures_of(m.version)
    return {
        "subject": m.subject.code,
        "occasion": m.occasion.key,
        "version": m.version_id,
        "measured_on": m.measured_on,
        "answers": {item.code: value for item, value in zip(items, m.values, strict=False)},
        "missing": m.missing,
        "in_reports": m.batch_id is not None,
    }


@router.get("/followup/plans/{slug}/subjects/{code}/measurements", response=list[MeasurementOut])
def measurement_list(request: HttpRequest, slug: str, code: str):
    """A subject's measurements (record-level access)."""
    plan = _plan(request, slug)
    subject = _subject(request, plan, code, entry=False)
    return [
        _measurement_out(m)
        for m in subject.measurements.select_related("subject", "occasion", "version")
    ]


@router.put(
    "/followup/plans/{slug}/subjects/{code}/measurements/{occasion}/{version_id}",
    response=MeasurementOut,
    auth=WRITE,
)
def measurement_put(
    request: HttpRequest,
    slug: str,
    code: str,
    occasion: str,
    version_id: int,
    payload: MeasurementIn,
):
    """Enter or correct a subject's answers at an occasion; the whole input is refused on any error."""
    plan = _plan(request, slug)
    subject = _subject(request, plan, code, entry=True)
    occasion_obj = Occasion.objects.filter(plan=plan, key=occasion).first()
    version = occasion_obj.versions.filter(pk=version_id).first() if occasion_obj else None
    if occasion_obj is None or version is None:
        raise _hidden()
    try:
        measurement = services.measurement_save(
            subject=subject,
            occasion=occasion_obj,
            version=version,
            measured_on=payload.measured_on,
            raw=payload.answers,
            user=request.user,
        )
    except ValidationError as error:
        raise _error(error) from error
    return _measurement_out(
        Measurement.objects.select_related("subject", "occasion", "version").get(pk=measurement.pk)
    )


def _report_unit(request: HttpRequest, plan: FollowupPlan, unit: str | None) -> Any:
    units = access.report_units(request.user, plan)
    if not units:
        raise _hidden()
    if unit is None:
        return units, None
    chosen = next((u for u in units if u.code == unit), None)
    if chosen is None:
        raise _hidden()
    return units, chosen


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name != "plan"
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@router.get("/followup/plans/{slug}/report")
def report(request: HttpRequest, slug: str, unit: str | None = None, period: str | None = None):
    """The aggregated report of a unit (or all units) and a period (or all); ".." is suppressed."""
    plan = _plan(request, slug)
    _units, chosen = _report_unit(request, plan, unit)
    built = reports.build(plan, unit=chosen, period=period)
    data = _plain(built)
    data["note"] = _("Systematic follow-up gives indications, not proof of effect.")
    return data


@router.get("/followup/plans/{slug}/comparison")
def comparison(request: HttpRequest, slug: str, period: str | None = None):
    """Units compared on every subscale; ".." is suppressed."""
    plan = _plan(request, slug)
    units, _chosen = _report_unit(request, plan, None)
    return {
        "note": _("Systematic follow-up gives indications, not proof of effect."),
        "comparisons": _plain(reports.compare(plan, units=units, period=period)),
    }


def _export_out(job: ExportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "scope": job.scope,
        "format": job.format,
        "status": job.status,
        "rows": job.rows,
        "size": job.size,
        "created_at": job.created_at,
        "download": reverse("followup:export_download", args=[job.plan.slug, job.pk])
        if job.status == ExportJob.Status.SUCCEEDED
        else None,
    }


@router.post("/followup/plans/{slug}/exports", response={201: ExportOut}, auth=WRITE)
def export_create(request: HttpRequest, slug: str, payload: ExportIn):
    """Start an export (export right needed; record-level exports need a purpose)."""
    plan = _plan(request, slug)
    occasion = version = None
    if payload.occasion:
        occasion = Occasion.objects.filter(plan=plan, key=payload.occasion).first()
        if occasion is None:
            raise _hidden()
        if payload.version is not None:
            version = occasion.versions.filter(pk=payload.version).first()
            if version is None:
                raise _hidden()
    try:
        job = exports.export_create(
            plan=plan,
            user=request.user,
            scope=payload.scope,
            format=payload.format,
            occasion=occasion,
            version=version,
            purpose=payload.purpose,
        )
    except PermissionDenied as error:
        raise HttpError(403, _("You may not make this export.")) from error
    except ValidationError as error:
        raise _error(error) from error
    return Status(201, _export_out(job))


@router.get("/followup/plans/{slug}/exports/{pk}", response=ExportOut)
def export_detail(request: HttpRequest, slug: str, pk: int):
    """The status of one of the caller's exports, with its download link when it is ready."""
    plan = _plan(request, slug)
    job = ExportJob.objects.filter(plan=plan, pk=pk, user_id=request.user.pk or 0).first()
    if job is None:
        raise _hidden()
    return _export_out(job)


@router.get("/followup/audit", response=list[AuditOut])
def audit_log(request: HttpRequest, plan: str | None = None, action: str | None = None):
    """The audit log (administrators)."""
    if not core_access.is_admin(request.user):
        raise HttpError(403, _("The audit log is for administrators."))
    entries = AuditEntry.objects.select_related("plan", "user")
    if plan:
        entries = entries.filter(plan__slug=plan)
    if action:
        entries = entries.filter(action=action)
    return [
        {
            "at": e.at,
            "plan": e.plan.slug if e.plan else None,
            "user": e.user.email if e.user else None,
            "action": e.action,
            "summary": e.summary,
            "detail": e.detail,
        }
        for e in entries[:1000]
    ]
