"""Pages of Insight: dashboards, the records behind each figure, the knowledge cycle, reports, plans.

Every page works without JavaScript: the period is a plain GET form, charts are SVG drawn on the
server with a table of the same numbers, and every write is a POST form.
"""

from __future__ import annotations

import json
from typing import Any, cast

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bryggan.core import access
from bryggan.core.cache import public_page
from bryggan.core.forms import apply_validation_error
from bryggan.cycle.queries import _visible
from bryggan.cycle.views import node_for_user
from bryggan.governance.models import Partnership
from bryggan.insight import cycle, opendata, registry, reports, services
from bryggan.insight.access import (
    organisation_for_staff,
    partnership_for_coordinator,
    partnership_for_staff,
    plan_for_coordinator,
    plan_for_reader,
    report_for_coordinator,
    report_for_reader,
)
from bryggan.insight.figures import (
    SUPPRESSED,
    dashboard,
    suppress_value,
    suppression_minimum,
)
from bryggan.insight.forms import (
    GoalForm,
    GoalNoteForm,
    HighlightForm,
    OutcomeForm,
    PeriodForm,
    PlanIntroductionForm,
    PlannedItemForm,
    ReportForm,
    YearForm,
)
from bryggan.insight.models import ActivityPlan, ActivityReport, Goal, Highlight, PlannedItem
from bryggan.insight.pdf import report_pdf
from bryggan.insight.periods import Period, default_period, presets
from bryggan.insight.scopes import Scope, organisation_scope, partnership_scope
from bryggan.people.models import Organisation, User
from bryggan.taxonomy.models import PriorityArea

PAGE_SIZE = 30
LANGUAGES = ("sv", "en")


def current_user(request: HttpRequest) -> User:
    return cast(User, request.user)


# ---- period and scope -------------------------------------------------------------------------


def period_from(request: HttpRequest) -> tuple[PeriodForm, Period | None]:
    """The period asked for (this year by default); None with form errors when it is not valid."""
    if "start" in request.GET or "end" in request.GET:
        form = PeriodForm(request.GET)
        if form.is_valid():
            return form, form.cleaned_data["period"]
        return form, None
    period = default_period()
    return PeriodForm.for_period(period), period


def _preset_links(period: Period | None) -> list[dict[str, Any]]:
    return [
        {"label": label, "query": p.as_query(), "current": p == period}
        for _key, label, p in presets()
    ]


def scope_for(request: HttpRequest, part: str, slug: str) -> Scope:
    if part == "samverkan":
        return partnership_scope(partnership_for_staff(request, slug))
    if part == "organisationer":
        return organisation_scope(organisation_for_staff(request, slug))
    raise Http404


# ---- index and dashboards ---------------------------------------------------------------------


@access.staff_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if request.GET.get("organisation"):
        organisation = Organisation.objects.filter(slug=request.GET["organisation"]).first()
        if organisation is not None:
            return redirect("insight:organisation", slug=organisation.slug)
        messages.error(request, _("Choose an organisation from the list."))
    partnerships = Partnership.objects.visible_to(request.user).filter(archived=False)
    organisations = Organisation.objects.filter(
        archived=False,
        kind__in=[
            Organisation.Kind.MUNICIPALITY,
            Organisation.Kind.REGION,
            Organisation.Kind.DEPARTMENT,
            Organisation.Kind.UNIT,
            Organisation.Kind.REGIONAL_RD,
        ],
    ).select_related("parent")
    return render(
        request,
        "insight/index.html",
        {
            "partnerships": partnerships,
            "organisations": organisations,
            "figures": registry.figures(),
        },
    )


def _dashboard(request: HttpRequest, scope: Scope) -> HttpResponse:
    form, period = period_from(request)
    context: dict[str, Any] = {
        "scope": scope,
        "form": form,
        "period": period,
        "presets": _preset_links(period),
    }
    if period is None:
        return render(request, "insight/dashboard.html", context, status=400)
    data = dashboard(scope, period)
    context.update(
        {
            "groups": data["groups"],
            "empty": data["empty"],
            "previous": period.previous(),
            "year_earlier": period.year_earlier()
            if period.year_earlier() != period.previous()
            else None,
            "trends": data["trends"],
            "reach": data["reach"],
            "gap": data["gap"],
            "funnel": data["funnel"],
            "cycle_funnel": data["cycle_funnel"],
            "minimum": suppression_minimum(),
            "part": scope.url_part()[0],
        }
    )
    return render(request, "insight/dashboard.html", context)


