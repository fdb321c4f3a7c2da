"""Pages of systematic follow-up: instruments, plans, data entry, imports, reports, exports."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bryggan.core import access as core_access
from bryggan.core.forms import apply_validation_error
from bryggan.followup import access, charts, dictionary, exports, imports, reports, services
from bryggan.followup.forms import (
    DictionaryForm,
    ExportForm,
    GrantForm,
    ImportForm,
    InstrumentForm,
    ItemForm,
    MeasurementForm,
    OccasionForm,
    PlanForm,
    ReportFilterForm,
    SubjectsForm,
    SubscaleForm,
    UnitForm,
    VersionForm,
)
from bryggan.followup.guard import IdentityNumberFound
from bryggan.followup.models import (
    AuditEntry,
    ExportJob,
    FollowupPlan,
    ImportJob,
    Instrument,
    InstrumentVersion,
    Item,
    Measurement,
    MissingCode,
    Occasion,
    PlanGrant,
    PlanUnit,
    Subject,
    Subscale,
)
from bryggan.lib.suppression import SUPPRESSED
from bryggan.people.models import User

library_required = core_access.staff_required
coordinator_required = core_access.coordinator_required


def current_user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# ---- overview ---------------------------------------------------------------------------------


@library_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    plans = (
        FollowupPlan.objects.visible_to(request.user)
        .select_related("owner")
        .prefetch_related("units__organisation")
    )
    return render(
        request,
        "followup/index.html",
        {
            "plans": plans,
            "can_create": access.can_create_plans(request.user),
            "is_admin": core_access.is_admin(request.user),
        },
    )


# ---- instrument library -------------------------------------------------------------------------


@library_required
@require_GET
def instrument_list(request: HttpRequest) -> HttpResponse:
    instruments = Instrument.objects.prefetch_related("versions")
    return render(
        request,
        "followup/instrument_list.html",
        {"instruments": instruments, "can_edit": access.can_create_plans(request.user)},
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def instrument_create(request: HttpRequest) -> HttpResponse:
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = services.instrument_save(user=current_user(request), **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The instrument was added with an empty version 1."))
            return redirect(instrument)
    return render(
        request,
        "followup/form.html",
        {"form": form, "heading": _("New instrument"), "back": reverse("followup:instruments")},
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def instrument_edit(request: HttpRequest, slug: str) -> HttpResponse:
    instrument = get_object_or_404(Instrument, slug=slug)
    initial = {name: getattr(instrument, name) for name in InstrumentForm.base_fields}
    form = InstrumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.instrument_save(instrument=instrument, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The instrument was saved."))
            return redirect(instrument)
    return render(
        request,
        "followup/form.html",
        {"form": form, "heading": _("Edit instrument"), "back": instrument.get_absolute_url()},
    )


@library_required
@require_GET
def instrument_detail(request: HttpRequest, slug: str) -> HttpResponse:
    instrument = get_object_or_404(Instrument.objects.prefetch_related("versions"), slug=slug)
    return render(
        request,
        "followup/instrument_detail.html",
        {"instrument": instrument, "can_edit": access.can_create_plans(request.user)},
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest, slug: str) -> HttpResponse:
    instrument = get_object_or_404(Instrument, slug=slug)
    form = VersionForm(
        request.POST or None,
        instrument=instrument,
        initial={"copy_from": instrument.versions.last()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_create(instrument=instrument, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Version %(label)s was created.") % {"label": version.label}
            )
            return redirect(version)
    return render(
        request,
        "followup/form.html",
        {
            "form": form,
            "heading": _("New version of %(name)s") % {"name": instrument.name},
            "back": instrument.get_absolute_url(),
        },
    )


def _version(slug: str, label: str) -> InstrumentVersion:
    return get_object_or_404(
        InstrumentVersion.objects.select_related("instrument"), instrument__slug=slug, label=label
    )


@library_required
@require_GET
def version_detail(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    version = _version(slug, label)
    items, subscales, members = services.measures_of(version)
    codes = {item.pk: item.code for item in items}
    return render(
        request,
        "followup/version_detail.html",
        {
            "version": version,
            "instrument": version.instrument,
            "items": items,
            "subscales": [
                (s, [codes[pk] for pk in members.get(s.pk, []) if pk in codes]) for s in subscales
            ],
            "frozen": version.is_frozen or version.measurements.exists(),
            "can_edit": access.can_create_plans(request.user),
            "dictionary_form": DictionaryForm(),
            "missing_codes": MissingCode.choices,
        },
    )


@library_required
@require_GET
def version_dictionary(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    version = _version(slug, label)
    if not version.instrument.may_be_copied and not access.can_create_plans(request.user):
        raise PermissionDenied
    response = HttpResponse(dictionary.export(version), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{version.instrument.slug}-v{version.label}-dictionary.csv"'
    )
    return response


@coordinator_required
@require_POST
def version_import(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    version = _version(slug, label)
    form = DictionaryForm(request.POST, request.FILES)
    if form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        try:
            services.dictionary_import(version=version, text=text)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The data dictionary was imported."))
    else:
        messages.error(request, _("Choose a CSV file."))
    return redirect(version)


@coordinator_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, slug: str, label: str, pk: int | None = None) -> HttpResponse:
    version = _version(slug, label)
    item = get_object_or_404(Item, pk=pk, version=version) if pk else None
    initial = {}
    if item is not None:
        initial = {name: getattr(item, name) for name in ItemForm.base_fields}
        initial["choices"] = dictionary.format_choices(item.choices)
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_save(version=version, item=item, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The item was saved."))
            return redirect(version)
    heading = _("Edit item") if item else _("New item")
    return render(
        request,
        "followup/form.html",
        {"form": form, "heading": heading, "back": version.get_absolute_url()},
    )


@coordinator_required
@require_POST
def item_delete(request: HttpRequest, slug: str, label: str, pk: int) -> HttpResponse:
    version = _version(slug, label)
    item = get_object_or_404(Item, pk=pk, version=version)
    try:
        services.item_delete(item=item)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The item was removed."))
    return redirect(version)


@coordinator_required
@require_http_methods(["GET", "POST"])
def subscale_edit(
    request: HttpRequest, slug: str, label: str, pk: int | None = None
) -> HttpResponse:
    version = _version(slug, label)
    subscale = get_object_or_404(Subscale, pk=pk, version=version) if pk else None
    initial: dict[str, Any] = {"higher_is_better": True}
    if subscale is not None:
        initial = {
            name: getattr(subscale, name) for name in SubscaleForm.base_fields if name != "items"
        }
        initial["items"] = subscale.items.all()
    form = SubscaleForm(request.POST or None, version=version, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        items = list(data.pop("items"))
        try:
            services.subscale_save(version=version, subscale=subscale, items=items, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The subscale was saved."))
            return redirect(version)
    heading = _("Edit subscale") if subscale else _("New subscale")
    return render(
        request,
        "followup/form.html",
        {"form": form, "heading": heading, "back": version.get_absolute_url()},
    )


# ---- plans ------------------------------------------------------------------------------------


@coordinator_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, initial={"start": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_save(user=current_user(request), **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The plan was created. Add its units and occasions."))
            return redirect(plan)
    return render(
        request,
        "followup/form.html",
        {"form": form, "heading": _("New follow-up plan"), "back": reverse("followup:index")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_manager(request, slug)
    initial = {
        name: getattr(plan, name)
        for name in PlanForm.base_fields
        if name not in ("priority_areas", "topics")
    }
    initial["priority_areas"] = plan.priority_areas.all()
    initial["topics"] = plan.topics.all()
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_save(plan=plan, user=current_user(request), **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect(plan)
    return render(
        request,
        "followup/form.html",
        {"form": form, "heading": _("Edit plan"), "back": plan.get_absolute_url()},
    )


@login_required
@require_GET
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    user = request.user
    manage = access.can_manage(user, plan)
    occasions = list(plan.occasions.prefetch_related("versions__instrument"))
    context = {
        "plan": plan,
        "manage": manage,
        "units": plan.units.select_related("organisation"),
        "occasions": occasions,
        "entry_units": access.entry_units(user, plan),
        "report_units": access.report_units(user, plan),
        "records": bool(access.record_units(user, plan)),
        "can_export": access.can_export(user, plan),
        "grants": plan.grants.select_related("user") if manage else [],
        "unit_form": UnitForm() if manage else None,
        "grant_form": GrantForm() if manage else None,
        "subject_count": plan.subjects.count(),
    }
    return render(request, "followup/plan_detail.html", context)


@login_required
@require_POST
def unit_add(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_manager(request, slug)
    form = UnitForm(request.POST)
    if form.is_valid():
        try:
            services.unit_add(plan=plan, user=current_user(request), **form.cleaned_data)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The unit was added."))
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    return redirect(plan)


@login_required
@require_POST
def unit_remove(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = access.plan_for_manager(request, slug)
    unit = get_object_or_404(PlanUnit, plan=plan, code=code)
    try:
        services.unit_remove(unit=unit, user=current_user(request))
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The unit was removed from the plan."))
    return redirect(plan)


@login_required
@require_http_methods(["GET", "POST"])
def occasion_edit(request: HttpRequest, slug: str, key: str | None = None) -> HttpResponse:
    plan = access.plan_for_manager(request, slug)
    occasion = get_object_or_404(Occasion, plan=plan, key=key) if key else None
    initial: dict[str, Any] = {}
    if occasion is not None:
        initial = {
            "key": occasion.key,
            "label": occasion.label,
            "months": occasion.months,
            "versions": occasion.versions.all(),
        }
    form = OccasionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        versions = list(data.pop("versions"))
        try:
            services.occasion_save(
                plan=plan, occasion=occasion, versions=versions, user=current_user(request), **data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The occasion was saved."))
            return redirect(plan)
    heading = _("Edit occasion") if occasion else _("New occasion")
    return render(
        request,
        "followup/form.html",
        {"form": form, "heading": heading, "back": plan.get_absolute_url()},
    )


@login_required
@require_POST
def grant_add(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_manager(request, slug)
    form = GrantForm(request.POST)
    if form.is_valid():
        person = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if person is None:
            messages.error(request, _("There is no account with that e-mail address."))
        else:
            services.grant_save(
                plan=plan,
                user=person,
                level=form.cleaned_data["level"],
                can_export=form.cleaned_data["can_export"],
                note=form.cleaned_data["note"],
                by=current_user(request),
            )
            messages.success(request, _("Access was given to %(email)s.") % {"email": person.email})
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    return redirect(plan)


@login_required
@require_POST
def grant_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = access.plan_for_manager(request, slug)
    grant = get_object_or_404(PlanGrant, plan=plan, pk=pk)
    try:
        services.grant_remove(grant=grant, by=current_user(request))
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The access was removed."))
    return redirect(plan)


# ---- subjects and data entry --------------------------------------------------------------------


def _status_table(
    plan: FollowupPlan, subjects: list[Subject], occasions: list[Occasion]
) -> list[dict[str, Any]]:
    done: dict[int, dict[int, list[Measurement]]] = defaultdict(lambda: defaultdict(list))
    for measurement in Measurement.objects.filter(subject__in=subjects).only(
        "pk", "subject_id", "occasion_id", "version_id", "batch_id", "measured_on"
    ):
        done[measurement.subject_id][measurement.occasion_id].append(measurement)
    return [
        {"subject": subject, "cells": [done[subject.pk].get(o.pk, []) for o in occasions]}
        for subject in subjects
    ]


@login_required
@require_GET
def unit_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    unit = access.unit_for_entry(request, plan, code)
    occasions = list(plan.occasions.prefetch_related("versions__instrument"))
    subjects = list(Subject.objects.filter(plan=plan, unit=unit).order_by("-enrolled_on", "code"))
    return render(
        request,
        "followup/unit_detail.html",
        {
            "plan": plan,
            "unit": unit,
            "occasions": occasions,
            "rows": _status_table(plan, subjects, occasions),
            "subjects_form": SubjectsForm(),
            "import_form": ImportForm(occasions=occasions),
            "pending": services.pending_count(plan, [unit]),
            "imports": ImportJob.objects.filter(plan=plan, unit=unit)[:10],
        },
    )


@login_required
@require_POST
def subjects_create(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    unit = access.unit_for_entry(request, plan, code)
    form = SubjectsForm(request.POST)
    if form.is_valid():
        try:
            made = services.subjects_create(
                plan=plan, unit=unit, user=current_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _(
                    "New subject codes: %(codes)s. Write each code in the client's case record; Bryggan never holds the key."
                )
                % {"codes": ", ".join(s.code for s in made)},
            )
    else:
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    return redirect("followup:unit", slug=plan.slug, code=unit.code)


@login_required
@require_GET
def subject_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    subject = access.subject_for_records(request, plan, code)
    occasions = list(plan.occasions.prefetch_related("versions__instrument"))
    measurements = {(m.occasion_id, m.version_id): m for m in subject.measurements.all()}
    can_enter = subject.unit_id in {u.pk for u in access.entry_units(request.user, plan)}
    rows = []
    for occasion in occasions:
        for version in occasion.versions.all():
            measurement = measurements.get((occasion.pk, version.pk))
            answers = []
            if measurement is not None:
                items, _subs, _members = services.measures_of(version)
                for item, value in zip(items, measurement.values, strict=False):
                    code_ = measurement.missing.get(item.code)
                    answers.append((item, value, MissingCode(code_).label if code_ else None))
            rows.append(
                {
                    "occasion": occasion,
                    "version": version,
                    "measurement": measurement,
                    "answers": answers,
                }
            )
    return render(
        request,
        "followup/subject_detail.html",
        {"plan": plan, "subject": subject, "rows": rows, "can_enter": can_enter},
    )


def _entry_target(
    plan: FollowupPlan, key: str, version_pk: int
) -> tuple[Occasion, InstrumentVersion]:
    occasion = get_object_or_404(Occasion, plan=plan, key=key)
    version = occasion.versions.filter(pk=version_pk).select_related("instrument").first()
    if version is None:
        raise Http404
    return occasion, version


@login_required
@require_http_methods(["GET", "POST"])
def measurement_entry(
    request: HttpRequest, slug: str, code: str, key: str, version_pk: int
) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    subject = access.subject_for_entry(request, plan, code)
    occasion, version = _entry_target(plan, key, version_pk)
    items, _subs, _members = services.measures_of(version)
    existing = Measurement.objects.filter(
        subject=subject, occasion=occasion, version=version
    ).first()
    initial: dict[str, Any] = {"measured_on": timezone.localdate()}
    if existing is not None:
        initial["measured_on"] = existing.measured_on
        for item, value in zip(items, existing.values, strict=False):
            if item.code in existing.missing:
                initial[f"missing_{item.code}"] = str(existing.missing[item.code])
            elif value is not None:
                initial[f"item_{item.code}"] = (
                    [str(v) for v in value] if isinstance(value, list) else str(value)
                )
    form = MeasurementForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.measurement_save(
                    subject=subject,
                    occasion=occasion,
                    version=version,
                    measured_on=form.cleaned_data["measured_on"],
                    raw=form.raw_answers(),
                    user=current_user(request),
                )
            except IdentityNumberFound as error:
                apply_validation_error(form, error)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        target = (
                            f"item_{field}"
                            if f"item_{field}" in form.fields
                            else (field if field in form.fields else None)
                        )
                        for message in errors:
                            form.add_error(target, message)
                else:
                    form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The answers for %(subject)s at %(occasion)s were saved.")
                    % {"subject": subject.code, "occasion": occasion.label},
                )
                return redirect("followup:subject", slug=plan.slug, code=subject.code)
        if getattr(form, "identity_number_found", False):
            messages.error(
                request,
                _(
                    "Nothing was saved: the form held what looks like an identity number. See the marked fields."
                ),
            )
    return render(
        request,
        "followup/entry_form.html",
        {
            "plan": plan,
            "subject": subject,
            "occasion": occasion,
            "version": version,
            "form": form,
            "pairs": [form.fields_of(item) for item in items],
            "existing": existing,
            "can_delete": existing is not None
            and (existing.batch_id is None or access.can_manage(request.user, plan)),
        },
    )


@login_required
@require_POST
def measurement_delete(
    request: HttpRequest, slug: str, code: str, key: str, version_pk: int
) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    subject = access.subject_for_entry(request, plan, code)
    occasion, version = _entry_target(plan, key, version_pk)
    measurement = get_object_or_404(
        Measurement, subject=subject, occasion=occasion, version=version
    )
    if measurement.batch_id is not None and not access.can_manage(request.user, plan):
        raise PermissionDenied
    services.measurement_delete(measurement=measurement, user=current_user(request))
    messages.success(request, _("The measurement was deleted."))
    return redirect("followup:subject", slug=plan.slug, code=subject.code)


# ---- imports ------------------------------------------------------------------------------------


@login_required
@require_POST
def import_upload(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    unit = access.unit_for_entry(request, plan, code)
    occasions = list(plan.occasions.prefetch_related("versions__instrument"))
    form = ImportForm(request.POST, request.FILES, occasions=occasions)
    if not form.is_valid():
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
        return redirect("followup:unit", slug=plan.slug, code=unit.code)
    occasion_pk, version_pk = (int(x) for x in form.cleaned_data["target"].split(":"))
    occasion, version = _entry_target(
        plan, get_object_or_404(Occasion, pk=occasion_pk, plan=plan).key, version_pk
    )
    upload = form.cleaned_data["file"]
    try:
        job = imports.import_upload(
            plan=plan,
            unit=unit,
            occasion=occasion,
            version=version,
            name=upload.name,
            content=upload.read(),
            user=current_user(request),
        )
    except ValidationError as error:
        _refused(request, error)
        return redirect("followup:unit", slug=plan.slug, code=unit.code)
    return redirect("followup:import", slug=plan.slug, pk=job.pk)


def _import_for_user(request: HttpRequest, plan: FollowupPlan, pk: int) -> ImportJob:
    job = get_object_or_404(
        ImportJob.objects.select_related("unit__organisation", "occasion", "version__instrument"),
        plan=plan,
        pk=pk,
    )
    if job.unit_id not in {u.pk for u in access.entry_units(request.user, plan)}:
        raise Http404
    return job


@login_required
@require_GET
def import_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    job = _import_for_user(request, plan, pk)
    context: dict[str, Any] = {
        "plan": plan,
        "job": job,
        "inline": job.total_rows <= imports.INLINE_ROWS,
    }
    if job.status == ImportJob.Status.UPLOADED and job.file:
        context["preview"] = imports.preview(job)
        if context["inline"]:
            errors, made = imports.check_rows(job)
            context["errors"] = errors
            context["ready"] = len(made)
    return render(request, "followup/import_detail.html", context)


@login_required
@require_POST
def import_start(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    job = _import_for_user(request, plan, pk)
    try:
        job = imports.import_start(job=job)
    except ValidationError as error:
        _refused(request, error)
    else:
        if job.status == ImportJob.Status.SUCCEEDED:
            messages.success(
                request, _("%(n)d measurements were imported.") % {"n": job.imported_rows}
            )
        elif job.status == ImportJob.Status.FAILED:
            messages.error(
                request, _("The file was refused; nothing was imported. See the errors below.")
            )
    return redirect("followup:import", slug=plan.slug, pk=job.pk)


@login_required
@require_POST
def import_discard(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    job = _import_for_user(request, plan, pk)
    unit_code = job.unit.code
    if job.status == ImportJob.Status.UPLOADED:
        imports.import_discard(job=job)
        messages.success(request, _("The upload was discarded."))
    return redirect("followup:unit", slug=plan.slug, code=unit_code)


@login_required
@require_GET
def import_template(request: HttpRequest, slug: str, key: str, version_pk: int) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    if not access.entry_units(request.user, plan):
        raise Http404
    occasion, version = _entry_target(plan, key, version_pk)
    response = HttpResponse(imports.template_csv(version), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{plan.slug}-{occasion.key}-{version.instrument.slug}.csv"'
    )
    return response


# ---- reports --------------------------------------------------------------------------------------


def _report_scope(
    request: HttpRequest, plan: FollowupPlan
) -> tuple[list[PlanUnit], ReportFilterForm, PlanUnit | None, str | None, reports.Canvas]:
    units = access.report_units(request.user, plan)
    if not units:
        raise Http404
    canvas = reports.load(plan)
    all_units = len(units) == plan.units.count()
    form = ReportFilterForm(
        request.GET or None, units=units, periods=canvas.periods, all_units=all_units
    )
    unit: PlanUnit | None = None
    period: str | None = None
    if form.is_valid():
        unit = next((u for u in units if u.code == form.cleaned_data["unit"]), None)
        period = form.cleaned_data["period"] or None
    return units, form, unit, period, canvas


def _number_or_none(value: Any) -> float | str | None:
    return value if isinstance(value, int | float) or value == SUPPRESSED else None


@login_required
@require_GET
def report(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    _units, form, unit, period, canvas = _report_scope(request, plan)
    built = reports.build(plan, unit=unit, period=period, canvas=canvas)
    occasions = [o.label for o in canvas.occasions]
    by_code: dict[str, dict[str, Any]] = {}
    for row in built.subscales:
        by_code.setdefault(row.code, {"label": row.label, "values": {}})["values"][row.occasion] = (
            row.mean
        )
    ranges = reports.score_ranges(canvas)
    subscale_charts = [
        (
            entry["label"],
            charts.line_chart(
                _("Mean per occasion: %(label)s") % {"label": entry["label"]},
                occasions,
                [(entry["label"], [entry["values"].get(o) for o in occasions])],
                low=ranges.get(code, (None, None))[0],
                high=ranges.get(code, (None, None))[1],
            ),
        )
        for code, entry in by_code.items()
    ]
    change_chart = charts.share_bars(
        _("Improved, unchanged and worse from %(baseline)s") % {"baseline": built.baseline},
        [
            (
                f"{row.label}, {row.occasion}",
                [row.improved_share, row.unchanged_share, row.worse_share],
            )
            for row in built.changes
        ],
        [_("Improved"), _("Unchanged"), _("Worse")],
    )
    pending = (
        services.pending_count(plan, access.entry_units(request.user, plan))
        if access.entry_units(request.user, plan)
        else None
    )
    return render(
        request,
        "followup/report.html",
        {
            "plan": plan,
            "report": built,
            "form": form,
            "unit": unit,
            "period": period,
            "subscale_charts": subscale_charts,
            "change_chart": change_chart,
            "pending": pending,
            "any_pending": services.pending_count(plan) > 0,
            "can_export": access.can_export(request.user, plan),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def comparison(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    units, form, _unit, period, canvas = _report_scope(request, plan)
    compared = reports.compare(plan, units=units, period=period, canvas=canvas)
    chart_rows = []
    for entry in compared:
        chart_rows.append(
            (
                entry,
                charts.dot_chart(
                    _("Mean change from baseline to %(last)s: %(label)s")
                    % {"last": entry.last, "label": entry.label},
                    [(row.unit, _number_or_none(row.change)) for row in entry.rows],
                ),
            )
        )
    return render(
        request,
        "followup/comparison.html",
        {
            "plan": plan,
            "form": form,
            "comparisons": chart_rows,
            "period": period,
            "minimum": plan.suppression_minimum,
            "can_export": access.can_export(request.user, plan),
        },
    )


# ---- exports ----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    if not access.can_export(request.user, plan):
        raise PermissionDenied
    occasions = list(plan.occasions.prefetch_related("versions__instrument"))
    records_allowed = access.can_export_records(request.user, plan)
    form = ExportForm(
        request.POST or None,
        occasions=occasions,
        records_allowed=records_allowed,
        initial={"scope": ExportJob.Scope.AGGREGATED, "format": ExportJob.Format.CSV},
    )
    if request.method == "POST" and form.is_valid():
        occasion = version = None
        if form.cleaned_data["target"]:
            occasion_pk, version_pk = (int(x) for x in form.cleaned_data["target"].split(":"))
            occasion = get_object_or_404(Occasion, pk=occasion_pk, plan=plan)
            version = get_object_or_404(occasion.versions, pk=version_pk)
        try:
            job = exports.export_create(
                plan=plan,
                user=current_user(request),
                scope=form.cleaned_data["scope"],
                format=form.cleaned_data["format"],
                occasion=occasion,
                version=version,
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("followup:export_detail", slug=plan.slug, pk=job.pk)
    jobs = ExportJob.objects.filter(plan=plan, user=current_user(request))[:20]
    return render(
        request,
        "followup/export.html",
        {"plan": plan, "form": form, "jobs": jobs, "records_allowed": records_allowed},
    )


def _export_for_user(request: HttpRequest, plan: FollowupPlan, pk: int) -> ExportJob:
    job = get_object_or_404(ExportJob, plan=plan, pk=pk)
    if job.user_id != request.user.pk:
        raise Http404
    if not access.can_export(request.user, plan):
        raise PermissionDenied
    return job


@login_required
@require_GET
def export_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = access.plan_for_user(request, slug)
    job = _export_for_user(request, plan, pk)
    return render(request, "followup/export_detail.html", {"plan": plan, "job": job})


@login_required
@require_GET
def export_download(request: HttpRequest, slug: str, pk: int) -> HttpResponse | FileResponse:
    plan = access.plan_for_user(request, slug)
    job = _export_for_user(request, plan, pk)
    if job.status != ExportJob.Status.SUCCEEDED or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


# ---- audit log -------------------------------------------------------------------------------------


@login_required
@require_GET
def audit_log(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    plan = None
    entries = AuditEntry.objects.select_related("user", "plan")
    if slug is not None:
        plan = access.plan_for_manager(request, slug)
        entries = entries.filter(plan=plan)
    elif not core_access.is_admin(request.user):
        raise PermissionDenied
    action = request.GET.get("action", "")
    if action in AuditEntry.Action.values:
        entries = entries.filter(action=action)
    return render(
        request,
        "followup/audit.html",
        {
            "plan": plan,
            "entries": entries[:500],
            "actions": AuditEntry.Action.choices,
            "action": action,
        },
    )