@access.staff_required
@require_GET
def partnership_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    return _dashboard(request, partnership_scope(partnership_for_staff(request, slug)))


@access.staff_required
@require_GET
def organisation_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    return _dashboard(request, organisation_scope(organisation_for_staff(request, slug)))


# ---- records behind figures -------------------------------------------------------------------


def _row(obj: Any) -> dict[str, Any]:
    day = cycle.record_date(obj) if isinstance(obj, Model) else None
    note = ""
    if hasattr(obj, "get_status_display"):
        note = obj.get_status_display()
    if hasattr(obj, "get_kind_display"):
        note = f"{obj.get_kind_display()}{' · ' + note if note else ''}"
    unit = getattr(obj, "unit", None)
    if isinstance(unit, Organisation):
        note = f"{note} · {unit.name}" if note else unit.name
    return {
        "title": str(obj),
        "url": cycle.record_url(obj) if isinstance(obj, Model) else "",
        "date": day,
        "note": note,
    }


def _records_page(request: HttpRequest, records: Any, context: dict[str, Any]) -> HttpResponse:
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        {"page": page, "rows": [_row(r) for r in page.object_list], "query": query.urlencode()}
    )
    return render(request, "insight/records.html", context)


@access.staff_required
@require_GET
def figure_records(request: HttpRequest, part: str, slug: str, key: str) -> HttpResponse:
    scope = scope_for(request, part, slug)
    figure = registry.figure(key)
    if figure is None or not figure.applies_to(scope) or figure.records is None:
        raise Http404
    form, period = period_from(request)
    context: dict[str, Any] = {
        "scope": scope,
        "form": form,
        "period": period,
        "heading": figure.label,
        "description": figure.description,
    }
    if period is None:
        return render(request, "insight/records.html", context, status=400)
    shown = suppress_value(
        figure.values(scope, [period])[0], concerns_clients=figure.concerns_clients
    )
    context["value"] = shown
    context["unit"] = figure.unit
    if shown == SUPPRESSED:
        context["suppressed"] = suppression_minimum()
        return render(request, "insight/records.html", context)
    return _records_page(request, figure.records(scope, period, request.user), context)


@access.staff_required
@require_GET
def gap_cell(request: HttpRequest, part: str, slug: str, kind: str, area: str) -> HttpResponse:
    scope = scope_for(request, part, slug)
    knowledge = registry.knowledge_kind(kind)
    priority_area = get_object_or_404(PriorityArea, slug=area)
    if knowledge is None or priority_area.pk not in scope.area_ids:
        raise Http404
    form, period = period_from(request)
    context: dict[str, Any] = {
        "scope": scope,
        "form": form,
        "period": period,
        "heading": f"{priority_area.name}: {knowledge.label}",
    }
    if period is None:
        return render(request, "insight/records.html", context, status=400)
    records = (
        knowledge.records(scope, period).filter(**{knowledge.area_path: priority_area}).distinct()
    )
    context["value"] = records.count()
    context["unit"] = "count"
    return _records_page(request, _visible(records, request.user), context)


@access.staff_required
@require_GET
def funnel_records(request: HttpRequest, part: str, slug: str, key: str) -> HttpResponse:
    scope = scope_for(request, part, slug)
    step = registry.funnel_step(key)
    if step is None or step.records is None:
        raise Http404
    form, period = period_from(request)
    context: dict[str, Any] = {
        "scope": scope,
        "form": form,
        "period": period,
        "heading": step.label,
    }
    if period is None:
        return render(request, "insight/records.html", context, status=400)
    context["value"] = step.count(scope, period)
    context["unit"] = "count"
    return _records_page(request, step.records(scope, period, request.user), context)


# ---- knowledge cycle --------------------------------------------------------------------------


@public_page
@require_GET
def timeline(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    obj = node_for_user(request, key, pk)
    return render(request, "insight/timeline.html", {"t": cycle.timeline(obj, request.user)})


@access.staff_required
@require_GET
def chains(request: HttpRequest, part: str, slug: str) -> HttpResponse:
    scope = scope_for(request, part, slug)
    return render(
        request,
        "insight/chains.html",
        {
            "scope": scope,
            "c": cycle.chains(scope, request.user),
            "registered": [cycle.stage_label(s) for s in cycle.registered_stages()],
        },
    )


# ---- reports ----------------------------------------------------------------------------------


def _reports_visible(request: HttpRequest) -> QuerySet[ActivityReport]:
    reports_qs = ActivityReport.objects.select_related("partnership")
    if access.is_partnership_staff(request.user):
        partnerships = Partnership.objects.visible_to(request.user)
        return reports_qs.filter(partnership__in=partnerships) | reports_qs.published()
    return reports_qs.published()


def _plans_visible(request: HttpRequest) -> QuerySet[ActivityPlan]:
    plans = ActivityPlan.objects.select_related("partnership")
    if access.is_partnership_staff(request.user):
        partnerships = Partnership.objects.visible_to(request.user)
        return plans.filter(partnership__in=partnerships) | plans.published()
    return plans.published()


@public_page
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    coordinator = access.is_coordinator(request.user)
    return render(
        request,
        "insight/reports.html",
        {
            "reports": _reports_visible(request).order_by("partnership__name_sv", "-year"),
            "plans": _plans_visible(request).order_by("partnership__name_sv", "-year"),
            "partnerships": Partnership.objects.visible_to(request.user).filter(archived=False)
            if coordinator
            else [],
            "year_form": YearForm(initial={"year": timezone.localdate().year}),
            "plan_year_form": YearForm(
                initial={"year": timezone.localdate().year + 1}, prefix="plan"
            ),
        },
    )


def _language(request: HttpRequest) -> str:
    asked = request.GET.get("lang", "")
    if asked in LANGUAGES:
        return asked
    return (translation.get_language() or "sv")[:2]


@public_page
@require_GET
def report_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = report_for_reader(request, slug, year)
    language = _language(request)
    snapshot = reports.snapshot_of(report)
    with translation.override(language):
        response = render(
            request,
            "insight/report.html",
            {
                "report": report,
                "r": snapshot,
                "language": language,
                "can_edit": access.is_coordinator(request.user),
                "other_language": "en" if language == "sv" else "sv",
            },
        )
    return response


@public_page
@require_GET
def report_pdf_view(request: HttpRequest, slug: str, year: int, language: str) -> HttpResponse:
    if language not in LANGUAGES:
        raise Http404
    report = report_for_reader(request, slug, year)
    pdf = report_pdf(report, reports.snapshot_of(report), language)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = "annual-report" if language == "en" else "verksamhetsberattelse"
    response["Content-Disposition"] = f'inline; filename="{name}-{slug}-{year}-{language}.pdf"'
    return response


def _published(request: HttpRequest, slug: str, year: int) -> ActivityReport:
    report = report_for_reader(request, slug, year)
    if not report.is_published:
        raise Http404
    return report


@public_page
@require_GET
def report_csv(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = _published(request, slug, year)
    response = HttpResponse(
        opendata.as_csv(opendata.published_rows([report])), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{slug}-{year}.csv"'
    return response


@public_page
@require_GET
def report_json(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = _published(request, slug, year)
    return JsonResponse(
        {"figures": opendata.published_rows([report])}, json_dumps_params={"ensure_ascii": False}
    )


def _highlight_candidates(report: ActivityReport) -> list[tuple[str, str]]:
    """Public records of the partnership's year that a highlight may point to."""
    scope = partnership_scope(report.partnership)
    period = Period.year(report.year)
    choices = []
    for kind in registry.knowledge_kinds():
        records = _visible(kind.records(scope, period), AnonymousUser())
        for record in records.order_by("-pk")[:40]:
            choices.append(
                (f"{kind.model._meta.label_lower}:{record.pk}", f"{kind.label}: {record}")
            )
    return choices


def _record_from_choice(value: str, allowed: list[tuple[str, str]]) -> Model | None:
    if not value:
        return None
    if value not in {v for v, _label in allowed}:
        raise ValidationError({"record": _("Choose a record from the list.")})
    label, pk = value.rsplit(":", 1)
    return apps.get_model(label)._default_manager.get(pk=int(pk))


@access.coordinator_required
@require_POST
def report_create(request: HttpRequest) -> HttpResponse:
    partnership = partnership_for_coordinator(request, request.POST.get("partnership", ""))
    form = YearForm(request.POST)
    if form.is_valid():
        try:
            report = services.report_create(partnership=partnership, year=form.cleaned_data["year"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("insight:report_edit", slug=partnership.slug, year=report.year)
    else:
        messages.error(request, " ".join(str(m) for e in form.errors.values() for m in e))
    return redirect("insight:reports")


@access.coordinator_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = report_for_coordinator(request, slug, year)
    sections = {(s.area_id, s.organisation_id): s.text for s in report.sections.all()}
    initial: dict[str, Any] = {
        "introduction": report.introduction,
        "outlook": report.outlook,
        "narrative_language": report.narrative_language,
    }
    for (area_id, org_id), text in sections.items():
        initial[f"area_{area_id}" if area_id else f"party_{org_id}"] = text
    form = ReportForm(request.POST or None, initial=initial, report=report)
    if request.method == "POST" and form.is_valid():
        area_texts, party_texts = form.texts()
        cleaned = services.report_save(
            report=report,
            introduction=form.cleaned_data["introduction"],
            outlook=form.cleaned_data["outlook"],
            narrative_language=form.cleaned_data["narrative_language"],
            area_texts=area_texts,
            party_texts=party_texts,
        )
        if cleaned:
            messages.warning(
                request,
                _("The text was saved. Unsafe or unsupported HTML was removed from: %(parts)s.")
                % {"parts": ", ".join(cleaned)},
            )
        else:
            messages.success(request, _("The text was saved."))
        return redirect("insight:report_edit", slug=slug, year=year)
    candidates = _highlight_candidates(report)
    return render(
        request,
        "insight/report_edit.html",
        {
            "report": report,
            "form": form,
            "highlight_form": HighlightForm(candidates=candidates),
            "highlights": report.highlights.all(),
        },
        status=400 if request.method == "POST" else 200,
    )


@access.coordinator_required
@require_POST
def highlight_add(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = report_for_coordinator(request, slug, year)
    candidates = _highlight_candidates(report)
    form = HighlightForm(request.POST, candidates=candidates)
    if form.is_valid():
        try:
            record = _record_from_choice(form.cleaned_data["record"], candidates)
            services.highlight_add(
                report=report,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                record=record,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The highlight was added."))
            return redirect("insight:report_edit", slug=slug, year=year)
    return render(
        request,
        "insight/report_edit.html",
        {
            "report": report,
            "form": ReportForm(
                initial={
                    "introduction": report.introduction,
                    "outlook": report.outlook,
                    "narrative_language": report.narrative_language,
                },
                report=report,
            ),
            "highlight_form": form,
            "highlights": report.highlights.all(),
        },
        status=400,
    )


@access.coordinator_required
@require_POST
def highlight_remove(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    report = report_for_coordinator(request, slug, year)
    services.highlight_remove(highlight=get_object_or_404(Highlight, pk=pk, report=report))
    messages.success(request, _("The highlight was removed."))
    return redirect("insight:report_edit", slug=slug, year=year)


@access.coordinator_required
@require_POST
def report_publish(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = report_for_coordinator(request, slug, year)
    if request.POST.get("action") == "unpublish":
        services.report_unpublish(report=report)
        messages.success(request, _("The report is a draft again and no longer public."))
    else:
        services.report_publish(report=report, user=current_user(request))
        messages.success(
            request, _("The report was published with the figures and text as they are now.")
        )
    return redirect("insight:report", slug=slug, year=year)


# ---- plans ------------------------------------------------------------------------------------


@access.coordinator_required
@require_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    partnership = partnership_for_coordinator(request, request.POST.get("partnership", ""))
    form = YearForm(request.POST, prefix="plan")
    if form.is_valid():
        try:
            plan = services.plan_create(partnership=partnership, year=form.cleaned_data["year"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("insight:plan", slug=partnership.slug, year=plan.year)
    else:
        messages.error(request, " ".join(str(m) for e in form.errors.values() for m in e))
    return redirect("insight:reports")


def _plan_context(plan: ActivityPlan, can_edit: bool, **forms: Any) -> dict[str, Any]:
    items = list(plan.items.select_related("area"))
    context: dict[str, Any] = {
        "plan": plan,
        "can_edit": can_edit,
        "kinds": [
            {"label": kind.label, "items": [i for i in items if i.kind == kind]}
            for kind in PlannedItem.Kind
        ],
        "goals": plan.goals.select_related("area"),
        "figure_labels": {f.key: f.label for f in registry.figures()},
    }
    if can_edit:
        context.update(
            {
                "intro_form": forms.get("intro_form")
                or PlanIntroductionForm(initial={"introduction": plan.introduction}),
                "item_form": forms.get("item_form") or PlannedItemForm(),
                "goal_form": forms.get("goal_form") or GoalForm(),
                "outcome_choices": PlannedItem.Outcome.choices,
            }
        )
    return context


@public_page
@require_GET
def plan_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    plan = plan_for_reader(request, slug, year)
    return render(
        request, "insight/plan.html", _plan_context(plan, access.is_coordinator(request.user))
    )


@access.coordinator_required
@require_POST
def plan_edit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    plan = plan_for_coordinator(request, slug, year)
    action = request.POST.get("action", "")
    if action in ("publish", "unpublish"):
        try:
            if action == "publish":
                services.plan_publish(plan=plan, user=current_user(request))
                messages.success(request, _("The activity plan was published."))
            else:
                services.plan_unpublish(plan=plan)
                messages.success(request, _("The activity plan is a draft again."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(plan)
    forms: dict[str, Any] = {}
    form: Any
    if action == "introduction":
        form = PlanIntroductionForm(request.POST)
        if form.is_valid():
            removed = services.plan_save(plan=plan, introduction=form.cleaned_data["introduction"])
            messages.success(request, _("The introduction was saved."))
            if removed:
                messages.warning(request, _("Unsafe or unsupported HTML was removed."))
            return redirect(plan)
        forms["intro_form"] = form
    elif action == "item":
        form = PlannedItemForm(request.POST)
        if form.is_valid():
            try:
                services.planned_item_add(plan=plan, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The planned activity was added."))
                return redirect(plan)
        forms["item_form"] = form
    elif action == "goal":
        form = GoalForm(request.POST)
        if form.is_valid():
            try:
                services.goal_add(plan=plan, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The goal was added."))
                return redirect(plan)
        forms["goal_form"] = form
    else:
        raise Http404
    return render(request, "insight/plan.html", _plan_context(plan, True, **forms), status=400)


@access.coordinator_required
@require_POST
def planned_item_change(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    plan = plan_for_coordinator(request, slug, year)
    item = get_object_or_404(PlannedItem, pk=pk, plan=plan)
    if request.POST.get("action") == "remove":
        services.planned_item_remove(item=item)
        messages.success(request, _("The planned activity was removed."))
        return redirect(plan)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        services.planned_item_follow_up(
            item=item, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"]
        )
        messages.success(request, _("The outcome was saved."))
    else:
        messages.error(request, _("Choose an outcome from the list."))
    return redirect(plan)


@access.coordinator_required
@require_POST
def goal_change(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    plan = plan_for_coordinator(request, slug, year)
    goal = get_object_or_404(Goal, pk=pk, plan=plan)
    if request.POST.get("action") == "remove":
        services.goal_remove(goal=goal)
        messages.success(request, _("The goal was removed."))
        return redirect(plan)
    form = GoalNoteForm(request.POST)
    if form.is_valid():
        services.goal_follow_up(goal=goal, note=form.cleaned_data["note"])
        messages.success(request, _("The note was saved."))
    return redirect(plan)


# ---- open data --------------------------------------------------------------------------------


@public_page
@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    published = ActivityReport.objects.published().select_related("partnership")
    return render(
        request,
        "insight/open_data.html",
        {
            "columns": opendata.COLUMNS,
            "reports": published.order_by("partnership__name_sv", "-year"),
            "figures": registry.figures(),
        },
    )


@public_page
@require_GET
def open_data_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        opendata.as_csv(opendata.published_rows()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="bryggan-figures.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_page
@require_GET
def open_data_json(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        {
            "description": str(_("Figures of the published annual activity reports.")),
            "schema": request.build_absolute_uri(reverse("insight:datapackage")),
            "figures": opendata.published_rows(),
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_page
@require_GET
def datapackage(request: HttpRequest) -> HttpResponse:
    package = {
        "name": "bryggan-insight-figures",
        "title": str(_("Figures of the published annual activity reports")),
        "licenses": [
            {"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}
        ],
        "resources": [
            {
                "name": "figures",
                "path": request.build_absolute_uri(reverse("insight:open_data_csv")),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": opendata.table_schema(),
            }
        ],
    }
    return HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
